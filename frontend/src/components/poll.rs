//! Live status: rows in a transitional status are fetched again, one by one, on the backoff
//! schedule, until none is; nothing is fetched while the tab is hidden. Each row is its own
//! signal, so an answer re-renders only the cells of that row.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::Snapshot;
use web_sys::VisibilityState;

use crate::api;
use crate::backoff::Backoff;
use crate::error::ApiFailure;

/// One snapshot on screen.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub snapshot: RwSignal<Snapshot>,
}

impl Row {
    pub fn new(snapshot: Snapshot) -> Self {
        Self {
            snapshot: RwSignal::new(snapshot),
        }
    }

    fn is_transitional(self) -> bool {
        self.snapshot
            .try_with_untracked(|snapshot| snapshot.status.is_transitional())
            .unwrap_or(false)
    }

    fn id(self) -> Option<String> {
        self.snapshot
            .try_with_untracked(|snapshot| snapshot.id.clone())
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
pub fn follow(account: String, rows: Vec<Row>, state: PollState) {
    let alive = Arc::new(AtomicBool::new(true));
    on_cleanup({
        let alive = Arc::clone(&alive);
        move || alive.store(false, Ordering::Relaxed)
    });
    if !rows.iter().any(|row| row.is_transitional()) {
        return;
    }
    state.live.set(true);
    spawn_local(async move {
        let mut backoff = Backoff::new();
        let is_alive = || alive.load(Ordering::Relaxed);
        loop {
            let pending: Vec<Row> = rows
                .iter()
                .copied()
                .filter(|row| row.is_transitional())
                .collect();
            if pending.is_empty() || !is_alive() {
                break;
            }
            TimeoutFuture::new(backoff.next_delay_ms()).await;
            while is_alive() && is_hidden() {
                TimeoutFuture::new(1_000).await;
            }
            for row in pending {
                let Some(id) = row.id() else { continue };
                let result = api::get_snapshot(&account, &id).await;
                if !is_alive() {
                    return;
                }
                match result {
                    Ok(fresh) => {
                        if row.snapshot.try_with_untracked(|old| *old != fresh) == Some(true) {
                            row.snapshot.try_set(fresh);
                        }
                        state.error.try_set(None);
                    }
                    Err(failure) => {
                        state.error.try_set(Some(failure));
                    }
                }
            }
        }
        state.live.try_set(false);
    });
}

fn is_hidden() -> bool {
    document().visibility_state() == VisibilityState::Hidden
}
