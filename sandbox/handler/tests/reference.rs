//! Every example response of the API reference, reproduced by the sandbox: the
//! same envelope shape, codes and values (ids, dates and request ids aside).
//! Expected bodies are read from the shared vectors, which quote the reference.

#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // tests assert bluntly

mod common;

use common::*;
use exotel_sip::HttpResponse;
use exotel_sip_sandbox::State;
use serde_json::Value;

/// The response body of a vector case.
fn reference_body(folder: &str, case: &str) -> (Value, u16) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors")
        .join(folder);
    for entry in std::fs::read_dir(&dir).expect("vector folder") {
        let doc: Value = serde_json::from_str(
            &std::fs::read_to_string(entry.expect("entry").path()).expect("read"),
        )
        .expect("json");
        if let Some(c) = doc["cases"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["name"] == case))
        {
            return (
                c["response"]["body"].clone(),
                c["response"]["status"].as_u64().expect("status") as u16,
            );
        }
    }
    panic!("no case {case} in {folder}");
}

/// Values that legitimately differ: generated ids, times, request ids.
const VOLATILE: [&str; 4] = ["request_id", "id", "date_created", "date_updated"];

fn same_shape(expected: &Value, actual: &Value, path: &str, ignore: &[&str]) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            let ek: Vec<_> = e.keys().collect();
            let ak: Vec<_> = a.keys().collect();
            let mut eks = ek.clone();
            let mut aks = ak.clone();
            eks.sort();
            aks.sort();
            assert_eq!(eks, aks, "keys differ at {path}");
            for (k, ev) in e {
                if VOLATILE.contains(&k.as_str()) || ignore.contains(&k.as_str()) {
                    assert_eq!(ev.is_null(), a[k].is_null(), "{path}.{k} nullness");
                    continue;
                }
                same_shape(ev, &a[k], &format!("{path}.{k}"), ignore);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "length at {path}");
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                same_shape(ev, av, &format!("{path}[{i}]"), ignore);
            }
        }
        (e, a) => assert_eq!(e, a, "value at {path}"),
    }
}

/// Compares a sandbox answer with the reference's, after putting the reference's
/// trunk SID in place of the generated one.
fn check(
    folder: &str,
    case: &str,
    sandbox_sid: Option<&str>,
    response: &HttpResponse,
    ignore: &[&str],
) {
    let (expected, status) = reference_body(folder, case);
    assert_eq!(
        response.status, status,
        "{folder}/{case}: {}",
        response.body
    );
    let mut body = response.body.clone();
    if let (Some(sid), Some(ref_sid)) = (sandbox_sid, find_sid(&expected)) {
        body = body.replace(sid, &ref_sid);
    }
    let actual: Value = serde_json::from_str(&body).expect("sandbox answers JSON");
    same_shape(&expected, &actual, &format!("{folder}/{case}"), ignore);
}

fn find_sid(v: &Value) -> Option<String> {
    let text = v.to_string();
    let start = text.find("trmum")?;
    Some(
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect(),
    )
}

fn post(state: &mut State, path: &str, body: &str) -> HttpResponse {
    send(state, "POST", path, body)
}

#[test]
fn create_trunk_example() {
    let mut s = state();
    let r = post(
        &mut s,
        "/trunks",
        r#"{"trunk_name":"outbound_trunk","nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}"#,
    );
    let sid = json(&r)["response"]["data"]["trunk_sid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        sid.starts_with("trmum") && sid.ends_with("a1n") && sid.len() == 28,
        "{sid}"
    );
    check(
        "create_trunk",
        "ref example request with defaults",
        Some(&sid),
        &r,
        &[],
    );
}

#[test]
fn create_trunk_errors() {
    let mut s = state();
    // The reference words the 1002 description differently from the live server;
    // the sandbox speaks as the live server (server-rules.md).
    let r = post(
        &mut s,
        "/trunks",
        r#"{"trunk_name":"bad name!","nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}"#,
    );
    check(
        "create_trunk",
        "ref 400 invalid trunk_name (1002)",
        None,
        &r,
        &["description"],
    );
    assert_eq!(
        codes(&r).3,
        "Allowed characters for TrunkName is alphanumeric and _"
    );
    create_trunk(&mut s, "outbound_trunk");
    let r = post(
        &mut s,
        "/trunks",
        r#"{"trunk_name":"outbound_trunk","nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}"#,
    );
    check(
        "create_trunk",
        "ref 409 duplicate trunk_name (1008)",
        None,
        &r,
        &[],
    );
}

#[test]
fn delete_trunk_example() {
    let mut s = state();
    let sid = create_trunk(&mut s, "my_trunk1234");
    let r = call(
        &mut s,
        NOW,
        &api("DELETE", &format!("{ACCOUNT}/trunks?trunk_sid={sid}"), ""),
    );
    check("delete_trunk", "ref example", Some(&sid), &r, &[]);
}

#[test]
fn phone_number_examples() {
    let mut s = state();
    let r = post(
        &mut s,
        "/trunks/trmum1f708622631150902801a1n/phone-numbers",
        r#"{"phone_number":"+919876543210"}"#,
    );
    check(
        "map_phone_number",
        "ref 404 invalid trunk_sid",
        None,
        &r,
        &[],
    );

    let sid = create_trunk(&mut s, "outbound_trunk");
    let r = post(
        &mut s,
        &format!("/trunks/{sid}/phone-numbers"),
        r#"{"phone_number":"+919876543210"}"#,
    );
    check(
        "map_phone_number",
        "ref example without mode",
        Some(&sid),
        &r,
        &[],
    );
    let r = post(
        &mut s,
        &format!("/trunks/{sid}/phone-numbers"),
        r#"{"phone_number":"+919876543210"}"#,
    );
    check(
        "map_phone_number",
        "ref 409 phone number already mapped in HTTP 200",
        Some(&sid),
        &r,
        &[],
    );

    let flow_sid = create_trunk(&mut s, "streamkit");
    let r = post(
        &mut s,
        &format!("/trunks/{flow_sid}/phone-numbers"),
        r#"{"phone_number":"+919876543211","mode":"flow"}"#,
    );
    check(
        "map_phone_number",
        "ref StreamKit flow mode example",
        Some(&flow_sid),
        &r,
        &["phone_number"],
    );
}

#[test]
fn update_mode_and_list_examples() {
    let mut s = state();
    let sid = create_trunk(&mut s, "outbound_trunk");
    let r = post(
        &mut s,
        &format!("/trunks/{sid}/phone-numbers"),
        r#"{"phone_number":"+918040264208"}"#,
    );
    let id = json(&r)["response"]["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let later = NOW + 60_000;
    let r = call(
        &mut s,
        later,
        &api(
            "PUT",
            &format!("{ACCOUNT}/trunks/{sid}/phone-numbers/{id}"),
            r#"{"phone_number":"+918040264208","mode":"flow"}"#,
        ),
    );
    check(
        "update_phone_number_mode",
        "ref switch to flow mode",
        Some(&sid),
        &r,
        &[],
    );
    let data = &json(&r)["response"]["data"];
    assert_ne!(
        data["date_created"], data["date_updated"],
        "date_updated moves on update"
    );
    let r = call(
        &mut s,
        later,
        &api("GET", &format!("{ACCOUNT}/trunks/{sid}/phone-numbers"), ""),
    );
    check("list_phone_numbers", "ref example", Some(&sid), &r, &[]);
}

#[test]
fn whitelist_examples() {
    let mut s = state();
    let sid = create_trunk(&mut s, "outbound_trunk");
    let r = post(
        &mut s,
        &format!("/trunks/{sid}/whitelisted-ips"),
        r#"{"ip":"44.248.146.11","mask":32}"#,
    );
    check(
        "whitelist_ip",
        "ref example with mask 32",
        Some(&sid),
        &r,
        &[],
    );
    let r = call(
        &mut s,
        NOW,
        &api(
            "GET",
            &format!("{ACCOUNT}/trunks/{sid}/whitelisted-ips"),
            "",
        ),
    );
    check("list_whitelisted_ips", "ref example", Some(&sid), &r, &[]);
    post(
        &mut s,
        &format!("/trunks/{sid}/whitelisted-ips"),
        r#"{"ip":"44.248.146.10"}"#,
    );
    let r = post(
        &mut s,
        &format!("/trunks/{sid}/whitelisted-ips"),
        r#"{"ip":"44.248.146.10","mask":32}"#,
    );
    check(
        "whitelist_ip",
        "ref 409 ip already whitelisted in HTTP 200",
        Some(&sid),
        &r,
        &[],
    );
}

#[test]
fn destination_examples() {
    let mut s = state();
    let sid = create_trunk(&mut s, "outbound_trunk");
    let path = format!("/trunks/{sid}/destination-uris");
    let r = post(
        &mut s,
        &path,
        r#"{"destinations":[{"destination":"44.248.146.11:5061;transport=tls"}]}"#,
    );
    check(
        "add_destinations",
        "ref 207 destination not whitelisted",
        None,
        &r,
        &[],
    );
    let r = post(
        &mut s,
        &path,
        r#"{"destinations":[{"destination":"not a host!:5061;transport=tls"}]}"#,
    );
    check(
        "add_destinations",
        "ref 207 invalid IP or FQDN",
        None,
        &r,
        &[],
    );

    post(
        &mut s,
        &format!("/trunks/{sid}/whitelisted-ips"),
        r#"{"ip":"44.248.146.11"}"#,
    );
    let r = post(
        &mut s,
        &path,
        r#"{"destinations":[{"destination":"44.248.146.11:5061;transport=tls"}]}"#,
    );
    check(
        "add_destinations",
        "ref IP destination",
        Some(&sid),
        &r,
        &[],
    );
    post(
        &mut s,
        &path,
        r#"{"destinations":[{"destination":"sip.company.com:5061;transport=tls"}]}"#,
    );
    let r = send(&mut s, "GET", &path, "");
    check("list_destinations", "ref example", Some(&sid), &r, &[]);
}

#[test]
fn settings_example() {
    let mut s = state();
    let sid = create_trunk(&mut s, "outbound_trunk");
    let r = post(
        &mut s,
        &format!("/trunks/{sid}/settings"),
        r#"{"settings":[{"name":"trunk_external_alias","value":"+919876543210"}]}"#,
    );
    check("set_trunk_settings", "ref trunk alias", Some(&sid), &r, &[]);
}

/// The decisions of sandbox/ASSUMPTIONS.md that vectors cite: the sandbox answers
/// exactly what those vectors feed the SDKs.
#[test]
fn decisions_cited_by_vectors() {
    let mut s = State::new(exotel_sip_sandbox::SandboxConfig::default());
    let sid = create_trunk(&mut s, "outbound_trunk");
    let path = format!("/trunks/{sid}/destination-uris");
    post(
        &mut s,
        &path,
        r#"{"destinations":[{"destination":"sip.company.com:5061;transport=tls"}]}"#,
    );
    let r = post(
        &mut s,
        &path,
        r#"{"destinations":[{"destination":"sip.company.com:5061;transport=tls"},{"destination":"pbx.company.com"}]}"#,
    );
    check(
        "add_destinations",
        "sandbox duplicate destination item",
        Some(&sid),
        &r,
        &[],
    );

    let other = create_trunk(&mut s, "other");
    post(
        &mut s,
        &format!("/trunks/{other}/phone-numbers"),
        r#"{"phone_number":"+919876543210"}"#,
    );
    let r = post(
        &mut s,
        &format!("/trunks/{sid}/phone-numbers"),
        r#"{"phone_number":"+919876543210"}"#,
    );
    check(
        "map_phone_number",
        "sandbox number mapped on another trunk",
        Some(&sid),
        &r,
        &[],
    );

    let r = post(
        &mut s,
        &format!("/trunks/{sid}/phone-numbers"),
        r#"{"phone_number":"+918040264208"}"#,
    );
    let id = json(&r)["response"]["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = call(
        &mut s,
        NOW,
        &api(
            "PUT",
            &format!("{ACCOUNT}/trunks/{sid}/phone-numbers/{id}"),
            r#"{"phone_number":"+918040264208","mode":"voice"}"#,
        ),
    );
    check(
        "update_phone_number_mode",
        "sandbox invalid mode answer",
        None,
        &r,
        &["method"],
    );

    let r = call(
        &mut s,
        NOW,
        &api(
            "DELETE",
            &format!("{ACCOUNT}/trunks?trunk_sid=trmum00000000000000000000a1n"),
            "",
        ),
    );
    check(
        "delete_trunk",
        "sandbox unknown trunk on delete",
        None,
        &r,
        &[],
    );

    let mut s = State::new(exotel_sip_sandbox::SandboxConfig::default());
    // Created long before, so only the 200 reads below are in the window.
    let r = call(
        &mut s,
        NOW - 100_000,
        &api(
            "POST",
            &format!("{ACCOUNT}/trunks"),
            r#"{"trunk_name":"limited","nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}"#,
        ),
    );
    let sid = json(&r)["response"]["data"]["trunk_sid"]
        .as_str()
        .unwrap()
        .to_owned();
    for _ in 0..200 {
        call(
            &mut s,
            NOW + 30_000,
            &api("GET", &format!("{ACCOUNT}/trunks/{sid}/phone-numbers"), ""),
        );
    }
    let r = call(
        &mut s,
        NOW + 60_000,
        &api("GET", &format!("{ACCOUNT}/trunks/{sid}/phone-numbers"), ""),
    );
    check("list_phone_numbers", "sandbox 429 body", None, &r, &[]);
    assert_eq!(r.header("retry-after"), Some("30"));
}
