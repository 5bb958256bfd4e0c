//! The portal's database: users and their grants, sessions, API tokens, the audit log and the
//! sign-in throttle, over SQLite (the default, a file next to the configuration) or PostgreSQL
//! (for several replicas).
//!
//! One code path for both through sqlx's `Any` driver: the queries use only what both dialects
//! share (TEXT and BIGINT columns, `$n` parameters, no auto-increment), so one set of migrations
//! and one implementation serve both, and the PostgreSQL run of the tests exercises exactly the
//! code SQLite runs. The price is that `Any` knows no date or UUID types: times are milliseconds
//! since the epoch and ids are text.

mod audit;
mod sessions;
mod throttle;
mod tokens;
mod users;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::AnyPool;

pub use audit::AuditFilter;
pub use sessions::SessionRow;
pub use tokens::TokenRow;
pub use users::{UserRow, UserSource};

/// The default database: a SQLite file in the working directory.
pub const DEFAULT_URL: &str = "sqlite://snapdeck.db";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the database URL must start with sqlite:// or postgres://")]
    UnsupportedUrl,
    #[error("cannot open the database: {0}")]
    Open(#[source] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotFound(String),
}

/// The pool (cheap to clone).
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may hold a password: never printed.
        f.write_str("Db(<pool>)")
    }
}

impl Db {
    /// Opens the database, creating a SQLite file when missing, and brings its tables up to
    /// date: every command that opens it (serve, user, token) can be the first.
    pub async fn open(url: &str) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        let url = connect_url(url)?;
        let sqlite = url.starts_with("sqlite:");
        let pool = AnyPoolOptions::new()
            // SQLite has one writer; one connection avoids "database is locked" between them.
            .max_connections(if sqlite { 1 } else { 8 })
            .acquire_timeout(Duration::from_secs(10))
            .connect(&url)
            .await
            .map_err(DbError::Open)?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

/// `sqlite://FILE` gains `mode=rwc` (create when missing); `postgres://` is taken as is.
fn connect_url(url: &str) -> Result<String, DbError> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(url.to_owned());
    }
    if !url.starts_with("sqlite:") {
        return Err(DbError::UnsupportedUrl);
    }
    if url.contains("mode=") || url.contains(":memory:") {
        return Ok(url.to_owned());
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{separator}mode=rwc"))
}

/// Milliseconds since the epoch, the unit of every time column.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

pub(crate) fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// RFC 3339 in UTC with milliseconds: `2026-11-29T10:37:47.123Z`.
pub fn rfc3339(ms: i64) -> String {
    let micros = ms.saturating_mul(1000);
    let text = shared::time::format_evs(micros);
    // format_evs gives six fraction digits; keep three.
    let millis = text.get(..text.len().saturating_sub(3)).unwrap_or(&text);
    format!("{millis}Z")
}

/// A column read from a row, with sqlx's error on a type mismatch.
pub(crate) fn col<'r, T>(row: &'r AnyRow, name: &str) -> Result<T, sqlx::Error>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    use sqlx::Row;
    row.try_get(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_files_are_created_when_missing() {
        assert_eq!(
            connect_url("sqlite://snapdeck.db").unwrap(),
            "sqlite://snapdeck.db?mode=rwc"
        );
        assert_eq!(connect_url("sqlite::memory:").unwrap(), "sqlite::memory:");
        assert!(connect_url("mysql://x").is_err());
        assert_eq!(
            connect_url("postgres://u@h/db").unwrap(),
            "postgres://u@h/db"
        );
    }

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
    }
}
