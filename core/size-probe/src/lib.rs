//! Size probe: a cdylib that keeps every builder and parser of the core alive.
//!
//! `probe(op, ptr, len)` reads a JSON input, builds that operation's request and
//! parses a canned response, returning the body length. It exists only so
//! `cargo build -p exotel-sip-size-probe --target wasm32-unknown-unknown
//! --profile wasm-release` measures what the core costs on wasm.

use exotel_sip::ops::{
    AddDestinations, CreateTrunk, DeleteTrunk, GetTrunkCredentials, List, ListQuery,
    MapPhoneNumber, Operation, SetTrunkSettings, UpdatePhoneNumberMode, WhitelistIp,
};
use exotel_sip::{
    Config, Credentials, DestinationUri, Endpoint, HttpResponse, Mode, PhoneNumber, Region,
    WhitelistedIp,
};
use serde_json::Value;

fn run<O: Operation>(op: O, config: &Config, body: &str) -> u32 {
    match op.request(config) {
        Ok(request) => {
            let response = HttpResponse::new(200, vec![], body);
            let parsed = op.response(config, &response).is_ok();
            u32::try_from(request.url.len()).unwrap_or(0) + u32::from(parsed)
        }
        Err(err) => u32::try_from(err.to_string().len()).unwrap_or(0),
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// # Safety
/// `ptr` must point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn probe(op: u32, ptr: *const u8, len: usize) -> u32 {
    // SAFETY: the caller guarantees `len` readable bytes at `ptr`.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    let input: Value = serde_json::from_slice(bytes).unwrap_or(Value::Null);
    let Ok(config) = Credentials::new(text(&input, "k"), text(&input, "t"), text(&input, "a"))
        .and_then(|c| Config::new(c, Endpoint::Region(Region::Singapore)))
    else {
        return 0;
    };
    let body = text(&input, "body");
    let sid = text(&input, "trunk_sid");
    let query = ListQuery::new(sid.clone());
    match op {
        0 => run(CreateTrunk::new(text(&input, "name")), &config, &body),
        1 => run(DeleteTrunk { trunk_sid: sid }, &config, &body),
        2 => run(
            MapPhoneNumber {
                trunk_sid: sid,
                phone_number: text(&input, "n"),
                mode: Some(Mode::Flow),
            },
            &config,
            &body,
        ),
        3 => run(
            UpdatePhoneNumberMode {
                trunk_sid: sid,
                phone_number_id: text(&input, "id"),
                phone_number: text(&input, "n"),
                mode: Mode::Pstn,
            },
            &config,
            &body,
        ),
        4 => run(
            WhitelistIp {
                trunk_sid: sid,
                ip: text(&input, "ip"),
                mask: None,
            },
            &config,
            &body,
        ),
        5 => run(
            AddDestinations {
                trunk_sid: sid,
                destinations: vec![text(&input, "d")],
            },
            &config,
            &body,
        ),
        6 => run(
            SetTrunkSettings::caller_id_alias(sid, text(&input, "n")),
            &config,
            &body,
        ),
        7 => run(GetTrunkCredentials { trunk_sid: sid }, &config, &body),
        8 => run(List::<PhoneNumber>::new(query), &config, &body),
        9 => run(List::<WhitelistedIp>::new(query), &config, &body),
        _ => run(List::<DestinationUri>::new(query), &config, &body),
    }
}
