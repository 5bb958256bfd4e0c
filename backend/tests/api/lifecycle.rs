//! Delete, bulk delete and rollback through the console's API, on both demo emulators over
//! real HTTP: every refusal, mixed outcomes, and CBS's create → edit → delete.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde_json::json;
use shared::api::SnapshotPage;
use shared::lifecycle::{BulkDeleteReply, Outcome};
use shared::snapshot::SnapshotEnvelope;
use shared::volume::{Volume, VolumeList};
use shared::{Snapshot, SnapshotStatus};

use crate::support::console::{demo_console, Console};

const EVS: &str = "/api/v1/accounts/demo";
const CBS: &str = "/api/v1/accounts/demo-cbs";
const SETTLE: Duration = Duration::from_millis(1500);

async fn all(console: &Console, account: &str) -> Vec<Snapshot> {
    let limit = if account == CBS { 100 } else { 1000 };
    let page: SnapshotPage = console
        .get(&format!("{account}/snapshots?limit={limit}"))
        .await
        .json();
    page.snapshots
}

/// One volume (EVS) or disk (CBS) as the console lists it now.
async fn volume(console: &Console, account: &str, id: &str) -> Volume {
    let volumes: VolumeList = console.get(&format!("{account}/volumes")).await.json();
    volumes.volumes.into_iter().find(|v| v.id == id).unwrap()
}

fn first(snapshots: &[Snapshot], pred: impl Fn(&Snapshot) -> bool) -> &Snapshot {
    snapshots.iter().find(|s| pred(s)).unwrap()
}

async fn delete(console: &Console, account: &str, id: &str) -> crate::support::Reply {
    console
        .send(Method::DELETE, &format!("{account}/snapshots/{id}"), None)
        .await
}

async fn bulk(console: &Console, account: &str, ids: &[&str], preview: bool) -> BulkDeleteReply {
    let reply = console
        .send(
            Method::POST,
            &format!("{account}/snapshots/delete"),
            Some(json!({"ids": ids, "preview": preview})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
    reply.json()
}

fn outcomes(reply: &BulkDeleteReply) -> Vec<(Outcome, Option<&str>)> {
    reply
        .results
        .iter()
        .map(|r| (r.outcome, r.code.as_deref()))
        .collect()
}

#[tokio::test]
async fn evs_delete_is_deleting_then_gone_and_refusals_come_first() {
    let console = demo_console(SETTLE).await;
    let snapshots = all(&console, EVS).await;
    let available = first(&snapshots, |s| {
        s.status == SnapshotStatus::Available && !shared::lifecycle::is_auto_backup(s)
    });
    let reply = delete(&console, EVS, &available.id).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.excerpt());
    let envelope: SnapshotEnvelope = reply.json();
    assert_eq!(envelope.snapshot.status, SnapshotStatus::Deleting);
    let shown: SnapshotEnvelope = console
        .get(&format!("{EVS}/snapshots/{}", available.id))
        .await
        .json();
    assert_eq!(shown.snapshot.status, SnapshotStatus::Deleting);
    // Deleting again: the status refuses it, before any delete call.
    let again = delete(&console, EVS, &available.id).await;
    let error = again.error(StatusCode::CONFLICT, "wrong_status");
    assert!(error.message.contains("deleting"), "{}", error.message);
    tokio::time::sleep(SETTLE + Duration::from_millis(300)).await;
    let gone = console
        .get(&format!("{EVS}/snapshots/{}", available.id))
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", gone.excerpt());

    let creating = first(&snapshots, |s| s.status == SnapshotStatus::Creating);
    delete(&console, EVS, &creating.id)
        .await
        .error(StatusCode::CONFLICT, "wrong_status");
    let auto = first(&snapshots, shared::lifecycle::is_auto_backup);
    delete(&console, EVS, &auto.id)
        .await
        .error(StatusCode::CONFLICT, "auto_backup");
    // Still there: no delete call was made for either.
    for id in [&creating.id, &auto.id] {
        let reply = console.get(&format!("{EVS}/snapshots/{id}")).await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    delete(&console, EVS, "4a1c0a7e-0000-4000-8000-000000000000")
        .await
        .error(StatusCode::NOT_FOUND, "EVS.5404");
}

#[tokio::test]
async fn evs_bulk_delete_with_mixed_outcomes_and_a_preview() {
    let console = demo_console(SETTLE).await;
    let snapshots = all(&console, EVS).await;
    let deletable: Vec<&Snapshot> = snapshots
        .iter()
        .filter(|s| s.status == SnapshotStatus::Available && !shared::lifecycle::is_auto_backup(s))
        .take(2)
        .collect();
    let creating = first(&snapshots, |s| s.status == SnapshotStatus::Creating);
    let auto = first(&snapshots, shared::lifecycle::is_auto_backup);
    let missing = "4a1c0a7e-0000-4000-8000-000000000000";
    let ids = [
        deletable[0].id.as_str(),
        creating.id.as_str(),
        auto.id.as_str(),
        missing,
        deletable[1].id.as_str(),
    ];
    let preview = bulk(&console, EVS, &ids, true).await;
    assert!(preview.preview);
    let expected = vec![
        (Outcome::Deleting, None),
        (Outcome::Refused, Some("wrong_status")),
        (Outcome::Refused, Some("auto_backup")),
        (Outcome::Refused, Some("not_found")),
        (Outcome::Deleting, None),
    ];
    assert_eq!(outcomes(&preview), expected);
    // The preview deleted nothing.
    let shown: SnapshotEnvelope = console
        .get(&format!("{EVS}/snapshots/{}", deletable[0].id))
        .await
        .json();
    assert_eq!(shown.snapshot.status, SnapshotStatus::Available);

    let done = bulk(&console, EVS, &ids, false).await;
    assert_eq!(outcomes(&done), expected);
    assert!(done.results[1]
        .message
        .as_deref()
        .unwrap()
        .contains("creating"));
    for (id, status) in [
        (&deletable[0].id, SnapshotStatus::Deleting),
        (&deletable[1].id, SnapshotStatus::Deleting),
        (&creating.id, SnapshotStatus::Creating),
    ] {
        let shown: SnapshotEnvelope = console.get(&format!("{EVS}/snapshots/{id}")).await.json();
        assert_eq!(shown.snapshot.status, status, "{id}");
    }
    // Deleting ids are now refused, one by one: nothing hides another's result.
    let twice = bulk(&console, EVS, &[ids[0], ids[4]], false).await;
    assert_eq!(
        outcomes(&twice),
        [
            (Outcome::Refused, Some("wrong_status")),
            (Outcome::Refused, Some("wrong_status"))
        ]
    );
    let empty = console
        .send(
            Method::POST,
            &format!("{EVS}/snapshots/delete"),
            Some(json!({"ids": []})),
        )
        .await;
    empty.error(StatusCode::BAD_REQUEST, "validation_failed");
    let too_many: Vec<String> = (0..101).map(|i| format!("id-{i}")).collect();
    let reply = console
        .send(
            Method::POST,
            &format!("{EVS}/snapshots/delete"),
            Some(json!({"ids": too_many})),
        )
        .await;
    reply.error(StatusCode::BAD_REQUEST, "validation_failed");
}

#[tokio::test]
async fn evs_rollback_checks_and_states() {
    let console = demo_console(SETTLE).await;
    let volumes: VolumeList = console.get(&format!("{EVS}/volumes")).await.json();
    let snapshots = all(&console, EVS).await;
    let detached = volumes.volumes.iter().find(|v| !v.is_attached()).unwrap();
    let attached = volumes.volumes.iter().find(|v| v.is_attached()).unwrap();
    let of = |volume: &str| {
        snapshots.iter().find(|s| {
            s.volume_id == volume
                && s.status == SnapshotStatus::Available
                && !shared::lifecycle::is_auto_backup(s)
        })
    };
    let rollback = |id: String, volume: String| {
        let console = &console;
        async move {
            console
                .send(
                    Method::POST,
                    &format!("{EVS}/snapshots/{id}/rollback"),
                    Some(json!({"volume_id": volume})),
                )
                .await
        }
    };
    // The attached volume: EVS refuses, and its code reaches the browser.
    let on_attached = of(&attached.id).unwrap();
    rollback(on_attached.id.clone(), attached.id.clone())
        .await
        .error(StatusCode::BAD_REQUEST, "EVS.1047");
    // Another volume: refused before any call.
    rollback(on_attached.id.clone(), detached.id.clone())
        .await
        .error(StatusCode::BAD_REQUEST, "wrong_volume");
    let auto = first(&snapshots, shared::lifecycle::is_auto_backup);
    rollback(auto.id.clone(), auto.volume_id.clone())
        .await
        .error(StatusCode::CONFLICT, "auto_backup");
    let creating = first(&snapshots, |s| s.status == SnapshotStatus::Creating);
    rollback(creating.id.clone(), creating.volume_id.clone())
        .await
        .error(StatusCode::CONFLICT, "wrong_status");
    rollback(
        "4a1c0a7e-0000-4000-8000-000000000000".into(),
        detached.id.clone(),
    )
    .await
    .error(StatusCode::NOT_FOUND, "EVS.5404");

    let good = of(&detached.id).unwrap();
    let reply = rollback(good.id.clone(), detached.id.clone()).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.excerpt());
    let envelope: SnapshotEnvelope = reply.json();
    assert_eq!(envelope.snapshot.status, SnapshotStatus::Rollbacking);
    assert_eq!(
        volume(&console, EVS, &detached.id).await.status,
        "restoring"
    );
    tokio::time::sleep(SETTLE + Duration::from_millis(300)).await;
    let shown: SnapshotEnvelope = console
        .get(&format!("{EVS}/snapshots/{}", good.id))
        .await
        .json();
    assert_eq!(shown.snapshot.status, SnapshotStatus::Available);
    assert_eq!(
        volume(&console, EVS, &detached.id).await.status,
        "available"
    );
}

#[tokio::test]
async fn cbs_create_edit_delete_and_the_disk_picker() {
    let console = demo_console(SETTLE).await;
    let volumes: VolumeList = console.get(&format!("{CBS}/volumes")).await.json();
    assert_eq!(volumes.volumes.len(), 7);
    let detached = volumes.volumes.iter().find(|v| !v.is_attached()).unwrap();
    let long = console
        .send(
            Method::POST,
            &format!("{CBS}/snapshots"),
            Some(json!({"snapshot": {"volume_id": detached.id, "name": "快".repeat(21)}})),
        )
        .await;
    let error = long.error(StatusCode::BAD_REQUEST, "validation_failed");
    assert_eq!(error.fields[0].field, shared::validate::Field::Name);
    let reply = console
        .send(
            Method::POST,
            &format!("{CBS}/snapshots"),
            Some(json!({"snapshot": {"volume_id": detached.id, "name": "before upgrade"}})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.excerpt());
    let created = reply.json::<SnapshotEnvelope>().snapshot;
    assert_eq!(created.status, SnapshotStatus::Creating);
    assert_eq!(created.volume_id, detached.id);
    // Not deletable while it is being made.
    delete(&console, CBS, &created.id)
        .await
        .error(StatusCode::CONFLICT, "wrong_status");
    let edited = console
        .send(
            Method::PUT,
            &format!("{CBS}/snapshots/{}", created.id),
            Some(json!({"snapshot": {"name": "renamed", "expires_at": "2099-01-01T00:00:00Z"}})),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.excerpt());
    let edited = edited.json::<SnapshotEnvelope>().snapshot;
    assert_eq!(edited.name, "renamed");
    assert_eq!(
        edited.expires_at.as_ref().map(|t| t.as_str()),
        Some("2099-01-01T00:00:00.000000")
    );
    let permanent: SnapshotEnvelope = console
        .send(
            Method::PUT,
            &format!("{CBS}/snapshots/{}", created.id),
            Some(json!({"snapshot": {"permanent": true}})),
        )
        .await
        .json();
    assert_eq!(permanent.snapshot.expires_at, None);
    tokio::time::sleep(SETTLE + Duration::from_millis(300)).await;
    let reply = delete(&console, CBS, &created.id).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.excerpt());
    let gone = console
        .get(&format!("{CBS}/snapshots/{}", created.id))
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cbs_bulk_delete_is_blocked_by_one_id() {
    let console = demo_console(SETTLE).await;
    let snapshots = all(&console, CBS).await;
    let normal: Vec<&Snapshot> = snapshots
        .iter()
        .filter(|s| s.status == SnapshotStatus::Available)
        .take(2)
        .collect();
    let creating = first(&snapshots, |s| s.status == SnapshotStatus::Creating);
    let ids = [
        normal[0].id.as_str(),
        creating.id.as_str(),
        normal[1].id.as_str(),
    ];
    for preview in [true, false] {
        let reply = bulk(&console, CBS, &ids, preview).await;
        assert_eq!(
            outcomes(&reply),
            [
                (Outcome::Refused, Some("blocked_by_batch")),
                (Outcome::Refused, Some("wrong_status")),
                (Outcome::Refused, Some("blocked_by_batch")),
            ]
        );
        assert!(reply.results[0]
            .message
            .as_deref()
            .unwrap()
            .contains(&creating.id));
    }
    // Nothing was deleted.
    for id in ids {
        let reply = console.get(&format!("{CBS}/snapshots/{id}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{id}");
    }
    let both = [ids[0], ids[2]];
    let done = bulk(&console, CBS, &both, false).await;
    assert_eq!(
        outcomes(&done),
        [(Outcome::Deleting, None), (Outcome::Deleting, None)]
    );
    for id in both {
        let reply = console.get(&format!("{CBS}/snapshots/{id}")).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{id}");
    }
}

#[tokio::test]
async fn cbs_rollback_of_an_attached_disk_needs_the_instance_stopped() {
    let console = demo_console(SETTLE).await;
    let volumes: VolumeList = console.get(&format!("{CBS}/volumes")).await.json();
    let snapshots = all(&console, CBS).await;
    let attached = volumes.volumes.iter().find(|v| v.is_attached()).unwrap();
    let snapshot = first(&snapshots, |s| {
        s.volume_id == attached.id && s.status == SnapshotStatus::Available
    });
    let path = format!("{CBS}/snapshots/{}/rollback", snapshot.id);
    let refused = console
        .send(Method::POST, &path, Some(json!({"volume_id": attached.id})))
        .await;
    refused.error(StatusCode::CONFLICT, "ResourceInUse");
    let reply = console
        .send(
            Method::POST,
            &path,
            Some(json!({"volume_id": attached.id, "stop_instance": true, "start_instance": true})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.excerpt());
    let disk = volume(&console, CBS, &attached.id).await;
    assert_eq!(disk.status, "ROLLBACKING");
    assert!(disk.rollback_progress.is_some());
    // Busy while rolling back.
    let again = console
        .send(
            Method::POST,
            &path,
            Some(json!({"volume_id": attached.id, "stop_instance": true})),
        )
        .await;
    again.error(StatusCode::CONFLICT, "wrong_status");
    tokio::time::sleep(SETTLE + Duration::from_millis(300)).await;
    let shown: SnapshotEnvelope = console
        .get(&format!("{CBS}/snapshots/{}", snapshot.id))
        .await
        .json();
    assert_eq!(shown.snapshot.status, SnapshotStatus::Available);
}
