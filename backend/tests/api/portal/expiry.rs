//! Sessions end when idle for the idle timeout, and at the absolute limit however busy.

use std::time::Duration;

use axum::http::StatusCode;
use shared::portal::Role;

use crate::support::portal::{portal_console, stores};

#[tokio::test]
async fn an_idle_session_ends() {
    for store in stores() {
        let console = portal_console(store, |auth| {
            auth.idle_timeout = Duration::from_millis(800);
        })
        .await;
        console.add_user("ida", Role::Viewer, &[]).await;
        let mut ida = console.signed_in("ida").await;
        // Each use restarts the idle clock.
        for _ in 0..3 {
            tokio::time::sleep(Duration::from_millis(400)).await;
            assert_eq!(ida.get("/api/v1/session").await.status, StatusCode::OK);
        }
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_eq!(
            ida.get("/api/v1/session").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn a_busy_session_ends_at_the_absolute_limit() {
    for store in stores() {
        let console = portal_console(store, |auth| {
            auth.idle_timeout = Duration::from_secs(60);
            auth.absolute_timeout = Duration::from_millis(1500);
        })
        .await;
        console.add_user("abe", Role::Viewer, &[]).await;
        let mut abe = console.signed_in("abe").await;
        let mut statuses = Vec::new();
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_millis(400)).await;
            statuses.push(abe.get("/api/v1/session").await.status);
        }
        assert_eq!(statuses[0], StatusCode::OK);
        assert_eq!(statuses[4], StatusCode::UNAUTHORIZED, "{statuses:?}");
    }
}
