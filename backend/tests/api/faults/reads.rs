//! Reads against a failing EVS: retried where a retry can help, typed where it cannot.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use snapdeck::emulator::faults::{FaultKind, FaultOperation, FaultSpec};

use crate::support::faults::{evs, scenario, SNAPSHOTS};

fn list_fault(kind: FaultKind) -> FaultSpec {
    FaultSpec::always(kind).on(FaultOperation::List)
}

#[test]
fn read_reset_is_retried_then_succeeds() {
    scenario(|| async {
        let cloud = evs(vec![list_fault(FaultKind::Reset).times(2)], |_| {}).await;
        let started = Instant::now();
        let reply = cloud.console.get(SNAPSHOTS).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
        assert_eq!(cloud.plan.requests(), 3, "two resets, then the answer");
        assert!(started.elapsed() < Duration::from_secs(3));
        cloud.secrets
    });
}

#[test]
fn read_503_is_retried_at_most_twice() {
    scenario(|| async {
        let cloud = evs(vec![list_fault(FaultKind::Status(503))], |_| {}).await;
        let started = Instant::now();
        let reply = cloud.console.get(SNAPSHOTS).await;
        reply.error(StatusCode::BAD_GATEWAY, "EVS.5500");
        assert_eq!(cloud.plan.requests(), 3, "one try and two retries");
        assert!(started.elapsed() < Duration::from_secs(3));
        cloud.secrets
    });
}

#[test]
fn read_hang_times_out_without_retry() {
    scenario(|| async {
        let cloud = evs(vec![list_fault(FaultKind::Hang)], |_| {}).await;
        let started = Instant::now();
        let reply = cloud.console.get(SNAPSHOTS).await;
        reply.error(StatusCode::GATEWAY_TIMEOUT, "upstream_timeout");
        let elapsed = started.elapsed();
        assert!(
            elapsed >= Duration::from_secs(2) && elapsed < Duration::from_secs(4),
            "{elapsed:?}"
        );
        assert_eq!(cloud.plan.requests(), 1, "a slow cloud is not asked again");
        cloud.secrets
    });
}

#[test]
fn read_latency_below_the_timeout_is_waited_for() {
    scenario(|| async {
        let cloud = evs(
            vec![list_fault(FaultKind::Latency(Duration::from_millis(400)))],
            |_| {},
        )
        .await;
        let started = Instant::now();
        let reply = cloud.console.get(SNAPSHOTS).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(2));
        cloud.secrets
    });
}

#[test]
fn read_html_page_from_a_proxy_is_an_upstream_error() {
    scenario(|| async {
        let cloud = evs(vec![list_fault(FaultKind::Html(502))], |_| {}).await;
        let started = Instant::now();
        let reply = cloud.console.get(SNAPSHOTS).await;
        let error = reply.error(StatusCode::BAD_GATEWAY, "upstream_error");
        assert!(
            !error.message.contains("<html"),
            "the page is not passed on"
        );
        assert_eq!(cloud.plan.requests(), 3, "a 502 is retried");
        assert!(started.elapsed() < Duration::from_secs(3));
        cloud.secrets
    });
}

#[test]
fn read_html_404_on_show_keeps_the_show_route() {
    scenario(|| async {
        let cloud = evs(
            vec![FaultSpec::always(FaultKind::Html(404))
                .on(FaultOperation::Show)
                .times(1)],
            |_| {},
        )
        .await;
        let page: shared::api::SnapshotPage = cloud.console.get(SNAPSHOTS).await.json();
        let uri = format!("{SNAPSHOTS}/{}", page.snapshots[0].id);
        cloud
            .console
            .get(&uri)
            .await
            .error(StatusCode::BAD_GATEWAY, "upstream_error");
        let again = cloud.console.get(&uri).await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.excerpt());
        cloud.secrets
    });
}

#[test]
fn read_truncated_reply_is_retried_then_unreachable() {
    scenario(|| async {
        let cloud = evs(vec![list_fault(FaultKind::Truncate)], |_| {}).await;
        let started = Instant::now();
        let reply = cloud.console.get(SNAPSHOTS).await;
        reply.error(StatusCode::BAD_GATEWAY, "upstream_unreachable");
        assert_eq!(cloud.plan.requests(), 3);
        assert!(started.elapsed() < Duration::from_secs(3));
        cloud.secrets
    });
}

#[test]
fn read_malformed_reply_is_typed_and_not_retried() {
    scenario(|| async {
        let cloud = evs(vec![list_fault(FaultKind::Malformed)], |_| {}).await;
        let reply = cloud.console.get(SNAPSHOTS).await;
        reply.error(StatusCode::BAD_GATEWAY, "upstream_error");
        assert_eq!(cloud.plan.requests(), 1, "the same reply would come again");
        cloud.secrets
    });
}

#[test]
fn read_with_a_wrong_content_type_is_still_read() {
    scenario(|| async {
        let cloud = evs(vec![list_fault(FaultKind::ContentType)], |_| {}).await;
        let reply = cloud.console.get(SNAPSHOTS).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
        cloud.secrets
    });
}

#[test]
fn read_oversized_reply_is_cut_and_typed() {
    scenario(|| async {
        let cloud = evs(vec![list_fault(FaultKind::Oversize)], |_| {}).await;
        let started = Instant::now();
        let reply = cloud.console.get(SNAPSHOTS).await;
        reply.error(StatusCode::BAD_GATEWAY, "upstream_error");
        assert_eq!(cloud.plan.requests(), 1);
        assert!(started.elapsed() < Duration::from_secs(3));
        cloud.secrets
    });
}

#[test]
fn read_redirect_is_not_followed() {
    scenario(|| async {
        let cloud = evs(vec![list_fault(FaultKind::Redirect)], |_| {}).await;
        let reply = cloud.console.get(SNAPSHOTS).await;
        reply.error(StatusCode::BAD_GATEWAY, "upstream_error");
        assert_eq!(
            cloud.plan.requests(),
            1,
            "the signed call is not sent elsewhere"
        );
        cloud.secrets
    });
}

#[test]
fn volumes_503_then_success() {
    scenario(|| async {
        let cloud = evs(
            vec![FaultSpec::always(FaultKind::Status(503))
                .on(FaultOperation::Volumes)
                .times(1)],
            |_| {},
        )
        .await;
        let reply = cloud.console.get("/api/v1/accounts/faulty/volumes").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
        assert_eq!(cloud.plan.requests(), 2);
        cloud.secrets
    });
}
