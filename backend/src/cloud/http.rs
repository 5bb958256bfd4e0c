//! The one signed send every cloud call goes through: sign, send, read the reply with a size
//! cap, log the same fields for every provider (provider, operation, status, upstream request
//! id, elapsed ms, bytes, outcome — never a key, a signature or a URL, which may carry one), and
//! hand the reply to the provider's reader for a typed result.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use shared::api::Provider;
use shared::Operation;
use url::Url;

use crate::cloud::error::CloudError;

/// Largest reply body read from a cloud; a page of 1,000 EVS snapshots is well under 1 MiB.
pub const MAX_REPLY_BYTES: usize = 8 * 1024 * 1024;

/// One call before it is signed: a fixed route of the provider's, with only checked ids in it.
#[derive(Debug)]
pub struct Call {
    pub operation: Operation,
    pub method: Method,
    /// Absolute path, e.g. `/v2/{project_id}/snapshots/detail`.
    pub path: String,
    /// Decoded query pairs; the signer writes the wire form.
    pub query: Vec<(String, String)>,
    /// Headers to send and (where the signer signs them) to sign; `Host` is added by the signer.
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// What a signer adds to a call.
pub struct Signed {
    /// Every header to send: the call's own and the signer's (`Authorization`, dates, …).
    pub headers: Vec<(String, String)>,
    /// The query string as sent, encoded exactly as it was signed (API 2.0 carries the
    /// signature in it).
    pub wire_query: String,
}

/// A provider's request signer: a pure function of the call, the `Host` header and the clock.
pub trait Sign: Send + Sync {
    fn sign(&self, call: &Call, host: &str) -> Signed;
}

/// A cloud's reply, read whole (within [`MAX_REPLY_BYTES`]).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// From the reply's headers (EVS's `X-Request-Id`); Tencent puts its id in the body.
    pub upstream_request_id: Option<String>,
    pub body: Vec<u8>,
}

/// A reader's result with the cloud's request id, for the log line.
pub struct Answer<T> {
    pub value: T,
    pub upstream_request_id: Option<String>,
}

impl<T> Answer<T> {
    pub fn new(value: T, upstream_request_id: Option<String>) -> Self {
        Self {
            value,
            upstream_request_id,
        }
    }
}

/// The HTTP client of every cloud call, with its timeouts.
#[derive(Debug, Clone)]
pub struct CloudHttp {
    client: reqwest::Client,
}

impl CloudHttp {
    pub fn new(timeouts: Timeouts) -> Result<Self, reqwest::Error> {
        Ok(Self {
            client: build_client(timeouts)?,
        })
    }

    /// Signs `call` for `endpoint`, sends it, reads the reply and passes it to `read`; logs one
    /// line whatever happens.
    pub async fn send<T>(
        &self,
        provider: Provider,
        endpoint: &Url,
        signer: &dyn Sign,
        call: Call,
        read: impl FnOnce(Reply) -> Result<Answer<T>, CloudError>,
    ) -> Result<T, CloudError> {
        let started = Instant::now();
        let operation = call.operation;
        let exchanged = self.exchange(endpoint, signer, call).await;
        let (status, bytes) = match &exchanged {
            Ok(reply) => (reply.status, reply.body.len()),
            Err(_) => (0, 0),
        };
        let header_id = exchanged
            .as_ref()
            .ok()
            .and_then(|reply| reply.upstream_request_id.clone());
        let result = exchanged.and_then(read);
        let upstream_request_id = match &result {
            Ok(answer) => answer.upstream_request_id.clone(),
            Err(error) => error.upstream_request_id().map(str::to_owned),
        }
        .or(header_id);
        let outcome = match &result {
            Ok(_) => "ok",
            Err(error) => error.code(),
        };
        crate::audit::note_upstream_request_id(upstream_request_id.as_deref());
        tracing::info!(
            provider = provider.as_str(),
            operation = operation.as_str(),
            status,
            upstream_request_id = upstream_request_id.as_deref().unwrap_or("-"),
            elapsed_ms = started.elapsed().as_millis() as u64,
            bytes,
            outcome,
            "cloud call"
        );
        result.map(|answer| answer.value)
    }

    async fn exchange(
        &self,
        endpoint: &Url,
        signer: &dyn Sign,
        call: Call,
    ) -> Result<Reply, CloudError> {
        let host = host_header(endpoint);
        let signed = signer.sign(&call, &host);
        let mut url = endpoint.clone();
        url.set_path(&call.path);
        url.set_query((!signed.wire_query.is_empty()).then_some(signed.wire_query.as_str()));
        let mut request = self.client.request(call.method, url);
        for (name, value) in signed.headers {
            // reqwest derives Host from the URL: the same host[:port] that was signed.
            if name.eq_ignore_ascii_case("host") {
                continue;
            }
            let name = HeaderName::try_from(name).map_err(|_| bad_header())?;
            let value = HeaderValue::try_from(value).map_err(|_| bad_header())?;
            request = request.header(name, value);
        }
        let mut response = request
            .body(call.body)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        let upstream_request_id = upstream_request_id(response.headers());
        if response
            .content_length()
            .is_some_and(|length| length > MAX_REPLY_BYTES as u64)
        {
            return Err(too_large(status, upstream_request_id));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            if body.len() + chunk.len() > MAX_REPLY_BYTES {
                return Err(too_large(status, upstream_request_id));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply {
            status,
            upstream_request_id,
            body,
        })
    }
}

fn too_large(status: u16, upstream_request_id: Option<String>) -> CloudError {
    CloudError::BadReply {
        status,
        detail: format!(
            "the reply is larger than {} MiB",
            MAX_REPLY_BYTES / 1024 / 1024
        ),
        upstream_request_id,
    }
}

/// A header a signer wrote that HTTP cannot carry: a control character in a configured value.
fn bad_header() -> CloudError {
    CloudError::Unreachable("a request header could not be written".to_owned())
}

/// Connect and whole-request timeouts for calls to a cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(30),
        }
    }
}

/// The reqwest client all cloud calls go through (rustls, no proxy surprises, no redirects: a cloud API
/// that redirects is misconfigured, and following would re-send signed headers elsewhere).
fn build_client(timeouts: Timeouts) -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("snapdeck/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// A transport failure as a [`CloudError`]; the URL is dropped from the text.
pub fn transport_error(error: reqwest::Error) -> CloudError {
    if error.is_timeout() {
        return CloudError::Timeout;
    }
    let error = error.without_url();
    let mut detail = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        detail.push_str(": ");
        detail.push_str(&cause.to_string());
        source = cause.source();
    }
    CloudError::Unreachable(detail)
}

/// The cloud's request id from a reply (`X-Request-Id` on EVS, also `X-Openstack-Request-Id`).
pub fn upstream_request_id(headers: &reqwest::header::HeaderMap) -> Option<String> {
    [
        shared::api::REQUEST_ID_HEADER,
        "x-openstack-request-id",
        "x-compute-request-id",
    ]
    .iter()
    .find_map(|name| headers.get(*name)?.to_str().ok())
    .filter(|value| !value.is_empty() && value.len() <= 128)
    .map(str::to_owned)
}

/// `host[:port]` as reqwest will send it in `Host`, and as the signers sign it (the port only
/// when not the scheme's default).
pub fn host_header(endpoint: &Url) -> String {
    let host = endpoint.host_str().unwrap_or_default();
    match endpoint.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_header_keeps_only_explicit_ports() {
        let url = Url::parse("https://evs.cn-north-4.myhuaweicloud.com").unwrap();
        assert_eq!(host_header(&url), "evs.cn-north-4.myhuaweicloud.com");
        let url = Url::parse("http://127.0.0.1:18080").unwrap();
        assert_eq!(host_header(&url), "127.0.0.1:18080");
        let url = Url::parse("https://example.com:443").unwrap();
        assert_eq!(host_header(&url), "example.com");
    }
}
