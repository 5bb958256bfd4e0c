//! `/api/v1/session`: sign in (password or single sign-on), who is signed in, sign out.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{HeaderMap, LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use shared::api::ErrorBody;
use shared::portal::{codes, Outcome, SessionInfo, SignIn, SignInMethods};

use super::audit::ApiQuery;
use super::ApiJson;
use crate::audit;
use crate::auth::context::{self, RequestContext};
use crate::auth::{secret, sign_in, AuthError, Caller, Portal};
use crate::error::ApiError;
use crate::AppState;

/// The request's context (the gate sets it for every API request).
pub(super) fn request() -> Result<Arc<RequestContext>, ApiError> {
    context::current().ok_or_else(|| AuthError::Unauthenticated.into())
}

/// The signed-in caller.
pub(super) fn caller() -> Result<(Arc<RequestContext>, Caller), ApiError> {
    let context = request()?;
    let caller = context.caller.clone().ok_or(AuthError::Unauthenticated)?;
    Ok((context, caller))
}

fn portal(state: &AppState) -> Result<&Arc<Portal>, ApiError> {
    state
        .portal()
        .ok_or_else(|| AuthError::NotConfigured("sign-in").into())
}

/// 204 with the new session's cookie, ending the one the browser had (a new id at sign-in).
async fn signed_in(portal: &Portal, headers: &HeaderMap, id: &str) -> Response {
    if let Some(old) = portal.session_id(headers) {
        if let Err(error) = portal.db.end_session(&secret::digest(&old)).await {
            tracing::warn!(%error, "cannot end the previous session");
        }
    }
    (
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, portal.session_cookie(id))],
    )
        .into_response()
}

/// Signs in with a user name and password: 204 and the session cookie. After five failures for
/// one user or one client address, 429 with `Retry-After`.
#[utoipa::path(
    post,
    path = "/session",
    tag = "session",
    request_body = SignIn,
    responses(
        (status = 204, description = "Signed in; the session cookie is set"),
        (status = 401, body = ErrorBody, description = "Wrong user name or password"),
        (status = 429, body = ErrorBody, description = "Too many failed sign-ins"),
        (status = "4XX", body = ErrorBody),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<Response, ApiError> {
    let portal = portal(&state)?;
    let context = request()?;
    match sign_in::sign_in(portal, &context.client, &body.username, &body.password).await {
        Ok((id, _)) => Ok(signed_in(portal, &headers, &id).await),
        Err(AuthError::TooManyAttempts { retry_after_secs }) => {
            let mut response =
                ApiError::from(AuthError::TooManyAttempts { retry_after_secs }).into_response();
            if let Ok(value) = retry_after_secs.to_string().parse() {
                response.headers_mut().insert(RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(error) => Err(error.into()),
    }
}

/// Who is signed in, with their role and account grants (an empty list: every account), so the
/// console can hide what they may not do. In the single-user console: `local`, admin.
#[utoipa::path(
    get,
    path = "/session",
    tag = "session",
    responses(
        (status = 200, body = SessionInfo),
        (status = 401, body = ErrorBody, description = "Not signed in"),
    )
)]
pub async fn get_session(State(state): State<AppState>) -> Result<Json<SessionInfo>, ApiError> {
    let (_, caller) = caller()?;
    Ok(Json(caller.session_info(state.portal().is_some())))
}

/// Signs out: the session ends on the server and the cookie is cleared.
#[utoipa::path(
    delete,
    path = "/session",
    tag = "session",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, body = ErrorBody, description = "Not signed in"),
    )
)]
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let portal = portal(&state)?;
    let (_, caller) = caller()?;
    if let Some(id) = portal.session_id(&headers) {
        portal
            .db
            .end_session(&secret::digest(&id))
            .await
            .map_err(AuthError::from)?;
    }
    audit::session_event(
        &caller.user,
        Some(caller.base_role()),
        &caller.credential,
        "sign_out",
        Outcome::Ok,
        None,
    )
    .await;
    Ok((
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, portal.cleared_cookie())],
    )
        .into_response())
}

/// What the sign-in page offers: whether sign-in is required, and whether single sign-on is.
#[utoipa::path(
    get,
    path = "/session/methods",
    tag = "session",
    responses((status = 200, body = SignInMethods))
)]
pub async fn sign_in_methods(State(state): State<AppState>) -> Json<SignInMethods> {
    let portal = state.portal();
    Json(SignInMethods {
        required: portal.is_some(),
        password: portal.is_some(),
        oidc: portal.is_some_and(|portal| portal.oidc().is_some()),
    })
}

/// Starts single sign-on: 303 to the OpenID provider.
#[utoipa::path(
    get,
    path = "/session/oidc/start",
    tag = "session",
    responses(
        (status = 303, description = "To the OpenID provider's sign-in page"),
        (status = "4XX", body = ErrorBody),
        (status = "5XX", body = ErrorBody),
    )
)]
pub async fn oidc_start(State(state): State<AppState>) -> Result<Response, ApiError> {
    let portal = portal(&state)?;
    let oidc = portal
        .oidc()
        .ok_or(AuthError::NotConfigured("single sign-on"))?;
    let url = oidc.start(&portal.db).await.map_err(log_oidc)?;
    Ok((StatusCode::SEE_OTHER, [(LOCATION, url)]).into_response())
}

fn log_oidc(error: AuthError) -> AuthError {
    tracing::warn!(%error, "single sign-on failed");
    error
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The OpenID provider's redirect back: checks the code (PKCE, nonce, signature), creates the
/// user on first sign-in, opens a session and sends the browser to the console (303 to `/`).
#[utoipa::path(
    get,
    path = "/session/oidc/callback",
    tag = "session",
    params(
        ("code" = Option<String>, Query, description = "The authorization code"),
        ("state" = Option<String>, Query, description = "The state sent at the start"),
    ),
    responses(
        (status = 303, description = "Signed in; to the console"),
        (status = "4XX", body = ErrorBody),
        (status = "5XX", body = ErrorBody),
    )
)]
pub async fn oidc_callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(callback): ApiQuery<Callback>,
) -> Result<Response, ApiError> {
    let portal = portal(&state)?;
    let oidc = portal
        .oidc()
        .ok_or(AuthError::NotConfigured("single sign-on"))?;
    let finished = match (&callback.code, &callback.state, &callback.error) {
        (Some(code), Some(login), None) => oidc.finish(&portal.db, code, login).await,
        _ => Err(AuthError::Oidc(format!(
            "the provider answered {}",
            callback.error.as_deref().unwrap_or("without a code")
        ))),
    };
    let user = match finished {
        Ok((name, role)) => portal
            .db
            .upsert_oidc_user(&name, role)
            .await
            .map_err(AuthError::from),
        Err(error) => Err(error),
    };
    let user = match user {
        Ok(user) if !user.disabled => user,
        other => {
            let error = match other {
                Err(error) => log_oidc(error),
                Ok(_) => AuthError::Forbidden("This user is disabled.".to_owned()),
            };
            audit::session_event(
                "-",
                None,
                "oidc",
                "sign_in_failed",
                Outcome::Failed,
                Some(codes::BAD_CREDENTIALS),
            )
            .await;
            return Err(error.into());
        }
    };
    let (id, _) = sign_in::sign_in_oidc(portal, user).await?;
    let mut response = signed_in(portal, &headers, &id).await;
    *response.status_mut() = StatusCode::SEE_OTHER;
    response
        .headers_mut()
        .insert(LOCATION, axum::http::HeaderValue::from_static("/"));
    Ok(response)
}
