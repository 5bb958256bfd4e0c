//! The emulator's data and every rule about it, as pure functions of the data and the time
//! (microseconds since the Unix epoch), so tests can drive time by hand.

use crate::cloud::evs::wire::Snapshot;
use crate::cloud::evs::wire::Volume;
use crate::cloud::evs::wire::{NewSnapshot, Rollback, SnapshotChanges};
use shared::validate::{self, Field, Problem};
use shared::SnapshotStatus;

use super::fault::Fault;
use super::index::Index;
use super::query::{PageQuery, SnapshotQuery};
use super::record::{Record, State};

/// One page of a list, and whether rows remain after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub more: bool,
}

/// Skips `offset` rows, takes a page, and notes whether any row is left.
fn take_page<T>(rows: impl Iterator<Item = T>, page: &PageQuery) -> Page<T> {
    let size = usize::try_from(page.page_size()).unwrap_or(usize::MAX);
    let offset = usize::try_from(page.offset).unwrap_or(usize::MAX);
    let mut rows = rows.skip(offset);
    let items: Vec<T> = rows.by_ref().take(size).collect();
    let more = rows.next().is_some();
    Page { items, more }
}

/// Everything the emulator knows about one project.
#[derive(Debug, Clone)]
pub struct Store {
    project_id: String,
    volumes: Vec<Volume>,
    /// In list order, indexed by each filter.
    snapshots: Index,
    /// Volumes being rolled back, and when each is done: `restoring` until then.
    restoring: Vec<(String, i64)>,
}

impl Store {
    pub fn new(project_id: String, volumes: Vec<Volume>, snapshots: Vec<Record>) -> Self {
        Self {
            project_id,
            volumes,
            snapshots: Index::new(snapshots),
            restoring: Vec::new(),
        }
    }

    /// Stores a snapshot as it is (seeding; replaces one with the same id).
    pub fn insert_record(&mut self, record: Record) {
        self.snapshots.insert(record);
    }

    /// Forgets what finished deleting or restoring by `now`.
    fn settle(&mut self, now: i64) {
        self.snapshots.settle(now);
        self.restoring.retain(|(_, done_at)| now < *done_at);
    }

    fn live(&self, id: &str, now: i64) -> Result<&Record, Fault> {
        self.snapshots
            .get(id)
            .filter(|record| !record.is_gone(now))
            .ok_or_else(|| Fault::SnapshotNotFound(id.to_owned()))
    }

    /// Changes a snapshot that is not gone; its indexes follow.
    fn change<T>(
        &mut self,
        id: &str,
        now: i64,
        change: impl FnOnce(&mut Record) -> T,
    ) -> Result<T, Fault> {
        self.live(id, now)?;
        self.snapshots
            .update(id, change)
            .ok_or_else(|| Fault::SnapshotNotFound(id.to_owned()))
    }

    /// A volume as EVS shows it at `now`: `restoring` while a rollback runs.
    fn volume_view(&self, volume: &Volume, now: i64) -> Volume {
        let mut volume = volume.clone();
        if self
            .restoring
            .iter()
            .any(|(id, done_at)| *id == volume.id && now < *done_at)
        {
            volume.status = "restoring".to_owned();
        }
        volume
    }

    /// `DELETE …/cloudsnapshots/{id}`: only `available` or `error` snapshots; `deleting` for
    /// `settle` microseconds, then gone.
    pub fn delete_snapshot(&mut self, id: &str, now: i64, settle: i64) -> Result<(), Fault> {
        self.settle(now);
        let status = self.live(id, now)?.status(now);
        if !matches!(status, SnapshotStatus::Available | SnapshotStatus::Error) {
            return Err(Fault::SnapshotStatus {
                id: id.to_owned(),
                status: status.as_str().to_owned(),
            });
        }
        self.change(id, now, |record| {
            record.state = State::Deleting {
                gone_at: now.saturating_add(settle.max(0)),
            };
            record.updated = Some(now);
        })
    }

    /// `POST …/cloudsnapshots/{id}/rollback`: the snapshot's own, detached volume only, from an
    /// `available` snapshot the backup service did not make. Both are busy for `settle`.
    pub fn rollback_snapshot(
        &mut self,
        id: &str,
        rollback: &Rollback,
        now: i64,
        settle: i64,
    ) -> Result<(), Fault> {
        self.settle(now);
        let record = self.live(id, now)?;
        if rollback.volume_id != record.volume_id {
            return Err(Fault::WrongVolume {
                snapshot: id.to_owned(),
                volume: rollback.volume_id.clone(),
            });
        }
        if validate::is_reserved_name(&record.name) {
            return Err(Fault::AutoBackupSnapshot(id.to_owned()));
        }
        let status = record.status(now);
        if status != SnapshotStatus::Available {
            return Err(Fault::SnapshotStatus {
                id: id.to_owned(),
                status: status.as_str().to_owned(),
            });
        }
        let volume = self
            .volumes
            .iter()
            .find(|volume| volume.id == rollback.volume_id)
            .ok_or_else(|| Fault::VolumeNotFound(rollback.volume_id.clone()))?;
        let volume = self.volume_view(volume, now);
        if volume.is_attached()
            || !matches!(volume.status.as_str(), "available" | "error_rollbacking")
        {
            return Err(Fault::VolumeStatus {
                id: volume.id,
                status: volume.status,
            });
        }
        let done_at = now.saturating_add(settle.max(0));
        self.restoring.push((volume.id, done_at));
        self.change(id, now, |record| {
            record.state = State::Rollbacking { done_at };
            record.updated = Some(now);
        })
    }

    /// `GET …/snapshots/detail`. The marker may be any snapshot of the project, even one the
    /// filters exclude; rows after it (in list order) are filtered, then `offset` is skipped.
    /// A range scan of the smallest index the filters name, from the marker on.
    pub fn list_snapshots(&self, query: &SnapshotQuery, now: i64) -> Result<Page<Snapshot>, Fault> {
        let after = match &query.page.marker {
            Some(marker) => Some(
                self.snapshots
                    .key(marker)
                    .ok_or_else(|| Fault::MarkerNotFound(marker.clone()))?,
            ),
            None => None,
        };
        let visible = self
            .snapshots
            .candidates(query, after)
            .filter(|record| !record.is_gone(now))
            .filter_map(|record| {
                let snapshot = record.view(now, &self.project_id, true);
                record.matches(query, &snapshot.status).then_some(snapshot)
            });
        Ok(take_page(visible, &query.page))
    }

    /// `GET …/cloudsnapshots/{id}` and `GET …/snapshots/{id}`.
    pub fn get_snapshot(&self, id: &str, now: i64) -> Result<Snapshot, Fault> {
        self.live(id, now)
            .map(|record| record.view(now, &self.project_id, true))
    }

    /// `POST …/snapshots`: stores a snapshot of the volume that is `available` after `settle`
    /// microseconds. The reply carries no `os-extended-snapshot-attributes:*`, as EVS's.
    pub fn create_snapshot(
        &mut self,
        request: NewSnapshot,
        id: String,
        now: i64,
        settle: i64,
    ) -> Result<Snapshot, Fault> {
        let problems = request.problems();
        if let Some(volume_problem) = problems.iter().find(|e| e.field == Field::VolumeId) {
            return Err(match volume_problem.problem {
                Problem::Required => Fault::MissingVolumeId,
                _ => Fault::VolumeNotFound(request.volume_id),
            });
        }
        if !problems.is_empty() {
            return Err(Fault::InvalidInput(validate::describe(&problems)));
        }
        let volume = self
            .volumes
            .iter()
            .find(|volume| volume.id == request.volume_id)
            .ok_or_else(|| Fault::VolumeNotFound(request.volume_id.clone()))?;
        if volume.is_attached() && !request.force {
            return Err(Fault::VolumeInUse(volume.id.clone()));
        }
        let record = Record {
            id,
            name: request.name.unwrap_or_default(),
            description: request.description,
            metadata: request.metadata,
            volume_id: volume.id.clone(),
            size: volume.size,
            created: now,
            updated: Some(now),
            state: State::Creating {
                done_at: now.saturating_add(settle.max(0)),
            },
        };
        let snapshot = record.view(now, &self.project_id, false);
        self.snapshots.insert(record);
        Ok(snapshot)
    }

    /// `PUT …/snapshots/{id}`: renames and/or redescribes; `updated_at` becomes `now`.
    pub fn update_snapshot(
        &mut self,
        id: &str,
        changes: SnapshotChanges,
        now: i64,
    ) -> Result<Snapshot, Fault> {
        if changes.is_empty() {
            return Err(Fault::NothingToUpdate);
        }
        let problems = changes.problems();
        if !problems.is_empty() {
            return Err(Fault::InvalidInput(validate::describe(&problems)));
        }
        let project_id = self.project_id.clone();
        self.change(id, now, |record| {
            if let Some(name) = changes.name {
                record.name = name;
            }
            if let Some(description) = changes.description {
                record.description = Some(description);
            }
            record.updated = Some(now);
            record.view(now, &project_id, false)
        })
    }

    /// `GET …/cloudvolumes/detail`: newest first; the count is of every volume, as EVS's.
    pub fn list_volumes(&self, page: &PageQuery, now: i64) -> Result<(Page<Volume>, u64), Fault> {
        let mut rows: Vec<Volume> = self
            .volumes
            .iter()
            .map(|volume| self.volume_view(volume, now))
            .collect();
        rows.sort_by(|a, b| (&b.created_at, &b.id).cmp(&(&a.created_at, &a.id)));
        let start = match &page.marker {
            Some(marker) => {
                rows.iter()
                    .position(|volume| volume.id == *marker)
                    .ok_or_else(|| Fault::MarkerNotFound(marker.clone()))?
                    + 1
            }
            None => 0,
        };
        let count = u64::try_from(rows.len()).unwrap_or(u64::MAX);
        let page = take_page(rows.into_iter().skip(start), page);
        Ok((page, count))
    }
}

#[cfg(test)]
mod tests;
