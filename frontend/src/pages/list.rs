//! The snapshot list: filters, table and pager, all driven by the URL.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use shared::api::AccountInfo;
use shared::volume::VolumeList;

use crate::api;
use crate::components::account::{list_href, with_account};
use crate::components::error_panel::{load_failed, ErrorPanel};
use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_title};
use crate::components::status::Loading;
use crate::error::{ApiFailure, ViewError};
use crate::i18n::Key;
use crate::list_view::{ListView, Paging};
use crate::pages::filters::FilterBar;
use crate::pages::pager::Pager;
use crate::pages::table::{SnapshotTable, VolumeNames};

#[component]
pub fn ListPage() -> impl IntoView {
    with_account(|account| view! { <SnapshotList account/> })
}

#[component]
fn SnapshotList(account: AccountInfo) -> impl IntoView {
    let location = use_location();
    let paging = Paging::of(account.capabilities.numbered_pages);
    let base = list_href(&account.name);
    // While the router leaves this page the URL is already another page's: keep the last view
    // rather than fetch a list for a query that is not ours.
    {
        let name = account.name.clone();
        use_title(move |lang| lang.title(lang.text(Key::Snapshots), &name));
    }
    let view_state = Memo::new({
        let base = base.clone();
        move |previous: Option<&Result<ListView, _>>| match previous {
            Some(previous) if location.pathname.with(|path| *path != base) => previous.clone(),
            _ => location
                .search
                .with(|search| ListView::from_query_string(search)),
        }
    });

    let name = account.name.clone();
    let page = LocalResource::new(move || {
        let name = name.clone();
        let view = view_state.get();
        async move {
            let view = view.map_err(ViewError::BadLink)?;
            let page = api::list_snapshots(&name, &view.api_query()).await?;
            Ok::<_, ViewError>((view, page))
        }
    });

    let volumes: Option<LocalResource<Result<VolumeList, ApiFailure>>> =
        account.capabilities.volumes.then(|| {
            let name = account.name.clone();
            LocalResource::new(move || {
                let name = name.clone();
                async move { api::list_volumes(&name).await }
            })
        });
    let volume_names = Memo::new(move |_| match volumes {
        Some(volumes) => volumes
            .map(|result| {
                result
                    .as_ref()
                    .map(VolumeNames::from_list)
                    .unwrap_or_default()
            })
            .unwrap_or_default(),
        None => VolumeNames::default(),
    });
    // Only worth a notice when the list itself loaded: otherwise its own error says it all.
    let volume_error = move || {
        let listed = page.map(Result::is_ok).unwrap_or(false);
        volumes
            .filter(|_| listed)
            .and_then(|volumes| volumes.map(|r| r.as_ref().err().cloned()).flatten())
    };

    let retry_volumes = Callback::new(move |()| {
        if let Some(volumes) = volumes {
            volumes.refetch();
        }
    });

    let (pending, set_pending) = signal(false);
    let create_href = format!("{base}/new");
    let can_create = account.capabilities.create;
    let account_name = account.name.clone();
    let table_account = account.clone();

    view! {
        <div class="page-head">
            <div>
                <PageHeading>{tr(Key::Snapshots)}</PageHeading>
                <p class="subtitle">{account_name}</p>
            </div>
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| page.refetch()>
                    {tr(Key::Refresh)}
                </button>
                {can_create.then(|| view! {
                    <a class="btn btn-primary" href=create_href.clone()>{tr(Key::CreateSnapshot)}</a>
                })}
            </div>
        </div>
        <FilterBar account=account.clone() view_state base=base.clone()/>
        {move || volume_error().map(|failure| view! {
            <details class="notice">
                <summary>{tr(Key::VolumeNamesUnavailable)}</summary>
                <ErrorPanel failure retry=retry_volumes/>
            </details>
        })}
        <div class="list-body" class:pending=pending aria-busy=move || pending.get().to_string()>
            <Transition fallback=|| view! { <Loading/> } set_pending>
                <ErrorBoundary fallback=load_failed(move || page.refetch())>
                    {move || {
                        let account = table_account.clone();
                        let base = base.clone();
                        Suspend::new(async move {
                            let (view, page) = page.await?;
                            Ok::<_, ViewError>(view! {
                                <SnapshotTable account=account.clone() view=view.clone() page=page.clone() volume_names base=base.clone()/>
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
