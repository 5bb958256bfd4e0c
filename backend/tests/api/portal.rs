//! The team portal over HTTP, on SQLite and (with `DATABASE_URL_PG`) PostgreSQL: sign-in,
//! roles and grants enforced by the service layer, CSRF, throttling, session expiry, and the
//! audit record of every write attempt.

mod expiry;
mod oidc;
mod replicas;
mod tokens;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use shared::portal::{Outcome, Role, SessionInfo};

use crate::support::portal::{portal_console, stores, PASSWORD};

#[tokio::test]
async fn without_a_session_only_the_public_routes_answer() {
    for store in stores() {
        let console = portal_console(store, |_| {}).await;
        let mut anonymous = console.client([10, 0, 0, 9]);
        for uri in [
            "/api/v1/accounts",
            "/api/v1/accounts/demo/snapshots",
            "/api/v1/session",
            "/api/v1/audit",
            "/api/v1/tokens",
        ] {
            let reply = anonymous.get(uri).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{store:?} {uri}");
            reply.error(reply.status, "unauthenticated");
        }
        let create = anonymous.create_snapshot("demo").await;
        assert_eq!(create.status, StatusCode::UNAUTHORIZED);
        for uri in [
            "/api/v1/health",
            "/api/v1/openapi.json",
            "/api/v1/session/methods",
        ] {
            assert_eq!(anonymous.get(uri).await.status, StatusCode::OK, "{uri}");
        }
        let methods = anonymous.get("/api/v1/session/methods").await.body;
        assert_eq!(methods["required"], true);
        assert_eq!(methods["oidc"], false);
    }
}

#[tokio::test]
async fn a_viewers_create_is_refused_with_403_and_audited() {
    for store in stores() {
        let console = portal_console(store, |_| {}).await;
        console.add_user("vera", Role::Viewer, &[]).await;
        let mut vera = console.signed_in("vera").await;
        assert_eq!(
            vera.get("/api/v1/accounts/demo/snapshots").await.status,
            StatusCode::OK
        );
        let reply = vera.create_snapshot("demo").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.excerpt());
        reply.error(reply.status, "forbidden");
        assert!(
            reply.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("create_snapshot"),
            "the refusal names the permission: {}",
            reply.excerpt()
        );
        let records = console.audit().await;
        let refused = records
            .iter()
            .find(|record| record.operation == "create_snapshot")
            .expect("a record of the refused create");
        assert_eq!(refused.outcome, Outcome::Refused);
        assert_eq!(refused.user, "vera");
        assert_eq!(refused.role, Some(Role::Viewer));
        assert_eq!(refused.account.as_deref(), Some("demo"));
        assert_eq!(refused.code.as_deref(), Some("forbidden"));
        assert_eq!(refused.client, "10.0.0.1");
        assert_eq!(refused.request_id, reply.header("x-request-id"));
    }
}

#[tokio::test]
async fn an_operators_create_is_done_and_audited_with_the_clouds_request_id() {
    for store in stores() {
        let console = portal_console(store, |_| {}).await;
        console.add_user("otto", Role::Operator, &[]).await;
        let mut otto = console.signed_in("otto").await;
        let reply = otto.create_snapshot("demo").await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.excerpt());
        let id = reply.body["snapshot"]["id"].as_str().unwrap().to_owned();
        let renamed = otto
            .send(
                Method::PUT,
                &format!("/api/v1/accounts/demo/snapshots/{id}"),
                Some(serde_json::json!({"snapshot": {"name": "renamed"}})),
            )
            .await;
        assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.excerpt());
        let records = console.audit().await;
        let created = records
            .iter()
            .find(|record| record.operation == "create_snapshot")
            .unwrap();
        assert_eq!(created.outcome, Outcome::Ok);
        assert_eq!(created.targets, std::slice::from_ref(&id));
        assert!(
            created
                .upstream_request_id
                .as_deref()
                .is_some_and(|upstream| !upstream.is_empty()),
            "{created:?}"
        );
        let updated = records
            .iter()
            .find(|record| record.operation == "update_snapshot")
            .unwrap();
        assert_eq!(updated.targets, [id]);
        assert_eq!(
            updated.changes.as_ref().unwrap()["name"],
            serde_json::json!({"before": "nightly", "after": "renamed"})
        );
        let mut admin_view = console.client([10, 0, 0, 8]);
        console.add_user("ada", Role::Admin, &[]).await;
        admin_view.sign_in("ada", PASSWORD).await;
        let history: shared::portal::AuditPage = admin_view
            .get(&format!("/api/v1/audit?target={}", updated.targets[0]))
            .await
            .json();
        let operations: Vec<&str> = history
            .records
            .iter()
            .map(|record| record.operation.as_str())
            .collect();
        assert_eq!(
            operations,
            ["update_snapshot", "create_snapshot"],
            "a snapshot's history"
        );
        let text = serde_json::to_string(&records).unwrap();
        assert!(!text.contains(PASSWORD), "no secret in the audit log");
    }
}

#[tokio::test]
async fn cross_origin_and_form_posts_are_refused() {
    for store in stores() {
        let console = portal_console(store, |_| {}).await;
        console.add_user("otto", Role::Operator, &[]).await;
        let mut otto = console.signed_in("otto").await;
        otto.origin = Some("https://evil.example".to_owned());
        let reply = otto.create_snapshot("demo").await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        reply.error(reply.status, "cross_origin");

        otto.origin = Some(crate::support::portal::PUBLIC_URL.to_owned());
        let form = otto
            .send_raw(
                Method::POST,
                "/api/v1/accounts/demo/snapshots",
                Some("application/x-www-form-urlencoded"),
                "snapshot[volume_id]=x".to_owned(),
            )
            .await;
        assert!(
            [StatusCode::UNSUPPORTED_MEDIA_TYPE, StatusCode::FORBIDDEN].contains(&form.status),
            "{}",
            form.status
        );

        // A script sends neither Origin nor Sec-Fetch-Site: its session decides.
        otto.origin = None;
        let reply = otto.create_snapshot("demo").await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.excerpt());
        // No cloud call was made for the refused ones.
        let refused: Vec<_> = console
            .audit()
            .await
            .into_iter()
            .filter(|record| record.operation == "create_snapshot")
            .collect();
        assert_eq!(refused.len(), 1);
    }
}

#[tokio::test]
async fn sign_in_is_throttled_after_five_failures_and_tells_nothing_of_the_user() {
    for store in stores() {
        let console = portal_console(store, |_| {}).await;
        console.add_user("ann", Role::Viewer, &[]).await;
        let mut browser = console.client([10, 0, 0, 2]);
        let unknown = browser.sign_in("nobody", "wrong password!").await;
        let mut attacker = console.client([10, 0, 0, 5]);
        let wrong = attacker.sign_in("ann", "wrong password!").await;
        assert_eq!(unknown.status, wrong.status);
        assert_eq!(
            unknown.body["error"]["message"],
            wrong.body["error"]["message"]
        );
        unknown.error(StatusCode::UNAUTHORIZED, "bad_credentials");
        for _ in 0..4 {
            let reply = attacker.sign_in("ann", "wrong password!").await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        }
        // Five failures for ann: even the right password waits now, from anywhere.
        let throttled = attacker.sign_in("ann", PASSWORD).await;
        throttled.error(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
        let wait: u64 = throttled.header("retry-after").parse().unwrap();
        assert!((1..=30).contains(&wait), "{wait}");
        let mut elsewhere = console.client([10, 0, 0, 6]);
        assert_eq!(
            elsewhere.sign_in("ann", PASSWORD).await.status,
            StatusCode::TOO_MANY_REQUESTS
        );
        // Five failures from 10.0.0.5: another user from there waits too.
        let by_address = attacker.sign_in("bob", "wrong password!").await;
        assert_eq!(by_address.status, StatusCode::TOO_MANY_REQUESTS);
        // Another user from another address is not held up.
        console.add_user("cid", Role::Viewer, &[]).await;
        assert_eq!(
            elsewhere.sign_in("cid", PASSWORD).await.status,
            StatusCode::NO_CONTENT
        );
        let failures = console
            .audit()
            .await
            .into_iter()
            .filter(|record| record.operation == "sign_in_failed")
            .count();
        assert_eq!(failures, 9, "every failure is audited");
    }
}

#[tokio::test]
async fn the_session_cookie_is_host_only_http_only_and_renewed_at_sign_in() {
    let console = portal_console(crate::support::portal::Store::Sqlite, |_| {}).await;
    console.add_user("ann", Role::Viewer, &[]).await;
    let mut browser = console.client([10, 0, 0, 4]);
    let reply = browser.sign_in("ann", PASSWORD).await;
    let cookie = reply.header("set-cookie").to_owned();
    for part in [
        "__Host-snapdeck=",
        "HttpOnly",
        "SameSite=Lax",
        "Secure",
        "Path=/",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let first = browser.cookie.clone().unwrap();
    browser.sign_in("ann", PASSWORD).await;
    let second = browser.cookie.clone().unwrap();
    assert_ne!(first, second, "a new id at every sign-in");
    browser.cookie = Some(first);
    assert_eq!(
        browser.get("/api/v1/session").await.status,
        StatusCode::UNAUTHORIZED,
        "the session signed in over has ended"
    );
}

#[tokio::test]
async fn the_session_reports_the_user_and_sign_out_ends_it_on_the_server() {
    for store in stores() {
        let console = portal_console(store, |_| {}).await;
        console
            .add_user("gus", Role::Viewer, &[("demo", Role::Operator)])
            .await;
        let mut gus = console.signed_in("gus").await;
        let info: SessionInfo = gus.get("/api/v1/session").await.json();
        assert_eq!(info.user, "gus");
        assert_eq!(info.role, Role::Viewer);
        assert_eq!(info.grants.len(), 1);
        assert_eq!(info.grants[0].account, "demo");
        assert_eq!(info.grants[0].role, Role::Operator);
        assert_eq!(info.mode, "portal");
        assert!(info.expires_at.is_some());
        let kept = gus.cookie.clone();
        let out = gus.send(Method::DELETE, "/api/v1/session", None).await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        gus.cookie = kept;
        assert_eq!(
            gus.get("/api/v1/accounts").await.status,
            StatusCode::UNAUTHORIZED
        );
        let operations: Vec<String> = console
            .audit()
            .await
            .into_iter()
            .map(|record| record.operation)
            .collect();
        assert!(operations.contains(&"sign_in".to_owned()));
        assert!(operations.contains(&"sign_out".to_owned()));
    }
}

#[tokio::test]
async fn grants_limit_a_user_to_the_granted_accounts() {
    for store in stores() {
        let console = portal_console(store, |_| {}).await;
        console
            .add_user("gus", Role::Viewer, &[("demo", Role::Operator)])
            .await;
        let mut gus = console.signed_in("gus").await;
        let accounts = gus.get("/api/v1/accounts").await;
        let names: Vec<&str> = accounts.body["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|account| account["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["demo"], "demo-cbs is not even listed");
        let other = gus.get("/api/v1/accounts/demo-cbs/snapshots").await;
        assert_eq!(other.status, StatusCode::FORBIDDEN);
        let created = gus.create_snapshot("demo").await;
        assert_eq!(
            created.status,
            StatusCode::ACCEPTED,
            "{}",
            created.excerpt()
        );
    }
}

#[tokio::test]
async fn a_disabled_users_session_stops_working_at_once() {
    for store in stores() {
        let console = portal_console(store, |_| {}).await;
        console.add_user("dora", Role::Operator, &[]).await;
        let mut dora = console.signed_in("dora").await;
        assert_eq!(dora.get("/api/v1/accounts").await.status, StatusCode::OK);
        console.db.disable_user("dora").await.unwrap();
        assert_eq!(
            dora.get("/api/v1/accounts").await.status,
            StatusCode::UNAUTHORIZED
        );
        let again = dora.sign_in("dora", PASSWORD).await;
        again.error(again.status, "bad_credentials");
    }
}

#[tokio::test]
async fn the_single_user_console_reports_a_local_admin() {
    let console = crate::support::console::demo_console(Duration::from_secs(5)).await;
    let info: SessionInfo = console.get("/api/v1/session").await.json();
    assert_eq!(info.user, "local");
    assert_eq!(info.role, Role::Admin);
    assert_eq!(info.mode, "single_user");
    let methods = console.get("/api/v1/session/methods").await.body;
    assert_eq!(methods["required"], false);
}
