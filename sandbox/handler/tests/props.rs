//! No request, however malformed, makes the handler panic.

#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // tests assert bluntly

mod common;

use common::*;
use exotel_sip::Header;
use exotel_sip_sandbox::{begin, finish, Delivery, SandboxConfig, SandboxRequest, State};
use proptest::prelude::*;

fn target() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(/[a-z0-9*_%?=&-]{0,12}){0,8}",
        "/v2/accounts/ameyo5m/trunks(/[a-z0-9-]{0,30}){0,3}(\\?[a-z_=0-9&%]{0,30})?",
        "/__sandbox/[a-z]{0,10}",
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\{\"(trunk_name|ip|mask|phone_number|mode|destinations|settings)\":(-?[0-9]{1,12}|\"[^\"]{0,20}\"|null|\\[\\]|\\{\\}|\\[\\{\"destination\":\"[^\"]{0,20}\"\\}\\])\\}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]
    #[test]
    fn handler_never_panics(
        method in prop_oneof![Just("GET".to_owned()), Just("POST".to_owned()), Just("PUT".to_owned()), Just("DELETE".to_owned()), any::<String>()],
        target in target(),
        body in body(),
        auth in prop_oneof![Just(AUTH.to_owned()), any::<String>()],
        content_type in prop_oneof![Just("application/json".to_owned()), any::<String>()],
        now in any::<u64>(),
    ) {
        let mut state = State::new(SandboxConfig { rpm: 5, concurrency: 2, ..SandboxConfig::default() });
        let sid = create_trunk(&mut state, "t1");
        let target = target.replace("trunks/x", &format!("trunks/{sid}"));
        let request = SandboxRequest {
            method,
            target,
            headers: vec![Header::new("Authorization", auth), Header::new("Content-Type", content_type)],
            body,
        };
        let (ticket, _) = begin(&mut state, now, &request);
        finish(&mut state, ticket, Delivery::Completed);
        let (ticket, _) = begin(&mut state, now.saturating_add(1), &request);
        finish(&mut state, ticket, Delivery::ClientClosed);
    }
}
