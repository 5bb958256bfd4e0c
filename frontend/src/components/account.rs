//! The configured accounts (loaded once) and the account scope: the parent route that resolves
//! the URL's account once for every page under it.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params;
use shared::api::{AccountInfo, AccountList};

use crate::components::error_panel::page_failed;
use crate::components::status::Loading;
use crate::error::{ApiFailure, ViewError};
use crate::params::AccountParams;

/// The accounts the backend serves, loaded once by `App`.
#[derive(Clone, Copy)]
pub struct Accounts(pub LocalResource<Result<AccountList, ApiFailure>>);

pub fn use_accounts() -> Accounts {
    expect_context::<Accounts>()
}

/// The account of the page, for the pages under [`AccountScope`].
pub fn use_account() -> AccountInfo {
    expect_context::<AccountInfo>()
}

/// The snapshot list of an account, the console's home for it.
pub fn list_href(account: &str) -> String {
    format!("/accounts/{account}/snapshots")
}

/// The list filtered by a snapshot's name: where to check whether a change happened.
pub fn list_filtered_by_name(account: &str, name: &str) -> String {
    if name.is_empty() {
        return list_href(account);
    }
    format!(
        "{}?name={}",
        list_href(account),
        shared::api::encode_component(name)
    )
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

/// The configured account called `name`, if there is one.
pub fn find_account(accounts: Vec<AccountInfo>, name: &str) -> Option<AccountInfo> {
    accounts.into_iter().find(|account| account.name == *name)
}

/// `/accounts/:account`: once the accounts are known, the child route's page for the account
/// the URL names; an unknown account or a failed account list shows the error instead.
#[component]
pub fn AccountScope() -> impl IntoView {
    let Accounts(accounts) = use_accounts();
    let params = use_params::<AccountParams>();
    // An `Option<String>` parameter always parses: the `Err` arm is never taken.
    let name = Memo::new(move |_| {
        params.with(|params| params.as_ref().map(AccountParams::name).unwrap_or_default())
    });
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=page_failed(move || accounts.refetch())>
                {move || {
                    let name = name.get();
                    Suspend::new(async move {
                        let list = accounts.await?;
                        let account = find_account(list.accounts, &name)
                            .ok_or(ViewError::UnknownAccount { name })?;
                        Ok::<_, ViewError>(view! { <InAccount account/> })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

/// The child route's page, with `account` in its context.
#[component]
fn InAccount(account: AccountInfo) -> impl IntoView {
    provide_context(account);
    view! { <Outlet/> }
}

#[cfg(test)]
mod tests {
    use shared::api::Provider;
    use shared::{AccountName, Operation};

    use super::*;

    fn account(name: &str) -> AccountInfo {
        AccountInfo {
            name: AccountName::parse(name).unwrap(),
            provider: Provider::Evs,
            region: "cn-north-4".into(),
            project_id: None,
            capabilities: vec![Operation::ListSnapshots],
            paging: Provider::Evs.paging(),
            demo: false,
        }
    }

    #[test]
    fn account_from_path() {
        assert_eq!(account_in_path("/accounts/demo/snapshots/x"), Some("demo"));
        assert_eq!(account_in_path("/accounts/demo-cbs"), Some("demo-cbs"));
        assert_eq!(account_in_path("/accounts/"), None);
        assert_eq!(account_in_path("/"), None);
        assert_eq!(detail_href("demo", "a b"), "/accounts/demo/snapshots/a%20b");
    }

    #[test]
    fn the_url_names_a_configured_account_or_none() {
        let accounts = vec![account("evs-demo"), account("cbs-demo")];
        let found = find_account(accounts.clone(), "cbs-demo").unwrap();
        assert_eq!(found.name.as_str(), "cbs-demo");
        assert_eq!(find_account(accounts.clone(), "Nobody"), None);
        assert_eq!(find_account(accounts, ""), None);
    }
}
