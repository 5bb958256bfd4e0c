//! Small views shared by the pages, and the app-wide contexts (language, accounts, clock).

pub mod account;
pub mod announce;
pub mod clock;
pub mod copy;
pub mod dialog;
pub mod error_panel;
pub mod focus;
pub mod form_keys;
pub mod i18n;
pub mod notice;
pub mod poll;
pub mod session;
pub mod shell;
pub mod status;
pub mod theme;
pub mod time;
