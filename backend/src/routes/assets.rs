//! The built frontend (`dist/`): files as they are, any other path answered with `index.html` so
//! the console's client-side routes survive a reload or a copied link.

use std::path::Path;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{middleware, Router};
use tower_http::services::{ServeDir, ServeFile};

use crate::middleware::asset_cache_headers;
use crate::AppState;

pub fn router(dist: Option<&Path>) -> Router<AppState> {
    match dist {
        Some(dist) => {
            let root = dist.canonicalize().unwrap_or_else(|_| dist.to_path_buf());
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
        None => Router::new().fallback(not_built),
    }
}

async fn not_built() -> impl IntoResponse {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The Snapdeck console is not built: run scripts/run, or start snapdeck with --dist pointing at the trunk build (dist/).\n",
    )
}
