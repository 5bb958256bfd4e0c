use std::time::Instant;

use axum::extract::State;
use axum::Json;
use shared::api::{Health, UpstreamHealth};

use crate::cloud::policy::BreakerState;
use crate::AppState;

/// The process is up, and each account's cloud as its last calls found it (this does not call
/// the clouds): `up`, `down` (the circuit breaker is open: calls fail fast for a while) or
/// `probing` (one call is testing whether it is back).
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    responses((status = 200, body = Health))
)]
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    let now = Instant::now();
    let upstreams = state
        .accounts()
        .map(|account| UpstreamHealth {
            account: account.info.name.to_string(),
            state: match account.upstream.breaker.state(now) {
                BreakerState::Closed => "up",
                BreakerState::Open => "down",
                BreakerState::HalfOpen => "probing",
            }
            .to_owned(),
            consecutive_failures: account.upstream.breaker.failures(),
        })
        .collect();
    Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        upstreams,
    })
}
