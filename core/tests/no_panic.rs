#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! Property tests: no input, however malformed, makes the parsers or validators panic.

use exotel_sip::envelope;
use exotel_sip::ops::{
    AddDestinations, CreateTrunk, List, ListQuery, MapPhoneNumber, SetTrunkSettings,
    UpdatePhoneNumberMode, WhitelistIp,
};
use exotel_sip::validate;
use exotel_sip::{
    Config, Credentials, Endpoint, Header, HttpResponse, Mode, Operation, PhoneNumber, Region,
    SettingInput,
};
use proptest::prelude::*;

fn config() -> Config {
    match Credentials::new("k", "t0ken", "acct")
        .and_then(|c| Config::new(c, Endpoint::Region(Region::Mumbai)))
    {
        Ok(c) => c,
        Err(e) => unreachable!("{e}"),
    }
}

fn json_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..256).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        // Envelope-shaped noise, so the parser goes past the JSON stage.
        (any::<i64>(), any::<String>(), any::<bool>()).prop_map(|(code, text, list)| {
            let item = format!(
                r#"{{"code":{code},"error_data":{{"code":{code},"description":{text:?}}},"status":{text:?},"data":{{"id":{text:?}}}}}"#
            );
            let response = if list { format!("[{item},{item}]") } else { item };
            format!(r#"{{"request_id":{text:?},"http_code":{code},"metadata":{{"page_size":{code}}},"response":{response}}}"#)
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn envelope_parser_never_panics(body in json_like(), status in 0u16..1000, retry in any::<String>()) {
        let response = HttpResponse::new(status, vec![Header::new("Retry-After", retry)], body);
        if let Ok(env) = envelope::parse(&response, config().credentials()) {
            let _ = env.clone().single(&response);
            let _ = env.list(&response);
        }
        let cfg = config();
        let _ = List::<PhoneNumber>::new(ListQuery::new("tr1")).response(&cfg, &response);
        let _ = AddDestinations { trunk_sid: "tr1".into(), destinations: vec!["a.b".into(), "c.d".into()] }
            .response(&cfg, &response);
        let _ = SetTrunkSettings::caller_id_alias("tr1", "+919876543210").response(&cfg, &response);
        let _ = CreateTrunk::new("t").response(&cfg, &response);
    }

    #[test]
    fn validators_never_panic(s in any::<String>(), n in any::<u32>()) {
        let _ = validate::trunk_sid("f", &s);
        let _ = validate::numeric_id("f", &s);
        let _ = validate::account_sid("f", &s);
        let _ = validate::api_key("f", &s);
        let _ = validate::api_token("f", &s);
        let _ = validate::trunk_name("f", &s);
        let _ = validate::nso_code("f", &s);
        let _ = validate::domain_name("f", &s);
        let _ = validate::e164("f", &s);
        let _ = validate::mode("f", Some(&s));
        let _ = validate::ipv4("f", &s);
        let _ = validate::mask("f", n);
        let _ = validate::page_size("f", n);
        let _ = validate::destination("f", &s);
        let _ = validate::setting(0, &s, &s);
        let _ = validate::setting(0, "trunk_external_alias", &s);
        let _ = exotel_sip::config::normalize_base_url(&s);
        let _ = Region::parse(&s);
        let _ = envelope::parse_http_date(&s);
    }

    #[test]
    fn builders_never_panic(a in any::<String>(), b in any::<String>(), n in any::<u32>()) {
        let cfg = config();
        let _ = CreateTrunk { trunk_name: a.clone(), nso_code: Some(b.clone()), domain_name: Some(a.clone()) }.request(&cfg);
        let _ = MapPhoneNumber { trunk_sid: a.clone(), phone_number: b.clone(), mode: Some(Mode::Other { value: b.clone() }) }.request(&cfg);
        let _ = UpdatePhoneNumberMode { trunk_sid: a.clone(), phone_number_id: b.clone(), phone_number: a.clone(), mode: Mode::Flow }.request(&cfg);
        let _ = WhitelistIp { trunk_sid: "tr1".into(), ip: a.clone(), mask: Some(n) }.request(&cfg);
        let _ = AddDestinations { trunk_sid: "tr1".into(), destinations: vec![a.clone(), b.clone()] }.request(&cfg);
        let _ = SetTrunkSettings { trunk_sid: "tr1".into(), settings: vec![SettingInput { name: a.clone(), value: b.clone() }] }.request(&cfg);
        let _ = List::<PhoneNumber>::new(ListQuery { trunk_sid: a, offset: Some(n), page_size: Some(n) }).request(&cfg);
        let _ = exotel_sip::ops::List::<PhoneNumber>::following(b).request(&cfg);
    }

    /// Whatever a validator accepts is exactly what the rule says.
    #[test]
    fn accepted_destinations_round_trip(host in "[a-z]{1,10}\\.[a-z]{2,5}", port in 1u32..=65535, t in prop::sample::select(vec!["tls", "tcp", "udp"])) {
        let d = format!("sip:{host}:{port};transport={t}");
        let parsed = validate::destination("d", &d);
        prop_assert!(parsed.is_ok(), "{d} rejected: {parsed:?}");
        if let Ok(p) = parsed {
            prop_assert_eq!(p.wire, &d[4..]);
            prop_assert_eq!(p.port.map(u32::from), Some(port));
        }
    }
}
