//! The snapshot table's rows, written as markup and put on the page in one call: about 27
//! nodes a row and no reactive node per cell. (`view!` would add a placeholder node per element
//! and per absent part, and a render effect per dynamic text; a page of 1,000 rows made that
//! 69 nodes and 32 MB. A call into the page per element, attribute and text made drawing the
//! rows cost more than laying them out.) What a live poll changes — the status cell, the last
//! change's time, the row leaving — is redrawn by [`DrawnRow::refresh`], which the table runs
//! for every row when any row's signal changes; what all rows share is kept current by the
//! table's passes (`table.rs`).

use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};
use shared::snapshot::{SnapshotStatus, Timestamp};
use shared::AccountName;
use web_sys::Element;

use crate::components::account::detail_href;
use crate::components::poll::Row;
use crate::components::status::{tone, ProgressBar};
use crate::components::time::offset_minutes;
use crate::format;
use crate::i18n::{Key, Lang};
use crate::list_view::ListView;
use crate::markup::{attr, close, element, open, start, text};
use crate::pages::bulk_delete::Bulk;
use crate::pages::table::VolumeNames;

/// What every row of one table needs, fixed while the table is shown.
#[derive(Clone)]
pub struct RowContext {
    pub account: AccountName,
    pub view: ListView,
    pub base: String,
    /// CBS does not report when a snapshot last changed.
    pub show_updated: bool,
    pub bulk: Option<Bulk>,
    /// The table's owner: progress bars drawn later live as long as the table.
    pub owner: Owner,
}

/// The values of the moment the rows are drawn; the table's passes keep them current.
#[derive(Clone, Copy)]
pub struct Moment<'a> {
    pub lang: Lang,
    pub now_ms: i64,
    pub volume_names: &'a VolumeNames,
}

/// What a row's live cells show, to redraw only a row that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    gone: bool,
    hidden: bool,
    status: SnapshotStatus,
    raw: Option<String>,
    updated: Option<Timestamp>,
}

impl Shown {
    /// Tracks the row's signals (and the bulk deletion's).
    fn of(row: Row, bulk: Option<Bulk>) -> Self {
        let gone = row.gone.get();
        row.snapshot.with(|s| Self {
            gone,
            // A row the user deleted from this page leaves once the cloud has finished.
            hidden: gone && bulk.is_some_and(|bulk| bulk.deleting.with(|ids| ids.contains(&s.id))),
            status: s.status.clone(),
            raw: s.distinct_provider_status().map(str::to_owned),
            updated: s.updated_at.clone(),
        })
    }
}

/// One drawn row and its live cells.
pub struct DrawnRow {
    row: Row,
    lang: Lang,
    tr: Element,
    status: Element,
    updated: Option<Element>,
    shown: Shown,
    /// The progress bar while the snapshot is changing: its view, and the owner of its signal
    /// and effects, disposed with it.
    progress: Option<(AnyViewState, Owner)>,
}

impl DrawnRow {
    /// Writes `row` as a `<tr>` at the end of `html`; once that is on the page,
    /// [`DrawnRow::bind`] takes it with what this returns. Tracks the row's signals.
    pub fn write(html: &mut String, row: Row, context: &RowContext, moment: Moment<'_>) -> Shown {
        let Moment { lang, now_ms, .. } = moment;
        let shown = Shown::of(row, context.bulk);
        row.snapshot.with_untracked(|s| {
            start(html, "tr", shown.gone.then_some("gone"));
            if shown.hidden {
                html.push_str(" hidden");
            }
            html.push('>');

            open(html, "td", Some("cell-name"));
            if let Some(bulk) = context.bulk {
                // The table listens to every checkbox at once; the value is the row's id.
                start(html, "input", Some("select"));
                attr(html, "type", "checkbox");
                attr(html, "value", &s.id);
                attr(html, "aria-label", &lang.select_row(s.display_name()));
                if bulk.is_selected_untracked(&s.id) {
                    html.push_str(" checked");
                }
                html.push('>');
            }
            start(html, "a", None);
            attr(html, "href", &detail_href(context.account.as_str(), &s.id));
            html.push('>');
            text(
                html,
                if s.name.is_empty() {
                    lang.text(Key::Unnamed)
                } else {
                    &s.name
                },
            );
            close(html, "a");
            if s.auto_backup {
                start(html, "span", Some("tag tag-auto"));
                attr(html, "title", lang.text(Key::AutoTitle));
                html.push('>');
                text(html, lang.text(Key::Auto));
                close(html, "span");
            }
            close(html, "td");

            open(html, "td", Some("cell-id"));
            start(html, "code", None);
            attr(html, "title", &s.id);
            html.push('>');
            text(html, format::short_id(&s.id));
            close(html, "code");
            // The table handles every copy button's click; the button carries what it copies.
            start(html, "button", Some("btn btn-icon copy"));
            attr(html, "type", "button");
            attr(html, "value", &s.id);
            attr(html, "aria-label", &lang.copy_id_of(&s.id));
            attr(html, "title", lang.text(Key::CopyId));
            html.push('>');
            close(html, "button");
            close(html, "td");

            open(html, "td", Some("cell-status"));
            status_parts(html, &shown, lang);
            close(html, "td");
            element(html, "td", Some("num"), &lang.size_gb(s.size_gib));
            open(html, "td", Some("cell-volume"));
            start(html, "a", Some("volume-link"));
            attr(
                html,
                "href",
                &context.view.with_volume(&s.volume_id).href(&context.base),
            );
            attr(html, "title", lang.text(Key::FilterByVolume));
            html.push('>');
            text(html, &moment.volume_names.display_name(&s.volume_id));
            close(html, "a");
            close(html, "td");
            open(html, "td", Some("cell-time"));
            time_parts(html, Some(&s.created_at), lang, now_ms);
            close(html, "td");
            if context.show_updated {
                open(html, "td", Some("cell-time"));
                time_parts(html, shown.updated.as_ref(), lang, now_ms);
                close(html, "td");
            }
            close(html, "tr");
        });
        shown
    }

    /// The row [`DrawnRow::write`] wrote, now on the page as `tr`; `None` if the page does not
    /// hold the cells written.
    pub fn bind(
        tr: Element,
        row: Row,
        shown: Shown,
        context: &RowContext,
        lang: Lang,
    ) -> Option<Self> {
        let cells = tr.children();
        let status = cells.item(2)?;
        let updated = match context.show_updated {
            true => Some(cells.item(6)?),
            false => None,
        };
        let mut drawn = Self {
            row,
            lang,
            tr,
            status,
            updated,
            shown,
            progress: None,
        };
        drawn.show_progress(context);
        Some(drawn)
    }

    /// Redraws what changed since the row was last drawn (tracks the row's signals).
    pub fn refresh(&mut self, context: &RowContext, now_ms: i64) {
        let shown = Shown::of(self.row, context.bulk);
        if shown == self.shown {
            return;
        }
        let before = std::mem::replace(&mut self.shown, shown.clone());
        if before.gone != shown.gone {
            let _ = self.tr.class_list().toggle_with_force("gone", shown.gone);
        }
        if before.hidden != shown.hidden {
            let _ = self.tr.toggle_attribute_with_force("hidden", shown.hidden);
        }
        if (before.gone, &before.status, &before.raw) != (shown.gone, &shown.status, &shown.raw) {
            self.drop_progress();
            let mut html = String::new();
            status_parts(&mut html, &shown, self.lang);
            self.status.set_inner_html(&html);
            self.show_progress(context);
        }
        if let Some(cell) = &self.updated {
            if before.updated != shown.updated {
                let mut html = String::new();
                time_parts(&mut html, shown.updated.as_ref(), self.lang, now_ms);
                cell.set_inner_html(&html);
            }
        }
    }

    /// Takes the progress bar off the page and disposes its signal and effects.
    fn drop_progress(&mut self) {
        if let Some((mut progress, owner)) = self.progress.take() {
            progress.unmount();
            owner.cleanup();
        }
    }

    /// Removes the row from the page.
    pub fn remove(mut self) {
        self.drop_progress();
        self.tr.remove();
    }

    /// The progress bar after the status badge, while the snapshot is changing.
    fn show_progress(&mut self, context: &RowContext) {
        if self.shown.gone || !self.shown.status.is_transitional() {
            return;
        }
        let snapshot = self.row.snapshot;
        // Its own owner under the table's, not the redrawing effect's (whose next run would
        // dispose the bar's signal while the bar still shows).
        let owner = context.owner.child();
        let mut progress = owner.with(|| {
            let percent = Signal::derive(move || snapshot.with(|s| s.progress.unwrap_or(0)));
            view! { <ProgressBar percent/> }.into_any().build()
        });
        progress.mount(&self.status, None);
        self.progress = Some((progress, owner));
    }
}

/// The status badge, and the provider's own word where it says more; "Not found" once the
/// snapshot is gone. (The progress bar is a view of its own: [`DrawnRow::show_progress`].)
fn status_parts(html: &mut String, shown: &Shown, lang: Lang) {
    if shown.gone {
        start(html, "span", Some("badge badge-bad"));
        attr(html, "data-status", "not-found");
        attr(html, "title", lang.text(Key::NotFoundHint));
        html.push('>');
        text(html, lang.text(Key::Gone));
        close(html, "span");
        return;
    }
    start(
        html,
        "span",
        Some(&format!("badge badge-{}", tone(&shown.status))),
    );
    attr(html, "data-status", shown.status.as_str());
    html.push('>');
    text(html, &lang.status(&shown.status));
    close(html, "span");
    if let Some(raw) = &shown.raw {
        start(html, "span", Some("raw-status"));
        attr(html, "title", lang.text(Key::ProviderStatus));
        html.push('>');
        text(html, raw);
        close(html, "span");
    }
}

/// A time in the browser's zone, its age beneath (kept current by the table's clock pass) and
/// the UTC original in a tooltip; "Never" for none, the cloud's own text where it did not parse.
fn time_parts(html: &mut String, stamp: Option<&Timestamp>, lang: Lang, now_ms: i64) {
    let Some(stamp) = stamp else {
        element(html, "span", Some("muted"), lang.text(Key::Never));
        return;
    };
    let Some(millis) = stamp.unix_millis() else {
        element(html, "span", None, stamp.as_str());
        return;
    };
    start(html, "time", None);
    attr(html, "datetime", &format!("{}Z", stamp.as_str()));
    attr(html, "title", &format!("{} UTC", stamp.as_str()));
    html.push('>');
    text(
        html,
        &format::local_date_time(millis, offset_minutes(millis)),
    );
    close(html, "time");
    element(html, "span", Some("age"), &age_text(lang, now_ms, millis));
}

/// "3 days ago" of `millis` at `now_ms`.
pub fn age_text(lang: Lang, now_ms: i64, millis: i64) -> String {
    lang.age(shared::time::age(now_ms, millis))
}

#[cfg(test)]
mod tests {
    use shared::snapshot::Snapshot;
    use shared::volume::VolumeList;

    use super::*;

    /// A cloud's snapshot whose every text carries markup.
    fn hostile() -> Snapshot {
        serde_json::from_value(serde_json::json!({
            "id": "s1\"><img src=x onerror=alert(1)>", "name": "<script>alert(2)</script>",
            "status": "available", "provider_status": "available", "size_gib": 10,
            "volume_id": "v1' onmouseover='alert(3)", "created_at": "<b>yesterday</b>",
            "auto_backup": true
        }))
        .unwrap()
    }

    #[test]
    fn a_row_of_hostile_texts_is_written_as_text() {
        let owner = Owner::new();
        owner.with(|| {
            let volumes: VolumeList = serde_json::from_value(serde_json::json!({"volumes": [
                {"id": "v1' onmouseover='alert(3)", "name": "<i>data</i> & logs"}
            ]}))
            .unwrap();
            let volume_names = VolumeNames::from_list(&volumes);
            let context = RowContext {
                account: AccountName::parse("evs-demo").unwrap(),
                view: ListView::default(),
                base: "/accounts/evs-demo/snapshots".to_owned(),
                show_updated: true,
                bulk: None,
                owner: Owner::new(),
            };
            let moment = Moment {
                lang: Lang::En,
                now_ms: 0,
                volume_names: &volume_names,
            };
            let mut html = String::new();
            DrawnRow::write(&mut html, Row::new(hostile()), &context, moment);
            for raw in ["<script", "<img", "<b>", "<i>", "' on", "\" on"] {
                assert!(!html.contains(raw), "{raw} is in {html}");
            }
            for escaped in [
                "&lt;script&gt;alert(2)&lt;/script&gt;",
                "&lt;b&gt;yesterday&lt;/b&gt;",
                "&lt;i&gt;data&lt;/i&gt; &amp; logs",
                "&quot;&gt;&lt;img",
            ] {
                assert!(html.contains(escaped), "{escaped} is not in {html}");
            }
            assert_eq!(html.matches("<tr").count(), 1);
            assert!(html.ends_with("</tr>"));
        });
    }
}
