//! The edit form: name and description, what will change, Save only when something did.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::Provider;
use shared::snapshot::SnapshotChanges;
use shared::validate::Field;
use shared::{AccountName, Operation, Snapshot, SnapshotId};

use crate::api;
use crate::components::account::{detail_href, list_href, use_account};
use crate::components::error_panel::ErrorPanel;
use crate::components::focus::PageHeading;
use crate::components::form_keys::escape_leaves;
use crate::components::i18n::{tr, use_i18n, use_title};
use crate::error::ApiFailure;
use crate::forms::{describe_changes, errors_for, Change, EditForm};
use crate::i18n::Key;
use crate::pages::create::{ExpiryField, NotOffered};
use crate::pages::form_actions::FormActions;
use crate::pages::snapshot_loader::SnapshotLoader;
use crate::pages::text_fields::NameAndDescription;

#[component]
pub fn EditPage() -> impl IntoView {
    let account = use_account();
    if !account.can(Operation::UpdateSnapshot) {
        return view! { <NotOffered account=account.name/> }.into_any();
    }
    let name = account.name;
    let provider = account.provider;
    view! {
        <SnapshotLoader
            account=name.clone()
            show=move |id, original| view! { <EditSnapshotForm account=name.clone() id original provider/> }
        />
    }
    .into_any()
}

#[component]
fn EditSnapshotForm(
    account: AccountName,
    id: SnapshotId,
    original: Snapshot,
    provider: Provider,
) -> impl IntoView {
    let cbs = provider == Provider::Cbs;
    let navigate = use_navigate();
    let list = list_href(account.as_str());
    let detail = detail_href(account.as_str(), id.as_str());
    {
        let (account, snapshot) = (account.clone(), original.display_name().to_owned());
        use_title(move |lang| {
            lang.snapshot_title(lang.text(Key::EditTitle), &snapshot, account.as_str())
        });
    }
    let start = EditForm::from_snapshot(&original);
    let name = RwSignal::new(start.name);
    let description = RwSignal::new(start.description);
    let permanent = RwSignal::new(start.permanent);
    let expires_at = RwSignal::new(start.expires_at);
    let failure = RwSignal::new(None::<ApiFailure>);
    let title = original.display_name().to_owned();
    let original = StoredValue::new(original);

    let form = Memo::new(move |_| EditForm {
        provider: Some(provider),
        name: name.get(),
        description: description.get(),
        permanent: permanent.get(),
        expires_at: expires_at.get(),
    });
    let changes = Memo::new(move |_| {
        form.with(|form| original.with_value(|original| form.changes(original)))
    });
    let problems = Memo::new(move |_| form.with(EditForm::problems));
    let can_save = move || !changes.with(SnapshotChanges::is_empty) && problems.with(Vec::is_empty);
    let listed = Signal::derive(move || {
        changes.with(|changes| original.with_value(|original| describe_changes(original, changes)))
    });

    let update = Action::new_local(move |changes: &SnapshotChanges| {
        let account = account.clone();
        let id = id.clone();
        let changes = changes.clone();
        async move { api::update_snapshot(&account, &id, changes).await }
    });
    let pending = update.pending();
    Effect::new({
        let detail = detail.clone();
        move |_| match update.value().get() {
            Some(Ok(_)) => navigate(&detail, Default::default()),
            Some(Err(error)) => failure.set(Some(error)),
            None => {}
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        if can_save() {
            update.dispatch(changes.get_untracked());
        }
    };
    let on_keydown = escape_leaves(detail.clone());
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let field_errors =
        move |field: Field| move || problems.with(|errors| errors_for(errors, field));

    view! {
        <EditBreadcrumb list detail=detail.clone() title/>
        <div class="page-head">
            <PageHeading>{tr(Key::EditTitle)}</PageHeading>
        </div>
        <form class="card form" novalidate node_ref=form_ref on:submit=on_submit on:keydown=on_keydown>
            <NameAndDescription name description form=form_ref provider
                name_errors=Signal::derive(field_errors(Field::Name))
                description_errors=Signal::derive(field_errors(Field::Description))/>
            {cbs.then(|| view! {
                <div class="form-row">
                    <span class="form-label"></span>
                    <div class="form-control">
                        <div class="checkbox">
                            <input id="permanent" type="checkbox" bind:checked=permanent/>
                            <label for="permanent">{tr(Key::Permanent)}</label>
                        </div>
                    </div>
                </div>
                {move || (!permanent.get()).then(|| view! {
                    <ExpiryField expires_at errors=Signal::derive(field_errors(Field::ExpiresAt))/>
                })}
            })}
            <ChangesPreview changes=listed/>
            {move || failure.get().map(|failure| view! { <ErrorPanel failure/> })}
            <FormActions label=Key::Save pending blocked=Signal::derive(move || !can_save()) cancel_href=detail/>
        </form>
    }
}

#[component]
fn EditBreadcrumb(list: String, detail: String, title: String) -> impl IntoView {
    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href=list>{tr(Key::BackToList)}</a>
            <span aria-hidden="true">" / "</span>
            <a href=detail>{title}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{tr(Key::Edit)}</span>
        </nav>
    }
}

/// "What will change": each changed field, before and after.
#[component]
fn ChangesPreview(changes: Signal<Vec<Change>>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = move |text: String| {
        if text.is_empty() {
            i18n.t(Key::Empty).to_owned()
        } else {
            text
        }
    };
    view! {
        <section class="diff" aria-live="polite">
            <h2>{tr(Key::WillChange)}</h2>
            {move || {
                let list = changes.get();
                if list.is_empty() {
                    return view! { <p class="muted">{tr(Key::NothingChanged)}</p> }.into_any();
                }
                view! {
                    <table class="table table-compact">
                        <thead>
                            <tr>
                                <th scope="col"><span class="sr-only">{tr(Key::Field)}</span></th>
                                <th scope="col">{tr(Key::Before)}</th>
                                <th scope="col">{tr(Key::After)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|change| {
                                let label = match change.field {
                                    Field::Name => Key::Name,
                                    Field::ExpiresAt => Key::ExpiresAt,
                                    _ => Key::Description,
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{tr(label)}</th>
                                        <td class="before">{shown(change.before)}</td>
                                        <td class="after">{shown(change.after)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}
