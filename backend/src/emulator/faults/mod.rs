//! Fault injection for both emulators, off by default: a serve loop around an emulator's router
//! that, for requests a [`FaultPlan`] picks, waits, hangs, drops the connection (before or after
//! doing the work) or answers what a failing cloud or a proxy in front of it would. Each fault
//! applies to the console's operation names, worked out from EVS's method and path and from
//! CBS's action.

mod spec;

use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use axum::http::{HeaderValue, Method, Request, Response, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::net::TcpListener;
use tower::ServiceExt;

pub use spec::{FaultKind, FaultOperation, FaultSpec, FaultSpecError};

use crate::cloud::cbs::wire::{ErrorInfo, ErrorResponse, Reply as CbsReply};
use crate::cloud::evs::wire::{EvsError, GatewayError};

/// Whose cloud the faulty replies imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Evs,
    Cbs,
}

/// The faults to inject and the random source that picks requests (seeded: a run repeats).
#[derive(Debug, Clone)]
pub struct FaultPlan {
    specs: Vec<FaultSpec>,
    rng: Arc<Mutex<StdRng>>,
    /// Times each spec was injected, and requests seen in all.
    counts: Arc<Mutex<Counts>>,
}

#[derive(Debug, Default)]
struct Counts {
    injected: Vec<u32>,
    requests: u64,
}

impl Default for FaultPlan {
    fn default() -> Self {
        Self::new(Vec::new(), 0)
    }
}

impl FaultPlan {
    pub fn new(specs: Vec<FaultSpec>, seed: u64) -> Self {
        let counts = Counts {
            injected: vec![0; specs.len()],
            requests: 0,
        };
        Self {
            specs,
            rng: Arc::new(Mutex::new(StdRng::seed_from_u64(seed))),
            counts: Arc::new(Mutex::new(counts)),
        }
    }

    /// Requests the emulator received through this plan (faulty or not).
    pub fn requests(&self) -> u64 {
        self.counts().requests
    }

    /// Faults injected in all.
    pub fn injected(&self) -> u32 {
        self.counts().injected.iter().sum()
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn is_empty(&self) -> bool {
        self.specs.is_empty()
    }

    /// The first fault that applies to `operation` and whose rate hits this time.
    fn pick(&self, operation: Option<FaultOperation>) -> Option<FaultKind> {
        let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
        let mut counts = self.counts();
        counts.requests += 1;
        let (index, spec) = self.specs.iter().enumerate().find(|(index, spec)| {
            (spec.operation.is_none() || spec.operation == operation)
                && spec
                    .times
                    .is_none_or(|times| counts.injected.get(*index).copied().unwrap_or(0) < times)
                && (spec.rate >= 1.0 || rng.gen::<f64>() < spec.rate)
        })?;
        if let Some(count) = counts.injected.get_mut(index) {
            *count += 1;
        }
        Some(spec.kind)
    }
}

/// Requests bodies larger than this are refused by the emulators anyway.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// The oversize fault's body: larger than the console's reply cap.
const OVERSIZE_BYTES: usize = 9 * 1024 * 1024;

/// Why a connection is dropped on purpose (hyper closes a connection whose service fails).
#[derive(Debug, thiserror::Error)]
#[error("fault injected: connection dropped")]
struct Dropped;

/// Serves `router` (an emulator's) on `listener`, injecting `plan`'s faults, until the process
/// ends. With an empty plan it serves exactly as the emulator alone.
pub async fn serve(listener: TcpListener, router: Router, flavour: Flavour, plan: FaultPlan) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                tracing::warn!(%error, "emulator cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let router = router.clone();
        let plan = plan.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                handle(router.clone(), flavour, plan.clone(), request)
            });
            if let Err(error) = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(%error, "emulator connection ended");
            }
        });
    }
}

async fn handle(
    router: Router,
    flavour: Flavour,
    plan: FaultPlan,
    request: Request<Incoming>,
) -> Result<Response<Body>, Dropped> {
    let (parts, body) = request.into_parts();
    let body = match http_body_util::Limited::new(body, MAX_REQUEST_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(Dropped),
    };
    let operation = operation_of(flavour, &parts, &body);
    let kind = plan.pick(operation);
    if let Some(kind) = kind {
        tracing::info!(
            operation = operation.map_or("-", FaultOperation::as_str),
            fault = ?kind,
            "emulator injects a fault"
        );
    }
    let request = Request::from_parts(parts, Body::from(body));
    let forward = || async {
        match router.oneshot(request).await {
            Ok(response) => response,
            Err(infallible) => match infallible {},
        }
    };
    let Some(kind) = kind else {
        return Ok(forward().await);
    };
    match kind {
        FaultKind::Latency(wait) => {
            tokio::time::sleep(wait).await;
            Ok(forward().await)
        }
        FaultKind::Hang => std::future::pending().await,
        FaultKind::Reset => Err(Dropped),
        FaultKind::ResetAfter => {
            let response = forward().await;
            // Read the whole reply, so the work is surely done, then drop it.
            let _ = response.into_body().collect().await;
            Err(Dropped)
        }
        FaultKind::Status(code) => Ok(vendor_error(flavour, code)),
        FaultKind::Html(code) => Ok(html(code)),
        FaultKind::TooManyRequests => {
            let mut response = vendor_error(flavour, 429);
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("1"));
            Ok(response)
        }
        FaultKind::Truncate => {
            let (parts, body) = forward().await.into_parts();
            let bytes = collect(body).await;
            let half = bytes.slice(..bytes.len() / 2);
            let stream = truncated_stream(half);
            let mut response = Response::from_parts(parts, Body::from_stream(stream));
            response
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(bytes.len()));
            Ok(response)
        }
        FaultKind::Malformed => {
            let (mut parts, body) = forward().await.into_parts();
            let bytes = collect(body).await;
            parts.headers.remove(CONTENT_LENGTH);
            Ok(Response::from_parts(
                parts,
                Body::from(bytes.slice(..bytes.len() / 2)),
            ))
        }
        FaultKind::ContentType => {
            let mut response = forward().await;
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
            Ok(response)
        }
        FaultKind::Oversize => {
            let chunk = Bytes::from(vec![b' '; 64 * 1024]);
            let chunks = OVERSIZE_BYTES / chunk.len();
            let stream = repeated_stream(chunk, chunks);
            let mut response = Response::new(Body::from_stream(stream));
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            Ok(response)
        }
        FaultKind::Redirect => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::FOUND;
            response.headers_mut().insert(
                LOCATION,
                HeaderValue::from_static("https://login.example.invalid/"),
            );
            Ok(response)
        }
    }
}

async fn collect(body: Body) -> Bytes {
    body.collect()
        .await
        .map(http_body_util::Collected::to_bytes)
        .unwrap_or_default()
}

/// `half`, then an error: hyper sends what it has and closes the connection, short of the
/// announced length.
fn truncated_stream(
    half: Bytes,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    let items: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(half),
        Err(std::io::Error::other("fault injected: reply truncated")),
    ];
    futures_util::stream::iter(items)
}

fn repeated_stream(
    chunk: Bytes,
    count: usize,
) -> impl futures_util::Stream<Item = Result<Bytes, Infallible>> + Send {
    futures_util::stream::iter((0..count).map(move |_| Ok(chunk.clone())))
}

/// The console's operation a request is, from EVS's method and path, or CBS's action.
pub fn operation_of(
    flavour: Flavour,
    parts: &axum::http::request::Parts,
    body: &[u8],
) -> Option<FaultOperation> {
    match flavour {
        Flavour::Evs => evs_operation(&parts.method, parts.uri.path()),
        Flavour::Cbs => {
            let action = parts
                .headers
                .get("x-tc-action")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
                .or_else(|| query_action(parts.uri.query().unwrap_or_default()))?;
            let query = parts.uri.query().unwrap_or_default();
            let names_ids = contains(body, b"SnapshotIds") || query.contains("snapshotIds");
            cbs_operation(&action, names_ids)
        }
    }
}

fn evs_operation(method: &Method, path: &str) -> Option<FaultOperation> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let last = segments.last().copied().unwrap_or_default();
    Some(match *method {
        Method::GET if path.contains("/cloudvolumes") => FaultOperation::Volumes,
        Method::GET if last == "detail" => FaultOperation::List,
        Method::GET => FaultOperation::Show,
        Method::POST if last == "rollback" => FaultOperation::Rollback,
        Method::POST => FaultOperation::Create,
        Method::PUT => FaultOperation::Update,
        Method::DELETE => FaultOperation::Delete,
        _ => return None,
    })
}

fn cbs_operation(action: &str, names_ids: bool) -> Option<FaultOperation> {
    Some(match action {
        "DescribeSnapshots" if names_ids => FaultOperation::Show,
        "DescribeSnapshots" => FaultOperation::List,
        "CreateSnapshot" => FaultOperation::Create,
        "ModifySnapshotAttribute" => FaultOperation::Update,
        "DeleteSnapshots" => FaultOperation::Delete,
        "ApplySnapshot" => FaultOperation::Rollback,
        "DescribeDisks" => FaultOperation::Volumes,
        _ => return None,
    })
}

fn query_action(query: &str) -> Option<String> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "Action")
        .map(|(_, value)| value.into_owned())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// A failing cloud's error reply at `status`, in the vendor's shape.
fn vendor_error(flavour: Flavour, status: u16) -> Response<Body> {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match flavour {
        Flavour::Evs if status == StatusCode::TOO_MANY_REQUESTS => {
            serde_json::to_vec(&GatewayError {
                error_code: "APIG.0308".to_owned(),
                error_msg: "The throttling threshold has been reached".to_owned(),
                request_id: Some(uuid::Uuid::new_v4().simple().to_string()),
            })
        }
        Flavour::Evs => Ok(EvsError::new(
            "serverError",
            "EVS.5500",
            format!("The service is unavailable (HTTP {}).", status.as_u16()),
        )
        .to_body()
        .to_string()
        .into_bytes()),
        Flavour::Cbs => {
            let (code, message) = if status == StatusCode::TOO_MANY_REQUESTS {
                (
                    "RequestLimitExceeded",
                    "The request rate limit was exceeded.",
                )
            } else {
                ("InternalError", "An internal error occurred.")
            };
            serde_json::to_vec(&CbsReply {
                response: ErrorResponse {
                    error: ErrorInfo {
                        code: code.to_owned(),
                        message: message.to_owned(),
                    },
                    request_id: uuid::Uuid::new_v4().hyphenated().to_string(),
                },
            })
        }
    };
    let mut response = Response::new(Body::from(body.unwrap_or_default()));
    // Tencent's API 3.0 answers its own rate limit with HTTP 200 and the error in the body;
    // the other failures stand for a gateway in front of it, which answers with a status.
    *response.status_mut() = match flavour {
        Flavour::Cbs if status == StatusCode::TOO_MANY_REQUESTS => StatusCode::OK,
        _ => status,
    };
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// What a proxy in front of the cloud answers: an HTML page.
fn html(status: u16) -> Response<Body> {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let page = format!(
        "<html><head><title>{status}</title></head><body><h1>{status}</h1><hr><p>proxy</p></body></html>"
    );
    let mut response = Response::new(Body::from(page));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evs_calls_map_to_the_console_operations() {
        let pid = "/v2/p";
        let cases = [
            (
                Method::GET,
                format!("{pid}/snapshots/detail"),
                FaultOperation::List,
            ),
            (
                Method::GET,
                format!("{pid}/cloudsnapshots/detail"),
                FaultOperation::List,
            ),
            (
                Method::GET,
                format!("{pid}/cloudsnapshots/s1"),
                FaultOperation::Show,
            ),
            (
                Method::POST,
                format!("{pid}/snapshots"),
                FaultOperation::Create,
            ),
            (
                Method::PUT,
                "/v3/p/snapshots/s1".to_owned(),
                FaultOperation::Update,
            ),
            (
                Method::DELETE,
                format!("{pid}/snapshots/s1"),
                FaultOperation::Delete,
            ),
            (
                Method::POST,
                format!("{pid}/os-vendor-snapshots/s1/rollback"),
                FaultOperation::Rollback,
            ),
            (
                Method::GET,
                format!("{pid}/cloudvolumes/detail"),
                FaultOperation::Volumes,
            ),
        ];
        for (method, path, expected) in cases {
            assert_eq!(
                evs_operation(&method, &path),
                Some(expected),
                "{method} {path}"
            );
        }
    }

    #[test]
    fn cbs_actions_map_to_the_console_operations() {
        assert_eq!(
            cbs_operation("DescribeSnapshots", false),
            Some(FaultOperation::List)
        );
        assert_eq!(
            cbs_operation("DescribeSnapshots", true),
            Some(FaultOperation::Show)
        );
        assert_eq!(
            cbs_operation("CreateSnapshot", false),
            Some(FaultOperation::Create)
        );
        assert_eq!(
            cbs_operation("ApplySnapshot", false),
            Some(FaultOperation::Rollback)
        );
        assert_eq!(
            cbs_operation("DescribeDisks", false),
            Some(FaultOperation::Volumes)
        );
        assert_eq!(cbs_operation("RunInstances", false), None);
        assert_eq!(
            query_action("Region=gz&Action=DescribeSnapshots").as_deref(),
            Some("DescribeSnapshots")
        );
    }

    #[test]
    fn rates_are_seeded() {
        let plan = || FaultPlan::new(vec![FaultSpec::always(FaultKind::Reset).rate(0.5)], 7);
        let run =
            |plan: FaultPlan| -> Vec<bool> { (0..64).map(|_| plan.pick(None).is_some()).collect() };
        let first = run(plan());
        assert_eq!(first, run(plan()), "the same seed picks the same requests");
        let hits = first.iter().filter(|hit| **hit).count();
        assert!((16..=48).contains(&hits), "about half: {hits}");
        let only_create = FaultPlan::new(
            vec![FaultSpec::always(FaultKind::Reset).on(FaultOperation::Create)],
            1,
        );
        assert!(only_create.pick(Some(FaultOperation::List)).is_none());
        assert!(only_create.pick(Some(FaultOperation::Create)).is_some());
    }
}
