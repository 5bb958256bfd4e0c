//! List, show, and what the emulator says to wrong paths.

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use shared::api::encode_component;
use shared::SnapshotStatus;
use snapdeck::cloud::evs::wire::{Snapshot, AUTO_BACKUP_METADATA_KEY};
use snapdeck::cloud::evs::wire::{SnapshotEnvelope, SnapshotList};

use crate::support::evs::{ids, start, PROJECT};

#[tokio::test]
async fn the_full_list_is_newest_first_without_links() {
    let evs = start().await;
    let reply = evs.get(&format!("/v2/{PROJECT}/snapshots/detail")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "application/json");
    assert_eq!(
        reply.header("x-request-id").len(),
        32,
        "a uuid in 32 hex digits"
    );
    assert!(reply.body.get("snapshots_links").is_none());
    let all: SnapshotList = reply.json();
    assert!(all.snapshots.len() >= 30);
    for pair in all.snapshots.windows(2) {
        let key = |s: &Snapshot| (s.created_at.clone(), s.id.clone());
        assert!(
            key(&pair[0]) > key(&pair[1]),
            "{} before {}",
            pair[0].id,
            pair[1].id
        );
    }
    let first = &reply.body["snapshots"][0];
    assert_eq!(first["os-extended-snapshot-attributes:project_id"], PROJECT);
    assert!(first["os-extended-snapshot-attributes:progress"].is_string());
    // Ties on created_at exist in the demo and are broken by id.
    let times: HashSet<_> = all.snapshots.iter().map(|s| s.created_at.clone()).collect();
    assert!(times.len() < all.snapshots.len());
}

#[tokio::test]
async fn paging_by_marker_walks_every_snapshot_once() {
    let evs = start().await;
    let all = ids(&evs.all().await);
    let (walked, pages) = evs.walk("limit=7").await;
    assert_eq!(walked, all, "same rows, same order, no gaps");
    assert_eq!(
        walked.iter().collect::<HashSet<_>>().len(),
        walked.len(),
        "no duplicates"
    );
    assert_eq!(pages, all.len().div_ceil(7));
    // The alias path pages the same way, and its links keep the alias path.
    let alias = evs
        .get(&format!("/v2/{PROJECT}/cloudsnapshots/detail?limit=7"))
        .await
        .json::<SnapshotList>();
    assert_eq!(ids(&alias.snapshots), all[..7]);
    let href = &alias.snapshots_links.unwrap()[0].href;
    assert!(href.contains("/cloudsnapshots/detail?"), "{href}");
    assert!(href.contains(&format!("marker={}", all[6])), "{href}");
    assert!(href.contains("limit=7"), "{href}");
}

#[tokio::test]
async fn links_are_there_exactly_when_limit_is_given_and_rows_remain() {
    let evs = start().await;
    let total = evs.all().await.len();
    assert!(evs
        .list(&format!("limit={}", total - 1))
        .await
        .snapshots_links
        .is_some());
    assert!(evs
        .list(&format!("limit={total}"))
        .await
        .snapshots_links
        .is_none());
    assert!(evs.list("limit=1000").await.snapshots_links.is_none());
    assert!(evs.list("offset=3").await.snapshots_links.is_none());
    let last = evs.list(&format!("limit=5&offset={}", total - 5)).await;
    assert_eq!(last.snapshots.len(), 5);
    assert!(
        last.snapshots_links.is_none(),
        "the last page has no next link"
    );
}

#[tokio::test]
async fn offset_skips_rows_and_combines_with_marker() {
    let evs = start().await;
    let all = ids(&evs.all().await);
    let page = evs.list("offset=5&limit=3").await;
    assert_eq!(ids(&page.snapshots), all[5..8]);
    // The next link continues after the page, without applying the offset again.
    let href = &page.snapshots_links.unwrap()[0].href;
    assert!(!href.contains("offset"), "{href}");
    assert_eq!(
        ids(&evs
            .list(&href[href.find('?').unwrap() + 1..])
            .await
            .snapshots),
        all[8..11]
    );
    // Marker first, then offset.
    let after = evs
        .list(&format!("marker={}&offset=2&limit=2", all[3]))
        .await;
    assert_eq!(ids(&after.snapshots), all[6..8]);
    let beyond = evs.list(&format!("offset={}&limit=5", all.len())).await;
    assert!(beyond.snapshots.is_empty() && beyond.snapshots_links.is_none());
}

#[tokio::test]
async fn filters_alone_and_together() {
    let evs = start().await;
    let all = evs.all().await;
    let mysql = evs
        .volumes("")
        .await
        .volumes
        .into_iter()
        .find(|v| v.name == "mysql-data")
        .unwrap();
    let expect = |keep: &dyn Fn(&Snapshot) -> bool| -> Vec<String> {
        all.iter()
            .filter(|s| keep(s))
            .map(|s| s.id.clone())
            .collect()
    };
    let daily = "数据库每日备份";
    // (query, expected ids, also walk it one row per page)
    let cases: Vec<(String, Vec<String>, bool)> = vec![
        (
            format!("name={}", encode_component(daily)),
            expect(&|s| s.name == daily),
            true,
        ),
        (
            "status=error".into(),
            expect(&|s| s.status == SnapshotStatus::Error),
            true,
        ),
        (
            "status=creating".into(),
            expect(&|s| s.status == SnapshotStatus::Creating),
            false,
        ),
        (
            format!("volume_id={}", mysql.id),
            expect(&|s| s.volume_id == mysql.id),
            false,
        ),
        (
            format!("volume_id={}&status=available", mysql.id),
            expect(&|s| s.volume_id == mysql.id && s.status == SnapshotStatus::Available),
            true,
        ),
        (
            format!(
                "name={}&status=error&volume_id={}",
                encode_component(daily),
                mysql.id
            ),
            expect(&|s| s.name == daily && s.status == SnapshotStatus::Error),
            false,
        ),
        // Names match exactly, as EVS's filter.
        ("name=ecs-web-01-sys".into(), Vec::new(), false),
        ("status=nonsense".into(), Vec::new(), false),
    ];
    for (query, expected, walk) in cases {
        let got = ids(&evs.list(&query).await.snapshots);
        assert_eq!(got, expected, "{query}");
        if walk {
            assert!(got.len() >= 2, "{query} needs a few rows to test paging");
            // Filtered pages chain with the filters kept in the link.
            let (walked, _) = evs.walk(&format!("{query}&limit=1")).await;
            assert_eq!(walked, expected, "{query} paged");
        }
    }
    // `+` reads as a space, as in form encoding.
    let spaced = ids(&evs
        .list("name=mysql-data+%E5%8D%87%E7%BA%A7%E5%89%8D")
        .await
        .snapshots);
    assert_eq!(spaced, expect(&|s| s.name == "mysql-data 升级前"));
    assert_eq!(spaced.len(), 1);
}

#[tokio::test]
async fn list_errors() {
    let evs = start().await;
    let list = |query: String| {
        let evs = &evs;
        async move {
            evs.get(&format!("/v2/{PROJECT}/snapshots/detail?{query}"))
                .await
        }
    };
    for (query, code) in [
        ("limit=0", "EVS.5400"),
        ("limit=-1", "EVS.5400"),
        ("limit=1001", "EVS.2142"),
        ("limit=abc", "EVS.5400"),
        ("offset=x", "EVS.5400"),
        ("marker=6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa", "EVS.1024"),
    ] {
        let reply = list(query.to_owned()).await;
        reply.bad_request(code);
        assert_eq!(reply.header("content-type"), "application/json", "{query}");
        assert_eq!(reply.header("x-request-id").len(), 32, "{query}");
    }
    let long = list(format!("name={}", "n".repeat(256)))
        .await
        .bad_request("EVS.5400");
    assert!(long.message.contains("256 bytes"), "{}", long.message);
    assert_eq!(
        list(format!("name={}", "n".repeat(255))).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn show_by_both_paths_and_not_found() {
    let evs = start().await;
    let all = evs.all().await;
    for snapshot in all.iter().filter(|s| s.status != SnapshotStatus::Creating) {
        assert_eq!(&evs.show(&snapshot.id).await, snapshot);
        let native = evs
            .get(&format!("/v2/{PROJECT}/snapshots/{}", snapshot.id))
            .await;
        assert_eq!(&native.json::<SnapshotEnvelope>().snapshot, snapshot);
    }
    let auto = all
        .iter()
        .find(|s| s.metadata.contains_key(AUTO_BACKUP_METADATA_KEY))
        .unwrap();
    assert!(auto.name.starts_with("autobk_snapshot_"));
    for path in ["cloudsnapshots", "snapshots"] {
        let missing = evs
            .get(&format!(
                "/v2/{PROJECT}/{path}/6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa"
            ))
            .await;
        missing.evs_error(StatusCode::NOT_FOUND, "itemNotFound", "EVS.5404");
        assert!(missing.body.get("itemNotFound").is_some());
    }
}

#[tokio::test]
async fn wrong_project_and_unknown_routes() {
    let evs = start().await;
    let id = evs.all().await[0].id.clone();
    let other = "ffffffffffffffffffffffffffffffff";
    for path in [
        format!("/v2/{other}/snapshots/detail"),
        format!("/v2/{other}/cloudsnapshots/{id}"),
        format!("/v2/{other}/cloudvolumes/detail"),
    ] {
        evs.get(&path).await.bad_request("EVS.0001");
    }
    let wrong_project_update = evs
        .send(
            Method::PUT,
            &format!("/v3/{other}/snapshots/{id}"),
            Some(r#"{"snapshot":{"name":"x"}}"#),
        )
        .await;
    wrong_project_update.bad_request("EVS.0001");
    for (method, path) in [
        (Method::GET, "/".to_owned()),
        (Method::GET, format!("/v2/{PROJECT}/volumes")),
        (Method::PATCH, format!("/v2/{PROJECT}/snapshots/{id}")),
        (Method::POST, format!("/v2/{PROJECT}/snapshots/detail")),
    ] {
        let reply = evs.send(method.clone(), &path, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(reply.body["error_code"], "APIG.0101", "{method} {path}");
        assert_eq!(reply.header("content-type"), "application/json");
        assert_eq!(reply.header("x-request-id").len(), 32);
    }
}
