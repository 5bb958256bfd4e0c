//! The list calls' query strings as EVS reads them, and the `next` link it writes.
//!
//! EVS (OpenStack Cinder underneath) ignores parameters it does not know and, when one is given
//! twice, takes the last. An empty `marker` counts as absent; any other empty value is used as
//! given (`name=` filters for snapshots without a name; `limit=` is not a number).

use shared::api::{encode_component, parse_query};
use shared::validate::{self, Field};

use super::fault::Fault;

/// `GET …/snapshots/detail` parameters, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SnapshotQuery {
    pub page: PageQuery,
    pub name: Option<String>,
    /// Any text: an unknown status simply matches nothing, as on EVS.
    pub status: Option<String>,
    pub volume_id: Option<String>,
}

/// Paging, shared by the snapshot and volume lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageQuery {
    pub marker: Option<String>,
    pub offset: u64,
    /// `None` when the client gave none: the page holds up to [`validate::MAX_LIMIT`] rows and
    /// carries no `next` link.
    pub limit: Option<u64>,
}

impl PageQuery {
    pub fn page_size(&self) -> u64 {
        self.limit.unwrap_or(validate::MAX_LIMIT)
    }
}

/// The last value given for each key, in order of first appearance.
fn last_values(raw: Option<&str>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (key, value) in parse_query(raw.unwrap_or_default()) {
        match pairs.iter_mut().find(|(seen, _)| *seen == key) {
            Some(pair) => pair.1 = value,
            None => pairs.push((key, value)),
        }
    }
    pairs
}

fn parse_limit(value: &str) -> Result<u64, Fault> {
    let number: i128 = value.trim().parse().map_err(|_| Fault::LimitNotInteger)?;
    if number < i128::from(validate::MIN_LIMIT) {
        Err(Fault::LimitNotPositive)
    } else if number > i128::from(validate::MAX_LIMIT) {
        Err(Fault::LimitTooLarge)
    } else {
        u64::try_from(number).map_err(|_| Fault::LimitTooLarge)
    }
}

fn parse_offset(value: &str) -> Result<u64, Fault> {
    value.trim().parse().map_err(|_| Fault::OffsetNotInteger)
}

/// Applies a paging parameter; `false` when `key` is not one.
fn set_page(page: &mut PageQuery, key: &str, value: &str) -> Result<bool, Fault> {
    match key {
        "marker" => page.marker = (!value.is_empty()).then(|| value.to_owned()),
        "offset" => page.offset = parse_offset(value)?,
        "limit" => page.limit = Some(parse_limit(value)?),
        _ => return Ok(false),
    }
    Ok(true)
}

/// Reads the snapshot list's query string (without `?`).
pub fn parse_snapshot_query(raw: Option<&str>) -> Result<SnapshotQuery, Fault> {
    let mut query = SnapshotQuery::default();
    for (key, value) in last_values(raw) {
        if set_page(&mut query.page, &key, &value)? {
            continue;
        }
        match key.as_str() {
            "name" => {
                validate::check_text(Field::Name, &value)
                    .map_err(|error| Fault::InvalidInput(error.to_string()))?;
                query.name = Some(value);
            }
            "status" => query.status = Some(value),
            "volume_id" => query.volume_id = Some(value),
            _ => {}
        }
    }
    Ok(query)
}

/// Reads the volume list's query string: paging only.
pub fn parse_page_query(raw: Option<&str>) -> Result<PageQuery, Fault> {
    let mut page = PageQuery::default();
    for (key, value) in last_values(raw) {
        set_page(&mut page, &key, &value)?;
    }
    Ok(page)
}

/// A `Host` value fit to put in a link: a name or address and an optional port.
pub fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// The absolute URL of the page after `last_id`: same path, same filters and page size.
/// `offset` is left out: the marker already says where the next page starts, and applying the
/// offset again would skip rows.
pub fn next_link(host: &str, path: &str, query: &SnapshotQuery, last_id: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = vec![("marker", last_id)];
    let limit = query.page.page_size().to_string();
    pairs.push(("limit", &limit));
    for (key, value) in [
        ("name", &query.name),
        ("status", &query.status),
        ("volume_id", &query.volume_id),
    ] {
        if let Some(value) = value {
            pairs.push((key, value));
        }
    }
    let query_string = pairs
        .iter()
        .map(|(key, value)| format!("{key}={}", encode_component(value)))
        .collect::<Vec<_>>()
        .join("&");
    format!("http://{host}{path}?{query_string}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_parameter() {
        let query = parse_snapshot_query(Some(
            "marker=abc&offset=3&limit=7&name=%E6%95%B0+1&status=available&volume_id=v-1&x=y",
        ))
        .unwrap();
        assert_eq!(
            query,
            SnapshotQuery {
                page: PageQuery {
                    marker: Some("abc".into()),
                    offset: 3,
                    limit: Some(7),
                },
                name: Some("数 1".into()),
                status: Some("available".into()),
                volume_id: Some("v-1".into()),
            }
        );
        assert_eq!(
            parse_snapshot_query(None).unwrap(),
            SnapshotQuery::default()
        );
        assert_eq!(SnapshotQuery::default().page.page_size(), 1000);
    }

    #[test]
    fn last_value_wins_and_empty_marker_is_absent() {
        let query = parse_snapshot_query(Some("limit=2&limit=5&marker=&name=")).unwrap();
        assert_eq!(query.page.limit, Some(5));
        assert_eq!(query.page.marker, None);
        assert_eq!(query.name.as_deref(), Some(""));
    }

    #[test]
    fn limit_and_offset_errors() {
        let cases = [
            ("limit=0", Fault::LimitNotPositive),
            ("limit=-3", Fault::LimitNotPositive),
            ("limit=1001", Fault::LimitTooLarge),
            ("limit=99999999999999999999999", Fault::LimitTooLarge),
            ("limit=abc", Fault::LimitNotInteger),
            ("limit=", Fault::LimitNotInteger),
            ("limit=1.5", Fault::LimitNotInteger),
            ("offset=-1", Fault::OffsetNotInteger),
            ("offset=x", Fault::OffsetNotInteger),
        ];
        for (raw, fault) in cases {
            assert_eq!(parse_snapshot_query(Some(raw)), Err(fault.clone()), "{raw}");
            assert_eq!(parse_page_query(Some(raw)), Err(fault), "{raw}");
        }
        assert_eq!(
            parse_snapshot_query(Some("limit=1000")).unwrap().page.limit,
            Some(1000)
        );
        assert_eq!(
            parse_snapshot_query(Some("limit=1")).unwrap().page.limit,
            Some(1)
        );
    }

    #[test]
    fn over_long_name_filter_is_refused() {
        let ok = format!("name={}", encode_component(&"名".repeat(85)));
        assert!(parse_snapshot_query(Some(&ok)).is_ok());
        let long = format!("name={}", encode_component(&"名".repeat(86)));
        assert!(matches!(
            parse_snapshot_query(Some(&long)),
            Err(Fault::InvalidInput(message)) if message.contains("258 bytes")
        ));
    }

    #[test]
    fn next_link_keeps_filters_and_drops_offset() {
        let query =
            parse_snapshot_query(Some("offset=4&limit=7&name=a b&status=available")).unwrap();
        assert_eq!(
            next_link("127.0.0.1:9", "/v2/p/snapshots/detail", &query, "id-9"),
            "http://127.0.0.1:9/v2/p/snapshots/detail?marker=id-9&limit=7&name=a%20b&status=available"
        );
    }

    #[test]
    fn hosts() {
        assert!(is_host("evs.cn-north-4.myhuaweicloud.com"));
        assert!(is_host("127.0.0.1:8080"));
        assert!(is_host("[::1]:80"));
        for bad in ["", "a/b", "a b", "a\"b", "a?b"] {
            assert!(!is_host(bad), "{bad:?}");
        }
    }
}
