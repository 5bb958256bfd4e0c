//! Password sign-in, throttled: after [`FREE_FAILURES`] failures within [`WINDOW`] for one user
//! name or one client address, each further attempt waits a delay that doubles. The answer never
//! tells whether the user exists: an unknown user, a disabled one and a wrong password all cost
//! one Argon2 verification and read "wrong user name or password".

use std::time::Duration;

use shared::portal::{codes, Outcome, Role};

use super::{password, secret, AuthError, Caller, Portal};
use crate::audit;
use crate::db::{millis, now_ms};

/// Failures counted over this long.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures allowed before the delay starts.
pub const FREE_FAILURES: i64 = 5;
const FIRST_DELAY_SECS: u64 = 30;
const MAX_DELAY_SECS: u64 = 15 * 60;

/// How long to wait after `failures` failures: 0 up to the free ones, then 30 s, 60 s, …
pub fn delay_after(failures: i64) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::ZERO;
    }
    let doublings = u32::try_from(failures - FREE_FAILURES)
        .unwrap_or(u32::MAX)
        .min(16);
    Duration::from_secs(
        FIRST_DELAY_SECS
            .saturating_mul(1u64 << doublings)
            .min(MAX_DELAY_SECS),
    )
}

fn subjects(username: &str, client: &str) -> [String; 2] {
    [format!("user:{username}"), format!("client:{client}")]
}

/// The wait still due for these subjects, in whole seconds (0: go ahead).
async fn due(portal: &Portal, subjects: &[String]) -> Result<u64, AuthError> {
    let now = now_ms();
    let mut wait_ms = 0;
    for subject in subjects {
        let (count, latest) = portal.db.failures(subject, now - millis(WINDOW)).await?;
        let until = latest + millis(delay_after(count));
        wait_ms = wait_ms.max(until - now);
    }
    Ok(u64::try_from((wait_ms + 999) / 1000).unwrap_or(0))
}

/// A user name as typed, bounded for the log.
fn typed(username: &str) -> String {
    username.chars().take(64).collect()
}

/// Checks the password and opens a session: the new session's id (for the cookie) and who
/// signed in. Every failure is audited.
pub async fn sign_in(
    portal: &Portal,
    client: &str,
    username: &str,
    password_text: &str,
) -> Result<(String, Caller), AuthError> {
    let username = typed(username.trim());
    let subjects = subjects(&username, client);
    let wait = due(portal, &subjects).await?;
    if wait > 0 {
        audit::session_event(
            &username,
            None,
            "password",
            "sign_in_failed",
            Outcome::Refused,
            Some(codes::TOO_MANY_ATTEMPTS),
        )
        .await;
        return Err(AuthError::TooManyAttempts {
            retry_after_secs: wait,
        });
    }
    let user = portal.db.user(&username).await?;
    let stored = user
        .as_ref()
        .filter(|user| !user.disabled)
        .and_then(|user| user.password_hash.clone());
    let attempt = password_text.to_owned();
    let matches =
        tokio::task::spawn_blocking(move || password::verify(stored.as_deref(), &attempt))
            .await
            .unwrap_or(false);
    let user = match user {
        Some(user) if matches => user,
        _ => {
            for subject in &subjects {
                portal.db.note_failure(subject).await?;
            }
            audit::session_event(
                &username,
                None,
                "password",
                "sign_in_failed",
                Outcome::Failed,
                Some(codes::BAD_CREDENTIALS),
            )
            .await;
            return Err(AuthError::BadCredentials);
        }
    };
    portal.db.clear_failures(&subjects[0]).await?;
    let caller = open_session_caller(user.name, user.role, user.grants, "password", portal);
    let id = start_session(portal, &caller).await?;
    audit::session_event(
        &caller.user,
        Some(caller.role),
        "password",
        "sign_in",
        Outcome::Ok,
        None,
    )
    .await;
    Ok((id, caller))
}

fn open_session_caller(
    user: String,
    role: Role,
    grants: Vec<shared::portal::Grant>,
    credential: &str,
    portal: &Portal,
) -> Caller {
    Caller {
        user,
        role,
        grants,
        credential: credential.to_owned(),
        cap: None,
        expires_at: Some(now_ms() + millis(portal.config.absolute_timeout)),
    }
}

/// Stores a new session for `caller` and returns its id (a fresh one at every sign-in).
pub async fn start_session(portal: &Portal, caller: &Caller) -> Result<String, AuthError> {
    let id = secret::random_secret("");
    let expires_at = caller
        .expires_at
        .unwrap_or_else(|| now_ms() + millis(portal.config.absolute_timeout));
    portal
        .db
        .create_session(
            &secret::digest(&id),
            &caller.user,
            &caller.credential,
            expires_at,
        )
        .await?;
    Ok(id)
}

/// Opens a session for a user the OpenID provider vouched for.
pub async fn sign_in_oidc(
    portal: &Portal,
    user: crate::db::UserRow,
) -> Result<(String, Caller), AuthError> {
    let caller = open_session_caller(user.name, user.role, user.grants, "oidc", portal);
    let id = start_session(portal, &caller).await?;
    audit::session_event(
        &caller.user,
        Some(caller.role),
        "oidc",
        "sign_in",
        Outcome::Ok,
        None,
    )
    .await;
    Ok((id, caller))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_grows_after_five_failures() {
        assert_eq!(delay_after(4), Duration::ZERO);
        assert_eq!(delay_after(5), Duration::from_secs(30));
        assert_eq!(delay_after(6), Duration::from_secs(60));
        assert_eq!(delay_after(40), Duration::from_secs(900));
    }
}
