//! Server-side sessions: the cookie carries a random id, the table its hash, the user and the
//! two deadlines (idle and absolute).

use super::{col, now_ms, Db, DbError};

/// A live session.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user_name: String,
    /// How the user signed in: `password` or `oidc`.
    pub credential: String,
    pub expires_at: i64,
}

impl Db {
    pub async fn create_session(
        &self,
        id_hash: &str,
        user_name: &str,
        credential: &str,
        expires_at: i64,
    ) -> Result<(), DbError> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_name, credential, created_at, last_seen, expires_at) \
             VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(id_hash)
        .bind(user_name)
        .bind(credential)
        .bind(now)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The session if it is live: not past its absolute end, used within `idle_ms`, and its
    /// user not disabled. A live session's idle clock restarts.
    pub async fn live_session(
        &self,
        id_hash: &str,
        idle_ms: i64,
    ) -> Result<Option<SessionRow>, DbError> {
        let now = now_ms();
        let row = sqlx::query(
            "SELECT s.user_name, s.credential, s.expires_at FROM sessions s \
             JOIN users u ON u.name = s.user_name \
             WHERE s.id_hash = $1 AND u.disabled = 0 AND s.expires_at > $2 AND s.last_seen > $3",
        )
        .bind(id_hash)
        .bind(now)
        .bind(now.saturating_sub(idle_ms))
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash)
            .execute(self.pool())
            .await?;
        Ok(Some(SessionRow {
            user_name: col(&row, "user_name")?,
            credential: col(&row, "credential")?,
            expires_at: col(&row, "expires_at")?,
        }))
    }

    pub async fn end_session(&self, id_hash: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Forgets sessions past either deadline, and single sign-ons never finished.
    pub async fn prune_sessions(&self, idle_ms: i64) -> Result<u64, DbError> {
        let now = now_ms();
        sqlx::query("DELETE FROM oidc_logins WHERE created_at < $1")
            .bind(now.saturating_sub(3_600_000))
            .execute(self.pool())
            .await?;
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen <= $2")
            .bind(now)
            .bind(now.saturating_sub(idle_ms))
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// Remembers an OpenID Connect sign-in under way.
    pub async fn put_oidc_login(
        &self,
        state: &str,
        verifier: &str,
        nonce: &str,
    ) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO oidc_logins (state, verifier, nonce, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(state)
        .bind(verifier)
        .bind(nonce)
        .bind(now_ms())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Takes (reads and deletes) the sign-in under way with this state, if younger than
    /// `max_age_ms`: (verifier, nonce).
    pub async fn take_oidc_login(
        &self,
        state: &str,
        max_age_ms: i64,
    ) -> Result<Option<(String, String)>, DbError> {
        let row = sqlx::query(
            "SELECT verifier, nonce FROM oidc_logins WHERE state = $1 AND created_at > $2",
        )
        .bind(state)
        .bind(now_ms().saturating_sub(max_age_ms))
        .fetch_optional(self.pool())
        .await?;
        let done = sqlx::query("DELETE FROM oidc_logins WHERE state = $1")
            .bind(state)
            .execute(self.pool())
            .await?;
        // Two callbacks racing for one state: only the one that deleted it goes on.
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        row.map(|row| Ok((col(&row, "verifier")?, col(&row, "nonce")?)))
            .transpose()
    }
}
