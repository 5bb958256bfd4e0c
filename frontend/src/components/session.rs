//! Who is signed in: the session context, the gate that shows the sign-in page whenever the API
//! answers `unauthenticated`, the top bar's user menu, and [`use_may`] for hiding what the user
//! may not do.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use shared::api::AccountInfo;
use shared::portal::{codes, SessionInfo};
use shared::Operation;

use crate::api;
use crate::components::account::{use_account, Accounts};
use crate::components::error_panel::ErrorPanel;
use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_i18n};
use crate::components::status::Loading;
use crate::error::ApiFailure;
use crate::i18n::{role_key, Key};
use crate::pages::signin::SignInPage;

/// The single-user console's mode (no sign-in; the server acts as `local`, an admin).
pub const SINGLE_USER: &str = "single_user";

/// The session as the server last described it, and whether a call has since been refused
/// for want of one.
#[derive(Clone, Copy)]
pub struct SessionState {
    info: LocalResource<Result<SessionInfo, ApiFailure>>,
    expired: RwSignal<bool>,
}

impl SessionState {
    /// Reads the session once and watches every call for `unauthenticated`.
    pub fn provide() -> Self {
        let state = Self {
            info: LocalResource::new(api::get_session),
            expired: RwSignal::new(false),
        };
        let expired = state.expired;
        api::on_unauthenticated(move || {
            expired.try_set(true);
        });
        provide_context(state);
        state
    }

    /// The signed-in user (tracked); none while loading or signed out.
    pub fn current(self) -> Option<SessionInfo> {
        if self.expired.get() {
            return None;
        }
        self.info
            .map(|result| result.as_ref().ok().cloned())
            .flatten()
    }

    /// After a sign-in: read who it is and what they may see.
    pub fn signed_in(self, accounts: Accounts) {
        self.info.refetch();
        accounts.0.refetch();
        self.expired.set(false);
    }

    fn gate(self) -> Gate {
        if self.expired.get() {
            return Gate::SignIn;
        }
        match self.info.map(Clone::clone) {
            None => Gate::Loading,
            Some(Ok(info)) => Gate::In(info),
            Some(Err(failure)) if failure.code() == codes::UNAUTHENTICATED => Gate::SignIn,
            Some(Err(failure)) => Gate::Failed(failure),
        }
    }
}

pub fn use_session_state() -> SessionState {
    expect_context::<SessionState>()
}

/// The signed-in user, for the pages under [`SessionGate`].
pub fn use_session() -> Option<SessionInfo> {
    use_context::<SessionInfo>()
}

/// Whether the signed-in user may perform `operation` on `account`, and the account's provider
/// offers it: what decides whether an action is shown.
pub fn may(session: Option<&SessionInfo>, account: &AccountInfo, operation: Operation) -> bool {
    account.can(operation)
        && session.is_some_and(|session| session.may(account.name.as_str(), operation))
}

/// [`may`] for the page's account (under the account scope) and the signed-in user.
pub fn use_may(operation: Operation) -> bool {
    may(use_session().as_ref(), &use_account(), operation)
}

/// Whether the server keeps an audit log and tokens (portal mode).
pub fn is_portal(session: &SessionInfo) -> bool {
    session.mode != SINGLE_USER
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Gate {
    Loading,
    SignIn,
    In(SessionInfo),
    Failed(ApiFailure),
}

/// The app's pages once someone is signed in (always, in single-user mode); the sign-in page at
/// the same address otherwise, so signing in goes back to where the user was.
#[component]
pub fn SessionGate(children: ChildrenFn) -> impl IntoView {
    let session = use_session_state();
    let gate = Memo::new(move |_| session.gate());
    let retry = Callback::new(move |()| session.info.refetch());
    move || match gate.get() {
        Gate::Loading => view! { <Loading/> }.into_any(),
        Gate::SignIn => view! { <SignInPage/> }.into_any(),
        Gate::Failed(failure) => view! {
            <div class="page-head">
                <PageHeading>{tr(Key::PageFailedTitle)}</PageHeading>
            </div>
            <ErrorPanel failure retry/>
        }
        .into_any(),
        Gate::In(info) => {
            let children = children.clone();
            view! { <SignedIn info>{children()}</SignedIn> }.into_any()
        }
    }
}

#[component]
fn SignedIn(info: SessionInfo, children: Children) -> impl IntoView {
    provide_context(info);
    children()
}

/// The top bar's links and user, in portal mode; nothing in the single-user console.
#[component]
pub fn SessionMenu() -> impl IntoView {
    let session = use_session_state();
    move || {
        session
            .current()
            .filter(is_portal)
            .map(|info| view! { <UserMenu info/> })
    }
}

#[component]
fn UserMenu(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session_state();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<ApiFailure>);
    let busy = RwSignal::new(false);
    let role = role_key(info.role);
    let sign_out = move |_| {
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::sign_out().await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    failure.try_set(None);
                    // Signed out first, so the pages stop before the address changes; the
                    // next person to sign in starts at the console's home.
                    session.expired.try_set(true);
                    session.info.refetch();
                    navigate("/", Default::default());
                }
                Err(error) => {
                    failure.try_set(Some(error));
                }
            }
        });
    };
    view! {
        <nav class="portal-nav" aria-label=tr(Key::UserMenu)>
            <a href="/activity">{tr(Key::Activity)}</a>
            <a href="/tokens">{tr(Key::Tokens)}</a>
        </nav>
        <span class="session-user" title=tr(Key::SignedInAs)>
            <span class="session-name">{info.user.clone()}</span>
            <span class="tag">{move || i18n.t(role)}</span>
        </span>
        <button type="button" class="btn btn-ghost" on:click=sign_out disabled=move || busy.get()>
            {tr(Key::SignOut)}
        </button>
        {move || failure.get().map(|failure| view! { <div class="session-error"><ErrorPanel failure/></div> })}
    }
}

#[cfg(test)]
mod tests {
    use shared::api::Provider;
    use shared::portal::{Grant, Role};
    use shared::AccountName;

    use super::*;

    fn account(name: &str, capabilities: Vec<Operation>) -> AccountInfo {
        AccountInfo {
            name: AccountName::parse(name).unwrap(),
            provider: Provider::Evs,
            region: "cn-north-4".into(),
            project_id: None,
            capabilities,
            paging: Provider::Evs.paging(),
            demo: false,
        }
    }

    fn session(role: Role, grants: Vec<Grant>) -> SessionInfo {
        SessionInfo {
            user: "ann".into(),
            role,
            grants,
            expires_at: None,
            mode: "portal".into(),
        }
    }

    #[test]
    fn an_action_shows_when_both_the_role_and_the_provider_allow_it() {
        let writable = account(
            "evs-demo",
            vec![Operation::ListSnapshots, Operation::CreateSnapshot],
        );
        let read_only = account("cbs-demo", vec![Operation::ListSnapshots]);
        let operator = session(Role::Operator, Vec::new());
        let viewer = session(Role::Viewer, Vec::new());
        assert!(may(Some(&operator), &writable, Operation::CreateSnapshot));
        assert!(!may(Some(&operator), &read_only, Operation::CreateSnapshot));
        assert!(!may(Some(&viewer), &writable, Operation::CreateSnapshot));
        assert!(may(Some(&viewer), &writable, Operation::ListSnapshots));
        assert!(!may(None, &writable, Operation::ListSnapshots));
    }

    #[test]
    fn grants_decide_per_account() {
        let granted = session(
            Role::Viewer,
            vec![Grant {
                account: "evs-demo".into(),
                role: Role::Operator,
            }],
        );
        let ops = vec![Operation::CreateSnapshot];
        assert!(may(
            Some(&granted),
            &account("evs-demo", ops.clone()),
            Operation::CreateSnapshot
        ));
        assert!(!may(
            Some(&granted),
            &account("evs-other", ops),
            Operation::CreateSnapshot
        ));
        let local = SessionInfo {
            mode: SINGLE_USER.into(),
            ..session(Role::Admin, Vec::new())
        };
        assert!(!is_portal(&local));
        assert!(is_portal(&granted));
    }
}
