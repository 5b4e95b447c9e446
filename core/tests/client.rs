#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! The client over fake seams: sending, parsing, timeouts, pagination, redaction.

use exotel_sip::ops::DeleteTrunk;
use std::collections::VecDeque;
use std::future::{pending, Future};
use std::sync::Mutex;

use exotel_sip::ops::{CreateTrunk, ListQuery, MapPhoneNumber};
use exotel_sip::{
    Client, Clock, Config, Credentials, Endpoint, Entropy, Error, HttpRequest, HttpResponse,
    MaybeSend, Mode, PhoneNumber, RateLimit, Region, RetryPolicy, Transport, TransportError,
    TransportErrorKind,
};
use futures_lite::future::block_on;
use serde_json::json;

const TOKEN: &str = "s3cr3t-token";
const BASIC: &str = "a2V5OnMzY3IzdC10b2tlbg=="; // base64("key:s3cr3t-token")

#[derive(Default)]
struct Scripted {
    replies: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
    sent: Mutex<Vec<HttpRequest>>,
    hang: bool,
}

impl Scripted {
    fn new(replies: Vec<Result<HttpResponse, TransportError>>) -> Self {
        Scripted {
            replies: Mutex::new(replies.into()),
            ..Default::default()
        }
    }
    fn sent(&self) -> Vec<HttpRequest> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Transport for &Scripted {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend {
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(request);
        }
        let reply = self.replies.lock().ok().and_then(|mut r| r.pop_front());
        let hang = self.hang;
        async move {
            if hang {
                pending::<()>().await;
            }
            reply.unwrap_or_else(|| {
                Err(TransportError::new(
                    TransportErrorKind::Connect,
                    "no more replies",
                ))
            })
        }
    }
}

/// A clock whose sleep completes at once (`instant`) or never.
struct FakeClock {
    instant: bool,
}

impl Clock for FakeClock {
    fn now_ms(&self) -> u64 {
        0
    }
    fn sleep(&self, _ms: u64) -> impl Future<Output = ()> + MaybeSend {
        let instant = self.instant;
        async move {
            if !instant {
                pending::<()>().await;
            }
        }
    }
}

struct Fixed;
impl Entropy for Fixed {
    fn next_u64(&self) -> u64 {
        4
    }
}

/// A client without governor spacing or retries: these tests are about one exchange.
fn client(transport: &Scripted, instant: bool) -> Client<&Scripted, FakeClock, Fixed> {
    Client::new(config(), transport, FakeClock { instant }, Fixed)
        .with_rate_limit(RateLimit::unlimited())
        .with_retry_policy(RetryPolicy::none())
}

fn config() -> Config {
    Credentials::new("key", TOKEN, "ameyo5m")
        .and_then(|c| Config::new(c, Endpoint::Region(Region::Mumbai)))
        .map(|c| c.with_timeout_ms(5_000))
        .unwrap_or_else(|e| unreachable!("{e}"))
}

fn ok(body: serde_json::Value) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse::new(200, vec![], body.to_string()))
}

fn number_page(ids: &[&str], next: Option<&str>) -> serde_json::Value {
    json!({
        "request_id": "r", "method": "GET", "http_code": 200,
        "metadata": {"page_size": 2, "first_page_uri": "/v2/accounts/ameyo5m/trunks/tr1/phone-numbers?offset=0&page_size=2",
                     "prev_page_uri": null, "next_page_uri": next},
        "response": ids.iter().map(|id| json!({"code": 200, "error_data": null, "status": "success",
            "data": {"id": id, "phone_number": "+919876543210", "trunk_sid": "tr1", "mode": null}}))
            .collect::<Vec<_>>()
    })
}

#[test]
fn sends_once_and_parses_the_typed_result() {
    let transport = Scripted::new(vec![ok(json!({
        "request_id": "abc", "method": "POST", "http_code": 200,
        "response": {"code": 200, "error_data": null, "status": "success",
            "data": {"id": "41523", "phone_number": "+919876543210", "trunk_sid": "tr1", "mode": "flow"}}
    }))]);
    let client = client(&transport, false);
    let input = MapPhoneNumber {
        trunk_sid: "tr1".into(),
        phone_number: "+919876543210".into(),
        mode: Some(Mode::Flow),
    };
    let number = block_on(client.map_phone_number(&input));
    assert_eq!(
        number.map(|n| (n.id, n.mode)),
        Ok(("41523".to_owned(), Mode::Flow))
    );
    let sent = transport.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].url,
        "https://api.in.exotel.com/v2/accounts/ameyo5m/trunks/tr1/phone-numbers"
    );
    assert_eq!(sent[0].timeout_ms, 5_000);
}

#[test]
fn invalid_input_never_reaches_the_transport() {
    let transport = Scripted::new(vec![]);
    let client = client(&transport, false);
    let err = block_on(client.create_trunk(&CreateTrunk::new("this_name_is_too_long")));
    assert!(
        matches!(err, Err(Error::Validation { ref field, ref rule, .. }) if field == "trunk_name" && rule == "max_length"),
        "{err:?}"
    );
    assert!(transport.sent().is_empty());
}

#[test]
fn a_hanging_transport_times_out_on_the_host_clock() {
    let transport = Scripted {
        hang: true,
        ..Default::default()
    };
    let client = client(&transport, true);
    let err = block_on(client.delete_trunk(&DeleteTrunk::new("tr1")));
    assert!(matches!(err, Err(Error::Timeout { .. })), "{err:?}");
}

#[test]
fn transport_errors_keep_their_kind_and_lose_secrets() {
    let detail = format!("proxy said Authorization: Basic {BASIC} for {TOKEN}");
    let transport = Scripted::new(vec![Err(TransportError::new(
        TransportErrorKind::IoAfterSend,
        detail,
    ))]);
    let client = client(&transport, false);
    let err = block_on(client.delete_trunk(&DeleteTrunk::new("tr1"))).err();
    let shown = format!(
        "{err:?} {}",
        err.as_ref().map(ToString::to_string).unwrap_or_default()
    );
    assert!(
        matches!(
            err,
            Some(Error::Transport {
                kind: TransportErrorKind::IoAfterSend,
                ..
            })
        ),
        "{shown}"
    );
    assert!(!shown.contains(TOKEN) && !shown.contains(BASIC), "{shown}");
    // The request itself, printed, hides the Authorization value too.
    let req = format!("{:?}", transport.sent());
    assert!(!req.contains(BASIC) && !req.contains(TOKEN), "{req}");
}

#[test]
fn transport_timeout_becomes_a_timeout_error() {
    let transport = Scripted::new(vec![Err(TransportError::new(
        TransportErrorKind::Timeout,
        "slow",
    ))]);
    let client = client(&transport, false);
    assert_eq!(
        block_on(client.delete_trunk(&DeleteTrunk::new("tr1"))),
        Err(Error::Timeout { timeout_ms: 5_000 })
    );
}

#[test]
fn pages_follow_next_page_uri_lazily() {
    let next = "/v2/accounts/ameyo5m/trunks/tr1/phone-numbers?offset=2&page_size=2";
    let transport = Scripted::new(vec![
        ok(number_page(&["1", "2"], Some(next))),
        ok(number_page(&["3"], None)),
    ]);
    let client = client(&transport, false);
    let mut pages = client.pages::<PhoneNumber>(ListQuery {
        trunk_sid: "tr1".into(),
        offset: None,
        page_size: Some(2),
    });
    let first = block_on(pages.next_page());
    assert_eq!(first.map(|p| p.map(|p| p.items.len())), Some(Ok(2)));
    assert_eq!(
        transport.sent().len(),
        1,
        "the second page is fetched only when asked for"
    );
    let rest = block_on(pages.collect_items())
        .map(|items| items.into_iter().map(|n| n.id).collect::<Vec<_>>());
    assert_eq!(rest, Ok(vec!["3".to_owned()]));
    let urls: Vec<String> = transport.sent().into_iter().map(|r| r.url).collect();
    assert_eq!(
        urls,
        vec![
            "https://api.in.exotel.com/v2/accounts/ameyo5m/trunks/tr1/phone-numbers?page_size=2"
                .to_owned(),
            format!("https://api.in.exotel.com{next}"),
        ]
    );
}

#[test]
fn a_foreign_page_uri_is_refused() {
    let transport = Scripted::new(vec![ok(number_page(
        &["1"],
        Some("/v2/accounts/other/trunks/tr1/phone-numbers?offset=1"),
    ))]);
    let client = client(&transport, false);
    let mut pages = client.pages::<PhoneNumber>(ListQuery::new("tr1"));
    // The page that links it is refused when it is read: nothing is sent there.
    let first = block_on(pages.next_page());
    assert!(
        matches!(first, Some(Err(Error::Decode { ref detail, .. }))
            if detail.contains("next_page_uri")),
        "{first:?}"
    );
    assert!(block_on(pages.next_page()).is_none(), "the walk ends");
    assert_eq!(transport.sent().len(), 1);
}

#[test]
fn rate_limit_headers_hold_the_next_call_back_and_are_reported() {
    use exotel_sip::{Event, Header};
    use std::sync::Arc;
    let no_more = HttpResponse::new(
        200,
        vec![
            Header::new("X-RateLimit-Limit", "200"),
            Header::new("X-RateLimit-Remaining", "0"),
            Header::new("X-RateLimit-Reset", "4"),
        ],
        number_page(&["1"], None).to_string(),
    );
    let transport = Scripted::new(vec![Ok(no_more), ok(number_page(&["1"], None))]);
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let client = Client::new(config(), &transport, FakeClock { instant: true }, Fixed)
        .with_rate_limit(RateLimit::default())
        .with_retry_policy(RetryPolicy::none())
        .with_event_sink(Arc::new(move |e: &Event| {
            sink.lock().unwrap().push(e.clone())
        }));
    for _ in 0..2 {
        block_on(client.phone_numbers_page(&ListQuery::new("tr1"))).unwrap();
    }
    let events = events.lock().unwrap();
    assert!(events.contains(&Event::RateLimitFeedback {
        operation: "list_phone_numbers".into(),
        source: "rate_limit_headers".into(),
        pause_ms: 4_000,
        limit: Some(200),
        remaining: Some(0),
        reset_ms: Some(4_000),
    }));
    // The second call waited for the reset before it was sent.
    assert!(events.contains(&Event::ThrottleWait {
        operation: "list_phone_numbers".into(),
        wait_ms: 4_000,
    }));
    assert_eq!(transport.sent().len(), 2);
}
