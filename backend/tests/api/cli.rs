//! The `snapdeck` binary itself: a bad configuration stops start-up with a message naming the
//! setting, and never echoes a key.

use std::process::{Command, Stdio};
use std::time::Duration;

fn snapdeck() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_snapdeck"));
    for name in [
        "SNAPDECK_CONFIG",
        "SNAPDECK_LISTEN",
        "SNAPDECK_EVS_ENDPOINT",
        "SNAPDECK_EVS_REGION",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_PROJECT_ID",
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "SNAPDECK_EMULATOR_AK",
        "SNAPDECK_EMULATOR_SK",
    ] {
        command.env_remove(name);
    }
    command.stdin(Stdio::null());
    command
}

/// Runs to completion (start-up must fail fast) and returns (success, stderr).
fn run_failing(command: &mut Command) -> (bool, String) {
    let output = command.output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn temp_file(text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("snapdeck-{}.toml", uuid::Uuid::new_v4()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_partial_environment_stops_start_up_naming_the_variable() {
    let (ok, stderr) = run_failing(
        snapdeck()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env("SNAPDECK_EVS_REGION", "cn-north-4")
            .env("HUAWEICLOUD_SDK_AK", "AKVISIBLEINTHEENV01")
            .env("HUAWEICLOUD_SDK_SK", "sk-that-must-never-be-printed"),
    );
    assert!(!ok);
    assert!(
        stderr.contains("HUAWEICLOUD_SDK_PROJECT_ID is not set"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("sk-that-must-never-be-printed"),
        "{stderr}"
    );
}

#[test]
fn a_malformed_file_stops_start_up_naming_the_setting() {
    let cases = [
        (
            "[[accounts]]\nname = \"prod\"\nregion = \"cn-north-4\"\nproject_id = \"p\"\naccess_key = \"a\"\nsecret_key = \"file-secret-never-printed\"\nendpoint = \"ftp://evs\"\n",
            "account \"prod\": endpoint is invalid",
        ),
        ("[[accounts]]\nname = \"prod\"\nproject_id = 5\n", "is not a valid configuration"),
        (
            "[[accounts]]\nname = \"tencent\"\nprovider = \"cbs\"\nregion = \"ap-guangzhou\"\n",
            "account \"tencent\": access_key is not set (nor the environment variable TENCENTCLOUD_SECRET_ID)",
        ),
    ];
    for (text, expected) in cases {
        let path = temp_file(text);
        let (ok, stderr) = run_failing(snapdeck().args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--config",
            path.to_str().unwrap(),
        ]));
        assert!(!ok, "{text}");
        assert!(stderr.contains(expected), "{text}\n{stderr}");
        assert!(!stderr.contains("file-secret-never-printed"), "{stderr}");
    }
}

#[test]
fn a_missing_file_is_named() {
    let (ok, stderr) = run_failing(snapdeck().args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--config",
        "/nonexistent/snapdeck.toml",
    ]));
    assert!(!ok);
    assert!(
        stderr.contains("cannot read /nonexistent/snapdeck.toml"),
        "{stderr}"
    );
}

#[tokio::test]
async fn the_cbs_emulator_runs_from_the_command_line() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_snapdeck"))
        .args(["emulator", "--provider", "cbs", "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["--ak", "AKIDcli", "--sk", "cli-secret"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let mut reply = None;
    for _ in 0..100 {
        if let Ok(response) = client
            .post(format!("http://127.0.0.1:{port}/"))
            .header("Content-Type", "application/json")
            .header("X-TC-Action", "DescribeSnapshots")
            .header("X-TC-Version", "2017-03-12")
            .header("X-TC-Region", "ap-guangzhou")
            .body("{}")
            .send()
            .await
        {
            reply = Some(response);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let reply = reply.expect("the emulator answered");
    // Unsigned: Tencent answers HTTP 200 with an AuthFailure error.
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.headers()["content-type"], "application/json");
    let body: serde_json::Value = reply.json().await.unwrap();
    let code = body["Response"]["Error"]["Code"].as_str().unwrap();
    assert!(code.starts_with("AuthFailure"), "{body}");
    child.kill().await.unwrap();
}

/// Waits for the child's first stdout line that starts with `prefix`; returns its URL.
fn wait_for_url(child: &mut std::process::Child, prefix: &str) -> String {
    use std::io::BufRead;
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(stdout).lines();
    let line = lines
        .find(|line| line.as_ref().is_ok_and(|line| line.starts_with(prefix)))
        .unwrap()
        .unwrap();
    line.split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap()
        .to_owned()
}

#[test]
fn sigterm_with_a_stuck_client_exits_after_the_grace_period() {
    use std::io::Write;
    let config = temp_file(
        "[server]\nshutdown_grace_secs = 1\nheader_read_timeout_secs = 60\n\n[[accounts]]\nname = \"a\"\nregion = \"cn-north-4\"\nendpoint = \"http://127.0.0.1:9\"\nproject_id = \"p\"\naccess_key = \"k\"\nsecret_key = \"s\"\n",
    );
    let mut child = snapdeck()
        .args(["serve", "--listen", "127.0.0.1:0", "--dist", "/nonexistent"])
        .arg("--config")
        .arg(&config)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = wait_for_url(&mut child, "Snapdeck console:");
    let address = url.trim_start_matches("http://");
    let mut stuck = std::net::TcpStream::connect(address).unwrap();
    stuck.write_all(b"GET /api/v1/hea").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let started = std::time::Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = started.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "{took:?}"
    );
    let _ = std::fs::remove_file(config);
}

#[test]
fn the_emulator_takes_its_keys_from_the_environment_or_a_file() {
    let key_file = temp_file("SK-FROM-A-FILE-0000000000\n");
    let mut child = snapdeck()
        .args(["emulator", "--provider", "evs", "--listen", "127.0.0.1:0"])
        .arg("--sk-file")
        .arg(&key_file)
        .env("SNAPDECK_EMULATOR_AK", "AKFROMTHEENVIRONMENT")
        .args(["--fault", "status=503:0.5@list", "--fault-seed", "3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = wait_for_url(&mut child, "EVS emulator:");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    child.kill().unwrap();
    child.wait().unwrap();
    let (ok, stderr) = run_failing(snapdeck().args(["emulator", "--provider", "evs"]));
    assert!(!ok && stderr.contains("give --ak"), "{stderr}");
    let (ok, stderr) = run_failing(snapdeck().args([
        "emulator",
        "--ak",
        "a",
        "--sk",
        "b",
        "--fault",
        "explode@list",
    ]));
    assert!(!ok && stderr.contains("KIND is"), "{stderr}");
    let _ = std::fs::remove_file(key_file);
}
