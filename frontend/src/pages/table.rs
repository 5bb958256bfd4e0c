//! The snapshot table: one keyed row per snapshot, each row its own signal, so the live status
//! poll re-renders only the cells that changed.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use shared::api::{AccountInfo, Provider, SnapshotPage};
use shared::snapshot::SnapshotStatus;
use shared::volume::VolumeList;
use shared::{AccountName, Operation};

use crate::components::account::detail_href;
use crate::components::copy::CopyButton;
use crate::components::error_panel::ErrorPanel;
use crate::components::i18n::{tr, use_i18n};
use crate::components::poll::{follow, PollState, Row};
use crate::components::session::use_may;
use crate::components::status::{AutoTag, ProgressBar, SnapshotStatusBadge};
use crate::components::time::LocalTime;
use crate::format::short_id;
use crate::i18n::Key;
use crate::list_view::ListView;
use crate::pages::bulk_delete::Bulk;

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

    /// The volume's name, or its id for a volume without one or not in the list.
    pub fn display_name(&self, id: &str) -> String {
        self.0.get(id).map_or(id, String::as_str).to_owned()
    }
}

#[component]
pub fn SnapshotTable(
    account: AccountInfo,
    view: ListView,
    page: SnapshotPage,
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
    let rows: Vec<Row> = page.snapshots.into_iter().map(Row::new).collect();
    let poll = PollState::new();
    follow(account.name.clone(), rows.clone(), poll);
    if let Some(bulk) = bulk {
        follow_deletions(account.name.clone(), rows.clone(), poll, bulk);
    }
    let account_name = account.name.clone();
    // CBS calls a volume a disk, and does not report when a snapshot last changed.
    let cbs = account.provider == Provider::Cbs;

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
                <tbody>
                    <For
                        each=move || rows.clone()
                        key=|row| row.snapshot.with_untracked(|snapshot| snapshot.id.clone())
                        children=move |row| {
                            view! {
                                <SnapshotRow
                                    row
                                    show_updated=!cbs
                                    account=account_name.clone()
                                    view=view.clone()
                                    volume_names
                                    base=base.clone()
                                    bulk
                                />
                            }
                        }
                    />
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn SnapshotRow(
    row: Row,
    account: AccountName,
    view: ListView,
    volume_names: Memo<VolumeNames>,
    base: String,
    /// CBS does not report when a snapshot last changed.
    show_updated: bool,
    bulk: Option<Bulk>,
) -> impl IntoView {
    let i18n = use_i18n();
    let snapshot = row.snapshot;
    // The fixed parts are read once; status, progress and times follow the signal.
    let (id, volume_id) = snapshot.with_untracked(|s| (s.id.clone(), s.volume_id.clone()));
    let progress = Memo::new(move |_| {
        snapshot.with(|s| s.status.is_transitional().then(|| s.progress.unwrap_or(0)))
    });
    let name = Memo::new(move |_| snapshot.with(|s| s.name.clone()));
    let auto = Memo::new(move |_| snapshot.with(|s| s.auto_backup));
    let size = Memo::new(move |_| snapshot.with(|s| s.size_gib));
    let created = Memo::new(move |_| snapshot.with(|s| s.created_at.clone()));
    let updated = Memo::new(move |_| snapshot.with(|s| s.updated_at.clone()));
    let href = detail_href(account.as_str(), &id);
    let id_for_hidden = id.clone();
    let volume_href = view.with_volume(&volume_id).href(&base);
    let volume_shown = move || volume_names.with(|names| names.display_name(&volume_id));
    let copy_label = {
        let id = id.clone();
        Signal::derive(move || i18n.lang().copy_id_of(&id))
    };
    view! {
        <tr class:gone=move || row.gone.get() hidden=move || vanished(bulk, row, &id_for_hidden)>
            <td class="cell-name">
                {bulk.map(|bulk| {
                    let id = id.clone();
                    let label = {
                        let id = id.clone();
                        move || {
                            let name = name.get();
                            i18n.lang().select_row(if name.is_empty() { &id } else { &name })
                        }
                    };
                    let checked = {
                        let id = id.clone();
                        move || bulk.is_selected(&id)
                    };
                    view! {
                        <input type="checkbox" class="select" aria-label=label prop:checked=checked
                            on:change=move |ev| {
                                let shown = name.get_untracked();
                                let shown = if shown.is_empty() { id.clone() } else { shown };
                                bulk.toggle(&id, &shown, event_target_checked(&ev));
                            }/>
                    }
                })}
                <a href=href>
                    {move || {
                        let name = name.get();
                        if name.is_empty() { i18n.t(Key::Unnamed).to_owned() } else { name }
                    }}
                </a>
                {move || auto.get().then(|| view! { <AutoTag/> })}
            </td>
            <td class="cell-id">
                <code title=id.clone()>{short_id(&id).to_owned()}</code>
                <CopyButton text=id.clone() label=Key::CopyId aria_label=copy_label compact=true/>
            </td>
            <td class="cell-status">
                {move || if row.gone.get() {
                    view! { <span class="badge badge-bad" data-status="not-found" title=tr(Key::NotFoundHint)>{tr(Key::Gone)}</span> }.into_any()
                } else {
                    view! {
                        <SnapshotStatusBadge snapshot/>
                        {move || progress.get().map(|percent| view! { <ProgressBar percent=Signal::derive(move || percent)/> })}
                    }.into_any()
                }}
            </td>
            <td class="num">{move || i18n.lang().size_gb(size.get())}</td>
            <td class="cell-volume">
                <a href=volume_href title=tr(Key::FilterByVolume) class="volume-link">
                    {volume_shown}
                </a>
            </td>
            <td>{move || view! { <LocalTime stamp=Some(created.get())/> }}</td>
            {show_updated.then(|| view! { <td>{move || view! { <LocalTime stamp=updated.get()/> }}</td> })}
        </tr>
    }
}

/// A row the user deleted from this page leaves once the cloud has finished.
fn vanished(bulk: Option<Bulk>, row: Row, id: &str) -> bool {
    row.gone.get() && bulk.is_some_and(|bulk| bulk.deleting.with(|d| d.iter().any(|i| i == id)))
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
