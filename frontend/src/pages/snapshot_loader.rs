//! The snapshot a route names (`…/snapshots/:id` and its `/edit`): one loader for the detail
//! page and the edit form, and the page for a snapshot that does not exist.

use leptos::prelude::*;
use leptos_router::hooks::use_params;
use shared::validate::FieldError;
use shared::{AccountName, Snapshot, SnapshotId};

use crate::api;
use crate::components::account::list_href;
use crate::components::error_panel::page_failed;
use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_title};
use crate::components::status::Loading;
use crate::error::{ApiFailure, ViewError};
use crate::i18n::Key;
use crate::params::SnapshotParams;

/// What loading the route's snapshot found.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// The snapshot, with the checked id it was asked for by.
    Found(SnapshotId, Box<Snapshot>),
    /// There is no such snapshot: the backend says so, or the id cannot name one.
    Missing,
}

impl Loaded {
    /// A missing snapshot is an answer, not a failure of the page: it gets its own page.
    pub fn of(id: SnapshotId, result: Result<Snapshot, ApiFailure>) -> Result<Self, ApiFailure> {
        match result {
            Ok(snapshot) => Ok(Self::Found(id, Box::new(snapshot))),
            Err(failure) if failure.is_not_found() => Ok(Self::Missing),
            Err(failure) => Err(failure),
        }
    }
}

/// The checked `:id` of the current route.
pub fn use_snapshot_id() -> Memo<Result<SnapshotId, FieldError>> {
    let params = use_params::<SnapshotParams>();
    Memo::new(move |_| {
        params.with(|params| match params {
            Ok(params) => params.snapshot_id(),
            // Never taken: an `Option<String>` parameter always parses.
            Err(_) => SnapshotParams { id: None }.snapshot_id(),
        })
    })
}

/// The snapshot the current route names, in `account`, loaded again when the route changes.
pub fn use_snapshot(account: AccountName) -> LocalResource<Result<Loaded, ApiFailure>> {
    let id = use_snapshot_id();
    LocalResource::new(move || {
        let account = account.clone();
        let id = id.get();
        async move {
            match id {
                Ok(id) => {
                    let result = api::get_snapshot(&account, &id).await;
                    Loaded::of(id, result)
                }
                // No snapshot has an id that could not be sent, so none is asked for.
                Err(_) => Ok(Loaded::Missing),
            }
        }
    })
}

/// Loads the route's snapshot in `account` and shows it with `show`; a missing snapshot shows
/// the not-found page, any other failure the error panel with "Try again".
#[component]
pub fn SnapshotLoader<F, V>(account: AccountName, show: F) -> impl IntoView
where
    F: Fn(SnapshotId, Snapshot) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let snapshot = use_snapshot(account.clone());
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=page_failed(move || snapshot.refetch())>
                {move || {
                    let account = account.clone();
                    let show = show.clone();
                    Suspend::new(async move {
                        Ok::<_, ViewError>(match snapshot.await? {
                            Loaded::Found(id, found) => show(id, *found).into_any(),
                            Loaded::Missing => view! { <SnapshotNotFound account/> }.into_any(),
                        })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
pub fn SnapshotNotFound(account: AccountName) -> impl IntoView {
    {
        let account = account.clone();
        use_title(move |lang| lang.title(lang.text(Key::NotFoundTitle), account.as_str()));
    }
    view! {
        <div class="empty not-found" role="status">
            <div class="empty-art" aria-hidden="true"></div>
            <PageHeading>{tr(Key::NotFoundTitle)}</PageHeading>
            <p>{tr(Key::NotFoundHint)}</p>
            <a class="btn btn-primary" href=list_href(account.as_str())>{tr(Key::GoToSnapshots)}</a>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use crate::error::interpret;

    use super::*;

    fn loaded(status: u16, body: &str) -> Result<Loaded, ApiFailure> {
        let id = SnapshotId::parse("s1").unwrap();
        Loaded::of(id, interpret::<Snapshot>(status, Some("r".into()), body))
    }

    #[test]
    fn a_missing_snapshot_has_its_own_page_other_failures_are_errors() {
        let missing = r#"{"error": {"code": "EVS.5404", "message": "m", "request_id": "r"}}"#;
        assert_eq!(loaded(404, missing), Ok(Loaded::Missing));
        let account =
            r#"{"error": {"code": "unknown_account", "message": "m", "request_id": "r"}}"#;
        assert_eq!(loaded(404, account).unwrap_err().code(), "unknown_account");
        let refused =
            r#"{"error": {"code": "credentials_rejected", "message": "m", "request_id": "r"}}"#;
        assert!(loaded(502, refused).is_err());
        let found = r#"{"id": "s1", "name": "", "status": "creating", "provider_status": "creating", "size_gib": 10, "volume_id": "v1", "created_at": "2024-01-01T00:00:00.000000", "progress": 37}"#;
        assert!(matches!(
            loaded(200, found),
            Ok(Loaded::Found(id, snapshot)) if id == *"s1" && snapshot.progress == Some(37) && snapshot.display_name() == "s1"
        ));
    }
}
