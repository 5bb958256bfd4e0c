//! Every vector in `backend/testdata/vectors/huawei/*.json`, produced by Huawei's own SDK, checked
//! stage by stage; and each one fed back through the gateway's verifier.

use super::{sign, verify, Received, Request};
use crate::cloud::signing::testdata::{object_pairs, read_json, text, vector_files};
use crate::cloud::signing::{KeyRing, Secret};

/// The query string of a URL, or `""`.
fn query_of(url: &str) -> &str {
    url.split_once('?').map_or("", |(_, query)| query)
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

#[test]
fn every_huawei_vector_reproduces_every_stage() {
    let mut ran = 0;
    let mut in_files = 0;
    for path in vector_files("huawei", "") {
        let vectors = read_json(&path);
        let vectors = vectors.as_array().expect("a list of vectors");
        in_files += vectors.len();
        for vector in vectors {
            let name = text(vector, "name");
            let query: Vec<(String, String)> = vector["query"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| {
                    (
                        pair[0].as_str().unwrap().to_owned(),
                        pair[1].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            let headers = object_pairs(&vector["headers_in"]);
            let body = vector["body"].as_str().unwrap_or("").as_bytes();
            let request = Request {
                method: text(vector, "method"),
                host: text(vector, "host"),
                path: text(vector, "path"),
                query: &query,
                headers: &headers,
                body,
            };
            let signed = sign(
                &request,
                text(vector, "ak"),
                text(vector, "sk"),
                text(vector, "date"),
            );
            let expected = &vector["expected"];
            for (stage, actual) in [
                ("canonical_request", &signed.canonical_request),
                ("string_to_sign", &signed.string_to_sign),
                ("signed_headers", &signed.signed_headers),
                ("signature", &signed.signature),
                ("authorization", &signed.authorization),
            ] {
                assert_eq!(actual, text(expected, stage), "{name}: {stage}");
            }
            let wire_url = text(vector, "wire_url");
            assert_eq!(signed.wire_query, query_of(wire_url), "{name}: wire query");
            assert!(
                wire_url.ends_with(&format!(
                    "{}{}",
                    request.path,
                    match signed.wire_query.as_str() {
                        "" => String::new(),
                        query => format!("?{query}"),
                    }
                )),
                "{name}: wire path"
            );
            assert_eq!(
                sorted(signed.headers.clone()),
                sorted(object_pairs(&vector["headers_out"])),
                "{name}: headers sent"
            );
            if let Some(documented) = vector["documented_signature"].as_str() {
                assert_eq!(signed.signature, documented, "{name}: documented signature");
            }

            // What the SDK sent passes the gateway's verifier, at the signing time.
            let keys = KeyRing::single(text(vector, "ak"), Secret::new(text(vector, "sk")));
            let now = super::parse_sdk_date(text(vector, "date")).unwrap();
            let raw_path = wire_url
                .split_once("://")
                .and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..]))
                .map(|path_and_query| path_and_query.split('?').next().unwrap())
                .unwrap();
            let received = Received {
                method: text(vector, "method"),
                host: text(vector, "host"),
                path: raw_path,
                query: query_of(wire_url),
                headers: &signed.headers,
                body,
            };
            assert_eq!(
                verify(&received, &keys, now).as_deref(),
                Ok(text(vector, "ak")),
                "{name}: verify"
            );
            ran += 1;
        }
    }
    assert!(ran > 0);
    assert_eq!(ran, in_files);
}
