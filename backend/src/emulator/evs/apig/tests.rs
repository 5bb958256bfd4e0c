//! The gateway layer on a tiny router, driven with `oneshot` by requests the real signer made.

use axum::body::{to_bytes, Body};
use axum::extract::Extension;
use axum::http::{Request, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use tower::ServiceExt;

use super::*;
use crate::cloud::evs::signer::{self, sdk_date};
use crate::cloud::signing::Secret;

const AK: &str = "EMULATORAK0000000001";
const SK: &str = "emulator/secret+key";
const HOST: &str = "127.0.0.1:18080";
const NOW: i64 = 1_710_490_953;

fn fixed_now() -> i64 {
    NOW
}

/// Echoes the body exactly as the handler got it, behind the gateway layer.
fn router() -> Router {
    let auth = ApigAuth::new(KeyRing::single(AK, Secret::new(SK))).with_clock(fixed_now);
    Router::new()
        .route(
            "/v2/{project}/cloudsnapshots",
            post(
                |Extension(caller): Extension<VerifiedAccessKey>, body: axum::body::Bytes| async move {
                    assert_eq!(caller, VerifiedAccessKey(AK.to_owned()));
                    body
                },
            ),
        )
        .route("/v2/{project}/cloudsnapshots/detail", get(|| async { "listed" }))
        .layer(axum::middleware::from_fn_with_state(auth, require_apig_signature))
}

struct Call<'a> {
    method: &'a str,
    path: &'a str,
    query: Vec<(String, String)>,
    body: &'a [u8],
    ak: &'a str,
    sk: &'a str,
    date: i64,
}

impl Default for Call<'_> {
    fn default() -> Self {
        Call {
            method: "GET",
            path: "/v2/p1/cloudsnapshots/detail",
            query: Vec::new(),
            body: b"",
            ak: AK,
            sk: SK,
            date: NOW,
        }
    }
}

/// Signs like the EVS client does and builds the request to send; `raw_query` replaces the
/// signed query on the wire when given.
fn signed(call: &Call, raw_query: Option<&str>) -> Request<Body> {
    let headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    let request = signer::Request {
        method: call.method,
        host: HOST,
        path: call.path,
        query: &call.query,
        headers: &headers,
        body: call.body,
    };
    let signed = signer::sign(&request, call.ak, call.sk, &sdk_date(call.date));
    let query = raw_query.unwrap_or(&signed.wire_query);
    let uri = if query.is_empty() {
        call.path.to_owned()
    } else {
        format!("{}?{query}", call.path)
    };
    let mut builder = Request::builder().method(call.method).uri(uri);
    for (name, value) in &signed.headers {
        builder = builder.header(name, value);
    }
    builder.body(Body::from(call.body.to_vec())).unwrap()
}

async fn send(request: Request<Body>) -> (StatusCode, Option<String>, Vec<u8>) {
    let response = router().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, content_type, body.to_vec())
}

/// Asserts the APIG refusal shape and returns its message.
async fn refused(request: Request<Body>) -> String {
    let (status, content_type, body) = send(request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let error: GatewayError = serde_json::from_slice(&body).unwrap();
    assert_eq!(error.error_code, "APIG.0301");
    let request_id = error.request_id.unwrap();
    assert_eq!(request_id.len(), 32);
    let text = String::from_utf8(body).unwrap();
    assert!(!text.contains(SK) && !text.contains(AK), "{text}");
    error.error_msg
}

#[tokio::test]
async fn correctly_signed_passes_with_the_ak() {
    let (status, _, body) = send(signed(&Call::default(), None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"listed");
}

#[tokio::test]
async fn unsigned_is_401() {
    let request = Request::builder()
        .uri("/v2/p1/cloudsnapshots/detail")
        .header("host", HOST)
        .body(Body::empty())
        .unwrap();
    assert!(refused(request).await.contains("Authorization not found"));
}

#[tokio::test]
async fn wrong_sk_is_401() {
    let call = Call {
        sk: "not-the-secret",
        ..Call::default()
    };
    assert!(refused(signed(&call, None))
        .await
        .contains("verify aksk signature fail"));
}

#[tokio::test]
async fn unknown_ak_is_401() {
    let call = Call {
        ak: "SOMEONEELSE000000000",
        ..Call::default()
    };
    let message = refused(signed(&call, None)).await;
    assert!(message.contains("ak not exist"), "{message}");
    assert!(!message.contains("SOMEONEELSE"));
}

#[tokio::test]
async fn date_16_minutes_off_is_401_either_way() {
    for date in [NOW - 16 * 60, NOW + 16 * 60] {
        let call = Call {
            date,
            ..Call::default()
        };
        assert!(refused(signed(&call, None))
            .await
            .contains("signature expired"));
    }
}

#[tokio::test]
async fn plus_for_space_in_the_query_is_accepted() {
    let call = Call {
        query: vec![("name".to_owned(), "my snap".to_owned())],
        ..Call::default()
    };
    let (status, _, _) = send(signed(&call, Some("name=my+snap"))).await;
    assert_eq!(status, StatusCode::OK);
    // And a query that differs from the signed one is not.
    assert!(refused(signed(&call, Some("name=my+snap2")))
        .await
        .contains("signature"));
}

#[tokio::test]
async fn the_body_is_hashed_and_passed_on_as_received() {
    let odd = b"{ \"snapshot\" :{\"volume_id\":  \"v-1\",\n\t\"name\":\"\\u5feb\"} }";
    let call = Call {
        method: "POST",
        path: "/v2/p1/cloudsnapshots",
        body: odd,
        ..Call::default()
    };
    let (status, _, body) = send(signed(&call, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, odd);
    // The same JSON re-serialised compactly was not what was signed.
    let mut request = signed(&call, None);
    *request.body_mut() = Body::from(r#"{"snapshot":{"volume_id":"v-1","name":"快"}}"#);
    assert!(refused(request)
        .await
        .contains("verify aksk signature fail"));
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let big = vec![b' '; MAX_BODY_BYTES + 1];
    let call = Call {
        method: "POST",
        path: "/v2/p1/cloudsnapshots",
        body: &big,
        ..Call::default()
    };
    let (status, content_type, body) = send(signed(&call, None)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let error: GatewayError = serde_json::from_slice(&body).unwrap();
    assert_eq!(error.error_code, "APIG.0201");
}

#[test]
fn the_layer_state_does_not_print_keys() {
    let auth = ApigAuth::new(KeyRing::single(AK, Secret::new(SK)));
    let text = format!("{auth:?}");
    assert!(!text.contains(SK) && !text.contains(AK), "{text}");
}
