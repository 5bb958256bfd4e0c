//! `/api/v1/tokens`: the signed-in user's personal API tokens.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shared::api::ErrorBody;
use shared::portal::{CreatedToken, NewToken, TokenInfo, TokenList};

use super::session::caller;
use super::{ApiJson, ApiPath};
use crate::auth::{tokens, AuthError, Portal};
use crate::error::ApiError;
use crate::AppState;

fn portal(state: &AppState) -> Result<&std::sync::Arc<Portal>, ApiError> {
    state
        .portal()
        .ok_or_else(|| AuthError::NotConfigured("sign-in").into())
}

/// Your tokens, newest first (never their secrets).
#[utoipa::path(
    get,
    path = "/tokens",
    tag = "tokens",
    responses((status = 200, body = TokenList), (status = "4XX", body = ErrorBody))
)]
pub async fn list_tokens(State(state): State<AppState>) -> Result<Json<TokenList>, ApiError> {
    let portal = portal(&state)?;
    let (_, caller) = caller()?;
    let rows = portal
        .db
        .tokens_of(&caller.user)
        .await
        .map_err(AuthError::from)?;
    Ok(Json(TokenList {
        tokens: rows.iter().map(tokens::info).collect(),
    }))
}

/// Creates a token with at most your own role: 201 with its secret, shown this once.
#[utoipa::path(
    post,
    path = "/tokens",
    tag = "tokens",
    request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = "4XX", body = ErrorBody))
)]
pub async fn create_token(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let portal = portal(&state)?;
    let (_, caller) = caller()?;
    let created = tokens::create_for(&portal.db, &caller, &body).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Revokes one of your tokens; it stops working at once.
#[utoipa::path(
    delete,
    path = "/tokens/{id}",
    tag = "tokens",
    params(("id" = String, Path, description = "The token's id")),
    responses((status = 200, body = TokenInfo), (status = "4XX", body = ErrorBody))
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<TokenInfo>, ApiError> {
    let portal = portal(&state)?;
    let (_, caller) = caller()?;
    Ok(Json(tokens::revoke_for(&portal.db, &caller, &id).await?))
}
