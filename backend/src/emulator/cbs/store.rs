//! The emulated tenant's snapshots and disks, kept in API 3.0's shape (2.0 replies are derived
//! from it), and the one query both API versions run: filter, count, order, page. States that
//! move (`CREATING`, `ROLLBACKING`, an expiry) are worked out from the clock on each read.

use crate::cloud::cbs::wire::{CbsState, DiskV3, SnapshotV3, BEIJING_OFFSET_MICROS};

use super::select::{Order, Selection};

mod writes;

/// One snapshot, its creation instant (what lists are ordered by) and what moves it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub created_micros: i64,
    pub snapshot: SnapshotV3,
    pub timeline: Timeline,
    /// `Deadline`: gone from this instant on.
    pub deadline_micros: Option<i64>,
}

/// How a snapshot's state changes by itself. Times are Unix microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeline {
    /// As stored (the demo's snapshots stay as they are, so pages stay stable).
    Fixed,
    /// `CREATING` with `Percent` rising from `from`, `NORMAL` from `done_at` on.
    Creating { from: i64, done_at: i64 },
    /// `ROLLBACKING` until `done_at`, then `NORMAL`.
    Rollbacking { done_at: i64 },
}

/// 0–100 along `from..done_at` at `now`; never 100 before the end.
pub fn percent(from: i64, done_at: i64, now: i64) -> u64 {
    if now >= done_at {
        return 100;
    }
    let total = i128::from(done_at) - i128::from(from);
    let elapsed = (i128::from(now) - i128::from(from)).max(0);
    u64::try_from((elapsed * 100 / total.max(1)).clamp(0, 99)).unwrap_or(0)
}

impl Record {
    /// A record that stays as stored.
    pub fn fixed(created_micros: i64, snapshot: SnapshotV3) -> Self {
        Self {
            created_micros,
            snapshot,
            timeline: Timeline::Fixed,
            deadline_micros: None,
        }
    }

    pub fn is_expired(&self, now: i64) -> bool {
        self.deadline_micros.is_some_and(|deadline| now >= deadline)
    }

    /// The snapshot as CBS shows it at `now`.
    pub fn view(&self, now: i64) -> SnapshotV3 {
        let mut snapshot = self.snapshot.clone();
        match self.timeline {
            Timeline::Fixed => {}
            Timeline::Creating { from, done_at } => {
                let done = now >= done_at;
                snapshot.percent = percent(from, done_at, now);
                snapshot.snapshot_state = if done {
                    CbsState::Normal
                } else {
                    CbsState::Creating
                }
                .as_str()
                .to_owned();
            }
            Timeline::Rollbacking { done_at } => {
                snapshot.snapshot_state = if now >= done_at {
                    CbsState::Normal
                } else {
                    CbsState::Rollbacking
                }
                .as_str()
                .to_owned();
            }
        }
        snapshot
    }
}

/// One disk and the rollback running on it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct DiskRecord {
    pub disk: DiskV3,
    /// (started, done): `ROLLBACKING` with `RollbackPercent` in between.
    pub rollback: Option<(i64, i64)>,
}

impl DiskRecord {
    pub fn is_rollbacking(&self, now: i64) -> bool {
        self.rollback.is_some_and(|(_, done_at)| now < done_at)
    }

    pub fn view(&self, now: i64) -> DiskV3 {
        let mut disk = self.disk.clone();
        if let Some((from, done_at)) = self.rollback.filter(|_| self.is_rollbacking(now)) {
            disk.disk_state = "ROLLBACKING".to_owned();
            disk.rollbacking = true;
            disk.rollback_percent = percent(from, done_at, now);
        }
        disk
    }
}

/// `YYYY-MM-DD HH:MM:SS` in Beijing time, as CBS writes `CreateTime`.
pub fn beijing_time(unix_micros: i64) -> String {
    let text = shared::time::format_evs(unix_micros.saturating_add(BEIJING_OFFSET_MICROS));
    // format_evs writes `YYYY-MM-DDTHH:MM:SS.ffffff`; CBS has no fraction and a space.
    text.get(..19).unwrap_or(&text).replacen('T', " ", 1)
}

/// One page of a selection, and how many snapshots matched in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub total_count: u64,
    pub snapshots: Vec<SnapshotV3>,
}

#[derive(Debug, Clone, Default)]
pub struct Store {
    /// Newest first, ties by id (descending), so every order is total and pages are stable.
    records: Vec<Record>,
    disks: Vec<DiskRecord>,
}

impl Store {
    pub fn new(mut records: Vec<Record>, disks: Vec<DiskV3>) -> Self {
        sort(&mut records);
        Self {
            records,
            disks: disks
                .into_iter()
                .map(|disk| DiskRecord {
                    disk,
                    rollback: None,
                })
                .collect(),
        }
    }

    /// How many snapshots the tenant has.
    pub fn count(&self) -> usize {
        self.records.len()
    }

    /// Filters (AND across, OR within one), counts, orders and pages, as things stand at `now`.
    pub fn select(&self, selection: &Selection, now: i64) -> Page {
        let matching: Vec<SnapshotV3> = self
            .records
            .iter()
            .filter(|record| !record.is_expired(now))
            .map(|record| record.view(now))
            .filter(|snapshot| selection.matches(snapshot))
            .collect();
        let total_count = matching.len() as u64;
        let offset = usize::try_from(selection.offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(selection.limit).unwrap_or(usize::MAX);
        let ordered: Box<dyn Iterator<Item = SnapshotV3>> = match selection.order {
            Order::Desc => Box::new(matching.into_iter()),
            Order::Asc => Box::new(matching.into_iter().rev()),
        };
        let snapshots = ordered.skip(offset).take(limit).collect();
        Page {
            total_count,
            snapshots,
        }
    }
}

fn sort(records: &mut [Record]) {
    records.sort_by(|a, b| {
        b.created_micros
            .cmp(&a.created_micros)
            .then_with(|| b.snapshot.snapshot_id.cmp(&a.snapshot.snapshot_id))
    });
}

#[cfg(test)]
mod tests {
    use super::super::select::FilterName;
    use super::*;
    use crate::cloud::cbs::map;

    const NOW: i64 = 1_700_000_000_000_000;

    fn store() -> Store {
        Store::new(super::super::demo_data::demo_records(NOW), Vec::new())
    }

    fn ids(page: &Page) -> Vec<&str> {
        page.snapshots
            .iter()
            .map(|s| s.snapshot_id.as_str())
            .collect()
    }

    #[test]
    fn beijing_time_is_what_the_client_reads_back() {
        // 1704040000 = 2023-12-31 16:26:40 UTC, already New Year in Beijing.
        let micros = 1_704_040_000_000_000;
        assert_eq!(beijing_time(micros), "2024-01-01 00:26:40");
        assert_eq!(
            map::created_at(&beijing_time(micros)).unix_micros(),
            Some(micros)
        );
    }

    #[test]
    fn pages_newest_first_with_the_total() {
        let store = store();
        let all = store.select(&Selection::default(), NOW);
        assert_eq!(all.total_count, 28);
        assert_eq!(all.snapshots.len(), 20);
        let second = store.select(
            &Selection {
                offset: 20,
                ..Selection::default()
            },
            NOW,
        );
        assert_eq!(second.total_count, 28);
        assert_eq!(second.snapshots.len(), 8);
        let everything = store.select(
            &Selection {
                limit: 100,
                ..Selection::default()
            },
            NOW,
        );
        let mut joined = ids(&all);
        joined.extend(ids(&second));
        assert_eq!(joined, ids(&everything));
        assert!(everything
            .snapshots
            .windows(2)
            .all(|pair| pair[0].create_time >= pair[1].create_time));
        let beyond = store.select(
            &Selection {
                offset: 1000,
                ..Selection::default()
            },
            NOW,
        );
        assert_eq!((beyond.total_count, beyond.snapshots.len()), (28, 0));
    }

    #[test]
    fn ascending_is_the_reverse() {
        let store = store();
        let desc = store.select(
            &Selection {
                limit: 100,
                ..Selection::default()
            },
            NOW,
        );
        let asc = store.select(
            &Selection {
                limit: 100,
                order: Order::Asc,
                ..Selection::default()
            },
            NOW,
        );
        let mut reversed = ids(&desc);
        reversed.reverse();
        assert_eq!(ids(&asc), reversed);
    }

    #[test]
    fn filters_and_across_or_within() {
        let store = store();
        let select = |filters: Vec<(FilterName, Vec<&str>)>| {
            store.select(
                &Selection {
                    filters: filters
                        .into_iter()
                        .map(|(name, values)| {
                            (name, values.into_iter().map(String::from).collect())
                        })
                        .collect(),
                    limit: 100,
                    ..Selection::default()
                },
                NOW,
            )
        };
        let system = select(vec![(FilterName::DiskUsage, vec!["SYSTEM_DISK"])]);
        let data = select(vec![(FilterName::DiskUsage, vec!["DATA_DISK"])]);
        assert_eq!(system.total_count + data.total_count, 28);
        let both = select(vec![(
            FilterName::DiskUsage,
            vec!["SYSTEM_DISK", "DATA_DISK"],
        )]);
        assert_eq!(both.total_count, 28);
        let system_second_project = select(vec![
            (FilterName::DiskUsage, vec!["SYSTEM_DISK"]),
            (FilterName::ProjectId, vec!["1142018"]),
        ]);
        assert!(system_second_project.total_count > 0);
        assert!(system_second_project.total_count < system.total_count);
        assert!(system_second_project
            .snapshots
            .iter()
            .all(|s| s.disk_usage == "SYSTEM_DISK" && s.placement.project_id == "1142018"));
        let one_disk = select(vec![(FilterName::DiskId, vec!["disk-b7m3kd2s"])]);
        assert_eq!(one_disk.total_count, 6);
        let named = select(vec![(FilterName::SnapshotName, vec!["订单库 周备份"])]);
        assert_eq!(ids(&named), ["snap-j2w7t9gv", "snap-l8n1f6ys"]);
        let creating = select(vec![(FilterName::SnapshotState, vec!["CREATING"])]);
        assert_eq!(ids(&creating), ["snap-k3x9q2mb", "snap-v8n2c5tw"]);
        let by_id = select(vec![(
            FilterName::SnapshotId,
            vec!["snap-w3m5a1qf", "snap-nothere0"],
        )]);
        assert_eq!(ids(&by_id), ["snap-w3m5a1qf"]);
        let encrypted = select(vec![(FilterName::Encrypt, vec!["TRUE"])]);
        assert_eq!(encrypted.total_count, 6);
        let shared = select(vec![(FilterName::SnapshotType, vec!["SHARED_SNAPSHOT"])]);
        assert_eq!(shared.total_count, 0);
        let nothing = select(vec![
            (FilterName::DiskId, vec!["disk-b7m3kd2s"]),
            (FilterName::DiskUsage, vec!["SYSTEM_DISK"]),
        ]);
        assert_eq!(nothing.total_count, 0);
    }

    #[test]
    fn snapshot_ids_select_in_list_order() {
        let page = store().select(
            &Selection {
                snapshot_ids: Some(vec!["snap-w3m5a1qf".into(), "snap-k3x9q2mb".into()]),
                ..Selection::default()
            },
            NOW,
        );
        assert_eq!(ids(&page), ["snap-k3x9q2mb", "snap-w3m5a1qf"]);
    }
}
