//! Delete from the detail page: a confirmation naming the snapshot (name and id) that says it
//! cannot be undone; then the page follows the snapshot until it is gone.

use leptos::prelude::*;
use shared::api::AccountInfo;
use shared::lifecycle::deletion_refusal;
use shared::{Snapshot, SnapshotId};

use super::GuardedButton;
use crate::api;
use crate::components::account::list_filtered_by_name;
use crate::components::dialog::Dialog;
use crate::components::error_panel::ErrorPanel;
use crate::components::i18n::{tr, use_i18n};
use crate::error::ApiFailure;
use crate::i18n::Key;

/// Delete: a confirmation naming the snapshot; then the page follows it until it is gone.
#[component]
pub fn DeleteAction(
    account: AccountInfo,
    snapshot: RwSignal<Snapshot>,
    /// Set once the cloud accepted the deletion.
    deleted: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let opener = NodeRef::<leptos::html::Button>::new();
    let failure = RwSignal::new(None::<ApiFailure>);
    let reason = Signal::derive(move || {
        snapshot.with(|s| deletion_refusal(s).map(|r| i18n.lang().refusal(&r, false)))
    });
    let name = account.name.clone();
    let delete = Action::new_local(move |id: &SnapshotId| {
        let account = name.clone();
        let id = id.clone();
        async move { api::delete_snapshot(&account, &id).await }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(fresh)) => {
            open.set(false);
            deleted.set(true);
            snapshot.set(fresh);
        }
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });
    let close = Callback::new(move |()| {
        open.set(false);
        failure.set(None);
    });
    let check = snapshot.with_untracked(|s| list_filtered_by_name(account.name.as_str(), &s.name));
    let confirm = move |_| {
        failure.set(None);
        if let Ok(id) = snapshot.with_untracked(|s| SnapshotId::parse(&s.id)) {
            delete.dispatch(id);
        }
    };
    view! {
        <GuardedButton label=Key::Delete reason node_ref=opener reason_id="delete-reason"
            on_open=Callback::new(move |()| open.set(true))/>
        {move || open.get().then(|| {
            let (name, id) = snapshot.with_untracked(|s| (s.display_name().to_owned(), s.id.clone()));
            let title = {
                let name = name.clone();
                Signal::derive(move || i18n.lang().delete_title(&name))
            };
            let check = check.clone();
            view! {
                <Dialog title on_close=close return_focus=opener>
                    <p>{move || i18n.lang().delete_body(&name, &id)}</p>
                    <p class="warning"><strong>{tr(Key::CannotUndo)}</strong></p>
                    {move || failure.get().map(|failure| view! { <ErrorPanel failure check=check.clone()/> })}
                    <div class="dialog-actions">
                        <button type="button" class="btn" data-autofocus on:click=move |_| close.run(())>{tr(Key::Cancel)}</button>
                        <button type="button" class="btn btn-danger" disabled=move || delete.pending().get() on:click=confirm>
                            {tr(Key::DeleteSnapshotButton)}
                        </button>
                    </div>
                </Dialog>
            }
        })}
    }
}
