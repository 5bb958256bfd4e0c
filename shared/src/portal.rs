//! The team portal's API models: who is signed in (and what they may do), personal API tokens,
//! and the audit log. The console reads these to show the sign-in page, hide what a role may
//! not do, and show the Activity and Tokens pages.

use serde::{Deserialize, Serialize};

use crate::Operation;

/// Error codes of the portal, in the console's one error shape.
pub mod codes {
    /// No session or token, or one that has expired or was ended: sign in.
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    /// Signed in, but the role or the account grants do not allow it.
    pub const FORBIDDEN: &str = "forbidden";
    /// A mutating call from another origin (CSRF).
    pub const CROSS_ORIGIN: &str = "cross_origin";
    /// A mutating call whose body is not `application/json`.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    /// Too many failed sign-ins for this user or client address; wait (`Retry-After`).
    pub const TOO_MANY_ATTEMPTS: &str = "too_many_attempts";
    /// This server is not set up for it (no `[auth]`, or no single sign-on).
    pub const NOT_CONFIGURED: &str = "not_configured";
    /// Wrong user name or password (never says which).
    pub const BAD_CREDENTIALS: &str = "bad_credentials";
}

/// What a user may do: each role includes the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// List and show.
    Viewer,
    /// Also create, update, delete and roll back.
    Operator,
    /// Also users and the whole audit log, on every account.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Operator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// The least role that may perform `operation`.
    pub fn needed_for(operation: Operation) -> Role {
        if operation.is_write() {
            Role::Operator
        } else {
            Role::Viewer
        }
    }
}

/// One account a user is limited to, with the role on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grant {
    pub account: String,
    pub role: Role,
}

/// `POST /api/v1/session`.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// `GET /api/v1/session`: who is signed in. `grants` empty means the role applies to every
/// account; otherwise only the granted accounts exist for this user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub user: String,
    pub role: Role,
    pub grants: Vec<Grant>,
    /// When the session ends at the latest (RFC 3339, UTC); none in single-user mode.
    pub expires_at: Option<String>,
    /// `portal` (signed in) or `single_user` (no sign-in configured).
    pub mode: String,
}

impl SessionInfo {
    /// The role on `account`; `None`: the account is not granted (and not listed). The same rule
    /// the server enforces, for the console to hide what the user may not do.
    pub fn role_on(&self, account: &str) -> Option<Role> {
        if self.grants.is_empty() || self.role == Role::Admin {
            return Some(self.role);
        }
        self.grants
            .iter()
            .find(|grant| grant.account == account)
            .map(|grant| grant.role)
    }

    /// Whether the user may perform `operation` on `account`.
    pub fn may(&self, account: &str, operation: Operation) -> bool {
        self.role_on(account)
            .is_some_and(|role| role >= Role::needed_for(operation))
    }

    /// Whether the user may read everyone's audit records.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// `GET /api/v1/session/methods`: what the sign-in page offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInMethods {
    /// Sign-in is required (portal mode).
    pub required: bool,
    /// User name and password.
    pub password: bool,
    /// "Sign in with SSO": `GET /api/v1/session/oidc/start`.
    pub oidc: bool,
}

/// `POST /api/v1/tokens`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewToken {
    pub name: String,
    /// Days until it expires, 1 to 366.
    pub expires_in_days: u32,
    /// At most the user's own role; the user's role when absent.
    #[serde(default)]
    pub role: Option<Role>,
}

/// A personal API token as listed (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: Option<String>,
    pub revoked: bool,
}

/// `POST /api/v1/tokens` → 201: the secret, shown this once.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    pub token: TokenInfo,
    /// Send as `Authorization: Bearer <secret>`.
    pub secret: String,
}

impl std::fmt::Debug for CreatedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedToken")
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

/// `GET /api/v1/tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenList {
    pub tokens: Vec<TokenInfo>,
}

/// How an audited attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Done.
    Ok,
    /// Not allowed (role, grant, throttling, bad credentials): nothing was tried.
    Refused,
    /// Tried, and the cloud or the input said no.
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Outcome::Ok, Outcome::Refused, Outcome::Failed]
            .into_iter()
            .find(|outcome| outcome.as_str() == text)
    }
}

/// One audit record. `operation` is a console operation (`create_snapshot`, …) or a session
/// event (`sign_in`, `sign_in_failed`, `sign_out`, `create_token`, `revoke_token`, `token_use`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRecord {
    pub id: String,
    /// RFC 3339, UTC, milliseconds.
    pub at: String,
    pub user: String,
    pub role: Option<Role>,
    /// `session`, `token:<name>`, `oidc` or `local` (single-user mode).
    pub credential: String,
    pub client: String,
    pub account: Option<String>,
    pub operation: String,
    pub targets: Vec<String>,
    /// The changed fields: `{"name": {"before": …, "after": …}}` (before when known).
    pub changes: Option<serde_json::Value>,
    pub outcome: Outcome,
    /// The error code when refused or failed.
    pub code: Option<String>,
    pub request_id: String,
    pub upstream_request_id: Option<String>,
}

/// `GET /api/v1/audit`: newest first; `next` is the cursor of the following page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub records: Vec<AuditRecord>,
    pub next: Option<String>,
}

/// The audit log's filters and paging, as query parameters (`GET /api/v1/audit?user=…`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub user: Option<String>,
    pub account: Option<String>,
    pub operation: Option<String>,
    pub outcome: Option<Outcome>,
    /// Records naming this target (a snapshot id): a snapshot's own history.
    pub target: Option<String>,
    /// RFC 3339 or `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// RFC 3339 or `YYYY-MM-DD`, exclusive.
    pub to: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_reads_permissions_as_the_server_decides_them() {
        let info = SessionInfo {
            user: "gus".to_owned(),
            role: Role::Viewer,
            grants: vec![Grant {
                account: "test-gz".to_owned(),
                role: Role::Operator,
            }],
            expires_at: None,
            mode: "portal".to_owned(),
        };
        assert!(info.may("test-gz", Operation::CreateSnapshot));
        assert!(!info.may("prod-bj4", Operation::ListSnapshots));
        let viewer = SessionInfo {
            grants: Vec::new(),
            ..info
        };
        assert!(viewer.may("prod-bj4", Operation::ListSnapshots));
        assert!(!viewer.may("prod-bj4", Operation::DeleteSnapshot));
        assert!(!viewer.is_admin());
    }
}
