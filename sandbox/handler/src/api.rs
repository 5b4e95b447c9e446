//! The Exotel API itself: routing, auth, validation, state changes and envelopes.
//!
//! Rules come from the core's validators (no rule exists twice); this module only
//! adds what the server says about them: its codes and its descriptions.

use base64::Engine as _;
use exotel_sip::validate;
use exotel_sip::{Error, Header, HttpResponse};
use serde_json::{json, Map, Value};

use crate::state::{
    DestinationRecord, PhoneNumberRecord, SettingRecord, State, TrunkRecord, WhitelistedIpRecord,
};
use crate::time::iso8601;

/// Page size when the request gives none (as in the reference's metadata).
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// NSO codes the sandbox knows (the live server checks a list; `ANY-ANY` is the standard one).
pub const KNOWN_NSO_CODES: [&str; 1] = [validate::DEFAULT_NSO_CODE];

/// The `message` of each Exotel code.
fn code_message(code: u32) -> &'static str {
    match code {
        1000 => "Not Found",
        1001 => "Mandatory Parameter missing",
        1002 => "Invalid parameter",
        1003 => "Authorization failed",
        1007 => "Invalid request body, failed parsing",
        1008 => "Duplicate resource",
        1010 => "Authorization failed",
        1011 => "unsupported content type",
        _ => "Error",
    }
}

/// The live server's description of a failed rule (server-rules.md).
fn rule_description(field: &str) -> &'static str {
    match field {
        "trunk_name" => "Allowed characters for TrunkName is alphanumeric and _",
        "domain_name" => "Domain name should end with .pstn.exotel.com",
        "nso_code" => "Nso code is invalid",
        "ip" => "Invalid ip",
        "mask" => "mask should be in-between 16 and 32",
        "mode" => "Invalid mode",
        f if f.starts_with("destinations") => "Destination is not a valid Ip or Fqdn",
        _ => "Invalid PhoneNumber",
    }
}

fn description_of(err: &Error) -> String {
    match err {
        Error::Validation { field, rule, .. } if field == "trunk_name" && rule == "max_length" => {
            "Maximum allowed length for TrunkName is 16".to_owned()
        }
        Error::Validation { field, .. } => rule_description(field).to_owned(),
        other => other.to_string(),
    }
}

/// A failure answer: HTTP status, inner code, Exotel code, description.
pub(crate) struct Failure {
    http: u16,
    inner: u16,
    code: u32,
    description: String,
}

impl Failure {
    fn new(http: u16, code: u32, description: impl Into<String>) -> Self {
        Failure {
            http,
            inner: http,
            code,
            description: description.into(),
        }
    }
    fn not_found() -> Self {
        Failure::new(404, 1000, "Not Found")
    }
    fn mandatory(what: &str) -> Self {
        Failure::new(400, 1001, format!("{what} is mandatory"))
    }
    fn invalid(err: &Error) -> Self {
        Failure::new(400, 1002, description_of(err))
    }
    fn body() -> Self {
        Failure::new(400, 1007, "Invalid request body, failed parsing")
    }
    /// The documented quirk: HTTP 200 carrying an inner 409.
    fn duplicate_in_200(description: String) -> Self {
        Failure {
            http: 200,
            inner: 409,
            code: 1008,
            description,
        }
    }
}

type Answer = Result<(u16, Value), Failure>;

fn json_headers() -> Vec<Header> {
    vec![Header::new("Content-Type", "application/json")]
}

fn item_ok(data: Value) -> Value {
    json!({"code": 200, "error_data": null, "status": "success", "data": data})
}

fn item_err(inner: u16, code: u32, description: &str) -> Value {
    json!({
        "code": inner,
        "error_data": {"code": code, "message": code_message(code), "description": description},
        "status": "failure",
        "data": null
    })
}

/// An error envelope.
pub(crate) fn failure_response(state: &mut State, method: &str, failure: &Failure) -> HttpResponse {
    let body = json!({
        "request_id": state.new_request_id(),
        "method": method,
        "http_code": failure.http,
        "response": item_err(failure.inner, failure.code, &failure.description),
    });
    HttpResponse::new(failure.http, json_headers(), body.to_string())
}

/// The 429 answer (sandbox/ASSUMPTIONS.md: its body is an envelope without a code).
pub(crate) fn rate_limited(
    state: &mut State,
    method: &str,
    retry_after_s: u64,
    why: &str,
) -> HttpResponse {
    let body = json!({
        "request_id": state.new_request_id(),
        "method": method,
        "http_code": 429,
        "response": {
            "code": 429,
            "error_data": {"code": null, "message": "Too Many Requests", "description": why},
            "status": "failure",
            "data": null
        }
    });
    let mut headers = json_headers();
    headers.push(Header::new("Retry-After", retry_after_s.to_string()));
    HttpResponse::new(429, headers, body.to_string())
}

/// An error envelope for an injected status fault.
pub(crate) fn status_fault(
    state: &mut State,
    method: &str,
    status: u16,
    code: Option<u32>,
    description: Option<String>,
) -> HttpResponse {
    let description = description.unwrap_or_else(|| format!("Injected HTTP {status}"));
    let body = json!({
        "request_id": state.new_request_id(),
        "method": method,
        "http_code": status,
        "response": {
            "code": status,
            "error_data": {"code": code, "message": code.map(code_message), "description": description},
            "status": "failure",
            "data": null
        }
    });
    HttpResponse::new(status, json_headers(), body.to_string())
}

/// Parsed `path?query`.
pub(crate) struct Target<'a> {
    pub(crate) segments: Vec<&'a str>,
    pub(crate) query: Vec<(String, String)>,
}

pub(crate) fn parse_target(target: &str) -> Target<'_> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let segments = path.split('/').filter(|s| !s.is_empty()).collect();
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    Target { segments, query }
}

fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn authorized(state: &State, headers: &[Header]) -> bool {
    let Some(value) = exotel_sip::http::find_header(headers, "authorization") else {
        return false;
    };
    let Some((scheme, encoded)) = value.trim().split_once(' ') else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return false;
    }
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let expected = format!("{}:{}", state.config.api_key, state.config.api_token);
    decoded == expected.as_bytes()
}

fn content_type_error(headers: &[Header]) -> Option<Failure> {
    let received = exotel_sip::http::find_header(headers, "content-type").unwrap_or("");
    let media = received.split(';').next().unwrap_or("").trim();
    if media.eq_ignore_ascii_case("application/json") {
        return None;
    }
    let shown = if received.trim().is_empty() {
        "none"
    } else {
        received.trim()
    };
    Some(Failure::new(
        415,
        1011,
        format!("Content type '{shown}' is not supported, use application/json"),
    ))
}

fn parse_body(body: &str) -> Result<Map<String, Value>, Failure> {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Failure::body()),
    }
}

/// A string field: absent, `null` or empty is `None`; another JSON type fails decoding (1007).
fn text_field(body: &Map<String, Value>, key: &str) -> Result<Option<String>, Failure> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Failure::body()),
    }
}

fn required_text(body: &Map<String, Value>, key: &str, what: &str) -> Result<String, Failure> {
    text_field(body, key)?.ok_or_else(|| Failure::mandatory(what))
}

fn ip_to_u32(ip: &str) -> Option<u32> {
    let mut value = 0u32;
    for octet in ip.split('.') {
        value = (value << 8) | u32::from(octet.parse::<u8>().ok()?);
    }
    Some(value)
}

fn in_cidr(ip: &str, net: &str, mask: u32) -> bool {
    let bits = if mask == 0 {
        0
    } else {
        u32::MAX << (32 - mask.min(32))
    };
    matches!((ip_to_u32(ip), ip_to_u32(net)), (Some(a), Some(b)) if a & bits == b & bits)
}

fn account_path(state: &State) -> String {
    format!("/v2/accounts/{}", state.config.account_sid)
}

fn trunk_json(state: &State, t: &TrunkRecord) -> Value {
    let base = format!("{}/trunks/{}", account_path(state), t.sid);
    json!({
        "trunk_name": t.name,
        "date_created": iso8601(t.created_ms),
        "date_updated": iso8601(t.updated_ms),
        "trunk_sid": t.sid,
        "status": "active",
        "domain_name": t.domain_name,
        "auth_type": "IP-WHITELIST",
        "registration_enabled": "disabled",
        "edge_preference": "auto",
        "nso_code": t.nso_code,
        "secure_trunking": "disabled",
        "destination_uris": format!("{base}/destination-uris"),
        "whitelisted_ips": format!("{base}/whitelisted-ips"),
        "credentials": format!("{base}/credentials"),
        "phone_numbers": format!("{base}/phone-numbers"),
    })
}

fn phone_json(sid: &str, p: &PhoneNumberRecord) -> Value {
    json!({
        "id": p.id.to_string(),
        "phone_number": p.phone_number,
        "trunk_sid": sid,
        "date_created": iso8601(p.created_ms),
        "date_updated": iso8601(p.updated_ms),
        "mode": p.mode,
    })
}

fn ip_json(sid: &str, w: &WhitelistedIpRecord) -> Value {
    json!({
        "id": w.id.to_string(),
        "mask": w.mask,
        "trunk_sid": sid,
        "ip": w.ip,
        "friendly_name": null,
        "date_created": iso8601(w.created_ms),
        "date_updated": iso8601(w.updated_ms),
    })
}

fn destination_json(sid: &str, d: &DestinationRecord) -> Value {
    json!({
        "id": d.id.to_string(),
        "destination": d.destination,
        "date_created": iso8601(d.created_ms),
        "date_updated": iso8601(d.updated_ms),
        "type": "public",
        "priority": 0,
        "weight": 1,
        "trunk_sid": sid,
    })
}

fn setting_json(sid: &str, s: &SettingRecord) -> Value {
    json!({
        "name": s.name,
        "value": s.value,
        "trunk_sid": sid,
        "date_created": iso8601(s.created_ms),
        "date_updated": iso8601(s.updated_ms),
    })
}

/// Handles one authenticated-or-not API request. Control paths never get here.
pub(crate) fn handle(
    state: &mut State,
    now_ms: u64,
    method: &str,
    target: &str,
    headers: &[Header],
    body: &str,
) -> HttpResponse {
    let method_upper = method.to_ascii_uppercase();
    let result = route(state, now_ms, &method_upper, target, headers, body);
    match result {
        Ok((status, envelope_tail)) => {
            let mut envelope = Map::new();
            envelope.insert("request_id".into(), json!(state.new_request_id()));
            envelope.insert("method".into(), json!(method_upper));
            envelope.insert("http_code".into(), json!(status));
            if let Value::Object(tail) = envelope_tail {
                envelope.extend(tail);
            }
            HttpResponse::new(status, json_headers(), Value::Object(envelope).to_string())
        }
        Err(failure) => failure_response(state, &method_upper, &failure),
    }
}

fn single(data: Value) -> Answer {
    Ok((200, json!({ "response": item_ok(data) })))
}

fn route(
    state: &mut State,
    now: u64,
    method: &str,
    target: &str,
    headers: &[Header],
    body: &str,
) -> Answer {
    if !authorized(state, headers) {
        return Err(Failure::new(
            401,
            1010,
            "Authorization failed: wrong API key or token",
        ));
    }
    let t = parse_target(target);
    let segments = t.segments.as_slice();
    let account = match segments {
        ["v2", "accounts", account, "trunks", ..] => *account,
        _ => return Err(Failure::not_found()),
    };
    if account != state.config.account_sid {
        // sandbox/ASSUMPTIONS.md: the credentials do not grant another account.
        return Err(Failure::new(
            401,
            1010,
            "Authorization failed for this account",
        ));
    }
    let has_body = matches!(method, "POST" | "PUT");
    if has_body {
        if let Some(err) = content_type_error(headers) {
            return Err(err);
        }
    }
    match (method, segments.get(4..).unwrap_or(&[])) {
        ("POST", []) => create_trunk(state, now, &parse_body(body)?),
        ("DELETE", []) => delete_trunk(state, &t.query),
        (_, [sid, rest @ ..]) => {
            let sid = (*sid).to_owned();
            if !state.trunks.contains_key(&sid) {
                return Err(Failure::not_found());
            }
            match (method, rest) {
                ("POST", ["phone-numbers"]) => {
                    map_phone_number(state, now, &sid, &parse_body(body)?)
                }
                ("GET", ["phone-numbers"]) => list(state, &sid, "phone-numbers", &t.query),
                ("PUT", ["phone-numbers", id]) => {
                    update_mode(state, now, &sid, id, &parse_body(body)?)
                }
                ("POST", ["whitelisted-ips"]) => whitelist_ip(state, now, &sid, &parse_body(body)?),
                ("GET", ["whitelisted-ips"]) => list(state, &sid, "whitelisted-ips", &t.query),
                ("POST", ["destination-uris"]) => {
                    add_destinations(state, now, &sid, &parse_body(body)?)
                }
                ("GET", ["destination-uris"]) => list(state, &sid, "destination-uris", &t.query),
                ("POST", ["settings"]) => set_settings(state, now, &sid, &parse_body(body)?),
                ("GET", ["credentials"]) => credentials(state, &sid),
                _ => Err(Failure::not_found()),
            }
        }
        _ => Err(Failure::not_found()),
    }
}

fn create_trunk(state: &mut State, now: u64, body: &Map<String, Value>) -> Answer {
    let name = required_text(body, "trunk_name", "TrunkName")?;
    let nso_code = required_text(body, "nso_code", "NsoCode")?;
    let domain_name = required_text(body, "domain_name", "DomainName")?;
    validate::trunk_name("trunk_name", &name).map_err(|e| Failure::invalid(&e))?;
    validate::nso_code("nso_code", &nso_code).map_err(|e| Failure::invalid(&e))?;
    if !KNOWN_NSO_CODES.contains(&nso_code.as_str()) {
        return Err(Failure::new(400, 1002, "Nso code is invalid"));
    }
    validate::domain_name("domain_name", &domain_name).map_err(|e| Failure::invalid(&e))?;
    if state.trunks.values().any(|t| t.name == name) {
        return Err(Failure::new(
            409,
            1008,
            format!("Trunk with name '{name}' already exists"),
        ));
    }
    let sid = state.new_trunk_sid();
    let record = TrunkRecord {
        sid: sid.clone(),
        name,
        nso_code,
        domain_name,
        created_ms: now,
        updated_ms: now,
        phone_numbers: Vec::new(),
        whitelisted_ips: Vec::new(),
        destinations: Vec::new(),
        settings: Vec::new(),
    };
    let data = trunk_json(state, &record);
    state.trunks.insert(sid, record);
    single(data)
}

fn delete_trunk(state: &mut State, query: &[(String, String)]) -> Answer {
    let sid = query
        .iter()
        .find(|(k, _)| k == "trunk_sid")
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Failure::mandatory("TrunkSid"))?;
    match state.trunks.remove(&sid) {
        // Cascade: the record owns its numbers, IPs, destinations and settings.
        Some(record) => single(trunk_json(state, &record)),
        // sandbox/ASSUMPTIONS.md: an unknown SID on delete answers 403 / 1003.
        None => Err(Failure::new(403, 1003, "Authorization failed")),
    }
}

fn trunk_mut<'a>(state: &'a mut State, sid: &str) -> Result<&'a mut TrunkRecord, Failure> {
    state.trunks.get_mut(sid).ok_or_else(Failure::not_found)
}

fn mode_field(body: &Map<String, Value>) -> Result<Option<String>, Failure> {
    let mode = text_field(body, "mode")?;
    if let Some(m) = &mode {
        validate::mode("mode", Some(m)).map_err(|e| Failure::invalid(&e))?;
    }
    Ok(mode)
}

fn map_phone_number(state: &mut State, now: u64, sid: &str, body: &Map<String, Value>) -> Answer {
    let number = required_text(body, "phone_number", "PhoneNumber")?;
    validate::e164("phone_number", &number).map_err(|e| Failure::invalid(&e))?;
    let mode = mode_field(body)?;
    // sandbox/ASSUMPTIONS.md: a number maps to one trunk of the account at most.
    if state
        .trunks
        .values()
        .any(|t| t.phone_numbers.iter().any(|p| p.phone_number == number))
    {
        return Err(Failure::duplicate_in_200(format!(
            "Unable to create DidTrunkMapping with TrunkSid {sid}"
        )));
    }
    let id = state.next_phone_number_id;
    state.next_phone_number_id += 1;
    let record = PhoneNumberRecord {
        id,
        phone_number: number,
        mode,
        created_ms: now,
        updated_ms: now,
    };
    let data = phone_json(sid, &record);
    trunk_mut(state, sid)?.phone_numbers.push(record);
    single(data)
}

fn update_mode(
    state: &mut State,
    now: u64,
    sid: &str,
    id: &str,
    body: &Map<String, Value>,
) -> Answer {
    let number = required_text(body, "phone_number", "PhoneNumber")?;
    let mode = required_text(body, "mode", "Mode")?;
    validate::e164("phone_number", &number).map_err(|e| Failure::invalid(&e))?;
    validate::mode("mode", Some(&mode)).map_err(|e| Failure::invalid(&e))?;
    let trunk = trunk_mut(state, sid)?;
    let record = trunk
        .phone_numbers
        .iter_mut()
        .find(|p| p.id.to_string() == id)
        .ok_or_else(Failure::not_found)?;
    if record.phone_number != number {
        return Err(Failure::new(
            400,
            1002,
            "PhoneNumber does not match the mapping id",
        ));
    }
    record.mode = Some(mode);
    record.updated_ms = now;
    let data = phone_json(sid, record);
    single(data)
}

fn whitelist_ip(state: &mut State, now: u64, sid: &str, body: &Map<String, Value>) -> Answer {
    let ip = required_text(body, "ip", "Ip")?;
    let mask = match body.get("mask") {
        None | Some(Value::Null) => validate::DEFAULT_MASK,
        // A negative or fractional mask fails JSON decoding (1007), as on the live server.
        Some(v) => v
            .as_u64()
            .and_then(|m| u32::try_from(m).ok())
            .ok_or_else(Failure::body)?,
    };
    validate::ipv4("ip", &ip).map_err(|e| Failure::invalid(&e))?;
    validate::mask("mask", mask).map_err(|e| Failure::invalid(&e))?;
    let trunk = trunk_mut(state, sid)?;
    if trunk.whitelisted_ips.iter().any(|w| w.ip == ip) {
        return Err(Failure::duplicate_in_200(format!(
            "Unable to Whitelist-ip with ip {ip}"
        )));
    }
    let id = state.next_whitelisted_ip_id;
    state.next_whitelisted_ip_id += 1;
    let record = WhitelistedIpRecord {
        id,
        ip,
        mask,
        created_ms: now,
        updated_ms: now,
    };
    let data = ip_json(sid, &record);
    trunk_mut(state, sid)?.whitelisted_ips.push(record);
    single(data)
}

fn batch_answer(
    items: Vec<Value>,
    failed: usize,
    total: usize,
    include_failed_always: bool,
) -> Answer {
    let status = if failed > 0 { 207 } else { 200 };
    let mut metadata = json!({"total": total, "success": total - failed});
    if let (true, Some(fields)) = (
        include_failed_always || failed > 0,
        metadata.as_object_mut(),
    ) {
        fields.insert("failed".into(), json!(failed));
    }
    Ok((status, json!({"metadata": metadata, "response": items})))
}

fn array_field<'a>(
    body: &'a Map<String, Value>,
    key: &str,
    what: &str,
) -> Result<&'a Vec<Value>, Failure> {
    match body.get(key) {
        None | Some(Value::Null) => Err(Failure::mandatory(what)),
        Some(Value::Array(items)) if items.is_empty() => Err(Failure::mandatory(what)),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(Failure::body()),
    }
}

fn add_destinations(state: &mut State, now: u64, sid: &str, body: &Map<String, Value>) -> Answer {
    let items = array_field(body, "destinations", "Destinations")?.clone();
    let mut results = Vec::with_capacity(items.len());
    let mut failed = 0;
    for (i, item) in items.iter().enumerate() {
        let outcome = destination_item(state, now, sid, i, item);
        if outcome.get("status").and_then(Value::as_str) != Some("success") {
            failed += 1;
        }
        results.push(outcome);
    }
    batch_answer(results, failed, items.len(), true)
}

fn destination_item(state: &mut State, now: u64, sid: &str, index: usize, item: &Value) -> Value {
    let raw = match item.get("destination") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return item_err(400, 1001, "Destination is mandatory")
        }
        Some(_) => return item_err(400, 1007, "Invalid request body, failed parsing"),
    };
    let field = format!("destinations[{index}].destination");
    let parsed = match validate::destination(&field, &raw) {
        Ok(parsed) => parsed,
        Err(err) => return item_err(400, 1002, &description_of(&err)),
    };
    let Some(trunk) = state.trunks.get(sid) else {
        return item_err(404, 1000, "Not Found");
    };
    if parsed.host_is_ip
        && !trunk
            .whitelisted_ips
            .iter()
            .any(|w| in_cidr(parsed.host, &w.ip, w.mask))
    {
        return item_err(400, 1002, "Destination not whitelisted");
    }
    let stored = format!("sip:{}", parsed.wire);
    if trunk.destinations.iter().any(|d| d.destination == stored) {
        // sandbox/ASSUMPTIONS.md: an existing destination fails its item with 409 / 1008.
        return item_err(409, 1008, "Destination already exists");
    }
    let id = state.next_destination_id;
    state.next_destination_id += 1;
    let record = DestinationRecord {
        id,
        destination: stored,
        created_ms: now,
        updated_ms: now,
    };
    let data = destination_json(sid, &record);
    if let Some(trunk) = state.trunks.get_mut(sid) {
        trunk.destinations.push(record);
    }
    item_ok(data)
}

fn set_settings(state: &mut State, now: u64, sid: &str, body: &Map<String, Value>) -> Answer {
    let items = array_field(body, "settings", "Settings")?.clone();
    let mut results = Vec::with_capacity(items.len());
    let mut failed = 0;
    for (i, item) in items.iter().enumerate() {
        let outcome = setting_item(state, now, sid, i, item);
        if outcome.get("status").and_then(Value::as_str) != Some("success") {
            failed += 1;
        }
        results.push(outcome);
    }
    batch_answer(results, failed, items.len(), false)
}

fn setting_item(state: &mut State, now: u64, sid: &str, index: usize, item: &Value) -> Value {
    let text = |key: &str| match item.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
        Some(Value::String(_)) | None | Some(Value::Null) => Ok(None),
        Some(_) => Err(()),
    };
    let (name, value) = match (text("name"), text("value")) {
        (Ok(Some(n)), Ok(Some(v))) => (n, v),
        (Err(()), _) | (_, Err(())) => {
            return item_err(400, 1007, "Invalid request body, failed parsing")
        }
        (Ok(None), _) => return item_err(400, 1001, "Name is mandatory"),
        (_, Ok(None)) => return item_err(400, 1001, "Value is mandatory"),
    };
    if name != exotel_sip::TRUNK_EXTERNAL_ALIAS {
        // sandbox/ASSUMPTIONS.md: the only documented setting is the caller-ID alias.
        return item_err(400, 1002, "Invalid setting name");
    }
    if let Err(err) = validate::setting(index, &name, &value) {
        return item_err(400, 1002, &description_of(&err));
    }
    let Some(trunk) = state.trunks.get_mut(sid) else {
        return item_err(404, 1000, "Not Found");
    };
    let record = match trunk.settings.iter_mut().find(|s| s.name == name) {
        Some(existing) => {
            existing.value = value;
            existing.updated_ms = now;
            existing.clone()
        }
        None => {
            let record = SettingRecord {
                name,
                value,
                created_ms: now,
                updated_ms: now,
            };
            trunk.settings.push(record.clone());
            record
        }
    };
    item_ok(setting_json(sid, &record))
}

fn credentials(state: &mut State, sid: &str) -> Answer {
    // Undocumented shape (sandbox/ASSUMPTIONS.md): the PBX-side facts of server-rules.md.
    let host = format!("{}.pstn.exotel.com", state.config.account_sid);
    single(json!({
        "trunk_sid": sid,
        "username": sid,
        "sip_server": host,
        "ports": {"tcp": 5070, "tls": 443},
        "auth_type": "IP-WHITELIST",
    }))
}

fn query_number(query: &[(String, String)], key: &str, default: u32) -> Result<u32, Failure> {
    match query.iter().find(|(k, _)| k == key) {
        None => Ok(default),
        Some((_, v)) => v
            .parse::<u32>()
            .map_err(|_| Failure::new(400, 1002, format!("Invalid {key}"))),
    }
}

fn list(state: &mut State, sid: &str, resource: &str, query: &[(String, String)]) -> Answer {
    let offset = query_number(query, "offset", 0)?;
    let page_size = query_number(query, "page_size", DEFAULT_PAGE_SIZE)?;
    validate::page_size("page_size", page_size)
        .map_err(|_| Failure::new(400, 1002, "Invalid page_size"))?;
    let trunk = state.trunks.get(sid).ok_or_else(Failure::not_found)?;
    // sandbox/ASSUMPTIONS.md: newest first, as the reference's destination list shows.
    let all: Vec<Value> = match resource {
        "phone-numbers" => trunk
            .phone_numbers
            .iter()
            .rev()
            .map(|p| phone_json(sid, p))
            .collect(),
        "whitelisted-ips" => trunk
            .whitelisted_ips
            .iter()
            .rev()
            .map(|w| ip_json(sid, w))
            .collect(),
        _ => trunk
            .destinations
            .iter()
            .rev()
            .map(|d| destination_json(sid, d))
            .collect(),
    };
    let total = u32::try_from(all.len()).unwrap_or(u32::MAX);
    let uri = |offset: u32| {
        format!(
            "{}/trunks/{sid}/{resource}?offset={offset}&page_size={page_size}",
            account_path(state)
        )
    };
    let items: Vec<Value> = all
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(page_size).unwrap_or(usize::MAX))
        .map(item_ok)
        .collect();
    let next = offset.checked_add(page_size).filter(|n| *n < total);
    let prev = (offset > 0).then(|| offset.saturating_sub(page_size));
    let metadata = json!({
        "page_size": page_size,
        "first_page_uri": uri(0),
        "prev_page_uri": prev.map(uri),
        "next_page_uri": next.map(uri),
    });
    Ok((200, json!({"metadata": metadata, "response": items})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_containment() {
        assert!(in_cidr("44.248.146.11", "44.248.146.11", 32));
        assert!(!in_cidr("44.248.146.12", "44.248.146.11", 32));
        assert!(in_cidr("44.248.200.1", "44.248.0.0", 16));
        assert!(!in_cidr("44.249.0.1", "44.248.0.0", 16));
    }

    #[test]
    fn decodes_query_values() {
        assert_eq!(percent_decode("tr%20x+y"), "tr x y");
        assert_eq!(percent_decode("bad%zz"), "bad%zz");
    }
}
