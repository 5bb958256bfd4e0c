//! The provider port: one trait every cloud's client implements ([`SnapshotPort`]), with its
//! capability table ([`SnapshotPort::operations`]), and the pieces the clients share — the one
//! signed send ([`http`]), the signers' primitives ([`signing`]), what the wire formats share
//! ([`wire`]) and the typed error ([`error`]).

pub mod cbs;
pub mod error;
pub mod evs;
pub mod http;
pub mod policy;
pub mod signing;
pub mod wire;

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::stream::{self, StreamExt};
use shared::api::{ListQuery, Provider, SnapshotPage};
use shared::lifecycle::RollbackRequest;
use shared::snapshot::{NewSnapshot, SnapshotChanges};
use shared::volume::VolumeList;
use shared::{Operation, Snapshot, SnapshotId};

pub use cbs::CbsClient;
pub use error::CloudError;
pub use evs::EvsClient;

use crate::config::{AccountConfig, ProviderConfig};
use http::CloudHttp;

/// What the console asks of a cloud. A provider implements the operations its capability table
/// lists; the others keep the default, which refuses. The service layer checks the table before
/// it calls, so a refusal here is a second line, not the first.
#[async_trait]
pub trait SnapshotPort: Send + Sync + std::fmt::Debug {
    fn provider(&self) -> Provider;

    /// This account's capability table: the operations it offers, declared once per provider.
    fn operations(&self) -> &'static [Operation];

    async fn list_snapshots(&self, query: &ListQuery) -> Result<SnapshotPage, CloudError>;

    async fn get_snapshot(&self, id: &SnapshotId) -> Result<Snapshot, CloudError>;

    async fn create_snapshot(&self, _new: &NewSnapshot) -> Result<Snapshot, CloudError> {
        Err(unsupported(self.provider(), Operation::CreateSnapshot))
    }

    async fn update_snapshot(
        &self,
        _id: &SnapshotId,
        _changes: &SnapshotChanges,
    ) -> Result<Snapshot, CloudError> {
        Err(unsupported(self.provider(), Operation::UpdateSnapshot))
    }

    async fn list_volumes(&self) -> Result<VolumeList, CloudError> {
        Err(unsupported(self.provider(), Operation::ListVolumes))
    }

    async fn delete_snapshot(&self, _id: &SnapshotId) -> Result<(), CloudError> {
        Err(unsupported(self.provider(), Operation::DeleteSnapshot))
    }

    /// Deletes each id; one result per id, in order. By default one call per id, at most
    /// [`DELETE_CONCURRENCY`] at a time; a provider with a batch call overrides this.
    async fn delete_snapshots(&self, ids: &[SnapshotId]) -> Vec<Result<(), CloudError>> {
        stream::iter(ids.iter().cloned())
            .map(|id| async move { self.delete_snapshot(&id).await })
            .buffered(DELETE_CONCURRENCY)
            .collect()
            .await
    }

    /// Whether [`SnapshotPort::delete_snapshots`] deletes all or nothing, so that one id that
    /// cannot be deleted blocks the others.
    fn deletes_all_or_nothing(&self) -> bool {
        false
    }

    async fn rollback_snapshot(
        &self,
        _id: &SnapshotId,
        _request: &RollbackRequest,
    ) -> Result<(), CloudError> {
        Err(unsupported(self.provider(), Operation::RollbackSnapshot))
    }
}

/// How many single calls a bulk operation has in flight at once: few enough to stay far under
/// any provider's rate limit, enough that 100 ids take seconds, not minutes.
pub const DELETE_CONCURRENCY: usize = 4;

pub fn unsupported(provider: Provider, operation: Operation) -> CloudError {
    CloudError::Unsupported {
        provider,
        operation,
    }
}

/// The provider registry: one line per provider, from its typed configuration to its client.
pub fn connect(account: &AccountConfig, http: CloudHttp) -> Arc<dyn SnapshotPort> {
    let endpoint = account.endpoint.clone();
    let credentials = account.credentials.clone();
    match &account.provider {
        ProviderConfig::Evs { project_id } => Arc::new(EvsClient::new(
            http,
            endpoint,
            project_id.clone(),
            credentials,
        )),
        ProviderConfig::Cbs { api } => Arc::new(CbsClient::new(
            http,
            endpoint,
            account.region.clone(),
            *api,
            credentials,
        )),
    }
}
