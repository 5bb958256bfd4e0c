//! The create form: volume picker (with free-text id), name, description, metadata, force.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::AccountInfo;
use shared::evs::NewSnapshot;
use shared::validate::{Field, FieldError, Problem};
use shared::volume::{Volume, VolumeList};

use crate::api;
use crate::components::account::{detail_href, list_href, with_account};
use crate::components::error_panel::{ErrorPanel, FieldErrorList};
use crate::components::focus::PageHeading;
use crate::components::form_keys::escape_leaves;
use crate::components::i18n::{tr, use_i18n, use_title};
use crate::error::ApiFailure;
use crate::forms::{errors_for, CreateForm};
use crate::i18n::{Key, Lang};
use crate::pages::metadata_editor::{pairs, MetadataEditor, MetadataRow};
use crate::pages::text_fields::NameAndDescription;

/// The picker's value for "type the id instead".
const OTHER_VOLUME: &str = "__other__";

#[component]
pub fn CreatePage() -> impl IntoView {
    with_account(|account| {
        if account.capabilities.create {
            view! { <CreateSnapshotForm account/> }.into_any()
        } else {
            view! { <NotOffered account=account.name/> }.into_any()
        }
    })
}

/// Shown when a provider cannot create or change snapshots (CBS); the link is not offered
/// either, this covers a typed URL.
#[component]
pub fn NotOffered(account: String) -> impl IntoView {
    view! {
        <div class="empty" role="status">
            <PageHeading>{tr(Key::NotSupportedTitle)}</PageHeading>
            <p>{tr(Key::NotOffered)}</p>
            <a class="btn btn-primary" href=list_href(&account)>{tr(Key::GoToSnapshots)}</a>
        </div>
    }
}

/// `name — id · 40 GB · attached` for the picker.
pub fn volume_option_label(lang: Lang, volume: &Volume) -> String {
    let attached = lang.text(if volume.is_attached() {
        Key::Attached
    } else {
        Key::NotAttached
    });
    let size = lang.size_gb(volume.size);
    if volume.name.is_empty() {
        format!("{} · {size} · {attached}", volume.id)
    } else {
        format!("{} — {} · {size} · {attached}", volume.name, volume.id)
    }
}

/// Problems to show now: "required" only once the user tried to submit.
fn visible(errors: &[FieldError], field: Field, attempted: bool) -> Vec<FieldError> {
    errors_for(errors, field)
        .into_iter()
        .filter(|error| attempted || error.problem != Problem::Required)
        .collect()
}

#[component]
fn CreateSnapshotForm(account: AccountInfo) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let cancel_href = list_href(&account.name);
    {
        let account = account.name.clone();
        use_title(move |lang| lang.title(lang.text(Key::CreateTitle), &account));
    }

    let volumes: LocalResource<Result<VolumeList, ApiFailure>> = {
        let name = account.name.clone();
        LocalResource::new(move || {
            let name = name.clone();
            async move { api::list_volumes(&name).await }
        })
    };
    let volume_list = Memo::new(move |_| {
        volumes.map(|result| result.as_ref().map(|list| list.volumes.clone()).ok())
    });
    let volume_failure = Memo::new(move |_| {
        volumes
            .map(|result| result.as_ref().err().cloned())
            .flatten()
    });
    // Without a list to pick from, the id box is the picker.
    let typing = Memo::new(move |_| volume_failure.with(Option::is_some));

    let choice = RwSignal::new(String::new());
    let typed_id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let force = RwSignal::new(false);
    let rows = RwSignal::new(vec![MetadataRow::new(0)]);
    let attempted = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);

    let other = move || typing.get() || choice.with(|c| c == OTHER_VOLUME);
    let form = Memo::new(move |_| CreateForm {
        volume_id: if other() {
            typed_id.get()
        } else {
            choice.get()
        },
        name: name.get(),
        description: description.get(),
        force: force.get(),
        metadata: pairs(rows),
    });
    let problems =
        Memo::new(move |_| form.with(|form| form.to_new_snapshot().err().unwrap_or_default()));
    let shown =
        move |field: Field| move || problems.with(|errors| visible(errors, field, attempted.get()));
    let selected = Memo::new(move |_| {
        let id = choice.get();
        volume_list.with(|list| {
            list.as_ref()
                .and_then(|list| list.as_ref())
                .and_then(|list| list.iter().find(|volume| volume.id == id).cloned())
        })
    });
    let suggest_force =
        move || selected.with(|v| v.as_ref().is_some_and(Volume::is_attached)) && !force.get();

    let create = Action::new_local({
        let account = account.name.clone();
        move |request: &NewSnapshot| {
            let account = account.clone();
            let request = request.clone();
            async move { api::create_snapshot(&account, request).await }
        }
    });
    let pending = create.pending();
    Effect::new({
        let navigate = navigate.clone();
        let account = account.name.clone();
        move |_| match create.value().get() {
            Some(Ok(snapshot)) => {
                navigate(&detail_href(&account, &snapshot.id), Default::default())
            }
            Some(Err(error)) => failure.set(Some(error)),
            None => {}
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        failure.set(None);
        if let Ok(request) = form.with_untracked(CreateForm::to_new_snapshot) {
            create.dispatch(request);
        }
    };
    let on_keydown = escape_leaves(cancel_href.clone());
    let form_ref = NodeRef::<leptos::html::Form>::new();

    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href=cancel_href.clone()>{tr(Key::BackToList)}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{tr(Key::CreateTitle)}</span>
        </nav>
        <div class="page-head">
            <div>
                <PageHeading>{tr(Key::CreateTitle)}</PageHeading>
                <p class="subtitle">{tr(Key::CreateIntro)}</p>
            </div>
        </div>
        <form class="card form" novalidate node_ref=form_ref on:submit=on_submit on:keydown=on_keydown>
            <div class="form-row">
                <label for="volume" class="form-label">{tr(Key::Volume)}</label>
                <div class="form-control">
                    {move || match volume_list.get() {
                        None if !typing.get() => view! { <p class="muted">{tr(Key::Loading)}</p> }.into_any(),
                        _ if typing.get() => view! {
                            <input id="volume" type="text" class="mono" bind:value=typed_id autocomplete="off" spellcheck="false"
                                aria-describedby="volume-help" aria-invalid=move || (!shown(Field::VolumeId)().is_empty()).to_string()/>
                        }.into_any(),
                        list => view! {
                            <select id="volume" prop:value=choice on:change=move |ev| choice.set(event_target_value(&ev))
                                aria-describedby="volume-help">
                                <option value="">{tr(Key::ChooseVolume)}</option>
                                {list.flatten().unwrap_or_default().into_iter().map(|volume| {
                                    let id = volume.id.clone();
                                    view! {
                                        <option value=id.clone() selected=move || choice.with(|c| *c == id)>
                                            {move || volume_option_label(i18n.lang(), &volume)}
                                        </option>
                                    }
                                }).collect_view()}
                                <option value=OTHER_VOLUME>{tr(Key::EnterVolumeId)}</option>
                            </select>
                        }.into_any(),
                    }}
                    {move || (other() && !typing.get()).then(|| view! {
                        <label for="volume-id" class="sub-label">{tr(Key::VolumeId)}</label>
                        <input id="volume-id" type="text" class="mono" bind:value=typed_id autocomplete="off" spellcheck="false"/>
                    })}
                    <p id="volume-help" class="help">{tr(Key::VolumeIdHelp)}</p>
                    {move || volume_failure.get().map(|failure| view! {
                        <p class="warning">{tr(Key::VolumesUnavailable)}</p>
                        <ErrorPanel failure retry=Callback::new(move |()| volumes.refetch())/>
                    })}
                    {move || selected.get().map(|volume| view! { <VolumeCard volume/> })}
                    {move || view! { <FieldErrorList errors=shown(Field::VolumeId)()/> }}
                </div>
            </div>

            <NameAndDescription name description form=form_ref
                name_errors=Signal::derive(shown(Field::Name))
                description_errors=Signal::derive(shown(Field::Description))/>

            <div class="form-row">
                <span class="form-label" aria-hidden="true">{tr(Key::Metadata)}</span>
                <div class="form-control">
                    <MetadataEditor rows/>
                    {move || view! { <FieldErrorList errors=shown(Field::Metadata)()/> }}
                </div>
            </div>

            <div class="form-row">
                <span class="form-label"></span>
                <div class="form-control">
                    <div class="checkbox" class:suggested=suggest_force>
                        <input id="force" type="checkbox" bind:checked=force aria-describedby="force-help"/>
                        <label for="force">{tr(Key::Force)}</label>
                    </div>
                    <p id="force-help" class="help">{tr(Key::ForceHelp)}</p>
                    {move || suggest_force().then(|| view! {
                        <p class="warning" role="status">{tr(Key::ForceSuggested)}</p>
                    })}
                </div>
            </div>

            {move || failure.get().map(|failure| view! { <ErrorPanel failure/> })}
            {move || (attempted.get() && problems.with(|p| !p.is_empty())).then(|| view! {
                <p class="form-summary" role="alert">{tr(Key::FixBeforeSubmit)}</p>
            })}

            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t(Key::Working) } else { i18n.t(Key::CreateSnapshot) }}
                </button>
                <a class="btn" href=cancel_href.clone()>{tr(Key::Cancel)}</a>
                <span class="help">{tr(Key::KeyboardHint)}</span>
            </div>
        </form>
    }
}

#[component]
fn VolumeCard(volume: Volume) -> impl IntoView {
    let i18n = use_i18n();
    let attached = volume.is_attached();
    let servers: Vec<String> = volume
        .attachments
        .iter()
        .map(|a| a.server_id.clone())
        .collect();
    view! {
        <dl class="volume-card" class:attached=attached>
            <div><dt>{tr(Key::Name)}</dt><dd>{volume.name.clone()}</dd></div>
            <div><dt>{tr(Key::Id)}</dt><dd><code>{volume.id.clone()}</code></dd></div>
            <div><dt>{tr(Key::Size)}</dt><dd>{move || i18n.lang().size_gb(volume.size)}</dd></div>
            <div><dt>{tr(Key::Status)}</dt><dd>{volume.status.clone()}</dd></div>
            <div>
                <dt>{tr(Key::AttachedTo)}</dt>
                <dd>{if servers.is_empty() { "—".to_owned() } else { servers.join(", ") }}</dd>
            </div>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn volume(name: &str, attached: bool) -> Volume {
        serde_json::from_value(serde_json::json!({
            "id": "v1", "name": name, "status": if attached { "in-use" } else { "available" }, "size": 40
        }))
        .unwrap()
    }

    #[test]
    fn picker_labels() {
        assert_eq!(
            volume_option_label(Lang::En, &volume("db", true)),
            "db — v1 · 40 GB · attached"
        );
        assert_eq!(
            volume_option_label(Lang::Zh, &volume("", false)),
            "v1 · 40 GB · 未挂载"
        );
    }

    #[test]
    fn required_waits_for_a_submit() {
        let errors = vec![
            FieldError::new(Field::VolumeId, Problem::Required),
            FieldError::new(Field::Name, Problem::ControlCharacter),
        ];
        assert!(visible(&errors, Field::VolumeId, false).is_empty());
        assert_eq!(visible(&errors, Field::VolumeId, true).len(), 1);
        assert_eq!(visible(&errors, Field::Name, false).len(), 1);
    }
}
