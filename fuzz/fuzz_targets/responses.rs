//! Every operation's response reader on any response: no panic, no secret and
//! no line break in any error, whatever the server sends.
#![no_main]

use exotel_sip::envelope::retry_after_ms;
use exotel_sip::models::{DestinationUri, PhoneNumber, WhitelistedIp};
use exotel_sip::ops::{
    AddDestinations, CreateTrunk, DeleteTrunk, GetTrunkCredentials, List, ListQuery,
    MapPhoneNumber, SetTrunkSettings, UpdatePhoneNumberMode, WhitelistIp,
};
use exotel_sip::{Header, HttpResponse, Mode, Operation, ServerLimits, SettingInput};
use exotel_sip_fuzz::*;
use libfuzzer_sys::fuzz_target;

/// `$T`, `$K` and `$B` in the input stand for the token, `key:token` and its
/// base64 form, so the fuzzer can echo secrets without guessing them.
fn with_secrets(text: &str) -> String {
    text.replace("$T", TOKEN)
        .replace("$K", &format!("{KEY}:{TOKEN}"))
        .replace("$B", BASIC)
}

fn check<O: Operation>(op: &O, config: &exotel_sip::Config, response: &HttpResponse) {
    if let Err(err) = op.response(config, response) {
        check_error(&err);
    }
}

fuzz_target!(|data: &[u8]| {
    let p = parts(data, 3);
    let status = match p.first() {
        Some([a, b, ..]) => 100 + u16::from_le_bytes([*a, *b]) % 500,
        _ => 200,
    };
    let headers: Vec<Header> = p
        .get(1)
        .map(|h| text(h))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| Header::new(n.trim(), with_secrets(v.trim())))
        .collect();
    let body = with_secrets(&p.get(2).map(|b| text(b)).unwrap_or_default());
    let response = HttpResponse::new(status, headers, body);
    let config = config();
    let sid = || SID.to_owned();
    let n = usize::from(status % 3) + 1;
    // One reader per input (the first byte picks it): many more inputs a second.
    match p.first().and_then(|b| b.first()).copied().unwrap_or(0) % 12 {
        0 => check(
            &CreateTrunk {
                trunk_name: "t".into(),
                nso_code: None,
                domain_name: None,
            },
            &config,
            &response,
        ),
        1 => check(&DeleteTrunk { trunk_sid: sid() }, &config, &response),
        2 => check(
            &MapPhoneNumber {
                trunk_sid: sid(),
                phone_number: "+918040264201".into(),
                mode: Some(Mode::Flow),
            },
            &config,
            &response,
        ),
        3 => check(
            &UpdatePhoneNumberMode {
                trunk_sid: sid(),
                phone_number_id: "41512".into(),
                phone_number: "+918040264201".into(),
                mode: Mode::Pstn,
            },
            &config,
            &response,
        ),
        4 => check(
            &WhitelistIp {
                trunk_sid: sid(),
                ip: "10.0.0.1".into(),
                mask: None,
            },
            &config,
            &response,
        ),
        5 => {
            let destinations = (0..n).map(|i| format!("10.0.0.{i}:5060")).collect();
            check(
                &AddDestinations {
                    trunk_sid: sid(),
                    destinations,
                },
                &config,
                &response,
            )
        }
        6 => {
            let settings = (0..n)
                .map(|i| SettingInput {
                    name: format!("s{i}"),
                    value: "v".into(),
                })
                .collect();
            check(
                &SetTrunkSettings {
                    trunk_sid: sid(),
                    settings,
                },
                &config,
                &response,
            )
        }
        7 => check(
            &GetTrunkCredentials { trunk_sid: sid() },
            &config,
            &response,
        ),
        8 => check(
            &List::<PhoneNumber>::new(ListQuery {
                trunk_sid: sid(),
                offset: Some(50),
                page_size: Some(50),
            }),
            &config,
            &response,
        ),
        9 => check(
            &List::<WhitelistedIp>::new(ListQuery::new(sid())),
            &config,
            &response,
        ),
        10 => check(
            &List::<DestinationUri>::new(ListQuery::new(sid())),
            &config,
            &response,
        ),
        _ => {
            let uri = format!(
                "/v2/accounts/{ACCOUNT}/trunks/{SID}/phone-numbers?offset=100&page_size=50"
            );
            check(&List::<PhoneNumber>::following(uri), &config, &response)
        }
    }
    let _ = retry_after_ms(&response);
    let _ = ServerLimits::from_response(&response);
});
