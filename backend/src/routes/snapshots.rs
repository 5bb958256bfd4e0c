//! `/api/v1/accounts/{account}/snapshots[/{id}]`: extract, call the service, respond.

use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::Json;
use shared::api::{ErrorBody, ListQuery, SnapshotPage};
use shared::snapshot::{CreateSnapshotRequest, SnapshotEnvelope, UpdateSnapshotRequest};

use super::extract::{AccountScope, SnapshotScope};
use super::ApiJson;
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
) -> Result<Json<SnapshotPage>, ApiError> {
    let query = ListQuery::from_query_string(query.as_deref().unwrap_or_default())
        .map_err(ApiError::Validation)?;
    Ok(Json(service::list_snapshots(&account, &query).await?))
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
