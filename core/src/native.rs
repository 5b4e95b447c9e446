//! Native I/O for the client (feature `reqwest`): a [`ReqwestTransport`] over
//! rustls, a [`TokioClock`] and [`OsEntropy`], and [`native_client`] that puts
//! them together.
//!
//! ```no_run
//! use exotel_sip::native::native_client;
//! use exotel_sip::ops::CreateTrunk;
//! use exotel_sip::{Config, Credentials, Endpoint, Region};
//!
//! # async fn run() -> Result<(), exotel_sip::Error> {
//! let credentials = Credentials::new("my_key", "my_token", "my_account_sid")?;
//! let client = native_client(Config::new(credentials, Endpoint::Region(Region::Mumbai))?)?;
//! let trunk = client.create_trunk(&CreateTrunk::new("outbound_trunk")).await?;
//! println!("{}", trunk.trunk_sid);
//! # Ok(())
//! # }
//! ```
//!
//! The transport needs a tokio runtime (reqwest's and the clock's timers run on it).

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::client::Client;
use crate::config::{is_loopback_host, Config};
use crate::error::{Error, TransportError, TransportErrorKind};
use crate::http::{Header, HttpRequest, HttpResponse, Method};
use crate::seams::{Clock, Entropy, MaybeSend, Transport};

/// A [`Client`] over the native seams.
pub type NativeClient = Client<ReqwestTransport, TokioClock, OsEntropy>;

/// A client for this configuration over reqwest (rustls), tokio's timers and OS
/// randomness, with its transport from [`ReqwestTransport::for_base_url`].
pub fn native_client(config: Config) -> Result<NativeClient, Error> {
    let transport = ReqwestTransport::for_base_url(config.base_url())?;
    Ok(Client::new(
        config,
        transport,
        TokioClock::new(),
        OsEntropy::new(),
    ))
}

/// Whether a (normalized) base URL's host is loopback.
fn base_url_is_loopback(base_url: &str) -> bool {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    is_loopback_host(host)
}

/// A [`Transport`] over a [`reqwest::Client`]: HTTP/1.1, rustls, no redirects
/// followed (a 3xx is returned as a response, so credentials never go to another
/// location), each request's `timeout_ms` applied to the whole exchange.
///
/// Failures map to [`TransportErrorKind`]s: `Connect` when nothing was sent
/// (refused or failed connection, DNS, TLS handshake, or a request that could
/// not be built), `Timeout` when `timeout_ms` passed, `IoAfterSend` for anything
/// that failed once the request may have been sent. Error details never hold the
/// URL or a header.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport whose proxies come from the environment.
    pub fn new() -> Result<Self, Error> {
        Self::build(Self::client_builder())
    }

    /// A transport that never uses a proxy.
    pub fn without_proxy() -> Result<Self, Error> {
        Self::build(Self::client_builder().no_proxy())
    }

    /// A transport suited to a (normalized) base URL. Proxies come from the
    /// environment (`HTTPS_PROXY`, `NO_PROXY`, …) unless the host is loopback
    /// (e.g. the local sandbox), which is always reached directly. For a plain
    /// `http` base URL, which the core allows for loopback only, the system's CA
    /// certificates are not loaded: no request made through it can go to HTTPS
    /// (redirects are not followed), and a machine without CA certificates can
    /// still reach the sandbox.
    pub fn for_base_url(base_url: &str) -> Result<Self, Error> {
        let mut builder = Self::client_builder();
        if base_url_is_loopback(base_url) {
            builder = builder.no_proxy();
        }
        let plain_http = base_url
            .split_once("://")
            .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case("http"));
        if plain_http {
            builder = builder.tls_certs_only(Vec::new());
        }
        Self::build(builder)
    }

    /// The builder this transport starts from: no redirects followed. Add your
    /// own settings (proxy, root certificates) and pass the client to
    /// [`ReqwestTransport::from_client`].
    pub fn client_builder() -> reqwest::ClientBuilder {
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none())
    }

    /// A transport over an existing client. It must not follow redirects (build
    /// it from [`ReqwestTransport::client_builder`]).
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }

    /// The underlying reqwest client.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    fn build(builder: reqwest::ClientBuilder) -> Result<Self, Error> {
        let client = builder.build().map_err(|err| Error::Transport {
            kind: TransportErrorKind::Connect,
            detail: format!("cannot build the HTTP client: {}", describe(err)),
        })?;
        Ok(ReqwestTransport { client })
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let HttpRequest {
            method,
            url,
            headers,
            body,
            timeout_ms,
        } = request;
        let url = reqwest::Url::parse(&url).map_err(|err| {
            TransportError::new(
                TransportErrorKind::Connect,
                format!("invalid request URL: {err}"),
            )
        })?;
        let mut builder = self
            .client
            .request(reqwest_method(method), url)
            .headers(header_map(&headers)?)
            .timeout(Duration::from_millis(u64::from(timeout_ms)));
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let response = builder.send().await.map_err(send_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                Header::new(
                    name.as_str(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let bytes = response.bytes().await.map_err(|err| {
            let kind = if err.is_timeout() {
                TransportErrorKind::Timeout
            } else {
                TransportErrorKind::IoAfterSend
            };
            TransportError::new(
                kind,
                format!("reading the response body: {}", describe(err)),
            )
        })?;
        Ok(HttpResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

impl Transport for ReqwestTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend {
        self.exchange(request)
    }
}

fn reqwest_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// The request's headers; a malformed one is a `Connect` error naming the header
/// but never its value.
fn header_map(headers: &[Header]) -> Result<HeaderMap, TransportError> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for header in headers {
        let invalid = |what: &str| {
            TransportError::new(
                TransportErrorKind::Connect,
                format!("invalid header {what} for {:?}", header.name),
            )
        };
        let name = HeaderName::from_bytes(header.name.as_bytes()).map_err(|_| invalid("name"))?;
        let value = HeaderValue::from_str(&header.value).map_err(|_| invalid("value"))?;
        map.append(name, value);
    }
    Ok(map)
}

/// Maps a failed `send` to the core's kinds.
fn send_error(err: reqwest::Error) -> TransportError {
    let kind = if err.is_timeout() {
        TransportErrorKind::Timeout
    } else if err.is_connect() || err.is_builder() {
        TransportErrorKind::Connect
    } else {
        TransportErrorKind::IoAfterSend
    };
    TransportError::new(kind, describe(err))
}

/// The error and its causes, without the URL.
fn describe(err: reqwest::Error) -> String {
    let err = err.without_url();
    let mut detail = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !detail.ends_with(&text) {
            detail.push_str(": ");
            detail.push_str(&text);
        }
        source = cause.source();
    }
    detail
}

/// A [`Clock`] on tokio's timers: monotonic milliseconds since the clock was made.
#[derive(Clone, Copy, Debug)]
pub struct TokioClock {
    origin: Instant,
}

impl TokioClock {
    /// A clock whose `now_ms` counts from now.
    pub fn new() -> Self {
        TokioClock {
            origin: Instant::now(),
        }
    }
}

impl Default for TokioClock {
    fn default() -> Self {
        TokioClock::new()
    }
}

impl Clock for TokioClock {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn sleep(&self, ms: u64) -> impl Future<Output = ()> + MaybeSend {
        tokio::time::sleep(Duration::from_millis(ms))
    }
}

/// [`Entropy`] from the OS: a counter hashed with the randomly keyed SipHash of
/// std's `RandomState` (good enough for retry jitter; not for cryptography).
#[derive(Debug)]
pub struct OsEntropy {
    keys: RandomState,
    counter: AtomicU64,
}

impl OsEntropy {
    /// A generator with fresh random keys.
    pub fn new() -> Self {
        OsEntropy {
            keys: RandomState::new(),
            counter: AtomicU64::new(0),
        }
    }
}

impl Default for OsEntropy {
    fn default() -> Self {
        OsEntropy::new()
    }
}

impl Entropy for OsEntropy {
    fn next_u64(&self) -> u64 {
        self.keys
            .hash_one(self.counter.fetch_add(1, Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_base_urls() {
        assert!(base_url_is_loopback("http://127.0.0.1:4010"));
        assert!(base_url_is_loopback("http://localhost/x"));
        assert!(base_url_is_loopback("http://[::1]:8080"));
        assert!(!base_url_is_loopback("https://api.in.exotel.com"));
        assert!(!base_url_is_loopback("https://proxy.example:443/x"));
    }

    #[test]
    fn entropy_varies() {
        let entropy = OsEntropy::new();
        let a = entropy.next_u64();
        let b = entropy.next_u64();
        assert_ne!(a, b);
        assert_ne!(OsEntropy::new().next_u64(), OsEntropy::new().next_u64());
    }

    #[test]
    fn header_errors_never_show_values() {
        let err = header_map(&[Header::new("Authorization", "Basic se\ncret")]).unwrap_err();
        assert_eq!(err.kind, TransportErrorKind::Connect);
        assert!(!err.detail.contains("cret"), "{}", err.detail);
        assert!(err.detail.contains("Authorization"));
    }
}
