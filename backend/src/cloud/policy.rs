//! The cloud client's policy, applied by [`super::http::CloudHttp::send`] around every call:
//! which failures a read retries (resets, 429, 502, 503, 504 — at most twice, full jitter,
//! `Retry-After` honoured up to a cap, within the account's retry budget), and the account's
//! circuit breaker, which fails calls fast while the cloud is down. Writes are never retried:
//! a repeated create makes a second snapshot.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rand::Rng;
use serde::Serialize;

/// How reads are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff's ceiling; doubled each retry, up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// A `Retry-After` longer than this is not waited for: the error is answered instead.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            max_retry_after: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// Full jitter: a uniform wait between zero and the retry's ceiling; or the cloud's
    /// `Retry-After`, when it gave one within the cap (`None`: too long to wait).
    pub fn backoff(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let ceiling = self
            .base_backoff
            .saturating_mul(1u32 << retry.min(16))
            .min(self.max_backoff);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Some(Duration::from_millis(
            rand::thread_rng().gen_range(0..=millis),
        ))
    }
}

/// The account's retry budget: retries spend tokens, successes earn a fraction back, so a
/// cloud that keeps failing sees at most a bounded number of extra calls.
#[derive(Debug)]
pub struct RetryBudget {
    tokens: Mutex<f64>,
    capacity: f64,
    refund: f64,
}

impl RetryBudget {
    pub fn new(capacity: u32, refund: f64) -> Self {
        Self {
            tokens: Mutex::new(f64::from(capacity)),
            capacity: f64::from(capacity),
            refund,
        }
    }

    /// Takes one retry's token, if any is left.
    pub fn take(&self) -> bool {
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }

    pub fn succeeded(&self) {
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        *tokens = (*tokens + self.refund).min(self.capacity);
    }

    pub fn remaining(&self) -> f64 {
        *self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What the breaker says of the account's cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakerState {
    /// Calls go through.
    Closed,
    /// The cloud failed repeatedly: calls fail fast until the cool-down ends.
    Open,
    /// The cool-down ended: one call probes the cloud.
    HalfOpen,
}

impl BreakerState {
    pub fn as_str(self) -> &'static str {
        match self {
            BreakerState::Closed => "closed",
            BreakerState::Open => "open",
            BreakerState::HalfOpen => "half_open",
        }
    }
}

/// A circuit breaker: `threshold` failures in a row open it for `cool_down`; then one probe
/// decides whether it closes or opens again.
#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    cool_down: Duration,
    inner: Mutex<BreakerInner>,
}

#[derive(Debug)]
struct BreakerInner {
    failures: u32,
    open_until: Option<Instant>,
    probing: bool,
}

impl Breaker {
    pub fn new(threshold: u32, cool_down: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            cool_down,
            inner: Mutex::new(BreakerInner {
                failures: 0,
                open_until: None,
                probing: false,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BreakerInner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a call may go now; `Err(wait)` while open (or while another call probes).
    pub fn admit(&self, now: Instant) -> Result<(), Duration> {
        let mut inner = self.lock();
        match inner.open_until {
            None => Ok(()),
            Some(until) if now < until => Err(until - now),
            Some(_) if inner.probing => Err(Duration::from_secs(1)),
            Some(_) => {
                inner.probing = true;
                Ok(())
            }
        }
    }

    /// Records an attempt's result: `healthy` is false for a failure that says the cloud is down
    /// (transport error, timeout, 5xx), not for the cloud refusing a request.
    pub fn record(&self, healthy: bool, now: Instant) {
        let mut inner = self.lock();
        inner.probing = false;
        if healthy {
            inner.failures = 0;
            inner.open_until = None;
        } else {
            inner.failures = inner.failures.saturating_add(1);
            if inner.failures >= self.threshold || inner.open_until.is_some() {
                inner.open_until = Some(now + self.cool_down);
            }
        }
    }

    pub fn state(&self, now: Instant) -> BreakerState {
        match self.lock().open_until {
            None => BreakerState::Closed,
            Some(until) if now < until => BreakerState::Open,
            Some(_) => BreakerState::HalfOpen,
        }
    }

    pub fn failures(&self) -> u32 {
        self.lock().failures
    }
}

/// The policy's knobs; the defaults suit a console (a user is waiting).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PolicySettings {
    pub retry: RetryPolicy,
    /// Retries an account may spend before it has earned more.
    pub retry_budget: u32,
    /// Tokens a successful call earns back.
    pub retry_refund: f64,
    pub breaker_threshold: u32,
    pub breaker_cool_down: Duration,
}

impl Default for PolicySettings {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            retry_budget: 20,
            retry_refund: 0.2,
            breaker_threshold: 5,
            breaker_cool_down: Duration::from_secs(20),
        }
    }
}

/// One account's upstream state: its name (for the log and the health page), budget, breaker.
#[derive(Debug)]
pub struct Upstream {
    pub account: String,
    pub retry: RetryPolicy,
    pub budget: RetryBudget,
    pub breaker: Breaker,
}

impl Upstream {
    pub fn new(account: impl Into<String>, settings: &PolicySettings) -> Self {
        Self {
            account: account.into(),
            retry: settings.retry,
            budget: RetryBudget::new(settings.retry_budget, settings.retry_refund),
            breaker: Breaker::new(settings.breaker_threshold, settings.breaker_cool_down),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_jittered_under_a_doubling_ceiling_and_retry_after_is_capped() {
        let policy = RetryPolicy::default();
        for retry in 0..4 {
            let ceiling = (policy.base_backoff * (1 << retry)).min(policy.max_backoff);
            for _ in 0..50 {
                assert!(policy.backoff(retry, None).unwrap() <= ceiling);
            }
        }
        let waits: std::collections::BTreeSet<_> =
            (0..50).map(|_| policy.backoff(1, None).unwrap()).collect();
        assert!(waits.len() > 5, "full jitter varies the wait");
        let two = Duration::from_secs(2);
        assert_eq!(policy.backoff(0, Some(two)), Some(two));
        assert_eq!(policy.backoff(0, Some(Duration::from_secs(60))), None);
    }

    #[test]
    fn the_budget_runs_out_and_is_earned_back() {
        let budget = RetryBudget::new(2, 0.5);
        assert!(budget.take() && budget.take());
        assert!(!budget.take());
        budget.succeeded();
        budget.succeeded();
        assert!(budget.take());
    }

    #[test]
    fn the_breaker_opens_fails_fast_probes_once_and_closes() {
        let breaker = Breaker::new(3, Duration::from_secs(10));
        let t0 = Instant::now();
        for _ in 0..2 {
            breaker.record(false, t0);
        }
        assert_eq!(breaker.state(t0), BreakerState::Closed);
        breaker.record(false, t0);
        assert_eq!(breaker.state(t0), BreakerState::Open);
        assert!(breaker.admit(t0 + Duration::from_secs(1)).is_err());
        let later = t0 + Duration::from_secs(11);
        assert_eq!(breaker.state(later), BreakerState::HalfOpen);
        assert!(breaker.admit(later).is_ok(), "one probe");
        assert!(breaker.admit(later).is_err(), "only one");
        breaker.record(false, later);
        assert_eq!(
            breaker.state(later),
            BreakerState::Open,
            "a failed probe reopens"
        );
        let again = later + Duration::from_secs(11);
        assert!(breaker.admit(again).is_ok());
        breaker.record(true, again);
        assert_eq!(breaker.state(again), BreakerState::Closed);
        assert_eq!(breaker.failures(), 0);
    }
}
