//! Typed clients for the clouds, one per provider, behind one enum the handlers call.

pub mod cbs;
pub mod error;
pub mod evs;
pub mod http;
pub mod signing;

use shared::api::{ListQuery, Provider, SnapshotPage};
use shared::evs::{NewSnapshot, SnapshotChanges};
use shared::volume::VolumeList;
use shared::Snapshot;

pub use cbs::CbsClient;
pub use error::CloudError;
pub use evs::EvsClient;

use crate::config::AccountConfig;

/// The client of one account, whatever its provider.
#[derive(Clone, Debug)]
pub enum CloudClient {
    Evs(EvsClient),
    /// Tencent CBS offers listing and showing only (`DescribeSnapshots`).
    Cbs(CbsClient),
}

impl CloudClient {
    pub fn new(account: &AccountConfig, http: reqwest::Client) -> Result<Self, CloudError> {
        match account.provider {
            Provider::Evs => Ok(Self::Evs(EvsClient::new(account, http)?)),
            Provider::Cbs => Ok(Self::Cbs(CbsClient::new(account, http))),
        }
    }

    pub fn provider(&self) -> Provider {
        match self {
            Self::Evs(_) => Provider::Evs,
            Self::Cbs(_) => Provider::Cbs,
        }
    }

    pub async fn list_snapshots(&self, query: &ListQuery) -> Result<SnapshotPage, CloudError> {
        match self {
            Self::Evs(client) => client.list_snapshots(query).await,
            Self::Cbs(client) => client.list_snapshots(query).await,
        }
    }

    pub async fn get_snapshot(&self, id: &str) -> Result<Snapshot, CloudError> {
        match self {
            Self::Evs(client) => client.get_snapshot(id).await,
            Self::Cbs(client) => client.get_snapshot(id).await,
        }
    }

    pub async fn create_snapshot(&self, new: &NewSnapshot) -> Result<Snapshot, CloudError> {
        match self {
            Self::Evs(client) => client.create_snapshot(new).await,
            Self::Cbs(_) => Err(self.unsupported("create snapshots")),
        }
    }

    pub async fn update_snapshot(
        &self,
        id: &str,
        changes: &SnapshotChanges,
    ) -> Result<Snapshot, CloudError> {
        match self {
            Self::Evs(client) => client.update_snapshot(id, changes).await,
            Self::Cbs(_) => Err(self.unsupported("update snapshots")),
        }
    }

    pub async fn list_volumes(&self) -> Result<VolumeList, CloudError> {
        match self {
            Self::Evs(client) => client.list_volumes().await,
            Self::Cbs(_) => Err(self.unsupported("list volumes")),
        }
    }

    fn unsupported(&self, operation: &'static str) -> CloudError {
        CloudError::Unsupported {
            provider: self.provider(),
            operation,
        }
    }
}
