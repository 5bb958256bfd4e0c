//! One module per page; the list page is split into its filter bar, table and pager.

pub mod create;
pub mod detail;
pub mod edit;
mod filters;
pub mod home;
pub mod list;
mod metadata_editor;
pub mod not_found;
mod pager;
mod table;
mod text_fields;
