//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the console's API, generated from the
//! handlers' annotations and the shared models' schemas.

use std::sync::Arc;

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Extension;
use utoipa::openapi::{InfoBuilder, OpenApi, OpenApiBuilder};

/// The document, serialised once when the router is built.
#[derive(Clone)]
pub struct Document(Arc<String>);

impl Document {
    pub fn new(document: &OpenApi) -> Self {
        // A document that cannot be written is served as an empty object rather than failing
        // start-up; the route test would catch it.
        Self(Arc::new(
            document.to_json().unwrap_or_else(|_| "{}".to_owned()),
        ))
    }
}

/// What the document says of the API as a whole; the paths come from the router.
pub fn base() -> OpenApi {
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Snapdeck console API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Cloud block-storage snapshots (Huawei Cloud EVS, Tencent Cloud CBS) behind one \
                     provider-neutral API. Every error is {\"error\":{\"code\",\"message\",\"request_id\"}}; \
                     every reply carries X-Request-Id.",
                ))
                .build(),
        )
        .build()
}

/// The router's paths are relative to where the API is nested; the document names them whole.
pub fn prefix_paths(document: &mut OpenApi, prefix: &str) {
    document.paths.paths = std::mem::take(&mut document.paths.paths)
        .into_iter()
        .map(|(path, item)| (format!("{prefix}{path}"), item))
        .collect();
}

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn openapi_json(Extension(document): Extension<Document>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "application/json")],
        document.0.as_str().to_owned(),
    )
}
