//! What can go wrong when the console calls its backend, typed so a view can tell a missing
//! snapshot from a refused key and always show the code and request id.

use std::fmt;

use serde::de::DeserializeOwned;
use shared::api::{codes, ApiError, ErrorBody};
use shared::validate::FieldError;

use crate::i18n::Key;

/// A failed call to the console's API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// The backend answered with its error shape.
    Api { status: u16, error: ApiError },
    /// No answer at all: the backend is down or the network is gone.
    Network { detail: String },
    /// An answer that is not what the API promises (e.g. a proxy's HTML page).
    Unexpected {
        status: u16,
        request_id: Option<String>,
        detail: String,
    },
}

/// Codes for the failures that did not come from the backend.
pub const NETWORK_ERROR: &str = "network_error";
pub const UNEXPECTED_RESPONSE: &str = "unexpected_response";

impl ApiFailure {
    pub fn code(&self) -> &str {
        match self {
            Self::Api { error, .. } => &error.code,
            Self::Network { .. } => NETWORK_ERROR,
            Self::Unexpected { .. } => UNEXPECTED_RESPONSE,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::Unexpected { status, .. } => Some(*status),
            Self::Network { .. } => None,
        }
    }

    /// The console's request id, to quote when reporting the problem.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { error, .. } => Some(error.request_id.as_str()).filter(|id| !id.is_empty()),
            Self::Unexpected { request_id, .. } => request_id.as_deref(),
            Self::Network { .. } => None,
        }
    }

    /// The cloud's own request id, when the cloud answered.
    pub fn upstream_request_id(&self) -> Option<&str> {
        match self {
            Self::Api { error, .. } => error.upstream_request_id.as_deref(),
            _ => None,
        }
    }

    /// The message as the backend worded it (English), or what happened on the way.
    pub fn message(&self) -> &str {
        match self {
            Self::Api { error, .. } => &error.message,
            Self::Network { detail } | Self::Unexpected { detail, .. } => detail,
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Api { error, .. } => &error.fields,
            _ => &[],
        }
    }

    /// The thing asked for does not exist: a 404 from the backend, whether the code is the
    /// console's own or the cloud's (EVS answers `EVS.5404` / `itemNotFound`). An unknown
    /// account is a 404 too, but not a missing snapshot.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Api { status: 404, error } if error.code != codes::UNKNOWN_ACCOUNT)
    }
}

impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message(), self.code())?;
        if let Some(id) = self.request_id() {
            write!(f, ", request id {id}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiFailure {}

/// Reads a finished HTTP exchange: the typed body on success, the typed failure otherwise.
pub fn interpret<T: DeserializeOwned>(
    status: u16,
    request_id: Option<String>,
    body: &(impl AsRef<[u8]> + ?Sized),
) -> Result<T, ApiFailure> {
    let body = body.as_ref();
    if (200..300).contains(&status) {
        return serde_json::from_slice(body).map_err(|error| ApiFailure::Unexpected {
            status,
            request_id,
            detail: format!("The response could not be read: {error}"),
        });
    }
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(ErrorBody { mut error }) => {
            if error.request_id.is_empty() {
                error.request_id = request_id.unwrap_or_default();
            }
            Err(ApiFailure::Api { status, error })
        }
        Err(_) => Err(ApiFailure::Unexpected {
            status,
            request_id,
            detail: format!("HTTP {status}: {}", excerpt(&String::from_utf8_lossy(body))),
        }),
    }
}

/// The start of a body that is not JSON, enough to recognise it.
fn excerpt(body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return "empty response".to_owned();
    }
    let mut text: String = trimmed.chars().take(160).collect();
    if text.len() < trimmed.len() {
        text.push('…');
    }
    text
}

/// What a page can fail with besides a failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewError {
    Api(ApiFailure),
    /// The URL names an account the backend does not have.
    UnknownAccount {
        name: String,
    },
    /// The URL's query does not parse (a hand-edited or truncated link).
    BadLink(Vec<FieldError>),
}

impl From<ApiFailure> for ViewError {
    fn from(failure: ApiFailure) -> Self {
        Self::Api(failure)
    }
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(failure) => failure.fmt(f),
            Self::UnknownAccount { name } => write!(f, "There is no account named {name:?}."),
            Self::BadLink(errors) => f.write_str(&shared::validate::describe(errors)),
        }
    }
}

impl std::error::Error for ViewError {}

/// The heading an error panel shows for a failure code.
pub fn title_key(code: &str) -> Key {
    match code {
        codes::CREDENTIALS_REJECTED => Key::CredentialsRejectedTitle,
        codes::UPSTREAM_TIMEOUT => Key::TimeoutTitle,
        codes::UPSTREAM_ERROR => Key::UpstreamTitle,
        codes::UPSTREAM_UNREACHABLE => Key::UnreachableTitle,
        codes::NOT_SUPPORTED => Key::NotSupportedTitle,
        codes::VALIDATION => Key::ValidationTitle,
        codes::UNKNOWN_ACCOUNT => Key::UnknownAccountTitle,
        codes::INTERNAL => Key::InternalTitle,
        codes::OUTCOME_UNKNOWN => Key::OutcomeUnknownTitle,
        codes::CLOUD_UNAVAILABLE => Key::CloudUnavailableTitle,
        codes::RATE_LIMITED => Key::RateLimitedTitle,
        codes::REQUEST_TIMEOUT => Key::RequestTimeoutTitle,
        codes::PAYLOAD_TOO_LARGE => Key::PayloadTooLargeTitle,
        codes::HOST_NOT_ALLOWED => Key::HostNotAllowedTitle,
        NETWORK_ERROR => Key::NetworkTitle,
        UNEXPECTED_RESPONSE => Key::UnexpectedTitle,
        _ => Key::ErrorTitle,
    }
}

/// What to do about a failure, where there is something to say.
pub fn hint_key(code: &str) -> Option<Key> {
    match code {
        codes::CREDENTIALS_REJECTED => Some(Key::CredentialsRejectedHint),
        codes::UPSTREAM_TIMEOUT => Some(Key::TimeoutHint),
        codes::UPSTREAM_ERROR => Some(Key::UpstreamHint),
        codes::UPSTREAM_UNREACHABLE => Some(Key::UnreachableHint),
        NETWORK_ERROR => Some(Key::NetworkHint),
        codes::OUTCOME_UNKNOWN => Some(Key::OutcomeUnknownHint),
        codes::CLOUD_UNAVAILABLE => Some(Key::CloudUnavailableHint),
        codes::RATE_LIMITED => Some(Key::RateLimitedHint),
        codes::REQUEST_TIMEOUT => Some(Key::RequestTimeoutHint),
        codes::PAYLOAD_TOO_LARGE => Some(Key::PayloadTooLargeHint),
        codes::HOST_NOT_ALLOWED => Some(Key::HostNotAllowedHint),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use shared::api::AccountList;
    use shared::validate::{Field, Problem};

    use super::*;

    #[test]
    fn success_is_typed() {
        let list: AccountList = interpret(200, None, r#"{"accounts": []}"#).unwrap();
        assert!(list.accounts.is_empty());
        let bad = interpret::<AccountList>(200, Some("r1".into()), "{").unwrap_err();
        assert_eq!(bad.code(), UNEXPECTED_RESPONSE);
        assert_eq!(bad.request_id(), Some("r1"));
    }

    #[test]
    fn error_body_keeps_code_status_and_ids() {
        let body = r#"{"error": {"code": "credentials_rejected", "message": "The cloud refused the access key.", "request_id": "req-1", "upstream_request_id": "up-9"}}"#;
        let failure = interpret::<AccountList>(502, Some("hdr".into()), body).unwrap_err();
        assert_eq!(failure.code(), "credentials_rejected");
        assert_eq!(failure.status(), Some(502));
        assert_eq!(failure.request_id(), Some("req-1"));
        assert_eq!(failure.upstream_request_id(), Some("up-9"));
        assert_eq!(
            failure.to_string(),
            "The cloud refused the access key. (credentials_rejected), request id req-1"
        );
    }

    #[test]
    fn header_request_id_fills_a_missing_one_and_fields_survive() {
        let body = r#"{"error": {"code": "validation_failed", "message": "m", "fields": [{"field": "name", "problem": {"kind": "required"}}]}}"#;
        let failure = interpret::<AccountList>(400, Some("hdr-2".into()), body).unwrap_err();
        assert_eq!(failure.request_id(), Some("hdr-2"));
        assert_eq!(
            failure.field_errors(),
            [FieldError::new(Field::Name, Problem::Required)]
        );
    }

    #[test]
    fn codes_pick_their_heading() {
        assert_eq!(
            title_key("credentials_rejected"),
            Key::CredentialsRejectedTitle
        );
        assert_eq!(Key::CredentialsRejectedTitle.en(), "Credentials rejected");
        assert_eq!(title_key(NETWORK_ERROR), Key::NetworkTitle);
        assert_eq!(title_key("APIG.0301"), Key::ErrorTitle);
        assert_eq!(
            hint_key("credentials_rejected"),
            Some(Key::CredentialsRejectedHint)
        );
        assert_eq!(hint_key("validation_failed"), None);
        assert_eq!(title_key("outcome_unknown"), Key::OutcomeUnknownTitle);
        assert_eq!(title_key("cloud_unavailable"), Key::CloudUnavailableTitle);
        assert_eq!(hint_key("outcome_unknown"), Some(Key::OutcomeUnknownHint));
    }

    #[test]
    fn not_found_and_non_json() {
        let body = r#"{"error": {"code": "not_found", "message": "m", "request_id": "r"}}"#;
        assert!(interpret::<AccountList>(404, None, body)
            .unwrap_err()
            .is_not_found());
        let other = r#"{"error": {"code": "upstream_error", "message": "m", "request_id": "r"}}"#;
        assert!(!interpret::<AccountList>(502, None, other)
            .unwrap_err()
            .is_not_found());
        let html = interpret::<AccountList>(502, None, "<html>Bad gateway</html>").unwrap_err();
        assert_eq!(html.code(), UNEXPECTED_RESPONSE);
        assert_eq!(html.message(), "HTTP 502: <html>Bad gateway</html>");
        assert_eq!(html.request_id(), None);
    }

    #[test]
    fn a_body_that_is_not_utf8_is_an_unexpected_response() {
        // Bodies are read as bytes: a success that is not UTF-8 cannot be read, and a failure's
        // excerpt shows what can be shown.
        let broken = b"{\"accounts\": [\"\xff\"]}";
        let failure = interpret::<AccountList>(200, Some("r9".into()), &broken[..]).unwrap_err();
        assert_eq!(failure.code(), UNEXPECTED_RESPONSE);
        assert!(failure
            .message()
            .starts_with("The response could not be read"));
        assert_eq!(failure.request_id(), Some("r9"));
        let failure = interpret::<AccountList>(502, None, &b"bad \xff gateway"[..]).unwrap_err();
        assert_eq!(failure.message(), "HTTP 502: bad \u{fffd} gateway");
    }
}
