//! The built frontend: files as they are, client-side routes answered with `index.html`,
//! compression, cache headers, and a clear answer when the frontend is not built.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::console::{console_for, Console};

const INDEX: &str =
    "<!doctype html><title>Snapdeck</title><script src=\"/frontend-0123456789abcdef.js\"></script>";

fn dist() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("snapdeck-dist-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    let script = "console.log('snapdeck');\n".repeat(200);
    std::fs::write(dir.join("frontend-0123456789abcdef.js"), script).unwrap();
    dir
}

/// The dist folder a console was given (tests write files into it).
fn console_dist(console: &Console) -> std::path::PathBuf {
    console.dist.clone().unwrap()
}

async fn console_with_dist() -> Console {
    let accounts = snapdeck::demo::start(snapdeck::demo::DemoOptions {
        settle: Duration::from_secs(5),
        demo_data: false,
    })
    .await
    .unwrap();
    console_for(accounts, Some(dist()))
}

#[tokio::test]
async fn client_routes_get_the_index() {
    let console = console_with_dist().await;
    for path in [
        "/",
        "/accounts/demo/snapshots",
        "/accounts/demo/snapshots/abc/edit",
    ] {
        let reply = console.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.text, INDEX, "{path}");
        assert_eq!(reply.headers[header::CACHE_CONTROL], "no-cache", "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_compressed() {
    let console = console_with_dist().await;
    let request = Request::builder()
        .uri("/frontend-0123456789abcdef.js")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let response = console.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert!(response.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(
        body.len() < 200 * 25 / 4,
        "compressed: {} bytes",
        body.len()
    );
}

#[tokio::test]
async fn precompressed_files_are_preferred() {
    let console = console_with_dist().await;
    let dist = console_dist(&console);
    std::fs::write(
        dist.join("frontend-0123456789abcdef.js.br"),
        b"precompressed",
    )
    .unwrap();
    let request = Request::builder()
        .uri("/frontend-0123456789abcdef.js")
        .header(header::ACCEPT_ENCODING, "br")
        .body(Body::empty())
        .unwrap();
    let response = console.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"precompressed");
}

#[tokio::test]
async fn the_api_is_not_swallowed_by_the_fallback() {
    let console = console_with_dist().await;
    let reply = console.get("/api/v1/no-such-thing").await;
    reply.error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn without_a_build_the_page_says_what_to_do() {
    let console = console_for(Vec::new(), None);
    let reply = console.get("/").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.text.contains("scripts/run"), "{}", reply.text);
    let reply = console.get("/api/v1/health").await;
    assert_eq!(reply.status, StatusCode::OK);
}
