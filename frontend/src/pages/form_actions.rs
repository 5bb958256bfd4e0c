//! The row of buttons under the create and edit forms.

use leptos::prelude::*;

use crate::components::i18n::{tr, use_i18n};
use crate::i18n::Key;

/// Submit (`label`, or "Working…" while `pending`), Cancel back to `cancel_href`, and the
/// keyboard hint. Submit is off while pending or while `blocked`.
#[component]
pub fn FormActions(
    label: Key,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] blocked: Signal<bool>,
    cancel_href: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled=move || blocked.get() || pending.get()>
                {move || if pending.get() { i18n.t(Key::Working) } else { i18n.t(label) }}
            </button>
            <a class="btn" href=cancel_href>{tr(Key::Cancel)}</a>
            <span class="help">{tr(Key::KeyboardHint)}</span>
        </div>
    }
}
