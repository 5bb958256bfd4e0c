//! Every vector in `backend/testdata/vectors/tencent/vectors_v2*.json`, produced by Tencent's own
//! SDK, checked stage by stage; and each request fed back through the verifier.
//!
//! `wire_query` is compared byte for byte: the signer keeps the order the parameters were given
//! in (the vectors' `params_in` order, which is the SDK's wire order) and appends `Signature`.

use serde::Deserialize;
use shared::api::parse_query;

use super::{sign, verify, Received, ReplayCache, SignatureMethod, VerifyError};
use crate::cloud::signing::testdata::{read_json, text, vector_files, OrderedPairs};
use crate::cloud::signing::{form_encode, KeyRing, Secret};

/// The parameters of each vector in document order (a `Value` would sort them).
#[derive(Deserialize)]
struct ParamsInOrder {
    vectors: Vec<Params>,
}

#[derive(Deserialize)]
struct Params {
    params_in: OrderedPairs,
}

#[test]
fn every_tencent_v2_vector_reproduces_every_stage() {
    let (mut ran, mut in_files) = (0, 0);
    for path in vector_files("tencent", "vectors_v2") {
        let file = read_json(&path);
        let vectors = file["vectors"].as_array().expect("a vectors list");
        let in_order: ParamsInOrder =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(in_order.vectors.len(), vectors.len());
        in_files += vectors.len();
        for (vector, Params { params_in }) in vectors.iter().zip(in_order.vectors) {
            let name = text(vector, "name");
            let kind = text(vector, "kind");
            assert!(
                matches!(kind, "sign_only" | "sdk_request"),
                "{name}: kind {kind}"
            );
            let params = params_in.0;
            let (method, host, route) = (
                text(vector, "method"),
                text(vector, "host"),
                text(vector, "path"),
            );
            let secret_key = text(vector, "secret_key");
            let signed = sign(method, host, route, &params, secret_key);
            let expected = &vector["expected"];
            assert_eq!(
                signed.string_to_sign,
                text(expected, "string_to_sign"),
                "{name}"
            );
            assert_eq!(signed.signature, text(expected, "signature"), "{name}");
            assert_eq!(
                signed.signature_method.as_str(),
                text(expected, "signature_method_used"),
                "{name}"
            );
            assert_eq!(
                form_encode(&signed.signature),
                text(expected, "signature_urlencoded"),
                "{name}"
            );
            assert_eq!(
                signed.wire_query,
                text(expected, "wire_query"),
                "{name}: wire query"
            );
            if let Some(headers) = expected.get("headers") {
                let content_type = headers["Content-Type"].as_str();
                assert_eq!(signed.content_type, content_type, "{name}: content type");
            }
            if let Some(published) = vector["published_signature"].as_str() {
                assert_eq!(signed.signature, published, "{name}: published signature");
            }

            // What was sent passes the verifier once at the signing time, then is a replay.
            let secret_id = text(vector, "secret_id");
            let keys = KeyRing::single(secret_id, Secret::new(secret_key));
            let timestamp: i64 = params
                .iter()
                .find(|(key, _)| key == "Timestamp")
                .and_then(|(_, value)| value.parse().ok())
                .unwrap();
            let sent = parse_query(&signed.wire_query);
            let received = Received {
                method,
                host,
                path: route,
                params: &sent,
            };
            let mut replays = ReplayCache::new();
            assert_eq!(
                verify(&received, &keys, timestamp, &mut replays).as_deref(),
                Ok(secret_id),
                "{name}: verify"
            );
            assert_eq!(
                verify(&received, &keys, timestamp, &mut replays),
                Err(VerifyError::Replayed),
                "{name}: replay"
            );
            assert_eq!(SignatureMethod::of(&sent), signed.signature_method);
            ran += 1;
        }
    }
    assert!(ran > 0);
    assert_eq!(ran, in_files);
}
