//! The colour theme in context: the user's choice (remembered in `localStorage`) or the
//! system's preference, followed live; applied as `<html data-theme>`, which the stylesheet's
//! custom properties read. `frontend/theme.js` applies a stored choice before the first paint;
//! this does the same at start-up and after every change.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::theme::Theme;

const STORAGE_KEY: &str = "snapdeck.theme";
const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// The user's choice and the system's preference; copy it into any view.
#[derive(Debug, Clone, Copy)]
pub struct ThemeState {
    chosen: RwSignal<Option<Theme>>,
    system_prefers_dark: RwSignal<bool>,
}

impl ThemeState {
    /// Reads the remembered choice, applies it at once and follows the system's preference.
    pub fn provide() -> Self {
        let chosen = stored_choice();
        apply(chosen);
        let state = Self {
            chosen: RwSignal::new(chosen),
            system_prefers_dark: RwSignal::new(false),
        };
        follow_system(state.system_prefers_dark);
        provide_context(state);
        state
    }

    /// The theme shown (tracked).
    pub fn shown(self) -> Theme {
        Theme::shown(self.chosen.get(), self.system_prefers_dark.get())
    }

    /// Shows the other theme and remembers the choice in this browser.
    pub fn toggle(self) {
        let next = Theme::toggled(
            self.chosen.get_untracked(),
            self.system_prefers_dark.get_untracked(),
        );
        self.chosen.set(Some(next));
        apply(Some(next));
        if let Some(storage) = window().local_storage().ok().flatten() {
            // A browser that refuses storage (private mode) still switches; it just forgets.
            let _ = storage.set_item(STORAGE_KEY, next.tag());
        }
    }
}

pub fn use_theme() -> ThemeState {
    expect_context::<ThemeState>()
}

fn stored_choice() -> Option<Theme> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Theme::from_tag(&tag))
}

/// A choice sets `data-theme`; without one the stylesheet follows `prefers-color-scheme`.
fn apply(chosen: Option<Theme>) {
    let Some(root) = document().document_element() else {
        return;
    };
    let _ = match chosen {
        Some(theme) => root.set_attribute("data-theme", theme.tag()),
        None => root.remove_attribute("data-theme"),
    };
}

/// Keeps `prefers_dark` equal to the system's preference, now and when it changes.
fn follow_system(prefers_dark: RwSignal<bool>) {
    let Some(query) = window().match_media(DARK_QUERY).ok().flatten() else {
        return;
    };
    prefers_dark.set(query.matches());
    let watched = query.clone();
    let on_change = Closure::<dyn Fn()>::new(move || {
        prefers_dark.try_set(watched.matches());
    });
    let _ = query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    // The app lives as long as the page: the listener is never removed.
    on_change.forget();
}
