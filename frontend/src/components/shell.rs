//! The top bar: a skip link, product name, account switcher (when there is more than one
//! account), the account's provider and region, the dark-mode switch and the language switch.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use shared::api::AccountInfo;

use crate::components::account::{account_in_path, list_href, use_accounts, Accounts};
use crate::components::i18n::{tr, use_i18n};
use crate::components::session::SessionMenu;
use crate::components::theme::use_theme;
use crate::i18n::Key;
use crate::theme::Theme;

/// The id of the app's `<main>`, where the skip link goes.
pub const CONTENT_ID: &str = "content";

#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    let Accounts(accounts) = use_accounts();
    let location = use_location();
    let current = Memo::new(move |_| {
        location
            .pathname
            .with(|path| account_in_path(path).map(str::to_owned))
    });
    let list = Memo::new(move |_| {
        accounts
            .map(|result| {
                result
                    .as_ref()
                    .map(|list| list.accounts.clone())
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    });
    let current_info = Memo::new(move |_| {
        let name = current.get()?;
        list.with(|list| list.iter().find(|account| account.name == *name).cloned())
    });
    let toggle = move |_| i18n.set(i18n.lang().other());
    view! {
        <SkipLink/>
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true"></span>
                "Snapdeck"
            </a>
            <div class="topbar-context">
                {move || (list.with(Vec::len) > 1).then(|| view! { <AccountSwitcher list current/> })}
                {move || current_info.get().map(|account| view! { <AccountBadge account/> })}
            </div>
            <SessionMenu/>
            <ThemeSwitch/>
            <button
                type="button"
                class="btn btn-ghost lang-switch"
                lang=move || i18n.lang().other().tag()
                title=tr(Key::Language)
                on:click=toggle
            >
                {tr(Key::OtherLanguage)}
            </button>
        </header>
    }
}

/// The first stop of Tab, shown when focused: moves focus to the page's content.
#[component]
fn SkipLink() -> impl IntoView {
    // Focus moves by script: the router would take a `#content` link for a navigation.
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id(CONTENT_ID) {
            if let Ok(main) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main) {
                let _ = main.focus();
            }
        }
    };
    view! {
        <a class="skip-link" href=format!("#{CONTENT_ID}") on:click=skip>{tr(Key::SkipToContent)}</a>
    }
}

/// Dark mode on or off (`aria-pressed`); the choice is remembered in this browser.
#[component]
fn ThemeSwitch() -> impl IntoView {
    let theme = use_theme();
    view! {
        <button
            type="button"
            class="btn btn-ghost theme-switch"
            aria-pressed=move || (theme.shown() == Theme::Dark).to_string()
            aria-label=tr(Key::DarkMode)
            title=tr(Key::DarkMode)
            on:click=move |_| theme.toggle()
        >
            <svg class="icon icon-moon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                <path d="M13.5 10.2A6 6 0 0 1 5.8 2.5a6 6 0 1 0 7.7 7.7z" fill="currentColor"/>
            </svg>
            <svg class="icon icon-sun" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                <circle cx="8" cy="8" r="3.2" fill="currentColor"/>
                <path d="M8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6L13 13M3 13l1.4-1.4M11.6 4.4L13 3"
                    stroke="currentColor" stroke-width="1.4" stroke-linecap="round"/>
            </svg>
        </button>
    }
}

#[component]
fn AccountSwitcher(list: Memo<Vec<AccountInfo>>, current: Memo<Option<String>>) -> impl IntoView {
    let navigate = use_navigate();
    let on_change = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        navigate(&list_href(&name), Default::default());
    };
    view! {
        <label class="account-switcher">
            <span class="label-text">{tr(Key::Account)}</span>
            <select on:change=on_change prop:value=move || current.get().unwrap_or_default()>
                {move || {
                    list.get()
                        .into_iter()
                        .map(|account| {
                            let selected = current.get().as_deref() == Some(account.name.as_str());
                            view! {
                                <option value=account.name.to_string() selected=selected>
                                    {format!("{} ({})", account.name, account.provider.as_str().to_uppercase())}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

#[component]
fn AccountBadge(account: AccountInfo) -> impl IntoView {
    let i18n = use_i18n();
    let demo = account.demo;
    view! {
        <span class="account-badge">
            <span class=format!("provider provider-{}", account.provider.as_str())>
                {move || i18n.lang().provider(account.provider)}
            </span>
            <span class="region" title=tr(Key::Region)>{account.region.clone()}</span>
            {demo.then(|| view! { <span class="tag tag-demo">{tr(Key::Demo)}</span> })}
        </span>
    }
}
