//! The EVS emulator over real HTTP: a listener on `127.0.0.1:0`, reqwest as the client, every
//! request signed with the project's `SDK-HMAC-SHA256` signer as the backend's client signs.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use shared::api::parse_query;
use snapdeck::cloud::evs::signer;
use snapdeck::cloud::evs::wire::{Snapshot, SnapshotEnvelope, SnapshotList, Volume, VolumeList};
use snapdeck::cloud::signing::unix_now;
use snapdeck::emulator::evs::{serve, EvsEmulator, EvsEmulatorConfig};

use super::{spawn_local, Reply};

pub const PROJECT: &str = "0c2eba2c5af04d3f9e9d0d410b371fde";
pub const AK: &str = "HPUAEMULATORTESTAK01";
pub const SK: &str = "emulator-test-secret/key+1";

pub struct Evs {
    /// `host:port` the emulator listens on.
    host: String,
    base: String,
    client: reqwest::Client,
}

/// How a test request is signed.
#[derive(Debug, Clone, Copy)]
pub enum Signing<'a> {
    /// With [`AK`] and this secret, at this Unix time.
    With {
        secret_key: &'a str,
        unix_time: i64,
    },
    Unsigned,
}

impl Signing<'_> {
    pub fn good() -> Self {
        Signing::With {
            secret_key: SK,
            unix_time: unix_now(),
        }
    }
}

pub async fn start_with(demo_data: bool, settle: Duration) -> Evs {
    let emulator = EvsEmulator::new(EvsEmulatorConfig {
        access_key: AK.into(),
        secret_key: SK.into(),
        project_id: PROJECT.into(),
        demo_data,
        settle,
    });
    let address = spawn_local(|listener| serve(listener, emulator)).await;
    Evs {
        host: address.to_string(),
        base: format!("http://{address}"),
        client: reqwest::Client::new(),
    }
}

pub async fn start() -> Evs {
    start_with(true, EvsEmulatorConfig::DEFAULT_SETTLE).await
}

impl Evs {
    pub async fn send(&self, method: Method, path: &str, body: Option<&str>) -> Reply {
        self.send_signed(method, path, body, Signing::good()).await
    }

    /// Sends `path` (relative, or an absolute link into the emulator) with its query as written,
    /// signed over the decoded query pairs, the way the gateway canonicalises what it receives.
    /// Every reply, the gateway's included, must be JSON.
    pub async fn send_signed(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        signing: Signing<'_>,
    ) -> Reply {
        let path = path.strip_prefix(&self.base).unwrap_or(path);
        let (bare_path, query) = path.split_once('?').unwrap_or((path, ""));
        let mut headers = Vec::new();
        if body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        if let Signing::With {
            secret_key,
            unix_time,
        } = signing
        {
            let pairs = parse_query(query);
            let request = signer::Request {
                method: method.as_str(),
                host: &self.host,
                path: bare_path,
                query: &pairs,
                headers: &headers,
                body: body.unwrap_or_default().as_bytes(),
            };
            headers = signer::sign(&request, AK, secret_key, &signer::sdk_date(unix_time)).headers;
        }
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        for (name, value) in &headers {
            request = request.header(name, value);
        }
        if let Some(body) = body {
            request = request.body(body.to_owned());
        }
        let reply = Reply::read(request.send().await.unwrap()).await;
        assert!(reply.is_json(), "not JSON: {}", reply.text);
        reply
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    /// A `GET` that must succeed, read as `T`.
    async fn get_ok<T: DeserializeOwned>(&self, path: &str) -> T {
        let reply = self.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()
    }

    pub async fn list(&self, query: &str) -> SnapshotList {
        self.get_ok(&format!("/v2/{PROJECT}/snapshots/detail?{query}"))
            .await
    }

    pub async fn all(&self) -> Vec<Snapshot> {
        self.list("").await.snapshots
    }

    pub async fn show(&self, id: &str) -> Snapshot {
        self.get_ok::<SnapshotEnvelope>(&format!("/v2/{PROJECT}/cloudsnapshots/{id}"))
            .await
            .snapshot
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

    /// `DELETE /v2/{pid}/cloudsnapshots/{id}`, the path the official SDK uses.
    pub async fn delete(&self, id: &str) -> Reply {
        self.send_delete(&format!("/v2/{PROJECT}/cloudsnapshots/{id}"))
            .await
    }

    /// A `DELETE`, whose 202 has no body: only a refusal must be JSON.
    pub async fn send_delete(&self, path: &str) -> Reply {
        let pairs: Vec<(String, String)> = Vec::new();
        let request = signer::Request {
            method: "DELETE",
            host: &self.host,
            path,
            query: &pairs,
            headers: &[],
            body: b"",
        };
        let headers = signer::sign(&request, AK, SK, &signer::sdk_date(unix_now())).headers;
        let mut call = self.client.delete(format!("{}{path}", self.base));
        for (name, value) in &headers {
            call = call.header(name, value);
        }
        Reply::read(call.send().await.unwrap()).await
    }

    /// `POST /v2/{pid}/cloudsnapshots/{id}/rollback` with this body.
    pub async fn rollback(&self, id: &str, body: Value) -> Reply {
        self.send(
            Method::POST,
            &format!("/v2/{PROJECT}/cloudsnapshots/{id}/rollback"),
            Some(&body.to_string()),
        )
        .await
    }

    /// The volume with this id, as the volume list shows it now.
    pub async fn volume_by_id(&self, id: &str) -> Volume {
        self.volumes("")
            .await
            .volumes
            .into_iter()
            .find(|v| v.id == id)
            .unwrap()
    }

    pub async fn volumes(&self, query: &str) -> VolumeList {
        self.get_ok(&format!("/v2/{PROJECT}/cloudvolumes/detail?{query}"))
            .await
    }

    /// The first volume that is (`true`) or is not (`false`) attached to a server.
    pub async fn volume(&self, attached: bool) -> Volume {
        self.volumes("")
            .await
            .volumes
            .into_iter()
            .find(|v| v.is_attached() == attached)
            .unwrap()
    }

    /// Follows `next` links from `first`, collecting every id.
    pub async fn walk(&self, first: &str) -> (Vec<String>, usize) {
        let mut ids = Vec::new();
        let mut pages = 0;
        let mut next = Some(format!("/v2/{PROJECT}/snapshots/detail?{first}"));
        while let Some(url) = next.take() {
            let page: SnapshotList = self.get_ok(&url).await;
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
