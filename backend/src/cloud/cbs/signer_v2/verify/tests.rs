//! Each way Tencent refuses an API 2.0 request, with requests the real signer made.

use shared::api::parse_query;

use super::super::sign;
use super::*;
use crate::cloud::signing::testdata::pairs;
use crate::cloud::signing::Secret;

const ID: &str = "AKIDemulator000000000000000000000002";
const KEY: &str = "emulatorSecretKey0000000000000002";
const HOST: &str = "snapshot.api.qcloud.com";
const PATH: &str = "/v2/index.php";
const NOW: i64 = 1_465_185_768;

fn keys() -> KeyRing {
    KeyRing::single(ID, Secret::new(KEY))
}

fn params(id: &str, timestamp: i64, nonce: &str, method: &str) -> Vec<(String, String)> {
    pairs(&[
        ("Action", "DescribeSnapshots"),
        ("Region", "gz"),
        ("SecretId", id),
        ("Timestamp", &timestamp.to_string()),
        ("Nonce", nonce),
        ("SignatureMethod", method),
        ("storageIds_0", "disk-aaaa1111"),
        ("snapshotName", "备份 a+b"),
    ])
}

/// What the emulator decodes from a request `sign` built: the wire form, read back.
fn received_params(id: &str, key: &str, timestamp: i64, nonce: &str) -> Vec<(String, String)> {
    let signed = sign(
        "GET",
        HOST,
        PATH,
        &params(id, timestamp, nonce, "HmacSHA256"),
        key,
    );
    parse_query(&signed.wire_query)
}

fn check(params: &[(String, String)], replays: &mut ReplayCache) -> Result<String, VerifyError> {
    let received = Received {
        method: "GET",
        host: HOST,
        path: PATH,
        params,
    };
    verify(&received, &keys(), NOW, replays)
}

fn without(params: &[(String, String)], name: &str) -> Vec<(String, String)> {
    params.iter().filter(|(k, _)| k != name).cloned().collect()
}

fn with(params: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut params = without(params, name);
    params.push((name.to_owned(), value.to_owned()));
    params
}

#[test]
fn accepts_both_macs_and_returns_the_secret_id() {
    let mut replays = ReplayCache::new();
    for (nonce, method) in [("1", "HmacSHA256"), ("2", "HmacSHA1"), ("3", "")] {
        let signed = sign("POST", HOST, PATH, &params(ID, NOW, nonce, method), KEY);
        let received = Received {
            method: "POST",
            host: HOST,
            path: PATH,
            params: &parse_query(&signed.wire_query),
        };
        assert_eq!(
            verify(&received, &keys(), NOW, &mut replays),
            Ok(ID.to_owned())
        );
    }
    assert_eq!(replays.len(), 3);
    assert!(check(&received_params(ID, KEY, NOW - 7200, "4"), &mut replays).is_ok());
    assert!(check(&received_params(ID, KEY, NOW + 7200, "5"), &mut replays).is_ok());
}

#[test]
fn missing_or_malformed_public_parameters_are_4000() {
    let good = received_params(ID, KEY, NOW, "7");
    for name in ["SecretId", "Signature", "Timestamp", "Nonce"] {
        let error = check(&without(&good, name), &mut ReplayCache::new()).unwrap_err();
        assert_eq!(error, VerifyError::MissingParameter(name));
        assert_eq!(error.code(), 4000);
    }
    for (name, bad) in [
        ("Timestamp", "yesterday"),
        ("Timestamp", "-1"),
        ("Nonce", "abc"),
        ("Nonce", ""),
    ] {
        let error = check(&with(&good, name, bad), &mut ReplayCache::new()).unwrap_err();
        assert!(
            matches!(error, VerifyError::InvalidParameter(_)),
            "{name}={bad}"
        );
        assert_eq!(error.code(), 4000);
    }
    let mut repeated = good.clone();
    repeated.push(("Region".to_owned(), "sh".to_owned()));
    assert_eq!(
        check(&repeated, &mut ReplayCache::new()),
        Err(VerifyError::RepeatedParameter("Region".to_owned()))
    );
}

#[test]
fn more_than_2_hours_off_is_4500() {
    for offset in [-7201, 7201] {
        let error = check(
            &received_params(ID, KEY, NOW + offset, "8"),
            &mut ReplayCache::new(),
        )
        .unwrap_err();
        assert_eq!(
            error,
            VerifyError::Expired {
                timestamp: NOW + offset,
                now: NOW
            }
        );
        assert_eq!(error.code(), 4500);
    }
}

#[test]
fn a_replayed_nonce_and_timestamp_is_4500() {
    let mut replays = ReplayCache::new();
    let request = received_params(ID, KEY, NOW, "9");
    assert!(check(&request, &mut replays).is_ok());
    let error = check(&request, &mut replays).unwrap_err();
    assert_eq!(error, VerifyError::Replayed);
    assert_eq!(error.code(), 4500);
    // The same nonce with another timestamp is another request.
    assert!(check(&received_params(ID, KEY, NOW + 1, "9"), &mut replays).is_ok());
}

#[test]
fn forgeries_do_not_fill_the_replay_cache() {
    let mut replays = ReplayCache::new();
    let forged = received_params(ID, "not-the-key", NOW, "10");
    assert_eq!(
        check(&forged, &mut replays),
        Err(VerifyError::SignatureMismatch)
    );
    assert!(replays.is_empty());
    // So the genuine request with that nonce still passes.
    assert!(check(&received_params(ID, KEY, NOW, "10"), &mut replays).is_ok());
}

#[test]
fn the_cache_forgets_what_can_no_longer_pass_and_stays_bounded() {
    let mut replays = ReplayCache::with_capacity(3);
    assert!(replays.record(NOW, ID, "1", NOW));
    assert!(replays.record(NOW, ID, "2", NOW));
    // Two hours and a second later, both are stale: forgotten.
    assert!(replays.record(NOW + 7201, ID, "3", NOW + 7201));
    assert_eq!(replays.len(), 1);
    for nonce in ["4", "5", "6", "7"] {
        assert!(replays.record(NOW + 7201, ID, nonce, NOW + 7201));
    }
    assert_eq!(replays.len(), 3);
    assert!(!replays.record(NOW + 7201, ID, "7", NOW + 7201));
}

#[test]
fn unknown_secret_id_is_4104() {
    let error = check(
        &received_params("AKIDother", KEY, NOW, "11"),
        &mut ReplayCache::new(),
    )
    .unwrap_err();
    assert_eq!(error, VerifyError::UnknownSecretId);
    assert_eq!(error.code(), 4104);
}

#[test]
fn wrong_key_or_tampering_is_4100() {
    let good = received_params(ID, KEY, NOW, "12");
    for forged in [
        received_params(ID, "not-the-key", NOW, "12"),
        with(&good, "Region", "sh"),
        with(&good, "Signature", "not base64!"),
        with(&good, "SignatureMethod", "HmacSHA1"),
        with(&good, "storageIds_0", "disk-bbbb2222"),
    ] {
        let error = check(&forged, &mut ReplayCache::new()).unwrap_err();
        assert_eq!(error, VerifyError::SignatureMismatch);
        assert_eq!(error.code(), 4100);
    }
    // Another host or path is another string to sign.
    let received = Received {
        method: "GET",
        host: "127.0.0.1:18080",
        path: PATH,
        params: &good,
    };
    assert_eq!(
        verify(&received, &keys(), NOW, &mut ReplayCache::new()),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn replies_are_api_2_errors() {
    let reply = VerifyError::SignatureMismatch.to_reply();
    let json = serde_json::to_value(&reply).unwrap();
    assert_eq!(json["code"], 4100);
    assert_eq!(json["codeDesc"], "AuthFailure");
    assert!(json["message"].as_str().unwrap().starts_with("(4100)"));
}

proptest::proptest! {
    /// Whatever the parameters (any unicode, `_` in keys, reserved characters), what `sign` sends
    /// verifies once the emulator decodes it, and not under another key.
    #[test]
    fn what_is_signed_verifies(
        extra in proptest::collection::btree_map("[A-Za-z_.0-9]{1,8}", ".{0,12}", 0..6),
        sha256 in proptest::bool::ANY,
    ) {
        let method = if sha256 { "HmacSHA256" } else { "HmacSHA1" };
        // The public parameters stay valid; everything else is arbitrary.
        let public = ["Signature", "SecretId", "Nonce", "Timestamp", "SignatureMethod"];
        let extra: Vec<(String, String)> =
            extra.into_iter().filter(|(key, _)| !public.contains(&key.as_str())).collect();
        let mut params = params(ID, NOW, "77", method);
        params.retain(|(key, _)| !extra.iter().any(|(extra_key, _)| extra_key == key));
        params.extend(extra);
        let signed = sign("GET", HOST, PATH, &params, KEY);
        let sent = parse_query(&signed.wire_query);
        proptest::prop_assert_eq!(check(&sent, &mut ReplayCache::new()), Ok(ID.to_owned()));
        let forged = parse_query(&sign("GET", HOST, PATH, &params, "other").wire_query);
        proptest::prop_assert_eq!(check(&forged, &mut ReplayCache::new()), Err(VerifyError::SignatureMismatch));
    }
}

#[test]
fn received_requests_do_not_print_their_signature() {
    let params = received_params(ID, KEY, NOW, "7");
    let signature = params
        .iter()
        .find(|(name, _)| name == "Signature")
        .map(|(_, value)| value.clone())
        .unwrap();
    let received = Received {
        method: "GET",
        host: HOST,
        path: PATH,
        params: &params,
    };
    let text = format!("{received:?}");
    assert!(!text.contains(&signature), "{text}");
    assert!(!text.contains(ID), "{text}");
    assert!(text.contains("Signature"), "{text}");
}
