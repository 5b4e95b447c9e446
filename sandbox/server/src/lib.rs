//! The exotel-sip sandbox over loopback HTTP.
//!
//! [`exotel_sip_sandbox`] is a pure handler: it takes a request and the time and
//! says what to answer (or that the connection must be dropped). This crate is the
//! thin wrapper that puts it on a socket: HTTP/1.1 on `127.0.0.1` only, the wall
//! clock, latency faults as real delays, dropped connections as real closes, and
//! the request log told how each exchange ended (`completed`, `client_closed`,
//! `dropped`).
//!
//! Three ways to run it:
//! - the `exotel-sip-sandbox` binary (see the README for its flags);
//! - [`start`] inside a tokio runtime, e.g. in an async test:
//!   `let server = start(ServerOptions::default()).await?;` then
//!   `server.url()`, `server.sandbox()`, `server.shutdown().await`;
//! - [`spawn`] from plain (non-async) code: the server runs on its own thread with
//!   its own runtime until [`BackgroundServer::shutdown`] or drop.
//!
//! [`serve`] and [`Server`] are the pieces both are built from.

#![warn(missing_docs)]

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use exotel_sip::Header;
use exotel_sip_sandbox::{
    http_date, is_control_path, Delivery, LimiterModel, Outcome, Sandbox, SandboxConfig,
    SandboxRequest, State, Ticket,
};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;

pub use exotel_sip_sandbox;

/// Port the binary listens on when `--port` is not given.
pub const DEFAULT_PORT: u16 = 4010;
/// Largest request body read; a larger one is answered 413.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
/// How long a shutdown waits for exchanges in progress before cutting them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// Methods a CORS preflight allows.
pub const CORS_ALLOW_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";
/// Request headers a CORS preflight allows.
pub const CORS_ALLOW_HEADERS: &str = "Authorization, Content-Type, Accept, User-Agent";
/// Response headers a browser script may read (`Retry-After` on 429s, `Date`).
pub const CORS_EXPOSE_HEADERS: &str = "Retry-After, Date";

/// How the sandbox limits requests: the flags the sandbox binary and
/// `exotel-sip sandbox` share.
#[derive(Clone, Debug, clap::Args)]
pub struct LimitFlags {
    /// Requests per minute before 429s (counted as --limiter says); 0 = unlimited.
    #[arg(long, default_value_t = SandboxConfig::default().rpm)]
    pub rpm: u32,

    /// How requests per minute are counted: sliding-window (any 60 s),
    /// fixed-window (each clock minute) or token-bucket (RPM tokens, refilled RPM a minute).
    #[arg(long, default_value = "sliding-window", value_parser = parse_limiter)]
    pub limiter: LimiterModel,

    /// Requests in flight before 429s; 0 = unlimited.
    #[arg(long, default_value_t = SandboxConfig::default().concurrency)]
    pub concurrency: u32,

    /// Latency of each request before it counts as arrived (and of its answer):
    /// MS, or MIN..MAX to draw each request's from that range.
    #[arg(long, value_name = "MS|MIN..MAX", default_value = "0", value_parser = parse_latency)]
    pub latency_ms: (u64, u64),
}

impl LimitFlags {
    /// `config` with these limits.
    pub fn apply(&self, config: SandboxConfig) -> SandboxConfig {
        SandboxConfig {
            rpm: self.rpm,
            limiter: self.limiter,
            concurrency: self.concurrency,
            latency_min_ms: self.latency_ms.0,
            latency_max_ms: self.latency_ms.1,
            ..config
        }
    }
}

fn parse_limiter(text: &str) -> Result<LimiterModel, String> {
    LimiterModel::parse(text)
        .ok_or_else(|| "expected sliding-window, fixed-window or token-bucket".to_owned())
}

fn parse_latency(text: &str) -> Result<(u64, u64), String> {
    let number = |t: &str| {
        t.trim()
            .parse::<u64>()
            .map_err(|_| format!("{t:?} is not a number of milliseconds"))
    };
    match text.split_once("..") {
        Some((min, max)) => {
            let (min, max) = (number(min)?, number(max)?);
            if max < min {
                return Err(format!("{max} is below {min}"));
            }
            Ok((min, max))
        }
        None => number(text).map(|ms| (ms, ms)),
    }
}

/// How to run a server.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Port on 127.0.0.1; 0 picks a free one (the default here; the binary's
    /// default is [`DEFAULT_PORT`]).
    pub port: u16,
    /// Account, credentials, limits and seed. With a state file that exists,
    /// this configuration replaces the one saved in the file (the file carries
    /// the data: trunks, numbers, ids).
    pub config: SandboxConfig,
    /// Answer CORS preflights and add `Access-Control-Allow-Origin: *` to every
    /// response.
    pub cors: bool,
    /// Load the sandbox's state from this file at start (if it exists and is not
    /// empty) and save it there when the server stops.
    pub state_file: Option<PathBuf>,
    /// Largest request body accepted.
    pub max_body_bytes: usize,
    /// Serve this sandbox instead of building one from `config` and the state
    /// file (the state file is then only written at exit, never read).
    pub sandbox: Option<Sandbox>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            port: 0,
            config: SandboxConfig::default(),
            cors: false,
            state_file: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            sandbox: None,
        }
    }
}

/// What every connection shares.
#[derive(Debug)]
struct Shared {
    sandbox: Sandbox,
    cors: bool,
    max_body_bytes: usize,
}

/// A bound, not yet running server: the port is taken and the state loaded.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    shared: Arc<Shared>,
    state_file: Option<PathBuf>,
}

impl Server {
    /// Loads the state (if any) and binds `127.0.0.1:port`.
    pub async fn bind(options: ServerOptions) -> io::Result<Server> {
        let sandbox = match options.sandbox {
            Some(sandbox) => sandbox,
            None => load_sandbox(options.state_file.as_deref(), &options.config)?,
        };
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
        let addr = listener.local_addr()?;
        Ok(Server {
            listener,
            addr,
            shared: Arc::new(Shared {
                sandbox,
                cors: options.cors,
                max_body_bytes: options.max_body_bytes,
            }),
            state_file: options.state_file,
        })
    }

    /// The address bound (always `127.0.0.1`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The sandbox served.
    pub fn sandbox(&self) -> &Sandbox {
        &self.shared.sandbox
    }

    /// Serves until `shutdown` completes; then stops accepting, lets exchanges
    /// in progress end (at most [`SHUTDOWN_GRACE`]), and saves the state file if
    /// one was given.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> io::Result<()> {
        let Server {
            listener,
            shared,
            state_file,
            ..
        } = self;
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut connections = JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, peer)) => {
                        connections.spawn(connection(stream, peer, Arc::clone(&shared), stop_rx.clone()));
                    }
                    // E.g. out of file descriptors: back off instead of spinning.
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                },
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
        drop(listener);
        // Ignored: fails only when no connection is left to tell.
        let _ = stop_tx.send(true);
        let drained = async { while connections.join_next().await.is_some() {} };
        if tokio::time::timeout(SHUTDOWN_GRACE, drained).await.is_err() {
            // Dropping the remaining exchanges records them as `client_closed`.
            connections.shutdown().await;
        }
        match state_file {
            Some(path) => save_state(&path, &shared.sandbox),
            None => Ok(()),
        }
    }
}

/// Binds, calls `ready` with the address, and serves until `shutdown`
/// completes (see [`Server::run`]).
pub async fn serve(
    options: ServerOptions,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let server = Server::bind(options).await?;
    ready(server.addr());
    server.run(shutdown).await
}

/// Serves in the foreground until SIGINT or SIGTERM, as the binaries do: the
/// first stdout line is `listening on http://127.0.0.1:PORT` (tests and scripts
/// wait for it), and `program: <configuration>` goes to stderr.
pub async fn serve_until_signal(options: ServerOptions, program: &str) -> io::Result<()> {
    // Installed before the first line is printed, so a signal sent as soon as
    // the line is read is handled rather than killing the process.
    let shutdown = shutdown_signal()?;
    let summary = options.config.to_string();
    serve(
        options,
        |addr| {
            use std::io::Write as _;
            let mut stdout = std::io::stdout().lock();
            // A closed stdout must not stop the server.
            let _ = writeln!(stdout, "listening on http://{addr}");
            let _ = stdout.flush();
            eprintln!("{program}: {summary}");
        },
        shutdown,
    )
    .await
}

/// A server running as a task of the current tokio runtime.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    sandbox: Sandbox,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<io::Result<()>>>,
}

/// Binds and starts serving on a task of the current tokio runtime; returns once
/// the port accepts connections.
pub async fn start(options: ServerOptions) -> io::Result<RunningServer> {
    let server = Server::bind(options).await?;
    let addr = server.addr();
    let sandbox = server.sandbox().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server.run(async move {
        // Ends on shutdown() or when the handle is dropped.
        let _ = stopped.await;
    }));
    Ok(RunningServer {
        addr,
        sandbox,
        stop: Some(stop),
        task: Some(task),
    })
}

impl RunningServer {
    /// The address bound (`127.0.0.1:port`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:port`, the base URL to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The sandbox served (same state as over HTTP).
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// Stops the server and waits for it (and the state file, if any, to be saved).
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        // The task stops by itself (without being awaited).
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A server running on a thread of its own, for code without a tokio runtime
/// (e.g. a synchronous test).
#[derive(Debug)]
pub struct BackgroundServer {
    addr: SocketAddr,
    sandbox: Sandbox,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<io::Result<()>>>,
}

/// Starts a server on a new thread with its own tokio runtime; returns once the
/// port accepts connections.
pub fn spawn(options: ServerOptions) -> io::Result<BackgroundServer> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<io::Result<(SocketAddr, Sandbox)>>();
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("exotel-sip-sandbox".to_owned())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(err) => {
                    let message = err.to_string();
                    let _ = ready_tx.send(Err(err));
                    return Err(io::Error::other(message));
                }
            };
            runtime.block_on(async move {
                let server = match Server::bind(options).await {
                    Ok(server) => server,
                    Err(err) => {
                        let message = err.to_string();
                        let _ = ready_tx.send(Err(err));
                        return Err(io::Error::other(message));
                    }
                };
                let _ = ready_tx.send(Ok((server.addr(), server.sandbox().clone())));
                server
                    .run(async move {
                        let _ = stopped.await;
                    })
                    .await
            })
        })?;
    match ready_rx.recv() {
        Ok(Ok((addr, sandbox))) => Ok(BackgroundServer {
            addr,
            sandbox,
            stop: Some(stop),
            thread: Some(thread),
        }),
        Ok(Err(err)) => {
            let _ = thread.join();
            Err(err)
        }
        Err(_) => Err(io::Error::other(
            "the sandbox server thread ended before binding",
        )),
    }
}

impl BackgroundServer {
    /// The address bound (`127.0.0.1:port`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:port`, the base URL to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The sandbox served (same state as over HTTP).
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// Stops the server and waits for its thread (and the state file, if any).
    pub fn shutdown(mut self) -> io::Result<()> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .map_err(|_| io::Error::other("the sandbox server thread panicked"))?,
            None => Ok(()),
        }
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}

/// Builds the sandbox: from the state file when it exists (its configuration
/// replaced by `config`), else empty.
pub fn load_sandbox(state_file: Option<&Path>, config: &SandboxConfig) -> io::Result<Sandbox> {
    let Some(path) = state_file else {
        return Ok(Sandbox::new(config.clone()));
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(with_path(err, "cannot read state file", path)),
    };
    if text.trim().is_empty() {
        return Ok(Sandbox::new(config.clone()));
    }
    let invalid = |err: serde_json::Error| {
        with_path(
            io::Error::new(io::ErrorKind::InvalidData, err),
            "invalid state file",
            path,
        )
    };
    let state: State = serde_json::from_str(&text).map_err(invalid)?;
    // The flags decide account, credentials and limits; the file only the data.
    Ok(Sandbox::from_state(state.with_config(config.clone())))
}

/// Writes the sandbox's state as JSON (to a temporary file renamed over `path`).
pub fn save_state(path: &Path, sandbox: &Sandbox) -> io::Result<()> {
    let json = {
        let state = sandbox.lock();
        serde_json::to_vec_pretty(&*state).map_err(io::Error::other)?
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, json).map_err(|err| with_path(err, "cannot write state file", &tmp))?;
    std::fs::rename(&tmp, path).map_err(|err| with_path(err, "cannot write state file", path))
}

fn with_path(err: io::Error, what: &str, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{what} {}: {err}", path.display()))
}

/// Milliseconds since the Unix epoch, by the wall clock.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Whether a request may reach a path: the test controls (`/__sandbox/...`)
/// answer loopback peers only.
pub fn allowed(peer: IpAddr, path: &str) -> bool {
    !is_control_path(path) || peer.is_loopback() || is_mapped_loopback(peer)
}

fn is_mapped_loopback(peer: IpAddr) -> bool {
    match peer {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
        IpAddr::V4(_) => false,
    }
}

async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    // Small request/response pairs: don't let Nagle hold a response back.
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| exchange(Arc::clone(&shared), peer, request));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        // A client that closes (or half-closes) its side while its response is
        // pending is gone: hyper ends the connection and drops the exchange,
        // which the log records as `client_closed`.
        .half_close(false)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        // Errors are the peer's or a deliberate drop; nothing to report.
        _ = conn.as_mut() => return,
        _ = stop.wait_for(|stopping| *stopping) => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

/// Calls `finish` exactly once per ticket: with the delivery set last, or
/// `client_closed` if the exchange is dropped first (the client went away).
struct FinishGuard {
    sandbox: Sandbox,
    ticket: Ticket,
    delivery: Delivery,
}

impl Drop for FinishGuard {
    fn drop(&mut self) {
        self.sandbox.finish(self.ticket, self.delivery);
    }
}

type Body = Full<Bytes>;

/// One request/response exchange. An `Err` makes hyper close the connection
/// without writing anything.
async fn exchange(
    shared: Arc<Shared>,
    peer: SocketAddr,
    request: Request<Incoming>,
) -> Result<Response<Body>, io::Error> {
    let cors = shared.cors;
    if cors && request.method() == Method::OPTIONS {
        return Ok(preflight());
    }
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let path = target.split('?').next().unwrap_or("/");
    if !allowed(peer.ip(), path) {
        return Ok(plain(
            StatusCode::FORBIDDEN,
            "the sandbox controls answer loopback clients only\n",
            cors,
        ));
    }
    let declared = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > shared.max_body_bytes as u64) {
        return Ok(too_large(shared.max_body_bytes, cors));
    }
    let method = request.method().as_str().to_owned();
    let headers: Vec<Header> = request
        .headers()
        .iter()
        .map(|(name, value)| {
            Header::new(
                name.as_str(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = match Limited::new(request.into_body(), shared.max_body_bytes)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(err) if err.is::<LengthLimitError>() => {
            return Ok(too_large(shared.max_body_bytes, cors))
        }
        // The client went away or sent a broken body: just close.
        Err(err) => return Err(io::Error::other(err)),
    };
    let request = SandboxRequest {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let (ticket, outcome) = shared.sandbox.begin(now_ms(), &request);
    let mut guard = FinishGuard {
        sandbox: shared.sandbox.clone(),
        ticket,
        delivery: Delivery::ClientClosed,
    };
    match outcome {
        Outcome::Respond { response, delay_ms } => {
            if delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            }
            let response = to_hyper(response, cors);
            guard.delivery = Delivery::Completed;
            Ok(response)
        }
        Outcome::Drop | Outcome::ApplyThenDrop => {
            guard.delivery = Delivery::Dropped;
            Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "the sandbox drops this connection (fault)",
            ))
        }
    }
}

fn to_hyper(response: exotel_sip::HttpResponse, cors: bool) -> Response<Body> {
    let mut out = Response::new(Full::new(Bytes::from(response.body)));
    *out.status_mut() =
        StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = out.headers_mut();
    for header in &response.headers {
        // hyper frames the body itself.
        if header.name.eq_ignore_ascii_case("content-length")
            || header.name.eq_ignore_ascii_case("transfer-encoding")
        {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(header.name.as_bytes()),
            HeaderValue::from_str(&header.value),
        ) {
            headers.append(name, value);
        }
    }
    if !headers.contains_key(hyper::header::DATE) {
        if let Ok(date) = HeaderValue::from_str(&http_date(now_ms())) {
            headers.insert(hyper::header::DATE, date);
        }
    }
    if cors {
        add_cors(&mut out);
    }
    out
}

fn add_cors(response: &mut Response<Body>) {
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        hyper::header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(CORS_EXPOSE_HEADERS),
    );
}

fn preflight() -> Response<Body> {
    let mut out = Response::new(Full::new(Bytes::new()));
    *out.status_mut() = StatusCode::NO_CONTENT;
    let headers = out.headers_mut();
    headers.insert(
        hyper::header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(CORS_ALLOW_METHODS),
    );
    headers.insert(
        hyper::header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(CORS_ALLOW_HEADERS),
    );
    headers.insert(
        hyper::header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    add_cors(&mut out);
    out
}

fn plain(status: StatusCode, text: &str, cors: bool) -> Response<Body> {
    let mut out = Response::new(Full::new(Bytes::from(text.to_owned())));
    *out.status_mut() = status;
    out.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if let Ok(date) = HeaderValue::from_str(&http_date(now_ms())) {
        out.headers_mut().insert(hyper::header::DATE, date);
    }
    if cors {
        add_cors(&mut out);
    }
    out
}

fn too_large(limit: usize, cors: bool) -> Response<Body> {
    let mut out = plain(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("request body larger than {limit} bytes\n"),
        cors,
    );
    // The rest of the body is not read: this connection cannot be reused.
    out.headers_mut()
        .insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
    out
}

/// Completes on the first SIGINT or SIGTERM (Ctrl-C elsewhere): the shutdown
/// signal of the `exotel-sip-sandbox` binary and of `exotel-sip sandbox`.
#[cfg(unix)]
pub fn shutdown_signal() -> io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Completes on the first Ctrl-C.
#[cfg(not(unix))]
pub fn shutdown_signal() -> io::Result<impl Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv6Addr;

    #[test]
    fn controls_answer_loopback_peers_only() {
        let remote = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7));
        let local = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let local6 = IpAddr::V6(Ipv6Addr::LOCALHOST);
        let mapped = IpAddr::V6(Ipv4Addr::new(127, 0, 0, 1).to_ipv6_mapped());
        for path in ["/__sandbox/requests", "/__sandbox", "/__sandbox/"] {
            assert!(!allowed(remote, path), "{path}");
            assert!(allowed(local, path));
            assert!(allowed(local6, path));
            assert!(allowed(mapped, path));
        }
        assert!(allowed(remote, "/v2/accounts/ameyo5m/trunks"));
        assert!(allowed(remote, "/__sandboxed"));
    }

    #[test]
    fn invalid_statuses_become_500_and_hyper_frames_the_body() {
        let response = to_hyper(
            exotel_sip::HttpResponse::new(
                1000,
                vec![
                    Header::new("Content-Length", "99"),
                    Header::new("X-Bad\n", "v"),
                    Header::new("Retry-After", "3"),
                ],
                "{}",
            ),
            false,
        );
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(response.headers().get("content-length").is_none());
        assert_eq!(
            response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok()),
            Some("3")
        );
        assert!(response.headers().contains_key("date"));
    }
}
