//! What a snapshot list shows — filters, page size and position — and its round trip through
//! the URL, so a copied link reproduces the view and the back button works.
//!
//! An account that pages by marker (the id of the previous page's last row; EVS) cannot list in
//! reverse, so going back needs the markers of the pages before: they are kept, oldest first, in
//! `trail`. One that pages by offset (CBS) reports a total, which gives numbered pages.

use shared::api::{self, ListQuery, SnapshotPage};
use shared::validate::{self, Field, FieldError, Problem};
use shared::Paging;

pub const DEFAULT_PAGE_SIZE: u64 = 20;
pub const PAGE_SIZES: [u64; 4] = [10, 20, 50, 100];
/// The URL parameter holding the markers of earlier pages.
const TRAIL: &str = "trail";

/// One list view: the query sent to the backend, plus the way back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListView {
    /// Filters and paging as the URL has them; `limit` is `None` for the default page size.
    pub query: ListQuery,
    /// Markers of the pages before the current one, oldest first (page 1 has none).
    pub trail: Vec<String>,
}

impl ListView {
    /// Reads a URL query string (with or without the leading `?`). Every problem is reported.
    pub fn from_query_string(search: &str) -> Result<Self, Vec<FieldError>> {
        let pairs = api::parse_query(search.strip_prefix('?').unwrap_or(search));
        let mut errors = Vec::new();
        let mut trail = None;
        let mut rest = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            if key != TRAIL {
                rest.push((key, value));
            } else if trail.is_some() {
                errors.push(FieldError::new(Field::Marker, Problem::Repeated));
            } else {
                trail = Some(parse_trail(&value, &mut errors));
            }
        }
        let query = ListQuery::from_pairs(&rest).map_err(|mut more| {
            errors.append(&mut more);
            std::mem::take(&mut errors)
        })?;
        if !errors.is_empty() {
            return Err(errors);
        }
        // A trail without a current marker cannot be followed back; page 1 has none.
        let trail = match query.marker {
            Some(_) => trail.unwrap_or_default(),
            None => Vec::new(),
        };
        Ok(Self { query, trail })
    }

    /// The URL query string without `?`; empty for the first page with no filters.
    pub fn to_query_string(&self) -> String {
        let mut text = self.query.to_query_string();
        if !self.trail.is_empty() {
            if !text.is_empty() {
                text.push('&');
            }
            text.push_str(TRAIL);
            text.push('=');
            // Markers are safe ids (letters, digits, `-`, `_`), so a raw comma separates them.
            text.push_str(&self.trail.join(","));
        }
        text
    }

    /// `base` with this view's query string appended.
    pub fn href(&self, base: &str) -> String {
        let query = self.to_query_string();
        if query.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{query}")
        }
    }

    pub fn page_size(&self) -> u64 {
        self.query.limit.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    /// The query for the backend: always with a limit, so EVS returns a `next` link.
    pub fn api_query(&self) -> ListQuery {
        ListQuery {
            limit: Some(self.page_size()),
            ..self.query.clone()
        }
    }

    /// Whether any filter is set (not counting paging).
    pub fn is_filtered(&self) -> bool {
        self.query.filters() != ListQuery::default()
    }

    /// 1-based page number.
    pub fn page_number(&self, paging: Paging) -> u64 {
        match paging {
            Paging::Marker => match self.query.marker {
                Some(_) => self.trail.len() as u64 + 2,
                None => 1,
            },
            Paging::Offset => self.query.offset.unwrap_or(0) / self.page_size() + 1,
        }
    }

    /// The same filters and page size, first page.
    pub fn first_page(&self) -> Self {
        Self {
            query: ListQuery {
                marker: None,
                offset: None,
                ..self.query.clone()
            },
            trail: Vec::new(),
        }
    }

    /// New filters from the filter form: back to the first page, page size kept.
    pub fn with_filters(&self, filters: &ListQuery) -> Self {
        Self {
            query: ListQuery {
                limit: self.query.limit,
                ..filters.filters()
            },
            trail: Vec::new(),
        }
    }

    /// One filter replaced (e.g. a click on a volume), others kept, first page.
    pub fn with_volume(&self, volume_id: &str) -> Self {
        let mut view = self.first_page();
        view.query.volume_id = Some(volume_id.to_owned());
        view
    }

    /// Another page size: back to the first page (the markers no longer line up).
    pub fn with_page_size(&self, size: u64) -> Self {
        let mut view = self.first_page();
        view.query.limit = (size != DEFAULT_PAGE_SIZE).then_some(size);
        view
    }

    /// The following page, when the backend says there is one.
    pub fn next(&self, paging: Paging, page: &SnapshotPage) -> Option<Self> {
        match paging {
            Paging::Marker => {
                let marker = page.next_marker.clone()?;
                let mut trail = self.trail.clone();
                if let Some(current) = &self.query.marker {
                    trail.push(current.clone());
                }
                Some(Self {
                    query: ListQuery {
                        marker: Some(marker),
                        ..self.query.clone()
                    },
                    trail,
                })
            }
            Paging::Offset => {
                let offset = self.query.offset.unwrap_or(0) + self.page_size();
                let more = match page.total_count {
                    Some(total) => offset < total,
                    None => page.next_marker.is_some(),
                };
                more.then(|| self.at_offset(offset))
            }
        }
    }

    /// The page before, or `None` on the first page.
    pub fn previous(&self, paging: Paging) -> Option<Self> {
        match paging {
            Paging::Marker => {
                self.query.marker.as_ref()?;
                let mut trail = self.trail.clone();
                let marker = trail.pop();
                Some(Self {
                    query: ListQuery {
                        marker,
                        ..self.query.clone()
                    },
                    trail,
                })
            }
            Paging::Offset => {
                let offset = self.query.offset.filter(|offset| *offset > 0)?;
                Some(self.at_offset(offset.saturating_sub(self.page_size())))
            }
        }
    }

    /// Numbered page `page` (1-based).
    pub fn numbered(&self, page: u64) -> Self {
        self.at_offset(page.saturating_sub(1) * self.page_size())
    }

    fn at_offset(&self, offset: u64) -> Self {
        let mut view = self.first_page();
        view.query.offset = (offset > 0).then_some(offset);
        view
    }
}

fn parse_trail(value: &str, errors: &mut Vec<FieldError>) -> Vec<String> {
    let markers: Vec<String> = value
        .split(',')
        .filter(|marker| !marker.is_empty())
        .map(str::to_owned)
        .collect();
    if markers.iter().any(|marker| !validate::is_safe_id(marker)) {
        errors.push(FieldError::new(Field::Marker, Problem::BadId));
    }
    markers
}

/// How many pages `total` rows make (at least one, so an empty list is "page 1 of 1").
pub fn total_pages(total: u64, page_size: u64) -> u64 {
    total.div_ceil(page_size.max(1)).max(1)
}

/// One entry of a numbered pager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLink {
    Page(u64),
    Gap,
}

/// The pages a pager offers: the first, the last, and two either side of the current one, with
/// gaps between.
pub fn page_window(current: u64, total: u64) -> Vec<PageLink> {
    let mut links = Vec::new();
    let mut last_shown = 0;
    for page in 1..=total {
        let near = page + 2 >= current && page <= current + 2;
        if page == 1 || page == total || near {
            if page > last_shown + 1 {
                links.push(PageLink::Gap);
            }
            links.push(PageLink::Page(page));
            last_shown = page;
        }
    }
    links
}

/// The filter form as typed: what a user can enter, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterForm {
    pub name: String,
    pub status: String,
    pub volume_id: String,
    pub disk_usage: String,
    pub project_id: String,
}

impl FilterForm {
    pub fn from_query(query: &ListQuery) -> Self {
        Self {
            name: query.name.clone().unwrap_or_default(),
            status: query
                .status
                .as_ref()
                .map(|status| status.as_str().to_owned())
                .unwrap_or_default(),
            volume_id: query.volume_id.clone().unwrap_or_default(),
            disk_usage: query
                .disk_usage
                .map(|usage| usage.as_str().to_owned())
                .unwrap_or_default(),
            project_id: query
                .project_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
        }
    }

    /// Checks the form with the same rules the backend applies; surrounding blanks of the id
    /// boxes are dropped (pasted ids often carry them).
    pub fn to_filters(&self) -> Result<ListQuery, Vec<FieldError>> {
        let pairs = [
            ("name", self.name.as_str()),
            ("status", self.status.as_str()),
            ("volume_id", self.volume_id.trim()),
            ("disk_usage", self.disk_usage.as_str()),
            ("project_id", self.project_id.trim()),
        ]
        .map(|(key, value)| (key.to_owned(), value.to_owned()));
        ListQuery::from_pairs(&pairs)
    }
}

#[cfg(test)]
mod tests {
    use shared::snapshot::SnapshotStatus;

    use super::*;

    fn page(next_marker: Option<&str>, total_count: Option<u64>) -> SnapshotPage {
        SnapshotPage {
            snapshots: Vec::new(),
            next_marker: next_marker.map(str::to_owned),
            total_count,
        }
    }

    #[test]
    fn first_page_has_a_clean_url_and_sends_a_limit() {
        let view = ListView::from_query_string("").unwrap();
        assert_eq!(view.to_query_string(), "");
        assert_eq!(
            view.href("/accounts/demo/snapshots"),
            "/accounts/demo/snapshots"
        );
        assert_eq!(view.api_query().limit, Some(DEFAULT_PAGE_SIZE));
        assert_eq!(view.page_number(Paging::Marker), 1);
        assert!(view.previous(Paging::Marker).is_none());
    }

    #[test]
    fn marker_stack_goes_forward_and_back() {
        let first = ListView::from_query_string("?name=db&limit=10").unwrap();
        let second = first.next(Paging::Marker, &page(Some("m1"), None)).unwrap();
        assert_eq!(second.to_query_string(), "marker=m1&limit=10&name=db");
        assert_eq!(second.page_number(Paging::Marker), 2);
        let third = second
            .next(Paging::Marker, &page(Some("m2"), None))
            .unwrap();
        assert_eq!(
            third.to_query_string(),
            "marker=m2&limit=10&name=db&trail=m1"
        );
        assert_eq!(third.page_number(Paging::Marker), 3);
        let fourth = third.next(Paging::Marker, &page(Some("m3"), None)).unwrap();
        assert_eq!(fourth.trail, ["m1", "m2"]);
        assert!(fourth.next(Paging::Marker, &page(None, None)).is_none());

        // The URL round trip keeps the way back.
        let reread = ListView::from_query_string(&fourth.to_query_string()).unwrap();
        assert_eq!(reread, fourth);
        let back = reread.previous(Paging::Marker).unwrap();
        assert_eq!(back, third);
        let back = back.previous(Paging::Marker).unwrap();
        assert_eq!(back, second);
        assert_eq!(back.previous(Paging::Marker).unwrap(), first);
    }

    #[test]
    fn filters_and_page_size_restart_paging() {
        let view =
            ListView::from_query_string("marker=m2&limit=50&trail=m1&status=creating").unwrap();
        let resized = view.with_page_size(100);
        assert_eq!(resized.to_query_string(), "limit=100&status=creating");
        assert_eq!(view.with_page_size(20).to_query_string(), "status=creating");

        let form = FilterForm {
            name: "快照 1".into(),
            volume_id: " vol-1 ".into(),
            ..FilterForm::default()
        };
        let filtered = view.with_filters(&form.to_filters().unwrap());
        assert_eq!(
            filtered.to_query_string(),
            "limit=50&name=%E5%BF%AB%E7%85%A7%201&volume_id=vol-1"
        );
        assert!(filtered.is_filtered());
        assert_eq!(
            ListView::from_query_string(&filtered.to_query_string()).unwrap(),
            filtered
        );
        let by_volume = view.with_volume("vol-9");
        assert_eq!(
            by_volume.to_query_string(),
            "limit=50&status=creating&volume_id=vol-9"
        );
    }

    #[test]
    fn filter_form_round_trips_and_checks() {
        let query = ListQuery {
            name: Some("a".into()),
            status: Some(SnapshotStatus::Creating),
            project_id: Some(7),
            ..ListQuery::default()
        };
        let form = FilterForm::from_query(&query);
        assert_eq!(form.status, "creating");
        assert_eq!(form.to_filters().unwrap(), query);
        let bad = FilterForm {
            volume_id: "../etc".into(),
            project_id: "x".into(),
            ..FilterForm::default()
        };
        let fields: Vec<Field> = bad
            .to_filters()
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [Field::VolumeId, Field::ProjectId]);
    }

    #[test]
    fn the_prefetch_script_asks_for_the_default_page_size() {
        // prefetch.js starts the list before the app runs; the app takes that answer only
        // for the very URL it would send itself.
        let script = include_str!("../prefetch.js");
        assert!(script.contains(&format!("const DEFAULT_LIMIT = '{DEFAULT_PAGE_SIZE}';")));
        assert!(script.contains(&format!("Number(limit) <= {}", shared::validate::MAX_LIMIT)));
    }

    #[test]
    fn bad_links_are_reported() {
        let errors = ListView::from_query_string("trail=../x&marker=m&limit=0").unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::Marker, Field::Limit]);
        assert!(ListView::from_query_string("trail=a&trail=b&marker=m").is_err());
        // A trail without a marker is dropped, not followed.
        let view = ListView::from_query_string("trail=a").unwrap();
        assert!(view.trail.is_empty());
    }

    #[test]
    fn numbered_pages() {
        let view = ListView::from_query_string("limit=10&disk_usage=DATA_DISK").unwrap();
        assert_eq!(view.page_number(Paging::Offset), 1);
        let second = view.next(Paging::Offset, &page(None, Some(25))).unwrap();
        assert_eq!(
            second.to_query_string(),
            "offset=10&limit=10&disk_usage=DATA_DISK"
        );
        assert_eq!(second.page_number(Paging::Offset), 2);
        let third = second.next(Paging::Offset, &page(None, Some(25))).unwrap();
        assert!(third.next(Paging::Offset, &page(None, Some(25))).is_none());
        assert_eq!(third.previous(Paging::Offset).unwrap(), second);
        assert_eq!(second.previous(Paging::Offset).unwrap(), view);
        assert_eq!(view.numbered(3), third);
        assert_eq!(view.numbered(1), view);
        assert_eq!(total_pages(25, 10), 3);
        assert_eq!(total_pages(0, 10), 1);
        assert_eq!(total_pages(30, 10), 3);
    }

    #[test]
    fn pager_window() {
        use PageLink::{Gap, Page};
        assert_eq!(page_window(1, 1), [Page(1)]);
        assert_eq!(page_window(2, 4), [Page(1), Page(2), Page(3), Page(4)]);
        assert_eq!(
            page_window(10, 20),
            [
                Page(1),
                Gap,
                Page(8),
                Page(9),
                Page(10),
                Page(11),
                Page(12),
                Gap,
                Page(20)
            ]
        );
        assert_eq!(page_window(1, 9), [Page(1), Page(2), Page(3), Gap, Page(9)]);
    }
}
