//! The configured accounts (loaded once) and the page wrapper that resolves the URL's account.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::{AccountInfo, AccountList};

use crate::components::error_panel::load_failed;
use crate::components::status::Loading;
use crate::error::{ApiFailure, ViewError};

/// The accounts the backend serves, loaded once by `App`.
#[derive(Clone, Copy)]
pub struct Accounts(pub LocalResource<Result<AccountList, ApiFailure>>);

pub fn use_accounts() -> Accounts {
    expect_context::<Accounts>()
}

/// The snapshot list of an account, the console's home for it.
pub fn list_href(account: &str) -> String {
    format!("/accounts/{account}/snapshots")
}

pub fn detail_href(account: &str, id: &str) -> String {
    format!(
        "/accounts/{account}/snapshots/{}",
        shared::api::encode_component(id)
    )
}

/// The account named in a path such as `/accounts/demo/snapshots/…`.
pub fn account_in_path(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/accounts/")?;
    let name = rest.split('/').next()?;
    (!name.is_empty()).then_some(name)
}

/// Renders `page` for the account the URL names, once the accounts are known; an unknown
/// account or a failed account list shows the error instead.
pub fn with_account<V>(
    page: impl Fn(AccountInfo) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    let Accounts(accounts) = use_accounts();
    let params = use_params_map();
    let name = Memo::new(move |_| params.read().get("account").unwrap_or_default());
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=load_failed(move || accounts.refetch())>
                {move || {
                    let name = name.get();
                    let page = page.clone();
                    Suspend::new(async move {
                        let list = accounts.await?;
                        let account = list
                            .accounts
                            .into_iter()
                            .find(|account| account.name == name)
                            .ok_or(ViewError::UnknownAccount { name })?;
                        Ok::<_, ViewError>(page(account))
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_from_path() {
        assert_eq!(account_in_path("/accounts/demo/snapshots/x"), Some("demo"));
        assert_eq!(account_in_path("/accounts/demo-cbs"), Some("demo-cbs"));
        assert_eq!(account_in_path("/accounts/"), None);
        assert_eq!(account_in_path("/"), None);
        assert_eq!(detail_href("demo", "a b"), "/accounts/demo/snapshots/a%20b");
    }
}
