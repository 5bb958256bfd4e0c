//! Any address the console does not know.

use leptos::prelude::*;

use crate::components::i18n::use_i18n;
use crate::i18n::Key;

#[component]
pub fn PageNotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty not-found" role="status">
            <h1>{move || i18n.t(Key::PageNotFoundTitle)}</h1>
            <p>{move || i18n.t(Key::PageNotFoundHint)}</p>
            <a class="btn btn-primary" href="/">{move || i18n.t(Key::GoToSnapshots)}</a>
        </div>
    }
}
