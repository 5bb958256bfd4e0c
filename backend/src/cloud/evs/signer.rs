//! Huawei APIG `SDK-HMAC-SHA256`: a pure function of (request, AK/SK, date) → signed headers,
//! every stage exposed so the tests can check each against the vendor's vectors
//! (`backend/testdata/vectors/huawei/`), and the gateway's verifier ([`verify`]) for the emulator.
//!
//! ```text
//! canonical request = METHOD \n canonical_uri(path) \n canonical_query(query) \n
//!                     one "name:value\n" per signed header \n signed;headers \n payload hash
//! string to sign    = SDK-HMAC-SHA256 \n X-Sdk-Date \n hex(sha256(canonical request))
//! signature         = hex(HMAC-SHA256(SK, string to sign))
//! Authorization     = SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex
//! ```
//!
//! Usage: build a [`Request`] with the decoded query pairs, call [`sign`] with
//! [`sdk_date`]`(now)`, then send exactly [`Signed::headers`] and put [`Signed::wire_query`]
//! (the canonical query itself) after the `?` of the URL: what is signed is what is sent. The
//! path is sent as given.
//!
//! Headers: names are lower-cased and sorted, values trimmed (and sent trimmed); a header whose
//! name contains `_` is sent but not signed (proxies may drop or rename it); `Host`,
//! `X-Sdk-Date` and `Authorization` are the signer's own, so given ones are replaced. A
//! `Content-Type` other than `application/json`/`application/bson` makes the signer add the
//! signed header `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` and use that literal as the payload
//! hash, as the vendor's SDK does.

mod verify;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod vectors;

use std::fmt;

use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};
use shared::api::encode_component_into;

use crate::cloud::signing::{header_value, hmac_sha256, names_only};

pub use verify::{verify, Received, VerifyError};

pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
pub const DATE_HEADER: &str = "X-Sdk-Date";
pub const CONTENT_SHA256_HEADER: &str = "X-Sdk-Content-Sha256";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// Hex SHA-256 of an empty body.
const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// How far `X-Sdk-Date` may be from the gateway's clock, either way.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 15 * 60;

/// What is signed. Everything is borrowed; only a header value may be secret (a security
/// token), so `Debug` shows header names alone.
#[derive(Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    /// `host[:port]`, exactly as the `Host` header will carry it.
    pub host: &'a str,
    /// The raw path as it will be sent; it may hold `%XX` escapes.
    pub path: &'a str,
    /// Decoded query pairs, in any order; repeated keys are allowed and all kept.
    pub query: &'a [(String, String)],
    /// Headers to send besides `Host`, `X-Sdk-Date` and `Authorization`.
    pub headers: &'a [(String, String)],
    /// The body bytes exactly as they will be sent.
    pub body: &'a [u8],
}

impl fmt::Debug for Request<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("header_names", &names_only(self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// Every stage of a signature, and what to send.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signed_headers: String,
    pub signature: String,
    pub authorization: String,
    /// Exactly the canonical query: send it as the URL's query (nothing when empty).
    pub wire_query: String,
    /// Every header to send: the given ones (values trimmed), `X-Sdk-Content-Sha256` when the
    /// payload is unsigned, `X-Sdk-Date`, `Host`, `Authorization`.
    pub headers: Vec<(String, String)>,
}

impl fmt::Debug for Signed {
    // The signature authenticates the request, so it stays out of logs like a key would; so do
    // header values and the canonical request, which may hold a security token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Signed")
            .field("signed_headers", &self.signed_headers)
            .field("wire_query", &self.wire_query)
            .field("header_names", &names)
            .finish_non_exhaustive()
    }
}

/// Signs `request` with the AK/SK pair at `sdk_date` (`YYYYMMDDTHHMMSSZ`, see [`sdk_date`]).
///
/// Every console call is signed here, so the canonical request is written into one buffer:
/// headers are sorted as borrowed slices and each part is appended in place, with no string
/// per header, pair or path segment.
pub fn sign(request: &Request, access_key: &str, secret_key: &str, sdk_date: &str) -> Signed {
    let mut headers: Vec<(String, String)> = Vec::with_capacity(request.headers.len() + 4);
    headers.extend(
        request
            .headers
            .iter()
            .filter(|(name, _)| !is_signers_own(name))
            .map(|(name, value)| (name.clone(), value.trim().to_owned())),
    );
    let content_type = header_value(&headers, "content-type");
    let has_content_sha256 = headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case(CONTENT_SHA256_HEADER));
    if content_type.is_some_and(|value| !is_json_like(value)) && !has_content_sha256 {
        headers.push((
            CONTENT_SHA256_HEADER.to_owned(),
            UNSIGNED_PAYLOAD.to_owned(),
        ));
    }
    headers.push((DATE_HEADER.to_owned(), sdk_date.to_owned()));
    headers.push(("Host".to_owned(), request.host.to_owned()));

    let signable = signable_headers(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let signed_headers = signed_header_list(&signable);
    let wire_query = canonical_query(request.query);
    let canonical_request = canonical_request(
        request.method,
        request.path,
        &wire_query,
        &signable,
        &signed_headers,
        request.body,
    );
    let string_to_sign = string_to_sign(sdk_date, &canonical_request);
    let signature = hex::encode(hmac_sha256(
        secret_key.as_bytes(),
        string_to_sign.as_bytes(),
    ));
    let authorization = format!(
        "{ALGORITHM} Access={access_key}, SignedHeaders={signed_headers}, Signature={signature}"
    );
    headers.push(("Authorization".to_owned(), authorization.clone()));
    Signed {
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
        wire_query,
        headers,
    }
}

/// The path as signed: percent-decoded, split on `/`, each segment re-encoded (unreserved
/// characters only, upper-case hex), joined, with a trailing `/` added when missing.
pub fn canonical_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len() + 1);
    push_canonical_uri(&mut uri, path);
    uri
}

fn push_canonical_uri(out: &mut String, path: &str) {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    for (index, segment) in decoded.split('/').enumerate() {
        if index > 0 {
            out.push('/');
        }
        encode_component_into(out, segment);
    }
    if !out.ends_with('/') {
        out.push('/');
    }
}

/// The query as signed and sent: decoded pairs sorted by key, then value, in byte order, then
/// encoded (unreserved characters only) and joined as `k=v&…`; an empty value gives `k=`.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
    sorted.sort_unstable();
    let mut query = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (index, (key, value)) in sorted.into_iter().enumerate() {
        if index > 0 {
            query.push('&');
        }
        encode_component_into(&mut query, key);
        query.push('=');
        encode_component_into(&mut query, value);
    }
    query
}

/// `X-Sdk-Date` for a Unix time: UTC `YYYYMMDDTHHMMSSZ`.
pub fn sdk_date(unix_seconds: i64) -> String {
    let (year, month, day) = shared::time::civil_from_days(unix_seconds.div_euclid(86_400));
    let in_day = unix_seconds.rem_euclid(86_400);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

/// Reads `YYYYMMDDTHHMMSSZ` back into a Unix time; `None` for anything else.
pub fn parse_sdk_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if hour > 23 || minute > 59 || second > 59 || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let days = shared::time::days_from_civil(i64::from(year), month, day);
    // Rejects 30 February and the like: the day count must map back to the same date.
    if shared::time::civil_from_days(days) != (i64::from(year), month, day) {
        return None;
    }
    Some(days * 86_400 + i64::from(hour * 3600 + minute * 60 + second))
}

fn is_signers_own(name: &str) -> bool {
    ["host", "x-sdk-date", "authorization"]
        .iter()
        .any(|own| name.eq_ignore_ascii_case(own))
}

fn is_json_like(content_type: &str) -> bool {
    let content_type = content_type.trim().to_ascii_lowercase();
    content_type.starts_with("application/json") || content_type.starts_with("application/bson")
}

/// The headers to sign: every one whose name has no `_`, sorted by lower-cased name (a stable
/// sort, so repeated names keep their order), values trimmed. Borrowed: nothing is copied.
fn signable_headers<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(&'a str, &'a str)> {
    let mut signable: Vec<(&str, &str)> = headers
        .into_iter()
        .filter(|(name, _)| !name.contains('_'))
        .map(|(name, value)| (name, value.trim()))
        .collect();
    signable.sort_by(|(a, _), (b, _)| compare_ignoring_case(a, b));
    signable
}

fn compare_ignoring_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|byte| byte.to_ascii_lowercase())
        .cmp(b.bytes().map(|byte| byte.to_ascii_lowercase()))
}

/// Runs of one name (in any case) among sorted headers: HTTP folds them into one, joined with
/// `,`, and that is what is signed.
fn header_groups<'s, 'a>(
    signable: &'s [(&'a str, &'a str)],
) -> impl Iterator<Item = &'s [(&'a str, &'a str)]> {
    signable.chunk_by(|(a, _), (b, _)| a.eq_ignore_ascii_case(b))
}

fn push_lowercase(out: &mut String, name: &str) {
    out.extend(name.chars().map(|c| c.to_ascii_lowercase()));
}

fn signed_header_list(signable: &[(&str, &str)]) -> String {
    let mut list = String::with_capacity(signable.iter().map(|(name, _)| name.len() + 1).sum());
    for (index, group) in header_groups(signable).enumerate() {
        if index > 0 {
            list.push(';');
        }
        push_lowercase(&mut list, group[0].0);
    }
    list
}

/// `UNSIGNED-PAYLOAD` when that is what the signed `x-sdk-content-sha256` says, else the hex
/// SHA-256 of the body bytes.
fn push_payload_hash(out: &mut String, signable: &[(&str, &str)], body: &[u8]) {
    // A repeated header would be signed as `a,b`, which is never the literal.
    let unsigned = header_groups(signable)
        .find(|group| group[0].0.eq_ignore_ascii_case(CONTENT_SHA256_HEADER))
        .is_some_and(|group| group.len() == 1 && group[0].1 == UNSIGNED_PAYLOAD);
    if unsigned {
        out.push_str(UNSIGNED_PAYLOAD);
    } else if body.is_empty() {
        // Every GET: the digest of nothing, known in advance.
        out.push_str(EMPTY_PAYLOAD_SHA256);
    } else {
        push_hex(out, &Sha256::digest(body));
    }
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.extend(bytes.iter().flat_map(|byte| {
        [
            char::from(DIGITS[usize::from(byte >> 4)]),
            char::from(DIGITS[usize::from(byte & 0xf)]),
        ]
    }));
}

/// The canonical request, written once into one buffer (`signable` sorted as
/// [`signable_headers`] sorts it).
fn canonical_request(
    method: &str,
    path: &str,
    query: &str,
    signable: &[(&str, &str)],
    signed_headers: &str,
    body: &[u8],
) -> String {
    let headers_len: usize = signable
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum();
    let mut out = String::with_capacity(
        method.len() + path.len() + query.len() + headers_len + signed_headers.len() + 80,
    );
    out.push_str(method);
    out.push('\n');
    push_canonical_uri(&mut out, path);
    out.push('\n');
    out.push_str(query);
    out.push('\n');
    for group in header_groups(signable) {
        push_lowercase(&mut out, group[0].0);
        out.push(':');
        for (index, (_, value)) in group.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            out.push_str(value);
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(signed_headers);
    out.push('\n');
    push_payload_hash(&mut out, signable, body);
    out
}

fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + sdk_date.len() + 66);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(sdk_date);
    out.push('\n');
    push_hex(&mut out, &Sha256::digest(canonical_request.as_bytes()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_payload_digest_is_sha256_of_nothing() {
        assert_eq!(EMPTY_PAYLOAD_SHA256, hex::encode(Sha256::digest(b"")));
    }
}
