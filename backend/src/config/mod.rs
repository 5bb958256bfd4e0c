//! Accounts, read in one place: from the environment (one EVS account, with the official SDK's
//! variable names, [`from_env`]) or from a TOML file listing several named accounts
//! ([`from_toml`]). A missing or malformed setting stops start-up with a message naming it.

pub mod auth;
mod environment;
mod file;
mod server;

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use shared::api::Provider;
use shared::AccountName;
use url::Url;

use crate::cloud::http::Timeouts;
use crate::cloud::policy::PolicySettings;

pub use auth::{AuthConfig, DatabaseConfig, OidcConfig};
pub use environment::{from_env, names as env};
pub use file::{database_from_toml, from_toml};
pub(crate) use server::check_transport;
pub use server::{HostPolicy, ServerSettings};

/// A secret value: never printed, logged or serialised, and wiped from memory when dropped
/// (held in a [`SecretString`]).
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(SecretString::from(value.into()))
    }

    /// The value, for signing only.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// An access key pair (Huawei AK/SK, Tencent SecretId/SecretKey). Both halves are treated as
/// secrets: neither appears in `Debug`, a log line or a response.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key: Secret,
    pub secret_key: Secret,
}

impl Credentials {
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: Secret::new(access_key),
            secret_key: Secret::new(secret_key),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials(<redacted>)")
    }
}

/// Which Tencent API a CBS account speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CbsApi {
    /// `cbs.tencentcloudapi.com`, `TC3-HMAC-SHA256` (what Tencent serves today).
    #[serde(rename = "3.0")]
    V3,
    /// `snapshot.api.qcloud.com/v2/index.php`, the seed's format (switched off by Tencent in 2023).
    #[serde(rename = "2.0")]
    V2,
}

/// What only one provider's accounts have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderConfig {
    /// Huawei Cloud EVS: the project id is in every call's path.
    Evs { project_id: String },
    /// Tencent Cloud CBS: which API the account speaks.
    Cbs { api: CbsApi },
}

impl ProviderConfig {
    pub fn provider(&self) -> Provider {
        match self {
            ProviderConfig::Evs { .. } => Provider::Evs,
            ProviderConfig::Cbs { .. } => Provider::Cbs,
        }
    }

    /// The project id the browser may see (EVS only).
    pub fn project_id(&self) -> Option<&str> {
        match self {
            ProviderConfig::Evs { project_id } => Some(project_id),
            ProviderConfig::Cbs { .. } => None,
        }
    }
}

/// One configured account.
#[derive(Debug, Clone)]
pub struct AccountConfig {
    pub name: AccountName,
    pub region: String,
    /// Scheme, host and optional port; never a path.
    pub endpoint: Url,
    pub credentials: Credentials,
    pub provider: ProviderConfig,
    /// Served by the built-in emulator.
    pub demo: bool,
}

/// Everything read from the configuration.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub accounts: Vec<AccountConfig>,
    pub timeouts: Timeouts,
    pub server: ServerSettings,
    /// Retries, retry budget and circuit breaker of every account's cloud calls.
    pub policy: PolicySettings,
    /// `[auth]`: the team portal; `None` is the single-user console.
    pub auth: Option<AuthConfig>,
    pub database: DatabaseConfig,
}

impl Settings {
    /// Refuses cloud timeouts the console would not wait for: a cloud call (connect and reply)
    /// must end before the server's own request deadline, so its timeout answers first, in the
    /// console's words.
    pub fn check_deadlines(&self) -> Result<(), ConfigError> {
        let cloud = self.timeouts.connect + self.timeouts.request;
        if cloud >= self.server.request_timeout {
            return Err(invalid(
                "http.request_timeout_secs",
                format!(
                    "a cloud call may take {} s (connect and reply), but the console answers every request within {} s (server.request_timeout_secs); lower the first or raise the second",
                    cloud.as_secs(),
                    self.server.request_timeout.as_secs()
                ),
            ));
        }
        Ok(())
    }

    /// Whether every account is the built-in demo's (no real key anywhere).
    pub fn demo_only(&self) -> bool {
        self.accounts.iter().all(|account| account.demo)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{setting} is not set{hint}")]
    Missing { setting: String, hint: String },
    #[error("{setting} is invalid: {reason}")]
    Invalid { setting: String, reason: String },
    #[error("cannot read the configuration file {path}: {reason}")]
    File { path: String, reason: String },
}

pub(crate) fn missing(setting: impl Into<String>, hint: &str) -> ConfigError {
    ConfigError::Missing {
        setting: setting.into(),
        hint: hint.to_owned(),
    }
}

pub(crate) fn invalid(setting: impl Into<String>, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting: setting.into(),
        reason: reason.into(),
    }
}

pub(crate) const ACCOUNT_NAME_RULE: &str =
    "use 1 to 32 lower-case letters, digits, '-' or '_', starting with a letter or digit";

/// A region name such as `cn-north-4`.
pub(crate) fn check_region(setting: &str, region: &str) -> Result<(), ConfigError> {
    let ok = (1..=64).contains(&region.len())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            setting,
            format!("{region:?} is not a region name such as cn-north-4"),
        ))
    }
}

pub(crate) fn check_project_id(setting: &str, project_id: &str) -> Result<(), ConfigError> {
    if shared::validate::is_safe_id(project_id) {
        Ok(())
    } else {
        Err(invalid(
            setting,
            "a project id is letters, digits, '-' and '_' (32 hex digits on Huawei Cloud)",
        ))
    }
}

/// An endpoint: `http(s)://host[:port]`, nothing after the authority.
pub(crate) fn parse_endpoint(setting: &str, text: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(text.trim())
        .map_err(|error| invalid(setting, format!("{text:?} is not a URL: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(
            setting,
            "the endpoint must start with https:// (or http://)",
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(setting, "the endpoint has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            setting,
            "the endpoint must not hold a user or password",
        ));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            setting,
            "the endpoint is scheme and host only, e.g. https://evs.cn-north-4.myhuaweicloud.com",
        ));
    }
    Ok(url)
}

/// Region and endpoint of an EVS account: each may be derived from the other.
pub(crate) fn resolve_evs_location(
    region: Option<&str>,
    endpoint: Option<&str>,
    region_setting: &str,
    endpoint_setting: &str,
) -> Result<(String, Url), ConfigError> {
    let endpoint = endpoint
        .map(|text| parse_endpoint(endpoint_setting, text))
        .transpose()?;
    let region = match (region, &endpoint) {
        (Some(region), _) => region.trim().to_owned(),
        (None, Some(url)) => url
            .host_str()
            .and_then(|host| host.strip_prefix("evs."))
            .and_then(|rest| rest.split_once('.'))
            .map(|(region, _)| region.to_owned())
            .ok_or_else(|| {
                missing(
                    region_setting,
                    " (it cannot be read from the endpoint's host name)",
                )
            })?,
        (None, None) => return Err(missing(region_setting, "")),
    };
    check_region(region_setting, &region)?;
    let endpoint = match endpoint {
        Some(url) => url,
        None => parse_endpoint(
            endpoint_setting,
            &format!("https://evs.{region}.myhuaweicloud.com"),
        )?,
    };
    Ok((region, endpoint))
}

/// A fake environment for tests.
#[cfg(test)]
pub(crate) fn env_of(
    pairs: &'static [(&'static str, &'static str)],
) -> impl Fn(&str) -> Option<String> {
    move |name| {
        pairs
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    }
}
