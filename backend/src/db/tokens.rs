//! Personal API tokens: the secret is shown once; the table keeps its SHA-256.

use shared::portal::Role;
use sqlx::any::AnyRow;

use super::users::role_of;
use super::{col, now_ms, Db, DbError};

#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: String,
    pub user_name: String,
    pub name: String,
    pub role: Role,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked: bool,
}

const COLUMNS: &str = "id, user_name, name, role, created_at, expires_at, last_used_at, revoked_at";

fn token_of(row: &AnyRow) -> Result<TokenRow, sqlx::Error> {
    let role: String = col(row, "role")?;
    let revoked_at: Option<i64> = col(row, "revoked_at")?;
    Ok(TokenRow {
        id: col(row, "id")?,
        user_name: col(row, "user_name")?,
        name: col(row, "name")?,
        role: role_of(&role)?,
        created_at: col(row, "created_at")?,
        expires_at: col(row, "expires_at")?,
        last_used_at: col(row, "last_used_at")?,
        revoked: revoked_at.is_some(),
    })
}

impl Db {
    pub async fn create_token(
        &self,
        id: &str,
        user_name: &str,
        name: &str,
        role: Role,
        secret_hash: &str,
        expires_at: i64,
    ) -> Result<TokenRow, DbError> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO api_tokens (id, user_name, name, role, secret_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(user_name)
        .bind(name)
        .bind(role.as_str())
        .bind(secret_hash)
        .bind(now)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(TokenRow {
            id: id.to_owned(),
            user_name: user_name.to_owned(),
            name: name.to_owned(),
            role,
            created_at: now,
            expires_at,
            last_used_at: None,
            revoked: false,
        })
    }

    /// The token with this secret hash if it can be used now: not revoked, not expired, its
    /// user not disabled. Its last use is noted.
    pub async fn live_token(&self, secret_hash: &str) -> Result<Option<TokenRow>, DbError> {
        let now = now_ms();
        let row = sqlx::query(&format!(
            "SELECT {} FROM api_tokens t JOIN users u ON u.name = t.user_name \
             WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 \
             AND u.disabled = 0",
            COLUMNS
                .split(", ")
                .map(|c| format!("t.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .bind(secret_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let token = token_of(&row)?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&token.id)
            .execute(self.pool())
            .await?;
        Ok(Some(token))
    }

    pub async fn tokens_of(&self, user_name: &str) -> Result<Vec<TokenRow>, DbError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_tokens WHERE user_name = $1 ORDER BY created_at DESC, id"
        ))
        .bind(user_name)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(token_of)
            .collect::<Result<_, _>>()
            .map_err(DbError::from)
    }

    /// Revokes one of the user's own tokens; another user's token is "not found".
    pub async fn revoke_token(&self, user_name: &str, id: &str) -> Result<TokenRow, DbError> {
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_name = $3 \
             AND revoked_at IS NULL",
        )
        .bind(now_ms())
        .bind(id)
        .bind(user_name)
        .execute(self.pool())
        .await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_tokens WHERE id = $1 AND user_name = $2"
        ))
        .bind(id)
        .bind(user_name)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(row) => Ok(token_of(&row)?),
            None => Err(DbError::NotFound(format!("there is no token {id:?}"))),
        }
    }
}
