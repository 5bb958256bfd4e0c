//! The fault suite: one test per scenario. Each asserts the typed answer (status and code in
//! the console's shape), a time bound, no panic, and no key in the scenario's log lines.

mod cbs;
mod policy;
mod reads;
mod server;
mod writes;
