//! The sign-in page: user name and password, and "Sign in with SSO" when the server offers
//! single sign-on. Shown in place of any page while nobody is signed in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::portal::{codes, SignIn, SignInMethods};

use crate::api::{self, SignInFailure};
use crate::components::account::use_accounts;
use crate::components::error_panel::ErrorPanel;
use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_i18n, use_title};
use crate::components::session::use_session_state;
use crate::i18n::Key;

/// How a failed sign-in is shown: the two expected refusals in words, anything else as the
/// error panel with its code and request id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInProblem {
    BadCredentials,
    TooManyAttempts { retry_after_secs: Option<u64> },
    Other(crate::error::ApiFailure),
}

impl From<SignInFailure> for SignInProblem {
    fn from(failure: SignInFailure) -> Self {
        match failure.failure.code() {
            codes::BAD_CREDENTIALS => Self::BadCredentials,
            codes::TOO_MANY_ATTEMPTS => Self::TooManyAttempts {
                retry_after_secs: failure.retry_after_secs,
            },
            _ => Self::Other(failure.failure),
        }
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    use_title(|lang| lang.title(lang.text(Key::SignIn), ""));
    let methods = LocalResource::new(api::sign_in_methods);
    // Until the methods are known (or if they cannot be read), offer the password form.
    let offered = move || {
        methods
            .map(|result| result.as_ref().ok().cloned())
            .flatten()
            .unwrap_or(SignInMethods {
                required: true,
                password: true,
                oidc: false,
            })
    };
    // Memos: the form must not be rebuilt (and emptied) when the methods arrive unchanged.
    let password = Memo::new(move |_| offered().password);
    let oidc = Memo::new(move |_| offered().oidc);
    view! {
        <section class="signin card">
            <PageHeading>{tr(Key::SignInTitle)}</PageHeading>
            <p class="muted">{tr(Key::SignInHint)}</p>
            {move || password.get().then(|| view! { <PasswordForm/> })}
            {move || oidc.get().then(|| view! {
                <p class="signin-sso">
                    // Not the router's: the server answers with a redirect to the provider.
                    <a class="btn" href=api::SSO_START_PATH rel="external">{tr(Key::SignInWithSso)}</a>
                </p>
            })}
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session_state();
    let accounts = use_accounts();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<SignInProblem>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = SignIn {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::sign_in(&body).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    password.try_set(String::new());
                    session.signed_in(accounts);
                }
                Err(failure) => {
                    problem.try_set(Some(failure.into()));
                }
            }
        });
    };
    view! {
        <form class="form signin-form" on:submit=on_submit>
            {move || problem.get().map(|problem| match problem {
                SignInProblem::BadCredentials => view! {
                    <p class="alert alert-error" role="alert" data-code="bad_credentials">{tr(Key::BadCredentials)}</p>
                }.into_any(),
                SignInProblem::TooManyAttempts { retry_after_secs } => view! {
                    <section class="alert alert-error" role="alert" data-code="too_many_attempts">
                        <h2 class="alert-title">{tr(Key::TooManyAttemptsTitle)}</h2>
                        {retry_after_secs.map(|secs| view! { <p>{move || i18n.lang().retry_after(secs)}</p> })}
                    </section>
                }.into_any(),
                SignInProblem::Other(failure) => view! { <ErrorPanel failure/> }.into_any(),
            })}
            <div class="form-row">
                <label class="form-label" for="signin-username">{tr(Key::Username)}</label>
                <input
                    id="signin-username"
                    class="form-control"
                    type="text"
                    autocomplete="username"
                    autofocus=true
                    required=true
                    bind:value=username
                />
            </div>
            <div class="form-row">
                <label class="form-label" for="signin-password">{tr(Key::Password)}</label>
                <input
                    id="signin-password"
                    class="form-control"
                    type="password"
                    autocomplete="current-password"
                    required=true
                    bind:value=password
                />
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || i18n.t(if busy.get() { Key::SigningIn } else { Key::SignIn })}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use shared::api::ApiError;

    use super::*;
    use crate::error::ApiFailure;

    fn refused(status: u16, code: &str, retry_after_secs: Option<u64>) -> SignInFailure {
        let error: ApiError = serde_json::from_value(serde_json::json!({
            "code": code, "message": "m", "request_id": "r"
        }))
        .unwrap();
        SignInFailure {
            failure: ApiFailure::Api { status, error },
            retry_after_secs,
        }
    }

    #[test]
    fn refusals_are_worded_and_anything_else_shows_its_code() {
        assert_eq!(
            SignInProblem::from(refused(401, "bad_credentials", None)),
            SignInProblem::BadCredentials
        );
        assert_eq!(
            SignInProblem::from(refused(429, "too_many_attempts", Some(8))),
            SignInProblem::TooManyAttempts {
                retry_after_secs: Some(8)
            }
        );
        assert!(matches!(
            SignInProblem::from(refused(403, "cross_origin", None)),
            SignInProblem::Other(_)
        ));
    }
}
