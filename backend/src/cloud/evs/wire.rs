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
        }
        .problems()
    }
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
pub(crate) mod tests {
    use super::*;

    /// A snapshot as the EVS documentation shows it.
    pub(crate) fn sample() -> serde_json::Value {
        serde_json::json!({
            "status": "available",
            "os-extended-snapshot-attributes:progress": "100%",
            "description": null,
            "created_at": "2013-06-19T07:15:29.000000",
            "metadata": {},
            "volume_id": "ae11e59c-bd56-434a-a00c-04757e1c066d",
            "os-extended-snapshot-attributes:project_id": "d6c277ba8820452e83df36f33c9fa561",
            "size": 5,
            "id": "6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa",
            "name": "name_xx2-snap",
            "updated_at": null
        })
    }

    #[test]
    fn round_trips_the_evs_shape() {
        let snapshot: Snapshot = serde_json::from_value(sample()).unwrap();
        assert_eq!(snapshot.progress_percent(), Some(100));
        assert_eq!(serde_json::to_value(&snapshot).unwrap(), sample());
    }

    #[test]
    fn unknown_status_is_kept() {
        let mut value = sample();
        value["status"] = "migrating".into();
        let snapshot: Snapshot = serde_json::from_value(value).unwrap();
        assert_eq!(snapshot.status, SnapshotStatus::Other("migrating".into()));
        assert_eq!(
            serde_json::to_value(&snapshot).unwrap()["status"],
            "migrating"
        );
        assert!(!snapshot.status.is_transitional());
    }

    #[test]
    fn update_at_alias_and_lower_case_t() {
        let mut value = sample();
        value.as_object_mut().unwrap().remove("updated_at");
        value["update_at"] = "2013-02-25t04:13:17.000000".into();
        value["created_at"] = "2013-02-25t04:13:17.000000".into();
        let snapshot: Snapshot = serde_json::from_value(value).unwrap();
        assert_eq!(
            snapshot.updated_at.unwrap().as_str(),
            "2013-02-25T04:13:17.000000"
        );
        assert_eq!(snapshot.created_at.as_str(), "2013-02-25T04:13:17.000000");
    }

    #[test]
    fn unparseable_times_and_null_names_do_not_fail() {
        let mut value = sample();
        value["created_at"] = "not a time".into();
        value["name"] = serde_json::Value::Null;
        value["metadata"] = serde_json::Value::Null;
        let snapshot: Snapshot = serde_json::from_value(value).unwrap();
        assert_eq!(snapshot.created_at.as_str(), "not a time");
        assert_eq!(snapshot.created_at.unix_micros(), None);
        assert_eq!(snapshot.name, "");
        assert!(snapshot.metadata.is_empty());
    }

    #[test]
    fn progress_words() {
        let mut value = sample();
        value["os-extended-snapshot-attributes:progress"] = "37%".into();
        let snapshot: Snapshot = serde_json::from_value(value).unwrap();
        assert_eq!(snapshot.progress_percent(), Some(37));
    }

    #[test]
    fn error_envelope_under_any_key() {
        for kind in ["error", "badRequest", "itemNotFound", "computeFault"] {
            let body = format!(r#"{{"{kind}": {{"message": "XXXX", "code": "XXX"}}}}"#);
            let error = EvsError::parse(body.as_bytes()).unwrap();
            assert_eq!(error, EvsError::new(kind, "XXX", "XXXX"));
            assert_eq!(
                EvsError::parse(error.to_body().to_string().as_bytes()),
                Some(error)
            );
        }
        let numeric = EvsError::parse(br#"{"badRequest": {"message": "m", "code": 400}}"#);
        assert_eq!(numeric.unwrap().code, "400");
    }

    #[test]
    fn gateway_errors_and_non_errors() {
        let error =
            EvsError::parse(br#"{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information","request_id":"r"}"#)
                .unwrap();
        assert_eq!(error.kind, "APIG");
        assert_eq!(error.code, "APIG.0301");
        assert_eq!(EvsError::parse(b"<html>502</html>"), None);
        assert_eq!(EvsError::parse(br#"{"a": 1, "b": 2}"#), None);
        assert_eq!(EvsError::parse(br#"{"snapshots": []}"#), None);
    }

    #[test]
    fn next_marker_from_links() {
        let list: SnapshotList = serde_json::from_value(serde_json::json!({
            "snapshots": [],
            "snapshots_links": [{"href": "https://evs.example.com/v2/p/snapshots/detail?limit=2&marker=abc-1", "rel": "next"}]
        }))
        .unwrap();
        assert_eq!(list.next_marker().as_deref(), Some("abc-1"));
        let encoded: SnapshotList = serde_json::from_value(serde_json::json!({
            "snapshots": [],
            "snapshots_links": [{"href": "https://evs.example.com/v2/p/snapshots/detail?name=a%26b&marker=snap%2D9#top", "rel": "next"}]
        }))
        .unwrap();
        assert_eq!(encoded.next_marker().as_deref(), Some("snap-9"));
        let none: SnapshotList = serde_json::from_str(r#"{"snapshots": []}"#).unwrap();
        assert_eq!(none.next_marker(), None);
    }
}
