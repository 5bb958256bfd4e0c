//! The one modal dialog: a native `<dialog>` opened with `showModal()`, so the page behind it is
//! inert (neither clicks, Tab nor a screen reader reach it), named by its heading; focus moves
//! in when it opens (to `[data-autofocus]` or the first control), Tab and Shift+Tab stay
//! inside, Esc closes it, and focus goes back to the button that opened it.

use gloo_timers::future::TimeoutFuture;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What can take focus inside a dialog.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// Where Tab goes from `current` among `count` controls, when it must wrap to stay inside.
pub fn wrap_target(current: Option<usize>, count: usize, backwards: bool) -> Option<usize> {
    if count == 0 {
        return None;
    }
    let last = count - 1;
    match (current, backwards) {
        (Some(0), true) | (None, true) => Some(last),
        (Some(index), false) if index == last => Some(0),
        (None, false) => Some(0),
        _ => None,
    }
}

#[component]
pub fn Dialog(
    /// The heading, which names the dialog.
    #[prop(into)]
    title: Signal<String>,
    /// Runs on Esc (and is what the dialog's own Cancel button calls).
    on_close: Callback<()>,
    /// The control that opened the dialog, which gets focus back when it closes.
    return_focus: NodeRef<leptos::html::Button>,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<leptos::html::Dialog>::new();
    let heading_id = format!("dialog-{}", next_id());
    Effect::new(move |_| {
        let Some(panel) = panel.get() else { return };
        spawn_local(async move {
            if !shown(&panel).await {
                return;
            }
            if !panel.open() {
                let _ = panel.show_modal();
            }
            let target = panel
                .query_selector("[data-autofocus]")
                .ok()
                .flatten()
                .or_else(|| focusables(&panel).into_iter().next().map(Into::into));
            if let Some(element) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                let _ = element.focus();
            }
        });
    });
    on_cleanup(move || {
        // Once the dialog has left the document and the page is no longer inert.
        set_timeout(
            move || {
                if let Some(button) = return_focus.try_get_untracked().flatten() {
                    let _ = button.focus();
                }
            },
            std::time::Duration::ZERO,
        );
    });
    // Esc on a modal dialog: the browser's own close is replaced by the owner's.
    let on_cancel = move |ev: leptos::ev::Event| {
        ev.prevent_default();
        on_close.run(());
    };
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            on_close.run(());
        }
        "Tab" => {
            let Some(panel) = panel.get_untracked() else {
                return;
            };
            let controls = focusables(&panel);
            let active = document().active_element();
            let current = active.and_then(|active| {
                controls
                    .iter()
                    .position(|control| control.is_same_node(Some(&active)))
            });
            if let Some(index) = wrap_target(current, controls.len(), ev.shift_key()) {
                ev.prevent_default();
                let _ = controls[index].focus();
            }
        }
        _ => {}
    };
    view! {
        <dialog
            class="dialog"
            aria-modal="true"
            aria-labelledby=heading_id.clone()
            node_ref=panel
            on:keydown=on_keydown
            on:cancel=on_cancel
        >
            <h2 id=heading_id.clone() class="dialog-title">{move || title.get()}</h2>
            {children()}
        </dialog>
    }
}

/// Waits until an element just built is in the document (a second at most).
async fn shown(element: &Element) -> bool {
    for _ in 0..40 {
        if element.is_connected() {
            return true;
        }
        TimeoutFuture::new(25).await;
    }
    false
}

/// Focuses a control that appears inside an open dialog later (after a load).
pub fn focus_when_shown(element: HtmlElement) {
    spawn_local(async move {
        if shown(&element).await {
            let _ = element.focus();
        }
    });
}

fn focusables(panel: &Element) -> Vec<HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

fn next_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_wraps_at_the_ends_only() {
        assert_eq!(wrap_target(Some(2), 3, false), Some(0));
        assert_eq!(wrap_target(Some(0), 3, true), Some(2));
        assert_eq!(wrap_target(Some(1), 3, false), None);
        assert_eq!(wrap_target(Some(1), 3, true), None);
        // Focus outside the dialog comes back in.
        assert_eq!(wrap_target(None, 3, false), Some(0));
        assert_eq!(wrap_target(None, 3, true), Some(2));
        assert_eq!(wrap_target(None, 0, false), None);
    }
}
