//! Password hashing: Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane). Verification
//! compares in constant time (the crate's), and a user who does not exist is checked against a
//! dummy hash so the answer takes as long as for a wrong password.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;

use super::AuthError;

/// Shorter passwords are refused.
pub const MIN_LENGTH: usize = 12;
const MAX_LENGTH: usize = 1024;

fn argon2() -> Result<Argon2<'static>, AuthError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|error| AuthError::Invalid(format!("Argon2 parameters: {error}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Checks a new password's length: characters, not bytes.
pub fn check_new(password: &str) -> Result<(), AuthError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(AuthError::Invalid(format!(
            "a password has at least {MIN_LENGTH} characters"
        )));
    }
    if password.len() > MAX_LENGTH {
        return Err(AuthError::Invalid(format!(
            "a password has at most {MAX_LENGTH} bytes"
        )));
    }
    Ok(())
}

/// The PHC string of a new password (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub fn hash(password: &str) -> Result<String, AuthError> {
    check_new(password)?;
    hash_unchecked(password)
}

fn hash_unchecked(password: &str) -> Result<String, AuthError> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt)
        .map_err(|error| AuthError::Invalid(format!("salt: {error}")))?;
    Ok(argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|error| AuthError::Invalid(format!("hashing: {error}")))?
        .to_string())
}

/// A hash nobody's password matches, verified in place of a missing user's.
fn dummy_hash() -> Option<&'static str> {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    DUMMY
        .get_or_init(|| hash_unchecked("no user has this password, it is only timed").ok())
        .as_deref()
}

/// Whether `password` matches `stored`; with no stored hash (unknown user, disabled, SSO-only)
/// the same work is done and the answer is no. CPU-bound: call from a blocking thread.
pub fn verify(stored: Option<&str>, password: &str) -> bool {
    let (hash, real) = match stored {
        Some(hash) => (Some(hash), true),
        None => (dummy_hash(), false),
    };
    let Some(hash) = hash.and_then(|text| PasswordHash::new(text).ok()) else {
        return false;
    };
    let Ok(argon2) = argon2() else { return false };
    let matches = argon2.verify_password(password.as_bytes(), &hash).is_ok();
    matches && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters() {
        let stored = hash("correct horse battery").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify(Some(&stored), "correct horse battery"));
        assert!(!verify(Some(&stored), "correct horse battery!"));
        assert!(!verify(None, "correct horse battery"));
        assert_ne!(stored, hash("correct horse battery").unwrap());
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(hash("elevenchars").is_err());
        assert!(check_new("twelve chars").is_ok());
    }
}
