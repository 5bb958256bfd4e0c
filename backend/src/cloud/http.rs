//! The HTTP plumbing every cloud client shares: one reqwest client with timeouts, and turning
//! transport failures into [`CloudError`]s without leaking URLs (which may carry signatures).

use std::time::Duration;

use url::Url;

use crate::cloud::error::CloudError;

/// Connect and whole-request timeouts for calls to a cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(30),
        }
    }
}

/// The client all cloud calls go through (rustls, no proxy surprises, no redirects: a cloud API
/// that redirects is misconfigured, and following would re-send signed headers elsewhere).
pub fn build_client(timeouts: Timeouts) -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("snapdeck/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// A transport failure as a [`CloudError`]; the URL is dropped from the text.
pub fn transport_error(error: reqwest::Error) -> CloudError {
    if error.is_timeout() {
        return CloudError::Timeout;
    }
    let error = error.without_url();
    let mut detail = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        detail.push_str(": ");
        detail.push_str(&cause.to_string());
        source = cause.source();
    }
    CloudError::Unreachable(detail)
}

/// The cloud's request id from a reply (`X-Request-Id` on EVS, also `X-Openstack-Request-Id`).
pub fn upstream_request_id(headers: &reqwest::header::HeaderMap) -> Option<String> {
    [
        "x-request-id",
        "x-openstack-request-id",
        "x-compute-request-id",
    ]
    .iter()
    .find_map(|name| headers.get(*name)?.to_str().ok())
    .filter(|value| !value.is_empty() && value.len() <= 128)
    .map(str::to_owned)
}

/// `host[:port]` as reqwest will send it in `Host`, and as the signers sign it (the port only
/// when not the scheme's default).
pub fn host_header(endpoint: &Url) -> String {
    let host = endpoint.host_str().unwrap_or_default();
    match endpoint.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_header_keeps_only_explicit_ports() {
        let url = Url::parse("https://evs.cn-north-4.myhuaweicloud.com").unwrap();
        assert_eq!(host_header(&url), "evs.cn-north-4.myhuaweicloud.com");
        let url = Url::parse("http://127.0.0.1:18080").unwrap();
        assert_eq!(host_header(&url), "127.0.0.1:18080");
        let url = Url::parse("https://example.com:443").unwrap();
        assert_eq!(host_header(&url), "example.com");
    }
}
