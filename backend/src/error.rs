//! The console API's error type. Every failure reaches the browser as one JSON shape,
//! `{"error": {"code", "message", "request_id"}}`, with a fitting status; a 5xx body says little
//! and the detail goes to the log.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::{codes, ApiError as ApiErrorBody, ErrorBody, Provider};
use shared::lifecycle::Refusal;
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
    /// The console will not ask the cloud (the snapshot's status, its owner, the volume); the
    /// second field is what was asked: "deleted", "rolled back".
    #[error("refused: {}", .0.message(.1))]
    Refused(Refusal, &'static str),
    #[error("internal error: {0}")]
    Internal(String),
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("too many requests from this client")]
    RateLimited { retry_after_secs: u64 },
    #[error("the Host header names a host this console does not serve")]
    HostNotAllowed,
    #[error("the request took longer than {secs} s")]
    RequestTimeout { secs: u64 },
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
            ApiError::PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::PAYLOAD_TOO_LARGE.to_owned(),
                format!("The request body is larger than the {} KiB Snapdeck accepts.", limit / 1024),
                None,
            ),
            ApiError::RateLimited { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                codes::RATE_LIMITED.to_owned(),
                format!("Too many requests from this client; try again in {retry_after_secs} s."),
                None,
            ),
            ApiError::HostNotAllowed => (
                StatusCode::MISDIRECTED_REQUEST,
                codes::HOST_NOT_ALLOWED.to_owned(),
                "This console does not answer for that host name; open it at its configured address.".to_owned(),
                None,
            ),
            ApiError::RequestTimeout { .. } => (
                StatusCode::GATEWAY_TIMEOUT,
                codes::REQUEST_TIMEOUT.to_owned(),
                "Snapdeck could not finish the request in time. Try again in a moment.".to_owned(),
                None,
            ),
            ApiError::Cloud(error) => cloud_parts(error),
            ApiError::Refused(refusal, action) => (
                match refusal {
                    Refusal::NotFound => StatusCode::NOT_FOUND,
                    Refusal::WrongVolume { .. } => StatusCode::BAD_REQUEST,
                    _ => StatusCode::CONFLICT,
                },
                refusal.code().to_owned(),
                refusal.message(action),
                None,
            ),
            ApiError::Auth(error) => {
                let (status, code, message) = error.parts();
                (status, code.to_owned(), message, None)
            }
        }
    }

    /// Seconds a client should wait before trying again, when the answer says so.
    fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::RateLimited { retry_after_secs }
            | ApiError::Cloud(CloudError::Unavailable { retry_after_secs }) => {
                Some((*retry_after_secs).max(1))
            }
            _ => None,
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
        CloudError::OutcomeUnknown { operation, .. } => (
            StatusCode::BAD_GATEWAY,
            codes::OUTCOME_UNKNOWN.to_owned(),
            format!(
                "The cloud took the request to {} but its answer was lost: the change may or may not have happened. Check the snapshot list (filter by the name) before trying again.",
                operation.describe()
            ),
            None,
        ),
        CloudError::Unavailable { retry_after_secs } => (
            StatusCode::SERVICE_UNAVAILABLE,
            codes::CLOUD_UNAVAILABLE.to_owned(),
            format!(
                "The cloud of this account is failing, so Snapdeck is not calling it for {retry_after_secs} s. Try again then."
            ),
            None,
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
        let retry_after = self.retry_after();
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
        let mut response = (status, Json(body)).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::PayloadTooLarge {
                limit: crate::routes::MAX_BODY_BYTES,
            };
        }
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
