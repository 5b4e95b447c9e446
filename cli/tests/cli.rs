#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! The `exotel-sip` binary end to end against the sandbox server on loopback:
//! every subcommand, `--json` parsed back, the exit code of each error kind,
//! secrets never shown, the demo (embedded and `--live` against a loopback
//! sandbox), completions and the `sandbox` subcommand.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use exotel_sip_sandbox_server::exotel_sip_sandbox::{Fault, QueuedFault, SandboxConfig};
use exotel_sip_sandbox_server::{spawn, BackgroundServer, ServerOptions};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_exotel-sip");
const KEY: &str = "cli_test_key";
/// Distinctive, so any leak is found by a plain substring search.
const TOKEN: &str = "T0ken-XyZZy-9f3c-never-printed";
const ACCOUNT: &str = "clitest1";

fn basic() -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{KEY}:{TOKEN}"))
}

/// A sandbox on a free loopback port that accepts this test's credentials.
fn sandbox() -> BackgroundServer {
    spawn(ServerOptions {
        config: SandboxConfig {
            account_sid: ACCOUNT.into(),
            api_key: KEY.into(),
            api_token: TOKEN.into(),
            ..SandboxConfig::default()
        },
        ..ServerOptions::default()
    })
    .expect("sandbox starts")
}

/// The binary with no EXOTEL_* variable inherited.
fn bare() -> Command {
    let mut cmd = Command::new(BIN);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("EXOTEL_") {
            cmd.env_remove(name);
        }
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The binary configured (credentials from the environment) for this server.
fn cli(server: &BackgroundServer) -> Command {
    let mut cmd = bare();
    cmd.env("EXOTEL_API_KEY", KEY)
        .env("EXOTEL_API_TOKEN", TOKEN)
        .env("EXOTEL_ACCOUNT_SID", ACCOUNT)
        .arg("--base-url")
        .arg(server.url());
    cmd
}

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }

    fn error_json(&self) -> Value {
        let doc: Value = serde_json::from_str(&self.stderr)
            .unwrap_or_else(|e| panic!("stderr is not JSON ({e}): {self:?}"));
        doc["error"].clone()
    }

    fn ok(self) -> Run {
        assert_eq!(self.code, 0, "{self:?}");
        no_secret(&self);
        self
    }

    fn failed(self, code: i32) -> Run {
        assert_eq!(self.code, code, "{self:?}");
        no_secret(&self);
        self
    }
}

fn no_secret(run: &Run) {
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains(TOKEN), "token leaked: {run:?}");
        assert!(
            !text.contains(&basic()),
            "basic credentials leaked: {run:?}"
        );
    }
}

/// Runs to completion (at most 60 s) and collects the output.
fn run(cmd: &mut Command, args: &[&str]) -> Run {
    let mut child = cmd
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let stdout = reader(child.stdout.take());
    let stderr = reader(child.stderr.take());
    let status = wait(&mut child, Duration::from_secs(60));
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

fn reader(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    })
}

fn wait(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the binary did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn queue(server: &BackgroundServer, method: &str, path: &str, fault: Fault) {
    server.sandbox().queue_fault(QueuedFault {
        method: method.into(),
        path: path.into(),
        fault,
        times: 1,
    });
}

fn create_trunk(server: &BackgroundServer, name: &str) -> String {
    let out = run(
        &mut cli(server),
        &["create-trunk", "--name", name, "--json"],
    )
    .ok();
    out.json()["trunk_sid"]
        .as_str()
        .expect("trunk_sid")
        .to_owned()
}

#[test]
fn every_endpoint_subcommand_with_json() {
    let server = sandbox();
    let sid = create_trunk(&server, "cli_trunk");
    assert!(sid.starts_with("tr"), "{sid}");

    let mapped = run(
        &mut cli(&server),
        &[
            "map-number",
            "-t",
            &sid,
            "--number",
            "+919876543210",
            "--mode",
            "pstn",
            "--json",
        ],
    )
    .ok()
    .json();
    assert_eq!(mapped["phone_number"], "+919876543210");
    assert_eq!(mapped["mode"], "pstn");
    let id = mapped["id"].as_str().expect("id").to_owned();

    let updated = run(
        &mut cli(&server),
        &[
            "update-number-mode",
            "-t",
            &sid,
            "--id",
            &id,
            "--number",
            "+919876543210",
            "--mode",
            "flow",
            "--json",
        ],
    )
    .ok()
    .json();
    assert_eq!(updated["mode"], "flow");
    assert_eq!(updated["id"], id.as_str());

    let ip = run(
        &mut cli(&server),
        &[
            "whitelist-ip",
            "-t",
            &sid,
            "--ip",
            "203.0.113.10",
            "--mask",
            "32",
            "--json",
        ],
    )
    .ok()
    .json();
    assert_eq!(ip["ip"], "203.0.113.10");
    assert_eq!(ip["mask"], 32);

    let added = run(
        &mut cli(&server),
        &[
            "add-destinations",
            "-t",
            &sid,
            "203.0.113.10:5061;transport=tls",
            "sip:pbx.example.com:5060",
            "--json",
        ],
    )
    .ok()
    .json();
    let items = added["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0]["destination"],
        "sip:203.0.113.10:5061;transport=tls"
    );
    assert_eq!(added["metadata"]["success"], 2);

    let alias = run(
        &mut cli(&server),
        &[
            "set-alias",
            "-t",
            &sid,
            "--number",
            "+919876543210",
            "--json",
        ],
    )
    .ok()
    .json();
    assert_eq!(alias["items"][0]["name"], "trunk_external_alias");
    assert_eq!(alias["items"][0]["value"], "+919876543210");

    let settings = run(
        &mut cli(&server),
        &[
            "set-settings",
            "-t",
            &sid,
            "--setting",
            "trunk_external_alias=+918047091234",
            "--json",
        ],
    )
    .ok()
    .json();
    assert_eq!(settings["items"][0]["value"], "+918047091234");

    let numbers = run(&mut cli(&server), &["list-numbers", "-t", &sid, "--json"])
        .ok()
        .json();
    assert_eq!(numbers["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(numbers["items"][0]["mode"], "flow");
    assert!(numbers["metadata"]["next_page_uri"].is_null());

    let ips = run(&mut cli(&server), &["list-ips", "-t", &sid, "--json"])
        .ok()
        .json();
    assert_eq!(ips["items"][0]["ip"], "203.0.113.10");

    let first = run(
        &mut cli(&server),
        &[
            "list-destinations",
            "-t",
            &sid,
            "--page-size",
            "1",
            "--json",
        ],
    )
    .ok()
    .json();
    assert_eq!(first["items"].as_array().map(Vec::len), Some(1));
    assert!(first["metadata"]["next_page_uri"].is_string());
    let second = run(
        &mut cli(&server),
        &[
            "list-destinations",
            "-t",
            &sid,
            "--page-size",
            "1",
            "--offset",
            "1",
            "--json",
        ],
    )
    .ok()
    .json();
    assert_eq!(second["items"].as_array().map(Vec::len), Some(1));
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    let all = run(
        &mut cli(&server),
        &[
            "list-destinations",
            "-t",
            &sid,
            "--page-size",
            "1",
            "--all",
            "--json",
        ],
    )
    .ok()
    .json();
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2));

    let creds = run(&mut cli(&server), &["credentials", "-t", &sid, "--json"])
        .ok()
        .json();
    assert_eq!(creds["trunk_sid"], sid.as_str());

    let deleted = run(&mut cli(&server), &["delete-trunk", "-t", &sid, "--json"])
        .ok()
        .json();
    assert_eq!(deleted["trunk_sid"], sid.as_str());
    assert_eq!(deleted["trunk"]["trunk_name"], "cli_trunk");

    // Every call reached the sandbox with Basic auth and the CLI's User-Agent.
    let log = server.sandbox().requests();
    assert_eq!(log.len(), 15);
    assert!(log.iter().all(|r| r.status == Some(200)), "{log:?}");
    assert!(log.iter().all(|r| r
        .headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("user-agent") && v.contains("rust-cli"))));
}

#[test]
fn tables_by_default() {
    let server = sandbox();
    let out = run(
        &mut cli(&server),
        &["create-trunk", "--name", "table_trunk"],
    )
    .ok();
    assert!(out.stdout.contains("trunk_sid"), "{out:?}");
    assert!(out.stdout.contains("table_trunk"));
    let sid = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("trunk_sid"))
        .map(|s| s.trim().to_owned())
        .expect("sid line");
    run(
        &mut cli(&server),
        &["whitelist-ip", "-t", &sid, "--ip", "203.0.113.10"],
    )
    .ok();
    run(
        &mut cli(&server),
        &[
            "add-destinations",
            "-t",
            &sid,
            "203.0.113.10",
            "pbx.example.com",
        ],
    )
    .ok();
    let page = run(
        &mut cli(&server),
        &["list-destinations", "-t", &sid, "--page-size", "1"],
    )
    .ok();
    let lines: Vec<&str> = page.stdout.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("DESTINATION"),
        "{page:?}"
    );
    assert!(lines[1].starts_with("--"), "{page:?}");
    assert!(page.stdout.contains("sip:pbx.example.com"), "{page:?}");
    assert!(page.stdout.contains("--offset 1"), "{page:?}");
    let all = run(
        &mut cli(&server),
        &["list-destinations", "-t", &sid, "--all"],
    )
    .ok();
    assert!(all.stdout.contains("2 destinations"), "{all:?}");
    let empty = run(&mut cli(&server), &["list-numbers", "-t", &sid]).ok();
    assert!(empty.stdout.contains("(no phone numbers)"), "{empty:?}");
}

#[test]
fn usage_errors_exit_2() {
    let server = sandbox();
    let missing = run(&mut cli(&server), &["create-trunk"]).failed(2);
    assert!(missing.stderr.contains("--name"), "{missing:?}");
    run(&mut cli(&server), &["no-such-command"]).failed(2);
    run(
        &mut cli(&server),
        &[
            "map-number",
            "-t",
            "trx",
            "--number",
            "+919876543210",
            "--mode",
            "voice",
        ],
    )
    .failed(2);
    run(&mut bare(), &["demo", "--yes"]).failed(2);
    run(&mut bare(), &[]).failed(2);
    // The token given as a flag is not echoed by a usage error either.
    run(&mut bare(), &["--api-token", TOKEN, "create-trunk"]).failed(2);
    assert!(server.sandbox().requests().is_empty());
}

#[test]
fn validation_errors_exit_3_and_send_nothing() {
    let server = sandbox();
    let long = "a".repeat(17);
    let out = run(&mut cli(&server), &["create-trunk", "--name", &long]).failed(3);
    assert!(out.stderr.contains("trunk_name"), "{out:?}");
    assert!(out.stdout.is_empty());

    let out = run(
        &mut cli(&server),
        &["create-trunk", "--name", &long, "--json"],
    )
    .failed(3);
    let err = out.error_json();
    assert_eq!(err["kind"], "validation");
    assert_eq!(err["field"], "trunk_name");
    assert_eq!(err["rule"], "max_length");

    run(
        &mut cli(&server),
        &[
            "whitelist-ip",
            "-t",
            "trx1",
            "--ip",
            "203.0.113.10",
            "--mask",
            "8",
        ],
    )
    .failed(3);
    run(
        &mut cli(&server),
        &["list-numbers", "-t", "trx1", "--page-size", "0"],
    )
    .failed(3);
    run(
        &mut cli(&server),
        &["map-number", "-t", "trx1", "--number", "98765"],
    )
    .failed(3);

    // Missing credentials: a validation error naming the flag and the variable.
    let out = run(
        bare().arg("--base-url").arg(server.url()),
        &["create-trunk", "--name", "t1"],
    )
    .failed(3);
    assert!(out.stderr.contains("EXOTEL_API_KEY"), "{out:?}");
    // A plain-HTTP base URL that is not loopback is refused before sending.
    let out = run(
        bare()
            .env("EXOTEL_API_KEY", KEY)
            .env("EXOTEL_API_TOKEN", TOKEN)
            .env("EXOTEL_ACCOUNT_SID", ACCOUNT),
        &[
            "--base-url",
            "http://192.0.2.1",
            "create-trunk",
            "--name",
            "t1",
            "--json",
        ],
    )
    .failed(3);
    assert_eq!(out.error_json()["rule"], "https");

    assert!(
        server.sandbox().requests().is_empty(),
        "{:?}",
        server.sandbox().requests()
    );
}

#[test]
fn api_errors_exit_4() {
    let server = sandbox();
    let out = run(
        &mut cli(&server),
        &[
            "delete-trunk",
            "-t",
            "trmum00000000000000000000a1n",
            "--json",
        ],
    )
    .failed(4);
    assert_eq!(out.error_json()["kind"], "not_found");

    let out = run(
        &mut cli(&server),
        &["list-numbers", "-t", "trmum00000000000000000000a1n"],
    )
    .failed(4);
    assert!(out.stderr.starts_with("error: not found"), "{out:?}");
    assert!(out.stderr.contains("request id"), "{out:?}");

    let sid = create_trunk(&server, "dup_trunk");
    let whitelist = [
        "whitelist-ip",
        "-t",
        sid.as_str(),
        "--ip",
        "203.0.113.10",
        "--json",
    ];
    run(&mut cli(&server), &whitelist).ok();
    let out = run(&mut cli(&server), &whitelist).failed(4);
    assert_eq!(out.error_json()["kind"], "duplicate");

    // A destination not whitelisted: the batch partly fails (207).
    let out = run(
        &mut cli(&server),
        &[
            "add-destinations",
            "-t",
            &sid,
            "pbx.example.com",
            "198.51.100.99",
        ],
    )
    .failed(4);
    assert!(
        out.stderr.contains("created: sip:pbx.example.com"),
        "{out:?}"
    );
    assert!(out.stderr.contains("failed:  [1] 198.51.100.99"), "{out:?}");

    // Wrong token: authentication, and the wrong token is not shown either.
    let wrong = "Wr0ng-T0ken-also-secret";
    let out = run(
        cli(&server).env("EXOTEL_API_TOKEN", wrong),
        &["list-ips", "-t", &sid],
    )
    .failed(4);
    assert!(out.stderr.contains("authentication"), "{out:?}");
    assert!(!out.stderr.contains(wrong), "{out:?}");
}

#[test]
fn transport_errors_exit_5() {
    // Nothing listens on this loopback port.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let out = run(
        bare()
            .env("EXOTEL_API_KEY", KEY)
            .env("EXOTEL_API_TOKEN", TOKEN)
            .env("EXOTEL_ACCOUNT_SID", ACCOUNT),
        &[
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
            "create-trunk",
            "--name",
            "t1",
            "--json",
        ],
    )
    .failed(5);
    let err = out.error_json();
    assert_eq!(err["kind"], "transport");
    assert_eq!(err["transport_kind"], "connect");

    let server = sandbox();
    let trunks = format!("/v2/accounts/{ACCOUNT}/trunks");
    queue(&server, "POST", &trunks, Fault::Drop);
    let out = run(
        &mut cli(&server),
        &["create-trunk", "--name", "t2", "--json"],
    )
    .failed(5);
    let err = out.error_json();
    assert_eq!(err["kind"], "transport");
    assert_eq!(err["transport_kind"], "io_after_send");

    queue(&server, "POST", &trunks, Fault::Html { status: 502 });
    let out = run(
        &mut cli(&server),
        &["create-trunk", "--name", "t3", "--json"],
    )
    .failed(5);
    let err = out.error_json();
    assert_eq!(err["kind"], "decode");
    assert_eq!(err["status"], 502);

    queue(&server, "POST", &trunks, Fault::Latency { ms: 3000 });
    let started = Instant::now();
    let out = run(
        &mut cli(&server),
        &[
            "--timeout-ms",
            "300",
            "create-trunk",
            "--name",
            "t4",
            "--json",
        ],
    )
    .failed(5);
    assert_eq!(out.error_json()["kind"], "timeout");
    assert!(started.elapsed() < Duration::from_millis(2500));
}

#[test]
fn secrets_never_appear() {
    let server = sandbox();
    // --help with the token in the environment: names shown, values never.
    let help = run(&mut cli(&server), &["--help"]).ok();
    assert!(help.stdout.contains("EXOTEL_API_TOKEN"), "{help:?}");
    assert!(help.stdout.contains("EXOTEL_API_KEY"));
    assert!(!help.stdout.contains(KEY), "{help:?}");
    for sub in ["create-trunk", "demo", "list-numbers", "sandbox"] {
        run(&mut cli(&server), &[sub, "--help"]).ok();
    }
    // The token as a flag, through success and every kind of failure.
    let flag_as = |server: &BackgroundServer, account: &str| {
        let mut cmd = bare();
        cmd.args([
            "--api-key",
            KEY,
            "--api-token",
            TOKEN,
            "--account-sid",
            account,
        ])
        .args(["--base-url", &server.url()]);
        cmd
    };
    let flag = |server: &BackgroundServer| flag_as(server, ACCOUNT);
    let sid = run(
        &mut flag(&server),
        &["create-trunk", "--name", "s1", "--json"],
    )
    .ok()
    .json()["trunk_sid"]
        .as_str()
        .expect("sid")
        .to_owned();
    run(&mut flag(&server), &["credentials", "-t", &sid]).ok();
    run(&mut flag(&server), &["delete-trunk", "-t", "trnope1"]).failed(4);
    run(
        &mut flag(&server),
        &["delete-trunk", "-t", "trnope1", "--json"],
    )
    .failed(4);
    run(&mut flag(&server), &["create-trunk", "--name", "bad name"]).failed(3);
    let out = run(
        &mut flag_as(&server, "other"),
        &["list-ips", "-t", &sid, "--json"],
    )
    .failed(4);
    assert_eq!(out.error_json()["kind"], "authentication");
    queue(
        &server,
        "*",
        &format!("/v2/accounts/{ACCOUNT}/trunks"),
        Fault::Drop,
    );
    run(&mut flag(&server), &["create-trunk", "--name", "s2"]).failed(5);
    run(&mut flag(&server), &["demo", "--live"]).ok();
    run(&mut flag(&server), &["demo", "--live", "--json"]).ok();
}

#[test]
fn demo_sets_up_both_trunks_on_the_embedded_sandbox() {
    let out = run(&mut bare(), &["demo"]).ok();
    assert!(
        out.stdout.contains("embedded sandbox at http://127.0.0.1:"),
        "{out:?}"
    );
    assert!(out.stdout.contains("\nPSTN setup done: "), "{out:?}");
    assert!(out.stdout.contains("\nStreamKit setup done: "), "{out:?}");
    for n in 1..=13 {
        assert!(
            out.stdout.contains(&format!("{n:>3}. ")),
            "step {n}: {out:?}"
        );
    }
    assert!(out
        .stdout
        .contains("sip:pbx.example.com:5061;transport=tls"));
    assert!(out.stdout.contains("mode flow"));
    assert!(out.stderr.is_empty(), "{out:?}");

    let doc = run(&mut bare(), &["demo", "--json"]).ok().json();
    assert_eq!(doc["target"]["kind"], "sandbox");
    let steps = doc["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 13);
    assert_eq!(steps[0]["action"], "create_trunk");
    assert_eq!(steps[6]["result"]["mode"], "flow");
    assert_eq!(steps[10]["result"].as_array().map(Vec::len), Some(2));
    let done = doc["done"].as_array().expect("done");
    assert!(done[0]
        .as_str()
        .is_some_and(|d| d.starts_with("PSTN setup done")));
    assert!(done[1]
        .as_str()
        .is_some_and(|d| d.starts_with("StreamKit setup done")));

    // Credentials in the environment are not used (nor needed) without --live.
    let out = run(
        bare()
            .env("EXOTEL_API_KEY", "real_key")
            .env("EXOTEL_API_TOKEN", TOKEN)
            .env("EXOTEL_ACCOUNT_SID", "realacct")
            .env("EXOTEL_REGION", "mumbai"),
        &["demo"],
    )
    .ok();
    assert!(out.stdout.contains("only used with --live"), "{out:?}");
    assert!(out.stdout.contains("StreamKit setup done"), "{out:?}");

    // No CA certificates on this machine: the loopback demo needs none.
    let out = run(
        bare()
            .env("SSL_CERT_FILE", "/nonexistent/ca.pem")
            .env("SSL_CERT_DIR", "/nonexistent"),
        &["demo"],
    )
    .ok();
    assert!(out.stdout.contains("StreamKit setup done"), "{out:?}");

    // Bad demo input is refused before anything is sent.
    run(&mut bare(), &["demo", "--pstn-number", "12345"]).failed(3);
}

#[test]
fn demo_live_needs_credentials_and_yes() {
    let out = run(&mut bare(), &["demo", "--live"]).failed(3);
    assert!(out.stderr.contains("EXOTEL_API_KEY"), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let out = run(&mut bare(), &["demo", "--live", "--json"]).failed(3);
    assert_eq!(out.error_json()["kind"], "validation");

    // Credentials but no --yes: the plan, and nothing sent.
    let server = sandbox();
    let out = run(&mut cli(&server), &["demo", "--live"]).ok();
    assert!(out.stdout.contains("Plan:"), "{out:?}");
    assert!(
        out.stdout.contains(&format!("account {ACCOUNT}")),
        "{out:?}"
    );
    assert!(out.stdout.contains("Re-run with --yes"), "{out:?}");
    assert!(!out.stdout.contains("setup done"), "{out:?}");
    let doc = run(&mut cli(&server), &["demo", "--live", "--json"])
        .ok()
        .json();
    assert_eq!(doc["applied"], false);
    assert_eq!(doc["plan"].as_array().map(Vec::len), Some(13));
    assert!(server.sandbox().requests().is_empty());

    // With --yes, against this loopback sandbox standing in for an account.
    let out = run(&mut cli(&server), &["demo", "--live", "--yes"]).ok();
    assert!(out.stdout.contains("PSTN setup done"), "{out:?}");
    assert!(out.stdout.contains("StreamKit setup done"), "{out:?}");
    assert_eq!(server.sandbox().lock().trunk_count(), 2);
}

#[test]
fn demo_reports_the_failing_step() {
    let server = sandbox();
    let trunks = format!("/v2/accounts/{ACCOUNT}/trunks/*/whitelisted-ips");
    queue(
        &server,
        "POST",
        &trunks,
        Fault::Status {
            status: 400,
            code: Some(1002),
            description: Some("Invalid ip".into()),
        },
    );
    let out = run(&mut cli(&server), &["demo", "--live", "--yes"]).failed(4);
    assert!(out.stdout.contains("3. whitelist the PBX's IP"), "{out:?}");
    assert!(out.stdout.contains("FAILED"), "{out:?}");
    assert!(!out.stdout.contains("setup done"), "{out:?}");

    // (A fresh sandbox: the first run's number is still mapped in this one.)
    let server = sandbox();
    queue(
        &server,
        "POST",
        &trunks,
        Fault::Status {
            status: 400,
            code: Some(1002),
            description: Some("Invalid ip".into()),
        },
    );
    let out = run(&mut cli(&server), &["demo", "--live", "--yes", "--json"]).failed(4);
    let doc: Value = serde_json::from_str(&out.stderr).expect("JSON error");
    assert_eq!(doc["error"]["kind"], "api");
    assert_eq!(doc["steps"].as_array().map(Vec::len), Some(2));
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&mut bare(), &["completions", shell]).ok();
        assert!(out.stdout.contains("exotel-sip"), "{shell}: {out:?}");
        assert!(out.stdout.contains("list-destinations"), "{shell}");
    }
    run(&mut bare(), &["completions", "tcsh"]).failed(2);
}

#[test]
fn help_and_version() {
    let help = run(&mut bare(), &["--help"]).ok();
    for text in [
        "Examples:",
        "Exit codes:",
        "demo",
        "--json",
        "EXOTEL_BASE_URL",
        "completions",
    ] {
        assert!(help.stdout.contains(text), "{text}: {help:?}");
    }
    let version = run(&mut bare(), &["--version"]).ok();
    assert!(version.stdout.starts_with("exotel-sip "), "{version:?}");
}

#[cfg(unix)]
#[test]
fn sandbox_subcommand_serves_until_interrupted() {
    let mut child = bare()
        // The environment's credentials are not the sandbox's.
        .env("EXOTEL_API_KEY", "from_env")
        .env("EXOTEL_API_TOKEN", TOKEN)
        .args(["sandbox", "--port", "0", "--rpm", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let out = run(
        &mut bare(),
        &[
            "--base-url",
            &url,
            "--api-key",
            "sandbox_key",
            "--api-token",
            "sandbox_token",
            "--account-sid",
            "ameyo5m",
            "create-trunk",
            "--name",
            "served",
            "--json",
        ],
    )
    .ok();
    assert_eq!(out.json()["trunk_name"], "served");

    let stopped = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(stopped.success());
    let status = wait(&mut child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(0));
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert!(!stderr.contains(TOKEN), "{stderr}");
    assert!(stderr.contains("sandbox_key"), "{stderr}");
}

/// `call`: every endpoint of the catalog by name, its flags made from its fields.
#[test]
fn call_runs_any_catalog_endpoint_by_name() {
    let server = sandbox();
    let trunk = run(
        &mut cli(&server),
        &["call", "create_trunk", "--trunk-name", "call_t"],
    )
    .ok();
    let sid = trunk.json()["trunk_sid"].as_str().unwrap().to_owned();
    let mapped = run(
        &mut cli(&server),
        &[
            "call",
            "map_phone_number",
            "--trunk-sid",
            &sid,
            "--phone-number",
            "+919876543210",
            "--mode",
            "flow",
        ],
    )
    .ok();
    assert_eq!(mapped.json()["mode"], "flow");
    let page = run(
        &mut cli(&server),
        &["call", "list_phone_numbers", "--trunk-sid", &sid],
    )
    .ok();
    assert_eq!(page.json()["items"][0]["phone_number"], "+919876543210");
    let set = run(
        &mut cli(&server),
        &[
            "call",
            "set_trunk_settings",
            "--trunk-sid",
            &sid,
            "--settings",
            "trunk_external_alias=+919876543210",
        ],
    )
    .ok();
    assert_eq!(set.json()["items"][0]["value"], "+919876543210");
    // Bad input: the core's validation, exit 3, nothing sent.
    let bad = run(
        &mut cli(&server),
        &[
            "call",
            "map_phone_number",
            "--trunk-sid",
            &sid,
            "--phone-number",
            "123",
        ],
    )
    .failed(3);
    assert!(bad.stderr.contains("phone_number"), "{bad:?}");
    // A missing required flag is a usage error (2); so is an unknown operation.
    run(
        &mut cli(&server),
        &["call", "map_phone_number", "--trunk-sid", &sid],
    )
    .failed(2);
    run(&mut cli(&server), &["call", "no_such_call"]).failed(2);
    let deleted = run(
        &mut cli(&server),
        &["call", "delete_trunk", "--trunk-sid", &sid],
    )
    .ok();
    assert_eq!(deleted.json()["trunk_sid"], sid.as_str());
}
