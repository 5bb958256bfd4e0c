//! A snapshot's own history on its page: the audit records naming it (`?target=ID`), newest
//! first, with a link to the full Activity view of it. Only where the server keeps a log.

use leptos::prelude::*;
use shared::portal::AuditRecord;
use shared::Timestamp;

use crate::activity_view::ActivityView;
use crate::api;
use crate::components::error_panel::ErrorPanel;
use crate::components::i18n::{tr, use_i18n};
use crate::components::session::{is_portal, use_session};
use crate::components::status::Loading;
use crate::components::time::LocalTime;
use crate::i18n::{role_key, Key};
use crate::pages::activity::{OutcomeBadge, ACTIVITY_PATH};

/// How many records the card shows; the link shows them all.
const SHOWN: u32 = 10;

#[component]
pub fn SnapshotHistory(id: String) -> impl IntoView {
    let portal = use_session().is_some_and(|session| is_portal(&session));
    portal.then(|| view! { <HistoryCard id/> })
}

#[component]
fn HistoryCard(id: String) -> impl IntoView {
    let view = ActivityView::default().with("target", &id);
    let all_href = view.href(ACTIVITY_PATH);
    let query = format!("{}&limit={SHOWN}", view.to_query_string());
    let records = LocalResource::new(move || {
        let query = query.clone();
        async move { api::list_audit(&query).await }
    });
    view! {
        <section class="card history">
            <h2>{tr(Key::History)}</h2>
            {move || match records.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => {
                    let retry = Callback::new(move |()| records.refetch());
                    view! { <ErrorPanel failure retry/> }.into_any()
                }
                Some(Ok(page)) if page.records.is_empty() => {
                    view! { <p class="muted">{tr(Key::NoHistory)}</p> }.into_any()
                }
                Some(Ok(page)) => view! { <HistoryTable records=page.records/> }.into_any(),
            }}
            <p><a href=all_href>{tr(Key::AllActivity)}</a></p>
        </section>
    }
}

#[component]
fn HistoryTable(records: Vec<AuditRecord>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="table table-compact">
            <caption class="sr-only">{tr(Key::HistoryTable)}</caption>
            <thead>
                <tr>
                    <th scope="col">{tr(Key::Time)}</th>
                    <th scope="col">{tr(Key::User)}</th>
                    <th scope="col">{tr(Key::Operation)}</th>
                    <th scope="col">{tr(Key::Outcome)}</th>
                </tr>
            </thead>
            <tbody>
                {records
                    .into_iter()
                    .map(|record| {
                        let role = record.role.map(role_key);
                        view! {
                            <tr>
                                <td><LocalTime stamp=Some(Timestamp::parse(&record.at))/></td>
                                <td>
                                    {record.user.clone()}
                                    {role.map(|role| view! { " " <span class="tag">{move || i18n.t(role)}</span> })}
                                </td>
                                <td><code>{record.operation.clone()}</code></td>
                                <td><OutcomeBadge outcome=record.outcome code=record.code.clone()/></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
