//! Who is calling, and what they may do: the role on each account, from the user's role, their
//! grants and (for an API token) the token's role. Pure functions, tested here.

use shared::portal::{Grant, Role, SessionInfo};
use shared::Operation;

use super::AuthError;
use crate::db::rfc3339;

/// The identity a request acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user: String,
    pub role: Role,
    /// Non-empty: only these accounts, each with its own role.
    pub grants: Vec<Grant>,
    /// `session`, `oidc`, `token:<name>` or `local`.
    pub credential: String,
    /// A token's role caps every account's role.
    pub cap: Option<Role>,
    /// When the session ends at the latest (ms).
    pub expires_at: Option<i64>,
}

impl Caller {
    /// The single-user console: no sign-in, every permission.
    pub fn local() -> Self {
        Self {
            user: "local".to_owned(),
            role: Role::Admin,
            grants: Vec::new(),
            credential: "local".to_owned(),
            cap: None,
            expires_at: None,
        }
    }

    /// The role on `account`; `None` when the account is not granted (and so not shown).
    pub fn role_on(&self, account: &str) -> Option<Role> {
        let role = if self.grants.is_empty() || self.role == Role::Admin {
            Some(self.role)
        } else {
            self.grants
                .iter()
                .find(|grant| grant.account == account)
                .map(|grant| grant.role)
        }?;
        Some(match self.cap {
            Some(cap) => role.min(cap),
            None => role,
        })
    }

    /// The role for what is not tied to an account (the audit log, tokens).
    pub fn base_role(&self) -> Role {
        match self.cap {
            Some(cap) => self.role.min(cap),
            None => self.role,
        }
    }

    pub fn sees(&self, account: &str) -> bool {
        self.role_on(account).is_some()
    }

    /// Allowed, or a 403 naming the missing permission.
    pub fn may(&self, account: &str, operation: Operation) -> Result<(), AuthError> {
        let needed = Role::needed_for(operation);
        match self.role_on(account) {
            Some(role) if role >= needed => Ok(()),
            Some(role) => Err(AuthError::Forbidden(format!(
                "You may not {} on account {account:?}: that needs the permission {} (role {} or above); you are {}.",
                operation.describe(),
                operation.as_str(),
                needed.as_str(),
                role.as_str(),
            ))),
            None => Err(AuthError::Forbidden(format!(
                "You may not {} on account {account:?}: you have no grant on that account (permission {}).",
                operation.describe(),
                operation.as_str(),
            ))),
        }
    }

    /// Admin only: users and everyone's audit records.
    pub fn is_admin(&self) -> bool {
        self.base_role() == Role::Admin
    }

    pub fn session_info(&self, portal: bool) -> SessionInfo {
        SessionInfo {
            user: self.user.clone(),
            role: self.base_role(),
            grants: self
                .grants
                .iter()
                .filter_map(|grant| {
                    Some(Grant {
                        account: grant.account.clone(),
                        role: self.role_on(&grant.account)?,
                    })
                })
                .collect(),
            expires_at: self.expires_at.map(rfc3339),
            mode: if portal { "portal" } else { "single_user" }.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, grants: &[(&str, Role)]) -> Caller {
        Caller {
            user: "u".to_owned(),
            role,
            grants: grants
                .iter()
                .map(|(account, role)| Grant {
                    account: (*account).to_owned(),
                    role: *role,
                })
                .collect(),
            credential: "session".to_owned(),
            cap: None,
            expires_at: None,
        }
    }

    #[test]
    fn roles_include_the_ones_below() {
        let viewer = user(Role::Viewer, &[]);
        assert!(viewer.may("a", Operation::ListSnapshots).is_ok());
        let refusal = viewer.may("a", Operation::CreateSnapshot).unwrap_err();
        assert!(refusal.to_string().contains("create_snapshot"), "{refusal}");
        assert!(user(Role::Operator, &[])
            .may("a", Operation::DeleteSnapshot)
            .is_ok());
        assert!(!user(Role::Operator, &[]).is_admin());
    }

    #[test]
    fn grants_limit_the_accounts() {
        let limited = user(
            Role::Viewer,
            &[("prod", Role::Viewer), ("test", Role::Operator)],
        );
        assert!(limited.may("test", Operation::CreateSnapshot).is_ok());
        assert!(limited.may("prod", Operation::CreateSnapshot).is_err());
        assert!(!limited.sees("other"));
        assert!(limited.may("other", Operation::ListSnapshots).is_err());
    }

    #[test]
    fn a_token_caps_the_role() {
        let mut admin = user(Role::Admin, &[]);
        admin.cap = Some(Role::Viewer);
        assert!(admin.may("a", Operation::CreateSnapshot).is_err());
        assert!(!admin.is_admin());
    }
}
