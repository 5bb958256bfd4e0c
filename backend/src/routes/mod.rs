//! The router: the console's JSON API under `/api/v1` (described by the OpenAPI document it
//! serves at `/api/v1/openapi.json`, generated from the same handlers) and the built frontend.

mod accounts;
mod assets;
mod audit;
mod extract;
mod health;
mod openapi;
mod session;
mod snapshots;
mod tokens;
mod volumes;

use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{middleware, Extension, Router};
use shared::api::API_PREFIX;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::middleware::{self as hardening, request_id};
use crate::AppState;

/// Largest request body the API reads; a snapshot body is far smaller.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The whole application; tests drive this same router with `oneshot`.
///
/// The policies every request passes (request id, security headers, `Host`, panics, the
/// deadline, compression, the body limit) wrap the routed application once, as one service:
/// `Router::layer` would wrap each route on its own, and a route's layers are cloned, each in
/// its own box, on every call — for this many layers a hundred allocations a request.
pub fn app(state: AppState) -> Router {
    let (api, document) = api();
    let api = api
        // The gate, on every route (an unknown route is a plain 404): CSRF rules, and who is
        // calling (in portal mode, 401 without a session or token).
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::layer,
        ))
        .fallback(api_no_route)
        .method_not_allowed_fallback(api_method_not_allowed)
        .route_layer(middleware::from_fn(crate::metrics::track))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            hardening::rate_limit,
        ));

    let routed = Router::new()
        .nest(API_PREFIX, api)
        .route("/metrics", axum::routing::get(crate::metrics::render))
        .merge(assets::router(state.frontend()))
        .with_state(state.clone());
    let policies = ServiceBuilder::new()
        .layer(middleware::from_fn(request_id))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            hardening::security_headers,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            hardening::allowed_host,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn_with_state(state, hardening::deadline))
        .layer(CompressionLayer::new())
        // Only the API reads bodies, and only `openapi.json` reads the document.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(Extension(openapi::Document::new(&document)));
    Router::new().fallback_service(policies.service(routed))
}

/// The API's routes and the OpenAPI document of exactly those routes, built together.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut document) = OpenApiRouter::with_openapi(openapi::base())
        .routes(routes!(health::health))
        .routes(routes!(openapi::openapi_json))
        .routes(routes!(accounts::list_accounts))
        .routes(routes!(
            snapshots::list_snapshots,
            snapshots::create_snapshot
        ))
        .routes(routes!(
            snapshots::get_snapshot,
            snapshots::update_snapshot,
            snapshots::delete_snapshot
        ))
        .routes(routes!(snapshots::rollback_snapshot))
        .routes(routes!(snapshots::delete_snapshots))
        .routes(routes!(volumes::list_volumes))
        .routes(routes!(
            session::sign_in,
            session::get_session,
            session::sign_out
        ))
        .routes(routes!(session::sign_in_methods))
        .routes(routes!(session::oidc_start))
        .routes(routes!(session::oidc_callback))
        .routes(routes!(tokens::list_tokens, tokens::create_token))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(audit::list_audit))
        .routes(routes!(audit::export_audit))
        .split_for_parts();
    openapi::prefix_paths(&mut document, API_PREFIX);
    (router, document)
}

async fn api_no_route() -> ApiError {
    ApiError::NoRoute
}

async fn api_method_not_allowed() -> Response {
    let mut response = ApiError::NoRoute.into_response();
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::Internal("a handler panicked".to_owned()).into_response()
}

/// A JSON reply serialised into a buffer sized up front: a page of snapshots is tens of kB, and
/// `axum::Json` starts at 128 bytes and copies the page each time it doubles.
pub struct SizedJson<T> {
    pub value: T,
    pub capacity: usize,
}

impl<T: serde::Serialize> IntoResponse for SizedJson<T> {
    fn into_response(self) -> Response {
        let mut body = Vec::with_capacity(self.capacity);
        match serde_json::to_writer(&mut body, &self.value) {
            Ok(()) => (
                [(
                    axum::http::header::CONTENT_TYPE,
                    axum::http::HeaderValue::from_static("application/json"),
                )],
                body,
            )
                .into_response(),
            Err(error) => {
                ApiError::Internal(format!("cannot write the reply: {error}")).into_response()
            }
        }
    }
}

/// `axum::Json`, with rejections in the console's error shape.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Path`, with rejections in the console's error shape.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);
