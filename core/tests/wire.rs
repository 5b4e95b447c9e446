#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! The hand-written readers of `wire` agree with the models' `Serialize` names,
//! and follow the server's looseness: null reads as absent, unknown fields are
//! ignored, a present field of the wrong type is a decode error.

use exotel_sip::wire::{decode, FromWire};
use exotel_sip::{
    BatchMetadata, DestinationUri, Error, Mode, PageMetadata, PhoneNumber, Trunk, TrunkSetting,
    WhitelistedIp,
};
use proptest::option;
use proptest::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9:+._ -]{0,12}"
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    option::of(text())
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![
        Just(Mode::Pstn),
        Just(Mode::Flow),
        Just(Mode::Unset),
        "[a-z]{1,6}".prop_map(|v| Mode::from_wire(Some(&v))),
    ]
}

fn roundtrips<T: Serialize + FromWire + PartialEq + std::fmt::Debug>(model: &T) {
    let value = serde_json::to_value(model).unwrap();
    let back: T = decode(&value, 200).unwrap();
    assert_eq!(&back, model, "via {value}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn trunk_roundtrips(
        sid in text(), a in opt_text(), b in opt_text(), c in opt_text(), d in opt_text(),
        e in opt_text(), f in opt_text(), g in opt_text(), h in opt_text(),
    ) {
        roundtrips(&Trunk {
            trunk_sid: sid, trunk_name: a, domain_name: b, status: c, auth_type: d,
            registration_enabled: e, edge_preference: f, nso_code: g, secure_trunking: h.clone(),
            destination_uris: h.clone(), whitelisted_ips: h.clone(), credentials: h.clone(),
            phone_numbers: h.clone(), date_created: h.clone(), date_updated: h,
        });
    }

    #[test]
    fn phone_number_roundtrips(id in text(), n in text(), t in opt_text(), m in mode(), d in opt_text()) {
        roundtrips(&PhoneNumber {
            id, phone_number: n, trunk_sid: t, mode: m, date_created: d.clone(), date_updated: d,
        });
    }

    #[test]
    fn whitelisted_ip_roundtrips(id in text(), ip in text(), mask in option::of(any::<u32>()), t in opt_text(), n in opt_text()) {
        roundtrips(&WhitelistedIp {
            id, ip, mask, trunk_sid: t.clone(), friendly_name: n, date_created: t.clone(), date_updated: t,
        });
    }

    #[test]
    fn destination_roundtrips(
        id in text(), d in text(), ty in opt_text(), p in option::of(any::<i64>()),
        w in option::of(any::<i64>()), t in opt_text(),
    ) {
        roundtrips(&DestinationUri {
            id, destination: d, destination_type: ty, priority: p, weight: w,
            trunk_sid: t.clone(), date_created: t.clone(), date_updated: t,
        });
    }

    #[test]
    fn setting_and_metadata_roundtrip(
        n in text(), v in text(), t in opt_text(), size in option::of(any::<u32>()),
        counts in (option::of(any::<u32>()), option::of(any::<u32>()), option::of(any::<u32>())),
    ) {
        roundtrips(&TrunkSetting {
            name: n, value: v, trunk_sid: t.clone(), date_created: t.clone(), date_updated: t.clone(),
        });
        roundtrips(&PageMetadata {
            page_size: size, first_page_uri: t.clone(), prev_page_uri: None, next_page_uri: t,
        });
        roundtrips(&BatchMetadata { total: counts.0, success: counts.1, failed: counts.2 });
    }
}

fn detail(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Decode { status, detail, .. }) => {
            assert_eq!(status, 207);
            detail
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn null_reads_as_absent_and_unknown_fields_are_ignored() {
    let value = json!({
        "id": "7", "phone_number": "+911234567890", "trunk_sid": null, "mode": null,
        "brand_new_field": {"nested": [1, 2.5]},
    });
    let number: PhoneNumber = decode(&value, 200).unwrap();
    assert_eq!(number.trunk_sid, None);
    assert_eq!(number.mode, Mode::Unset);
}

#[test]
fn wrong_types_and_missing_fields_name_the_field() {
    let missing = detail(decode::<PhoneNumber>(&json!({"id": "7"}), 207));
    assert!(missing.contains("`phone_number`"), "{missing}");
    let number = detail(decode::<WhitelistedIp>(
        &json!({"id": "1", "ip": "1.2.3.4", "mask": "32"}),
        207,
    ));
    assert!(number.contains("`mask`"), "{number}");
    let float = detail(decode::<WhitelistedIp>(
        &json!({"id": "1", "ip": "1.2.3.4", "mask": 32.5}),
        207,
    ));
    assert!(float.contains("`mask`"), "{float}");
    let negative = detail(decode::<BatchMetadata>(&json!({"total": -1}), 207));
    assert!(negative.contains("`total`"), "{negative}");
    let numeric_id = detail(decode::<Trunk>(&json!({"trunk_sid": 12}), 207));
    assert!(numeric_id.contains("`trunk_sid`"), "{numeric_id}");
    let not_object = detail(decode::<Trunk>(&Value::Array(vec![]), 207));
    assert!(not_object.contains("object"), "{not_object}");
}
