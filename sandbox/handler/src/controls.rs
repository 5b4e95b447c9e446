//! Test controls: queued faults and the request log, reachable the same way on the
//! HTTP server (`/__sandbox/...`, no auth) and on the in-process object.

use serde::{Deserialize, Serialize};

/// A failure to inject into the next request(s) matching a method and path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Fault {
    /// Handle the request normally, then wait `ms` before answering.
    Latency {
        /// Added delay in milliseconds.
        ms: u64,
    },
    /// Answer with this status and an error envelope; nothing is applied.
    Status {
        /// HTTP status, e.g. 500 or 503.
        status: u16,
        /// Exotel code in `error_data`, if any.
        #[serde(default)]
        code: Option<u32>,
        /// Description in `error_data`.
        #[serde(default)]
        description: Option<String>,
    },
    /// Answer 429 with `Retry-After: retry_after` seconds; nothing is applied.
    RateLimit {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Answer an HTML error page (as a proxy would); nothing is applied.
    Html {
        /// HTTP status, default 502.
        #[serde(default = "default_html_status")]
        status: u16,
    },
    /// Apply the request, then send only the first half of the body.
    Truncated,
    /// Answer 200 with JSON that is not an Exotel envelope; nothing is applied.
    NonEnvelope,
    /// Close the connection without writing a status line; nothing is applied.
    Drop,
    /// Apply the request, then close the connection without answering.
    Lost,
}

fn default_html_status() -> u16 {
    502
}

impl Fault {
    /// The fault's snake_case name, as in the request log.
    pub fn name(&self) -> &'static str {
        match self {
            Fault::Latency { .. } => "latency",
            Fault::Status { .. } => "status",
            Fault::RateLimit { .. } => "rate_limit",
            Fault::Html { .. } => "html",
            Fault::Truncated => "truncated",
            Fault::NonEnvelope => "non_envelope",
            Fault::Drop => "drop",
            Fault::Lost => "lost",
        }
    }
}

/// A fault waiting for matching requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedFault {
    /// HTTP method to match, or `*`.
    #[serde(default = "any")]
    pub method: String,
    /// Path to match (no query); a `*` segment matches any one segment,
    /// e.g. `/v2/accounts/ameyo5m/trunks/*/phone-numbers`.
    pub path: String,
    /// The fault.
    pub fault: Fault,
    /// How many matching requests it applies to (default 1).
    #[serde(default = "one")]
    pub times: u32,
}

fn any() -> String {
    "*".to_owned()
}

fn one() -> u32 {
    1
}

impl QueuedFault {
    /// Whether this fault applies to a request.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self.method == "*" || self.method.eq_ignore_ascii_case(method);
        let mut want = self.path.trim_end_matches('/').split('/');
        let mut got = path.trim_end_matches('/').split('/');
        let path_ok = loop {
            match (want.next(), got.next()) {
                (None, None) => break true,
                (Some(w), Some(g)) if w == "*" || w == g => continue,
                _ => break false,
            }
        };
        method_ok && path_ok && self.times > 0
    }
}

/// How a request's exchange ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Still being handled (or delayed).
    Pending,
    /// The whole response was written.
    Completed,
    /// The client closed the connection before the response was written.
    ClientClosed,
    /// The sandbox dropped the connection (a `drop` or `lost` fault).
    Dropped,
}

/// One request as the sandbox received it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRequest {
    /// Arrival order, from 1.
    pub seq: u64,
    /// Arrival time (ms since the epoch, as passed in).
    pub at_ms: u64,
    /// HTTP method.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Headers; the `Authorization` value is redacted.
    pub headers: Vec<(String, String)>,
    /// Body as received, cut after [`LOG_BODY_BYTES`](crate::LOG_BODY_BYTES).
    pub body: String,
    /// Length of the whole body in bytes (more than `body` holds when it was cut).
    #[serde(default)]
    pub body_bytes: usize,
    /// Status answered, if any.
    pub status: Option<u16>,
    /// Fault applied, if any.
    pub fault: Option<String>,
    /// How the exchange ended.
    pub delivery: Delivery,
}
