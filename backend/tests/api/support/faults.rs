//! The fault suite's harness: a console whose one account's cloud is an emulator behind a
//! [`FaultPlan`], and a scenario runner that captures every log line of the scenario and checks
//! that none holds a key.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use serde_json::json;
use shared::volume::VolumeList;
use shared::AccountName;
use snapdeck::cloud::http::Timeouts;
use snapdeck::cloud::policy::PolicySettings;
use snapdeck::config::{AccountConfig, CbsApi, ProviderConfig, Settings};
use snapdeck::demo::{random_credentials, random_project_id};
use snapdeck::emulator::cbs::{self, CbsEmulator, CbsEmulatorConfig};
use snapdeck::emulator::evs::{self, EvsEmulator, EvsEmulatorConfig};
use snapdeck::emulator::faults::{self, FaultPlan, FaultSpec, Flavour};
use snapdeck::{app, AppState};
use tokio::net::TcpListener;
use url::Url;

use super::console::Console;
use super::logs::Captured;
use super::Reply;

pub const ACCOUNT: &str = "faulty";
pub const SNAPSHOTS: &str = "/api/v1/accounts/faulty/snapshots";

/// The console and the plan its cloud runs under.
pub struct Faulty {
    pub console: Console,
    pub plan: FaultPlan,
    /// The account's keys, to look for in the logs.
    pub secrets: Vec<String>,
}

/// Settings for the suite: short cloud timeouts, so a hang ends quickly.
pub fn suite_settings() -> Settings {
    Settings {
        timeouts: Timeouts {
            connect: Duration::from_secs(1),
            request: Duration::from_secs(2),
        },
        policy: PolicySettings::default(),
        ..Settings::default()
    }
}

/// An EVS account whose emulator injects `specs`; `tweak` adjusts the settings.
pub async fn evs(specs: Vec<FaultSpec>, tweak: impl FnOnce(&mut Settings)) -> Faulty {
    let credentials = random_credentials();
    let project_id = random_project_id();
    let emulator = EvsEmulator::new(EvsEmulatorConfig {
        access_key: credentials.access_key.expose().to_owned(),
        secret_key: credentials.secret_key.expose().to_owned(),
        project_id: project_id.clone(),
        demo_data: true,
        settle: Duration::from_millis(200),
    });
    let plan = FaultPlan::new(specs, 11);
    let address = spawn(evs::router(emulator), Flavour::Evs, plan.clone()).await;
    let secrets = vec![
        credentials.access_key.expose().to_owned(),
        credentials.secret_key.expose().to_owned(),
    ];
    let account = AccountConfig {
        name: AccountName::parse(ACCOUNT).unwrap(),
        region: "cn-north-4".to_owned(),
        endpoint: Url::parse(&format!("http://{address}")).unwrap(),
        credentials,
        provider: ProviderConfig::Evs { project_id },
        demo: false,
    };
    build(account, plan, secrets, tweak)
}

/// A CBS (API 3.0) account whose emulator injects `specs`.
pub async fn cbs(specs: Vec<FaultSpec>, tweak: impl FnOnce(&mut Settings)) -> Faulty {
    let credentials = random_credentials();
    let emulator = CbsEmulator::new(CbsEmulatorConfig {
        secret_id: credentials.access_key.expose().to_owned(),
        secret_key: credentials.secret_key.expose().to_owned(),
        demo_data: true,
        region: "ap-guangzhou".to_owned(),
        settle: super::cbs::SETTLE,
    });
    let plan = FaultPlan::new(specs, 11);
    let address = spawn(cbs::router(emulator), Flavour::Cbs, plan.clone()).await;
    let secrets = vec![
        credentials.access_key.expose().to_owned(),
        credentials.secret_key.expose().to_owned(),
    ];
    let account = AccountConfig {
        name: AccountName::parse(ACCOUNT).unwrap(),
        region: "ap-guangzhou".to_owned(),
        endpoint: Url::parse(&format!("http://{address}")).unwrap(),
        credentials,
        provider: ProviderConfig::Cbs { api: CbsApi::V3 },
        demo: false,
    };
    build(account, plan, secrets, tweak)
}

async fn spawn(router: axum::Router, flavour: Flavour, plan: FaultPlan) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(faults::serve(listener, router, flavour, plan));
    address
}

fn build(
    account: AccountConfig,
    plan: FaultPlan,
    secrets: Vec<String>,
    tweak: impl FnOnce(&mut Settings),
) -> Faulty {
    let mut settings = suite_settings();
    settings.accounts = vec![account];
    tweak(&mut settings);
    let state = AppState::new(&settings, None).unwrap();
    Faulty {
        console: Console {
            router: app(state),
            accounts: settings.accounts.clone(),
            dist: None,
        },
        plan,
        secrets,
    }
}

impl Faulty {
    /// Creates a snapshot named `name` of the first volume.
    pub async fn create(&self, name: &str) -> Reply {
        let volumes: VolumeList = self
            .console
            .get(&format!("/api/v1/accounts/{ACCOUNT}/volumes"))
            .await
            .json();
        let volume = volumes
            .volumes
            .iter()
            .find(|volume| volume.status == "available")
            .unwrap_or(&volumes.volumes[0]);
        self.console
            .send(
                axum::http::Method::POST,
                SNAPSHOTS,
                Some(json!({"snapshot": {"volume_id": volume.id, "name": name, "force": true}})),
            )
            .await
    }

    /// How many snapshots in the list carry `name`.
    pub async fn count_named(&self, name: &str) -> usize {
        let page: shared::api::SnapshotPage = self
            .console
            .get(&format!("{SNAPSHOTS}?name={name}"))
            .await
            .json();
        page.snapshots.iter().filter(|s| s.name == name).count()
    }
}

/// Runs one scenario on its own runtime with its log captured at DEBUG; the scenario returns
/// the secrets to look for. Fails if any log line holds one, or a signature, or a panic.
/// Returns the log, for scenarios that look for a line.
pub fn scenario<F, Fut>(run: F) -> String
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let secrets = tracing::subscriber::with_default(subscriber, || runtime.block_on(run()));
    drop(runtime);
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    for secret in secrets {
        assert!(!secret.is_empty());
        assert!(!logs.contains(&secret), "a log line holds a key");
    }
    for needle in ["Signature=", "Credential=", "Access=", "panicked"] {
        assert!(!logs.contains(needle), "a log line holds {needle:?}");
    }
    logs
}
