//! The live server's rules, as raw requests (an SDK's own validation would stop
//! most of these before they were sent): auth, content type, body decoding,
//! mandatory and invalid fields with the server's descriptions, unknown
//! resources, limits, faults and the request log.

#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // tests assert bluntly

mod common;

use common::*;
use exotel_sip_sandbox::{
    begin, finish, Delivery, Fault, Outcome, QueuedFault, SandboxConfig, State,
};
use serde_json::{json, Value};

fn post(s: &mut State, path: &str, body: &str) -> (u16, Value, Value, String) {
    codes(&send(s, "POST", path, body))
}

#[test]
fn authentication_failures_answer_401_1010() {
    let mut s = state();
    let target = format!("{ACCOUNT}/trunks/x/phone-numbers");
    for headers in [
        vec![],
        vec![("Authorization", "Basic d3Jvbmc6d3Jvbmc=")], // wrong:wrong
        vec![("Authorization", "Bearer abc")],
        vec![("Authorization", "Basic !!!not-base64")],
    ] {
        let r = call(&mut s, NOW, &raw("GET", &target, &headers, ""));
        let (status, inner, code, _) = codes(&r);
        assert_eq!(
            (status, inner, code),
            (401, json!(401), json!(1010)),
            "{headers:?}"
        );
    }
    // Another account's path with these credentials (ASSUMPTIONS.md).
    let r = call(
        &mut s,
        NOW,
        &api(
            "GET",
            "/v2/accounts/someone_else/trunks/x/phone-numbers",
            "",
        ),
    );
    assert_eq!(codes(&r).2, json!(1010));
}

#[test]
fn content_type_must_be_json_and_is_named() {
    let mut s = state();
    let target = format!("{ACCOUNT}/trunks");
    let body = r#"{"trunk_name":"t","nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}"#;
    let r = call(
        &mut s,
        NOW,
        &raw(
            "POST",
            &target,
            &[("Authorization", AUTH), ("Content-Type", "text/plain")],
            body,
        ),
    );
    let (status, _, code, description) = codes(&r);
    assert_eq!((status, code), (415, json!(1011)));
    assert!(description.contains("text/plain"), "{description}");
    let r = call(
        &mut s,
        NOW,
        &raw("POST", &target, &[("Authorization", AUTH)], body),
    );
    assert!(codes(&r).3.contains("none"));
    // Parameters after the media type are fine.
    let r = call(
        &mut s,
        NOW,
        &raw(
            "POST",
            &target,
            &[
                ("Authorization", AUTH),
                ("Content-Type", "application/json; charset=utf-8"),
            ],
            body,
        ),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn bodies_that_do_not_decode_answer_1007() {
    let mut s = state();
    let sid = create_trunk(&mut s, "t1");
    for (path, body) in [
        ("/trunks".to_owned(), "{not json"),
        ("/trunks".to_owned(), "[1,2]"),
        (
            "/trunks".to_owned(),
            r#"{"trunk_name":5,"nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}"#,
        ),
        (
            format!("/trunks/{sid}/whitelisted-ips"),
            r#"{"ip":"1.2.3.4","mask":-1}"#,
        ),
        (
            format!("/trunks/{sid}/whitelisted-ips"),
            r#"{"ip":"1.2.3.4","mask":24.5}"#,
        ),
        (
            format!("/trunks/{sid}/destination-uris"),
            r#"{"destinations":"a.b"}"#,
        ),
    ] {
        let (status, _, code, description) = post(&mut s, &path, body);
        assert_eq!((status, code), (400, json!(1007)), "{body}");
        assert_eq!(description, "Invalid request body, failed parsing");
    }
}

#[test]
fn missing_fields_answer_1001() {
    let mut s = state();
    let sid = create_trunk(&mut s, "t1");
    for (path, body, description) in [
        (
            "/trunks".to_owned(),
            r#"{"nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}"#,
            "TrunkName is mandatory",
        ),
        (
            "/trunks".to_owned(),
            r#"{"trunk_name":"x","domain_name":"ameyo5m.pstn.exotel.com"}"#,
            "NsoCode is mandatory",
        ),
        (
            "/trunks".to_owned(),
            r#"{"trunk_name":"x","nso_code":"ANY-ANY"}"#,
            "DomainName is mandatory",
        ),
        (
            format!("/trunks/{sid}/phone-numbers"),
            "{}",
            "PhoneNumber is mandatory",
        ),
        (
            format!("/trunks/{sid}/whitelisted-ips"),
            r#"{"mask":32}"#,
            "Ip is mandatory",
        ),
        (
            format!("/trunks/{sid}/destination-uris"),
            r#"{"destinations":[]}"#,
            "Destinations is mandatory",
        ),
        (
            format!("/trunks/{sid}/settings"),
            "{}",
            "Settings is mandatory",
        ),
    ] {
        assert_eq!(
            post(&mut s, &path, body),
            (400, json!(400), json!(1001), description.to_owned()),
            "{body}"
        );
    }
    let r = call(
        &mut s,
        NOW,
        &api("DELETE", &format!("{ACCOUNT}/trunks"), ""),
    );
    assert_eq!(codes(&r).3, "TrunkSid is mandatory");
}

#[test]
fn invalid_values_answer_1002_with_the_live_descriptions() {
    let mut s = state();
    let sid = create_trunk(&mut s, "t1");
    let trunk = |name: &str, nso: &str, domain: &str| {
        format!(r#"{{"trunk_name":"{name}","nso_code":"{nso}","domain_name":"{domain}"}}"#)
    };
    for (path, body, description) in [
        (
            "/trunks".to_owned(),
            trunk("a234567890123456x", "ANY-ANY", "ameyo5m.pstn.exotel.com"),
            "Maximum allowed length for TrunkName is 16",
        ),
        (
            "/trunks".to_owned(),
            trunk("has-dash", "ANY-ANY", "ameyo5m.pstn.exotel.com"),
            "Allowed characters for TrunkName is alphanumeric and _",
        ),
        (
            "/trunks".to_owned(),
            trunk("ok", "ANY-ANY", "ameyo5m.example.com"),
            "Domain name should end with .pstn.exotel.com",
        ),
        (
            "/trunks".to_owned(),
            trunk("ok", "FOO-BAR", "ameyo5m.pstn.exotel.com"),
            "Nso code is invalid",
        ),
        (
            format!("/trunks/{sid}/phone-numbers"),
            r#"{"phone_number":"+91 98765"}"#.to_owned(),
            "Invalid PhoneNumber",
        ),
        (
            format!("/trunks/{sid}/phone-numbers"),
            r#"{"phone_number":"+9198765432101234"}"#.to_owned(),
            "Invalid PhoneNumber",
        ),
        (
            format!("/trunks/{sid}/whitelisted-ips"),
            r#"{"ip":"256.1.1.1"}"#.to_owned(),
            "Invalid ip",
        ),
        (
            format!("/trunks/{sid}/whitelisted-ips"),
            r#"{"ip":"1.2.3.4","mask":15}"#.to_owned(),
            "mask should be in-between 16 and 32",
        ),
        (
            format!("/trunks/{sid}/whitelisted-ips"),
            r#"{"ip":"1.2.3.4","mask":33}"#.to_owned(),
            "mask should be in-between 16 and 32",
        ),
    ] {
        assert_eq!(
            post(&mut s, &path, &body),
            (400, json!(400), json!(1002), description.to_owned()),
            "{body}"
        );
    }
    // The 16-character boundary is accepted; 16 and 32 masks are accepted.
    assert_eq!(
        post(
            &mut s,
            "/trunks",
            &trunk("a234567890123456", "ANY-ANY", "ameyo5m.pstn.exotel.com")
        )
        .0,
        200
    );
    assert_eq!(
        post(
            &mut s,
            &format!("/trunks/{sid}/whitelisted-ips"),
            r#"{"ip":"10.0.0.0","mask":16}"#
        )
        .0,
        200
    );
}

#[test]
fn unknown_resources() {
    let mut s = state();
    let sid = create_trunk(&mut s, "t1");
    // Unknown trunk under a resource: 404 / 1000 as in the reference.
    let r = call(
        &mut s,
        NOW,
        &api(
            "GET",
            &format!("{ACCOUNT}/trunks/trmumdeadbeefdeadbeefdeada1n/whitelisted-ips"),
            "",
        ),
    );
    assert_eq!(
        codes(&r),
        (404, json!(404), json!(1000), "Not Found".into())
    );
    // Unknown trunk on delete: 403 / 1003 (ASSUMPTIONS.md).
    let r = call(
        &mut s,
        NOW,
        &api(
            "DELETE",
            &format!("{ACCOUNT}/trunks?trunk_sid=trmumdeadbeef"),
            "",
        ),
    );
    assert_eq!(codes(&r).0, 403);
    assert_eq!(codes(&r).2, json!(1003));
    // Unknown or malformed phone-number id: 404 / 1000.
    for id in ["999999", "abc"] {
        let r = call(
            &mut s,
            NOW,
            &api(
                "PUT",
                &format!("{ACCOUNT}/trunks/{sid}/phone-numbers/{id}"),
                r#"{"phone_number":"+919876543210","mode":"flow"}"#,
            ),
        );
        assert_eq!(codes(&r).2, json!(1000), "{id}");
    }
    // Unknown route.
    let r = call(
        &mut s,
        NOW,
        &api("GET", &format!("{ACCOUNT}/trunks/{sid}/nothing"), ""),
    );
    assert_eq!(codes(&r).2, json!(1000));
}

#[test]
fn update_requires_the_matching_number_and_a_known_mode() {
    let mut s = state();
    let sid = create_trunk(&mut s, "t1");
    let r = call(
        &mut s,
        NOW,
        &api(
            "POST",
            &format!("{ACCOUNT}/trunks/{sid}/phone-numbers"),
            r#"{"phone_number":"+919876543210"}"#,
        ),
    );
    let id = json(&r)["response"]["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("{ACCOUNT}/trunks/{sid}/phone-numbers/{id}");
    let r = call(
        &mut s,
        NOW,
        &api(
            "PUT",
            &path,
            r#"{"phone_number":"+919876543211","mode":"flow"}"#,
        ),
    );
    assert_eq!(codes(&r).2, json!(1002));
    let r = call(
        &mut s,
        NOW,
        &api(
            "PUT",
            &path,
            r#"{"phone_number":"+919876543210","mode":"voice"}"#,
        ),
    );
    assert_eq!(
        codes(&r),
        (400, json!(400), json!(1002), "Invalid mode".into())
    );
    let r = call(
        &mut s,
        NOW,
        &api("PUT", &path, r#"{"phone_number":"+919876543210"}"#),
    );
    assert_eq!(codes(&r).3, "Mode is mandatory");
}

#[test]
fn duplicates_and_cascading_delete() {
    let mut s = state();
    let a = create_trunk(&mut s, "a");
    let b = create_trunk(&mut s, "b");
    let map = |t: &str| {
        (
            format!("/trunks/{t}/phone-numbers"),
            r#"{"phone_number":"+919876543210"}"#,
        )
    };
    let (p, body) = map(&a);
    assert_eq!(post(&mut s, &p, body).0, 200);
    // The same number on another trunk of the account is a duplicate too (ASSUMPTIONS.md).
    let (p, body) = map(&b);
    let (status, inner, code, _) = post(&mut s, &p, body);
    assert_eq!((status, inner, code), (200, json!(409), json!(1008)));
    // Deleting the trunk releases its number.
    let r = call(
        &mut s,
        NOW,
        &api("DELETE", &format!("{ACCOUNT}/trunks?trunk_sid={a}"), ""),
    );
    assert_eq!(r.status, 200);
    assert_eq!(post(&mut s, &p, body).0, 200);
    let r = call(
        &mut s,
        NOW,
        &api("GET", &format!("{ACCOUNT}/trunks/{a}/phone-numbers"), ""),
    );
    assert_eq!(r.status, 404, "the deleted trunk's lists are gone");
}

#[test]
fn destinations_need_a_whitelisted_cidr_and_are_listed_with_sip() {
    let mut s = state();
    let sid = create_trunk(&mut s, "t1");
    post(
        &mut s,
        &format!("/trunks/{sid}/whitelisted-ips"),
        r#"{"ip":"10.1.0.0","mask":16}"#,
    );
    let r = call(
        &mut s,
        NOW,
        &api(
            "POST",
            &format!("{ACCOUNT}/trunks/{sid}/destination-uris"),
            &json!({"destinations": [
                {"destination": "10.1.200.7:5060;transport=tcp"},
                {"destination": "10.2.0.1:5060"},
                {"destination": "sip:pbx.example.com"},
                {"destination": "10.1.200.7:5060;transport=tcp"},
            ]})
            .to_string(),
        ),
    );
    assert_eq!(r.status, 207);
    let v = json(&r);
    assert_eq!(
        v["metadata"],
        json!({"total": 4, "success": 2, "failed": 2})
    );
    let items = v["response"].as_array().unwrap();
    assert_eq!(
        items[0]["data"]["destination"],
        "sip:10.1.200.7:5060;transport=tcp"
    );
    assert_eq!(
        items[1]["error_data"]["description"],
        "Destination not whitelisted"
    );
    assert_eq!(items[2]["data"]["destination"], "sip:pbx.example.com");
    assert_eq!(items[3]["error_data"]["code"], 1008);
}

#[test]
fn pagination_metadata_and_order() {
    let mut s = state();
    let sid = create_trunk(&mut s, "t1");
    for i in 0..5 {
        post(
            &mut s,
            &format!("/trunks/{sid}/whitelisted-ips"),
            &format!(r#"{{"ip":"1.1.1.{i}"}}"#),
        );
    }
    let base = format!("{ACCOUNT}/trunks/{sid}/whitelisted-ips");
    let r = call(
        &mut s,
        NOW,
        &api("GET", &format!("{base}?offset=2&page_size=2"), ""),
    );
    let v = json(&r);
    assert_eq!(
        v["metadata"],
        json!({
            "page_size": 2,
            "first_page_uri": format!("{base}?offset=0&page_size=2"),
            "prev_page_uri": format!("{base}?offset=0&page_size=2"),
            "next_page_uri": format!("{base}?offset=4&page_size=2"),
        })
    );
    let ips: Vec<_> = v["response"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["data"]["ip"].clone())
        .collect();
    assert_eq!(
        ips,
        vec![json!("1.1.1.2"), json!("1.1.1.1")],
        "newest first, stable"
    );
    let r = call(
        &mut s,
        NOW,
        &api("GET", &format!("{base}?offset=4&page_size=2"), ""),
    );
    assert_eq!(json(&r)["metadata"]["next_page_uri"], Value::Null);
    let r = call(
        &mut s,
        NOW,
        &api("GET", &format!("{base}?page_size=zero"), ""),
    );
    assert_eq!(codes(&r).2, json!(1002));
}

#[test]
fn sliding_window_limit_with_retry_after() {
    let mut s = State::new(SandboxConfig {
        rpm: 3,
        ..SandboxConfig::default()
    });
    let target = format!("{ACCOUNT}/trunks/x/phone-numbers");
    for t in [0, 10_000, 20_000] {
        assert_eq!(call(&mut s, NOW + t, &api("GET", &target, "")).status, 404);
    }
    let r = call(&mut s, NOW + 30_000, &api("GET", &target, ""));
    assert_eq!(r.status, 429);
    // The oldest arrival (t = 0) leaves the window (t - 60 s, t] at t = 60 s: 30 s from now.
    assert_eq!(r.header("retry-after"), Some("30"));
    assert_eq!(codes(&r).1, json!(429));
    // At exactly t = 60 s the first arrival is out of the window.
    assert_eq!(
        call(&mut s, NOW + 60_000, &api("GET", &target, "")).status,
        404
    );
    // Rejected requests are not counted (ASSUMPTIONS.md); 0 = unlimited.
    s.set_limits(0, 0);
    for _ in 0..500 {
        assert_eq!(
            call(&mut s, NOW + 60_001, &api("GET", &target, "")).status,
            404
        );
    }
}

#[test]
fn concurrency_limit_counts_requests_in_flight() {
    let mut s = State::new(SandboxConfig {
        concurrency: 2,
        ..SandboxConfig::default()
    });
    let target = format!("{ACCOUNT}/trunks/x/phone-numbers");
    let (t1, _) = begin(&mut s, NOW, &api("GET", &target, ""));
    let (_t2, _) = begin(&mut s, NOW, &api("GET", &target, ""));
    let (_, third) = begin(&mut s, NOW, &api("GET", &target, ""));
    match third {
        Outcome::Respond { response, .. } => {
            assert_eq!(response.status, 429);
            assert_eq!(response.header("retry-after"), Some("1"));
        }
        other => panic!("{other:?}"),
    }
    finish(&mut s, t1, Delivery::Completed);
    let (_, fourth) = begin(&mut s, NOW, &api("GET", &target, ""));
    assert!(matches!(fourth, Outcome::Respond { response, .. } if response.status == 404));
}

fn queue(s: &mut State, method: &str, path: &str, fault: Fault, times: u32) {
    exotel_sip_sandbox::queue_faults(
        s,
        [QueuedFault {
            method: method.into(),
            path: path.into(),
            fault,
            times,
        }],
    );
}

#[test]
fn every_fault() {
    let mut s = state();
    let sid = create_trunk(&mut s, "t1");
    let numbers = format!("{ACCOUNT}/trunks/{sid}/phone-numbers");
    let wildcard = format!("{ACCOUNT}/trunks/*/phone-numbers");
    let map = |n: u32| {
        api(
            "POST",
            &numbers,
            &format!(r#"{{"phone_number":"+9198765432{n:02}"}}"#),
        )
    };
    let count = |s: &State| {
        s.dump()["trunks"][&sid]["phone_numbers"]
            .as_array()
            .map_or(0, Vec::len)
    };

    queue(&mut s, "POST", &wildcard, Fault::Latency { ms: 1500 }, 1);
    let (_, o) = begin(&mut s, NOW, &map(1));
    assert!(
        matches!(o, Outcome::Respond { delay_ms: 1500, ref response } if response.status == 200)
    );
    assert_eq!(count(&s), 1, "latency applies the request");

    queue(
        &mut s,
        "POST",
        &wildcard,
        Fault::Status {
            status: 503,
            code: None,
            description: None,
        },
        2,
    );
    for n in [2, 3] {
        assert_eq!(call(&mut s, NOW, &map(n)).status, 503);
    }
    assert_eq!(count(&s), 1, "status faults apply nothing");
    assert_eq!(
        call(&mut s, NOW, &map(4)).status,
        200,
        "a fault applies `times` times only"
    );

    queue(
        &mut s,
        "*",
        &wildcard,
        Fault::RateLimit { retry_after: 7 },
        1,
    );
    let r = call(&mut s, NOW, &map(5));
    assert_eq!((r.status, r.header("retry-after")), (429, Some("7")));

    queue(&mut s, "POST", &wildcard, Fault::Html { status: 502 }, 1);
    let r = call(&mut s, NOW, &map(6));
    assert!(r.status == 502 && r.body.starts_with("<html>"));

    queue(&mut s, "POST", &wildcard, Fault::NonEnvelope, 1);
    let r = call(&mut s, NOW, &map(7));
    assert!(r.status == 200 && json(&r).get("response").is_none());

    queue(&mut s, "POST", &wildcard, Fault::Truncated, 1);
    let before = count(&s);
    let r = call(&mut s, NOW, &map(8));
    assert!(
        serde_json::from_str::<Value>(&r.body).is_err(),
        "truncated body: {}",
        r.body
    );
    assert_eq!(count(&s), before + 1, "truncation happens after the write");

    queue(&mut s, "POST", &wildcard, Fault::Drop, 1);
    let (t, o) = begin(&mut s, NOW, &map(9));
    assert_eq!(o, Outcome::Drop);
    finish(&mut s, t, Delivery::Dropped);
    assert_eq!(count(&s), before + 1, "a dropped request is not applied");

    queue(&mut s, "POST", &wildcard, Fault::Lost, 1);
    let (t, o) = begin(&mut s, NOW, &map(10));
    assert_eq!(o, Outcome::ApplyThenDrop);
    finish(&mut s, t, Delivery::Dropped);
    assert_eq!(count(&s), before + 2, "a lost response's write is applied");

    // A fault for another method or path does not fire.
    queue(&mut s, "GET", &wildcard, Fault::Drop, 1);
    assert_eq!(call(&mut s, NOW, &map(11)).status, 200);
}

#[test]
fn the_log_records_requests_redacted_with_their_delivery() {
    let mut s = state();
    let target = format!("{ACCOUNT}/trunks/x/phone-numbers");
    let (t, _) = begin(&mut s, NOW, &api("GET", &target, ""));
    finish(&mut s, t, Delivery::ClientClosed);
    call(
        &mut s,
        NOW,
        &api("POST", &target, r#"{"phone_number":"+919876543210"}"#),
    );
    // Controls are neither logged nor limited.
    call(&mut s, NOW, &raw("GET", "/__sandbox/state", &[], ""));
    let log = exotel_sip_sandbox::requests(&s);
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].delivery, Delivery::ClientClosed);
    assert_eq!(log[1].delivery, Delivery::Completed);
    assert_eq!(log[1].body, r#"{"phone_number":"+919876543210"}"#);
    assert_eq!(log[1].status, Some(404));
    let shown = serde_json::to_string(&log).unwrap();
    assert!(
        !shown.contains("c2FuZGJveF9rZXk6c2FuZGJveF90b2tlbg"),
        "{shown}"
    );
    assert!(shown.contains("Basic [REDACTED]"));
}

#[test]
fn controls_over_http_paths() {
    let mut s = state();
    create_trunk(&mut s, "t1");
    let fault = json!({"method": "GET", "path": "/v2/accounts/ameyo5m/trunks/*/whitelisted-ips", "fault": {"type": "status", "status": 500}});
    let r = call(
        &mut s,
        NOW,
        &raw("POST", "/__sandbox/faults", &[], &fault.to_string()),
    );
    assert_eq!(json(&r), json!({"queued": 1}));
    let r = call(
        &mut s,
        NOW,
        &raw(
            "POST",
            "/__sandbox/faults",
            &[],
            r#"{"path":"/x","fault":{"type":"nope"}}"#,
        ),
    );
    assert_eq!(r.status, 400);
    let r = call(&mut s, NOW, &raw("GET", "/__sandbox/state", &[], ""));
    assert_eq!(json(&r)["trunks"].as_object().unwrap().len(), 1);
    let put_limits =
        |s: &mut State, body: &str| call(s, NOW, &raw("PUT", "/__sandbox/limits", &[], body));
    // The delay of the next answer (it waits the request's latency).
    let next_delay = |s: &mut State| {
        let list = "/v2/accounts/ameyo5m/trunks/trmum1f708622631150902801a1n/phone-numbers";
        match exotel_sip_sandbox::begin(s, NOW, &api("GET", list, "")).1 {
            exotel_sip_sandbox::Outcome::Respond { delay_ms, .. } => delay_ms,
            other => panic!("{other:?}"),
        }
    };
    let r = put_limits(&mut s, r#"{"rpm":600}"#);
    assert_eq!(
        json(&r),
        json!({"rpm": 600, "concurrency": 50, "limiter": "sliding_window", "latency_ms": [0, 0]})
    );
    let r = put_limits(&mut s, r#"{"limiter":"token_bucket","latency_ms":[10,50]}"#);
    assert_eq!(
        json(&r),
        json!({"rpm": 600, "concurrency": 50, "limiter": "token_bucket", "latency_ms": [10, 50]})
    );
    let delay = next_delay(&mut s);
    assert!((10..=50).contains(&delay), "{delay}");
    // A huge latency is capped, never an overflow.
    let r = put_limits(&mut s, r#"{"latency_ms":[0,18446744073709551615]}"#);
    assert_eq!(
        json(&r)["latency_ms"],
        json!([0, exotel_sip_sandbox::MAX_LATENCY_MS])
    );
    assert!(next_delay(&mut s) <= exotel_sip_sandbox::MAX_LATENCY_MS);
    for bad in [
        r#"{"limiter":"leaky"}"#,
        r#"{"latency_ms":[5]}"#,
        r#"{"latency_ms":"5"}"#,
    ] {
        assert_eq!(put_limits(&mut s, bad).status, 400, "{bad}");
    }
    let r = put_limits(&mut s, r#"{"limiter":"sliding_window","latency_ms":[0,0]}"#);
    assert_eq!(r.status, 200);
    assert_eq!(
        call(&mut s, NOW, &raw("GET", "/__sandbox/requests", &[], "")).status,
        200
    );
    assert_eq!(
        call(&mut s, NOW, &raw("DELETE", "/__sandbox/requests", &[], "")).status,
        200
    );
    assert_eq!(
        call(&mut s, NOW, &raw("POST", "/__sandbox/reset", &[], "")).status,
        200
    );
    assert_eq!(s.trunk_count(), 0);
    assert_eq!(s.config().rpm, 600, "reset keeps the configuration");
    assert_eq!(
        call(&mut s, NOW, &raw("GET", "/__sandbox/unknown", &[], "")).status,
        404
    );
}

#[test]
fn ids_and_times_are_deterministic() {
    let run = || {
        let mut s = state();
        let sid = create_trunk(&mut s, "t1");
        let r = call(
            &mut s,
            NOW,
            &api(
                "POST",
                &format!("{ACCOUNT}/trunks/{sid}/phone-numbers"),
                r#"{"phone_number":"+919876543210"}"#,
            ),
        );
        (sid, json(&r)["response"]["data"].clone())
    };
    let (a, b) = (run(), run());
    assert_eq!(a, b);
    assert_eq!(a.1["date_created"], "2026-01-23T09:24:59Z");
    assert_eq!(a.1["id"], "41512");
}

#[test]
fn the_control_prefix_serves_the_openapi_document() {
    let mut state = state();
    let response = call(
        &mut state,
        NOW,
        &raw("GET", "/__sandbox/openapi.json", &[], ""),
    );
    assert_eq!(response.status, 200);
    // The committed document, as `cargo xtask codegen` wrote it.
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../api/openapi.json"
    ))
    .unwrap();
    assert_eq!(response.body, committed);
    assert_eq!(json(&response)["openapi"], "3.1.0");
}
