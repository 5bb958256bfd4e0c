//! What can go wrong talking to a cloud, typed so the API layer can pick a status and wording.

use shared::api::{codes, Provider};
use shared::validate::FieldError;
use shared::Operation;

#[derive(Debug, Clone, thiserror::Error)]
pub enum CloudError {
    /// The cloud answered with an error of its own (bad input, missing resource, quota, …).
    #[error("the cloud refused the request ({code}): {message}")]
    Refused {
        status: u16,
        code: String,
        message: String,
        upstream_request_id: Option<String>,
    },
    /// The cloud (or its gateway) rejected the account's keys or the request's signature.
    #[error("the cloud rejected this account's credentials ({code}): {message}")]
    CredentialsRejected {
        code: String,
        message: String,
        upstream_request_id: Option<String>,
    },
    #[error("the cloud did not answer in time")]
    Timeout,
    /// Connecting failed; the detail never holds a URL (a Tencent 2.0 URL carries its signature).
    #[error("the cloud could not be reached: {0}")]
    Unreachable(String),
    /// The cloud answered something the console cannot read.
    #[error("the cloud's reply could not be read (HTTP {status}): {detail}")]
    BadReply {
        status: u16,
        detail: String,
        upstream_request_id: Option<String>,
    },
    /// A change was sent, and its reply was lost (reset, timeout, unreadable): the cloud may or
    /// may not have made it. Never retried, never reported as failed.
    #[error("the reply to a change was lost ({cause}); it may or may not have been made")]
    OutcomeUnknown { operation: Operation, cause: String },
    /// The account's circuit breaker is open: the cloud failed repeatedly, calls fail fast.
    #[error("the cloud failed repeatedly; calls are paused for {retry_after_secs} s")]
    Unavailable { retry_after_secs: u64 },
    /// The account's provider cannot do this (e.g. CBS API 2.0 create).
    #[error("{} accounts cannot {} in Snapdeck", provider.display_name(), operation.describe())]
    Unsupported {
        provider: Provider,
        operation: Operation,
    },
    /// Input the provider's own rules reject before any call is made (e.g. CBS limit > 100).
    #[error("{}", shared::validate::describe(.0))]
    Invalid(Vec<FieldError>),
}

impl CloudError {
    /// The cloud's own code where it gave one, else the console's code for this failure: the
    /// outcome word of the log line.
    pub fn code(&self) -> &str {
        match self {
            CloudError::Refused { code, .. } if !code.is_empty() => code,
            CloudError::Refused { .. } | CloudError::BadReply { .. } => codes::UPSTREAM_ERROR,
            CloudError::CredentialsRejected { .. } => codes::CREDENTIALS_REJECTED,
            CloudError::Timeout => codes::UPSTREAM_TIMEOUT,
            CloudError::Unreachable(_) => codes::UPSTREAM_UNREACHABLE,
            CloudError::OutcomeUnknown { .. } => codes::OUTCOME_UNKNOWN,
            CloudError::Unavailable { .. } => codes::CLOUD_UNAVAILABLE,
            CloudError::Unsupported { .. } => codes::NOT_SUPPORTED,
            CloudError::Invalid(_) => codes::VALIDATION,
        }
    }

    /// What the cloud said, or what went wrong on the way, in one sentence.
    pub fn detail(&self) -> String {
        match self {
            CloudError::Refused { message, .. } if !message.is_empty() => message.clone(),
            other => other.to_string(),
        }
    }

    /// Whether a write may have happened although no answer said so: the request may have
    /// reached the cloud before the connection or its reply was lost.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            CloudError::Timeout
                | CloudError::Unreachable(_)
                | CloudError::BadReply { .. }
                | CloudError::OutcomeUnknown { .. }
        )
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, CloudError::Refused { status: 404, .. })
    }

    pub fn upstream_request_id(&self) -> Option<&str> {
        match self {
            CloudError::Refused {
                upstream_request_id,
                ..
            }
            | CloudError::CredentialsRejected {
                upstream_request_id,
                ..
            }
            | CloudError::BadReply {
                upstream_request_id,
                ..
            } => upstream_request_id.as_deref(),
            _ => None,
        }
    }
}
