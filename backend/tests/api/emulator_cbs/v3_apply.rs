//! API 3.0 `ApplySnapshot` over HTTP: the rollback, `RollbackPercent`, and Tencent's refusals
//! (a busy disk, an attached disk without `AutoStopInstance`).

use serde_json::json;
use snapdeck::cloud::cbs::wire::Acknowledged;

use crate::support::cbs::{call, disks, refusal, snapshot, start, SETTLE};

use super::v3_writes::{demo_in, disk_id, normal_snapshot, SETTLED};

#[tokio::test]
async fn apply_rolls_back_with_rollback_percent_rising() {
    let emulator = start().await;
    let disk = disk_id(&emulator, false).await;
    let id = normal_snapshot(&emulator, &disk).await;
    let reply: Acknowledged = call(
        &emulator,
        "ApplySnapshot",
        json!({"SnapshotId": id, "DiskId": disk}),
    )
    .await;
    assert!(!reply.request_id.is_empty());
    let find = |all: Vec<snapdeck::cloud::cbs::wire::DiskV3>| {
        all.into_iter().find(|d| d.disk_id == disk).unwrap()
    };
    let first = find(disks(&emulator).await);
    assert!(first.rollbacking);
    assert_eq!(first.disk_state, "ROLLBACKING");
    assert_eq!(
        snapshot(&emulator, &id).await.unwrap().snapshot_state,
        "ROLLBACKING"
    );

    // While it runs: the disk takes no snapshot and no other rollback, the snapshot no delete.
    assert_eq!(
        refusal(&emulator, "CreateSnapshot", json!({"DiskId": disk})).await,
        "InvalidDisk.Busy"
    );
    assert_eq!(
        refusal(
            &emulator,
            "ApplySnapshot",
            json!({"SnapshotId": id, "DiskId": disk})
        )
        .await,
        "ResourceBusy"
    );
    assert_eq!(
        refusal(&emulator, "DeleteSnapshots", json!({"SnapshotIds": [id]})).await,
        "ResourceBusy"
    );

    tokio::time::sleep(SETTLE / 2).await;
    let middle = find(disks(&emulator).await);
    assert!(middle.rollbacking);
    assert!(
        first.rollback_percent < middle.rollback_percent && middle.rollback_percent < 100,
        "{} then {}",
        first.rollback_percent,
        middle.rollback_percent
    );
    tokio::time::sleep(SETTLED).await;
    let done = find(disks(&emulator).await);
    assert!(!done.rollbacking);
    assert_ne!(done.disk_state, "ROLLBACKING");
    assert_eq!(
        snapshot(&emulator, &id).await.unwrap().snapshot_state,
        "NORMAL"
    );
}

#[tokio::test]
async fn apply_onto_a_disk_being_rolled_back_is_refused() {
    let emulator = start().await;
    let disk = disk_id(&emulator, false).await;
    let first = normal_snapshot(&emulator, &disk).await;
    let second = normal_snapshot(&emulator, &disk).await;
    call::<Acknowledged>(
        &emulator,
        "ApplySnapshot",
        json!({"SnapshotId": first, "DiskId": disk}),
    )
    .await;
    assert_eq!(
        refusal(
            &emulator,
            "ApplySnapshot",
            json!({"SnapshotId": second, "DiskId": disk})
        )
        .await,
        "InvalidDisk.Busy"
    );
}

#[tokio::test]
async fn apply_refusals_and_the_attached_disk() {
    let emulator = start().await;
    let detached = disk_id(&emulator, false).await;
    let attached = disk_id(&emulator, true).await;
    let own = normal_snapshot(&emulator, &detached).await;
    let creating = demo_in(&emulator, "CREATING").await;
    let creating_disk = snapshot(&emulator, &creating).await.unwrap().disk_id;
    for (body, code) in [
        (json!({"SnapshotId": own}), "MissingParameter"),
        (json!({"DiskId": detached}), "MissingParameter"),
        (
            json!({"SnapshotId": own, "DiskId": attached}),
            "InvalidParameterValue",
        ),
        (
            json!({"SnapshotId": "snap-nosuchid", "DiskId": detached}),
            "InvalidSnapshotId.NotFound",
        ),
        (
            json!({"SnapshotId": own, "DiskId": "disk-nosuchid"}),
            "InvalidDiskId.NotFound",
        ),
        (
            json!({"SnapshotId": creating, "DiskId": creating_disk}),
            "ResourceUnavailable.SnapshotCreating",
        ),
        (
            json!({"SnapshotId": own, "DiskId": detached, "AutoStopInstance": "yes"}),
            "InvalidParameter",
        ),
        (
            json!({"SnapshotId": own, "DiskId": detached, "Force": true}),
            "UnknownParameter",
        ),
    ] {
        assert_eq!(
            refusal(&emulator, "ApplySnapshot", body.clone()).await,
            code,
            "{body}"
        );
    }
    assert_eq!(
        snapshot(&emulator, &own).await.unwrap().snapshot_state,
        "NORMAL"
    );

    let on_attached = normal_snapshot(&emulator, &attached).await;
    let plain = json!({"SnapshotId": on_attached, "DiskId": attached});
    assert_eq!(
        refusal(&emulator, "ApplySnapshot", plain).await,
        "ResourceInUse"
    );
    call::<Acknowledged>(
        &emulator,
        "ApplySnapshot",
        json!({"SnapshotId": on_attached, "DiskId": attached,
               "AutoStopInstance": true, "AutoStartInstance": true}),
    )
    .await;
    assert_eq!(
        snapshot(&emulator, &on_attached)
            .await
            .unwrap()
            .snapshot_state,
        "ROLLBACKING"
    );
}
