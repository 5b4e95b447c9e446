#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! Regression tests for the defects a first fuzzing run found (issue #18). The
//! cross-language ones (error kinds, batch result counts, redaction, page links)
//! are vectors under `tests/vectors/`; these are the Rust-only ones.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use exotel_sip::envelope::{parse_http_date, retry_after_ms};
use exotel_sip::ops::{ListQuery, MapPhoneNumber};
use exotel_sip::{
    Client, Clock, Config, Credentials, Endpoint, Entropy, Error, Governor, Header, HttpRequest,
    HttpResponse, MaybeSend, PhoneNumber, RateLimit, Region, Transport, TransportError,
    MAX_CLOCK_MS, MAX_PAGES,
};
use futures_lite::future::block_on;
use serde_json::json;

const SID: &str = "trmum1f708622631150902801a1n";
const PATH: &str = "/v2/accounts/ameyo5m/trunks/trmum1f708622631150902801a1n/phone-numbers";

/// A server written as a function of the request; it counts what it is sent.
struct Server<F> {
    answer: F,
    sent: Mutex<Vec<HttpRequest>>,
}

impl<F: Fn(&HttpRequest) -> HttpResponse + Sync> Transport for &Server<F> {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend {
        let response = (self.answer)(&request);
        self.sent.lock().unwrap().push(request);
        async move { Ok(response) }
    }
}

/// Simulated time: a sleep, once polled, advances it at once (a sleep raced
/// against a send that is ready first is never polled, so time stands still).
struct SimClock(Arc<AtomicU64>);

impl SimClock {
    fn at(ms: u64) -> Self {
        SimClock(Arc::new(AtomicU64::new(ms)))
    }
}

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

struct Zero;
impl Entropy for Zero {
    fn next_u64(&self) -> u64 {
        0
    }
}

fn config() -> Config {
    Config::new(
        Credentials::new("key", "token", "ameyo5m").unwrap(),
        Endpoint::Region(Region::Singapore),
    )
    .unwrap()
}

fn server<F: Fn(&HttpRequest) -> HttpResponse + Sync>(answer: F) -> Server<F> {
    Server {
        answer,
        sent: Mutex::new(Vec::new()),
    }
}

/// One page holding one number (not the one being ensured), linking `next`.
fn page_linking(next: Option<String>) -> HttpResponse {
    let body = json!({
        "request_id": "r", "method": "GET", "http_code": 200,
        "metadata": {"page_size": 1, "next_page_uri": next},
        "response": [{"code": 200, "status": "success", "error_data": null, "data": {
            "id": "1", "phone_number": "+918040264299", "trunk_sid": SID}}]
    });
    HttpResponse::new(200, vec![], body.to_string())
}

fn offset_of(url: &str) -> u64 {
    url.split("offset=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn duplicate() -> HttpResponse {
    let body = json!({
        "request_id": "d", "method": "POST", "http_code": 409,
        "response": {"code": 409, "status": "failure", "data": null,
            "error_data": {"code": 1008, "message": "Duplicate", "description": "exists"}}
    });
    HttpResponse::new(409, vec![], body.to_string())
}

/// Defect 1: a server whose pages never end (each links the next offset) made
/// ensure walk for ever. The walk now stops after MAX_PAGES pages.
#[test]
fn pages_that_never_end_stop_after_max_pages() {
    let srv = server(|req: &HttpRequest| {
        if req.method.as_str() == "POST" {
            return duplicate();
        }
        let next = offset_of(&req.url) + 1;
        page_linking(Some(format!("{PATH}?offset={next}&page_size=1")))
    });
    let client =
        Client::new(config(), &srv, SimClock::at(0), Zero).with_rate_limit(RateLimit::unlimited());
    let input = MapPhoneNumber {
        trunk_sid: SID.to_owned(),
        phone_number: "+918040264201".to_owned(),
        mode: None,
    };
    let result = block_on(client.ensure_phone_number(&input));
    let sent = srv.sent.lock().unwrap().len();
    assert!(
        matches!(&result, Err(Error::Decode { detail, .. })
            if detail.contains("did not end") && detail.contains(&format!(" {MAX_PAGES} pages"))),
        "{result:?}"
    );
    // One create, then at most MAX_PAGES pages.
    assert!(sent <= 1 + MAX_PAGES as usize, "{sent} requests");
    assert!(sent > MAX_PAGES as usize / 2, "{sent} requests");
}

/// Defect 1: a page linking itself is refused when read: a few requests, not 10,001.
#[test]
fn a_page_linking_itself_ends_the_walk_at_once() {
    let srv = server(|_: &HttpRequest| page_linking(Some(format!("{PATH}?offset=0&page_size=1"))));
    let client =
        Client::new(config(), &srv, SimClock::at(0), Zero).with_rate_limit(RateLimit::unlimited());
    let result = block_on(
        client
            .pages::<PhoneNumber>(ListQuery::new(SID))
            .collect_items(),
    );
    assert!(matches!(result, Err(Error::Decode { .. })), "{result:?}");
    // The page is retried as any undecodable GET is, never followed.
    let sent = srv.sent.lock().unwrap();
    assert!(sent.len() <= exotel_sip::RetryPolicy::default().max_attempts as usize);
    assert!(
        sent.iter().all(|r| r.url == sent[0].url),
        "only the first page"
    );
}

/// Defect 3: a newline in a server's description cannot forge a log line.
#[test]
fn server_text_in_error_messages_stays_on_one_line() {
    let forged = "bad\nINFO  exotel_sip: call ok\r\u{1b}[2J";
    let errors = [
        Error::Api {
            status: 400,
            code: Some(1002),
            summary: None,
            description: forged.to_owned(),
            request_id: None,
        },
        Error::Authentication {
            status: 401,
            code: None,
            description: forged.to_owned(),
            request_id: None,
        },
        Error::NotFound {
            status: 404,
            code: None,
            description: forged.to_owned(),
            request_id: None,
        },
        Error::Duplicate {
            status: 409,
            code: None,
            description: forged.to_owned(),
            request_id: None,
        },
        Error::Transport {
            kind: exotel_sip::TransportErrorKind::Connect,
            detail: forged.to_owned(),
        },
        Error::OutcomeUnknown {
            operation: "create_trunk".to_owned(),
            detail: forged.to_owned(),
        },
        Error::Internal {
            detail: forged.to_owned(),
        },
    ];
    for err in errors {
        let text = err.to_string();
        assert!(
            !text.chars().any(char::is_control),
            "{text:?} holds a control character"
        );
        assert!(text.contains("bad\\nINFO"), "{text}");
    }
}

/// Defect 6: a year past 9999 in Retry-After overflowed (a panic in debug builds).
#[test]
fn http_dates_beyond_year_9999_are_refused() {
    assert_eq!(
        parse_http_date("Thu, 01 Jan 600000000000 00:00:00 GMT"),
        None
    );
    assert_eq!(
        parse_http_date(&format!("Thu, 01 Jan {} 00:00:00 GMT", u64::MAX)),
        None
    );
    assert_eq!(parse_http_date("Fri, 01 Jan 10000 00:00:00 GMT"), None);
    assert_eq!(
        parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"),
        Some(253_402_300_799)
    );
    let response = HttpResponse::new(
        429,
        vec![
            Header::new("Retry-After", "Thu, 01 Jan 600000000000 00:00:00 GMT"),
            Header::new("Date", "Thu, 01 Jan 1970 00:00:00 GMT"),
        ],
        "",
    );
    assert_eq!(retry_after_ms(&response), None);
}

/// Defect 7: the governor near the end of u64 time neither panics nor stops limiting
/// before it saturates.
#[test]
fn the_governor_is_harmless_at_the_end_of_time() {
    let limit = RateLimit {
        requests_per_minute: 2,
        requests_per_second: 0,
        max_in_flight: 0,
        latency_margin_ms: 500,
    };
    let governor = Governor::new(limit);
    let now = u64::MAX / 1000;
    assert_eq!(governor.reserve(now, 1_000_000), Ok(0));
    assert_eq!(governor.reserve(now, 1_000_000), Ok(0));
    assert_eq!(
        governor.reserve(now, 1_000_000),
        Ok(60_500),
        "the third in a minute still waits"
    );
    let governor = Governor::new(limit);
    for _ in 0..5 {
        let wait = governor.reserve(u64::MAX - 1, u64::MAX).unwrap();
        assert!(wait <= 1);
    }
    assert!(governor.pause(u64::MAX, Some(u64::MAX)) == 0);
}

/// Defect 7: a host clock counting µs or ns by mistake is detected before any send.
#[test]
fn a_clock_in_the_wrong_unit_fails_the_call_and_sends_nothing() {
    let srv = server(|_: &HttpRequest| page_linking(None));
    let ns_since_epoch = 1_764_633_600_000_000_000;
    let client = Client::new(config(), &srv, SimClock::at(ns_since_epoch), Zero);
    let result = block_on(client.phone_numbers_page(&ListQuery::new(SID)));
    assert!(
        matches!(&result, Err(Error::Internal { detail }) if detail.contains("µs or ns")),
        "{result:?}"
    );
    assert!(srv.sent.lock().unwrap().is_empty());
    // A clock in ms since the epoch is fine.
    let ms = SimClock::at(1_764_633_600_000);
    assert!(ms.now_ms() < MAX_CLOCK_MS);
    let client = Client::new(config(), &srv, ms, Zero);
    assert!(block_on(client.phone_numbers_page(&ListQuery::new(SID))).is_ok());
}

/// Found by the `inputs` target: a secret the caller put in a body (a setting
/// named after the token) showed in the request's `Debug`. Bodies show their length.
#[test]
fn a_request_debug_shows_no_body() {
    use exotel_sip::ops::SetTrunkSettings;
    use exotel_sip::{Operation, SettingInput};
    let op = SetTrunkSettings {
        trunk_sid: SID.to_owned(),
        settings: vec![SettingInput {
            name: "key:token".to_owned(),
            value: "token".to_owned(),
        }],
    };
    let request = op.request(&config()).unwrap();
    let shown = format!("{request:?}");
    assert!(!shown.contains("token"), "{shown}");
    let len = request.body.as_ref().unwrap().len();
    assert!(
        shown.contains(&format!("body: Some(<{len} bytes>)")),
        "{shown}"
    );
}
