//! The server's own request deadline: a request still running when it passes is answered 504
//! in the console's error shape (the cloud calls' own timeouts are shorter, checked at start).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

pub async fn deadline(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = state.server().request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::RequestTimeout {
            secs: limit.as_secs(),
        }
        .into_response(),
    }
}
