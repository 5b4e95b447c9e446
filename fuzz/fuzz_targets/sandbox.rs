//! Sequences of requests on one sandbox state, seeded with a valid setup so every
//! handler is reached: no panic; every answer to an API path is an Exotel
//! envelope; the request log stays within its byte bound.
#![no_main]

use exotel_sip::Header;
use exotel_sip_fuzz::text;
use exotel_sip_sandbox::{
    begin, finish, requests, Delivery, Outcome, SandboxConfig, SandboxRequest, State,
    DEFAULT_EPOCH_MS, LOG_MAX_BYTES,
};
use libfuzzer_sys::fuzz_target;

const AUTH: &str = "Basic c2FuZGJveF9rZXk6c2FuZGJveF90b2tlbg=="; // sandbox_key:sandbox_token
const ACCOUNT: &str = "/v2/accounts/ameyo5m";

fn request(method: &str, target: String, auth: Option<&str>, body: String) -> SandboxRequest {
    let mut headers = vec![Header::new("Accept", "application/json")];
    if let Some(auth) = auth {
        headers.push(Header::new("Authorization", auth));
    }
    if !body.is_empty() {
        headers.push(Header::new("Content-Type", "application/json"));
    }
    SandboxRequest {
        method: method.to_owned(),
        target,
        headers,
        body,
    }
}

fn respond(
    state: &mut State,
    now: u64,
    req: &SandboxRequest,
    delivery: Delivery,
) -> Option<String> {
    let (ticket, outcome) = begin(state, now, req);
    finish(state, ticket, delivery);
    match outcome {
        Outcome::Respond { response, .. } => Some(response.body),
        _ => None,
    }
}

/// A valid setup: a trunk with a number, an IP, a destination and a setting.
fn seeded() -> (State, String) {
    let mut state = State::new(SandboxConfig::default());
    let now = DEFAULT_EPOCH_MS;
    let body = r#"{"trunk_name":"fuzz_trunk","nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}"#;
    let created = respond(
        &mut state,
        now,
        &request("POST", format!("{ACCOUNT}/trunks"), Some(AUTH), body.into()),
        Delivery::Completed,
    )
    .unwrap_or_default();
    let sid = serde_json::from_str::<serde_json::Value>(&created)
        .ok()
        .and_then(|v| {
            v["response"]["data"]["trunk_sid"]
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let t = format!("{ACCOUNT}/trunks/{sid}");
    for (path, body) in [
        (
            "phone-numbers",
            r#"{"phone_number":"+918040264201","mode":"pstn"}"#,
        ),
        ("whitelisted-ips", r#"{"ip":"10.0.0.1","mask":32}"#),
        (
            "destination-uris",
            r#"{"destinations":[{"destination":"10.0.0.1:5060;transport=udp"}]}"#,
        ),
        (
            "settings",
            r#"{"settings":[{"name":"trunk_external_alias","value":"+918040264201"}]}"#,
        ),
    ] {
        respond(
            &mut state,
            now,
            &request("POST", format!("{t}/{path}"), Some(AUTH), body.into()),
            Delivery::Completed,
        );
    }
    (state, sid)
}

const METHODS: [&str; 6] = ["GET", "POST", "PUT", "DELETE", "PATCH", "get"];

static SEEDED: std::sync::OnceLock<(State, String)> = std::sync::OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let (state, sid) = SEEDED.get_or_init(seeded);
    let (mut state, sid) = (state.clone(), sid.clone());
    let mut now = DEFAULT_EPOCH_MS;
    for chunk in data.split(|&b| b == 0xFF).take(32) {
        let [m, p, a, d, rest @ ..] = chunk else {
            continue;
        };
        let tail = text(rest);
        let (suffix, body) = tail.split_once('\n').unwrap_or(("", &tail));
        let trunk = if p & 0x80 == 0 {
            sid.clone()
        } else {
            suffix.to_owned()
        };
        let path = match p % 12 {
            0 => format!("{ACCOUNT}/trunks{suffix}"),
            1 => format!("{ACCOUNT}/trunks?trunk_sid={trunk}"),
            2 => format!("{ACCOUNT}/trunks/{trunk}/phone-numbers{suffix}"),
            3 => format!("{ACCOUNT}/trunks/{trunk}/phone-numbers/41512{suffix}"),
            4 => format!("{ACCOUNT}/trunks/{trunk}/whitelisted-ips{suffix}"),
            5 => format!("{ACCOUNT}/trunks/{trunk}/destination-uris{suffix}"),
            6 => format!("{ACCOUNT}/trunks/{trunk}/settings{suffix}"),
            7 => format!("{ACCOUNT}/trunks/{trunk}/credentials{suffix}"),
            8 => format!("/__sandbox/{suffix}"),
            9 => format!("/v2/accounts/{suffix}/trunks"),
            10 => suffix.to_owned(),
            _ => format!(
                "{ACCOUNT}/trunks/{trunk}/phone-numbers?offset={suffix}&page_size={}",
                d % 60
            ),
        };
        let auth = match a % 4 {
            0 | 1 => Some(AUTH),
            2 => Some("Basic d3Jvbmc6d3Jvbmc="),
            _ => None,
        };
        let method = METHODS[usize::from(*m) % METHODS.len()];
        let delivery = match d % 8 {
            0 => Delivery::ClientClosed,
            1 => Delivery::Dropped,
            _ => Delivery::Completed,
        };
        // Time moves on, sometimes by a lot (up to the end of u64 time).
        now = match d % 16 {
            15 => u64::MAX - u64::from(*a),
            _ => now.saturating_add(u64::from(*d) * 37),
        };
        let req = request(method, path.clone(), auth, body.to_owned());
        if let Some(answer) = respond(&mut state, now, &req, delivery) {
            let api = !path.starts_with("/__sandbox");
            if api && path.starts_with("/v2/") {
                let value: serde_json::Value = serde_json::from_str(&answer)
                    .unwrap_or_else(|e| panic!("not JSON ({e}): {answer}"));
                assert!(value.get("response").is_some(), "not an envelope: {answer}");
            }
        }
    }
    let held: usize = requests(&state)
        .iter()
        .map(|r| r.body.len() + r.path.len())
        .sum();
    assert!(held <= LOG_MAX_BYTES);
});
