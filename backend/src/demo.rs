//! Demo mode: with no cloud account configured, the console starts the emulators in-process on
//! loopback ports and points accounts at them. The demo then goes through the same HTTP path as
//! production — real requests, signed with keys generated at start and verified by the emulator.

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use rand::distributions::{Alphanumeric, DistString};
use rand::Rng;
use shared::AccountName;
use tokio::net::TcpListener;
use url::Url;

use crate::config::{AccountConfig, CbsApi, Credentials, ProviderConfig};
use crate::emulator::cbs::{self, CbsEmulator, CbsEmulatorConfig};
use crate::emulator::evs::{self, EvsEmulator, EvsEmulatorConfig};

/// Name of the demo EVS account.
pub const EVS_ACCOUNT: &str = "demo";
/// The demo EVS region (as in the seeds' examples).
pub const EVS_REGION: &str = "cn-north-4";
/// Name of the demo CBS account.
pub const CBS_ACCOUNT: &str = "demo-cbs";
/// The demo CBS region.
pub const CBS_REGION: &str = "ap-guangzhou";

/// Options of the demo.
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    /// How long a new snapshot stays `creating`.
    pub settle: Duration,
    /// Start with the demo data set (otherwise empty).
    pub demo_data: bool,
}

/// Random credentials, as a cloud would issue them: a 20-character AK and a 40-character SK.
pub fn random_credentials() -> Credentials {
    let mut rng = rand::thread_rng();
    let access_key: String = (0..20)
        .map(|_| char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[rng.gen_range(0..36)]))
        .collect();
    Credentials::new(access_key, Alphanumeric.sample_string(&mut rng, 40))
}

/// A random 32-hex-digit project id.
pub fn random_project_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Starts the in-process emulators and returns the accounts that point at them (`demo` on EVS,
/// `demo-cbs` on CBS API 3.0). The emulators run on the current tokio runtime for as long as it
/// lives.
pub async fn start(options: DemoOptions) -> std::io::Result<Vec<AccountConfig>> {
    Ok(vec![start_evs(options).await?, start_cbs(options).await?])
}

async fn start_evs(options: DemoOptions) -> std::io::Result<AccountConfig> {
    let credentials = random_credentials();
    let project_id = random_project_id();
    let emulator = EvsEmulator::new(EvsEmulatorConfig {
        access_key: credentials.access_key.expose().to_owned(),
        secret_key: credentials.secret_key.expose().to_owned(),
        project_id: project_id.clone(),
        demo_data: options.demo_data,
        settle: options.settle,
    });
    let (listener, endpoint) = loopback_listener().await?;
    spawn_serving("EVS", &endpoint, evs::serve(listener, emulator));
    Ok(AccountConfig {
        name: account_name(EVS_ACCOUNT)?,
        region: EVS_REGION.to_owned(),
        endpoint,
        credentials,
        provider: ProviderConfig::Evs { project_id },
        demo: true,
    })
}

async fn start_cbs(options: DemoOptions) -> std::io::Result<AccountConfig> {
    let credentials = random_credentials();
    let emulator = CbsEmulator::new(CbsEmulatorConfig {
        secret_id: credentials.access_key.expose().to_owned(),
        secret_key: credentials.secret_key.expose().to_owned(),
        demo_data: options.demo_data,
        region: CBS_REGION.to_owned(),
        settle: options.settle,
    });
    let (listener, endpoint) = loopback_listener().await?;
    spawn_serving("CBS", &endpoint, cbs::serve(listener, emulator));
    Ok(AccountConfig {
        name: account_name(CBS_ACCOUNT)?,
        region: CBS_REGION.to_owned(),
        endpoint,
        credentials,
        provider: ProviderConfig::Cbs { api: CbsApi::V3 },
        demo: true,
    })
}

/// Runs an emulator's server on the runtime; the log says when it starts and if it stops.
fn spawn_serving(
    provider: &'static str,
    endpoint: &Url,
    serving: impl Future<Output = std::io::Result<()>> + Send + 'static,
) {
    tokio::spawn(async move {
        if let Err(error) = serving.await {
            tracing::error!(%error, "the demo {provider} emulator stopped");
        }
    });
    tracing::info!(%endpoint, "demo {provider} emulator started");
}

async fn loopback_listener() -> std::io::Result<(TcpListener, Url)> {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
    let endpoint = loopback_url(listener.local_addr()?)?;
    Ok((listener, endpoint))
}

fn account_name(name: &str) -> std::io::Result<AccountName> {
    AccountName::parse(name)
        .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidInput, error.to_string()))
}

fn loopback_url(addr: SocketAddr) -> std::io::Result<Url> {
    Url::parse(&format!("http://{addr}"))
        .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidInput, error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_look_like_a_clouds() {
        let a = random_credentials();
        let b = random_credentials();
        assert_eq!(a.access_key.expose().len(), 20);
        assert_eq!(a.secret_key.expose().len(), 40);
        assert_ne!(a.secret_key.expose(), b.secret_key.expose());
        assert_eq!(random_project_id().len(), 32);
    }
}
