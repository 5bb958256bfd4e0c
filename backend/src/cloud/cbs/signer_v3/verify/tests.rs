//! Each way Tencent refuses an API 3.0 request, with requests the real signer made.

use super::super::{sign, Request};
use super::*;
use crate::cloud::signing::testdata::set_header;
use crate::cloud::signing::Secret;

const ID: &str = "AKIDemulator000000000000000000000001";
const KEY: &str = "emulatorSecretKey0000000000000001";
const HOST: &str = "cbs.tencentcloudapi.com";
const NOW: i64 = 1_704_040_000; // 2023-12-31 16:26:40 UTC, already 2024 in Beijing

fn keys() -> KeyRing {
    KeyRing::single(ID, Secret::new(KEY))
}

struct Sent {
    method: &'static str,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn post(id: &str, key: &str, timestamp: i64) -> Sent {
    let body = br#"{"Limit": 2,   "Filters": [{"Name": "disk-usage", "Values": ["DATA_DISK"]}]}"#;
    let request = Request {
        method: "POST",
        host: HOST,
        query: "",
        content_type: "application/json",
        body,
        service: "cbs",
    };
    let signed = sign(&request, id, key, timestamp);
    Sent {
        method: "POST",
        query: String::new(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Host".into(), HOST.into()),
            ("X-TC-Action".into(), "DescribeSnapshots".into()),
            ("X-TC-Timestamp".into(), timestamp.to_string()),
            ("Authorization".into(), signed.authorization),
        ],
        body: body.to_vec(),
    }
}

fn received(sent: &Sent) -> Received<'_> {
    Received {
        method: sent.method,
        host: HOST,
        query: &sent.query,
        headers: &sent.headers,
        body: &sent.body,
    }
}

fn check(sent: &Sent) -> Result<String, VerifyError> {
    verify(&received(sent), "cbs", &keys(), NOW)
}

#[test]
fn accepts_a_correct_signature_and_returns_the_secret_id() {
    assert_eq!(check(&post(ID, KEY, NOW)), Ok(ID.to_owned()));
    assert!(check(&post(ID, KEY, NOW - 300)).is_ok());
    assert!(check(&post(ID, KEY, NOW + 300)).is_ok());
}

#[test]
fn get_with_the_query_as_sent() {
    let query = "Filters.0.Name=disk-usage&Filters.0.Values.0=DATA_DISK&Limit=20";
    let request = Request {
        method: "GET",
        host: HOST,
        query,
        content_type: "application/x-www-form-urlencoded",
        body: b"",
        service: "cbs",
    };
    let signed = sign(&request, ID, KEY, NOW);
    let mut sent = Sent {
        method: "GET",
        query: query.to_owned(),
        headers: vec![
            (
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
            ("x-tc-timestamp".into(), NOW.to_string()),
            ("authorization".into(), signed.authorization),
        ],
        body: Vec::new(),
    };
    assert_eq!(check(&sent), Ok(ID.to_owned()));
    // The same parameters in another order are another query.
    sent.query = "Limit=20&Filters.0.Name=disk-usage&Filters.0.Values.0=DATA_DISK".to_owned();
    assert_eq!(check(&sent), Err(VerifyError::SignatureMismatch));
}

#[test]
fn missing_or_malformed_authorization_is_invalid_authorization() {
    let mut sent = post(ID, KEY, NOW);
    sent.headers.retain(|(name, _)| name != "Authorization");
    assert_eq!(check(&sent), Err(VerifyError::MissingAuthorization));
    assert_eq!(
        VerifyError::MissingAuthorization.code(),
        "AuthFailure.InvalidAuthorization"
    );
    let signature = "a".repeat(64);
    for bad in [
        "Basic abc".to_owned(),
        format!("TC3-HMAC-SHA256 Credential={ID}/2023-12-31/cbs, SignedHeaders=content-type;host, Signature={signature}"),
        format!("TC3-HMAC-SHA256 Credential={ID}/2023-12-31/cbs/tc2_request, SignedHeaders=content-type;host, Signature={signature}"),
        format!("TC3-HMAC-SHA256 Credential=/2023-12-31/cbs/tc3_request, SignedHeaders=content-type;host, Signature={signature}"),
        format!("TC3-HMAC-SHA256 Credential={ID}/2023-12-31/cbs/tc3_request, SignedHeaders=host, Signature={signature}"),
        format!("TC3-HMAC-SHA256 Credential={ID}/2023-12-31/cbs/tc3_request, SignedHeaders=content-type;host, Signature=xyz"),
        format!("TC3-HMAC-SHA256 Credential={ID}/2023-12-31/cbs/tc3_request, SignedHeaders=content-type;host"),
    ] {
        let mut sent = post(ID, KEY, NOW);
        set_header(&mut sent.headers, "Authorization", &bad);
        let error = check(&sent).unwrap_err();
        assert!(matches!(error, VerifyError::MalformedAuthorization(_)), "{bad}: {error:?}");
        assert_eq!(error.code(), "AuthFailure.InvalidAuthorization");
    }
}

#[test]
fn missing_or_malformed_timestamp() {
    let mut sent = post(ID, KEY, NOW);
    sent.headers.retain(|(name, _)| name != "X-TC-Timestamp");
    assert_eq!(check(&sent), Err(VerifyError::MissingTimestamp));
    for bad in ["", "-5", "1704040000.5", "soon"] {
        let mut sent = post(ID, KEY, NOW);
        set_header(&mut sent.headers, "X-TC-Timestamp", bad);
        assert_eq!(check(&sent), Err(VerifyError::MalformedTimestamp), "{bad}");
    }
}

#[test]
fn more_than_5_minutes_off_is_signature_expire() {
    for offset in [-301, 301, -3600] {
        let error = check(&post(ID, KEY, NOW + offset)).unwrap_err();
        assert_eq!(
            error,
            VerifyError::Expired {
                timestamp: NOW + offset,
                now: NOW
            }
        );
        assert_eq!(error.code(), "AuthFailure.SignatureExpire");
    }
}

#[test]
fn unknown_secret_id_is_secret_id_not_found() {
    let error = check(&post("AKIDsomeoneelse", KEY, NOW)).unwrap_err();
    assert_eq!(error, VerifyError::UnknownSecretId);
    assert_eq!(error.code(), "AuthFailure.SecretIdNotFound");
}

#[test]
fn wrong_key_tampering_or_scope_is_signature_failure() {
    let wrong_key = post(ID, "not-the-key", NOW);
    let mut body = post(ID, KEY, NOW);
    body.body = br#"{"Limit":2,"Filters":[{"Name":"disk-usage","Values":["DATA_DISK"]}]}"#.to_vec();
    let mut content_type = post(ID, KEY, NOW);
    set_header(
        &mut content_type.headers,
        "Content-Type",
        "application/json; charset=utf-8",
    );
    let mut timestamp = post(ID, KEY, NOW);
    set_header(
        &mut timestamp.headers,
        "X-TC-Timestamp",
        &(NOW + 1).to_string(),
    );
    for sent in [wrong_key, body, content_type, timestamp] {
        let error = check(&sent).unwrap_err();
        assert_eq!(error, VerifyError::SignatureMismatch);
        assert_eq!(error.code(), "AuthFailure.SignatureFailure");
    }
    // A scope for another service, or the Beijing date rather than the UTC one.
    let signed = post(ID, KEY, NOW);
    let authorization = &signed.headers[4].1;
    for scope in ["2023-12-31/cvm/", "2024-01-01/cbs/"] {
        let mut sent = post(ID, KEY, NOW);
        set_header(
            &mut sent.headers,
            "Authorization",
            &authorization.replace("2023-12-31/cbs/", scope),
        );
        let error = check(&sent).unwrap_err();
        assert_eq!(error, VerifyError::WrongScope("cbs".to_owned()));
        assert_eq!(error.code(), "AuthFailure.SignatureFailure");
    }
}

#[test]
fn replies_are_tencents_error_shape() {
    let reply = VerifyError::Expired {
        timestamp: 1,
        now: 999,
    }
    .to_reply("req-1");
    let json = serde_json::to_value(&reply).unwrap();
    assert_eq!(
        json["Response"]["Error"]["Code"],
        "AuthFailure.SignatureExpire"
    );
    assert_eq!(json["Response"]["RequestId"], "req-1");
    assert!(json["Response"]["Error"]["Message"]
        .as_str()
        .unwrap()
        .contains("expired"));
}

proptest::proptest! {
    /// Any body and query, signed, verifies as sent and not under another key.
    #[test]
    fn what_is_signed_verifies(
        body in proptest::collection::vec(proptest::num::u8::ANY, 0..128),
        query in "[A-Za-z0-9.=&%-]{0,24}",
    ) {
        let request = Request { method: "POST", host: HOST, query: &query, content_type: "application/json", body: &body, service: "cbs" };
        let sent = |key: &str| {
            let signed = sign(&request, ID, key, NOW);
            Sent {
                method: "POST",
                query: query.clone(),
                headers: vec![
                    ("Content-Type".into(), "application/json".into()),
                    ("X-TC-Timestamp".into(), NOW.to_string()),
                    ("Authorization".into(), signed.authorization),
                ],
                body: body.clone(),
            }
        };
        proptest::prop_assert_eq!(check(&sent(KEY)), Ok(ID.to_owned()));
        proptest::prop_assert_eq!(check(&sent("other")), Err(VerifyError::SignatureMismatch));
    }
}

#[test]
fn received_requests_do_not_print_their_authorization() {
    let sent = post(ID, KEY, NOW);
    let authorization = header_value(&sent.headers, "authorization").unwrap();
    let text = format!("{:?}", received(&sent));
    let signature = authorization.rsplit('=').next().unwrap();
    assert!(!text.contains(signature), "{text}");
    assert!(!text.contains(ID), "{text}");
    assert!(text.contains("Authorization"), "{text}");
}
