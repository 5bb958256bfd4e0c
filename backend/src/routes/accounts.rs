use axum::extract::State;
use axum::Json;
use shared::api::AccountList;

use crate::AppState;

/// `GET /api/v1/accounts`: names, providers, regions and capabilities — never keys.
pub async fn list_accounts(State(state): State<AppState>) -> Json<AccountList> {
    Json(AccountList {
        accounts: state
            .accounts()
            .map(|account| account.info.clone())
            .collect(),
    })
}
