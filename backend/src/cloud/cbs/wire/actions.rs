//! API 3.0's actions besides `DescribeSnapshots`: the disk list and the four writes, their
//! request bodies and results, in Tencent's field names.

use serde::{Deserialize, Serialize};

use super::{Filter, Placement};

/// Every API 3.0 action the console (and the emulator) speaks, by its `X-TC-Action` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    DescribeSnapshots,
    DescribeDisks,
    CreateSnapshot,
    ModifySnapshotAttribute,
    DeleteSnapshots,
    ApplySnapshot,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::DescribeSnapshots,
        Action::DescribeDisks,
        Action::CreateSnapshot,
        Action::ModifySnapshotAttribute,
        Action::DeleteSnapshots,
        Action::ApplySnapshot,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::DescribeSnapshots => "DescribeSnapshots",
            Action::DescribeDisks => "DescribeDisks",
            Action::CreateSnapshot => "CreateSnapshot",
            Action::ModifySnapshotAttribute => "ModifySnapshotAttribute",
            Action::DeleteSnapshots => "DeleteSnapshots",
            Action::ApplySnapshot => "ApplySnapshot",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == name)
    }
}

/// A result that carries Tencent's `RequestId`.
pub trait Answered {
    fn request_id(&self) -> &str;
}

/// The result of an action that answers with its request id only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Acknowledged {
    pub request_id: String,
}

impl Answered for Acknowledged {
    fn request_id(&self) -> &str {
        &self.request_id
    }
}

/// `DescribeDisks` request body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDisksRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<Filter>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDisksResponse {
    pub total_count: u64,
    pub disk_set: Vec<DiskV3>,
    pub request_id: String,
}

impl Answered for DescribeDisksResponse {
    fn request_id(&self) -> &str {
        &self.request_id
    }
}

/// One disk in `DiskSet` (the fields the console uses; others are ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DiskV3 {
    pub disk_id: String,
    #[serde(default)]
    pub disk_name: String,
    /// `UNATTACHED`, `ATTACHING`, `ATTACHED`, `DETACHING`, `EXPANDING`, `ROLLBACKING`, …
    #[serde(default)]
    pub disk_state: String,
    /// `SYSTEM_DISK` or `DATA_DISK`.
    #[serde(default)]
    pub disk_usage: String,
    /// GB.
    #[serde(default)]
    pub disk_size: u64,
    /// `CLOUD_PREMIUM`, `CLOUD_SSD`, …
    #[serde(default)]
    pub disk_type: String,
    #[serde(default)]
    pub attached: bool,
    /// The instance it is attached to; empty when it is not.
    #[serde(default)]
    pub instance_id: String,
    #[serde(default)]
    pub snapshot_ability: bool,
    #[serde(default)]
    pub rollbacking: bool,
    #[serde(default)]
    pub rollback_percent: u64,
    #[serde(default)]
    pub placement: Placement,
    #[serde(default)]
    pub encrypt: bool,
    /// `YYYY-MM-DD HH:MM:SS`, Beijing time.
    #[serde(default)]
    pub create_time: String,
}

/// `CreateSnapshot` request body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSnapshotRequest {
    pub disk_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_name: Option<String>,
    /// ISO 8601 in UTC: the snapshot deletes itself then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSnapshotResponse {
    pub snapshot_id: String,
    pub request_id: String,
}

impl Answered for CreateSnapshotResponse {
    fn request_id(&self) -> &str {
        &self.request_id
    }
}

/// `ModifySnapshotAttribute` request body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifySnapshotAttributeRequest {
    pub snapshot_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_permanent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

/// `DeleteSnapshots` request body: all of them, or none.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSnapshotsRequest {
    pub snapshot_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_bind_images: Option<bool>,
}

/// `ApplySnapshot` request body: roll `DiskId` (the snapshot's own disk) back.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApplySnapshotRequest {
    pub snapshot_id: String,
    pub disk_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_stop_instance: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_start_instance: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_in_the_sdk_field_names() {
        let apply = ApplySnapshotRequest {
            snapshot_id: "snap-1".into(),
            disk_id: "disk-1".into(),
            auto_stop_instance: Some(true),
            auto_start_instance: None,
        };
        assert_eq!(
            serde_json::to_string(&apply).unwrap(),
            r#"{"SnapshotId":"snap-1","DiskId":"disk-1","AutoStopInstance":true}"#
        );
        let delete = DeleteSnapshotsRequest {
            snapshot_ids: vec!["snap-1".into()],
            delete_bind_images: None,
        };
        assert_eq!(
            serde_json::to_string(&delete).unwrap(),
            r#"{"SnapshotIds":["snap-1"]}"#
        );
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
    }
}
