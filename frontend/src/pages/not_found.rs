//! Any address the console does not know.

use leptos::prelude::*;

use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_title};
use crate::i18n::Key;

#[component]
pub fn PageNotFound() -> impl IntoView {
    use_title(|lang| lang.title(lang.text(Key::PageNotFoundTitle), ""));
    view! {
        <div class="empty not-found" role="status">
            <PageHeading>{tr(Key::PageNotFoundTitle)}</PageHeading>
            <p>{tr(Key::PageNotFoundHint)}</p>
            <a class="btn btn-primary" href="/">{tr(Key::GoToSnapshots)}</a>
        </div>
    }
}
