//! One snapshot: every field (in [`crate::pages::facts`]), metadata, progress (followed live
//! while it changes), links to the volume's other snapshots and to Edit, and "Copy JSON" of the
//! record.

use leptos::prelude::*;
use shared::api::AccountInfo;
use shared::{Operation, Snapshot};

use leptos_router::hooks::use_navigate;

use crate::components::account::{detail_href, list_href, use_account};
use crate::components::copy::CopyButton;
use crate::components::error_panel::ErrorPanel;
use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_title};
use crate::components::notice::{use_notice, NoticeText};
use crate::components::poll::{follow, PollState, Row};
use crate::components::session::use_may;
use crate::components::status::{AutoTag, SnapshotStatusBadge};
use crate::i18n::Key;
use crate::pages::facts::DetailFacts;
use crate::pages::history::SnapshotHistory;
use crate::pages::lifecycle::{DeleteAction, RollbackAction};
use crate::pages::snapshot_loader::{SnapshotLoader, SnapshotNotFound};

#[component]
pub fn DetailPage() -> impl IntoView {
    let account = use_account();
    view! {
        <SnapshotLoader
            account=account.name.clone()
            show=move |_, snapshot| view! { <DetailBody account=account.clone() snapshot/> }
        />
    }
}

/// Follows the snapshot while it changes (again after a delete or a rollback); shows the
/// not-found page if it is deleted meanwhile, or goes back to the list with a notice when it
/// was deleted from here.
#[component]
fn DetailBody(account: AccountInfo, snapshot: Snapshot) -> impl IntoView {
    let row = Row::new(snapshot);
    let poll = PollState::new();
    let deleted = RwSignal::new(false);
    let transitional = Memo::new(move |_| row.snapshot.with(|s| s.status.is_transitional()));
    {
        let name = account.name.clone();
        // Each time the snapshot starts changing; the effect's cleanup stops the last follow.
        Effect::new(move |_| {
            if transitional.get() {
                follow(name.clone(), vec![row], poll);
            }
        });
    }
    let navigate = use_navigate();
    let notice = use_notice();
    let list = list_href(account.name.as_str());
    Effect::new(move |_| {
        if row.gone.get() && deleted.get_untracked() {
            let (name, id) = row
                .snapshot
                .with_untracked(|s| (s.display_name().to_owned(), s.id.clone()));
            notice.set(NoticeText::Deleted { name, id });
            navigate(&list, Default::default());
        }
    });
    move || {
        let account = account.clone();
        if row.gone.get() {
            view! { <SnapshotNotFound account=account.name/> }.into_any()
        } else {
            view! { <SnapshotView account snapshot=row.snapshot poll deleted/> }.into_any()
        }
    }
}

#[component]
fn SnapshotView(
    account: AccountInfo,
    snapshot: RwSignal<Snapshot>,
    poll: PollState,
    deleted: RwSignal<bool>,
) -> impl IntoView {
    let title = Memo::new(move |_| snapshot.with(|s| s.display_name().to_owned()));
    {
        let account = account.name.clone();
        use_title(move |lang| lang.title(&title.get(), account.as_str()));
    }
    let auto = snapshot.with_untracked(|s| s.auto_backup);
    view! {
        <DetailHead account=account.clone() snapshot title auto deleted/>
        {move || deleted.get().then(|| view! {
            <p class="live" role="status"><span class="live-dot" aria-hidden="true"></span>{tr(Key::DeletingFollow)}</p>
        })}
        {move || poll.error.get().map(|failure| view! { <ErrorPanel failure/> })}
        {auto.then(|| view! { <AutoBackupCallout/> })}
        <DetailFacts account snapshot/>
        <MetadataCard snapshot/>
        <SnapshotHistory id=snapshot.with_untracked(|s| s.id.clone())/>
        <JsonCard snapshot/>
    }
}

/// The way back, the title with the live status, and the page's actions.
#[component]
fn DetailHead(
    account: AccountInfo,
    snapshot: RwSignal<Snapshot>,
    title: Memo<String>,
    auto: bool,
    deleted: RwSignal<bool>,
) -> impl IntoView {
    let list = list_href(account.name.as_str());
    let edit_href =
        snapshot.with_untracked(|s| format!("{}/edit", detail_href(account.name.as_str(), &s.id)));
    let can_update = use_may(Operation::UpdateSnapshot);
    let can_delete = use_may(Operation::DeleteSnapshot);
    let can_rollback = use_may(Operation::RollbackSnapshot);
    let actions_account = account.clone();
    let transitional = Memo::new(move |_| snapshot.with(|s| s.status.is_transitional()));
    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href=list>{tr(Key::BackToList)}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{move || title.get()}</span>
        </nav>
        <div class="page-head">
            <div>
                <PageHeading>
                    {move || title.get()}
                    {auto.then(|| view! { <AutoTag/> })}
                </PageHeading>
                <p class="subtitle">
                    <SnapshotStatusBadge snapshot/>
                    {move || transitional.get().then(|| view! {
                        <span class="live" role="status"><span class="live-dot" aria-hidden="true"></span>{tr(Key::Following)}</span>
                    })}
                </p>
            </div>
            <div class="actions">
                <CopyButton text=Signal::derive(move || snapshot.with(record_json)) label=Key::CopyJson/>
                {can_update.then(|| view! {
                    <a class="btn btn-primary" href=edit_href.clone()>{tr(Key::Edit)}</a>
                })}
                {can_rollback.then(|| view! { <RollbackAction account=actions_account.clone() snapshot/> })}
                {can_delete.then(|| view! { <DeleteAction account=actions_account.clone() snapshot deleted/> })}
            </div>
        </div>
    }
}

/// The record as the console's API returned it, for "Copy JSON" and the JSON card.
fn record_json(snapshot: &Snapshot) -> String {
    serde_json::to_string_pretty(snapshot).unwrap_or_else(|error| error.to_string())
}

#[component]
fn AutoBackupCallout() -> impl IntoView {
    view! {
        <aside class="callout">
            <strong>{tr(Key::AutoBackup)}</strong>
            <p>{tr(Key::AutoBackupExplain)}</p>
        </aside>
    }
}

#[component]
fn MetadataCard(snapshot: RwSignal<Snapshot>) -> impl IntoView {
    let metadata = Memo::new(move |_| snapshot.with(|s| s.metadata.clone()));
    view! {
        <section class="card">
            <h2>{tr(Key::Metadata)}</h2>
            {move || {
                let metadata = metadata.get();
                if metadata.is_empty() {
                    return view! { <p class="muted">{tr(Key::NoMetadata)}</p> }.into_any();
                }
                view! {
                    <table class="table table-compact">
                        <thead>
                            <tr>
                                <th scope="col">{tr(Key::Key)}</th>
                                <th scope="col">{tr(Key::Value)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {metadata
                                .into_iter()
                                .map(|(key, value)| view! { <tr><td><code>{key}</code></td><td>{value}</td></tr> })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn JsonCard(snapshot: RwSignal<Snapshot>) -> impl IntoView {
    view! {
        <details class="card json">
            <summary>"JSON"</summary>
            <pre><code>{move || snapshot.with(record_json)}</code></pre>
        </details>
    }
}
