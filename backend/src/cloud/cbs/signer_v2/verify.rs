//! Tencent's side of API 2.0 signing: recompute the signature over the received parameters,
//! refuse stale timestamps, and refuse a `Nonce` + `Timestamp` seen before.

use std::collections::BTreeSet;
use std::fmt;

use crate::cloud::cbs::wire::ReplyV2;
use base64::Engine;
use shared::validate::excerpt;

use super::{string_to_sign, SignatureMethod, MAX_CLOCK_SKEW_SECONDS};
use crate::cloud::signing::{names_only, KeyRing};

/// A request as the API endpoint received it.
#[derive(Clone, Copy)]
pub struct Received<'a> {
    pub method: &'a str,
    /// The `Host` header, `host[:port]`.
    pub host: &'a str,
    /// The path, `/v2/index.php`.
    pub path: &'a str,
    /// The decoded parameters, from the query (GET) or the form body (POST), `+` read as a space.
    pub params: &'a [(String, String)],
}

impl fmt::Debug for Received<'_> {
    // The parameters hold the Signature (and the SecretId, which names an account).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("param_names", &names_only(self.params))
            .finish()
    }
}

/// Why Tencent refused a request; [`VerifyError::code`] is the reply's `code`. None carries a
/// key or a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("missing parameter {0}")]
    MissingParameter(&'static str),
    #[error("invalid parameter {0}")]
    InvalidParameter(&'static str),
    #[error("parameter {0} given more than once")]
    RepeatedParameter(String),
    #[error("Timestamp {timestamp} is more than 2 hours from the server time {now}")]
    Expired { timestamp: i64, now: i64 },
    #[error("unknown SecretId")]
    UnknownSecretId,
    #[error("signature mismatch")]
    SignatureMismatch,
    #[error("Nonce and Timestamp already used")]
    Replayed,
}

impl VerifyError {
    /// API 2.0's public error code: 4000 bad parameters, 4100 authentication failed, 4104 no
    /// such key, 4500 replay (a stale timestamp or a reused nonce).
    pub fn code(&self) -> i64 {
        match self {
            VerifyError::MissingParameter(_)
            | VerifyError::InvalidParameter(_)
            | VerifyError::RepeatedParameter(_) => 4000,
            VerifyError::SignatureMismatch => 4100,
            VerifyError::UnknownSecretId => 4104,
            VerifyError::Expired { .. } | VerifyError::Replayed => 4500,
        }
    }

    pub fn code_desc(&self) -> &'static str {
        match self.code() {
            4000 => "InvalidParameter",
            4100 => "AuthFailure",
            4104 => "SecretIdNotFound",
            _ => "RequestReplayed",
        }
    }

    /// The reply's `message`, prefixed with the code as Tencent writes it.
    pub fn message(&self) -> String {
        match self {
            VerifyError::MissingParameter(name) => {
                format!("(4000)missing required parameter {name}")
            }
            VerifyError::InvalidParameter(name) => {
                format!("(4000)parameter {name} is not a non-negative integer")
            }
            VerifyError::RepeatedParameter(name) => format!(
                "(4000)parameter {} is given more than once",
                excerpt(name, 64)
            ),
            VerifyError::SignatureMismatch => {
                "(4100)authentication failed: the signature is incorrect".to_owned()
            }
            VerifyError::UnknownSecretId => "(4104)the SecretId does not exist".to_owned(),
            VerifyError::Expired { timestamp, now } => format!(
                "(4500)Timestamp {timestamp} is more than 2 hours from the server time {now}"
            ),
            VerifyError::Replayed => {
                "(4500)replayed request: this Nonce and Timestamp were already used".to_owned()
            }
        }
    }

    /// The whole reply body, sent with HTTP 200: `{"code":4100,"message":…,"codeDesc":…}`.
    pub fn to_reply(&self) -> ReplyV2 {
        ReplyV2 {
            code: self.code(),
            message: self.message(),
            code_desc: Some(self.code_desc().to_owned()),
            total_count: None,
            snapshot_set: None,
        }
    }
}

/// The `(Timestamp, SecretId, Nonce)` triples already accepted. A triple older than the
/// timestamp window can never pass again, so it is forgotten; past `capacity` the oldest go
/// first, which only weakens replay protection for requests that are nearly stale anyway.
#[derive(Debug, Clone)]
pub struct ReplayCache {
    seen: BTreeSet<(i64, String, String)>,
    capacity: usize,
}

impl Default for ReplayCache {
    fn default() -> Self {
        Self::with_capacity(100_000)
    }
}

impl ReplayCache {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            seen: BTreeSet::new(),
            capacity: capacity.max(1),
        }
    }

    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Records the triple; `false` when it was already there.
    fn record(&mut self, timestamp: i64, secret_id: &str, nonce: &str, now: i64) -> bool {
        let oldest_valid = (now - MAX_CLOCK_SKEW_SECONDS, String::new(), String::new());
        self.seen = self.seen.split_off(&oldest_valid);
        let triple = (timestamp, secret_id.to_owned(), nonce.to_owned());
        if self.seen.contains(&triple) {
            return false;
        }
        while self.seen.len() >= self.capacity {
            self.seen.pop_first();
        }
        self.seen.insert(triple);
        true
    }
}

/// Checks a received request against `keys` at `now_unix`, and records its nonce in `replays`
/// once it is known to be authentic; the SecretId on success.
pub fn verify(
    received: &Received,
    keys: &KeyRing,
    now_unix: i64,
    replays: &mut ReplayCache,
) -> Result<String, VerifyError> {
    let mut keys_seen = BTreeSet::new();
    for (key, _) in received.params {
        if !keys_seen.insert(key.as_str()) {
            return Err(VerifyError::RepeatedParameter(key.clone()));
        }
    }
    let param = |name: &'static str| {
        received
            .params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .ok_or(VerifyError::MissingParameter(name))
    };
    let secret_id = param("SecretId")?;
    let signature = param("Signature")?;
    let timestamp_text = param("Timestamp")?;
    let nonce = param("Nonce")?;
    let timestamp = unsigned(timestamp_text).ok_or(VerifyError::InvalidParameter("Timestamp"))?;
    unsigned(nonce).ok_or(VerifyError::InvalidParameter("Nonce"))?;
    if (now_unix - timestamp).abs() > MAX_CLOCK_SKEW_SECONDS {
        return Err(VerifyError::Expired {
            timestamp,
            now: now_unix,
        });
    }
    let secret = keys.get(secret_id).ok_or(VerifyError::UnknownSecretId)?;
    let method = SignatureMethod::of(received.params);
    let given = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .map_err(|_| VerifyError::SignatureMismatch)?;
    let text = string_to_sign(
        received.method,
        received.host,
        received.path,
        received.params,
    );
    if !method.verify(secret.expose().as_bytes(), text.as_bytes(), &given) {
        return Err(VerifyError::SignatureMismatch);
    }
    if !replays.record(timestamp, secret_id, nonce, now_unix) {
        return Err(VerifyError::Replayed);
    }
    Ok(secret_id.to_owned())
}

/// A non-negative decimal integer, digits only.
fn unsigned(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests;
