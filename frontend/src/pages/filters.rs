//! The filter bar: name, status, volume (or disk) id, CBS's disk usage and project, page size.
//! Filters go to the backend through the URL; the inputs follow the URL (back button).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::AccountInfo;
use shared::snapshot::SnapshotStatus;
use shared::validate::{Field, FieldError};

use crate::components::error_panel::FieldErrorList;
use crate::components::i18n::{tr, use_i18n};
use crate::forms::errors_for;
use crate::i18n::Key;
use crate::list_view::{FilterForm, ListView, PAGE_SIZES};

#[component]
pub fn FilterBar(
    account: AccountInfo,
    view_state: Memo<Result<ListView, Vec<FieldError>>>,
    base: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let cbs = account.capabilities.numbered_pages;
    let name = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let volume_id = RwSignal::new(String::new());
    let disk_usage = RwSignal::new(String::new());
    let project_id = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let current = move || view_state.get().unwrap_or_default();

    // The inputs show what the URL says, also after Back/Forward.
    Effect::new(move |_| {
        let form = FilterForm::from_query(&current().query);
        name.set(form.name);
        status.set(form.status);
        volume_id.set(form.volume_id);
        disk_usage.set(form.disk_usage);
        project_id.set(form.project_id);
        errors.set(Vec::new());
    });

    let apply = {
        let navigate = navigate.clone();
        let base = base.clone();
        move || {
            let form = FilterForm {
                name: name.get_untracked(),
                status: status.get_untracked(),
                volume_id: volume_id.get_untracked(),
                disk_usage: disk_usage.get_untracked(),
                project_id: project_id.get_untracked(),
            };
            match form.to_filters() {
                Ok(filters) => {
                    errors.set(Vec::new());
                    let view = view_state.get_untracked().unwrap_or_default();
                    navigate(&view.with_filters(&filters).href(&base), Default::default());
                }
                Err(problems) => errors.set(problems),
            }
        }
    };
    let on_submit = {
        let apply = apply.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            apply();
        }
    };
    // A choice in a select applies at once; typed boxes wait for Enter or Search.
    let choose = {
        let apply = apply.clone();
        move |signal: RwSignal<String>| {
            let apply = apply.clone();
            move |ev: leptos::ev::Event| {
                signal.set(event_target_value(&ev));
                apply();
            }
        }
    };
    let on_page_size = {
        let base = base.clone();
        move |ev: leptos::ev::Event| {
            if let Ok(size) = event_target_value(&ev).parse::<u64>() {
                let view = view_state.get_untracked().unwrap_or_default();
                navigate(&view.with_page_size(size).href(&base), Default::default());
            }
        }
    };
    let page_size = move || current().page_size();
    let clear_href = {
        let base = base.clone();
        move || {
            let size = current().page_size();
            ListView::default().with_page_size(size).href(&base)
        }
    };
    let filtered = move || current().is_filtered();
    let field_errors = move |field: Field| move || errors.with(|errors| errors_for(errors, field));
    let volume_label = if cbs { Key::DiskId } else { Key::VolumeId };
    let volume_placeholder = if cbs { "disk-…" } else { "6cd26877-…" };

    view! {
        <form class="filters" role="search" on:submit=on_submit>
            <div class="field">
                <label for="filter-name">{tr(Key::Name)}</label>
                <input id="filter-name" type="search" bind:value=name autocomplete="off"/>
                {move || view! { <FieldErrorList errors=field_errors(Field::Name)()/> }}
            </div>
            <div class="field">
                <label for="filter-status">{tr(Key::Status)}</label>
                <select id="filter-status" prop:value=status on:change=choose.clone()(status)>
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
            <div class="field">
                <label for="filter-volume">{tr(volume_label)}</label>
                <input
                    id="filter-volume"
                    type="search"
                    class="mono"
                    bind:value=volume_id
                    placeholder=volume_placeholder
                    autocomplete="off"
                    spellcheck="false"
                />
                {move || view! { <FieldErrorList errors=field_errors(Field::VolumeId)()/> }}
            </div>
            {cbs.then(|| view! {
                <div class="field">
                    <label for="filter-disk-usage">{tr(Key::DiskUsage)}</label>
                    <select id="filter-disk-usage" prop:value=disk_usage on:change=choose.clone()(disk_usage)>
                        <option value="">{tr(Key::AnyDisk)}</option>
                        <option value="SYSTEM_DISK" selected=move || disk_usage.get() == "SYSTEM_DISK">
                            {tr(Key::SystemDisk)}
                        </option>
                        <option value="DATA_DISK" selected=move || disk_usage.get() == "DATA_DISK">
                            {tr(Key::DataDisk)}
                        </option>
                    </select>
                </div>
                <div class="field field-narrow">
                    <label for="filter-project">{tr(Key::ProjectId)}</label>
                    <input id="filter-project" type="search" inputmode="numeric" bind:value=project_id autocomplete="off"/>
                    {move || view! { <FieldErrorList errors=field_errors(Field::ProjectId)()/> }}
                </div>
            })}
            <div class="field field-actions">
                <button type="submit" class="btn">{tr(Key::ApplyFilters)}</button>
                {move || filtered().then(|| view! {
                    <a class="btn btn-link" href=clear_href()>{tr(Key::ClearFilters)}</a>
                })}
            </div>
            <div class="field field-end">
                <label for="page-size">{tr(Key::PageSize)}</label>
                <select id="page-size" on:change=on_page_size>
                    {move || {
                        let current = page_size();
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
        </form>
    }
}
