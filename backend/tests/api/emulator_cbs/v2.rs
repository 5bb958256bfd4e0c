//! API 2.0 (seed 003): the seed's filters and limits, GET and POST, HmacSHA1 and HmacSHA256,
//! and the 4100 / 4104 / 4500 refusals, over HTTP.

use snapdeck::cloud::cbs::wire::{ReplyV2, SnapshotV2};

use crate::support::cbs::{start, Emulator, V2Call, DEMO_TOTAL, SECOND_PROJECT};
use crate::support::Reply;

fn ok(answer: &Reply) -> (u64, Vec<SnapshotV2>) {
    answer.assert_tencent_envelope();
    let reply: ReplyV2 = answer.json();
    assert_eq!(
        (reply.code, reply.message.as_str()),
        (0, ""),
        "{}",
        answer.body
    );
    (reply.total_count.unwrap(), reply.snapshot_set.unwrap())
}

fn code(answer: &Reply) -> i64 {
    answer.assert_tencent_envelope();
    let reply: ReplyV2 = answer.json();
    assert!(reply.snapshot_set.is_none());
    reply.code
}

async fn list(emulator: &Emulator, params: &[(&str, &str)]) -> (u64, Vec<SnapshotV2>) {
    ok(&V2Call::get(params).send(emulator).await)
}

#[tokio::test]
async fn the_seed_example() {
    let emulator = start().await;
    // Seed 003: `Action=DescribeSnapshots&limit=1`: the total, and one snapshot.
    let answer = V2Call::get(&[("limit", "1")]).send(&emulator).await;
    let (total, snapshots) = ok(&answer);
    assert_eq!((total, snapshots.len()), (DEMO_TOTAL, 1));
    let raw: serde_json::Value = answer.json();
    let first = &raw["snapshotSet"][0];
    for field in [
        "snapshotId",
        "storageId",
        "snapshotName",
        "snapshotStatus",
        "projectId",
        "percent",
        "storageSize",
        "createTime",
        "diskType",
    ] {
        assert!(first.get(field).is_some(), "{field} missing in {first}");
    }
    // The seed's sample writes createTime as Beijing-time text.
    let create_time = first["createTime"].as_str().unwrap();
    assert_eq!(create_time.len(), 19, "{create_time}");
    assert_eq!(&create_time[10..11], " ");
    let (_, all) = list(&emulator, &[("limit", "100")]).await;
    assert!(all
        .iter()
        .all(|s| ["normal", "creating", "rollbacking"].contains(&s.snapshot_status.as_str())));
    assert!(all
        .iter()
        .all(|s| ["root", "data"].contains(&s.disk_type.as_str())));
}

#[tokio::test]
async fn default_limit_offset_and_max() {
    let emulator = start().await;
    let (total, first) = list(&emulator, &[]).await;
    assert_eq!((total, first.len()), (DEMO_TOTAL, 20));
    let (_, rest) = list(&emulator, &[("offset", "20")]).await;
    assert_eq!(rest.len(), 8);
    let (_, all) = list(&emulator, &[("limit", "100")]).await;
    let joined: Vec<&str> = first
        .iter()
        .chain(&rest)
        .map(|s| s.snapshot_id.as_str())
        .collect();
    let expected: Vec<&str> = all.iter().map(|s| s.snapshot_id.as_str()).collect();
    assert_eq!(joined, expected);
    for bad in [
        ("limit", "101"),
        ("limit", "0"),
        ("offset", "x"),
        ("diskType", "ssd"),
        ("projectId", "p"),
    ] {
        assert_eq!(
            code(&V2Call::get(&[bad]).send(&emulator).await),
            9003,
            "{bad:?}"
        );
    }
}

#[tokio::test]
async fn the_seed_filters() {
    let emulator = start().await;
    let (root, roots) = list(&emulator, &[("diskType", "root"), ("limit", "100")]).await;
    let (data, _) = list(&emulator, &[("diskType", "data")]).await;
    assert!(root > 0 && data > 0);
    assert_eq!(root + data, DEMO_TOTAL);
    assert!(roots.iter().all(|s| s.disk_type == "root"));
    let (second, in_second) = list(
        &emulator,
        &[("projectId", SECOND_PROJECT), ("limit", "100")],
    )
    .await;
    assert!(second > 0 && second < DEMO_TOTAL);
    assert!(in_second.iter().all(|s| s.project_id == SECOND_PROJECT));
    // AND across: system disks of the second project.
    let (both, _) = list(
        &emulator,
        &[("projectId", SECOND_PROJECT), ("diskType", "root")],
    )
    .await;
    assert!(both > 0 && both < second && both < root);
    // storageIds.n: any of the disks; `_` for `.` as the SDK allows.
    let disk_a = roots[0].storage_id.clone();
    let disk_b = in_second[0].storage_id.clone();
    let (on_a, _) = list(&emulator, &[("storageIds.0", &disk_a)]).await;
    let (on_b, _) = list(&emulator, &[("storageIds_0", &disk_b)]).await;
    let (on_either, either) = list(
        &emulator,
        &[
            ("storageIds.0", &disk_a),
            ("storageIds.1", &disk_b),
            ("limit", "100"),
        ],
    )
    .await;
    assert_eq!(on_either, on_a + on_b);
    assert!(either
        .iter()
        .all(|s| s.storage_id == disk_a || s.storage_id == disk_b));
    let id = either[1].snapshot_id.clone();
    let (one, found) = list(&emulator, &[("snapshotIds.0", &id)]).await;
    assert_eq!((one, found[0].snapshot_id.as_str()), (1, id.as_str()));
}

#[tokio::test]
async fn post_form_and_hmac_sha1() {
    let emulator = start().await;
    let (total, _) = ok(&V2Call::post(&[("diskType", "data")]).send(&emulator).await);
    assert!(total > 0 && total < DEMO_TOTAL);
    let sha1 = V2Call::get(&[("limit", "2")]).set("SignatureMethod", Some("HmacSHA1"));
    assert_eq!(ok(&sha1.send(&emulator).await).1.len(), 2);
    let default_sha1 = V2Call::get(&[]).set("SignatureMethod", None);
    assert_eq!(ok(&default_sha1.send(&emulator).await).0, DEMO_TOTAL);
    // 2.0's short region name.
    let short = V2Call::get(&[]).set("Region", Some("gz"));
    assert_eq!(ok(&short.send(&emulator).await).0, DEMO_TOTAL);
    let other = V2Call::get(&[]).set("Region", Some("ap-beijing"));
    assert_eq!(code(&other.send(&emulator).await), 4000);
    let action = V2Call::get(&[]).set("Action", Some("DescribeCbsStorages"));
    assert_eq!(code(&action.send(&emulator).await), 4000);
}

#[tokio::test]
async fn signature_failures() {
    let emulator = start().await;
    let wrong_key = V2Call {
        secret_key: "notTheSecretKey".into(),
        ..V2Call::get(&[])
    };
    assert_eq!(code(&wrong_key.send(&emulator).await), 4100);
    let unknown_id = V2Call::get(&[]).set("SecretId", Some("AKIDnobodyKnowsThisOne000000000000"));
    assert_eq!(code(&unknown_id.send(&emulator).await), 4104);
    let replayed = V2Call::get(&[("limit", "1")]);
    assert_eq!(ok(&replayed.send(&emulator).await).1.len(), 1);
    assert_eq!(code(&replayed.send(&emulator).await), 4500);
    let stale_time = (snapdeck::cloud::signing::unix_now() - 3 * 3600).to_string();
    let stale = V2Call::get(&[]).set("Timestamp", Some(&stale_time));
    assert_eq!(code(&stale.send(&emulator).await), 4500);
    let unsigned = V2Call::get(&[]).set("SecretId", None);
    assert_ne!(code(&unsigned.send(&emulator).await), 0);
}
