//! How the sandbox judges an account's request rate. Servers count in different
//! ways, so the sandbox offers three models, all on *arrival* times (a request
//! arrives after the sandbox's configured latency):
//!
//! - [`LimiterModel::SlidingWindow`]: at most `rpm` arrivals in any window
//!   `(t − 60 s, t]` (the default, and the strictest);
//! - [`LimiterModel::FixedWindow`]: at most `rpm` in each clock minute;
//! - [`LimiterModel::TokenBucket`]: a bucket of `rpm` tokens refilled at `rpm`
//!   a minute, one token per arrival.
//!
//! With latency, a request that was sent later may arrive earlier than one sent
//! before it. Requests are judged as they begin, so a request is refused when
//! admitting it would put more than the limit into *any* window, its own or a
//! later one: whenever the arrivals break the model, some request draws a 429.

use serde::{Deserialize, Serialize};

/// Which rate-limit model the sandbox applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimiterModel {
    /// At most `rpm` arrivals in any sliding minute.
    #[default]
    SlidingWindow,
    /// At most `rpm` arrivals in each clock minute.
    FixedWindow,
    /// A bucket of `rpm` tokens refilled at `rpm` per minute.
    TokenBucket,
}

impl LimiterModel {
    /// The model's name as in flags and controls (`sliding_window`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            LimiterModel::SlidingWindow => "sliding_window",
            LimiterModel::FixedWindow => "fixed_window",
            LimiterModel::TokenBucket => "token_bucket",
        }
    }

    /// Parses a model name; `-` and `_` are the same.
    pub fn parse(name: &str) -> Option<LimiterModel> {
        match name.replace('-', "_").as_str() {
            "sliding_window" | "sliding" => Some(LimiterModel::SlidingWindow),
            "fixed_window" | "fixed" => Some(LimiterModel::FixedWindow),
            "token_bucket" | "bucket" => Some(LimiterModel::TokenBucket),
            _ => None,
        }
    }
}

/// The limit's window (and the bucket's refill period).
pub const WINDOW_MS: u64 = 60_000;

/// One token of the bucket, in the units the bucket counts (refill is `rpm`
/// units a millisecond: exact integer arithmetic).
const TOKEN: u64 = WINDOW_MS;

/// Arrivals admitted so far, as far as they can still matter.
#[derive(Clone, Debug, Default)]
pub(crate) struct Limiter {
    /// Admitted arrival times, ascending. The windows keep the last minute (or
    /// clock minute); the bucket keeps those not yet folded into `tokens`.
    arrivals: Vec<u64>,
    /// The bucket's content at `settled_ms`, in units; `None` before the first
    /// arrival (the bucket starts full).
    bucket: Option<(u64, u64)>,
}

impl Limiter {
    /// Admits a request arriving at `arrival_ms` under `model` with `rpm` > 0,
    /// or returns in how many milliseconds it could succeed. `now_ms` is when it
    /// began: no later request can arrive before it.
    pub(crate) fn admit(
        &mut self,
        model: LimiterModel,
        rpm: u64,
        now_ms: u64,
        arrival_ms: u64,
    ) -> Result<(), u64> {
        self.forget_before(model, rpm, now_ms);
        let verdict = match model {
            LimiterModel::SlidingWindow => self.sliding(rpm, arrival_ms),
            LimiterModel::FixedWindow => self.fixed(rpm, arrival_ms),
            LimiterModel::TokenBucket => self.bucket(rpm, arrival_ms),
        };
        if verdict.is_ok() {
            let at = self.arrivals.partition_point(|&a| a <= arrival_ms);
            self.arrivals.insert(at, arrival_ms);
        }
        verdict
    }

    /// Arrivals in `[from, to]`.
    fn count(&self, from: u64, to: u64) -> u64 {
        let start = self.arrivals.partition_point(|&a| a < from);
        let end = self.arrivals.partition_point(|&a| a <= to);
        u64::try_from(end.saturating_sub(start)).unwrap_or(u64::MAX)
    }

    fn sliding(&self, rpm: u64, arrival: u64) -> Result<(), u64> {
        // Every window (t − 60 s, t] that holds the arrival ends at it or at a
        // later arrival less than a window after it.
        let later = self
            .arrivals
            .iter()
            .copied()
            .filter(|&e| e > arrival && e < arrival.saturating_add(WINDOW_MS));
        for end in std::iter::once(arrival).chain(later) {
            let from = end.saturating_add(1).saturating_sub(WINDOW_MS);
            if self.count(from, end) >= rpm {
                // Retry when the oldest arrival of the arrival's own window has left it.
                let oldest = self
                    .arrivals
                    .iter()
                    .copied()
                    .find(|&a| a.saturating_add(WINDOW_MS) > arrival)
                    .unwrap_or(arrival);
                return Err(oldest.saturating_add(WINDOW_MS).saturating_sub(arrival));
            }
        }
        Ok(())
    }

    fn fixed(&self, rpm: u64, arrival: u64) -> Result<(), u64> {
        let start = arrival - arrival % WINDOW_MS;
        let end = start.saturating_add(WINDOW_MS - 1);
        if self.count(start, end) >= rpm {
            return Err(end.saturating_add(1).saturating_sub(arrival));
        }
        Ok(())
    }

    fn bucket(&self, rpm: u64, arrival: u64) -> Result<(), u64> {
        let capacity = rpm.saturating_mul(TOKEN);
        // Before any arrival the bucket is full, from the first one on.
        let first = self.arrivals.first().map_or(arrival, |&a| a.min(arrival));
        let (mut tokens, mut at) = self.bucket.unwrap_or((capacity, first));
        let mut own_tokens = None;
        // Replay the pending arrivals with this one in its place.
        let at_index = self.arrivals.partition_point(|&a| a <= arrival);
        let (before, after) = self.arrivals.split_at(at_index);
        let sequence = before
            .iter()
            .map(|&a| (a, false))
            .chain(std::iter::once((arrival, true)))
            .chain(after.iter().map(|&a| (a, false)));
        for (t, own) in sequence {
            tokens = refill(tokens, at, t, rpm);
            at = at.max(t);
            if own {
                own_tokens = Some(tokens);
            }
            if tokens < TOKEN {
                let short = TOKEN - own_tokens.unwrap_or(tokens).min(TOKEN);
                return Err(short.div_ceil(rpm).max(1));
            }
            tokens -= TOKEN;
        }
        Ok(())
    }

    /// Drops what no future arrival (all at or after `now_ms`) can be judged
    /// against; the bucket folds its arrivals up to `now_ms` into its content.
    fn forget_before(&mut self, model: LimiterModel, rpm: u64, now_ms: u64) {
        let keep_from = match model {
            LimiterModel::SlidingWindow => now_ms.saturating_add(1).saturating_sub(WINDOW_MS),
            LimiterModel::FixedWindow => now_ms - now_ms % WINDOW_MS,
            LimiterModel::TokenBucket => {
                let capacity = rpm.saturating_mul(TOKEN);
                let settled = self.arrivals.partition_point(|&a| a <= now_ms);
                for &a in self.arrivals.get(..settled).unwrap_or(&[]) {
                    let (tokens, at) = self.bucket.unwrap_or((capacity, a));
                    let tokens = refill(tokens, at, a, rpm);
                    self.bucket = Some((tokens.saturating_sub(TOKEN), a.max(at)));
                }
                self.arrivals.drain(..settled);
                return;
            }
        };
        let stale = self.arrivals.partition_point(|&a| a < keep_from);
        self.arrivals.drain(..stale);
    }
}

/// The bucket's content at `to` after holding `tokens` at `from`: `rpm` units a
/// millisecond, up to its capacity of `rpm` tokens.
fn refill(tokens: u64, from: u64, to: u64, rpm: u64) -> u64 {
    tokens
        .saturating_add(to.saturating_sub(from).saturating_mul(rpm))
        .min(rpm.saturating_mul(TOKEN))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admit_all(model: LimiterModel, rpm: u64, arrivals: &[u64]) -> Vec<bool> {
        let mut limiter = Limiter::default();
        arrivals
            .iter()
            .map(|&a| limiter.admit(model, rpm, a, a).is_ok())
            .collect()
    }

    #[test]
    fn the_sliding_window_counts_the_last_minute() {
        let got = admit_all(
            LimiterModel::SlidingWindow,
            2,
            &[0, 1, 59_999, 60_000, 60_001],
        );
        assert_eq!(got, vec![true, true, false, true, true]);
    }

    #[test]
    fn the_fixed_window_resets_on_the_minute() {
        let got = admit_all(
            LimiterModel::FixedWindow,
            2,
            &[59_000, 59_999, 60_000, 60_001, 60_002],
        );
        assert_eq!(got, vec![true, true, true, true, false]);
    }

    #[test]
    fn the_bucket_refills_at_the_rate() {
        // 2 tokens, one more every 30 s.
        let got = admit_all(
            LimiterModel::TokenBucket,
            2,
            &[0, 0, 0, 29_999, 30_000, 30_001],
        );
        assert_eq!(got, vec![true, true, false, false, true, false]);
    }

    #[test]
    fn a_request_that_would_overfill_a_later_window_is_refused() {
        let mut limiter = Limiter::default();
        // Sent at 0, it arrives late, at 60 600.
        assert!(limiter
            .admit(LimiterModel::SlidingWindow, 1, 0, 60_600)
            .is_ok());
        // Sent at 1 000 and arriving at once, its own minute is empty, but
        // (600, 60 600] would then hold two.
        assert!(limiter
            .admit(LimiterModel::SlidingWindow, 1, 1_000, 1_000)
            .is_err());
        // Arriving at 1 000 with the late one at 61 001 is fine.
        let mut limiter = Limiter::default();
        assert!(limiter
            .admit(LimiterModel::SlidingWindow, 1, 0, 61_001)
            .is_ok());
        assert!(limiter
            .admit(LimiterModel::SlidingWindow, 1, 1_000, 1_000)
            .is_ok());
        // The bucket judges in arrival order too.
        let mut limiter = Limiter::default();
        assert!(limiter
            .admit(LimiterModel::TokenBucket, 1, 0, 30_000)
            .is_ok());
        assert!(limiter.admit(LimiterModel::TokenBucket, 1, 10, 10).is_err());
    }

    #[test]
    fn refusals_say_when_to_retry() {
        let mut limiter = Limiter::default();
        assert!(limiter
            .admit(LimiterModel::SlidingWindow, 1, 0, 1_000)
            .is_ok());
        assert_eq!(
            limiter.admit(LimiterModel::SlidingWindow, 1, 2_000, 2_000),
            Err(59_000)
        );
        let mut limiter = Limiter::default();
        assert!(limiter
            .admit(LimiterModel::FixedWindow, 1, 0, 1_000)
            .is_ok());
        assert_eq!(
            limiter.admit(LimiterModel::FixedWindow, 1, 2_000, 2_000),
            Err(58_000)
        );
        let mut limiter = Limiter::default();
        assert!(limiter.admit(LimiterModel::TokenBucket, 1, 0, 0).is_ok());
        assert_eq!(
            limiter.admit(LimiterModel::TokenBucket, 1, 15_000, 15_000),
            Err(45_000)
        );
    }
}
