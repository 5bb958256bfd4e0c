//! `/api/v1/accounts/{account}/snapshots[/{id}[/rollback]]` and `…/snapshots/delete`: extract,
//! call the service, respond.

use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::Json;
use shared::api::{ErrorBody, ListQuery, SnapshotPage};
use shared::lifecycle::{BulkDeleteReply, BulkDeleteRequest, RollbackRequest};
use shared::snapshot::{CreateSnapshotRequest, SnapshotEnvelope, UpdateSnapshotRequest};

use super::extract::{AccountScope, SnapshotScope};
use super::{ApiJson, SizedJson};
use crate::error::ApiError;
use crate::service;

/// One page of the account's snapshots, filtered. EVS pages by `marker`, CBS by `offset` with
/// a total (see the account's `paging`).
#[utoipa::path(
    get,
    path = "/accounts/{account}/snapshots",
    tag = "snapshots",
    params(
        ("account" = String, Path, description = "The account's name"),
        ("marker" = Option<String>, Query, description = "The last id of the page before (marker paging)"),
        ("offset" = Option<u64>, Query, description = "How many to skip (offset paging)"),
        ("limit" = Option<u64>, Query, description = "Page size, 1 to 1000 (CBS: 100)"),
        ("name" = Option<String>, Query, description = "Exact name"),
        ("status" = Option<String>, Query, description = "A normalised status, e.g. available"),
        ("volume_id" = Option<String>, Query, description = "The volume or disk id"),
        ("disk_usage" = Option<String>, Query, description = "CBS: SYSTEM_DISK or DATA_DISK"),
        ("project_id" = Option<u64>, Query, description = "CBS: the numeric project id"),
    ),
    responses(
        (status = 200, body = SnapshotPage),
        (status = "4XX", body = ErrorBody),
        (status = "5XX", body = ErrorBody),
    )
)]
pub async fn list_snapshots(
    AccountScope(account): AccountScope,
    RawQuery(query): RawQuery,
) -> Result<SizedJson<SnapshotPage>, ApiError> {
    let query = ListQuery::from_query_string(query.as_deref().unwrap_or_default())
        .map_err(ApiError::Validation)?;
    let page = service::list_snapshots(&account, &query).await?;
    // About 600 bytes a snapshot, as the console writes them.
    let capacity = 128 + 640 * page.snapshots.len();
    Ok(SizedJson {
        value: page,
        capacity,
    })
}

/// One snapshot.
#[utoipa::path(
    get,
    path = "/accounts/{account}/snapshots/{id}",
    tag = "snapshots",
    params(
        ("account" = String, Path, description = "The account's name"),
        ("id" = String, Path, description = "The snapshot's id"),
    ),
    responses(
        (status = 200, body = SnapshotEnvelope),
        (status = "4XX", body = ErrorBody),
        (status = "5XX", body = ErrorBody),
    )
)]
pub async fn get_snapshot(scope: SnapshotScope) -> Result<Json<SnapshotEnvelope>, ApiError> {
    let snapshot = service::get_snapshot(&scope.account, &scope.id).await?;
    Ok(Json(SnapshotEnvelope { snapshot }))
}

/// Creates a snapshot of a volume; 202 with the snapshot as it starts (`creating`).
#[utoipa::path(
    post,
    path = "/accounts/{account}/snapshots",
    tag = "snapshots",
    params(("account" = String, Path, description = "The account's name")),
    request_body = CreateSnapshotRequest,
    responses(
        (status = 202, body = SnapshotEnvelope),
        (status = "4XX", body = ErrorBody),
        (status = "5XX", body = ErrorBody),
    )
)]
pub async fn create_snapshot(
    AccountScope(account): AccountScope,
    ApiJson(body): ApiJson<CreateSnapshotRequest>,
) -> Result<(StatusCode, Json<SnapshotEnvelope>), ApiError> {
    let snapshot = service::create_snapshot(&account, &body.snapshot).await?;
    Ok((StatusCode::ACCEPTED, Json(SnapshotEnvelope { snapshot })))
}

/// Renames a snapshot or changes its description.
#[utoipa::path(
    put,
    path = "/accounts/{account}/snapshots/{id}",
    tag = "snapshots",
    params(
        ("account" = String, Path, description = "The account's name"),
        ("id" = String, Path, description = "The snapshot's id"),
    ),
    request_body = UpdateSnapshotRequest,
    responses(
        (status = 200, body = SnapshotEnvelope),
        (status = "4XX", body = ErrorBody),
        (status = "5XX", body = ErrorBody),
    )
)]
pub async fn update_snapshot(
    scope: SnapshotScope,
    ApiJson(body): ApiJson<UpdateSnapshotRequest>,
) -> Result<Json<SnapshotEnvelope>, ApiError> {
    let snapshot = service::update_snapshot(&scope.account, &scope.id, &body.snapshot).await?;
    Ok(Json(SnapshotEnvelope { snapshot }))
}

/// Deletes a snapshot: 202 with the snapshot as it now is (`deleting`). A snapshot whose status
/// does not allow it, or that a backup service made, is refused with a 409 before any cloud
/// call.
#[utoipa::path(
    delete,
    path = "/accounts/{account}/snapshots/{id}",
    tag = "snapshots",
    params(
        ("account" = String, Path, description = "The account's name"),
        ("id" = String, Path, description = "The snapshot's id"),
    ),
    responses(
        (status = 202, body = SnapshotEnvelope),
        (status = 409, description = "wrong_status or auto_backup", body = ErrorBody),
        (status = "4XX", body = ErrorBody),
        (status = "5XX", body = ErrorBody),
    )
)]
pub async fn delete_snapshot(
    scope: SnapshotScope,
) -> Result<(StatusCode, Json<SnapshotEnvelope>), ApiError> {
    let snapshot = service::delete_snapshot(&scope.account, &scope.id).await?;
    Ok((StatusCode::ACCEPTED, Json(SnapshotEnvelope { snapshot })))
}

/// Rolls the snapshot's own volume back to it: 202 with the snapshot as it now is
/// (`rollbacking`). Refused before any cloud call for another volume (400 `wrong_volume`), a
/// snapshot that is not available or that a backup service made (409).
#[utoipa::path(
    post,
    path = "/accounts/{account}/snapshots/{id}/rollback",
    tag = "snapshots",
    params(
        ("account" = String, Path, description = "The account's name"),
        ("id" = String, Path, description = "The snapshot's id"),
    ),
    request_body = RollbackRequest,
    responses(
        (status = 202, body = SnapshotEnvelope),
        (status = 409, description = "wrong_status or auto_backup", body = ErrorBody),
        (status = "4XX", body = ErrorBody),
        (status = "5XX", body = ErrorBody),
    )
)]
pub async fn rollback_snapshot(
    scope: SnapshotScope,
    ApiJson(body): ApiJson<RollbackRequest>,
) -> Result<(StatusCode, Json<SnapshotEnvelope>), ApiError> {
    let snapshot = service::rollback_snapshot(&scope.account, &scope.id, &body).await?;
    Ok((StatusCode::ACCEPTED, Json(SnapshotEnvelope { snapshot })))
}

/// Deletes up to 100 snapshots, or with `preview` only says which would be deleted and which
/// refused and why. One result per id: `deleting`, `refused` (no cloud call was made) or
/// `failed`. Where the provider deletes a batch all or nothing (CBS), one refused id refuses
/// the rest.
#[utoipa::path(
    post,
    path = "/accounts/{account}/snapshots/delete",
    tag = "snapshots",
    params(("account" = String, Path, description = "The account's name")),
    request_body = BulkDeleteRequest,
    responses(
        (status = 200, body = BulkDeleteReply),
        (status = "4XX", body = ErrorBody),
        (status = "5XX", body = ErrorBody),
    )
)]
pub async fn delete_snapshots(
    AccountScope(account): AccountScope,
    ApiJson(body): ApiJson<BulkDeleteRequest>,
) -> Result<Json<BulkDeleteReply>, ApiError> {
    Ok(Json(service::delete_snapshots(&account, &body).await?))
}
