//! One snapshot: every field, metadata, progress (followed live while it changes), links to
//! the volume's other snapshots and to Edit, and "Copy JSON" of the record.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::AccountInfo;
use shared::volume::VolumeList;
use shared::Snapshot;

use crate::api;
use crate::components::account::{detail_href, list_href, with_account};
use crate::components::copy::CopyButton;
use crate::components::error_panel::{load_failed, ErrorPanel};
use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_i18n, use_title};
use crate::components::poll::{follow, PollState, Row};
use crate::components::status::{AutoTag, Loading, ProgressBar, StatusBadge};
use crate::components::time::LocalTime;
use crate::error::{ApiFailure, ViewError};
use crate::i18n::Key;
use crate::list_view::ListView;

#[component]
pub fn DetailPage() -> impl IntoView {
    with_account(|account| view! { <SnapshotDetail account/> })
}

/// The `:id` of the current route.
pub fn use_snapshot_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").unwrap_or_default())
}

/// The snapshot the current route names, in `account`, loaded again when the route changes.
pub fn use_snapshot(account: String) -> LocalResource<Result<Snapshot, ApiFailure>> {
    let id = use_snapshot_id();
    LocalResource::new(move || {
        let account = account.clone();
        let id = id.get();
        async move { api::get_snapshot(&account, &id).await }
    })
}

#[component]
fn SnapshotDetail(account: AccountInfo) -> impl IntoView {
    let snapshot = use_snapshot(account.name.clone());
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=load_failed(move || snapshot.refetch())>
                {move || {
                    let account = account.clone();
                    Suspend::new(async move {
                        match snapshot.await {
                            Ok(found) => Ok(view! { <DetailBody account snapshot=found/> }.into_any()),
                            Err(failure) if failure.is_not_found() => {
                                Ok(view! { <SnapshotNotFound account=account.name/> }.into_any())
                            }
                            Err(failure) => Err(ViewError::Api(failure)),
                        }
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
pub fn SnapshotNotFound(account: String) -> impl IntoView {
    view! {
        <div class="empty not-found" role="status">
            <div class="empty-art" aria-hidden="true"></div>
            <PageHeading>{tr(Key::NotFoundTitle)}</PageHeading>
            <p>{tr(Key::NotFoundHint)}</p>
            <a class="btn btn-primary" href=list_href(&account)>{tr(Key::GoToSnapshots)}</a>
        </div>
    }
}

/// Follows the snapshot while it changes; shows the not-found page if it is deleted meanwhile.
#[component]
fn DetailBody(account: AccountInfo, snapshot: Snapshot) -> impl IntoView {
    let row = Row::new(snapshot);
    let poll = PollState::new();
    follow(account.name.clone(), vec![row], poll);
    move || {
        let account = account.clone();
        if row.gone.get() {
            view! { <SnapshotNotFound account=account.name/> }.into_any()
        } else {
            view! { <DetailFacts account row poll/> }.into_any()
        }
    }
}

#[component]
fn DetailFacts(account: AccountInfo, row: Row, poll: PollState) -> impl IntoView {
    let i18n = use_i18n();
    let current = row.snapshot;
    let fixed = current.get_untracked();
    let list = list_href(&account.name);
    let volume_href = ListView::default()
        .with_volume(&fixed.volume_id)
        .href(&list);
    let edit_href = format!("{}/edit", detail_href(&account.name, &fixed.id));
    let json = Signal::derive(move || {
        current.with(|snapshot| {
            serde_json::to_string_pretty(snapshot).unwrap_or_else(|error| error.to_string())
        })
    });
    let status = Memo::new(move |_| current.with(|s| s.status.clone()));
    let raw_status = Memo::new(move |_| {
        current.with(|s| {
            s.provider_details
                .as_ref()
                .map(|details| details.status.clone())
        })
    });
    let transitional = Memo::new(move |_| current.with(|s| s.status.is_transitional()));
    let percent = Memo::new(move |_| current.with(|s| s.progress_percent()));
    let title = Memo::new(move |_| {
        current.with(|s| {
            if s.name.is_empty() {
                s.id.clone()
            } else {
                s.name.clone()
            }
        })
    });
    {
        let account = account.name.clone();
        use_title(move |lang| lang.title(&title.get(), &account));
    }
    let can_update = account.capabilities.update;
    let id = fixed.id.clone();
    let details = fixed.provider_details.clone();
    let provider = account.provider;
    let cbs = account.capabilities.numbered_pages;
    let auto = fixed.is_auto_backup();

    view! {
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=list.clone()>{tr(Key::BackToList)}</a>
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
                        <StatusBadge status=status raw=raw_status/>
                        {move || transitional.get().then(|| view! {
                            <span class="live" role="status"><span class="live-dot" aria-hidden="true"></span>{tr(Key::Following)}</span>
                        })}
                    </p>
                </div>
                <div class="actions">
                    <CopyButton text=json label=Key::CopyJson/>
                    {can_update.then(|| view! {
                        <a class="btn btn-primary" href=edit_href.clone()>{tr(Key::Edit)}</a>
                    })}
                </div>
            </div>
            {move || poll.error.get().map(|failure| view! { <ErrorPanel failure/> })}
            {auto.then(|| view! {
                <aside class="callout">
                    <strong>{tr(Key::AutoBackup)}</strong>
                    <p>{tr(Key::AutoBackupExplain)}</p>
                </aside>
            })}
            <section class="card">
                <h2>{tr(Key::Overview)}</h2>
                <dl class="facts">
                    <Fact label=Key::SnapshotId>
                        <code>{id.clone()}</code>
                        <CopyButton text=id.clone() label=Key::CopyId compact=true aria_label=Signal::derive(tr(Key::CopyId).to_owned())/>
                    </Fact>
                    <Fact label=Key::Name>
                        {move || current.with(|s| if s.name.is_empty() { i18n.t(Key::Unnamed).to_owned() } else { s.name.clone() })}
                    </Fact>
                    <Fact label=Key::Description>
                        {move || current.with(|s| s.description.clone().filter(|d| !d.is_empty()).unwrap_or_else(|| "—".to_owned()))}
                    </Fact>
                    <Fact label=Key::Status>
                        <StatusBadge status=status raw=raw_status/>
                    </Fact>
                    <Fact label=Key::Progress>
                        {move || match percent.get() {
                            Some(value) => view! { <ProgressBar percent=Signal::derive(move || value)/> }.into_any(),
                            None => view! { <span>"—"</span> }.into_any(),
                        }}
                    </Fact>
                    <Fact label=Key::Size>{move || i18n.lang().size_gb(current.with(|s| s.size))}</Fact>
                    <Fact label=if cbs { Key::DiskId } else { Key::Volume }>
                        <VolumeOfSnapshot account=account.name.clone() volume_id=fixed.volume_id.clone() listed=account.capabilities.volumes/>
                        " "
                        <a href=volume_href>{tr(if cbs { Key::OtherSnapshotsOfDisk } else { Key::OtherSnapshotsOfVolume })}</a>
                    </Fact>
                    <Fact label=Key::ProjectId>
                        {fixed.project_id.clone().map(|p| view! { <code>{p}</code> }.into_any()).unwrap_or_else(|| view! { <span>{account.project_id.clone().unwrap_or_else(|| "—".to_owned())}</span> }.into_any())}
                    </Fact>
                    <Fact label=Key::Created>
                        {move || view! { <LocalTime stamp=Some(current.with(|s| s.created_at.clone())) with_zone=true/> }}
                    </Fact>
    {(!cbs).then(|| view! {
                    <Fact label=Key::Updated>
                        {move || view! { <LocalTime stamp=current.with(|s| s.updated_at.clone()) with_zone=true/> }}
                    </Fact>
    })}
                    <Fact label=Key::Provider>{move || i18n.lang().provider(provider)}</Fact>
                    {details.map(|details| view! {
                        <Fact label=Key::ProviderStatus><code>{details.status.clone()}</code></Fact>
                        <Fact label=Key::DiskUsage>
                            {match details.disk_usage.as_deref() {
                                Some("SYSTEM_DISK") => view! { <span>{tr(Key::SystemDisk)}</span> }.into_any(),
                                Some("DATA_DISK") => view! { <span>{tr(Key::DataDisk)}</span> }.into_any(),
                                Some(other) => view! { <span>{other.to_owned()}</span> }.into_any(),
                                None => view! { <span>"—"</span> }.into_any(),
                            }}
                        </Fact>
                        <Fact label=Key::Zone>{details.zone.clone().unwrap_or_else(|| "—".to_owned())}</Fact>
                        <Fact label=Key::Encrypted>
                            {move || details.encrypted.map(|e| i18n.lang().boolean(e)).unwrap_or("—")}
                        </Fact>
                        <Fact label=Key::CreateTimeRaw>
                            <code>{details.create_time_raw.clone().unwrap_or_else(|| "—".to_owned())}</code>
                        </Fact>
                    })}
                </dl>
            </section>
            <section class="card">
                <h2>{tr(Key::Metadata)}</h2>
                {move || {
                    let metadata = current.with(|s| s.metadata.clone());
                    if metadata.is_empty() {
                        view! { <p class="muted">{tr(Key::NoMetadata)}</p> }.into_any()
                    } else {
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
                    }
                }}
            </section>
            <details class="card json">
                <summary>"JSON"</summary>
                <pre><code>{move || json.get()}</code></pre>
            </details>
        }
}

/// The volume a snapshot was taken from: always its id and, when the account lists volumes,
/// its name and whether it is attached, as the list and the create form show them.
#[component]
fn VolumeOfSnapshot(account: String, volume_id: String, listed: bool) -> impl IntoView {
    let volumes: Option<LocalResource<Result<VolumeList, ApiFailure>>> = listed.then(|| {
        LocalResource::new(move || {
            let account = account.clone();
            async move { api::list_volumes(&account).await }
        })
    });
    let found = Memo::new({
        let id = volume_id.clone();
        move |_| {
            let volumes = volumes?;
            volumes
                .map(|result| {
                    let list = result.as_ref().ok()?;
                    list.volumes.iter().find(|volume| volume.id == id).cloned()
                })
                .flatten()
        }
    });
    let failure = Memo::new(move |_| {
        volumes
            .and_then(|volumes| volumes.map(|result| result.as_ref().err().cloned()))
            .flatten()
    });
    let retry = Callback::new(move |()| {
        if let Some(volumes) = volumes {
            volumes.refetch();
        }
    });
    view! {
        {move || found.get().map(|volume| {
            let attached = if volume.is_attached() { Key::Attached } else { Key::NotAttached };
            view! {
                {(!volume.name.is_empty()).then(|| view! { <span class="volume-name">{volume.name.clone()}</span> " " })}
                <span class="tag tag-volume" data-attached=volume.is_attached().to_string()>{tr(attached)}</span>
                " "
            }
        })}
        <code class="volume-id">{volume_id}</code>
        {move || failure.get().map(|failure| view! {
            <details class="notice">
                <summary>{tr(Key::VolumeNamesUnavailable)}</summary>
                <ErrorPanel failure retry/>
            </details>
        })}
    }
}

/// One labelled value of the overview.
#[component]
fn Fact(label: Key, children: Children) -> impl IntoView {
    view! {
        <div class="fact">
            <dt>{tr(label)}</dt>
            <dd>{children()}</dd>
        </div>
    }
}
