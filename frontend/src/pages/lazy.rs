//! Pages whose code arrives on first visit, not with the console: each is split into its own
//! WASM chunk after the build (`scripts/lib/split_wasm.py`, trunk's post-build hook), so the
//! first load carries the shell and the list it opens on, and nothing else.
//!
//! A chunk that cannot be fetched (the connection dropped, or the console was redeployed and
//! the old chunk's name is gone) is not a crash: the page says so and offers a reload, which
//! brings the current build.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::LazyRoute;

use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_title};
use crate::i18n::Key;
use crate::pages::activity::ActivityPage;
use crate::pages::create::CreatePage;
use crate::pages::detail::DetailPage;
use crate::pages::edit::EditPage;
use crate::pages::tokens::TokensPage;

macro_rules! lazy_pages {
    ($($(#[$doc:meta])* $route:ident => $page:ident in $chunk:ident;)*) => {$(
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                // Runs in the chunk `$chunk`; the call fetches and links it first.
                #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn page() -> Result<AnyView, SplitLoaderError> {
                    Ok(view! { <$page/> }.into_any())
                }
                page().await.unwrap_or_else(|_| view! { <PageUnavailable/> }.into_any())
            }
        }
    )*};
}

lazy_pages! {
    /// The audit log (portal).
    ActivityRoute => ActivityPage in snapdeck_activity;
    /// Personal API tokens (portal).
    TokensRoute => TokensPage in snapdeck_tokens;
    /// The create form.
    CreateRoute => CreatePage in snapdeck_create;
    /// The edit form.
    EditRoute => EditPage in snapdeck_edit;
    /// A snapshot's page, with its lifecycle dialogs.
    DetailRoute => DetailPage in snapdeck_detail;
}

/// What a page whose code could not be fetched shows instead.
#[component]
fn PageUnavailable() -> impl IntoView {
    use_title(|lang| lang.title(lang.text(Key::PageUnavailableTitle), ""));
    let reload = |_| {
        if let Err(error) = window().location().reload() {
            leptos::logging::error!("reload failed: {error:?}");
        }
    };
    view! {
        <div class="empty not-found" role="alert">
            <PageHeading>{tr(Key::PageUnavailableTitle)}</PageHeading>
            <p>{tr(Key::PageUnavailableHint)}</p>
            <button type="button" class="btn btn-primary" on:click=reload>{tr(Key::Reload)}</button>
        </div>
    }
}
