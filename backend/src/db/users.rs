//! Users and their per-account grants.

use shared::portal::{Grant, Role};
use sqlx::any::AnyRow;

use super::{col, now_ms, Db, DbError};

/// Where a user signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserSource {
    /// A password in this database.
    Local,
    /// The OpenID Connect provider (created on first sign-in).
    Oidc,
}

impl UserSource {
    fn as_str(self) -> &'static str {
        match self {
            UserSource::Local => "local",
            UserSource::Oidc => "oidc",
        }
    }
}

/// A user as stored. The password hash stays in this module's callers' hands only as long as
/// a sign-in check needs it; it is not part of `Debug`.
#[derive(Clone)]
pub struct UserRow {
    pub name: String,
    pub role: Role,
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub grants: Vec<Grant>,
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("disabled", &self.disabled)
            .field("grants", &self.grants)
            .finish_non_exhaustive()
    }
}

pub(crate) fn role_of(text: &str) -> Result<Role, sqlx::Error> {
    Role::parse(text).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {text:?}").into()))
}

fn user_of(row: &AnyRow) -> Result<UserRow, sqlx::Error> {
    let role: String = col(row, "role")?;
    let disabled: i64 = col(row, "disabled")?;
    Ok(UserRow {
        name: col(row, "name")?,
        role: role_of(&role)?,
        password_hash: col(row, "password_hash")?,
        disabled: disabled != 0,
        grants: Vec::new(),
    })
}

impl Db {
    /// Adds a user; a name already taken is a conflict.
    pub async fn add_user(
        &self,
        name: &str,
        role: Role,
        password_hash: Option<&str>,
        source: UserSource,
        grants: &[Grant],
    ) -> Result<(), DbError> {
        let mut tx = self.pool().begin().await?;
        let taken = sqlx::query("SELECT name FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(DbError::Conflict(format!(
                "there is already a user {name:?}"
            )));
        }
        sqlx::query(
            "INSERT INTO users (name, role, password_hash, source, disabled, created_at) \
             VALUES ($1, $2, $3, $4, 0, $5)",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(source.as_str())
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        for grant in grants {
            sqlx::query("INSERT INTO grants (user_name, account, role) VALUES ($1, $2, $3)")
                .bind(name)
                .bind(&grant.account)
                .bind(grant.role.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The user and their grants, disabled or not.
    pub async fn user(&self, name: &str) -> Result<Option<UserRow>, DbError> {
        let row =
            sqlx::query("SELECT name, role, password_hash, disabled FROM users WHERE name = $1")
                .bind(name)
                .fetch_optional(self.pool())
                .await?;
        let Some(row) = row else { return Ok(None) };
        let mut user = user_of(&row)?;
        user.grants = self.grants(name).await?;
        Ok(Some(user))
    }

    pub(crate) async fn grants(&self, name: &str) -> Result<Vec<Grant>, DbError> {
        let rows =
            sqlx::query("SELECT account, role FROM grants WHERE user_name = $1 ORDER BY account")
                .bind(name)
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|row| {
                let role: String = col(row, "role")?;
                Ok(Grant {
                    account: col(row, "account")?,
                    role: role_of(&role)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(DbError::from)
    }

    pub async fn users(&self) -> Result<Vec<UserRow>, DbError> {
        let rows =
            sqlx::query("SELECT name, role, password_hash, disabled FROM users ORDER BY name")
                .fetch_all(self.pool())
                .await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut user = user_of(row)?;
            user.grants = self.grants(&user.name).await?;
            users.push(user);
        }
        Ok(users)
    }

    pub async fn set_password(&self, name: &str, password_hash: &str) -> Result<(), DbError> {
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE name = $2")
            .bind(password_hash)
            .bind(name)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(DbError::NotFound(format!("there is no user {name:?}")));
        }
        Ok(())
    }

    /// Disables the user and ends their sessions at once (tokens stop working too: every
    /// lookup checks the user).
    pub async fn disable_user(&self, name: &str) -> Result<(), DbError> {
        let done = sqlx::query("UPDATE users SET disabled = 1 WHERE name = $1")
            .bind(name)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(DbError::NotFound(format!("there is no user {name:?}")));
        }
        sqlx::query("DELETE FROM sessions WHERE user_name = $1")
            .bind(name)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// An OpenID Connect user: created on first sign-in, their role kept in step with the
    /// provider's claim afterwards.
    pub async fn upsert_oidc_user(&self, name: &str, role: Role) -> Result<UserRow, DbError> {
        match self.user(name).await? {
            Some(_) => {
                sqlx::query("UPDATE users SET role = $1 WHERE name = $2")
                    .bind(role.as_str())
                    .bind(name)
                    .execute(self.pool())
                    .await?;
            }
            None => {
                self.add_user(name, role, None, UserSource::Oidc, &[])
                    .await?;
            }
        }
        self.user(name)
            .await?
            .ok_or_else(|| DbError::NotFound(format!("there is no user {name:?}")))
    }
}
