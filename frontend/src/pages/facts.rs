//! The overview card of a snapshot's page: the facts every provider gives, the volume the
//! snapshot was taken from, and what the provider says beyond them (CBS's extra fields).

use leptos::prelude::*;
use shared::api::{AccountInfo, DiskUsage, Provider};
use shared::snapshot::{CbsExtra, ProviderExtra};
use shared::volume::VolumeList;
use shared::{AccountName, Operation, Snapshot};

use crate::api;
use crate::components::account::list_href;
use crate::components::copy::CopyButton;
use crate::components::error_panel::ErrorPanel;
use crate::components::i18n::{tr, use_i18n};
use crate::components::status::{ProgressBar, SnapshotStatusBadge};
use crate::components::time::LocalTime;
use crate::error::ApiFailure;
use crate::i18n::{disk_usage_key, Key};
use crate::list_view::ListView;

/// What stands for a fact the provider did not give.
const NONE: &str = "—";

/// The project a snapshot belongs to, where its provider says.
pub fn project_id(snapshot: &Snapshot) -> Option<&str> {
    match snapshot.extra.as_ref()? {
        ProviderExtra::Evs(evs) => evs.project_id.as_deref(),
        ProviderExtra::Cbs(cbs) => cbs.project_id.as_deref(),
    }
}

#[component]
pub fn DetailFacts(account: AccountInfo, snapshot: RwSignal<Snapshot>) -> impl IntoView {
    let i18n = use_i18n();
    let provider = account.provider;
    let cbs = provider == Provider::Cbs;
    let cbs_extra = snapshot.with_untracked(|s| match &s.extra {
        Some(ProviderExtra::Cbs(extra)) => Some(extra.clone()),
        _ => None,
    });
    view! {
        <section class="card">
            <h2>{tr(Key::Overview)}</h2>
            <dl class="facts">
                <SnapshotFacts snapshot/>
                <VolumeFact account=account.clone() snapshot/>
                <ProjectFact account snapshot/>
                <Fact label=Key::Created>
                    {move || view! { <LocalTime stamp=Some(snapshot.with(|s| s.created_at.clone())) with_zone=true/> }}
                </Fact>
                // CBS does not report when a snapshot last changed.
                {(!cbs).then(|| view! {
                    <Fact label=Key::Updated>
                        {move || view! { <LocalTime stamp=snapshot.with(|s| s.updated_at.clone()) with_zone=true/> }}
                    </Fact>
                })}
                <Fact label=Key::Provider>{move || i18n.lang().provider(provider)}</Fact>
                {cbs_extra.map(|extra| view! { <CbsFacts snapshot extra/> })}
            </dl>
        </section>
    }
}

/// The snapshot's own facts: id, name, description, status, progress and size.
#[component]
fn SnapshotFacts(snapshot: RwSignal<Snapshot>) -> impl IntoView {
    let i18n = use_i18n();
    let id = snapshot.with_untracked(|s| s.id.clone());
    let progress = Memo::new(move |_| snapshot.with(|s| s.progress));
    view! {
        <Fact label=Key::SnapshotId>
            <code>{id.clone()}</code>
            <CopyButton text=id label=Key::CopyId compact=true aria_label=Signal::derive(tr(Key::CopyId).to_owned())/>
        </Fact>
        <Fact label=Key::Name>
            {move || snapshot.with(|s| if s.name.is_empty() { i18n.t(Key::Unnamed).to_owned() } else { s.name.clone() })}
        </Fact>
        <Fact label=Key::Description>
            {move || snapshot.with(|s| s.description.clone().filter(|d| !d.is_empty()).unwrap_or_else(|| NONE.to_owned()))}
        </Fact>
        <Fact label=Key::Status>
            <SnapshotStatusBadge snapshot/>
        </Fact>
        <Fact label=Key::Progress>
            {move || match progress.get() {
                Some(value) => view! { <ProgressBar percent=Signal::derive(move || value)/> }.into_any(),
                None => view! { <span>{NONE}</span> }.into_any(),
            }}
        </Fact>
        <Fact label=Key::Size>{move || i18n.lang().size_gb(snapshot.with(|s| s.size_gib))}</Fact>
    }
}

/// The volume (CBS: disk) and a link to its other snapshots.
#[component]
fn VolumeFact(account: AccountInfo, snapshot: RwSignal<Snapshot>) -> impl IntoView {
    let cbs = account.provider == Provider::Cbs;
    let volume_id = snapshot.with_untracked(|s| s.volume_id.clone());
    let others = ListView::default()
        .with_volume(&volume_id)
        .href(&list_href(account.name.as_str()));
    let listed = account.can(Operation::ListVolumes);
    view! {
        <Fact label=if cbs { Key::DiskId } else { Key::Volume }>
            <VolumeOfSnapshot account=account.name volume_id listed/>
            " "
            <a href=others>{tr(if cbs { Key::OtherSnapshotsOfDisk } else { Key::OtherSnapshotsOfVolume })}</a>
        </Fact>
    }
}

/// The snapshot's project where its provider says, else the account's.
#[component]
fn ProjectFact(account: AccountInfo, snapshot: RwSignal<Snapshot>) -> impl IntoView {
    let own = snapshot.with_untracked(|s| project_id(s).map(str::to_owned));
    view! {
        <Fact label=Key::ProjectId>
            {match own {
                Some(project) => view! { <code>{project}</code> }.into_any(),
                None => view! { <span>{account.project_id.unwrap_or_else(|| NONE.to_owned())}</span> }.into_any(),
            }}
        </Fact>
    }
}

/// What CBS says beyond the common fields.
#[component]
fn CbsFacts(snapshot: RwSignal<Snapshot>, extra: CbsExtra) -> impl IntoView {
    let i18n = use_i18n();
    let provider_status = Memo::new(move |_| snapshot.with(|s| s.provider_status.clone()));
    let disk_usage = extra.disk_usage.map(|word| match DiskUsage::parse(&word) {
        Some(usage) => view! { <span>{tr(disk_usage_key(usage))}</span> }.into_any(),
        None => view! { <span>{word}</span> }.into_any(),
    });
    let encrypted = extra.encrypted;
    view! {
        <Fact label=Key::ProviderStatus><code>{move || provider_status.get()}</code></Fact>
        <Fact label=Key::DiskUsage>
            {disk_usage.unwrap_or_else(|| view! { <span>{NONE}</span> }.into_any())}
        </Fact>
        <Fact label=Key::Zone>{extra.zone.unwrap_or_else(|| NONE.to_owned())}</Fact>
        <Fact label=Key::Encrypted>
            {move || encrypted.map(|e| i18n.lang().boolean(e)).unwrap_or(NONE)}
        </Fact>
        <Fact label=Key::CreateTimeRaw>
            <code>{extra.created_at_raw.unwrap_or_else(|| NONE.to_owned())}</code>
        </Fact>
    }
}

/// The volume a snapshot was taken from: always its id and, when the account lists volumes,
/// its name and whether it is attached, as the list and the create form show them.
#[component]
fn VolumeOfSnapshot(account: AccountName, volume_id: String, listed: bool) -> impl IntoView {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(extra: serde_json::Value) -> Snapshot {
        serde_json::from_value(serde_json::json!({
            "id": "s1", "status": "available", "provider_status": "NORMAL", "size_gib": 50,
            "volume_id": "disk-1", "created_at": "2024-01-01T00:00:00.000000", "extra": extra
        }))
        .unwrap()
    }

    #[test]
    fn the_project_is_the_providers_word_where_it_gives_one() {
        let cbs = snapshot(serde_json::json!({"provider": "cbs", "project_id": "0"}));
        assert_eq!(project_id(&cbs), Some("0"));
        let evs = snapshot(serde_json::json!({"provider": "evs", "project_id": "p-1"}));
        assert_eq!(project_id(&evs), Some("p-1"));
        let silent = snapshot(serde_json::json!({"provider": "evs"}));
        assert_eq!(project_id(&silent), None);
        assert_eq!(project_id(&snapshot(serde_json::Value::Null)), None);
    }
}
