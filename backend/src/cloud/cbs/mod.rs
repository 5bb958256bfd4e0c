//! Tencent Cloud CBS: the API 3.0 (`TC3-HMAC-SHA256`) and API 2.0 (`HmacSHA1`/`HmacSHA256`)
//! signers, the vendor's JSON ([`wire`]), the typed client ([`client::CbsClient`]) and the
//! mapping onto the console's model ([`map`]).

pub mod client;
pub mod map;
pub mod reply;
pub mod request;
pub mod signer_v2;
pub mod signer_v3;
pub mod wire;

pub use client::CbsClient;
