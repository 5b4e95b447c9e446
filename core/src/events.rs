//! A structured, redacted stream of what the client does, for logs and metrics.
//!
//! Events carry operation names, methods, URLs (which never hold credentials),
//! statuses, timings and request ids — never a header, a body or a secret.

use serde::Serialize;

use crate::seams::{MaybeSend, MaybeSync};

/// One thing the client did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Event {
    /// An attempt is about to be sent.
    RequestStart {
        /// Operation, e.g. `map_phone_number`.
        operation: String,
        /// HTTP method.
        method: String,
        /// URL (no credentials are ever part of it).
        url: String,
        /// 1 for the first attempt.
        attempt: u32,
    },
    /// An attempt ended, with a response or an error.
    RequestEnd {
        /// Operation.
        operation: String,
        /// HTTP method.
        method: String,
        /// URL.
        url: String,
        /// Attempt number.
        attempt: u32,
        /// HTTP status, when a response was read.
        status: Option<u16>,
        /// Time from send to parsed result.
        duration_ms: u64,
        /// Envelope `request_id`, when there was one.
        request_id: Option<String>,
        /// Error kind (`duplicate`, `transport`, …) if the attempt failed.
        error_kind: Option<String>,
    },
    /// A failed attempt will be retried after `delay_ms`.
    Retry {
        /// Operation.
        operation: String,
        /// The attempt that is about to start (2 for the first retry).
        attempt: u32,
        /// Backoff before it.
        delay_ms: u64,
        /// Why: `rate_limited`, `connect`, `server_error`, `io_after_send`, `decode`.
        reason: String,
    },
    /// The rate governor held a request back to stay under the account's limit.
    ThrottleWait {
        /// Operation.
        operation: String,
        /// Time waited.
        wait_ms: u64,
    },
    /// The server slowed the account down: a 429 paused every call of the
    /// account until its `Retry-After`, or `X-RateLimit-*` headers made the
    /// governor stricter.
    RateLimitFeedback {
        /// Operation whose response carried it.
        operation: String,
        /// `retry_after` (a 429) or `rate_limit_headers`.
        source: String,
        /// How long every call of the account now holds back (0 = no pause).
        pause_ms: u64,
        /// `X-RateLimit-Limit`, when sent.
        limit: Option<u32>,
        /// `X-RateLimit-Remaining`, when sent.
        remaining: Option<u32>,
        /// `X-RateLimit-Reset` in milliseconds from the response, when sent.
        reset_ms: Option<u64>,
    },
    /// A bulk helper finished one more item.
    BulkProgress {
        /// Bulk operation, e.g. `map_phone_numbers`.
        operation: String,
        /// Items finished so far.
        done: u32,
        /// Items in the batch.
        total: u32,
        /// Items failed so far.
        failed: u32,
    },
}

/// Receives the client's events. Called inline: keep it quick.
pub trait EventSink: MaybeSend + MaybeSync {
    /// One event.
    fn on_event(&self, event: &Event);
}

impl<F: Fn(&Event) + MaybeSend + MaybeSync> EventSink for F {
    fn on_event(&self, event: &Event) {
        self(event)
    }
}
