//! The EVS emulator over real HTTP: a listener on `127.0.0.1:0`, reqwest as the client.
//! This file holds the client; [`reads`] tests list, show and routing, [`writes`] create,
//! update and the volume list.

mod reads;
mod writes;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use shared::evs::{EvsError, SnapshotEnvelope, SnapshotList};
use shared::volume::VolumeList;
use shared::Snapshot;
use snapdeck::emulator::evs::{serve, EvsEmulator, EvsEmulatorConfig};

pub const PROJECT: &str = "0c2eba2c5af04d3f9e9d0d410b371fde";

pub struct Evs {
    base: String,
    client: reqwest::Client,
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub request_id: String,
    pub body: Value,
}

impl Reply {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_value(self.body.clone())
            .unwrap_or_else(|error| panic!("{error}: {}", self.body))
    }

    /// Asserts an EVS error reply and returns it.
    pub fn error(&self, status: StatusCode, kind: &str, code: &str) -> EvsError {
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

    pub fn bad_request(&self, code: &str) -> EvsError {
        self.error(StatusCode::BAD_REQUEST, "badRequest", code)
    }
}

pub async fn start_with(demo_data: bool, settle: Duration) -> Evs {
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

pub async fn start() -> Evs {
    start_with(true, EvsEmulatorConfig::DEFAULT_SETTLE).await
}

impl Evs {
    pub async fn send(&self, method: Method, path: &str, body: Option<&str>) -> Reply {
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

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    pub async fn list(&self, query: &str) -> SnapshotList {
        let reply = self
            .get(&format!("/v2/{PROJECT}/snapshots/detail?{query}"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()
    }

    pub async fn all(&self) -> Vec<Snapshot> {
        self.list("").await.snapshots
    }

    pub async fn show(&self, id: &str) -> Snapshot {
        let reply = self
            .get(&format!("/v2/{PROJECT}/cloudsnapshots/{id}"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json::<SnapshotEnvelope>().snapshot
    }

    pub async fn create(&self, body: Value) -> Reply {
        self.send(
            Method::POST,
            &format!("/v2/{PROJECT}/snapshots"),
            Some(&body.to_string()),
        )
        .await
    }

    pub async fn update(&self, id: &str, body: Value) -> Reply {
        self.send(
            Method::PUT,
            &format!("/v3/{PROJECT}/snapshots/{id}"),
            Some(&body.to_string()),
        )
        .await
    }

    pub async fn volumes(&self, query: &str) -> VolumeList {
        let reply = self
            .get(&format!("/v2/{PROJECT}/cloudvolumes/detail?{query}"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()
    }

    /// Follows `next` links from `first`, collecting every id.
    pub async fn walk(&self, first: &str) -> (Vec<String>, usize) {
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

pub fn ids(snapshots: &[Snapshot]) -> Vec<String> {
    snapshots.iter().map(|s| s.id.clone()).collect()
}
