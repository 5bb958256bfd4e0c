//! The name and description fields the create and edit forms share: byte counters against
//! EVS's 255-byte limit, the reserved-name warning, and each field's problems.

use leptos::html::Form;
use leptos::prelude::*;
use shared::api::Provider;
use shared::validate::FieldError;

use crate::components::error_panel::FieldErrorList;
use crate::components::form_keys::enter_submits;
use crate::components::i18n::{tr, use_i18n};
use crate::forms::ByteCount;
use crate::i18n::Key;

#[component]
pub fn NameAndDescription(
    name: RwSignal<String>,
    description: RwSignal<String>,
    /// The problems to show under each field now.
    name_errors: Signal<Vec<FieldError>>,
    description_errors: Signal<Vec<FieldError>>,
    /// The form that Enter in the description submits.
    form: NodeRef<Form>,
    /// The name's limit is the provider's; CBS snapshots have no description.
    provider: Provider,
) -> impl IntoView {
    let i18n = use_i18n();
    let name_count = move || ByteCount::of_name(&name.get(), provider);
    let description_count = move || ByteCount::of(&description.get());
    view! {
        <div class="form-row">
            <label for="name" class="form-label">{tr(Key::Name)}</label>
            <div class="form-control">
                <input id="name" type="text" bind:value=name autocomplete="off" aria-describedby="name-count"
                    aria-invalid=move || name_count().is_over().to_string()/>
                <p id="name-count" class="counter" class:over=move || name_count().is_over()>
                    {move || { let c = name_count(); i18n.lang().byte_counter(c.used, c.max) }}
                </p>
                {move || shared::validate::is_reserved_name(&name.get()).then(|| view! {
                    <p class="warning" role="status">{tr(Key::ReservedName)}</p>
                })}
                {move || view! { <FieldErrorList errors=name_errors.get()/> }}
            </div>
        </div>

        {(provider != Provider::Cbs).then(|| view! {
        <div class="form-row">
            <label for="description" class="form-label">{tr(Key::Description)}</label>
            <div class="form-control">
                <textarea id="description" rows="3" bind:value=description aria-describedby="description-count"
                    on:keydown=enter_submits(form) aria-invalid=move || description_count().is_over().to_string()></textarea>
                <p id="description-count" class="counter" class:over=move || description_count().is_over()>
                    {move || { let c = description_count(); i18n.lang().byte_counter(c.used, c.max) }}
                </p>
                {move || view! { <FieldErrorList errors=description_errors.get()/> }}
            </div>
        </div>
        })}
    }
}
