use axum::extract::State;
use axum::Json;
use shared::volume::VolumeList;

use super::ApiPath;
use crate::error::ApiError;
use crate::state::Capability;
use crate::AppState;

/// `GET /api/v1/accounts/{account}/volumes`: the volumes snapshots can be taken from.
pub async fn list_volumes(
    State(state): State<AppState>,
    ApiPath(account): ApiPath<String>,
) -> Result<Json<VolumeList>, ApiError> {
    let account = state.account(&account)?;
    account.require(Capability::Volumes)?;
    Ok(Json(account.client.list_volumes().await?))
}
