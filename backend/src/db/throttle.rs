//! Failed sign-ins, counted per subject (`user:NAME`, `client:ADDRESS`) for throttling.

use super::{col, now_ms, Db, DbError};

impl Db {
    pub async fn note_failure(&self, subject: &str) -> Result<(), DbError> {
        sqlx::query("INSERT INTO sign_in_failures (subject, at) VALUES ($1, $2)")
            .bind(subject)
            .bind(now_ms())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Failures of `subject` since `since_ms`: their count and the latest time.
    pub async fn failures(&self, subject: &str, since_ms: i64) -> Result<(i64, i64), DbError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, COALESCE(MAX(at), 0) AS latest FROM sign_in_failures \
             WHERE subject = $1 AND at > $2",
        )
        .bind(subject)
        .bind(since_ms)
        .fetch_one(self.pool())
        .await?;
        Ok((col(&row, "n")?, col(&row, "latest")?))
    }

    pub async fn clear_failures(&self, subject: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE subject = $1")
            .bind(subject)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn prune_failures(&self, before_ms: i64) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(before_ms)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
