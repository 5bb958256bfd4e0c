//! The language the console speaks: a signal in context, remembered in `localStorage`.

use leptos::prelude::*;

use crate::i18n::{Key, Lang};

const STORAGE_KEY: &str = "snapdeck.lang";

/// The current language; copy it into any view.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Reads the remembered choice (English when none) and makes it the app's language.
    pub fn provide() -> Self {
        let i18n = Self {
            lang: RwSignal::new(stored_lang()),
        };
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            if let Some(root) = document().document_element() {
                // Screen readers and the browser's own UI follow `<html lang>`.
                let _ = root.set_attribute("lang", lang.tag());
            }
        });
        provide_context(i18n);
        i18n
    }

    /// The current language (tracked).
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// The current language, untracked.
    pub fn lang_untracked(self) -> Lang {
        self.lang.get_untracked()
    }

    /// A fixed string in the current language (tracked).
    pub fn t(self, key: Key) -> &'static str {
        self.lang.get().text(key)
    }

    /// Switches language and remembers the choice in this browser.
    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = local_storage() {
            // A browser that refuses storage (private mode) still switches; it just forgets.
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
    }
}

/// The language context; `App` provides it before anything renders.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored_lang() -> Lang {
    local_storage()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .map(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// A fixed string that follows the language. Every text shares this one closure type, so the
/// renderer's generic code is instantiated once instead of once per text (a smaller WASM).
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

/// Keeps the browser tab's title in step with the page and the language.
pub fn use_title(title: impl Fn(Lang) -> String + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| document().set_title(&title(i18n.lang())));
}
