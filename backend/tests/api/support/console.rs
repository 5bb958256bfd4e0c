//! The console's API through `app(state)` with `oneshot`: the router a browser would call.

use std::path::PathBuf;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request};
use serde_json::Value;
use snapdeck::config::{AccountConfig, Settings};
use snapdeck::demo::{self, DemoOptions};
use snapdeck::{app, AppState};
use tower::ServiceExt;

use super::Reply;

pub struct Console {
    pub router: axum::Router,
    pub accounts: Vec<AccountConfig>,
    pub dist: Option<PathBuf>,
}

/// The demo's own wiring: the emulators over real HTTP, random keys, every request signed.
pub async fn demo_console(settle: Duration) -> Console {
    let accounts = demo::start(DemoOptions {
        settle,
        demo_data: true,
    })
    .await
    .unwrap();
    console_for(accounts, None)
}

pub fn console_for(accounts: Vec<AccountConfig>, dist: Option<PathBuf>) -> Console {
    let settings = Settings {
        accounts: accounts.clone(),
        ..Settings::default()
    };
    let state = AppState::new(&settings, dist.clone()).unwrap();
    Console {
        router: app(state),
        accounts,
        dist,
    }
}

impl Console {
    pub async fn send(&self, method: Method, uri: &str, body: Option<Value>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        let body = match body {
            Some(value) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        let response = self
            .router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        Reply::read(response).await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Method::GET, uri, None).await
    }
}
