//! Wire models both sides of Snapdeck use, and the rules a form and a handler both apply.
//!
//! - [`snapshot`]: the snapshot resource as EVS describes it (CBS is mapped onto it).
//! - [`api`]: the console's own JSON API between the browser and the backend.
//! - [`evs`], [`cbs`]: the cloud providers' wire formats.
//! - [`validate`]: input rules, typed so each side can word them in its own language.
//! - [`encode`]: percent-encoding for paths, queries and signatures.
//! - [`time`]: tolerant timestamp parsing and formatting without a date library.

pub mod api;
pub mod cbs;
pub mod encode;
pub mod evs;
pub mod snapshot;
pub mod time;
pub mod validate;
pub mod volume;

pub use snapshot::{Snapshot, SnapshotStatus, Timestamp};
