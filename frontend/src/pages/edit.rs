//! The edit form: name and description, what will change, Save only when something did.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::AccountInfo;
use shared::evs::SnapshotChanges;
use shared::validate::Field;
use shared::Snapshot;

use crate::api;
use crate::components::account::{detail_href, list_href, with_account};
use crate::components::error_panel::{load_failed, ErrorPanel};
use crate::components::focus::PageHeading;
use crate::components::form_keys::escape_leaves;
use crate::components::i18n::{tr, use_i18n, use_title};
use crate::components::status::Loading;
use crate::error::{ApiFailure, ViewError};
use crate::forms::{describe_changes, errors_for, EditForm};
use crate::i18n::Key;
use crate::pages::create::NotOffered;
use crate::pages::detail::{use_snapshot, SnapshotNotFound};
use crate::pages::text_fields::NameAndDescription;

#[component]
pub fn EditPage() -> impl IntoView {
    with_account(|account| {
        if account.capabilities.update {
            view! { <EditLoader account/> }.into_any()
        } else {
            view! { <NotOffered account=account.name/> }.into_any()
        }
    })
}

#[component]
fn EditLoader(account: AccountInfo) -> impl IntoView {
    let snapshot = use_snapshot(account.name.clone());
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=load_failed(move || snapshot.refetch())>
                {move || {
                    let account = account.name.clone();
                    Suspend::new(async move {
                        match snapshot.await {
                            Ok(found) => Ok(view! { <EditSnapshotForm account original=found/> }.into_any()),
                            Err(failure) if failure.is_not_found() => {
                                Ok(view! { <SnapshotNotFound account/> }.into_any())
                            }
                            Err(failure) => Err(ViewError::Api(failure)),
                        }
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn EditSnapshotForm(account: String, original: Snapshot) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let detail = detail_href(&account, &original.id);
    {
        let account = account.clone();
        use_title(move |lang| lang.title(lang.text(Key::EditTitle), &account));
    }
    let start = EditForm::from_snapshot(&original);
    let name = RwSignal::new(start.name);
    let description = RwSignal::new(start.description);
    let failure = RwSignal::new(None::<ApiFailure>);
    let original = StoredValue::new(original);

    let form = Memo::new(move |_| EditForm {
        name: name.get(),
        description: description.get(),
    });
    let changes = Memo::new(move |_| {
        form.with(|form| original.with_value(|original| form.changes(original)))
    });
    let problems = Memo::new(move |_| form.with(EditForm::problems));
    let can_save = move || !changes.with(SnapshotChanges::is_empty) && problems.with(Vec::is_empty);

    let update = Action::new_local({
        let account = account.clone();
        let id = original.with_value(|s| s.id.clone());
        move |changes: &SnapshotChanges| {
            let account = account.clone();
            let id = id.clone();
            let changes = changes.clone();
            async move { api::update_snapshot(&account, &id, changes).await }
        }
    });
    let pending = update.pending();
    Effect::new({
        let navigate = navigate.clone();
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
    let title = original.with_value(|s| {
        if s.name.is_empty() {
            s.id.clone()
        } else {
            s.name.clone()
        }
    });

    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href=list_href(&account)>{tr(Key::BackToList)}</a>
            <span aria-hidden="true">" / "</span>
            <a href=detail.clone()>{title}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{tr(Key::Edit)}</span>
        </nav>
        <div class="page-head">
            <PageHeading>{tr(Key::EditTitle)}</PageHeading>
        </div>
        <form class="card form" novalidate node_ref=form_ref on:submit=on_submit on:keydown=on_keydown>
            <NameAndDescription name description form=form_ref
                name_errors=Signal::derive(field_errors(Field::Name))
                description_errors=Signal::derive(field_errors(Field::Description))/>
            <section class="diff" aria-live="polite">
                <h2>{tr(Key::WillChange)}</h2>
                {move || {
                    let list = changes.with(|changes| original.with_value(|original| describe_changes(original, changes)));
                    if list.is_empty() {
                        view! { <p class="muted">{tr(Key::NothingChanged)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="table table-compact">
                                <thead>
                                    <tr>
                                        <th scope="col"></th>
                                        <th scope="col">{tr(Key::Before)}</th>
                                        <th scope="col">{tr(Key::After)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|change| {
                                        let label = if change.field == Field::Name { Key::Name } else { Key::Description };
                                        let shown = move |text: String| if text.is_empty() { i18n.t(Key::Empty).to_owned() } else { text };
                                        view! {
                                            <tr>
                                                <th scope="row">{tr(label)}</th>
                                                <td class="before">{shown(change.before.clone())}</td>
                                                <td class="after">{shown(change.after.clone())}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                }}
            </section>

            {move || failure.get().map(|failure| view! { <ErrorPanel failure/> })}

            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || !can_save() || pending.get()>
                    {move || if pending.get() { i18n.t(Key::Working) } else { i18n.t(Key::Save) }}
                </button>
                <a class="btn" href=detail.clone()>{tr(Key::Cancel)}</a>
                <span class="help">{tr(Key::KeyboardHint)}</span>
            </div>
        </form>
    }
}
