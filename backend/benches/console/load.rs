//! The server-side rows measured over loopback HTTP: a list page of 50 at 100,000 snapshots
//! through the console, and what the console adds over calling the emulator directly (latency
//! at a fixed 1,000 requests a second, and closed-loop throughput with 32 connections).
//!
//! The console and the emulators run as `snapdeck serve` runs them (the serve loop, the metrics
//! recorder, an info-level log, here written to nowhere) on a runtime of their own; the load
//! comes from another runtime on its own threads. Direct and proxied phases alternate in one
//! run, so a busy machine slows both alike and the ratios hold. Every phase is bounded in
//! requests and in time.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use shared::api::SnapshotPage;
use snapdeck::cloud::evs::signer;
use snapdeck::cloud::signing::unix_now;
use snapdeck::config::{AccountConfig, Credentials, ProviderConfig, ServerSettings, Settings};
use snapdeck::emulator::evs::{self, EvsEmulator, EvsEmulatorConfig};
use snapdeck::server::{self, ServeOptions};
use snapdeck::{app, AppState};
use tokio::net::TcpListener;
use url::Url;

use super::{percentile, Row};

/// An EVS emulator the bench can call directly, and the console account that points at it.
struct Cloud {
    endpoint: Url,
    project_id: String,
    credentials: Credentials,
}

impl Cloud {
    /// `GET …/snapshots/detail?…`, signed as the console signs it, sent straight to the
    /// emulator.
    fn direct_request(
        &self,
        client: &reqwest::Client,
        query: &[(String, String)],
    ) -> reqwest::RequestBuilder {
        let host = snapdeck::cloud::http::host_header(&self.endpoint);
        let path = format!("/v2/{}/snapshots/detail", self.project_id);
        let headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Project-Id".to_owned(), self.project_id.clone()),
        ];
        let signed = signer::sign(
            &signer::Request {
                method: "GET",
                host: &host,
                path: &path,
                query,
                headers: &headers,
                body: b"",
            },
            self.credentials.access_key.expose(),
            self.credentials.secret_key.expose(),
            &signer::sdk_date(unix_now()),
        );
        let mut url = self.endpoint.clone();
        url.set_path(&path);
        url.set_query(Some(&signed.wire_query));
        let mut request = client.get(url);
        for (name, value) in signed.headers {
            if !name.eq_ignore_ascii_case("host") {
                request = request.header(name, value);
            }
        }
        request
    }
}

struct Servers {
    console: String,
    small: Cloud,
}

async fn start_cloud(snapshots: usize) -> (Cloud, AccountConfig, &'static str) {
    let credentials = snapdeck::demo::random_credentials();
    let project_id = snapdeck::demo::random_project_id();
    let emulator = EvsEmulator::with_load(
        EvsEmulatorConfig {
            access_key: credentials.access_key.expose().to_owned(),
            secret_key: credentials.secret_key.expose().to_owned(),
            project_id: project_id.clone(),
            demo_data: false,
            settle: EvsEmulatorConfig::DEFAULT_SETTLE,
        },
        snapshots,
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    tokio::spawn(evs::serve(listener, emulator));
    let name = if snapshots > 10_000 { "large" } else { "small" };
    let account = AccountConfig {
        name: shared::AccountName::parse(name).unwrap(),
        region: "cn-north-4".to_owned(),
        endpoint: endpoint.clone(),
        credentials: credentials.clone(),
        provider: ProviderConfig::Evs {
            project_id: project_id.clone(),
        },
        demo: true,
    };
    let cloud = Cloud {
        endpoint,
        project_id,
        credentials,
    };
    (cloud, account, name)
}

/// Starts the emulators and the console on `runtime`, as the binary serves them.
fn start_servers(runtime: &tokio::runtime::Runtime) -> Servers {
    runtime.block_on(async {
        snapdeck::metrics::install();
        let (small, small_account, _) = start_cloud(1_000).await;
        let (_, large_account, _) = start_cloud(100_000).await;
        let settings = Settings {
            accounts: vec![small_account, large_account],
            // The limiter stays on, as in production, with room for the load.
            server: ServerSettings {
                rate_limit_per_minute: 1_000_000_000,
                rate_limit_burst: 1_000_000,
                ..ServerSettings::default()
            },
            ..Settings::default()
        };
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let bound: SocketAddr = listener.local_addr().unwrap();
        let state = AppState::serving(&settings, None, Some(bound)).unwrap();
        let options = ServeOptions::from(&settings.server);
        tokio::spawn(server::serve(
            listener,
            app(state),
            options,
            std::future::pending(),
        ));
        Servers {
            console: format!("http://{bound}/api/v1/accounts"),
            small,
        }
    })
}

async fn read_all(request: reqwest::RequestBuilder) -> Vec<u8> {
    let response = request.send().await.unwrap();
    assert!(
        response.status().is_success(),
        "status {}",
        response.status()
    );
    response.bytes().await.unwrap().to_vec()
}

/// Requests sent at a fixed rate whatever the answers' pace (open loop), paced by this thread
/// (tokio's timer ticks in whole milliseconds, too coarse for 1,000 a second) and run on
/// `runtime`; each latency counts from when its request was due, so a stall is not hidden by
/// the requests it delays.
fn open_loop<F, Fut>(
    runtime: &tokio::runtime::Runtime,
    rate: u32,
    duration: Duration,
    send: F,
) -> Vec<Duration>
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let interval = Duration::from_secs(1) / rate;
    let count = u32::try_from((duration.as_micros() / interval.as_micros()).max(1)).unwrap();
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(count as usize);
    for index in 0..count {
        let due = started + interval * index;
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let request = send();
        tasks.push(runtime.spawn(async move {
            request.await;
            due.elapsed()
        }));
    }
    runtime.block_on(async {
        let mut samples = Vec::with_capacity(tasks.len());
        for task in tasks {
            samples.push(task.await.unwrap());
        }
        samples
    })
}

/// `connections` clients, each sending its next request when its last is answered, for
/// `duration` (and at most `cap` requests in all); the requests answered.
async fn closed_loop<F, Fut>(connections: usize, duration: Duration, cap: usize, send: F) -> usize
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let done = AtomicUsize::new(0);
    let deadline = Instant::now() + duration;
    let (done, send) = (&done, &send);
    let workers: Vec<_> = (0..connections)
        .map(|_| async move {
            while Instant::now() < deadline && done.load(Ordering::Relaxed) < cap {
                send().await;
                done.fetch_add(1, Ordering::Relaxed);
            }
        })
        .collect();
    futures_util::future::join_all(workers).await;
    done.load(Ordering::Relaxed)
}

fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap()
}

pub fn rows(rows: &mut Vec<Row>) {
    // The binary's log: every line formatted at its level, as `snapdeck serve` writes them to a
    // file or a log collector (no colour: not a terminal).
    snapdeck::logging::init(
        tracing_subscriber::EnvFilter::new(
            std::env::var("SNAPDECK_BENCH_LOG")
                .unwrap_or_else(|_| snapdeck::logging::DEFAULT_FILTER.to_owned()),
        ),
        std::io::sink,
        false,
    );
    let servers_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let servers = start_servers(&servers_runtime);
    let load = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::new();
    let only = std::env::var("SNAPDECK_BENCH_ONLY").unwrap_or_default();
    if only.is_empty() || only == "large" {
        load.block_on(large_account_pages(rows, &client, &servers));
    }
    // For a profiler: one path alone under load for 5 s.
    if let Some(path) = only.strip_suffix("-loop") {
        load.block_on(profile_loop(path, &client, &servers));
    }
    if only.is_empty() || only == "proxy" {
        proxy_overhead(rows, &load, &client, &servers);
        load.block_on(proxy_throughput(rows, &client, &servers));
    }
    servers_runtime.shutdown_timeout(Duration::from_secs(1));
}

/// A page of 50 at 100,000 snapshots, through the console, for each filter: walking the pages
/// by marker (a filter with fewer rows starts over), each page a separate request. The filters
/// take turns, 100 pages each, over 5 rounds; a filter's p99 is the median of its rounds' p99s,
/// so a burst of another process's work spoils one round rather than the row.
async fn large_account_pages(rows: &mut Vec<Row>, client: &reqwest::Client, servers: &Servers) {
    let list_url = format!("{}/large/snapshots", servers.console);
    let first: SnapshotPage = client
        .get(format!("{list_url}?limit=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // One of the demo's eight disks: an eighth of the snapshots.
    let volume_id = first.snapshots[0].volume_id.clone();
    let small_url = format!("{}/small/snapshots", servers.console);
    // The last is the same walk over 1,000 snapshots, in the same rounds: what the machine's
    // own noise does to a p99, for the reader (it has no budget).
    let filters = [
        ("no filter", list_url.as_str(), String::new()),
        ("name", list_url.as_str(), "&name=load-7".to_owned()),
        ("status", list_url.as_str(), "&status=error".to_owned()),
        (
            "volume_id",
            list_url.as_str(),
            format!("&volume_id={volume_id}"),
        ),
        ("reference", small_url.as_str(), String::new()),
    ];
    let mut markers: Vec<Option<String>> = vec![None; filters.len()];
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); filters.len()];
    let mut round_p99s: Vec<Vec<Duration>> = vec![Vec::new(); filters.len()];
    for round in 0..6 {
        for (index, (label, url, filter)) in filters.iter().enumerate() {
            let mut this_round = Vec::new();
            for _ in 0..100 {
                let mut url = format!("{url}?limit=50{filter}");
                if let Some(marker) = &markers[index] {
                    url.push_str("&marker=");
                    url.push_str(marker);
                }
                let started = Instant::now();
                let page: SnapshotPage =
                    client.get(url).send().await.unwrap().json().await.unwrap();
                this_round.push(started.elapsed());
                assert!(!page.snapshots.is_empty(), "{label}: an empty page");
                markers[index] = page.next_marker;
            }
            // The first round warms the caches and connections and is not counted.
            if round > 0 {
                this_round.sort();
                round_p99s[index].push(percentile(&this_round, 99));
                samples[index].extend(this_round);
            }
        }
    }
    let median_p99 = |index: usize| {
        let mut p99s = round_p99s[index].clone();
        p99s.sort();
        (p99s[p99s.len() / 2], p99s[p99s.len() - 1])
    };
    let (reference, _) = median_p99(filters.len() - 1);
    for (index, (label, _, _)) in filters.iter().enumerate().take(filters.len() - 1) {
        samples[index].sort();
        let (p99, worst) = median_p99(index);
        rows.push(Row {
            name: format!("list page of 50 at 100,000 snapshots, console, {label}"),
            runs: samples[index].len(),
            measured: format!(
                "p50 {:.0?}, p99 {p99:.0?} (worst {worst:.0?}; 1k: {reference:.0?})",
                percentile(&samples[index], 50)
            ),
            budget: "p99 ≤ 2 ms".to_owned(),
            ok: p99 <= Duration::from_millis(2),
        });
    }
}

/// What the console adds to a list of 50 at 1,000 requests a second: direct and proxied phases
/// alternate, 8 × 0.5 s each, so a drift in the machine's load hits both alike.
///
/// - p50: a round's figure is proxied minus direct, and the median over the rounds is reported
///   (a burst of another process's work then moves one round, not the result).
/// - p99: proxied minus direct over all 4,000 requests of each kind. A round's p99 is its 6th
///   slowest request of 500, so the median of the rounds' p99s swung ×4 between runs of the
///   same code (+294 to +1,395 µs); the p99 of all the requests is the 40th slowest, steadier, and
///   the same interleaved rounds keep the two sides comparable. The rounds' median is printed
///   beside it.
fn proxy_overhead(
    rows: &mut Vec<Row>,
    load: &tokio::runtime::Runtime,
    client: &reqwest::Client,
    servers: &Servers,
) {
    let query = vec![("limit".to_owned(), "50".to_owned())];
    let proxied_url = format!("{}/small/snapshots?limit=50", servers.console);
    let direct = || {
        let request = servers.small.direct_request(client, &query);
        async move {
            read_all(request).await;
        }
    };
    let proxied = || {
        let request = client.get(&proxied_url);
        async move {
            read_all(request).await;
        }
    };
    // Warm both paths (connections, caches) before counting.
    open_loop(load, 1000, Duration::from_millis(300), direct);
    open_loop(load, 1000, Duration::from_millis(300), proxied);
    let phase = Duration::from_millis(500);
    let mut added: [Vec<i64>; 2] = [Vec::new(), Vec::new()];
    let (mut all_direct, mut all_proxied) = (Vec::new(), Vec::new());
    for round in 0..8 {
        // Alternate which goes first, so a drift in the machine's load hits both alike.
        let (mut d, mut p) = if round % 2 == 0 {
            let d = open_loop(load, 1000, phase, direct);
            (d, open_loop(load, 1000, phase, proxied))
        } else {
            let p = open_loop(load, 1000, phase, proxied);
            (open_loop(load, 1000, phase, direct), p)
        };
        d.sort();
        p.sort();
        for (slot, pct) in [(0, 50), (1, 99)] {
            added[slot].push(micros(percentile(&p, pct)) - micros(percentile(&d, pct)));
        }
        all_direct.extend(d);
        all_proxied.extend(p);
    }
    all_direct.sort();
    all_proxied.sort();
    for (slot, label, pct, budget) in [
        (0, "p50", 50, Duration::from_micros(200)),
        (1, "p99", 99, Duration::from_millis(1)),
    ] {
        added[slot].sort();
        let rounds = added[slot][added[slot].len() / 2];
        let (proxied, direct) = (percentile(&all_proxied, pct), percentile(&all_direct, pct));
        let pooled = micros(proxied) - micros(direct);
        // p50: the rounds' median; p99: over all the requests (see above).
        let (figure, other) = if pct == 50 {
            (rounds, format!("all: +{pooled} µs"))
        } else {
            (pooled, format!("rounds' median: +{rounds} µs"))
        };
        rows.push(Row {
            name: format!("latency the console adds, list of 50 at 1,000 req/s, {label}"),
            runs: all_proxied.len(),
            measured: format!(
                "+{figure} µs ({} vs {} µs; {other})",
                micros(proxied),
                micros(direct)
            ),
            budget: format!("≤ +{} µs", budget.as_micros()),
            ok: figure <= micros(budget),
        });
    }
}

/// Requests answered with 32 connections in a closed loop, proxied as a share of direct:
/// 6 × 1 s each, alternating; the median of the rounds' shares. Also the process's CPU time per
/// request of each kind, which another process's load hardly moves.
async fn proxy_throughput(rows: &mut Vec<Row>, client: &reqwest::Client, servers: &Servers) {
    let query = vec![("limit".to_owned(), "50".to_owned())];
    let proxied_url = format!("{}/small/snapshots?limit=50", servers.console);
    let direct = || {
        let request = servers.small.direct_request(client, &query);
        async move {
            read_all(request).await;
        }
    };
    let proxied = || {
        let request = client.get(&proxied_url);
        async move {
            read_all(request).await;
        }
    };
    let phase = Duration::from_secs(1);
    let cap = 200_000;
    closed_loop(32, Duration::from_millis(300), cap, direct).await;
    closed_loop(32, Duration::from_millis(300), cap, proxied).await;
    let mut shares = Vec::new();
    let (mut direct_done, mut proxied_done) = (0, 0);
    let (mut direct_cpu, mut proxied_cpu) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..6 {
        let cpu = cpu_time();
        let d = closed_loop(32, phase, cap, direct).await;
        let middle = cpu_time();
        let p = closed_loop(32, phase, cap, proxied).await;
        direct_cpu += middle - cpu;
        proxied_cpu += cpu_time() - middle;
        direct_done += d;
        proxied_done += p;
        shares.push(p as f64 / d.max(1) as f64);
    }
    shares.sort_by(f64::total_cmp);
    let share = shares[shares.len() / 2];
    let per = |cpu: Duration, done: usize| cpu.as_secs_f64() * 1e6 / done.max(1) as f64;
    rows.push(Row {
        name: "proxy throughput, 32 connections closed loop, share of direct".to_owned(),
        runs: proxied_done + direct_done,
        measured: format!(
            "{:.1}% (CPU/list {:.0} vs {:.0} µs)",
            share * 100.0,
            per(proxied_cpu, proxied_done),
            per(direct_cpu, direct_done)
        ),
        budget: "≥ 40%".to_owned(),
        ok: share >= 0.40,
    });
}

async fn profile_loop(path: &str, client: &reqwest::Client, servers: &Servers) {
    let query = vec![("limit".to_owned(), "50".to_owned())];
    let proxied_url = format!("{}/small/snapshots?limit=50", servers.console);
    let cpu = cpu_time();
    let done = if path == "direct" {
        closed_loop(32, Duration::from_secs(5), 1_000_000, || {
            let request = servers.small.direct_request(client, &query);
            async move {
                read_all(request).await;
            }
        })
        .await
    } else {
        closed_loop(32, Duration::from_secs(5), 1_000_000, || {
            let request = client.get(&proxied_url);
            async move {
                read_all(request).await;
            }
        })
        .await
    };
    let cpu = cpu_time() - cpu;
    println!(
        "{path}: {done} requests, {:.0} µs of CPU each",
        cpu.as_secs_f64() * 1e6 / done as f64
    );
}

/// CPU time this process has used (user and system, every thread), from /proc: counts the
/// work done whatever else the machine runs.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start at field 3.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|index| fields.get(*index)?.parse::<u64>().ok())
        .sum();
    // USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}
