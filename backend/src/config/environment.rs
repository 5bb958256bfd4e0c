//! One EVS account from the environment, with the official SDK's variable names.

use shared::AccountName;

use super::{
    check_project_id, invalid, missing, resolve_evs_location, AccountConfig, ConfigError,
    Credentials, ProviderConfig, ACCOUNT_NAME_RULE,
};

pub mod names {
    pub const EVS_ENDPOINT: &str = "SNAPDECK_EVS_ENDPOINT";
    pub const EVS_REGION: &str = "SNAPDECK_EVS_REGION";
    pub const EVS_ACCOUNT: &str = "SNAPDECK_EVS_ACCOUNT";
    pub const EVS_ALLOW_HTTP: &str = "SNAPDECK_EVS_ALLOW_HTTP";
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
        names::EVS_ENDPOINT,
        names::EVS_REGION,
        names::HUAWEI_AK,
        names::HUAWEI_SK,
        names::HUAWEI_PROJECT_ID,
    ];
    if names.iter().all(|name| get(name).is_none()) {
        return Ok(None);
    }
    let hint = " (an EVS account from the environment needs SNAPDECK_EVS_REGION or SNAPDECK_EVS_ENDPOINT, HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID)";
    let region = get(names::EVS_REGION);
    let endpoint = get(names::EVS_ENDPOINT);
    let (region, endpoint) = match (region, endpoint) {
        (None, None) => return Err(missing(names::EVS_REGION, hint)),
        (region, endpoint) => resolve_evs_location(
            region.as_deref(),
            endpoint.as_deref(),
            names::EVS_REGION,
            names::EVS_ENDPOINT,
        )?,
    };
    let allow_http = get(names::EVS_ALLOW_HTTP).is_some_and(|value| value.trim() == "true");
    super::check_transport(names::EVS_ENDPOINT, &endpoint, allow_http)?;
    let access_key = get(names::HUAWEI_AK).ok_or_else(|| missing(names::HUAWEI_AK, hint))?;
    let secret_key = get(names::HUAWEI_SK).ok_or_else(|| missing(names::HUAWEI_SK, hint))?;
    let project_id =
        get(names::HUAWEI_PROJECT_ID).ok_or_else(|| missing(names::HUAWEI_PROJECT_ID, hint))?;
    check_project_id(names::HUAWEI_PROJECT_ID, &project_id)?;
    let name = get(names::EVS_ACCOUNT).unwrap_or_else(|| "default".to_owned());
    let name =
        AccountName::parse(&name).map_err(|_| invalid(names::EVS_ACCOUNT, ACCOUNT_NAME_RULE))?;
    Ok(Some(AccountConfig {
        name,
        region,
        endpoint,
        credentials: Credentials::new(access_key.trim(), secret_key.trim()),
        provider: ProviderConfig::Evs { project_id },
        demo: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::env_of;

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
        assert_eq!(account.name.as_str(), "default");
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
}
