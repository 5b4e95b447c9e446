#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! The compiled `exotel-sip-sandbox` binary: first line, start-up time, signals,
//! `--state` across restarts.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const BIN: &str = env!("CARGO_BIN_EXE_exotel-sip-sandbox");

struct Running {
    child: Child,
    addr: SocketAddr,
    ready_after: Duration,
    // Kept open so the server never writes to a closed pipe.
    _stdout: BufReader<ChildStdout>,
}

impl Drop for Running {
    fn drop(&mut self) {
        // Only if a test failed before stopping it.
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn launch(args: &[&str]) -> Running {
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the binary");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("first line");
    let ready_after = started.elapsed();
    let rest = line
        .strip_suffix('\n')
        .and_then(|l| l.strip_prefix("listening on http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let port: u16 = rest
        .parse()
        .unwrap_or_else(|_| panic!("bad port in {line:?}"));
    assert_ne!(port, 0);
    Running {
        child,
        addr: SocketAddr::from(([127, 0, 0, 1], port)),
        ready_after,
        _stdout: stdout,
    }
}

/// Sends `signal` with the `kill` command and returns the exit code.
fn stop(mut running: Running, signal: &str) -> Option<i32> {
    let status = Command::new("kill")
        .args([format!("-{signal}"), running.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(status) = running.child.try_wait().expect("wait") {
            return status.code();
        }
        assert!(
            Instant::now() < deadline,
            "still running 5 s after SIG{signal}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn prints_the_listening_line_fast_and_exits_0_on_sigterm() {
    let running = launch(&[]);
    println!("time to ready: {:?}", running.ready_after);
    assert!(
        running.ready_after < Duration::from_secs(1),
        "{:?}",
        running.ready_after
    );
    assert_eq!(control(running.addr, "GET", "health", "").status, 200);
    assert_eq!(create_trunk(running.addr, "t1").status, 200);
    assert_eq!(stop(running, "TERM"), Some(0));
}

#[test]
fn exits_0_on_sigint() {
    let running = launch(&[]);
    assert_eq!(stop(running, "INT"), Some(0));
}

#[test]
fn flags_set_credentials_and_limits() {
    let running = launch(&[
        "--account-sid",
        "acme1",
        "--api-key",
        "k",
        "--api-token",
        "t",
        "--rpm",
        "0",
        "--concurrency",
        "0",
    ]);
    let body = r#"{"trunk_name":"t1","nso_code":"ANY-ANY","domain_name":"acme1.pstn.exotel.com"}"#;
    // base64("k:t")
    let ok = request(
        running.addr,
        "POST",
        "/v2/accounts/acme1/trunks",
        &[
            ("Authorization", "Basic azp0"),
            ("Content-Type", "application/json"),
        ],
        body,
    );
    assert_eq!(ok.status, 200, "{}", ok.body);
    let wrong = request(
        running.addr,
        "POST",
        "/v2/accounts/acme1/trunks",
        &[
            ("Authorization", AUTH),
            ("Content-Type", "application/json"),
        ],
        body,
    );
    assert_eq!(wrong.status, 401, "{}", wrong.body);
    let config = control(running.addr, "GET", "state", "").json()["config"].clone();
    assert_eq!(config["rpm"], 0);
    assert_eq!(config["concurrency"], 0);
    assert_eq!(stop(running, "TERM"), Some(0));
}

#[test]
fn state_file_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("exotel-sip-sandbox-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let state = file.to_str().unwrap();

    let first = launch(&["--state", state]);
    assert!(!Path::new(state).exists(), "nothing saved before exit");
    assert_eq!(create_trunk(first.addr, "persisted").status, 200);
    assert_eq!(stop(first, "TERM"), Some(0));
    assert!(file.exists(), "state saved on SIGTERM");

    let second = launch(&["--state", state]);
    assert_eq!(trunk_names(second.addr), vec!["persisted".to_owned()]);
    let again = create_trunk(second.addr, "persisted");
    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(create_trunk(second.addr, "another").status, 200);
    assert_eq!(stop(second, "INT"), Some(0));

    let third = launch(&["--state", state]);
    let mut names = trunk_names(third.addr);
    names.sort();
    assert_eq!(names, vec!["another".to_owned(), "persisted".to_owned()]);
    assert_eq!(stop(third, "TERM"), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_taken_port_is_a_clear_failure() {
    let running = launch(&[]);
    let output = Command::new(BIN)
        .args(["--port", &running.addr.port().to_string()])
        .output()
        .expect("run the binary");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("exotel-sip-sandbox:"), "{stderr}");
    assert_eq!(stop(running, "TERM"), Some(0));
}

/// sandbox/error-matrix.json as raw HTTP to the binary: every error row of
/// server-rules.md and every fault (the handler's tests run the same table
/// through the in-process transport).
#[test]
fn every_error_row_and_fault_over_raw_http() {
    let matrix: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../error-matrix.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let running = launch(&[]);
    let addr = running.addr;
    let sid = create_trunk(addr, "rows_trunk").json()["response"]["data"]["trunk_sid"]
        .as_str()
        .unwrap()
        .to_owned();
    let numbers = format!("{TRUNKS}/{sid}/phone-numbers");
    let id = api(
        addr,
        "POST",
        &numbers,
        r#"{"phone_number":"+919800000001"}"#,
    )
    .json()["response"]["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        api(
            addr,
            "POST",
            &format!("{TRUNKS}/{sid}/whitelisted-ips"),
            r#"{"ip":"10.0.0.1"}"#
        )
        .status,
        200
    );

    let send = |row: &serde_json::Value| {
        let path = row["path"]
            .as_str()
            .unwrap()
            .replace("{sid}", &sid)
            .replace("{id}", &id);
        let mut headers: Vec<(String, String)> = Vec::new();
        if row["auth"].as_bool() != Some(false) {
            headers.push(("Authorization".into(), AUTH.into()));
        }
        let body = row["body"].as_str().unwrap_or("");
        if !body.is_empty() && row["json"].as_bool() != Some(false) {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        if let Some(extra) = row["headers"].as_object() {
            headers.extend(
                extra
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
            );
        }
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        exchange_bytes(addr, row["method"].as_str().unwrap(), &path, &headers, body)
    };

    let rows = matrix["rows"].as_array().unwrap();
    for row in rows {
        let name = row["name"].as_str().unwrap();
        let reply = parse(&send(row));
        let body = reply.json();
        let item = if body["response"].is_array() {
            &body["response"][0]
        } else {
            &body["response"]
        };
        let want = &row["expect"];
        assert_eq!(
            u64::from(reply.status),
            want["status"].as_u64().unwrap(),
            "{name}: {}",
            reply.body
        );
        assert_eq!(item["code"], want["inner"], "{name}");
        assert_eq!(item["error_data"]["code"], want["code"], "{name}");
        let description = item["error_data"]["description"].as_str().unwrap_or("");
        if let Some(d) = want["description"].as_str() {
            assert_eq!(description, d, "{name}");
        }
        if let Some(d) = want["description_contains"].as_str() {
            assert!(description.contains(d), "{name}: {description}");
        }
    }

    let count = || {
        control(addr, "GET", "state", "").json()["trunks"][&sid]["phone_numbers"]
            .as_array()
            .unwrap()
            .len()
    };
    let faults = matrix["faults"].as_array().unwrap();
    for (i, case) in faults.iter().enumerate() {
        let name = case["name"].as_str().unwrap();
        let queued = serde_json::json!({"method": "POST", "path": format!("{TRUNKS}/*/phone-numbers"), "fault": case["fault"]});
        queue_fault(addr, &queued.to_string());
        let before = count();
        let started = Instant::now();
        let row = serde_json::json!({"method": "POST", "path": numbers, "body": format!(r#"{{"phone_number":"+9198100000{i:02}"}}"#)});
        let bytes = send(&row);
        let elapsed = started.elapsed();
        let want = &case["expect"];
        assert_eq!(
            count() == before + 1,
            want["applied"].as_bool().unwrap(),
            "{name}: applied"
        );
        if want["dropped"].as_bool() == Some(true) {
            assert!(
                bytes.is_empty(),
                "{name}: no status line may be written, got {:?}",
                String::from_utf8_lossy(&bytes)
            );
            continue;
        }
        let reply = parse(&bytes);
        assert_eq!(
            u64::from(reply.status),
            want["status"].as_u64().unwrap(),
            "{name}"
        );
        if let Some(ms) = want["min_delay_ms"].as_u64() {
            assert!(
                elapsed >= Duration::from_millis(ms),
                "{name}: answered after {elapsed:?}"
            );
        }
        if let Some(v) = want["retry_after"].as_str() {
            assert_eq!(reply.header("retry-after"), Some(v), "{name}");
        }
        if let Some(prefix) = want["body_starts"].as_str() {
            assert!(reply.body.starts_with(prefix), "{name}: {}", reply.body);
        }
        if let Some(is_json) = want["body_json"].as_bool() {
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&reply.body).is_ok(),
                is_json,
                "{name}: {}",
                reply.body
            );
        }
    }
    let dropped = logged(addr)
        .iter()
        .filter(|r| r["delivery"] == "dropped")
        .count();
    assert_eq!(dropped, 2, "the log shows the drop and the lost response");
    assert_eq!(stop(running, "TERM"), Some(0));
}
