//! The portal from the command line: who may listen where without sign-in, and the `user` and
//! `token` subcommands on the same database `serve` uses.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};

fn snapdeck() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_snapdeck"));
    for name in [
        "SNAPDECK_CONFIG",
        "SNAPDECK_LISTEN",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_PROJECT_ID",
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
    ] {
        command.env_remove(name);
    }
    command.stdin(Stdio::null());
    command
}

fn temp_path(extension: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("snapdeck-{}.{extension}", uuid::Uuid::new_v4()))
}

/// Runs with `stdin` as standard input: (success, stdout, stderr).
fn run(command: &mut Command, stdin: &str) -> (bool, String, String) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const REAL_ACCOUNT: &str = "[[accounts]]\nname = \"prod\"\nregion = \"cn-north-4\"\nproject_id = \"p\"\naccess_key = \"AKREAL\"\nsecret_key = \"real-secret-never-printed\"\n";

#[test]
fn real_keys_on_every_address_without_sign_in_refuse_to_start() {
    let config = temp_path("toml");
    std::fs::write(&config, REAL_ACCOUNT).unwrap();
    let (ok, _, stderr) = run(
        snapdeck()
            .args(["serve", "--listen", "0.0.0.0:0", "--config"])
            .arg(&config),
        "",
    );
    assert!(!ok);
    assert!(stderr.contains("[auth]"), "{stderr}");
    assert!(stderr.contains("--insecure-no-auth"), "{stderr}");
    assert!(!stderr.contains("real-secret-never-printed"), "{stderr}");
}

/// Starts `serve` and waits for its "Snapdeck console: URL" line.
async fn started(
    args: &[&str],
    config: Option<&std::path::Path>,
) -> (tokio::process::Child, String) {
    let mut command = tokio::process::Command::from(snapdeck());
    command.args(["serve", "--dist", "/nonexistent", "--demo-settle-secs", "1"]);
    command.args(args);
    if let Some(config) = config {
        command.arg("--config").arg(config);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(url) = line.strip_prefix("Snapdeck console: ") {
                return url.to_owned();
            }
        }
        panic!("serve ended without listening");
    })
    .await
    .expect("serve started");
    (child, url)
}

#[tokio::test]
async fn insecure_no_auth_lets_real_keys_listen_on_every_address() {
    let config = temp_path("toml");
    std::fs::write(&config, REAL_ACCOUNT).unwrap();
    let (mut child, url) = started(
        &["--listen", "0.0.0.0:0", "--insecure-no-auth"],
        Some(&config),
    )
    .await;
    assert!(url.starts_with("http://0.0.0.0:"), "{url}");
    child.kill().await.unwrap();
}

#[tokio::test]
async fn the_pure_demo_starts_on_every_address() {
    let (mut child, url) = started(&["--listen", "0.0.0.0:0"], None).await;
    assert!(url.starts_with("http://0.0.0.0:"), "{url}");
    child.kill().await.unwrap();
}

#[tokio::test]
async fn users_and_tokens_from_the_command_line_are_the_servers() {
    let database = temp_path("db");
    let config = temp_path("toml");
    std::fs::write(
        &config,
        format!(
            "[auth]\npublic_url = \"http://127.0.0.1\"\n\n[database]\nurl = \"sqlite://{}\"\n",
            database.display()
        ),
    )
    .unwrap();
    let user = |args: &[&str], stdin: &str| {
        run(
            snapdeck()
                .arg("user")
                .args(args)
                .arg("--config")
                .arg(&config),
            stdin,
        )
    };
    let (ok, _, stderr) = user(
        &["add", "ann", "--role", "operator", "--password-stdin"],
        "short\n",
    );
    assert!(!ok && stderr.contains("at least 12"), "{stderr}");
    let (ok, _, stderr) = user(
        &[
            "add",
            "ann",
            "--role",
            "operator",
            "--grant",
            "demo=operator",
            "--password-stdin",
        ],
        "a long enough password\n",
    );
    assert!(ok, "{stderr}");
    let (ok, _, stderr) = user(
        &[
            "add",
            "root",
            "--role",
            "admin",
            "--grant",
            "demo=viewer",
            "--password-stdin",
        ],
        "a long enough password\n",
    );
    assert!(!ok && stderr.contains("no --grant"), "{stderr}");
    let (ok, listed, _) = user(&["list"], "");
    assert!(ok);
    assert!(
        listed.contains("ann\toperator\tactive\tdemo=operator"),
        "{listed}"
    );
    let (ok, token, stderr) = run(
        snapdeck()
            .args([
                "token", "create", "--user", "ann", "--name", "ci", "--role", "viewer", "--config",
            ])
            .arg(&config),
        "",
    );
    assert!(ok, "{stderr}");
    let token = token.trim().to_owned();
    assert!(token.starts_with("sdt_"));

    let (mut child, url) = started(&["--listen", "127.0.0.1:0"], Some(&config)).await;
    let http = reqwest::Client::new();
    let signed_in = http
        .post(format!("{url}/api/v1/session"))
        .json(&serde_json::json!({"username": "ann", "password": "a long enough password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 204);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("snapdeck=") && !cookie.contains("Secure"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let accounts = http
        .get(format!("{url}/api/v1/accounts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(accounts.status(), 200);
    let accounts: serde_json::Value = accounts.json().await.unwrap();
    assert_eq!(
        accounts["accounts"].as_array().unwrap().len(),
        1,
        "{accounts}"
    );

    let (ok, _, stderr) = user(&["disable", "ann"], "");
    assert!(ok, "{stderr}");
    for request in [
        http.get(format!("{url}/api/v1/session"))
            .header("cookie", &cookie),
        http.get(format!("{url}/api/v1/session"))
            .bearer_auth(&token),
    ] {
        assert_eq!(request.send().await.unwrap().status(), 401);
    }
    child.kill().await.unwrap();
}

/// Two `snapdeck serve` processes on one PostgreSQL database: a session opened on the first is
/// used on the second, both write audit records, and the log holds both.
#[tokio::test]
async fn two_server_processes_share_one_postgres_database() {
    let Some(_) = crate::support::portal::postgres_server() else {
        return;
    };
    let database =
        crate::support::portal::fresh_database(crate::support::portal::Store::Postgres).await;
    let config = temp_path("toml");
    std::fs::write(
        &config,
        format!("[auth]\npublic_url = \"http://127.0.0.1\"\n\n[database]\nurl = \"{database}\"\n"),
    )
    .unwrap();
    let (ok, _, stderr) = run(
        snapdeck()
            .args([
                "user",
                "add",
                "pat",
                "--role",
                "operator",
                "--password-stdin",
                "--config",
            ])
            .arg(&config),
        "a long enough password\n",
    );
    assert!(ok, "{stderr}");
    let (mut first, one) = started(&["--listen", "127.0.0.1:0"], Some(&config)).await;
    let (mut second, two) = started(&["--listen", "127.0.0.1:0"], Some(&config)).await;
    let http = reqwest::Client::new();
    let signed_in = http
        .post(format!("{one}/api/v1/session"))
        .json(&serde_json::json!({"username": "pat", "password": "a long enough password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 204);
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    for url in [&one, &two] {
        // Each process runs its own demo emulators: the volume comes from the same process.
        let volumes: serde_json::Value = http
            .get(format!("{url}/api/v1/accounts/demo/volumes"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let created = http
            .post(format!("{url}/api/v1/accounts/demo/snapshots"))
            .header("cookie", &cookie)
            .json(&serde_json::json!({"snapshot": {"volume_id": volumes["volumes"][0]["id"], "name": "replica"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 202, "{url}");
    }
    let page: shared::portal::AuditPage = http
        .get(format!("{two}/api/v1/audit?operation=create_snapshot"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page.records.len(), 2);
    let request_ids: std::collections::BTreeSet<_> = page
        .records
        .iter()
        .map(|record| record.request_id.clone())
        .collect();
    assert_eq!(request_ids.len(), 2);
    first.kill().await.unwrap();
    second.kill().await.unwrap();
}
