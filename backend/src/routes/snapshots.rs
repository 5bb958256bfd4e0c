//! `/api/v1/accounts/{account}/snapshots[/{id}]`: thin handlers over the account's cloud client.
//! Input is checked here, at the edge, with the same rules the browser's forms apply.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use shared::api::{ListQuery, SnapshotPage};
use shared::evs::{CreateSnapshotRequest, SnapshotEnvelope, UpdateSnapshotRequest};
use shared::validate::{self, Field};

use super::{ApiJson, ApiPath};
use crate::error::ApiError;
use crate::state::Capability;
use crate::AppState;

pub async fn list_snapshots(
    State(state): State<AppState>,
    ApiPath(account): ApiPath<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<SnapshotPage>, ApiError> {
    let account = state.account(&account)?;
    let query = ListQuery::from_query_string(query.as_deref().unwrap_or_default())
        .map_err(ApiError::Validation)?;
    Ok(Json(account.client.list_snapshots(&query).await?))
}

pub async fn get_snapshot(
    State(state): State<AppState>,
    ApiPath((account, id)): ApiPath<(String, String)>,
) -> Result<Json<SnapshotEnvelope>, ApiError> {
    let account = state.account(&account)?;
    check_snapshot_id(&id)?;
    let snapshot = account.client.get_snapshot(&id).await?;
    Ok(Json(SnapshotEnvelope { snapshot }))
}

pub async fn create_snapshot(
    State(state): State<AppState>,
    ApiPath(account): ApiPath<String>,
    ApiJson(body): ApiJson<CreateSnapshotRequest>,
) -> Result<(StatusCode, Json<SnapshotEnvelope>), ApiError> {
    let account = state.account(&account)?;
    account.require(Capability::Create)?;
    let problems = body.snapshot.problems();
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let snapshot = account.client.create_snapshot(&body.snapshot).await?;
    Ok((StatusCode::ACCEPTED, Json(SnapshotEnvelope { snapshot })))
}

pub async fn update_snapshot(
    State(state): State<AppState>,
    ApiPath((account, id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<UpdateSnapshotRequest>,
) -> Result<Json<SnapshotEnvelope>, ApiError> {
    let account = state.account(&account)?;
    account.require(Capability::Update)?;
    check_snapshot_id(&id)?;
    let problems = body.snapshot.problems();
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let snapshot = account.client.update_snapshot(&id, &body.snapshot).await?;
    Ok(Json(SnapshotEnvelope { snapshot }))
}

fn check_snapshot_id(id: &str) -> Result<(), ApiError> {
    validate::check_id(Field::SnapshotId, id).map_err(|error| ApiError::Validation(vec![error]))
}
