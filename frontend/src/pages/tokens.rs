//! `/tokens`: the user's personal API tokens — list, create (name, expiry, a role up to the
//! user's own), the new secret shown once with a copy button, revoke after a confirmation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::portal::{CreatedToken, NewToken, Role, TokenInfo};
use shared::Timestamp;

use crate::api;
use crate::components::copy::CopyButton;
use crate::components::error_panel::{load_failed, ErrorPanel};
use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_i18n, use_title};
use crate::components::session::use_session;
use crate::components::status::Loading;
use crate::components::time::LocalTime;
use crate::error::ApiFailure;
use crate::i18n::{role_key, Key};

pub const DEFAULT_DAYS: u32 = 90;
pub const MAX_DAYS: u32 = 366;

/// The roles a user may give a token: their own and those below it.
pub fn grantable_roles(own: Role) -> Vec<Role> {
    Role::ALL.into_iter().filter(|role| *role <= own).collect()
}

/// The expiry as typed, when it is a whole number of days the server takes.
pub fn parse_days(text: &str) -> Option<u32> {
    text.trim()
        .parse()
        .ok()
        .filter(|days| (1..=MAX_DAYS).contains(days))
}

#[component]
pub fn TokensPage() -> impl IntoView {
    use_title(|lang| lang.title(lang.text(Key::Tokens), ""));
    // Bumped after every create and revoke, so the list reads again.
    let version = RwSignal::new(0_u32);
    let tokens = LocalResource::new(move || {
        version.track();
        api::list_tokens()
    });
    let created = RwSignal::new(None::<CreatedToken>);
    view! {
        <div class="page-head">
            <div>
                <PageHeading>{tr(Key::Tokens)}</PageHeading>
                <p class="subtitle">{tr(Key::TokensIntro)}</p>
            </div>
        </div>
        {move || created.get().map(|token| view! { <NewSecret token created/> })}
        <NewTokenForm created version/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=load_failed(move || tokens.refetch())>
                {move || Suspend::new(async move {
                    let list = tokens.await?;
                    Ok::<_, ApiFailure>(view! { <TokenTable tokens=list.tokens version/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The secret, this once: a warning, the value and a copy button; "Done" forgets it.
#[component]
fn NewSecret(token: CreatedToken, created: RwSignal<Option<CreatedToken>>) -> impl IntoView {
    let secret = token.secret.clone();
    view! {
        <section class="callout token-secret" role="status" aria-labelledby="token-secret-title">
            <h2 id="token-secret-title">{tr(Key::TokenCreatedTitle)}</h2>
            <p class="warning">{tr(Key::TokenCreatedWarning)}</p>
            <div class="token-secret-row">
                <label class="sr-only" for="token-secret">{tr(Key::TokenSecret)}</label>
                <input id="token-secret" class="form-control mono" type="text" readonly=true value=secret.clone()/>
                <CopyButton text=secret label=Key::CopyToken/>
            </div>
            <p><strong>{token.token.name.clone()}</strong></p>
            <button type="button" class="btn" on:click=move |_| created.set(None)>{tr(Key::Done)}</button>
        </section>
    }
}

#[component]
fn NewTokenForm(created: RwSignal<Option<CreatedToken>>, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let own = use_session().map_or(Role::Viewer, |session| session.role);
    let name = RwSignal::new(String::new());
    let days = RwSignal::new(DEFAULT_DAYS.to_string());
    let role = RwSignal::new(own.as_str().to_owned());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The browser checks name and days (required, min, max) before this runs.
        let Some(expires_in_days) = parse_days(&days.get_untracked()) else {
            return;
        };
        let body = NewToken {
            name: name.get_untracked().trim().to_owned(),
            expires_in_days,
            role: Role::parse(&role.get_untracked()),
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::create_token(&body).await;
            busy.try_set(false);
            match result {
                Ok(token) => {
                    failure.try_set(None);
                    name.try_set(String::new());
                    created.try_set(Some(token));
                    version.try_update(|version| *version += 1);
                }
                Err(error) => {
                    failure.try_set(Some(error));
                }
            }
        });
    };
    view! {
        <form class="form token-form" on:submit=on_submit>
            <h2>{tr(Key::NewTokenTitle)}</h2>
            {move || failure.get().map(|failure| view! { <ErrorPanel failure/> })}
            <div class="filters">
                <div class="field">
                    <label for="token-name">{tr(Key::Name)}</label>
                    <input id="token-name" type="text" required=true maxlength="64" autocomplete="off" bind:value=name/>
                </div>
                <div class="field field-narrow">
                    <label for="token-days">{tr(Key::ExpiresInDays)}</label>
                    <input id="token-days" type="number" required=true min="1" max=MAX_DAYS.to_string() step="1" bind:value=days/>
                </div>
                <div class="field">
                    <label for="token-role">{tr(Key::Role)}</label>
                    <select
                        id="token-role"
                        prop:value=move || role.get()
                        on:change=move |ev| role.set(event_target_value(&ev))
                    >
                        {grantable_roles(own)
                            .into_iter()
                            .map(|choice| view! {
                                <option value=choice.as_str() selected={choice == own}>
                                    {move || i18n.t(role_key(choice))}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field field-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                        {tr(Key::CreateToken)}
                    </button>
                </div>
            </div>
        </form>
    }
}

#[component]
fn TokenTable(tokens: Vec<TokenInfo>, version: RwSignal<u32>) -> impl IntoView {
    if tokens.is_empty() {
        return view! { <p class="empty" role="status">{tr(Key::NoTokens)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="sr-only">{tr(Key::TokenTable)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(Key::Name)}</th>
                        <th scope="col">{tr(Key::Role)}</th>
                        <th scope="col">{tr(Key::Created)}</th>
                        <th scope="col">{tr(Key::TokenExpires)}</th>
                        <th scope="col">{tr(Key::LastUsed)}</th>
                        <th scope="col">{tr(Key::Actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {tokens.into_iter().map(|token| view! { <TokenRow token version/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn TokenRow(token: TokenInfo, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let role = role_key(token.role);
    let id = token.id.clone();
    let revoke = move |_| {
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            let result = api::revoke_token(&id).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    confirming.try_set(false);
                    version.try_update(|version| *version += 1);
                }
                Err(error) => {
                    failure.try_set(Some(error));
                }
            }
        });
    };
    let name = token.name.clone();
    let revoke_label = move || i18n.lang().revoke_token(&name);
    let revoked = token.revoked;
    view! {
        <tr class:gone=revoked>
            <td>
                {token.name.clone()}
                {revoked.then(|| view! { " " <span class="tag">{tr(Key::Revoked)}</span> })}
            </td>
            <td>{move || i18n.t(role)}</td>
            <td><LocalTime stamp=Some(Timestamp::parse(&token.created_at))/></td>
            <td><LocalTime stamp=Some(Timestamp::parse(&token.expires_at))/></td>
            <td><LocalTime stamp=token.last_used_at.as_deref().map(Timestamp::parse)/></td>
            <td>
                {(!revoked).then(move || view! {
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <button type="button" class="btn btn-small" aria-label=revoke_label.clone() on:click=move |_| confirming.set(true)>
                                {tr(Key::Revoke)}
                            </button>
                        }
                    >
                        <div class="confirm" role="group" aria-label=tr(Key::ConfirmRevoke)>
                            <p>{tr(Key::RevokeConfirm)}</p>
                            <button type="button" class="btn btn-small btn-primary" disabled=move || busy.get() on:click=revoke.clone()>
                                {tr(Key::ConfirmRevoke)}
                            </button>
                            " "
                            <button type="button" class="btn btn-small" on:click=move |_| confirming.set(false)>
                                {tr(Key::Cancel)}
                            </button>
                        </div>
                    </Show>
                })}
                {move || failure.get().map(|failure| view! { <ErrorPanel failure/> })}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_gets_at_most_its_owners_role() {
        assert_eq!(grantable_roles(Role::Viewer), [Role::Viewer]);
        assert_eq!(
            grantable_roles(Role::Operator),
            [Role::Viewer, Role::Operator]
        );
        assert_eq!(grantable_roles(Role::Admin).len(), 3);
    }

    #[test]
    fn days_are_one_to_366() {
        assert_eq!(parse_days(" 30 "), Some(30));
        assert_eq!(parse_days("0"), None);
        assert_eq!(parse_days("367"), None);
        assert_eq!(parse_days("1.5"), None);
        assert_eq!(parse_days(""), None);
    }
}
