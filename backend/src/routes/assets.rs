//! The built frontend (`dist/`, or the copy embedded in the binary): files as they are, any other
//! path answered with `index.html` so the console's client-side routes survive a reload or a
//! copied link. Both ways send the precompressed `.br`/`.gz` beside a file when the browser
//! takes it, with the same cache headers.

use axum::body::Body;
use axum::http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{middleware, Router};
use tower_http::services::{ServeDir, ServeFile};

use crate::middleware::asset_cache_headers;
use crate::state::Frontend;
use crate::{embedded, AppState};

pub fn router(frontend: &Frontend) -> Router<AppState> {
    match frontend {
        Frontend::Dir(dist) => {
            let root = dist.canonicalize().unwrap_or_else(|_| dist.clone());
            let index = ServeFile::new(dist.join("index.html"));
            Router::new()
                // scripts/run writes `.br` and `.gz` beside the big files at build time, so they
                // are compressed once, at the best level, rather than on every request.
                .fallback_service(
                    ServeDir::new(dist)
                        .precompressed_br()
                        .precompressed_gzip()
                        .fallback(index),
                )
                .layer(middleware::from_fn(asset_cache_headers))
                .layer(middleware::from_fn(move |request, next| {
                    crate::middleware::dist::contained(root.clone(), request, next)
                }))
        }
        Frontend::Embedded => Router::new()
            .fallback(embedded_asset)
            .layer(middleware::from_fn(asset_cache_headers)),
        Frontend::None => Router::new().fallback(not_built),
    }
}

const NOT_BUILT: &str = "The Snapdeck console is not built into this binary: build it with scripts/build-release, run scripts/run, or start snapdeck with --dist pointing at the trunk build (dist/).\n";

async fn not_built() -> impl IntoResponse {
    (StatusCode::SERVICE_UNAVAILABLE, NOT_BUILT)
}

async fn embedded_asset(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    serve_file(embedded::file, &method, &uri, &headers)
}

/// Files looked up by path relative to dist/.
type Files = fn(&str) -> Option<&'static [u8]>;

/// A file of `files`, or its page for any other path.
fn serve_file(files: Files, method: &Method, uri: &Uri, headers: &HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let wanted = uri.path().trim_start_matches('/');
    let name = match files(wanted) {
        Some(_) if !wanted.is_empty() => wanted,
        _ => "index.html",
    };
    let Some((bytes, encoding)) = pick_encoding(files, name, headers) else {
        return (StatusCode::SERVICE_UNAVAILABLE, NOT_BUILT).into_response();
    };
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let mut response = Response::new(if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes)
    });
    let reply_headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(mime.as_ref()) {
        reply_headers.insert(CONTENT_TYPE, value);
    }
    reply_headers.insert(CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    if let Some(encoding) = encoding {
        reply_headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    if has_variants(files, name) {
        reply_headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// The bytes to send for `name`: its `.br` or `.gz` twin when the client accepts that
/// encoding (brotli first, as `ServeDir` prefers it), else the file itself.
fn pick_encoding(
    files: Files,
    name: &str,
    headers: &HeaderMap,
) -> Option<(&'static [u8], Option<&'static str>)> {
    for (encoding, suffix) in [("br", "br"), ("gzip", "gz")] {
        if accepts(headers, encoding) {
            if let Some(bytes) = files(&format!("{name}.{suffix}")) {
                return Some((bytes, Some(encoding)));
            }
        }
    }
    files(name).map(|bytes| (bytes, None))
}

fn has_variants(files: Files, name: &str) -> bool {
    ["br", "gz"]
        .iter()
        .any(|suffix| files(&format!("{name}.{suffix}")).is_some())
}

/// Whether `Accept-Encoding` lists `encoding` (or `*`) with a weight above zero.
pub fn accepts(headers: &HeaderMap, encoding: &str) -> bool {
    headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let token = parts.next().unwrap_or_default().trim();
            let weight = parts
                .find_map(|part| part.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (token.eq_ignore_ascii_case(encoding) || token == "*") && weight > 0.0
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(path: &str) -> Option<&'static [u8]> {
        match path {
            "index.html" => Some(b"<html>console</html>"),
            "app-0123456789abcdef.js" => Some(b"plain js"),
            "app-0123456789abcdef.js.br" => Some(b"br js"),
            "app-0123456789abcdef.js.gz" => Some(b"gz js"),
            _ => None,
        }
    }

    async fn get(path: &str, accept_encoding: &str) -> (Response, String) {
        let uri: Uri = path.parse().unwrap();
        let response = serve_file(files, &Method::GET, &uri, &accept(accept_encoding));
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
        (
            Response::from_parts(parts, Body::empty()),
            String::from_utf8(bytes.to_vec()).unwrap(),
        )
    }

    #[tokio::test]
    async fn embedded_files_come_precompressed_and_routes_get_the_page() {
        let (response, body) = get("/app-0123456789abcdef.js", "gzip, br").await;
        assert_eq!(body, "br js");
        assert_eq!(response.headers()[CONTENT_ENCODING], "br");
        assert_eq!(response.headers()[VARY], "accept-encoding");
        assert_eq!(response.headers()[CONTENT_TYPE], "text/javascript");
        let (response, body) = get("/app-0123456789abcdef.js", "gzip").await;
        assert_eq!(
            (body.as_str(), &response.headers()[CONTENT_ENCODING]),
            ("gz js", &HeaderValue::from_static("gzip"))
        );
        let (response, body) = get("/app-0123456789abcdef.js", "identity").await;
        assert_eq!(body, "plain js");
        assert!(response.headers().get(CONTENT_ENCODING).is_none());
        for route in ["/", "/accounts/demo/snapshots", "/index.html"] {
            let (response, body) = get(route, "br").await;
            assert_eq!(body, "<html>console</html>", "{route}");
            assert_eq!(response.headers()[CONTENT_TYPE], "text/html", "{route}");
        }
        let uri: Uri = "/".parse().unwrap();
        let post = serve_file(files, &Method::POST, &uri, &HeaderMap::new());
        assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
        let head = serve_file(files, &Method::HEAD, &uri, &HeaderMap::new());
        assert_eq!(head.headers()[CONTENT_LENGTH], "20");
    }

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn accept_encoding_is_read_with_weights() {
        assert!(accepts(&accept("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&accept("gzip;q=0.5"), "gzip"));
        assert!(!accepts(&accept("gzip;q=0, br"), "gzip"));
        assert!(accepts(&accept("*"), "br"));
        assert!(!accepts(&HeaderMap::new(), "br"));
        assert!(!accepts(&accept("identity"), "gzip"));
    }
}
