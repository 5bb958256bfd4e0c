//! Accounts, read in one place: from the environment (one EVS account, with the official SDK's
//! variable names) or from a TOML file listing several named accounts. A missing or malformed
//! setting stops start-up with a message naming it.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde::Deserialize;
use shared::api::{is_account_name, AccountInfo, Provider};
use url::Url;

use crate::cloud::http::Timeouts;

/// A secret value: never printed, logged or serialised.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for signing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// An access key pair (Huawei AK/SK, Tencent SecretId/SecretKey). Both halves are treated as
/// secrets: neither appears in `Debug`, a log line or a response.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key: Secret,
    pub secret_key: Secret,
}

impl Credentials {
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: Secret::new(access_key),
            secret_key: Secret::new(secret_key),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials(<redacted>)")
    }
}

/// Which Tencent API a CBS account speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CbsApi {
    /// `cbs.tencentcloudapi.com`, `TC3-HMAC-SHA256` (what Tencent serves today).
    #[serde(rename = "3.0")]
    V3,
    /// `snapshot.api.qcloud.com/v2/index.php`, the seed's format (switched off by Tencent in 2023).
    #[serde(rename = "2.0")]
    V2,
}

/// One configured account.
#[derive(Debug, Clone)]
pub struct AccountConfig {
    pub name: String,
    pub provider: Provider,
    pub region: String,
    /// Scheme, host and optional port; never a path.
    pub endpoint: Url,
    /// EVS: required (it is in every path). CBS: not used.
    pub project_id: Option<String>,
    pub credentials: Credentials,
    /// CBS only.
    pub cbs_api: CbsApi,
    /// Served by the built-in emulator.
    pub demo: bool,
}

impl AccountConfig {
    /// What the browser may know of this account.
    pub fn info(&self) -> AccountInfo {
        AccountInfo {
            name: self.name.clone(),
            provider: self.provider,
            region: self.region.clone(),
            project_id: self.project_id.clone(),
            capabilities: self.provider.capabilities(),
            demo: self.demo,
        }
    }
}

/// Everything read from the configuration.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub accounts: Vec<AccountConfig>,
    pub timeouts: Timeouts,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{setting} is not set{hint}")]
    Missing { setting: String, hint: String },
    #[error("{setting} is invalid: {reason}")]
    Invalid { setting: String, reason: String },
    #[error("cannot read the configuration file {path}: {reason}")]
    File { path: String, reason: String },
}

fn missing(setting: impl Into<String>, hint: &str) -> ConfigError {
    ConfigError::Missing {
        setting: setting.into(),
        hint: hint.to_owned(),
    }
}

fn invalid(setting: impl Into<String>, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting: setting.into(),
        reason: reason.into(),
    }
}

/// Environment variable names.
pub mod env {
    pub const EVS_ENDPOINT: &str = "SNAPDECK_EVS_ENDPOINT";
    pub const EVS_REGION: &str = "SNAPDECK_EVS_REGION";
    pub const EVS_ACCOUNT: &str = "SNAPDECK_EVS_ACCOUNT";
    pub const HUAWEI_AK: &str = "HUAWEICLOUD_SDK_AK";
    pub const HUAWEI_SK: &str = "HUAWEICLOUD_SDK_SK";
    pub const HUAWEI_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
    pub const TENCENT_SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
    pub const TENCENT_SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
}

/// Reads one EVS account from the environment. `Ok(None)` when none of the variables is set
/// (then the console runs its demo); an error when some are set and others are missing.
pub fn from_env(
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<AccountConfig>, ConfigError> {
    let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
    let names = [
        env::EVS_ENDPOINT,
        env::EVS_REGION,
        env::HUAWEI_AK,
        env::HUAWEI_SK,
        env::HUAWEI_PROJECT_ID,
    ];
    if names.iter().all(|name| get(name).is_none()) {
        return Ok(None);
    }
    let hint = " (an EVS account from the environment needs SNAPDECK_EVS_REGION or SNAPDECK_EVS_ENDPOINT, HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID)";
    let region = get(env::EVS_REGION);
    let endpoint = get(env::EVS_ENDPOINT);
    let (region, endpoint) = match (region, endpoint) {
        (None, None) => return Err(missing(env::EVS_REGION, hint)),
        (region, endpoint) => resolve_evs_location(
            region.as_deref(),
            endpoint.as_deref(),
            env::EVS_REGION,
            env::EVS_ENDPOINT,
        )?,
    };
    let access_key = get(env::HUAWEI_AK).ok_or_else(|| missing(env::HUAWEI_AK, hint))?;
    let secret_key = get(env::HUAWEI_SK).ok_or_else(|| missing(env::HUAWEI_SK, hint))?;
    let project_id =
        get(env::HUAWEI_PROJECT_ID).ok_or_else(|| missing(env::HUAWEI_PROJECT_ID, hint))?;
    check_project_id(env::HUAWEI_PROJECT_ID, &project_id)?;
    let name = get(env::EVS_ACCOUNT).unwrap_or_else(|| "default".to_owned());
    if !is_account_name(&name) {
        return Err(invalid(env::EVS_ACCOUNT, ACCOUNT_NAME_RULE));
    }
    Ok(Some(AccountConfig {
        name,
        provider: Provider::Evs,
        region,
        endpoint,
        project_id: Some(project_id),
        credentials: Credentials::new(access_key.trim(), secret_key.trim()),
        cbs_api: CbsApi::V3,
        demo: false,
    }))
}

const ACCOUNT_NAME_RULE: &str =
    "use 1 to 32 lower-case letters, digits, '-' or '_', starting with a letter or digit";

/// A region name such as `cn-north-4`.
fn check_region(setting: &str, region: &str) -> Result<(), ConfigError> {
    let ok = (1..=64).contains(&region.len())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            setting,
            format!("{region:?} is not a region name such as cn-north-4"),
        ))
    }
}

fn check_project_id(setting: &str, project_id: &str) -> Result<(), ConfigError> {
    if shared::validate::is_safe_id(project_id) {
        Ok(())
    } else {
        Err(invalid(
            setting,
            "a project id is letters, digits, '-' and '_' (32 hex digits on Huawei Cloud)",
        ))
    }
}

/// An endpoint: `http(s)://host[:port]`, nothing after the authority.
fn parse_endpoint(setting: &str, text: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(text.trim())
        .map_err(|error| invalid(setting, format!("{text:?} is not a URL: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(
            setting,
            "the endpoint must start with https:// (or http://)",
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(setting, "the endpoint has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            setting,
            "the endpoint must not hold a user or password",
        ));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            setting,
            "the endpoint is scheme and host only, e.g. https://evs.cn-north-4.myhuaweicloud.com",
        ));
    }
    Ok(url)
}

/// Region and endpoint of an EVS account: each may be derived from the other.
fn resolve_evs_location(
    region: Option<&str>,
    endpoint: Option<&str>,
    region_setting: &str,
    endpoint_setting: &str,
) -> Result<(String, Url), ConfigError> {
    let endpoint = endpoint
        .map(|text| parse_endpoint(endpoint_setting, text))
        .transpose()?;
    let region = match (region, &endpoint) {
        (Some(region), _) => region.trim().to_owned(),
        (None, Some(url)) => url
            .host_str()
            .and_then(|host| host.strip_prefix("evs."))
            .and_then(|rest| rest.split_once('.'))
            .map(|(region, _)| region.to_owned())
            .ok_or_else(|| {
                missing(
                    region_setting,
                    " (it cannot be read from the endpoint's host name)",
                )
            })?,
        (None, None) => return Err(missing(region_setting, "")),
    };
    check_region(region_setting, &region)?;
    let endpoint = match endpoint {
        Some(url) => url,
        None => parse_endpoint(
            endpoint_setting,
            &format!("https://evs.{region}.myhuaweicloud.com"),
        )?,
    };
    Ok((region, endpoint))
}

/// The TOML file (`snapdeck serve --config snapdeck.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    http: Option<FileHttp>,
    #[serde(default)]
    accounts: Vec<FileAccount>,
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
    if file.accounts.is_empty() {
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
    Ok(Settings { accounts, timeouts })
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
    if !is_account_name(&account.name) {
        return Err(invalid(at("name"), ACCOUNT_NAME_RULE));
    }
    let name = account.name;
    let at = |key: &str| format!("account {name:?}: {key}");
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
            Ok(AccountConfig {
                name,
                provider: Provider::Evs,
                region,
                endpoint,
                project_id: Some(project_id),
                credentials,
                cbs_api: CbsApi::V3,
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
            if account.project_id.is_some() {
                return Err(invalid(
                    at("project_id"),
                    "CBS accounts have no project id setting (filter by project in the console)",
                ));
            }
            Ok(AccountConfig {
                name,
                provider: Provider::Cbs,
                region,
                endpoint,
                project_id: None,
                credentials,
                cbs_api: api,
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

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn no_environment_means_demo() {
        assert!(from_env(&env_of(&[])).unwrap().is_none());
    }

    #[test]
    fn one_account_from_the_sdk_variables() {
        let account = from_env(&env_of(&[
            ("SNAPDECK_EVS_REGION", "cn-north-4"),
            ("HUAWEICLOUD_SDK_AK", "AKAKAK"),
            ("HUAWEICLOUD_SDK_SK", "SKSKSK"),
            (
                "HUAWEICLOUD_SDK_PROJECT_ID",
                "0123456789abcdef0123456789abcdef",
            ),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(
            account.endpoint.as_str(),
            "https://evs.cn-north-4.myhuaweicloud.com/"
        );
        assert_eq!(account.name, "default");
        let debug = format!("{account:?}");
        assert!(
            !debug.contains("AKAKAK") && !debug.contains("SKSKSK"),
            "{debug}"
        );
    }

    #[test]
    fn region_is_read_from_the_endpoint() {
        let account = from_env(&env_of(&[
            (
                "SNAPDECK_EVS_ENDPOINT",
                "https://evs.ap-southeast-1.myhuaweicloud.com",
            ),
            ("HUAWEICLOUD_SDK_AK", "a"),
            ("HUAWEICLOUD_SDK_SK", "s"),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "p1"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(account.region, "ap-southeast-1");
    }

    #[test]
    fn a_partial_environment_names_what_is_missing() {
        let error = from_env(&env_of(&[
            ("SNAPDECK_EVS_REGION", "cn-north-4"),
            ("HUAWEICLOUD_SDK_AK", "a"),
        ]))
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("HUAWEICLOUD_SDK_SK is not set"),
            "{error}"
        );
        let error = from_env(&env_of(&[
            ("SNAPDECK_EVS_ENDPOINT", "ftp://x"),
            ("HUAWEICLOUD_SDK_AK", "a"),
        ]))
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("SNAPDECK_EVS_ENDPOINT is invalid"),
            "{error}"
        );
    }

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
        assert_eq!(settings.accounts[3].cbs_api, CbsApi::V2);
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
