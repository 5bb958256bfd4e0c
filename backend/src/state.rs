//! What every handler shares: the configured accounts, each with its provider port.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use shared::api::AccountInfo;

use crate::auth::Portal;
use crate::cloud::http::CloudHttp;
use crate::cloud::policy::Upstream;
use crate::cloud::{self, SnapshotPort};
use crate::config::{AccountConfig, HostPolicy, ServerSettings, Settings};
use crate::middleware::{RateLimiter, SecurityHeaders};

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

/// Where the console's own files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frontend {
    /// A trunk build on disk (`--dist DIR`).
    Dir(PathBuf),
    /// The build compiled into the binary ([`crate::embedded`]).
    Embedded,
    /// No console: the API only.
    None,
}

struct Inner {
    accounts: Vec<Arc<Account>>,
    frontend: Frontend,
    server: ServerSettings,
    host_policy: HostPolicy,
    security: SecurityHeaders,
    rate_limiter: Option<Arc<RateLimiter>>,
    /// Portal mode: sign-in, roles and the audit log (`None`: the single-user console).
    portal: Option<Arc<Portal>>,
}

/// One configured account: what the browser may know of it, and its provider's client.
#[derive(Debug)]
pub struct Account {
    pub info: AccountInfo,
    pub port: Arc<dyn SnapshotPort>,
    /// The account's retry budget and circuit breaker (for the health page).
    pub upstream: Arc<Upstream>,
}

impl Account {
    pub fn new(config: &AccountConfig, http: CloudHttp) -> Self {
        let http = http.for_account(config.name.as_str());
        let upstream = http.upstream();
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
        Self {
            info,
            port,
            upstream,
        }
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
        Self::serving(settings, dist, None)
    }

    /// As [`AppState::new`], for a server listening on `listen` (which decides the `Host`
    /// names allowed when no public URL is configured).
    pub fn serving(
        settings: &Settings,
        dist: Option<PathBuf>,
        listen: Option<SocketAddr>,
    ) -> Result<Self, StateError> {
        Self::with_frontend(settings, dist.map_or(Frontend::None, Frontend::Dir), listen)
    }

    /// As [`AppState::serving`], with the console from a folder, the binary, or nowhere.
    pub fn with_frontend(
        settings: &Settings,
        frontend: Frontend,
        listen: Option<SocketAddr>,
    ) -> Result<Self, StateError> {
        let http = CloudHttp::new(settings.timeouts)?
            .within(settings.server.request_timeout, settings.policy);
        let server = settings.server.clone();
        let host_policy = HostPolicy::new(listen, &server, settings.demo_only());
        // The page's inline loader is allowed by its hash, so the CSP reads the page served.
        let index_html = match &frontend {
            Frontend::Dir(dist) => std::fs::read_to_string(dist.join("index.html")).ok(),
            Frontend::Embedded => crate::embedded::index_html().map(str::to_owned),
            Frontend::None => None,
        };
        let security = SecurityHeaders::new(index_html.as_deref(), server.is_https());
        let rate_limiter = RateLimiter::new(server.rate_limit_per_minute, server.rate_limit_burst);
        let accounts = settings
            .accounts
            .iter()
            .map(|account| Arc::new(Account::new(account, http.clone())))
            .collect();
        Ok(Self {
            inner: Arc::new(Inner {
                accounts,
                frontend,
                server,
                host_policy,
                security,
                rate_limiter: rate_limiter.map(Arc::new),
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
        match &self.inner.frontend {
            Frontend::Dir(dist) => Some(dist),
            Frontend::Embedded | Frontend::None => None,
        }
    }

    pub fn frontend(&self) -> &Frontend {
        &self.inner.frontend
    }

    pub fn server(&self) -> &ServerSettings {
        &self.inner.server
    }

    pub fn host_policy(&self) -> &HostPolicy {
        &self.inner.host_policy
    }

    pub fn security_headers(&self) -> &SecurityHeaders {
        &self.inner.security
    }

    pub fn rate_limiter(&self) -> Option<&RateLimiter> {
        self.inner.rate_limiter.as_deref()
    }

    /// The same accounts, served as a portal.
    pub fn with_portal(self, portal: Arc<Portal>) -> Self {
        Self {
            inner: Arc::new(Inner {
                accounts: self.inner.accounts.clone(),
                frontend: self.inner.frontend.clone(),
                server: self.inner.server.clone(),
                host_policy: self.inner.host_policy.clone(),
                security: self.inner.security.clone(),
                rate_limiter: self.inner.rate_limiter.clone(),
                portal: Some(portal),
            }),
        }
    }

    pub fn portal(&self) -> Option<&Arc<Portal>> {
        self.inner.portal.as_ref()
    }
}
