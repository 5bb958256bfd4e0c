//! Copy-to-clipboard buttons that say whether it worked: on the button, and to screen readers
//! through the app's one live region (not a region per button: the table has one in each row).

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::components::announce::{use_announcer, Announcement};
use crate::components::i18n::{tr, use_i18n};
use crate::i18n::Key;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Idle,
    Copied,
    Failed,
}

pub async fn write_clipboard(text: &str) -> bool {
    let promise = window().navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}

/// A button that copies `text`; `label` is its visible text, `aria_label` its full name.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    label: Key,
    #[prop(optional, into)] aria_label: Option<Signal<String>>,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let outcome = RwSignal::new(Outcome::Idle);
    let copy = move |_| {
        let text = text.get_untracked();
        spawn_local(async move {
            let copied = write_clipboard(&text).await;
            outcome.try_set(if copied {
                Outcome::Copied
            } else {
                Outcome::Failed
            });
            if let Some(announcer) = announcer {
                announcer.say(Announcement::Text(if copied {
                    Key::Copied
                } else {
                    Key::CopyFailed
                }));
            }
        });
        set_timeout(
            move || {
                outcome.try_set(Outcome::Idle);
            },
            std::time::Duration::from_secs(2),
        );
    };
    let shown = move || match outcome.get() {
        Outcome::Idle => i18n.t(label),
        Outcome::Copied => i18n.t(Key::Copied),
        Outcome::Failed => i18n.t(Key::CopyFailed),
    };
    view! {
        <button
            type="button"
            class=if compact { "btn btn-icon copy" } else { "btn copy" }
            aria-label=move || aria_label.map(|label| label.get())
            title=tr(label)
            on:click=copy
        >
            {if compact {
                view! { <CopyIcon copied=Signal::derive(move || outcome.get() == Outcome::Copied)/> }.into_any()
            } else {
                view! { <span>{shown}</span> }.into_any()
            }}
        </button>
    }
}

/// Two overlapping sheets, or a tick once copied; drawn inline (no icon font to ship).
#[component]
fn CopyIcon(copied: Signal<bool>) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            {move || if copied.get() {
                view! { <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="1.8"/> }.into_any()
            } else {
                view! {
                    <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.4"/>
                    <path d="M3.5 10.5h-0.5a1 1 0 0 1-1-1v-6.5a1 1 0 0 1 1-1h6.5a1 1 0 0 1 1 1v0.5" fill="none" stroke="currentColor" stroke-width="1.4"/>
                }.into_any()
            }}
        </svg>
    }
}
