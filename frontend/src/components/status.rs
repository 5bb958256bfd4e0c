//! Status badges, progress bars and the loading placeholder.

use leptos::prelude::*;
use shared::snapshot::SnapshotStatus;
use shared::Snapshot;

use crate::components::i18n::{tr, use_i18n};
use crate::i18n::Key;

/// The colour family of a status.
pub fn tone(status: &SnapshotStatus) -> &'static str {
    match status {
        SnapshotStatus::Available => "ok",
        SnapshotStatus::Error | SnapshotStatus::ErrorDeleting => "bad",
        status if status.is_transitional() => "busy",
        _ => "neutral",
    }
}

/// A status as a coloured badge, in the user's language, followed by `raw`, the provider's own
/// word (CBS's `NORMAL`, `CREATING`, …) wherever it says more than the badge, so a user can
/// match it with the provider's documentation.
#[component]
pub fn StatusBadge(
    #[prop(into)] status: Signal<SnapshotStatus>,
    #[prop(into)] raw: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span
            class=move || format!("badge badge-{}", status.with(tone))
            data-status=move || status.with(|status| status.as_str().to_owned())
        >
            {move || status.with(|status| i18n.lang().status(status))}
        </span>
        {move || {
            raw.get()
                .map(|raw| view! { <span class="raw-status" title=tr(Key::ProviderStatus)>{raw}</span> })
        }}
    }
}

/// The badge of a snapshot that may change while it is shown.
#[component]
pub fn SnapshotStatusBadge(snapshot: RwSignal<Snapshot>) -> impl IntoView {
    let status = Memo::new(move |_| snapshot.with(|s| s.status.clone()));
    let raw =
        Memo::new(move |_| snapshot.with(|s| s.distinct_provider_status().map(str::to_owned)));
    view! { <StatusBadge status raw/> }
}

/// A progress bar with its percentage, named "Progress"; its role and value are spelled out
/// for screen readers that do not map `<progress>` themselves.
#[component]
pub fn ProgressBar(#[prop(into)] percent: Signal<u8>) -> impl IntoView {
    view! {
        <span class="progress">
            <progress
                max="100"
                value=move || percent.get()
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=move || percent.get()
                aria-label=tr(Key::Progress)
            ></progress>
            <span class="progress-text">{move || format!("{}%", percent.get())}</span>
        </span>
    }
}

/// The "auto" tag of a snapshot made by a server backup.
#[component]
pub fn AutoTag() -> impl IntoView {
    view! {
        <span class="tag tag-auto" title=tr(Key::AutoTitle)>
            {tr(Key::Auto)}
        </span>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {tr(Key::Loading)}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones() {
        assert_eq!(tone(&SnapshotStatus::Available), "ok");
        assert_eq!(tone(&SnapshotStatus::Creating), "busy");
        assert_eq!(tone(&SnapshotStatus::ErrorDeleting), "bad");
        assert_eq!(tone(&SnapshotStatus::Other("x".into())), "neutral");
    }
}
