//! API 2.0 `DescribeSnapshots` (seed 003): the seed's parameters checked into a [`Selection`]
//! with 2.0's error codes, and 3.0 snapshots written back in 2.0's shape.

use std::collections::BTreeMap;

use crate::cloud::cbs::wire::{self as cbs, SnapshotV2, SnapshotV3};
use shared::api::DiskUsage;
use shared::validate::excerpt;

use crate::emulator::cbs::select::{FilterName, Order, Selection};

/// An API 2.0 error: HTTP 200 with `{"code", "message", "codeDesc"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: i64,
    pub code_desc: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(code: i64, code_desc: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            code_desc,
            message: message.into(),
        }
    }
}

/// Seed 003's only business error: 9003 InvalidParameter.
fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(9003, "InvalidParameter", message)
}

/// 2.0 accepts `_` for `.` in keys (`storageIds_0`); the signature covers the dotted form.
pub fn normalise_key(key: &str) -> String {
    key.replace('_', ".")
}

/// The seed's filters and paging. Common parameters (`Action`, `Region`, `Nonce`, …) and any
/// other unknown ones are left to the caller and otherwise ignored, as 2.0 did.
pub fn selection(pairs: &[(String, String)]) -> Result<Selection, ApiError> {
    let mut storage_ids: BTreeMap<u64, String> = BTreeMap::new();
    let mut snapshot_ids: BTreeMap<u64, String> = BTreeMap::new();
    let mut selection = Selection::default();
    for (key, value) in pairs {
        let key = normalise_key(key);
        let index = |rest: &str| {
            rest.parse::<u64>()
                .map_err(|_| invalid(format!("{key} is not a valid list parameter")))
        };
        if let Some(rest) = key.strip_prefix("storageIds.") {
            storage_ids.insert(index(rest)?, value.clone());
            continue;
        }
        if let Some(rest) = key.strip_prefix("snapshotIds.") {
            snapshot_ids.insert(index(rest)?, value.clone());
            continue;
        }
        match key.as_str() {
            "diskType" => {
                let usage = cbs::disk_usage_from_v2(value).ok_or_else(|| {
                    let shown = excerpt(value, 32);
                    invalid(format!("diskType must be root or data, not {shown:?}"))
                })?;
                selection
                    .filters
                    .push((FilterName::DiskUsage, vec![usage.as_str().to_owned()]));
            }
            "projectId" => {
                let project: u64 = integer(&key, value)?;
                selection
                    .filters
                    .push((FilterName::ProjectId, vec![project.to_string()]));
            }
            "offset" => selection.offset = integer(&key, value)?,
            "limit" => {
                let limit = integer(&key, value)?;
                if !(1..=cbs::MAX_LIMIT).contains(&limit) {
                    return Err(invalid(format!(
                        "limit must be between 1 and {}, not {limit}",
                        cbs::MAX_LIMIT
                    )));
                }
                selection.limit = limit;
            }
            _ => {}
        }
    }
    if !storage_ids.is_empty() {
        selection
            .filters
            .push((FilterName::DiskId, storage_ids.into_values().collect()));
    }
    if !snapshot_ids.is_empty() {
        selection.snapshot_ids = Some(snapshot_ids.into_values().collect());
    }
    selection.order = Order::Desc;
    Ok(selection)
}

fn integer(key: &str, value: &str) -> Result<u64, ApiError> {
    value.parse().map_err(|_| {
        let shown = excerpt(value, 32);
        invalid(format!(
            "{key} must be a non-negative integer, not {shown:?}"
        ))
    })
}

/// A snapshot in 2.0's words: lower-case status, `root`/`data`, `createTime` as the seed's
/// sample writes it (Beijing time text).
pub fn snapshot_v2(snapshot: SnapshotV3) -> SnapshotV2 {
    SnapshotV2 {
        snapshot_status: snapshot.snapshot_state.to_ascii_lowercase(),
        disk_type: match DiskUsage::parse(&snapshot.disk_usage) {
            Some(usage) => cbs::disk_type_v2(usage).to_owned(),
            None => snapshot.disk_usage.to_ascii_lowercase(),
        },
        snapshot_id: snapshot.snapshot_id,
        storage_id: snapshot.disk_id,
        snapshot_name: snapshot.snapshot_name,
        project_id: snapshot.placement.project_id,
        percent: snapshot.percent,
        storage_size: snapshot.disk_size,
        create_time: snapshot.create_time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::cbs::map;
    use crate::cloud::signing::testdata::pairs;

    #[test]
    fn seed_parameters() {
        let selection = selection(&pairs(&[
            ("Action", "DescribeSnapshots"),
            ("storageIds.1", "disk-bbbb2222"),
            ("storageIds_0", "disk-aaaa1111"),
            ("diskType", "data"),
            ("projectId", "0"),
            ("snapshotIds.0", "snap-1"),
            ("offset", "100"),
            ("limit", "100"),
            ("RequestClient", "SDK_PYTHON_2.0.15"),
        ]))
        .unwrap();
        assert_eq!(
            selection.filters,
            [
                (FilterName::DiskUsage, vec!["DATA_DISK".to_owned()]),
                (FilterName::ProjectId, vec!["0".to_owned()]),
                (
                    FilterName::DiskId,
                    vec!["disk-aaaa1111".to_owned(), "disk-bbbb2222".to_owned()]
                ),
            ]
        );
        assert_eq!(selection.snapshot_ids, Some(vec!["snap-1".to_owned()]));
        assert_eq!((selection.offset, selection.limit), (100, 100));
        let defaults = super::selection(&[]).unwrap();
        assert_eq!((defaults.offset, defaults.limit), (0, 20));
    }

    #[test]
    fn invalid_parameters_are_9003() {
        for bad in [
            ("limit", "101"),
            ("limit", "0"),
            ("limit", "x"),
            ("offset", "-1"),
            ("diskType", "DATA_DISK"),
            ("projectId", "abc"),
            ("storageIds.x", "disk-1"),
        ] {
            let error = selection(&pairs(&[bad])).unwrap_err();
            assert_eq!(
                (error.code, error.code_desc),
                (9003, "InvalidParameter"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn v2_shape_reads_back_to_the_same_snapshot() {
        use shared::snapshot::ProviderExtra;
        let v3 = crate::cloud::cbs::wire::SnapshotV3 {
            snapshot_id: "snap-abcd1234".into(),
            disk_id: "disk-abcd1234".into(),
            snapshot_name: "系统盘".into(),
            snapshot_state: "ROLLBACKING".into(),
            percent: 100,
            disk_size: 50,
            create_time: "2016-05-17 19:58:48".into(),
            disk_usage: "SYSTEM_DISK".into(),
            placement: crate::cloud::cbs::wire::Placement {
                project_id: "0".into(),
                zone: "ap-guangzhou-3".into(),
            },
            encrypt: false,
            is_permanent: true,
            deadline_time: None,
        };
        let v2 = snapshot_v2(v3.clone());
        assert_eq!(v2.snapshot_status, "rollbacking");
        assert_eq!(v2.disk_type, "root");
        let from_v2 = map::snapshot_from_v2(v2);
        let from_v3 = map::snapshot_from_v3(v3);
        assert_eq!(from_v2.status, from_v3.status);
        assert_eq!(from_v2.created_at, from_v3.created_at);
        assert_eq!(from_v2.volume_id, from_v3.volume_id);
        let (Some(ProviderExtra::Cbs(v2_extra)), Some(ProviderExtra::Cbs(v3_extra))) =
            (from_v2.extra, from_v3.extra)
        else {
            panic!("CBS snapshots carry CBS extras");
        };
        assert_eq!(v2_extra.project_id, v3_extra.project_id);
        assert_eq!(v2_extra.disk_usage, v3_extra.disk_usage);
    }
}
