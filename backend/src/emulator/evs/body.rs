//! Request bodies of create and update, read the way EVS reads them: not JSON, or no
//! `snapshot` object, is a malformed body; a missing `volume_id` has its own code.

use crate::cloud::evs::wire::{
    CreateSnapshotRequest, NewSnapshot, Rollback, RollbackEnvelope, SnapshotChanges,
    UpdateSnapshotRequest,
};
use serde_json::Value;

use super::fault::Fault;

fn snapshot_object(body: &[u8]) -> Result<Value, Fault> {
    let value: Value =
        serde_json::from_slice(body).map_err(|error| Fault::MalformedBody(error.to_string()))?;
    if !value.get("snapshot").is_some_and(Value::is_object) {
        return Err(Fault::MalformedBody(
            "missing required element 'snapshot' in request body".to_owned(),
        ));
    }
    Ok(value)
}

/// `POST …/snapshots` body.
pub fn parse_create(body: &[u8]) -> Result<NewSnapshot, Fault> {
    let value = snapshot_object(body)?;
    if value["snapshot"]
        .get("volume_id")
        .is_none_or(Value::is_null)
    {
        return Err(Fault::MissingVolumeId);
    }
    let request: CreateSnapshotRequest =
        serde_json::from_value(value).map_err(|error| Fault::MalformedBody(error.to_string()))?;
    Ok(request.snapshot)
}

/// `PUT …/snapshots/{id}` body.
pub fn parse_update(body: &[u8]) -> Result<SnapshotChanges, Fault> {
    let value = snapshot_object(body)?;
    let request: UpdateSnapshotRequest =
        serde_json::from_value(value).map_err(|error| Fault::MalformedBody(error.to_string()))?;
    Ok(request.snapshot)
}

/// `POST …/cloudsnapshots/{id}/rollback` body: `{"rollback": {"volume_id", "name"?}}`.
pub fn parse_rollback(body: &[u8]) -> Result<Rollback, Fault> {
    let value: Value =
        serde_json::from_slice(body).map_err(|error| Fault::MalformedBody(error.to_string()))?;
    let Some(rollback) = value.get("rollback").filter(|r| r.is_object()) else {
        return Err(Fault::MalformedBody(
            "missing required element 'rollback' in request body".to_owned(),
        ));
    };
    if rollback.get("volume_id").is_none_or(Value::is_null) {
        return Err(Fault::MissingVolumeId);
    }
    let request: RollbackEnvelope =
        serde_json::from_value(value).map_err(|error| Fault::MalformedBody(error.to_string()))?;
    Ok(request.rollback)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn malformed<T: std::fmt::Debug>(result: Result<T, Fault>) -> bool {
        matches!(result, Err(Fault::MalformedBody(_)))
    }

    #[test]
    fn create_bodies() {
        let full = parse_create(
            br#"{"snapshot":{"volume_id":"v-1","force":true,"name":"n","description":null,"metadata":{"k":"v"}}}"#,
        )
        .unwrap();
        assert_eq!(full.volume_id, "v-1");
        assert!(full.force);
        assert_eq!(full.description, None);
        assert_eq!(full.metadata.get("k").map(String::as_str), Some("v"));
        assert!(malformed(parse_create(b"{not json")));
        assert!(malformed(parse_create(b"")));
        assert!(malformed(parse_create(br#"{"volume_id":"v-1"}"#)));
        assert!(malformed(parse_create(br#"{"snapshot":"v-1"}"#)));
        assert!(malformed(parse_create(
            br#"{"snapshot":{"volume_id":"v","force":"yes"}}"#
        )));
        assert!(malformed(parse_create(br#"{"snapshot":{"volume_id":7}}"#)));
        assert_eq!(
            parse_create(br#"{"snapshot":{}}"#),
            Err(Fault::MissingVolumeId)
        );
        assert_eq!(
            parse_create(br#"{"snapshot":{"volume_id":null}}"#),
            Err(Fault::MissingVolumeId)
        );
    }

    #[test]
    fn rollback_bodies() {
        let rollback =
            parse_rollback(br#"{"rollback":{"volume_id":"v-1","name":"restored"}}"#).unwrap();
        assert_eq!(rollback.volume_id, "v-1");
        assert_eq!(rollback.name.as_deref(), Some("restored"));
        assert_eq!(
            parse_rollback(br#"{"rollback":{}}"#),
            Err(Fault::MissingVolumeId)
        );
        assert!(malformed(parse_rollback(br#"{"volume_id":"v-1"}"#)));
        assert!(malformed(parse_rollback(b"nope")));
    }

    #[test]
    fn update_bodies() {
        let changes =
            parse_update(br#"{"snapshot":{"name":"snap-001","description":"Daily backup"}}"#)
                .unwrap();
        assert_eq!(changes.name.as_deref(), Some("snap-001"));
        assert_eq!(changes.description.as_deref(), Some("Daily backup"));
        assert!(parse_update(br#"{"snapshot":{}}"#).unwrap().is_empty());
        assert!(malformed(parse_update(br#"{"name":"x"}"#)));
        assert!(malformed(parse_update(br#"{"snapshot":{"name":5}}"#)));
        assert!(malformed(parse_update(b"[]")));
    }
}
