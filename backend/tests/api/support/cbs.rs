//! The CBS emulator through real HTTP: the emulator on 127.0.0.1:0, called with requests signed
//! by the project's signers, as Tencent's SDKs would send them (API 3.0 and the seed's 2.0).

use std::sync::atomic::{AtomicU32, Ordering};

use serde::de::DeserializeOwned;
use snapdeck::cloud::cbs::wire::{
    DescribeDisksResponse, DescribeSnapshotsResponse, DiskV3, ErrorResponse, Reply as Envelope,
    SnapshotV3,
};
use snapdeck::cloud::cbs::{signer_v2, signer_v3};
use snapdeck::cloud::signing::unix_now;
use snapdeck::emulator::cbs::{serve, CbsEmulator, CbsEmulatorConfig};

use super::{spawn_local, Reply};

pub const SECRET_ID: &str = "AKIDcbsEmulatorTestKey0000000000001";
pub const SECRET_KEY: &str = "cbsEmulatorTestSecretKey000000001";
pub const REGION: &str = "ap-guangzhou";
/// The demo tenant's size and its second project.
pub const DEMO_TOTAL: u64 = 28;
pub const SECOND_PROJECT: &str = "1142018";
/// How long the test emulator's snapshots take to be made or rolled back.
pub const SETTLE: std::time::Duration = std::time::Duration::from_millis(1500);

/// A running emulator.
pub struct Emulator {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// `127.0.0.1:PORT`, the `Host` the signers sign.
    pub host: String,
}

pub async fn start() -> Emulator {
    start_with(true).await
}

pub async fn start_with(demo_data: bool) -> Emulator {
    let emulator = CbsEmulator::new(CbsEmulatorConfig {
        secret_id: SECRET_ID.into(),
        secret_key: SECRET_KEY.into(),
        demo_data,
        region: REGION.into(),
        settle: SETTLE,
    });
    let address = spawn_local(|listener| serve(listener, emulator)).await;
    Emulator {
        base: format!("http://{address}"),
        host: address.to_string(),
    }
}

/// One API 3.0 call; every part can be changed to make it wrong.
#[derive(Debug, Clone)]
pub struct V3Call {
    pub method: &'static str,
    pub query: String,
    pub body: String,
    pub content_type: &'static str,
    pub secret_id: String,
    pub secret_key: String,
    pub timestamp: i64,
    /// `X-TC-*` headers besides the timestamp; `None` leaves one out.
    pub action: Option<String>,
    pub version: Option<String>,
    pub region: Option<String>,
    /// `false`: no `Authorization` header.
    pub signed: bool,
    /// Sent instead of `body` (after signing `body`).
    pub sent_body: Option<String>,
}

impl V3Call {
    pub fn post(body: &str) -> Self {
        Self {
            method: "POST",
            query: String::new(),
            body: body.to_owned(),
            content_type: "application/json",
            secret_id: SECRET_ID.into(),
            secret_key: SECRET_KEY.into(),
            timestamp: unix_now(),
            action: Some("DescribeSnapshots".into()),
            version: Some("2017-03-12".into()),
            region: Some(REGION.into()),
            signed: true,
            sent_body: None,
        }
    }

    /// Another API 3.0 action, POSTed with this JSON body.
    pub fn action(action: &str, body: &serde_json::Value) -> Self {
        Self {
            action: Some(action.to_owned()),
            ..Self::post(&body.to_string())
        }
    }

    /// The official SDK's GET: the flattened parameters in the query, a form content type.
    pub fn get(query: &str) -> Self {
        Self {
            method: "GET",
            query: query.to_owned(),
            body: String::new(),
            content_type: "application/x-www-form-urlencoded",
            ..Self::post("")
        }
    }

    pub async fn send(&self, emulator: &Emulator) -> Reply {
        let signed = signer_v3::sign(
            &signer_v3::Request {
                method: self.method,
                host: &emulator.host,
                query: &self.query,
                content_type: self.content_type,
                body: self.body.as_bytes(),
                service: "cbs",
            },
            &self.secret_id,
            &self.secret_key,
            self.timestamp,
        );
        let url = if self.query.is_empty() {
            format!("{}/", emulator.base)
        } else {
            format!("{}/?{}", emulator.base, self.query)
        };
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).unwrap();
        let mut request = reqwest::Client::new()
            .request(method, url)
            .header("Content-Type", self.content_type)
            .header("X-TC-Timestamp", self.timestamp.to_string())
            .body(self.sent_body.clone().unwrap_or_else(|| self.body.clone()));
        for (name, value) in [
            ("X-TC-Action", &self.action),
            ("X-TC-Version", &self.version),
            ("X-TC-Region", &self.region),
        ] {
            if let Some(value) = value {
                request = request.header(name, value);
            }
        }
        if self.signed {
            request = request.header("Authorization", signed.authorization);
        }
        Reply::read(request.send().await.unwrap()).await
    }
}

/// An API 3.0 `DescribeSnapshots` answer.
pub fn ok(reply: &Reply) -> DescribeSnapshotsResponse {
    reply.assert_tencent_envelope();
    reply.json::<Envelope<DescribeSnapshotsResponse>>().response
}

/// An API 3.0 error answer.
pub fn error(reply: &Reply) -> ErrorResponse {
    reply.assert_tencent_envelope();
    let response = reply.json::<Envelope<ErrorResponse>>().response;
    assert!(!response.request_id.is_empty());
    response
}

pub fn ids(reply: &DescribeSnapshotsResponse) -> Vec<&str> {
    reply
        .snapshot_set
        .iter()
        .map(|s| s.snapshot_id.as_str())
        .collect()
}

/// `DescribeSnapshots` over API 3.0 with this JSON body.
pub async fn list(emulator: &Emulator, body: &str) -> DescribeSnapshotsResponse {
    ok(&V3Call::post(body).send(emulator).await)
}

pub async fn code_of(emulator: &Emulator, call: V3Call) -> String {
    error(&call.send(emulator).await).error.code
}

/// Every snapshot matching `filters` (a JSON array), with the total.
pub async fn filtered(emulator: &Emulator, filters: &str) -> DescribeSnapshotsResponse {
    let reply = list(
        emulator,
        &format!(r#"{{"Filters": {filters}, "Limit": 100}}"#),
    )
    .await;
    assert_eq!(reply.total_count, reply.snapshot_set.len() as u64);
    reply
}

/// An action that must succeed, its `Response` read as `T`.
pub async fn call<T: DeserializeOwned>(
    emulator: &Emulator,
    action: &str,
    body: serde_json::Value,
) -> T {
    let reply = V3Call::action(action, &body).send(emulator).await;
    reply.assert_tencent_envelope();
    assert!(
        reply.body["Response"].get("Error").is_none(),
        "{action} {body}: {}",
        reply.excerpt()
    );
    reply.json::<Envelope<T>>().response
}

/// The error code an action answers with (it must fail).
pub async fn refusal(emulator: &Emulator, action: &str, body: serde_json::Value) -> String {
    code_of(emulator, V3Call::action(action, &body)).await
}

/// One snapshot as `DescribeSnapshots` shows it now; `None` once it is gone.
pub async fn snapshot(emulator: &Emulator, id: &str) -> Option<SnapshotV3> {
    let reply = list(
        emulator,
        &serde_json::json!({"SnapshotIds": [id]}).to_string(),
    )
    .await;
    reply.snapshot_set.into_iter().next()
}

/// Every disk as `DescribeDisks` shows it now.
pub async fn disks(emulator: &Emulator) -> Vec<DiskV3> {
    call::<DescribeDisksResponse>(emulator, "DescribeDisks", serde_json::json!({"Limit": 100}))
        .await
        .disk_set
}

/// Nonces unique within the test binary (2.0 refuses a reused one).
fn fresh_nonce() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    (10_000 + NEXT.fetch_add(1, Ordering::Relaxed)).to_string()
}

/// One API 2.0 call: the seed's parameters plus the common ones, signed like the SDK.
#[derive(Debug, Clone)]
pub struct V2Call {
    pub method: &'static str,
    pub params: Vec<(String, String)>,
    pub secret_key: String,
}

impl V2Call {
    /// `Action`, `Region`, `Timestamp`, `Nonce`, `SecretId`, `SignatureMethod=HmacSHA256`, then
    /// `params`.
    pub fn get(params: &[(&str, &str)]) -> Self {
        let mut all: Vec<(String, String)> = [
            ("Action", "DescribeSnapshots".to_owned()),
            ("Region", REGION.to_owned()),
            ("Timestamp", unix_now().to_string()),
            ("Nonce", fresh_nonce()),
            ("SecretId", SECRET_ID.to_owned()),
            ("SignatureMethod", "HmacSHA256".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        all.extend(
            params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        Self {
            method: "GET",
            params: all,
            secret_key: SECRET_KEY.into(),
        }
    }

    pub fn post(params: &[(&str, &str)]) -> Self {
        Self {
            method: "POST",
            ..Self::get(params)
        }
    }

    /// Replaces (or, with `None`, removes) a parameter.
    pub fn set(mut self, key: &str, value: Option<&str>) -> Self {
        self.params.retain(|(k, _)| k != key);
        if let Some(value) = value {
            self.params.push((key.to_owned(), value.to_owned()));
        }
        self
    }

    pub async fn send(&self, emulator: &Emulator) -> Reply {
        let signed = signer_v2::sign(
            self.method,
            &emulator.host,
            "/v2/index.php",
            &self.params,
            &self.secret_key,
        );
        let client = reqwest::Client::new();
        let url = format!("{}/v2/index.php", emulator.base);
        let request = match self.method {
            "GET" => client.get(format!("{url}?{}", signed.wire_query)),
            _ => client
                .post(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(signed.wire_query),
        };
        Reply::read(request.send().await.unwrap()).await
    }
}
