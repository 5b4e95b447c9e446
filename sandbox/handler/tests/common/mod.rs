//! Helpers shared by the sandbox's tests.
#![allow(dead_code)]

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use exotel_sip::{
    Client, Clock, Config, Credentials, Endpoint, Entropy, Header, HttpResponse, MaybeSend,
};
use exotel_sip_sandbox::{
    begin, finish, Delivery, InProcessTransport, Outcome, Sandbox, SandboxConfig, SandboxRequest,
    State, DEFAULT_EPOCH_MS,
};
use serde_json::Value;

pub const AUTH: &str = "Basic c2FuZGJveF9rZXk6c2FuZGJveF90b2tlbg=="; // sandbox_key:sandbox_token
pub const NOW: u64 = DEFAULT_EPOCH_MS;

/// Virtual time: sleeping advances it at once.
#[derive(Clone, Default)]
pub struct VirtualClock(pub Arc<AtomicU64>);

impl Clock for VirtualClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> + MaybeSend {
        let now = self.0.clone();
        async move {
            now.fetch_add(ms, Ordering::SeqCst);
        }
    }
}

pub struct Fixed;
impl Entropy for Fixed {
    fn next_u64(&self) -> u64 {
        7
    }
}

pub type SandboxClient = Client<InProcessTransport<VirtualClock>, VirtualClock, Fixed>;

/// A core client over an in-process sandbox with the sandbox's default credentials.
pub fn client(sandbox: &Sandbox) -> SandboxClient {
    let clock = VirtualClock::default();
    let cfg = sandbox.config();
    let config = Credentials::new(cfg.api_key, cfg.api_token, cfg.account_sid)
        .and_then(|c| Config::new(c, Endpoint::BaseUrl("http://127.0.0.1:4010".into())))
        .expect("valid config");
    Client::new(config, sandbox.transport(clock.clone(), NOW), clock, Fixed)
}

pub fn sandbox() -> Sandbox {
    Sandbox::new(SandboxConfig::default())
}

/// A raw request, as a socket would deliver it.
pub fn raw(method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> SandboxRequest {
    SandboxRequest {
        method: method.into(),
        target: target.into(),
        headers: headers.iter().map(|(n, v)| Header::new(*n, *v)).collect(),
        body: body.into(),
    }
}

/// An authenticated JSON request.
pub fn api(method: &str, target: &str, body: &str) -> SandboxRequest {
    let mut headers = vec![("Authorization", AUTH), ("Accept", "application/json")];
    if !body.is_empty() {
        headers.push(("Content-Type", "application/json"));
    }
    raw(method, target, &headers, body)
}

/// Runs a request to completion on a state and returns the response.
pub fn call(state: &mut State, now: u64, request: &SandboxRequest) -> HttpResponse {
    let (ticket, outcome) = begin(state, now, request);
    finish(state, ticket, Delivery::Completed);
    match outcome {
        Outcome::Respond { response, .. } => response,
        other => panic!("expected a response, got {other:?}"),
    }
}

pub fn json(response: &HttpResponse) -> Value {
    serde_json::from_str(&response.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", response.body))
}

/// `(http status, inner code, error code, description)` of an answer.
pub fn codes(response: &HttpResponse) -> (u16, Value, Value, String) {
    let v = json(response);
    let item = if v["response"].is_array() {
        v["response"][0].clone()
    } else {
        v["response"].clone()
    };
    (
        response.status,
        item["code"].clone(),
        item["error_data"]["code"].clone(),
        item["error_data"]["description"]
            .as_str()
            .unwrap_or("")
            .to_owned(),
    )
}

pub const ACCOUNT: &str = "/v2/accounts/ameyo5m";

/// A fresh sandbox state with the default configuration.
pub fn state() -> State {
    State::new(SandboxConfig::default())
}

/// An authorized request to `path` under the account (`/trunks…`), at [`NOW`].
pub fn send(state: &mut State, method: &str, path: &str, body: &str) -> HttpResponse {
    call(state, NOW, &api(method, &format!("{ACCOUNT}{path}"), body))
}

/// Creates a trunk by raw request and returns its SID.
pub fn create_trunk(state: &mut State, name: &str) -> String {
    let body = format!(
        r#"{{"trunk_name":"{name}","nso_code":"ANY-ANY","domain_name":"ameyo5m.pstn.exotel.com"}}"#
    );
    let r = send(state, "POST", "/trunks", &body);
    assert_eq!(r.status, 200, "{}", r.body);
    json(&r)["response"]["data"]["trunk_sid"]
        .as_str()
        .expect("sid")
        .to_owned()
}

/// Virtual time with real ordering: a sleep completes only when the driver has
/// advanced time to its end, and the driver advances time only when every task
/// is waiting. A call with a 2 s deadline against a 5 s latency fault times out
/// at exactly 2 s — and no test waits in real time.
#[derive(Clone, Default)]
pub struct SimClock {
    now: Arc<AtomicU64>,
    timers: Arc<std::sync::Mutex<std::collections::BinaryHeap<std::cmp::Reverse<u64>>>>,
}

pub struct Sleep {
    clock: SimClock,
    until: u64,
}

impl Future for Sleep {
    type Output = ();
    fn poll(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.clock.now_ms() >= self.until {
            std::task::Poll::Ready(())
        } else {
            self.clock
                .timers
                .lock()
                .unwrap()
                .push(std::cmp::Reverse(self.until));
            std::task::Poll::Pending
        }
    }
}

impl Clock for SimClock {
    fn now_ms(&self) -> u64 {
        self.now.load(Ordering::SeqCst)
    }
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> + MaybeSend {
        Sleep {
            clock: self.clone(),
            until: self.now_ms().saturating_add(ms),
        }
    }
}

impl SimClock {
    /// Drives `future` to completion on virtual time.
    pub fn run<F: Future>(&self, future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        loop {
            if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
            let now = self.now_ms();
            let next = {
                let mut timers = self.timers.lock().unwrap();
                let mut next = None;
                while let Some(std::cmp::Reverse(t)) = timers.pop() {
                    if t > now {
                        next = Some(t);
                        break;
                    }
                }
                timers.clear();
                next
            };
            // With no timer, something became ready without time passing: poll again.
            if let Some(t) = next {
                self.now.store(t, Ordering::SeqCst);
            }
        }
    }

    /// Polls `future` until virtual time reaches `ms` or it completes; returns it if pending.
    pub fn poll_until<F: Future + Unpin>(&self, future: &mut F, ms: u64) -> Option<F::Output> {
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        loop {
            if let std::task::Poll::Ready(out) = std::pin::Pin::new(&mut *future).poll(&mut cx) {
                return Some(out);
            }
            let next = self
                .timers
                .lock()
                .unwrap()
                .pop()
                .map(|std::cmp::Reverse(t)| t);
            self.timers.lock().unwrap().clear();
            match next {
                Some(t) if t <= ms => self.now.store(t.max(self.now_ms()), Ordering::SeqCst),
                _ => {
                    self.now.store(ms.max(self.now_ms()), Ordering::SeqCst);
                    return None;
                }
            }
        }
    }
}

pub type SimClient = Client<InProcessTransport<SimClock>, SimClock, Fixed>;

/// A client and its sandbox on simulated time; the sandbox's limits as given.
pub fn sim(config: SandboxConfig) -> (Sandbox, SimClient, SimClock) {
    let sandbox = Sandbox::new(config);
    let clock = SimClock::default();
    let cfg = sandbox.config();
    let config = Credentials::new(cfg.api_key, cfg.api_token, cfg.account_sid)
        .and_then(|c| Config::new(c, Endpoint::BaseUrl("http://127.0.0.1:4010".into())))
        .expect("valid config");
    let client = Client::new(
        config,
        sandbox.transport(clock.clone(), NOW),
        clock.clone(),
        Fixed,
    );
    (sandbox, client, clock)
}
