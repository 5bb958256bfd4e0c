//! What every CBS reply shares: HTTP 200, `Content-Type: application/json` exactly (no
//! charset: Tencent's SDKs misread an error sent with one), a fresh request id.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
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

/// Every header as text (values that are not UTF-8 lossily), for the verifiers.
pub fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// One header as text, when present.
pub fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// The media type of `Content-Type`, lower-cased, without parameters.
pub fn media_type(headers: &HeaderMap) -> String {
    header_text(headers, header::CONTENT_TYPE.as_str())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}
