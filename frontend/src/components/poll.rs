//! Live status: rows in a transitional status are fetched again, one by one, on the backoff
//! schedule, until none is; nothing is fetched while the tab is hidden. Each row is its own
//! signal, so an answer re-renders only the cells of that row. A row whose snapshot is gone
//! (404) is marked so and no longer fetched; neither is one whose id could not be sent.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::{AccountName, Snapshot, SnapshotId};
use web_sys::VisibilityState;

use crate::api;
use crate::backoff::Backoff;
use crate::components::announce::use_announcer;
use crate::error::ApiFailure;

/// One snapshot on screen.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub snapshot: RwSignal<Snapshot>,
    /// The snapshot no longer exists (deleted while it was followed).
    pub gone: RwSignal<bool>,
}

impl Row {
    pub fn new(snapshot: Snapshot) -> Self {
        Self {
            snapshot: RwSignal::new(snapshot),
            gone: RwSignal::new(false),
        }
    }

    /// The id to fetch the row by, while it is worth fetching: it is still there, in a
    /// transitional status, and its id is one the console can send.
    fn to_follow(self) -> Option<SnapshotId> {
        if self.gone.try_get_untracked().unwrap_or(true) {
            return None;
        }
        self.snapshot
            .try_with_untracked(|snapshot| {
                if snapshot.status.is_transitional() {
                    SnapshotId::parse(&snapshot.id).ok()
                } else {
                    None
                }
            })
            .flatten()
    }
}

/// What the poller tells the page.
#[derive(Debug, Clone, Copy)]
pub struct PollState {
    /// True while some row is being followed.
    pub live: RwSignal<bool>,
    /// The last failed poll, cleared by the next success.
    pub error: RwSignal<Option<ApiFailure>>,
}

impl PollState {
    pub fn new() -> Self {
        Self {
            live: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }
}

impl Default for PollState {
    fn default() -> Self {
        Self::new()
    }
}

/// Follows `rows` until none is transitional. Stops when the calling view is disposed.
pub fn follow(account: AccountName, rows: Vec<Row>, state: PollState) {
    let alive = Arc::new(AtomicBool::new(true));
    on_cleanup({
        let alive = Arc::clone(&alive);
        move || alive.store(false, Ordering::Relaxed)
    });
    if !rows.iter().any(|row| row.to_follow().is_some()) {
        return;
    }
    state.live.set(true);
    let announcer = use_announcer();
    spawn_local(async move {
        let mut backoff = Backoff::new();
        let is_alive = || alive.load(Ordering::Relaxed);
        loop {
            let pending: Vec<(Row, SnapshotId)> = rows
                .iter()
                .filter_map(|row| row.to_follow().map(|id| (*row, id)))
                .collect();
            if pending.is_empty() || !is_alive() {
                break;
            }
            TimeoutFuture::new(backoff.next_delay_ms()).await;
            while is_alive() && is_hidden() {
                TimeoutFuture::new(1_000).await;
            }
            for (row, id) in pending {
                let result = api::get_snapshot(&account, &id).await;
                if !is_alive() {
                    return;
                }
                match Answer::of(result) {
                    Answer::Fresh(fresh) => {
                        if row.snapshot.try_with_untracked(|old| *old != *fresh) == Some(true) {
                            if let Some(announcer) = announcer {
                                let _ = row
                                    .snapshot
                                    .try_with_untracked(|old| announcer.changed(old, &fresh));
                            }
                            row.snapshot.try_set(*fresh);
                        }
                        state.error.try_set(None);
                    }
                    Answer::Gone => {
                        if let Some(announcer) = announcer {
                            let _ = row.snapshot.try_with_untracked(|old| announcer.gone(old));
                        }
                        row.gone.try_set(true);
                    }
                    Answer::Failed(failure) => {
                        state.error.try_set(Some(failure));
                    }
                }
            }
        }
        state.live.try_set(false);
    });
}

/// What one poll's answer means for its row.
#[derive(Debug, PartialEq)]
enum Answer {
    Fresh(Box<Snapshot>),
    /// Deleted meanwhile: stop following it; polling again would only find it missing again.
    Gone,
    /// Worth another try on the schedule (timeout, cloud error, network).
    Failed(ApiFailure),
}

impl Answer {
    fn of(result: Result<Snapshot, ApiFailure>) -> Self {
        match result {
            Ok(snapshot) => Self::Fresh(Box::new(snapshot)),
            Err(failure) if failure.is_not_found() => Self::Gone,
            Err(failure) => Self::Failed(failure),
        }
    }
}

fn is_hidden() -> bool {
    document().visibility_state() == VisibilityState::Hidden
}

#[cfg(test)]
mod tests {
    use crate::error::interpret;

    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer::of(interpret::<Snapshot>(status, Some("r".into()), body))
    }

    #[test]
    fn a_missing_snapshot_is_gone_other_failures_are_retried() {
        let missing = r#"{"error": {"code": "itemNotFound", "message": "m", "request_id": "r"}}"#;
        assert_eq!(answer(404, missing), Answer::Gone);
        // An account removed from the configuration is not a deleted snapshot.
        let account =
            r#"{"error": {"code": "unknown_account", "message": "m", "request_id": "r"}}"#;
        assert!(matches!(answer(404, account), Answer::Failed(_)));
        let timeout =
            r#"{"error": {"code": "upstream_timeout", "message": "m", "request_id": "r"}}"#;
        assert!(
            matches!(answer(504, timeout), Answer::Failed(f) if f.code() == "upstream_timeout")
        );
        let snapshot = r#"{"id": "s1", "status": "available", "provider_status": "NORMAL", "size_gib": 40, "volume_id": "v1", "created_at": "2024-01-01T00:00:00.000000", "progress": 100, "auto_backup": false, "extra": {"provider": "cbs", "zone": "ap-guangzhou-3"}}"#;
        assert!(matches!(answer(200, snapshot), Answer::Fresh(s) if s.id == "s1"));
    }
}
