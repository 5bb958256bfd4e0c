//! The create form's volume field: a picker filled from the volume list, with "type the id
//! instead"; without a list (it failed to load) the id box is the picker.

use leptos::prelude::*;
use shared::validate::FieldError;
use shared::volume::{Volume, VolumeList};
use shared::AccountName;

use crate::api;
use crate::components::error_panel::{ErrorPanel, FieldErrorList};
use crate::components::i18n::{tr, use_i18n};
use crate::error::ApiFailure;
use crate::i18n::{Key, Lang};

/// The picker's value for "type the id instead".
const OTHER_VOLUME: &str = "__other__";

/// `name — id · 40 GB · attached` for the picker.
pub fn volume_option_label(lang: Lang, volume: &Volume) -> String {
    let attached = lang.text(if volume.is_attached() {
        Key::Attached
    } else {
        Key::NotAttached
    });
    let size = lang.size_gb(volume.size_gib);
    if volume.name.is_empty() {
        format!("{} · {size} · {attached}", volume.id)
    } else {
        format!("{} — {} · {size} · {attached}", volume.name, volume.id)
    }
}

/// The volume list and what the user chose or typed.
#[derive(Clone, Copy)]
pub struct VolumeChoice {
    volumes: LocalResource<Result<VolumeList, ApiFailure>>,
    /// `None` while loading; `Some(None)` when the list failed.
    list: Memo<Option<Option<Vec<Volume>>>>,
    failure: Memo<Option<ApiFailure>>,
    /// The picker's value: a volume id, `""` or [`OTHER_VOLUME`].
    choice: RwSignal<String>,
    typed_id: RwSignal<String>,
    /// The volume picked from the list.
    pub selected: Memo<Option<Volume>>,
}

impl VolumeChoice {
    /// Loads `account`'s volumes.
    pub fn new(account: AccountName) -> Self {
        let volumes = LocalResource::new(move || {
            let account = account.clone();
            async move { api::list_volumes(&account).await }
        });
        let list = Memo::new(move |_| {
            volumes.map(|result| result.as_ref().map(|list| list.volumes.clone()).ok())
        });
        let failure = Memo::new(move |_| {
            volumes
                .map(|result| result.as_ref().err().cloned())
                .flatten()
        });
        let choice = RwSignal::new(String::new());
        let selected = Memo::new(move |_| {
            let id = choice.get();
            list.with(|list| {
                list.as_ref()
                    .and_then(|list| list.as_ref())
                    .and_then(|list| list.iter().find(|volume| volume.id == id).cloned())
            })
        });
        Self {
            volumes,
            list,
            failure,
            choice,
            typed_id: RwSignal::new(String::new()),
            selected,
        }
    }

    /// Without a list to pick from, the id box is the picker (tracked).
    fn typing(self) -> bool {
        self.failure.with(Option::is_some)
    }

    /// The id is typed rather than picked (tracked).
    fn other(self) -> bool {
        self.typing() || self.choice.with(|choice| choice == OTHER_VOLUME)
    }

    /// The volume id the form sends (tracked).
    pub fn volume_id(self) -> String {
        if self.other() {
            self.typed_id.get()
        } else {
            self.choice.get()
        }
    }
}

/// The field: picker or id box, help, a failed list's error, the picked volume's card and the
/// field's problems (`errors`).
#[component]
pub fn VolumeField(volumes: VolumeChoice, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let typed_id = volumes.typed_id;
    let invalid = move || (!errors.with(Vec::is_empty)).to_string();
    view! {
        <div class="form-row">
            <label for="volume" class="form-label">{tr(Key::Volume)}</label>
            <div class="form-control">
                {move || match volumes.list.get() {
                    None if !volumes.typing() => view! { <p class="muted">{tr(Key::Loading)}</p> }.into_any(),
                    _ if volumes.typing() => view! {
                        <input id="volume" type="text" class="mono" bind:value=typed_id autocomplete="off" spellcheck="false"
                            aria-describedby="volume-help" aria-invalid=invalid/>
                    }.into_any(),
                    list => view! { <VolumePicker list=list.flatten().unwrap_or_default() choice=volumes.choice/> }.into_any(),
                }}
                {move || (volumes.other() && !volumes.typing()).then(|| view! {
                    <label for="volume-id" class="sub-label">{tr(Key::VolumeId)}</label>
                    <input id="volume-id" type="text" class="mono" bind:value=typed_id autocomplete="off" spellcheck="false"/>
                })}
                <p id="volume-help" class="help">{tr(Key::VolumeIdHelp)}</p>
                {move || volumes.failure.get().map(|failure| view! {
                    <p class="warning">{tr(Key::VolumesUnavailable)}</p>
                    <ErrorPanel failure retry=Callback::new(move |()| volumes.volumes.refetch())/>
                })}
                {move || volumes.selected.get().map(|volume| view! { <VolumeCard volume/> })}
                {move || view! { <FieldErrorList errors=errors.get()/> }}
            </div>
        </div>
    }
}

#[component]
fn VolumePicker(list: Vec<Volume>, choice: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select id="volume" prop:value=choice on:change=move |ev| choice.set(event_target_value(&ev))
            aria-describedby="volume-help">
            <option value="">{tr(Key::ChooseVolume)}</option>
            {list.into_iter().map(|volume| {
                let id = volume.id.clone();
                view! {
                    <option value=id.clone() selected=move || choice.with(|c| *c == id)>
                        {move || volume_option_label(i18n.lang(), &volume)}
                    </option>
                }
            }).collect_view()}
            <option value=OTHER_VOLUME>{tr(Key::EnterVolumeId)}</option>
        </select>
    }
}

/// The picked volume's facts: is it attached, and to what.
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
            <div><dt>{tr(Key::Size)}</dt><dd>{move || i18n.lang().size_gb(volume.size_gib)}</dd></div>
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
            "id": "v1", "name": name, "status": if attached { "in-use" } else { "available" },
            "size_gib": 40, "attached": attached
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
}
