//! Who the client talks to and as whom: credentials, region or base URL, defaults.

use std::fmt;

use crate::error::Error;
use crate::redact::{Redactor, REDACTED};
use crate::validate::{self, Rule};

/// The SDK version, from the workspace's one version source.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Default time a call may take, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// API credentials. Every string form shows the token as `[REDACTED]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    api_key: String,
    api_token: String,
    account_sid: String,
    /// `Basic base64(key:token)`, computed once (it goes on every request).
    authorization: String,
}

impl Credentials {
    /// Validated credentials: a key without `:`, a non-empty token, an account SID of
    /// letters, digits, `_` and `-`.
    pub fn new(
        api_key: impl Into<String>,
        api_token: impl Into<String>,
        account_sid: impl Into<String>,
    ) -> Result<Self, Error> {
        let (api_key, api_token, account_sid) =
            (api_key.into(), api_token.into(), account_sid.into());
        validate::account_sid("account_sid", &account_sid)?;
        validate::api_key("api_key", &api_key)?;
        validate::api_token("api_token", &api_token)?;
        let basic = base64_encode(format!("{api_key}:{api_token}").as_bytes());
        Ok(Credentials {
            authorization: format!("Basic {basic}"),
            api_key,
            api_token,
            account_sid,
        })
    }

    /// The API key (the Basic-auth user name; not a secret on its own).
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The account SID.
    pub fn account_sid(&self) -> &str {
        &self.account_sid
    }

    /// base64(`key:token`), the secret part of the `Authorization` header.
    fn basic_token(&self) -> &str {
        self.authorization
            .strip_prefix("Basic ")
            .unwrap_or(&self.authorization)
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// A redactor that knows this token, `key:token` and its base64 form.
    pub fn redactor(&self) -> Redactor {
        Redactor::new([
            self.api_token.clone(),
            format!("{}:{}", self.api_key, self.api_token),
            self.basic_token().to_owned(),
        ])
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &self.api_key)
            .field("api_token", &REDACTED)
            .field("account_sid", &self.account_sid)
            .finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (account {}, token {REDACTED})",
            self.api_key, self.account_sid
        )
    }
}

/// Exotel's clusters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Region {
    /// Singapore cluster, `https://api.exotel.com`.
    Singapore,
    /// Mumbai cluster, `https://api.in.exotel.com` (trunk SIDs start with `trmum`).
    Mumbai,
}

impl Region {
    /// The cluster's base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Singapore => "https://api.exotel.com",
            Region::Mumbai => "https://api.in.exotel.com",
        }
    }

    /// Parses `singapore`/`sg` or `mumbai`/`in` (any case).
    pub fn parse(value: &str) -> Result<Region, Error> {
        match value.to_ascii_lowercase().as_str() {
            "singapore" | "sg" => Ok(Region::Singapore),
            "mumbai" | "in" => Ok(Region::Mumbai),
            _ => Err(Error::validation(
                "region",
                Rule::OneOf,
                value,
                "must be 'singapore' or 'mumbai'",
            )),
        }
    }
}

/// Checks a custom base URL and returns it without a trailing `/`.
///
/// HTTPS is required unless the host is loopback (`127.0.0.0/8`, `localhost`,
/// `[::1]`), so a sandbox on this machine can be reached over plain HTTP while
/// credentials never travel unencrypted anywhere else.
pub fn normalize_base_url(value: &str) -> Result<String, Error> {
    const FIELD: &str = "base_url";
    // A URL with userinfo may hold the token: the error shows it redacted.
    let shown = match value.split_once("://") {
        Some((scheme, rest)) if rest.split('/').next().unwrap_or("").contains('@') => {
            let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
            format!("{scheme}://{}@{host}", crate::redact::REDACTED)
        }
        _ => value.to_owned(),
    };
    let format_error = |detail: &str| Error::validation(FIELD, Rule::Format, &shown, detail);
    let (scheme, rest) = value
        .split_once("://")
        .ok_or_else(|| format_error("must be an absolute URL such as https://api.exotel.com"))?;
    let is_https = scheme.eq_ignore_ascii_case("https");
    if !is_https && !scheme.eq_ignore_ascii_case("http") {
        return Err(format_error("scheme must be https (or http for loopback)"));
    }
    if rest.contains(['@', '?', '#']) || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format_error(
            "must not contain credentials, a query, a fragment or spaces",
        ));
    }
    let authority = rest.split('/').next().unwrap_or("");
    let host = host_of(authority).ok_or_else(|| format_error("has no valid host"))?;
    if !is_https && !is_loopback_host(host) {
        return Err(Error::validation(
            FIELD,
            Rule::Https,
            &shown,
            "must use https unless the host is loopback",
        ));
    }
    Ok(value.trim_end_matches('/').to_owned())
}

/// The host of `host[:port]` or `[v6][:port]`, if well formed.
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (host, port)
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || port.parse::<u16>().is_err() {
            return None;
        }
    }
    (!host.is_empty()).then_some(host)
}

/// Whether a URL host is loopback: `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host == "::1"
        || (validate::is_ipv4(host) && host.starts_with("127."))
}

/// Where requests go: a region or a custom base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// One of Exotel's clusters.
    Region(Region),
    /// A custom base URL (a proxy, or the local sandbox).
    BaseUrl(String),
}

impl Endpoint {
    /// Where a client connects, the same in every binding: what the caller gave
    /// wins (a base URL over a region); otherwise the environment's
    /// `EXOTEL_BASE_URL`, then its `EXOTEL_REGION` (an empty value counts as
    /// unset, a region name is checked); otherwise Singapore.
    pub fn resolve(
        base_url: Option<String>,
        region: Option<Region>,
        env_base_url: Option<String>,
        env_region: Option<String>,
    ) -> Result<Endpoint, Error> {
        let set = |v: Option<String>| v.filter(|s| !s.is_empty());
        if let Some(url) = set(base_url) {
            return Ok(Endpoint::BaseUrl(url));
        }
        if let Some(region) = region {
            return Ok(Endpoint::Region(region));
        }
        if let Some(url) = set(env_base_url) {
            return Ok(Endpoint::BaseUrl(url));
        }
        match set(env_region) {
            Some(name) => Region::parse(&name).map(Endpoint::Region),
            None => Ok(Endpoint::Region(Region::Singapore)),
        }
    }
}

/// The `EXOTEL_*` environment variables, read through the host's own lookup
/// (`os.environ.get`, `System.getenv`, `process.env`): the one place their names
/// and their precedence live. What the caller gives always wins.
pub struct Env<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
}

impl<'a> Env<'a> {
    /// `EXOTEL_API_KEY`.
    pub const API_KEY: &'static str = "EXOTEL_API_KEY";
    /// `EXOTEL_API_TOKEN`.
    pub const API_TOKEN: &'static str = "EXOTEL_API_TOKEN";
    /// `EXOTEL_ACCOUNT_SID`.
    pub const ACCOUNT_SID: &'static str = "EXOTEL_ACCOUNT_SID";
    /// `EXOTEL_REGION`: `singapore`/`sg` or `mumbai`/`in`.
    pub const REGION: &'static str = "EXOTEL_REGION";
    /// `EXOTEL_BASE_URL`: wins over `EXOTEL_REGION`.
    pub const BASE_URL: &'static str = "EXOTEL_BASE_URL";
    /// Every variable read.
    pub const NAMES: [&'static str; 5] = [
        Self::API_KEY,
        Self::API_TOKEN,
        Self::ACCOUNT_SID,
        Self::REGION,
        Self::BASE_URL,
    ];

    /// The environment `lookup` reads (`None`: the variable is unset).
    pub fn new(lookup: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Env { lookup }
    }

    fn get(&self, name: &str) -> Option<String> {
        (self.lookup)(name)
    }

    /// Credentials: each value given wins, an absent one comes from its variable,
    /// and one missing from both is reported by validation (`required`).
    pub fn credentials(
        &self,
        api_key: Option<String>,
        api_token: Option<String>,
        account_sid: Option<String>,
    ) -> Result<Credentials, Error> {
        let or_env = |given: Option<String>, name: &str| {
            given.or_else(|| self.get(name)).unwrap_or_default()
        };
        Credentials::new(
            or_env(api_key, Self::API_KEY),
            or_env(api_token, Self::API_TOKEN),
            or_env(account_sid, Self::ACCOUNT_SID),
        )
    }

    /// Where a client connects: [`Endpoint::resolve`] with this environment.
    pub fn endpoint(
        &self,
        base_url: Option<String>,
        region: Option<Region>,
    ) -> Result<Endpoint, Error> {
        Endpoint::resolve(
            base_url,
            region,
            self.get(Self::BASE_URL),
            self.get(Self::REGION),
        )
    }
}

/// Everything a request builder needs: credentials, base URL, timeout, user agent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    credentials: Credentials,
    base_url: String,
    timeout_ms: u32,
    user_agent: String,
}

impl Config {
    /// A configuration for these credentials and endpoint, with the default timeout
    /// and a `User-Agent` naming Rust as the host language.
    pub fn new(credentials: Credentials, endpoint: Endpoint) -> Result<Self, Error> {
        let base_url = match endpoint {
            Endpoint::Region(region) => region.base_url().to_owned(),
            Endpoint::BaseUrl(url) => {
                normalize_base_url(&url).map_err(|e| e.redacted(&credentials.redactor()))?
            }
        };
        Ok(Config {
            credentials,
            base_url,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            user_agent: user_agent("rust"),
        })
    }

    /// Sets the default per-call timeout in milliseconds.
    pub fn with_timeout_ms(mut self, timeout_ms: u32) -> Self {
        self.timeout_ms = timeout_ms;
        self
    }

    /// Names the host language in the `User-Agent`, e.g. `python/3.11.7`.
    pub fn with_host_language(mut self, host: &str) -> Self {
        self.user_agent = user_agent(host);
        self
    }

    /// The credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The account SID requests are made for.
    pub fn account_sid(&self) -> &str {
        self.credentials.account_sid()
    }

    /// Base URL without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Default per-call timeout in milliseconds.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// The `User-Agent` value.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }
}

fn user_agent(host: &str) -> String {
    let host: String = host
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '(' && *c != ')')
        .collect();
    format!("exotel-sip/{SDK_VERSION} ({host})")
}

/// Standard base64 with padding (RFC 4648 §4). By hand, not the `base64` crate:
/// it is one call on a short string, and the crate's engine cost the npm
/// package's WebAssembly about 1 KB gzip of its 100 KB budget (measured with
/// twiggy). The sandbox, which decodes, keeps the crate; a test checks the two agree.
pub fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol = |six: u32| char::from(ALPHABET.get((six & 63) as usize).copied().unwrap_or(b'='));
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let byte = |i: usize| chunk.get(i).map_or(0, |&b| u32::from(b));
        let n = byte(0) << 16 | byte(1) << 8 | byte(2);
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_by_hand_agrees_with_the_crate() {
        use base64::Engine as _;
        let mut input = Vec::new();
        for n in 0..300u32 {
            assert_eq!(
                base64_encode(&input),
                base64::engine::general_purpose::STANDARD.encode(&input),
                "{} bytes",
                input.len()
            );
            input.push((n.wrapping_mul(97) % 256) as u8);
        }
        assert_eq!(
            base64_encode(b"test_key:test_token"),
            "dGVzdF9rZXk6dGVzdF90b2tlbg=="
        );
    }

    #[test]
    fn endpoint_resolution_prefers_the_caller_then_the_environment() {
        let url = || Some("http://127.0.0.1:4010".to_owned());
        let s = |v: &str| Some(v.to_owned());
        let resolve = Endpoint::resolve;
        // What the caller gave wins, a base URL over a region.
        assert_eq!(
            resolve(url(), Some(Region::Mumbai), s("https://x"), s("mumbai")),
            Ok(Endpoint::BaseUrl("http://127.0.0.1:4010".to_owned()))
        );
        assert_eq!(
            resolve(None, Some(Region::Mumbai), url(), None),
            Ok(Endpoint::Region(Region::Mumbai))
        );
        // Then the environment: its base URL, then its region; empty is unset.
        assert_eq!(
            resolve(s(""), None, url(), s("mumbai")),
            Ok(Endpoint::BaseUrl("http://127.0.0.1:4010".to_owned()))
        );
        assert_eq!(
            resolve(None, None, s(""), s("mumbai")),
            Ok(Endpoint::Region(Region::Mumbai))
        );
        assert_eq!(
            resolve(None, None, None, s("")),
            Ok(Endpoint::Region(Region::Singapore))
        );
        assert!(matches!(
            resolve(None, None, None, s("mars")),
            Err(Error::Validation { ref field, .. }) if field == "region"
        ));
    }

    #[test]
    fn credentials_hide_the_token() {
        let c = Credentials::new("key", "sup3rsecret", "acct").ok();
        let shown = format!(
            "{c:?} {}",
            c.as_ref().map(ToString::to_string).unwrap_or_default()
        );
        assert!(!shown.contains("sup3rsecret"), "{shown}");
        assert!(shown.contains("key"));
    }

    #[test]
    fn base_url_rules() {
        assert_eq!(
            normalize_base_url("https://proxy.example/x/")
                .ok()
                .as_deref(),
            Some("https://proxy.example/x")
        );
        assert!(normalize_base_url("http://127.0.0.1:8080").is_ok());
        assert!(normalize_base_url("http://[::1]:8080").is_ok());
        assert!(normalize_base_url("http://localhost").is_ok());
        assert!(
            matches!(normalize_base_url("http://10.0.0.1"), Err(Error::Validation { rule, .. }) if rule == "https")
        );
        assert!(
            matches!(normalize_base_url("https://u:p@api.exotel.com"), Err(Error::Validation { rule, .. }) if rule == "format")
        );
        assert!(normalize_base_url("ftp://x").is_err());
        assert!(normalize_base_url("https://:80").is_err());
    }

    #[test]
    fn user_agent_names_sdk_and_host() {
        assert_eq!(
            user_agent("python/3.11 (x)"),
            format!("exotel-sip/{SDK_VERSION} (python/3.11x)")
        );
    }
}
