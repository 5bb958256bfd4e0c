//! The `Host` allowlist: a request naming another host is refused before any handler runs, so a
//! page on a hostile name that resolves to the console's address cannot drive its API.

use axum::extract::{Request, State};
use axum::http::header::HOST;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

/// Refuses a request whose `Host` the configured policy does not allow (421, console shape). A
/// request without `Host` (HTTP/1.0, in-process calls) has no name to rebind and passes.
pub async fn allowed_host(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(HOST)
        .map(|value| value.to_str().unwrap_or("\u{0}"));
    match host {
        Some(host) if !state.host_policy().allows(host) => {
            tracing::info!(host = %shared::validate::excerpt(host, 64), "host not allowed");
            ApiError::HostNotAllowed.into_response()
        }
        _ => next.run(request).await,
    }
}
