//! The portal's settings: `[auth]` (sign-in, sessions, audit retention, OpenID Connect) and
//! `[database]`. Without `[auth]`, Snapdeck is the single-user console.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use shared::portal::Role;
use url::Url;

use super::{invalid, missing, ConfigError, Secret};
use crate::db::DEFAULT_URL;

/// `[database]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseConfig {
    /// `sqlite://FILE` or `postgres://…`. May hold a password: not printed by `Debug`.
    pub url: Secret,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: Secret::new(DEFAULT_URL),
        }
    }
}

/// `[auth]`.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// The origin the browser uses (scheme, host, port): the Origin check and the cookie.
    pub public_url: Url,
    pub idle_timeout: Duration,
    pub absolute_timeout: Duration,
    /// Audit records older than this are deleted; `None` keeps them for ever.
    pub audit_retention: Option<Duration>,
    /// Take the client address from `X-Forwarded-For` (behind a trusted load balancer).
    pub trust_forwarded_for: bool,
    pub oidc: Option<OidcConfig>,
}

impl AuthConfig {
    /// A portal at `public_url` with the default durations.
    pub fn new(public_url: Url) -> Self {
        Self {
            public_url,
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(12 * 3600),
            audit_retention: Some(Duration::from_secs(365 * 86_400)),
            trust_forwarded_for: false,
            oidc: None,
        }
    }

    /// The browser sees the portal over HTTPS: the cookie is `Secure` and `__Host-`.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// `scheme://host[:port]`, as browsers send it in `Origin`.
    pub fn origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }
}

/// `[auth.oidc]`.
#[derive(Debug, Clone)]
pub struct OidcConfig {
    pub issuer: Url,
    pub client_id: String,
    pub client_secret: Option<Secret>,
    /// `…/api/v1/session/oidc/callback` on the public URL.
    pub redirect_url: Url,
    /// The claim holding the user's groups (a list of strings, or one string).
    pub role_claim: String,
    /// Claim value → role; the highest matching role wins.
    pub roles: BTreeMap<String, Role>,
    /// The role of a user none of whose groups is mapped; `None` refuses them.
    pub default_role: Option<Role>,
    /// The claim naming the user (`preferred_username`, falling back to `sub`).
    pub username_claim: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileDatabase {
    url: Option<String>,
    url_env: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileAuth {
    public_url: String,
    idle_timeout_secs: Option<u64>,
    absolute_timeout_secs: Option<u64>,
    audit_retention_days: Option<u64>,
    #[serde(default)]
    trust_forwarded_for: bool,
    oidc: Option<FileOidc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOidc {
    issuer: String,
    client_id: String,
    client_secret: Option<String>,
    client_secret_env: Option<String>,
    redirect_url: Option<String>,
    #[serde(default = "default_role_claim")]
    role_claim: String,
    #[serde(default)]
    roles: BTreeMap<String, String>,
    default_role: Option<String>,
    #[serde(default = "default_username_claim")]
    username_claim: String,
}

fn default_role_claim() -> String {
    "groups".to_owned()
}

fn default_username_claim() -> String {
    "preferred_username".to_owned()
}

pub(super) fn read_database(
    file: Option<FileDatabase>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<DatabaseConfig, ConfigError> {
    let Some(file) = file else {
        return Ok(DatabaseConfig::default());
    };
    let url = match (file.url, file.url_env) {
        (Some(_), Some(_)) => {
            return Err(invalid("database.url", "give url or url_env, not both"));
        }
        (Some(url), None) => url,
        (None, Some(name)) => lookup(&name).ok_or_else(|| {
            missing(
                format!("the environment variable {name}"),
                " (named by database.url_env)",
            )
        })?,
        (None, None) => DEFAULT_URL.to_owned(),
    };
    let url = url.trim().to_owned();
    if !["sqlite:", "postgres://", "postgresql://"]
        .iter()
        .any(|prefix| url.starts_with(prefix))
    {
        return Err(invalid(
            "database.url",
            "use sqlite://FILE or postgres://USER@HOST/DB",
        ));
    }
    Ok(DatabaseConfig {
        url: Secret::new(url),
    })
}

fn seconds(setting: &str, value: Option<u64>, default: Duration) -> Result<Duration, ConfigError> {
    match value {
        None => Ok(default),
        Some(0) => Err(invalid(setting, "give a number of seconds above 0")),
        Some(secs) => Ok(Duration::from_secs(secs)),
    }
}

fn role(setting: &str, text: &str) -> Result<Role, ConfigError> {
    Role::parse(text).ok_or_else(|| invalid(setting, "a role is viewer, operator or admin"))
}

pub(super) fn read_auth(
    file: FileAuth,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<AuthConfig, ConfigError> {
    let public_url = Url::parse(file.public_url.trim())
        .map_err(|error| invalid("auth.public_url", error.to_string()))?;
    if !matches!(public_url.scheme(), "http" | "https") || public_url.host_str().is_none() {
        return Err(invalid(
            "auth.public_url",
            "give the address browsers use, e.g. https://snapdeck.example.com",
        ));
    }
    let mut auth = AuthConfig::new(public_url);
    auth.idle_timeout = seconds(
        "auth.idle_timeout_secs",
        file.idle_timeout_secs,
        auth.idle_timeout,
    )?;
    auth.absolute_timeout = seconds(
        "auth.absolute_timeout_secs",
        file.absolute_timeout_secs,
        auth.absolute_timeout,
    )?;
    auth.audit_retention = match file.audit_retention_days {
        None => auth.audit_retention,
        Some(0) => None,
        Some(days) => Some(Duration::from_secs(days.saturating_mul(86_400))),
    };
    auth.trust_forwarded_for = file.trust_forwarded_for;
    auth.oidc = file
        .oidc
        .map(|oidc| read_oidc(oidc, &auth.public_url, lookup))
        .transpose()?;
    Ok(auth)
}

fn read_oidc(
    file: FileOidc,
    public_url: &Url,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<OidcConfig, ConfigError> {
    let issuer = Url::parse(file.issuer.trim())
        .map_err(|error| invalid("auth.oidc.issuer", error.to_string()))?;
    let client_secret = match (file.client_secret, file.client_secret_env) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "auth.oidc.client_secret",
                "give the secret or the name of the variable holding it, not both",
            ))
        }
        (Some(secret), None) => Some(Secret::new(secret)),
        (None, Some(name)) => Some(Secret::new(lookup(&name).ok_or_else(|| {
            missing(
                format!("the environment variable {name}"),
                " (named by auth.oidc.client_secret_env)",
            )
        })?)),
        (None, None) => None,
    };
    let redirect_url = match file.redirect_url {
        Some(text) => Url::parse(text.trim())
            .map_err(|error| invalid("auth.oidc.redirect_url", error.to_string()))?,
        None => public_url
            .join("/api/v1/session/oidc/callback")
            .map_err(|error| invalid("auth.public_url", error.to_string()))?,
    };
    let roles = file
        .roles
        .iter()
        .map(|(group, text)| {
            Ok((
                group.clone(),
                role(&format!("auth.oidc.roles.{group}"), text)?,
            ))
        })
        .collect::<Result<_, ConfigError>>()?;
    let default_role = file
        .default_role
        .as_deref()
        .map(|text| role("auth.oidc.default_role", text))
        .transpose()?;
    Ok(OidcConfig {
        issuer,
        client_id: file.client_id,
        client_secret,
        redirect_url,
        role_claim: file.role_claim,
        roles,
        default_role,
        username_claim: file.username_claim,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::env_of;

    #[test]
    fn auth_defaults_and_oidc() {
        let file: FileAuth = toml::from_str(
            r#"
public_url = "https://snapdeck.example.com"
idle_timeout_secs = 60
[oidc]
issuer = "https://id.example.com"
client_id = "snapdeck"
client_secret_env = "OIDC_SECRET"
[oidc.roles]
ops = "operator"
"#,
        )
        .unwrap();
        let auth = read_auth(file, &env_of(&[("OIDC_SECRET", "s3cret")])).unwrap();
        assert!(auth.is_https());
        assert_eq!(auth.origin(), "https://snapdeck.example.com");
        assert_eq!(auth.idle_timeout, Duration::from_secs(60));
        assert_eq!(auth.absolute_timeout, Duration::from_secs(12 * 3600));
        let oidc = auth.oidc.unwrap();
        assert_eq!(
            oidc.redirect_url.as_str(),
            "https://snapdeck.example.com/api/v1/session/oidc/callback"
        );
        assert_eq!(oidc.roles["ops"], Role::Operator);
        assert!(!format!("{oidc:?}").contains("s3cret"));
    }

    #[test]
    fn database_urls() {
        let none = env_of(&[]);
        assert_eq!(
            read_database(None, &none).unwrap().url.expose(),
            DEFAULT_URL
        );
        let bad: FileDatabase = toml::from_str("url = \"mysql://x\"").unwrap();
        assert!(read_database(Some(bad), &none).is_err());
    }
}
