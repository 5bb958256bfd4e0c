//! Single sign-on against a real OpenID provider: `oidc-provider` (npm) started on a loopback
//! port from `e2e/oidc/server.mjs`, the portal served over HTTP, the redirects walked with a
//! cookie jar as a browser would.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use shared::portal::{Role, SessionInfo};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::support::portal::{fresh_database, portal_console_on, Store};
use crate::support::spawn_local;

fn server_script() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../e2e/oidc");
    if dir.join("node_modules/oidc-provider").is_dir() {
        return Some(dir.join("server.mjs"));
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but e2e/oidc/node_modules is missing: scripts/test installs it"
    );
    eprintln!("e2e/oidc/node_modules is missing (npm ci in e2e/oidc): skipping the OIDC test");
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the provider and waits for its "listening" line.
async fn start_provider(script: &PathBuf, port: u16, redirect: &str) -> tokio::process::Child {
    let mut child = tokio::process::Command::new("node")
        .arg(script)
        .arg(port.to_string())
        .arg(redirect)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("node is installed");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if line.starts_with("oidc-provider listening") {
                return;
            }
        }
        panic!("the OpenID provider ended before listening");
    })
    .await
    .expect("the OpenID provider started");
    // Keep reading: the provider logs as it goes, and a closed pipe would stop it.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    child
}

/// Follows redirects from `url` until one points at the portal; returns that response.
async fn walk(http: &reqwest::Client, mut url: String, portal: &str) -> reqwest::Response {
    for _ in 0..12 {
        let response = http.get(&url).send().await.unwrap();
        if !response.status().is_redirection() || url.starts_with(portal) {
            return response;
        }
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        url = reqwest::Url::parse(&url)
            .unwrap()
            .join(&location)
            .unwrap()
            .to_string();
        if url.starts_with(portal) {
            return http.get(&url).send().await.unwrap();
        }
    }
    panic!("too many redirects");
}

#[tokio::test]
async fn single_sign_on_against_a_real_openid_provider() {
    let Some(script) = server_script() else {
        return;
    };
    let provider_port = free_port();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let portal_address = listener.local_addr().unwrap();
    let portal = format!("http://{portal_address}");
    let redirect = format!("{portal}/api/v1/session/oidc/callback");
    let _provider = start_provider(&script, provider_port, &redirect).await;

    let database = fresh_database(Store::Sqlite).await;
    let console = portal_console_on(&database, |auth| {
        auth.public_url = reqwest::Url::parse(&portal).unwrap();
        auth.oidc = Some(snapdeck::config::OidcConfig {
            issuer: reqwest::Url::parse(&format!("http://127.0.0.1:{provider_port}")).unwrap(),
            client_id: "snapdeck".to_owned(),
            client_secret: Some(snapdeck::config::Secret::new("snapdeck-test-client-secret")),
            redirect_url: reqwest::Url::parse(&redirect).unwrap(),
            role_claim: "groups".to_owned(),
            roles: [("snapdeck-operators".to_owned(), Role::Operator)].into(),
            default_role: None,
            username_claim: "preferred_username".to_owned(),
        });
    })
    .await;
    let router = console.router.clone();
    let _served: SocketAddr = spawn_local(move |_| async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    })
    .await;

    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let methods: serde_json::Value = browser
        .get(format!("{portal}/api/v1/session/methods"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(methods["oidc"], true);

    let start = browser
        .get(format!("{portal}/api/v1/session/oidc/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    let to_provider = start.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        to_provider.contains("code_challenge_method=S256"),
        "{to_provider}"
    );
    let callback = walk(&browser, to_provider, &portal).await;
    assert_eq!(
        callback.status(),
        StatusCode::SEE_OTHER,
        "{:?}",
        callback.text().await
    );
    assert_eq!(callback.headers()["location"], "/");

    let session: SessionInfo = browser
        .get(format!("{portal}/api/v1/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(session.user, "olga");
    assert_eq!(session.role, Role::Operator, "mapped from the groups claim");
    let records = console.audit().await;
    assert!(records.iter().any(|record| record.operation == "sign_in"
        && record.user == "olga"
        && record.credential == "oidc"));

    // A user none of whose groups maps to a role is refused, and nobody is signed in.
    let nils = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    nils.get(format!(
        "http://127.0.0.1:{provider_port}/test/next-login/nils"
    ))
    .send()
    .await
    .unwrap();
    let start = nils
        .get(format!("{portal}/api/v1/session/oidc/start"))
        .send()
        .await
        .unwrap();
    let to_provider = start.headers()["location"].to_str().unwrap().to_owned();
    let refused = walk(&nils, to_provider, &portal).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        nils.get(format!("{portal}/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}
