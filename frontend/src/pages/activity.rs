//! `/activity`: the audit log — filters in the URL, the table, cursor paging ("Next") and
//! "Export CSV" of the same filters.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use shared::portal::{AuditPage, AuditRecord, Outcome};
use shared::Timestamp;

use crate::activity_view::ActivityView;
use crate::api;
use crate::components::error_panel::load_failed;
use crate::components::focus::PageHeading;
use crate::components::i18n::{tr, use_i18n, use_title};
use crate::components::status::Loading;
use crate::components::time::LocalTime;
use crate::error::ApiFailure;
use crate::i18n::{outcome_key, role_key, Key};

pub const ACTIVITY_PATH: &str = "/activity";

type AuditResource = LocalResource<Result<(ActivityView, AuditPage), ApiFailure>>;

#[component]
pub fn ActivityPage() -> impl IntoView {
    use_title(|lang| lang.title(lang.text(Key::Activity), ""));
    let location = use_location();
    // While the router leaves this page the query is already another page's: keep the last.
    let view_state = Memo::new(move |previous: Option<&ActivityView>| match previous {
        Some(previous)
            if location
                .pathname
                .with(|path| path.as_str() != ACTIVITY_PATH) =>
        {
            previous.clone()
        }
        _ => location
            .search
            .with(|search| ActivityView::from_query_string(search)),
    });
    let page: AuditResource = LocalResource::new(move || {
        let view = view_state.get();
        async move {
            let page = api::list_audit(&view.to_query_string()).await?;
            Ok((view, page))
        }
    });
    let csv_href = move || {
        api::with_query(
            api::AUDIT_CSV_PATH,
            &view_state.with(ActivityView::filter_query),
        )
    };
    view! {
        <div class="page-head">
            <div>
                <PageHeading>{tr(Key::Activity)}</PageHeading>
                <p class="subtitle">{tr(Key::ActivityIntro)}</p>
            </div>
            <div class="actions">
                // A download from the server, not a page of the console.
                <a class="btn" href=csv_href rel="external" download="snapdeck-audit.csv">{tr(Key::ExportCsv)}</a>
            </div>
        </div>
        <ActivityFilters view_state/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=load_failed(move || page.refetch())>
                {move || Suspend::new(async move {
                    let (view, page) = page.await?;
                    Ok::<_, ApiFailure>(view! { <ActivityTable view page/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The filter form; its inputs follow the URL (Back and Forward too), Search goes to the first
/// page of the new filters.
#[component]
fn ActivityFilters(view_state: Memo<ActivityView>) -> impl IntoView {
    let navigate = use_navigate();
    let draft = RwSignal::new(ActivityView::default());
    Effect::new(move |_| draft.set(view_state.get().first_page()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let view = draft.get_untracked().first_page();
        navigate(&view.href(ACTIVITY_PATH), Default::default());
    };
    let filtered = move || view_state.with(ActivityView::is_filtered);
    view! {
        <form class="filters" role="search" on:submit=on_submit>
            <TextFilter draft name="user" label=Key::User/>
            <TextFilter draft name="account" label=Key::Account/>
            <TextFilter draft name="operation" label=Key::Operation/>
            <OutcomeFilter draft/>
            <TextFilter draft name="from" label=Key::From kind="date"/>
            <TextFilter draft name="to" label=Key::To kind="date"/>
            <div class="field field-actions">
                <button type="submit" class="btn">{tr(Key::ApplyFilters)}</button>
                {move || filtered().then(|| view! {
                    <a class="btn btn-link" href=ACTIVITY_PATH>{tr(Key::ClearFilters)}</a>
                })}
            </div>
        </form>
    }
}

#[component]
fn TextFilter(
    draft: RwSignal<ActivityView>,
    name: &'static str,
    label: Key,
    #[prop(default = "search")] kind: &'static str,
) -> impl IntoView {
    let id = format!("activity-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{tr(label)}</label>
            <input
                id=id
                type=kind
                autocomplete="off"
                prop:value=move || draft.with(|view| view.get(name).to_owned())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|view| *view = view.clone().with(name, &value));
                }
            />
        </div>
    }
}

#[component]
fn OutcomeFilter(draft: RwSignal<ActivityView>) -> impl IntoView {
    let options = [Outcome::Ok, Outcome::Refused, Outcome::Failed];
    view! {
        <div class="field">
            <label for="activity-outcome">{tr(Key::Outcome)}</label>
            <select
                id="activity-outcome"
                prop:value=move || draft.with(|view| view.get("outcome").to_owned())
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|view| *view = view.clone().with("outcome", &value));
                }
            >
                <option value="">{tr(Key::AnyOutcome)}</option>
                {options
                    .into_iter()
                    .map(|outcome| view! { <option value=outcome.as_str()>{tr(outcome_key(outcome))}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn ActivityTable(view: ActivityView, page: AuditPage) -> impl IntoView {
    if page.records.is_empty() {
        return view! {
            <div class="empty" role="status">
                <p>{tr(Key::NoActivity)}</p>
                {view.cursor.is_some().then(|| view! {
                    <a class="btn" href=view.first_page().href(ACTIVITY_PATH)>{tr(Key::FirstPage)}</a>
                })}
            </div>
        }
        .into_any();
    }
    let next = page
        .next
        .as_deref()
        .map(|cursor| view.next(cursor).href(ACTIVITY_PATH));
    let first = view
        .cursor
        .is_some()
        .then(|| view.first_page().href(ACTIVITY_PATH));
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="sr-only">{tr(Key::ActivityTable)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(Key::Time)}</th>
                        <th scope="col">{tr(Key::User)}</th>
                        <th scope="col">{tr(Key::Account)}</th>
                        <th scope="col">{tr(Key::Operation)}</th>
                        <th scope="col">{tr(Key::Targets)}</th>
                        <th scope="col">{tr(Key::Outcome)}</th>
                        <th scope="col">{tr(Key::Client)}</th>
                        <th scope="col">{tr(Key::RequestId)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.records.into_iter().map(|record| view! { <ActivityRow record/> }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label=tr(Key::Pagination)>
            {first.map(|href| view! { <a class="btn" href=href>{tr(Key::FirstPage)}</a> })}
            {next.map(|href| view! { <a class="btn" href=href>{tr(Key::Next)}</a> })}
        </nav>
    }
    .into_any()
}

#[component]
fn ActivityRow(record: AuditRecord) -> impl IntoView {
    let i18n = use_i18n();
    let role = record.role.map(role_key);
    view! {
        <tr data-outcome=record.outcome.as_str()>
            <td><LocalTime stamp=Some(Timestamp::parse(&record.at))/></td>
            <td>
                {record.user.clone()}
                {role.map(|role| view! { " " <span class="tag">{move || i18n.t(role)}</span> })}
            </td>
            <td>{record.account.clone().unwrap_or_default()}</td>
            <td><code>{record.operation.clone()}</code></td>
            <td class="cell-id">
                {record.targets.iter().map(|target| view! { <code>{target.clone()}</code>" " }).collect_view()}
            </td>
            <td><OutcomeBadge outcome=record.outcome code=record.code.clone()/></td>
            <td>{record.client.clone()}</td>
            <td><code class="request-id">{record.request_id.clone()}</code></td>
        </tr>
    }
}

/// `ok`, `refused` or `failed` as a coloured badge, with the error code when there is one.
#[component]
pub fn OutcomeBadge(outcome: Outcome, code: Option<String>) -> impl IntoView {
    let tone = match outcome {
        Outcome::Ok => "ok",
        Outcome::Refused | Outcome::Failed => "bad",
    };
    view! {
        <span class=format!("badge badge-{tone}") data-outcome=outcome.as_str()>{tr(outcome_key(outcome))}</span>
        {code.map(|code| view! { " " <code>{code}</code> })}
    }
}
