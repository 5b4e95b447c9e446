//! The JSON Schema constraints of `validate::accepts` (the OpenAPI document's)
//! agree with the validators they describe: on every string of the vectors'
//! inputs and a list of edge cases, an exact pattern matches exactly what the
//! validator accepts, and a loose one matches at least that; the ranges are
//! the validators' bounds.

use std::path::Path;

use exotel_sip::validate::{self, accepts, Check};
use regex::Regex;
use serde_json::Value;

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn samples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(entry.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let text = std::fs::read_to_string(file.path()).unwrap_or_default();
            let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let cases = json.get("cases").and_then(Value::as_array);
            for case in cases.into_iter().flatten() {
                if let Some(input) = case.get("input") {
                    strings(input, &mut out);
                }
            }
        }
    }
    let edge = [
        "",
        "a",
        "A1",
        "a_b",
        "a-b",
        "0",
        "00",
        "01",
        "1",
        "41523",
        "-1",
        "+",
        "+0",
        "+1",
        "+12",
        "+919876543210",
        "+1234567890123456",
        "+123456789012345",
        "919876543210",
        "ANY-ANY",
        "ANY",
        "A-B-C",
        "-A",
        "A-",
        "abcdefghijklmnop",
        "abcdefghijklmnopq",
        "ab cd",
        "é",
        "ameyo5m.pstn.exotel.com",
        ".pstn.exotel.com",
        "a.b.pstn.exotel.com",
        "pstn.exotel.com",
        "x.pstn.exotel.co",
        "1.2.3.4",
        "255.255.255.255",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3",
        "1.2.3.4.5",
        "1..3.4",
        " 1.2.3.4",
        "trmum1f708622631150902801a1n",
        "tr_1",
    ];
    out.extend(edge.iter().map(|s| (*s).to_owned()));
    out.sort();
    out.dedup();
    out
}

type Validator = fn(&str, &str) -> Check;

#[test]
fn every_pattern_agrees_with_its_validator() {
    let validators: [(&str, Validator); 7] = [
        ("trunk_sid", validate::trunk_sid),
        ("numeric_id", validate::numeric_id),
        ("trunk_name", validate::trunk_name),
        ("nso_code", validate::nso_code),
        ("domain_name", validate::domain_name),
        ("e164", validate::e164),
        ("ipv4", validate::ipv4),
    ];
    let samples = samples();
    assert!(samples.len() > 60, "{} samples", samples.len());
    for (name, check) in validators {
        let a = accepts(name);
        let pattern = a.pattern.unwrap_or_else(|| panic!("{name} has no pattern"));
        let re = Regex::new(pattern).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut accepted = 0;
        for s in &samples {
            let ok = check("f", s).is_ok();
            let matched = re.is_match(s);
            accepted += usize::from(ok);
            if a.exact {
                assert_eq!(
                    ok, matched,
                    "{name} on {s:?}: validator {ok}, pattern {matched}"
                );
            } else {
                assert!(
                    !ok || matched,
                    "{name} accepts {s:?} but its pattern does not"
                );
            }
        }
        assert!(accepted > 0, "{name}: no sample accepted");
    }
}

#[test]
fn every_range_is_the_validators() {
    type IntValidator = fn(&str, u32) -> Check;
    let ranges: [(&str, IntValidator); 3] = [
        ("mask", validate::mask),
        ("page_size", validate::page_size),
        ("concurrency", validate::concurrency),
    ];
    for (name, check) in ranges {
        let a = accepts(name);
        let min = a.minimum.unwrap_or(0);
        for n in [0, 1, 15, 16, 31, 32, 33, 49, 50, 51, 1000, u32::MAX] {
            let within = n >= min && a.maximum.is_none_or(|max| n <= max);
            assert_eq!(check("f", n).is_ok(), within, "{name} on {n}");
        }
    }
    assert_eq!(accepts("mode").one_of, ["pstn", "flow"]);
    assert!(
        validate::mode("f", Some("pstn")).is_ok() && validate::mode("f", Some("PSTN")).is_err()
    );
}
