#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! The server in-process on an ephemeral loopback port, spoken to in raw HTTP/1.1.

mod common;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use common::*;
use exotel_sip_sandbox::SandboxConfig;
use exotel_sip_sandbox_server::{spawn, start, BackgroundServer, ServerOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn server() -> BackgroundServer {
    spawn(ServerOptions::default()).expect("server starts")
}

fn with(options: ServerOptions) -> BackgroundServer {
    spawn(options).expect("server starts")
}

#[test]
fn binds_loopback_and_serves_the_api() {
    let server = server();
    assert!(server.addr().ip().is_loopback());
    assert_ne!(server.addr().port(), 0);

    let health = control(server.addr(), "GET", "health", "");
    assert_eq!(health.status, 200);
    assert_eq!(health.json(), serde_json::json!({"ok": true}));

    let created = create_trunk(server.addr(), "t1");
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(created.header("content-type"), Some("application/json"));
    let date = created.header("date").expect("Date header");
    assert!(date.ends_with(" GMT"), "{date}");
    assert_eq!(created.json()["response"]["data"]["trunk_name"], "t1");

    let again = create_trunk(server.addr(), "t1");
    assert_eq!(again.status, 409, "{}", again.body);

    let unauthenticated = request(server.addr(), "GET", TRUNKS, &[], "");
    assert_eq!(unauthenticated.status, 401, "{}", unauthenticated.body);

    // The wrapper's view and the HTTP view are the same sandbox.
    assert_eq!(server.sandbox().lock().trunk_count(), 1);
    let log = logged(server.addr());
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|e| e["delivery"] == "completed"), "{log:?}");
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["path"], TRUNKS);
    assert_eq!(log[0]["status"], 200);
}

#[test]
fn keeps_a_connection_alive_across_requests() {
    let server = server();
    let mut stream = connect(server.addr());
    let one = "GET /__sandbox/health HTTP/1.1\r\nHost: x\r\n\r\n";
    let mut buf = vec![0u8; 4096];
    for _ in 0..3 {
        stream.write_all(one.as_bytes()).unwrap();
        let n = stream.read(&mut buf).unwrap();
        let reply = parse(&buf[..n]);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.body, r#"{"ok":true}"#);
    }
}

#[test]
fn drop_fault_closes_without_a_status_line() {
    let server = server();
    queue_fault(
        server.addr(),
        r#"{"method":"POST","path":"/v2/accounts/ameyo5m/trunks","fault":{"type":"drop"}}"#,
    );
    let bytes = exchange_bytes(
        server.addr(),
        "POST",
        TRUNKS,
        &[
            ("Authorization", AUTH),
            ("Content-Type", "application/json"),
        ],
        &trunk_body("t1"),
    );
    assert!(
        bytes.is_empty(),
        "wrote {:?}",
        String::from_utf8_lossy(&bytes)
    );
    // Nothing was applied.
    assert!(trunk_names(server.addr()).is_empty());
    let log = logged(server.addr());
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["fault"], "drop");
    assert_eq!(log[0]["delivery"], "dropped");
    assert_eq!(log[0]["status"], serde_json::Value::Null);
    // The fault was used up: the next one goes through.
    assert_eq!(create_trunk(server.addr(), "t1").status, 200);
}

#[test]
fn lost_fault_applies_then_closes_without_a_status_line() {
    let server = server();
    queue_fault(
        server.addr(),
        r#"{"method":"POST","path":"/v2/accounts/ameyo5m/trunks","fault":{"type":"lost"}}"#,
    );
    let mut stream = connect(server.addr());
    stream
        .write_all(create_trunk_raw("lost1").as_bytes())
        .unwrap();
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .expect("a clean EOF, not a reset");
    assert!(
        bytes.is_empty(),
        "wrote {:?}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(trunk_names(server.addr()), vec!["lost1".to_owned()]);
    let log = logged(server.addr());
    assert_eq!(log[0]["fault"], "lost");
    assert_eq!(log[0]["delivery"], "dropped");
    // A retry of the same create now conflicts: the first one landed.
    assert_eq!(create_trunk(server.addr(), "lost1").status, 409);
}

#[test]
fn client_closing_during_a_latency_fault_is_logged_client_closed() {
    let server = server();
    queue_fault(
        server.addr(),
        r#"{"method":"GET","path":"/v2/accounts/ameyo5m/trunks","fault":{"type":"latency","ms":2000}}"#,
    );
    let started = Instant::now();
    let mut stream = connect(server.addr());
    let raw = raw_request("GET", TRUNKS, &[("Authorization", AUTH)], "");
    stream.write_all(raw.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    drop(stream);

    let delivery = loop {
        let log = logged(server.addr());
        assert_eq!(log.len(), 1, "{log:?}");
        let delivery = log[0]["delivery"].as_str().unwrap().to_owned();
        if delivery != "pending" {
            break delivery;
        }
        assert!(
            started.elapsed() < Duration::from_millis(1500),
            "the close was not noticed while the response was pending"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(delivery, "client_closed");
    assert!(started.elapsed() < Duration::from_millis(1900));
    // The exchange left the in-flight count: a concurrency of 1 admits the next.
    server.sandbox().set_limits(0, 1);
    assert_eq!(create_trunk(server.addr(), "t1").status, 200);
}

#[test]
fn latency_fault_delays_then_completes() {
    let server = server();
    let created = create_trunk(server.addr(), "t1").json();
    let sid = created["response"]["data"]["trunk_sid"]
        .as_str()
        .unwrap()
        .to_owned();
    queue_fault(
        server.addr(),
        r#"{"path":"/v2/accounts/ameyo5m/trunks/*/phone-numbers","fault":{"type":"latency","ms":300}}"#,
    );
    let started = Instant::now();
    let reply = api(
        server.addr(),
        "GET",
        &format!("{TRUNKS}/{sid}/phone-numbers"),
        "",
    );
    let took = started.elapsed();
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert!(took < Duration::from_millis(1500), "{took:?}");
    let log = logged(server.addr());
    assert_eq!(log[1]["fault"], "latency");
    assert_eq!(log[1]["delivery"], "completed");
}

#[test]
fn cors_is_off_by_default() {
    let server = server();
    let preflight = request(
        server.addr(),
        "OPTIONS",
        TRUNKS,
        &[
            ("Origin", "http://localhost:5173"),
            ("Access-Control-Request-Method", "POST"),
        ],
        "",
    );
    assert_ne!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    let reply = create_trunk(server.addr(), "t1");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[test]
fn cors_answers_preflights_and_marks_every_response() {
    let server = with(ServerOptions {
        cors: true,
        ..ServerOptions::default()
    });
    let preflight = request(
        server.addr(),
        "OPTIONS",
        TRUNKS,
        &[
            ("Origin", "http://localhost:5173"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization, content-type",
            ),
        ],
        "",
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        preflight.header("access-control-allow-methods"),
        Some("GET, POST, PUT, DELETE, OPTIONS")
    );
    assert_eq!(
        preflight.header("access-control-allow-headers"),
        Some("Authorization, Content-Type, Accept, User-Agent")
    );
    assert!(preflight.body.is_empty());
    // Preflights are not API requests: not logged, not counted.
    assert!(logged(server.addr()).is_empty());

    for reply in [
        create_trunk(server.addr(), "t1"),
        request(server.addr(), "GET", TRUNKS, &[], ""),
        control(server.addr(), "GET", "health", ""),
    ] {
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("*"),
            "{reply:?}"
        );
    }
}

#[test]
fn oversized_bodies_are_refused_with_413() {
    let server = with(ServerOptions {
        max_body_bytes: 1024,
        ..ServerOptions::default()
    });
    // Declared too large: refused before reading.
    let mut stream = connect(server.addr());
    stream
        .write_all(
            b"POST /v2/accounts/ameyo5m/trunks HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n",
        )
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = stream.read(&mut buf).unwrap();
    let reply = parse(&buf[..n]);
    assert_eq!(reply.status, 413);
    assert_eq!(reply.header("connection"), Some("close"));

    // Chunked, no length declared: refused once the limit is passed.
    let big = "x".repeat(2048);
    let mut stream = connect(server.addr());
    let raw = format!(
        "POST /v2/accounts/ameyo5m/trunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{big}\r\n0\r\n\r\n",
        big.len()
    );
    stream.write_all(raw.as_bytes()).unwrap();
    let n = stream.read(&mut buf).unwrap();
    assert_eq!(parse(&buf[..n]).status, 413);
    assert!(logged(server.addr()).is_empty());

    // Within the limit: handled.
    assert_eq!(create_trunk(server.addr(), "t1").status, 200);
}

#[test]
fn rate_limit_answers_429_with_retry_after() {
    let server = with(ServerOptions {
        config: SandboxConfig {
            rpm: 1,
            ..SandboxConfig::default()
        },
        ..ServerOptions::default()
    });
    assert_eq!(create_trunk(server.addr(), "t1").status, 200);
    let limited = create_trunk(server.addr(), "t2");
    assert_eq!(limited.status, 429, "{}", limited.body);
    let retry: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // Controls are never limited.
    assert_eq!(control(server.addr(), "GET", "health", "").status, 200);
}

#[test]
fn non_utf8_header_values_are_passed_on_lossily() {
    let server = server();
    let mut stream = connect(server.addr());
    let mut raw = b"GET /v2/accounts/ameyo5m/trunks HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: "
        .to_vec();
    raw.extend_from_slice(AUTH.as_bytes());
    raw.extend_from_slice(b"\r\nX-Odd: caf\xe9\r\n\r\n");
    stream.write_all(&raw).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    // Handled (there is no list-trunks endpoint: 404), not refused.
    assert_eq!(parse(&bytes).status, 404);
    let log = logged(server.addr());
    let odd = log[0]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0] == "x-odd")
        .expect("x-odd logged")
        .clone();
    assert_eq!(odd[1], "caf\u{fffd}");
}

#[test]
fn state_file_round_trip_in_process() {
    let dir = std::env::temp_dir().join(format!("exotel-sip-sandbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("in-process.json");
    let _ = std::fs::remove_file(&file);
    let options = ServerOptions {
        state_file: Some(file.clone()),
        ..ServerOptions::default()
    };
    let first = with(options.clone());
    assert_eq!(create_trunk(first.addr(), "kept").status, 200);
    first.shutdown().unwrap();
    assert!(file.exists());

    let second = with(options);
    assert_eq!(trunk_names(second.addr()), vec!["kept".to_owned()]);
    assert_eq!(create_trunk(second.addr(), "kept").status, 409);
    second.shutdown().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_state_file_is_an_error_not_an_empty_sandbox() {
    let dir = std::env::temp_dir().join(format!("exotel-sip-sandbox-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(&file, "{not json").unwrap();
    let err = spawn(ServerOptions {
        state_file: Some(file.clone()),
        ..ServerOptions::default()
    })
    .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert!(err.to_string().contains("bad.json"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_start_serves_and_shuts_down() {
    let server = start(ServerOptions::default()).await.unwrap();
    assert!(server.url().starts_with("http://127.0.0.1:"));
    let mut stream = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    stream
        .write_all(create_trunk_raw("async").as_bytes())
        .await
        .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    assert_eq!(parse(&bytes).status, 200);
    assert_eq!(server.sandbox().lock().trunk_count(), 1);

    let addr = server.addr();
    server.shutdown().await.unwrap();
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
