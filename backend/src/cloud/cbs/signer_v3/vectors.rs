//! Every vector in `backend/testdata/vectors/tencent/vectors_v3*.json`, produced by Tencent's own
//! SDK, checked stage by stage; and each request fed back through the verifier.

use super::{sign, verify, Received, Request};
use crate::cloud::signing::testdata::{object_pairs, read_json, text, vector_files};
use crate::cloud::signing::{header_value, KeyRing, Secret};

#[test]
fn every_tencent_v3_vector_reproduces_every_stage() {
    let (mut ran, mut in_files) = (0, 0);
    for path in vector_files("tencent", "vectors_v3") {
        let file = read_json(&path);
        let vectors = file["vectors"].as_array().expect("a vectors list");
        in_files += vectors.len();
        for vector in vectors {
            let name = text(vector, "name");
            let kind = text(vector, "kind");
            assert!(
                matches!(kind, "signer_only" | "sdk_request"),
                "{name}: kind {kind}"
            );
            let sent = &vector["request"];
            let headers = object_pairs(&sent["headers"]);
            let header = |wanted: &str| header_value(&headers, wanted);
            let timestamp = vector["timestamp"].as_i64().unwrap();
            let request = Request {
                method: text(vector, "method"),
                host: text(vector, "host"),
                query: text(sent, "query"),
                content_type: header("content-type").unwrap(),
                body: text(sent, "body").as_bytes(),
                service: text(vector, "service"),
            };
            assert_eq!(header("host"), Some(request.host), "{name}: host header");
            assert_eq!(
                header("x-tc-timestamp"),
                Some(timestamp.to_string().as_str())
            );
            let secret_id = text(vector, "secret_id");
            let signed = sign(&request, secret_id, text(vector, "secret_key"), timestamp);
            let expected = &vector["expected"];
            for (stage, actual) in [
                ("hashed_payload", &signed.hashed_payload),
                ("canonical_request", &signed.canonical_request),
                ("hashed_canonical_request", &signed.hashed_canonical_request),
                ("credential_scope", &signed.credential_scope),
                ("date", &signed.date),
                ("string_to_sign", &signed.string_to_sign),
                ("signature", &signed.signature),
            ] {
                assert_eq!(actual, text(expected, stage), "{name}: {stage}");
            }
            if let Some(authorization) = expected["authorization"].as_str() {
                assert_eq!(signed.authorization, authorization, "{name}: authorization");
            }
            if kind == "sdk_request" {
                assert_eq!(
                    header("authorization"),
                    Some(signed.authorization.as_str()),
                    "{name}: sent"
                );
            }
            if let Some(published) = vector["published_signature"].as_str() {
                assert_eq!(signed.signature, published, "{name}: published signature");
            }

            // What was sent passes the verifier at the signing time.
            let mut received_headers = headers.clone();
            if header("authorization").is_none() {
                received_headers.push(("Authorization".to_owned(), signed.authorization.clone()));
            }
            let received = Received {
                method: request.method,
                host: request.host,
                query: request.query,
                headers: &received_headers,
                body: request.body,
            };
            let keys = KeyRing::single(secret_id, Secret::new(text(vector, "secret_key")));
            assert_eq!(
                verify(&received, request.service, &keys, timestamp).as_deref(),
                Ok(secret_id),
                "{name}: verify"
            );
            ran += 1;
        }
    }
    assert!(ran > 0);
    assert_eq!(ran, in_files);
}
