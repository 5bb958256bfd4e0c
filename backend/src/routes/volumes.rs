use axum::Json;
use shared::api::ErrorBody;
use shared::volume::VolumeList;

use super::extract::AccountScope;
use crate::error::ApiError;
use crate::service;

/// The volumes (EVS) or disks (CBS) snapshots can be taken from.
#[utoipa::path(
    get,
    path = "/accounts/{account}/volumes",
    tag = "volumes",
    params(("account" = String, Path, description = "The account's name")),
    responses(
        (status = 200, body = VolumeList),
        (status = "4XX", body = ErrorBody),
        (status = "5XX", body = ErrorBody),
    )
)]
pub async fn list_volumes(
    AccountScope(account): AccountScope,
) -> Result<Json<VolumeList>, ApiError> {
    Ok(Json(service::list_volumes(&account).await?))
}
