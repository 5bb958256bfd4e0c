//! One stored snapshot and how EVS shows it at a given time. Times are microseconds since the
//! Unix epoch.
//!
//! A new snapshot is stored as `creating` with the time it will be done; its status and progress
//! are worked out from the clock whenever it is read, so nothing runs in the background.

use std::collections::BTreeMap;

use shared::{SnapshotStatus, Timestamp};

use crate::cloud::evs::wire::Snapshot;

use super::query::SnapshotQuery;

/// One stored snapshot; times in microseconds since the epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub volume_id: String,
    pub size: u64,
    pub created: i64,
    pub updated: Option<i64>,
    pub state: State,
}

#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Being created; `available` from `done_at` on, with progress rising linearly until then.
    Creating { done_at: i64 },
    /// Being deleted (`delete` was accepted); gone from `gone_at` on.
    Deleting { gone_at: i64 },
    /// Its volume is being rolled back to it; `available` again from `done_at` on.
    Rollbacking { done_at: i64 },
    /// A status that no longer changes by itself.
    Settled {
        status: SnapshotStatus,
        progress: String,
    },
}

impl Record {
    fn status_and_progress(&self, now: i64) -> (SnapshotStatus, String, Option<i64>) {
        match &self.state {
            State::Creating { done_at } if now < *done_at => {
                let total = i128::from(*done_at) - i128::from(self.created);
                let elapsed = (i128::from(now) - i128::from(self.created)).max(0);
                let percent = (elapsed * 100 / total.max(1)).clamp(0, 99);
                (SnapshotStatus::Creating, format!("{percent}%"), None)
            }
            State::Creating { done_at } => {
                (SnapshotStatus::Available, "100%".to_owned(), Some(*done_at))
            }
            State::Deleting { .. } => (SnapshotStatus::Deleting, "100%".to_owned(), None),
            State::Rollbacking { done_at } if now < *done_at => {
                (SnapshotStatus::Rollbacking, "100%".to_owned(), None)
            }
            State::Rollbacking { done_at } => {
                (SnapshotStatus::Available, "100%".to_owned(), Some(*done_at))
            }
            State::Settled { status, progress } => (status.clone(), progress.clone(), None),
        }
    }

    /// The snapshot's status at `now`.
    pub fn status(&self, now: i64) -> SnapshotStatus {
        self.status_and_progress(now).0
    }

    /// A creation or rollback finished by `now` becomes settled: `available`, updated when it
    /// finished (as [`Record::view`] shows it either way).
    pub fn settle(&mut self, now: i64) {
        if let State::Creating { done_at } | State::Rollbacking { done_at } = self.state {
            if now >= done_at {
                self.updated = Some(self.updated.map_or(done_at, |updated| updated.max(done_at)));
                self.state = State::Settled {
                    status: SnapshotStatus::Available,
                    progress: "100%".to_owned(),
                };
            }
        }
    }

    /// Deleted: no longer listed or shown.
    pub fn is_gone(&self, now: i64) -> bool {
        matches!(self.state, State::Deleting { gone_at } if now >= gone_at)
    }

    /// The snapshot as EVS shows it at `now`. `extended` adds the two
    /// `os-extended-snapshot-attributes:*` fields, which EVS sends from list and show only.
    pub fn view(&self, now: i64, project_id: &str, extended: bool) -> Snapshot {
        let (status, progress, finished) = self.status_and_progress(now);
        // Finishing is a status change, which EVS records as an update.
        let updated = match (self.updated, finished) {
            (Some(updated), Some(finished)) => Some(updated.max(finished)),
            (updated, finished) => updated.or(finished),
        };
        Snapshot {
            id: self.id.clone(),
            status,
            name: self.name.clone(),
            description: self.description.clone(),
            created_at: Timestamp::from_micros(self.created),
            updated_at: updated.map(Timestamp::from_micros),
            metadata: self.metadata.clone(),
            volume_id: self.volume_id.clone(),
            size: self.size,
            project_id: extended.then(|| project_id.to_owned()),
            progress: extended.then_some(progress),
        }
    }

    pub(super) fn matches(&self, query: &SnapshotQuery, status: &SnapshotStatus) -> bool {
        query.name.as_ref().is_none_or(|name| *name == self.name)
            && query
                .status
                .as_ref()
                .is_none_or(|wanted| wanted == status.as_str())
            && query
                .volume_id
                .as_ref()
                .is_none_or(|volume| *volume == self.volume_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: i64 = 1_000_000;

    fn creating(created: i64, done_at: i64) -> Record {
        Record {
            id: "r".into(),
            name: String::new(),
            description: None,
            metadata: BTreeMap::new(),
            volume_id: "v".into(),
            size: 1,
            created,
            updated: Some(created),
            state: State::Creating { done_at },
        }
    }

    #[test]
    fn progress_rises_linearly_and_never_shows_100_while_creating() {
        let record = creating(0, 200 * SECOND);
        let at = |seconds: i64| record.view(seconds * SECOND, "p", true);
        assert_eq!(
            at(-5).progress.as_deref(),
            Some("0%"),
            "clock skew is not negative"
        );
        assert_eq!(at(0).progress.as_deref(), Some("0%"));
        assert_eq!(at(50).progress.as_deref(), Some("25%"));
        assert_eq!(at(199).progress.as_deref(), Some("99%"));
        assert_eq!(at(199).status, SnapshotStatus::Creating);
        assert_eq!(at(200).status, SnapshotStatus::Available);
        assert_eq!(at(200).progress.as_deref(), Some("100%"));
    }

    #[test]
    fn finishing_counts_as_an_update_and_extended_fields_are_optional() {
        let mut record = creating(0, 10 * SECOND);
        assert_eq!(
            record.view(20 * SECOND, "p", true).updated_at,
            Some(Timestamp::from_micros(10 * SECOND))
        );
        record.updated = Some(15 * SECOND);
        assert_eq!(
            record.view(20 * SECOND, "p", true).updated_at,
            Some(Timestamp::from_micros(15 * SECOND))
        );
        let plain = record.view(20 * SECOND, "p", false);
        assert_eq!((plain.project_id, plain.progress), (None, None));
        let zero = creating(0, 0);
        assert_eq!(zero.view(0, "p", true).status, SnapshotStatus::Available);
    }
}
