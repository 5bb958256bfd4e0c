use axum::Json;
use shared::api::Health;

/// The process is up (it does not call the clouds).
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    responses((status = 200, body = Health))
)]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}
