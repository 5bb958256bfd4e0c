//! The API gateway in front of the emulator: unsigned, wrongly signed and stale requests are
//! refused with APIG's 401 before EVS sees them; unrouted paths get APIG's 404 regardless.

use reqwest::{Method, StatusCode};
use serde_json::json;
use snapdeck::cloud::evs::wire::{GatewayError, SnapshotList};
use snapdeck::cloud::signing::unix_now;

use crate::support::evs::{start, Signing, AK, PROJECT, SK};
use crate::support::Reply;

fn refused(reply: &Reply) -> GatewayError {
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    assert_eq!(reply.header("content-type"), "application/json");
    let error: GatewayError = reply.json();
    assert_eq!(error.error_code, "APIG.0301");
    assert_eq!(
        error.request_id.as_deref(),
        Some(reply.header("x-request-id")),
        "the header and the body carry the same request id"
    );
    let text = reply.body.to_string();
    assert!(!text.contains(SK) && !text.contains(AK), "{text}");
    error
}

#[tokio::test]
async fn every_call_must_be_signed() {
    let evs = start().await;
    let id = evs.all().await[0].id.clone();
    let body = json!({"snapshot": {"name": "x"}}).to_string();
    let calls = [
        (
            Method::GET,
            format!("/v2/{PROJECT}/snapshots/detail?limit=2"),
            None,
        ),
        (
            Method::GET,
            format!("/v2/{PROJECT}/cloudsnapshots/detail"),
            None,
        ),
        (
            Method::GET,
            format!("/v2/{PROJECT}/cloudsnapshots/{id}"),
            None,
        ),
        (Method::GET, format!("/v2/{PROJECT}/snapshots/{id}"), None),
        (
            Method::GET,
            format!("/v2/{PROJECT}/cloudvolumes/detail"),
            None,
        ),
        (
            Method::POST,
            format!("/v2/{PROJECT}/snapshots"),
            Some(body.as_str()),
        ),
        (
            Method::POST,
            format!("/v2/{PROJECT}/cloudsnapshots"),
            Some(body.as_str()),
        ),
        (
            Method::PUT,
            format!("/v3/{PROJECT}/snapshots/{id}"),
            Some(body.as_str()),
        ),
        (
            Method::PUT,
            format!("/v2/{PROJECT}/cloudsnapshots/{id}"),
            Some(body.as_str()),
        ),
    ];
    let wrong_key = Signing::With {
        secret_key: "not-the-secret",
        unix_time: unix_now(),
    };
    let stale = Signing::With {
        secret_key: SK,
        unix_time: unix_now() - 16 * 60,
    };
    for (method, path, body) in calls {
        for signing in [Signing::Unsigned, wrong_key, stale] {
            let reply = evs.send_signed(method.clone(), &path, body, signing).await;
            refused(&reply);
        }
    }
    // Nothing got through.
    assert_ne!(evs.show(&id).await.name, "x");
}

#[tokio::test]
async fn refusals_say_why_without_secrets() {
    let evs = start().await;
    let path = format!("/v2/{PROJECT}/snapshots/detail");
    let unsigned = evs
        .send_signed(Method::GET, &path, None, Signing::Unsigned)
        .await;
    assert!(refused(&unsigned)
        .error_msg
        .contains("Authorization not found"));
    let stale = Signing::With {
        secret_key: SK,
        unix_time: unix_now() - 16 * 60,
    };
    let skewed = evs.send_signed(Method::GET, &path, None, stale).await;
    assert!(refused(&skewed).error_msg.contains("signature expired"));
    let wrong = Signing::With {
        secret_key: "not-the-secret",
        unix_time: unix_now(),
    };
    let mismatch = evs.send_signed(Method::GET, &path, None, wrong).await;
    assert!(refused(&mismatch).error_msg.contains("signature fail"));
    // Within the allowed skew is fine.
    let late = Signing::With {
        secret_key: SK,
        unix_time: unix_now() - 10 * 60,
    };
    let reply = evs.send_signed(Method::GET, &path, None, late).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(!reply.json::<SnapshotList>().snapshots.is_empty());
}

#[tokio::test]
async fn unrouted_paths_are_the_gateways_404_signed_or_not() {
    let evs = start().await;
    for signing in [Signing::Unsigned, Signing::good()] {
        let reply = evs
            .send_signed(
                Method::GET,
                &format!("/v2/{PROJECT}/volumes"),
                None,
                signing,
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.body["error_code"], "APIG.0101");
    }
}
