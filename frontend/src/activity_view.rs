//! What the Activity page shows — its filters and cursor — and its round trip through the URL.
//! The page's query names are the audit API's own (`user`, `account`, `operation`, `outcome`,
//! `from`, `to`, `target`, `cursor`), so one query string serves the link, the page's call and
//! "Export CSV".

use shared::api::{encode_component, parse_query};

/// The filters in URL order; `cursor` is paging, not a filter.
pub const FILTERS: [&str; 7] = [
    "user",
    "account",
    "operation",
    "outcome",
    "from",
    "to",
    "target",
];
const CURSOR: &str = "cursor";

/// One view of the audit log: the filters as typed (empty: not filtered) and the page's cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityView {
    values: [String; FILTERS.len()],
    pub cursor: Option<String>,
}

impl ActivityView {
    /// Reads a URL query string (with or without `?`). The server checks the values: a wrong
    /// one comes back as its error, worded there. Unknown names are ignored.
    pub fn from_query_string(search: &str) -> Self {
        let mut view = Self::default();
        for (key, value) in parse_query(search.strip_prefix('?').unwrap_or(search)) {
            let value = value.trim().to_owned();
            if key == CURSOR {
                view.cursor = Some(value).filter(|value| !value.is_empty());
            } else if let Some(index) = FILTERS.iter().position(|name| *name == key) {
                view.values[index] = value;
            }
        }
        view
    }

    /// A filter's value, empty when unset.
    pub fn get(&self, name: &str) -> &str {
        FILTERS
            .iter()
            .position(|filter| *filter == name)
            .map_or("", |index| self.values[index].as_str())
    }

    /// The same view with one filter changed; back to the first page.
    pub fn with(mut self, name: &str, value: &str) -> Self {
        if let Some(index) = FILTERS.iter().position(|filter| *filter == name) {
            self.values[index] = value.trim().to_owned();
        }
        self.cursor = None;
        self
    }

    pub fn is_filtered(&self) -> bool {
        self.values.iter().any(|value| !value.is_empty())
    }

    /// The page after this one.
    pub fn next(&self, cursor: &str) -> Self {
        Self {
            values: self.values.clone(),
            cursor: Some(cursor.to_owned()),
        }
    }

    /// The first page of the same filters.
    pub fn first_page(&self) -> Self {
        Self {
            values: self.values.clone(),
            cursor: None,
        }
    }

    /// The filters only, without `?`: for the CSV export, which has no pages.
    pub fn filter_query(&self) -> String {
        FILTERS
            .iter()
            .zip(&self.values)
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| format!("{name}={}", encode_component(value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Filters and cursor, without `?`: the link and the API call.
    pub fn to_query_string(&self) -> String {
        let mut query = self.filter_query();
        if let Some(cursor) = &self.cursor {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(CURSOR);
            query.push('=');
            query.push_str(&encode_component(cursor));
        }
        query
    }

    /// `base` with this view's query.
    pub fn href(&self, base: &str) -> String {
        let query = self.to_query_string();
        if query.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{query}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_reproduces_the_view() {
        let view = ActivityView::from_query_string(
            "?user=ann&outcome=refused&from=2026-11-01&to=&cursor=c%2F1&bogus=x",
        );
        assert_eq!(view.get("user"), "ann");
        assert_eq!(view.get("outcome"), "refused");
        assert_eq!(view.get("to"), "");
        assert_eq!(view.cursor.as_deref(), Some("c/1"));
        assert_eq!(
            view.to_query_string(),
            "user=ann&outcome=refused&from=2026-11-01&cursor=c%2F1"
        );
        assert_eq!(
            ActivityView::from_query_string(&view.to_query_string()),
            view
        );
    }

    #[test]
    fn filters_reset_the_cursor_and_the_export_has_no_page() {
        let view = ActivityView::from_query_string("account=evs-demo&cursor=abc");
        assert_eq!(view.filter_query(), "account=evs-demo");
        let changed = view.clone().with("operation", " create_snapshot ");
        assert_eq!(changed.cursor, None);
        assert_eq!(
            changed.href("/activity"),
            "/activity?account=evs-demo&operation=create_snapshot"
        );
        assert_eq!(
            view.first_page().href("/activity"),
            "/activity?account=evs-demo"
        );
        assert_eq!(
            ActivityView::default().next("n2").href("/activity"),
            "/activity?cursor=n2"
        );
        assert!(!ActivityView::default().is_filtered());
        assert!(view.is_filtered());
        assert_eq!(ActivityView::default().href("/activity"), "/activity");
    }

    #[test]
    fn a_snapshots_history_is_a_target_filter() {
        let view = ActivityView::default().with("target", "snap 1");
        assert_eq!(view.to_query_string(), "target=snap%201");
    }
}
