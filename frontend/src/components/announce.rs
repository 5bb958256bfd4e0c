//! The console's one polite live region: what changes while the reader is elsewhere on the page
//! (a followed snapshot's status, a copy to the clipboard) is announced here once, not by each
//! row. Each announcement is worded in the current language and leaves the region after a while.

use std::time::Duration;

use leptos::prelude::*;
use shared::snapshot::SnapshotStatus;
use shared::Snapshot;

use crate::components::i18n::use_i18n;
use crate::i18n::{Key, Lang};

/// How long an announcement stays in the region (screen readers read it when it appears).
const SHOWN_FOR: Duration = Duration::from_secs(8);

/// Something worth telling a screen-reader user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Announcement {
    /// A followed snapshot changed status.
    Status {
        name: String,
        status: SnapshotStatus,
    },
    /// A followed snapshot no longer exists.
    Gone { name: String },
    /// A fixed message ("Copied").
    Text(Key),
}

impl Announcement {
    /// What a poll's fresh copy of a snapshot says that the old one did not: only a new status.
    pub fn of_change(old: &Snapshot, fresh: &Snapshot) -> Option<Self> {
        (old.status != fresh.status).then(|| Self::Status {
            name: fresh.display_name().to_owned(),
            status: fresh.status.clone(),
        })
    }

    pub fn words(&self, lang: Lang) -> String {
        match self {
            Self::Status { name, status } => lang.status_changed(name, &lang.status(status)),
            Self::Gone { name } => lang.snapshot_gone(name),
            Self::Text(key) => lang.text(*key).to_owned(),
        }
    }
}

/// The region's content: announcements with an id each, so one can leave on its own.
#[derive(Debug, Clone, Copy)]
pub struct Announcer {
    shown: RwSignal<Vec<(u32, Announcement)>>,
    next: StoredValue<u32>,
}

impl Announcer {
    pub fn provide() {
        provide_context(Self {
            shown: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        });
    }

    pub fn say(self, announcement: Announcement) {
        let Some(id) = self.next.try_with_value(|next| *next) else {
            return;
        };
        self.next.set_value(id.wrapping_add(1));
        self.shown
            .try_update(|shown| shown.push((id, announcement)));
        let shown = self.shown;
        set_timeout(
            move || {
                shown.try_update(|shown| shown.retain(|(other, _)| *other != id));
            },
            SHOWN_FOR,
        );
    }

    /// Announces a followed snapshot's new status, if it has one.
    pub fn changed(self, old: &Snapshot, fresh: &Snapshot) {
        if let Some(announcement) = Announcement::of_change(old, fresh) {
            self.say(announcement);
        }
    }

    /// Announces that a followed snapshot is gone.
    pub fn gone(self, snapshot: &Snapshot) {
        self.say(Announcement::Gone {
            name: snapshot.display_name().to_owned(),
        });
    }
}

/// The announcer, where the app provides one (not in a component tested alone).
pub fn use_announcer() -> Option<Announcer> {
    use_context::<Announcer>()
}

/// The region itself, once in the app, outside every page.
#[component]
pub fn LiveRegion() -> impl IntoView {
    let i18n = use_i18n();
    let shown = use_announcer().map(|announcer| announcer.shown);
    view! {
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="false" data-live-region="">
            {move || {
                shown
                    .map(|shown| shown.get())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(_, announcement)| view! { <p>{move || announcement.words(i18n.lang())}</p> })
                    .collect_view()
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(name: &str, status: &str) -> Snapshot {
        serde_json::from_value(serde_json::json!({
            "id": "s1", "name": name, "status": status, "provider_status": status, "size_gib": 10,
            "volume_id": "v1", "created_at": "2024-01-01T00:00:00.000000", "progress": 50
        }))
        .unwrap()
    }

    #[test]
    fn only_a_new_status_is_announced() {
        let creating = snapshot("db", "creating");
        let mut later = creating.clone();
        later.progress = Some(80);
        assert_eq!(Announcement::of_change(&creating, &later), None);
        let available = snapshot("db", "available");
        let said = Announcement::of_change(&creating, &available).unwrap();
        assert_eq!(said.words(Lang::En), "“db” is now Available.");
        assert_eq!(said.words(Lang::Zh), "快照“db”现在的状态：可用。");
        // A snapshot without a name goes by its id.
        let unnamed = Announcement::of_change(&snapshot("", "creating"), &snapshot("", "error"));
        assert_eq!(unnamed.unwrap().words(Lang::En), "“s1” is now Error.");
        let gone = Announcement::Gone { name: "db".into() };
        assert_eq!(gone.words(Lang::En), "“db” no longer exists.");
        assert_eq!(gone.words(Lang::Zh), "快照“db”已不存在。");
    }
}
