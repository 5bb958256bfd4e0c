//! The API gateway in front of the emulated EVS: every request must carry a valid
//! `SDK-HMAC-SHA256` signature, or it gets the gateway's 401
//! `{"error_code":"APIG.0301","error_msg":…,"request_id":…}`.
//!
//! ```no_run
//! use snapdeck::cloud::signing::{KeyRing, Secret};
//! use snapdeck::emulator::evs::apig::{require_apig_signature, ApigAuth};
//!
//! let auth = ApigAuth::new(KeyRing::single("AK", Secret::new("SK")));
//! let emulator: axum::Router = axum::Router::new()
//!     .layer(axum::middleware::from_fn_with_state(auth, require_apig_signature));
//! ```
//! Handlers behind it find the caller's AK in the [`VerifiedAccessKey`] extension.

use std::future::poll_fn;
use std::pin::pin;
use std::sync::Arc;

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::api::REQUEST_ID_HEADER;

use crate::cloud::evs::wire::GatewayError;
use axum::Json;

use crate::cloud::evs::signer::{verify, Received};
use crate::cloud::signing::{unix_now, KeyRing};
use crate::emulator::headers::{header_pairs, header_text};

/// Bodies larger than this are refused with 413 before any signature check.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What the gateway layer holds: the accepted AK/SK pairs and its clock.
#[derive(Debug, Clone)]
pub struct ApigAuth {
    keys: Arc<KeyRing>,
    clock: fn() -> i64,
}

impl ApigAuth {
    pub fn new(keys: KeyRing) -> Self {
        Self {
            keys: Arc::new(keys),
            clock: unix_now,
        }
    }

    /// Replaces the system clock (Unix seconds), for tests that need a fixed time.
    pub fn with_clock(self, clock: fn() -> i64) -> Self {
        Self { clock, ..self }
    }
}

/// The AK whose signature was verified, for handlers behind [`require_apig_signature`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedAccessKey(pub String);

/// Buffers the body (at most [`MAX_BODY_BYTES`]), verifies the signature over exactly those
/// bytes, and passes the request on with its body restored; otherwise answers as APIG does.
pub async fn require_apig_signature(
    State(auth): State<ApigAuth>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let body = match read_body(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(refusal) => return refusal.into_response(),
    };
    let headers = header_pairs(&parts.headers);
    let host = header_text(&parts.headers, header::HOST.as_str())
        .or_else(|| parts.uri.authority().map(|authority| authority.to_string()))
        .unwrap_or_default();
    let received = Received {
        method: parts.method.as_str(),
        host: &host,
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or(""),
        headers: &headers,
        body: &body,
    };
    match verify(&received, &auth.keys, (auth.clock)()) {
        Ok(access_key) => {
            parts.extensions.insert(VerifiedAccessKey(access_key));
            next.run(Request::from_parts(parts, Body::from(body))).await
        }
        Err(error) => {
            tracing::info!(%error, method = %parts.method, path = parts.uri.path(), "APIG refused a request");
            gateway_error(StatusCode::UNAUTHORIZED, error.code(), error.message())
        }
    }
}

enum BodyRefusal {
    TooLarge,
    Unreadable,
}

impl IntoResponse for BodyRefusal {
    fn into_response(self) -> Response {
        match self {
            BodyRefusal::TooLarge => gateway_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "APIG.0201",
                "Request entity too large".to_owned(),
            ),
            BodyRefusal::Unreadable => gateway_error(
                StatusCode::BAD_REQUEST,
                "APIG.0201",
                "API request error".to_owned(),
            ),
        }
    }
}

/// Reads the whole body, refusing more than `limit` bytes without reading past them.
async fn read_body(body: Body, limit: usize) -> Result<Vec<u8>, BodyRefusal> {
    if body.size_hint().lower() > limit as u64 {
        return Err(BodyRefusal::TooLarge);
    }
    let mut body = pin!(body);
    let mut bytes = Vec::new();
    while let Some(frame) = poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        let frame = frame.map_err(|_| BodyRefusal::Unreadable)?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > limit {
                return Err(BodyRefusal::TooLarge);
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

/// The gateway's error reply, with its request id in the body and in `X-Request-Id`.
fn gateway_error(status: StatusCode, code: &str, message: String) -> Response {
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let id_header = HeaderValue::from_str(&request_id)
        .map(|value| [(HeaderName::from_static(REQUEST_ID_HEADER), value)]);
    let body = Json(GatewayError {
        error_code: code.to_owned(),
        error_msg: message,
        request_id: Some(request_id),
    });
    match id_header {
        Ok(id_header) => (status, id_header, body).into_response(),
        Err(_) => (status, body).into_response(),
    }
}

#[cfg(test)]
mod tests;
