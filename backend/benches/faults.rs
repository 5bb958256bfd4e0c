//! `cargo bench -p snapdeck --bench faults` (run by `scripts/bench`): a bounded load test
//! against an EVS emulator that injects faults, through the real serve loop over TCP.
//!
//! - 2,000 list requests, 50 at a time, with 10% of the cloud's list replies a 503;
//! - 200 creates, 10 at a time, with 10% of the cloud's create connections dropped after the
//!   snapshot was made (`reset-after`).
//!
//! It fails unless: no panic; every reply is a success or the console's error shape; every
//! create is accounted for — reported created, or reported `outcome_unknown` and then found in
//! the list — and no name is in the list twice. It prints the figures.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use shared::api::{ErrorBody, SnapshotPage};
use shared::volume::VolumeList;
use shared::AccountName;
use snapdeck::config::{AccountConfig, ProviderConfig, Settings};
use snapdeck::demo::{random_credentials, random_project_id};
use snapdeck::emulator::evs::{self, EvsEmulator, EvsEmulatorConfig};
use snapdeck::emulator::faults::{self, FaultPlan, FaultSpec, Flavour};
use snapdeck::server::{self, ServeOptions};
use snapdeck::{app, AppState};
use tokio::net::TcpListener;

const LISTS: usize = 2_000;
const LIST_CONCURRENCY: usize = 50;
const CREATES: usize = 200;
const CREATE_CONCURRENCY: usize = 10;

static PANICS: AtomicUsize = AtomicUsize::new(0);

#[derive(Default)]
struct Tally {
    by_outcome: BTreeMap<String, usize>,
    not_console_shape: usize,
    latencies: Vec<Duration>,
}

impl Tally {
    fn record(&mut self, status: u16, body: &[u8], elapsed: Duration) -> Option<String> {
        self.latencies.push(elapsed);
        let outcome = if (200..300).contains(&status) {
            "ok".to_owned()
        } else {
            match serde_json::from_slice::<ErrorBody>(body) {
                Ok(error) if !error.error.request_id.is_empty() => {
                    format!("{status} {}", error.error.code)
                }
                _ => {
                    self.not_console_shape += 1;
                    format!("{status} (not the console's shape)")
                }
            }
        };
        *self.by_outcome.entry(outcome.clone()).or_default() += 1;
        Some(outcome)
    }

    fn print(&mut self, title: &str) {
        self.latencies.sort();
        let at = |q: usize| {
            self.latencies[(self.latencies.len() * q / 100).min(self.latencies.len() - 1)]
        };
        println!(
            "{title}: {} replies, p50 {:.1?}, p99 {:.1?}, max {:.1?}",
            self.latencies.len(),
            at(50),
            at(99),
            self.latencies[self.latencies.len() - 1]
        );
        for (outcome, count) in &self.by_outcome {
            println!("  {count:>5}  {outcome}");
        }
    }
}

#[tokio::main]
async fn main() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        default_hook(info);
    }));
    let credentials = random_credentials();
    let project_id = random_project_id();
    let emulator = EvsEmulator::new(EvsEmulatorConfig {
        access_key: credentials.access_key.expose().to_owned(),
        secret_key: credentials.secret_key.expose().to_owned(),
        project_id: project_id.clone(),
        demo_data: true,
        settle: Duration::from_millis(200),
    });
    let plan = FaultPlan::new(
        vec![
            FaultSpec::parse("status=503:0.1@list").unwrap(),
            FaultSpec::parse("reset-after:0.1@create").unwrap(),
        ],
        42,
    );
    let cloud = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let cloud_address = cloud.local_addr().unwrap();
    tokio::spawn(faults::serve(
        cloud,
        evs::router(emulator),
        Flavour::Evs,
        plan.clone(),
    ));

    let mut settings = Settings {
        accounts: vec![AccountConfig {
            name: AccountName::parse("bench").unwrap(),
            region: "cn-north-4".to_owned(),
            endpoint: format!("http://{cloud_address}").parse().unwrap(),
            credentials,
            provider: ProviderConfig::Evs { project_id },
            demo: false,
        }],
        ..Settings::default()
    };
    settings.server.rate_limit_per_minute = 0;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let state = AppState::serving(&settings, None, Some(address)).unwrap();
    let options = ServeOptions::from(&settings.server);
    tokio::spawn(server::serve(
        listener,
        app(state),
        options,
        std::future::pending(),
    ));
    let base = format!("http://{address}/api/v1/accounts/bench");
    let client = reqwest::Client::new();

    // Lists.
    let started = Instant::now();
    let tally = Arc::new(Mutex::new(Tally::default()));
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..LIST_CONCURRENCY)
        .map(|_| {
            let (client, tally, next) = (client.clone(), tally.clone(), next.clone());
            let url = format!("{base}/snapshots?limit=20");
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::SeqCst) < LISTS {
                    let sent = Instant::now();
                    let reply = client.get(&url).send().await.unwrap();
                    let status = reply.status().as_u16();
                    let body = reply.bytes().await.unwrap();
                    tally.lock().unwrap().record(status, &body, sent.elapsed());
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    let list_seconds = started.elapsed().as_secs_f64();
    let injected_lists = plan.injected();
    let mut lists = Arc::try_unwrap(tally).ok().unwrap().into_inner().unwrap();
    lists.print(&format!(
        "{LISTS} lists at {LIST_CONCURRENCY} concurrent in {list_seconds:.1} s ({:.0}/s), {injected_lists} cloud 503s injected",
        LISTS as f64 / list_seconds
    ));

    // Creates.
    let volumes: VolumeList = client
        .get(format!("{base}/volumes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let volume_id = volumes.volumes[0].id.clone();
    let started = Instant::now();
    let tally = Arc::new(Mutex::new(Tally::default()));
    let outcomes = Arc::new(Mutex::new(Vec::new()));
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..CREATE_CONCURRENCY)
        .map(|_| {
            let (client, tally, next, outcomes) = (
                client.clone(),
                tally.clone(),
                next.clone(),
                outcomes.clone(),
            );
            let (url, volume_id) = (format!("{base}/snapshots"), volume_id.clone());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= CREATES {
                        break;
                    }
                    let name = format!("load-{i:04}");
                    let body =
                        json!({"snapshot": {"volume_id": volume_id, "name": name, "force": true}});
                    let sent = Instant::now();
                    let reply = client.post(&url).json(&body).send().await.unwrap();
                    let status = reply.status().as_u16();
                    let bytes = reply.bytes().await.unwrap();
                    let outcome = tally.lock().unwrap().record(status, &bytes, sent.elapsed());
                    outcomes
                        .lock()
                        .unwrap()
                        .push((name, outcome.unwrap_or_default()));
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    let create_seconds = started.elapsed().as_secs_f64();
    let mut creates = Arc::try_unwrap(tally).ok().unwrap().into_inner().unwrap();
    creates.print(&format!(
        "{CREATES} creates at {CREATE_CONCURRENCY} concurrent in {create_seconds:.1} s, {} connections dropped after the work",
        plan.injected() - injected_lists
    ));

    // Every name in the cloud's list, however many pages (the list itself may meet a 503).
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut marker: Option<String> = None;
    loop {
        let mut url = format!("{base}/snapshots?limit=100");
        if let Some(marker) = &marker {
            url.push_str(&format!("&marker={marker}"));
        }
        let reply = client.get(&url).send().await.unwrap();
        if !reply.status().is_success() {
            continue;
        }
        let page: SnapshotPage = reply.json().await.unwrap();
        for snapshot in &page.snapshots {
            *names.entry(snapshot.name.clone()).or_default() += 1;
        }
        match page.next_marker {
            Some(next) => marker = Some(next),
            None => break,
        }
    }
    let outcomes = outcomes.lock().unwrap().clone();
    let (mut created, mut unknown_found, mut unknown_missing, mut failed, mut lost) =
        (0, 0, 0, 0, 0);
    for (name, outcome) in &outcomes {
        let found = names.get(name).copied().unwrap_or(0);
        match (outcome.as_str(), found) {
            ("ok", 1) => created += 1,
            ("ok", _) => lost += 1,
            (o, 1) if o.ends_with("outcome_unknown") => unknown_found += 1,
            (o, 0) if o.ends_with("outcome_unknown") => unknown_missing += 1,
            (_, 0) => failed += 1,
            _ => lost += 1,
        }
    }
    let duplicated = names
        .iter()
        .filter(|(name, count)| name.starts_with("load-") && **count > 1)
        .count();
    println!(
        "creates accounted for: {created} created, {unknown_found} outcome unknown and found in the list, {unknown_missing} outcome unknown and not made, {failed} failed and not made; {lost} unaccounted, {duplicated} duplicated"
    );
    let panics = PANICS.load(Ordering::SeqCst);
    let not_shape = lists.not_console_shape + creates.not_console_shape;
    println!("panics: {panics}; replies not in the console's shape: {not_shape}");
    if panics > 0 || not_shape > 0 || lost > 0 || duplicated > 0 || outcomes.len() != CREATES {
        eprintln!("the load test failed");
        std::process::exit(1);
    }
}
