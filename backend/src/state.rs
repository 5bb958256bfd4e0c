//! What every handler shares: the configured accounts, each with its provider port.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use shared::api::AccountInfo;

use crate::auth::Portal;
use crate::cloud::http::CloudHttp;
use crate::cloud::{self, SnapshotPort};
use crate::config::{AccountConfig, Settings};

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    accounts: Vec<Arc<Account>>,
    dist: Option<PathBuf>,
    /// Portal mode: sign-in, roles and the audit log (`None`: the single-user console).
    portal: Option<Arc<Portal>>,
}

/// One configured account: what the browser may know of it, and its provider's client.
#[derive(Debug)]
pub struct Account {
    pub info: AccountInfo,
    pub port: Arc<dyn SnapshotPort>,
}

impl Account {
    pub fn new(config: &AccountConfig, http: CloudHttp) -> Self {
        let port = cloud::connect(config, http);
        let provider = config.provider.provider();
        let info = AccountInfo {
            name: config.name.clone(),
            provider,
            region: config.region.clone(),
            project_id: config.provider.project_id().map(str::to_owned),
            capabilities: port.operations().to_vec(),
            paging: provider.paging(),
            demo: config.demo,
        };
        Self { info, port }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

impl AppState {
    /// Builds a client per account. `dist` is the built frontend, when it is to be served.
    pub fn new(settings: &Settings, dist: Option<PathBuf>) -> Result<Self, StateError> {
        let http = CloudHttp::new(settings.timeouts)?;
        let accounts = settings
            .accounts
            .iter()
            .map(|account| Arc::new(Account::new(account, http.clone())))
            .collect();
        Ok(Self {
            inner: Arc::new(Inner {
                accounts,
                dist,
                portal: None,
            }),
        })
    }

    pub fn accounts(&self) -> impl Iterator<Item = &Arc<Account>> {
        self.inner.accounts.iter()
    }

    pub fn account(&self, name: &str) -> Option<&Arc<Account>> {
        self.inner
            .accounts
            .iter()
            .find(|account| account.info.name == *name)
    }

    pub fn dist(&self) -> Option<&Path> {
        self.inner.dist.as_deref()
    }

    /// The same accounts, served as a portal.
    pub fn with_portal(self, portal: Arc<Portal>) -> Self {
        Self {
            inner: Arc::new(Inner {
                accounts: self.inner.accounts.clone(),
                dist: self.inner.dist.clone(),
                portal: Some(portal),
            }),
        }
    }

    pub fn portal(&self) -> Option<&Arc<Portal>> {
        self.inner.portal.as_ref()
    }
}
