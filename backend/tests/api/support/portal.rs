//! The console as a team portal: the demo's accounts behind sign-in, on a fresh database
//! (SQLite, or PostgreSQL when `DATABASE_URL_PG` names a server), called through the router.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request};
use serde_json::Value;
use shared::portal::{Grant, Role};
use snapdeck::auth::{password, Portal};
use snapdeck::config::{AuthConfig, Settings};
use snapdeck::db::{Db, UserSource};
use snapdeck::demo::{self, DemoOptions};
use snapdeck::{app, AppState};
use tower::ServiceExt;

use super::Reply;

pub const PUBLIC_URL: &str = "https://snapdeck.example.com";
pub const PASSWORD: &str = "a long enough password";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server of the tests: `DATABASE_URL_PG` (scripts/test starts one). Without it
/// the PostgreSQL half is skipped, except in CI, where that is a failure.
pub fn postgres_server() -> Option<String> {
    match std::env::var("DATABASE_URL_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but DATABASE_URL_PG is not set: the PostgreSQL tests must run in CI"
            );
            eprintln!("DATABASE_URL_PG is not set: skipping the PostgreSQL half of this test");
            None
        }
    }
}

/// The stores to run a test on: SQLite always, PostgreSQL when there is a server.
pub fn stores() -> Vec<Store> {
    let mut stores = vec![Store::Sqlite];
    if postgres_server().is_some() {
        stores.push(Store::Postgres);
    }
    stores
}

/// A fresh, empty database URL on `store`.
pub async fn fresh_database(store: Store) -> String {
    match store {
        Store::Sqlite => {
            let path = std::env::temp_dir().join(format!("snapdeck-{}.db", uuid::Uuid::new_v4()));
            format!("sqlite://{}", path.display())
        }
        Store::Postgres => {
            let server = postgres_server().unwrap();
            let name = format!("snapdeck_{}", uuid::Uuid::new_v4().simple());
            sqlx::any::install_default_drivers();
            let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&server)
                .await
                .unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .unwrap();
            let mut url = url::Url::parse(&server).unwrap();
            url.set_path(&format!("/{name}"));
            url.to_string()
        }
    }
}

pub struct PortalConsole {
    pub router: axum::Router,
    pub portal: Arc<Portal>,
    pub db: Db,
    pub database_url: String,
}

/// The demo accounts behind sign-in; `tweak` changes the `[auth]` settings.
pub async fn portal_console(store: Store, tweak: impl FnOnce(&mut AuthConfig)) -> PortalConsole {
    let database_url = fresh_database(store).await;
    portal_console_on(&database_url, tweak).await
}

/// A portal on an existing database (a second replica).
pub async fn portal_console_on(
    database_url: &str,
    tweak: impl FnOnce(&mut AuthConfig),
) -> PortalConsole {
    let accounts = demo::start(DemoOptions {
        settle: Duration::from_millis(200),
        demo_data: true,
    })
    .await
    .unwrap();
    let mut auth = AuthConfig::new(url::Url::parse(PUBLIC_URL).unwrap());
    tweak(&mut auth);
    let db = Db::open(database_url).await.unwrap();
    let settings = Settings {
        accounts,
        auth: Some(auth.clone()),
        ..Settings::default()
    };
    let portal = Arc::new(Portal::new(db.clone(), auth));
    let state = AppState::new(&settings, None)
        .unwrap()
        .with_portal(Arc::clone(&portal));
    PortalConsole {
        router: app(state),
        portal,
        db,
        database_url: database_url.to_owned(),
    }
}

impl PortalConsole {
    pub async fn add_user(&self, name: &str, role: Role, grants: &[(&str, Role)]) {
        let hash = password::hash(PASSWORD).unwrap();
        let grants: Vec<Grant> = grants
            .iter()
            .map(|(account, role)| Grant {
                account: (*account).to_owned(),
                role: *role,
            })
            .collect();
        self.db
            .add_user(name, role, Some(&hash), UserSource::Local, &grants)
            .await
            .unwrap();
    }

    /// A browser (or script) with its own cookie jar and address.
    pub fn client(&self, ip: [u8; 4]) -> Client<'_> {
        Client {
            console: self,
            cookie: None,
            bearer: None,
            address: SocketAddr::from((ip, 40000)),
            origin: Some(PUBLIC_URL.to_owned()),
        }
    }

    /// Signs `name` in from a fresh client.
    pub async fn signed_in(&self, name: &str) -> Client<'_> {
        let mut client = self.client([10, 0, 0, 1]);
        let reply = client.sign_in(name, PASSWORD).await;
        assert_eq!(reply.status, 204, "{}", reply.excerpt());
        client
    }

    pub async fn audit(&self) -> Vec<shared::portal::AuditRecord> {
        self.db
            .audit(&snapdeck::db::AuditFilter {
                limit: 1000,
                ..Default::default()
            })
            .await
            .unwrap()
    }
}

pub struct Client<'a> {
    pub console: &'a PortalConsole,
    /// `name=value` of the session cookie.
    pub cookie: Option<String>,
    pub bearer: Option<String>,
    pub address: SocketAddr,
    /// The `Origin` header sent with mutating calls (a browser's); `None`: a script.
    pub origin: Option<String>,
}

impl Client<'_> {
    pub async fn send(&mut self, method: Method, uri: &str, body: Option<Value>) -> Reply {
        match body {
            Some(value) => {
                self.send_raw(method, uri, Some("application/json"), value.to_string())
                    .await
            }
            None => self.send_raw(method, uri, None, String::new()).await,
        }
    }

    /// A request with any content type and body.
    pub async fn send_raw(
        &mut self,
        method: Method,
        uri: &str,
        content_type: Option<&str>,
        body: String,
    ) -> Reply {
        let mut request = Request::builder().method(method.clone()).uri(uri);
        if method != Method::GET {
            if let Some(origin) = &self.origin {
                request = request.header(header::ORIGIN, origin);
            }
        }
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(token) = &self.bearer {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let mut request = request.body(Body::from(body)).unwrap();
        request.extensions_mut().insert(ConnectInfo(self.address));
        let response = self.console.router.clone().oneshot(request).await.unwrap();
        let reply = Reply::read(response).await;
        if let Some(set) = reply.headers.get(header::SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap().to_owned();
            self.cookie = (!pair.ends_with('=')).then_some(pair);
        }
        reply
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        self.send(Method::GET, uri, None).await
    }

    pub async fn sign_in(&mut self, user: &str, password: &str) -> Reply {
        self.send(
            Method::POST,
            "/api/v1/session",
            Some(serde_json::json!({"username": user, "password": password})),
        )
        .await
    }

    pub async fn create_snapshot(&mut self, account: &str) -> Reply {
        let volume = self
            .get(&format!("/api/v1/accounts/{account}/volumes"))
            .await
            .body["volumes"][0]["id"]
            .as_str()
            .unwrap_or("missing")
            .to_owned();
        self.send(
            Method::POST,
            &format!("/api/v1/accounts/{account}/snapshots"),
            Some(serde_json::json!({"snapshot": {"volume_id": volume, "name": "nightly"}})),
        )
        .await
    }
}
