//! The snapshot table's rows, drawn straight into the DOM in one pass: about 27 nodes a row and
//! no reactive node per cell. (`view!` would add a placeholder node per element and per absent
//! part, and a render effect per dynamic text; a page of 1,000 rows made that 69 nodes and
//! 32 MB.) What a live poll changes — the status cell, the last change's time, the row leaving —
//! is redrawn by [`DrawnRow::refresh`], which the table runs for every row when any row's
//! signal changes; what all rows share is kept current by the table's passes (`table.rs`).

use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};
use shared::snapshot::{SnapshotStatus, Timestamp};
use shared::AccountName;
use web_sys::{Element, Node};

use crate::components::account::detail_href;
use crate::components::poll::Row;
use crate::components::status::{tone, ProgressBar};
use crate::components::time::offset_minutes;
use crate::format;
use crate::i18n::{Key, Lang};
use crate::list_view::ListView;
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
struct Shown {
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
    /// Draws `row` at the end of `parent`; `None` only if the browser refused to make an element.
    pub fn draw(parent: &Node, row: Row, context: &RowContext, moment: Moment<'_>) -> Option<Self> {
        let Moment { lang, now_ms, .. } = moment;
        let tr = append(parent, "tr", None)?;
        let (id, name, volume_id, auto, size, created) = row.snapshot.with_untracked(|s| {
            (
                s.id.clone(),
                s.name.clone(),
                s.volume_id.clone(),
                s.auto_backup,
                s.size_gib,
                s.created_at.clone(),
            )
        });

        let cell = append(&tr, "td", Some("cell-name"))?;
        if let Some(bulk) = context.bulk {
            // The table listens to every checkbox at once; the value is the row's id.
            let checkbox = append(&cell, "input", Some("select"))?;
            set(&checkbox, "type", "checkbox");
            set(&checkbox, "value", &id);
            let shown = if name.is_empty() { &id } else { &name };
            set(&checkbox, "aria-label", &lang.select_row(shown));
            if bulk.is_selected_untracked(&id) {
                set(&checkbox, "checked", "");
            }
        }
        let link = append(&cell, "a", None)?;
        set(&link, "href", &detail_href(context.account.as_str(), &id));
        let shown_name = if name.is_empty() {
            lang.text(Key::Unnamed)
        } else {
            &name
        };
        link.set_text_content(Some(shown_name));
        if auto {
            let tag = append(&cell, "span", Some("tag tag-auto"))?;
            set(&tag, "title", lang.text(Key::AutoTitle));
            tag.set_text_content(Some(lang.text(Key::Auto)));
        }

        let cell = append(&tr, "td", Some("cell-id"))?;
        let code = append(&cell, "code", None)?;
        set(&code, "title", &id);
        code.set_text_content(Some(format::short_id(&id)));
        // The table handles every copy button's click; the button carries what it copies.
        let copy = append(&cell, "button", Some("btn btn-icon copy"))?;
        set(&copy, "type", "button");
        set(&copy, "value", &id);
        set(&copy, "aria-label", &lang.copy_id_of(&id));
        set(&copy, "title", lang.text(Key::CopyId));

        let status = append(&tr, "td", Some("cell-status"))?;
        let cell = append(&tr, "td", Some("num"))?;
        cell.set_text_content(Some(&lang.size_gb(size)));
        let cell = append(&tr, "td", Some("cell-volume"))?;
        let link = append(&cell, "a", Some("volume-link"))?;
        set(
            &link,
            "href",
            &context.view.with_volume(&volume_id).href(&context.base),
        );
        set(&link, "title", lang.text(Key::FilterByVolume));
        link.set_text_content(Some(&moment.volume_names.display_name(&volume_id)));
        let cell = append(&tr, "td", Some("cell-time"))?;
        time_parts(&cell, Some(&created), lang, now_ms)?;
        let updated = match context.show_updated {
            true => Some(append(&tr, "td", Some("cell-time"))?),
            false => None,
        };

        let shown = Shown::of(row, context.bulk);
        let mut drawn = Self {
            row,
            lang,
            tr,
            status,
            updated,
            shown: shown.clone(),
            progress: None,
        };
        drawn.draw_live(&shown, None, context, now_ms);
        drawn.shown = shown;
        Some(drawn)
    }

    /// Redraws what changed since the row was last drawn (tracks the row's signals).
    pub fn refresh(&mut self, context: &RowContext, now_ms: i64) {
        let shown = Shown::of(self.row, context.bulk);
        if shown != self.shown {
            let before = std::mem::replace(&mut self.shown, shown.clone());
            self.draw_live(&shown, Some(&before), context, now_ms);
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

    /// The live cells for `shown`, compared with `before` (`None`: the first drawing).
    fn draw_live(
        &mut self,
        shown: &Shown,
        before: Option<&Shown>,
        context: &RowContext,
        now_ms: i64,
    ) {
        let lang = self.lang;
        if before.is_none_or(|b| b.gone != shown.gone) {
            let _ = self.tr.class_list().toggle_with_force("gone", shown.gone);
        }
        if before.is_none_or(|b| b.hidden != shown.hidden) {
            let _ = self.tr.toggle_attribute_with_force("hidden", shown.hidden);
        }
        let status_changed = before
            .is_none_or(|b| (b.gone, &b.status, &b.raw) != (shown.gone, &shown.status, &shown.raw));
        if status_changed {
            self.drop_progress();
            self.status.set_text_content(None);
            let _ = self.status_parts(shown, context);
        }
        if let Some(cell) = &self.updated {
            if before.is_none_or(|b| b.updated != shown.updated) {
                cell.set_text_content(None);
                let _ = time_parts(cell, shown.updated.as_ref(), lang, now_ms);
            }
        }
    }

    /// The status badge, the provider's own word where it says more, and the progress bar while
    /// the snapshot is changing; "Not found" once it is gone.
    fn status_parts(&mut self, shown: &Shown, context: &RowContext) -> Option<()> {
        let lang = self.lang;
        let cell = &self.status;
        let badge = append(cell, "span", None)?;
        if shown.gone {
            badge.set_class_name("badge badge-bad");
            set(&badge, "data-status", "not-found");
            set(&badge, "title", lang.text(Key::NotFoundHint));
            badge.set_text_content(Some(lang.text(Key::Gone)));
            return Some(());
        }
        badge.set_class_name(&format!("badge badge-{}", tone(&shown.status)));
        set(&badge, "data-status", shown.status.as_str());
        badge.set_text_content(Some(&lang.status(&shown.status)));
        if let Some(raw) = &shown.raw {
            let word = append(cell, "span", Some("raw-status"))?;
            set(&word, "title", lang.text(Key::ProviderStatus));
            word.set_text_content(Some(raw));
        }
        if shown.status.is_transitional() {
            let snapshot = self.row.snapshot;
            // Its own owner under the table's, not the redrawing effect's (whose next run would
            // dispose the bar's signal while the bar still shows).
            let owner = context.owner.child();
            let mut progress = owner.with(|| {
                let percent = Signal::derive(move || snapshot.with(|s| s.progress.unwrap_or(0)));
                view! { <ProgressBar percent/> }.into_any().build()
            });
            progress.mount(cell, None);
            self.progress = Some((progress, owner));
        }
        Some(())
    }
}

/// A time in the browser's zone, its age beneath (kept current by the table's clock pass) and
/// the UTC original in a tooltip; "Never" for none, the cloud's own text where it did not parse.
fn time_parts(cell: &Element, stamp: Option<&Timestamp>, lang: Lang, now_ms: i64) -> Option<()> {
    let Some(stamp) = stamp else {
        append(cell, "span", Some("muted"))?.set_text_content(Some(lang.text(Key::Never)));
        return Some(());
    };
    let Some(millis) = stamp.unix_millis() else {
        append(cell, "span", None)?.set_text_content(Some(stamp.as_str()));
        return Some(());
    };
    let time = append(cell, "time", None)?;
    set(&time, "datetime", &format!("{}Z", stamp.as_str()));
    set(&time, "title", &format!("{} UTC", stamp.as_str()));
    time.set_text_content(Some(&format::local_date_time(
        millis,
        offset_minutes(millis),
    )));
    let age = append(cell, "span", Some("age"))?;
    age.set_text_content(Some(&age_text(lang, now_ms, millis)));
    Some(())
}

/// "3 days ago" of `millis` at `now_ms`.
pub fn age_text(lang: Lang, now_ms: i64, millis: i64) -> String {
    lang.age(shared::time::age(now_ms, millis))
}

/// A new `tag` element, with `class`, at the end of `parent`.
fn append(parent: &Node, tag: &str, class: Option<&str>) -> Option<Element> {
    let element = document().create_element(tag).ok()?;
    if let Some(class) = class {
        element.set_class_name(class);
    }
    parent.append_child(&element).ok()?;
    Some(element)
}

fn set(element: &Element, name: &str, value: &str) {
    // Only an invalid attribute name fails, and these are all literals.
    let _ = element.set_attribute(name, value);
}
