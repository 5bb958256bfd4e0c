//! A notice that outlives a navigation: the detail page says "deleted" on the list it goes
//! back to.

use leptos::prelude::*;

use crate::components::i18n::use_i18n;
use crate::i18n::Lang;

/// The pending notice, worded at show time in the current language.
#[derive(Debug, Clone, Copy)]
pub struct Notice(RwSignal<Option<NoticeText>>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeText {
    Deleted { name: String, id: String },
}

impl NoticeText {
    pub fn words(&self, lang: Lang) -> String {
        match self {
            NoticeText::Deleted { name, id } => lang.deleted_notice(name, id),
        }
    }
}

impl Notice {
    pub fn provide() {
        provide_context(Self(RwSignal::new(None)));
    }

    pub fn set(self, text: NoticeText) {
        self.0.set(Some(text));
    }
}

pub fn use_notice() -> Notice {
    expect_context::<Notice>()
}

/// Shows the pending notice once; leaving the page forgets it.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let Notice(notice) = use_notice();
    let i18n = use_i18n();
    let shown = notice.get_untracked();
    on_cleanup(move || {
        let _ = notice.try_set(None);
    });
    shown.map(|text| {
        view! {
            <p class="notice notice-ok" role="status">{move || text.words(i18n.lang())}</p>
        }
    })
}
