//! The console's own JSON API between the browser and the backend: paths, the list query,
//! pages, accounts and the one error shape. Bodies keep EVS's envelopes
//! ([`crate::evs::SnapshotEnvelope`], [`crate::evs::CreateSnapshotRequest`], …).

use serde::{Deserialize, Serialize};

use crate::snapshot::{Snapshot, SnapshotStatus};
use crate::validate::{self, Field, FieldError, Problem};

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

pub fn volumes_path(account: &str) -> String {
    format!("{API_PREFIX}/accounts/{account}/volumes")
}

/// An account name: 1 to 32 of `a-z 0-9 - _`, starting with a letter or digit.
pub fn is_account_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
}

/// Percent-encodes everything but `A-Z a-z 0-9 - _ . ~`, as UTF-8 with upper-case hex (RFC 3986
/// unreserved; also the Huawei signer's rule, where a space is `%20`, never `+`).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Decodes `%XX` escapes, and `+` as a space when `plus_is_space` (form encoding). Invalid
/// escapes are kept literally; invalid UTF-8 is replaced, never an error.
pub fn decode_component(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = |b: u8| char::from(b).to_digit(16);
                match (
                    bytes.get(i + 1).copied().and_then(hex),
                    bytes.get(i + 2).copied().and_then(hex),
                ) {
                    (Some(high), Some(low)) => {
                        out.push((high * 16 + low) as u8);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits a query string (without `?`) into decoded pairs, in order, `+` read as a space.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(key, true), decode_component(value, true))
        })
        .collect()
}

/// Disk usage of the volume a snapshot was taken from (CBS's filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DiskUsage {
    SystemDisk,
    DataDisk,
}

impl DiskUsage {
    pub fn as_str(self) -> &'static str {
        match self {
            DiskUsage::SystemDisk => "SYSTEM_DISK",
            DiskUsage::DataDisk => "DATA_DISK",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "SYSTEM_DISK" => Some(Self::SystemDisk),
            "DATA_DISK" => Some(Self::DataDisk),
            _ => None,
        }
    }
}

/// The list query: EVS's parameters, plus the CBS-only filters. Every field is checked when
/// parsed, so what reaches a cloud client is already safe.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListQuery {
    pub marker: Option<String>,
    pub offset: Option<u64>,
    pub limit: Option<u64>,
    pub name: Option<String>,
    pub status: Option<SnapshotStatus>,
    pub volume_id: Option<String>,
    /// CBS only.
    pub disk_usage: Option<DiskUsage>,
    /// CBS only: the numeric project id.
    pub project_id: Option<u64>,
}

impl ListQuery {
    /// Reads and checks decoded query pairs. Empty values count as absent (an empty filter box);
    /// unknown or repeated parameters are errors, every problem is reported at once.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, Vec<FieldError>> {
        let mut query = ListQuery::default();
        let mut errors = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (key, value) in pairs {
            let field = match key.as_str() {
                "marker" => Field::Marker,
                "offset" => Field::Offset,
                "limit" => Field::Limit,
                "name" => Field::Name,
                "status" => Field::Status,
                "volume_id" => Field::VolumeId,
                "disk_usage" => Field::DiskUsage,
                "project_id" => Field::ProjectId,
                other => {
                    errors.push(FieldError::new(
                        Field::Query,
                        Problem::UnknownParameter {
                            name: other.chars().take(64).collect(),
                        },
                    ));
                    continue;
                }
            };
            if seen.contains(&key.as_str()) {
                errors.push(FieldError::new(field, Problem::Repeated));
                continue;
            }
            seen.push(key);
            if value.is_empty() {
                continue;
            }
            if let Err(error) = query.set(field, value) {
                errors.push(error);
            }
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(errors)
        }
    }

    /// Parses a raw query string such as `limit=20&name=a%20b`.
    pub fn from_query_string(query: &str) -> Result<Self, Vec<FieldError>> {
        Self::from_pairs(&parse_query(query))
    }

    fn set(&mut self, field: Field, value: &str) -> Result<(), FieldError> {
        let number = |value: &str| {
            value.parse::<u64>().map_err(|_| {
                FieldError::new(
                    field,
                    Problem::NotANumber {
                        value: value.chars().take(32).collect(),
                    },
                )
            })
        };
        match field {
            Field::Marker => {
                validate::check_id(Field::Marker, value)?;
                self.marker = Some(value.to_owned());
            }
            Field::VolumeId => {
                validate::check_id(Field::VolumeId, value)?;
                self.volume_id = Some(value.to_owned());
            }
            Field::Name => {
                validate::check_text(Field::Name, value)?;
                self.name = Some(value.to_owned());
            }
            Field::Offset => {
                let offset = number(value)?;
                if offset > validate::MAX_OFFSET {
                    return Err(FieldError::new(
                        field,
                        Problem::OutOfRange {
                            min: 0,
                            max: validate::MAX_OFFSET,
                        },
                    ));
                }
                self.offset = Some(offset);
            }
            Field::Limit => {
                let limit = number(value)?;
                validate::check_limit(limit, validate::MAX_LIMIT)?;
                self.limit = Some(limit);
            }
            Field::Status => {
                let status = SnapshotStatus::parse_known(value).ok_or_else(|| {
                    FieldError::new(
                        field,
                        Problem::UnknownStatus {
                            value: value.chars().take(32).collect(),
                        },
                    )
                })?;
                self.status = Some(status);
            }
            Field::DiskUsage => {
                let usage = DiskUsage::parse(value).ok_or_else(|| {
                    FieldError::new(
                        field,
                        Problem::UnknownValue {
                            value: value.chars().take(32).collect(),
                        },
                    )
                })?;
                self.disk_usage = Some(usage);
            }
            Field::ProjectId => {
                self.project_id = Some(number(value)?);
            }
            _ => {}
        }
        Ok(())
    }

    /// The parameters that are set, in a fixed order, values not yet encoded.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(marker) = &self.marker {
            pairs.push(("marker", marker.clone()));
        }
        if let Some(offset) = self.offset {
            pairs.push(("offset", offset.to_string()));
        }
        if let Some(limit) = self.limit {
            pairs.push(("limit", limit.to_string()));
        }
        if let Some(name) = &self.name {
            pairs.push(("name", name.clone()));
        }
        if let Some(status) = &self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(volume_id) = &self.volume_id {
            pairs.push(("volume_id", volume_id.clone()));
        }
        if let Some(usage) = self.disk_usage {
            pairs.push(("disk_usage", usage.as_str().to_owned()));
        }
        if let Some(project_id) = self.project_id {
            pairs.push(("project_id", project_id.to_string()));
        }
        pairs
    }

    /// `k=v&…`, encoded; empty when nothing is set.
    pub fn to_query_string(&self) -> String {
        self.to_pairs()
            .iter()
            .map(|(key, value)| format!("{key}={}", encode_component(value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The filters only, without paging: what identifies a result set.
    pub fn filters(&self) -> ListQuery {
        ListQuery {
            marker: None,
            offset: None,
            limit: None,
            ..self.clone()
        }
    }
}

/// One page of snapshots as the console's API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

    /// What the console can do with an account on this provider.
    pub fn capabilities(self) -> Capabilities {
        match self {
            Provider::Evs => Capabilities {
                create: true,
                update: true,
                volumes: true,
                numbered_pages: false,
            },
            Provider::Cbs => Capabilities {
                create: false,
                update: false,
                volumes: false,
                numbered_pages: true,
            },
        }
    }
}

/// What the console can do with an account; the frontend hides the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    pub create: bool,
    pub update: bool,
    /// A volume list to pick from and to name volumes with.
    pub volumes: bool,
    /// Paging by offset with a total count, rather than by marker.
    pub numbered_pages: bool,
}

/// An account as the browser sees it: never its keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub name: String,
    pub provider: Provider,
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    pub capabilities: Capabilities,
    /// Served by the built-in emulator rather than a real region.
    #[serde(default)]
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountList {
    pub accounts: Vec<AccountInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
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
    pub const INTERNAL: &str = "internal_error";
}

/// The one error shape of the console's API: `{"error": {"code", "message", "request_id"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn encodes_only_unreserved_plain() {
        assert_eq!(
            encode_component("a~b*c+d/e=f&g h"),
            "a~b%2Ac%2Bd%2Fe%3Df%26g%20h"
        );
        assert_eq!(encode_component("快照-é"), "%E5%BF%AB%E7%85%A7-%C3%A9");
        assert_eq!(decode_component("%E5%BF%AB%e7%85%a7+x", true), "快照 x");
        assert_eq!(decode_component("a+b%2", false), "a+b%2");
        assert_eq!(decode_component("%zz%", false), "%zz%");
    }

    #[test]
    fn list_query_round_trips() {
        let query = ListQuery {
            marker: Some("abc".into()),
            limit: Some(20),
            name: Some("快照 1".into()),
            status: Some(SnapshotStatus::Available),
            volume_id: Some("vol-1".into()),
            ..ListQuery::default()
        };
        let text = query.to_query_string();
        assert_eq!(
            text,
            "marker=abc&limit=20&name=%E5%BF%AB%E7%85%A7%201&status=available&volume_id=vol-1"
        );
        assert_eq!(ListQuery::from_query_string(&text), Ok(query));
        assert_eq!(ListQuery::from_query_string(""), Ok(ListQuery::default()));
    }

    #[test]
    fn list_query_reports_every_problem() {
        let errors = ListQuery::from_pairs(&pairs(&[
            ("limit", "0"),
            ("marker", "../x"),
            ("status", "nope"),
            ("colour", "red"),
            ("offset", "x"),
        ]))
        .unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::Limit,
                Field::Marker,
                Field::Status,
                Field::Query,
                Field::Offset
            ]
        );
        let repeated =
            ListQuery::from_pairs(&pairs(&[("limit", "1"), ("limit", "2")])).unwrap_err();
        assert_eq!(repeated[0].problem, Problem::Repeated);
        let empty = ListQuery::from_pairs(&pairs(&[("name", ""), ("status", "")])).unwrap();
        assert_eq!(empty, ListQuery::default());
    }

    #[test]
    fn account_names_and_paths() {
        assert!(is_account_name("demo"));
        assert!(is_account_name("prod-cn-north-4"));
        assert!(!is_account_name("Demo"));
        assert!(!is_account_name("-x"));
        assert!(!is_account_name("a/b"));
        assert_eq!(
            snapshot_path("demo", "a b"),
            "/api/v1/accounts/demo/snapshots/a%20b"
        );
    }
}
