//! What the fuzz targets share: a configuration whose secrets are known, the
//! invariants every error must keep, a scripted transport and simulated time.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use exotel_sip::{
    Clock, Config, Credentials, Endpoint, Entropy, Error, Event, EventSink, HttpRequest,
    HttpResponse, MaybeSend, Region, Transport, TransportError, TransportErrorKind,
};

pub const ACCOUNT: &str = "ameyo5m";
pub const KEY: &str = "fuzzkey";
pub const TOKEN: &str = "fuzz-t0ken-S3CRET";
/// base64("fuzzkey:fuzz-t0ken-S3CRET")
pub const BASIC: &str = "ZnV6emtleTpmdXp6LXQwa2VuLVMzQ1JFVA==";
pub const SID: &str = "trmum1f708622631150902801a1n";

pub fn config() -> Config {
    let credentials = Credentials::new(KEY, TOKEN, ACCOUNT).expect("valid credentials");
    Config::new(credentials, Endpoint::Region(Region::Mumbai)).expect("valid config")
}

/// Panics if a text holds a secret (the token, `key:token`, its base64 form).
pub fn assert_no_secret(what: &str, text: &str) {
    for secret in [TOKEN, BASIC] {
        assert!(!text.contains(secret), "{what} leaks a secret: {text}");
    }
}

/// Every string form of an error: no secret, and its message on one line.
pub fn check_error(err: &Error) {
    let shown = err.to_string();
    assert_no_secret("Display", &shown);
    assert!(
        !shown.chars().any(|c| c == '\n' || c == '\r'),
        "a message spans lines: {shown:?}"
    );
    assert_no_secret("Debug", &format!("{err:?}"));
    // The JSON's decoded strings, not its text: an escape such as `\u001f` can
    // spell a secret together with the characters after it.
    if let Ok(value) = serde_json::to_value(err) {
        check_strings(&value);
    }
}

fn check_strings(value: &serde_json::Value) {
    match value {
        serde_json::Value::String(text) => assert_no_secret("JSON", text),
        serde_json::Value::Array(items) => items.iter().for_each(check_strings),
        serde_json::Value::Object(fields) => fields.values().for_each(check_strings),
        _ => {}
    }
}

/// The body of a fuzz input's text: every byte kept (invalid UTF-8 replaced).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Splits an input at `0xFF` bytes into at most `n` parts.
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    data.splitn(n, |&b| b == 0xFF).collect()
}

/// A transport that answers from a script, then fails to connect; it records
/// what it was sent and checks that no secret ever enters a URL.
#[derive(Default)]
pub struct Scripted {
    pub replies: Mutex<Vec<Result<HttpResponse, TransportError>>>,
    pub sent: Mutex<Vec<HttpRequest>>,
}

impl Scripted {
    /// Replies in order (the first is answered first).
    pub fn new(mut replies: Vec<Result<HttpResponse, TransportError>>) -> Self {
        replies.reverse();
        Scripted {
            replies: Mutex::new(replies),
            sent: Mutex::new(Vec::new()),
        }
    }

    pub fn sent(&self) -> usize {
        self.sent.lock().map(|s| s.len()).unwrap_or(0)
    }
}

impl Transport for &Scripted {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend {
        assert_no_secret("a URL", &request.url);
        let reply = self
            .replies
            .lock()
            .ok()
            .and_then(|mut r| r.pop())
            .unwrap_or_else(|| {
                Err(TransportError::new(
                    TransportErrorKind::Connect,
                    "script ended",
                ))
            });
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(request);
        }
        async move { reply }
    }
}

/// Simulated time: a sleep, when polled, moves the clock on at once.
#[derive(Clone, Default)]
pub struct SimClock(pub Arc<AtomicU64>);

impl Clock for SimClock {
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

/// Entropy from the fuzz input (backoff jitter).
pub struct Fixed(pub u64);

impl Entropy for Fixed {
    fn next_u64(&self) -> u64 {
        self.0
    }
}

/// Checks every event for secrets as it is emitted.
pub struct CheckedEvents;

impl EventSink for CheckedEvents {
    fn on_event(&self, event: &Event) {
        assert_no_secret("an event", &format!("{event:?}"));
    }
}

/// Polls a future to its end, at most `max_polls` times: every call must end
/// without waiting on anything but its own simulated sleeps.
pub fn run<F: Future>(future: F, max_polls: usize) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..max_polls {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
    panic!("the call did not end within {max_polls} polls");
}
