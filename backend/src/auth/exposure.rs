//! Who can reach the console: without sign-in, real cloud keys are only served on a loopback
//! address. Checked once at start-up.

use std::net::SocketAddr;

use crate::config::Settings;

/// What start-up should do about the listen address.
#[derive(Debug, PartialEq, Eq)]
pub enum Exposure {
    /// Fine as it is.
    Ok,
    /// Start, and log this warning.
    Warn(String),
    /// Do not start: the message names the setting that would allow it.
    Refuse(String),
}

pub fn check(listen: SocketAddr, settings: &Settings, insecure_no_auth: bool) -> Exposure {
    if let Some(auth) = &settings.auth {
        let loopback_host = auth
            .public_url
            .host_str()
            .is_some_and(|host| matches!(host, "localhost" | "127.0.0.1" | "[::1]"));
        if !auth.is_https() && !loopback_host {
            return Exposure::Warn(format!(
                "auth.public_url {} is plain HTTP: session cookies cross the network unencrypted; put HTTPS in front",
                auth.public_url
            ));
        }
        return Exposure::Ok;
    }
    if listen.ip().is_loopback() {
        return Exposure::Ok;
    }
    let real_keys = settings.accounts.iter().any(|account| !account.demo);
    match (real_keys, insecure_no_auth) {
        (false, _) => Exposure::Warn(format!(
            "the demo (built-in emulators, no real keys) listens on {listen} without sign-in: anyone who can reach it can use it"
        )),
        (true, true) => Exposure::Warn(format!(
            "--insecure-no-auth: anyone who can reach {listen} acts with this server's cloud keys unless a proxy in front authenticates them"
        )),
        (true, false) => Exposure::Refuse(format!(
            "refusing to listen on {listen} without sign-in while real cloud accounts are configured: anyone who could reach it would act with their keys. Add an [auth] table with public_url to the configuration (see README.md, \"Running as a team portal\"), listen on 127.0.0.1, or pass --insecure-no-auth if an authenticating proxy is in front"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AccountConfig, ProviderConfig};
    use crate::config::{AuthConfig, Credentials};

    fn settings(demo: bool) -> Settings {
        Settings {
            accounts: vec![AccountConfig {
                name: shared::AccountName::parse("a").unwrap(),
                region: "cn-north-4".to_owned(),
                endpoint: url::Url::parse("https://evs.cn-north-4.myhuaweicloud.com").unwrap(),
                credentials: Credentials::new("ak", "sk"),
                provider: ProviderConfig::Evs {
                    project_id: "p".to_owned(),
                },
                demo,
            }],
            ..Settings::default()
        }
    }

    #[test]
    fn real_keys_stay_on_loopback_without_auth() {
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert_eq!(check(local, &settings(false), false), Exposure::Ok);
        assert!(
            matches!(check(any, &settings(false), false), Exposure::Refuse(m) if m.contains("[auth]") && m.contains("--insecure-no-auth"))
        );
        assert!(matches!(
            check(any, &settings(false), true),
            Exposure::Warn(_)
        ));
        assert!(matches!(
            check(any, &settings(true), false),
            Exposure::Warn(_)
        ));
        let mut portal = settings(false);
        portal.auth = Some(AuthConfig::new(
            url::Url::parse("https://snapdeck.example.com").unwrap(),
        ));
        assert_eq!(check(any, &portal, false), Exposure::Ok);
    }
}
