//! The console's API through `app(state)` with `oneshot`, against the EVS emulator over real
//! HTTP (the demo's own wiring: random keys, every request signed and verified).

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use shared::api::{AccountList, ErrorBody, SnapshotPage};
use shared::snapshot::SnapshotEnvelope;
use shared::volume::VolumeList;
use shared::SnapshotStatus;
use tower::ServiceExt;

use crate::support::console::demo_console;
use crate::support::Reply;

const SNAPSHOTS: &str = "/api/v1/accounts/demo/snapshots";

#[tokio::test]
async fn health_and_request_ids() {
    let console = demo_console(Duration::from_secs(5)).await;
    let first = console.get("/api/v1/health").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["status"], "ok");
    let second = console.get("/api/v1/health").await;
    let id = |reply: &Reply| reply.headers["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id(&first), id(&second));
    assert!(id(&first).starts_with("req-"));
}

#[tokio::test]
async fn accounts_never_show_keys() {
    let console = demo_console(Duration::from_secs(5)).await;
    let reply = console.get("/api/v1/accounts").await;
    assert_eq!(reply.status, StatusCode::OK);
    let list: AccountList = reply.json();
    let demo = list
        .accounts
        .iter()
        .find(|a| a.name.as_str() == "demo")
        .unwrap();
    assert!(demo.demo && demo.can(shared::Operation::CreateSnapshot));
    let keys = &console.accounts[0].credentials;
    assert!(!reply.text.contains(keys.access_key.expose()));
    assert!(!reply.text.contains(keys.secret_key.expose()));
}

#[tokio::test]
async fn paging_walks_every_snapshot_once() {
    let console = demo_console(Duration::from_secs(5)).await;
    let all: SnapshotPage = console.get(SNAPSHOTS).await.json();
    assert!(all.snapshots.len() >= 30);
    assert_eq!(all.next_marker, None, "no limit, no next page");

    let mut seen = Vec::new();
    let mut uri = format!("{SNAPSHOTS}?limit=7");
    loop {
        let page: SnapshotPage = console.get(&uri).await.json();
        assert!(page.snapshots.len() <= 7);
        seen.extend(page.snapshots.iter().map(|s| s.id.clone()));
        match page.next_marker {
            Some(marker) => uri = format!("{SNAPSHOTS}?limit=7&marker={marker}"),
            None => break,
        }
    }
    let all_ids: Vec<String> = all.snapshots.iter().map(|s| s.id.clone()).collect();
    assert_eq!(seen, all_ids, "pages in order, without gaps or repeats");

    let offset: SnapshotPage = console
        .get(&format!("{SNAPSHOTS}?offset=3&limit=2"))
        .await
        .json();
    let ids: Vec<&str> = offset.snapshots.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [all_ids[3].as_str(), all_ids[4].as_str()]);
}

#[tokio::test]
async fn filters_reach_evs() {
    let console = demo_console(Duration::from_secs(5)).await;
    let all: SnapshotPage = console.get(SNAPSHOTS).await.json();
    let volume = all.snapshots[0].volume_id.clone();
    let page: SnapshotPage = console
        .get(&format!("{SNAPSHOTS}?status=available&volume_id={volume}"))
        .await
        .json();
    assert!(!page.snapshots.is_empty());
    assert!(page
        .snapshots
        .iter()
        .all(|s| s.status == SnapshotStatus::Available && s.volume_id == volume));
    let expected = all
        .snapshots
        .iter()
        .filter(|s| s.status == SnapshotStatus::Available && s.volume_id == volume)
        .count();
    assert_eq!(page.snapshots.len(), expected);

    let unicode = all
        .snapshots
        .iter()
        .find(|s| !s.name.is_ascii())
        .expect("the demo has a unicode name");
    let page: SnapshotPage = console
        .get(&format!(
            "{SNAPSHOTS}?name={}",
            shared::api::encode_component(&unicode.name)
        ))
        .await
        .json();
    assert!(page.snapshots.iter().all(|s| s.name == unicode.name));
    assert!(page.snapshots.iter().any(|s| s.id == unicode.id));
}

#[tokio::test]
async fn bad_list_queries_are_refused_with_fields() {
    let console = demo_console(Duration::from_secs(5)).await;
    let reply = console
        .get(&format!("{SNAPSHOTS}?limit=0&status=melting&colour=red"))
        .await;
    let error = reply.error(StatusCode::BAD_REQUEST, "validation_failed");
    let fields: Vec<Value> = error
        .fields
        .iter()
        .map(|f| serde_json::to_value(f.field).unwrap())
        .collect();
    assert_eq!(fields, [json!("limit"), json!("status"), json!("query")]);
    assert!(error
        .message
        .contains("Page size must be between 1 and 1000"));

    let reply = console
        .get(&format!("{SNAPSHOTS}?disk_usage=DATA_DISK"))
        .await;
    let error = reply.error(StatusCode::BAD_REQUEST, "validation_failed");
    assert!(error.message.contains("not supported"), "{}", error.message);

    let reply = console
        .get(&format!("{SNAPSHOTS}?marker=no-such-snapshot"))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "EVS refuses an unknown marker"
    );
}

#[tokio::test]
async fn show_create_update_round_trip() {
    let console = demo_console(Duration::from_secs(2)).await;
    let volumes: VolumeList = console.get("/api/v1/accounts/demo/volumes").await.json();
    let free = volumes.volumes.iter().find(|v| !v.is_attached()).unwrap();
    let attached = volumes.volumes.iter().find(|v| v.is_attached()).unwrap();

    let reply = console
        .send(
            Method::POST,
            SNAPSHOTS,
            Some(json!({"snapshot": {"volume_id": free.id, "name": "快照 nightly", "metadata": {"team": "db"}}})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.excerpt());
    let created: SnapshotEnvelope = reply.json();
    assert_eq!(created.snapshot.status, SnapshotStatus::Creating);
    assert_eq!(created.snapshot.size_gib, free.size_gib);

    let uri = format!("{SNAPSHOTS}/{}", created.snapshot.id);
    let shown: SnapshotEnvelope = console.get(&uri).await.json();
    assert_eq!(shown.snapshot.name, "快照 nightly");
    assert_eq!(
        shown.snapshot.metadata.get("team").map(String::as_str),
        Some("db")
    );

    tokio::time::sleep(Duration::from_millis(2300)).await;
    let settled: SnapshotEnvelope = console.get(&uri).await.json();
    assert_eq!(settled.snapshot.status, SnapshotStatus::Available);
    assert_eq!(settled.snapshot.progress, Some(100));

    let reply = console
        .send(
            Method::PUT,
            &uri,
            Some(json!({"snapshot": {"name": "renamed", "description": "kept for audit"}})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
    let updated: SnapshotEnvelope = reply.json();
    assert_eq!(updated.snapshot.name, "renamed");
    assert_eq!(
        updated.snapshot.description.as_deref(),
        Some("kept for audit")
    );

    // The force rule is EVS's; the console passes its answer on with EVS's code.
    let reply = console
        .send(
            Method::POST,
            SNAPSHOTS,
            Some(json!({"snapshot": {"volume_id": attached.id}})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.excerpt());
    let body: ErrorBody = reply.json();
    assert!(body.error.code.starts_with("EVS."), "{}", reply.excerpt());
    assert!(body.error.upstream_request_id.is_some());
    let forced = console
        .send(
            Method::POST,
            SNAPSHOTS,
            Some(json!({"snapshot": {"volume_id": attached.id, "force": true}})),
        )
        .await;
    assert_eq!(forced.status, StatusCode::ACCEPTED, "{}", forced.excerpt());
}

#[tokio::test]
async fn bad_bodies_never_reach_the_cloud() {
    let console = demo_console(Duration::from_secs(5)).await;
    let too_long = "快".repeat(86);
    let cases = [
        json!({"snapshot": {"volume_id": "../../etc"}}),
        json!({"snapshot": {"volume_id": "v", "name": too_long}}),
        json!({"snapshot": {}}),
        json!({"nothing": true}),
    ];
    for body in cases {
        let reply = console
            .send(Method::POST, SNAPSHOTS, Some(body.clone()))
            .await;
        reply.error(StatusCode::BAD_REQUEST, "validation_failed");
    }
    let reply = console
        .send(
            Method::PUT,
            &format!("{SNAPSHOTS}/abc"),
            Some(json!({"snapshot": {}})),
        )
        .await;
    reply.error(StatusCode::BAD_REQUEST, "validation_failed");

    let request = Request::builder()
        .method(Method::POST)
        .uri(SNAPSHOTS)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    let response = console.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn hostile_ids_are_refused_at_the_edge() {
    let console = demo_console(Duration::from_secs(5)).await;
    let long = "a".repeat(300);
    let hostile = [
        "..%2F..%2Fv3",
        "%2F",
        "a%3Fb",
        "a%23b",
        "a%0D%0AX-Injected:%201",
        "%2E%2E",
        long.as_str(),
        "a%20b",
    ];
    for id in hostile {
        let reply = console.get(&format!("{SNAPSHOTS}/{id}")).await;
        let error = reply.error(StatusCode::BAD_REQUEST, "validation_failed");
        assert!(
            error.message.contains("Snapshot ID"),
            "{id}: {}",
            error.message
        );
        let reply = console
            .send(
                Method::PUT,
                &format!("{SNAPSHOTS}/{id}"),
                Some(json!({"snapshot": {"name": "x"}})),
            )
            .await;
        reply.error(StatusCode::BAD_REQUEST, "validation_failed");
    }
    // Raw `../` never matches a route: the router answers, not the cloud.
    let reply = console.get(&format!("{SNAPSHOTS}/../../volumes")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.excerpt());
}

#[tokio::test]
async fn missing_things_are_404() {
    let console = demo_console(Duration::from_secs(5)).await;
    let reply = console
        .get(&format!("{SNAPSHOTS}/00000000-0000-0000-0000-000000000000"))
        .await;
    let error = reply.error(StatusCode::NOT_FOUND, "EVS.5404");
    assert!(error.upstream_request_id.is_some());
    console
        .get("/api/v1/accounts/nobody/snapshots")
        .await
        .error(StatusCode::NOT_FOUND, "unknown_account");
    console
        .get("/api/v1/nothing-here")
        .await
        .error(StatusCode::NOT_FOUND, "not_found");
    let reply = console.send(Method::DELETE, SNAPSHOTS, None).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
}
