//! Raw HTTP/1.1 over std TcpStream: what the tests say is exactly what goes on the wire.
#![allow(dead_code)] // each test binary uses part of it

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;

/// Basic auth for the default key and token ("sandbox_key:sandbox_token").
pub const AUTH: &str = "Basic c2FuZGJveF9rZXk6c2FuZGJveF90b2tlbg==";
pub const TRUNKS: &str = "/v2/accounts/ameyo5m/trunks";

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
}

pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("read timeout");
    stream
}

/// The request's bytes, with `Host`, `Connection: close` and (for a body)
/// `Content-Length` added.
pub fn raw_request(method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut raw = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method == "POST" || method == "PUT" {
        raw.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    raw.push_str("\r\n");
    raw.push_str(body);
    raw
}

/// Sends the request and reads until the server closes: every byte it wrote.
pub fn exchange_bytes(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Vec<u8> {
    let mut stream = connect(addr);
    stream
        .write_all(raw_request(method, path, headers, body).as_bytes())
        .expect("write");
    let mut out = Vec::new();
    stream.read_to_end(&mut out).expect("read to EOF");
    out
}

pub fn parse(bytes: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {text:?}"));
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line");
    assert!(status_line.starts_with("HTTP/1.1 "), "{status_line:?}");
    let status = status_line[9..12].parse().expect("status code");
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("header line");
            (name.trim().to_owned(), value.trim().to_owned())
        })
        .collect();
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    parse(&exchange_bytes(addr, method, path, headers, body))
}

/// An authenticated API call with a JSON body (if any).
pub fn api(addr: SocketAddr, method: &str, path: &str, body: &str) -> Reply {
    let mut headers = vec![("Authorization", AUTH), ("Accept", "application/json")];
    if !body.is_empty() {
        headers.push(("Content-Type", "application/json"));
    }
    request(addr, method, path, &headers, body)
}

pub fn trunk_body(name: &str) -> String {
    format!(
        r#"{{"trunk_name":"{name}","nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}}"#
    )
}

pub fn create_trunk_raw(name: &str) -> String {
    raw_request(
        "POST",
        TRUNKS,
        &[
            ("Authorization", AUTH),
            ("Content-Type", "application/json"),
        ],
        &trunk_body(name),
    )
}

pub fn create_trunk(addr: SocketAddr, name: &str) -> Reply {
    api(addr, "POST", TRUNKS, &trunk_body(name))
}

pub fn control(addr: SocketAddr, method: &str, action: &str, body: &str) -> Reply {
    let headers: &[(&str, &str)] = if body.is_empty() {
        &[]
    } else {
        &[("Content-Type", "application/json")]
    };
    request(addr, method, &format!("/__sandbox/{action}"), headers, body)
}

pub fn queue_fault(addr: SocketAddr, fault: &str) {
    let reply = control(addr, "POST", "faults", fault);
    assert_eq!(reply.status, 200, "{}", reply.body);
}

/// The request log's entries.
pub fn logged(addr: SocketAddr) -> Vec<Value> {
    let reply = control(addr, "GET", "requests", "");
    assert_eq!(reply.status, 200);
    reply.json()["requests"]
        .as_array()
        .expect("requests array")
        .clone()
}

pub fn trunk_names(addr: SocketAddr) -> Vec<String> {
    let state = control(addr, "GET", "state", "").json();
    state["trunks"]
        .as_object()
        .expect("trunks object")
        .values()
        .map(|t| t["name"].as_str().expect("name").to_owned())
        .collect()
}
