//! The serve loop: HTTP/1.1 connections with a header-read deadline (which also closes idle
//! keep-alive connections), a cap on connections served at once, the client's address for the
//! rate limit, and a graceful shutdown that lets in-flight requests finish — up to a deadline,
//! after which the remaining connections are dropped and the loop returns.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The connection policy of one server.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

impl From<&crate::config::ServerSettings> for ServeOptions {
    fn from(server: &crate::config::ServerSettings) -> Self {
        Self {
            header_read_timeout: server.header_read_timeout,
            max_connections: server.max_connections,
            shutdown_grace: server.shutdown_grace,
        }
    }
}

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shutdown {
    /// Every connection finished within the grace period.
    Clean,
    /// Some were still open at the deadline and were dropped.
    Forced { open: usize },
}

/// Serves `router` on `listener` until `signal` completes, then shuts down gracefully.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    options: ServeOptions,
    signal: impl Future<Output = ()>,
) -> Shutdown {
    let slots = Arc::new(Semaphore::new(options.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .keep_alive(true);
    tokio::pin!(signal);
    loop {
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut signal => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a little rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tracing::warn!(
                max_connections = options.max_connections,
                "connection cap reached; closing a new connection"
            );
            drop(stream);
            continue;
        };
        // Replies go out as soon as written: with Nagle's algorithm a reply on a kept-alive
        // connection can wait for the client's delayed ACK of the previous one (up to 40 ms).
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "cannot set TCP_NODELAY");
        }
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    let open = options.max_connections - slots.available_permits();
    tracing::info!(
        open_connections = open,
        grace_ms = options.shutdown_grace.as_millis() as u64,
        "no longer accepting; letting in-flight requests finish"
    );
    let started = Instant::now();
    tokio::select! {
        () = graceful.shutdown() => {
            tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, "every connection closed");
            Shutdown::Clean
        }
        () = tokio::time::sleep(options.shutdown_grace) => {
            let open = options.max_connections - slots.available_permits();
            tracing::warn!(open_connections = open, "shutdown deadline passed; dropping the remaining connections");
            Shutdown::Forced { open }
        }
    }
}
