//! The EVS emulator over real HTTP: a listener on `127.0.0.1:0`, reqwest as the client.

use std::collections::HashSet;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shared::api::encode_component;
use shared::evs::{EvsError, SnapshotEnvelope, SnapshotList};
use shared::volume::VolumeList;
use shared::{Snapshot, SnapshotStatus};
use snapdeck::emulator::evs::{serve, EvsEmulator, EvsEmulatorConfig};

const PROJECT: &str = "0c2eba2c5af04d3f9e9d0d410b371fde";

struct Evs {
    base: String,
    client: reqwest::Client,
}

struct Reply {
    status: StatusCode,
    content_type: String,
    request_id: String,
    body: Value,
}

impl Reply {
    fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_value(self.body.clone())
            .unwrap_or_else(|error| panic!("{error}: {}", self.body))
    }

    /// Asserts an EVS error reply and returns it.
    fn error(&self, status: StatusCode, kind: &str, code: &str) -> EvsError {
        assert_eq!(self.status, status, "{}", self.body);
        let error = EvsError::parse(self.body.to_string().as_bytes()).expect("an EVS error body");
        assert_eq!(
            (error.kind.as_str(), error.code.as_str()),
            (kind, code),
            "{}",
            self.body
        );
        assert!(!error.message.is_empty());
        error
    }

    fn bad_request(&self, code: &str) -> EvsError {
        self.error(StatusCode::BAD_REQUEST, "badRequest", code)
    }
}

async fn start_with(demo_data: bool, settle: Duration) -> Evs {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let emulator = EvsEmulator::new(EvsEmulatorConfig {
        access_key: "test-ak".into(),
        secret_key: "test-sk".into(),
        project_id: PROJECT.into(),
        demo_data,
        settle,
    });
    tokio::spawn(serve(listener, emulator));
    Evs {
        base: format!("http://{address}"),
        client: reqwest::Client::new(),
    }
}

async fn start() -> Evs {
    start_with(true, EvsEmulatorConfig::DEFAULT_SETTLE).await
}

impl Evs {
    async fn send(&self, method: Method, path: &str, body: Option<&str>) -> Reply {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        };
        let mut request = self.client.request(method, url);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_owned());
        }
        let response = request.send().await.unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let (content_type, request_id) = (header("content-type"), header("x-request-id"));
        let status = response.status();
        let bytes = response.bytes().await.unwrap();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
        Reply {
            status,
            content_type,
            request_id,
            body,
        }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    async fn list(&self, query: &str) -> SnapshotList {
        let reply = self
            .get(&format!("/v2/{PROJECT}/snapshots/detail?{query}"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()
    }

    async fn all(&self) -> Vec<Snapshot> {
        self.list("").await.snapshots
    }

    async fn show(&self, id: &str) -> Snapshot {
        let reply = self
            .get(&format!("/v2/{PROJECT}/cloudsnapshots/{id}"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json::<SnapshotEnvelope>().snapshot
    }

    async fn create(&self, body: Value) -> Reply {
        self.send(
            Method::POST,
            &format!("/v2/{PROJECT}/snapshots"),
            Some(&body.to_string()),
        )
        .await
    }

    async fn update(&self, id: &str, body: Value) -> Reply {
        self.send(
            Method::PUT,
            &format!("/v3/{PROJECT}/snapshots/{id}"),
            Some(&body.to_string()),
        )
        .await
    }

    async fn volumes(&self, query: &str) -> VolumeList {
        let reply = self
            .get(&format!("/v2/{PROJECT}/cloudvolumes/detail?{query}"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()
    }

    /// Follows `next` links from `first`, collecting every id.
    async fn walk(&self, first: &str) -> (Vec<String>, usize) {
        let mut ids = Vec::new();
        let mut pages = 0;
        let mut next = Some(format!("/v2/{PROJECT}/snapshots/detail?{first}"));
        while let Some(url) = next.take() {
            let reply = self.get(&url).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            let page: SnapshotList = reply.json();
            pages += 1;
            assert!(pages < 100, "the walk does not end");
            ids.extend(page.snapshots.iter().map(|s| s.id.clone()));
            if let Some(links) = &page.snapshots_links {
                assert_eq!(links.len(), 1);
                assert_eq!(links[0].rel, "next");
                let href = &links[0].href;
                assert!(
                    href.starts_with(&self.base),
                    "{href} points at the endpoint used"
                );
                assert_eq!(
                    page.next_marker().as_deref(),
                    page.snapshots.last().map(|s| s.id.as_str())
                );
                next = Some(href.clone());
            }
        }
        (ids, pages)
    }
}

fn ids(snapshots: &[Snapshot]) -> Vec<String> {
    snapshots.iter().map(|s| s.id.clone()).collect()
}

#[tokio::test]
async fn the_full_list_is_newest_first_without_links() {
    let evs = start().await;
    let reply = evs.get(&format!("/v2/{PROJECT}/snapshots/detail")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.content_type, "application/json");
    assert_eq!(reply.request_id.len(), 32, "a uuid in 32 hex digits");
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
        assert_eq!(reply.content_type, "application/json", "{query}");
        assert_eq!(reply.request_id.len(), 32, "{query}");
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
    let auto = all.iter().find(|s| s.is_auto_backup()).unwrap();
    assert!(auto.name.starts_with("autobk_snapshot_"));
    for path in ["cloudsnapshots", "snapshots"] {
        let missing = evs
            .get(&format!(
                "/v2/{PROJECT}/{path}/6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa"
            ))
            .await;
        missing.error(StatusCode::NOT_FOUND, "itemNotFound", "EVS.5404");
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
        (Method::DELETE, format!("/v2/{PROJECT}/snapshots/{id}")),
        (Method::POST, format!("/v2/{PROJECT}/snapshots/detail")),
    ] {
        let reply = evs.send(method.clone(), &path, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(reply.body["error_code"], "APIG.0101", "{method} {path}");
        assert_eq!(reply.content_type, "application/json");
        assert_eq!(reply.request_id.len(), 32);
    }
}

#[tokio::test]
async fn a_new_snapshot_is_creating_then_available() {
    let settle = Duration::from_millis(3000);
    let evs = start_with(true, settle).await;
    let volume = evs
        .volumes("")
        .await
        .volumes
        .into_iter()
        .find(|v| !v.is_attached())
        .unwrap();
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
    let attached = evs
        .volumes("")
        .await
        .volumes
        .into_iter()
        .find(|v| v.is_attached())
        .unwrap();
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
    .error(StatusCode::NOT_FOUND, "itemNotFound", "EVS.5404");
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
    let volume = evs
        .volumes("")
        .await
        .volumes
        .into_iter()
        .find(|v| !v.is_attached())
        .unwrap();
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
    let volume = evs
        .volumes("")
        .await
        .volumes
        .into_iter()
        .find(|v| !v.is_attached())
        .unwrap();
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
