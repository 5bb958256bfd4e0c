//! The console's own JSON API between the browser and the backend: paths, the list query,
//! pages, accounts and the one error shape. The bodies are in [`crate::snapshot`] and
//! [`crate::volume`]; none of it names a vendor's field.

use serde::{Deserialize, Serialize};

mod query;

pub use crate::encode::{decode_component, encode_component, encode_component_into, parse_query};
pub use crate::ids::is_account_name;
use crate::ids::{AccountName, SnapshotId};
use crate::operation::{Operation, Paging};
use crate::snapshot::Snapshot;
use crate::validate::FieldError;
pub use query::{DiskUsage, ListQuery};

pub const API_PREFIX: &str = "/api/v1";
/// The response header that carries the console's request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

pub fn health_path() -> String {
    format!("{API_PREFIX}/health")
}

pub fn accounts_path() -> String {
    format!("{API_PREFIX}/accounts")
}

/// Account names are restricted at configuration time (see [`is_account_name`]), so they go into
/// paths as they are.
pub fn snapshots_path(account: &str) -> String {
    format!("{API_PREFIX}/accounts/{account}/snapshots")
}

pub fn snapshot_path(account: &str, id: &str) -> String {
    format!("{}/{}", snapshots_path(account), encode_component(id))
}

/// Paths built from ids already checked.
pub fn snapshot_path_of(account: &AccountName, id: &SnapshotId) -> String {
    snapshot_path(account.as_str(), id.as_str())
}

pub fn rollback_path(account: &str, id: &str) -> String {
    format!("{}/rollback", snapshot_path(account, id))
}

/// Bulk delete: a fixed word where an id would go (no snapshot id is `delete`).
pub fn bulk_delete_path(account: &str) -> String {
    format!("{}/delete", snapshots_path(account))
}

pub fn openapi_path() -> String {
    format!("{API_PREFIX}/openapi.json")
}

pub fn volumes_path(account: &str) -> String {
    format!("{API_PREFIX}/accounts/{account}/volumes")
}

/// One page of snapshots as the console's API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnapshotPage {
    pub snapshots: Vec<Snapshot>,
    /// Pass as `marker` for the next page; `null` on the last page.
    pub next_marker: Option<String>,
    /// How many match the filters, where the provider says (CBS); `null` for EVS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
}

/// Which cloud an account is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Huawei Cloud Elastic Volume Service.
    Evs,
    /// Tencent Cloud Block Storage.
    Cbs,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Evs => "evs",
            Provider::Cbs => "cbs",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Provider::Evs => "Huawei Cloud EVS",
            Provider::Cbs => "Tencent Cloud CBS",
        }
    }

    /// How this provider's snapshot lists page.
    pub fn paging(self) -> Paging {
        match self {
            Provider::Evs => Paging::Marker,
            Provider::Cbs => Paging::Offset,
        }
    }
}

/// An account as the browser sees it: never its keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountInfo {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "prod-bj4"))]
    pub name: AccountName,
    pub provider: Provider,
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The operations this account offers; the console offers nothing else.
    pub capabilities: Vec<Operation>,
    pub paging: Paging,
    /// Served by the built-in emulator rather than a real region.
    #[serde(default)]
    pub demo: bool,
}

impl AccountInfo {
    pub fn can(&self, operation: Operation) -> bool {
        self.capabilities.contains(&operation)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountList {
    pub accounts: Vec<AccountInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
    /// Each account's cloud as the console last found it.
    #[serde(default)]
    pub upstreams: Vec<UpstreamHealth>,
}

/// One account's cloud: `up`, `down` (calls fail fast for a while) or `probing`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpstreamHealth {
    pub account: String,
    pub state: String,
    /// Failed calls in a row.
    pub consecutive_failures: u32,
}

/// Stable error codes of the console itself (an upstream's own code is passed on instead
/// when the cloud refused a request).
pub mod codes {
    pub const VALIDATION: &str = "validation_failed";
    pub const NOT_FOUND: &str = "not_found";
    pub const UNKNOWN_ACCOUNT: &str = "unknown_account";
    pub const NOT_SUPPORTED: &str = "not_supported";
    pub const CREDENTIALS_REJECTED: &str = "credentials_rejected";
    pub const UPSTREAM_ERROR: &str = "upstream_error";
    pub const UPSTREAM_TIMEOUT: &str = "upstream_timeout";
    pub const UPSTREAM_UNREACHABLE: &str = "upstream_unreachable";
    /// A change was sent but its reply was lost: it may or may not have happened.
    pub const OUTCOME_UNKNOWN: &str = "outcome_unknown";
    /// The account's cloud failed repeatedly; calls fail fast for a while.
    pub const CLOUD_UNAVAILABLE: &str = "cloud_unavailable";
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const HOST_NOT_ALLOWED: &str = "host_not_allowed";
    pub const REQUEST_TIMEOUT: &str = "request_timeout";
    pub const INTERNAL: &str = "internal_error";
}

/// The one error shape of the console's API: `{"error": {"code", "message", "request_id"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ApiError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub request_id: String,
    /// The cloud's own request id, when the cloud answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_request_id: Option<String>,
    /// Per-field problems of a rejected input, for a form to show next to each field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_and_paths() {
        assert!(is_account_name("demo"));
        assert!(is_account_name("prod-cn-north-4"));
        assert!(!is_account_name("Demo"));
        assert_eq!(Provider::Cbs.paging(), Paging::Offset);
        assert_eq!(
            snapshot_path("demo", "a b"),
            "/api/v1/accounts/demo/snapshots/a%20b"
        );
    }
}
