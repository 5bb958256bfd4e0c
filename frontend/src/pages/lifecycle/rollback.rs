//! Roll back from the detail page: the dialog names the volume and says its data will be
//! replaced, requires it detached (or, on CBS, stop-and-start of its instance) and its name or
//! id typed; then the volume is followed until it is available again.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{AccountInfo, Provider};
use shared::lifecycle::{rollback_refusal, Refusal, RollbackRequest};
use shared::volume::Volume;
use shared::{AccountName, Snapshot, SnapshotId};

use super::GuardedButton;
use crate::api;
use crate::backoff::Backoff;
use crate::components::dialog::{focus_when_shown, Dialog};
use crate::components::error_panel::ErrorPanel;
use crate::components::i18n::{tr, use_i18n};
use crate::error::ApiFailure;
use crate::i18n::Key;

/// Whether the typed text confirms the volume: its name or its id, ignoring surrounding spaces.
pub fn confirms_volume(typed: &str, volume: &Volume) -> bool {
    let typed = typed.trim();
    !typed.is_empty() && (typed == volume.id || (!volume.name.is_empty() && typed == volume.name))
}

/// Whether a rollback onto `volume` can be sent: detached, or (CBS) with stop-and-start chosen.
pub fn rollback_ready(provider: Provider, volume: &Volume, stop_and_start: bool) -> bool {
    !volume.is_attached() || (provider == Provider::Cbs && stop_and_start)
}

/// Roll back: names the volume, requires it detached (or, on CBS, stop-and-start), and the
/// volume's name or id typed to confirm; then follows the volume until it is available.
#[component]
pub fn RollbackAction(account: AccountInfo, snapshot: RwSignal<Snapshot>) -> impl IntoView {
    let i18n = use_i18n();
    let provider = account.provider;
    let open = RwSignal::new(false);
    let opener = NodeRef::<leptos::html::Button>::new();
    let failure = RwSignal::new(None::<ApiFailure>);
    let typed = RwSignal::new(String::new());
    let stop_and_start = RwSignal::new(false);
    let volume = RwSignal::new(None::<Result<Volume, ApiFailure>>);
    let restoring = RwSignal::new(None::<Volume>);
    let restored = RwSignal::new(false);
    let reason = Signal::derive(move || {
        snapshot.with(|s| {
            rollback_refusal(s, &s.volume_id)
                .or_else(|| {
                    restoring
                        .with(|r| r.is_some())
                        .then(|| Refusal::WrongStatus {
                            status: s.status.as_str().to_owned(),
                        })
                })
                .map(|r| i18n.lang().refusal(&r, true))
        })
    });
    let name = account.name.clone();
    let load_volume = move || {
        let account = name.clone();
        let volume_id = snapshot.with_untracked(|s| s.volume_id.clone());
        spawn_local(async move {
            let found = find_volume(&account, &volume_id).await;
            volume.try_set(Some(found));
        });
    };
    let name = account.name.clone();
    let rollback = Action::new_local(move |body: &RollbackRequest| {
        let account = name.clone();
        let id = snapshot.with_untracked(|s| SnapshotId::parse(&s.id));
        let body = body.clone();
        async move {
            match id {
                Ok(id) => api::rollback_snapshot(&account, &id, body).await,
                Err(error) => Err(ApiFailure::Unexpected {
                    status: 0,
                    request_id: None,
                    detail: error.to_string(),
                }),
            }
        }
    });
    let follow_account = account.name.clone();
    Effect::new(move |_| match rollback.value().get() {
        Some(Ok(fresh)) => {
            open.set(false);
            snapshot.set(fresh);
            if let Some(Ok(target)) = volume.get_untracked() {
                restoring.set(Some(target.clone()));
                follow_volume(follow_account.clone(), target, restoring, restored);
            }
        }
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });
    let close = Callback::new(move |()| {
        open.set(false);
        failure.set(None);
    });
    let on_open = Callback::new(move |()| {
        typed.set(String::new());
        stop_and_start.set(false);
        volume.set(None);
        restored.set(false);
        load_volume();
        open.set(true);
    });
    let ready = Memo::new(move |_| {
        volume.with(|v| match v {
            Some(Ok(v)) => {
                typed.with(|t| confirms_volume(t, v))
                    && rollback_ready(provider, v, stop_and_start.get())
            }
            _ => false,
        })
    });
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !ready.get_untracked() {
            return;
        }
        failure.set(None);
        let Some(Ok(target)) = volume.get_untracked() else {
            return;
        };
        let stop = target.is_attached() && stop_and_start.get_untracked();
        rollback.dispatch(RollbackRequest {
            volume_id: target.id,
            stop_instance: stop,
            start_instance: stop,
        });
    };
    let snapshot_name = Memo::new(move |_| snapshot.with(|s| s.display_name().to_owned()));
    view! {
        <GuardedButton label=Key::RollBack reason node_ref=opener reason_id="rollback-reason" on_open/>
        {move || open.get().then(|| {
            let title = Signal::derive(move || {
                let shown = volume.with(|v| match v {
                    Some(Ok(v)) => v.display_name().to_owned(),
                    _ => snapshot.with(|s| s.volume_id.clone()),
                });
                i18n.lang().rollback_title(&shown)
            });
            view! {
                <Dialog title on_close=close return_focus=opener>
                    <form class="dialog-form" novalidate on:submit=confirm>
                        {move || match volume.get() {
                            None => view! { <p class="muted">{tr(Key::Loading)}</p> }.into_any(),
                            Some(Err(failure)) => view! {
                                <p class="warning">{tr(Key::VolumeUnknown)}</p>
                                <ErrorPanel failure/>
                            }.into_any(),
                            Some(Ok(v)) => view! {
                                <RollbackDetails volume=v provider typed stop_and_start snapshot_name/>
                            }.into_any(),
                        }}
                        {move || failure.get().map(|failure| view! { <ErrorPanel failure/> })}
                        <div class="dialog-actions">
                            <button type="button" class="btn" on:click=move |_| close.run(())>{tr(Key::Cancel)}</button>
                            <button type="submit" class="btn btn-danger"
                                disabled=move || !ready.get() || rollback.pending().get()>
                                {tr(Key::RollBack)}
                            </button>
                        </div>
                    </form>
                </Dialog>
            }
        })}
        {move || restoring.get().map(|v| view! {
            <p class="live" role="status">
                <span class="live-dot" aria-hidden="true"></span>
                {move || i18n.lang().volume_restoring(v.display_name(), v.rollback_progress)}
            </p>
        })}
        {move || restored.get().then(|| view! {
            <p class="notice notice-ok" role="status">{tr(Key::VolumeRestored)}</p>
        })}
    }
}

#[component]
fn RollbackDetails(
    volume: Volume,
    provider: Provider,
    typed: RwSignal<String>,
    stop_and_start: RwSignal<bool>,
    snapshot_name: Memo<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let attached = volume.is_attached();
    let (name, id) = (volume.display_name().to_owned(), volume.id.clone());
    let body = {
        let (name, id) = (name.clone(), id.clone());
        move || i18n.lang().rollback_body(&name, &id, &snapshot_name.get())
    };
    let help = move || i18n.lang().type_to_confirm_help(&name, &id);
    // The field appears once the volume has loaded, after the dialog took focus.
    let field = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = field.get() {
            focus_when_shown(input.into());
        }
    });
    view! {
        <p>{body}</p>
        <p class="warning"><strong>{tr(Key::RollbackReplaces)}</strong></p>
        {(attached && provider != Provider::Cbs).then(|| view! {
            <p class="alert alert-error" role="alert">{tr(Key::MustDetach)}</p>
        })}
        {(attached && provider == Provider::Cbs).then(|| view! {
            <div class="checkbox">
                <input id="stop-and-start" type="checkbox" bind:checked=stop_and_start aria-describedby="stop-and-start-help"/>
                <label for="stop-and-start">{tr(Key::StopAndStart)}</label>
            </div>
            <p id="stop-and-start-help" class="help">{tr(Key::StopAndStartHelp)}</p>
        })}
        <label class="form-label" for="confirm-volume">{tr(Key::TypeVolumeName)}</label>
        <input id="confirm-volume" class="input" type="text" autocomplete="off" spellcheck="false"
            node_ref=field aria-describedby="confirm-volume-help" bind:value=typed/>
        <p id="confirm-volume-help" class="help">{help}</p>
    }
}

/// The snapshot's volume, from the account's volume list.
async fn find_volume(account: &AccountName, volume_id: &str) -> Result<Volume, ApiFailure> {
    let list = api::list_volumes(account).await?;
    list.volumes
        .into_iter()
        .find(|v| v.id == volume_id)
        .ok_or_else(|| ApiFailure::Unexpected {
            status: 404,
            request_id: None,
            detail: format!("The volume {volume_id} is not in this account's volume list."),
        })
}

/// Whether a volume's data is still being replaced.
pub fn is_restoring(volume: &Volume) -> bool {
    let status = volume.status.to_ascii_lowercase();
    status.contains("restoring")
        || status.contains("rollback")
        || volume.rollback_progress.is_some()
}

/// Fetches the volume on the backoff schedule until it is no longer restoring.
fn follow_volume(
    account: AccountName,
    volume: Volume,
    restoring: RwSignal<Option<Volume>>,
    restored: RwSignal<bool>,
) {
    spawn_local(async move {
        let mut backoff = Backoff::new();
        // The first read may come before the cloud marked the volume.
        let mut seen_restoring = false;
        for read in 0..60 {
            TimeoutFuture::new(backoff.next_delay_ms()).await;
            let Ok(fresh) = find_volume(&account, &volume.id).await else {
                continue;
            };
            if is_restoring(&fresh) {
                seen_restoring = true;
                if restoring.try_set(Some(fresh)).is_some() {
                    return;
                }
            } else if seen_restoring || read >= 2 {
                let _ = restoring.try_set(None);
                let _ = restored.try_set(true);
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn volume(attached: bool) -> Volume {
        serde_json::from_value(serde_json::json!({
            "id": "v-1", "name": "mysql-data", "status": "available", "attached": attached
        }))
        .unwrap()
    }

    #[test]
    fn the_volume_is_confirmed_by_name_or_id() {
        let v = volume(false);
        assert!(confirms_volume("mysql-data", &v));
        assert!(confirms_volume(" v-1 ", &v));
        assert!(!confirms_volume("mysql", &v));
        assert!(!confirms_volume("", &v));
        let mut unnamed = v.clone();
        unnamed.name.clear();
        assert!(!confirms_volume("", &unnamed));
        assert!(confirms_volume("v-1", &unnamed));
    }

    #[test]
    fn an_attached_volume_needs_cbs_stop_and_start() {
        assert!(rollback_ready(Provider::Evs, &volume(false), false));
        assert!(!rollback_ready(Provider::Evs, &volume(true), true));
        assert!(!rollback_ready(Provider::Cbs, &volume(true), false));
        assert!(rollback_ready(Provider::Cbs, &volume(true), true));
    }

    #[test]
    fn restoring_volumes() {
        let mut v = volume(false);
        assert!(!is_restoring(&v));
        v.status = "restoring".into();
        assert!(is_restoring(&v));
        v.status = "ATTACHED".into();
        v.rollback_progress = Some(40);
        assert!(is_restoring(&v));
    }
}
