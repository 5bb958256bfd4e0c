//! Tencent's side of `TC3-HMAC-SHA256`: recompute the signature over what was received (the body
//! bytes as received, the query exactly as sent) and compare.

use std::fmt;

use crate::cloud::cbs::wire::{ErrorInfo, ErrorResponse, Reply};

use super::{canonical_request, signing_key, utc_date, ALGORITHM, MAX_CLOCK_SKEW_SECONDS};
use crate::cloud::signing::{
    authorization_fields, header_value, names_only, sha256_hex, signature_bytes,
    signed_header_names, verify_hmac_sha256, KeyRing,
};

/// A request as the API endpoint received it.
#[derive(Clone, Copy)]
pub struct Received<'a> {
    pub method: &'a str,
    /// The `Host` header, `host[:port]`.
    pub host: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    /// Every received header (`Authorization`, `X-TC-Timestamp`, `Content-Type`, …); a `Host`
    /// in here is ignored in favour of [`Received::host`].
    pub headers: &'a [(String, String)],
    /// The body bytes as received.
    pub body: &'a [u8],
}

impl fmt::Debug for Received<'_> {
    // The headers hold the Authorization header, whose signature authenticates the request.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("query", &self.query)
            .field("header_names", &names_only(self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// Why Tencent refused a request; [`VerifyError::code`] is the `Response.Error.Code`. None
/// carries a key or a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("no Authorization header")]
    MissingAuthorization,
    #[error("malformed Authorization header: {0}")]
    MalformedAuthorization(&'static str),
    #[error("no X-TC-Timestamp header")]
    MissingTimestamp,
    #[error("X-TC-Timestamp is not a Unix time")]
    MalformedTimestamp,
    #[error("X-TC-Timestamp {timestamp} is more than 5 minutes from the server time {now}")]
    Expired { timestamp: i64, now: i64 },
    #[error("unknown SecretId")]
    UnknownSecretId,
    #[error("the credential scope is not <UTC date of X-TC-Timestamp>/{0}/tc3_request")]
    WrongScope(String),
    #[error("signed header {0} was not sent")]
    SignedHeaderMissing(String),
    #[error("signature mismatch")]
    SignatureMismatch,
}

impl VerifyError {
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::MissingAuthorization | VerifyError::MalformedAuthorization(_) => {
                "AuthFailure.InvalidAuthorization"
            }
            VerifyError::MissingTimestamp => "MissingParameter",
            VerifyError::MalformedTimestamp => "InvalidParameterValue",
            VerifyError::Expired { .. } => "AuthFailure.SignatureExpire",
            VerifyError::UnknownSecretId => "AuthFailure.SecretIdNotFound",
            VerifyError::WrongScope(_)
            | VerifyError::SignedHeaderMissing(_)
            | VerifyError::SignatureMismatch => "AuthFailure.SignatureFailure",
        }
    }

    /// The `Response.Error.Message`.
    pub fn message(&self) -> String {
        match self {
            VerifyError::MissingAuthorization => {
                "Authorization header is missing, please check your request.".to_owned()
            }
            VerifyError::MalformedAuthorization(reason) => {
                format!("Authorization header is malformed ({reason}), it must follow the TC3-HMAC-SHA256 standard.")
            }
            VerifyError::MissingTimestamp => {
                "The request is missing a required parameter `Timestamp` (X-TC-Timestamp)."
                    .to_owned()
            }
            VerifyError::MalformedTimestamp => {
                "The value of parameter `Timestamp` (X-TC-Timestamp) is not a Unix time."
                    .to_owned()
            }
            VerifyError::Expired { timestamp, now } => format!(
                "Signature expired. Timestamp is {timestamp}, server time is {now}, more than 300 seconds apart."
            ),
            VerifyError::UnknownSecretId => {
                "The SecretId is not found, please ensure that your SecretId is correct."
                    .to_owned()
            }
            VerifyError::WrongScope(_)
            | VerifyError::SignedHeaderMissing(_)
            | VerifyError::SignatureMismatch => {
                "The provided credentials could not be validated. Please check your signature is correct."
                    .to_owned()
            }
        }
    }

    /// The whole reply body: `{"Response":{"Error":{"Code","Message"},"RequestId"}}`, sent with
    /// HTTP 200 and `Content-Type: application/json`.
    pub fn to_reply(&self, request_id: impl Into<String>) -> Reply<ErrorResponse> {
        Reply {
            response: ErrorResponse {
                error: ErrorInfo {
                    code: self.code().to_owned(),
                    message: self.message(),
                },
                request_id: request_id.into(),
            },
        }
    }
}

/// Checks a received request's signature for `service` (`cbs`) against `keys` at `now_unix`;
/// the SecretId on success.
pub fn verify(
    received: &Received,
    service: &str,
    keys: &KeyRing,
    now_unix: i64,
) -> Result<String, VerifyError> {
    let authorization =
        header_value(received.headers, "authorization").ok_or(VerifyError::MissingAuthorization)?;
    let parts = parse_authorization(authorization)?;
    let timestamp_text =
        header_value(received.headers, "x-tc-timestamp").ok_or(VerifyError::MissingTimestamp)?;
    let timestamp_text = timestamp_text.trim();
    let timestamp: i64 = timestamp_text
        .parse()
        .ok()
        .filter(|_| timestamp_text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(VerifyError::MalformedTimestamp)?;
    if (now_unix - timestamp).abs() > MAX_CLOCK_SKEW_SECONDS {
        return Err(VerifyError::Expired {
            timestamp,
            now: now_unix,
        });
    }
    let secret = keys
        .get(parts.secret_id)
        .ok_or(VerifyError::UnknownSecretId)?;
    let date = utc_date(timestamp);
    if parts.date != date || parts.service != service {
        return Err(VerifyError::WrongScope(service.to_owned()));
    }

    let mut headers = Vec::new();
    for name in parts.signed_headers.split(';') {
        let value = if name == "host" {
            Some(received.host)
        } else {
            header_value(received.headers, name)
        };
        let value = value.ok_or_else(|| VerifyError::SignedHeaderMissing(name.to_owned()))?;
        headers.push((name, value));
    }
    headers.sort();
    let canonical_request = canonical_request(
        received.method,
        received.query,
        &headers,
        parts.signed_headers,
        &sha256_hex(received.body),
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{timestamp_text}\n{date}/{service}/tc3_request\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let key = signing_key(secret.expose(), &date, service);
    if verify_hmac_sha256(&key, string_to_sign.as_bytes(), &parts.signature) {
        Ok(parts.secret_id.to_owned())
    } else {
        Err(VerifyError::SignatureMismatch)
    }
}

struct AuthorizationParts<'a> {
    secret_id: &'a str,
    date: &'a str,
    service: &'a str,
    signed_headers: &'a str,
    signature: Vec<u8>,
}

/// `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=a;b, Signature=<hex>`.
fn parse_authorization(header: &str) -> Result<AuthorizationParts<'_>, VerifyError> {
    use VerifyError::MalformedAuthorization as Malformed;
    let fields = header
        .trim()
        .strip_prefix(ALGORITHM)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or(Malformed("the algorithm must be TC3-HMAC-SHA256"))?;
    let [credential, signed_headers, signature] =
        authorization_fields(fields, ["Credential", "SignedHeaders", "Signature"])
            .map_err(Malformed)?;
    let credential = credential.ok_or(Malformed("no Credential"))?;
    let mut scope = credential.split('/');
    let (secret_id, date, service, terminator) = match (
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
    ) {
        (Some(id), Some(date), Some(service), Some(terminator), None) if !id.is_empty() => {
            (id, date, service, terminator)
        }
        _ => {
            return Err(Malformed(
                "Credential is <SecretId>/<date>/<service>/tc3_request",
            ))
        }
    };
    if terminator != "tc3_request" {
        return Err(Malformed("Credential must end in tc3_request"));
    }
    let signed_headers = signed_headers.ok_or(Malformed("no SignedHeaders"))?;
    let names = signed_header_names(signed_headers).map_err(Malformed)?;
    if !names.contains(&"content-type") || !names.contains(&"host") {
        return Err(Malformed("content-type and host must be signed"));
    }
    let signature =
        signature_bytes(signature.ok_or(Malformed("no Signature"))?).map_err(Malformed)?;
    Ok(AuthorizationParts {
        secret_id,
        date,
        service,
        signed_headers,
        signature,
    })
}

#[cfg(test)]
mod tests;
