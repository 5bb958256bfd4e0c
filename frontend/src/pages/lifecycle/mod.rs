//! The detail page's Delete and Roll back: each button is offered when the account can, and
//! disabled with the reason when the snapshot's state does not allow it (the same rules the
//! backend applies, from `shared::lifecycle`); each opens a confirmation dialog.

mod delete;
mod rollback;

use leptos::prelude::*;

use crate::components::i18n::tr;
use crate::i18n::Key;

pub use delete::DeleteAction;
pub use rollback::RollbackAction;

/// A button that may be disabled with its reason (shown next to it and as its description).
#[component]
pub(super) fn GuardedButton(
    label: Key,
    reason: Signal<Option<String>>,
    node_ref: NodeRef<leptos::html::Button>,
    on_open: Callback<()>,
    reason_id: &'static str,
) -> impl IntoView {
    view! {
        <span class="guarded">
            <button
                type="button"
                class="btn btn-danger"
                node_ref=node_ref
                disabled=move || reason.with(Option::is_some)
                aria-describedby=move || reason.with(|r| r.as_ref().map(|_| reason_id))
                on:click=move |_| on_open.run(())
            >
                {tr(label)}
            </button>
            {move || reason.get().map(|reason| view! { <span id=reason_id class="reason">{reason}</span> })}
        </span>
    }
}
