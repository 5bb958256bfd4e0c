//! The app: contexts, top bar and routes.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy};

use crate::api;
use crate::components::account::{AccountScope, Accounts};
use crate::components::announce::{Announcer, LiveRegion};
use crate::components::clock::Clock;
use crate::components::focus::Landing;
use crate::components::i18n::I18n;
use crate::components::notice::Notice;
use crate::components::session::{SessionGate, SessionState};
use crate::components::shell::{TopBar, CONTENT_ID};
use crate::components::theme::ThemeState;
use crate::pages::home::{AccountHome, Home};
use crate::pages::lazy::{ActivityRoute, CreateRoute, DetailRoute, EditRoute, TokensRoute};
use crate::pages::list::ListPage;
use crate::pages::not_found::PageNotFound;

#[component]
pub fn App() -> impl IntoView {
    ThemeState::provide();
    I18n::provide();
    Announcer::provide();
    Clock::provide();
    Landing::provide();
    Notice::provide();
    SessionState::provide();
    provide_context(Accounts(LocalResource::new(api::list_accounts)));
    view! {
        <Router>
            <TopBar/>
            // Focusable from script only: the skip link moves focus here.
            <main class="main" id=CONTENT_ID tabindex="-1">
                <SessionGate><Routes fallback=|| view! { <PageNotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/activity") view={Lazy::<ActivityRoute>::new()}/>
                    <Route path=path!("/tokens") view={Lazy::<TokensRoute>::new()}/>
                    // Every page of an account: the scope resolves the account once for them.
                    // `new` and `:id/edit` come before `:id`, which would match them too.
                    <ParentRoute path=path!("/accounts/:account") view=AccountScope>
                        <Route path=path!("") view=AccountHome/>
                        <Route path=path!("snapshots") view=ListPage/>
                        <Route path=path!("snapshots/new") view={Lazy::<CreateRoute>::new()}/>
                        <Route path=path!("snapshots/:id/edit") view={Lazy::<EditRoute>::new()}/>
                        <Route path=path!("snapshots/:id") view={Lazy::<DetailRoute>::new()}/>
                    </ParentRoute>
                </Routes></SessionGate>
            </main>
            <LiveRegion/>
        </Router>
    }
}
