//! The same policy against a failing CBS (API 3.0): its own error bodies, its own actions.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use snapdeck::emulator::faults::{FaultKind, FaultOperation, FaultSpec};

use crate::support::faults::{cbs, scenario, SNAPSHOTS};

#[test]
fn cbs_request_limit_exceeded_is_retried_then_succeeds() {
    scenario(|| async {
        let cloud = cbs(
            vec![FaultSpec::always(FaultKind::TooManyRequests)
                .on(FaultOperation::List)
                .times(1)],
            |_| {},
        )
        .await;
        let started = Instant::now();
        let reply = cloud.console.get(SNAPSHOTS).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
        assert_eq!(cloud.plan.requests(), 2);
        assert!(started.elapsed() < Duration::from_secs(3));
        cloud.secrets
    });
}

#[test]
fn cbs_internal_error_is_retried_then_typed() {
    scenario(|| async {
        let cloud = cbs(vec![FaultSpec::always(FaultKind::Status(503))], |_| {}).await;
        let reply = cloud.console.get(SNAPSHOTS).await;
        reply.error(StatusCode::BAD_GATEWAY, "InternalError");
        assert_eq!(cloud.plan.requests(), 3);
        cloud.secrets
    });
}

#[test]
fn cbs_show_reset_is_retried_then_succeeds() {
    scenario(|| async {
        let cloud = cbs(
            vec![FaultSpec::always(FaultKind::Reset)
                .on(FaultOperation::Show)
                .times(1)],
            |_| {},
        )
        .await;
        let page: shared::api::SnapshotPage = cloud.console.get(SNAPSHOTS).await.json();
        let reply = cloud
            .console
            .get(&format!("{SNAPSHOTS}/{}", page.snapshots[0].id))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
        assert_eq!(
            cloud.plan.requests(),
            3,
            "list, a reset show, the show again"
        );
        cloud.secrets
    });
}
