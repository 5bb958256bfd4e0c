//! Huawei Cloud EVS: the APIG `SDK-HMAC-SHA256` signer, the vendor's JSON ([`wire`]), its
//! mapping onto the console's models ([`map`]), how a reply is read ([`reply`]) and the typed
//! client.

pub mod client;
pub mod map;
mod reply;
pub mod signer;
pub mod wire;

pub use client::EvsClient;
