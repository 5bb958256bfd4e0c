//! Huawei Cloud EVS: the APIG `SDK-HMAC-SHA256` signer and the typed client.

pub mod client;
pub mod signer;

pub use client::EvsClient;
