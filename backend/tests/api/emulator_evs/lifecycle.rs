//! Delete and rollback: the state each leaves, and every refusal with its EVS error body.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;
use shared::{validate, SnapshotStatus};
use snapdeck::cloud::evs::wire::{Snapshot, SnapshotEnvelope};

use crate::support::evs::{start_with, Evs, PROJECT};

const SETTLE: Duration = Duration::from_millis(800);

/// A demo emulator whose deletions and rollbacks take [`SETTLE`].
async fn start() -> Evs {
    start_with(true, SETTLE).await
}

/// A new snapshot of `volume_id`, waited for until it is `available`.
async fn available_snapshot(evs: &Evs, volume_id: &str) -> Snapshot {
    let reply = evs
        .create(json!({"snapshot": {"volume_id": volume_id, "name": "lifecycle", "force": true}}))
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    let id = reply.json::<SnapshotEnvelope>().snapshot.id;
    tokio::time::sleep(SETTLE + Duration::from_millis(150)).await;
    let snapshot = evs.show(&id).await;
    assert_eq!(snapshot.status, SnapshotStatus::Available);
    snapshot
}

async fn demo_with(evs: &Evs, wanted: impl Fn(&Snapshot) -> bool) -> Snapshot {
    evs.all().await.into_iter().find(wanted).unwrap()
}

#[tokio::test]
async fn delete_is_202_without_a_body_then_deleting_then_gone() {
    let evs = start().await;
    let volume = evs.volume(false).await;
    let snapshot = available_snapshot(&evs, &volume.id).await;
    let reply = evs.delete(&snapshot.id).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text);
    assert!(reply.text.is_empty(), "no body: {}", reply.text);
    assert_eq!(reply.header("x-request-id").len(), 32);
    let deleting = evs.show(&snapshot.id).await;
    assert_eq!(deleting.status, SnapshotStatus::Deleting);
    assert!(evs.all().await.iter().any(|s| s.id == snapshot.id));

    // A second delete while the first runs: the status refuses it.
    let again = evs.delete(&snapshot.id).await;
    let error = again.bad_request("EVS.1047");
    assert!(error.message.contains("deleting"), "{}", error.message);

    tokio::time::sleep(SETTLE + Duration::from_millis(150)).await;
    assert!(evs.all().await.iter().all(|s| s.id != snapshot.id));
    let path = format!("/v2/{PROJECT}/cloudsnapshots/{}", snapshot.id);
    evs.get(&path)
        .await
        .evs_error(StatusCode::NOT_FOUND, "itemNotFound", "EVS.5404");
    evs.delete(&snapshot.id)
        .await
        .evs_error(StatusCode::NOT_FOUND, "itemNotFound", "EVS.5404");
    evs.update(&snapshot.id, json!({"snapshot": {"name": "late"}}))
        .await
        .evs_error(StatusCode::NOT_FOUND, "itemNotFound", "EVS.5404");
}

#[tokio::test]
async fn delete_takes_error_snapshots_and_the_native_path() {
    let evs = start().await;
    let failed = demo_with(&evs, |s| s.status == SnapshotStatus::Error).await;
    let reply = evs
        .send_delete(&format!("/v2/{PROJECT}/snapshots/{}", failed.id))
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text);
    assert_eq!(evs.show(&failed.id).await.status, SnapshotStatus::Deleting);
}

#[tokio::test]
async fn delete_refusals() {
    let evs = start().await;
    let creating = demo_with(&evs, |s| s.status == SnapshotStatus::Creating).await;
    let error = evs.delete(&creating.id).await.bad_request("EVS.1047");
    assert!(error.message.contains("creating"), "{}", error.message);
    assert_eq!(
        evs.show(&creating.id).await.status,
        SnapshotStatus::Creating
    );

    evs.delete("4a1c0a7e-0000-4000-8000-000000000000")
        .await
        .evs_error(StatusCode::NOT_FOUND, "itemNotFound", "EVS.5404");
    let other_project = evs
        .send_delete(&format!(
            "/v2/00000000000000000000000000000000/cloudsnapshots/{}",
            creating.id
        ))
        .await;
    other_project.bad_request("EVS.0001");
}

#[tokio::test]
async fn rollback_restores_the_volume_then_both_are_available() {
    let evs = start().await;
    let volume = evs.volume(false).await;
    let snapshot = available_snapshot(&evs, &volume.id).await;
    let reply = evs
        .rollback(
            &snapshot.id,
            json!({"rollback": {"volume_id": volume.id, "name": "restored"}}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    // The reply names the volume only, as EVS's.
    assert_eq!(reply.body, json!({"rollback": {"volume_id": volume.id}}));
    assert_eq!(
        evs.show(&snapshot.id).await.status,
        SnapshotStatus::Rollbacking
    );
    assert_eq!(evs.volume_by_id(&volume.id).await.status, "restoring");

    // While it runs, neither the snapshot nor another snapshot of the volume can roll back,
    // and the snapshot cannot be deleted.
    let again = evs
        .rollback(&snapshot.id, json!({"rollback": {"volume_id": volume.id}}))
        .await
        .bad_request("EVS.1047");
    assert!(again.message.contains("rollbacking"), "{}", again.message);
    evs.delete(&snapshot.id).await.bad_request("EVS.1047");

    tokio::time::sleep(SETTLE + Duration::from_millis(150)).await;
    assert_eq!(
        evs.show(&snapshot.id).await.status,
        SnapshotStatus::Available
    );
    assert_eq!(evs.volume_by_id(&volume.id).await.status, "available");
}

#[tokio::test]
async fn rollback_onto_a_restoring_volume_is_refused() {
    let evs = start().await;
    let volume = evs.volume(false).await;
    let first = available_snapshot(&evs, &volume.id).await;
    let second = available_snapshot(&evs, &volume.id).await;
    let body = json!({"rollback": {"volume_id": volume.id}});
    assert_eq!(
        evs.rollback(&first.id, body.clone()).await.status,
        StatusCode::ACCEPTED
    );
    let error = evs.rollback(&second.id, body).await.bad_request("EVS.1047");
    assert!(error.message.contains("restoring"), "{}", error.message);
}

#[tokio::test]
async fn rollback_refusals() {
    let evs = start().await;
    let detached = evs.volume(false).await;
    let attached = evs.volume(true).await;
    let own = available_snapshot(&evs, &detached.id).await;

    // Another volume than the snapshot's own.
    evs.rollback(&own.id, json!({"rollback": {"volume_id": attached.id}}))
        .await
        .bad_request("EVS.5400");
    // An attached volume.
    let on_attached = available_snapshot(&evs, &attached.id).await;
    let error = evs
        .rollback(
            &on_attached.id,
            json!({"rollback": {"volume_id": attached.id}}),
        )
        .await
        .bad_request("EVS.1047");
    assert!(error.message.contains("in-use"), "{}", error.message);
    // A snapshot of the backup service.
    let auto = demo_with(&evs, |s| validate::is_reserved_name(&s.name)).await;
    evs.rollback(&auto.id, json!({"rollback": {"volume_id": auto.volume_id}}))
        .await
        .bad_request("EVS.5400");
    // A snapshot still being made.
    let creating = demo_with(&evs, |s| s.status == SnapshotStatus::Creating).await;
    evs.rollback(
        &creating.id,
        json!({"rollback": {"volume_id": creating.volume_id}}),
    )
    .await
    .bad_request("EVS.1047");
    // No such snapshot.
    evs.rollback(
        "4a1c0a7e-0000-4000-8000-000000000000",
        json!({"rollback": {"volume_id": detached.id}}),
    )
    .await
    .evs_error(StatusCode::NOT_FOUND, "itemNotFound", "EVS.5404");
    // Bodies EVS cannot use.
    evs.rollback(&own.id, json!({"rollback": {"name": "no volume"}}))
        .await
        .bad_request("EVS.1002");
    evs.rollback(&own.id, json!({"volume_id": detached.id}))
        .await
        .bad_request("EVS.5400");
    evs.rollback(&own.id, json!({"rollback": {"volume_id": 7}}))
        .await
        .bad_request("EVS.5400");
    // None of these changed anything.
    assert_eq!(evs.show(&own.id).await.status, SnapshotStatus::Available);
    assert_eq!(evs.volume_by_id(&detached.id).await.status, "available");
}

#[tokio::test]
async fn rollback_is_post_only_and_signed() {
    let evs = start().await;
    let snapshot = demo_with(&evs, |s| s.status == SnapshotStatus::Available).await;
    let path = format!("/v2/{PROJECT}/cloudsnapshots/{}/rollback", snapshot.id);
    let get = evs.send(Method::GET, &path, None).await;
    assert_eq!(get.status, StatusCode::NOT_FOUND);
    assert_eq!(get.body["error_code"], "APIG.0101");
    let unsigned = evs
        .send_signed(
            Method::POST,
            &path,
            Some(&json!({"rollback": {"volume_id": snapshot.volume_id}}).to_string()),
            crate::support::evs::Signing::Unsigned,
        )
        .await;
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unsigned.body["error_code"], "APIG.0301");
    assert_eq!(
        evs.show(&snapshot.id).await.status,
        SnapshotStatus::Available
    );
}
