//! Writes against a failing EVS: never retried; a reply lost after the request went out is
//! "outcome unknown", never "failed", and the list then shows what really happened.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use snapdeck::emulator::faults::{FaultKind, FaultOperation, FaultSpec};

use crate::support::faults::{evs, scenario, SNAPSHOTS};

fn create_fault(kind: FaultKind) -> FaultSpec {
    FaultSpec::always(kind).on(FaultOperation::Create)
}

/// Requests before the create: the volume list.
const BEFORE: u64 = 1;

#[test]
fn write_reset_after_the_work_is_outcome_unknown_and_made_once() {
    scenario(|| async {
        let cloud = evs(vec![create_fault(FaultKind::ResetAfter)], |_| {}).await;
        let started = Instant::now();
        let reply = cloud.create("lost-reply").await;
        let error = reply.error(StatusCode::BAD_GATEWAY, "outcome_unknown");
        assert!(
            error.message.contains("may or may not"),
            "{}",
            error.message
        );
        assert!(started.elapsed() < Duration::from_secs(3));
        assert_eq!(
            cloud.plan.requests(),
            BEFORE + 1,
            "a write is never retried"
        );
        assert_eq!(
            cloud.count_named("lost-reply").await,
            1,
            "made exactly once"
        );
        cloud.secrets
    });
}

#[test]
fn write_reset_before_the_work_is_outcome_unknown_and_not_made() {
    scenario(|| async {
        let cloud = evs(vec![create_fault(FaultKind::Reset)], |_| {}).await;
        let reply = cloud.create("never-made").await;
        reply.error(StatusCode::BAD_GATEWAY, "outcome_unknown");
        assert_eq!(cloud.plan.requests(), BEFORE + 1);
        assert_eq!(cloud.count_named("never-made").await, 0);
        cloud.secrets
    });
}

#[test]
fn write_503_is_a_failure_and_not_retried() {
    scenario(|| async {
        let cloud = evs(vec![create_fault(FaultKind::Status(503))], |_| {}).await;
        let reply = cloud.create("refused").await;
        reply.error(StatusCode::BAD_GATEWAY, "EVS.5500");
        assert_eq!(
            cloud.plan.requests(),
            BEFORE + 1,
            "a write is never retried"
        );
        cloud.secrets
    });
}

#[test]
fn write_502_from_a_gateway_is_outcome_unknown() {
    scenario(|| async {
        let cloud = evs(vec![create_fault(FaultKind::Html(502))], |_| {}).await;
        let reply = cloud.create("gateway-lost").await;
        reply.error(StatusCode::BAD_GATEWAY, "outcome_unknown");
        assert_eq!(cloud.plan.requests(), BEFORE + 1);
        cloud.secrets
    });
}

#[test]
fn write_hang_is_outcome_unknown_within_the_cloud_timeout() {
    scenario(|| async {
        let cloud = evs(vec![create_fault(FaultKind::Hang)], |_| {}).await;
        let started = Instant::now();
        let reply = cloud.create("hung").await;
        reply.error(StatusCode::BAD_GATEWAY, "outcome_unknown");
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
        cloud.secrets
    });
}

#[test]
fn write_truncated_reply_is_outcome_unknown_and_made_once() {
    scenario(|| async {
        let cloud = evs(vec![create_fault(FaultKind::Truncate)], |_| {}).await;
        let reply = cloud.create("half-reply").await;
        reply.error(StatusCode::BAD_GATEWAY, "outcome_unknown");
        assert_eq!(cloud.count_named("half-reply").await, 1);
        cloud.secrets
    });
}

#[test]
fn write_malformed_reply_is_outcome_unknown() {
    scenario(|| async {
        let cloud = evs(vec![create_fault(FaultKind::Malformed)], |_| {}).await;
        let reply = cloud.create("garbled").await;
        reply.error(StatusCode::BAD_GATEWAY, "outcome_unknown");
        assert_eq!(cloud.count_named("garbled").await, 1);
        cloud.secrets
    });
}

#[test]
fn write_429_is_the_clouds_rate_limit_and_not_retried() {
    scenario(|| async {
        let cloud = evs(vec![create_fault(FaultKind::TooManyRequests)], |_| {}).await;
        let reply = cloud.create("throttled").await;
        reply.error(StatusCode::TOO_MANY_REQUESTS, "APIG.0308");
        assert_eq!(cloud.plan.requests(), BEFORE + 1);
        assert_eq!(cloud.count_named("throttled").await, 0);
        cloud.secrets
    });
}

#[test]
fn update_reset_after_is_outcome_unknown() {
    scenario(|| async {
        let cloud = evs(
            vec![FaultSpec::always(FaultKind::ResetAfter).on(FaultOperation::Update)],
            |_| {},
        )
        .await;
        let page: shared::api::SnapshotPage = cloud
            .console
            .get(crate::support::faults::SNAPSHOTS)
            .await
            .json();
        let uri = format!(
            "{}/{}",
            crate::support::faults::SNAPSHOTS,
            page.snapshots[0].id
        );
        let reply = cloud
            .console
            .send(
                axum::http::Method::PUT,
                &uri,
                Some(serde_json::json!({"snapshot": {"name": "renamed"}})),
            )
            .await;
        reply.error(StatusCode::BAD_GATEWAY, "outcome_unknown");
        cloud.secrets
    });
}

#[test]
fn bulk_delete_with_a_lost_answer_reports_unknown_not_failed() {
    scenario(|| async {
        let cloud = evs(
            vec![FaultSpec::always(FaultKind::ResetAfter).on(FaultOperation::Delete)],
            |_| {},
        )
        .await;
        let page: shared::api::SnapshotPage = cloud
            .console
            .get(&format!("{SNAPSHOTS}?status=available&limit=2"))
            .await
            .json();
        let ids: Vec<String> = page
            .snapshots
            .iter()
            .filter(|snapshot| !snapshot.auto_backup)
            .map(|snapshot| snapshot.id.clone())
            .collect();
        assert!(!ids.is_empty());
        let reply = cloud
            .console
            .send(
                axum::http::Method::POST,
                &format!("{SNAPSHOTS}/delete"),
                Some(serde_json::json!({"ids": ids, "preview": false})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
        let results = reply.body["results"].as_array().unwrap();
        assert_eq!(results.len(), ids.len());
        for result in results {
            assert_eq!(result["outcome"], "unknown", "{result}");
            assert_eq!(result["code"], "outcome_unknown");
            assert!(result["message"]
                .as_str()
                .unwrap()
                .contains("may or may not"));
        }
        // The work was done before the connection dropped: the list shows it.
        let shown: shared::snapshot::SnapshotEnvelope = cloud
            .console
            .get(&format!("{SNAPSHOTS}/{}", ids[0]))
            .await
            .json();
        assert_eq!(shown.snapshot.status, shared::SnapshotStatus::Deleting);
        cloud.secrets
    });
}
