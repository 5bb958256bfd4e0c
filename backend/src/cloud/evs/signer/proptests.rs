//! Properties of the canonical path and query encoding, and of sign → verify, over any unicode,
//! reserved characters and repeated keys.

use proptest::prelude::*;
use shared::api::{decode_component, encode_component, parse_query};

use super::{
    canonical_query, canonical_uri, parse_sdk_date, sdk_date, sign, verify, Received, Request,
};
use crate::cloud::signing::{KeyRing, Secret};

/// Text that leans on what encoders get wrong: reserved characters, `%`, `+`, spaces,
/// multi-byte UTF-8; plus anything at all.
fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,12}",
        "[a-z%+ /=&?#~._\\-]{0,12}",
        "[é快照ü🙂\u{0}\t\n]{0,6}",
        any::<String>(),
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    // A small key alphabet makes repeated keys common.
    let key = prop_oneof!["[ab_~ +%]{0,2}", tricky_text()];
    proptest::collection::vec((key, tricky_text()), 0..8)
}

fn is_canonical_encoding(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') => i += 1,
            b'%' => {
                let hex = |at: usize| {
                    bytes
                        .get(at)
                        .is_some_and(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
                };
                if !(hex(i + 1) && hex(i + 2)) {
                    return false;
                }
                i += 3;
            }
            _ => return false,
        }
    }
    true
}

proptest! {
    #[test]
    fn encoding_is_unreserved_or_upper_hex_and_decodes_back(text in tricky_text()) {
        let encoded = encode_component(&text);
        prop_assert!(is_canonical_encoding(&encoded), "{}", encoded);
        prop_assert_eq!(decode_component(&encoded, false), text.clone());
        prop_assert_eq!(decode_component(&encoded, true), text);
    }

    #[test]
    fn canonical_query_ignores_order_and_keeps_every_pair(pairs in pairs(), seed in any::<u64>()) {
        let query = canonical_query(&pairs);
        let mut shuffled = pairs.clone();
        // A deterministic shuffle driven by the seed (rotation then reversal of a prefix).
        if !shuffled.is_empty() {
            let len = shuffled.len();
            shuffled.rotate_left((seed as usize) % len);
            shuffled[..(seed as usize / 7) % len + 1].reverse();
        }
        prop_assert_eq!(canonical_query(&shuffled), query.clone());
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap();
            prop_assert!(is_canonical_encoding(key) && is_canonical_encoding(value), "{}", pair);
        }
        let mut expected = pairs.clone();
        expected.sort();
        let decoded = parse_query(&query);
        // Only a pair with an empty key and value vanishes ("=" reads back as ("", "")), so
        // compare the decoded pairs with the sorted input exactly.
        prop_assert_eq!(decoded, expected);
    }

    #[test]
    fn canonical_uri_is_encoded_slash_terminated_and_idempotent(segments in proptest::collection::vec(tricky_text(), 0..5), trailing in any::<bool>()) {
        let mut path = format!("/{}", segments.join("/"));
        if trailing {
            path.push('/');
        }
        let uri = canonical_uri(&path);
        prop_assert!(uri.ends_with('/'));
        prop_assert!(uri.split('/').all(is_canonical_encoding), "{}", uri);
        prop_assert_eq!(canonical_uri(&uri), uri.clone());
        // A path built from encoded segments (none holding '/') is already canonical.
        let segments: Vec<String> = segments.iter().map(|s| s.replace('/', "")).collect();
        let encoded = format!("/{}/", segments.iter().map(|s| encode_component(s)).collect::<Vec<_>>().join("/"));
        prop_assert_eq!(canonical_uri(&encoded), encoded.clone());
    }

    #[test]
    fn sdk_date_round_trips(seconds in -62_135_596_800i64..253_402_300_799) {
        let text = sdk_date(seconds);
        prop_assert_eq!(text.len(), 16);
        prop_assert_eq!(parse_sdk_date(&text), Some(seconds));
    }

    #[test]
    fn what_is_signed_verifies_and_a_wrong_key_does_not(
        query in pairs(),
        segment in tricky_text(),
        body in proptest::collection::vec(any::<u8>(), 0..64),
        extra in "[ -~]{0,16}",
    ) {
        let path = format!("/v2/p/cloudsnapshots/{}", encode_component(&segment));
        let headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Extra".to_owned(), extra),
        ];
        let request = Request { method: "PUT", host: "evs.example.com", path: &path, query: &query, headers: &headers, body: &body };
        let now = 1_700_000_000;
        let keys = KeyRing::single("AK", Secret::new("SK"));
        let received = |headers| Received { method: "PUT", host: "evs.example.com", path: &path, query: "", headers, body: &body };
        let signed = sign(&request, "AK", "SK", &sdk_date(now));
        let good = Received { query: &signed.wire_query, ..received(&signed.headers) };
        prop_assert_eq!(verify(&good, &keys, now), Ok("AK".to_owned()));
        let forged = sign(&request, "AK", "not-SK", &sdk_date(now));
        let bad = Received { query: &forged.wire_query, ..received(&forged.headers) };
        prop_assert!(verify(&bad, &keys, now).is_err());
    }
}
