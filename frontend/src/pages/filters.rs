//! The filter bar: name, status, volume (or disk) id, CBS's disk usage and project, page size.
//! Filters go to the backend through the URL; the inputs follow the URL (back button).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::{AccountInfo, DiskUsage, Provider};
use shared::snapshot::SnapshotStatus;
use shared::validate::{Field, FieldError};

use crate::components::error_panel::FieldErrorList;
use crate::components::i18n::{tr, use_i18n};
use crate::forms::errors_for;
use crate::i18n::{disk_usage_key, Key};
use crate::list_view::{FilterForm, ListView, PAGE_SIZES};

type ViewState = Memo<Result<ListView, Vec<FieldError>>>;

/// What the filter inputs hold, as typed.
#[derive(Clone, Copy)]
struct FilterInputs {
    name: RwSignal<String>,
    status: RwSignal<String>,
    volume_id: RwSignal<String>,
    disk_usage: RwSignal<String>,
    project_id: RwSignal<String>,
    /// The problems of the last Search, until the URL changes.
    errors: RwSignal<Vec<FieldError>>,
}

impl FilterInputs {
    fn new() -> Self {
        Self {
            name: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            volume_id: RwSignal::new(String::new()),
            disk_usage: RwSignal::new(String::new()),
            project_id: RwSignal::new(String::new()),
            errors: RwSignal::new(Vec::new()),
        }
    }

    fn show(self, form: FilterForm) {
        self.name.set(form.name);
        self.status.set(form.status);
        self.volume_id.set(form.volume_id);
        self.disk_usage.set(form.disk_usage);
        self.project_id.set(form.project_id);
        self.errors.set(Vec::new());
    }

    fn form(self) -> FilterForm {
        FilterForm {
            name: self.name.get_untracked(),
            status: self.status.get_untracked(),
            volume_id: self.volume_id.get_untracked(),
            disk_usage: self.disk_usage.get_untracked(),
            project_id: self.project_id.get_untracked(),
        }
    }

    /// The problems with one input (tracked).
    fn errors_for(self, field: Field) -> Vec<FieldError> {
        self.errors.with(|errors| errors_for(errors, field))
    }
}

#[component]
pub fn FilterBar(account: AccountInfo, view_state: ViewState, base: String) -> impl IntoView {
    let navigate = use_navigate();
    let cbs = account.provider == Provider::Cbs;
    let inputs = FilterInputs::new();
    let current = move || view_state.get().unwrap_or_default();
    // The inputs show what the URL says, also after Back/Forward.
    Effect::new(move |_| inputs.show(FilterForm::from_query(&current().query)));

    let apply = Callback::new({
        let base = base.clone();
        move |()| match inputs.form().to_filters() {
            Ok(filters) => {
                inputs.errors.set(Vec::new());
                let view = view_state.get_untracked().unwrap_or_default();
                navigate(&view.with_filters(&filters).href(&base), Default::default());
            }
            Err(problems) => inputs.errors.set(problems),
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        apply.run(());
    };
    let clear_href = {
        let base = base.clone();
        move || {
            let size = current().page_size();
            ListView::default().with_page_size(size).href(&base)
        }
    };

    view! {
        <form class="filters" role="search" on:submit=on_submit>
            <div class="field">
                <label for="filter-name">{tr(Key::Name)}</label>
                <input id="filter-name" type="search" bind:value=inputs.name autocomplete="off"/>
                {move || view! { <FieldErrorList errors=inputs.errors_for(Field::Name)/> }}
            </div>
            <StatusFilter status=inputs.status apply/>
            <VolumeFilter inputs cbs/>
            {cbs.then(|| view! { <CbsFilters inputs apply/> })}
            <div class="field field-actions">
                <button type="submit" class="btn">{tr(Key::ApplyFilters)}</button>
                {move || current().is_filtered().then(|| view! {
                    <a class="btn btn-link" href=clear_href()>{tr(Key::ClearFilters)}</a>
                })}
            </div>
            <PageSizeSelect view_state base/>
        </form>
    }
}

/// On a select's change: takes the choice into `signal` and applies the filters at once (typed
/// boxes wait for Enter or Search).
fn choose(signal: RwSignal<String>, apply: Callback<()>) -> impl Fn(leptos::ev::Event) {
    move |ev| {
        signal.set(event_target_value(&ev));
        apply.run(());
    }
}

#[component]
fn StatusFilter(status: RwSignal<String>, apply: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="filter-status">{tr(Key::Status)}</label>
            <select id="filter-status" prop:value=status on:change=choose(status, apply)>
                <option value="">{tr(Key::AnyStatus)}</option>
                {SnapshotStatus::KNOWN
                    .into_iter()
                    .map(|known| {
                        let value = known.as_str().to_owned();
                        view! {
                            <option value=value.clone() selected=move || status.get() == value>
                                {move || i18n.lang().status(&known)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The volume id, which CBS calls a disk id.
#[component]
fn VolumeFilter(inputs: FilterInputs, cbs: bool) -> impl IntoView {
    let label = if cbs { Key::DiskId } else { Key::VolumeId };
    let placeholder = if cbs { "disk-…" } else { "6cd26877-…" };
    view! {
        <div class="field">
            <label for="filter-volume">{tr(label)}</label>
            <input
                id="filter-volume"
                type="search"
                class="mono"
                bind:value=inputs.volume_id
                placeholder=placeholder
                autocomplete="off"
                spellcheck="false"
            />
            {move || view! { <FieldErrorList errors=inputs.errors_for(Field::VolumeId)/> }}
        </div>
    }
}

/// CBS's own filters: the disk's usage and the project.
#[component]
fn CbsFilters(inputs: FilterInputs, apply: Callback<()>) -> impl IntoView {
    let disk_usage = inputs.disk_usage;
    view! {
        <div class="field">
            <label for="filter-disk-usage">{tr(Key::DiskUsage)}</label>
            <select id="filter-disk-usage" prop:value=disk_usage on:change=choose(disk_usage, apply)>
                <option value="">{tr(Key::AnyDisk)}</option>
                {[DiskUsage::SystemDisk, DiskUsage::DataDisk]
                    .into_iter()
                    .map(|usage| view! {
                        <option value=usage.as_str() selected=move || disk_usage.get() == usage.as_str()>
                            {tr(disk_usage_key(usage))}
                        </option>
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field field-narrow">
            <label for="filter-project">{tr(Key::ProjectId)}</label>
            <input id="filter-project" type="search" inputmode="numeric" bind:value=inputs.project_id autocomplete="off"/>
            {move || view! { <FieldErrorList errors=inputs.errors_for(Field::ProjectId)/> }}
        </div>
    }
}

/// The page size; a size typed into the URL is offered too.
#[component]
fn PageSizeSelect(view_state: ViewState, base: String) -> impl IntoView {
    let navigate = use_navigate();
    let current = move || view_state.get().unwrap_or_default().page_size();
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(size) = event_target_value(&ev).parse::<u64>() {
            let view = view_state.get_untracked().unwrap_or_default();
            navigate(&view.with_page_size(size).href(&base), Default::default());
        }
    };
    view! {
        <div class="field field-end">
            <label for="page-size">{tr(Key::PageSize)}</label>
            <select id="page-size" on:change=on_change>
                {move || {
                    let current = current();
                    let mut sizes = PAGE_SIZES.to_vec();
                    if !sizes.contains(&current) {
                        sizes.push(current);
                    }
                    sizes
                        .into_iter()
                        .map(|size| view! { <option value=size.to_string() selected=size == current>{size}</option> })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
