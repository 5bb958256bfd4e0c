//! The CBS emulator through real HTTP: the emulator on 127.0.0.1:0, called with requests signed
//! by the project's signers, as Tencent's SDKs would send them. `v3` covers API 3.0, `v2` the
//! seed's API 2.0.

mod v2;
mod v3;
mod v3_filters;

use std::sync::atomic::{AtomicU32, Ordering};

use serde::de::DeserializeOwned;
use snapdeck::cloud::cbs::{signer_v2, signer_v3};
use snapdeck::cloud::signing::unix_now;
use snapdeck::emulator::cbs::{serve, CbsEmulator, CbsEmulatorConfig};

pub const SECRET_ID: &str = "AKIDcbsEmulatorTestKey0000000000001";
pub const SECRET_KEY: &str = "cbsEmulatorTestSecretKey000000001";
pub const REGION: &str = "ap-guangzhou";
/// The demo tenant's size and its second project.
pub const DEMO_TOTAL: u64 = 28;
pub const SECOND_PROJECT: &str = "1142018";

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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let emulator = CbsEmulator::new(CbsEmulatorConfig {
        secret_id: SECRET_ID.into(),
        secret_key: SECRET_KEY.into(),
        demo_data,
        region: REGION.into(),
    });
    tokio::spawn(serve(listener, emulator));
    Emulator {
        base: format!("http://{addr}"),
        host: addr.to_string(),
    }
}

/// An HTTP reply as the tests look at it.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// Every `Content-Type` header value, so a duplicate would show.
    pub content_types: Vec<String>,
    pub body: String,
}

impl Answer {
    pub fn parse<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// What Tencent promises for every reply, errors included.
    pub fn assert_tencent_envelope(&self) {
        assert_eq!(self.status, 200, "{}", self.body);
        assert_eq!(self.content_types, ["application/json"], "{}", self.body);
    }
}

async fn read(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let content_types = response
        .headers()
        .get_all(reqwest::header::CONTENT_TYPE)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect();
    let body = response.text().await.unwrap();
    Answer {
        status,
        content_types,
        body,
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

    pub async fn send(&self, emulator: &Emulator) -> Answer {
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
        read(request.send().await.unwrap()).await
    }
}

/// Nonces unique within the test binary (2.0 refuses a reused one).
pub fn fresh_nonce() -> String {
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

    pub async fn send(&self, emulator: &Emulator) -> Answer {
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
        read(request.send().await.unwrap()).await
    }
}

#[tokio::test]
async fn unknown_paths_still_answer_tencent_json() {
    let emulator = start().await;
    let answer = read(
        reqwest::get(format!("{}/v3/snapshots", emulator.base))
            .await
            .unwrap(),
    )
    .await;
    answer.assert_tencent_envelope();
    let reply: snapdeck::cloud::cbs::wire::Reply<snapdeck::cloud::cbs::wire::ErrorResponse> =
        answer.parse();
    assert_eq!(reply.response.error.code, "UnsupportedProtocol");
    assert!(!reply.response.request_id.is_empty());
}

#[tokio::test]
async fn an_empty_tenant_lists_nothing() {
    let emulator = start_with(false).await;
    let answer = V3Call::post("{}").send(&emulator).await;
    let reply: snapdeck::cloud::cbs::wire::Reply<
        snapdeck::cloud::cbs::wire::DescribeSnapshotsResponse,
    > = answer.parse();
    assert_eq!(reply.response.total_count, 0);
    assert!(reply.response.snapshot_set.is_empty());
}
