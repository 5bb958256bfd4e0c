//! The router: the console's JSON API under `/api/v1` and the built frontend.

mod accounts;
mod assets;
mod health;
mod snapshots;
mod volumes;

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{middleware, Router};
use shared::api::API_PREFIX;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

use crate::error::ApiError;
use crate::middleware::request_id;
use crate::AppState;

/// Largest request body the API reads; a snapshot body is far smaller.
const MAX_BODY_BYTES: usize = 64 * 1024;
/// Longest a request may take in all; above the cloud call timeouts, so those answer first.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(90);

/// The whole application; tests drive this same router with `oneshot`.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health::health))
        .route("/accounts", get(accounts::list_accounts))
        .route(
            "/accounts/{account}/snapshots",
            get(snapshots::list_snapshots).post(snapshots::create_snapshot),
        )
        .route(
            "/accounts/{account}/snapshots/{id}",
            get(snapshots::get_snapshot).put(snapshots::update_snapshot),
        )
        .route("/accounts/{account}/volumes", get(volumes::list_volumes))
        .fallback(api_no_route)
        .method_not_allowed_fallback(api_method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));

    Router::new()
        .nest(API_PREFIX, api)
        .merge(assets::router(state.dist()))
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::GATEWAY_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(request_id))
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

/// `axum::Json`, with rejections in the console's error shape.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Path`, with rejections in the console's error shape.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);
