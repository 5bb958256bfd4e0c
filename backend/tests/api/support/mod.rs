//! What the tests share: one [`Reply`] for every harness, the console called through its router
//! ([`console`]), and the EVS and CBS emulators over real HTTP ([`evs`], [`cbs`]).

pub mod cbs;
pub mod console;
pub mod evs;
pub mod faults;
pub mod logs;
pub mod portal;
mod reply;

use std::future::Future;
use std::net::SocketAddr;

use tokio::net::TcpListener;

pub use reply::Reply;

/// Runs `serve` on a fresh `127.0.0.1` port and returns the address it listens on.
pub async fn spawn_local<F>(serve: impl FnOnce(TcpListener) -> F) -> SocketAddr
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(serve(listener));
    address
}
