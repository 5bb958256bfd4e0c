//! The service layer: every console operation passes through here, once, between the routes
//! (which only extract and respond) and the provider ports. In order: the account's capability
//! table is checked, the input is validated with the rules the browser's forms apply, the
//! provider is called, and its error is mapped to the console's. Before all that, the caller's
//! role on the account is checked, and every write attempt gets an audit record, so no handler
//! has to repeat them.

mod bulk;

use shared::api::{ListQuery, SnapshotPage};
use shared::lifecycle::{
    deletion_refusal, rollback_refusal, BulkDeleteReply, BulkDeleteRequest, RollbackRequest,
    DELETED, ROLLED_BACK,
};
use shared::snapshot::{NewSnapshot, SnapshotChanges};
use shared::validate::FieldError;
use shared::volume::VolumeList;
use shared::{Operation, Snapshot, SnapshotId, SnapshotStatus};
use tracing::Instrument;

use crate::audit;
use crate::cloud::unsupported;
use crate::error::ApiError;
use crate::state::Account;

/// One operation on one account, from the permission and capability checks to the mapped
/// error and the audit record.
async fn perform<T: serde::Serialize, E: Into<ApiError>>(
    account: &Account,
    operation: Operation,
    problems: Vec<FieldError>,
    call: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, ApiError> {
    // Who may do what, and the record of every write attempt: here, once.
    audit::authorize(account.info.name.as_str(), operation).await?;
    let result = async {
        if !account.info.can(operation) {
            return Err(unsupported(account.info.provider, operation).into());
        }
        if !problems.is_empty() {
            return Err(ApiError::Validation(problems));
        }
        let span = tracing::info_span!(
            "operation",
            account = %account.info.name,
            operation = operation.as_str(),
        );
        call.instrument(span).await.map_err(Into::into)
    }
    .await;
    audit::finish(account.info.name.as_str(), operation, &result).await;
    result
}

pub async fn list_snapshots(
    account: &Account,
    query: &ListQuery,
) -> Result<SnapshotPage, ApiError> {
    perform(
        account,
        Operation::ListSnapshots,
        Vec::new(),
        account.port.list_snapshots(query),
    )
    .await
}

pub async fn get_snapshot(account: &Account, id: &SnapshotId) -> Result<Snapshot, ApiError> {
    perform(
        account,
        Operation::GetSnapshot,
        Vec::new(),
        account.port.get_snapshot(id),
    )
    .await
}

pub async fn create_snapshot(account: &Account, new: &NewSnapshot) -> Result<Snapshot, ApiError> {
    perform(
        account,
        Operation::CreateSnapshot,
        new.problems_for(account.info.provider),
        account.port.create_snapshot(new),
    )
    .await
}

pub async fn update_snapshot(
    account: &Account,
    id: &SnapshotId,
    changes: &SnapshotChanges,
) -> Result<Snapshot, ApiError> {
    perform(
        account,
        Operation::UpdateSnapshot,
        changes.problems_for(account.info.provider),
        async {
            // The values before the change, for the audit record (a read the caller may make).
            let before = account.port.get_snapshot(id).await.ok();
            let after = account.port.update_snapshot(id, changes).await?;
            audit::note_changes(audit::changes(changes, before.as_ref()));
            Ok::<_, crate::cloud::CloudError>(after)
        },
    )
    .await
}

pub async fn list_volumes(account: &Account) -> Result<VolumeList, ApiError> {
    perform(
        account,
        Operation::ListVolumes,
        Vec::new(),
        account.port.list_volumes(),
    )
    .await
}

/// Deletes one snapshot, after checking (with a read) that its status allows it and that no
/// backup service owns it: a refusal is a 409 and no delete call is made.
pub async fn delete_snapshot(account: &Account, id: &SnapshotId) -> Result<Snapshot, ApiError> {
    perform(account, Operation::DeleteSnapshot, Vec::new(), async {
        let snapshot = account.port.get_snapshot(id).await?;
        if let Some(refusal) = deletion_refusal(&snapshot) {
            return Err(ApiError::Refused(refusal, DELETED));
        }
        account.port.delete_snapshot(id).await?;
        Ok(snapshot.marked(SnapshotStatus::Deleting))
    })
    .await
}

/// Rolls a volume back to a snapshot of it, after the same kind of check as a delete.
pub async fn rollback_snapshot(
    account: &Account,
    id: &SnapshotId,
    request: &RollbackRequest,
) -> Result<Snapshot, ApiError> {
    perform(
        account,
        Operation::RollbackSnapshot,
        request.problems(),
        async {
            let snapshot = account.port.get_snapshot(id).await?;
            if let Some(refusal) = rollback_refusal(&snapshot, &request.volume_id) {
                return Err(ApiError::Refused(refusal, ROLLED_BACK));
            }
            account.port.rollback_snapshot(id, request).await?;
            Ok(snapshot.marked(SnapshotStatus::Rollbacking))
        },
    )
    .await
}

/// Deletes (or, with `preview`, only checks) up to 100 snapshots; one result per id.
pub async fn delete_snapshots(
    account: &Account,
    request: &BulkDeleteRequest,
) -> Result<BulkDeleteReply, ApiError> {
    for id in &request.ids {
        audit::note_target(id.as_str());
    }
    perform(
        account,
        Operation::DeleteSnapshot,
        request.problems(),
        bulk::delete(account.port.as_ref(), request),
    )
    .await
}
