//! The console's own API, provider-neutral, and the rules both sides of Snapdeck apply.
//!
//! - [`snapshot`], [`volume`]: the resources as the console describes them, whatever the cloud.
//! - [`api`]: paths, the list query, pages, accounts and the one error shape.
//! - [`operation`]: the operations by their one name, and how an account pages.
//! - [`lifecycle`]: delete, bulk delete and rollback bodies, and the rules that refuse them.
//! - [`ids`]: ids checked once where they enter.
//! - [`validate`]: input rules, typed so each side can word them in its own language.
//! - [`encode`]: percent-encoding for paths, queries and signatures.
//! - [`portal`]: sign-in, roles, API tokens and the audit log of the team portal.
//! - [`time`]: tolerant timestamp parsing and formatting without a date library.
//!
//! No vendor's wire format lives here: each is with its provider in the backend.

pub mod api;
pub mod encode;
pub mod ids;
pub mod lifecycle;
pub mod operation;
pub mod portal;
pub mod snapshot;
pub mod time;
pub mod validate;
pub mod volume;

pub use ids::{AccountName, SnapshotId};
pub use operation::{Operation, Paging};
pub use snapshot::{Snapshot, SnapshotStatus, Timestamp};
