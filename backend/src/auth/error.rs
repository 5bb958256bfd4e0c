//! What sign-in, sessions, roles and tokens refuse, each with its status and code in the
//! console's error shape.

use axum::http::StatusCode;
use shared::api::codes as api_codes;
use shared::portal::codes;

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("too many failed sign-ins; retry after {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("wrong user name or password")]
    BadCredentials,
    #[error("a cross-origin request")]
    CrossOrigin,
    #[error("the body is not application/json")]
    UnsupportedMediaType,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0} is not configured")]
    NotConfigured(&'static str),
    #[error("single sign-on failed: {0}")]
    Oidc(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl AuthError {
    /// Status, code and the message the user reads.
    pub fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            AuthError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                codes::UNAUTHENTICATED,
                "Sign in first (your session may have ended).".to_owned(),
            ),
            AuthError::Forbidden(message) => {
                (StatusCode::FORBIDDEN, codes::FORBIDDEN, message.clone())
            }
            AuthError::TooManyAttempts { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                codes::TOO_MANY_ATTEMPTS,
                format!("Too many failed sign-ins. Try again in {retry_after_secs} seconds."),
            ),
            AuthError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                codes::BAD_CREDENTIALS,
                "Wrong user name or password.".to_owned(),
            ),
            AuthError::CrossOrigin => (
                StatusCode::FORBIDDEN,
                codes::CROSS_ORIGIN,
                "This request came from another site and was refused.".to_owned(),
            ),
            AuthError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                codes::UNSUPPORTED_MEDIA_TYPE,
                "Send the body as JSON with Content-Type: application/json.".to_owned(),
            ),
            AuthError::NotFound(message) => {
                (StatusCode::NOT_FOUND, api_codes::NOT_FOUND, message.clone())
            }
            AuthError::Invalid(message) => (
                StatusCode::BAD_REQUEST,
                api_codes::VALIDATION,
                message.clone(),
            ),
            AuthError::NotConfigured(what) => (
                StatusCode::NOT_FOUND,
                codes::NOT_CONFIGURED,
                format!("{what} is not configured on this server."),
            ),
            AuthError::Oidc(_) => (
                StatusCode::BAD_GATEWAY,
                api_codes::UPSTREAM_ERROR,
                "Single sign-on did not complete; the log has the details.".to_owned(),
            ),
            AuthError::Db(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                api_codes::INTERNAL,
                "Something went wrong inside Snapdeck; the log has the details.".to_owned(),
            ),
        }
    }
}
