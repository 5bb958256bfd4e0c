//! Tencent Cloud API 2.0 (seed 003's `DescribeSnapshots`): HmacSHA1 / HmacSHA256 over the sorted
//! parameters, a pure function checked against the vendor's vectors
//! (`backend/testdata/vectors/tencent/vectors_v2*.json`); and Tencent's verifier ([`verify`],
//! with its [`ReplayCache`]) for the CBS emulator.
//!
//! ```text
//! string to sign = METHOD + host[:port] + path + "?" + k=v&… (every parameter but Signature,
//!                  keys with '_' written as '.', sorted by key in byte order, values raw)
//! Signature      = base64(HMAC-SHA256(SecretKey, string to sign)) when SignatureMethod=HmacSHA256,
//!                  else base64(HMAC-SHA1(…))
//! ```
//!
//! The parameters travel form-urlencoded, `Signature` included: as the URL's query for a GET,
//! as an `application/x-www-form-urlencoded` body for a POST. [`Signed::wire_query`] keeps the
//! order the parameters were given in, with `Signature` last, exactly as the vendor's SDK sends
//! them (the vectors compare it byte for byte); order does not matter to the signature.

mod verify;

#[cfg(test)]
mod vectors;

use std::fmt;

use base64::Engine;

use crate::cloud::signing::{
    form_encode_pairs, hmac_sha1, hmac_sha256, verify_hmac_sha1, verify_hmac_sha256,
};

pub use verify::{verify, Received, ReplayCache, VerifyError};

/// How far `Timestamp` may be from the server's clock, either way.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 2 * 60 * 60;
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The MAC a request is signed with, chosen by its `SignatureMethod` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureMethod {
    HmacSha1,
    HmacSha256,
}

impl SignatureMethod {
    /// `HmacSHA256` only when the parameter says exactly that; anything else, or nothing, is
    /// HmacSHA1.
    pub fn of(params: &[(String, String)]) -> Self {
        let named = params
            .iter()
            .find(|(key, _)| key == "SignatureMethod")
            .map(|(_, value)| value.as_str());
        if named == Some("HmacSHA256") {
            SignatureMethod::HmacSha256
        } else {
            SignatureMethod::HmacSha1
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SignatureMethod::HmacSha1 => "HmacSHA1",
            SignatureMethod::HmacSha256 => "HmacSHA256",
        }
    }

    fn mac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        match self {
            SignatureMethod::HmacSha1 => hmac_sha1(key, data).to_vec(),
            SignatureMethod::HmacSha256 => hmac_sha256(key, data).to_vec(),
        }
    }

    /// Whether `tag` is this method's MAC of `data`, compared in constant time.
    fn verify(self, key: &[u8], data: &[u8], tag: &[u8]) -> bool {
        match self {
            SignatureMethod::HmacSha1 => verify_hmac_sha1(key, data, tag),
            SignatureMethod::HmacSha256 => verify_hmac_sha256(key, data, tag),
        }
    }
}

/// Every stage of a signature, and what to send.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    pub string_to_sign: String,
    /// Base64, as the `Signature` parameter carries it before form encoding.
    pub signature: String,
    pub signature_method: SignatureMethod,
    /// Every parameter and `Signature`, form-urlencoded: the URL's query for a GET, the body
    /// for a POST.
    pub wire_query: String,
    /// `application/x-www-form-urlencoded` for a POST; a GET sends no body.
    pub content_type: Option<&'static str>,
}

impl fmt::Debug for Signed {
    // The signature (also inside wire_query) authenticates the request: it stays out of logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("string_to_sign", &self.string_to_sign)
            .field("signature_method", &self.signature_method)
            .finish_non_exhaustive()
    }
}

/// Signs `params` (which carry `SecretId`, `Timestamp`, `Nonce`, `Action`, …; a `Signature`
/// among them is dropped) for `method host path` with `secret_key`.
pub fn sign(
    method: &str,
    host: &str,
    path: &str,
    params: &[(String, String)],
    secret_key: &str,
) -> Signed {
    let params: Vec<(String, String)> = params
        .iter()
        .filter(|(key, _)| key != "Signature")
        .cloned()
        .collect();
    let string_to_sign = string_to_sign(method, host, path, &params);
    let signature_method = SignatureMethod::of(&params);
    let signature = base64::engine::general_purpose::STANDARD
        .encode(signature_method.mac(secret_key.as_bytes(), string_to_sign.as_bytes()));
    let wire_query = form_encode_pairs(
        params
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .chain([("Signature", signature.as_str())]),
    );
    Signed {
        string_to_sign,
        signature,
        signature_method,
        wire_query,
        content_type: method
            .eq_ignore_ascii_case("POST")
            .then_some(FORM_CONTENT_TYPE),
    }
}

/// `METHOD host path ? k=v&…`: every parameter but `Signature`, keys with `_` written as `.`,
/// sorted by that key (then value) in byte order, values raw.
pub fn string_to_sign(method: &str, host: &str, path: &str, params: &[(String, String)]) -> String {
    let mut signed: Vec<(String, &str)> = params
        .iter()
        .filter(|(key, _)| key != "Signature")
        .map(|(key, value)| (key.replace('_', "."), value.as_str()))
        .collect();
    signed.sort();
    let joined = signed
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("&");
    format!("{method}{host}{path}?{joined}")
}
