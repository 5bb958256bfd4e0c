//! The one signed send every cloud call goes through: sign, send, read the reply with a size
//! cap, log the same fields for every provider (provider, operation, status, upstream request
//! id, elapsed ms, bytes, outcome — never a key, a signature or a URL, which may carry one), and
//! hand the reply to the provider's reader for a typed result.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use shared::api::Provider;
use shared::Operation;
use url::Url;

use crate::cloud::error::CloudError;
use crate::cloud::policy::{PolicySettings, Upstream};
use crate::metrics;

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
    pub body: Bytes,
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

/// The HTTP client of every cloud call, with its timeouts, and the policy of the account it
/// serves ([`CloudHttp::for_account`]).
#[derive(Debug, Clone)]
pub struct CloudHttp {
    client: reqwest::Client,
    timeouts: Timeouts,
    /// The server's own request deadline: a retry is made only if it can end before it.
    deadline: Duration,
    policy: PolicySettings,
    upstream: Arc<Upstream>,
}

/// Why an exchange produced no reply.
struct Failure {
    error: CloudError,
    /// The request may have reached the cloud (anything but a failed connect).
    sent: bool,
}

impl CloudHttp {
    pub fn new(timeouts: Timeouts) -> Result<Self, reqwest::Error> {
        let policy = PolicySettings::default();
        Ok(Self {
            client: build_client(timeouts)?,
            timeouts,
            deadline: Duration::from_secs(90),
            upstream: Arc::new(Upstream::new("-", &policy)),
            policy,
        })
    }

    /// The same client within the server's request `deadline`, with these policy settings.
    pub fn within(mut self, deadline: Duration, policy: PolicySettings) -> Self {
        self.deadline = deadline;
        self.policy = policy;
        self.upstream = Arc::new(Upstream::new(self.upstream.account.clone(), &policy));
        self
    }

    /// A handle for one account: its own retry budget and circuit breaker.
    pub fn for_account(&self, account: &str) -> Self {
        Self {
            upstream: Arc::new(Upstream::new(account, &self.policy)),
            ..self.clone()
        }
    }

    /// The account's upstream state (breaker, budget), for the health page and the metrics.
    pub fn upstream(&self) -> Arc<Upstream> {
        Arc::clone(&self.upstream)
    }

    /// Signs `call` for `endpoint`, sends it, reads the reply and passes it to `read`, under
    /// the account's policy: the breaker may refuse at once; a read is retried on a reset, 429,
    /// 502, 503 or 504; a write never, and a write whose reply is lost is reported as
    /// [`CloudError::OutcomeUnknown`]. Logs one line per attempt.
    pub async fn send<T>(
        &self,
        provider: Provider,
        endpoint: &Url,
        signer: &dyn Sign,
        call: Call,
        read: impl Fn(Reply) -> Result<Answer<T>, CloudError>,
    ) -> Result<T, CloudError> {
        let started = Instant::now();
        let operation = call.operation;
        let write = operation.is_write();
        let upstream = &self.upstream;
        let mut retry = 0;
        loop {
            let attempt_started = Instant::now();
            if let Err(wait) = upstream.breaker.admit(attempt_started) {
                let error = CloudError::Unavailable {
                    retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
                };
                self.log(
                    provider,
                    operation,
                    retry,
                    attempt_started,
                    0,
                    0,
                    None,
                    error.code(),
                );
                metrics::cloud_call(&upstream.account, operation, error.code());
                return Err(error);
            }
            let exchanged = self.exchange(endpoint, signer, &call).await;
            let (status, bytes, header_id, retry_after) = match &exchanged {
                Ok((reply, retry_after)) => (
                    reply.status,
                    reply.body.len(),
                    reply.upstream_request_id.clone(),
                    *retry_after,
                ),
                Err(_) => (0, 0, None, None),
            };
            // The reply is read on every attempt, so that a provider's in-body verdict (Tencent
            // answers its rate limit and internal errors with HTTP 200) decides like a status.
            let result = match exchanged {
                Ok((reply, _)) => {
                    read(reply).map_err(|error| settle(error, status, write, operation))
                }
                Err(Failure { error, sent }) if write && sent => Err(CloudError::OutcomeUnknown {
                    operation,
                    cause: error.to_string(),
                }),
                Err(failure) => Err(failure.error),
            };
            let (retryable, healthy) = match &result {
                Ok(_) => (false, true),
                Err(error) => (is_transient(error), !is_upstream_fault(error)),
            };
            upstream.breaker.record(healthy, Instant::now());
            metrics::breaker_state(&upstream.account, upstream.breaker.state(Instant::now()));
            if retryable && !write && retry < upstream.retry.max_retries {
                if let Some(wait) = self.retry_wait(retry, retry_after, started) {
                    self.log(
                        provider,
                        operation,
                        retry,
                        attempt_started,
                        status,
                        bytes,
                        None,
                        "retrying",
                    );
                    metrics::retry(&upstream.account, operation);
                    tokio::time::sleep(wait).await;
                    retry += 1;
                    continue;
                }
            }
            let upstream_request_id = match &result {
                Ok(answer) => answer.upstream_request_id.clone(),
                Err(error) => error.upstream_request_id().map(str::to_owned),
            }
            .or(header_id);
            crate::audit::note_upstream_request_id(upstream_request_id.as_deref());
            let outcome = match &result {
                Ok(_) => {
                    if retry == 0 {
                        upstream.budget.succeeded();
                    }
                    "ok"
                }
                Err(error) => error.code(),
            };
            self.log(
                provider,
                operation,
                retry,
                attempt_started,
                status,
                bytes,
                upstream_request_id.as_deref(),
                outcome,
            );
            metrics::cloud_call(&upstream.account, operation, outcome_class(&result));
            metrics::cloud_latency(&upstream.account, operation, started.elapsed());
            return result.map(|answer| answer.value);
        }
    }

    /// How long to wait before retry number `retry + 1`, if it may be made at all: a wait the
    /// policy allows, a token from the budget, and time for one more whole call before the
    /// server's own deadline.
    fn retry_wait(
        &self,
        retry: u32,
        retry_after: Option<Duration>,
        started: Instant,
    ) -> Option<Duration> {
        let wait = self.upstream.retry.backoff(retry, retry_after)?;
        let worst = started.elapsed() + wait + self.timeouts.connect + self.timeouts.request;
        if worst >= self.deadline {
            return None;
        }
        if !self.upstream.budget.take() {
            tracing::info!(account = %self.upstream.account, "retry budget spent; not retrying");
            return None;
        }
        Some(wait)
    }

    #[allow(clippy::too_many_arguments)]
    fn log(
        &self,
        provider: Provider,
        operation: Operation,
        retry: u32,
        started: Instant,
        status: u16,
        bytes: usize,
        upstream_request_id: Option<&str>,
        outcome: &str,
    ) {
        tracing::info!(
            provider = provider.as_str(),
            account = %self.upstream.account,
            operation = operation.as_str(),
            attempt = retry + 1,
            status,
            upstream_request_id = upstream_request_id.unwrap_or("-"),
            elapsed_ms = started.elapsed().as_millis() as u64,
            bytes,
            outcome,
            "cloud call"
        );
    }

    async fn exchange(
        &self,
        endpoint: &Url,
        signer: &dyn Sign,
        call: &Call,
    ) -> Result<(Reply, Option<Duration>), Failure> {
        let host = host_header(endpoint);
        let signed = signer.sign(call, &host);
        let mut url = endpoint.clone();
        url.set_path(&call.path);
        url.set_query((!signed.wire_query.is_empty()).then_some(signed.wire_query.as_str()));
        let mut request = self.client.request(call.method.clone(), url);
        for (name, value) in signed.headers {
            // reqwest derives Host from the URL: the same host[:port] that was signed.
            if name.eq_ignore_ascii_case("host") {
                continue;
            }
            let name = HeaderName::try_from(name).map_err(|_| unsent(bad_header()))?;
            let value = HeaderValue::try_from(value).map_err(|_| unsent(bad_header()))?;
            request = request.header(name, value);
        }
        let mut response = request
            .body(call.body.clone())
            .send()
            .await
            .map_err(failure)?;
        let status = response.status().as_u16();
        let upstream_request_id = upstream_request_id(response.headers());
        let retry_after = retry_after(response.headers());
        if response
            .content_length()
            .is_some_and(|length| length > MAX_REPLY_BYTES as u64)
        {
            return Err(unsent_reply(too_large(status, upstream_request_id)));
        }
        // A reply that arrives as one chunk (a page read in one go) is kept as it came, without a
        // copy; chunks after it are joined in a buffer sized once from Content-Length (already
        // checked against the cap).
        let mut body = Bytes::new();
        let mut joined = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failure)? {
            if body.len() + joined.len() + chunk.len() > MAX_REPLY_BYTES {
                return Err(unsent_reply(too_large(status, upstream_request_id)));
            }
            if body.is_empty() && joined.is_empty() {
                body = chunk;
                continue;
            }
            if joined.is_empty() {
                let expected = response.content_length().unwrap_or(0);
                joined.reserve(usize::try_from(expected).unwrap_or(0).max(body.len()));
                joined.extend_from_slice(&std::mem::take(&mut body));
            }
            joined.extend_from_slice(&chunk);
        }
        let body = if joined.is_empty() {
            body
        } else {
            Bytes::from(joined)
        };
        Ok((
            Reply {
                status,
                upstream_request_id,
                body,
            },
            retry_after,
        ))
    }
}

/// A failure before anything was sent.
fn unsent(error: CloudError) -> Failure {
    Failure { error, sent: false }
}

/// A reply too large to read: the cloud answered, so a write did reach it, but the answer says
/// nothing readable either way.
fn unsent_reply(error: CloudError) -> Failure {
    Failure { error, sent: true }
}

fn failure(error: reqwest::Error) -> Failure {
    let sent = !error.is_connect();
    Failure {
        error: transport_error(error),
        sent,
    }
}

/// A reply's error, with what the policy knows: a write whose reply cannot be read, or that a
/// gateway answered 502/504 (it lost the backend's answer), may have happened; a 429 with no
/// readable body is still the cloud's rate limit.
fn settle(error: CloudError, status: u16, write: bool, operation: Operation) -> CloudError {
    match error {
        CloudError::BadReply { .. } | CloudError::Refused { .. }
            if write && matches!(status, 502 | 504) =>
        {
            CloudError::OutcomeUnknown {
                operation,
                cause: format!("the gateway answered HTTP {status}"),
            }
        }
        CloudError::BadReply { detail, .. } if write && (200..300).contains(&status) => {
            CloudError::OutcomeUnknown {
                operation,
                cause: detail,
            }
        }
        CloudError::BadReply {
            upstream_request_id,
            ..
        } if status == 429 => CloudError::Refused {
            status,
            code: shared::api::codes::RATE_LIMITED.to_owned(),
            message: "The cloud is limiting the rate of calls; try again in a moment.".to_owned(),
            upstream_request_id,
        },
        other => other,
    }
}

/// A failure that may pass by itself: a connection reset, or the cloud's rate limit or a
/// gateway's 502/503/504, whether the cloud said so by status or in its body.
fn is_transient(error: &CloudError) -> bool {
    match error {
        CloudError::Unreachable(_) => true,
        CloudError::Refused { status, .. } | CloudError::BadReply { status, .. } => {
            matches!(status, 429 | 502 | 503 | 504)
        }
        _ => false,
    }
}

/// A failure that counts against the cloud's health (for the breaker): it did not answer, or
/// answered a server error; a refusal of the request (4xx, 429) says the cloud is up.
fn is_upstream_fault(error: &CloudError) -> bool {
    match error {
        CloudError::Unreachable(_) | CloudError::Timeout | CloudError::OutcomeUnknown { .. } => {
            true
        }
        CloudError::Refused { status, .. } | CloudError::BadReply { status, .. } => *status >= 500,
        _ => false,
    }
}

/// The outcome label of the metrics: few values, whatever the cloud's code.
fn outcome_class<T>(result: &Result<Answer<T>, CloudError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(CloudError::Refused { status, .. }) if *status < 500 => "refused",
        Err(CloudError::CredentialsRejected { .. }) => "credentials_rejected",
        Err(CloudError::Timeout) => "timeout",
        Err(CloudError::Unreachable(_)) => "unreachable",
        Err(CloudError::OutcomeUnknown { .. }) => "outcome_unknown",
        Err(CloudError::Unavailable { .. }) => "breaker_open",
        Err(CloudError::Invalid(_) | CloudError::Unsupported { .. }) => "invalid",
        Err(CloudError::Refused { .. } | CloudError::BadReply { .. }) => "upstream_error",
    }
}

/// `Retry-After` in seconds (the HTTP-date form is not used by either cloud).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
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
