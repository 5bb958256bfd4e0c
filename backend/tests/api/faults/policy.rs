//! The client policy across calls: Retry-After, the retry budget, the circuit breaker and the
//! health page, keys refused.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use shared::api::Health;
use snapdeck::config::Credentials;
use snapdeck::emulator::faults::{FaultKind, FaultOperation, FaultSpec};

use crate::support::faults::{evs, scenario, SNAPSHOTS};

#[test]
fn read_429_waits_for_retry_after_then_succeeds() {
    scenario(|| async {
        let cloud = evs(
            vec![FaultSpec::always(FaultKind::TooManyRequests)
                .on(FaultOperation::List)
                .times(1)],
            |_| {},
        )
        .await;
        let started = Instant::now();
        let reply = cloud.console.get(SNAPSHOTS).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.excerpt());
        let elapsed = started.elapsed();
        assert!(
            elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(3),
            "Retry-After: 1 was honoured: {elapsed:?}"
        );
        cloud.secrets
    });
}

#[test]
fn retry_budget_exhausted_stops_retrying() {
    scenario(|| async {
        let cloud = evs(
            vec![FaultSpec::always(FaultKind::Status(503))],
            |settings| {
                settings.policy.retry_budget = 3;
                settings.policy.breaker_threshold = 100;
            },
        )
        .await;
        cloud
            .console
            .get(SNAPSHOTS)
            .await
            .error(StatusCode::BAD_GATEWAY, "EVS.5500");
        assert_eq!(cloud.plan.requests(), 3, "two retries from the budget");
        cloud
            .console
            .get(SNAPSHOTS)
            .await
            .error(StatusCode::BAD_GATEWAY, "EVS.5500");
        assert_eq!(cloud.plan.requests(), 5, "the last token");
        let started = Instant::now();
        cloud
            .console
            .get(SNAPSHOTS)
            .await
            .error(StatusCode::BAD_GATEWAY, "EVS.5500");
        assert_eq!(cloud.plan.requests(), 6, "budget spent: one try only");
        assert!(started.elapsed() < Duration::from_secs(1));
        cloud.secrets
    });
}

#[test]
fn breaker_opens_fails_fast_and_closes_when_the_cloud_is_back() {
    scenario(|| async {
        let cloud = evs(
            vec![FaultSpec::always(FaultKind::Status(503)).times(3)],
            |settings| {
                settings.policy.breaker_threshold = 3;
                settings.policy.breaker_cool_down = Duration::from_millis(800);
            },
        )
        .await;
        cloud
            .console
            .get(SNAPSHOTS)
            .await
            .error(StatusCode::BAD_GATEWAY, "EVS.5500");
        let health: Health = cloud.console.get("/api/v1/health").await.json();
        assert_eq!(health.upstreams[0].state, "down");
        let started = Instant::now();
        let fast = cloud.console.get(SNAPSHOTS).await;
        let error = fast.error(StatusCode::SERVICE_UNAVAILABLE, "cloud_unavailable");
        assert!(error.message.contains("Try again"), "{}", error.message);
        assert!(fast.header("retry-after").parse::<u64>().unwrap() >= 1);
        assert!(started.elapsed() < Duration::from_millis(100), "fails fast");
        assert_eq!(cloud.plan.requests(), 3, "the cloud was not called");
        tokio::time::sleep(Duration::from_millis(900)).await;
        let probe = cloud.console.get(SNAPSHOTS).await;
        assert_eq!(probe.status, StatusCode::OK, "{}", probe.excerpt());
        let health: Health = cloud.console.get("/api/v1/health").await.json();
        assert_eq!(health.upstreams[0].state, "up");
        assert_eq!(health.upstreams[0].account, "faulty");
        cloud.secrets
    });
}

#[test]
fn rejected_keys_are_never_retried() {
    scenario(|| async {
        let mut cloud = evs(Vec::new(), |_| {}).await;
        let mut account = cloud.console.accounts[0].clone();
        let wrong = "wrong-secret-key-for-the-fault-suite-0000";
        account.credentials = Credentials::new(account.credentials.access_key.expose(), wrong);
        let console = crate::support::console::console_for(vec![account], None);
        let reply = console.get(SNAPSHOTS).await;
        reply.error(StatusCode::BAD_GATEWAY, "credentials_rejected");
        assert_eq!(
            cloud.plan.requests(),
            1,
            "five bad signatures lock an EVS key"
        );
        cloud.secrets.push(wrong.to_owned());
        cloud.secrets
    });
}
