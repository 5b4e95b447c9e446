//! sandbox/error-matrix.json through the in-process transport: every error row of
//! server-rules.md and every fault. The server's tests send the same table as raw HTTP.

#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // tests assert bluntly

mod common;

use common::*;
use exotel_sip::{Clock, Header, HttpRequest, Method, Transport, TransportErrorKind};
use futures_lite::future::block_on;
use serde_json::Value;

fn matrix() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../error-matrix.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn request(row: &Value, sid: &str, id: &str) -> HttpRequest {
    let method = match row["method"].as_str().unwrap() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        _ => Method::Delete,
    };
    let path = row["path"]
        .as_str()
        .unwrap()
        .replace("{sid}", sid)
        .replace("{id}", id);
    let mut headers = Vec::new();
    if row["auth"].as_bool() != Some(false) {
        headers.push(Header::new("Authorization", AUTH));
    }
    let body = row["body"].as_str().map(str::to_owned);
    if body.is_some() && row["json"].as_bool() != Some(false) {
        headers.push(Header::new("Content-Type", "application/json"));
    }
    if let Some(extra) = row["headers"].as_object() {
        headers.extend(
            extra
                .iter()
                .map(|(k, v)| Header::new(k.clone(), v.as_str().unwrap())),
        );
    }
    HttpRequest {
        method,
        url: format!("http://127.0.0.1{path}"),
        headers,
        body,
        timeout_ms: 5_000,
    }
}

#[test]
fn every_row_and_fault_through_the_in_process_transport() {
    let sandbox = sandbox();
    let clock = VirtualClock::default();
    let transport = sandbox.transport(clock.clone(), NOW);
    let send = |req: HttpRequest| block_on(transport.send(req));
    let setup = |method, path: &str, body: &str| {
        let row = serde_json::json!({"method": method, "path": path, "body": body});
        let r = send(request(&row, "", "")).unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        serde_json::from_str::<Value>(&r.body).unwrap()["response"]["data"].clone()
    };
    let sid = setup("POST", "/v2/accounts/ameyo5m/trunks", r#"{"trunk_name":"rows_trunk","nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}"#)["trunk_sid"].as_str().unwrap().to_owned();
    let numbers = format!("/v2/accounts/ameyo5m/trunks/{sid}/phone-numbers");
    let id = setup("POST", &numbers, r#"{"phone_number":"+919800000001"}"#)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    setup(
        "POST",
        &format!("/v2/accounts/ameyo5m/trunks/{sid}/whitelisted-ips"),
        r#"{"ip":"10.0.0.1"}"#,
    );

    let m = matrix();
    let rows = m["rows"].as_array().unwrap();
    for row in rows {
        let name = row["name"].as_str().unwrap();
        let r = send(request(row, &sid, &id)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let body: Value = serde_json::from_str(&r.body).unwrap();
        let item = if body["response"].is_array() {
            &body["response"][0]
        } else {
            &body["response"]
        };
        let want = &row["expect"];
        assert_eq!(
            u64::from(r.status),
            want["status"].as_u64().unwrap(),
            "{name}: {}",
            r.body
        );
        assert_eq!(body["http_code"], want["status"], "{name}");
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
        sandbox.dump()["trunks"][&sid]["phone_numbers"]
            .as_array()
            .unwrap()
            .len()
    };
    let faults = m["faults"].as_array().unwrap();
    for (i, case) in faults.iter().enumerate() {
        let name = case["name"].as_str().unwrap();
        let queued = serde_json::json!({"method": "POST", "path": "/v2/accounts/ameyo5m/trunks/*/phone-numbers", "fault": case["fault"]});
        sandbox.queue_fault(serde_json::from_value(queued).unwrap());
        let before = (count(), clock.now_ms());
        let row = serde_json::json!({"method": "POST", "path": numbers, "body": format!(r#"{{"phone_number":"+9198100000{i:02}"}}"#)});
        let result = send(request(&row, &sid, &id));
        let want = &case["expect"];
        let applied = count() == before.0 + 1;
        assert_eq!(
            applied,
            want["applied"].as_bool().unwrap(),
            "{name}: applied"
        );
        if want["dropped"].as_bool() == Some(true) {
            let err = result.expect_err(name);
            assert_eq!(err.kind, TransportErrorKind::IoAfterSend, "{name}");
            continue;
        }
        let r = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            u64::from(r.status),
            want["status"].as_u64().unwrap(),
            "{name}"
        );
        if let Some(ms) = want["min_delay_ms"].as_u64() {
            assert!(
                clock.now_ms() - before.1 >= ms,
                "{name}: delayed on the transport's clock"
            );
        }
        if let Some(v) = want["retry_after"].as_str() {
            assert_eq!(r.header("retry-after"), Some(v), "{name}");
        }
        if let Some(prefix) = want["body_starts"].as_str() {
            assert!(r.body.starts_with(prefix), "{name}: {}", r.body);
        }
        if let Some(is_json) = want["body_json"].as_bool() {
            assert_eq!(
                serde_json::from_str::<Value>(&r.body).is_ok(),
                is_json,
                "{name}: {}",
                r.body
            );
        }
    }
    assert!(rows.len() >= 24 && faults.len() == 8);
}
