//! Prometheus metrics (`GET /metrics`, text format), recorded with the `metrics` crate and
//! rendered by `metrics-exporter-prometheus`: requests by route and status with latency
//! histograms, cloud calls by account, operation and outcome, retries, breaker state.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use shared::Operation;

use crate::cloud::policy::BreakerState;

/// Latency buckets, in seconds: from a cached page to a cloud that takes its time.
const BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// The process's recorder, installed on first use; `None` if another recorder was installed
/// first (then nothing is rendered, and nothing fails).
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(BUCKETS)
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            Some(handle)
        })
        .as_ref()
}

/// Installs the recorder (call once at start so the first requests are counted).
pub fn install() {
    let _ = handle();
}

/// `GET /metrics`.
pub async fn render() -> Response {
    let text = handle().map(PrometheusHandle::render).unwrap_or_default();
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Counts an API request by its route template (never the path itself, which holds ids) and
/// status, and records its latency.
pub async fn track(request: Request, next: Next) -> Response {
    install();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("snapdeck_http_requests_total", "route" => route.clone(), "method" => method.clone(), "status" => status).increment(1);
    metrics::histogram!("snapdeck_http_request_duration_seconds", "route" => route, "method" => method)
        .record(started.elapsed().as_secs_f64());
    response
}

pub fn cloud_call(account: &str, operation: Operation, outcome: &str) {
    metrics::counter!(
        "snapdeck_cloud_calls_total",
        "account" => account.to_owned(),
        "operation" => operation.as_str(),
        "outcome" => outcome.to_owned()
    )
    .increment(1);
}

pub fn cloud_latency(account: &str, operation: Operation, elapsed: Duration) {
    metrics::histogram!(
        "snapdeck_cloud_call_duration_seconds",
        "account" => account.to_owned(),
        "operation" => operation.as_str()
    )
    .record(elapsed.as_secs_f64());
}

pub fn retry(account: &str, operation: Operation) {
    metrics::counter!(
        "snapdeck_cloud_retries_total",
        "account" => account.to_owned(),
        "operation" => operation.as_str()
    )
    .increment(1);
}

/// 0 closed, 1 open, 2 half-open.
pub fn breaker_state(account: &str, state: BreakerState) {
    let value = match state {
        BreakerState::Closed => 0.0,
        BreakerState::Open => 1.0,
        BreakerState::HalfOpen => 2.0,
    };
    metrics::gauge!("snapdeck_cloud_breaker_state", "account" => account.to_owned()).set(value);
}
