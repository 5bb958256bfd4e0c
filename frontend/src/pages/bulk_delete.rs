//! "Delete selected": the rows the user ticked, a preview from the backend (what will be
//! deleted, what refused and why), a confirmation with the count, then each id's outcome in
//! three groups. Only the ids the preview accepted are sent, so nothing refused reaches the
//! cloud; the accepted rows turn `deleting` live until they vanish.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::lifecycle::{BulkDeleteReply, BulkResult, Outcome};
use shared::{AccountName, SnapshotId};

use crate::api;
use crate::components::dialog::Dialog;
use crate::components::error_panel::ErrorPanel;
use crate::components::i18n::{tr, use_i18n};
use crate::error::ApiFailure;
use crate::i18n::Key;

/// The list's selection, shared by the table (checkboxes, live rows) and the button.
#[derive(Debug, Clone, Copy)]
pub struct Bulk {
    /// Ticked rows: id and the name shown, in the order ticked.
    pub selected: RwSignal<Vec<(String, String)>>,
    /// The rows of the page shown (id, name), for "Select all on this page".
    pub page_rows: RwSignal<Vec<(String, String)>>,
    /// Ids the cloud accepted for deletion: their rows turn `deleting`, then vanish.
    pub deleting: RwSignal<Vec<String>>,
}

impl Bulk {
    pub fn new() -> Self {
        Self {
            selected: RwSignal::new(Vec::new()),
            page_rows: RwSignal::new(Vec::new()),
            deleting: RwSignal::new(Vec::new()),
        }
    }

    pub fn is_selected(self, id: &str) -> bool {
        self.selected.with(|s| s.iter().any(|(i, _)| i == id))
    }

    /// [`Self::is_selected`] without tracking: a row's first drawing.
    pub fn is_selected_untracked(self, id: &str) -> bool {
        self.selected
            .with_untracked(|s| s.iter().any(|(i, _)| i == id))
    }

    /// The name shown for a row of the page.
    pub fn name_on_page(self, id: &str) -> Option<String> {
        self.page_rows.with_untracked(|rows| {
            rows.iter()
                .find(|(i, _)| i == id)
                .map(|(_, name)| name.clone())
        })
    }

    pub fn toggle(self, id: &str, name: &str, on: bool) {
        self.selected.update(|s| {
            s.retain(|(i, _)| i != id);
            if on {
                s.push((id.to_owned(), name.to_owned()));
            }
        });
    }

    /// Every row of the page is ticked (and there is one).
    pub fn all_on_page(self) -> bool {
        self.page_rows
            .with(|rows| !rows.is_empty() && rows.iter().all(|(id, _)| self.is_selected(id)))
    }

    pub fn select_page(self, on: bool) {
        let rows = self.page_rows.get_untracked();
        for (id, name) in rows {
            self.toggle(&id, &name, on);
        }
    }

    fn name_of(self, id: &str) -> String {
        self.selected
            .with_untracked(|s| s.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone()))
            .unwrap_or_else(|| id.to_owned())
    }
}

impl Default for Bulk {
    fn default() -> Self {
        Self::new()
    }
}

/// Results split by outcome, in the order asked.
pub fn grouped(reply: &BulkDeleteReply, outcome: Outcome) -> Vec<BulkResult> {
    reply
        .results
        .iter()
        .filter(|r| r.outcome == outcome)
        .cloned()
        .collect()
}

/// The outcome of every id the user confirmed: the cloud's answer for the ids sent, the
/// preview's refusal (or failed check) for the ids that were not.
pub fn merged(preview: &BulkDeleteReply, sent: &BulkDeleteReply) -> BulkDeleteReply {
    let results = preview
        .results
        .iter()
        .map(|before| {
            sent.results
                .iter()
                .find(|after| after.id == before.id)
                .unwrap_or(before)
                .clone()
        })
        .collect();
    BulkDeleteReply {
        preview: false,
        results,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Closed,
    Checking,
    Preview(BulkDeleteReply),
    Sending(BulkDeleteReply),
    Done(BulkDeleteReply),
    Failed(ApiFailure),
}

#[component]
pub fn BulkDeleteButton(account: AccountName, bulk: Bulk) -> impl IntoView {
    let i18n = use_i18n();
    let phase = RwSignal::new(Phase::Closed);
    let opener = NodeRef::<leptos::html::Button>::new();
    let count = Memo::new(move |_| bulk.selected.with(Vec::len));
    let ids = move || -> Vec<SnapshotId> {
        bulk.selected.with_untracked(|s| {
            s.iter()
                .filter_map(|(id, _)| SnapshotId::parse(id).ok())
                .collect()
        })
    };
    let preview_account = account.clone();
    let open = move |_| {
        let account = preview_account.clone();
        let ids = ids();
        phase.set(Phase::Checking);
        spawn_local(async move {
            let next = match api::delete_snapshots(&account, ids, true).await {
                Ok(reply) => Phase::Preview(reply),
                Err(failure) => Phase::Failed(failure),
            };
            let _ = phase.try_set(next);
        });
    };
    let confirm = move |_| {
        let Phase::Preview(preview) = phase.get_untracked() else {
            return;
        };
        let ids: Vec<SnapshotId> = grouped(&preview, Outcome::Deleting)
            .iter()
            .filter_map(|r| SnapshotId::parse(&r.id).ok())
            .collect();
        if ids.is_empty() {
            return;
        }
        phase.set(Phase::Sending(preview.clone()));
        let account = account.clone();
        spawn_local(async move {
            match api::delete_snapshots(&account, ids, false).await {
                Ok(reply) => {
                    let reply = merged(&preview, &reply);
                    let accepted: Vec<String> = grouped(&reply, Outcome::Deleting)
                        .into_iter()
                        .map(|r| r.id)
                        .collect();
                    let _ = bulk
                        .deleting
                        .try_update(|d| d.extend(accepted.iter().cloned()));
                    let _ = bulk
                        .selected
                        .try_update(|s| s.retain(|(id, _)| !accepted.contains(id)));
                    let _ = phase.try_set(Phase::Done(reply));
                }
                Err(failure) => {
                    let _ = phase.try_set(Phase::Failed(failure));
                }
            }
        });
    };
    let close = Callback::new(move |()| phase.set(Phase::Closed));
    let title = Signal::derive(move || {
        phase.with(|p| match p {
            Phase::Done(_) => i18n.t(Key::DeleteResults).to_owned(),
            _ => i18n.lang().delete_selected_title(count.get()),
        })
    });
    view! {
        <button type="button" class="btn btn-danger" node_ref=opener
            disabled=move || count.get() == 0 on:click=open>
            {tr(Key::DeleteSelected)}
        </button>
        {move || (phase.with(|p| *p != Phase::Closed)).then(|| {
            let confirm = confirm.clone();
            view! {
                <Dialog title on_close=close return_focus=opener>
                    {move || match phase.get() {
                        Phase::Closed => ().into_any(),
                        Phase::Checking => view! { <p class="muted" role="status">{tr(Key::Checking)}</p> }.into_any(),
                        Phase::Preview(reply) | Phase::Sending(reply) => view! {
                            <ResultGroup label=Key::WillBeDeleted results=grouped(&reply, Outcome::Deleting) bulk reasons=false/>
                            <ResultGroup label=Key::WillBeRefused results=grouped(&reply, Outcome::Refused) bulk reasons=true/>
                            <ResultGroup label=Key::FailedGroup results=grouped(&reply, Outcome::Failed) bulk reasons=true/>
                            {grouped(&reply, Outcome::Deleting).is_empty().then(|| view! {
                                <p class="warning">{tr(Key::NothingToDelete)}</p>
                            })}
                            <p class="warning"><strong>{tr(Key::CannotUndo)}</strong></p>
                        }.into_any(),
                        Phase::Done(reply) => view! {
                            <ResultGroup label=Key::DeletingGroup results=grouped(&reply, Outcome::Deleting) bulk reasons=false/>
                            <ResultGroup label=Key::RefusedGroup results=grouped(&reply, Outcome::Refused) bulk reasons=true/>
                            <ResultGroup label=Key::FailedGroup results=grouped(&reply, Outcome::Failed) bulk reasons=true/>
                            <ResultGroup label=Key::UnknownGroup results=grouped(&reply, Outcome::Unknown) bulk reasons=true/>
                        }.into_any(),
                        Phase::Failed(failure) => view! { <ErrorPanel failure/> }.into_any(),
                    }}
                    <div class="dialog-actions">
                        {move || match phase.get() {
                            Phase::Preview(reply) | Phase::Sending(reply) => {
                                let accepted = grouped(&reply, Outcome::Deleting).len();
                                let sending = matches!(phase.get(), Phase::Sending(_));
                                let confirm = confirm.clone();
                                view! {
                                    <button type="button" class="btn" data-autofocus on:click=move |_| close.run(())>{tr(Key::Cancel)}</button>
                                    <button type="button" class="btn btn-danger"
                                        disabled=accepted == 0 || sending on:click=confirm>
                                        {move || i18n.lang().delete_count(accepted)}
                                    </button>
                                }.into_any()
                            }
                            Phase::Checking => view! {
                                <button type="button" class="btn" data-autofocus on:click=move |_| close.run(())>{tr(Key::Cancel)}</button>
                            }.into_any(),
                            _ => view! {
                                <button type="button" class="btn" data-autofocus on:click=move |_| close.run(())>{tr(Key::Close)}</button>
                            }.into_any(),
                        }}
                    </div>
                </Dialog>
            }
        })}
    }
}

/// One group of results, with its count; refused and failed ones say why. Hidden when empty.
#[component]
fn ResultGroup(label: Key, results: Vec<BulkResult>, bulk: Bulk, reasons: bool) -> impl IntoView {
    let i18n = use_i18n();
    if results.is_empty() {
        return ().into_any();
    }
    let count = results.len();
    let heading = move || i18n.lang().group(i18n.t(label), count);
    view! {
        <section class="result-group" aria-label=heading>
            <h3>{heading}</h3>
            <ul>
                {results.into_iter().map(|result| {
                    let name = bulk.name_of(&result.id);
                    let reason = reasons.then(|| {
                        let (code, message) = (result.code.clone(), result.message.clone());
                        move || i18n.lang().bulk_reason(code.as_deref(), message.as_deref())
                    });
                    view! {
                        <li>
                            <strong>{name}</strong>" "<code>{result.id.clone()}</code>
                            {reason.map(|reason| view! { <span class="reason">" — "{reason}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_grouped_in_order() {
        let reply: BulkDeleteReply = serde_json::from_value(serde_json::json!({
            "preview": true,
            "results": [
                {"id": "a", "outcome": "deleting"},
                {"id": "b", "outcome": "refused", "code": "wrong_status", "message": "m"},
                {"id": "c", "outcome": "deleting"}
            ]
        }))
        .unwrap();
        let ids = |outcome| -> Vec<String> {
            grouped(&reply, outcome).into_iter().map(|r| r.id).collect()
        };
        assert_eq!(ids(Outcome::Deleting), ["a", "c"]);
        assert_eq!(ids(Outcome::Refused), ["b"]);
        assert!(ids(Outcome::Failed).is_empty());
        let sent: BulkDeleteReply = serde_json::from_value(serde_json::json!({
            "preview": false,
            "results": [
                {"id": "a", "outcome": "deleting"},
                {"id": "c", "outcome": "failed", "code": "EVS.1047", "message": "busy"}
            ]
        }))
        .unwrap();
        let all = merged(&reply, &sent);
        let outcomes: Vec<Outcome> = all.results.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            [Outcome::Deleting, Outcome::Refused, Outcome::Failed]
        );
        assert!(!all.preview);
    }
}
