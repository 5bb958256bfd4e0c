use axum::extract::State;
use axum::Json;
use shared::api::AccountList;

use crate::AppState;

/// The configured accounts: names, providers, regions, capabilities and paging — never keys.
#[utoipa::path(
    get,
    path = "/accounts",
    tag = "accounts",
    responses((status = 200, body = AccountList))
)]
pub async fn list_accounts(State(state): State<AppState>) -> Json<AccountList> {
    Json(AccountList {
        accounts: state
            .accounts()
            // A user limited by grants does not even see the other accounts.
            .filter(|account| crate::auth::context::sees(account.info.name.as_str()))
            .map(|account| account.info.clone())
            .collect(),
    })
}
