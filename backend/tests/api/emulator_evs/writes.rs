//! Create, update and the volume list.

use std::collections::HashSet;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;
use shared::SnapshotStatus;
use snapdeck::cloud::evs::wire::SnapshotEnvelope;

use crate::support::evs::{ids, start, start_with, PROJECT};

#[tokio::test]
async fn a_new_snapshot_is_creating_then_available() {
    let settle = Duration::from_millis(3000);
    let evs = start_with(true, settle).await;
    let volume = evs.volume(false).await;
    let started = tokio::time::Instant::now();
    let reply = evs
        .create(json!({"snapshot": {
            "volume_id": volume.id, "name": "snap-001", "description": "Daily backup",
            "metadata": {"owner": "qa"}, "force": false
        }}))
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    assert!(reply.body["snapshot"]
        .get("os-extended-snapshot-attributes:progress")
        .is_none());
    let created = reply.json::<SnapshotEnvelope>().snapshot;
    assert_eq!(created.status, SnapshotStatus::Creating);
    assert_eq!(created.size, volume.size);
    assert_eq!(created.volume_id, volume.id);
    assert_eq!(created.updated_at.as_ref(), Some(&created.created_at));
    assert_eq!(
        created.metadata.get("owner").map(String::as_str),
        Some("qa")
    );
    assert_eq!(
        uuid::Uuid::parse_str(&created.id)
            .unwrap()
            .get_version_num(),
        4
    );
    // It leads the list at once.
    assert_eq!(evs.all().await[0].id, created.id);

    let mut progress = Vec::new();
    while started.elapsed() < settle - Duration::from_millis(400) {
        let now = evs.show(&created.id).await;
        assert_eq!(now.status, SnapshotStatus::Creating);
        progress.push(now.progress_percent().unwrap());
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
    assert!(progress.first() < progress.last(), "{progress:?} rises");
    assert!(progress.iter().all(|p| *p < 100), "{progress:?}");

    tokio::time::sleep_until(started + settle + Duration::from_millis(200)).await;
    let done = evs.show(&created.id).await;
    assert_eq!(done.status, SnapshotStatus::Available);
    assert_eq!(done.progress.as_deref(), Some("100%"));
    assert!(done.updated_at > created.updated_at);
    let available = evs.list("status=available").await;
    assert_eq!(available.snapshots[0].id, created.id);
}

#[tokio::test]
async fn create_by_the_alias_and_forced_on_an_attached_volume() {
    let evs = start().await;
    let attached = evs.volume(true).await;
    let body = json!({"snapshot": {"volume_id": attached.id, "name": "forced", "force": true}});
    let reply = evs
        .send(
            Method::POST,
            &format!("/v2/{PROJECT}/cloudsnapshots"),
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    let created = reply.json::<SnapshotEnvelope>().snapshot;
    assert_eq!(evs.show(&created.id).await.name, "forced");
}

#[tokio::test]
async fn create_errors() {
    let evs = start().await;
    let volumes = evs.volumes("").await.volumes;
    let attached = volumes.iter().find(|v| v.is_attached()).unwrap();
    let free = volumes.iter().find(|v| !v.is_attached()).unwrap();
    let before = evs.all().await.len();
    let raw = |body: &'static str| {
        let evs = &evs;
        async move {
            evs.send(
                Method::POST,
                &format!("/v2/{PROJECT}/snapshots"),
                Some(body),
            )
            .await
        }
    };
    raw("{not json").await.bad_request("EVS.5400");
    raw("").await.bad_request("EVS.5400");
    raw(r#"{"volume_id": "x"}"#).await.bad_request("EVS.5400");
    raw(r#"{"snapshot": {"name": "no volume"}}"#)
        .await
        .bad_request("EVS.1002");
    evs.create(json!({"snapshot": {"volume_id": "6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa"}}))
        .await
        .bad_request("EVS.1002");
    evs.create(json!({"snapshot": {"volume_id": free.id, "force": "yes"}}))
        .await
        .bad_request("EVS.5400");
    let in_use = evs
        .create(json!({"snapshot": {"volume_id": attached.id}}))
        .await
        .bad_request("EVS.5400");
    assert!(in_use.message.contains("in-use"), "{}", in_use.message);
    assert!(in_use.message.contains("force"), "{}", in_use.message);
    evs.create(json!({"snapshot": {"volume_id": attached.id, "force": false}}))
        .await
        .bad_request("EVS.5400");
    // 85 Chinese characters are 255 bytes; 86 are 258.
    let name = evs
        .create(json!({"snapshot": {"volume_id": free.id, "name": "快".repeat(86)}}))
        .await
        .bad_request("EVS.5400");
    assert!(name.message.contains("258 bytes"), "{}", name.message);
    evs.create(json!({"snapshot": {"volume_id": free.id, "description": "d".repeat(256)}}))
        .await
        .bad_request("EVS.5400");
    assert_eq!(evs.all().await.len(), before, "nothing was created");
    let ok = evs
        .create(json!({"snapshot": {"volume_id": free.id, "name": "快".repeat(85), "description": null}}))
        .await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{}", ok.body);
    assert_eq!(evs.all().await.len(), before + 1);
}

#[tokio::test]
async fn update_changes_name_description_and_updated_at() {
    let evs = start().await;
    let target = evs
        .all()
        .await
        .into_iter()
        .find(|s| s.description.is_none() && s.status == SnapshotStatus::Available)
        .unwrap();
    let reply = evs
        .update(
            &target.id,
            json!({"snapshot": {"name": "snap-001", "description": "Daily backup"}}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let updated = reply.json::<SnapshotEnvelope>().snapshot;
    assert_eq!(updated.name, "snap-001");
    assert_eq!(updated.description.as_deref(), Some("Daily backup"));
    assert!(updated.updated_at > target.updated_at);
    assert!(updated.updated_at.as_ref().unwrap() > &target.created_at);
    assert_eq!(updated.created_at, target.created_at);
    let shown = evs.show(&target.id).await;
    assert_eq!(
        (shown.name.as_str(), shown.updated_at.clone()),
        ("snap-001", updated.updated_at.clone())
    );

    // The alias; one field at a time leaves the other alone.
    let alias = evs
        .send(
            Method::PUT,
            &format!("/v2/{PROJECT}/cloudsnapshots/{}", target.id),
            Some(r#"{"snapshot":{"description":"备份说明"}}"#),
        )
        .await;
    assert_eq!(alias.status, StatusCode::OK, "{}", alias.body);
    let shown = evs.show(&target.id).await;
    assert_eq!(shown.name, "snap-001");
    assert_eq!(shown.description.as_deref(), Some("备份说明"));
    assert_eq!(evs.list("name=snap-001").await.snapshots.len(), 1);
}

#[tokio::test]
async fn update_errors() {
    let evs = start().await;
    let id = evs.all().await[0].id.clone();
    evs.update(
        "6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa",
        json!({"snapshot": {"name": "x"}}),
    )
    .await
    .evs_error(StatusCode::NOT_FOUND, "itemNotFound", "EVS.5404");
    evs.update(&id, json!({"snapshot": {}}))
        .await
        .bad_request("EVS.5400");
    evs.update(&id, json!({"snapshot": {"metadata": {"a": "b"}}}))
        .await
        .bad_request("EVS.5400");
    evs.update(&id, json!({"name": "x"}))
        .await
        .bad_request("EVS.5400");
    evs.update(&id, json!({"snapshot": {"name": "n".repeat(256)}}))
        .await
        .bad_request("EVS.5400");
    evs.update(&id, json!({"snapshot": {"description": "描".repeat(86)}}))
        .await
        .bad_request("EVS.5400");
    evs.send(
        Method::PUT,
        &format!("/v3/{PROJECT}/snapshots/{id}"),
        Some("nope"),
    )
    .await
    .bad_request("EVS.5400");
    let unchanged = evs.show(&id).await;
    assert_ne!(unchanged.name, "x");
}

#[tokio::test]
async fn the_volume_list_pages() {
    let evs = start().await;
    let all = evs.volumes("").await;
    let count = all.count.unwrap();
    assert!(count >= 5);
    assert_eq!(all.volumes.len() as u64, count);
    assert!(all.volumes.iter().any(|v| v.is_attached()));
    assert!(all.volumes.iter().any(|v| !v.is_attached()));
    let page = evs.volumes("limit=2&offset=1").await;
    assert_eq!(page.volumes, all.volumes[1..3]);
    assert_eq!(page.count, Some(count), "count is of every volume");
    let after = evs
        .volumes(&format!("marker={}&limit=1", all.volumes[2].id))
        .await;
    assert_eq!(after.volumes, all.volumes[3..4]);
    for query in ["limit=0", "limit=abc"] {
        evs.get(&format!("/v2/{PROJECT}/cloudvolumes/detail?{query}"))
            .await
            .bad_request("EVS.5400");
    }
    evs.get(&format!("/v2/{PROJECT}/cloudvolumes/detail?marker=nope"))
        .await
        .bad_request("EVS.1024");
    // Every snapshot's volume is in the list.
    let known: HashSet<String> = all.volumes.iter().map(|v| v.id.clone()).collect();
    assert!(evs.all().await.iter().all(|s| known.contains(&s.volume_id)));
}

#[tokio::test]
async fn empty_start_has_volumes_but_no_snapshots() {
    let evs = start_with(false, Duration::from_millis(10)).await;
    assert!(evs.all().await.is_empty());
    let limited = evs.list("limit=5").await;
    assert!(limited.snapshots.is_empty() && limited.snapshots_links.is_none());
    let volume = evs.volume(false).await;
    let created = evs
        .create(json!({"snapshot": {"volume_id": volume.id}}))
        .await
        .json::<SnapshotEnvelope>()
        .snapshot;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let only = evs.all().await;
    assert_eq!(ids(&only), [created.id]);
    assert_eq!(only[0].status, SnapshotStatus::Available);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_are_all_kept() {
    let evs = std::sync::Arc::new(start().await);
    let before = evs.all().await.len();
    let volume = evs.volume(false).await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let evs = evs.clone();
        let volume_id = volume.id.clone();
        tasks.push(tokio::spawn(async move {
            let reply = evs
                .create(
                    json!({"snapshot": {"volume_id": volume_id, "name": format!("parallel-{i}")}}),
                )
                .await;
            assert_eq!(reply.status, StatusCode::ACCEPTED);
            reply.json::<SnapshotEnvelope>().snapshot.id
        }));
    }
    let mut created = HashSet::new();
    for task in tasks {
        created.insert(task.await.unwrap());
    }
    assert_eq!(created.len(), 20);
    let all = evs.all().await;
    assert_eq!(all.len(), before + 20);
    assert!(created.iter().all(|id| all.iter().any(|s| &s.id == id)));
}
