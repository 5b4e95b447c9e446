//! Validators and request builders on any input: no panic; a refusal is a
//! validation error naming a field; an accepted input builds a request whose URL
//! is clean and secret-free and whose body is JSON.
#![no_main]

use exotel_sip::models::PhoneNumber;
use exotel_sip::ops::{
    AddDestinations, CreateTrunk, DeleteTrunk, GetTrunkCredentials, List, ListQuery,
    MapPhoneNumber, SetTrunkSettings, UpdatePhoneNumberMode, WhitelistIp,
};
use exotel_sip::{Config, Credentials, Endpoint, Error, Mode, Operation, SettingInput};
use exotel_sip_fuzz::*;
use libfuzzer_sys::fuzz_target;

/// Whether the fuzzed input itself holds a secret: then a URL built from it
/// holds it too (a page URI, a path segment), by the caller's doing.
static CALLER_SECRET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn build<O: Operation>(op: &O, config: &Config) {
    match op.request(config) {
        Ok(request) => {
            assert!(
                request.url.bytes().all(|b| b.is_ascii_graphic()),
                "an unclean URL: {:?}",
                request.url
            );
            if !CALLER_SECRET.load(std::sync::atomic::Ordering::Relaxed) {
                assert_no_secret("a URL", &request.url);
            }
            if let Some(body) = &request.body {
                assert!(
                    serde_json::from_str::<serde_json::Value>(body).is_ok(),
                    "{body}"
                );
            }
            assert_no_secret("a request's Debug", &format!("{request:?}"));
        }
        Err(err) => {
            check_error(&err);
            assert!(
                matches!(&err, Error::Validation { field, rule, .. } if !field.is_empty() && !rule.is_empty()),
                "a refusal that is not a validation error: {err:?}"
            );
        }
    }
}

fn mode(s: &str) -> Mode {
    match s {
        "pstn" => Mode::Pstn,
        "flow" => Mode::Flow,
        "" => Mode::Unset,
        other => Mode::Other {
            value: other.to_owned(),
        },
    }
}

fuzz_target!(|data: &[u8]| {
    let p: Vec<String> = parts(data, 6).into_iter().map(text).collect();
    let s = |i: usize| p.get(i).cloned().unwrap_or_default();
    let n = |i: usize| {
        s(i).bytes().fold(0u32, |acc, b| {
            acc.wrapping_mul(31).wrapping_add(u32::from(b))
        })
    };
    let holds_secret = |t: &str| t.contains(TOKEN) || t.contains(BASIC);
    CALLER_SECRET.store(
        p.iter().any(|t| holds_secret(t)),
        std::sync::atomic::Ordering::Relaxed,
    );
    let config = config();
    // One builder per input (the last byte picks it).
    match data.last().copied().unwrap_or(0) % 14 {
        0 => {
            // The configuration from fuzzed credentials and base URL. A key or an
            // account SID that holds the token is the caller's doing: the SID must
            // be in the URL, the key in the header, so no secret check applies.
            if holds_secret(&s(1)) {
                return;
            }
            // The key stays KEY, so BASIC is exactly this configuration's secret.
            if let Ok(credentials) = Credentials::new(KEY, TOKEN, s(1)) {
                assert_no_secret("Credentials' Debug", &format!("{credentials:?}"));
                match Config::new(credentials, Endpoint::BaseUrl(s(2))) {
                    Ok(config) => build(
                        &DeleteTrunk {
                            trunk_sid: SID.into(),
                        },
                        &config,
                    ),
                    Err(err) => check_error(&err),
                }
            }
        }
        1 => build(
            &CreateTrunk {
                trunk_name: s(0),
                nso_code: Some(s(1)),
                domain_name: Some(s(2)),
            },
            &config,
        ),
        2 => build(
            &CreateTrunk {
                trunk_name: s(0),
                nso_code: None,
                domain_name: None,
            },
            &config,
        ),
        3 => build(&DeleteTrunk { trunk_sid: s(0) }, &config),
        4 => build(
            &MapPhoneNumber {
                trunk_sid: SID.into(),
                phone_number: s(1),
                mode: Some(mode(&s(2))),
            },
            &config,
        ),
        5 => build(
            &UpdatePhoneNumberMode {
                trunk_sid: s(0),
                phone_number_id: s(1),
                phone_number: s(2),
                mode: mode(&s(3)),
            },
            &config,
        ),
        6 => build(
            &WhitelistIp {
                trunk_sid: SID.into(),
                ip: s(1),
                mask: Some(n(2) % 40),
            },
            &config,
        ),
        7 => build(
            &WhitelistIp {
                trunk_sid: SID.into(),
                ip: s(1),
                mask: Some(n(2)),
            },
            &config,
        ),
        8 => build(
            &AddDestinations {
                trunk_sid: SID.into(),
                destinations: p.clone(),
            },
            &config,
        ),
        9 => build(
            &AddDestinations {
                trunk_sid: SID.into(),
                destinations: vec![s(1)],
            },
            &config,
        ),
        10 => {
            let settings = p.chunks(2).map(|c| SettingInput {
                name: c.first().cloned().unwrap_or_default(),
                value: c.get(1).cloned().unwrap_or_default(),
            });
            build(
                &SetTrunkSettings {
                    trunk_sid: SID.into(),
                    settings: settings.collect(),
                },
                &config,
            )
        }
        11 => build(&GetTrunkCredentials { trunk_sid: s(0) }, &config),
        12 => build(
            &List::<PhoneNumber>::new(ListQuery {
                trunk_sid: s(0),
                offset: Some(n(1)),
                page_size: Some(n(2)),
            }),
            &config,
        ),
        _ => build(&List::<PhoneNumber>::following(s(3)), &config),
    }
});
