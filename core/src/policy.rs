//! Retry policy and per-call options.

use crate::error::{Error, TransportErrorKind};
use crate::http::Method;

/// How failed attempts are retried: exponential backoff with full jitter.
///
/// What is retried depends on the method: GET, PUT and DELETE on 429, 5xx,
/// undecodable answers and transport errors; POST only on 429 and on `connect`
/// errors (nothing was sent) — a POST that may have been applied is never sent
/// blindly again (the `ensure_*` calls resolve it by listing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// Backoff ceiling of the first retry; doubles each attempt.
    pub base_delay_ms: u32,
    /// Largest backoff before one retry.
    pub max_delay_ms: u32,
    /// Time from the first attempt after which no retry starts.
    pub max_elapsed_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay_ms: 250,
            max_delay_ms: 8_000,
            max_elapsed_ms: 60_000,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Full jitter: a uniform delay in `[0, min(max, base × 2^(retry − 1))]`.
    pub fn backoff_ms(&self, retry: u32, random: u64) -> u64 {
        let exp =
            u64::from(self.base_delay_ms).saturating_mul(1u64 << retry.saturating_sub(1).min(30));
        let ceiling = exp.min(u64::from(self.max_delay_ms));
        random % (ceiling + 1)
    }
}

/// Overrides for one call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CallOptions {
    /// Deadline of the whole call (governor wait, attempts, backoff); `None` = the client's.
    pub timeout_ms: Option<u32>,
    /// Retry policy; `None` = the client's.
    pub retry: Option<RetryPolicy>,
}

/// Why an error may be retried for this method, or `None`.
pub fn retry_reason(method: Method, err: &Error) -> Option<&'static str> {
    let idempotent = method != Method::Post;
    match err {
        Error::RateLimited { .. } => Some("rate_limited"),
        Error::Transport {
            kind: TransportErrorKind::Connect,
            ..
        } => Some("connect"),
        Error::Transport {
            kind: TransportErrorKind::IoAfterSend | TransportErrorKind::Timeout,
            ..
        } if idempotent => Some("io_after_send"),
        Error::Api { status, .. } if idempotent && *status >= 500 => Some("server_error"),
        Error::Decode { .. } if idempotent => Some("decode"),
        _ => None,
    }
}

/// Whether a sent request may have been applied although no result was read:
/// the case `ensure_*` resolves by listing.
pub fn outcome_unknown(err: &Error) -> bool {
    match err {
        Error::Transport { kind, .. } => {
            matches!(
                kind,
                TransportErrorKind::IoAfterSend | TransportErrorKind::Timeout
            )
        }
        Error::Timeout { .. } | Error::Decode { .. } => true,
        Error::Api { status, .. } => *status >= 500,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff_ms(1, u64::MAX), u64::MAX % 251);
        assert!((0..1000).all(|r| p.backoff_ms(1, r) <= 250));
        assert!((0..1000).all(|r| p.backoff_ms(3, r) <= 1000));
        assert!((0..100_000).step_by(7).all(|r| p.backoff_ms(40, r) <= 8000));
        assert_eq!(p.backoff_ms(2, 500), 500);
    }

    #[test]
    fn post_is_only_retried_when_nothing_was_applied() {
        let io = Error::Transport {
            kind: TransportErrorKind::IoAfterSend,
            detail: String::new(),
        };
        let five = Error::Api {
            status: 503,
            code: None,
            summary: None,
            description: String::new(),
            request_id: None,
        };
        let connect = Error::Transport {
            kind: TransportErrorKind::Connect,
            detail: String::new(),
        };
        let cancelled = Error::Transport {
            kind: TransportErrorKind::Cancelled,
            detail: String::new(),
        };
        assert_eq!(retry_reason(Method::Post, &io), None);
        assert_eq!(retry_reason(Method::Post, &five), None);
        assert_eq!(retry_reason(Method::Post, &connect), Some("connect"));
        assert_eq!(retry_reason(Method::Get, &io), Some("io_after_send"));
        assert_eq!(retry_reason(Method::Delete, &five), Some("server_error"));
        assert_eq!(retry_reason(Method::Get, &cancelled), None);
    }
}
