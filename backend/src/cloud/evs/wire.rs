//! Huawei Cloud EVS's JSON, as the vendor writes it: snapshots, volumes, list pages, request
//! bodies and the error envelopes (EVS's own and the API gateway's). The client and the
//! emulator both speak through these types, so they cannot drift apart; [`super::map`] turns
//! them into the console's models.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use shared::validate::FieldError;
use shared::{SnapshotStatus, Timestamp};

use crate::cloud::wire::string_or_number;

/// Metadata key whose presence marks a snapshot made automatically by a server backup.
pub const AUTO_BACKUP_METADATA_KEY: &str = "__system__enableActive";

/// One snapshot as EVS writes it (list, show, create and update replies alike).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: String,
    pub status: SnapshotStatus,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub created_at: Timestamp,
    /// Seed 002 spells it `update_at`.
    #[serde(default, alias = "update_at")]
    pub updated_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: BTreeMap<String, String>,
    pub volume_id: String,
    /// GB.
    pub size: u64,
    #[serde(
        rename = "os-extended-snapshot-attributes:project_id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub project_id: Option<String>,
    /// e.g. `"100%"`.
    #[serde(
        rename = "os-extended-snapshot-attributes:progress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub progress: Option<String>,
}

impl Snapshot {
    /// The progress as a whole percentage, when the provider reported one that parses.
    pub fn progress_percent(&self) -> Option<u8> {
        let text = self.progress.as_deref()?.trim();
        let number = text.strip_suffix('%').unwrap_or(text).trim();
        let value: f64 = number.parse().ok()?;
        (0.0..=100.0).contains(&value).then(|| value.round() as u8)
    }
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// One volume as `cloudvolumes/detail` lists it.
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

/// `GET /v2/{project_id}/cloudvolumes/detail` reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VolumeList {
    pub volumes: Vec<Volume>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

/// `GET /v2/{project_id}/snapshots/detail` reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotList {
    pub snapshots: Vec<Snapshot>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshots_links: Option<Vec<Link>>,
}

impl SnapshotList {
    /// The marker of the next page, read from the `next` link's `marker` query parameter.
    pub fn next_marker(&self) -> Option<String> {
        let next = self
            .snapshots_links
            .as_ref()?
            .iter()
            .find(|link| link.rel == "next")?;
        let query = next.href.split_once('?')?.1;
        let query = query.split('#').next().unwrap_or(query);
        shared::encode::parse_query(query)
            .into_iter()
            .find(|(key, value)| key == "marker" && !value.is_empty())
            .map(|(_, value)| value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub href: String,
    pub rel: String,
}

/// `{"snapshot": {...}}`: one snapshot in a reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotEnvelope {
    pub snapshot: Snapshot,
}

/// `POST /v2/{project_id}/snapshots` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateSnapshotRequest {
    pub snapshot: NewSnapshot,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NewSnapshot {
    pub volume_id: String,
    #[serde(default)]
    pub force: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `PUT /v3/{project_id}/snapshots/{snapshot_id}` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateSnapshotRequest {
    pub snapshot: SnapshotChanges,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SnapshotChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl SnapshotChanges {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.description.is_none()
    }

    /// EVS's input rules, which the console's own bodies follow too.
    pub fn problems(&self) -> Vec<FieldError> {
        shared::snapshot::SnapshotChanges {
            name: self.name.clone(),
            description: self.description.clone(),
            ..shared::snapshot::SnapshotChanges::default()
        }
        .problems()
    }
}

impl NewSnapshot {
    /// EVS's input rules, which the console's own bodies follow too.
    pub fn problems(&self) -> Vec<FieldError> {
        shared::snapshot::NewSnapshot {
            volume_id: self.volume_id.clone(),
            force: self.force,
            metadata: self.metadata.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            expires_at: None,
        }
        .problems()
    }
}

/// `POST /v2/{project_id}/cloudsnapshots/{snapshot_id}/rollback` body, and its reply
/// (`{"rollback": {"volume_id"}}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollbackEnvelope {
    pub rollback: Rollback,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rollback {
    pub volume_id: String,
    /// A new name for the volume (the body only; the reply has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The body of an EVS error: `{"<kind>": {"message", "code"}}`, where the kind is `error` or a
/// named kind such as `badRequest` or `itemNotFound`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    #[serde(default)]
    pub message: String,
    #[serde(default, deserialize_with = "string_or_number")]
    pub code: String,
}

/// An EVS error, whatever key it came under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvsError {
    /// `error`, `badRequest`, `itemNotFound`, … or `APIG` for the gateway's own errors.
    pub kind: String,
    pub code: String,
    pub message: String,
}

impl EvsError {
    pub fn new(kind: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            kind: kind.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// Reads an error body from EVS or from the API gateway in front of it
    /// (`{"error_code": "APIG.0301", "error_msg": "..."}`). `None` when it is neither.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        let object = value.as_object()?;
        if let Some(code) = object.get("error_code") {
            let code = match code {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let message = object
                .get("error_msg")
                .and_then(|m| m.as_str())
                .unwrap_or_default()
                .to_owned();
            return Some(Self::new("APIG", &code, message));
        }
        if object.len() != 1 {
            return None;
        }
        let (kind, detail) = object.iter().next()?;
        let fields = detail.as_object()?;
        if !fields.contains_key("message") && !fields.contains_key("code") {
            return None;
        }
        let detail: ErrorDetail = serde_json::from_value(detail.clone()).ok()?;
        Some(Self {
            kind: kind.clone(),
            code: detail.code,
            message: detail.message,
        })
    }

    /// The body EVS would send for this error.
    pub fn to_body(&self) -> serde_json::Value {
        let mut object = serde_json::Map::new();
        object.insert(
            self.kind.clone(),
            serde_json::json!({"message": self.message, "code": self.code}),
        );
        serde_json::Value::Object(object)
    }
}

/// The API gateway's error body (`APIG.*` codes): signature failures and the like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayError {
    pub error_code: String,
    pub error_msg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[cfg(test)]
pub(crate) mod tests;
