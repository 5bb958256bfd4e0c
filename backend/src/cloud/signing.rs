//! What the three request signers share: digests, MACs, hex, the form encoding, the clock, and
//! the key pairs a verifier accepts (secrets are [`crate::config::Secret`]s, which never print).
//!

use std::collections::BTreeMap;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

pub use crate::config::{Credentials, Secret};

/// The key pairs a verifier accepts: access key id (AK, SecretId) → secret.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct KeyRing {
    keys: BTreeMap<String, Secret>,
}

impl KeyRing {
    pub fn new() -> Self {
        Self::default()
    }

    /// A ring holding one pair, the common case of an emulator serving one account.
    pub fn single(id: impl Into<String>, secret: Secret) -> Self {
        let mut ring = Self::new();
        ring.insert(id, secret);
        ring
    }

    /// A ring holding an account's pair.
    pub fn from_credentials(credentials: &Credentials) -> Self {
        Self::single(
            credentials.access_key.expose(),
            credentials.secret_key.clone(),
        )
    }

    /// Adds a pair; a second secret for the same id replaces the first.
    pub fn insert(&mut self, id: impl Into<String>, secret: Secret) {
        self.keys.insert(id.into(), secret);
    }

    pub fn get(&self, id: &str) -> Option<&Secret> {
        self.keys.get(id)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl fmt::Debug for KeyRing {
    // Ids are kept out too: an AK names an account, and logs are grepped for it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRing")
            .field("pairs", &self.keys.len())
            .finish()
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// HMAC-SHA256 of `data` under `key`.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    keyed::<Hmac<Sha256>>(key, data)
        .map(|mac| mac.finalize().into_bytes().into())
        .unwrap_or_default()
}

/// HMAC-SHA1 of `data` under `key`.
pub fn hmac_sha1(key: &[u8], data: &[u8]) -> [u8; 20] {
    keyed::<Hmac<Sha1>>(key, data)
        .map(|mac| mac.finalize().into_bytes().into())
        .unwrap_or_default()
}

/// Whether `tag` is the HMAC-SHA256 of `data` under `key`, compared in constant time (the
/// crate's `verify_slice`), so a verifier does not leak how much of a guess was right.
pub fn verify_hmac_sha256(key: &[u8], data: &[u8], tag: &[u8]) -> bool {
    keyed::<Hmac<Sha256>>(key, data).is_some_and(|mac| mac.verify_slice(tag).is_ok())
}

/// Whether `tag` is the HMAC-SHA1 of `data` under `key`, compared in constant time.
pub fn verify_hmac_sha1(key: &[u8], data: &[u8], tag: &[u8]) -> bool {
    keyed::<Hmac<Sha1>>(key, data).is_some_and(|mac| mac.verify_slice(tag).is_ok())
}

/// A MAC keyed with `key` over `data`. HMAC takes keys of any length (RFC 2104 §2), so
/// `new_from_slice` cannot refuse one; were it to, signing yields an all-zero MAC, which the
/// cloud refuses, and verifying yields `false`.
fn keyed<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> Option<M> {
    let mut mac = <M as KeyInit>::new_from_slice(key).ok()?;
    mac.update(data);
    Some(mac)
}

/// `application/x-www-form-urlencoded` as Python's `urlencode` writes it: like
/// [`shared::api::encode_component`], but a space is `+`.
pub fn form_encode(text: &str) -> String {
    // encode_component writes `%20` only for a space (a literal `%` becomes `%25`).
    shared::api::encode_component(text).replace("%20", "+")
}

/// `k=v&…`, form-encoded, in the order given.
pub fn form_encode_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .map(|(key, value)| format!("{}={}", form_encode(key), form_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Seconds since the Unix epoch by the system clock (negative before 1970).
pub fn unix_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// The first value of header `name` (any case) in a received request's headers.
pub fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// The names of headers (or parameters) without their values, for a `Debug` that must not show
/// an `Authorization` header, a `Signature` parameter or a security token.
pub fn names_only(pairs: &[(String, String)]) -> Vec<&str> {
    pairs.iter().map(|(name, _)| name.as_str()).collect()
}

/// The values of an `Authorization` header's `Name=value, Name=value` list (what follows
/// `ALGORITHM `, the same syntax in `SDK-HMAC-SHA256` and `TC3-HMAC-SHA256`), one per entry of
/// `names` and in that order, `None` where absent; otherwise why the list cannot be read.
pub fn authorization_fields<'a, const N: usize>(
    fields: &'a str,
    names: [&str; N],
) -> Result<[Option<&'a str>; N], &'static str> {
    let mut values = [None; N];
    for field in fields.split(',') {
        let (name, value) = field
            .trim()
            .split_once('=')
            .ok_or("fields are name=value")?;
        let slot = names
            .iter()
            .zip(values.iter_mut())
            .find_map(|(known, slot)| (*known == name).then_some(slot))
            .ok_or("unknown field")?;
        if slot.replace(value).is_some() {
            return Err("repeated field");
        }
    }
    Ok(values)
}

/// A `SignedHeaders` list (`a;b;c`) as names, each one non-empty and lower-case.
pub fn signed_header_names(list: &str) -> Result<Vec<&str>, &'static str> {
    let names: Vec<&str> = list.split(';').collect();
    if names
        .iter()
        .any(|name| name.is_empty() || name.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err("SignedHeaders must be lower-case names");
    }
    Ok(names)
}

/// A hex HMAC-SHA256 `Signature` as its 32 bytes.
pub fn signature_bytes(hex_text: &str) -> Result<Vec<u8>, &'static str> {
    hex::decode(hex_text)
        .ok()
        .filter(|bytes| bytes.len() == 32)
        .ok_or("Signature must be 64 hex digits")
}

/// Test data shared by the signers' vector tests.
#[cfg(test)]
pub(crate) mod testdata {
    use std::path::{Path, PathBuf};

    /// Every `*.json` file in `backend/testdata/vectors/<provider>` whose name starts with
    /// `prefix`, sorted: a file added later is picked up without editing a list.
    pub fn vector_files(provider: &str, prefix: &str) -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/vectors")
            .join(provider);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                path.extension().is_some_and(|ext| ext == "json")
                    && path
                        .file_name()
                        .and_then(|name| name.to_str())
                        .is_some_and(|name| name.starts_with(prefix))
            })
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no {prefix}*.json in {}", dir.display());
        files
    }

    /// A vector's string member `key`.
    pub fn text<'a>(value: &'a serde_json::Value, key: &str) -> &'a str {
        value[key]
            .as_str()
            .unwrap_or_else(|| panic!("no string {key} in {value}"))
    }

    pub fn read_json(path: &Path) -> serde_json::Value {
        let text = std::fs::read_to_string(path).unwrap();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Replaces every `name` header (any case) with one `name: value`.
    pub fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
        headers.retain(|(key, _)| !key.eq_ignore_ascii_case(name));
        headers.push((name.to_owned(), value.to_owned()));
    }

    /// Owned `(name, value)` pairs, as the query and form parsers return them.
    pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// A JSON object's members as `(key, value)` strings, numbers written as JSON writes them.
    /// In key order: the workspace's `serde_json` keeps objects sorted (see [`OrderedPairs`]).
    pub fn object_pairs(object: &serde_json::Value) -> Vec<(String, String)> {
        object
            .as_object()
            .unwrap_or_else(|| panic!("not an object: {object}"))
            .iter()
            .map(|(key, value)| (key.clone(), string_of(value)))
            .collect()
    }

    fn string_of(value: &serde_json::Value) -> String {
        match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }

    /// A JSON object's members in document order, for where the order is what is tested.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct OrderedPairs(pub Vec<(String, String)>);

    impl<'de> serde::Deserialize<'de> for OrderedPairs {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            use serde::de::{MapAccess, Visitor};
            struct Pairs;
            impl<'de> Visitor<'de> for Pairs {
                type Value = OrderedPairs;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut pairs = Vec::new();
                    while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
                        pairs.push((key, string_of(&value)));
                    }
                    Ok(OrderedPairs(pairs))
                }
            }
            deserializer.deserialize_map(Pairs)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hmac_matches_rfc_4231_and_2202() {
        // RFC 4231 test case 2 and RFC 2202 test case 2 ("Jefe").
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex::encode(hmac_sha1(b"Jefe", b"what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        // RFC 4231 test case 6: a 131-byte key, longer than the block.
        assert_eq!(
            hex::encode(hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let secret = Secret::new("very-secret-sk");
        let ring = KeyRing::single("AKID-visible", secret.clone());
        for text in [format!("{secret:?}"), format!("{ring:?}")] {
            assert!(!text.contains("very-secret-sk"), "{text}");
            assert!(!text.contains("AKID-visible"), "{text}");
        }
        assert_eq!(ring.get("AKID-visible"), Some(&secret));
        assert_eq!(ring.get("other"), None);
    }

    #[test]
    fn form_encoding_is_pythons_urlencode() {
        assert_eq!(form_encode("disk 测试 ü"), "disk+%E6%B5%8B%E8%AF%95+%C3%BC");
        assert_eq!(
            form_encode("a&b=c+d/e%20f?g"),
            "a%26b%3Dc%2Bd%2Fe%2520f%3Fg"
        );
        assert_eq!(form_encode_pairs([("a b", "1"), ("c", "")]), "a+b=1&c=");
    }

    #[test]
    fn authorization_fields_are_read_in_the_order_asked() {
        let names = ["Access", "SignedHeaders", "Signature"];
        assert_eq!(
            authorization_fields("Signature=ab, Access=AK,SignedHeaders=host", names),
            Ok([Some("AK"), Some("host"), Some("ab")])
        );
        assert_eq!(
            authorization_fields("Access=AK", names),
            Ok([Some("AK"), None, None])
        );
        assert_eq!(
            authorization_fields("Access=AK, Access=AK2", names),
            Err("repeated field")
        );
        assert_eq!(
            authorization_fields("Access=AK, Other=x", names),
            Err("unknown field")
        );
        assert_eq!(
            authorization_fields("Access", names),
            Err("fields are name=value")
        );
    }

    #[test]
    fn signed_header_names_and_signatures_are_checked() {
        assert_eq!(
            signed_header_names("host;x-sdk-date"),
            Ok(vec!["host", "x-sdk-date"])
        );
        assert!(signed_header_names("host;X-Sdk-Date").is_err());
        assert!(signed_header_names("host;;x").is_err());
        assert_eq!(signature_bytes(&"ab".repeat(32)), Ok(vec![0xab; 32]));
        assert!(signature_bytes(&"ab".repeat(31)).is_err());
        assert!(signature_bytes(&"zz".repeat(32)).is_err());
        let headers = [
            ("X-Sdk-Date".to_owned(), "1".to_owned()),
            ("x-sdk-date".to_owned(), "2".to_owned()),
        ];
        assert_eq!(header_value(&headers, "x-SDK-date"), Some("1"));
        assert_eq!(header_value(&headers, "host"), None);
    }

    proptest! {
        #[test]
        fn verification_accepts_the_mac_and_nothing_else(key in proptest::collection::vec(any::<u8>(), 0..200), data in proptest::collection::vec(any::<u8>(), 0..100), flip in 0usize..32) {
            let tag = hmac_sha256(&key, &data);
            prop_assert!(verify_hmac_sha256(&key, &data, &tag));
            let mut wrong = tag;
            wrong[flip] ^= 1;
            prop_assert!(!verify_hmac_sha256(&key, &data, &wrong));
            prop_assert!(!verify_hmac_sha256(&key, &data, &tag[..31]));
            let tag = hmac_sha1(&key, &data);
            prop_assert!(verify_hmac_sha1(&key, &data, &tag));
            let mut wrong = tag;
            wrong[flip % 20] ^= 1;
            prop_assert!(!verify_hmac_sha1(&key, &data, &wrong));
        }

        #[test]
        fn form_encoding_round_trips(text in ".*") {
            let encoded = form_encode(&text);
            prop_assert!(!encoded.contains(' '));
            prop_assert_eq!(shared::api::decode_component(&encoded, true), text);
        }
    }
}
