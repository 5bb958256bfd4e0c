//! The API gateway's side of `SDK-HMAC-SHA256`: recompute the signature from what was received
//! and compare. The body is hashed as received (never re-serialised), and `+` in the query is a
//! space, since some OpenStack clients send it.

use std::collections::BTreeMap;
use std::fmt;

use crate::cloud::evs::wire::GatewayError;
use shared::api::parse_query;

use super::{
    canonical_query, canonical_request, parse_sdk_date, sdk_date, string_to_sign, ALGORITHM,
    MAX_CLOCK_SKEW_SECONDS,
};
use crate::cloud::signing::{
    authorization_fields, header_value, names_only, signature_bytes, signed_header_names,
    verify_hmac_sha256, KeyRing,
};

/// A request as the gateway received it.
#[derive(Clone, Copy)]
pub struct Received<'a> {
    pub method: &'a str,
    /// The `Host` header (or HTTP/2 authority), `host[:port]`.
    pub host: &'a str,
    /// The raw path, escapes and all.
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    /// Every received header; `Host` in here is ignored in favour of [`Received::host`].
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
            .field("path", &self.path)
            .field("query", &self.query)
            .field("header_names", &names_only(self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// Why the gateway refused a request. Every kind is APIG's `APIG.0301` ("Incorrect IAM
/// authentication information") with its own message, as the real gateway answers for
/// IAM-authenticated APIs; none carries a key or a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("no Authorization header")]
    MissingAuthorization,
    #[error("malformed Authorization header: {0}")]
    MalformedAuthorization(&'static str),
    #[error("no X-Sdk-Date header")]
    MissingDate,
    #[error("X-Sdk-Date is not YYYYMMDDTHHMMSSZ")]
    MalformedDate,
    #[error("X-Sdk-Date {signed} is more than 15 minutes from the server time {server}")]
    DateSkewed { signed: String, server: String },
    #[error("unknown access key")]
    UnknownAccessKey,
    #[error("signed header {0} was not sent")]
    SignedHeaderMissing(String),
    #[error("signature mismatch")]
    SignatureMismatch,
}

impl VerifyError {
    pub const CODE: &'static str = "APIG.0301";

    pub fn code(&self) -> &'static str {
        Self::CODE
    }

    /// The gateway's `error_msg`.
    pub fn message(&self) -> String {
        let detail = match self {
            VerifyError::MissingAuthorization => "Authorization not found in header".to_owned(),
            VerifyError::MalformedAuthorization(reason) => {
                format!("invalid Authorization, {reason}")
            }
            VerifyError::MissingDate => "x-sdk-date not found in header".to_owned(),
            VerifyError::MalformedDate => "invalid x-sdk-date, expect YYYYMMDDTHHMMSSZ".to_owned(),
            VerifyError::DateSkewed { signed, server } => {
                format!("signature expired, signature time:{signed},server time:{server}")
            }
            // The real gateway masks the AK the same way.
            VerifyError::UnknownAccessKey => {
                "Get secretKey failed,ak:******,err:ak not exist".to_owned()
            }
            VerifyError::SignedHeaderMissing(name) => {
                format!("signed header {name} not found in request")
            }
            VerifyError::SignatureMismatch => "verify aksk signature fail".to_owned(),
        };
        format!("Incorrect IAM authentication information: {detail}")
    }

    /// The body the gateway answers with (HTTP 401).
    pub fn to_gateway_error(&self, request_id: impl Into<String>) -> GatewayError {
        GatewayError {
            error_code: self.code().to_owned(),
            error_msg: self.message(),
            request_id: Some(request_id.into()),
        }
    }
}

/// Checks a received request's signature against `keys` at `now_unix`; the AK on success.
pub fn verify(received: &Received, keys: &KeyRing, now_unix: i64) -> Result<String, VerifyError> {
    let authorization =
        header_value(received.headers, "authorization").ok_or(VerifyError::MissingAuthorization)?;
    let parts = parse_authorization(authorization)?;
    let date_text = header_value(received.headers, "x-sdk-date").ok_or(VerifyError::MissingDate)?;
    let date = parse_sdk_date(date_text.trim()).ok_or(VerifyError::MalformedDate)?;
    if (now_unix - date).abs() > MAX_CLOCK_SKEW_SECONDS {
        return Err(VerifyError::DateSkewed {
            signed: sdk_date(date),
            server: sdk_date(now_unix),
        });
    }
    let secret = keys
        .get(parts.access_key)
        .ok_or(VerifyError::UnknownAccessKey)?;

    let mut signed = BTreeMap::new();
    for name in parts.signed_headers.split(';') {
        let value = if name == "host" {
            Some(received.host.to_owned())
        } else {
            joined_header(received.headers, name)
        };
        let value = value.ok_or_else(|| VerifyError::SignedHeaderMissing(name.to_owned()))?;
        signed.insert(name.to_owned(), value);
    }
    let signable: Vec<(&str, &str)> = signed
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let canonical_request = canonical_request(
        &received.method.to_ascii_uppercase(),
        received.path,
        &canonical_query(&parse_query(received.query)),
        &signable,
        parts.signed_headers,
        received.body,
    );
    let string_to_sign = string_to_sign(date_text.trim(), &canonical_request);
    if verify_hmac_sha256(
        secret.expose().as_bytes(),
        string_to_sign.as_bytes(),
        &parts.signature,
    ) {
        Ok(parts.access_key.to_owned())
    } else {
        Err(VerifyError::SignatureMismatch)
    }
}

struct AuthorizationParts<'a> {
    access_key: &'a str,
    signed_headers: &'a str,
    signature: Vec<u8>,
}

/// `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`, the three fields in any order.
fn parse_authorization(header: &str) -> Result<AuthorizationParts<'_>, VerifyError> {
    use VerifyError::MalformedAuthorization as Malformed;
    let fields = header
        .trim()
        .strip_prefix(ALGORITHM)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or(Malformed("the algorithm must be SDK-HMAC-SHA256"))?;
    let [access_key, signed_headers, signature] =
        authorization_fields(fields, ["Access", "SignedHeaders", "Signature"])
            .map_err(Malformed)?;
    let access_key = access_key
        .filter(|ak| !ak.is_empty())
        .ok_or(Malformed("no Access"))?;
    let signed_headers = signed_headers
        .filter(|list| !list.is_empty())
        .ok_or(Malformed("no SignedHeaders"))?;
    let signature = signature.ok_or(Malformed("no Signature"))?;
    let names = signed_header_names(signed_headers).map_err(Malformed)?;
    // Without these two signed, a captured request could be replayed later or elsewhere.
    if !names.contains(&"host") || !names.contains(&"x-sdk-date") {
        return Err(Malformed("host and x-sdk-date must be signed"));
    }
    let signature = signature_bytes(signature).map_err(Malformed)?;
    Ok(AuthorizationParts {
        access_key,
        signed_headers,
        signature,
    })
}

/// A header's values, trimmed and joined with `,` when it came more than once.
fn joined_header(headers: &[(String, String)], name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .iter()
        .filter(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim())
        .collect();
    (!values.is_empty()).then(|| values.join(","))
}

#[cfg(test)]
mod tests;
