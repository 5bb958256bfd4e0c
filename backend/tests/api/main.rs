#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The backend's one integration-test binary: one module per area, the shared harnesses in
//! `support`.

mod assets;
mod cli;
mod cli_portal;
mod cloud_cbs;
mod console;
mod console_cbs;
mod emulator_cbs;
mod emulator_evs;
mod faults;
mod hostile;
mod lifecycle;
mod openapi;
mod portal;
mod secrets;
mod seeds;
mod support;
mod upstream;
