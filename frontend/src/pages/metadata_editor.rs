//! Key/value rows for a new snapshot's metadata: add, remove, duplicates marked.

use leptos::prelude::*;

use crate::components::i18n::{tr, use_i18n};
use crate::forms::duplicate_rows;
use crate::i18n::Key;

/// One editable row; `id` keeps a row's inputs when others are removed.
#[derive(Debug, Clone, Copy)]
pub struct MetadataRow {
    pub id: u32,
    pub key: RwSignal<String>,
    pub value: RwSignal<String>,
}

impl MetadataRow {
    pub fn new(id: u32) -> Self {
        Self {
            id,
            key: RwSignal::new(String::new()),
            value: RwSignal::new(String::new()),
        }
    }
}

/// The rows as plain pairs (tracked).
pub fn pairs(rows: RwSignal<Vec<MetadataRow>>) -> Vec<(String, String)> {
    rows.with(|rows| {
        rows.iter()
            .map(|row| (row.key.get(), row.value.get()))
            .collect()
    })
}

#[component]
pub fn MetadataEditor(rows: RwSignal<Vec<MetadataRow>>) -> impl IntoView {
    let i18n = use_i18n();
    let next_id = StoredValue::new(rows.with_untracked(|rows| rows.len() as u32));
    let add = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        rows.update(|rows| rows.push(MetadataRow::new(id)));
    };
    let duplicates = Memo::new(move |_| duplicate_rows(&pairs(rows)));
    let position = move |id: u32| rows.with(|rows| rows.iter().position(|row| row.id == id));
    view! {
        <fieldset class="metadata" aria-describedby="metadata-help">
            <legend class="sr-only">{tr(Key::Metadata)}</legend>
            <p id="metadata-help" class="help">{tr(Key::MetadataHelp)}</p>
            <div class="metadata-rows">
                <For
                    each=move || rows.get()
                    key=|row| row.id
                    children=move |row| {
                        let index = move || position(row.id).unwrap_or(0);
                        let duplicate = move || duplicates.with(|d| d.contains(&index()));
                        let remove = move |_| rows.update(|rows| rows.retain(|other| other.id != row.id));
                        view! {
                            <div class="metadata-row" class:invalid=duplicate>
                                <input
                                    type="text"
                                    class="mono"
                                    bind:value=row.key
                                    placeholder=tr(Key::Key)
                                    aria-label=move || i18n.lang().key_of_row(index() + 1)
                                    aria-invalid=move || duplicate().to_string()
                                />
                                <span aria-hidden="true">"="</span>
                                <input
                                    type="text"
                                    bind:value=row.value
                                    placeholder=tr(Key::Value)
                                    aria-label=move || i18n.lang().value_of_row(index() + 1)
                                />
                                <button
                                    type="button"
                                    class="btn btn-icon"
                                    aria-label=move || i18n.lang().remove_row(index() + 1)
                                    title=tr(Key::RemoveRow)
                                    on:click=remove
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    }
                />
            </div>
            <button type="button" class="btn btn-small" on:click=add>
                "+ "{tr(Key::AddMetadata)}
            </button>
        </fieldset>
    }
}
