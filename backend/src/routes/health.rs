use axum::Json;
use shared::api::Health;

/// `GET /api/v1/health`: the process is up (it does not call the clouds).
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}
