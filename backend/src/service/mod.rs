//! The service layer: every console operation passes through here, once, between the routes
//! (which only extract and respond) and the provider ports. In order: the account's capability
//! table is checked, the input is validated with the rules the browser's forms apply, the
//! provider is called, and its error is mapped to the console's. Before all that, the caller's
//! role on the account is checked, and every write attempt gets an audit record, so no handler
//! has to repeat them.

use shared::api::{ListQuery, SnapshotPage};
use shared::snapshot::{NewSnapshot, SnapshotChanges};
use shared::validate::FieldError;
use shared::volume::VolumeList;
use shared::{Operation, Snapshot, SnapshotId};
use tracing::Instrument;

use crate::audit;
use crate::cloud::{unsupported, CloudError};
use crate::error::ApiError;
use crate::state::Account;

/// One operation on one account, from the capability check to the mapped error.
async fn perform<T: serde::Serialize>(
    account: &Account,
    operation: Operation,
    problems: Vec<FieldError>,
    call: impl std::future::Future<Output = Result<T, CloudError>>,
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
        call.instrument(span).await.map_err(ApiError::from)
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
        new.problems(),
        account.port.create_snapshot(new),
    )
    .await
}

pub async fn update_snapshot(
    account: &Account,
    id: &SnapshotId,
    changes: &SnapshotChanges,
) -> Result<Snapshot, ApiError> {
    audit::note_target(id.as_str());
    perform(
        account,
        Operation::UpdateSnapshot,
        changes.problems(),
        async {
            // The values before the change, for the audit record (a read the caller may make).
            let before = account.port.get_snapshot(id).await.ok();
            let after = account.port.update_snapshot(id, changes).await?;
            audit::note_changes(audit::changes(changes, before.as_ref()));
            Ok(after)
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
