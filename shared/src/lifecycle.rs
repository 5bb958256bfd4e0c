//! Deleting and rolling back: the request and reply bodies, and the rules that refuse a
//! snapshot before any cloud is asked — the same rules the console applies to disable its
//! buttons and the backend applies before it calls.

use serde::{Deserialize, Serialize};

use crate::ids::SnapshotId;
use crate::snapshot::{Snapshot, SnapshotStatus};
use crate::validate::{is_reserved_name, Field, FieldError, Problem};

/// Most ids one bulk delete may name.
pub const MAX_BULK_IDS: usize = 100;

/// `POST …/snapshots/{id}/rollback` body: the volume whose data the snapshot replaces.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RollbackRequest {
    /// Must be the volume the snapshot was taken from.
    pub volume_id: String,
    /// CBS: stop the disk's instance first, if the disk is attached.
    #[serde(default)]
    pub stop_instance: bool,
    /// CBS: start the instance again afterwards (with `stop_instance`).
    #[serde(default)]
    pub start_instance: bool,
}

/// `POST …/snapshots/delete` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkDeleteRequest {
    /// 1 to 100 snapshot ids; a repeated id counts once.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub ids: Vec<SnapshotId>,
    /// `true`: delete nothing, say what would be deleted and what refused.
    #[serde(default)]
    pub preview: bool,
}

/// What happened (or, in a preview, would happen) to one id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The cloud accepted the deletion (in a preview: it would be asked to).
    Deleting,
    /// The console did not ask the cloud, and says why.
    Refused,
    /// The cloud was asked and did not accept.
    Failed,
    /// The cloud was asked and its answer was lost: the snapshot may or may not be deleting.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResult {
    pub id: String,
    pub outcome: Outcome,
    /// Why it was refused or failed: the console's code (`wrong_status`, …) or the cloud's.
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// The reply of a bulk delete: one result per id, in the order asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkDeleteReply {
    pub preview: bool,
    pub results: Vec<BulkResult>,
}

impl BulkDeleteRequest {
    /// The ids once each, in the order given.
    pub fn unique_ids(&self) -> Vec<SnapshotId> {
        let mut ids: Vec<SnapshotId> = Vec::with_capacity(self.ids.len());
        for id in &self.ids {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids
    }

    pub fn problems(&self) -> Vec<FieldError> {
        let count = self.unique_ids().len();
        if (1..=MAX_BULK_IDS).contains(&count) {
            Vec::new()
        } else {
            vec![FieldError::new(
                Field::Ids,
                Problem::OutOfRange {
                    min: 1,
                    max: MAX_BULK_IDS as u64,
                },
            )]
        }
    }
}

impl RollbackRequest {
    pub fn problems(&self) -> Vec<FieldError> {
        crate::validate::check_id(Field::VolumeId, &self.volume_id)
            .err()
            .into_iter()
            .collect()
    }
}

/// Why the console will not ask the cloud to delete or roll back a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Its status does not allow it (e.g. `creating`).
    WrongStatus {
        status: String,
    },
    /// Made by a backup service (`autobk_snapshot_*` or flagged so): that service owns it.
    AutoBackup,
    /// A rollback to a volume other than the snapshot's own.
    WrongVolume {
        volume_id: String,
    },
    NotFound,
    /// The provider deletes a batch all or nothing, and these ids in it are refused.
    BlockedByBatch {
        blocking: Vec<String>,
    },
}

pub mod refusal_codes {
    pub const WRONG_STATUS: &str = "wrong_status";
    pub const AUTO_BACKUP: &str = "auto_backup";
    pub const WRONG_VOLUME: &str = "wrong_volume";
    pub const NOT_FOUND: &str = "not_found";
    pub const BLOCKED_BY_BATCH: &str = "blocked_by_batch";
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::WrongStatus { .. } => refusal_codes::WRONG_STATUS,
            Refusal::AutoBackup => refusal_codes::AUTO_BACKUP,
            Refusal::WrongVolume { .. } => refusal_codes::WRONG_VOLUME,
            Refusal::NotFound => refusal_codes::NOT_FOUND,
            Refusal::BlockedByBatch { .. } => refusal_codes::BLOCKED_BY_BATCH,
        }
    }

    /// The English sentence; `action` is "deleted" or "rolled back".
    pub fn message(&self, action: &str) -> String {
        match self {
            Refusal::WrongStatus { status } => format!(
                "The snapshot is {status}; only an available snapshot{} can be {action}.",
                if action == DELETED { " or one in error" } else { "" }
            ),
            Refusal::AutoBackup => format!(
                "The snapshot was made by the backup service, which manages it; it cannot be {action} here."
            ),
            Refusal::WrongVolume { volume_id } => format!(
                "A snapshot can only be rolled back to the volume it was taken from, not to {volume_id}."
            ),
            Refusal::NotFound => "There is no such snapshot.".to_owned(),
            Refusal::BlockedByBatch { blocking } => format!(
                "This cloud deletes a batch all or nothing, and {} cannot be deleted.",
                blocking.join(", ")
            ),
        }
    }
}

pub const DELETED: &str = "deleted";
pub const ROLLED_BACK: &str = "rolled back";

/// Made by a backup service: by its flag or by the name the backup service gives.
pub fn is_auto_backup(snapshot: &Snapshot) -> bool {
    snapshot.auto_backup || is_reserved_name(&snapshot.name)
}

/// Why this snapshot may not be deleted, if it may not.
pub fn deletion_refusal(snapshot: &Snapshot) -> Option<Refusal> {
    if is_auto_backup(snapshot) {
        return Some(Refusal::AutoBackup);
    }
    match snapshot.status {
        SnapshotStatus::Available | SnapshotStatus::Error => None,
        ref other => Some(Refusal::WrongStatus {
            status: other.as_str().to_owned(),
        }),
    }
}

/// Why this snapshot may not be rolled back onto `volume_id`, if it may not.
pub fn rollback_refusal(snapshot: &Snapshot, volume_id: &str) -> Option<Refusal> {
    if is_auto_backup(snapshot) {
        return Some(Refusal::AutoBackup);
    }
    if snapshot.status != SnapshotStatus::Available {
        return Some(Refusal::WrongStatus {
            status: snapshot.status.as_str().to_owned(),
        });
    }
    (snapshot.volume_id != volume_id).then(|| Refusal::WrongVolume {
        volume_id: volume_id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(status: &str, name: &str) -> Snapshot {
        serde_json::from_value(serde_json::json!({
            "id": "s-1", "name": name, "status": status, "provider_status": status,
            "size_gib": 1, "volume_id": "v-1", "created_at": "2024-01-01T00:00:00.000000"
        }))
        .unwrap()
    }

    #[test]
    fn deletion_rules() {
        assert_eq!(deletion_refusal(&snapshot("available", "n")), None);
        assert_eq!(deletion_refusal(&snapshot("error", "n")), None);
        let creating = deletion_refusal(&snapshot("creating", "n")).unwrap();
        assert_eq!(creating.code(), "wrong_status");
        assert!(creating.message(DELETED).contains("creating"));
        assert_eq!(
            deletion_refusal(&snapshot("available", "autobk_snapshot_1")),
            Some(Refusal::AutoBackup)
        );
        let mut flagged = snapshot("available", "n");
        flagged.auto_backup = true;
        assert_eq!(deletion_refusal(&flagged), Some(Refusal::AutoBackup));
    }

    #[test]
    fn rollback_rules() {
        assert_eq!(rollback_refusal(&snapshot("available", "n"), "v-1"), None);
        assert_eq!(
            rollback_refusal(&snapshot("available", "n"), "v-2").map(|r| r.code()),
            Some("wrong_volume")
        );
        assert_eq!(
            rollback_refusal(&snapshot("error", "n"), "v-1").map(|r| r.code()),
            Some("wrong_status")
        );
    }

    #[test]
    fn bulk_requests() {
        let request: BulkDeleteRequest =
            serde_json::from_str(r#"{"ids": ["a", "b", "a"]}"#).unwrap();
        assert!(!request.preview);
        assert_eq!(request.unique_ids().len(), 2);
        assert!(request.problems().is_empty());
        let none: BulkDeleteRequest = serde_json::from_str(r#"{"ids": []}"#).unwrap();
        assert_eq!(none.problems()[0].field, Field::Ids);
        assert!(serde_json::from_str::<BulkDeleteRequest>(r#"{"ids": ["a/b"]}"#).is_err());
        let reply = BulkDeleteReply {
            preview: true,
            results: vec![BulkResult {
                id: "a".into(),
                outcome: Outcome::Deleting,
                code: None,
                message: None,
            }],
        };
        assert_eq!(
            serde_json::to_value(&reply).unwrap(),
            serde_json::json!({"preview": true, "results": [{"id": "a", "outcome": "deleting", "code": null, "message": null}]})
        );
    }
}
