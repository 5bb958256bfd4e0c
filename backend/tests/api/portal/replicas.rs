//! Two replicas over real HTTP on one database: a session opened on one works on the other,
//! and the audit log holds both replicas' records.

use std::net::SocketAddr;

use reqwest::StatusCode;
use shared::portal::{AuditPage, Role};

use crate::support::portal::{portal_console, portal_console_on, stores, PASSWORD};
use crate::support::spawn_local;

async fn serve(router: axum::Router) -> SocketAddr {
    spawn_local(|listener| async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    })
    .await
}

#[tokio::test]
async fn a_session_opened_on_one_replica_works_on_the_other() {
    for store in stores() {
        let first = portal_console(store, |_| {}).await;
        let second = portal_console_on(&first.database_url, |_| {}).await;
        first.add_user("rae", Role::Operator, &[]).await;
        let one = serve(first.router.clone()).await;
        let two = serve(second.router.clone()).await;
        let http = reqwest::Client::new();

        let signed_in = http
            .post(format!("http://{one}/api/v1/session"))
            .json(&serde_json::json!({"username": "rae", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(signed_in.status(), StatusCode::NO_CONTENT);
        let cookie = signed_in.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();

        let volume = http
            .get(format!("http://{two}/api/v1/accounts/demo/volumes"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(
            volume.status(),
            StatusCode::OK,
            "{store:?}: the second replica knows the session"
        );
        let volumes: serde_json::Value = volume.json().await.unwrap();
        let volume_id = volumes["volumes"][0]["id"].as_str().unwrap().to_owned();
        for replica in [one, two] {
            let created = http
                .post(format!("http://{replica}/api/v1/accounts/demo/snapshots"))
                .header("cookie", &cookie)
                .json(&serde_json::json!({"snapshot": {"volume_id": volume_id, "name": format!("from {replica}")}}))
                .send()
                .await
                .unwrap();
            assert_eq!(created.status(), StatusCode::ACCEPTED);
        }
        let page: AuditPage = http
            .get(format!(
                "http://{one}/api/v1/audit?operation=create_snapshot"
            ))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page.records.len(), 2, "{store:?}: both replicas' records");
        assert!(page
            .records
            .iter()
            .all(|record| record.client == "127.0.0.1"));
    }
}
