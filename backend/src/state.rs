//! What every handler shares: the configured accounts, each with its cloud client.

use std::sync::Arc;

use shared::api::AccountInfo;
use shared::validate::excerpt;

use crate::cloud::http::build_client;
use crate::cloud::{CloudClient, CloudError};
use crate::config::Settings;
use crate::error::ApiError;

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    accounts: Vec<Account>,
    dist: Option<std::path::PathBuf>,
}

/// One configured account and its client.
pub struct Account {
    pub info: AccountInfo,
    pub client: CloudClient,
}

/// Something an account may or may not be able to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    Create,
    Update,
    Volumes,
}

impl Account {
    /// Refuses, naming the capability, what this account's provider cannot do.
    pub fn require(&self, capability: Capability) -> Result<(), ApiError> {
        let capabilities = self.info.capabilities;
        let (allowed, operation) = match capability {
            Capability::Create => (capabilities.create, "create snapshots"),
            Capability::Update => (capabilities.update, "update snapshots"),
            Capability::Volumes => (capabilities.volumes, "list volumes"),
        };
        if allowed {
            Ok(())
        } else {
            Err(ApiError::Cloud(CloudError::Unsupported {
                provider: self.info.provider,
                operation,
            }))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
    #[error("account {account:?}: {error}")]
    Account { account: String, error: CloudError },
}

impl AppState {
    /// Builds a client per account. `dist` is the built frontend, when it is to be served.
    pub fn new(settings: &Settings, dist: Option<std::path::PathBuf>) -> Result<Self, StateError> {
        let http = build_client(settings.timeouts)?;
        let accounts = settings
            .accounts
            .iter()
            .map(|account| {
                let client = CloudClient::new(account, http.clone()).map_err(|error| {
                    StateError::Account {
                        account: account.name.clone(),
                        error,
                    }
                })?;
                Ok(Account {
                    info: account.info(),
                    client,
                })
            })
            .collect::<Result<_, StateError>>()?;
        Ok(Self {
            inner: Arc::new(Inner { accounts, dist }),
        })
    }

    pub fn accounts(&self) -> impl Iterator<Item = &Account> {
        self.inner.accounts.iter()
    }

    pub fn account(&self, name: &str) -> Result<&Account, ApiError> {
        self.inner
            .accounts
            .iter()
            .find(|account| account.info.name == name)
            .ok_or_else(|| ApiError::UnknownAccount(excerpt(name, 64)))
    }

    pub fn dist(&self) -> Option<&std::path::Path> {
        self.inner.dist.as_deref()
    }
}
