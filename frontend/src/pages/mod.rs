//! One module per page; the list page is split into its filter bar, table and pager, the
//! snapshot's page into its facts, and the create form into its fields.

pub mod activity;
mod bulk_delete;
pub mod create;
pub mod detail;
pub mod edit;
mod facts;
mod filters;
mod form_actions;
mod history;
pub mod home;
pub mod lazy;
mod lifecycle;
pub mod list;
mod metadata_editor;
pub mod not_found;
mod pager;
pub mod signin;
mod snapshot_loader;
mod table;
mod table_row;
mod text_fields;
pub mod tokens;
mod volume_field;
