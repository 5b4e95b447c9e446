#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! The README's promise, as a property: whatever the server sends, every public
//! call ends; a call of one request returns within its deadline after at most
//! `max_attempts` sends; an ensure or a list walk sends a bounded number of
//! requests; and no error text holds a secret or a line break. (The fuzz target
//! `client` checks the same at scale: `cargo xtask fuzz client`.)

use exotel_sip::ops::DeleteTrunk;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use exotel_sip::ops::{AddDestinations, CreateTrunk, ListQuery, MapPhoneNumber, WhitelistIp};
use exotel_sip::{
    CallOptions, Client, Clock, Config, Credentials, Endpoint, Entropy, Error, Header, HttpRequest,
    HttpResponse, MaybeSend, Mode, PhoneNumber, Region, RetryPolicy, Transport, TransportError,
    TransportErrorKind, MAX_PAGES,
};
use proptest::prelude::*;
use serde_json::json;

const TOKEN: &str = "pr0p-t0ken";
const BASIC: &str = "a2V5OnByMHAtdDBrZW4="; // base64("key:pr0p-t0ken")
const SID: &str = "trmum1f708622631150902801a1n";
const ROUNDS: usize = 3; // the ensure helpers' create-then-look rounds

/// One reply the server may send, as proptest draws it.
#[derive(Clone, Debug)]
enum Reply {
    Fail(TransportErrorKind),
    Status(u16, Option<u8>),
    Number(bool),
    Page {
        linked_offset: Option<u8>,
        other_trunk: bool,
    },
    EmptyPage,
    Duplicate,
    Echo(u16),
    Garbage(String),
}

fn envelope(status: u16, response: serde_json::Value, next: Option<String>) -> String {
    json!({"request_id": "r", "method": "GET", "http_code": status,
        "metadata": {"next_page_uri": next}, "response": response})
    .to_string()
}

impl Reply {
    fn response(&self) -> Result<HttpResponse, TransportError> {
        let number = |flow: bool| {
            json!({"code": 200, "status": "success", "error_data": null, "data": {
                "id": "41512", "phone_number": "+918040264201", "trunk_sid": SID,
                "mode": if flow { "flow" } else { "pstn" }}})
        };
        let (status, headers, body) = match self {
            Reply::Fail(kind) => return Err(TransportError::new(*kind, format!("down {TOKEN}"))),
            Reply::Status(status, retry_after) => (
                *status,
                retry_after
                    .map(|s| vec![Header::new("Retry-After", s.to_string())])
                    .unwrap_or_default(),
                envelope(
                    *status,
                    json!({"code": *status, "status": "failure", "data": null}),
                    None,
                ),
            ),
            Reply::Number(flow) => (200, vec![], envelope(200, number(*flow), None)),
            Reply::Page {
                linked_offset,
                other_trunk,
            } => {
                let trunk = if *other_trunk {
                    "trmum1f708622631150902801zzz"
                } else {
                    SID
                };
                let next = linked_offset.map(|o| {
                    format!("/v2/accounts/ameyo5m/trunks/{trunk}/phone-numbers?offset={o}")
                });
                (200, vec![], envelope(200, json!([number(false)]), next))
            }
            Reply::EmptyPage => (200, vec![], envelope(200, json!([]), None)),
            Reply::Duplicate => (
                200,
                vec![],
                envelope(
                    200,
                    json!({"code": 409, "status": "failure", "data": null,
                    "error_data": {"code": 1008, "description": "exists"}}),
                    None,
                ),
            ),
            Reply::Echo(status) => (
                *status,
                vec![],
                envelope(
                    *status,
                    json!({"code": *status, "status": "failure", "data": null,
                    "error_data": {"code": 1002, "description": format!("{TOKEN}\n{BASIC}")}}),
                    None,
                ),
            ),
            Reply::Garbage(text) => (200, vec![], text.clone()),
        };
        Ok(HttpResponse::new(status, headers, body))
    }
}

fn reply() -> impl Strategy<Value = Reply> {
    prop_oneof![
        prop_oneof![
            Just(TransportErrorKind::Connect),
            Just(TransportErrorKind::Timeout),
            Just(TransportErrorKind::IoAfterSend)
        ]
        .prop_map(Reply::Fail),
        (
            prop_oneof![Just(429u16), Just(500), Just(503), Just(401), Just(404)],
            any::<Option<u8>>()
        )
            .prop_map(|(s, r)| Reply::Status(s, r)),
        any::<bool>().prop_map(Reply::Number),
        (any::<Option<u8>>(), any::<bool>()).prop_map(|(o, t)| Reply::Page {
            linked_offset: o,
            other_trunk: t
        }),
        Just(Reply::EmptyPage),
        Just(Reply::Duplicate),
        prop_oneof![Just(400u16), Just(429), Just(401)].prop_map(Reply::Echo),
        ".{0,40}".prop_map(Reply::Garbage),
    ]
}

/// Answers from the script, then (if `endless`) with pages that always link
/// the next offset, else with refused connections.
struct Server {
    script: Mutex<Vec<Reply>>,
    endless: bool,
    sent: AtomicU64,
}

impl Transport for &Server {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend {
        self.sent.fetch_add(1, Ordering::SeqCst);
        let next = self.script.lock().unwrap().pop();
        let reply = match next {
            Some(reply) => reply.response(),
            None if self.endless && request.method.as_str() == "GET" => {
                let offset: u64 = request
                    .url
                    .split("offset=")
                    .nth(1)
                    .and_then(|r| r.split('&').next()?.parse().ok())
                    .unwrap_or(0);
                let next = format!(
                    "/v2/accounts/ameyo5m/trunks/{SID}/phone-numbers?offset={}",
                    offset + 1
                );
                Ok(HttpResponse::new(
                    200,
                    vec![],
                    envelope(
                        200,
                        json!([{"code": 200, "status": "success", "data": {
                        "id": "1", "phone_number": "+918040264299", "trunk_sid": SID}}]),
                        Some(next),
                    ),
                ))
            }
            None => Err(TransportError::new(TransportErrorKind::Connect, "no more")),
        };
        async move { reply }
    }
}

#[derive(Clone, Default)]
struct SimClock(Arc<AtomicU64>);

impl Clock for SimClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> + MaybeSend {
        let now = self.0.clone();
        async move {
            now.fetch_add(ms, Ordering::SeqCst);
        }
    }
}

struct Jitter(u64);
impl Entropy for Jitter {
    fn next_u64(&self) -> u64 {
        self.0
    }
}

/// Polls a call to its end; it must not wait on anything but simulated sleeps.
fn finish<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..5_000_000 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
    panic!("the call never ended");
}

fn check_error(err: &Error) {
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(TOKEN) && !text.contains(BASIC), "{text}");
    }
    assert!(!err.to_string().contains('\n'), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn every_call_ends_within_its_bounds(
        script in prop::collection::vec(reply(), 0..24),
        op in 0u8..8,
        endless in any::<bool>(),
        timeout_ms in prop_oneof![Just(30_000u32), 1u32..5_000],
        jitter in any::<u64>(),
    ) {
        let mut script = script;
        script.reverse();
        let replies = script.len() as u64;
        let server = Server { script: Mutex::new(script), endless, sent: AtomicU64::new(0) };
        let clock = SimClock::default();
        let config = Config::new(
            Credentials::new("key", TOKEN, "ameyo5m").unwrap(),
            Endpoint::Region(Region::Mumbai),
        )
        .unwrap();
        let client = Client::new(config, &server, clock.clone(), Jitter(jitter));
        let options = CallOptions { timeout_ms: Some(timeout_ms), retry: None };
        let attempts = u64::from(RetryPolicy::default().max_attempts);
        let number = MapPhoneNumber { trunk_sid: SID.into(), phone_number: "+918040264201".into(), mode: Some(Mode::Flow) };
        let ip = WhitelistIp { trunk_sid: SID.into(), ip: "10.0.0.1".into(), mask: Some(32) };
        let dests = AddDestinations { trunk_sid: SID.into(), destinations: vec!["10.0.0.1:5060".into()] };
        let trunk = CreateTrunk { trunk_name: "t".into(), nso_code: None, domain_name: None };
        let result: Result<(), Error> = match op {
            0 => finish(client.execute_with(&trunk, &options)).map(drop),
            1 => finish(client.delete_trunk_with(&DeleteTrunk::new(SID), &options)).map(drop),
            2 => finish(client.execute_with(&number, &options)).map(drop),
            3 => finish(client.phone_numbers_page(&ListQuery::new(SID))).map(drop),
            4 => finish(client.ensure_phone_number_with(&number, &options)).map(drop),
            5 => finish(client.ensure_whitelisted_ip_with(&ip, &options)).map(drop),
            6 => finish(client.ensure_destinations_with(&dests, &options)).map(drop),
            _ => finish(client.pages_with::<PhoneNumber>(ListQuery::new(SID), options).collect_items()).map(drop),
        };
        if let Err(err) = &result {
            check_error(err);
        }
        let sent = server.sent.load(Ordering::SeqCst);
        if op < 4 {
            // One request: at most max_attempts sends, within the deadline.
            let deadline = if op == 3 { 30_000 } else { u64::from(timeout_ms) };
            prop_assert!(sent <= attempts, "{sent} sends");
            prop_assert!(clock.now_ms() <= deadline, "{} ms of {deadline}", clock.now_ms());
        } else {
            // Composite: each listing reads at most MAX_PAGES pages; every
            // request is one call of at most max_attempts sends.
            let bound = ROUNDS as u64 * (u64::from(MAX_PAGES) + 2) * attempts;
            prop_assert!(sent <= bound, "{sent} sends (bound {bound})");
            if !endless {
                prop_assert!(sent <= (replies + ROUNDS as u64 * 2) * attempts, "{sent} sends for {replies} replies");
            }
        }
    }
}
