//! Keyboard use of the create and edit forms: Esc leaves the form, Enter in a multi-line field
//! submits it (a line break is not allowed in a description anyway).

use leptos::ev::KeyboardEvent;
use leptos::html::Form;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// On the form: Esc goes to `href` (where Cancel leads).
pub fn escape_leaves(href: String) -> impl Fn(KeyboardEvent) + Clone + 'static {
    let navigate = use_navigate();
    move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            navigate(&href, Default::default());
        }
    }
}

/// On a textarea: Enter (without Shift) submits `form` as the submit button would.
pub fn enter_submits(form: NodeRef<Form>) -> impl Fn(KeyboardEvent) + Copy + 'static {
    move |event: KeyboardEvent| {
        if event.key() == "Enter" && !event.shift_key() {
            event.prevent_default();
            if let Some(form) = form.get() {
                let _ = form.request_submit();
            }
        }
    }
}
