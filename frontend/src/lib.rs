//! Snapdeck's browser console: a Leptos CSR app built to WASM by trunk.
//!
//! The logic lives in pure modules with host-run unit tests (`cargo test -p frontend`):
//! [`list_view`] (filters and paging in the URL), [`backoff`] (status polling), [`forms`]
//! (create/edit validation and diff), [`params`] (typed route parameters), [`activity_view`]
//! (the audit log's filters and cursor in the URL), [`theme`] (light or dark), [`i18n`],
//! [`format`], [`error`]. Components stay thin.

pub mod activity_view;
pub mod api;
pub mod backoff;
pub mod error;
pub mod format;
pub mod forms;
pub mod i18n;
pub mod list_view;
pub mod markup;
pub mod params;
pub mod theme;

mod app;
mod components;
mod pages;

pub use app::App;
