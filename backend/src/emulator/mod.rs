//! Emulators of the cloud APIs the console talks to: the demo's backend and the tests' cloud.

pub mod cbs;
pub mod evs;
pub mod faults;
mod headers;
mod state;
