//! One typed function per endpoint of the console's API, over one [`call`] helper.

use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{self, AccountList, ListQuery, SnapshotPage, REQUEST_ID_HEADER};
use shared::lifecycle::{BulkDeleteReply, BulkDeleteRequest, RollbackRequest};
use shared::snapshot::{
    CreateSnapshotRequest, NewSnapshot, SnapshotChanges, SnapshotEnvelope, UpdateSnapshotRequest,
};
use shared::volume::VolumeList;
use shared::{AccountName, Snapshot, SnapshotId};

use crate::error::{interpret, ApiFailure};

pub async fn list_accounts() -> Result<AccountList, ApiFailure> {
    call(Request::get(&api::accounts_path()), None::<&()>).await
}

pub async fn list_snapshots(
    account: &AccountName,
    query: &ListQuery,
) -> Result<SnapshotPage, ApiFailure> {
    let mut url = api::snapshots_path(account.as_str());
    let query = query.to_query_string();
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    call(Request::get(&url), None::<&()>).await
}

pub async fn get_snapshot(account: &AccountName, id: &SnapshotId) -> Result<Snapshot, ApiFailure> {
    let envelope: SnapshotEnvelope = call(
        Request::get(&api::snapshot_path_of(account, id)),
        None::<&()>,
    )
    .await?;
    Ok(envelope.snapshot)
}

pub async fn create_snapshot(
    account: &AccountName,
    snapshot: NewSnapshot,
) -> Result<Snapshot, ApiFailure> {
    let body = CreateSnapshotRequest { snapshot };
    let envelope: SnapshotEnvelope = call(
        Request::post(&api::snapshots_path(account.as_str())),
        Some(&body),
    )
    .await?;
    Ok(envelope.snapshot)
}

pub async fn update_snapshot(
    account: &AccountName,
    id: &SnapshotId,
    snapshot: SnapshotChanges,
) -> Result<Snapshot, ApiFailure> {
    let body = UpdateSnapshotRequest { snapshot };
    let envelope: SnapshotEnvelope = call(
        Request::put(&api::snapshot_path_of(account, id)),
        Some(&body),
    )
    .await?;
    Ok(envelope.snapshot)
}

pub async fn delete_snapshot(
    account: &AccountName,
    id: &SnapshotId,
) -> Result<Snapshot, ApiFailure> {
    let envelope: SnapshotEnvelope = call(
        Request::delete(&api::snapshot_path_of(account, id)),
        None::<&()>,
    )
    .await?;
    Ok(envelope.snapshot)
}

pub async fn rollback_snapshot(
    account: &AccountName,
    id: &SnapshotId,
    body: RollbackRequest,
) -> Result<Snapshot, ApiFailure> {
    let envelope: SnapshotEnvelope = call(
        Request::post(&api::rollback_path(account.as_str(), id.as_str())),
        Some(&body),
    )
    .await?;
    Ok(envelope.snapshot)
}

/// Bulk delete; with `preview` nothing is deleted, each id says what would happen.
pub async fn delete_snapshots(
    account: &AccountName,
    ids: Vec<SnapshotId>,
    preview: bool,
) -> Result<BulkDeleteReply, ApiFailure> {
    let body = BulkDeleteRequest { ids, preview };
    call(
        Request::post(&api::bulk_delete_path(account.as_str())),
        Some(&body),
    )
    .await
}

pub async fn list_volumes(account: &AccountName) -> Result<VolumeList, ApiFailure> {
    call(
        Request::get(&api::volumes_path(account.as_str())),
        None::<&()>,
    )
    .await
}

/// Sends one request and reads the answer into `T` or a typed failure.
async fn call<T: DeserializeOwned, B: Serialize>(
    request: RequestBuilder,
    body: Option<&B>,
) -> Result<T, ApiFailure> {
    let request = request.header("accept", "application/json");
    let request = match body {
        Some(body) => request.json(body),
        None => request.build(),
    }
    .map_err(network)?;
    let response = request.send().await.map_err(network)?;
    let status = response.status();
    let request_id = response.headers().get(REQUEST_ID_HEADER);
    let text = response.text().await.map_err(network)?;
    interpret(status, request_id, &text)
}

fn network(error: gloo_net::Error) -> ApiFailure {
    ApiFailure::Network {
        detail: error.to_string(),
    }
}
