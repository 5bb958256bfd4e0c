//! The console's operations, by one name each everywhere (routes, service, clients, emulators,
//! logs), and how an account pages. Which operations an account offers is decided by its
//! provider's one capability table and reported by `GET /api/v1/accounts`; the backend's
//! "not supported" answer and the console's hidden buttons both read that list.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    ListSnapshots,
    GetSnapshot,
    CreateSnapshot,
    UpdateSnapshot,
    DeleteSnapshot,
    RollbackSnapshot,
    ListVolumes,
}

impl Operation {
    pub const ALL: [Operation; 7] = [
        Operation::ListSnapshots,
        Operation::GetSnapshot,
        Operation::CreateSnapshot,
        Operation::UpdateSnapshot,
        Operation::DeleteSnapshot,
        Operation::RollbackSnapshot,
        Operation::ListVolumes,
    ];

    /// The one name: `list_snapshots`, `get_snapshot`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::ListSnapshots => "list_snapshots",
            Operation::GetSnapshot => "get_snapshot",
            Operation::CreateSnapshot => "create_snapshot",
            Operation::UpdateSnapshot => "update_snapshot",
            Operation::DeleteSnapshot => "delete_snapshot",
            Operation::RollbackSnapshot => "rollback_snapshot",
            Operation::ListVolumes => "list_volumes",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.as_str() == text)
    }

    /// What it does, in English, after "can" or "cannot": "create snapshots".
    pub fn describe(self) -> &'static str {
        match self {
            Operation::ListSnapshots => "list snapshots",
            Operation::GetSnapshot => "show a snapshot",
            Operation::CreateSnapshot => "create snapshots",
            Operation::UpdateSnapshot => "update snapshots",
            Operation::DeleteSnapshot => "delete snapshots",
            Operation::RollbackSnapshot => "roll back to a snapshot",
            Operation::ListVolumes => "list volumes",
        }
    }

    /// Changes something in the cloud (as opposed to reading).
    pub fn is_write(self) -> bool {
        matches!(
            self,
            Operation::CreateSnapshot
                | Operation::UpdateSnapshot
                | Operation::DeleteSnapshot
                | Operation::RollbackSnapshot
        )
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an account's snapshot list pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Paging {
    /// `marker` = the last id of the page before; no total (EVS).
    Marker,
    /// `offset` and `limit`, with the total count (CBS).
    Offset,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_per_operation() {
        for op in Operation::ALL {
            assert_eq!(Operation::parse(op.as_str()), Some(op));
            assert_eq!(
                serde_json::to_value(op).unwrap(),
                serde_json::Value::String(op.as_str().to_owned())
            );
        }
        assert_eq!(Operation::parse("create"), None);
        assert!(Operation::DeleteSnapshot.is_write());
        assert!(!Operation::ListVolumes.is_write());
    }
}
