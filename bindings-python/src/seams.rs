//! The host seams as UniFFI foreign traits, and the adapters that plug them into
//! the core: transports (async and blocking), clocks, randomness, event listeners.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use exotel_sip::{
    Clock, Entropy, Event, EventSink, HttpRequest, HttpResponse, MaybeSend, Transport,
    TransportError, TransportErrorKind,
};

/// Why a host transport read no response. No field is named `message` (Kotlin).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum FfiTransportError {
    /// Nothing was sent (refused connection, DNS, TLS): safe to retry.
    #[error("connect: {detail}")]
    Connect {
        /// What happened (never a secret).
        detail: String,
    },
    /// The request's `timeout_ms` passed.
    #[error("timeout: {detail}")]
    Timeout {
        /// What happened.
        detail: String,
    },
    /// The request may have been sent, then the exchange failed.
    #[error("io after send: {detail}")]
    IoAfterSend {
        /// What happened.
        detail: String,
    },
    /// The host cancelled the request.
    #[error("cancelled: {detail}")]
    Cancelled {
        /// What happened.
        detail: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for FfiTransportError {
    /// An exception the host transport did not declare: the request may have been sent.
    fn from(err: uniffi::UnexpectedUniFFICallbackError) -> Self {
        FfiTransportError::IoAfterSend { detail: err.reason }
    }
}

impl From<FfiTransportError> for TransportError {
    fn from(err: FfiTransportError) -> Self {
        let (kind, detail) = match err {
            FfiTransportError::Connect { detail } => (TransportErrorKind::Connect, detail),
            FfiTransportError::Timeout { detail } => (TransportErrorKind::Timeout, detail),
            FfiTransportError::IoAfterSend { detail } => (TransportErrorKind::IoAfterSend, detail),
            FfiTransportError::Cancelled { detail } => (TransportErrorKind::Cancelled, detail),
        };
        TransportError::new(kind, detail)
    }
}

/// A response as a host transport returns it. A record of this crate rather than
/// the core's `HttpResponse`: UniFFI's Kotlin bindings cannot return another
/// crate's record from an async foreign method (mismatched `RustBuffer` types).
#[derive(uniffi::Record)]
pub struct TransportResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: Vec<exotel_sip::Header>,
    /// Body decoded as UTF-8.
    pub body: String,
}

impl From<TransportResponse> for HttpResponse {
    fn from(r: TransportResponse) -> Self {
        HttpResponse::new(r.status, r.headers, r.body)
    }
}

/// An asynchronous HTTP transport supplied by the host (Python: httpx; Kotlin: a
/// coroutine client). Every HTTP status is a response; an error means no response
/// was read. It must honour `timeout_ms` and must not follow redirects.
#[uniffi::export(rust, foreign)]
#[async_trait::async_trait]
pub trait AsyncTransport: Send + Sync {
    /// Sends the request and reads the whole response.
    async fn send(&self, request: HttpRequest) -> Result<TransportResponse, FfiTransportError>;
}

/// A blocking HTTP transport supplied by the host (Python: the standard library).
/// It must enforce `timeout_ms` as a total deadline and must not follow redirects.
#[uniffi::export(rust, foreign)]
pub trait BlockingTransport: Send + Sync {
    /// Sends the request and reads the whole response, blocking the calling thread.
    fn send(&self, request: HttpRequest) -> Result<TransportResponse, FfiTransportError>;
}

/// Receives the client's events (already redacted: no header, body or secret).
#[uniffi::export(foreign)]
pub trait EventListener: Send + Sync {
    /// One event; called inline, keep it quick.
    fn on_event(&self, event: Event);
}

pub(crate) struct AsyncAdapter(pub Arc<dyn AsyncTransport>);

impl Transport for AsyncAdapter {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend {
        let transport = self.0.clone();
        async move {
            transport
                .send(request)
                .await
                .map(HttpResponse::from)
                .map_err(TransportError::from)
        }
    }
}

pub(crate) struct BlockingAdapter(pub Arc<dyn BlockingTransport>);

impl Transport for BlockingAdapter {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend {
        // Runs when first polled, on the thread that drives the call.
        let transport = self.0.clone();
        async move {
            transport
                .send(request)
                .map(HttpResponse::from)
                .map_err(TransportError::from)
        }
    }
}

pub(crate) struct Listener(pub Arc<dyn EventListener>);

impl EventSink for Listener {
    fn on_event(&self, event: &Event) {
        self.0.on_event(event.clone());
    }
}

/// Monotonic milliseconds since the library was loaded.
pub(crate) fn now_ms() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

// ---------------------------------------------------------------------------
// Async sleeping: one timer thread wakes futures at their deadlines, so an
// asyncio (or coroutine) host needs no sleep callback and a dropped sleep costs
// nothing but a stale wake.
//
// Why not a crate: the maintained ones bring more than a timer. async-io's
// `Timer` runs a whole I/O reactor (`polling`, `rustix`) and tokio's needs a
// runtime, in every wheel and jar, for what is a binary heap and a condvar. This
// one is covered by the deadline, backoff and cancellation tests of both hosts.

struct TimerEntry {
    at: Instant,
    seq: u64,
    waker: Waker,
}

impl PartialEq for TimerEntry {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for TimerEntry {}
impl PartialOrd for TimerEntry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for TimerEntry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

struct Timer {
    heap: Mutex<(BinaryHeap<Reverse<TimerEntry>>, u64)>,
    signal: Condvar,
}

fn timer() -> &'static Arc<Timer> {
    static TIMER: OnceLock<Arc<Timer>> = OnceLock::new();
    TIMER.get_or_init(|| {
        let timer = Arc::new(Timer {
            heap: Mutex::new((BinaryHeap::new(), 0)),
            signal: Condvar::new(),
        });
        let worker = timer.clone();
        let spawned = std::thread::Builder::new()
            .name("exotel-sip-timer".into())
            .spawn(move || worker.run());
        // Without the thread async sleeps could not end: that is reported by the
        // first call timing out never, so fail loudly in debug builds only.
        debug_assert!(spawned.is_ok(), "could not start the timer thread");
        timer
    })
}

impl Timer {
    fn run(&self) {
        let mut guard = self.heap.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let now = Instant::now();
            let mut due = Vec::new();
            while let Some(Reverse(top)) = guard.0.peek() {
                if top.at > now {
                    break;
                }
                if let Some(Reverse(entry)) = guard.0.pop() {
                    due.push(entry.waker);
                }
            }
            let next = guard.0.peek().map(|Reverse(e)| e.at);
            if !due.is_empty() {
                drop(guard);
                due.into_iter().for_each(Waker::wake);
                guard = self.heap.lock().unwrap_or_else(|p| p.into_inner());
                continue;
            }
            guard = match next {
                Some(at) => {
                    let wait = at.saturating_duration_since(now);
                    self.signal
                        .wait_timeout(guard, wait)
                        .map(|(g, _)| g)
                        .unwrap_or_else(|p| p.into_inner().0)
                }
                None => self.signal.wait(guard).unwrap_or_else(|p| p.into_inner()),
            };
        }
    }

    fn register(&self, at: Instant, waker: Waker) {
        let mut guard = self.heap.lock().unwrap_or_else(|p| p.into_inner());
        guard.1 += 1;
        let seq = guard.1;
        guard.0.push(Reverse(TimerEntry { at, seq, waker }));
        drop(guard);
        self.signal.notify_one();
    }
}

/// A sleep woken by the timer thread.
pub(crate) struct TimerSleep {
    at: Instant,
    registered: Option<Waker>,
}

impl TimerSleep {
    pub(crate) fn new(ms: u64) -> Self {
        TimerSleep {
            at: Instant::now() + Duration::from_millis(ms),
            registered: None,
        }
    }
}

impl Future for TimerSleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.at {
            return Poll::Ready(());
        }
        let fresh = match &self.registered {
            Some(w) => !w.will_wake(cx.waker()),
            None => true,
        };
        if fresh {
            self.registered = Some(cx.waker().clone());
            timer().register(self.at, cx.waker().clone());
        }
        Poll::Pending
    }
}

/// The async host's clock: monotonic time, sleeps on the timer thread.
pub(crate) struct TimerClock;

impl Clock for TimerClock {
    fn now_ms(&self) -> u64 {
        now_ms()
    }
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> + MaybeSend {
        TimerSleep::new(ms)
    }
}

/// A sleep for a thread driven by `block_on`: sleeps in slices of at most 10 ms
/// and wakes itself, so a future raced against it (a governor slot) is re-polled.
pub(crate) struct SliceSleep {
    at: Instant,
}

impl Future for SliceSleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let now = Instant::now();
        if now >= self.at {
            return Poll::Ready(());
        }
        std::thread::sleep((self.at - now).min(Duration::from_millis(10)));
        if Instant::now() >= self.at {
            return Poll::Ready(());
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// The blocking host's clock.
pub(crate) struct BlockingClock;

impl Clock for BlockingClock {
    fn now_ms(&self) -> u64 {
        now_ms()
    }
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> + MaybeSend {
        SliceSleep {
            at: Instant::now() + Duration::from_millis(ms),
        }
    }
}

/// Retry jitter: splitmix64 over a randomly seeded counter.
pub(crate) struct Rng(AtomicU64);

impl Rng {
    pub(crate) fn new() -> Self {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(now_ms());
        Rng(AtomicU64::new(h.finish()))
    }
}

impl Entropy for Rng {
    fn next_u64(&self) -> u64 {
        let mut z = self
            .0
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl From<HttpResponse> for TransportResponse {
    fn from(r: HttpResponse) -> Self {
        TransportResponse {
            status: r.status,
            headers: r.headers,
            body: r.body,
        }
    }
}
