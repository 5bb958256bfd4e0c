//! Previous / Next and the page number; numbered pages where the account pages by offset and
//! the provider gives a total.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::SnapshotPage;
use shared::Paging;

use crate::components::i18n::{tr, use_i18n};
use crate::i18n::Key;
use crate::list_view::{page_window, total_pages, ListView, PageLink};

/// Previous and Next are buttons (tests and screen readers know them by that role); each
/// navigates to a URL, so the browser's history holds every page.
#[component]
pub fn Pager(
    paging: Paging,
    view: ListView,
    page: Arc<SnapshotPage>,
    base: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let previous = view.previous(paging).map(|view| view.href(&base));
    let next = view.next(paging, &page).map(|view| view.href(&base));
    let current = view.page_number(paging);
    let go = move |href: Option<String>| {
        let navigate = navigate.clone();
        move |_| {
            if let Some(href) = &href {
                navigate(href, Default::default());
            }
        }
    };
    let rows = page.snapshots.len();
    let numbers = match (paging, page.total_count) {
        (Paging::Offset, Some(total)) => {
            let pages = total_pages(total, view.page_size());
            let links = page_window(current, pages)
                .into_iter()
                .map(|link| match link {
                    PageLink::Gap => {
                        view! { <li class="gap" aria-hidden="true">"…"</li> }.into_any()
                    }
                    PageLink::Page(number) => {
                        let href = view.numbered(number).href(&base);
                        let is_current = number == current;
                        view! {
                            <li>
                                <a
                                    href=href
                                    class="page-link"
                                    class:current=is_current
                                    aria-current=is_current.then_some("page")
                                    aria-label=move || i18n.lang().go_to_page(number)
                                >
                                    {number}
                                </a>
                            </li>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            Some(view! {
                <ol class="page-numbers">{links}</ol>
                <span class="page-status">
                    {move || format!("{} · {}", i18n.lang().page_of(current, pages), i18n.lang().total_count(total))}
                </span>
            })
        }
        _ => None,
    };
    let has_numbers = numbers.is_some();
    view! {
        <nav class="pager" aria-label=tr(Key::Pagination)>
            <button type="button" class="btn" disabled=previous.is_none() on:click=go(previous.clone())>
                <span aria-hidden="true">"‹ "</span>{tr(Key::Previous)}
            </button>
            {numbers}
            {(!has_numbers).then(|| view! {
                <span class="page-status" aria-live="polite">
                    {move || format!("{} · {}", i18n.lang().page_number(current), i18n.lang().rows_on_page(rows))}
                </span>
            })}
            <button type="button" class="btn" disabled=next.is_none() on:click=go(next.clone())>
                {tr(Key::Next)}<span aria-hidden="true">" ›"</span>
            </button>
        </nav>
    }
}
