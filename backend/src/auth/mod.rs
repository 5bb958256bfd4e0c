//! The team portal: who may use the console, and as whom.
//!
//! - [`Portal`]: the database and the `[auth]` settings, held by the app state in portal mode.
//! - [`layer`]: every API request passes here: the CSRF rules, then the caller from a session
//!   cookie or a bearer token (or the single-user console's local caller), kept for the request
//!   in [`context`] so the service layer can authorize and audit each operation.
//! - [`caller`]: roles and grants, pure; [`password`]: Argon2id; [`sign_in`]: throttled
//!   password sign-in and sessions; [`tokens`]: personal API tokens; [`oidc`]: single sign-on.

pub mod caller;
pub mod context;
pub mod csrf;
mod error;
pub mod exposure;
pub mod oidc;
pub mod password;
pub mod secret;
pub mod sign_in;
pub mod tokens;

use std::time::Duration;

use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::HeaderMap;

pub use caller::Caller;
pub use context::layer;
pub use error::AuthError;

use crate::config::AuthConfig;
use crate::db::{millis, Db};

/// Portal mode's state (shared by every request).
pub struct Portal {
    pub db: Db,
    pub config: AuthConfig,
    oidc: Option<oidc::Oidc>,
}

impl std::fmt::Debug for Portal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Portal")
            .field("public_url", &self.config.public_url.as_str())
            .finish_non_exhaustive()
    }
}

impl Portal {
    pub fn new(db: Db, config: AuthConfig) -> Self {
        let oidc = config.oidc.clone().map(oidc::Oidc::new);
        Self { db, config, oidc }
    }

    /// `__Host-snapdeck` over HTTPS (Secure, no Domain, Path=/), `snapdeck` over plain HTTP.
    pub fn cookie_name(&self) -> &'static str {
        if self.config.is_https() {
            "__Host-snapdeck"
        } else {
            "snapdeck"
        }
    }

    /// `Set-Cookie` for a new session.
    pub fn session_cookie(&self, id: &str) -> String {
        format!(
            "{}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
            self.cookie_name(),
            self.config.absolute_timeout.as_secs(),
            if self.config.is_https() {
                "; Secure"
            } else {
                ""
            }
        )
    }

    /// `Set-Cookie` that makes the browser forget the session.
    pub fn cleared_cookie(&self) -> String {
        format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
            self.cookie_name(),
            if self.config.is_https() {
                "; Secure"
            } else {
                ""
            }
        )
    }

    pub fn oidc(&self) -> Option<&oidc::Oidc> {
        self.oidc.as_ref()
    }

    fn idle_ms(&self) -> i64 {
        millis(self.config.idle_timeout)
    }

    /// The session id the request's cookie carries.
    pub fn session_id(&self, headers: &HeaderMap) -> Option<String> {
        let name = self.cookie_name();
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_owned())
    }

    /// The caller from a bearer token or a live session; `None` when neither is valid.
    pub async fn identify(&self, headers: &HeaderMap) -> Result<Option<Caller>, AuthError> {
        let bearer = headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        if let Some(token) = bearer {
            return tokens::identify(&self.db, token).await;
        }
        let Some(id) = self.session_id(headers) else {
            return Ok(None);
        };
        let Some(session) = self
            .db
            .live_session(&secret::digest(&id), self.idle_ms())
            .await?
        else {
            return Ok(None);
        };
        let Some(user) = self.db.user(&session.user_name).await? else {
            return Ok(None);
        };
        Ok(Some(Caller {
            user: user.name,
            role: user.role,
            grants: user.grants,
            credential: session.credential,
            cap: None,
            expires_at: Some(session.expires_at),
        }))
    }

    /// Deletes what has outlived its settings: idle and expired sessions, old sign-in
    /// failures, and audit records past the retention.
    pub async fn prune(&self) -> Result<(), AuthError> {
        let now = crate::db::now_ms();
        self.db.prune_sessions(self.idle_ms()).await?;
        self.db
            .prune_failures(now - millis(sign_in::WINDOW))
            .await?;
        if let Some(retention) = self.config.audit_retention {
            let deleted = self.db.prune_audit(now - millis(retention)).await?;
            if deleted > 0 {
                tracing::info!(deleted, "audit records past the retention deleted");
            }
        }
        Ok(())
    }

    /// Prunes now and then, for as long as the server runs.
    pub fn spawn_pruning(portal: std::sync::Arc<Portal>) {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(3600));
            loop {
                every.tick().await;
                if let Err(error) = portal.prune().await {
                    tracing::warn!(%error, "pruning failed");
                }
            }
        });
    }
}
