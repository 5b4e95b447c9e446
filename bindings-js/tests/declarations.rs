#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! The npm package's TypeScript declarations (`types/index.d.ts`, written by
//! hand for their TSDoc) agree with the core's wire shapes: every model interface
//! has exactly the fields the core serializes, `| null` exactly where the core
//! can write `null`, and the unions of error kinds, transport failure kinds and
//! event types name exactly the core's. The package's exported default retry
//! policy and rate limit are the core's defaults.

use std::collections::BTreeSet;

use exotel_sip::{
    Batch, BatchMetadata, DeletedTrunk, DestinationUri, Ensured, EnsuredTrunk, Error, ErrorKind,
    Event, ItemFailure, Mode, Page, PageMetadata, PhoneNumber, RateLimit, RetryPolicy,
    TransportErrorKind, Trunk, TrunkSetting, WhitelistedIp,
};
use serde::Serialize;
use serde_json::Value;

fn declarations() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/types/index.d.ts");
    std::fs::read_to_string(path).expect("types/index.d.ts")
}

/// `(field, type)` of `export interface <name> {` … `}` (optionality marks dropped).
fn interface(d: &str, name: &str) -> Vec<(String, String)> {
    let mut lines = d.lines().skip_while(|l| {
        let rest = l.strip_prefix("export interface ").unwrap_or("");
        !(rest.starts_with(&format!("{name} ")) || rest.starts_with(&format!("{name}<")))
    });
    assert!(lines.next().is_some(), "no interface {name}");
    lines
        .take_while(|l| l.trim() != "}")
        .map(str::trim)
        .filter(|l| !l.starts_with("/**") && !l.starts_with('*') && !l.starts_with("//"))
        .map(|l| {
            let (field, ty) = l.split_once(':').expect(l);
            let ty = ty.trim().trim_end_matches(';');
            (field.trim_end_matches('?').to_owned(), ty.to_owned())
        })
        .collect()
}

/// The string literals of `export type <name> =` (up to the closing `;`).
fn literal_union(d: &str, name: &str) -> BTreeSet<String> {
    let start = d.find(&format!("export type {name} =")).expect(name);
    let body = &d[start..];
    let body = &body[..body.find(';').expect("end of the union")];
    body.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The definition of `export type <name> = …;`, if there is one.
fn alias<'d>(d: &'d str, name: &str) -> Option<&'d str> {
    let start = d.find(&format!("export type {name} ="))?;
    let body = &d[start + format!("export type {name} =").len()..];
    Some(&body[..body.find(';')?])
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect()
}

/// `full` has every optional field set, `empty` none: the interface has the same
/// fields, and says `| null` exactly for those `empty` writes as `null`.
fn same_shape<T: Serialize>(d: &str, name: &str, full: &T, empty: &T) {
    let fields = interface(d, name);
    let declared: BTreeSet<String> = fields.iter().map(|(f, _)| f.clone()).collect();
    let full = serde_json::to_value(full).unwrap();
    let empty = serde_json::to_value(empty).unwrap();
    assert_eq!(declared, keys(&full), "fields of {name}");
    for (field, ty) in &fields {
        let nullable = ty.split('|').any(|t| {
            let t = t.trim();
            // A type alias (`Mode`) counts by its own definition.
            t == "null" || alias(d, t).is_some_and(|def| def.split('|').any(|u| u.trim() == "null"))
        });
        assert_eq!(
            nullable,
            empty[field].is_null(),
            "{name}.{field}: declared `{ty}`, the core writes {}",
            empty[field]
        );
    }
}

fn s(v: &str) -> String {
    v.to_owned()
}

fn trunk(v: Option<String>) -> Trunk {
    Trunk {
        trunk_sid: s("trmum1"),
        trunk_name: v.clone(),
        domain_name: v.clone(),
        status: v.clone(),
        auth_type: v.clone(),
        registration_enabled: v.clone(),
        edge_preference: v.clone(),
        nso_code: v.clone(),
        secure_trunking: v.clone(),
        destination_uris: v.clone(),
        whitelisted_ips: v.clone(),
        credentials: v.clone(),
        phone_numbers: v.clone(),
        date_created: v.clone(),
        date_updated: v,
    }
}

fn number(v: Option<String>) -> PhoneNumber {
    PhoneNumber {
        id: s("1"),
        phone_number: s("+919876543210"),
        trunk_sid: v.clone(),
        mode: if v.is_some() { Mode::Pstn } else { Mode::Unset },
        date_created: v.clone(),
        date_updated: v,
    }
}

#[test]
fn model_interfaces_match_the_core() {
    let d = declarations();
    let some = Some(s("x"));
    same_shape(&d, "Trunk", &trunk(some.clone()), &trunk(None));
    same_shape(&d, "PhoneNumber", &number(some.clone()), &number(None));
    let ip = |v: Option<String>, mask| WhitelistedIp {
        id: s("1"),
        ip: s("203.0.113.10"),
        mask,
        trunk_sid: v.clone(),
        friendly_name: v.clone(),
        date_created: v.clone(),
        date_updated: v,
    };
    same_shape(
        &d,
        "WhitelistedIp",
        &ip(some.clone(), Some(32)),
        &ip(None, None),
    );
    let destination = |v: Option<String>, n| DestinationUri {
        id: s("1"),
        destination: s("sip:a.example.com"),
        destination_type: v.clone(),
        priority: n,
        weight: n,
        trunk_sid: v.clone(),
        date_created: v.clone(),
        date_updated: v,
    };
    same_shape(
        &d,
        "DestinationUri",
        &destination(some.clone(), Some(1)),
        &destination(None, None),
    );
    let setting = |v: Option<String>| TrunkSetting {
        name: s("trunk_external_alias"),
        value: s("+919876543210"),
        trunk_sid: v.clone(),
        date_created: v.clone(),
        date_updated: v,
    };
    same_shape(&d, "TrunkSetting", &setting(some.clone()), &setting(None));
    let meta = |v: Option<String>, n| PageMetadata {
        page_size: n,
        first_page_uri: v.clone(),
        prev_page_uri: v.clone(),
        next_page_uri: v,
    };
    same_shape(
        &d,
        "PageMetadata",
        &meta(some.clone(), Some(50)),
        &meta(None, None),
    );
    let counts = |n| BatchMetadata {
        total: n,
        success: n,
        failed: n,
    };
    same_shape(&d, "BatchMetadata", &counts(Some(1)), &counts(None));
    let page = |v: Option<String>| Page {
        items: vec![number(v.clone())],
        metadata: meta(v, None),
    };
    same_shape(&d, "Page", &page(some.clone()), &page(None));
    let batch = |n| Batch {
        items: vec![setting(None)],
        metadata: counts(n),
    };
    same_shape(&d, "Batch", &batch(Some(1)), &batch(None));
    let deleted = |t: Option<Trunk>| DeletedTrunk {
        trunk_sid: s("trmum1"),
        trunk: t,
    };
    same_shape(
        &d,
        "DeletedTrunk",
        &deleted(Some(trunk(None))),
        &deleted(None),
    );
    let ensured = |t: Option<Trunk>| EnsuredTrunk {
        trunk_sid: s("trmum1"),
        trunk: t,
        created: false,
    };
    same_shape(
        &d,
        "EnsuredTrunk",
        &ensured(Some(trunk(None))),
        &ensured(None),
    );
    let made = Ensured {
        resource: number(None),
        created: true,
    };
    same_shape(&d, "Ensured", &made, &made);
    let failure = |code| ItemFailure {
        index: 1,
        item: s("sip:b.example.com"),
        status: 400,
        code,
        description: s("Destination not whitelisted"),
    };
    same_shape(&d, "ItemFailure", &failure(Some(1002)), &failure(None));
}

/// One error of each kind. A new kind fails to compile here; add it to the list
/// in `error_and_transport_kinds_match_the_core` as well.
fn error_of(kind: ErrorKind) -> Error {
    match kind {
        ErrorKind::Validation => {
            Error::validation("f", exotel_sip::validate::Rule::Required, "", "is required")
        }
        ErrorKind::Authentication => Error::Authentication {
            status: 401,
            code: None,
            description: s("d"),
            request_id: None,
        },
        ErrorKind::NotFound => Error::NotFound {
            status: 404,
            code: None,
            description: s("d"),
            request_id: None,
        },
        ErrorKind::Duplicate => Error::Duplicate {
            status: 409,
            code: None,
            description: s("d"),
            request_id: None,
        },
        ErrorKind::RateLimited => Error::RateLimited {
            status: 429,
            code: None,
            description: s("d"),
            request_id: None,
            retry_after_ms: None,
        },
        ErrorKind::Api => Error::Api {
            status: 500,
            code: None,
            summary: None,
            description: s("d"),
            request_id: None,
        },
        ErrorKind::PartialFailure => Error::PartialFailure {
            status: 207,
            created: vec![],
            failed: vec![],
            request_id: None,
        },
        ErrorKind::Timeout => Error::Timeout { timeout_ms: 1 },
        ErrorKind::Transport => Error::Transport {
            kind: TransportErrorKind::Connect,
            detail: s("d"),
        },
        ErrorKind::Decode => Error::Decode {
            status: 200,
            snippet: s(""),
            detail: s("d"),
        },
        ErrorKind::OutcomeUnknown => Error::OutcomeUnknown {
            operation: s("o"),
            detail: s("d"),
        },
        ErrorKind::Internal => Error::Internal { detail: s("d") },
    }
}

#[test]
fn error_and_transport_kinds_match_the_core() {
    let d = declarations();
    let kinds = [
        ErrorKind::Validation,
        ErrorKind::Authentication,
        ErrorKind::NotFound,
        ErrorKind::Duplicate,
        ErrorKind::RateLimited,
        ErrorKind::Api,
        ErrorKind::PartialFailure,
        ErrorKind::Timeout,
        ErrorKind::Transport,
        ErrorKind::Decode,
        ErrorKind::OutcomeUnknown,
        ErrorKind::Internal,
    ];
    let serialized: BTreeSet<String> = kinds
        .iter()
        .map(|k| {
            let e = serde_json::to_value(error_of(*k)).unwrap();
            assert_eq!(e["kind"], k.as_str());
            k.as_str().to_owned()
        })
        .collect();
    assert_eq!(literal_union(&d, "ErrorKind"), serialized);
    let transport: BTreeSet<String> = [
        TransportErrorKind::Connect,
        TransportErrorKind::Timeout,
        TransportErrorKind::IoAfterSend,
        TransportErrorKind::Cancelled,
    ]
    .iter()
    .map(|k| k.as_str().to_owned())
    .collect();
    let line = d
        .lines()
        .find(|l| l.contains("readonly kind: 'connect'"))
        .expect("TransportFailure's kind");
    let declared: BTreeSet<String> = line
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    assert_eq!(declared, transport);
}

/// A new event type fails to compile here; add a sample of it to
/// `event_types_match_the_core` as well.
fn _every_event_is_listed(e: &Event) {
    match e {
        Event::RequestStart { .. }
        | Event::RequestEnd { .. }
        | Event::Retry { .. }
        | Event::ThrottleWait { .. }
        | Event::RateLimitFeedback { .. }
        | Event::BulkProgress { .. } => {}
    }
}

#[test]
fn event_types_match_the_core() {
    let d = declarations();
    let start = d.find("export type ClientEvent =").expect("ClientEvent");
    let body = &d[start..];
    let body = &body[..body.find(";\n\n").expect("end of ClientEvent")];
    // Each `| { type: 'x'; a: …; b: … }` line: its type and field names.
    let declared: BTreeSet<(String, BTreeSet<String>)> = body
        .lines()
        .filter_map(|l| l.trim().strip_prefix("| {"))
        .map(|l| {
            let fields: Vec<&str> = l.trim_end_matches('}').split(';').collect();
            let ty = fields[0].split('\'').nth(1).expect("type").to_owned();
            let names = fields
                .iter()
                .filter_map(|f| f.split_once(':').map(|(n, _)| n.trim().to_owned()))
                .filter(|n| !n.is_empty())
                .collect();
            (ty, names)
        })
        .collect();
    let events = [
        Event::RequestStart {
            operation: s("o"),
            method: s("GET"),
            url: s("u"),
            attempt: 1,
        },
        Event::RequestEnd {
            operation: s("o"),
            method: s("GET"),
            url: s("u"),
            attempt: 1,
            status: None,
            duration_ms: 1,
            request_id: None,
            error_kind: None,
        },
        Event::Retry {
            operation: s("o"),
            attempt: 2,
            delay_ms: 1,
            reason: s("connect"),
        },
        Event::ThrottleWait {
            operation: s("o"),
            wait_ms: 1,
        },
        Event::RateLimitFeedback {
            operation: s("o"),
            source: s("retry_after"),
            pause_ms: 1,
            limit: None,
            remaining: None,
            reset_ms: None,
        },
        Event::BulkProgress {
            operation: s("o"),
            done: 1,
            total: 2,
            failed: 0,
        },
    ];
    let core: BTreeSet<(String, BTreeSet<String>)> = events
        .iter()
        .map(|e| {
            let v = serde_json::to_value(e).unwrap();
            (v["type"].as_str().unwrap().to_owned(), keys(&v))
        })
        .collect();
    assert_eq!(declared, core);
}

/// `name: number` pairs of `export const <name> = Object.freeze({ … });` in the
/// package's JS (its exported defaults).
fn js_constant(js: &str, name: &str) -> Vec<(String, u64)> {
    let start = js
        .find(&format!("export const {name} = Object.freeze({{"))
        .expect(name);
    let body = &js[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
    body.split(',')
        .map(|pair| {
            let (k, v) = pair.split_once(':').expect(pair);
            (k.trim().to_owned(), v.trim().parse().expect(v))
        })
        .collect()
}

#[test]
fn exported_default_policies_are_the_cores() {
    let js =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/js/client.mjs")).unwrap();
    let retry = RetryPolicy::default();
    let pair = |k: &str, v: u32| (k.to_owned(), u64::from(v));
    assert_eq!(
        js_constant(&js, "DEFAULT_RETRY_POLICY"),
        vec![
            pair("maxAttempts", retry.max_attempts),
            pair("baseDelayMs", retry.base_delay_ms),
            pair("maxDelayMs", retry.max_delay_ms),
            pair("maxElapsedMs", retry.max_elapsed_ms),
        ]
    );
    let limit = RateLimit::default();
    assert_eq!(
        js_constant(&js, "DEFAULT_RATE_LIMIT"),
        vec![
            pair("requestsPerMinute", limit.requests_per_minute),
            pair("requestsPerSecond", limit.requests_per_second),
            pair("maxInFlight", limit.max_in_flight),
            pair("latencyMarginMs", limit.latency_margin_ms),
        ]
    );
}
