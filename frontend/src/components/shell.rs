//! The top bar: product name, account switcher (when there is more than one account), the
//! account's provider and region, and the language switch.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use shared::api::AccountInfo;

use crate::components::account::{account_in_path, list_href, use_accounts, Accounts};
use crate::components::i18n::{tr, use_i18n};
use crate::components::session::SessionMenu;
use crate::i18n::Key;

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
