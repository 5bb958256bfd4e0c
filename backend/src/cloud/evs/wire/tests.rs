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
