//! Personal API tokens: created by a signed-in user (or `snapdeck token create`), at most the
//! user's own role, shown once, stored as a digest, sent as `Authorization: Bearer`.

use shared::portal::{CreatedToken, NewToken, Outcome, Role, TokenInfo};

use super::{secret, AuthError, Caller};
use crate::audit;
use crate::db::{now_ms, rfc3339, Db, TokenRow};

/// Every token starts with this, so a leaked one is easy to recognise (and to scan for).
pub const PREFIX: &str = "sdt_";
const MAX_DAYS: u32 = 366;

pub fn info(row: &TokenRow) -> TokenInfo {
    TokenInfo {
        id: row.id.clone(),
        name: row.name.clone(),
        role: row.role,
        created_at: rfc3339(row.created_at),
        expires_at: rfc3339(row.expires_at),
        last_used_at: row.last_used_at.map(rfc3339),
        revoked: row.revoked,
    }
}

/// Checks the request against the user's own role and creates the token.
pub async fn create(
    db: &Db,
    user: &str,
    own_role: Role,
    new: &NewToken,
) -> Result<CreatedToken, AuthError> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(AuthError::Invalid(
            "a token's name has 1 to 64 characters".to_owned(),
        ));
    }
    if !(1..=MAX_DAYS).contains(&new.expires_in_days) {
        return Err(AuthError::Invalid(format!(
            "a token expires in 1 to {MAX_DAYS} days"
        )));
    }
    let role = new.role.unwrap_or(own_role);
    if role > own_role {
        return Err(AuthError::Forbidden(format!(
            "A token may have at most your own role ({}); {} was asked for.",
            own_role.as_str(),
            role.as_str()
        )));
    }
    let secret = secret::random_secret(PREFIX);
    let expires_at = now_ms() + i64::from(new.expires_in_days) * 86_400_000;
    let id = format!("tok-{}", uuid::Uuid::new_v4().simple());
    let row = db
        .create_token(&id, user, name, role, &secret::digest(&secret), expires_at)
        .await?;
    Ok(CreatedToken {
        token: info(&row),
        secret,
    })
}

/// The caller a bearer token stands for; `None` when it is unknown, revoked or expired, or its
/// user disabled.
pub async fn identify(db: &Db, token: &str) -> Result<Option<Caller>, AuthError> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    let Some(row) = db.live_token(&secret::digest(token)).await? else {
        return Ok(None);
    };
    let Some(user) = db.user(&row.user_name).await? else {
        return Ok(None);
    };
    Ok(Some(Caller {
        user: user.name,
        role: user.role,
        grants: user.grants,
        credential: format!("token:{}", row.name),
        cap: Some(row.role),
        expires_at: Some(row.expires_at),
    }))
}

/// Creates a token for the signed-in caller, audited.
pub async fn create_for(
    db: &Db,
    caller: &Caller,
    new: &NewToken,
) -> Result<CreatedToken, AuthError> {
    let result = create(db, &caller.user, caller.base_role(), new).await;
    if let Ok(created) = &result {
        audit::note_target(&created.token.id);
    }
    let (outcome, code) = match &result {
        Ok(_) => (Outcome::Ok, None),
        Err(error) => (Outcome::Refused, Some(error.parts().1)),
    };
    audit::session_event(
        &caller.user,
        Some(caller.base_role()),
        &caller.credential,
        "create_token",
        outcome,
        code,
    )
    .await;
    result
}

/// Revokes one of the caller's own tokens, audited.
pub async fn revoke_for(db: &Db, caller: &Caller, id: &str) -> Result<TokenInfo, AuthError> {
    audit::note_target(id);
    let result = db
        .revoke_token(&caller.user, id)
        .await
        .map_err(|error| match error {
            crate::db::DbError::NotFound(message) => AuthError::NotFound(message),
            other => AuthError::Db(other),
        });
    let (outcome, code) = match &result {
        Ok(_) => (Outcome::Ok, None),
        Err(error) => (Outcome::Failed, Some(error.parts().1)),
    };
    audit::session_event(
        &caller.user,
        Some(caller.base_role()),
        &caller.credential,
        "revoke_token",
        outcome,
        code,
    )
    .await;
    result.map(|row| info(&row))
}
