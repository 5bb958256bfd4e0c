//! What every handler shares: the configured accounts and their clients.

/// Shared application state (cheap to clone).
#[derive(Clone, Default)]
pub struct AppState {}
