//! What every request passes through: a request id (generated here, logged on every line of the
//! request, returned in `X-Request-Id` and in error bodies), and cache headers for assets; and,
//! one file each, the policies against hostile or careless clients.

mod deadline;
pub mod dist;
mod host;
pub mod rate;
pub mod security;

pub use deadline::deadline;
pub use host::allowed_host;
pub use rate::{rate_limit, RateLimiter};
pub use security::{security_headers, SecurityHeaders};

use axum::extract::Request;
use axum::http::header::{HeaderValue, CACHE_CONTROL};
use axum::middleware::Next;
use axum::response::Response;
use shared::api::REQUEST_ID_HEADER;
use tracing::Instrument;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled, if called within one.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// A fresh request id: `req-` and 32 hex digits.
pub fn new_request_id() -> String {
    // From the thread's generator: `Uuid::new_v4` asks the kernel for every id.
    let id = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
    format!("req-{}", id.simple())
}

/// Gives each request an id, a tracing span carrying it, and the `X-Request-Id` header.
/// An id sent by the client is ignored: ids must be unique and safe to log.
pub async fn request_id(request: Request, next: Next) -> Response {
    let id = new_request_id();
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    let started = std::time::Instant::now();
    let mut response = REQUEST_ID
        .scope(id.clone(), next.run(request))
        .instrument(span.clone())
        .await;
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "served"
        );
    });
    if let Ok(value) = HeaderValue::try_from(id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// Trunk names built files with a content hash (`frontend-0123456789abcdef_bg.wasm`): those may
/// be cached for ever; everything else (index.html above all) must be revalidated. Trunk writes
/// the hash as a plain hexadecimal number, so one in sixteen has 15 digits, fewer more rarely
/// (`portal-d859184f47bed4e.css`); the split chunks carry 16 (scripts/lib/split_wasm.py).
pub async fn asset_cache_headers(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let value = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Fewer digits than this are taken for a word, not a hash: a 64-bit hash has fewer only once in
/// 16⁶ builds, and a name such as `site-cafe.css` stays revalidated.
const HASH_DIGITS_MIN: usize = 10;

fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (HASH_DIGITS_MIN..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_recognised() {
        assert!(is_hashed_asset("/frontend-4f1a2b3c4d5e6f70_bg.wasm"));
        assert!(is_hashed_asset("/frontend-4f1a2b3c4d5e6f70.js"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        // Trunk drops a hash's leading zeros; the split chunks and their loader have 16 digits.
        assert!(is_hashed_asset("/portal-d859184f47bed4e.css"));
        assert!(is_hashed_asset("/frontend-705a13a9f54bcd8_bg.wasm"));
        assert!(is_hashed_asset(
            "/split_snapdeck_detail-ce1903ef8d06ded1.wasm"
        ));
        assert!(is_hashed_asset("/__wasm_split-274c6682491799c2.js"));
        assert!(!is_hashed_asset("/site-cafe.css"));
        assert!(!is_hashed_asset("/frontend-0123456789abcdef0.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/accounts/demo/snapshots"));
        assert!(!is_hashed_asset("/favicon.svg"));
    }

    #[test]
    fn request_ids_are_unique_and_safe() {
        let a = new_request_id();
        assert_ne!(a, new_request_id());
        assert!(a.starts_with("req-") && a.len() == 36);
        assert!(a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    }
}
