//! Huawei Cloud EVS wire formats beyond the snapshot itself: list pages, request bodies and
//! the error envelopes (EVS's own and the API gateway's).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::snapshot::Snapshot;

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
        crate::encode::parse_query(query)
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

/// `{"snapshot": {...}}`: one snapshot in and out, on EVS and on the console's API alike.
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

fn string_or_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::String(text)) => text,
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        },
    )
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
mod tests {
    use super::*;

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
