//! Everything the sandbox remembers, serializable so a server can save and load it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::controls::{LoggedRequest, QueuedFault};
use crate::limiter::{Limiter, LimiterModel};

/// Longest latency the sandbox applies to a request (ten minutes).
pub const MAX_LATENCY_MS: u64 = 600_000;
/// Default account the sandbox serves (the reference's example account).
pub const DEFAULT_ACCOUNT_SID: &str = "ameyo5m";
/// Default API key.
pub const DEFAULT_API_KEY: &str = "sandbox_key";
/// Default API token.
pub const DEFAULT_API_TOKEN: &str = "sandbox_token";

/// Who the sandbox is and how it limits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SandboxConfig {
    /// The one account served.
    pub account_sid: String,
    /// API key accepted in Basic auth.
    pub api_key: String,
    /// API token accepted in Basic auth.
    pub api_token: String,
    /// Requests per minute (as `limiter` counts them); 0 = unlimited.
    pub rpm: u32,
    /// How requests per minute are counted.
    pub limiter: LimiterModel,
    /// Shortest latency before a request counts as arrived (and its response
    /// leaves), in ms.
    pub latency_min_ms: u64,
    /// Longest such latency; each request draws one in `[min, max]`.
    pub latency_max_ms: u64,
    /// Requests in flight; 0 = unlimited.
    pub concurrency: u32,
    /// Seed of the id generator.
    pub seed: u64,
    /// Trunk SID region prefix: `mum` (Mumbai, as in the reference) or `sgp`.
    pub region_prefix: String,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            account_sid: DEFAULT_ACCOUNT_SID.to_owned(),
            api_key: DEFAULT_API_KEY.to_owned(),
            api_token: DEFAULT_API_TOKEN.to_owned(),
            rpm: 200,
            limiter: LimiterModel::SlidingWindow,
            latency_min_ms: 0,
            latency_max_ms: 0,
            concurrency: 50,
            seed: 0x5eed,
            region_prefix: "mum".to_owned(),
        }
    }
}

impl std::fmt::Display for SandboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "account {} (key {}), {} req/min ({}), {} in flight",
            self.account_sid,
            self.api_key,
            self.rpm,
            self.limiter.as_str(),
            self.concurrency
        )?;
        if self.latency_max_ms > 0 {
            write!(
                f,
                ", latency {}..{} ms",
                self.latency_min_ms, self.latency_max_ms
            )?;
        }
        Ok(())
    }
}

/// A stored trunk and everything under it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrunkRecord {
    pub(crate) sid: String,
    pub(crate) name: String,
    pub(crate) nso_code: String,
    pub(crate) domain_name: String,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
    pub(crate) phone_numbers: Vec<PhoneNumberRecord>,
    pub(crate) whitelisted_ips: Vec<WhitelistedIpRecord>,
    pub(crate) destinations: Vec<DestinationRecord>,
    pub(crate) settings: Vec<SettingRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct PhoneNumberRecord {
    pub(crate) id: u64,
    pub(crate) phone_number: String,
    pub(crate) mode: Option<String>,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct WhitelistedIpRecord {
    pub(crate) id: u64,
    pub(crate) ip: String,
    pub(crate) mask: u32,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct DestinationRecord {
    pub(crate) id: u64,
    /// Stored `sip:`-prefixed, as the server lists it.
    pub(crate) destination: String,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct SettingRecord {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
}

/// The whole sandbox: configuration, data, limits, queued faults, request log.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct State {
    pub(crate) config: SandboxConfig,
    /// Trunks by SID.
    pub(crate) trunks: BTreeMap<String, TrunkRecord>,
    pub(crate) rng: u64,
    pub(crate) next_phone_number_id: u64,
    pub(crate) next_whitelisted_ip_id: u64,
    pub(crate) next_destination_id: u64,
    /// Arrivals of admitted requests, as far as the rate limit still needs them.
    #[serde(skip)]
    pub(crate) limiter: Limiter,
    /// Generator of request latencies (apart from `rng`, so ids do not depend on it).
    #[serde(skip)]
    pub(crate) latency_rng: u64,
    /// Tickets of admitted requests not yet finished.
    #[serde(skip)]
    pub(crate) in_flight: BTreeSet<u64>,
    #[serde(skip, default = "first_ticket")]
    pub(crate) next_ticket: u64,
    #[serde(skip)]
    pub(crate) faults: Vec<QueuedFault>,
    #[serde(skip)]
    pub(crate) log: VecDeque<LoggedRequest>,
    /// What the log holds, in bytes (bounded by `LOG_MAX_BYTES`).
    #[serde(skip)]
    pub(crate) log_bytes: usize,
}

fn first_ticket() -> u64 {
    1
}

impl State {
    /// An empty sandbox.
    pub fn new(config: SandboxConfig) -> Self {
        let seed = config.seed;
        State {
            rng: config.seed,
            config,
            trunks: BTreeMap::new(),
            // First ids as in the reference's examples.
            next_phone_number_id: 41512,
            next_whitelisted_ip_id: 1153,
            next_destination_id: 2543,
            limiter: Limiter::default(),
            latency_rng: seed ^ 0x1a7e_9c3d,
            in_flight: BTreeSet::new(),
            next_ticket: 1,
            faults: Vec::new(),
            log: VecDeque::new(),
            log_bytes: 0,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    /// Replaces the configuration (credentials, limits, seed) and keeps the data,
    /// e.g. when a saved state is loaded under new flags.
    pub fn with_config(mut self, config: SandboxConfig) -> Self {
        self.config = config;
        self
    }

    /// Changes the limits (0 = unlimited) without touching data.
    pub fn set_limits(&mut self, rpm: u32, concurrency: u32) {
        self.config.rpm = rpm;
        self.config.concurrency = concurrency;
        self.limiter = Limiter::default();
    }

    /// Changes how requests per minute are counted (the history starts anew).
    pub fn set_limiter(&mut self, model: LimiterModel) {
        self.config.limiter = model;
        self.limiter = Limiter::default();
    }

    /// Sets the latency range each request draws from (`max` below `min` reads as
    /// `min`; both at most [`MAX_LATENCY_MS`]).
    pub fn set_latency(&mut self, min_ms: u64, max_ms: u64) {
        self.config.latency_min_ms = min_ms.min(MAX_LATENCY_MS);
        self.config.latency_max_ms = max_ms.clamp(min_ms, MAX_LATENCY_MS);
    }

    /// The latency of the next request, in `[latency_min_ms, latency_max_ms]`.
    pub(crate) fn draw_latency(&mut self) -> u64 {
        let min = self.config.latency_min_ms.min(MAX_LATENCY_MS);
        let max = self.config.latency_max_ms.min(MAX_LATENCY_MS);
        if max <= min {
            return min;
        }
        min + splitmix(&mut self.latency_rng) % (max - min + 1)
    }

    /// Empties data, limits' history, faults and the log; keeps the configuration.
    pub fn reset(&mut self) {
        *self = State::new(self.config.clone());
    }

    /// Number of stored trunks.
    pub fn trunk_count(&self) -> usize {
        self.trunks.len()
    }

    /// The stored data as JSON (trunks and what is mapped to them).
    pub fn dump(&self) -> Value {
        json!({ "config": self.config, "trunks": self.trunks })
    }

    /// Deterministic ids from the seed kept in the state.
    pub(crate) fn next_random(&mut self) -> u64 {
        splitmix(&mut self.rng)
    }

    pub(crate) fn hex(&mut self, chars: usize) -> String {
        let mut out = String::with_capacity(chars);
        while out.len() < chars {
            out.push_str(&format!("{:016x}", self.next_random()));
        }
        out.chars().take(chars).collect()
    }

    /// A trunk SID in the documented shape: `tr` + region + 20 hex + `a1n`.
    pub(crate) fn new_trunk_sid(&mut self) -> String {
        loop {
            let hex = self.hex(20);
            let sid = format!("tr{}{hex}a1n", self.config.region_prefix);
            if !self.trunks.contains_key(&sid) {
                return sid;
            }
        }
    }

    pub(crate) fn new_request_id(&mut self) -> String {
        self.hex(32)
    }
}

/// splitmix64: advances `state` and returns the next value.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
