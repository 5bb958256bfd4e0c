//! Several named accounts, EVS and CBS, from a TOML file (`snapdeck serve --config FILE`).

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use shared::api::Provider;
use shared::AccountName;

use super::environment::names as env;
use super::server::FileServer;
use super::{
    check_project_id, check_region, invalid, missing, parse_endpoint, resolve_evs_location,
    AccountConfig, CbsApi, ConfigError, Credentials, ProviderConfig, Settings, ACCOUNT_NAME_RULE,
};
use crate::cloud::http::Timeouts;

/// The TOML file (`snapdeck serve --config snapdeck.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    http: Option<FileHttp>,
    #[serde(default)]
    server: Option<FileServer>,
    #[serde(default)]
    accounts: Vec<FileAccount>,
    auth: Option<super::auth::FileAuth>,
    database: Option<super::auth::FileDatabase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileHttp {
    connect_timeout_secs: Option<u64>,
    request_timeout_secs: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAccount {
    name: String,
    #[serde(default = "default_provider")]
    provider: Provider,
    region: Option<String>,
    endpoint: Option<String>,
    project_id: Option<String>,
    #[serde(alias = "secret_id")]
    access_key: Option<String>,
    #[serde(alias = "secret_id_env")]
    access_key_env: Option<String>,
    secret_key: Option<String>,
    secret_key_env: Option<String>,
    api_version: Option<CbsApi>,
    /// Accept a plain `http://` endpoint that is not a loopback address.
    #[serde(default)]
    allow_http: bool,
}

fn default_provider() -> Provider {
    Provider::Evs
}

/// Reads the TOML file's text; `lookup` reads the environment (for `*_env` keys).
pub fn from_toml(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings, ConfigError> {
    let file: FileConfig = toml::from_str(text).map_err(|error| ConfigError::File {
        path: String::new(),
        reason: error.to_string(),
    })?;
    let auth = file
        .auth
        .map(|auth| super::auth::read_auth(auth, lookup))
        .transpose()?;
    let database = super::auth::read_database(file.database, lookup)?;
    // A portal without accounts serves the demo behind sign-in.
    if file.accounts.is_empty() && auth.is_none() {
        return Err(missing(
            "[[accounts]]",
            " (the file lists no accounts; see README.md for the format)",
        ));
    }
    let mut accounts = Vec::new();
    let mut seen = BTreeMap::new();
    for (index, account) in file.accounts.into_iter().enumerate() {
        let account = read_account(index, account, lookup)?;
        if seen.insert(account.name.clone(), ()).is_some() {
            return Err(invalid(
                format!("accounts[{index}].name"),
                format!("{:?} is used by two accounts", account.name),
            ));
        }
        accounts.push(account);
    }
    let mut timeouts = Timeouts::default();
    if let Some(http) = file.http {
        if let Some(seconds) = http.connect_timeout_secs {
            timeouts.connect = positive_seconds("http.connect_timeout_secs", seconds)?;
        }
        if let Some(seconds) = http.request_timeout_secs {
            timeouts.request = positive_seconds("http.request_timeout_secs", seconds)?;
        }
    }
    let server = file.server.unwrap_or_default().read()?;
    let settings = Settings {
        accounts,
        timeouts,
        server,
        policy: Default::default(),
        auth,
        database,
    };
    settings.check_deadlines()?;
    Ok(settings)
}

/// Only the `[database]` table (for `snapdeck user …`, which needs no cloud keys).
pub fn database_from_toml(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<super::DatabaseConfig, ConfigError> {
    #[derive(Deserialize)]
    struct OnlyDatabase {
        database: Option<super::auth::FileDatabase>,
    }
    let file: OnlyDatabase = toml::from_str(text).map_err(|error| ConfigError::File {
        path: String::new(),
        reason: error.to_string(),
    })?;
    super::auth::read_database(file.database, lookup)
}

fn positive_seconds(setting: &str, seconds: u64) -> Result<Duration, ConfigError> {
    if (1..=600).contains(&seconds) {
        Ok(Duration::from_secs(seconds))
    } else {
        Err(invalid(setting, "give a number of seconds from 1 to 600"))
    }
}

fn read_account(
    index: usize,
    account: FileAccount,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<AccountConfig, ConfigError> {
    let at = |key: &str| format!("accounts[{index}].{key}");
    let name =
        AccountName::parse(&account.name).map_err(|_| invalid(at("name"), ACCOUNT_NAME_RULE))?;
    let at = |key: &str| format!("account {:?}: {key}", name.as_str());
    let (default_ak_env, default_sk_env) = match account.provider {
        Provider::Evs => (env::HUAWEI_AK, env::HUAWEI_SK),
        Provider::Cbs => (env::TENCENT_SECRET_ID, env::TENCENT_SECRET_KEY),
    };
    let access_key = read_key(
        &at("access_key"),
        account.access_key,
        account.access_key_env,
        default_ak_env,
        lookup,
    )?;
    let secret_key = read_key(
        &at("secret_key"),
        account.secret_key,
        account.secret_key_env,
        default_sk_env,
        lookup,
    )?;
    let credentials = Credentials::new(access_key, secret_key);
    match account.provider {
        Provider::Evs => {
            if account.api_version.is_some() {
                return Err(invalid(
                    at("api_version"),
                    "only CBS accounts have an API version",
                ));
            }
            let (region, endpoint) = resolve_evs_location(
                account.region.as_deref(),
                account.endpoint.as_deref(),
                &at("region"),
                &at("endpoint"),
            )?;
            let project_id = account
                .project_id
                .ok_or_else(|| missing(at("project_id"), " (EVS puts it in every call)"))?;
            check_project_id(&at("project_id"), &project_id)?;
            super::check_transport(&at("endpoint"), &endpoint, account.allow_http)?;
            Ok(AccountConfig {
                name,
                region,
                endpoint,
                credentials,
                provider: ProviderConfig::Evs { project_id },
                demo: false,
            })
        }
        Provider::Cbs => {
            let region = account
                .region
                .ok_or_else(|| missing(at("region"), " (e.g. ap-guangzhou)"))?;
            check_region(&at("region"), &region)?;
            let api = account.api_version.unwrap_or(CbsApi::V3);
            let default_endpoint = match api {
                CbsApi::V3 => "https://cbs.tencentcloudapi.com",
                CbsApi::V2 => "https://snapshot.api.qcloud.com",
            };
            let endpoint = parse_endpoint(
                &at("endpoint"),
                account.endpoint.as_deref().unwrap_or(default_endpoint),
            )?;
            super::check_transport(&at("endpoint"), &endpoint, account.allow_http)?;
            if account.project_id.is_some() {
                return Err(invalid(
                    at("project_id"),
                    "CBS accounts have no project id setting (filter by project in the console)",
                ));
            }
            Ok(AccountConfig {
                name,
                region,
                endpoint,
                credentials,
                provider: ProviderConfig::Cbs { api },
                demo: false,
            })
        }
    }
}

fn read_key(
    setting: &str,
    inline: Option<String>,
    env_name: Option<String>,
    default_env: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ConfigError> {
    let value = match (inline, env_name) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                setting,
                "give the key or the name of the variable holding it, not both",
            ))
        }
        (Some(value), None) => value,
        (None, Some(name)) => lookup(&name).ok_or_else(|| {
            missing(
                format!("the environment variable {name}"),
                &format!(" (named by {setting}_env)"),
            )
        })?,
        (None, None) => lookup(default_env).ok_or_else(|| {
            missing(
                setting,
                &format!(" (nor the environment variable {default_env})"),
            )
        })?,
    };
    let value = value.trim().to_owned();
    if value.is_empty() || value.len() > 256 || value.chars().any(char::is_control) {
        return Err(invalid(
            setting,
            "the key is empty, too long or holds control characters",
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::env_of;

    const FILE: &str = r#"
[http]
request_timeout_secs = 10

[[accounts]]
name = "prod-bj4"
region = "cn-north-4"
project_id = "0123456789abcdef0123456789abcdef"
access_key_env = "PROD_AK"
secret_key_env = "PROD_SK"

[[accounts]]
name = "hk"
region = "ap-southeast-1"
endpoint = "http://127.0.0.1:18080"
project_id = "p2"
access_key = "inline-ak"
secret_key = "inline-sk"

[[accounts]]
name = "tencent-gz"
provider = "cbs"
region = "ap-guangzhou"

[[accounts]]
name = "tencent-legacy"
provider = "cbs"
region = "gz"
api_version = "2.0"
secret_id = "sid"
secret_key = "skey"
"#;

    #[test]
    fn several_accounts_from_a_file() {
        let settings = from_toml(
            FILE,
            &env_of(&[
                ("PROD_AK", "pak"),
                ("PROD_SK", "psk"),
                ("TENCENTCLOUD_SECRET_ID", "tid"),
                ("TENCENTCLOUD_SECRET_KEY", "tkey"),
            ]),
        )
        .unwrap();
        let names: Vec<&str> = settings.accounts.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["prod-bj4", "hk", "tencent-gz", "tencent-legacy"]);
        assert_eq!(settings.timeouts.request, Duration::from_secs(10));
        let cbs = &settings.accounts[2];
        assert_eq!(cbs.endpoint.as_str(), "https://cbs.tencentcloudapi.com/");
        assert_eq!(cbs.credentials.access_key.expose(), "tid");
        assert_eq!(
            settings.accounts[3].provider,
            ProviderConfig::Cbs { api: CbsApi::V2 }
        );
        assert_eq!(
            settings.accounts[3].endpoint.as_str(),
            "https://snapshot.api.qcloud.com/"
        );
        assert_eq!(settings.accounts[1].endpoint.port(), Some(18080));
        assert!(!format!("{settings:?}").contains("psk"));
    }

    #[test]
    fn file_errors_name_the_setting() {
        let no_env = env_of(&[]);
        let cases: &[(&str, &str)] = &[
            ("", "[[accounts]] is not set"),
            ("[[accounts]]\nname = \"Bad Name\"", "accounts[0].name is invalid"),
            (
                "[[accounts]]\nname = \"a\"\nregion = \"cn-north-4\"\nproject_id = \"p\"\naccess_key = \"k\"",
                "account \"a\": secret_key is not set",
            ),
            (
                "[[accounts]]\nname = \"a\"\nregion = \"cn-north-4\"\naccess_key = \"k\"\nsecret_key = \"s\"",
                "account \"a\": project_id is not set",
            ),
            (
                "[[accounts]]\nname = \"a\"\nregion = \"cn-north-4\"\nproject_id = \"p\"\naccess_key_env = \"NOPE\"\nsecret_key = \"s\"",
                "the environment variable NOPE is not set",
            ),
            (
                "[[accounts]]\nname = \"a\"\nendpoint = \"https://evs.x.com/v2\"\nproject_id = \"p\"\naccess_key = \"k\"\nsecret_key = \"s\"",
                "account \"a\": endpoint is invalid",
            ),
            ("[[accounts]]\nname = \"a\"\ncolour = \"red\"", "cannot read the configuration file"),
        ];
        for (text, expected) in cases {
            let error = from_toml(text, &no_env).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{text:?} gave {error:?}");
        }
    }
}
