//! The console's list query as a CBS `DescribeSnapshots` request: API 3.0's body or API 2.0's
//! parameters. Pure; every problem with the query is reported at once, before any call.

use shared::api::ListQuery;
use shared::lifecycle::RollbackRequest;
use shared::snapshot::{NewSnapshot, SnapshotChanges};
use shared::validate::{self, excerpt, Field, FieldError, Problem};
use shared::{SnapshotId, SnapshotStatus};

use super::map::{deadline, state_for_status as state_of};
use super::wire::{
    self as cbs, disk_type_v2, ApplySnapshotRequest, CreateSnapshotRequest, DeleteSnapshotsRequest,
    DescribeDisksRequest, DescribeSnapshotsRequest, Filter, ModifySnapshotAttributeRequest,
};

/// Newest first, as the EVS console lists.
const ORDER: &str = "DESC";
const ORDER_FIELD: &str = "CREATE_TIME";

/// API 3.0's state word for a shared status; only the three CBS documents have one.
pub fn state_for_status(status: &SnapshotStatus) -> Result<&'static str, FieldError> {
    state_of(status).map(|state| state.as_str()).ok_or_else(|| {
        FieldError::new(
            Field::Status,
            Problem::UnknownValue {
                value: excerpt(status.as_str(), 32),
            },
        )
    })
}

/// Paging both versions share: CBS pages by number (no marker) of at most 100.
fn paging(query: &ListQuery, errors: &mut Vec<FieldError>) -> (u64, u64) {
    if query.marker.is_some() {
        errors.push(FieldError::new(Field::Marker, Problem::Unsupported));
    }
    let limit = query.limit.unwrap_or(cbs::DEFAULT_LIMIT);
    if let Err(error) = validate::check_limit(limit, cbs::MAX_LIMIT) {
        errors.push(error);
    }
    (query.offset.unwrap_or(0), limit)
}

fn finish<T>(value: T, errors: Vec<FieldError>) -> Result<T, Vec<FieldError>> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

fn filter(name: &str, value: impl Into<String>) -> Filter {
    Filter {
        name: name.to_owned(),
        values: vec![value.into()],
    }
}

/// API 3.0: the list query as `Filters` (AND-ed), `Offset`, `Limit`, newest first.
pub fn v3_list(query: &ListQuery) -> Result<DescribeSnapshotsRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let (offset, limit) = paging(query, &mut errors);
    let mut filters = Vec::new();
    if let Some(name) = &query.name {
        filters.push(filter("snapshot-name", name.as_str()));
    }
    if let Some(status) = &query.status {
        match state_for_status(status) {
            Ok(state) => filters.push(filter("snapshot-state", state)),
            Err(error) => errors.push(error),
        }
    }
    if let Some(volume_id) = &query.volume_id {
        filters.push(filter("disk-id", volume_id.as_str()));
    }
    if let Some(usage) = query.disk_usage {
        filters.push(filter("disk-usage", usage.as_str()));
    }
    if let Some(project_id) = query.project_id {
        filters.push(filter("project-id", project_id.to_string()));
    }
    let request = DescribeSnapshotsRequest {
        snapshot_ids: None,
        filters: (!filters.is_empty()).then_some(filters),
        offset: Some(offset),
        limit: Some(limit),
        order: Some(ORDER.to_owned()),
        order_field: Some(ORDER_FIELD.to_owned()),
    };
    finish(request, errors)
}

/// API 3.0: one snapshot by id.
pub fn v3_get(id: &SnapshotId) -> DescribeSnapshotsRequest {
    DescribeSnapshotsRequest {
        snapshot_ids: Some(vec![id.as_str().to_owned()]),
        ..DescribeSnapshotsRequest::default()
    }
}

/// `DescribeDisks`: one page of the disk picker.
pub fn v3_disks(offset: u64) -> DescribeDisksRequest {
    DescribeDisksRequest {
        offset: Some(offset),
        limit: Some(cbs::MAX_LIMIT),
        ..DescribeDisksRequest::default()
    }
}

/// `CreateSnapshot`, from a create body the service has checked with CBS's rules.
pub fn v3_create(new: &NewSnapshot) -> CreateSnapshotRequest {
    CreateSnapshotRequest {
        disk_id: new.volume_id.clone(),
        snapshot_name: new.name.clone(),
        deadline: new.expires_at.as_ref().and_then(deadline),
    }
}

/// `ModifySnapshotAttribute`: an expiry makes the snapshot non-permanent, as Tencent's console.
pub fn v3_modify(id: &SnapshotId, changes: &SnapshotChanges) -> ModifySnapshotAttributeRequest {
    let deadline = changes.expires_at.as_ref().and_then(deadline);
    ModifySnapshotAttributeRequest {
        snapshot_id: id.as_str().to_owned(),
        snapshot_name: changes.name.clone(),
        is_permanent: changes.permanent.or(deadline.is_some().then_some(false)),
        deadline,
    }
}

pub fn v3_delete(ids: &[SnapshotId]) -> DeleteSnapshotsRequest {
    DeleteSnapshotsRequest {
        snapshot_ids: ids.iter().map(|id| id.as_str().to_owned()).collect(),
        delete_bind_images: None,
    }
}

pub fn v3_apply(id: &SnapshotId, request: &RollbackRequest) -> ApplySnapshotRequest {
    ApplySnapshotRequest {
        snapshot_id: id.as_str().to_owned(),
        disk_id: request.volume_id.clone(),
        auto_stop_instance: request.stop_instance.then_some(true),
        auto_start_instance: request.start_instance.then_some(true),
    }
}

/// API 2.0: the list query as the seed's parameters (without the common ones the signer adds).
/// 2.0 cannot filter by name or status: rather than filter one page here (and get the counts
/// wrong), those are refused.
pub fn v2_list(query: &ListQuery) -> Result<Vec<(String, String)>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let (offset, limit) = paging(query, &mut errors);
    if query.name.is_some() {
        errors.push(FieldError::new(Field::Name, Problem::Unsupported));
    }
    if query.status.is_some() {
        errors.push(FieldError::new(Field::Status, Problem::Unsupported));
    }
    let mut params = Vec::new();
    if let Some(volume_id) = &query.volume_id {
        params.push(("storageIds.0".to_owned(), volume_id.clone()));
    }
    if let Some(usage) = query.disk_usage {
        params.push(("diskType".to_owned(), disk_type_v2(usage).to_owned()));
    }
    if let Some(project_id) = query.project_id {
        params.push(("projectId".to_owned(), project_id.to_string()));
    }
    params.push(("offset".to_owned(), offset.to_string()));
    params.push(("limit".to_owned(), limit.to_string()));
    finish(params, errors)
}

/// API 2.0: one snapshot by id.
pub fn v2_get(id: &SnapshotId) -> Vec<(String, String)> {
    vec![("snapshotIds.0".to_owned(), id.as_str().to_owned())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::api::DiskUsage;

    fn pairs(params: &[(String, String)]) -> Vec<(&str, &str)> {
        params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn v3_defaults_page_newest_first() {
        let request = v3_list(&ListQuery::default()).unwrap();
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"Offset":0,"Limit":20,"Order":"DESC","OrderField":"CREATE_TIME"}"#
        );
    }

    #[test]
    fn v3_every_filter() {
        let query = ListQuery {
            offset: Some(40),
            limit: Some(100),
            name: Some("备份 1".into()),
            status: Some(SnapshotStatus::Creating),
            volume_id: Some("disk-abcd1234".into()),
            disk_usage: Some(DiskUsage::SystemDisk),
            project_id: Some(1142018),
            ..ListQuery::default()
        };
        let request = v3_list(&query).unwrap();
        let filters: Vec<(String, Vec<String>)> = request
            .filters
            .unwrap()
            .into_iter()
            .map(|f| (f.name, f.values))
            .collect();
        assert_eq!(
            filters,
            [
                ("snapshot-name".to_owned(), vec!["备份 1".to_owned()]),
                ("snapshot-state".to_owned(), vec!["CREATING".to_owned()]),
                ("disk-id".to_owned(), vec!["disk-abcd1234".to_owned()]),
                ("disk-usage".to_owned(), vec!["SYSTEM_DISK".to_owned()]),
                ("project-id".to_owned(), vec!["1142018".to_owned()]),
            ]
        );
        assert_eq!((request.offset, request.limit), (Some(40), Some(100)));
        assert_eq!(request.snapshot_ids, None);
    }

    #[test]
    fn statuses_cbs_has() {
        assert_eq!(state_for_status(&SnapshotStatus::Available), Ok("NORMAL"));
        assert_eq!(
            state_for_status(&SnapshotStatus::Rollbacking),
            Ok("ROLLBACKING")
        );
        let error = state_for_status(&SnapshotStatus::Deleting).unwrap_err();
        assert_eq!(error.field, Field::Status);
        assert_eq!(
            error.to_string(),
            "Status \"deleting\" is not a valid choice."
        );
    }

    #[test]
    fn v3_reports_every_problem() {
        let query = ListQuery {
            marker: Some("snap-abcd1234".into()),
            limit: Some(101),
            status: Some(SnapshotStatus::Error),
            ..ListQuery::default()
        };
        let errors = v3_list(&query).unwrap_err();
        assert_eq!(
            errors,
            [
                FieldError::new(Field::Marker, Problem::Unsupported),
                FieldError::new(Field::Limit, Problem::OutOfRange { min: 1, max: 100 }),
                FieldError::new(
                    Field::Status,
                    Problem::UnknownValue {
                        value: "error".into()
                    }
                ),
            ]
        );
    }

    #[test]
    fn get_by_id() {
        let id = SnapshotId::parse("snap-abcd1234").unwrap();
        assert_eq!(
            serde_json::to_string(&v3_get(&id)).unwrap(),
            r#"{"SnapshotIds":["snap-abcd1234"]}"#
        );
        assert_eq!(pairs(&v2_get(&id)), [("snapshotIds.0", "snap-abcd1234")]);
    }

    #[test]
    fn v2_uses_the_seed_parameters() {
        let query = ListQuery {
            offset: Some(20),
            limit: Some(10),
            volume_id: Some("disk-abcd1234".into()),
            disk_usage: Some(DiskUsage::DataDisk),
            project_id: Some(0),
            ..ListQuery::default()
        };
        assert_eq!(
            pairs(&v2_list(&query).unwrap()),
            [
                ("storageIds.0", "disk-abcd1234"),
                ("diskType", "data"),
                ("projectId", "0"),
                ("offset", "20"),
                ("limit", "10"),
            ]
        );
        assert_eq!(
            pairs(&v2_list(&ListQuery::default()).unwrap()),
            [("offset", "0"), ("limit", "20")]
        );
    }

    #[test]
    fn v2_refuses_what_it_cannot_filter() {
        let query = ListQuery {
            name: Some("x".into()),
            status: Some(SnapshotStatus::Available),
            limit: Some(500),
            ..ListQuery::default()
        };
        let fields: Vec<(Field, Problem)> = v2_list(&query)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            fields,
            [
                (Field::Limit, Problem::OutOfRange { min: 1, max: 100 }),
                (Field::Name, Problem::Unsupported),
                (Field::Status, Problem::Unsupported),
            ]
        );
    }
}
