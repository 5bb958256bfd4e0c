//! Personal API tokens: created by a signed-in user with at most their own role, shown once,
//! used as a bearer token (every use audited as that user), revoked at once. And the audit log's
//! API: who reads what, filters, paging, CSV.

use axum::http::{Method, StatusCode};
use shared::portal::{AuditPage, CreatedToken, Role, TokenList};

use crate::support::portal::{portal_console, stores};

#[tokio::test]
async fn tokens_act_as_their_user_within_their_role_until_revoked() {
    for store in stores() {
        let console = portal_console(store, |_| {}).await;
        console.add_user("otto", Role::Operator, &[]).await;
        let mut otto = console.signed_in("otto").await;
        let too_much = otto
            .send(
                Method::POST,
                "/api/v1/tokens",
                Some(serde_json::json!({"name": "ci", "expires_in_days": 30, "role": "admin"})),
            )
            .await;
        too_much.error(StatusCode::FORBIDDEN, "forbidden");
        let reply = otto
            .send(
                Method::POST,
                "/api/v1/tokens",
                Some(
                    serde_json::json!({"name": "reports", "expires_in_days": 30, "role": "viewer"}),
                ),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.excerpt());
        let created: CreatedToken = reply.json();
        assert!(created.secret.starts_with("sdt_"));
        let list: TokenList = otto.get("/api/v1/tokens").await.json();
        assert_eq!(list.tokens.len(), 1);
        assert!(!otto
            .get("/api/v1/tokens")
            .await
            .text
            .contains(&created.secret));

        let mut script = console.client([10, 0, 0, 7]);
        script.origin = None;
        script.bearer = Some(created.secret.clone());
        assert_eq!(
            script.get("/api/v1/accounts/demo/snapshots").await.status,
            StatusCode::OK
        );
        // A viewer token of an operator cannot write.
        let refused = script.create_snapshot("demo").await;
        refused.error(StatusCode::FORBIDDEN, "forbidden");
        let records = console.audit().await;
        assert!(records.iter().any(|record| record.operation == "token_use"
            && record.user == "otto"
            && record.credential == "token:reports"));
        assert!(records
            .iter()
            .any(|record| record.operation == "create_snapshot"
                && record.credential == "token:reports"));

        let revoked = otto
            .send(
                Method::DELETE,
                &format!("/api/v1/tokens/{}", created.token.id),
                None,
            )
            .await;
        assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.excerpt());
        assert_eq!(revoked.body["revoked"], true);
        assert_eq!(
            script.get("/api/v1/accounts").await.status,
            StatusCode::UNAUTHORIZED
        );
        script.bearer = Some("sdt_not-a-token".to_owned());
        assert_eq!(
            script.get("/api/v1/accounts").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn the_audit_log_is_filtered_paged_and_exported_by_who_may_read_it() {
    for store in stores() {
        let console = portal_console(store, |_| {}).await;
        console.add_user("ada", Role::Admin, &[]).await;
        console.add_user("vic", Role::Viewer, &[]).await;
        let mut vic = console.signed_in("vic").await;
        vic.create_snapshot("demo").await;
        let mut ada = console.signed_in("ada").await;
        for _ in 0..3 {
            ada.create_snapshot("demo").await;
        }
        // vic reads only vic's records, and may not ask for others'.
        let own: AuditPage = vic.get("/api/v1/audit").await.json();
        assert!(!own.records.is_empty());
        assert!(own.records.iter().all(|record| record.user == "vic"));
        vic.get("/api/v1/audit?user=ada")
            .await
            .error(StatusCode::FORBIDDEN, "forbidden");

        // ada reads everyone's, filtered and paged newest first.
        let mut seen = Vec::new();
        let mut uri = "/api/v1/audit?operation=create_snapshot&limit=2".to_owned();
        loop {
            let page: AuditPage = ada.get(&uri).await.json();
            seen.extend(page.records.iter().map(|record| record.id.clone()));
            match page.next {
                Some(cursor) => {
                    uri = format!("/api/v1/audit?operation=create_snapshot&limit=2&cursor={cursor}")
                }
                None => break,
            }
        }
        assert_eq!(seen.len(), 4, "three by ada, one refused for vic");
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.reverse();
        assert_eq!(seen, sorted, "newest first");
        let refused: AuditPage = ada
            .get("/api/v1/audit?outcome=refused&user=vic")
            .await
            .json();
        assert_eq!(refused.records.len(), 1);
        let future: AuditPage = ada.get("/api/v1/audit?from=2999-01-01").await.json();
        assert!(future.records.is_empty());

        let csv = ada.get("/api/v1/audit.csv?operation=create_snapshot").await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-type").starts_with("text/csv"));
        assert_eq!(csv.text.lines().count(), 5, "{}", csv.text);
        assert!(csv.text.starts_with("id,at,user,role"));

        // No route edits or deletes a record.
        for method in [Method::DELETE, Method::PUT, Method::PATCH] {
            let reply = ada
                .send(method.clone(), "/api/v1/audit", Some(serde_json::json!({})))
                .await;
            assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        }
    }
}

#[tokio::test]
async fn records_past_the_retention_are_pruned_and_the_rest_kept() {
    for store in stores() {
        let console = portal_console(store, |auth| {
            auth.audit_retention = Some(std::time::Duration::from_millis(500));
        })
        .await;
        console.add_user("ann", Role::Viewer, &[]).await;
        console.signed_in("ann").await;
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        console.signed_in("ann").await;
        assert_eq!(console.audit().await.len(), 2);
        console.portal.prune().await.unwrap();
        assert_eq!(console.audit().await.len(), 1, "{store:?}");
    }
}

#[tokio::test]
async fn a_bad_filter_is_a_400_in_the_consoles_shape() {
    let console = portal_console(crate::support::portal::Store::Sqlite, |_| {}).await;
    console.add_user("ada", Role::Admin, &[]).await;
    let mut ada = console.signed_in("ada").await;
    ada.get("/api/v1/audit?outcome=maybe")
        .await
        .error(StatusCode::BAD_REQUEST, "validation_failed");
    ada.get("/api/v1/audit?from=yesterday")
        .await
        .error(StatusCode::BAD_REQUEST, "validation_failed");
}
