//! The API 3.0 actions besides `DescribeSnapshots`: each body read with Tencent's parameter
//! checks (only the documented parameters, the required ones present, the right types), then
//! handed to the store.

use axum::response::Response;
use serde_json::Value;
use shared::validate::excerpt;

use super::input::read;
use super::params::ApiError;
use crate::cloud::cbs::wire::{
    Acknowledged, Action, ApplySnapshotRequest, CreateSnapshotRequest, CreateSnapshotResponse,
    DeleteSnapshotsRequest, DescribeDisksRequest, DescribeDisksResponse, DiskV3,
    ModifySnapshotAttributeRequest, Reply,
};
use crate::emulator::cbs::reply::json;
use crate::emulator::cbs::CbsEmulator;

fn acknowledged(request_id: String) -> Response {
    json(&Reply {
        response: Acknowledged { request_id },
    })
}

/// A new snapshot id, shaped like Tencent's: `snap-` and 8 of `a-z0-9`.
fn new_id() -> String {
    let hex = uuid::Uuid::new_v4().simple().to_string();
    format!("snap-{}", hex.get(..8).unwrap_or(&hex))
}

pub fn run(
    emulator: &CbsEmulator,
    action: Action,
    parameters: &Value,
    request_id: String,
) -> Result<Response, ApiError> {
    let now = emulator.now_micros();
    let settle = emulator.settle_micros();
    match action {
        Action::DescribeDisks => {
            let request: DescribeDisksRequest = read(action, parameters)?;
            let (total_count, disk_set) = describe_disks(&request, emulator.store().disks(now))?;
            Ok(json(&Reply {
                response: DescribeDisksResponse {
                    total_count,
                    disk_set,
                    request_id,
                },
            }))
        }
        Action::CreateSnapshot => {
            let request: CreateSnapshotRequest = read(action, parameters)?;
            let snapshot = emulator
                .store_mut()
                .create_snapshot(&request, new_id(), now, settle)?;
            Ok(json(&Reply {
                response: CreateSnapshotResponse {
                    snapshot_id: snapshot.snapshot_id,
                    request_id,
                },
            }))
        }
        Action::ModifySnapshotAttribute => {
            let request: ModifySnapshotAttributeRequest = read(action, parameters)?;
            emulator.store_mut().modify_snapshot(&request, now)?;
            Ok(acknowledged(request_id))
        }
        Action::DeleteSnapshots => {
            let request: DeleteSnapshotsRequest = read(action, parameters)?;
            emulator.store_mut().delete_snapshots(&request, now)?;
            Ok(acknowledged(request_id))
        }
        Action::ApplySnapshot => {
            let request: ApplySnapshotRequest = read(action, parameters)?;
            emulator.store_mut().apply_snapshot(&request, now, settle)?;
            Ok(acknowledged(request_id))
        }
        Action::DescribeSnapshots => Err(ApiError::new(
            "InternalError",
            "DescribeSnapshots is answered elsewhere.",
        )),
    }
}

/// The disk filters CBS documents that the emulator models.
const DISK_FILTERS: [&str; 8] = [
    "disk-id",
    "disk-name",
    "disk-state",
    "disk-usage",
    "instance-id",
    "zone",
    "project-id",
    "disk-type",
];

fn disk_field<'a>(disk: &'a DiskV3, filter: &str) -> Option<&'a str> {
    Some(match filter {
        "disk-id" => &disk.disk_id,
        "disk-name" => &disk.disk_name,
        "disk-state" => &disk.disk_state,
        "disk-usage" => &disk.disk_usage,
        "instance-id" => &disk.instance_id,
        "zone" => &disk.placement.zone,
        "project-id" => &disk.placement.project_id,
        "disk-type" => &disk.disk_type,
        _ => return None,
    })
}

/// `DescribeDisks`: ids or filters (AND across, OR within), then the page.
fn describe_disks(
    request: &DescribeDisksRequest,
    disks: Vec<DiskV3>,
) -> Result<(u64, Vec<DiskV3>), ApiError> {
    let ids = request.disk_ids.as_ref().filter(|ids| !ids.is_empty());
    let filters = request.filters.as_deref().unwrap_or_default();
    if ids.is_some() && !filters.is_empty() {
        return Err(ApiError::new(
            "InvalidParameter",
            "The parameters `DiskIds` and `Filters` cannot be specified at the same time.",
        ));
    }
    let limit = super::params::page_limit(request.limit)?;
    if let Some(filter) = filters
        .iter()
        .find(|filter| !DISK_FILTERS.contains(&filter.name.as_str()))
    {
        return Err(ApiError::new(
            "InvalidFilter",
            format!(
                "The filter `{}` is not supported.",
                excerpt(&filter.name, 64)
            ),
        ));
    }
    let matching: Vec<DiskV3> = disks
        .into_iter()
        .filter(|disk| ids.is_none_or(|ids| ids.contains(&disk.disk_id)))
        .filter(|disk| {
            filters.iter().all(|filter| {
                disk_field(disk, &filter.name)
                    .is_some_and(|field| filter.values.iter().any(|value| value == field))
            })
        })
        .collect();
    let total = matching.len() as u64;
    let offset = usize::try_from(request.offset.unwrap_or(0)).unwrap_or(usize::MAX);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    Ok((
        total,
        matching.into_iter().skip(offset).take(limit).collect(),
    ))
}
