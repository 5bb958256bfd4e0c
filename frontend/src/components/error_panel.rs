//! The one error component: every failed call shows its message, code and request id; a
//! failed load also offers "Try again" (a failed form submission does not: its own button is
//! the retry).

use leptos::error::Errors;
use leptos::prelude::*;
use shared::api::codes;
use shared::validate::FieldError;

use crate::components::account::{list_href, use_accounts, Accounts};
use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_i18n, use_title};
use crate::error::{hint_key, title_key, ApiFailure, ViewError};
use crate::i18n::{self, Key};

/// `ErrorBoundary`'s fallback for a load: one panel per error, typed where the error is ours;
/// "Try again" runs `retry` (a resource's `refetch`).
pub fn load_failed(
    retry: impl Fn() + Send + Sync + 'static,
) -> impl Fn(ArcRwSignal<Errors>) -> AnyView + Clone + Send + 'static {
    let retry = Callback::new(move |()| retry());
    move |errors| error_stack(errors, retry)
}

/// [`load_failed`] for a load that is the whole page, which has no heading of its own without
/// it: the panels come under an `h1` saying the page could not be loaded.
pub fn page_failed(
    retry: impl Fn() + Send + Sync + 'static,
) -> impl Fn(ArcRwSignal<Errors>) -> AnyView + Clone + Send + 'static {
    let retry = Callback::new(move |()| retry());
    move |errors| {
        use_title(|lang| lang.title(lang.text(Key::PageFailedTitle), ""));
        view! {
            <div class="page-head">
                <PageHeading>{tr(Key::PageFailedTitle)}</PageHeading>
            </div>
            {error_stack(errors, retry)}
        }
        .into_any()
    }
}

fn error_stack(errors: ArcRwSignal<Errors>, retry: Callback<()>) -> AnyView {
    view! {
        <div class="error-stack">
            {move || {
                errors
                    .read()
                    .iter()
                    .map(|(_, error)| {
                        if let Some(view_error) = error.downcast_ref::<ViewError>() {
                            view! { <ViewErrorPanel error=view_error.clone() retry/> }.into_any()
                        } else if let Some(failure) = error.downcast_ref::<ApiFailure>() {
                            view! { <ErrorPanel failure=failure.clone() retry/> }.into_any()
                        } else {
                            let message = error.to_string();
                            view! { <GenericError message/> }.into_any()
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
    .into_any()
}

/// A page's failure; only a failed call can be retried (a bad link or account cannot).
#[component]
fn ViewErrorPanel(error: ViewError, retry: Callback<()>) -> impl IntoView {
    match error {
        ViewError::Api(failure) => view! { <ErrorPanel failure retry/> }.into_any(),
        ViewError::UnknownAccount { name } => view! { <UnknownAccount name/> }.into_any(),
        ViewError::BadLink(errors) => view! { <BadLink errors/> }.into_any(),
    }
}

/// A failed call: what happened, what to do, and the ids to quote; with `retry`, a
/// "Try again" button that runs the failed load again.
#[component]
pub fn ErrorPanel(
    failure: ApiFailure,
    #[prop(optional, into)] retry: Option<Callback<()>>,
    /// Where to check whether a change whose outcome is unknown happened (the list filtered
    /// by the name).
    #[prop(optional, into)]
    check: Option<String>,
) -> impl IntoView {
    let code = failure.code().to_owned();
    let check = check.filter(|_| code == codes::OUTCOME_UNKNOWN);
    let title = title_key(&code);
    let data_code = code.clone();
    let hint = hint_key(&code);
    let message = failure.message().to_owned();
    let status = failure.status();
    let request_id = failure.request_id().map(str::to_owned);
    let upstream_request_id = failure.upstream_request_id().map(str::to_owned);
    let fields = failure.field_errors().to_vec();
    view! {
        <section class="alert alert-error" role="alert" data-code=data_code>
            <h2 class="alert-title">{tr(title)}</h2>
            <p class="alert-message">{message}</p>
            {hint.map(|hint| view! { <p class="alert-hint">{tr(hint)}</p> })}
            {check.map(|href| view! { <p><a class="btn" href=href>{tr(Key::CheckTheList)}</a></p> })}
            <FieldErrorList errors=fields/>
            <dl class="alert-ids">
                <div>
                    <dt>{tr(Key::ErrorCode)}</dt>
                    <dd><code>{code}</code></dd>
                </div>
                {status.map(|status| view! {
                    <div>
                        <dt>{tr(Key::HttpStatus)}</dt>
                        <dd><code>{status}</code></dd>
                    </div>
                })}
                {request_id.map(|id| view! {
                    <div>
                        <dt>{tr(Key::RequestId)}</dt>
                        <dd><code class="request-id">{id}</code></dd>
                    </div>
                })}
                {upstream_request_id.map(|id| view! {
                    <div>
                        <dt>{tr(Key::UpstreamRequestId)}</dt>
                        <dd><code>{id}</code></dd>
                    </div>
                })}
            </dl>
            {retry.map(|retry| view! {
                <button type="button" class="btn" on:click=move |_| retry.run(())>
                    {tr(Key::TryAgain)}
                </button>
            })}
        </section>
    }
}

/// Per-field problems, worded in the current language.
#[component]
pub fn FieldErrorList(errors: Vec<FieldError>) -> impl IntoView {
    let i18n = use_i18n();
    (!errors.is_empty()).then(|| {
        view! {
            <ul class="field-errors">
                {errors
                    .into_iter()
                    .map(|error| view! { <li>{move || i18n::field_error(i18n.lang(), &error)}</li> })
                    .collect_view()}
            </ul>
        }
    })
}

#[component]
fn UnknownAccount(name: String) -> impl IntoView {
    let i18n = use_i18n();
    let Accounts(accounts) = use_accounts();
    let known = move || {
        accounts
            .map(|list| {
                list.as_ref()
                    .map(|list| {
                        list.accounts
                            .iter()
                            .map(|a| a.name.to_string())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    };
    view! {
        <section class="alert alert-error" role="alert" data-code="unknown_account">
            <h2 class="alert-title">{tr(Key::UnknownAccountTitle)}</h2>
            <p class="alert-message">{move || i18n.lang().unknown_account(&name)}</p>
            <p class="alert-hint">{tr(Key::UnknownAccountHint)}</p>
            <ul class="link-list">
                {move || {
                    known()
                        .into_iter()
                        .map(|name| view! { <li><a href=list_href(&name)>{name.clone()}</a></li> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
fn BadLink(errors: Vec<FieldError>) -> impl IntoView {
    view! {
        <section class="alert alert-error" role="alert" data-code="bad_link">
            <h2 class="alert-title">{tr(Key::BadLinkTitle)}</h2>
            <FieldErrorList errors/>
            <p class="alert-hint">{tr(Key::BadLinkHint)}</p>
            <p><a href="?">{tr(Key::ClearFilters)}</a></p>
        </section>
    }
}

#[component]
fn GenericError(message: String) -> impl IntoView {
    view! {
        <section class="alert alert-error" role="alert">
            <h2 class="alert-title">{tr(Key::ErrorTitle)}</h2>
            <p class="alert-message">{message}</p>
        </section>
    }
}
