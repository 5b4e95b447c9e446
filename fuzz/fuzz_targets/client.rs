//! The client's retry, pagination and ensure loops over a scripted server: every
//! call ends, within its deadline when it makes one request, after a bounded
//! number of requests, and no secret reaches an error or an event.
#![no_main]

use exotel_sip::ops::DeleteTrunk;
use std::sync::Arc;

use exotel_sip::ops::{AddDestinations, CreateTrunk, ListQuery, MapPhoneNumber, WhitelistIp};
use exotel_sip::{
    CallOptions, Client, Clock, Header, HttpResponse, Mode, PhoneNumber, RetryPolicy,
    TransportError, TransportErrorKind, MAX_PAGES,
};
use exotel_sip_fuzz::*;
use libfuzzer_sys::fuzz_target;

const TIMEOUT_MS: u32 = 30_000;

fn envelope(status: u16, response: serde_json::Value, next: Option<String>) -> String {
    serde_json::json!({
        "request_id": format!("r-{status}"), "method": "GET", "http_code": status,
        "metadata": {"page_size": 1, "next_page_uri": next, "total": 1, "success": 1, "failed": 0},
        "response": response,
    })
    .to_string()
}

fn ok_item(data: serde_json::Value) -> serde_json::Value {
    serde_json::json!({"code": 200, "status": "success", "error_data": null, "data": data})
}

fn failed_item(code: u16, ecode: u32, description: &str) -> serde_json::Value {
    serde_json::json!({"code": code, "status": "failure", "data": null,
        "error_data": {"code": ecode, "message": "m", "description": description}})
}

/// One scripted reply, chosen and shaped by four bytes of the input.
fn reply(b: &[u8]) -> Result<HttpResponse, TransportError> {
    let [kind, x, y, z] = [0, 1, 2, 3].map(|i| b.get(i).copied().unwrap_or(0));
    let number = || {
        serde_json::json!({"id": "41512", "phone_number": format!("+91804026420{}", x % 3),
        "trunk_sid": SID, "mode": if y % 2 == 0 { "pstn" } else { "flow" }})
    };
    let ip = || serde_json::json!({"id": "1153", "ip": format!("10.0.0.{}", x % 3), "mask": 32, "trunk_sid": SID});
    let dest = || serde_json::json!({"id": "2543", "destination": format!("10.0.0.{}:5060", x % 3), "trunk_sid": SID});
    let trunk = || {
        serde_json::json!({"trunk_sid": SID, "trunk_name": "t", "nso_code": "ANY-ANY",
        "domain_name": "ameyo5m.pstn.exotel.com"})
    };
    let page_next = |offset: u8| {
        match z % 4 {
        0 => None,
        1 => Some(format!("/v2/accounts/{ACCOUNT}/trunks/{SID}/phone-numbers?offset={offset}")),
        2 => Some(format!("/v2/accounts/{ACCOUNT}/trunks/trmum1f708622631150902801zzz/phone-numbers?offset={offset}")),
        _ => Some(format!("/v2/accounts/{ACCOUNT}/trunks/{SID}/whitelisted-ips?offset={offset}&page_size=1")),
    }
    };
    let retry_after = || vec![Header::new("Retry-After", format!("{}", y % 5))];
    let (status, headers, body) = match kind % 14 {
        0 => {
            return Err(TransportError::new(
                TransportErrorKind::Connect,
                format!("refused {TOKEN}"),
            ))
        }
        1 => {
            return Err(TransportError::new(
                TransportErrorKind::IoAfterSend,
                "reset",
            ))
        }
        2 => return Err(TransportError::new(TransportErrorKind::Timeout, "slow")),
        3 => (200, vec![], envelope(200, ok_item(trunk()), None)),
        4 => (200, vec![], envelope(200, ok_item(number()), None)),
        5 => (
            200,
            vec![],
            envelope(200, serde_json::json!([ok_item(number())]), page_next(y)),
        ),
        6 => (
            200,
            vec![],
            envelope(200, serde_json::json!([ok_item(ip())]), page_next(y)),
        ),
        7 => (
            200,
            vec![],
            envelope(200, serde_json::json!([ok_item(dest())]), page_next(y)),
        ),
        8 => (
            200,
            vec![],
            envelope(200, failed_item(409, 1008, "exists"), None),
        ),
        9 => (
            429,
            retry_after(),
            envelope(
                429,
                failed_item(429, 1008, &format!("slow down {TOKEN}")),
                None,
            ),
        ),
        10 => (
            500 + u16::from(x % 4),
            vec![],
            envelope(500, failed_item(500, 1, "oops\nforged"), None),
        ),
        11 => (
            207,
            vec![],
            envelope(
                207,
                serde_json::json!([failed_item(400, 1002, BASIC)]),
                None,
            ),
        ),
        12 => (
            200,
            vec![],
            envelope(200, serde_json::json!([]), page_next(y)),
        ),
        _ => (
            u16::from(x) + 100,
            vec![Header::new("Date", "Thu, 01 Jan 1970 00:00:00 GMT")],
            format!("<html>{TOKEN}"),
        ),
    };
    Ok(HttpResponse::new(status, headers, body))
}

fuzz_target!(|data: &[u8]| {
    let [op, opts, seed, ..] = data else { return };
    let script: Vec<_> = data[3..].chunks(4).take(64).map(reply).collect();
    let replies = script.len();
    let transport = Scripted::new(script);
    let clock = SimClock::default();
    let retry = RetryPolicy::default();
    let client = Client::new(
        config(),
        &transport,
        clock.clone(),
        Fixed(u64::from(*seed) * 7919),
    )
    .with_event_sink(Arc::new(CheckedEvents));
    let options = CallOptions {
        timeout_ms: Some(if opts % 2 == 0 {
            TIMEOUT_MS
        } else {
            u32::from(*opts) * 10
        }),
        retry: (opts % 4 == 1).then_some(RetryPolicy::none()),
    };
    let timeout = u64::from(options.timeout_ms.unwrap_or(TIMEOUT_MS));
    let number = MapPhoneNumber {
        trunk_sid: SID.into(),
        phone_number: "+918040264201".into(),
        mode: Some(Mode::Flow),
    };
    let ip = WhitelistIp {
        trunk_sid: SID.into(),
        ip: "10.0.0.1".into(),
        mask: Some(32),
    };
    let dests = AddDestinations {
        trunk_sid: SID.into(),
        destinations: vec!["10.0.0.1:5060".into(), "10.0.0.2:5060".into()],
    };
    let trunk = CreateTrunk {
        trunk_name: "t".into(),
        nso_code: None,
        domain_name: None,
    };
    const POLLS: usize = 1_000_000;
    let single = op % 8 < 4;
    let result: Result<(), exotel_sip::Error> = match op % 8 {
        0 => run(client.execute_with(&trunk, &options), POLLS).map(drop),
        1 => run(
            client.delete_trunk_with(&DeleteTrunk::new(SID), &options),
            POLLS,
        )
        .map(drop),
        2 => run(client.execute_with(&number, &options), POLLS).map(drop),
        3 => run(client.execute_with(&dests, &options), POLLS).map(drop),
        4 => run(client.ensure_phone_number_with(&number, &options), POLLS).map(drop),
        5 => run(client.ensure_whitelisted_ip_with(&ip, &options), POLLS).map(drop),
        6 => run(client.ensure_destinations_with(&dests, &options), POLLS).map(drop),
        _ => run(
            client
                .pages_with::<PhoneNumber>(ListQuery::new(SID), options)
                .collect_items(),
            POLLS,
        )
        .map(drop),
    };
    if let Err(err) = &result {
        check_error(err);
    }
    let sent = transport.sent();
    // Bounded: a call never sends more than its script (and the connect errors
    // after it) allow, each request at most `max_attempts` times.
    let attempts = retry.max_attempts as usize;
    assert!(
        sent <= (replies + 1) * attempts.max(1) + 3 * attempts,
        "{sent} requests for {replies} replies"
    );
    assert!(sent <= 3 * (MAX_PAGES as usize + 2) * attempts);
    if single {
        let elapsed = clock.now_ms();
        assert!(
            elapsed <= timeout,
            "a call of {timeout} ms took {elapsed} ms"
        );
    }
});
