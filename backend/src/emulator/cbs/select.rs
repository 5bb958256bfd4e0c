//! What a `DescribeSnapshots` call asks for, in either API version: ids or filters, order and
//! page. API 2.0's parameters are expressed in 3.0's filter names.

use crate::cloud::cbs::wire::{self as cbs, CbsState, SnapshotV3};

/// The filters API 3.0 documents for `DescribeSnapshots`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterName {
    SnapshotId,
    SnapshotName,
    SnapshotState,
    DiskUsage,
    ProjectId,
    DiskId,
    Encrypt,
    SnapshotType,
}

/// Every snapshot of the emulated tenant is its own (none is shared with it).
const SNAPSHOT_TYPE: &str = "PRIVATE_SNAPSHOT";

impl FilterName {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "snapshot-id" => Self::SnapshotId,
            "snapshot-name" => Self::SnapshotName,
            "snapshot-state" => Self::SnapshotState,
            "disk-usage" => Self::DiskUsage,
            "project-id" => Self::ProjectId,
            "disk-id" => Self::DiskId,
            "encrypt" => Self::Encrypt,
            "snapshot-type" => Self::SnapshotType,
            _ => return None,
        })
    }

    /// Whether `value` is one this filter can take (enumerated filters only; ids and names
    /// take anything, and an unknown one matches nothing).
    pub fn accepts(self, value: &str) -> bool {
        match self {
            Self::SnapshotState => CbsState::ALL.iter().any(|state| state.as_str() == value),
            Self::DiskUsage => shared::api::DiskUsage::parse(value).is_some(),
            Self::ProjectId => !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
            Self::Encrypt => matches!(value, "TRUE" | "FALSE"),
            Self::SnapshotType => matches!(value, "PRIVATE_SNAPSHOT" | "SHARED_SNAPSHOT"),
            Self::SnapshotId | Self::SnapshotName | Self::DiskId => true,
        }
    }

    /// Exact match on the snapshot's field.
    fn matches(self, snapshot: &SnapshotV3, value: &str) -> bool {
        match self {
            Self::SnapshotId => snapshot.snapshot_id == value,
            Self::SnapshotName => snapshot.snapshot_name == value,
            Self::SnapshotState => snapshot.snapshot_state == value,
            Self::DiskUsage => snapshot.disk_usage == value,
            Self::ProjectId => snapshot.placement.project_id == value,
            Self::DiskId => snapshot.disk_id == value,
            Self::Encrypt => (if snapshot.encrypt { "TRUE" } else { "FALSE" }) == value,
            Self::SnapshotType => value == SNAPSHOT_TYPE,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    Asc,
    /// Newest first: what the console shows and the emulator's default.
    #[default]
    Desc,
}

/// A checked request: what to select and which page of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// `SnapshotIds` (3.0) or `snapshotIds.n` (2.0): any of these.
    pub snapshot_ids: Option<Vec<String>>,
    /// AND across filters, OR within one filter's values.
    pub filters: Vec<(FilterName, Vec<String>)>,
    pub offset: u64,
    pub limit: u64,
    pub order: Order,
}

impl Default for Selection {
    fn default() -> Self {
        Self {
            snapshot_ids: None,
            filters: Vec::new(),
            offset: 0,
            limit: cbs::DEFAULT_LIMIT,
            order: Order::Desc,
        }
    }
}

impl Selection {
    pub fn matches(&self, snapshot: &SnapshotV3) -> bool {
        let id_ok = self
            .snapshot_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&snapshot.snapshot_id));
        id_ok
            && self
                .filters
                .iter()
                .all(|(name, values)| values.iter().any(|value| name.matches(snapshot, value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::cbs::wire::Placement;

    fn snapshot() -> SnapshotV3 {
        SnapshotV3 {
            snapshot_id: "snap-abcd1234".into(),
            disk_id: "disk-abcd1234".into(),
            snapshot_name: "备份".into(),
            snapshot_state: "NORMAL".into(),
            percent: 100,
            disk_size: 10,
            create_time: "2024-01-01 00:00:00".into(),
            disk_usage: "DATA_DISK".into(),
            placement: Placement {
                project_id: "0".into(),
                zone: "ap-guangzhou-3".into(),
            },
            encrypt: false,
            is_permanent: true,
            deadline_time: None,
        }
    }

    #[test]
    fn every_filter_name_parses_and_matches_its_field() {
        let cases = [
            ("snapshot-id", "snap-abcd1234"),
            ("snapshot-name", "备份"),
            ("snapshot-state", "NORMAL"),
            ("disk-usage", "DATA_DISK"),
            ("project-id", "0"),
            ("disk-id", "disk-abcd1234"),
            ("encrypt", "FALSE"),
            ("snapshot-type", "PRIVATE_SNAPSHOT"),
        ];
        for (name, value) in cases {
            let filter = FilterName::parse(name).unwrap();
            assert!(filter.accepts(value), "{name}");
            assert!(filter.matches(&snapshot(), value), "{name}");
        }
        assert_eq!(FilterName::parse("zone"), None);
        assert_eq!(FilterName::parse("Snapshot-Id"), None);
    }

    #[test]
    fn enumerated_values_are_checked() {
        assert!(!FilterName::DiskUsage.accepts("root"));
        assert!(!FilterName::SnapshotState.accepts("normal"));
        assert!(!FilterName::ProjectId.accepts("-1"));
        assert!(!FilterName::ProjectId.accepts(""));
        assert!(!FilterName::Encrypt.accepts("true"));
        assert!(FilterName::SnapshotName.accepts(""));
    }

    #[test]
    fn and_across_or_within() {
        let selection = |filters: Vec<(FilterName, Vec<&str>)>| Selection {
            filters: filters
                .into_iter()
                .map(|(n, v)| (n, v.into_iter().map(String::from).collect()))
                .collect(),
            ..Selection::default()
        };
        let s = snapshot();
        assert!(selection(vec![(
            FilterName::DiskUsage,
            vec!["SYSTEM_DISK", "DATA_DISK"]
        )])
        .matches(&s));
        assert!(!selection(vec![
            (FilterName::DiskUsage, vec!["DATA_DISK"]),
            (FilterName::ProjectId, vec!["7"]),
        ])
        .matches(&s));
        assert!(!selection(vec![(FilterName::SnapshotName, vec![])]).matches(&s));
        assert!(Selection::default().matches(&s));
        let by_ids = Selection {
            snapshot_ids: Some(vec!["snap-x".into()]),
            ..Selection::default()
        };
        assert!(!by_ids.matches(&s));
    }
}
