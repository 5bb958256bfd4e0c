//! The volumes (EVS) or disks (CBS) snapshots are taken from, as the console's API describes
//! them: for the volume picker and to name volumes in lists.

use serde::{Deserialize, Serialize};

use crate::snapshot::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Volume {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The provider's own word (`available`, `in-use`, CBS's `ATTACHED`, …).
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub size_gib: u64,
    /// Attached to a server: a snapshot of it needs `force` on EVS.
    #[serde(default)]
    pub attached: bool,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// The provider's disk type (`SSD`, `CLOUD_PREMIUM`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bootable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub created_at: Option<Timestamp>,
    /// 0–100 while the volume's data is being replaced by a snapshot's, where the provider says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_progress: Option<u8>,
}

impl Volume {
    pub fn is_attached(&self) -> bool {
        self.attached
    }

    /// The name, or the id for a volume without one.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// Where a volume is attached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    #[serde(default)]
    pub server_id: String,
    #[serde(default)]
    pub device: String,
}

/// `GET /api/v1/accounts/{account}/volumes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolumeList {
    pub volumes: Vec<Volume>,
}
