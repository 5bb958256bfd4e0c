//! Snapdeck's backend: serves the built console, and proxies the browser's calls to the clouds
//! (Huawei Cloud EVS, Tencent Cloud CBS) with signed requests, so keys stay on the server. It
//! also carries faithful emulators of both clouds' APIs for the demo and the tests.
//!
//! - [`app`] builds the one router every test drives.
//! - [`config`]: accounts from the environment or a TOML file.
//! - [`routes`]: extract → call the service → respond; [`service`]: every operation once
//!   (capability, validation, provider call, error mapping).
//! - [`cloud`]: the provider port and its signing clients, one folder per provider.
//! - [`server`]: the serve loop and its connection policy.
//! - [`auth`], [`audit`], [`db`]: the team portal: sign-in, roles, API tokens, the audit log,
//!   and the database holding them (SQLite or PostgreSQL).
//! - [`emulator`]: the provider emulators (`snapdeck emulator`, and in-process in demo mode).

pub mod admin;
pub mod audit;
pub mod auth;
pub mod cloud;
pub mod config;
pub mod db;
pub mod demo;
pub mod embedded;
pub mod emulator;
pub mod error;
pub mod logging;
pub mod metrics;
pub mod middleware;
pub mod routes;
pub mod server;
pub mod service;
pub mod state;

pub use routes::app;

/// mimalloc for the binary and everything else linking this crate (the tests, the benches), so
/// they measure what `snapdeck serve` runs: with glibc's malloc, allocating and freeing was a
/// fifth of the CPU of a proxied list.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
pub use state::{AppState, Frontend};
