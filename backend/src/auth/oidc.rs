//! Single sign-on with OpenID Connect: the authorization code flow with PKCE (the
//! `openidconnect` crate does discovery, the code exchange and the ID token's verification).
//! The state, PKCE verifier and nonce wait in the database, so any replica can take the
//! callback. The user is created on first sign-in, with the role the provider's claim maps to.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde_json::Value;
use shared::portal::Role;
use tokio::sync::OnceCell;

use super::AuthError;
use crate::config::OidcConfig;
use crate::db::{millis, Db};

/// A sign-in not finished within this long must start again.
const LOGIN_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

pub struct Oidc {
    config: OidcConfig,
    metadata: OnceCell<CoreProviderMetadata>,
    http: Option<openidconnect::reqwest::Client>,
}

fn failed(what: &str, error: impl std::fmt::Display) -> AuthError {
    AuthError::Oidc(format!("{what}: {error}"))
}

/// The highest role any of the claim's values maps to, else the default.
pub fn map_role(config: &OidcConfig, claim: Option<&Value>) -> Option<Role> {
    let values: Vec<&str> = match claim {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(text)) => vec![text.as_str()],
        _ => Vec::new(),
    };
    values
        .iter()
        .filter_map(|value| config.roles.get(*value).copied())
        .max()
        .or(config.default_role)
}

/// The verified ID token's payload, for the claims the core types do not carry (`groups`).
fn payload(jwt: &str) -> Option<Value> {
    let encoded = jwt.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(encoded.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

impl Oidc {
    pub fn new(config: OidcConfig) -> Self {
        // Following redirects would let the provider's replies send us anywhere.
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .map_err(|error| tracing::error!(%error, "cannot build the OpenID Connect client"))
            .ok();
        Self {
            config,
            metadata: OnceCell::new(),
            http,
        }
    }

    fn http(&self) -> Result<&openidconnect::reqwest::Client, AuthError> {
        self.http
            .as_ref()
            .ok_or_else(|| AuthError::Oidc("no HTTP client".to_owned()))
    }

    async fn client(
        &self,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        AuthError,
    > {
        let http = self.http()?;
        let metadata = self
            .metadata
            .get_or_try_init(|| async {
                let issuer =
                    IssuerUrl::new(self.config.issuer.as_str().trim_end_matches('/').to_owned())
                        .map_err(|error| failed("issuer", error))?;
                CoreProviderMetadata::discover_async(issuer, http)
                    .await
                    .map_err(|error| failed("discovery", error))
            })
            .await?
            .clone();
        let redirect = RedirectUrl::new(self.config.redirect_url.to_string())
            .map_err(|error| failed("redirect URL", error))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            self.config
                .client_secret
                .as_ref()
                .map(|secret| ClientSecret::new(secret.expose().to_owned())),
        )
        .set_redirect_uri(redirect))
    }

    /// Where to send the browser to sign in; the state waits in the database.
    pub async fn start(&self, db: &Db) -> Result<String, AuthError> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge);
        if self.config.role_claim == "groups" {
            request = request.add_scope(Scope::new("groups".to_owned()));
        }
        let (url, state, nonce) = request.url();
        db.put_oidc_login(state.secret(), verifier.secret(), nonce.secret())
            .await?;
        Ok(url.to_string())
    }

    /// Finishes a sign-in: the user's name and mapped role, from the verified ID token.
    pub async fn finish(
        &self,
        db: &Db,
        code: &str,
        state: &str,
    ) -> Result<(String, Role), AuthError> {
        let (verifier, nonce) = db
            .take_oidc_login(state, millis(LOGIN_MAX_AGE))
            .await?
            .ok_or_else(|| AuthError::Oidc("unknown or expired state".to_owned()))?;
        let client = self.client().await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|error| failed("token endpoint", error))?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier))
            .request_async(self.http()?)
            .await
            .map_err(|error| failed("code exchange", error))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| AuthError::Oidc("no ID token in the reply".to_owned()))?;
        let claims = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(nonce))
            .map_err(|error| failed("ID token", error))?;
        let raw = payload(&id_token.to_string()).unwrap_or(Value::Null);
        let name = raw
            .get(&self.config.username_claim)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| claims.preferred_username().map(|name| name.to_string()))
            .unwrap_or_else(|| claims.subject().to_string());
        let role = map_role(&self.config, raw.get(&self.config.role_claim)).ok_or_else(|| {
            AuthError::Forbidden(format!(
                "Your single sign-on account has no group that gives a Snapdeck role (claim {:?}).",
                self.config.role_claim
            ))
        })?;
        Ok((name, role))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn config(default_role: Option<Role>) -> OidcConfig {
        OidcConfig {
            issuer: url::Url::parse("https://id.example.com").unwrap(),
            client_id: "c".to_owned(),
            client_secret: None,
            redirect_url: url::Url::parse("https://s.example.com/cb").unwrap(),
            role_claim: "groups".to_owned(),
            roles: BTreeMap::from([
                ("ops".to_owned(), Role::Operator),
                ("admins".to_owned(), Role::Admin),
            ]),
            default_role,
            username_claim: "preferred_username".to_owned(),
        }
    }

    #[test]
    fn the_highest_mapped_group_wins() {
        let groups = serde_json::json!(["staff", "ops", "admins"]);
        assert_eq!(map_role(&config(None), Some(&groups)), Some(Role::Admin));
        let one = serde_json::json!("ops");
        assert_eq!(map_role(&config(None), Some(&one)), Some(Role::Operator));
        assert_eq!(map_role(&config(None), None), None);
        assert_eq!(
            map_role(&config(Some(Role::Viewer)), Some(&serde_json::json!(["x"]))),
            Some(Role::Viewer)
        );
    }

    #[test]
    fn payloads_are_read() {
        let body = URL_SAFE_NO_PAD.encode(br#"{"groups":["ops"]}"#);
        assert_eq!(payload(&format!("h.{body}.s")).unwrap()["groups"][0], "ops");
    }
}
