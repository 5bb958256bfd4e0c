//! Tencent Cloud CBS's JSON, as the vendor writes it: API 3.0 (`cbs.tencentcloudapi.com`,
//! `TC3-HMAC-SHA256`) and the legacy API 2.0 (`snapshot.api.qcloud.com/v2/index.php`). The
//! client and the emulator both speak through these types; [`super::map`] turns them into the
//! console's models.

use serde::{Deserialize, Serialize};
use shared::api::DiskUsage;

use crate::cloud::wire::string_or_number;

mod actions;

pub use actions::*;

/// API 2.0's one action (and API 3.0's list action).
pub const ACTION: &str = "DescribeSnapshots";
pub const VERSION: &str = "2017-03-12";
/// API 3.0 page size limits.
pub const MAX_LIMIT: u64 = 100;
pub const DEFAULT_LIMIT: u64 = 20;

/// API 3.0 `DescribeSnapshots` request body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSnapshotsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<Filter>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

/// API 3.0 reply: `{"Response": {...}}`, an error or a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply<T> {
    #[serde(rename = "Response")]
    pub response: T,
}

/// The part of every API 3.0 reply that says whether it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorResponse {
    pub error: ErrorInfo,
    pub request_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSnapshotsResponse {
    pub total_count: u64,
    pub snapshot_set: Vec<SnapshotV3>,
    pub request_id: String,
}

impl Answered for DescribeSnapshotsResponse {
    fn request_id(&self) -> &str {
        &self.request_id
    }
}

/// One snapshot in API 3.0's `SnapshotSet` (the fields the console shows; others are ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotV3 {
    pub snapshot_id: String,
    #[serde(default)]
    pub disk_id: String,
    #[serde(default)]
    pub snapshot_name: String,
    /// `NORMAL`, `CREATING`, `ROLLBACKING`, `COPYING_FROM_REMOTE`, `CHECKING_COPIED`, `TORECYCLE`.
    pub snapshot_state: String,
    #[serde(default)]
    pub percent: u64,
    /// GB.
    #[serde(default)]
    pub disk_size: u64,
    /// `YYYY-MM-DD HH:MM:SS`, Beijing time (UTC+8).
    #[serde(default)]
    pub create_time: String,
    /// `SYSTEM_DISK` or `DATA_DISK`.
    #[serde(default)]
    pub disk_usage: String,
    #[serde(default)]
    pub placement: Placement,
    #[serde(default)]
    pub encrypt: bool,
    /// Kept until deleted; `false` with a `DeadlineTime`.
    #[serde(default = "permanent")]
    pub is_permanent: bool,
    /// When the snapshot deletes itself, ISO 8601 in UTC (`2030-01-08T09:47:55+00:00`).
    #[serde(default)]
    pub deadline_time: Option<String>,
}

fn permanent() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Placement {
    #[serde(
        default,
        deserialize_with = "string_or_number",
        serialize_with = "digits_as_number"
    )]
    pub project_id: String,
    #[serde(default)]
    pub zone: String,
}

/// API 2.0 reply (seed 003): errors share the shape, with `code` ≠ 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplyV2 {
    pub code: i64,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_desc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_set: Option<Vec<SnapshotV2>>,
}

/// One snapshot in API 2.0's `snapshotSet`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotV2 {
    pub snapshot_id: String,
    #[serde(default)]
    pub storage_id: String,
    #[serde(default)]
    pub snapshot_name: String,
    /// `normal`, `creating`, `rollbacking`.
    pub snapshot_status: String,
    #[serde(
        default,
        deserialize_with = "string_or_number",
        serialize_with = "digits_as_number"
    )]
    pub project_id: String,
    #[serde(default)]
    pub percent: u64,
    #[serde(default)]
    pub storage_size: u64,
    /// Documented as Int; the seed's sample is a string. Either is kept as written.
    #[serde(default, deserialize_with = "string_or_number")]
    pub create_time: String,
    /// `root` or `data`.
    #[serde(default)]
    pub disk_type: String,
}

/// Tencent writes project ids as integers: a strictly typed SDK expects one.
fn digits_as_number<S: serde::Serializer>(value: &str, serializer: S) -> Result<S::Ok, S::Error> {
    match value.parse::<u64>() {
        Ok(number) if !value.starts_with('+') => serializer.serialize_u64(number),
        _ => serializer.serialize_str(value),
    }
}

/// The service name in API 3.0's credential scope and host.
pub const SERVICE: &str = "cbs";

/// Beijing time, in which Tencent writes `YYYY-MM-DD HH:MM:SS`, is UTC+8 all year.
pub const BEIJING_OFFSET_MICROS: i64 = 8 * 3600 * 1_000_000;

/// A snapshot's state, in API 3.0's words (`SnapshotState`); 2.0 writes the same in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CbsState {
    Normal,
    Creating,
    Rollbacking,
    CopyingFromRemote,
    CheckingCopied,
    ToRecycle,
}

impl CbsState {
    pub const ALL: [CbsState; 6] = [
        CbsState::Normal,
        CbsState::Creating,
        CbsState::Rollbacking,
        CbsState::CopyingFromRemote,
        CbsState::CheckingCopied,
        CbsState::ToRecycle,
    ];

    /// API 3.0's word.
    pub fn as_str(self) -> &'static str {
        match self {
            CbsState::Normal => "NORMAL",
            CbsState::Creating => "CREATING",
            CbsState::Rollbacking => "ROLLBACKING",
            CbsState::CopyingFromRemote => "COPYING_FROM_REMOTE",
            CbsState::CheckingCopied => "CHECKING_COPIED",
            CbsState::ToRecycle => "TORECYCLE",
        }
    }

    /// API 2.0's word (`snapshotStatus`).
    pub fn as_v2(self) -> String {
        self.as_str().to_ascii_lowercase()
    }

    /// Either version's word, in either case.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str().eq_ignore_ascii_case(word))
    }
}

/// API 2.0's `diskType` for a disk usage.
pub fn disk_type_v2(usage: DiskUsage) -> &'static str {
    match usage {
        DiskUsage::SystemDisk => "root",
        DiskUsage::DataDisk => "data",
    }
}

/// Reads API 2.0's `diskType`.
pub fn disk_usage_from_v2(disk_type: &str) -> Option<DiskUsage> {
    [DiskUsage::SystemDisk, DiskUsage::DataDisk]
        .into_iter()
        .find(|usage| disk_type_v2(*usage) == disk_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v3_request_matches_the_sdk_field_names() {
        let request = DescribeSnapshotsRequest {
            filters: Some(vec![Filter {
                name: "disk-usage".into(),
                values: vec!["DATA_DISK".into()],
            }]),
            limit: Some(20),
            ..DescribeSnapshotsRequest::default()
        };
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"Filters":[{"Name":"disk-usage","Values":["DATA_DISK"]}],"Limit":20}"#
        );
    }

    #[test]
    fn v3_error_reply() {
        let reply: Reply<ErrorResponse> = serde_json::from_str(
            r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"m"},"RequestId":"r-1"}}"#,
        )
        .unwrap();
        assert_eq!(reply.response.error.code, "AuthFailure.SignatureFailure");
    }

    #[test]
    fn v2_create_time_as_integer() {
        let snapshot: SnapshotV2 = serde_json::from_str(
            r#"{"snapshotId":"snap-1","storageId":"disk-1","snapshotName":"n","snapshotStatus":"normal","projectId":0,"percent":100,"storageSize":10,"createTime":1463486328,"diskType":"data"}"#,
        )
        .unwrap();
        assert_eq!(snapshot.create_time, "1463486328");
        assert_eq!(snapshot.project_id, "0");
        let written = serde_json::to_value(&snapshot).unwrap();
        assert_eq!(written["projectId"], 0, "an integer, as Tencent writes it");
    }

    #[test]
    fn disk_usage_words_in_both_versions() {
        for usage in [DiskUsage::SystemDisk, DiskUsage::DataDisk] {
            assert_eq!(disk_usage_from_v2(disk_type_v2(usage)), Some(usage));
        }
        assert_eq!(disk_type_v2(DiskUsage::SystemDisk), "root");
        assert_eq!(disk_usage_from_v2("SYSTEM_DISK"), None);
    }

    #[test]
    fn states_in_either_version() {
        for state in CbsState::ALL {
            assert_eq!(CbsState::parse(state.as_str()), Some(state));
            assert_eq!(CbsState::parse(&state.as_v2()), Some(state));
        }
        assert_eq!(CbsState::parse("available"), None);
    }
}
