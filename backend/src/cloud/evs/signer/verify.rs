//! The API gateway's side of `SDK-HMAC-SHA256`: recompute the signature from what was received
//! and compare. The body is hashed as received (never re-serialised), and `+` in the query is a
//! space, since some OpenStack clients send it.

use std::collections::BTreeMap;

use shared::api::parse_query;
use shared::evs::GatewayError;

use super::{
    canonical_query, canonical_request, canonical_uri, parse_sdk_date, payload_hash, sdk_date,
    string_to_sign, ALGORITHM, MAX_CLOCK_SKEW_SECONDS,
};
use crate::cloud::signing::{constant_time_eq, hmac_sha256, KeyRing};

/// A request as the gateway received it.
#[derive(Debug, Clone, Copy)]
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
        header(received.headers, "authorization").ok_or(VerifyError::MissingAuthorization)?;
    let parts = parse_authorization(authorization)?;
    let date_text = header(received.headers, "x-sdk-date").ok_or(VerifyError::MissingDate)?;
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
    let canonical_request = canonical_request(
        &received.method.to_ascii_uppercase(),
        &canonical_uri(received.path),
        &canonical_query(&parse_query(received.query)),
        &signed,
        parts.signed_headers,
        &payload_hash(&signed, received.body),
    );
    let string_to_sign = string_to_sign(date_text.trim(), &canonical_request);
    let expected = hmac_sha256(secret.expose().as_bytes(), string_to_sign.as_bytes());
    if constant_time_eq(&expected, &parts.signature) {
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
    let (mut access_key, mut signed_headers, mut signature) = (None, None, None);
    for field in fields.split(',') {
        let (name, value) = field
            .trim()
            .split_once('=')
            .ok_or(Malformed("fields are name=value"))?;
        let slot = match name {
            "Access" => &mut access_key,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(Malformed("unknown field")),
        };
        if slot.replace(value).is_some() {
            return Err(Malformed("repeated field"));
        }
    }
    let access_key = access_key
        .filter(|ak| !ak.is_empty())
        .ok_or(Malformed("no Access"))?;
    let signed_headers = signed_headers
        .filter(|list| !list.is_empty())
        .ok_or(Malformed("no SignedHeaders"))?;
    let signature = signature.ok_or(Malformed("no Signature"))?;
    let names: Vec<&str> = signed_headers.split(';').collect();
    if names
        .iter()
        .any(|name| name.is_empty() || name.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(Malformed("SignedHeaders must be lower-case names"));
    }
    // Without these two signed, a captured request could be replayed later or elsewhere.
    if !names.contains(&"host") || !names.contains(&"x-sdk-date") {
        return Err(Malformed("host and x-sdk-date must be signed"));
    }
    let signature = hex::decode(signature)
        .ok()
        .filter(|bytes| bytes.len() == 32)
        .ok_or(Malformed("Signature must be 64 hex digits"))?;
    Ok(AuthorizationParts {
        access_key,
        signed_headers,
        signature,
    })
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
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
mod tests {
    use super::super::{sign, Request};
    use super::*;
    use crate::cloud::signing::Secret;

    const AK: &str = "HWTESTAK0000EXAMPLE1";
    const SK: &str = "hwTestSecretKey/0000+EXAMPLE/abcdefghijklmn";
    const NOW: i64 = 1_710_490_953; // 2024-03-15T08:22:33Z

    fn keys() -> KeyRing {
        KeyRing::single(AK, Secret::new(SK))
    }

    struct Sent {
        path: String,
        query: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    fn signed_request(ak: &str, sk: &str, date: i64) -> Sent {
        let query = vec![
            ("name".to_owned(), "a b+c".to_owned()),
            ("limit".to_owned(), "2".to_owned()),
        ];
        let headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Project-Id".to_owned(), "0123456789abcdef".to_owned()),
        ];
        let body = br#"{"snapshot":  {"name" : "x"}}"#.to_vec();
        let request = Request {
            method: "POST",
            host: "127.0.0.1:18080",
            path: "/v2/0123456789abcdef/cloudsnapshots",
            query: &query,
            headers: &headers,
            body: &body,
        };
        let signed = sign(&request, ak, sk, &sdk_date(date));
        Sent {
            path: request.path.to_owned(),
            query: signed.wire_query,
            headers: signed.headers,
            body,
        }
    }

    fn check(sent: &Sent) -> Result<String, VerifyError> {
        verify(
            &Received {
                method: "POST",
                host: "127.0.0.1:18080",
                path: &sent.path,
                query: &sent.query,
                headers: &sent.headers,
                body: &sent.body,
            },
            &keys(),
            NOW,
        )
    }

    fn set_header(sent: &mut Sent, name: &str, value: &str) {
        sent.headers
            .retain(|(key, _)| !key.eq_ignore_ascii_case(name));
        sent.headers.push((name.to_owned(), value.to_owned()));
    }

    #[test]
    fn accepts_a_correct_signature_and_returns_the_ak() {
        assert_eq!(check(&signed_request(AK, SK, NOW)), Ok(AK.to_owned()));
        // Exactly 15 minutes off either way is still accepted.
        assert!(check(&signed_request(AK, SK, NOW - 900)).is_ok());
        assert!(check(&signed_request(AK, SK, NOW + 900)).is_ok());
    }

    #[test]
    fn signed_requests_do_not_print_their_signature() {
        let headers = vec![("X-Security-Token".to_owned(), "tok3n-secret".to_owned())];
        let request = Request {
            method: "GET",
            host: "h",
            path: "/",
            query: &[],
            headers: &headers,
            body: b"",
        };
        let signed = sign(&request, AK, SK, &sdk_date(NOW));
        let text = format!("{signed:?}");
        assert!(!text.contains(&signed.signature), "{text}");
        assert!(!text.contains("tok3n-secret"), "{text}");
        assert!(text.contains("x-security-token"), "{text}");
    }

    #[test]
    fn plus_in_the_query_is_a_space() {
        let mut sent = signed_request(AK, SK, NOW);
        assert_eq!(sent.query, "limit=2&name=a%20b%2Bc");
        sent.query = "name=a+b%2Bc&limit=2".to_owned();
        assert_eq!(check(&sent), Ok(AK.to_owned()));
    }

    #[test]
    fn missing_authorization() {
        let mut sent = signed_request(AK, SK, NOW);
        sent.headers.retain(|(name, _)| name != "Authorization");
        assert_eq!(check(&sent), Err(VerifyError::MissingAuthorization));
    }

    #[test]
    fn malformed_authorization() {
        let signature = "0".repeat(64);
        for bad in [
            "Bearer abc".to_owned(),
            format!("SDK-HMAC-SHA1 Access={AK}, SignedHeaders=host;x-sdk-date, Signature={signature}"),
            format!("SDK-HMAC-SHA256 Access={AK}, Signature={signature}"),
            format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host;x-sdk-date, Signature=zz"),
            format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=content-type, Signature={signature}"),
            format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=Host;x-sdk-date, Signature={signature}"),
            format!("SDK-HMAC-SHA256 Access={AK}, Access={AK}, SignedHeaders=host;x-sdk-date, Signature={signature}"),
            format!("SDK-HMAC-SHA256 Access=, SignedHeaders=host;x-sdk-date, Signature={signature}"),
            "SDK-HMAC-SHA256 ".to_owned(),
        ] {
            let mut sent = signed_request(AK, SK, NOW);
            set_header(&mut sent, "Authorization", &bad);
            assert!(
                matches!(check(&sent), Err(VerifyError::MalformedAuthorization(_))),
                "{bad}: {:?}",
                check(&sent)
            );
        }
    }

    #[test]
    fn missing_or_malformed_date() {
        let mut sent = signed_request(AK, SK, NOW);
        sent.headers.retain(|(name, _)| name != "X-Sdk-Date");
        assert_eq!(check(&sent), Err(VerifyError::MissingDate));
        for bad in [
            "2024-03-15T08:22:33Z",
            "20240315T082233",
            "20240230T000000Z",
            "yesterday",
        ] {
            let mut sent = signed_request(AK, SK, NOW);
            set_header(&mut sent, "X-Sdk-Date", bad);
            assert_eq!(check(&sent), Err(VerifyError::MalformedDate), "{bad}");
        }
    }

    #[test]
    fn date_more_than_15_minutes_off() {
        for offset in [-901, 901, -16 * 60, 3600] {
            assert_eq!(
                check(&signed_request(AK, SK, NOW + offset)),
                Err(VerifyError::DateSkewed {
                    signed: sdk_date(NOW + offset),
                    server: sdk_date(NOW),
                }),
                "{offset}"
            );
        }
    }

    #[test]
    fn unknown_access_key() {
        let sent = signed_request("SOMEOTHERAK", SK, NOW);
        assert_eq!(check(&sent), Err(VerifyError::UnknownAccessKey));
        assert!(!VerifyError::UnknownAccessKey
            .message()
            .contains("SOMEOTHERAK"));
    }

    #[test]
    fn wrong_secret_or_any_tampering_is_a_mismatch() {
        assert_eq!(
            check(&signed_request(AK, "wrong-secret", NOW)),
            Err(VerifyError::SignatureMismatch)
        );
        let mut body = signed_request(AK, SK, NOW);
        body.body = br#"{"snapshot":{"name":"x"}}"#.to_vec(); // same JSON, re-serialised
        let mut query = signed_request(AK, SK, NOW);
        query.query = "limit=3&name=a%20b%2Bc".to_owned();
        let mut path = signed_request(AK, SK, NOW);
        path.path = "/v2/0123456789abcdef/snapshots".to_owned();
        let mut header = signed_request(AK, SK, NOW);
        set_header(&mut header, "X-Project-Id", "another");
        for tampered in [body, query, path, header] {
            assert_eq!(check(&tampered), Err(VerifyError::SignatureMismatch));
        }
    }

    #[test]
    fn a_signed_header_that_was_not_sent() {
        let mut sent = signed_request(AK, SK, NOW);
        sent.headers.retain(|(name, _)| name != "X-Project-Id");
        assert_eq!(
            check(&sent),
            Err(VerifyError::SignedHeaderMissing("x-project-id".to_owned()))
        );
    }

    #[test]
    fn every_error_is_apig_0301_with_its_own_message() {
        let errors = [
            VerifyError::MissingAuthorization,
            VerifyError::MalformedAuthorization("x"),
            VerifyError::MissingDate,
            VerifyError::MalformedDate,
            VerifyError::DateSkewed {
                signed: "a".into(),
                server: "b".into(),
            },
            VerifyError::UnknownAccessKey,
            VerifyError::SignedHeaderMissing("h".into()),
            VerifyError::SignatureMismatch,
        ];
        let mut messages: Vec<String> = errors.iter().map(VerifyError::message).collect();
        for (error, message) in errors.iter().zip(&messages) {
            assert_eq!(error.code(), "APIG.0301");
            assert!(message.starts_with("Incorrect IAM authentication information: "));
            let body = error.to_gateway_error("r-1");
            assert_eq!(body.error_code, "APIG.0301");
            assert_eq!(body.request_id.as_deref(), Some("r-1"));
        }
        messages.sort();
        messages.dedup();
        assert_eq!(messages.len(), errors.len());
    }
}
