//! The client's resilience against the sandbox's limits and queued faults, on
//! simulated time: deadlines, retries, the governor, ensure calls, bulk, events,
//! cancellation and redaction. The sandbox's request log and state show nothing
//! created twice and no blind re-send.

#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // tests assert bluntly

mod common;

use exotel_sip::ops::DeleteTrunk;
use std::sync::{Arc, Mutex};

use common::*;
use exotel_sip::ops::{AddDestinations, CreateTrunk, ListQuery, MapPhoneNumber, WhitelistIp};
use exotel_sip::{
    BulkOutcome, CallOptions, Clock, Error, Event, Governor, Mode, RateLimit, RetryPolicy,
    TransportErrorKind,
};
use exotel_sip_sandbox::{Delivery, Fault, QueuedFault, Sandbox, SandboxConfig};

const TOKEN: &str = "sandbox_token";
const BASIC: &str = "c2FuZGJveF9rZXk6c2FuZGJveF90b2tlbg==";

fn unlimited() -> SandboxConfig {
    SandboxConfig {
        rpm: 0,
        concurrency: 0,
        ..SandboxConfig::default()
    }
}

fn trunk(clock: &SimClock, client: &SimClient, name: &str) -> String {
    clock
        .run(client.create_trunk(&CreateTrunk::new(name)))
        .unwrap()
        .trunk_sid
}

fn fault(sandbox: &Sandbox, method: &str, resource: &str, fault: Fault, times: u32) {
    sandbox.queue_fault(QueuedFault {
        method: method.into(),
        path: format!("/v2/accounts/ameyo5m/trunks/*/{resource}"),
        fault,
        times,
    });
}

fn posts(sandbox: &Sandbox, resource: &str) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.contains(resource))
        .count()
}

fn numbers(sandbox: &Sandbox, sid: &str) -> usize {
    sandbox.dump()["trunks"][sid]["phone_numbers"]
        .as_array()
        .map_or(0, Vec::len)
}

fn map(sid: &str, number: &str) -> MapPhoneNumber {
    MapPhoneNumber {
        trunk_sid: sid.into(),
        phone_number: number.into(),
        mode: None,
    }
}

#[test]
fn the_deadline_covers_a_slow_server_and_the_send_is_abandoned() {
    let (sandbox, client, clock) = sim(unlimited());
    let sid = trunk(&clock, &client, "t");
    fault(
        &sandbox,
        "GET",
        "phone-numbers",
        Fault::Latency { ms: 10_000 },
        1,
    );
    let start = clock.now_ms();
    let options = CallOptions {
        timeout_ms: Some(2_000),
        retry: None,
    };
    let result = clock.run(client.execute_with(
        &exotel_sip::ops::ListPhoneNumbers::new(ListQuery::new(&sid)),
        &options,
    ));
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    assert_eq!(
        clock.now_ms() - start,
        2_000,
        "exactly the deadline, not the latency"
    );
    let last = sandbox.requests().pop().unwrap();
    assert_eq!(
        last.delivery,
        Delivery::ClientClosed,
        "the client gave up on the exchange"
    );
}

#[test]
fn gets_are_retried_on_5xx_and_bad_bodies_posts_are_not() {
    let (sandbox, client, clock) = sim(unlimited());
    let sid = trunk(&clock, &client, "t");
    sandbox.clear_requests();
    fault(
        &sandbox,
        "GET",
        "phone-numbers",
        Fault::Status {
            status: 503,
            code: None,
            description: None,
        },
        1,
    );
    fault(
        &sandbox,
        "GET",
        "whitelisted-ips",
        Fault::Html { status: 502 },
        1,
    );
    fault(&sandbox, "GET", "destination-uris", Fault::Truncated, 1);
    assert!(clock
        .run(client.phone_numbers_page(&ListQuery::new(&sid)))
        .is_ok());
    assert!(clock
        .run(client.whitelisted_ips_page(&ListQuery::new(&sid)))
        .is_ok());
    assert!(clock
        .run(client.destinations_page(&ListQuery::new(&sid)))
        .is_ok());
    assert_eq!(sandbox.requests().len(), 6, "each GET twice");

    fault(
        &sandbox,
        "POST",
        "phone-numbers",
        Fault::Status {
            status: 500,
            code: None,
            description: None,
        },
        1,
    );
    let err = clock
        .run(client.map_phone_number(&map(&sid, "+919800000001")))
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 500, .. }), "{err:?}");
    assert_eq!(
        posts(&sandbox, "phone-numbers"),
        1,
        "a POST that reached the server is never re-sent blindly"
    );
    fault(&sandbox, "POST", "phone-numbers", Fault::NonEnvelope, 1);
    assert!(matches!(
        clock.run(client.map_phone_number(&map(&sid, "+919800000001"))),
        Err(Error::Decode { .. })
    ));
    assert_eq!(posts(&sandbox, "phone-numbers"), 2);
}

#[test]
fn a_429_is_retried_after_retry_after_even_for_a_post() {
    let (sandbox, client, clock) = sim(unlimited());
    let sid = trunk(&clock, &client, "t");
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let client = client.with_event_sink(Arc::new(move |e: &Event| {
        sink.lock().unwrap().push(e.clone())
    }));
    fault(
        &sandbox,
        "POST",
        "phone-numbers",
        Fault::RateLimit { retry_after: 3 },
        1,
    );
    let start = clock.now_ms();
    let number = clock
        .run(client.map_phone_number(&map(&sid, "+919800000001")))
        .unwrap();
    assert!(clock.now_ms() - start >= 3_000, "waited for Retry-After");
    assert_eq!(number.phone_number, "+919800000001");
    assert_eq!(numbers(&sandbox, &sid), 1);
    let retries: Vec<_> = events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            Event::Retry {
                attempt,
                delay_ms,
                reason,
                ..
            } => Some((*attempt, *delay_ms, reason.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(retries.len(), 1);
    assert_eq!(retries[0].0, 2);
    assert!(retries[0].1 >= 3_000);
    assert_eq!(retries[0].2, "rate_limited");
}

#[test]
fn connect_errors_are_retried_for_posts_because_nothing_was_sent() {
    // The sandbox's concurrency limit makes the transport's first answer a 429;
    // here a connect failure is simulated by a transport wrapper.
    use exotel_sip::{HttpRequest, HttpResponse, MaybeSend, Transport, TransportError};
    use std::future::Future;
    use std::sync::atomic::{AtomicU32, Ordering};
    struct FailFirst<T> {
        inner: T,
        failures: AtomicU32,
    }
    impl<T: Transport> Transport for FailFirst<T> {
        fn send(
            &self,
            r: HttpRequest,
        ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend {
            let fail = self.failures.fetch_sub(1, Ordering::SeqCst) > 0;
            let inner = (!fail).then(|| self.inner.send(r));
            async move {
                match inner {
                    Some(f) => f.await,
                    None => Err(TransportError::new(
                        TransportErrorKind::Connect,
                        "connection refused",
                    )),
                }
            }
        }
    }
    let sandbox = Sandbox::new(unlimited());
    let clock = SimClock::default();
    let transport = FailFirst {
        inner: sandbox.transport(clock.clone(), NOW),
        failures: AtomicU32::new(2),
    };
    let config = exotel_sip::Credentials::new("sandbox_key", TOKEN, "ameyo5m")
        .and_then(|c| {
            exotel_sip::Config::new(
                c,
                exotel_sip::Endpoint::BaseUrl("http://127.0.0.1:1".into()),
            )
        })
        .unwrap();
    let client = exotel_sip::Client::new(config, transport, clock.clone(), Fixed);
    let trunk = clock
        .run(client.create_trunk(&CreateTrunk::new("t")))
        .unwrap();
    assert_eq!(sandbox.dump()["trunks"].as_object().unwrap().len(), 1);
    assert_eq!(trunk.trunk_name.as_deref(), Some("t"));
}

#[test]
fn a_retried_delete_that_finds_the_trunk_gone_counts_as_deleted() {
    let (sandbox, client, clock) = sim(unlimited());
    let sid = trunk(&clock, &client, "t");
    sandbox.queue_fault(QueuedFault {
        method: "DELETE".into(),
        path: "/v2/accounts/ameyo5m/trunks".into(),
        fault: Fault::Lost,
        times: 1,
    });
    let deleted = clock
        .run(client.delete_trunk(&DeleteTrunk::new(&sid)))
        .unwrap();
    assert_eq!(deleted.trunk_sid, sid);
    assert_eq!(
        deleted.trunk, None,
        "the body was lost with the first attempt"
    );
    assert_eq!(sandbox.dump()["trunks"].as_object().unwrap().len(), 0);
    // A first-attempt 403/1003 is still an error.
    assert!(matches!(
        clock.run(client.delete_trunk(&DeleteTrunk::new(&sid))),
        Err(Error::NotFound { status: 403, .. })
    ));
}

#[test]
fn ensure_resolves_lost_and_dropped_posts_without_duplicates() {
    let (sandbox, client, clock) = sim(unlimited());
    let sid = trunk(&clock, &client, "t");
    // Lost: applied, then the connection dropped. Found by listing, not re-sent.
    fault(&sandbox, "POST", "phone-numbers", Fault::Lost, 1);
    let ensured = clock
        .run(client.ensure_phone_number(&map(&sid, "+919800000001")))
        .unwrap();
    assert!(!ensured.created);
    assert_eq!(ensured.resource.phone_number, "+919800000001");
    assert_eq!(numbers(&sandbox, &sid), 1);
    assert_eq!(posts(&sandbox, "phone-numbers"), 1, "no blind re-send");
    // Dropped before being applied: listing shows it absent, so it is created.
    fault(&sandbox, "POST", "phone-numbers", Fault::Drop, 1);
    let ensured = clock
        .run(client.ensure_phone_number(&map(&sid, "+919800000002")))
        .unwrap();
    assert!(ensured.created);
    assert_eq!(numbers(&sandbox, &sid), 2);
    // A latency past the deadline: applied server-side; the ensure finds it.
    fault(
        &sandbox,
        "POST",
        "whitelisted-ips",
        Fault::Latency { ms: 60_000 },
        1,
    );
    let ip = WhitelistIp {
        trunk_sid: sid.clone(),
        ip: "10.9.9.9".into(),
        mask: None,
    };
    let ensured = clock.run(client.ensure_whitelisted_ip(&ip)).unwrap();
    assert_eq!(
        (ensured.created, ensured.resource.ip.as_str()),
        (false, "10.9.9.9")
    );
    // Running the same setup twice never fails and never creates anything twice.
    let again = clock
        .run(client.ensure_phone_number(&map(&sid, "+919800000001")))
        .unwrap();
    assert!(!again.created);
    assert!(
        !clock
            .run(client.ensure_whitelisted_ip(&ip))
            .unwrap()
            .created
    );
    assert_eq!(numbers(&sandbox, &sid), 2);
}

#[test]
fn ensure_phone_number_switches_the_mode_of_an_existing_mapping() {
    let (_sandbox, client, clock) = sim(unlimited());
    let sid = trunk(&clock, &client, "t");
    clock
        .run(client.map_phone_number(&map(&sid, "+919800000001")))
        .unwrap();
    let flow = MapPhoneNumber {
        mode: Some(Mode::Flow),
        ..map(&sid, "+919800000001")
    };
    let ensured = clock.run(client.ensure_phone_number(&flow)).unwrap();
    assert_eq!(
        (ensured.created, ensured.resource.mode),
        (false, Mode::Flow)
    );
}

#[test]
fn ensure_trunk_confirms_a_recorded_sid_and_says_when_it_cannot_know() {
    let (sandbox, client, clock) = sim(unlimited());
    let made = clock
        .run(client.ensure_trunk(&CreateTrunk::new("pbx"), None))
        .unwrap();
    assert!(made.created && made.trunk.is_some());
    let confirmed = clock
        .run(client.ensure_trunk(&CreateTrunk::new("pbx"), Some(&made.trunk_sid)))
        .unwrap();
    assert_eq!(
        (confirmed.created, confirmed.trunk_sid.as_str()),
        (false, made.trunk_sid.as_str())
    );
    let err = clock
        .run(client.ensure_trunk(&CreateTrunk::new("pbx"), None))
        .unwrap_err();
    assert!(
        matches!(&err, Error::OutcomeUnknown { detail, .. } if detail.contains("already exists") && detail.contains("trunk_sid")),
        "{err:?}"
    );
    sandbox.queue_fault(QueuedFault {
        method: "POST".into(),
        path: "/v2/accounts/ameyo5m/trunks".into(),
        fault: Fault::Lost,
        times: 1,
    });
    let err = clock
        .run(client.ensure_trunk(&CreateTrunk::new("other"), None))
        .unwrap_err();
    assert!(
        matches!(&err, Error::OutcomeUnknown { detail, .. } if detail.contains("response was lost")),
        "{err:?}"
    );
    assert_eq!(
        sandbox.dump()["trunks"].as_object().unwrap().len(),
        2,
        "created once, never twice"
    );
}

#[test]
fn ensure_destinations_adds_only_what_is_missing() {
    let (sandbox, client, clock) = sim(unlimited());
    let sid = trunk(&clock, &client, "t");
    clock
        .run(client.whitelist_ip(&WhitelistIp {
            trunk_sid: sid.clone(),
            ip: "10.0.0.1".into(),
            mask: None,
        }))
        .unwrap();
    let want = AddDestinations {
        trunk_sid: sid.clone(),
        destinations: vec![
            "10.0.0.1:5060;transport=tcp".into(),
            "sip:pbx.example.com".into(),
        ],
    };
    let first = clock.run(client.ensure_destinations(&want)).unwrap();
    assert!(first.iter().all(|e| e.created));
    fault(&sandbox, "POST", "destination-uris", Fault::Lost, 1);
    let more = AddDestinations {
        destinations: vec![
            "sip:pbx.example.com".into(),
            "sbc.example.com:5061;transport=tls".into(),
        ],
        ..want.clone()
    };
    let second = clock.run(client.ensure_destinations(&more)).unwrap();
    assert_eq!(
        second
            .iter()
            .map(|e| e.resource.destination.as_str())
            .collect::<Vec<_>>(),
        [
            "sip:pbx.example.com",
            "sip:sbc.example.com:5061;transport=tls"
        ]
    );
    assert_eq!(
        sandbox.dump()["trunks"][&sid]["destinations"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let third = clock.run(client.ensure_destinations(&more)).unwrap();
    assert!(third.iter().all(|e| !e.created));
    // A real refusal is still an error.
    let refused = AddDestinations {
        destinations: vec!["198.51.100.1:5060".into()],
        ..want
    };
    assert!(matches!(
        clock.run(client.ensure_destinations(&refused)),
        Err(Error::PartialFailure { .. })
    ));
}

#[test]
fn the_governor_keeps_a_busy_client_under_the_servers_limit() {
    let (sandbox, client, clock) = sim(SandboxConfig {
        rpm: 30,
        concurrency: 0,
        ..SandboxConfig::default()
    });
    let client = client
        .with_rate_limit(RateLimit {
            requests_per_minute: 30,
            requests_per_second: 0,
            max_in_flight: 0,
            latency_margin_ms: 500,
        })
        .with_retry_policy(RetryPolicy::none());
    let sid = trunk(&clock, &client, "t");
    let start = clock.now_ms();
    // A minute's wait is within each call's deadline.
    let options = CallOptions {
        timeout_ms: Some(120_000),
        retry: None,
    };
    let list = exotel_sip::ops::ListPhoneNumbers::new(ListQuery::new(&sid));
    for _ in 0..90 {
        clock.run(client.execute_with(&list, &options)).unwrap();
    }
    let elapsed = clock.now_ms() - start;
    assert!(
        sandbox.requests().iter().all(|r| r.status != Some(429)),
        "no 429 drawn"
    );
    // The trunk and 29 lists at once, then 30 more each 60.5 s: the last of the
    // 90 goes out at 181.5 s, as early as the margin allows.
    assert_eq!(elapsed, 181_500);
}

#[test]
fn the_governor_wait_counts_in_the_deadline_and_is_shared() {
    let (sandbox, client, clock) = sim(unlimited());
    // One a minute: the trunk takes it, the list would wait 60.5 s.
    let governor = Arc::new(Governor::new(RateLimit {
        requests_per_minute: 1,
        ..RateLimit::unlimited()
    }));
    let client = client.with_governor(governor.clone());
    let sid = trunk(&clock, &client, "t");
    let before = sandbox.requests().len();
    let options = CallOptions {
        timeout_ms: Some(5_000),
        retry: None,
    };
    let start = clock.now_ms();
    let err = clock.run(client.execute_with(
        &exotel_sip::ops::ListPhoneNumbers::new(ListQuery::new(&sid)),
        &options,
    ));
    assert!(matches!(err, Err(Error::Timeout { .. })), "{err:?}");
    assert_eq!(
        clock.now_ms(),
        start,
        "a wait longer than the deadline fails at once"
    );
    assert_eq!(sandbox.requests().len(), before, "nothing was sent");
    assert!(Arc::ptr_eq(&client.governor(), &governor));
}

#[test]
fn calls_in_flight_are_bounded_and_cancellation_releases_everything() {
    let (sandbox, client, clock) = sim(unlimited());
    let client = client.with_rate_limit(RateLimit {
        max_in_flight: 2,
        ..RateLimit::unlimited()
    });
    let sid = trunk(&clock, &client, "t");
    fault(
        &sandbox,
        "GET",
        "phone-numbers",
        Fault::Latency { ms: 1_000 },
        3,
    );
    let query = ListQuery::new(&sid);
    let calls = (0..3)
        .map(|_| Box::pin(client.phone_numbers_page(&query)))
        .collect::<Vec<_>>();
    let mut calls = calls;
    for call in calls.iter_mut() {
        assert!(clock.poll_until(call, clock.now_ms()).is_none());
    }
    let in_flight = sandbox
        .requests()
        .iter()
        .filter(|r| r.delivery == Delivery::Pending)
        .count();
    assert_eq!(in_flight, 2, "the third waits for a slot");
    // Cancel the first two: their exchanges end as client_closed and free their slots.
    calls.truncate(1);
    drop(calls.remove(0));
    let calls = (0..2).map(|_| client.phone_numbers_page(&query));
    let done: Vec<_> = calls.map(|c| clock.run(c)).collect();
    assert!(done.iter().all(Result::is_ok));
    assert!(
        sandbox
            .requests()
            .iter()
            .filter(|r| r.delivery == Delivery::ClientClosed)
            .count()
            >= 2
    );
}

#[test]
fn bulk_maps_many_numbers_with_one_outcome_each() {
    let (sandbox, client, clock) = sim(unlimited());
    let sid = trunk(&clock, &client, "t");
    let client = client.with_rate_limit(RateLimit {
        requests_per_minute: 600,
        ..RateLimit::default()
    });
    clock
        .run(client.map_phone_number(&map(&sid, "+919800000003")))
        .unwrap();
    let mut inputs: Vec<MapPhoneNumber> = (0..40)
        .map(|i| map(&sid, &format!("+9198000000{i:02}")))
        .collect();
    inputs.push(map(&sid, "not a number"));
    fault(&sandbox, "POST", "phone-numbers", Fault::Lost, 2);
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let client = client.with_event_sink(Arc::new(move |e: &Event| {
        sink.lock().unwrap().push(e.clone())
    }));
    let outcomes = clock
        .run(client.map_phone_numbers(&inputs, 8))
        .expect("concurrency 8 is valid");
    assert_eq!(outcomes.len(), 41);
    let created = outcomes
        .iter()
        .filter(|o| matches!(o.outcome, BulkOutcome::Created { .. }))
        .count();
    let existed = outcomes
        .iter()
        .filter(|o| matches!(o.outcome, BulkOutcome::Existed { .. }))
        .count();
    assert_eq!(created + existed, 40);
    assert_eq!(
        existed, 3,
        "one mapped before, two whose responses were lost"
    );
    assert!(matches!(
        &outcomes[40].outcome,
        BulkOutcome::Failed {
            error: Error::Validation { .. }
        }
    ));
    assert_eq!(outcomes[40].item, "not a number");
    assert_eq!(numbers(&sandbox, &sid), 40, "nothing created twice");
    let progress = events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, Event::BulkProgress { .. }))
        .count();
    assert_eq!(progress, 41);
}

#[test]
fn no_event_error_or_debug_output_of_a_faulty_run_shows_the_secret() {
    let (sandbox, client, clock) = sim(unlimited());
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let client = client.with_event_sink(Arc::new(move |e: &Event| {
        sink.lock().unwrap().push(e.clone())
    }));
    let sid = trunk(&clock, &client, "t");
    let mut shown = format!("{client:?}");
    for f in [
        Fault::Lost,
        Fault::Drop,
        Fault::Html { status: 502 },
        Fault::Truncated,
        Fault::NonEnvelope,
        Fault::RateLimit { retry_after: 1 },
        Fault::Status {
            status: 503,
            code: Some(1099),
            description: Some("down".into()),
        },
        Fault::Latency { ms: 40_000 },
    ] {
        fault(&sandbox, "*", "phone-numbers", f, 5);
        let r = clock.run(client.map_phone_number(&map(&sid, "+919800000009")));
        shown.push_str(&format!("{r:?}"));
        if let Err(e) = &r {
            shown.push_str(&e.to_string());
            shown.push_str(&serde_json::to_string(e).unwrap());
        }
        let r = clock.run(client.ensure_phone_number(&map(&sid, "+919800000010")));
        shown.push_str(&format!("{r:?}"));
        sandbox.clear_faults();
    }
    shown.push_str(&format!("{:?}", events.lock().unwrap()));
    shown.push_str(&serde_json::to_string(&sandbox.requests()).unwrap());
    assert!(events.lock().unwrap().len() > 20);
    assert!(!shown.contains(TOKEN), "token leaked");
    assert!(!shown.contains(BASIC), "base64(key:token) leaked");
    assert!(!shown.contains("sandbox_key:sandbox_token"));
}

#[test]
fn per_call_options_reach_every_request_of_ensure_and_bulk() {
    let (sandbox, client, clock) = sim(unlimited());
    let sid = trunk(&clock, &client, "t");
    let once = CallOptions {
        timeout_ms: None,
        retry: Some(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }),
    };
    let unavailable = || Fault::Status {
        status: 503,
        code: None,
        description: None,
    };
    // ensure_destinations lists first: with the default policy a 503 is retried...
    let add = AddDestinations {
        trunk_sid: sid.clone(),
        destinations: vec!["sip:a.example.com:5060".into()],
    };
    fault(&sandbox, "GET", "destination-uris", unavailable(), 1);
    assert!(clock.run(client.ensure_destinations(&add)).is_ok());
    // ...with one attempt allowed, the same 503 is the answer.
    fault(&sandbox, "GET", "destination-uris", unavailable(), 1);
    let err = clock
        .run(client.ensure_destinations_with(&add, &once))
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 503, .. }), "{err:?}");

    // A per-call deadline bounds the listing an ensure makes after a duplicate.
    let number = map(&sid, "+919800000001");
    clock.run(client.map_phone_number(&number)).unwrap();
    fault(
        &sandbox,
        "GET",
        "phone-numbers",
        Fault::Latency { ms: 10_000 },
        1,
    );
    let quick = CallOptions {
        timeout_ms: Some(2_000),
        retry: None,
    };
    let err = clock
        .run(client.ensure_phone_number_with(&number, &quick))
        .unwrap_err();
    assert_eq!(err, Error::Timeout { timeout_ms: 2_000 });

    // Bulk helpers hand their options to each item's requests.
    fault(&sandbox, "GET", "whitelisted-ips", unavailable(), 1);
    fault(
        &sandbox,
        "POST",
        "whitelisted-ips",
        Fault::Status {
            status: 409,
            code: Some(1008),
            description: None,
        },
        1,
    );
    let ips = [WhitelistIp {
        trunk_sid: sid,
        ip: "203.0.113.50".into(),
        mask: None,
    }];
    let items = clock
        .run(client.whitelist_ips_with(&ips, 1, &once))
        .expect("concurrency 1 is valid");
    assert!(
        matches!(
            &items[0].outcome,
            BulkOutcome::Failed {
                error: Error::Api { status: 503, .. }
            }
        ),
        "{:?}",
        items[0].outcome
    );
}

#[test]
fn a_429_pauses_every_client_of_the_account_until_its_retry_after() {
    let (sandbox, client, clock) = sim(unlimited());
    let sid = trunk(&clock, &client, "t");
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let first = client
        .with_retry_policy(RetryPolicy::none())
        .with_event_sink(Arc::new(move |e: &Event| {
            sink.lock().unwrap().push(e.clone())
        }));
    // A second client of the same account shares the governor.
    let other = exotel_sip::Client::new(
        first.config().clone(),
        sandbox.transport(clock.clone(), NOW),
        clock.clone(),
        Fixed,
    )
    .with_governor(first.governor());
    fault(
        &sandbox,
        "GET",
        "phone-numbers",
        Fault::RateLimit { retry_after: 5 },
        1,
    );
    let start = clock.now_ms();
    let refused = clock.run(first.phone_numbers_page(&ListQuery::new(&sid)));
    assert!(
        matches!(refused, Err(Error::RateLimited { .. })),
        "{refused:?}"
    );
    assert!(events.lock().unwrap().iter().any(|e| matches!(
        e,
        Event::RateLimitFeedback { source, pause_ms: 5_000, .. } if source == "retry_after"
    )));
    // The other client's next call waits out the pause before it is sent.
    clock
        .run(other.phone_numbers_page(&ListQuery::new(&sid)))
        .unwrap();
    let sent = sandbox.requests().last().unwrap().at_ms - NOW;
    assert_eq!(sent - start, 5_000, "sent when the pause ended, not before");
}
