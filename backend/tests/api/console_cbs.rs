//! A CBS account through the console's API: listing with numbered pages and CBS filters,
//! showing, and the operations CBS does not offer refused with a 405 that names them.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde_json::json;
use shared::api::{AccountList, SnapshotPage};
use shared::snapshot::ProviderExtra;
use shared::snapshot::SnapshotEnvelope;
use shared::{Operation, SnapshotStatus};
use snapdeck::config::{CbsApi, ProviderConfig};

use crate::support::console::{console_for, demo_console};

const SNAPSHOTS: &str = "/api/v1/accounts/demo-cbs/snapshots";

#[tokio::test]
async fn the_demo_has_a_cbs_account_with_its_capabilities() {
    let console = demo_console(Duration::from_secs(5)).await;
    let list: AccountList = console.get("/api/v1/accounts").await.json();
    let cbs = list
        .accounts
        .iter()
        .find(|a| a.name.as_str() == "demo-cbs")
        .unwrap();
    assert_eq!(cbs.provider, shared::api::Provider::Cbs);
    assert_eq!(cbs.capabilities, Operation::ALL);
    assert_eq!(cbs.paging, shared::Paging::Offset);
}

#[tokio::test]
async fn numbered_pages_cover_every_snapshot() {
    let console = demo_console(Duration::from_secs(5)).await;
    let first: SnapshotPage = console.get(&format!("{SNAPSHOTS}?limit=10")).await.json();
    let total = first.total_count.unwrap();
    assert!(total >= 25, "{total}");
    assert_eq!(first.next_marker, None);
    let mut ids = Vec::new();
    for offset in (0..total).step_by(10) {
        let page: SnapshotPage = console
            .get(&format!("{SNAPSHOTS}?limit=10&offset={offset}"))
            .await
            .json();
        assert_eq!(page.total_count, Some(total));
        ids.extend(page.snapshots.into_iter().map(|s| s.id));
    }
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!((ids.len() as u64, unique.len() as u64), (total, total));
}

#[tokio::test]
async fn cbs_filters_and_mapping() {
    let console = demo_console(Duration::from_secs(5)).await;
    let page: SnapshotPage = console
        .get(&format!("{SNAPSHOTS}?disk_usage=SYSTEM_DISK&limit=100"))
        .await
        .json();
    assert!(!page.snapshots.is_empty());
    for snapshot in &page.snapshots {
        let Some(ProviderExtra::Cbs(details)) = &snapshot.extra else {
            panic!("{snapshot:?}");
        };
        assert_eq!(details.disk_usage.as_deref(), Some("SYSTEM_DISK"));
    }
    let volume = page.snapshots[0].volume_id.clone();
    let by_disk: SnapshotPage = console
        .get(&format!("{SNAPSHOTS}?volume_id={volume}&limit=100"))
        .await
        .json();
    assert!(by_disk.snapshots.iter().all(|s| s.volume_id == volume));
    assert_eq!(by_disk.total_count, Some(by_disk.snapshots.len() as u64));

    let creating: SnapshotPage = console
        .get(&format!("{SNAPSHOTS}?status=creating"))
        .await
        .json();
    assert!(!creating.snapshots.is_empty());
    for snapshot in &creating.snapshots {
        assert_eq!(snapshot.status, SnapshotStatus::Creating);
        assert_eq!(snapshot.provider_status, "CREATING");
        assert!(snapshot.progress.unwrap() < 100);
    }
}

#[tokio::test]
async fn show_one_and_a_missing_one() {
    let console = demo_console(Duration::from_secs(5)).await;
    let page: SnapshotPage = console.get(&format!("{SNAPSHOTS}?limit=1")).await.json();
    let id = &page.snapshots[0].id;
    let shown: SnapshotEnvelope = console.get(&format!("{SNAPSHOTS}/{id}")).await.json();
    assert_eq!(&shown.snapshot, &page.snapshots[0]);
    let reply = console.get(&format!("{SNAPSHOTS}/snap-nothere0")).await;
    reply.error(StatusCode::NOT_FOUND, "ResourceNotFound.SnapshotNotExist");
}

#[tokio::test]
async fn what_cbs_api_2_0_cannot_do_is_a_405_naming_it() {
    let console = demo_console(Duration::from_secs(5)).await;
    let mut legacy = console.accounts[1].clone();
    legacy.name = shared::AccountName::parse("demo-cbs").unwrap();
    legacy.provider = ProviderConfig::Cbs { api: CbsApi::V2 };
    let console = console_for(vec![legacy], None);
    let list: AccountList = console.get("/api/v1/accounts").await.json();
    assert_eq!(
        list.accounts[0].capabilities,
        [Operation::ListSnapshots, Operation::GetSnapshot]
    );
    for (method, path, body) in [
        (Method::DELETE, format!("{SNAPSHOTS}/snap-abc"), None),
        (
            Method::POST,
            format!("{SNAPSHOTS}/snap-abc/rollback"),
            Some(json!({"volume_id": "disk-abc"})),
        ),
        (
            Method::POST,
            format!("{SNAPSHOTS}/delete"),
            Some(json!({"ids": ["snap-abc"]})),
        ),
    ] {
        let reply = console.send(method, &path, body).await;
        reply.error(StatusCode::METHOD_NOT_ALLOWED, "not_supported");
    }
    let reply = console
        .send(
            Method::POST,
            SNAPSHOTS,
            Some(json!({"snapshot": {"volume_id": "disk-abc"}})),
        )
        .await;
    let error = reply.error(StatusCode::METHOD_NOT_ALLOWED, "not_supported");
    assert!(
        error.message.contains("cannot create snapshots"),
        "{}",
        error.message
    );
    let reply = console
        .send(
            Method::PUT,
            &format!("{SNAPSHOTS}/snap-abc"),
            Some(json!({"snapshot": {"name": "x"}})),
        )
        .await;
    let error = reply.error(StatusCode::METHOD_NOT_ALLOWED, "not_supported");
    assert!(
        error.message.contains("cannot update snapshots"),
        "{}",
        error.message
    );
    let reply = console.get("/api/v1/accounts/demo-cbs/volumes").await;
    reply.error(StatusCode::METHOD_NOT_ALLOWED, "not_supported");
}

#[tokio::test]
async fn evs_only_and_out_of_range_inputs_are_refused() {
    let console = demo_console(Duration::from_secs(5)).await;
    for query in ["marker=snap-abc", "limit=101"] {
        let reply = console.get(&format!("{SNAPSHOTS}?{query}")).await;
        reply.error(StatusCode::BAD_REQUEST, "validation_failed");
    }
}

#[tokio::test]
async fn api_2_0_accounts_list_too() {
    let console = demo_console(Duration::from_secs(5)).await;
    let mut legacy = console.accounts[1].clone();
    legacy.name = shared::AccountName::parse("legacy").unwrap();
    legacy.provider = ProviderConfig::Cbs { api: CbsApi::V2 };
    let console = console_for(vec![legacy], None);
    let page: SnapshotPage = console
        .get("/api/v1/accounts/legacy/snapshots?disk_usage=DATA_DISK&limit=5")
        .await
        .json();
    assert_eq!(page.snapshots.len(), 5);
    assert!(page.total_count.unwrap() > 5);
    let reply = console
        .get("/api/v1/accounts/legacy/snapshots?name=x")
        .await;
    reply.error(StatusCode::BAD_REQUEST, "validation_failed");
}
