//! `/`: the first account's snapshot list, or what to do when there is none.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::account::{list_href, use_account, use_accounts, Accounts};
use crate::components::error_panel::page_failed;
use crate::components::focus::{use_landing, PageHeading};
use crate::components::i18n::tr;
use crate::components::status::Loading;
use crate::error::ViewError;
use crate::i18n::Key;

#[component]
pub fn Home() -> impl IntoView {
    let Accounts(accounts) = use_accounts();
    let landing = use_landing();
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=page_failed(move || accounts.refetch())>
                {move || Suspend::new(async move {
                    let list = accounts.await?;
                    Ok::<_, ViewError>(match list.accounts.first() {
                        Some(account) => {
                            let path = list_href(account.name.as_str());
                            landing.arrive(&path);
                            view! { <Redirect path/> }.into_any()
                        }
                        None => view! {
                            <div class="empty" role="status">
                                <PageHeading>{tr(Key::NoAccountsTitle)}</PageHeading>
                                <p>{tr(Key::NoAccountsHint)}</p>
                            </div>
                        }
                        .into_any(),
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// `/accounts/:account`: the account's list.
#[component]
pub fn AccountHome() -> impl IntoView {
    let path = list_href(use_account().name.as_str());
    use_landing().arrive(&path);
    view! { <Redirect path/> }
}
