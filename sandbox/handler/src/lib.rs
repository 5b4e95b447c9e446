//! A local Exotel SIP trunking API: stateful, faithful, deterministic.
//!
//! The handler is pure: [`begin`] takes the state, the time and a request and
//! returns a [`Ticket`] and an [`Outcome`] (a response with an optional delay, or
//! a dropped connection); [`finish`] is called once the wrapper has written or
//! dropped it, so requests in flight can be counted. Ids come from a seeded
//! generator kept in the state, time from the caller: no clock, no OS
//! randomness, no I/O — so the same handler runs behind the HTTP server, inside
//! any binding's tests, and in a browser.
//!
//! Validation reuses the core's validators; `sandbox/ASSUMPTIONS.md` records every
//! decision taken where the API reference is silent.

#![warn(missing_docs)]

mod api;
pub mod controls;
mod limiter;
mod state;
mod time;
mod transport;

use std::collections::VecDeque;

use exotel_sip::{Header, HttpResponse};
use serde_json::{json, Value};

pub use controls::{Delivery, Fault, LoggedRequest, QueuedFault};
pub use limiter::LimiterModel;
pub use state::{
    SandboxConfig, State, DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY, DEFAULT_API_TOKEN, MAX_LATENCY_MS,
};
pub use time::{http_date, iso8601};
pub use transport::{sandbox_request, InProcessTransport, Sandbox, DEFAULT_EPOCH_MS};

/// Path prefix of the test controls.
pub const CONTROL_PREFIX: &str = "/__sandbox/";

/// Whether a path (no query) is one of the test controls under [`CONTROL_PREFIX`].
pub fn is_control_path(path: &str) -> bool {
    path.starts_with(CONTROL_PREFIX) || path == CONTROL_PREFIX.trim_end_matches('/')
}
/// Length of the rate-limit window.
pub use limiter::WINDOW_MS;
/// Most recent requests kept in the log.
pub const LOG_CAPACITY: usize = 10_000;
/// Most bytes of one body (or path, or header value) kept in the log.
pub const LOG_BODY_BYTES: usize = 4_096;
/// Most bytes the whole log holds: the oldest entries go first. (Anyone on
/// loopback can send, before authentication: the log must not grow with them.)
pub const LOG_MAX_BYTES: usize = 8 << 20;

/// `text` cut to at most `max` bytes, on a character boundary.
fn cut(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default().to_owned()
}

/// The bytes a log entry holds.
fn logged_size(entry: &LoggedRequest) -> usize {
    let headers: usize = entry.headers.iter().map(|(n, v)| n.len() + v.len()).sum();
    64 + entry.method.len() + entry.path.len() + entry.body.len() + headers
}

/// A request as the sandbox sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxRequest {
    /// HTTP method.
    pub method: String,
    /// Path and query, e.g. `/v2/accounts/ameyo5m/trunks?trunk_sid=tr...`.
    pub target: String,
    /// Request headers.
    pub headers: Vec<Header>,
    /// Body (empty when none).
    pub body: String,
}

/// Identifies a request between [`begin`] and [`finish`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ticket(pub u64);

/// What the wrapper must do with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Wait `delay_ms`, then write the response.
    Respond {
        /// The response.
        response: HttpResponse,
        /// Delay before writing it.
        delay_ms: u64,
    },
    /// Close the connection without writing a status line; nothing was applied.
    Drop,
    /// The request was applied; close the connection without answering.
    ApplyThenDrop,
}

fn respond(response: HttpResponse) -> Outcome {
    Outcome::Respond {
        response,
        delay_ms: 0,
    }
}

/// Handles a request. Control paths (`/__sandbox/...`) are answered at once and
/// neither logged nor limited.
pub fn begin(state: &mut State, now_ms: u64, request: &SandboxRequest) -> (Ticket, Outcome) {
    let ticket = Ticket(state.next_ticket);
    state.next_ticket += 1;
    let path = request.target.split('?').next().unwrap_or("");
    if is_control_path(path) {
        return (ticket, respond(control(state, request, path)));
    }
    let method = request.method.to_ascii_uppercase();
    state.log.push_back(LoggedRequest {
        seq: ticket.0,
        at_ms: now_ms,
        method: cut(&method, LOG_BODY_BYTES),
        path: cut(&request.target, LOG_BODY_BYTES),
        headers: request
            .headers
            .iter()
            .map(|h| {
                let value = if h.name.eq_ignore_ascii_case("authorization") {
                    exotel_sip::redact::REDACTED_AUTHORIZATION.to_owned()
                } else {
                    h.value.clone()
                };
                (cut(&h.name, LOG_BODY_BYTES), cut(&value, LOG_BODY_BYTES))
            })
            .take(64)
            .collect(),
        body: cut(&request.body, LOG_BODY_BYTES),
        body_bytes: request.body.len(),
        status: None,
        fault: None,
        delivery: Delivery::Pending,
    });
    if let Some(entry) = state.log.back() {
        state.log_bytes += logged_size(entry);
    }
    while state.log.len() > LOG_CAPACITY || state.log_bytes > LOG_MAX_BYTES {
        let Some(oldest) = state.log.pop_front() else {
            break;
        };
        state.log_bytes = state.log_bytes.saturating_sub(logged_size(&oldest));
    }
    let outcome = admitted(state, now_ms, ticket, &method, path, request);
    let (status, fault_name) = match &outcome {
        (Outcome::Respond { response, .. }, fault) => (Some(response.status), fault.clone()),
        (_, fault) => (None, fault.clone()),
    };
    if let Some(entry) = state.log.back_mut() {
        entry.status = status;
        entry.fault = fault_name;
    }
    (ticket, outcome.0)
}

/// Rate and concurrency limits, then faults, then the API.
fn admitted(
    state: &mut State,
    now_ms: u64,
    ticket: Ticket,
    method: &str,
    path: &str,
    request: &SandboxRequest,
) -> (Outcome, Option<String>) {
    // The request counts as arrived after its latency; its answer takes as long.
    let latency = state.draw_latency();
    let arrival_ms = now_ms.saturating_add(latency);
    let delayed = |response: HttpResponse| Outcome::Respond {
        response,
        delay_ms: latency,
    };
    let concurrency = usize::try_from(state.config.concurrency).unwrap_or(usize::MAX);
    if concurrency > 0 && state.in_flight.len() >= concurrency {
        let why = format!("More than {} concurrent requests", state.config.concurrency);
        return (delayed(api::rate_limited(state, method, 1, &why)), None);
    }
    // Admitted by the rate limit last: only a request that goes through counts.
    let rpm = u64::from(state.config.rpm);
    if rpm > 0 {
        let model = state.config.limiter;
        if let Err(wait_ms) = state.limiter.admit(model, rpm, now_ms, arrival_ms) {
            let retry_after = wait_ms.div_ceil(1000).max(1);
            let why = format!(
                "Rate limit of {} requests per minute exceeded",
                state.config.rpm
            );
            return (
                delayed(api::rate_limited(state, method, retry_after, &why)),
                None,
            );
        }
    }
    state.in_flight.insert(ticket.0);

    let fault = match state.faults.iter().position(|f| f.matches(method, path)) {
        Some(i) => {
            let fault = state.faults.get_mut(i).map(|f| {
                f.times -= 1;
                f.fault.clone()
            });
            state.faults.retain(|f| f.times > 0);
            fault
        }
        None => None,
    };
    let name = fault.as_ref().map(|f| f.name().to_owned());
    let mut apply = || {
        api::handle(
            state,
            now_ms,
            method,
            &request.target,
            &request.headers,
            &request.body,
        )
    };
    let outcome = match fault {
        None => respond(apply()),
        Some(Fault::Latency { ms }) => Outcome::Respond {
            response: apply(),
            delay_ms: ms,
        },
        Some(Fault::Truncated) => {
            let mut response = apply();
            let half = response.body.len() / 2;
            let cut = (0..=half).rev().find(|&i| response.body.is_char_boundary(i)).unwrap_or(0);
            response.body.truncate(cut);
            respond(response)
        }
        Some(Fault::Lost) => {
            apply();
            Outcome::ApplyThenDrop
        }
        Some(Fault::Drop) => Outcome::Drop,
        Some(Fault::Status {
            status,
            code,
            description,
        }) => respond(api::status_fault(state, method, status, code, description)),
        Some(Fault::RateLimit { retry_after }) => respond(api::rate_limited(
            state,
            method,
            retry_after,
            "Injected rate limit",
        )),
        Some(Fault::Html { status }) => respond(HttpResponse::new(
            status,
            vec![Header::new("Content-Type", "text/html")],
            format!(
                "<html><head><title>{status} Bad Gateway</title></head><body><h1>{status} Bad Gateway</h1></body></html>"
            ),
        )),
        Some(Fault::NonEnvelope) => respond(HttpResponse::new(
            200,
            vec![Header::new("Content-Type", "application/json")],
            r#"{"status":"ok","result":"accepted"}"#,
        )),
    };
    let outcome = match outcome {
        Outcome::Respond { response, delay_ms } => Outcome::Respond {
            response,
            delay_ms: delay_ms.saturating_add(latency),
        },
        other => other,
    };
    (outcome, name)
}

/// Marks a request done: it leaves the in-flight count and the log records how
/// the exchange ended.
pub fn finish(state: &mut State, ticket: Ticket, delivery: Delivery) {
    state.in_flight.remove(&ticket.0);
    if let Some(entry) = state.log.iter_mut().rev().find(|e| e.seq == ticket.0) {
        entry.delivery = delivery;
    }
}

/// The OpenAPI 3.1 document of the API this sandbox serves (`api/openapi.json`,
/// generated from the core's catalog by `cargo xtask codegen`).
#[cfg(not(target_arch = "wasm32"))]
pub const OPENAPI: &str = include_str!("../../../api/openapi.json");

fn control_json(status: u16, body: Value) -> HttpResponse {
    HttpResponse::new(
        status,
        vec![Header::new("Content-Type", "application/json")],
        body.to_string(),
    )
}

/// The test controls, as HTTP:
/// `GET|DELETE /__sandbox/requests`, `POST|DELETE /__sandbox/faults`,
/// `POST /__sandbox/reset`, `GET /__sandbox/state`, `PUT /__sandbox/limits`,
/// `GET /__sandbox/health`, `GET /__sandbox/openapi.json` (the API's OpenAPI document).
fn control(state: &mut State, request: &SandboxRequest, path: &str) -> HttpResponse {
    let method = request.method.to_ascii_uppercase();
    let action = path
        .trim_start_matches(CONTROL_PREFIX)
        .trim_end_matches('/');
    match (method.as_str(), action) {
        ("GET", "health") => control_json(200, json!({"ok": true})),
        // Not in the npm package's in-process sandbox (its wasm stays small).
        #[cfg(not(target_arch = "wasm32"))]
        ("GET", "openapi.json") => HttpResponse::new(
            200,
            vec![Header::new("Content-Type", "application/json")],
            OPENAPI.to_owned(),
        ),
        ("GET", "requests") => control_json(200, json!({"requests": state.log})),
        ("DELETE", "requests") => {
            state.log.clear();
            state.log_bytes = 0;
            control_json(200, json!({"cleared": true}))
        }
        ("POST", "faults") => {
            let parsed: Result<Vec<QueuedFault>, _> = serde_json::from_str::<Value>(&request.body)
                .and_then(|v| match v {
                    Value::Array(_) => serde_json::from_value(v),
                    one => serde_json::from_value(one).map(|f| vec![f]),
                });
            let bad_status = parsed.as_ref().ok().and_then(|faults| {
                faults.iter().find_map(|f| match f.fault {
                    Fault::Status { status, .. } | Fault::Html { status }
                        if !(100..=599).contains(&status) =>
                    {
                        Some(status)
                    }
                    _ => None,
                })
            });
            match (parsed, bad_status) {
                (Ok(_), Some(status)) => control_json(
                    400,
                    json!({"error": format!("invalid fault: status {status} is not an HTTP status")}),
                ),
                (Ok(faults), None) => {
                    state.faults.extend(faults);
                    control_json(200, json!({"queued": state.faults.len()}))
                }
                (Err(err), _) => {
                    control_json(400, json!({"error": format!("invalid fault: {err}")}))
                }
            }
        }
        ("GET", "faults") => control_json(200, json!({"faults": state.faults})),
        ("DELETE", "faults") => {
            state.faults.clear();
            control_json(200, json!({"cleared": true}))
        }
        ("POST", "reset") => {
            state.reset();
            control_json(200, json!({"reset": true}))
        }
        ("GET", "state") => control_json(200, state.dump()),
        ("PUT", "limits") => {
            const SHAPE: &str = "expected {\"rpm\": N, \"concurrency\": N, \"limiter\": \"sliding_window|fixed_window|token_bucket\", \"latency_ms\": [MIN, MAX]}";
            let Ok(body @ Value::Object(_)) = serde_json::from_str::<Value>(&request.body) else {
                return control_json(400, json!({ "error": SHAPE }));
            };
            let read = |key: &str, current: u32| {
                body.get(key)
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or(current)
            };
            let limiter = match body.get("limiter") {
                None => Some(state.config.limiter),
                Some(name) => name.as_str().and_then(LimiterModel::parse),
            };
            let latency = match body.get("latency_ms") {
                None => Some((state.config.latency_min_ms, state.config.latency_max_ms)),
                Some(Value::Array(range)) => match range.as_slice() {
                    [min, max] => min.as_u64().zip(max.as_u64()),
                    _ => None,
                },
                Some(_) => None,
            };
            let (Some(limiter), Some((min, max))) = (limiter, latency) else {
                return control_json(400, json!({ "error": SHAPE }));
            };
            let rpm = read("rpm", state.config.rpm);
            let concurrency = read("concurrency", state.config.concurrency);
            state.set_limits(rpm, concurrency);
            state.set_limiter(limiter);
            state.set_latency(min, max);
            let config = &state.config;
            control_json(
                200,
                json!({
                    "rpm": config.rpm,
                    "concurrency": config.concurrency,
                    "limiter": config.limiter,
                    "latency_ms": [config.latency_min_ms, config.latency_max_ms],
                }),
            )
        }
        _ => control_json(404, json!({"error": format!("no control {method} {path}")})),
    }
}

/// Splits an absolute URL into its path-and-query (what the sandbox routes on).
pub fn target_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme.get(i..).unwrap_or("/").to_owned(),
        None => "/".to_owned(),
    }
}

/// Requests currently logged (most recent [`LOG_CAPACITY`]).
pub fn requests(state: &State) -> Vec<LoggedRequest> {
    state.log.iter().cloned().collect()
}

/// Queues faults.
pub fn queue_faults(state: &mut State, faults: impl IntoIterator<Item = QueuedFault>) {
    state.faults.extend(faults);
}

/// Clears the request log.
pub fn clear_requests(state: &mut State) {
    state.log = VecDeque::new();
    state.log_bytes = 0;
}
