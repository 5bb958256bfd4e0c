//! The server against slow, idle, greedy or misdirected clients, over real TCP through the
//! serve loop `snapdeck serve` runs.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use snapdeck::config::Settings;
use snapdeck::emulator::faults::{FaultKind, FaultOperation, FaultSpec};
use snapdeck::server::{self, ServeOptions, Shutdown};
use snapdeck::{app, AppState};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::support::faults::{evs, scenario, Faulty, SNAPSHOTS};
use crate::support::Reply;

/// The console of `cloud` served over TCP; send on the sender to shut it down.
async fn serve(
    cloud: &Faulty,
    tweak: impl FnOnce(&mut Settings),
) -> (SocketAddr, oneshot::Sender<()>, JoinHandle<Shutdown>) {
    let mut settings = crate::support::faults::suite_settings();
    settings.accounts = cloud.console.accounts.clone();
    tweak(&mut settings);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let state = AppState::serving(&settings, None, Some(address)).unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let options = ServeOptions::from(&settings.server);
    let task = tokio::spawn(server::serve(listener, app(state), options, async {
        let _ = stopped.await;
    }));
    (address, stop, task)
}

/// Reads until the server closes the connection; how long that took.
async fn time_to_close(stream: &mut TcpStream, limit: Duration) -> Duration {
    let started = Instant::now();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit, stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return started.elapsed(),
            Ok(Ok(_)) => continue,
            Err(_) => panic!("the connection was still open after {limit:?}"),
        }
    }
}

fn header_timeout(seconds: u64) -> impl FnOnce(&mut Settings) {
    move |settings| settings.server.header_read_timeout = Duration::from_secs(seconds)
}

#[test]
fn slow_header_client_is_cut() {
    scenario(|| async {
        let cloud = evs(Vec::new(), |_| {}).await;
        let (address, _stop, _task) = serve(&cloud, header_timeout(1)).await;
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream
            .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n")
            .await
            .unwrap();
        let closed = time_to_close(&mut stream, Duration::from_secs(5)).await;
        assert!(
            closed >= Duration::from_millis(900) && closed < Duration::from_secs(3),
            "{closed:?}"
        );
        cloud.secrets
    });
}

#[test]
fn idle_keep_alive_client_is_cut() {
    scenario(|| async {
        let cloud = evs(Vec::new(), |_| {}).await;
        let (address, _stop, _task) = serve(&cloud, header_timeout(1)).await;
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream
            .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .unwrap();
        let mut buffer = [0u8; 4096];
        let read = stream.read(&mut buffer).await.unwrap();
        assert!(buffer[..read].starts_with(b"HTTP/1.1 200"));
        let closed = time_to_close(&mut stream, Duration::from_secs(5)).await;
        assert!(closed < Duration::from_secs(3), "{closed:?}");
        cloud.secrets
    });
}

#[test]
fn shutdown_finishes_in_flight_requests_and_drops_a_stuck_client() {
    scenario(|| async {
        let cloud = evs(
            vec![
                FaultSpec::always(FaultKind::Latency(Duration::from_millis(500)))
                    .on(FaultOperation::List),
            ],
            |_| {},
        )
        .await;
        let (address, stop, task) = serve(&cloud, |settings| {
            settings.server.header_read_timeout = Duration::from_secs(30);
            settings.server.shutdown_grace = Duration::from_secs(2);
        })
        .await;
        let mut stuck = TcpStream::connect(address).await.unwrap();
        stuck.write_all(b"GET /api/v1/he").await.unwrap();
        let in_flight = tokio::spawn(async move {
            reqwest::get(format!("http://{address}{SNAPSHOTS}"))
                .await
                .map(|response| response.status())
        });
        tokio::time::sleep(Duration::from_millis(150)).await;
        let started = Instant::now();
        stop.send(()).unwrap();
        let outcome = task.await.unwrap();
        let took = started.elapsed();
        assert_eq!(outcome, Shutdown::Forced { open: 1 }, "the stuck client");
        assert!(
            took >= Duration::from_secs(2) && took < Duration::from_secs(3),
            "{took:?}"
        );
        let status = in_flight.await.unwrap().unwrap();
        assert_eq!(
            status,
            reqwest::StatusCode::OK,
            "the in-flight request finished"
        );
        assert!(
            TcpStream::connect(address).await.is_err(),
            "no longer listening"
        );
        cloud.secrets
    });
}

#[test]
fn shutdown_without_stuck_clients_is_immediate() {
    scenario(|| async {
        let cloud = evs(Vec::new(), |_| {}).await;
        let (address, stop, task) = serve(&cloud, |_| {}).await;
        let reply = reqwest::get(format!("http://{address}/api/v1/health"))
            .await
            .unwrap();
        assert!(reply.status().is_success());
        drop(reply);
        let started = Instant::now();
        stop.send(()).unwrap();
        // reqwest's pooled keep-alive connection is idle: it is closed at once.
        assert_eq!(task.await.unwrap(), Shutdown::Clean);
        assert!(started.elapsed() < Duration::from_secs(1));
        cloud.secrets
    });
}

#[test]
fn connections_over_the_cap_are_closed() {
    scenario(|| async {
        let cloud = evs(Vec::new(), |_| {}).await;
        let (address, _stop, _task) = serve(&cloud, |settings| {
            settings.server.max_connections = 1;
            settings.server.header_read_timeout = Duration::from_secs(10);
        })
        .await;
        let _first = TcpStream::connect(address).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut second = TcpStream::connect(address).await.unwrap();
        let _ = second
            .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await;
        let closed = time_to_close(&mut second, Duration::from_secs(2)).await;
        assert!(closed < Duration::from_secs(1), "{closed:?}");
        cloud.secrets
    });
}

#[test]
fn rate_limit_answers_429_with_retry_after() {
    scenario(|| async {
        let cloud = evs(Vec::new(), |_| {}).await;
        let (address, _stop, _task) = serve(&cloud, |settings| {
            settings.server.rate_limit_per_minute = 30;
            settings.server.rate_limit_burst = 2;
        })
        .await;
        let client = reqwest::Client::new();
        let url = format!("http://{address}/api/v1/accounts");
        for _ in 0..2 {
            let reply = client.get(&url).send().await.unwrap();
            assert_eq!(reply.status(), reqwest::StatusCode::OK);
        }
        let reply = Reply::read(client.get(&url).send().await.unwrap()).await;
        reply.error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
        let wait: u64 = reply.header("retry-after").parse().unwrap();
        assert!((1..=2).contains(&wait), "{wait}");
        cloud.secrets
    });
}

#[test]
fn wrong_host_is_refused() {
    scenario(|| async {
        let cloud = evs(Vec::new(), |_| {}).await;
        let (address, _stop, _task) = serve(&cloud, |_| {}).await;
        let client = reqwest::Client::new();
        let evil = client
            .get(format!("http://{address}/api/v1/accounts"))
            .header("host", "evil.example")
            .send()
            .await
            .unwrap();
        Reply::read(evil)
            .await
            .error(StatusCode::MISDIRECTED_REQUEST, "host_not_allowed");
        let good = client
            .get(format!(
                "http://localhost:{}/api/v1/accounts",
                address.port()
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(good.status(), reqwest::StatusCode::OK);
        cloud.secrets
    });
}

#[test]
fn over_size_body_gets_413() {
    scenario(|| async {
        let cloud = evs(Vec::new(), |_| {}).await;
        let name = "x".repeat(70 * 1024);
        let body = format!(r#"{{"snapshot": {{"volume_id": "v", "name": "{name}"}}}}"#);
        let request = Request::post(SNAPSHOTS)
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap();
        let response = cloud.console.router.clone().oneshot(request).await.unwrap();
        Reply::read(response)
            .await
            .error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
        assert_eq!(cloud.plan.requests(), 0, "the cloud was not called");
        cloud.secrets
    });
}

#[test]
fn request_deadline_answers_504_in_the_consoles_shape() {
    scenario(|| async {
        let cloud = evs(
            vec![FaultSpec::always(FaultKind::Hang).on(FaultOperation::List)],
            |settings| {
                settings.server.request_timeout = Duration::from_secs(1);
                settings.timeouts.request = Duration::from_secs(10);
            },
        )
        .await;
        let started = Instant::now();
        let reply = cloud.console.get(SNAPSHOTS).await;
        reply.error(StatusCode::GATEWAY_TIMEOUT, "request_timeout");
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(2));
        cloud.secrets
    });
}

#[test]
fn every_reply_carries_the_security_headers() {
    scenario(|| async {
        let cloud = evs(Vec::new(), |_| {}).await;
        for uri in ["/api/v1/health", "/api/v1/nothing", "/metrics", "/"] {
            let reply = cloud.console.get(uri).await;
            let csp = reply.header("content-security-policy");
            assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"));
            assert!(!csp.contains("unsafe-inline"));
            assert_eq!(reply.header("x-content-type-options"), "nosniff");
            assert_eq!(reply.header("referrer-policy"), "no-referrer");
            assert_eq!(reply.header("cross-origin-opener-policy"), "same-origin");
            assert!(reply.headers.get("strict-transport-security").is_none());
        }
        let https = evs(Vec::new(), |settings| {
            settings.server.public_url = Some(url::Url::parse("https://snap.example.com").unwrap());
        })
        .await;
        let reply = https.console.get("/api/v1/health").await;
        assert!(reply
            .header("strict-transport-security")
            .contains("max-age="));
        cloud.secrets
    });
}

#[test]
fn metrics_count_requests_cloud_calls_and_retries() {
    scenario(|| async {
        let cloud = evs(
            vec![FaultSpec::always(FaultKind::Reset)
                .on(FaultOperation::List)
                .times(1)],
            |_| {},
        )
        .await;
        assert_eq!(cloud.console.get(SNAPSHOTS).await.status, StatusCode::OK);
        let metrics = cloud.console.get("/metrics").await;
        assert!(metrics.header("content-type").starts_with("text/plain"));
        let text = metrics.text;
        for needle in [
            "snapdeck_http_requests_total{",
            r#"route="/api/v1/accounts/{account}/snapshots""#,
            "snapdeck_http_request_duration_seconds_bucket{",
            r#"snapdeck_cloud_calls_total{account="faulty",operation="list_snapshots",outcome="ok"}"#,
            r#"snapdeck_cloud_retries_total{account="faulty",operation="list_snapshots"}"#,
            r#"snapdeck_cloud_breaker_state{account="faulty"}"#,
        ] {
            assert!(text.contains(needle), "{needle} missing from:\n{text}");
        }
        cloud.secrets
    });
}
