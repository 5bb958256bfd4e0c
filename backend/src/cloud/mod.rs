//! Typed clients for the clouds, one per provider, behind one enum the handlers call.

pub mod cbs;
pub mod error;
pub mod evs;
pub mod http;
pub mod signing;

pub use error::CloudError;
