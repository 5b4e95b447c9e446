//! The rate governor: spaced emission (GCRA) plus a limit on calls in flight.
//!
//! A plain token bucket that refills 200 tokens a minute can let 400 requests
//! into one sliding minute (a full bucket, then a refill) and draw 429s. GCRA
//! instead spaces requests `60 000 ms / limit` apart (× 1.02, so timer jitter can
//! never squeeze limit + 1 arrivals into one window), allowing `burst` back to
//! back. One governor per account: share it (`Arc`) between clients.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

/// How fast and how many at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RateLimit {
    /// Requests per minute; 0 turns spacing off.
    pub requests_per_minute: u32,
    /// Requests that may go back to back before spacing applies (at least 1).
    pub burst: u32,
    /// Calls in flight at once; 0 = unlimited.
    pub max_in_flight: u32,
}

impl Default for RateLimit {
    /// Exotel's documented limits: 200 per minute, 50 concurrent, burst 1.
    fn default() -> Self {
        RateLimit {
            requests_per_minute: 200,
            burst: 1,
            max_in_flight: 50,
        }
    }
}

impl RateLimit {
    /// No spacing and no in-flight limit.
    pub fn unlimited() -> Self {
        RateLimit {
            requests_per_minute: 0,
            burst: 1,
            max_in_flight: 0,
        }
    }
}

/// Safety margin on the spacing, in percent.
const SPACING_MARGIN_PERCENT: u64 = 102;

#[derive(Debug, Default)]
struct Slots {
    available: u32,
    waiters: VecDeque<(u64, Option<Waker>)>,
    next_waiter: u64,
}

/// Spaces requests and bounds calls in flight.
#[derive(Debug)]
pub struct Governor {
    limit: RateLimit,
    /// Microseconds between emissions (0 = no spacing).
    spacing_us: u64,
    /// Theoretical arrival time of the next request, in µs of the host clock.
    tat_us: Mutex<u64>,
    slots: Mutex<Slots>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Governor {
    /// A governor for these limits.
    pub fn new(limit: RateLimit) -> Self {
        let spacing_us = match u64::from(limit.requests_per_minute) {
            0 => 0,
            rpm => (60_000_000 * SPACING_MARGIN_PERCENT / 100).div_ceil(rpm),
        };
        Governor {
            limit,
            spacing_us,
            tat_us: Mutex::new(0),
            slots: Mutex::new(Slots {
                available: limit.max_in_flight,
                ..Slots::default()
            }),
        }
    }

    /// The limits.
    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Milliseconds between two emissions (0 when spacing is off).
    pub fn spacing_ms(&self) -> f64 {
        self.spacing_us as f64 / 1000.0
    }

    /// Reserves the next emission slot at `now_ms` and returns how long to wait
    /// for it, or `Err(wait)` without reserving if that exceeds `max_wait_ms`.
    pub fn reserve(&self, now_ms: u64, max_wait_ms: u64) -> Result<u64, u64> {
        if self.spacing_us == 0 {
            return Ok(0);
        }
        let now_us = now_ms.saturating_mul(1000);
        let tolerance = self.spacing_us * u64::from(self.limit.burst.max(1) - 1);
        let mut tat = lock(&self.tat_us);
        let start = (*tat).max(now_us);
        let wait_ms = start.saturating_sub(now_us + tolerance).div_ceil(1000);
        if wait_ms > max_wait_ms {
            return Err(wait_ms);
        }
        *tat = start + self.spacing_us;
        Ok(wait_ms)
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

    #[test]
    fn spacing_has_a_safety_margin() {
        let g = Governor::new(RateLimit::default());
        // 60 000 / 200 = 300 ms, × 1.02 = 306 ms.
        assert_eq!(g.spacing_ms(), 306.0);
    }

    #[test]
    fn never_admits_more_than_the_limit_in_any_window() {
        let g = Governor::new(RateLimit {
            requests_per_minute: 600,
            burst: 1,
            max_in_flight: 0,
        });
        let mut now = 0u64;
        let mut sent = Vec::new();
        for _ in 0..2000 {
            let wait = g.reserve(now, u64::MAX).unwrap_or(0);
            now += wait;
            sent.push(now);
        }
        // Any 60 s window (t - 60 s, t] holds at most 600.
        for (i, &t) in sent.iter().enumerate() {
            let in_window = sent[..=i].iter().filter(|&&s| s + 60_000 > t).count();
            assert!(in_window <= 600, "{in_window} in the window ending at {t}");
        }
        // And it is not much slower than the limit: 2000 in about 2000 × 102 ms.
        assert!(now <= 2000 * 102, "{now}");
    }

    #[test]
    fn a_burst_goes_back_to_back() {
        let g = Governor::new(RateLimit {
            requests_per_minute: 60,
            burst: 3,
            max_in_flight: 0,
        });
        let waits: Vec<u64> = (0..4)
            .map(|_| g.reserve(0, u64::MAX).unwrap_or(0))
            .collect();
        assert_eq!(waits, vec![0, 0, 0, 1020]);
    }

    #[test]
    fn a_wait_beyond_the_budget_reserves_nothing() {
        let g = Governor::new(RateLimit {
            requests_per_minute: 60,
            burst: 1,
            max_in_flight: 0,
        });
        assert_eq!(g.reserve(0, 0), Ok(0));
        assert_eq!(g.reserve(0, 100), Err(1020));
        assert_eq!(g.reserve(0, 2000), Ok(1020));
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
            requests_per_minute: 0,
            burst: 1,
            max_in_flight: 1,
        });
        let mut first = Box::pin(g.acquire());
        let permit = match first.as_mut().poll(&mut cx) {
            Poll::Ready(p) => p,
            Poll::Pending => unreachable!("a free slot"),
        };
        let mut second = Box::pin(g.acquire());
        assert!(second.as_mut().poll(&mut cx).is_pending());
        drop(permit);
        assert!(second.as_mut().poll(&mut cx).is_ready());
    }
}
