//! When the cloud misbehaves: unreachable, too slow, keys refused, a region without a route.
//! Each reaches the browser as the console's error shape with a fitting status.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use shared::snapshot::SnapshotEnvelope;
use shared::AccountName;
use snapdeck::cloud::http::Timeouts;
use snapdeck::config::{AccountConfig, Credentials, ProviderConfig, Settings};
use snapdeck::{app, AppState};
use tokio::net::TcpListener;

use crate::support::console::{console_for, demo_console, Console};

const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const SNAPSHOT_ID: &str = "2bb856e1-b3d8-4432-a858-09e4ce939389";

fn account_at(addr: SocketAddr) -> AccountConfig {
    AccountConfig {
        name: AccountName::parse("edge").unwrap(),
        region: "cn-north-4".to_owned(),
        endpoint: url::Url::parse(&format!("http://{addr}")).unwrap(),
        credentials: Credentials::new("EDGEAK", "edge-secret-key"),
        provider: ProviderConfig::Evs {
            project_id: PROJECT.to_owned(),
        },
        demo: false,
    }
}

#[tokio::test]
async fn an_unreachable_cloud_is_a_502() {
    // Bind then drop: nothing listens on that port any more.
    let addr = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let console = console_for(vec![account_at(addr)], None);
    let reply = console.get("/api/v1/accounts/edge/snapshots").await;
    let error = reply.error(StatusCode::BAD_GATEWAY, "upstream_unreachable");
    assert!(!error.message.contains("127.0.0.1"), "{}", error.message);
}

#[tokio::test]
async fn a_silent_cloud_is_a_504() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Accept connections and never answer.
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let settings = Settings {
        accounts: vec![account_at(addr)],
        timeouts: Timeouts {
            connect: Duration::from_secs(1),
            request: Duration::from_millis(500),
        },
        ..Settings::default()
    };
    let console = Console {
        router: app(AppState::new(&settings, None).unwrap()),
        accounts: settings.accounts.clone(),
        dist: None,
    };
    let started = std::time::Instant::now();
    let reply = console.get("/api/v1/accounts/edge/snapshots").await;
    reply.error(StatusCode::GATEWAY_TIMEOUT, "upstream_timeout");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_wrong_secret_key_is_credentials_rejected() {
    let console = demo_console(Duration::from_secs(5)).await;
    let mut account = console.accounts[0].clone();
    account.name = AccountName::parse("wrong-sk").unwrap();
    account.credentials = Credentials::new(
        account.credentials.access_key.expose(),
        "not-the-secret-key-0000000000000000000000",
    );
    let console = console_for(vec![account], None);
    let reply = console.get("/api/v1/accounts/wrong-sk/snapshots").await;
    let error = reply.error(StatusCode::BAD_GATEWAY, "credentials_rejected");
    assert!(error.message.contains("APIG.0301"), "{}", error.message);
    assert!(error.message.contains("credentials"), "{}", error.message);
}

#[tokio::test]
async fn show_falls_back_to_the_native_route_and_remembers() {
    let cloud_route_hits = Arc::new(AtomicUsize::new(0));
    let hits = cloud_route_hits.clone();
    // A region whose gateway does not publish `cloudsnapshots/{id}`.
    let region = Router::new()
        .route(
            "/v2/{project}/snapshots/{id}",
            get(|| async {
                Json(json!({"snapshot": {
                    "id": SNAPSHOT_ID, "status": "available", "name": "snap-001",
                    "description": null, "created_at": "2013-02-25t04:13:17.000000",
                    "updated_at": null, "metadata": {}, "volume_id": "5aa119a8-d25b-45a7-8d1b-88e127885635",
                    "size": 1
                }}))
            }),
        )
        .fallback(move || {
            hits.fetch_add(1, Ordering::SeqCst);
            async {
                (
                    StatusCode::NOT_FOUND,
                    Json(json!({"error_code": "APIG.0101", "error_msg": "The API does not exist or has not been published in the environment"})),
                )
            }
        });
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, region).await });

    let console = console_for(vec![account_at(addr)], None);
    let uri = format!("/api/v1/accounts/edge/snapshots/{SNAPSHOT_ID}");
    for _ in 0..3 {
        let reply = console.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
        let envelope: SnapshotEnvelope = reply.json();
        assert_eq!(envelope.snapshot.id, SNAPSHOT_ID);
    }
    assert_eq!(
        cloud_route_hits.load(Ordering::SeqCst),
        1,
        "learned after one miss"
    );
}

#[tokio::test]
async fn a_missing_snapshot_does_not_switch_routes() {
    let console = demo_console(Duration::from_secs(5)).await;
    let missing = "/api/v1/accounts/demo/snapshots/00000000-0000-0000-0000-000000000000";
    for _ in 0..2 {
        console
            .get(missing)
            .await
            .error(StatusCode::NOT_FOUND, "EVS.5404");
    }
}
