//! The volumes (disks) snapshots are taken from, as EVS's `cloudvolumes/detail` lists them.
//! The console only reads them, to offer a volume picker and to name volumes in lists.

use serde::{Deserialize, Serialize};

use crate::snapshot::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Volume {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// `available`, `in-use`, … (kept as given).
    #[serde(default)]
    pub status: String,
    /// GB.
    #[serde(default)]
    pub size: u64,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<String>,
    /// EVS writes `"true"` / `"false"` as strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bootable: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
}

impl Volume {
    /// Attached to a server: EVS refuses a snapshot of it unless `force` is set.
    pub fn is_attached(&self) -> bool {
        !self.attachments.is_empty() || self.status == "in-use"
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    #[serde(default)]
    pub server_id: String,
    #[serde(default)]
    pub device: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_id: Option<String>,
}

/// `GET /v2/{project_id}/cloudvolumes/detail` reply, and the console's volume list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VolumeList {
    pub volumes: Vec<Volume>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}
