//! The snapshot list: filters, table and pager, all driven by the URL.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use shared::api::{AccountInfo, SnapshotPage};
use shared::volume::VolumeList;
use shared::{AccountName, Operation};

use crate::api;
use crate::components::account::{list_href, use_account};
use crate::components::error_panel::{load_failed, ErrorPanel};
use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_title};
use crate::components::notice::NoticeBanner;
use crate::components::session::use_may;
use crate::components::status::Loading;
use crate::error::{ApiFailure, ViewError};
use crate::i18n::Key;
use crate::list_view::ListView;
use crate::pages::bulk_delete::{Bulk, BulkDeleteButton};
use crate::pages::filters::FilterBar;
use crate::pages::pager::Pager;
use crate::pages::table::{SnapshotTable, VolumeNames};

/// A page of the list, with the view it was asked for by.
type ListPageResource = LocalResource<Result<(ListView, Arc<SnapshotPage>), ViewError>>;
type VolumesResource = LocalResource<Result<VolumeList, ApiFailure>>;

#[component]
pub fn ListPage() -> impl IntoView {
    let account = use_account();
    let location = use_location();
    let base = list_href(account.name.as_str());
    {
        let name = account.name.clone();
        use_title(move |lang| lang.title(lang.text(Key::Snapshots), name.as_str()));
    }
    // While the router leaves this page the URL is already another page's: keep the last view
    // rather than fetch a list for a query that is not ours.
    let view_state = Memo::new({
        let base = base.clone();
        move |previous: Option<&Result<ListView, _>>| match previous {
            Some(previous) if location.pathname.with(|path| *path != base) => previous.clone(),
            _ => location
                .search
                .with(|search| ListView::from_query_string(search)),
        }
    });
    let page: ListPageResource = LocalResource::new({
        let name = account.name.clone();
        move || {
            let name = name.clone();
            let view = view_state.get();
            async move {
                let view = view.map_err(ViewError::BadLink)?;
                let page = api::list_snapshots(&name, &view.api_query()).await?;
                Ok::<_, ViewError>((view, Arc::new(page)))
            }
        }
    });
    let bulk = use_may(Operation::DeleteSnapshot).then(Bulk::new);
    let volumes = account
        .can(Operation::ListVolumes)
        .then(|| volumes_of(account.name.clone()));

    view! {
        <ListHead account=account.clone() page bulk/>
        <NoticeBanner/>
        <FilterBar account=account.clone() view_state base=base.clone()/>
        <VolumeNotice volumes page/>
        <ListBody account page volume_names=volume_names(volumes) base bulk/>
    }
}

fn volumes_of(account: AccountName) -> VolumesResource {
    LocalResource::new(move || {
        let account = account.clone();
        async move { api::list_volumes(&account).await }
    })
}

/// Volume names by id, where the account lists volumes and the list loaded.
fn volume_names(volumes: Option<VolumesResource>) -> Memo<VolumeNames> {
    Memo::new(move |_| {
        volumes
            .and_then(|volumes| {
                volumes.map(|result| {
                    result
                        .as_ref()
                        .map(VolumeNames::from_list)
                        .unwrap_or_default()
                })
            })
            .unwrap_or_default()
    })
}

#[component]
fn ListHead(account: AccountInfo, page: ListPageResource, bulk: Option<Bulk>) -> impl IntoView {
    let create_href = format!("{}/new", list_href(account.name.as_str()));
    view! {
        <div class="page-head">
            <div>
                <PageHeading>{tr(Key::Snapshots)}</PageHeading>
                <p class="subtitle">{account.name.to_string()}</p>
            </div>
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| page.refetch()>
                    {tr(Key::Refresh)}
                </button>
                {bulk.map(|bulk| view! { <BulkDeleteButton account=account.name.clone() bulk/> })}
                {use_may(Operation::CreateSnapshot).then(|| view! {
                    <a class="btn btn-primary" href=create_href.clone()>{tr(Key::CreateSnapshot)}</a>
                })}
            </div>
        </div>
    }
}

/// Why volume ids are shown instead of names. Only worth a notice when the list itself loaded:
/// otherwise its own error says it all.
#[component]
fn VolumeNotice(volumes: Option<VolumesResource>, page: ListPageResource) -> impl IntoView {
    let failure = move || {
        let listed = page.map(Result::is_ok).unwrap_or(false);
        volumes
            .filter(|_| listed)
            .and_then(|volumes| volumes.map(|r| r.as_ref().err().cloned()).flatten())
    };
    let retry = Callback::new(move |()| {
        if let Some(volumes) = volumes {
            volumes.refetch();
        }
    });
    move || {
        failure().map(|failure| {
            view! {
                <details class="notice">
                    <summary>{tr(Key::VolumeNamesUnavailable)}</summary>
                    <ErrorPanel failure retry/>
                </details>
            }
        })
    }
}

/// The table and the pager; the last page stays while the next one loads.
#[component]
fn ListBody(
    account: AccountInfo,
    page: ListPageResource,
    volume_names: Memo<VolumeNames>,
    base: String,
    bulk: Option<Bulk>,
) -> impl IntoView {
    let paging = account.paging;
    let (pending, set_pending) = signal(false);
    view! {
        <div class="list-body" class:pending=pending aria-busy=move || pending.get().to_string()>
            <Transition fallback=|| view! { <Loading/> } set_pending>
                <ErrorBoundary fallback=load_failed(move || page.refetch())>
                    {move || {
                        let account = account.clone();
                        let base = base.clone();
                        Suspend::new(async move {
                            let (view, page) = page.await?;
                            Ok::<_, ViewError>(view! {
                                <SnapshotTable account=account.clone() view=view.clone() page=page.clone() volume_names base=base.clone() bulk=bulk/>
                                // An empty first page has nowhere to go: the empty state says what to do.
                                {(!page.snapshots.is_empty() || view.previous(paging).is_some())
                                    .then(|| view! { <Pager paging view page base/> })}
                            })
                        })
                    }}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}
