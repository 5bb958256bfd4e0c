//! What every CBS reply shares: HTTP 200, `Content-Type: application/json` exactly (no
//! charset: Tencent's SDKs misread an error sent with one), a fresh request id.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// HTTP 200 with `value` as JSON; a value that cannot be serialised (it cannot happen with the
/// wire types) is a bare 500, logged.
pub fn json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "CBS emulator could not serialise its reply");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A request id as Tencent writes them (a UUID).
pub fn request_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}
