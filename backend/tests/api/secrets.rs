//! Keys never leave the server: a whole console session — list, show, create, update, volumes,
//! a refused signature — is logged at TRACE level for every crate, and neither the logs nor any
//! response holds an access key, a secret key, an `Authorization` value or a signature.

use std::time::Duration;

use axum::http::Method;
use serde_json::json;
use shared::snapshot::SnapshotEnvelope;
use shared::volume::VolumeList;
use snapdeck::config::{CbsApi, Credentials, ProviderConfig};

use crate::support::console::{console_for, demo_console};
use crate::support::logs::Captured;

#[test]
fn no_key_in_any_log_line_or_response() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // The process-wide subscriber (no other test sets one): a thread-local one misses events
    // whose callsites other test threads registered first.
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let (responses, keys) = runtime.block_on(session());
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("cloud call") && logs.contains(r#"provider="evs""#),
        "the session was logged"
    );
    assert!(
        logs.contains(r#"provider="cbs""#),
        "the CBS calls were logged"
    );
    assert!(
        logs.contains("APIG refused"),
        "the wrong key was logged as refused"
    );
    for secret in keys {
        assert!(
            secret.len() >= 16,
            "a secret worth searching for: {secret:?}"
        );
        assert!(!logs.contains(&secret), "a log line holds {secret:?}");
        assert!(!responses.contains(&secret), "a response holds {secret:?}");
    }
    for needle in [
        "SDK-HMAC-SHA256 Access=",
        "TC3-HMAC-SHA256 Credential=",
        "Signature=",
        "authorization: SDK",
        "SecretId=",
    ] {
        assert!(!logs.contains(needle), "a log line holds {needle:?}");
        assert!(!responses.contains(needle), "a response holds {needle:?}");
    }
}

/// Runs the session; returns every response body and the secrets to look for.
async fn session() -> (String, Vec<String>) {
    let console = demo_console(Duration::from_millis(200)).await;
    let credentials = console.accounts[0].credentials.clone();
    let mut responses = String::new();
    let snapshots = "/api/v1/accounts/demo/snapshots";
    for uri in [
        "/api/v1/accounts".to_owned(),
        format!("{snapshots}?limit=5"),
        "/api/v1/accounts/demo/volumes".to_owned(),
    ] {
        responses.push_str(&console.get(&uri).await.text);
    }
    let volumes: VolumeList = console.get("/api/v1/accounts/demo/volumes").await.json();
    let created = console
        .send(
            Method::POST,
            snapshots,
            Some(json!({"snapshot": {"volume_id": volumes.volumes[0].id, "force": true}})),
        )
        .await;
    responses.push_str(&created.text);
    let created: SnapshotEnvelope = created.json();
    let uri = format!("{snapshots}/{}", created.snapshot.id);
    responses.push_str(&console.get(&uri).await.text);
    let updated = console
        .send(Method::PUT, &uri, Some(json!({"snapshot": {"name": "n"}})))
        .await;
    responses.push_str(&updated.text);

    let mut wrong = console.accounts[0].clone();
    wrong.credentials = Credentials::new(
        credentials.access_key.expose(),
        "wrong-secret-key-wrong-secret-key-000000",
    );
    let wrong_console = console_for(vec![wrong], None);
    responses.push_str(&wrong_console.get(snapshots).await.text);

    // CBS: API 3.0 (the demo account) and API 2.0, whose URL carries the signature.
    let cbs = console.accounts[1].clone();
    let cbs_snapshots = "/api/v1/accounts/demo-cbs/snapshots";
    responses.push_str(&console.get(&format!("{cbs_snapshots}?limit=3")).await.text);
    let mut legacy = cbs.clone();
    legacy.name = shared::AccountName::parse("legacy").unwrap();
    legacy.provider = ProviderConfig::Cbs { api: CbsApi::V2 };
    let legacy_console = console_for(vec![legacy], None);
    let legacy_page = legacy_console
        .get("/api/v1/accounts/legacy/snapshots?limit=3")
        .await;
    assert_eq!(legacy_page.status, axum::http::StatusCode::OK);
    responses.push_str(&legacy_page.text);
    (
        responses,
        vec![
            credentials.access_key.expose().to_owned(),
            credentials.secret_key.expose().to_owned(),
            "wrong-secret-key-wrong-secret-key-000000".to_owned(),
            cbs.credentials.access_key.expose().to_owned(),
            cbs.credentials.secret_key.expose().to_owned(),
        ],
    )
}
