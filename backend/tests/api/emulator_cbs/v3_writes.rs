//! API 3.0 `DescribeDisks` and the four writes over HTTP: what each changes, Tencent's
//! parameter checks, `DeleteSnapshots` all or nothing, `Deadline` (`ApplySnapshot`: `v3_apply`).

use std::time::Duration;

use serde_json::json;
use snapdeck::cloud::cbs::wire::{Acknowledged, CreateSnapshotResponse, DescribeDisksResponse};

use crate::support::cbs::{
    call, disks, list, ok, refusal, snapshot, start, Emulator, V3Call, SETTLE,
};

/// A little past the emulator's settle time.
pub(super) const SETTLED: Duration = Duration::from_millis(SETTLE.as_millis() as u64 + 200);

pub(super) async fn create(emulator: &Emulator, body: serde_json::Value) -> String {
    call::<CreateSnapshotResponse>(emulator, "CreateSnapshot", body)
        .await
        .snapshot_id
}

/// A detached or an attached disk of the demo.
pub(super) async fn disk_id(emulator: &Emulator, attached: bool) -> String {
    disks(emulator)
        .await
        .into_iter()
        .find(|disk| disk.attached == attached)
        .unwrap()
        .disk_id
}

/// A new snapshot of `disk`, waited for until it is `NORMAL`.
pub(super) async fn normal_snapshot(emulator: &Emulator, disk: &str) -> String {
    let id = create(emulator, json!({"DiskId": disk, "SnapshotName": "writes"})).await;
    tokio::time::sleep(SETTLED).await;
    assert_eq!(
        snapshot(emulator, &id).await.unwrap().snapshot_state,
        "NORMAL"
    );
    id
}

/// The first demo snapshot in `state`.
pub(super) async fn demo_in(emulator: &Emulator, state: &str) -> String {
    let reply = list(emulator, r#"{"Limit": 100}"#).await;
    reply
        .snapshot_set
        .into_iter()
        .find(|s| s.snapshot_state == state)
        .unwrap()
        .snapshot_id
}

#[tokio::test]
async fn describe_disks_pages_filters_and_names_every_field() {
    let emulator = start().await;
    let all = disks(&emulator).await;
    assert_eq!(all.len(), 7);
    assert!(all.iter().any(|d| d.attached) && all.iter().any(|d| !d.attached));
    for disk in &all {
        assert!(disk.disk_id.starts_with("disk-"), "{disk:?}");
        assert!(!disk.disk_name.is_empty() && disk.disk_size > 0);
        assert_eq!(disk.attached, !disk.instance_id.is_empty());
        assert!(!disk.rollbacking && disk.snapshot_ability);
    }
    let page: DescribeDisksResponse =
        call(&emulator, "DescribeDisks", json!({"Offset": 2, "Limit": 3})).await;
    assert_eq!(page.total_count, 7);
    let ids: Vec<&str> = page.disk_set.iter().map(|d| d.disk_id.as_str()).collect();
    let expected: Vec<&str> = all[2..5].iter().map(|d| d.disk_id.as_str()).collect();
    assert_eq!(ids, expected);

    let by_id: DescribeDisksResponse = call(
        &emulator,
        "DescribeDisks",
        json!({"DiskIds": [all[3].disk_id, "disk-nosuchid"]}),
    )
    .await;
    assert_eq!(by_id.total_count, 1);
    assert_eq!(by_id.disk_set[0], all[3]);

    let data: DescribeDisksResponse = call(
        &emulator,
        "DescribeDisks",
        json!({"Filters": [
            {"Name": "disk-usage", "Values": ["DATA_DISK"]},
            {"Name": "zone", "Values": ["ap-guangzhou-3", "ap-guangzhou-6"]}
        ]}),
    )
    .await;
    assert!(!data.disk_set.is_empty());
    assert!(data.disk_set.iter().all(|d| d.disk_usage == "DATA_DISK"
        && ["ap-guangzhou-3", "ap-guangzhou-6"].contains(&d.placement.zone.as_str())));
    assert!(data.disk_set.len() < all.len());
}

#[tokio::test]
async fn describe_disks_refusals() {
    let emulator = start().await;
    for (body, code) in [
        (json!({"Limit": 101}), "InvalidParameterValue.LimitExceeded"),
        (json!({"Limit": 0}), "InvalidParameterValue"),
        (json!({"Limit": "ten"}), "InvalidParameter"),
        (
            json!({"DiskIds": ["disk-1"], "Filters": [{"Name": "zone", "Values": ["x"]}]}),
            "InvalidParameter",
        ),
        (
            json!({"Filters": [{"Name": "size", "Values": ["1"]}]}),
            "InvalidFilter",
        ),
        (json!({"DiskId": "disk-1"}), "UnknownParameter"),
    ] {
        assert_eq!(
            refusal(&emulator, "DescribeDisks", body.clone()).await,
            code,
            "{body}"
        );
    }
}

#[tokio::test]
async fn every_action_also_takes_the_sdks_flattened_get() {
    let emulator = start().await;
    let all = disks(&emulator).await;
    let reply = V3Call {
        action: Some("DescribeDisks".into()),
        ..V3Call::get(&format!(
            "DiskIds.0={}&DiskIds.1={}&Limit=1",
            all[0].disk_id, all[1].disk_id
        ))
    }
    .send(&emulator)
    .await;
    reply.assert_tencent_envelope();
    let page = reply
        .json::<snapdeck::cloud::cbs::wire::Reply<DescribeDisksResponse>>()
        .response;
    assert_eq!((page.total_count, page.disk_set.len()), (2, 1));

    let id = create(&emulator, json!({"DiskId": all[0].disk_id})).await;
    let modify = V3Call {
        action: Some("ModifySnapshotAttribute".into()),
        ..V3Call::get(&format!(
            "SnapshotId={id}&SnapshotName=via%20get&IsPermanent=True"
        ))
    }
    .send(&emulator)
    .await;
    modify.assert_tencent_envelope();
    assert!(
        modify.body["Response"].get("Error").is_none(),
        "{}",
        modify.excerpt()
    );
    assert_eq!(
        snapshot(&emulator, &id).await.unwrap().snapshot_name,
        "via get"
    );
    // A value of the wrong type is refused as in a JSON body.
    let bad = V3Call {
        action: Some("ModifySnapshotAttribute".into()),
        ..V3Call::get(&format!("SnapshotId={id}&IsPermanent=maybe"))
    };
    assert_eq!(
        crate::support::cbs::code_of(&emulator, bad).await,
        "InvalidParameter"
    );
}

#[tokio::test]
async fn create_is_creating_with_percent_rising_then_normal() {
    let emulator = start().await;
    let disk = disk_id(&emulator, false).await;
    let before = list(&emulator, "{}").await.total_count;
    let id = create(
        &emulator,
        json!({"DiskId": disk, "SnapshotName": "二十个汉字的名字正好是六十个字节长度啊呀"}),
    )
    .await;
    assert!(id.starts_with("snap-") && id.len() == 13, "{id}");
    assert_eq!(list(&emulator, "{}").await.total_count, before + 1);
    let first = snapshot(&emulator, &id).await.unwrap();
    assert_eq!(first.snapshot_state, "CREATING");
    assert_eq!(first.disk_id, disk);
    assert!(first.is_permanent && first.deadline_time.is_none());
    assert_eq!(first.snapshot_name.len(), 60);
    tokio::time::sleep(SETTLE / 2).await;
    let middle = snapshot(&emulator, &id).await.unwrap();
    assert_eq!(middle.snapshot_state, "CREATING");
    assert!(
        first.percent < middle.percent && middle.percent < 100,
        "{} then {}",
        first.percent,
        middle.percent
    );
    tokio::time::sleep(SETTLED).await;
    let done = snapshot(&emulator, &id).await.unwrap();
    assert_eq!(
        (done.snapshot_state.as_str(), done.percent),
        ("NORMAL", 100)
    );
}

#[tokio::test]
async fn create_refusals() {
    let emulator = start().await;
    let disk = disk_id(&emulator, false).await;
    let before = list(&emulator, "{}").await.total_count;
    for (body, code) in [
        (json!({"SnapshotName": "no disk"}), "MissingParameter"),
        (json!({"DiskId": null}), "MissingParameter"),
        (json!({"DiskId": 5}), "InvalidParameter"),
        (json!({"DiskId": "disk-nosuchid"}), "InvalidDiskId.NotFound"),
        (
            json!({"DiskId": disk, "SnapshotName": "x".repeat(61)}),
            "InvalidParameterValue.TooLong",
        ),
        (
            json!({"DiskId": disk, "SnapshotName": "二十一个汉字的名字就比六十个字节还长一点点"}),
            "InvalidParameterValue.TooLong",
        ),
        (
            json!({"DiskId": disk, "Deadline": "tomorrow"}),
            "InvalidParameterValue",
        ),
        (
            json!({"DiskId": disk, "Deadline": "2099-01-01T08:00:00+08:00"}),
            "InvalidParameterValue",
        ),
        (
            json!({"DiskId": disk, "Deadline": "2001-01-01T00:00:00+00:00"}),
            "InvalidParameterValue",
        ),
        (json!({"DiskId": disk, "Size": 10}), "UnknownParameter"),
    ] {
        assert_eq!(
            refusal(&emulator, "CreateSnapshot", body.clone()).await,
            code,
            "{body}"
        );
    }
    assert_eq!(
        list(&emulator, "{}").await.total_count,
        before,
        "nothing made"
    );
}

#[tokio::test]
async fn the_snapshot_quota_is_per_disk() {
    let emulator = start().await;
    let disk = disk_id(&emulator, false).await;
    let filter = json!({"Filters": [{"Name": "disk-id", "Values": [disk]}]}).to_string();
    let existing = list(&emulator, &filter).await.total_count;
    for _ in existing..64 {
        create(&emulator, json!({"DiskId": disk})).await;
    }
    assert_eq!(list(&emulator, &filter).await.total_count, 64);
    assert_eq!(
        refusal(&emulator, "CreateSnapshot", json!({"DiskId": disk})).await,
        "InsufficientSnapshotQuota"
    );
    let other = disks(&emulator)
        .await
        .into_iter()
        .find(|d| d.disk_id != disk)
        .unwrap();
    create(&emulator, json!({"DiskId": other.disk_id})).await;
}

#[tokio::test]
async fn a_deadline_is_honoured() {
    let emulator = start().await;
    let disk = disk_id(&emulator, false).await;
    let soon = |millis: i64| {
        let at = snapdeck::cloud::signing::unix_now() * 1000 + millis;
        let seconds = at.div_euclid(1000) + 1;
        shared::Timestamp::from_micros(seconds * 1_000_000)
    };
    let deadline = snapdeck::cloud::cbs::map::deadline(&soon(500)).unwrap();
    let id = create(&emulator, json!({"DiskId": disk, "Deadline": deadline})).await;
    let made = snapshot(&emulator, &id).await.unwrap();
    assert!(!made.is_permanent);
    assert_eq!(made.deadline_time.as_deref(), Some(deadline.as_str()));
    tokio::time::sleep(Duration::from_millis(2200)).await;
    assert!(
        snapshot(&emulator, &id).await.is_none(),
        "gone at its deadline"
    );
    assert_eq!(
        refusal(&emulator, "DeleteSnapshots", json!({"SnapshotIds": [id]})).await,
        "InvalidSnapshotId.NotFound"
    );
    assert_eq!(
        refusal(
            &emulator,
            "ModifySnapshotAttribute",
            json!({"SnapshotId": id, "SnapshotName": "late"})
        )
        .await,
        "InvalidSnapshotId.NotFound"
    );

    // A deadline set later by ModifySnapshotAttribute counts the same.
    let kept = create(&emulator, json!({"DiskId": disk})).await;
    let deadline = snapdeck::cloud::cbs::map::deadline(&soon(500)).unwrap();
    call::<Acknowledged>(
        &emulator,
        "ModifySnapshotAttribute",
        json!({"SnapshotId": kept, "IsPermanent": false, "Deadline": deadline}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(2200)).await;
    assert!(snapshot(&emulator, &kept).await.is_none());
}

#[tokio::test]
async fn modify_renames_and_sets_permanence() {
    let emulator = start().await;
    let id = demo_in(&emulator, "NORMAL").await;
    let reply: Acknowledged = call(
        &emulator,
        "ModifySnapshotAttribute",
        json!({"SnapshotId": id, "SnapshotName": "renamed"}),
    )
    .await;
    assert!(!reply.request_id.is_empty());
    assert_eq!(
        snapshot(&emulator, &id).await.unwrap().snapshot_name,
        "renamed"
    );

    call::<Acknowledged>(
        &emulator,
        "ModifySnapshotAttribute",
        json!({"SnapshotId": id, "IsPermanent": false, "Deadline": "2099-01-08T09:47:55+00:00"}),
    )
    .await;
    let expiring = snapshot(&emulator, &id).await.unwrap();
    assert!(!expiring.is_permanent);
    assert!(expiring
        .deadline_time
        .as_deref()
        .is_some_and(|t| t.starts_with("2099-01-08")));

    call::<Acknowledged>(
        &emulator,
        "ModifySnapshotAttribute",
        json!({"SnapshotId": id, "IsPermanent": true}),
    )
    .await;
    let permanent = snapshot(&emulator, &id).await.unwrap();
    assert!(permanent.is_permanent && permanent.deadline_time.is_none());
    assert_eq!(permanent.snapshot_name, "renamed");

    for (body, code) in [
        (json!({"SnapshotName": "x"}), "MissingParameter"),
        (
            json!({"SnapshotId": "snap-nosuchid", "SnapshotName": "x"}),
            "InvalidSnapshotId.NotFound",
        ),
        (
            json!({"SnapshotId": id, "SnapshotName": "x".repeat(61)}),
            "InvalidParameterValue.TooLong",
        ),
        (
            json!({"SnapshotId": id, "IsPermanent": true, "Deadline": "2099-01-08T09:47:55+00:00"}),
            "InvalidParameterValue",
        ),
        (
            json!({"SnapshotId": id, "IsPermanent": false}),
            "MissingParameter",
        ),
        (
            json!({"SnapshotId": id, "IsPermanent": "no"}),
            "InvalidParameter",
        ),
        (json!({"SnapshotId": id, "DiskId": "x"}), "UnknownParameter"),
    ] {
        assert_eq!(
            refusal(&emulator, "ModifySnapshotAttribute", body.clone()).await,
            code,
            "{body}"
        );
    }
    let unchanged = snapshot(&emulator, &id).await.unwrap();
    assert_eq!(unchanged, permanent);
}

#[tokio::test]
async fn delete_snapshots_is_all_or_nothing() {
    let emulator = start().await;
    let normal = demo_in(&emulator, "NORMAL").await;
    let creating = demo_in(&emulator, "CREATING").await;
    let rollbacking = demo_in(&emulator, "ROLLBACKING").await;
    let total = list(&emulator, "{}").await.total_count;
    for (ids, code) in [
        (
            json!([normal, "snap-nosuchid"]),
            "InvalidSnapshotId.NotFound",
        ),
        (
            json!([normal, creating]),
            "ResourceUnavailable.SnapshotCreating",
        ),
        (json!([normal, rollbacking]), "ResourceBusy"),
        (json!([]), "MissingParameter"),
        (
            json!((0..101).map(|n| format!("snap-{n:08}")).collect::<Vec<_>>()),
            "InvalidParameterValue.LimitExceeded",
        ),
    ] {
        assert_eq!(
            refusal(&emulator, "DeleteSnapshots", json!({ "SnapshotIds": ids })).await,
            code,
            "{ids}"
        );
        assert_eq!(
            list(&emulator, "{}").await.total_count,
            total,
            "nothing deleted"
        );
    }
    assert_eq!(
        refusal(&emulator, "DeleteSnapshots", json!({})).await,
        "MissingParameter"
    );

    let disk = disk_id(&emulator, false).await;
    let mine = normal_snapshot(&emulator, &disk).await;
    let reply: Acknowledged = call(
        &emulator,
        "DeleteSnapshots",
        json!({"SnapshotIds": [normal, mine], "DeleteBindImages": false}),
    )
    .await;
    assert!(!reply.request_id.is_empty());
    assert!(snapshot(&emulator, &normal).await.is_none());
    assert!(snapshot(&emulator, &mine).await.is_none());
    assert_eq!(list(&emulator, "{}").await.total_count, total - 1);
}

#[tokio::test]
async fn the_writes_are_signed_like_every_call() {
    let emulator = start().await;
    let disk = disk_id(&emulator, false).await;
    let before = list(&emulator, "{}").await.total_count;
    let mut wrong_key = V3Call::action("CreateSnapshot", &json!({"DiskId": disk}));
    wrong_key.secret_key = "not-the-key".into();
    let reply = wrong_key.send(&emulator).await;
    assert_eq!(
        crate::support::cbs::error(&reply).error.code,
        "AuthFailure.SignatureFailure"
    );
    let mut altered = V3Call::action("CreateSnapshot", &json!({"DiskId": disk}));
    altered.sent_body = Some(json!({"DiskId": disk, "SnapshotName": "x"}).to_string());
    assert_eq!(
        crate::support::cbs::error(&altered.send(&emulator).await)
            .error
            .code,
        "AuthFailure.SignatureFailure"
    );
    assert_eq!(
        ok(&V3Call::post("{}").send(&emulator).await).total_count,
        before
    );
}
