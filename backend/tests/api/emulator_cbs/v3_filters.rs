//! API 3.0 filters over HTTP: each documented filter, AND across filters, OR within one.

use snapdeck::cloud::cbs::wire::SnapshotV3;

use crate::support::cbs::{
    code_of, filtered, ids, list, start, V3Call, DEMO_TOTAL, SECOND_PROJECT,
};

#[tokio::test]
async fn filter_disk_usage() {
    let emulator = start().await;
    let system = filtered(
        &emulator,
        r#"[{"Name": "disk-usage", "Values": ["SYSTEM_DISK"]}]"#,
    )
    .await;
    let data = filtered(
        &emulator,
        r#"[{"Name": "disk-usage", "Values": ["DATA_DISK"]}]"#,
    )
    .await;
    assert!(system.total_count > 0 && data.total_count > 0);
    assert_eq!(system.total_count + data.total_count, DEMO_TOTAL);
    assert!(system
        .snapshot_set
        .iter()
        .all(|s| s.disk_usage == "SYSTEM_DISK"));
    assert!(data
        .snapshot_set
        .iter()
        .all(|s| s.disk_usage == "DATA_DISK"));
    // OR within one filter's values.
    let both = filtered(
        &emulator,
        r#"[{"Name": "disk-usage", "Values": ["SYSTEM_DISK", "DATA_DISK"]}]"#,
    )
    .await;
    assert_eq!(both.total_count, DEMO_TOTAL);
}

#[tokio::test]
async fn filter_project_id() {
    let emulator = start().await;
    let second = filtered(
        &emulator,
        &format!(r#"[{{"Name": "project-id", "Values": ["{SECOND_PROJECT}"]}}]"#),
    )
    .await;
    let default = filtered(&emulator, r#"[{"Name": "project-id", "Values": ["0"]}]"#).await;
    assert!(second.total_count > 0 && default.total_count > 0);
    assert_eq!(second.total_count + default.total_count, DEMO_TOTAL);
    assert!(second
        .snapshot_set
        .iter()
        .all(|s| s.placement.project_id == SECOND_PROJECT));
    // AND across filters.
    let system_in_second = filtered(
        &emulator,
        &format!(
            r#"[{{"Name": "project-id", "Values": ["{SECOND_PROJECT}"]}}, {{"Name": "disk-usage", "Values": ["SYSTEM_DISK"]}}]"#
        ),
    )
    .await;
    assert!(system_in_second.total_count > 0);
    assert!(system_in_second.total_count < second.total_count);
    assert!(system_in_second
        .snapshot_set
        .iter()
        .all(|s| s.disk_usage == "SYSTEM_DISK" && s.placement.project_id == SECOND_PROJECT));
}

#[tokio::test]
async fn filter_disk_id() {
    let emulator = start().await;
    let everything = list(&emulator, r#"{"Limit": 100}"#).await;
    let disk = everything.snapshot_set[0].disk_id.clone();
    let expected: Vec<&SnapshotV3> = everything
        .snapshot_set
        .iter()
        .filter(|s| s.disk_id == disk)
        .collect();
    let reply = filtered(
        &emulator,
        &format!(r#"[{{"Name": "disk-id", "Values": ["{disk}"]}}]"#),
    )
    .await;
    assert!(expected.len() > 1);
    assert_eq!(reply.snapshot_set.iter().collect::<Vec<_>>(), expected);
}

#[tokio::test]
async fn filter_snapshot_id_and_snapshot_ids() {
    let emulator = start().await;
    let everything = list(&emulator, r#"{"Limit": 100}"#).await;
    let (a, b) = (
        everything.snapshot_set[3].snapshot_id.clone(),
        everything.snapshot_set[17].snapshot_id.clone(),
    );
    let by_filter = filtered(
        &emulator,
        &format!(r#"[{{"Name": "snapshot-id", "Values": ["{b}", "{a}", "snap-00000000"]}}]"#),
    )
    .await;
    assert_eq!(ids(&by_filter), [a.as_str(), b.as_str()]);
    let by_ids = list(&emulator, &format!(r#"{{"SnapshotIds": ["{a}"]}}"#)).await;
    assert_eq!(ids(&by_ids), [a.as_str()]);
    let none = list(&emulator, r#"{"SnapshotIds": ["snap-00000000"]}"#).await;
    assert_eq!(none.total_count, 0);
    let both = V3Call::post(&format!(
        r#"{{"SnapshotIds": ["{a}"], "Filters": [{{"Name": "disk-usage", "Values": ["DATA_DISK"]}}]}}"#
    ));
    assert_eq!(code_of(&emulator, both).await, "InvalidParameter");
}

#[tokio::test]
async fn filter_snapshot_name_with_the_sdks_escapes() {
    let emulator = start().await;
    // Python's json.dumps writes "订单库 周备份" as \u escapes; the signature covers those bytes.
    let reply = filtered(
        &emulator,
        r#"[{"Name": "snapshot-name", "Values": ["\u8ba2\u5355\u5e93 \u5468\u5907\u4efd"]}]"#,
    )
    .await;
    assert_eq!(reply.total_count, 2);
    assert!(reply
        .snapshot_set
        .iter()
        .all(|s| s.snapshot_name == "订单库 周备份"));
    let english = filtered(
        &emulator,
        r#"[{"Name": "snapshot-name", "Values": ["nginx-logs-daily"]}]"#,
    )
    .await;
    assert_eq!(english.total_count, 2);
}

#[tokio::test]
async fn filter_snapshot_state() {
    let emulator = start().await;
    let creating = filtered(
        &emulator,
        r#"[{"Name": "snapshot-state", "Values": ["CREATING"]}]"#,
    )
    .await;
    assert_eq!(creating.total_count, 2);
    assert!(creating.snapshot_set.iter().all(|s| s.percent < 100));
    let rollbacking = filtered(
        &emulator,
        r#"[{"Name": "snapshot-state", "Values": ["ROLLBACKING"]}]"#,
    )
    .await;
    assert_eq!(rollbacking.total_count, 1);
    let normal = filtered(
        &emulator,
        r#"[{"Name": "snapshot-state", "Values": ["NORMAL"]}]"#,
    )
    .await;
    assert_eq!(normal.total_count, DEMO_TOTAL - 3);
}
