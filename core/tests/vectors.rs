#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // test code asserts bluntly
//! Replays every shared vector under `tests/vectors/` through the public API.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use exotel_sip::ops::{
    AddDestinations, CreateTrunk, DeleteTrunk, GetTrunkCredentials, List, ListQuery,
    MapPhoneNumber, SetTrunkSettings, UpdatePhoneNumberMode, WhitelistIp,
};
use exotel_sip::{
    Config, Credentials, DestinationUri, Endpoint, Error, Header, HttpResponse, Mode, Operation,
    PhoneNumber, Region, SettingInput, WhitelistedIp,
};
use serde::Serialize;
use serde_json::{json, Value};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn str_field(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn opt_str(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn opt_u32(v: &Value, key: &str) -> Option<u32> {
    v.get(key)
        .and_then(Value::as_u64)
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

fn mode_of(v: &Value, key: &str) -> Option<Mode> {
    v.get(key)
        .filter(|m| !m.is_null())
        .map(|m| Mode::from_wire(m.as_str()))
}

fn query_of(input: &Value) -> ListQuery {
    ListQuery {
        trunk_sid: str_field(input, "trunk_sid"),
        offset: opt_u32(input, "offset"),
        page_size: opt_u32(input, "page_size"),
    }
}

/// Builds the configuration of a case; `Err` is a validation error to compare.
fn config_of(case_config: Option<&Value>) -> Result<Config, Error> {
    let default = json!({"account_sid": "ameyo5m", "api_key": "test_key", "api_token": "test_token", "region": "singapore"});
    let c = case_config.unwrap_or(&default);
    let credentials = Credentials::new(
        str_field(c, "api_key"),
        str_field(c, "api_token"),
        str_field(c, "account_sid"),
    )?;
    let endpoint = match (opt_str(c, "base_url"), opt_str(c, "region")) {
        (Some(url), _) => Endpoint::BaseUrl(url),
        (None, Some(region)) => Endpoint::Region(Region::parse(&region)?),
        (None, None) => Endpoint::Region(Region::Singapore),
    };
    let config = Config::new(credentials, endpoint)?;
    Ok(match opt_u32(c, "timeout_ms") {
        Some(ms) => config.with_timeout_ms(ms),
        None => config,
    })
}

/// Structural comparison: every expected key must match; the actual value may have
/// extra keys only where they are null (strict) or anywhere (subset).
fn matches(expected: &Value, actual: &Value, strict: bool, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let av = a.get(key).unwrap_or(&Value::Null);
                matches(ev, av, strict, &format!("{path}.{key}"))?;
            }
            if strict {
                for (key, av) in a {
                    if !av.is_null() && !e.contains_key(key) {
                        return Err(format!("{path}.{key}: unexpected value {av}"));
                    }
                }
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} items, got {}",
                    e.len(),
                    a.len()
                ));
            }
            e.iter()
                .zip(a)
                .enumerate()
                .try_for_each(|(i, (ev, av))| matches(ev, av, strict, &format!("{path}[{i}]")))
        }
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => Ok(()),
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

fn check_error(expected: &Value, err: &Error) -> Result<(), String> {
    let actual = serde_json::to_value(err).map_err(|e| e.to_string())?;
    let Value::Object(exp) = expected else {
        return Err("expect.error must be an object".into());
    };
    for (key, ev) in exp {
        match key.as_str() {
            "snippet_contains" => {
                let snippet = actual.get("snippet").and_then(Value::as_str).unwrap_or("");
                let needle = ev.as_str().unwrap_or("");
                if !snippet.contains(needle) {
                    return Err(format!("snippet {snippet:?} lacks {needle:?}"));
                }
            }
            "message" => {
                let text = err.to_string();
                if ev.as_str() != Some(text.as_str()) {
                    return Err(format!("message: expected {ev}, got {text:?}"));
                }
            }
            "created" => matches(
                ev,
                actual.get("created").unwrap_or(&Value::Null),
                true,
                "created",
            )?,
            _ => matches(ev, actual.get(key).unwrap_or(&Value::Null), false, key)?,
        }
    }
    Ok(())
}

fn response_of(r: &Value) -> HttpResponse {
    let status = r.get("status").and_then(Value::as_u64).unwrap_or(0);
    let headers = r
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(k, v)| Header::new(k.clone(), v.as_str().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    let body = match (r.get("body_text"), r.get("body")) {
        (Some(text), _) => text.as_str().unwrap_or_default().to_owned(),
        (None, Some(body)) => body.to_string(),
        (None, None) => String::new(),
    };
    HttpResponse::new(u16::try_from(status).unwrap_or(0), headers, body)
}

fn check_request(expected: &Value, req: &exotel_sip::HttpRequest) -> Result<(), String> {
    let method = str_field(expected, "method");
    if req.method.as_str() != method {
        return Err(format!("method: expected {method}, got {}", req.method));
    }
    let url = str_field(expected, "url");
    if req.url != url {
        return Err(format!("url: expected {url}, got {}", req.url));
    }
    let mut actual: BTreeMap<String, String> = req
        .headers
        .iter()
        .map(|h| (h.name.to_ascii_lowercase(), h.value.clone()))
        .collect();
    let ua = actual.remove("user-agent").ok_or("no User-Agent")?;
    if let Some(pattern) = expected.get("user_agent_pattern").and_then(Value::as_str) {
        let re = regex::Regex::new(pattern).map_err(|e| e.to_string())?;
        if !re.is_match(&ua) {
            return Err(format!("User-Agent {ua:?} does not match {pattern}"));
        }
    }
    let wanted: BTreeMap<String, String> = expected
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(k, v)| {
                    (
                        k.to_ascii_lowercase(),
                        v.as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if wanted != actual {
        return Err(format!("headers: expected {wanted:?}, got {actual:?}"));
    }
    let body: Value = match &req.body {
        Some(b) => serde_json::from_str(b).map_err(|e| format!("body is not JSON: {e}"))?,
        None => Value::Null,
    };
    let expected_body = expected.get("body").unwrap_or(&Value::Null);
    if &body != expected_body {
        return Err(format!("body: expected {expected_body}, got {body}"));
    }
    if let Some(timeout) = expected.get("timeout_ms").and_then(Value::as_u64) {
        if u64::from(req.timeout_ms) != timeout {
            return Err(format!(
                "timeout_ms: expected {timeout}, got {}",
                req.timeout_ms
            ));
        }
    }
    Ok(())
}

fn run_case<O>(op: O, config: &Config, case: &Value) -> Result<(), String>
where
    O: Operation,
    O::Output: Serialize,
{
    let built = op.request(config);
    if let Some(expected_request) = case.get("request") {
        let req = built
            .as_ref()
            .map_err(|e| format!("request not built: {e}"))?;
        check_request(expected_request, req)?;
        if case.get("response").is_none() && case.get("expect").is_none() {
            return Ok(()); // a request-only case
        }
    }
    let expect = case.get("expect").ok_or("case has no expect")?;
    let Some(response) = case.get("response") else {
        // A validation case: the error must come from building the request.
        let err = built
            .err()
            .ok_or("expected a validation error, request was built")?;
        let expected = expect
            .get("error")
            .ok_or("case without response expects no error")?;
        return check_error(expected, &err);
    };
    built.map_err(|e| format!("request not built: {e}"))?;
    let outcome = op.response(config, &response_of(response));
    match (expect.get("result"), expect.get("error"), outcome) {
        (Some(want), None, Ok(got)) => {
            let mut got = serde_json::to_value(&got).map_err(|e| e.to_string())?;
            // Delete Trunk's vectors give the deleted trunk: `DeletedTrunk.trunk`, as
            // every binding's runner reads it.
            if O::NAME == "delete_trunk" {
                got = got.get("trunk").cloned().unwrap_or(Value::Null);
            }
            matches(want, &got, true, "result")
        }
        (None, Some(want), Err(err)) => check_error(want, &err),
        (_, _, Ok(got)) => Err(format!(
            "expected an error, got {}",
            serde_json::to_value(&got).unwrap_or_default()
        )),
        (_, _, Err(err)) => Err(format!("expected a result, got error {err:?}")),
    }
}

fn run_operation_case(operation: &str, case: &Value) -> Result<(), String> {
    let config = match config_of(case.get("config")) {
        Ok(config) => config,
        Err(err) => {
            let expected = case
                .get("expect")
                .and_then(|e| e.get("error"))
                .ok_or(format!("config rejected: {err}"))?;
            return check_error(expected, &err);
        }
    };
    let input = case.get("input").cloned().unwrap_or(Value::Null);
    let sid = str_field(&input, "trunk_sid");
    match operation {
        "create_trunk" => run_case(
            CreateTrunk {
                trunk_name: str_field(&input, "trunk_name"),
                nso_code: opt_str(&input, "nso_code"),
                domain_name: opt_str(&input, "domain_name"),
            },
            &config,
            case,
        ),
        "delete_trunk" => run_case(DeleteTrunk { trunk_sid: sid }, &config, case),
        "map_phone_number" => run_case(
            MapPhoneNumber {
                trunk_sid: sid,
                phone_number: str_field(&input, "phone_number"),
                mode: mode_of(&input, "mode"),
            },
            &config,
            case,
        ),
        "update_phone_number_mode" => run_case(
            UpdatePhoneNumberMode {
                trunk_sid: sid,
                phone_number_id: str_field(&input, "phone_number_id"),
                phone_number: str_field(&input, "phone_number"),
                mode: mode_of(&input, "mode").unwrap_or(Mode::Unset),
            },
            &config,
            case,
        ),
        "whitelist_ip" => run_case(
            WhitelistIp {
                trunk_sid: sid,
                ip: str_field(&input, "ip"),
                mask: opt_u32(&input, "mask"),
            },
            &config,
            case,
        ),
        "add_destinations" => run_case(
            AddDestinations {
                trunk_sid: sid,
                destinations: input
                    .get("destinations")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .map(|d| d.as_str().unwrap_or_default().to_owned())
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            &config,
            case,
        ),
        "set_trunk_settings" => run_case(
            SetTrunkSettings {
                trunk_sid: sid,
                settings: input
                    .get("settings")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .map(|s| SettingInput {
                                name: str_field(s, "name"),
                                value: str_field(s, "value"),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            &config,
            case,
        ),
        "get_trunk_credentials" => run_case(GetTrunkCredentials { trunk_sid: sid }, &config, case),
        "list_phone_numbers" => run_case(List::<PhoneNumber>::new(query_of(&input)), &config, case),
        "list_whitelisted_ips" => {
            run_case(List::<WhitelistedIp>::new(query_of(&input)), &config, case)
        }
        "list_destinations" => {
            run_case(List::<DestinationUri>::new(query_of(&input)), &config, case)
        }
        other => Err(format!("unknown operation {other}")),
    }
}

fn run_config_case(case: &Value) -> Result<(), String> {
    let expect = case.get("expect").ok_or("no expect")?;
    match (
        config_of(case.get("config")),
        expect.get("base_url"),
        expect.get("error"),
    ) {
        (Ok(config), Some(url), None) if url.as_str() == Some(config.base_url()) => Ok(()),
        (Err(err), None, Some(want)) => check_error(want, &err),
        (Ok(config), _, _) => Err(format!("got base_url {}", config.base_url())),
        (Err(err), _, _) => Err(format!("unexpected error {err:?}")),
    }
}

#[test]
fn every_vector_replays() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .flat_map(|dir| {
            std::fs::read_dir(dir.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| Value::String(format!("{}: invalid JSON: {e}", file.display())));
        let folder = file
            .parent()
            .and_then(Path::file_name)
            .and_then(|f| f.to_str())
            .unwrap_or("");
        let operation = doc
            .get("operation")
            .and_then(Value::as_str)
            .unwrap_or(folder);
        let cases = doc
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if cases.is_empty() {
            failures.push(format!("{}: no cases ({doc})", file.display()));
        }
        for case in &cases {
            count += 1;
            let outcome = if folder == "config" {
                run_config_case(case)
            } else {
                run_operation_case(operation, case)
            };
            if let Err(why) = outcome {
                failures.push(format!(
                    "{} / {}: {why}",
                    file.display(),
                    str_field(case, "name")
                ));
            }
        }
    }
    assert!(
        count > 0,
        "no vectors found under {}",
        vectors_dir().display()
    );
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{count} vectors replayed");
}
