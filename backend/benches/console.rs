//! `cargo bench -p snapdeck --bench console` (or `scripts/bench`): how fast the hot paths are,
//! as a table, each against a budget. A budget missed makes the run fail, so a slowdown is
//! caught where it is measured, not in timed unit tests.
//!
//! Budgets are about ten times what an idle 2-core machine measures (9 µs, 2 µs, 3 ms, 0.5 ms),
//! so a CI machine busy compiling still passes (seen there: 11 ms for the EVS page), while a
//! real regression — a quadratic parse, a blocking call — still fails. A list page through the
//! whole stack is budgeted at 50 ms p50, well under what a user would notice.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use shared::api::{ListQuery, SnapshotPage};
use snapdeck::cloud::evs::signer;
use snapdeck::cloud::evs::wire::SnapshotList;
use snapdeck::config::Settings;
use snapdeck::demo::{self, DemoOptions};
use snapdeck::{app, AppState};

struct Row {
    name: &'static str,
    unit: &'static str,
    iterations: usize,
    p50: Duration,
    p99: Duration,
    budget_p50: Duration,
}

fn measure(iterations: usize, mut run: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..iterations.min(50) {
        run();
    }
    let mut samples: Vec<Duration> = (0..iterations)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .collect();
    samples.sort();
    (
        samples[samples.len() / 2],
        samples[samples.len() * 99 / 100],
    )
}

fn bench_sync(
    rows: &mut Vec<Row>,
    name: &'static str,
    unit: &'static str,
    iterations: usize,
    budget_p50: Duration,
    run: impl FnMut(),
) {
    let (p50, p99) = measure(iterations, run);
    rows.push(Row {
        name,
        unit,
        iterations,
        p50,
        p99,
        budget_p50,
    });
}

fn evs_page(rows: usize) -> Vec<u8> {
    let snapshots: Vec<serde_json::Value> = (0..rows)
        .map(|i| {
            serde_json::json!({
                "id": format!("6cd26877-3ca3-4f4e-ae2a-{i:012}"),
                "status": if i % 7 == 0 { "creating" } else { "available" },
                "name": format!("数据库每日备份-{i}"),
                "description": if i % 3 == 0 { serde_json::Value::Null } else { "nightly".into() },
                "created_at": "2026-11-19T18:58:45.254689",
                "updated_at": null,
                "metadata": {"db": "mysql"},
                "volume_id": "4fa05d8c-2b6e-4dbf-9a7c-9e5b1c3f6a05",
                "size": 500,
                "os-extended-snapshot-attributes:project_id": "d6c277ba8820452e83df36f33c9fa561",
                "os-extended-snapshot-attributes:progress": "100%"
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "snapshots": snapshots })).unwrap()
}

fn main() {
    let mut rows = Vec::new();

    let query = vec![
        ("limit".to_owned(), "50".to_owned()),
        ("name".to_owned(), "快照 nightly".to_owned()),
        ("status".to_owned(), "available".to_owned()),
        (
            "marker".to_owned(),
            "b3f5d3a0-1c2d-4e5f-8a9b-0c1d2e3f4a5b".to_owned(),
        ),
    ];
    let headers = vec![
        ("Content-Type".to_owned(), "application/json".to_owned()),
        (
            "X-Project-Id".to_owned(),
            "0123456789abcdef0123456789abcdef".to_owned(),
        ),
    ];
    bench_sync(
        &mut rows,
        "sign an EVS list call, SDK-HMAC-SHA256",
        "call",
        20_000,
        Duration::from_micros(200),
        || {
            black_box(signer::sign(
                &signer::Request {
                    method: "GET",
                    host: "evs.cn-north-4.myhuaweicloud.com",
                    path: "/v2/0123456789abcdef0123456789abcdef/snapshots/detail",
                    query: black_box(&query),
                    headers: &headers,
                    body: b"",
                },
                "HWTESTAK0000EXAMPLE1",
                "hwTestSecretKey/0000+EXAMPLE/abcdefghijklmn",
                "20240315T082233Z",
            ));
        },
    );

    let raw_query = "limit=50&name=%E5%BF%AB%E7%85%A7%20nightly&status=available&volume_id=4fa05d8c-2b6e-4dbf-9a7c-9e5b1c3f6a05";
    bench_sync(
        &mut rows,
        "parse and check a list query",
        "query",
        50_000,
        Duration::from_micros(100),
        || {
            black_box(ListQuery::from_query_string(black_box(raw_query)).unwrap());
        },
    );

    let page = evs_page(1000);
    bench_sync(
        &mut rows,
        "read an EVS reply of 1000 snapshots",
        "page",
        200,
        Duration::from_millis(60),
        || {
            let list: SnapshotList = serde_json::from_slice(black_box(&page)).unwrap();
            black_box(list);
        },
    );

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let accounts = demo::start(DemoOptions {
            settle: Duration::from_secs(5),
            demo_data: true,
        })
        .await
        .unwrap();
        let settings = Settings {
            accounts,
            ..Settings::default()
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = app(AppState::new(&settings, None).unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        let client = reqwest::Client::new();
        let url = format!("{base}/api/v1/accounts/demo/snapshots?limit=20");
        let mut samples = Vec::new();
        for i in 0..550 {
            let started = Instant::now();
            let page: SnapshotPage = client.get(&url).send().await.unwrap().json().await.unwrap();
            if i >= 50 {
                samples.push(started.elapsed());
            }
            assert_eq!(page.snapshots.len(), 20);
        }
        samples.sort();
        rows.push(Row {
            name: "list page, console + signed EVS call, HTTP",
            unit: "request",
            iterations: samples.len(),
            p50: samples[samples.len() / 2],
            p99: samples[samples.len() * 99 / 100],
            budget_p50: Duration::from_millis(50),
        });
    });

    println!(
        "\n| {:<60} | {:>7} | {:>10} | {:>10} | {:>10} | {:<6} |",
        "benchmark", "runs", "p50", "p99", "budget", "ok"
    );
    println!(
        "|{:-<62}|{:->9}|{:->12}|{:->12}|{:->12}|{:-<8}|",
        "", "", "", "", "", ""
    );
    let mut failed = 0;
    for row in &rows {
        let ok = row.p50 <= row.budget_p50;
        failed += usize::from(!ok);
        println!(
            "| {:<60} | {:>7} | {:>10} | {:>10} | {:>10} | {:<6} |",
            format!("{} (per {})", row.name, row.unit),
            row.iterations,
            format!("{:.1?}", row.p50),
            format!("{:.1?}", row.p99),
            format!("{:.0?}", row.budget_p50),
            if ok { "yes" } else { "OVER" }
        );
    }
    if failed > 0 {
        eprintln!("{failed} benchmark(s) over budget");
        std::process::exit(1);
    }
}
