//! How the console serves its clients: who may call it (`Host` names), how long a client may
//! take, how many may be connected, how fast one may call the API, and how long shutdown waits.
//! Read from the TOML file's `[server]` table; every value has a default.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use super::{invalid, ConfigError};

/// The server's own limits and names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSettings {
    /// The URL users reach the console at (behind a proxy, say); its host is allowed in `Host`,
    /// and `https` turns HSTS on.
    pub public_url: Option<Url>,
    /// More host names allowed in `Host` (without port).
    pub allowed_hosts: Vec<String>,
    /// A client must send a whole request head within this time; the clock starts as soon as
    /// the server waits for a head, so an idle keep-alive connection is closed after it too.
    pub header_read_timeout: Duration,
    /// Connections served at once; more are closed as soon as they are accepted.
    pub max_connections: usize,
    /// Longest a request may take in all; every cloud call must fit in it.
    pub request_timeout: Duration,
    /// On SIGTERM or Ctrl-C, how long in-flight requests may still run.
    pub shutdown_grace: Duration,
    /// API requests per minute one client address may make (0: no limit).
    pub rate_limit_per_minute: u32,
    /// API requests one client may make at once above the steady rate.
    pub rate_limit_burst: u32,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            public_url: None,
            allowed_hosts: Vec::new(),
            header_read_timeout: Duration::from_secs(10),
            max_connections: 512,
            request_timeout: Duration::from_secs(90),
            shutdown_grace: Duration::from_secs(10),
            rate_limit_per_minute: 1200,
            rate_limit_burst: 200,
        }
    }
}

impl ServerSettings {
    /// Whether the public URL is `https://` (then HSTS is sent).
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_ref()
            .is_some_and(|url| url.scheme() == "https")
    }
}

/// Which `Host` values the console answers (DNS rebinding: a hostile page whose name resolves
/// to the console's address would otherwise drive its API with the user's browser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPolicy {
    /// The pure demo holds no real key: any host.
    Any,
    /// These names (lower case, without port).
    Only(Vec<String>),
}

impl HostPolicy {
    /// Loopback names when bound to loopback; the public URL's host and the listed names
    /// always; any host for the pure demo.
    pub fn new(listen: Option<SocketAddr>, server: &ServerSettings, demo_only: bool) -> Self {
        if demo_only {
            return HostPolicy::Any;
        }
        let mut names: Vec<String> = server
            .allowed_hosts
            .iter()
            .map(|name| name.to_ascii_lowercase())
            .collect();
        if let Some(host) = server.public_url.as_ref().and_then(Url::host_str) {
            names.push(host.trim_matches(['[', ']']).to_ascii_lowercase());
        }
        let loopback = listen.is_none_or(|address| address.ip().is_loopback());
        if loopback {
            names.extend(["localhost", "127.0.0.1", "::1"].map(str::to_owned));
        }
        if let Some(address) = listen.filter(|address| !address.ip().is_unspecified()) {
            names.push(address.ip().to_string());
        }
        names.sort();
        names.dedup();
        HostPolicy::Only(names)
    }

    /// Whether a `Host` header's value (`name[:port]`, `[v6]:port`) is allowed.
    pub fn allows(&self, host: &str) -> bool {
        match self {
            HostPolicy::Any => true,
            HostPolicy::Only(names) => {
                let name = host_name(host);
                names
                    .iter()
                    .any(|allowed| allowed.eq_ignore_ascii_case(name))
            }
        }
    }
}

/// The name part of a `Host` value.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// The `[server]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileServer {
    public_url: Option<String>,
    #[serde(default)]
    allowed_hosts: Vec<String>,
    header_read_timeout_secs: Option<u64>,
    max_connections: Option<usize>,
    request_timeout_secs: Option<u64>,
    shutdown_grace_secs: Option<u64>,
    rate_limit_per_minute: Option<u32>,
    rate_limit_burst: Option<u32>,
}

impl FileServer {
    pub(crate) fn read(self) -> Result<ServerSettings, ConfigError> {
        let mut server = ServerSettings::default();
        if let Some(text) = self.public_url {
            let url = Url::parse(text.trim()).map_err(|error| {
                invalid(
                    "server.public_url",
                    format!("{text:?} is not a URL: {error}"),
                )
            })?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(invalid(
                    "server.public_url",
                    "give the URL users open, e.g. https://snapdeck.example.com",
                ));
            }
            server.public_url = Some(url);
        }
        for name in &self.allowed_hosts {
            let ok = !name.is_empty()
                && name.len() <= 253
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
            if !ok {
                return Err(invalid(
                    "server.allowed_hosts",
                    format!("{name:?} is not a host name"),
                ));
            }
        }
        server.allowed_hosts = self.allowed_hosts;
        let seconds = |setting: &str, value: Option<u64>, default: Duration| match value {
            None => Ok(default),
            Some(secs) if (1..=3600).contains(&secs) => Ok(Duration::from_secs(secs)),
            Some(_) => Err(invalid(setting, "give a number of seconds from 1 to 3600")),
        };
        server.header_read_timeout = seconds(
            "server.header_read_timeout_secs",
            self.header_read_timeout_secs,
            server.header_read_timeout,
        )?;
        server.request_timeout = seconds(
            "server.request_timeout_secs",
            self.request_timeout_secs,
            server.request_timeout,
        )?;
        server.shutdown_grace = seconds(
            "server.shutdown_grace_secs",
            self.shutdown_grace_secs,
            server.shutdown_grace,
        )?;
        if let Some(max) = self.max_connections {
            if !(1..=100_000).contains(&max) {
                return Err(invalid(
                    "server.max_connections",
                    "give a number from 1 to 100000",
                ));
            }
            server.max_connections = max;
        }
        if let Some(rate) = self.rate_limit_per_minute {
            server.rate_limit_per_minute = rate;
        }
        if let Some(burst) = self.rate_limit_burst {
            if burst == 0 {
                return Err(invalid("server.rate_limit_burst", "give 1 or more"));
            }
            server.rate_limit_burst = burst;
        }
        Ok(server)
    }
}

/// Whether a cloud endpoint may be plain `http://`: only a loopback address (a local emulator)
/// or an account that says so (`allow_http = true`); keys and replies otherwise travel in clear.
pub(crate) fn check_transport(
    setting: &str,
    endpoint: &Url,
    allow_http: bool,
) -> Result<(), ConfigError> {
    if endpoint.scheme() == "https" || allow_http || is_loopback(endpoint) {
        Ok(())
    } else {
        Err(invalid(
            setting,
            "a cloud endpoint must be https:// (plain http:// only for a loopback address, or with allow_http = true)",
        ))
    }
}

fn is_loopback(endpoint: &Url) -> bool {
    match endpoint.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listen(text: &str) -> Option<SocketAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn loopback_binding_allows_loopback_names_only() {
        let policy = HostPolicy::new(listen("127.0.0.1:8080"), &ServerSettings::default(), false);
        for host in [
            "localhost:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "LOCALHOST",
        ] {
            assert!(policy.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "",
        ] {
            assert!(!policy.allows(host), "{host}");
        }
    }

    #[test]
    fn public_url_and_listed_names_are_allowed_and_the_demo_allows_any() {
        let server = ServerSettings {
            public_url: Some(Url::parse("https://snap.example.com").unwrap()),
            allowed_hosts: vec!["Internal.Example".to_owned()],
            ..ServerSettings::default()
        };
        let policy = HostPolicy::new(listen("0.0.0.0:8080"), &server, false);
        assert!(policy.allows("snap.example.com"));
        assert!(policy.allows("internal.example:8080"));
        assert!(!policy.allows("localhost:8080"));
        assert!(!policy.allows("evil.example"));
        assert!(server.is_https());
        assert!(HostPolicy::new(listen("0.0.0.0:8080"), &server, true).allows("evil.example"));
    }

    #[test]
    fn plain_http_only_for_loopback_or_when_allowed() {
        let check = |url: &str, allow| check_transport("e", &Url::parse(url).unwrap(), allow);
        assert!(check("https://evs.cn-north-4.myhuaweicloud.com", false).is_ok());
        assert!(check("http://127.0.0.1:18080", false).is_ok());
        assert!(check("http://[::1]:18080", false).is_ok());
        assert!(check("http://localhost:18080", false).is_ok());
        assert!(check("http://evs.example.com", false).is_err());
        assert!(check("http://evs.example.com", true).is_ok());
    }
}

#[cfg(test)]
mod file_tests {
    use crate::config::{env_of, from_toml};

    use super::*;

    const ACCOUNT: &str = r#"
[[accounts]]
name = "a"
region = "cn-north-4"
project_id = "p"
access_key = "k"
secret_key = "s"
"#;

    #[test]
    fn the_server_table_is_read() {
        let text = format!(
            "[server]\npublic_url = \"https://snap.example.com\"\nallowed_hosts = [\"snap.internal\"]\nheader_read_timeout_secs = 5\nmax_connections = 64\nrequest_timeout_secs = 120\nshutdown_grace_secs = 3\nrate_limit_per_minute = 0\n{ACCOUNT}"
        );
        let settings = from_toml(&text, &env_of(&[])).unwrap();
        let server = &settings.server;
        assert!(server.is_https());
        assert_eq!(server.allowed_hosts, ["snap.internal"]);
        assert_eq!(server.header_read_timeout, Duration::from_secs(5));
        assert_eq!(server.max_connections, 64);
        assert_eq!(server.request_timeout, Duration::from_secs(120));
        assert_eq!(server.shutdown_grace, Duration::from_secs(3));
        assert_eq!(server.rate_limit_per_minute, 0);
    }

    #[test]
    fn a_cloud_timeout_longer_than_the_request_deadline_is_refused() {
        let text = format!("[http]\nrequest_timeout_secs = 120\n{ACCOUNT}");
        let error = from_toml(&text, &env_of(&[])).unwrap_err().to_string();
        assert!(
            error.starts_with("http.request_timeout_secs is invalid") && error.contains("90 s"),
            "{error}"
        );
        let text = format!(
            "[http]\nrequest_timeout_secs = 120\n[server]\nrequest_timeout_secs = 180\n{ACCOUNT}"
        );
        assert!(from_toml(&text, &env_of(&[])).is_ok());
    }

    #[test]
    fn plain_http_endpoints_need_loopback_or_allow_http() {
        let remote = format!("{ACCOUNT}endpoint = \"http://evs.example.com\"\n");
        let error = from_toml(&remote, &env_of(&[])).unwrap_err().to_string();
        assert!(error.contains("must be https://"), "{error}");
        let allowed = format!("{remote}allow_http = true\n");
        assert!(from_toml(&allowed, &env_of(&[])).is_ok());
        let cbs = "[[accounts]]\nname = \"t\"\nprovider = \"cbs\"\nregion = \"ap-guangzhou\"\nsecret_id = \"i\"\nsecret_key = \"k\"\nendpoint = \"http://cbs.example.com\"\n";
        assert!(from_toml(cbs, &env_of(&[])).is_err());
    }

    #[test]
    fn bad_server_values_name_the_setting() {
        for (table, setting) in [
            ("public_url = \"ftp://x\"", "server.public_url"),
            ("allowed_hosts = [\"a b\"]", "server.allowed_hosts"),
            ("max_connections = 0", "server.max_connections"),
            (
                "header_read_timeout_secs = 0",
                "server.header_read_timeout_secs",
            ),
            ("rate_limit_burst = 0", "server.rate_limit_burst"),
        ] {
            let text = format!("[server]\n{table}\n{ACCOUNT}");
            let error = from_toml(&text, &env_of(&[])).unwrap_err().to_string();
            assert!(error.starts_with(setting), "{table}: {error}");
        }
    }
}
