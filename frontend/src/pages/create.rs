//! The create form: volume (in [`crate::pages::volume_field`]), name, description, metadata,
//! force.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::Provider;
use shared::snapshot::NewSnapshot;
use shared::validate::{Field, FieldError, Problem};
use shared::volume::Volume;
use shared::{AccountName, Operation};

use crate::api;
use crate::components::account::{detail_href, list_filtered_by_name, list_href, use_account};
use crate::components::error_panel::{ErrorPanel, FieldErrorList};
use crate::components::focus::PageHeading;
use crate::components::form_keys::escape_leaves;
use crate::components::i18n::{tr, use_title};
use crate::error::ApiFailure;
use crate::forms::{errors_for, CreateForm};
use crate::i18n::Key;
use crate::pages::form_actions::FormActions;
use crate::pages::metadata_editor::{pairs, MetadataEditor, MetadataRow};
use crate::pages::text_fields::NameAndDescription;
use crate::pages::volume_field::{VolumeChoice, VolumeField};

#[component]
pub fn CreatePage() -> impl IntoView {
    let account = use_account();
    if account.can(Operation::CreateSnapshot) {
        view! { <CreateSnapshotForm account=account.name provider=account.provider/> }.into_any()
    } else {
        view! { <NotOffered account=account.name/> }.into_any()
    }
}

/// Shown when an account does not offer creating or changing snapshots (CBS); the link is not
/// offered either, this covers a typed URL.
#[component]
pub fn NotOffered(account: AccountName) -> impl IntoView {
    view! {
        <div class="empty" role="status">
            <PageHeading>{tr(Key::NotSupportedTitle)}</PageHeading>
            <p>{tr(Key::NotOffered)}</p>
            <a class="btn btn-primary" href=list_href(account.as_str())>{tr(Key::GoToSnapshots)}</a>
        </div>
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
fn CreateSnapshotForm(account: AccountName, provider: Provider) -> impl IntoView {
    let cbs = provider == Provider::Cbs;
    let navigate = use_navigate();
    let cancel_href = list_href(account.as_str());
    {
        let account = account.clone();
        use_title(move |lang| lang.title(lang.text(Key::CreateTitle), account.as_str()));
    }
    let volumes = VolumeChoice::new(account.clone());
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let force = RwSignal::new(false);
    let rows = RwSignal::new(vec![MetadataRow::new(0)]);
    let expires_at = RwSignal::new(String::new());
    let attempted = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);

    let form = Memo::new(move |_| CreateForm {
        provider: Some(provider),
        volume_id: volumes.volume_id(),
        name: name.get(),
        description: if cbs {
            String::new()
        } else {
            description.get()
        },
        force: !cbs && force.get(),
        metadata: if cbs { Vec::new() } else { pairs(rows) },
        expires_at: if cbs { expires_at.get() } else { String::new() },
    });
    let problems =
        Memo::new(move |_| form.with(|form| form.to_new_snapshot().err().unwrap_or_default()));
    let shown = move |field: Field| {
        Signal::derive(move || problems.with(|errors| visible(errors, field, attempted.get())))
    };
    let attached = Signal::derive(move || {
        volumes
            .selected
            .with(|v| v.as_ref().is_some_and(Volume::is_attached))
    });

    let create = Action::new_local({
        let account = account.clone();
        move |request: &NewSnapshot| {
            let account = account.clone();
            let request = request.clone();
            async move { api::create_snapshot(&account, request).await }
        }
    });
    let check = {
        let account = account.clone();
        Signal::derive(move || list_filtered_by_name(account.as_str(), &name.get()))
    };
    Effect::new(move |_| match create.value().get() {
        Some(Ok(snapshot)) => navigate(
            &detail_href(account.as_str(), &snapshot.id),
            Default::default(),
        ),
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
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
        <CreateHead list=cancel_href.clone()/>
        <form class="card form" novalidate node_ref=form_ref on:submit=on_submit on:keydown=on_keydown>
            <VolumeField volumes errors=shown(Field::VolumeId)/>
            <NameAndDescription name description form=form_ref provider
                name_errors=shown(Field::Name)
                description_errors=shown(Field::Description)/>
            {if cbs {
                view! { <ExpiryField expires_at errors=shown(Field::ExpiresAt)/> }.into_any()
            } else {
                view! {
                    <MetadataField rows errors=shown(Field::Metadata)/>
                    <ForceField force attached/>
                }.into_any()
            }}
            {move || failure.get().map(|failure| view! { <ErrorPanel failure check=check.get()/> })}
            {move || (attempted.get() && problems.with(|p| !p.is_empty())).then(|| view! {
                <p class="form-summary" role="alert">{tr(Key::FixBeforeSubmit)}</p>
            })}
            <FormActions label=Key::CreateSnapshot pending=create.pending() blocked=false cancel_href/>
        </form>
    }
}

#[component]
fn CreateHead(list: String) -> impl IntoView {
    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href=list>{tr(Key::BackToList)}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{tr(Key::CreateTitle)}</span>
        </nav>
        <div class="page-head">
            <div>
                <PageHeading>{tr(Key::CreateTitle)}</PageHeading>
                <p class="subtitle">{tr(Key::CreateIntro)}</p>
            </div>
        </div>
    }
}

#[component]
fn MetadataField(
    rows: RwSignal<Vec<MetadataRow>>,
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    view! {
        <div class="form-row">
            <span class="form-label" aria-hidden="true">{tr(Key::Metadata)}</span>
            <div class="form-control">
                <MetadataEditor rows/>
                {move || view! { <FieldErrorList errors=errors.get()/> }}
            </div>
        </div>
    }
}

/// CBS: when the snapshot deletes itself (optional), read as UTC.
#[component]
pub fn ExpiryField(expires_at: RwSignal<String>, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    view! {
        <div class="form-row">
            <label for="expires-at" class="form-label">{tr(Key::Expires)}</label>
            <div class="form-control">
                <input id="expires-at" type="datetime-local" bind:value=expires_at aria-describedby="expires-at-help"/>
                <p id="expires-at-help" class="help">{tr(Key::ExpiresHelp)}</p>
                {move || view! { <FieldErrorList errors=errors.get()/> }}
            </div>
        </div>
    }
}

/// Force, suggested while the picked volume is `attached` and Force is off.
#[component]
fn ForceField(force: RwSignal<bool>, attached: Signal<bool>) -> impl IntoView {
    let suggest = move || attached.get() && !force.get();
    view! {
        <div class="form-row">
            <span class="form-label"></span>
            <div class="form-control">
                <div class="checkbox" class:suggested=suggest>
                    <input id="force" type="checkbox" bind:checked=force aria-describedby="force-help"/>
                    <label for="force">{tr(Key::Force)}</label>
                </div>
                <p id="force-help" class="help">{tr(Key::ForceHelp)}</p>
                {move || suggest().then(|| view! {
                    <p class="warning" role="status">{tr(Key::ForceSuggested)}</p>
                })}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
