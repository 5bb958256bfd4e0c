//! The console API's error type. Every failure reaches the browser as one JSON shape,
//! `{"error": {"code", "message", "request_id"}}`, with a fitting status; a 5xx body says little
//! and the detail goes to the log.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::{codes, ApiError as ApiErrorBody, ErrorBody, Provider};
use shared::validate::{describe, Field, FieldError, Problem};
use shared::Operation;

use crate::cloud::CloudError;
use crate::middleware::current_request_id;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{}", describe(.0))]
    Validation(Vec<FieldError>),
    #[error("there is no account named {0:?}")]
    UnknownAccount(String),
    #[error("no such API route")]
    NoRoute,
    #[error("{0}")]
    Cloud(#[from] CloudError),
    #[error("internal error: {0}")]
    Internal(String),
    #[error("{0}")]
    Auth(#[from] crate::auth::AuthError),
}

impl ApiError {
    pub fn field(field: Field, problem: Problem) -> Self {
        Self::Validation(vec![FieldError::new(field, problem)])
    }

    /// Status, code, message the user sees, and the cloud's request id.
    fn parts(&self) -> (StatusCode, String, String, Option<String>) {
        match self {
            ApiError::Validation(fields) => (
                StatusCode::BAD_REQUEST,
                codes::VALIDATION.to_owned(),
                describe(fields),
                None,
            ),
            ApiError::UnknownAccount(name) => (
                StatusCode::NOT_FOUND,
                codes::UNKNOWN_ACCOUNT.to_owned(),
                format!("There is no account named {name:?}."),
                None,
            ),
            ApiError::NoRoute => (
                StatusCode::NOT_FOUND,
                codes::NOT_FOUND.to_owned(),
                "No such API route.".to_owned(),
                None,
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                codes::INTERNAL.to_owned(),
                "Something went wrong inside Snapdeck; the log has the details.".to_owned(),
                None,
            ),
            ApiError::Cloud(error) => cloud_parts(error),
            ApiError::Auth(error) => {
                let (status, code, message) = error.parts();
                (status, code.to_owned(), message, None)
            }
        }
    }

    /// The code and the cloud's request id, for the audit record.
    pub fn summary(&self) -> (String, Option<String>) {
        let (_, code, _, upstream) = self.parts();
        (code, upstream)
    }
}

fn cloud_parts(error: &CloudError) -> (StatusCode, String, String, Option<String>) {
    let upstream = error.upstream_request_id().map(str::to_owned);
    match error {
        CloudError::Refused {
            status,
            code,
            message,
            ..
        } => {
            // The cloud's 4xx answers are the user's to read (bad input, missing snapshot,
            // quota); its 5xx answers become a gateway error.
            let status = StatusCode::from_u16(*status)
                .ok()
                .filter(StatusCode::is_client_error)
                .filter(|s| *s != StatusCode::UNAUTHORIZED)
                .unwrap_or(StatusCode::BAD_GATEWAY);
            let code = if code.is_empty() {
                codes::UPSTREAM_ERROR.to_owned()
            } else {
                code.clone()
            };
            let message = if message.is_empty() {
                "The cloud refused the request without saying why.".to_owned()
            } else {
                message.clone()
            };
            (status, code, message, upstream)
        }
        CloudError::CredentialsRejected { code, .. } => (
            StatusCode::BAD_GATEWAY,
            codes::CREDENTIALS_REJECTED.to_owned(),
            format!(
                "The cloud rejected this account's credentials ({code}). Check the account's access key and secret key in Snapdeck's configuration."
            ),
            upstream,
        ),
        CloudError::Timeout => (
            StatusCode::GATEWAY_TIMEOUT,
            codes::UPSTREAM_TIMEOUT.to_owned(),
            "The cloud did not answer in time. Try again in a moment.".to_owned(),
            None,
        ),
        CloudError::Unreachable(_) => (
            StatusCode::BAD_GATEWAY,
            codes::UPSTREAM_UNREACHABLE.to_owned(),
            "The cloud could not be reached. Check the account's endpoint and the network.".to_owned(),
            None,
        ),
        CloudError::BadReply { .. } => (
            StatusCode::BAD_GATEWAY,
            codes::UPSTREAM_ERROR.to_owned(),
            "The cloud sent a reply Snapdeck could not read.".to_owned(),
            upstream,
        ),
        CloudError::Unsupported { provider, operation } => (
            StatusCode::METHOD_NOT_ALLOWED,
            codes::NOT_SUPPORTED.to_owned(),
            unsupported_message(*provider, *operation),
            None,
        ),
        CloudError::Invalid(fields) => (
            StatusCode::BAD_REQUEST,
            codes::VALIDATION.to_owned(),
            describe(fields),
            None,
        ),
    }
}

/// "Tencent Cloud CBS accounts cannot create snapshots in Snapdeck", and what they can do, from
/// the capability table of the account's provider.
fn unsupported_message(provider: Provider, operation: Operation) -> String {
    format!(
        "{} accounts cannot {} in Snapdeck.",
        provider.display_name(),
        operation.describe()
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message, upstream_request_id) = self.parts();
        let request_id = current_request_id().unwrap_or_default();
        if status.is_server_error() {
            tracing::error!(%status, %code, upstream_request_id, error = %self, "request failed");
        } else {
            tracing::info!(%status, %code, upstream_request_id, error = %self, "request refused");
        }
        let fields = match self {
            ApiError::Validation(fields) | ApiError::Cloud(CloudError::Invalid(fields)) => fields,
            _ => Vec::new(),
        };
        let body = ErrorBody {
            error: ApiErrorBody {
                code,
                message,
                request_id,
                upstream_request_id,
                fields,
            },
        };
        (status, Json(body)).into_response()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let detail = match &rejection {
            JsonRejection::MissingJsonContentType(_) => {
                "send it as JSON with Content-Type: application/json".to_owned()
            }
            other => other.body_text(),
        };
        ApiError::field(Field::Body, Problem::Malformed { detail })
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::field(
            Field::Query,
            Problem::Malformed {
                detail: rejection.body_text(),
            },
        )
    }
}
