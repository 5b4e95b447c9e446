//! The wasm-bindgen layer of the `exotel-sip` npm package: thin forwarding over
//! the core. The package's JavaScript wrapper (`bindings-js/js/`) gives users the
//! idiomatic API; this crate only crosses the boundary.
//!
//! - Inputs arrive and results leave as JSON text with the wire field names (the
//!   core's serde shapes): no renaming that only this build applies.
//! - The transport, clock, sleep and randomness come from a JS *host* object the
//!   wrapper builds. A send or a sleep is a host operation named by a *ticket*:
//!   the host starts it and later reports its value with `settle`.
//! - Calls run on a small executor of our own rather than on JS microtasks: the
//!   wasm only ever runs inside a call the wrapper made (`start`, `settle`,
//!   `cancelCall`), so if it ever traps, the wrapper catches that, fails the
//!   calls in flight with a clear error and re-instantiates the module. Dropping
//!   a call's future (abort, deadline) cancels its host operations.
//! - Exported methods take `&self`, so any number of calls run concurrently.
#![cfg(target_arch = "wasm32")]

// Talc instead of std's dlmalloc: a few KB less wasm for an allocator that is
// faster on wasm too. This module has no threads (no `atomics` feature).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

// Globs: the generated region names every operation and model of the catalog, so
// a new one needs no edit here.
use exotel_sip::models::*;
use exotel_sip::ops::*;
use exotel_sip::{
    CallOptions, Client, Clock, Config, Entropy, Env, ErasedOperation, Error, Event, Governor,
    Header, HttpRequest, HttpResponse, PageCursor, RateLimit, Region, RetryPolicy, Transport,
    TransportError, TransportErrorKind,
};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The JS host the wrapper builds for each client (see `js/client.mjs`).
    #[derive(Clone)]
    pub type Host;
    /// Starts sending a request; returns its ticket, which the wrapper settles
    /// with `settleResponse` or `settleFailure`. `headers` is a JSON array of
    /// `[name, value]` pairs; the body travels as it is (no JSON escaping).
    #[wasm_bindgen(method)]
    fn send(
        this: &Host,
        method: &str,
        url: &str,
        headers: String,
        body: Option<String>,
        timeout_ms: u32,
    ) -> u32;
    /// Starts a timer of `ms` milliseconds; returns its ticket.
    #[wasm_bindgen(method)]
    fn sleep(this: &Host, ms: f64) -> u32;
    /// Cancels a host operation that is no longer awaited (abort, clear timer).
    #[wasm_bindgen(method)]
    fn cancel(this: &Host, ticket: u32);
    /// Monotonic milliseconds.
    #[wasm_bindgen(method)]
    fn now(this: &Host) -> f64;

    /// A uniformly random integer in [0, 2^32).
    #[wasm_bindgen(method)]
    fn random(this: &Host) -> f64;
    /// One event (JSON text, already redacted by the core).
    #[wasm_bindgen(method)]
    fn event(this: &Host, event: String);
    /// The end of call `id`: its result's JSON (`ok`) or its error's JSON.
    #[wasm_bindgen(method)]
    fn complete(this: &Host, id: u32, ok: bool, json: String);
}

/// A call in flight: its whole work, reporting its own end to the host.
type Task = Pin<Box<dyn Future<Output = ()>>>;

/// How a host operation ended.
enum Settled {
    /// A timer fired.
    Done,
    /// A response was read.
    Response(HttpResponse),
    /// No response was read.
    Failure(TransportError),
}

/// A host operation's state: who waits for it and, once settled, how it ended.
#[derive(Default)]
struct Slot {
    waker: Option<Waker>,
    value: Option<Settled>,
}

/// Entries by id in a plain vector: a few dozen at most are in flight, and a
/// map type would cost several KB of wasm per entry type.
struct ById<T>(Vec<(u32, T)>);

impl<T> ById<T> {
    const fn new() -> Self {
        ById(Vec::new())
    }
    fn insert(&mut self, id: u32, value: T) {
        self.0.push((id, value));
    }
    fn get_mut(&mut self, id: u32) -> Option<&mut T> {
        self.0.iter_mut().find(|(k, _)| *k == id).map(|(_, v)| v)
    }
    fn remove(&mut self, id: u32) -> Option<T> {
        let at = self.0.iter().position(|(k, _)| *k == id)?;
        Some(self.0.swap_remove(at).1)
    }
}

thread_local! {
    /// Calls in flight, by the wrapper's call id.
    static TASKS: RefCell<ById<Task>> = const { RefCell::new(ById::new()) };
    /// Host operations in flight, by ticket.
    static SLOTS: RefCell<ById<Slot>> = const { RefCell::new(ById::new()) };
}

/// Calls to poll again. (A `Waker` must be `Send + Sync`, hence a `Mutex`; the
/// module has no threads, so it is never contended.)
static READY: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Wakes call `.0` by queueing it for the next [`drive`].
struct TaskWaker(u32);

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        if let Ok(mut ready) = READY.lock() {
            ready.push(self.0);
        }
    }
}

fn wake(id: u32) {
    Arc::new(TaskWaker(id)).wake_by_ref();
}

/// Polls every woken call until none is left. No borrow is held while a call
/// is polled, so a poll may start, settle or cancel other work.
fn drive() {
    loop {
        let ready = match READY.lock() {
            Ok(mut ready) => std::mem::take(&mut *ready),
            Err(_) => return,
        };
        if ready.is_empty() {
            return;
        }
        for id in ready {
            let Some(mut task) = TASKS.with(|tasks| tasks.borrow_mut().remove(id)) else {
                continue; // finished or cancelled meanwhile
            };
            let waker = Waker::from(Arc::new(TaskWaker(id)));
            if task
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
            {
                TASKS.with(|tasks| tasks.borrow_mut().insert(id, task));
            }
        }
    }
}

/// Ends host operation `ticket` (ignored if it is no longer awaited).
fn settle(ticket: u32, value: Settled) {
    let waker = SLOTS.with(|slots| {
        let mut slots = slots.borrow_mut();
        let slot = slots.get_mut(ticket)?;
        slot.value = Some(value);
        slot.waker.take()
    });
    if let Some(waker) = waker {
        waker.wake();
    }
    drive();
}

/// The host's timer `ticket` fired.
#[wasm_bindgen(js_name = settleTimer)]
pub fn settle_timer(ticket: u32) {
    settle(ticket, Settled::Done);
}

/// The host read a response for send `ticket`; `headers` is a JSON array of
/// `[name, value]` pairs (anything else reads as no headers).
#[wasm_bindgen(js_name = settleResponse)]
pub fn settle_response(ticket: u32, status: u16, headers: &str, body: String) {
    let headers = match serde_json::from_str::<Value>(headers) {
        Ok(Value::Array(pairs)) => pairs
            .iter()
            .filter_map(|pair| Some(Header::new(pair.get(0)?.as_str()?, pair.get(1)?.as_str()?)))
            .collect(),
        _ => Vec::new(),
    };
    settle(
        ticket,
        Settled::Response(HttpResponse::new(status, headers, body)),
    );
}

/// Send `ticket` read no response: `kind` is `connect`, `timeout`, `cancelled`
/// or `io_after_send` (anything else counts as `io_after_send`: it may have been sent).
#[wasm_bindgen(js_name = settleFailure)]
pub fn settle_failure(ticket: u32, kind: &str, detail: String) {
    let kind = match kind {
        "connect" => TransportErrorKind::Connect,
        "timeout" => TransportErrorKind::Timeout,
        "cancelled" => TransportErrorKind::Cancelled,
        _ => TransportErrorKind::IoAfterSend,
    };
    settle(ticket, Settled::Failure(TransportError::new(kind, detail)));
}

/// Drops call `id` (its signal aborted): its send, governor wait and sleep stop.
#[wasm_bindgen(js_name = cancelCall)]
pub fn cancel_call(id: u32) {
    let task = TASKS.with(|tasks| tasks.borrow_mut().remove(id));
    drop(task);
    // Dropping it may have released a governor slot another call waits for.
    drive();
}

/// A host operation in flight; cancelled at the host if dropped before it settles.
struct HostOp {
    host: Host,
    ticket: u32,
    settled: bool,
}

impl HostOp {
    fn new(host: &Host, ticket: u32) -> Self {
        SLOTS.with(|slots| slots.borrow_mut().insert(ticket, Slot::default()));
        HostOp {
            host: host.clone(),
            ticket,
            settled: false,
        }
    }
}

impl Future for HostOp {
    type Output = Settled;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Settled> {
        let ticket = self.ticket;
        let value = SLOTS.with(|slots| {
            let mut slots = slots.borrow_mut();
            match slots.get_mut(ticket) {
                Some(slot) if slot.value.is_none() => {
                    slot.waker = Some(cx.waker().clone());
                    None
                }
                Some(_) => slots.remove(ticket).and_then(|slot| slot.value),
                // Unknown ticket: nothing will settle it; end rather than hang.
                None => Some(Settled::Failure(TransportError::new(
                    TransportErrorKind::IoAfterSend,
                    "the host lost track of the request",
                ))),
            }
        });
        match value {
            Some(value) => {
                self.settled = true;
                Poll::Ready(value)
            }
            None => Poll::Pending,
        }
    }
}

impl Drop for HostOp {
    fn drop(&mut self) {
        if !self.settled {
            SLOTS.with(|slots| slots.borrow_mut().remove(self.ticket));
            self.host.cancel(self.ticket);
        }
    }
}

/// The seams of every call of one client: its host.
#[derive(Clone)]
struct Seams {
    host: Host,
}

impl Transport for Seams {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|h| (h.name.as_str(), h.value.as_str()))
            .collect();
        // Pairs of strings always serialize; `[]` would only lose the headers.
        let headers = serde_json::to_string(&headers).unwrap_or_default();
        let ticket = self.host.send(
            request.method.as_str(),
            &request.url,
            headers,
            request.body,
            request.timeout_ms,
        );
        let pending = HostOp::new(&self.host, ticket);
        async move {
            match pending.await {
                Settled::Response(response) => Ok(response),
                Settled::Failure(failure) => Err(failure),
                Settled::Done => Err(TransportError::new(
                    TransportErrorKind::IoAfterSend,
                    "the host ended the request without a response",
                )),
            }
        }
    }
}

impl Clock for Seams {
    fn now_ms(&self) -> u64 {
        let now = self.host.now();
        if now.is_finite() && now > 0.0 {
            now as u64
        } else {
            0
        }
    }
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        let pending = HostOp::new(&self.host, self.host.sleep(ms as f64));
        async move {
            pending.await;
        }
    }
}

impl Entropy for Seams {
    fn next_u64(&self) -> u64 {
        let hi = self.host.random() as u64 & 0xffff_ffff;
        let lo = self.host.random() as u64 & 0xffff_ffff;
        (hi << 32) | lo
    }
}

/// Forwards the core's (redacted) events to the host as JSON text.
struct Events(Host);

impl exotel_sip::EventSink for Events {
    fn on_event(&self, event: &Event) {
        if let Ok(json) = serde_json::to_string(event) {
            self.0.event(json);
        }
    }
}

/// A shareable rate limiter (one per account): the core's governor.
#[wasm_bindgen]
pub struct Limiter {
    governor: Arc<Governor>,
}

#[wasm_bindgen]
impl Limiter {
    /// A limiter at these limits (0 turns a limit off).
    #[wasm_bindgen(constructor)]
    pub fn new(
        requests_per_minute: u32,
        requests_per_second: u32,
        max_in_flight: u32,
        latency_margin_ms: u32,
    ) -> Limiter {
        Limiter {
            governor: Arc::new(Governor::new(RateLimit {
                requests_per_minute,
                requests_per_second,
                max_in_flight,
                latency_margin_ms,
            })),
        }
    }

    /// Another handle on the same governor (a client takes ownership of one).
    pub fn share(&self) -> Limiter {
        Limiter {
            governor: self.governor.clone(),
        }
    }
}

/// A retry policy from JSON (camelCase options mapped by the wrapper), over a base.
fn retry_over(value: Option<&Value>, base: RetryPolicy) -> Result<RetryPolicy, Error> {
    let Some(value) = value else {
        return Ok(base);
    };
    let r = Obj(value);
    Ok(RetryPolicy {
        max_attempts: r
            .opt_u32("max_attempts")?
            .unwrap_or(base.max_attempts)
            .max(1),
        base_delay_ms: r.opt_u32("base_delay_ms")?.unwrap_or(base.base_delay_ms),
        max_delay_ms: r.opt_u32("max_delay_ms")?.unwrap_or(base.max_delay_ms),
        max_elapsed_ms: r.opt_u32("max_elapsed_ms")?.unwrap_or(base.max_elapsed_ms),
    })
}

/// The error as the wrapper receives it: the core's serde form plus `message`.
fn error_json(err: &Error) -> String {
    let fields = serde_json::to_string(err).unwrap_or_default();
    let message = serde_json::to_string(&err.to_string()).unwrap_or_default();
    // `fields` is a JSON object (`{"kind":…}`): put `message` first.
    match fields.strip_prefix('{') {
        Some(rest) => format!("{{\"message\":{message},{rest}"),
        None => format!("{{\"kind\":\"internal\",\"detail\":\"\",\"message\":{message}}}"),
    }
}

fn input_error(detail: impl std::fmt::Display) -> Error {
    Error::Validation {
        field: "input".to_owned(),
        rule: "format".to_owned(),
        value: String::new(),
        detail: format!("the input does not have the expected shape: {detail}"),
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, Error> {
    // The error's text is not kept: formatting serde_json errors would link
    // std's I/O error tables into the wasm, and models always serialize.
    serde_json::to_string(value).map_err(|_| Error::Internal {
        detail: "could not serialize the result".to_owned(),
    })
}

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `String(number)`: the shortest text that reads back as the
    /// same number.
    #[wasm_bindgen(js_name = String)]
    fn number_text(number: f64) -> String;
}

/// JSON text of an arbitrary value (the credentials' raw `data`). Written here
/// rather than by `serde_json`'s generic `Value` serializer: that one links a
/// float formatter and its tables, ~5 KB of gzipped wasm; JS formats floats.
fn write_value(value: &Value, out: &mut String) -> Result<(), Error> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (None, Some(u), _) => out.push_str(&u.to_string()),
            // `String(-0)` is "0": keep the sign the server sent.
            (None, None, Some(f)) if f == 0.0 && f.is_sign_negative() => out.push_str("-0.0"),
            (None, None, Some(f)) => out.push_str(&number_text(f)),
            (None, None, None) => out.push_str("null"),
        },
        Value::String(s) => out.push_str(&to_json(s)?),
        Value::Array(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write_value(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (k, (key, item)) in map.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(&to_json(key)?);
                out.push(':');
                write_value(item, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// A client: configuration, default policies, a governor and the JS host.
#[wasm_bindgen]
pub struct WasmClient {
    config: Config,
    retry: RetryPolicy,
    governor: Arc<Governor>,
    host: Host,
    events: bool,
}

#[wasm_bindgen]
impl WasmClient {
    /// Builds a client from options (JSON); throws the error JSON if they are invalid.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: &str,
        host: Host,
        limiter: Option<Limiter>,
        events: bool,
    ) -> Result<WasmClient, JsValue> {
        Self::build(options, host, limiter, events).map_err(|e| JsValue::from(error_json(&e)))
    }

    fn build(
        options: &str,
        host: Host,
        limiter: Option<Limiter>,
        events: bool,
    ) -> Result<WasmClient, Error> {
        let options = parse_object(options)?;
        let o = Obj(&options);
        // Unset settings come from the host's EXOTEL_* variables (`env`, read by
        // the core's `Env`).
        let vars = o.get("env").map(Obj);
        let lookup = |name: &str| vars.as_ref().and_then(|v| v.opt_str(name).ok().flatten());
        let env = Env::new(&lookup);
        let credentials = env.credentials(
            o.opt_str("api_key")?,
            o.opt_str("api_token")?,
            o.opt_str("account_sid")?,
        )?;
        let region = o
            .opt_str("region")?
            .map(|r| Region::parse(&r))
            .transpose()?;
        let endpoint = env.endpoint(o.opt_str("base_url")?, region)?;
        let host_language = o.opt_str("host_language")?;
        let mut config = Config::new(credentials, endpoint)?
            .with_host_language(host_language.as_deref().unwrap_or("javascript"));
        if let Some(ms) = o.opt_u32("timeout_ms")? {
            config = config.with_timeout_ms(ms);
        }
        let retry = retry_over(o.get("retry"), RetryPolicy::default())?;
        let governor = match (limiter, o.get("rate_limit")) {
            (Some(limiter), _) => limiter.governor.clone(),
            (None, Some(l)) => {
                let l = Obj(l);
                let d = RateLimit::default();
                Arc::new(Governor::new(RateLimit {
                    requests_per_minute: l
                        .opt_u32("requests_per_minute")?
                        .unwrap_or(d.requests_per_minute),
                    requests_per_second: l
                        .opt_u32("requests_per_second")?
                        .unwrap_or(d.requests_per_second),
                    max_in_flight: l.opt_u32("max_in_flight")?.unwrap_or(d.max_in_flight),
                    latency_margin_ms: l
                        .opt_u32("latency_margin_ms")?
                        .unwrap_or(d.latency_margin_ms),
                }))
            }
            (None, None) => Arc::new(Governor::new(RateLimit::default())),
        };
        Ok(WasmClient {
            config,
            retry,
            governor,
            host,
            events,
        })
    }

    /// The effective base URL.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.config.base_url().to_owned()
    }

    /// The account SID.
    #[wasm_bindgen(getter, js_name = accountSid)]
    pub fn account_sid(&self) -> String {
        self.config.account_sid().to_owned()
    }

    /// Starts call `id`: `op` names the operation, `input` and `options` are
    /// JSON. Its end is reported through the host's `complete(id, ok, json)`.
    pub fn start(&self, id: u32, op: String, input: String, options: &str) {
        let mut config = self.config.clone();
        let mut retry = self.retry;
        if let Ok(call) = parse_object(options) {
            let call = Obj(&call);
            if let Ok(Some(ms)) = call.opt_u32("timeout_ms") {
                config = config.with_timeout_ms(ms);
            }
            retry = retry_over(call.get("retry"), self.retry).unwrap_or(self.retry);
        }
        let seams = Seams {
            host: self.host.clone(),
        };
        let mut client = Client::new(config, seams.clone(), seams.clone(), seams)
            .with_retry_policy(retry)
            .with_governor(self.governor.clone());
        if self.events {
            client = client.with_event_sink(Arc::new(Events(self.host.clone())));
        }
        let host = self.host.clone();
        let task: Task = Box::pin(async move {
            match dispatch(&client, &op, &input).await {
                Ok(json) => host.complete(id, true, json),
                Err(err) => host.complete(id, false, error_json(&err)),
            }
        });
        TASKS.with(|tasks| tasks.borrow_mut().insert(id, task));
        wake(id);
        drive();
    }
}

type JsClient = Client<Seams, Seams, Seams>;

/// A JSON object from the wrapper, read field by field (one generic parser,
/// instead of a derived deserializer per input type: smaller wasm).
struct Obj<'a>(&'a Value);

fn type_error(key: &str, want: &str) -> Error {
    Error::Validation {
        field: key.to_owned(),
        rule: "format".to_owned(),
        value: String::new(),
        detail: format!("must be {want}"),
    }
}

/// The wrapper's JSON object (read with [`Obj`]).
fn parse_object(text: &str) -> Result<Value, Error> {
    match serde_json::from_str(text) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Err(input_error("not an object")),
        // The wrapper sends `JSON.stringify` output, so this is a bug there.
        Err(_) => Err(input_error("not valid JSON")),
    }
}

impl<'a> Obj<'a> {
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }
    fn opt_str(&self, key: &str) -> Result<Option<String>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(type_error(key, "a string")),
        }
    }
    /// A required string: absent reads as empty, which the core reports as `required`.
    fn string(&self, key: &str) -> Result<String, Error> {
        Ok(self.opt_str(key)?.unwrap_or_default())
    }
    fn opt_u32(&self, key: &str) -> Result<Option<u32>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| type_error(key, "an integer from 0 to 4294967295")),
        }
    }
    fn array(&self, key: &str) -> Result<&'a [Value], Error> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(type_error(key, "an array")),
        }
    }
    fn strings(&self, key: &str) -> Result<Vec<String>, Error> {
        self.array(key)?
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                _ => Err(type_error(key, "an array of strings")),
            })
            .collect()
    }
    fn mode(&self, key: &str) -> Result<Option<Mode>, Error> {
        Ok(self.opt_str(key)?.map(|m| Mode::from_wire(Some(&m))))
    }
    fn settings(&self, key: &str) -> Result<Vec<SettingInput>, Error> {
        self.array(key)?
            .iter()
            .map(|v| {
                let s = Obj(v);
                Ok(SettingInput {
                    name: s.string("name")?,
                    value: s.string("value")?,
                })
            })
            .collect()
    }
    /// `items` of a bulk call, each read by `read`.
    fn items<T>(&self, read: impl Fn(&Obj) -> Result<T, Error>) -> Result<Vec<T>, Error> {
        self.array("items")?.iter().map(|v| read(&Obj(v))).collect()
    }
}

/// JSON text of raw JSON (see `write_value`).
fn json_text(value: &Value) -> Result<String, Error> {
    let mut json = String::new();
    write_value(value, &mut json)?;
    Ok(json)
}

/// A lazy walk's cursor: `{uri, pages_read}`.
fn cursor(i: &Obj) -> Result<PageCursor, Error> {
    Ok(PageCursor {
        next_page_uri: i.string("uri")?,
        pages_read: i.opt_u32("pages_read")?.unwrap_or_default(),
    })
}

/// Where a lazy walk goes after a page with this `next_page_uri` and `items`
/// items: the URI to follow, or `undefined` when the walk ends (the core decides).
#[wasm_bindgen(js_name = nextPageUri)]
pub fn next_page_uri(next_page_uri: Option<String>, items: u32) -> Option<String> {
    let metadata = exotel_sip::PageMetadata {
        next_page_uri,
        ..Default::default()
    };
    PageCursor::after_parts(&metadata, items as usize, 0).map(|c| c.next_page_uri)
}

// BEGIN GENERATED by `cargo xtask codegen` from core/src/catalog.rs: do not edit (wasm)
/// Reads a `CreateTrunk` from the wrapper's JSON object.
fn read_create_trunk(o: &Obj) -> Result<CreateTrunk, Error> {
    Ok(CreateTrunk {
        trunk_name: o.string("trunk_name")?,
        nso_code: o.opt_str("nso_code")?,
        domain_name: o.opt_str("domain_name")?,
    })
}

/// Reads a `DeleteTrunk` from the wrapper's JSON object.
fn read_delete_trunk(o: &Obj) -> Result<DeleteTrunk, Error> {
    Ok(DeleteTrunk {
        trunk_sid: o.string("trunk_sid")?,
    })
}

/// Reads a `MapPhoneNumber` from the wrapper's JSON object.
fn read_map_phone_number(o: &Obj) -> Result<MapPhoneNumber, Error> {
    Ok(MapPhoneNumber {
        trunk_sid: o.string("trunk_sid")?,
        phone_number: o.string("phone_number")?,
        mode: o.mode("mode")?,
    })
}

/// Reads a `UpdatePhoneNumberMode` from the wrapper's JSON object.
fn read_update_phone_number_mode(o: &Obj) -> Result<UpdatePhoneNumberMode, Error> {
    Ok(UpdatePhoneNumberMode {
        trunk_sid: o.string("trunk_sid")?,
        phone_number_id: o.string("phone_number_id")?,
        phone_number: o.string("phone_number")?,
        mode: o.mode("mode")?.unwrap_or(Mode::Unset),
    })
}

/// Reads a `WhitelistIp` from the wrapper's JSON object.
fn read_whitelist_ip(o: &Obj) -> Result<WhitelistIp, Error> {
    Ok(WhitelistIp {
        trunk_sid: o.string("trunk_sid")?,
        ip: o.string("ip")?,
        mask: o.opt_u32("mask")?,
    })
}

/// Reads a `AddDestinations` from the wrapper's JSON object.
fn read_add_destinations(o: &Obj) -> Result<AddDestinations, Error> {
    Ok(AddDestinations {
        trunk_sid: o.string("trunk_sid")?,
        destinations: o.strings("destinations")?,
    })
}

/// Reads a `SetTrunkSettings` from the wrapper's JSON object.
fn read_set_trunk_settings(o: &Obj) -> Result<SetTrunkSettings, Error> {
    Ok(SetTrunkSettings {
        trunk_sid: o.string("trunk_sid")?,
        settings: o.settings("settings")?,
    })
}

/// Reads a `GetTrunkCredentials` from the wrapper's JSON object.
fn read_get_trunk_credentials(o: &Obj) -> Result<GetTrunkCredentials, Error> {
    Ok(GetTrunkCredentials {
        trunk_sid: o.string("trunk_sid")?,
    })
}

/// Reads a `ListQuery` from the wrapper's JSON object.
fn read_list_query(o: &Obj) -> Result<ListQuery, Error> {
    Ok(ListQuery {
        trunk_sid: o.string("trunk_sid")?,
        offset: o.opt_u32("offset")?,
        page_size: o.opt_u32("page_size")?,
    })
}

/// Endpoint `op` read from its input, type-erased (`None` if `op` is not an
/// endpoint: it is left to the custom helpers).
fn endpoint(op: &str, i: &Obj) -> Option<Result<Box<dyn ErasedOperation>, Error>> {
    let operation = match op {
        "create_trunk" => read_create_trunk(i).map(erase),
        "delete_trunk" => read_delete_trunk(i).map(erase),
        "map_phone_number" => read_map_phone_number(i).map(erase),
        "update_phone_number_mode" => read_update_phone_number_mode(i).map(erase),
        "whitelist_ip" => read_whitelist_ip(i).map(erase),
        "add_destinations" => read_add_destinations(i).map(erase),
        "set_trunk_settings" => read_set_trunk_settings(i).map(erase),
        "get_trunk_credentials" => read_get_trunk_credentials(i).map(erase_raw),
        "list_phone_numbers" => {
            read_list_query(i).map(|query| erase(List::<PhoneNumber>::new(query)))
        }
        "follow_phone_numbers" => cursor(i).and_then(|c| c.page::<PhoneNumber>()).map(erase),
        "list_whitelisted_ips" => {
            read_list_query(i).map(|query| erase(List::<WhitelistedIp>::new(query)))
        }
        "follow_whitelisted_ips" => cursor(i).and_then(|c| c.page::<WhitelistedIp>()).map(erase),
        "list_destinations" => {
            read_list_query(i).map(|query| erase(List::<DestinationUri>::new(query)))
        }
        "follow_destinations" => cursor(i)
            .and_then(|c| c.page::<DestinationUri>())
            .map(erase),
        _ => return None,
    };
    Some(operation)
}
// END GENERATED (wasm)

/// An endpoint whose result the wrapper receives as JSON text.
struct AsJson<O>(O);

impl<O: Operation> ErasedOperation for AsJson<O>
where
    O::Output: Serialize,
{
    fn name(&self) -> &'static str {
        O::NAME
    }
    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        self.0.request(config)
    }
    fn read(
        &self,
        config: &Config,
        response: &HttpResponse,
        attempt: u32,
    ) -> Result<String, Error> {
        to_json(&self.0.read(config, response, attempt)?)
    }
}

/// An endpoint answering raw JSON, written by `write_value` (no float formatter).
struct AsRawJson<O>(O);

impl<O: Operation<Output = Value>> ErasedOperation for AsRawJson<O> {
    fn name(&self) -> &'static str {
        O::NAME
    }
    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        self.0.request(config)
    }
    fn read(
        &self,
        config: &Config,
        response: &HttpResponse,
        attempt: u32,
    ) -> Result<String, Error> {
        json_text(&self.0.read(config, response, attempt)?)
    }
}

fn erase<O: Operation + 'static>(operation: O) -> Box<dyn ErasedOperation>
where
    O::Output: Serialize,
{
    Box::new(AsJson(operation))
}

fn erase_raw<O: Operation<Output = Value> + 'static>(operation: O) -> Box<dyn ErasedOperation> {
    Box::new(AsRawJson(operation))
}

async fn dispatch(client: &JsClient, op: &str, input: &str) -> Result<String, Error> {
    let input = parse_object(input)?;
    let i = Obj(&input);
    // Every endpoint runs through one instance of the call (a small wasm).
    if let Some(operation) = endpoint(op, &i) {
        return // The client of each call already carries its options.
        client.execute_erased(&*operation?, &CallOptions::default()).await;
    }
    // The helpers the catalog marks custom.
    match op {
        "set_caller_id_alias" => {
            // The setting's name comes from the core (`SetTrunkSettings::caller_id_alias`).
            let op = SetTrunkSettings::caller_id_alias(
                i.string("trunk_sid")?,
                i.string("phone_number")?,
            );
            client
                .execute_erased(&AsJson(op), &CallOptions::default())
                .await
        }
        "ensure_trunk" => {
            let sid = i.opt_str("recorded_sid")?;
            to_json(
                &client
                    .ensure_trunk(&read_create_trunk(&i)?, sid.as_deref())
                    .await?,
            )
        }
        "ensure_phone_number" => to_json(
            &client
                .ensure_phone_number(&read_map_phone_number(&i)?)
                .await?,
        ),
        "ensure_whitelisted_ip" => to_json(
            &client
                .ensure_whitelisted_ip(&read_whitelist_ip(&i)?)
                .await?,
        ),
        "ensure_destinations" => to_json(
            &client
                .ensure_destinations(&read_add_destinations(&i)?)
                .await?,
        ),
        "map_phone_numbers" => {
            let items = i.items(read_map_phone_number)?;
            let n = exotel_sip::bulk::concurrency_or_default(i.opt_u32("concurrency")?);
            to_json(&client.map_phone_numbers(&items, n).await?)
        }
        "whitelist_ips" => {
            let items = i.items(read_whitelist_ip)?;
            let n = exotel_sip::bulk::concurrency_or_default(i.opt_u32("concurrency")?);
            to_json(&client.whitelist_ips(&items, n).await?)
        }
        other => Err(unknown_op(other)),
    }
}

fn unknown_op(op: &str) -> Error {
    Error::Internal {
        detail: format!("unknown operation {op}"),
    }
}
