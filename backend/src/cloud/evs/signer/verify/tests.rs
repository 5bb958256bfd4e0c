//! Each way the gateway refuses a request, with requests the real signer made.

use super::super::{sign, Request};
use super::*;
use crate::cloud::signing::testdata::set_header;
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

fn received(sent: &Sent) -> Received<'_> {
    Received {
        method: "POST",
        host: "127.0.0.1:18080",
        path: &sent.path,
        query: &sent.query,
        headers: &sent.headers,
        body: &sent.body,
    }
}

fn check(sent: &Sent) -> Result<String, VerifyError> {
    verify(&received(sent), &keys(), NOW)
}

/// A GET to sign that carries a security token, a header whose value must never print.
fn with_token(headers: &[(String, String)]) -> Request<'_> {
    Request {
        method: "GET",
        host: "h",
        path: "/",
        query: &[],
        headers,
        body: b"",
    }
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
    let signed = sign(&with_token(&headers), AK, SK, &sdk_date(NOW));
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
        set_header(&mut sent.headers, "Authorization", &bad);
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
        set_header(&mut sent.headers, "X-Sdk-Date", bad);
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
    set_header(&mut header.headers, "X-Project-Id", "another");
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

#[test]
fn received_requests_do_not_print_their_authorization() {
    let sent = signed_request(AK, SK, NOW);
    let authorization = header_value(&sent.headers, "authorization").unwrap();
    let text = format!("{:?}", received(&sent));
    let signature = authorization.rsplit('=').next().unwrap();
    assert!(!text.contains(signature), "{text}");
    assert!(!text.contains(AK), "{text}");
    assert!(text.contains("Authorization"), "{text}");
}

#[test]
fn requests_to_sign_do_not_print_header_values() {
    let headers = vec![("X-Security-Token".to_owned(), "tok3n-secret".to_owned())];
    let text = format!("{:?}", with_token(&headers));
    assert!(!text.contains("tok3n-secret"), "{text}");
    assert!(text.contains("X-Security-Token"), "{text}");
}
