//! The four writes and the disk list, with Tencent's checks and error codes. Each write checks
//! everything before it changes anything, so a refused call leaves the tenant as it was
//! (`DeleteSnapshots` deletes all of its ids or none).

use shared::validate::excerpt;

use super::{sort, DiskRecord, Record, Store, Timeline};
use crate::cloud::cbs::map::deadline;
use crate::cloud::cbs::wire::{
    ApplySnapshotRequest, CbsState, CreateSnapshotRequest, DeleteSnapshotsRequest, DiskV3,
    ModifySnapshotAttributeRequest, Placement, SnapshotV3,
};
use crate::emulator::cbs::v3::params::ApiError;

/// Tencent's limit for `SnapshotName`, in bytes.
const MAX_NAME_BYTES: usize = shared::validate::CBS_MAX_NAME_BYTES;
/// Snapshots one disk may have (Tencent's default quota is per disk).
pub const SNAPSHOTS_PER_DISK: usize = 64;
/// Most ids one `DeleteSnapshots` may name.
const MAX_DELETE_IDS: usize = 100;

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidSnapshotId.NotFound",
        format!("The snapshot `{}` does not exist.", excerpt(id, 64)),
    )
}

fn disk_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidDiskId.NotFound",
        format!("The disk `{}` does not exist.", excerpt(id, 64)),
    )
}

fn check_name(name: Option<&String>) -> Result<(), ApiError> {
    match name {
        Some(name) if name.len() > MAX_NAME_BYTES => Err(ApiError::new(
            "InvalidParameterValue.TooLong",
            format!(
                "`SnapshotName` is {} bytes long; at most {MAX_NAME_BYTES} bytes are allowed.",
                name.len()
            ),
        )),
        _ => Ok(()),
    }
}

/// A `Deadline` in the future, as Unix microseconds.
fn check_deadline(text: &str, now: i64) -> Result<i64, ApiError> {
    let micros = shared::time::parse_utc_micros(text).ok_or_else(|| {
        ApiError::new(
            "InvalidParameterValue",
            format!(
                "`Deadline` `{}` is not an ISO 8601 UTC time such as 2030-01-08T09:47:55+00:00.",
                excerpt(text, 40)
            ),
        )
    })?;
    if micros <= now {
        return Err(ApiError::new(
            "InvalidParameterValue",
            "`Deadline` must be in the future.",
        ));
    }
    Ok(micros)
}

/// Why a snapshot's state refuses a delete or a rollback.
fn busy(snapshot: &SnapshotV3) -> Option<ApiError> {
    match CbsState::parse(&snapshot.snapshot_state) {
        Some(CbsState::Normal) => None,
        Some(CbsState::Creating) => Some(ApiError::new(
            "ResourceUnavailable.SnapshotCreating",
            format!(
                "The snapshot `{}` is still being created.",
                snapshot.snapshot_id
            ),
        )),
        _ => Some(ApiError::new(
            "ResourceBusy",
            format!(
                "The snapshot `{}` is {}; try again when it is NORMAL.",
                snapshot.snapshot_id, snapshot.snapshot_state
            ),
        )),
    }
}

impl Store {
    fn live(&self, id: &str, now: i64) -> Option<usize> {
        self.records
            .iter()
            .position(|record| record.snapshot.snapshot_id == id && !record.is_expired(now))
    }

    fn disk(&self, id: &str) -> Result<usize, ApiError> {
        self.disks
            .iter()
            .position(|record| record.disk.disk_id == id)
            .ok_or_else(|| disk_not_found(id))
    }

    /// Every disk as it is at `now`, in the demo's order.
    pub fn disks(&self, now: i64) -> Vec<DiskV3> {
        self.disks.iter().map(|record| record.view(now)).collect()
    }

    /// `CreateSnapshot`: `CREATING` for `settle` microseconds with `Percent` rising.
    pub fn create_snapshot(
        &mut self,
        request: &CreateSnapshotRequest,
        id: String,
        now: i64,
        settle: i64,
    ) -> Result<SnapshotV3, ApiError> {
        check_name(request.snapshot_name.as_ref())?;
        let deadline_micros = request
            .deadline
            .as_deref()
            .map(|text| check_deadline(text, now))
            .transpose()?;
        let index = self.disk(&request.disk_id)?;
        let disk: &DiskRecord = &self.disks[index];
        if disk.is_rollbacking(now) {
            return Err(ApiError::new(
                "InvalidDisk.Busy",
                format!("The disk `{}` is being rolled back.", disk.disk.disk_id),
            ));
        }
        let taken = self
            .records
            .iter()
            .filter(|r| r.snapshot.disk_id == request.disk_id && !r.is_expired(now))
            .count();
        if taken >= SNAPSHOTS_PER_DISK {
            return Err(ApiError::new(
                "InsufficientSnapshotQuota",
                format!(
                    "The disk `{}` already has {SNAPSHOTS_PER_DISK} snapshots, its quota.",
                    disk.disk.disk_id
                ),
            ));
        }
        let snapshot = SnapshotV3 {
            snapshot_id: id,
            disk_id: disk.disk.disk_id.clone(),
            snapshot_name: request.snapshot_name.clone().unwrap_or_default(),
            snapshot_state: CbsState::Creating.as_str().to_owned(),
            percent: 0,
            disk_size: disk.disk.disk_size,
            create_time: super::beijing_time(now),
            disk_usage: disk.disk.disk_usage.clone(),
            placement: Placement {
                project_id: disk.disk.placement.project_id.clone(),
                zone: disk.disk.placement.zone.clone(),
            },
            encrypt: disk.disk.encrypt,
            is_permanent: deadline_micros.is_none(),
            deadline_time: deadline_micros
                .and_then(|micros| deadline(&shared::Timestamp::from_micros(micros))),
        };
        self.records.push(Record {
            created_micros: now,
            snapshot: snapshot.clone(),
            timeline: Timeline::Creating {
                from: now,
                done_at: now.saturating_add(settle.max(0)),
            },
            deadline_micros,
        });
        sort(&mut self.records);
        Ok(snapshot)
    }

    /// `ModifySnapshotAttribute`: the name, permanence and expiry.
    pub fn modify_snapshot(
        &mut self,
        request: &ModifySnapshotAttributeRequest,
        now: i64,
    ) -> Result<(), ApiError> {
        check_name(request.snapshot_name.as_ref())?;
        let deadline_micros = match (request.is_permanent, request.deadline.as_deref()) {
            (Some(true), Some(_)) => {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    "A permanent snapshot (`IsPermanent` true) cannot have a `Deadline`.",
                ))
            }
            (Some(false), None) => {
                return Err(ApiError::new(
                    "MissingParameter",
                    "`Deadline` is required when `IsPermanent` is false.",
                ))
            }
            (_, Some(text)) => Some(check_deadline(text, now)?),
            (_, None) => None,
        };
        let index = self
            .live(&request.snapshot_id, now)
            .ok_or_else(|| not_found(&request.snapshot_id))?;
        let record = &mut self.records[index];
        if let Some(name) = &request.snapshot_name {
            record.snapshot.snapshot_name = name.clone();
        }
        if request.is_permanent == Some(true) {
            record.deadline_micros = None;
            record.snapshot.is_permanent = true;
            record.snapshot.deadline_time = None;
        }
        if let Some(micros) = deadline_micros {
            record.deadline_micros = Some(micros);
            record.snapshot.is_permanent = false;
            record.snapshot.deadline_time = deadline(&shared::Timestamp::from_micros(micros));
        }
        Ok(())
    }

    /// `DeleteSnapshots`: every id must exist and be `NORMAL`, or nothing is deleted.
    pub fn delete_snapshots(
        &mut self,
        request: &DeleteSnapshotsRequest,
        now: i64,
    ) -> Result<(), ApiError> {
        if request.snapshot_ids.is_empty() {
            return Err(ApiError::new(
                "MissingParameter",
                "The request is missing a required parameter `SnapshotIds`.",
            ));
        }
        if request.snapshot_ids.len() > MAX_DELETE_IDS {
            return Err(ApiError::new(
                "InvalidParameterValue.LimitExceeded",
                format!("`SnapshotIds` names at most {MAX_DELETE_IDS} snapshots."),
            ));
        }
        for id in &request.snapshot_ids {
            let index = self.live(id, now).ok_or_else(|| not_found(id))?;
            if let Some(error) = busy(&self.records[index].view(now)) {
                return Err(error);
            }
        }
        self.records
            .retain(|record| !request.snapshot_ids.contains(&record.snapshot.snapshot_id));
        Ok(())
    }

    /// `ApplySnapshot`: the snapshot's own disk, detached or with `AutoStopInstance`; both are
    /// `ROLLBACKING` for `settle` microseconds.
    pub fn apply_snapshot(
        &mut self,
        request: &ApplySnapshotRequest,
        now: i64,
        settle: i64,
    ) -> Result<(), ApiError> {
        let index = self
            .live(&request.snapshot_id, now)
            .ok_or_else(|| not_found(&request.snapshot_id))?;
        let disk_index = self.disk(&request.disk_id)?;
        let snapshot = self.records[index].view(now);
        if snapshot.disk_id != request.disk_id {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "The snapshot `{}` was taken from `{}`; it can only be applied to that disk.",
                    snapshot.snapshot_id, snapshot.disk_id
                ),
            ));
        }
        if let Some(error) = busy(&snapshot) {
            return Err(error);
        }
        let disk = &self.disks[disk_index];
        if disk.is_rollbacking(now) {
            return Err(ApiError::new(
                "InvalidDisk.Busy",
                format!(
                    "The disk `{}` is already being rolled back.",
                    disk.disk.disk_id
                ),
            ));
        }
        if disk.disk.attached && request.auto_stop_instance != Some(true) {
            return Err(ApiError::new(
                "ResourceInUse",
                format!(
                    "The disk `{}` is attached to `{}`: stop the instance, or set AutoStopInstance.",
                    disk.disk.disk_id, disk.disk.instance_id
                ),
            ));
        }
        let done_at = now.saturating_add(settle.max(0));
        self.disks[disk_index].rollback = Some((now, done_at));
        let record = &mut self.records[index];
        record.snapshot = snapshot;
        record.timeline = Timeline::Rollbacking { done_at };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000_000;
    const SECOND: i64 = 1_000_000;

    fn store() -> Store {
        Store::new(
            crate::emulator::cbs::demo_data::demo_records(NOW),
            crate::emulator::cbs::demo_data::demo_disks(NOW),
        )
    }

    fn state(store: &Store, id: &str, now: i64) -> String {
        let index = store.live(id, now).unwrap();
        store.records[index].view(now).snapshot_state
    }

    #[test]
    fn a_new_snapshot_rises_to_normal_and_expires() {
        let mut store = store();
        let request = CreateSnapshotRequest {
            disk_id: "disk-c6p1xw4h".into(),
            snapshot_name: Some("n".into()),
            deadline: Some("2023-11-14T22:14:00+00:00".into()),
        };
        let created = store
            .create_snapshot(&request, "snap-new00001".into(), NOW, 10 * SECOND)
            .unwrap();
        assert!(!created.is_permanent);
        assert_eq!(state(&store, "snap-new00001", NOW + 5 * SECOND), "CREATING");
        let index = store.live("snap-new00001", NOW).unwrap();
        assert_eq!(store.records[index].view(NOW + 5 * SECOND).percent, 50);
        assert_eq!(state(&store, "snap-new00001", NOW + 10 * SECOND), "NORMAL");
        let deadline = shared::time::parse_utc_micros("2023-11-14T22:14:00Z").unwrap();
        assert!(store.live("snap-new00001", deadline).is_none());
        let long = CreateSnapshotRequest {
            snapshot_name: Some("快".repeat(21)),
            ..request
        };
        assert_eq!(
            store
                .create_snapshot(&long, "x".into(), NOW, 0)
                .unwrap_err()
                .code,
            "InvalidParameterValue.TooLong"
        );
    }

    #[test]
    fn delete_is_all_or_nothing() {
        let mut store = store();
        let both = DeleteSnapshotsRequest {
            snapshot_ids: vec!["snap-h4d7s1pe".into(), "snap-k3x9q2mb".into()],
            delete_bind_images: None,
        };
        let error = store.delete_snapshots(&both, NOW).unwrap_err();
        assert_eq!(error.code, "ResourceUnavailable.SnapshotCreating");
        assert!(
            store.live("snap-h4d7s1pe", NOW).is_some(),
            "nothing deleted"
        );
        let one = DeleteSnapshotsRequest {
            snapshot_ids: vec!["snap-h4d7s1pe".into()],
            delete_bind_images: None,
        };
        store.delete_snapshots(&one, NOW).unwrap();
        assert!(store.live("snap-h4d7s1pe", NOW).is_none());
        assert_eq!(
            store.delete_snapshots(&one, NOW).unwrap_err().code,
            "InvalidSnapshotId.NotFound"
        );
    }
}
