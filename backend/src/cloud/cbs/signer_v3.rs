//! Tencent Cloud API 3.0 `TC3-HMAC-SHA256`: a pure function of (request, SecretId/SecretKey,
//! timestamp) with every stage exposed, checked against the vendor's vectors
//! (`backend/testdata/vectors/tencent/vectors_v3*.json`); and Tencent's verifier ([`verify`]) for
//! the CBS emulator.
//!
//! ```text
//! canonical request = METHOD \n / \n QUERY \n content-type:<ct> \n host:<host> \n \n
//!                     content-type;host \n hex(sha256(body))
//! string to sign    = TC3-HMAC-SHA256 \n <timestamp> \n <UTC date>/<service>/tc3_request \n
//!                     hex(sha256(canonical request))
//! kDate = HMAC("TC3" + SecretKey, date), kService = HMAC(kDate, service),
//! kSigning = HMAC(kService, "tc3_request"), signature = hex(HMAC(kSigning, string to sign))
//! ```
//!
//! The query is signed exactly as sent (a POST sends none); header values are trimmed and
//! lower-cased as Tencent's documentation says (the SDK's are lower-case already). Send, besides
//! `Content-Type` and `Host`: `Authorization: `[`Signed::authorization`], `X-TC-Timestamp`, and
//! the unsigned `X-TC-Action`, `X-TC-Version`, `X-TC-Region`.

mod verify;

#[cfg(test)]
mod vectors;

use std::fmt;

use crate::cloud::signing::{hmac_sha256, sha256_hex};

pub use verify::{verify, Received, VerifyError};

pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// What the signer signs: the two headers Tencent requires.
pub const SIGNED_HEADERS: &str = "content-type;host";
/// How far `X-TC-Timestamp` may be from Tencent's clock, either way.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 5 * 60;

/// What is signed. Nothing here is secret.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    /// `host[:port]`, exactly as the `Host` header will carry it.
    pub host: &'a str,
    /// The query string exactly as sent, without `?` (empty for a POST).
    pub query: &'a str,
    pub content_type: &'a str,
    /// The body bytes exactly as sent.
    pub body: &'a [u8],
    /// The service in the credential scope: `cbs`.
    pub service: &'a str,
}

/// Every stage of a signature.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    pub hashed_payload: String,
    pub canonical_request: String,
    pub hashed_canonical_request: String,
    pub credential_scope: String,
    /// The UTC date of the timestamp, `YYYY-MM-DD`.
    pub date: String,
    pub string_to_sign: String,
    pub signature: String,
    pub authorization: String,
}

impl fmt::Debug for Signed {
    // The signature authenticates the request: it stays out of logs like a key would.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("canonical_request", &self.canonical_request)
            .field("credential_scope", &self.credential_scope)
            .field("string_to_sign", &self.string_to_sign)
            .finish_non_exhaustive()
    }
}

/// Signs `request` for `secret_id`/`secret_key` at `timestamp` (Unix seconds, also sent as
/// `X-TC-Timestamp`).
pub fn sign(request: &Request, secret_id: &str, secret_key: &str, timestamp: i64) -> Signed {
    let headers = [
        ("content-type", request.content_type),
        ("host", request.host),
    ];
    let hashed_payload = sha256_hex(request.body);
    let canonical_request = canonical_request(
        request.method,
        request.query,
        &headers,
        SIGNED_HEADERS,
        &hashed_payload,
    );
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let date = utc_date(timestamp);
    let credential_scope = format!("{date}/{}/tc3_request", request.service);
    let string_to_sign =
        format!("{ALGORITHM}\n{timestamp}\n{credential_scope}\n{hashed_canonical_request}");
    let signature = hex::encode(signature_mac(
        secret_key,
        &date,
        request.service,
        &string_to_sign,
    ));
    let authorization = format!(
        "{ALGORITHM} Credential={secret_id}/{credential_scope}, SignedHeaders={SIGNED_HEADERS}, Signature={signature}"
    );
    Signed {
        hashed_payload,
        canonical_request,
        hashed_canonical_request,
        credential_scope,
        date,
        string_to_sign,
        signature,
        authorization,
    }
}

/// The UTC date of a Unix time, `YYYY-MM-DD`: the credential date, even when it is already the
/// next day in Beijing.
pub fn utc_date(timestamp: i64) -> String {
    let (year, month, day) = shared::time::civil_from_days(timestamp.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// `METHOD\n/\nQUERY\n` + one `name:value\n` per header + `\nSIGNED\nPAYLOAD_HASH`; values trimmed
/// and lower-cased.
fn canonical_request(
    method: &str,
    query: &str,
    headers: &[(&str, &str)],
    signed_headers: &str,
    hashed_payload: &str,
) -> String {
    let headers: String = headers
        .iter()
        .map(|(name, value)| format!("{name}:{}\n", value.trim().to_ascii_lowercase()))
        .collect();
    format!("{method}\n/\n{query}\n{headers}\n{signed_headers}\n{hashed_payload}")
}

fn signature_mac(secret_key: &str, date: &str, service: &str, string_to_sign: &str) -> [u8; 32] {
    hmac_sha256(
        &signing_key(secret_key, date, service),
        string_to_sign.as_bytes(),
    )
}

/// TC3's derived key: the secret, then the date, the service and `tc3_request`.
fn signing_key(secret_key: &str, date: &str, service: &str) -> [u8; 32] {
    let k_date = hmac_sha256(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let k_service = hmac_sha256(&k_date, service.as_bytes());
    hmac_sha256(&k_service, b"tc3_request")
}
