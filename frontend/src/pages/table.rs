//! The snapshot table: one row per snapshot, each row its own signal, so the live status poll
//! redraws only the cells that changed (see `table_row.rs`); the rest is drawn once.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::ev::{Event, MouseEvent};
use leptos::html::Tbody;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{AccountInfo, Provider, SnapshotPage};
use shared::snapshot::{SnapshotStatus, Timestamp};
use shared::volume::VolumeList;
use shared::{AccountName, Operation};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::components::announce::{use_announcer, Announcement, Announcer};
use crate::components::clock::use_clock;
use crate::components::copy::write_clipboard;
use crate::components::error_panel::ErrorPanel;
use crate::components::i18n::{tr, use_i18n};
use crate::components::poll::{follow, PollState, Row};
use crate::components::session::use_may;
use crate::i18n::{Key, Lang};
use crate::list_view::ListView;
use crate::pages::bulk_delete::Bulk;
use crate::pages::table_row::{age_text, DrawnRow, Moment, RowContext};

/// Volume names by id, from the volume list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VolumeNames(Arc<BTreeMap<String, String>>);

impl VolumeNames {
    pub fn from_list(list: &VolumeList) -> Self {
        Self(Arc::new(
            list.volumes
                .iter()
                .map(|volume| (volume.id.clone(), volume.display_name().to_owned()))
                .collect(),
        ))
    }

    /// The very same names (not only equal ones): cheap, for telling a newer list apart.
    pub fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The volume's name, or its id for a volume without one or not in the list.
    pub fn display_name(&self, id: &str) -> String {
        self.0.get(id).map_or(id, String::as_str).to_owned()
    }
}

#[component]
pub fn SnapshotTable(
    account: AccountInfo,
    view: ListView,
    page: Arc<SnapshotPage>,
    volume_names: Memo<VolumeNames>,
    base: String,
    /// Checkboxes and live deleting rows, where the account can delete.
    bulk: Option<Bulk>,
) -> impl IntoView {
    let i18n = use_i18n();
    if let Some(bulk) = bulk {
        let shown: Vec<(String, String)> = page
            .snapshots
            .iter()
            .map(|s| (s.id.clone(), s.display_name().to_owned()))
            .collect();
        // The selection is of this page's rows.
        bulk.selected
            .update(|selected| selected.retain(|(id, _)| shown.iter().any(|(i, _)| i == id)));
        bulk.page_rows.set(shown);
    }
    if page.snapshots.is_empty() {
        return view! { <EmptyState account view base/> }.into_any();
    }
    let rows: Vec<Row> = page.snapshots.iter().cloned().map(Row::new).collect();
    let poll = PollState::new();
    follow(account.name.clone(), rows.clone(), poll);
    if let Some(bulk) = bulk {
        follow_deletions(account.name.clone(), rows.clone(), poll, bulk);
    }
    // CBS calls a volume a disk, and does not report when a snapshot last changed.
    let cbs = account.provider == Provider::Cbs;
    let context = RowContext {
        account: account.name.clone(),
        view,
        base,
        show_updated: !cbs,
        bulk,
        owner: Owner::current().unwrap_or_default(),
    };
    let body = NodeRef::<Tbody>::new();
    // The volume names the rows were drawn with, so the names pass runs only for newer ones.
    let drawn_names = StoredValue::new(VolumeNames::default());
    let announcer = use_announcer();
    draw_rows(body, rows.clone(), context, volume_names, drawn_names);
    keep_table_current(body, rows, volume_names, drawn_names, bulk);

    view! {
        <div class="table-meta">
            {move || poll.live.get().then(|| view! {
                <span class="live" role="status"><span class="live-dot" aria-hidden="true"></span>{tr(Key::Live)}</span>
            })}
            {move || poll.error.get().map(|failure| view! { <ErrorPanel failure/> })}
        </div>
        <div class="table-wrap">
            <table class="table">
                <caption class="sr-only">{tr(Key::SnapshotTable)}</caption>
                <thead>
                    <tr>
                        <th scope="col">
                            {bulk.map(|bulk| view! {
                                <input type="checkbox" class="select" aria-label=tr(Key::SelectAllOnPage)
                                    prop:checked=move || bulk.all_on_page()
                                    on:change=move |ev| bulk.select_page(event_target_checked(&ev))/>
                            })}
                            {tr(Key::Name)}
                        </th>
                        <th scope="col">{tr(Key::Id)}</th>
                        <th scope="col">{tr(Key::Status)}</th>
                        <th scope="col" class="num">{tr(Key::Size)}</th>
                        <th scope="col">{move || i18n.t(if cbs { Key::DiskId } else { Key::Volume })}</th>
                        <th scope="col">{tr(Key::Created)}</th>
                        {(!cbs).then(|| view! { <th scope="col">{tr(Key::Updated)}</th> })}
                    </tr>
                </thead>
                <tbody
                    node_ref=body
                    on:click=move |ev| copy_clicked(&ev, announcer)
                    on:change=move |ev| {
                        if let Some(bulk) = bulk {
                            checkbox_changed(&ev, bulk);
                        }
                    }
                ></tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Draws the rows into `body` in one call (again when the language changes), then redraws a
/// row's live cells when its signals change.
fn draw_rows(
    body: NodeRef<Tbody>,
    rows: Vec<Row>,
    context: RowContext,
    volume_names: Memo<VolumeNames>,
    drawn_names: StoredValue<VolumeNames>,
) {
    let i18n = use_i18n();
    let clock = use_clock();
    let drawn = StoredValue::new_local(Vec::<DrawnRow>::new());
    let bulk = context.bulk;
    Effect::new({
        let rows = rows.clone();
        let context = context.clone();
        move |_| {
            let lang = i18n.lang();
            let Some(body) = body.get() else { return };
            for row in drawn.try_update_value(std::mem::take).unwrap_or_default() {
                row.remove();
            }
            // The page before may have left its rows: the router redraws a new page of the
            // list into the same `<tbody>` element.
            while let Some(left) = body.last_element_child() {
                left.remove();
            }
            let names = volume_names.get_untracked();
            let moment = Moment {
                lang,
                now_ms: clock.now_ms_untracked(),
                volume_names: &names,
            };
            // All the rows as markup, so the page takes them in one call.
            let mut html = String::with_capacity(rows.len() * 1500);
            let shown: Vec<_> = untrack(|| {
                rows.iter()
                    .map(|row| DrawnRow::write(&mut html, *row, &context, moment))
                    .collect()
            });
            let _ = body.insert_adjacent_html("beforeend", &html);
            let drawn_rows = body.children();
            let fresh: Vec<DrawnRow> = rows
                .iter()
                .zip(shown)
                .zip(0..)
                .filter_map(|((row, shown), index)| {
                    let tr = drawn_rows.item(index)?;
                    DrawnRow::bind(tr, *row, shown, &context, lang)
                })
                .collect();
            drawn.set_value(fresh);
            drawn_names.set_value(names);
        }
    });
    Effect::new(move |_| {
        // Tracks every row's signals: a poll's answer redraws only its own row's cells.
        for row in &rows {
            row.gone.track();
            row.snapshot.track();
        }
        if let Some(bulk) = bulk {
            bulk.deleting.track();
        }
        let now_ms = clock.now_ms_untracked();
        drawn.update_value(|drawn| {
            for row in drawn.iter_mut() {
                row.refresh(&context, now_ms);
            }
        });
    });
}

/// The passes that keep what all rows share current without a reactive node per cell: the ages
/// as the clock ticks, the volume names once they load, the checkboxes as the selection changes.
fn keep_table_current(
    body: NodeRef<Tbody>,
    rows: Vec<Row>,
    volume_names: Memo<VolumeNames>,
    drawn_names: StoredValue<VolumeNames>,
    bulk: Option<Bulk>,
) {
    let i18n = use_i18n();
    let clock = use_clock();
    Effect::new(move |ticked: Option<()>| {
        let now = clock.now_ms();
        if let (Some(()), Some(body)) = (ticked, body.get_untracked()) {
            refresh_ages(&body, i18n.lang_untracked(), now);
        }
    });
    Effect::new(move |_| {
        let Some(body) = body.get() else { return };
        volume_names.with(|names| {
            if drawn_names.with_value(|drawn| drawn.same(names)) {
                return;
            }
            let links = body.query_selector_all(".volume-link").ok();
            for (index, row) in rows.iter().enumerate() {
                let link = links.as_ref().and_then(|links| links.item(index as u32));
                if let Some(link) = link {
                    let volume = row
                        .snapshot
                        .with_untracked(|s| names.display_name(&s.volume_id));
                    link.set_text_content(Some(&volume));
                }
            }
            drawn_names.set_value(names.clone());
        });
    });
    if let Some(bulk) = bulk {
        Effect::new(move |ran: Option<()>| {
            bulk.selected.track();
            // The rows are drawn ticked as the selection is (again on each redraw): only a
            // change of the selection since needs this pass (1,000 rows: some 15 ms).
            if ran.is_none() {
                return;
            }
            let Some(body) = body.get() else { return };
            for input in elements::<HtmlInputElement>(&body, "input.select") {
                input.set_checked(bulk.is_selected_untracked(&input.value()));
            }
        });
    }
}

/// Every age under `body` again, from its `<time datetime>`.
fn refresh_ages(body: &HtmlElement, lang: Lang, now_ms: i64) {
    for time in elements::<Element>(body, "time") {
        let millis = time
            .get_attribute("datetime")
            .and_then(|text| Timestamp::parse(text.trim_end_matches('Z')).unix_millis());
        if let (Some(millis), Some(age)) = (millis, time.next_element_sibling()) {
            age.set_text_content(Some(&age_text(lang, now_ms, millis)));
        }
    }
}

/// The elements under `root` that match `selector`, as `T`.
fn elements<T: JsCast>(root: &Element, selector: &str) -> Vec<T> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index)?.dyn_into::<T>().ok())
        .collect()
}

/// A row's checkbox, ticked or not (one listener for the whole table).
fn checkbox_changed(ev: &Event, bulk: Bulk) {
    let Some(input) = ev
        .target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    let id = input.value();
    let shown = bulk.name_on_page(&id).unwrap_or_else(|| id.clone());
    bulk.toggle(&id, &shown, input.checked());
}

/// A row's copy button: copies its id and says whether that worked, on the button (a tick, for
/// two seconds) and in the console's one live region.
fn copy_clicked(ev: &MouseEvent, announcer: Option<Announcer>) {
    let button = ev
        .target()
        .and_then(|target| target.dyn_into::<Element>().ok())
        .and_then(|target| target.closest("button.copy").ok().flatten());
    let Some(button) = button else { return };
    let text = button.get_attribute("value").unwrap_or_default();
    spawn_local(async move {
        let done = write_clipboard(&text).await;
        if let Some(announcer) = announcer {
            announcer.say(Announcement::Text(if done {
                Key::Copied
            } else {
                Key::CopyFailed
            }));
        }
        if done {
            let _ = button.class_list().add_1("copied");
        }
        set_timeout(
            move || {
                let _ = button.class_list().remove_1("copied");
            },
            Duration::from_secs(2),
        );
    });
}

/// Rows a bulk delete accepted turn `deleting` now and are followed until they are gone.
fn follow_deletions(account: AccountName, rows: Vec<Row>, poll: PollState, bulk: Bulk) {
    Effect::new(move |_| {
        let ids = bulk.deleting.get();
        let marked: Vec<Row> = rows
            .iter()
            .copied()
            .filter(|row| row.snapshot.with_untracked(|s| ids.contains(&s.id)))
            .collect();
        if marked.is_empty() {
            return;
        }
        for row in &marked {
            if row.snapshot.with_untracked(|s| !s.status.is_transitional()) {
                row.snapshot
                    .update(|s| *s = s.clone().marked(SnapshotStatus::Deleting));
            }
        }
        follow(account.clone(), marked, poll);
    });
}

#[component]
fn EmptyState(account: AccountInfo, view: ListView, base: String) -> impl IntoView {
    let (title, hint, action) = if view.page_number(account.paging) > 1 {
        (
            Key::EmptyPageTitle,
            Key::EmptyPageHint,
            Some((Key::FirstPage, view.first_page().href(&base))),
        )
    } else if view.is_filtered() {
        (
            Key::EmptyFilteredTitle,
            Key::EmptyFilteredHint,
            Some((
                Key::ClearFilters,
                view.with_filters(&Default::default()).href(&base),
            )),
        )
    } else if use_may(Operation::CreateSnapshot) {
        (
            Key::EmptyTitle,
            Key::EmptyHint,
            Some((Key::CreateSnapshot, format!("{base}/new"))),
        )
    } else {
        (Key::EmptyTitle, Key::EmptyHint, None)
    };
    view! {
        <div class="empty" role="status">
            <div class="empty-art" aria-hidden="true"></div>
            <h2>{tr(title)}</h2>
            <p>{tr(hint)}</p>
            {action.map(|(label, href)| view! { <a class="btn btn-primary" href=href>{tr(label)}</a> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_go_by_name_or_id() {
        let list: VolumeList = serde_json::from_value(serde_json::json!({"volumes": [
            {"id": "v1", "name": "mysql-data"},
            {"id": "v2", "name": ""}
        ]}))
        .unwrap();
        let names = VolumeNames::from_list(&list);
        assert_eq!(names.display_name("v1"), "mysql-data");
        assert_eq!(names.display_name("v2"), "v2");
        assert_eq!(names.display_name("v9"), "v9");
        assert_eq!(VolumeNames::default().display_name("v1"), "v1");
    }
}
