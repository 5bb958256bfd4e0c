//! API 3.0 `DescribeSnapshots` parameters (a JSON body or the SDK's flattened query, read by
//! [`super::input`]) checked into a [`Selection`] with Tencent's error codes; the error type
//! every 3.0 action answers with.

use crate::cloud::cbs::wire::{self as cbs, DescribeSnapshotsRequest};
use shared::validate::excerpt;

use crate::emulator::cbs::select::{FilterName, Order, Selection};

/// An API 3.0 error: `Response.Error.{Code, Message}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// Most ids one call may name (Tencent's limit for `SnapshotIds`).
const MAX_SNAPSHOT_IDS: usize = 100;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidParameter", message)
}

fn invalid_value(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidParameterValue", message)
}

/// `Limit`: 1 to 100, 20 when absent (every paged CBS action).
pub fn page_limit(limit: Option<u64>) -> Result<u64, ApiError> {
    let limit = limit.unwrap_or(cbs::DEFAULT_LIMIT);
    if limit > cbs::MAX_LIMIT {
        return Err(ApiError::new(
            "InvalidParameterValue.LimitExceeded",
            format!(
                "The value of `Limit` ({limit}) exceeds the maximum of {}.",
                cbs::MAX_LIMIT
            ),
        ));
    }
    if limit == 0 {
        return Err(invalid_value(format!(
            "`Limit` must be between 1 and {}.",
            cbs::MAX_LIMIT
        )));
    }
    Ok(limit)
}

/// Checks a request as CBS does: ids or filters, not both; known filters with valid values;
/// `Limit` 1 to 100 (20 when absent); `Order` and `OrderField`.
pub fn selection(request: DescribeSnapshotsRequest) -> Result<Selection, ApiError> {
    let ids = request.snapshot_ids.filter(|ids| !ids.is_empty());
    let filters = request.filters.filter(|filters| !filters.is_empty());
    if ids.is_some() && filters.is_some() {
        return Err(invalid(
            "The parameters `SnapshotIds` and `Filters` cannot be specified at the same time.",
        ));
    }
    if ids.as_ref().is_some_and(|ids| ids.len() > MAX_SNAPSHOT_IDS) {
        return Err(ApiError::new(
            "InvalidParameterValue.LimitExceeded",
            format!("`SnapshotIds` names at most {MAX_SNAPSHOT_IDS} snapshots."),
        ));
    }
    let mut checked = Vec::new();
    for filter in filters.unwrap_or_default() {
        let name = FilterName::parse(&filter.name).ok_or_else(|| {
            let shown = excerpt(&filter.name, 64);
            ApiError::new(
                "InvalidFilter",
                format!("The filter `{shown}` is not supported."),
            )
        })?;
        if filter.values.is_empty() {
            return Err(invalid_value(format!(
                "The filter `{}` has no values.",
                filter.name
            )));
        }
        if let Some(bad) = filter.values.iter().find(|value| !name.accepts(value)) {
            let shown = excerpt(bad, 64);
            return Err(invalid_value(format!(
                "The value `{shown}` is not valid for the filter `{}`.",
                filter.name
            )));
        }
        checked.push((name, filter.values));
    }
    let limit = page_limit(request.limit)?;
    let order = match request.order.as_deref() {
        None | Some("DESC") => Order::Desc,
        Some("ASC") => Order::Asc,
        Some(other) => {
            let shown = excerpt(other, 32);
            return Err(invalid_value(format!(
                "`Order` must be ASC or DESC, not `{shown}`."
            )));
        }
    };
    if let Some(field) = request.order_field.as_deref() {
        if field != "CREATE_TIME" {
            let shown = excerpt(field, 32);
            return Err(invalid_value(format!(
                "`OrderField` must be CREATE_TIME, not `{shown}`."
            )));
        }
    }
    Ok(Selection {
        snapshot_ids: ids,
        filters: checked,
        offset: request.offset.unwrap_or(0),
        limit,
        order,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::cbs::wire::Action;
    use crate::cloud::signing::testdata::pairs;
    use crate::emulator::cbs::v3::input;

    /// A POST body as the handler reads it.
    fn from_json(body: &[u8]) -> Result<DescribeSnapshotsRequest, ApiError> {
        input::read(Action::DescribeSnapshots, &input::parse_body(body)?)
    }

    /// A GET's flattened query as the handler reads it.
    fn from_flat(pairs: &[(String, String)]) -> Result<DescribeSnapshotsRequest, ApiError> {
        input::read(Action::DescribeSnapshots, &input::unflatten(pairs)?)
    }

    fn code(result: Result<impl std::fmt::Debug, ApiError>) -> &'static str {
        result.unwrap_err().code
    }

    #[test]
    fn sdk_json_bodies() {
        // The bodies of the vendor vectors (Python's json.dumps, with its spaces and escapes).
        let body = br#"{"Filters": [{"Name": "disk-usage", "Values": ["DATA_DISK"]}, {"Name": "snapshot-name", "Values": ["\u5907\u4efd \u5feb\u7167 \u00fc"]}], "OrderField": "CREATE_TIME", "Order": "DESC"}"#;
        let selection = selection(from_json(body).unwrap()).unwrap();
        assert_eq!(
            selection.filters,
            [
                (FilterName::DiskUsage, vec!["DATA_DISK".to_owned()]),
                (FilterName::SnapshotName, vec!["备份 快照 ü".to_owned()]),
            ]
        );
        assert_eq!(selection.order, Order::Desc);
        assert_eq!(selection.limit, 20);
        let paging = super::selection(from_json(br#"{"Limit": 2, "Offset": 4}"#).unwrap()).unwrap();
        assert_eq!((paging.offset, paging.limit), (4, 2));
        assert_eq!(from_json(b"").unwrap(), DescribeSnapshotsRequest::default());
        assert_eq!(
            from_json(b"{}").unwrap(),
            DescribeSnapshotsRequest::default()
        );
    }

    #[test]
    fn bad_json_bodies() {
        assert_eq!(code(from_json(b"{")), "InvalidParameter");
        assert_eq!(code(from_json(b"[]")), "InvalidParameter");
        assert_eq!(code(from_json(br#"{"Limit": "ten"}"#)), "InvalidParameter");
        assert_eq!(code(from_json(br#"{"Offset": -1}"#)), "InvalidParameter");
        let error = from_json(br#"{"Limit": 1, "Colour": "red"}"#).unwrap_err();
        assert_eq!(error.code, "UnknownParameter");
        assert!(error.message.contains("Colour"), "{}", error.message);
    }

    #[test]
    fn flattened_query() {
        let request = from_flat(&pairs(&[
            ("Filters.0.Name", "disk-usage"),
            ("Filters.0.Values.0", "DATA_DISK"),
            ("Filters.0.Values.1", "SYSTEM_DISK"),
            ("Filters.1.Name", "project-id"),
            ("Filters.1.Values.0", "0"),
            ("Limit", "20"),
            ("Offset", "40"),
            ("Order", "ASC"),
        ]))
        .unwrap();
        let filters = request.filters.clone().unwrap();
        assert_eq!(filters[0].values, ["DATA_DISK", "SYSTEM_DISK"]);
        assert_eq!(filters[1].name, "project-id");
        let selection = selection(request).unwrap();
        assert_eq!((selection.offset, selection.limit), (40, 20));
        assert_eq!(selection.order, Order::Asc);
        let ids = from_flat(&pairs(&[
            ("SnapshotIds.1", "snap-b"),
            ("SnapshotIds.0", "snap-a"),
        ]))
        .unwrap();
        assert_eq!(ids.snapshot_ids.unwrap(), ["snap-a", "snap-b"]);
    }

    #[test]
    fn bad_flattened_queries() {
        assert_eq!(
            code(from_flat(&pairs(&[("Limit", "x")]))),
            "InvalidParameter"
        );
        assert_eq!(
            code(from_flat(&pairs(&[("limit", "1")]))),
            "UnknownParameter"
        );
        assert_eq!(
            code(from_flat(&pairs(&[("Filters.x.Name", "a")]))),
            "UnknownParameter"
        );
        assert_eq!(
            code(from_flat(&pairs(&[("Filters.0.Values.0", "a")]))),
            "MissingParameter"
        );
        assert_eq!(
            code(from_flat(&pairs(&[("Limit", "1"), ("Limit", "2")]))),
            "InvalidParameter"
        );
    }

    #[test]
    fn checks_as_cbs_does() {
        let request = |json: &str| selection(from_json(json.as_bytes()).unwrap());
        assert_eq!(
            code(request(r#"{"Limit": 101}"#)),
            "InvalidParameterValue.LimitExceeded"
        );
        assert_eq!(code(request(r#"{"Limit": 0}"#)), "InvalidParameterValue");
        assert_eq!(request(r#"{"Limit": 100}"#).unwrap().limit, 100);
        assert_eq!(
            code(request(
                r#"{"SnapshotIds": ["snap-a"], "Filters": [{"Name": "disk-id", "Values": ["d"]}]}"#
            )),
            "InvalidParameter"
        );
        assert_eq!(
            code(request(
                r#"{"Filters": [{"Name": "zone", "Values": ["x"]}]}"#
            )),
            "InvalidFilter"
        );
        assert_eq!(
            code(request(
                r#"{"Filters": [{"Name": "disk-usage", "Values": ["root"]}]}"#
            )),
            "InvalidParameterValue"
        );
        assert_eq!(
            code(request(
                r#"{"Filters": [{"Name": "disk-id", "Values": []}]}"#
            )),
            "InvalidParameterValue"
        );
        assert_eq!(
            code(request(r#"{"Order": "NEWEST"}"#)),
            "InvalidParameterValue"
        );
        assert_eq!(
            code(request(r#"{"OrderField": "DISK_SIZE"}"#)),
            "InvalidParameterValue"
        );
        let ids: Vec<String> = (0..101).map(|i| format!("snap-{i:08}")).collect();
        let too_many = DescribeSnapshotsRequest {
            snapshot_ids: Some(ids),
            ..DescribeSnapshotsRequest::default()
        };
        assert_eq!(
            code(selection(too_many)),
            "InvalidParameterValue.LimitExceeded"
        );
        // Empty lists count as absent.
        let empty = request(r#"{"SnapshotIds": [], "Filters": []}"#).unwrap();
        assert_eq!(empty, Selection::default());
    }
}
