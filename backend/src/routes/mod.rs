//! The router: the console's JSON API under `/api/v1` and the built frontend.

use axum::Router;

use crate::AppState;

/// The whole application; tests drive this same router with `oneshot`.
pub fn app(state: AppState) -> Router {
    Router::new().with_state(state)
}
