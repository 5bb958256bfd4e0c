//! Focus after a navigation: the new page's main heading takes it, so keyboard and
//! screen-reader users start at the top of the page they went to instead of at the document's
//! start (a client-side navigation does not move focus by itself).

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;

/// The path of the page the reader is on: where the document was loaded, then where a
/// heading last took focus.
#[derive(Debug, Clone, Copy)]
pub struct Landing(StoredValue<String>);

impl Landing {
    /// Starts at the page the browser loaded, which keeps the browser's own focus.
    pub fn provide() {
        let path = window().location().pathname().unwrap_or_default();
        provide_context(Self(StoredValue::new(path)));
    }

    /// Records that the reader is at `path` without moving focus: a redirect (`/` to the
    /// first account's list) is part of loading the page, not a navigation.
    pub fn arrive(self, path: &str) {
        self.0.set_value(path.to_owned());
    }

    /// Records `path` and tells whether it is another page than the last one.
    fn moved_to(self, path: &str) -> bool {
        let moved = self.0.with_value(|landed| is_another_page(landed, path));
        if moved {
            self.arrive(path);
        }
        moved
    }
}

pub fn use_landing() -> Landing {
    expect_context::<Landing>()
}

/// Whether `path` is another page than `landed`; the query (filters, paging) does not count,
/// so a search or a page turn leaves focus in the filter bar or the pager.
pub fn is_another_page(landed: &str, path: &str) -> bool {
    let page = |path: &str| {
        path.split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/')
            .to_owned()
    };
    page(landed) != page(path)
}

/// How long a heading may take to be shown after it is built: 200 × 50 ms = 10 s, the time a
/// slow cloud takes to answer the page's loads.
const MOUNT_WAIT_STEPS: u32 = 200;
const MOUNT_WAIT_STEP_MS: u32 = 50;

/// A page's `h1`: focusable from script only (`tabindex="-1"`), and focused when it appears
/// after a navigation.
#[component]
pub fn PageHeading(children: Children) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H1>::new();
    let landing = use_landing();
    let location = use_location();
    Effect::new(move |_| {
        let Some(element) = heading.get() else { return };
        let path = location.pathname.get_untracked();
        if !landing.moved_to(&path) {
            return;
        }
        // The heading exists before it is in the document: a `Transition` shows the old page
        // until everything the new one reads has loaded. Focus it once it is shown, unless the
        // reader went on to yet another page meanwhile.
        spawn_local(async move {
            for _ in 0..MOUNT_WAIT_STEPS {
                if element.is_connected() {
                    let _ = element.focus();
                    return;
                }
                if landing
                    .0
                    .try_with_value(|landed| landed != &path)
                    .unwrap_or(true)
                {
                    return;
                }
                TimeoutFuture::new(MOUNT_WAIT_STEP_MS).await;
            }
        });
    });
    view! { <h1 tabindex="-1" node_ref=heading>{children()}</h1> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_another_path_is_another_page() {
        let list = "/accounts/demo/snapshots";
        assert!(!is_another_page(list, list));
        assert!(!is_another_page(list, "/accounts/demo/snapshots/"));
        assert!(!is_another_page(
            list,
            "/accounts/demo/snapshots?name=db&marker=m1"
        ));
        assert!(is_another_page(list, "/accounts/demo/snapshots/s1"));
        assert!(is_another_page(list, "/accounts/other/snapshots"));
        assert!(is_another_page(
            "/accounts/demo/snapshots/s1",
            "/accounts/demo/snapshots/s1/edit"
        ));
    }
}
