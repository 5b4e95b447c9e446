//! The rate governor: a sliding log of send times, a bound on calls in flight,
//! and the server's own feedback.
//!
//! Exotel counts *arrivals* per account: 200 in a minute, 50 at once. The
//! governor admits a call at once while fewer than `requests_per_minute` were
//! sent in the last `60 s + latency_margin_ms` (and fewer than
//! `requests_per_second` in the last `1 s + latency_margin_ms`); otherwise the
//! call waits until the oldest of those sends leaves the window.
//!
//! **The guarantee.** Any `limit + 1` sends then span at least the window plus
//! the margin, so while the latency between a send and its arrival varies by
//! less than the margin, any `limit + 1` *arrivals* span at least the bare
//! window: no minute of arrivals holds more than the limit, whether the server
//! counts a sliding minute, fixed clock minutes or a token bucket of `limit`
//! refilled `limit` per minute. A host timer that fires late counts against the
//! margin too. Throughput stays within `60 / (60 + margin)` of the limit.
//!
//! The server tightens it: a 429 pauses every call of the account until its
//! `Retry-After`; `X-RateLimit-Limit` lowers the per-minute limit and
//! `X-RateLimit-Remaining`/`-Reset` cap the sends until the reset. Memory is a
//! log of at most `limit` send times per window. One governor per account:
//! share it (`Arc`) between clients.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use crate::envelope::parse_http_date;
use crate::http::HttpResponse;

/// Default margin added to each window for the spread of network latency.
pub const DEFAULT_LATENCY_MARGIN_MS: u32 = 500;

/// How many calls, how fast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RateLimit {
    /// Requests in any minute; 0 = no per-minute limit. Exotel's: 200.
    pub requests_per_minute: u32,
    /// Requests in any one second (the short-window cap); 0 = off. Default 20.
    pub requests_per_second: u32,
    /// Calls in flight at once; 0 = unlimited. Exotel's: 50.
    pub max_in_flight: u32,
    /// Added to each window so that sends spread by network latency still
    /// *arrive* within the limits: set it to the spread you expect between the
    /// fastest and the slowest request (default 500 ms).
    pub latency_margin_ms: u32,
}

impl Default for RateLimit {
    /// Exotel's documented limits (200 a minute, 50 in flight), at most 20 a
    /// second, a 500 ms latency margin.
    fn default() -> Self {
        RateLimit {
            requests_per_minute: 200,
            requests_per_second: 20,
            max_in_flight: 50,
            latency_margin_ms: DEFAULT_LATENCY_MARGIN_MS,
        }
    }
}

impl RateLimit {
    /// No rate limit and no in-flight limit.
    pub fn unlimited() -> Self {
        RateLimit {
            requests_per_minute: 0,
            requests_per_second: 0,
            max_in_flight: 0,
            ..RateLimit::default()
        }
    }
}

/// What a server said about its limits in `X-RateLimit-*` headers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerLimits {
    /// `X-RateLimit-Limit`: requests allowed per window.
    pub limit: Option<u32>,
    /// `X-RateLimit-Remaining`: requests left in the current window.
    pub remaining: Option<u32>,
    /// `X-RateLimit-Reset`, in milliseconds from the response: delay-seconds, or
    /// epoch seconds measured against the response's `Date`.
    pub reset_ms: Option<u64>,
}

impl ServerLimits {
    /// The `X-RateLimit-*` headers of a response, if it has any.
    pub fn from_response(response: &HttpResponse) -> Option<ServerLimits> {
        let number = |name: &str| response.header(name)?.trim().parse::<u64>().ok();
        let limit = number("x-ratelimit-limit").map(clamp_u32);
        let remaining = number("x-ratelimit-remaining").map(clamp_u32);
        let reset_ms = number("x-ratelimit-reset").and_then(|reset| {
            // Large values are a Unix time (as some servers send), small ones a delay.
            if reset < 1_000_000_000 {
                return Some(reset.saturating_mul(1000));
            }
            let now = parse_http_date(response.header("date")?.trim())?;
            Some(reset.saturating_sub(now).saturating_mul(1000))
        });
        if limit.is_none() && remaining.is_none() && reset_ms.is_none() {
            return None;
        }
        Some(ServerLimits {
            limit,
            remaining,
            reset_ms,
        })
    }
}

fn clamp_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The most recent send times and the window they are judged in.
#[derive(Debug)]
struct Window {
    /// Sends allowed per window as configured; 0 = off.
    limit: usize,
    /// The window's length with the margin.
    length_ms: u64,
    /// The last `limit` send times, a ring once full: the oldest at `head`. (A
    /// plain vector rather than a `VecDeque`: less code in the WebAssembly build.)
    sends: Vec<u64>,
    head: usize,
}

impl Window {
    fn new(limit: u32, base_ms: u64, margin_ms: u32) -> Self {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        Window {
            limit,
            length_ms: base_ms + u64::from(margin_ms),
            sends: Vec::new(),
            head: 0,
        }
    }

    /// The `k`-th most recent send (1 = the last), if there were that many.
    fn recent(&self, k: usize) -> Option<u64> {
        let len = self.sends.len();
        if k == 0 || k > len {
            return None;
        }
        // Sends are in order from `head` (0 until the ring is full).
        let at = (self.head + len - k) % len;
        self.sends.get(at).copied()
    }

    /// The earliest time at or after `at` at which one more send keeps at most
    /// `limit` sends in any window (`limit` may have been lowered by the server).
    fn earliest(&self, at: u64, limit: usize) -> u64 {
        if limit == 0 {
            return at;
        }
        // The limit-th most recent send must have left the window.
        match self.recent(limit) {
            Some(oldest) => at.max(oldest.saturating_add(self.length_ms)),
            None => at,
        }
    }

    fn record(&mut self, at: u64) {
        if self.limit == 0 {
            return;
        }
        if self.sends.len() < self.limit {
            self.sends.push(at);
        } else if let Some(slot) = self.sends.get_mut(self.head) {
            *slot = at;
            self.head = (self.head + 1) % self.sends.len();
        }
    }
}

/// Sends the server still allows until a time (`X-RateLimit-Remaining`/`-Reset`).
#[derive(Debug, Clone, Copy)]
struct Budget {
    remaining: u32,
    until_ms: u64,
}

/// Everything the reservations are judged against.
#[derive(Debug)]
struct Log {
    minute: Window,
    second: Window,
    /// No send before this (a 429's `Retry-After`, or no requests remaining).
    paused_until_ms: u64,
    /// The latest send reserved.
    last_ms: u64,
    /// `X-RateLimit-Limit`, when lower than the configured per-minute limit.
    server_limit: Option<usize>,
    budget: Option<Budget>,
}

#[derive(Debug, Default)]
struct Slots {
    available: u32,
    waiters: VecDeque<(u64, Option<Waker>)>,
    next_waiter: u64,
}

/// Admits sends within the limits and bounds calls in flight.
#[derive(Debug)]
pub struct Governor {
    limit: RateLimit,
    log: Mutex<Log>,
    slots: Mutex<Slots>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Governor {
    /// A governor for these limits.
    pub fn new(limit: RateLimit) -> Self {
        Governor {
            limit,
            log: Mutex::new(Log {
                minute: Window::new(limit.requests_per_minute, 60_000, limit.latency_margin_ms),
                second: Window::new(limit.requests_per_second, 1_000, limit.latency_margin_ms),
                paused_until_ms: 0,
                last_ms: 0,
                server_limit: None,
                budget: None,
            }),
            slots: Mutex::new(Slots {
                available: limit.max_in_flight,
                ..Slots::default()
            }),
        }
    }

    /// The limits as configured.
    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Reserves a send at the earliest time the limits allow from `now_ms` and
    /// returns how long to wait for it; or `Err(wait)`, reserving nothing, if
    /// that is more than `max_wait_ms`.
    pub fn reserve(&self, now_ms: u64, max_wait_ms: u64) -> Result<u64, u64> {
        let mut log = lock(&self.log);
        let minute_limit = match log.server_limit {
            Some(server) => server.min(log.minute.limit),
            None => log.minute.limit,
        };
        // Never before an earlier reservation: sends stay in order, and so do the logs.
        let mut at = now_ms.max(log.paused_until_ms).max(log.last_ms);
        at = log.minute.earliest(at, minute_limit);
        at = log.second.earliest(at, log.second.limit);
        // A later time still satisfies both windows: their sends are all before `at`.
        let wait = at - now_ms;
        // A wait that reaches the deadline could only end in a timeout: fail now.
        if wait > 0 && wait >= max_wait_ms {
            return Err(wait);
        }
        log.minute.record(at);
        log.second.record(at);
        log.last_ms = at;
        log.budget = match log.budget {
            Some(b) if at < b.until_ms => {
                let remaining = b.remaining.saturating_sub(1);
                if remaining == 0 {
                    // The server allows no more until its reset: hold every call back.
                    log.paused_until_ms = log.paused_until_ms.max(b.until_ms);
                    None
                } else {
                    Some(Budget { remaining, ..b })
                }
            }
            _ => None,
        };
        Ok(wait)
    }

    /// The host-clock time before which no call is sent (0 when never paused).
    pub fn paused_until_ms(&self) -> u64 {
        lock(&self.log).paused_until_ms
    }

    /// A 429 with `Retry-After` (or none: 1 s): no call of the account is sent
    /// before it has passed. Returns how long every call now holds back.
    pub fn pause(&self, now_ms: u64, retry_after_ms: Option<u64>) -> u64 {
        let pause_ms = retry_after_ms.unwrap_or(1_000);
        let mut log = lock(&self.log);
        log.paused_until_ms = log.paused_until_ms.max(now_ms.saturating_add(pause_ms));
        log.paused_until_ms.saturating_sub(now_ms)
    }

    /// Takes in a server's `X-RateLimit-*` headers; `Some` when they made the
    /// governor stricter than it was, with how long every call now holds back.
    pub fn observe(&self, now_ms: u64, server: ServerLimits) -> Option<u64> {
        let others_in_flight = self.in_flight().saturating_sub(1);
        let mut log = lock(&self.log);
        let mut tighter = false;
        if let Some(limit) = server.limit.filter(|&l| l > 0) {
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            let current = log.server_limit.unwrap_or(log.minute.limit);
            // Only ever lower a limit that is set: a window that is off keeps no log.
            if log.minute.limit > 0 && limit < current {
                log.server_limit = Some(limit);
                tighter = true;
            }
        }
        if let Some(remaining) = server.remaining {
            // Calls already on their way will be counted too (known only when
            // calls in flight are bounded, which they are by default).
            let remaining = remaining.saturating_sub(others_in_flight);
            // Without a reset time the budget lasts one window.
            let span = server.reset_ms.unwrap_or(log.minute.length_ms.max(60_000));
            let until_ms = now_ms.saturating_add(span);
            if remaining == 0 {
                log.paused_until_ms = log.paused_until_ms.max(until_ms);
                tighter = true;
            }
            log.budget = Some(Budget {
                remaining,
                until_ms,
            });
        }
        tighter.then(|| log.paused_until_ms.saturating_sub(now_ms))
    }

    /// Calls holding an in-flight slot now (0 when in flight is unlimited).
    fn in_flight(&self) -> u32 {
        let slots = lock(&self.slots);
        self.limit.max_in_flight.saturating_sub(slots.available)
    }

    /// Waits for an in-flight slot (at once when unlimited). Dropping the future
    /// gives up its place in the queue.
    pub fn acquire(&self) -> Acquire<'_> {
        Acquire {
            governor: self,
            ticket: None,
        }
    }
}

/// A slot for one call in flight; released on drop.
#[derive(Debug)]
pub struct Permit<'g> {
    governor: Option<&'g Governor>,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if let Some(g) = self.governor {
            let mut slots = lock(&g.slots);
            slots.available += 1;
            if let Some((_, Some(waker))) = slots.waiters.front() {
                waker.wake_by_ref();
            }
        }
    }
}

/// Future of [`Governor::acquire`].
#[derive(Debug)]
pub struct Acquire<'g> {
    governor: &'g Governor,
    ticket: Option<u64>,
}

impl<'g> Future for Acquire<'g> {
    type Output = Permit<'g>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Permit<'g>> {
        let governor = self.governor;
        if governor.limit.max_in_flight == 0 {
            return Poll::Ready(Permit { governor: None });
        }
        let mut slots = lock(&governor.slots);
        let first_in_line = match self.ticket {
            None => slots.waiters.is_empty(),
            Some(id) => slots.waiters.front().is_some_and(|(w, _)| *w == id),
        };
        if first_in_line && slots.available > 0 {
            slots.available -= 1;
            if self.ticket.take().is_some() {
                slots.waiters.pop_front();
            }
            // The next in line may also find a free slot.
            if let (true, Some((_, Some(waker)))) = (slots.available > 0, slots.waiters.front()) {
                waker.wake_by_ref();
            }
            return Poll::Ready(Permit {
                governor: Some(governor),
            });
        }
        match self.ticket {
            Some(id) => {
                if let Some(entry) = slots.waiters.iter_mut().find(|(w, _)| *w == id) {
                    entry.1 = Some(cx.waker().clone());
                }
            }
            None => {
                let id = slots.next_waiter;
                slots.next_waiter += 1;
                slots.waiters.push_back((id, Some(cx.waker().clone())));
                drop(slots);
                self.ticket = Some(id);
            }
        }
        Poll::Pending
    }
}

impl Drop for Acquire<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.ticket {
            let mut slots = lock(&self.governor.slots);
            slots.waiters.retain(|(w, _)| *w != id);
            if slots.available > 0 {
                if let Some((_, Some(waker))) = slots.waiters.front() {
                    waker.wake_by_ref();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(rpm: u32, rps: u32, margin: u32) -> RateLimit {
        RateLimit {
            requests_per_minute: rpm,
            requests_per_second: rps,
            max_in_flight: 0,
            latency_margin_ms: margin,
        }
    }

    /// Reserves `n` sends, each as soon as allowed after the previous; their times.
    fn run(g: &Governor, n: usize, mut now: u64) -> Vec<u64> {
        (0..n)
            .map(|_| {
                now += g.reserve(now, u64::MAX).unwrap_or(0);
                now
            })
            .collect()
    }

    #[test]
    fn a_small_setup_never_waits() {
        let g = Governor::new(RateLimit::default());
        assert!(run(&g, 20, 1_000).iter().all(|&t| t == 1_000));
    }

    #[test]
    fn no_window_plus_margin_ever_holds_more_than_the_limit() {
        let g = Governor::new(limit(600, 0, 500));
        let sent = run(&g, 2_000, 0);
        for (i, &t) in sent.iter().enumerate() {
            let in_window = sent[..=i].iter().filter(|&&s| s + 60_500 > t).count();
            assert!(in_window <= 600, "{in_window} in the window ending at {t}");
        }
        // And at the limit: 600 at once, then 600 every 60.5 s.
        assert_eq!(sent[599], 0);
        assert_eq!(sent[600], 60_500);
        assert_eq!(sent[1_999], 3 * 60_500);
        assert!(
            g.log.lock().unwrap().minute.sends.len() <= 600,
            "bounded log"
        );
    }

    #[test]
    fn the_short_window_caps_a_burst() {
        let g = Governor::new(limit(200, 20, 500));
        let sent = run(&g, 45, 0);
        assert!(sent[..20].iter().all(|&t| t == 0));
        assert_eq!(sent[20], 1_500);
        assert_eq!(sent[40], 3_000);
    }

    #[test]
    fn a_wait_beyond_the_budget_reserves_nothing() {
        let g = Governor::new(limit(1, 0, 0));
        assert_eq!(g.reserve(0, 0), Ok(0));
        assert_eq!(g.reserve(0, 100), Err(60_000));
        // A wait that reaches the deadline would only time out at it.
        assert_eq!(g.reserve(0, 60_000), Err(60_000));
        assert_eq!(g.reserve(0, 60_001), Ok(60_000));
    }

    #[test]
    fn reservations_stay_in_order_around_a_pause() {
        let g = Governor::new(limit(200, 2, 0));
        // Two now, two at 1 s (the short window); then a pause until 500 ms.
        assert_eq!(run(&g, 4, 0), vec![0, 0, 1_000, 1_000]);
        g.pause(0, Some(500));
        // A call asking at 600 ms goes after those already reserved, never before.
        assert_eq!(g.reserve(600, u64::MAX), Ok(1_400));
        let log = g.log.lock().unwrap();
        assert_eq!(log.second.recent(1), Some(2_000));
    }

    #[test]
    fn a_429_pauses_every_call() {
        let g = Governor::new(RateLimit::default());
        assert_eq!(g.pause(1_000, Some(3_000)), 3_000);
        assert_eq!(g.paused_until_ms(), 4_000);
        assert_eq!(g.reserve(2_000, u64::MAX), Ok(2_000));
        // A shorter pause never shortens a longer one.
        assert_eq!(g.pause(2_000, Some(500)), 2_000);
        assert_eq!(g.pause(5_000, None), 1_000);
    }

    #[test]
    fn server_headers_tighten_but_never_loosen() {
        let g = Governor::new(limit(200, 0, 0));
        // Plenty remaining: nothing changes.
        let plenty = ServerLimits {
            limit: Some(200),
            remaining: Some(150),
            reset_ms: Some(30_000),
        };
        assert_eq!(g.observe(0, plenty), None);
        assert_eq!(g.reserve(0, u64::MAX), Ok(0));
        // None remaining: every call waits for the reset.
        let none_left = ServerLimits {
            remaining: Some(0),
            ..plenty
        };
        assert_eq!(g.observe(0, none_left), Some(30_000));
        assert_eq!(g.reserve(1_000, u64::MAX), Ok(29_000));
        // A lower limit is adopted; a higher one is ignored.
        let g = Governor::new(limit(200, 0, 0));
        let lower = ServerLimits {
            limit: Some(2),
            remaining: None,
            reset_ms: None,
        };
        assert!(g.observe(0, lower).is_some());
        assert_eq!(run(&g, 3, 0), vec![0, 0, 60_000]);
        let higher = ServerLimits {
            limit: Some(500),
            ..lower
        };
        assert_eq!(g.observe(0, higher), None);
    }

    #[test]
    fn two_remaining_allow_two_sends_before_the_reset() {
        let g = Governor::new(limit(200, 0, 0));
        let two = ServerLimits {
            limit: None,
            remaining: Some(2),
            reset_ms: Some(10_000),
        };
        g.observe(0, two);
        // All asked for at 0: two go, every later one waits for the reset.
        let waits: Vec<u64> = (0..4).map(|_| g.reserve(0, u64::MAX).unwrap()).collect();
        assert_eq!(waits, vec![0, 0, 10_000, 10_000]);
    }

    #[test]
    fn headers_are_read_as_delays_or_unix_times() {
        let response = |headers: Vec<crate::Header>| HttpResponse::new(200, headers, "");
        let h = crate::Header::new;
        assert_eq!(ServerLimits::from_response(&response(vec![])), None);
        let delay = response(vec![
            h("X-RateLimit-Limit", "200"),
            h("X-RateLimit-Remaining", "7"),
            h("X-RateLimit-Reset", "12"),
        ]);
        assert_eq!(
            ServerLimits::from_response(&delay),
            Some(ServerLimits {
                limit: Some(200),
                remaining: Some(7),
                reset_ms: Some(12_000)
            })
        );
        // 1784111780 is Wed, 15 Jul 2026 10:36:20 GMT: 3 s after the response.
        let unix = response(vec![
            h("x-ratelimit-reset", "1784111780"),
            h("Date", "Wed, 15 Jul 2026 10:36:17 GMT"),
        ]);
        assert_eq!(
            ServerLimits::from_response(&unix).and_then(|s| s.reset_ms),
            Some(3_000)
        );
    }

    #[test]
    fn in_flight_slots_are_bounded_and_released() {
        use std::task::Wake;
        struct Noop;
        impl Wake for Noop {
            fn wake(self: std::sync::Arc<Self>) {}
        }
        let waker = Waker::from(std::sync::Arc::new(Noop));
        let mut cx = Context::from_waker(&waker);
        let g = Governor::new(RateLimit {
            max_in_flight: 1,
            ..RateLimit::unlimited()
        });
        let mut first = Box::pin(g.acquire());
        let permit = match first.as_mut().poll(&mut cx) {
            Poll::Ready(p) => p,
            Poll::Pending => unreachable!("a free slot"),
        };
        assert_eq!(g.in_flight(), 1);
        let mut second = Box::pin(g.acquire());
        assert!(second.as_mut().poll(&mut cx).is_pending());
        drop(permit);
        assert!(second.as_mut().poll(&mut cx).is_ready());
    }
}
