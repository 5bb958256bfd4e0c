//! `/`: the first account's snapshot list, or what to do when there is none.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

use crate::components::account::{list_href, use_accounts, Accounts};
use crate::components::error_panel::error_fallback;
use crate::components::i18n::tr;
use crate::components::status::Loading;
use crate::error::ViewError;
use crate::i18n::Key;

#[component]
pub fn Home() -> impl IntoView {
    let Accounts(accounts) = use_accounts();
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=error_fallback>
                {move || Suspend::new(async move {
                    let list = accounts.await?;
                    Ok::<_, ViewError>(match list.accounts.first() {
                        Some(account) => view! { <Redirect path=list_href(&account.name)/> }.into_any(),
                        None => view! {
                            <div class="empty" role="status">
                                <h1>{tr(Key::NoAccountsTitle)}</h1>
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
    let params = use_params_map();
    let name = params.read_untracked().get("account").unwrap_or_default();
    view! { <Redirect path=list_href(&name)/> }
}
