//! The client: validates, builds, governs, sends with deadlines and retries, parses.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;

use serde::Serialize;

use crate::config::Config;
use crate::error::{Error, TransportErrorKind};
use crate::events::{Event, EventSink};
use crate::governor::{Governor, RateLimit, ServerLimits};
use crate::http::{HttpRequest, HttpResponse};
// Globs: the generated region below names every operation and model of the
// catalog, so a new one needs no edit here.
use crate::models::*;
use crate::ops::*;
use crate::policy::{retry_reason, CallOptions, RetryPolicy};
use crate::seams::{Clock, Entropy, MaybeSend, Transport};

/// An Exotel SIP trunking client over a host's transport, clock and randomness.
///
/// Every call validates its input (bad input never becomes a request), waits for
/// the rate governor, sends with the remaining deadline as `timeout_ms` (and races
/// the send against the host's sleep, so a transport that ignores it cannot hang
/// the call), retries what is safe to retry, and parses the envelope into a typed
/// result or [`Error`]. Dropping a call's future cancels it: the send, the
/// governor wait and any backoff sleep stop with it.
pub struct Client<T, C, E> {
    config: Config,
    transport: T,
    clock: C,
    entropy: E,
    retry: RetryPolicy,
    governor: Arc<Governor>,
    events: Option<Arc<dyn EventSink>>,
}

impl<T, C, E> std::fmt::Debug for Client<T, C, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("retry", &self.retry)
            .field("rate_limit", &self.governor.limit())
            .finish_non_exhaustive()
    }
}

pub(crate) enum Either<A, B> {
    Left(A),
    Right(B),
}

/// Polls both futures; the first to finish wins and the other is dropped.
pub(crate) async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
    let mut a = pin!(a);
    let mut b = pin!(b);
    poll_fn(|cx| {
        if let Poll::Ready(out) = a.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(out));
        }
        if let Poll::Ready(out) = b.as_mut().poll(cx) {
            return Poll::Ready(Either::Right(out));
        }
        Poll::Pending
    })
    .await
}

/// Parses one attempt's response for the retry loop: `Ok` keeps the result,
/// `Err` is the attempt's error (which may be retried). `Send` natively so the
/// call's future stays `Send`.
pub(crate) trait ReadResponse: MaybeSend {
    /// Reads the response to attempt number `attempt` (from 1).
    fn read(&mut self, response: &HttpResponse, attempt: u32) -> Result<(), Error>;
}

impl<F: FnMut(&HttpResponse, u32) -> Result<(), Error> + MaybeSend> ReadResponse for F {
    fn read(&mut self, response: &HttpResponse, attempt: u32) -> Result<(), Error> {
        self(response, attempt)
    }
}

/// The retry loop's future, boxed: callers hold a pointer instead of its whole
/// state (less drop glue per operation in the WebAssembly build).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type BoxFuture<'a, T> = std::pin::Pin<Box<dyn Future<Output = T> + Send + 'a>>;
#[cfg(target_arch = "wasm32")]
pub(crate) type BoxFuture<'a, T> = std::pin::Pin<Box<dyn Future<Output = T> + 'a>>;

/// The latest plausible `Clock::now_ms` (2^53 ms, 285,000 years; also the last
/// integer a JavaScript number holds exactly). A clock beyond it counts µs or ns
/// by mistake: its windows would be a thousandth of their length, rate limiting
/// silently off, so the call fails instead, saying why.
pub const MAX_CLOCK_MS: u64 = 1 << 53;

/// An operation with its types erased: its name, its request, and its result
/// read as text (its JSON, for a host that takes results as JSON). A host that
/// runs every operation through [`Client::execute_erased`] compiles the call's
/// retry loop once instead of once per operation: the WebAssembly build's
/// per-operation cost is then its request builder and its response reader.
pub trait ErasedOperation: crate::seams::MaybeSync {
    /// [`Operation::NAME`].
    fn name(&self) -> &'static str;
    /// [`Operation::request`].
    fn request(&self, config: &Config) -> Result<HttpRequest, Error>;
    /// [`Operation::read`], then the result as text.
    fn read(&self, config: &Config, response: &HttpResponse, attempt: u32)
        -> Result<String, Error>;
}

/// The options of a call that overrides nothing.
pub(crate) static DEFAULT_OPTIONS: CallOptions = CallOptions {
    timeout_ms: None,
    retry: None,
};

pub(crate) fn no_result() -> Error {
    Error::Internal {
        detail: "the call ended without a result".to_owned(),
    }
}

/// The error kind's name and request id of an attempt's result, for events.
fn summary(result: &Result<(), Error>) -> (Option<String>, Option<String>) {
    match result {
        Ok(_) => (None, None),
        Err(e) => (
            Some(e.kind().as_str().to_owned()),
            e.request_id().map(str::to_owned),
        ),
    }
}

impl<T: Transport, C: Clock, E: Entropy> Client<T, C, E> {
    /// A client with this configuration and host seams, the default retry policy
    /// and its own governor at Exotel's limits (200/minute, 50 in flight, at most
    /// 20 a second, a 500 ms latency margin).
    pub fn new(config: Config, transport: T, clock: C, entropy: E) -> Self {
        Client {
            config,
            transport,
            clock,
            entropy,
            retry: RetryPolicy::default(),
            governor: Arc::new(Governor::new(RateLimit::default())),
            events: None,
        }
    }

    /// Sets the default retry policy.
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Gives the client its own governor with these limits.
    pub fn with_rate_limit(mut self, limit: RateLimit) -> Self {
        self.governor = Arc::new(Governor::new(limit));
        self
    }

    /// Shares a governor with other clients of the same account.
    pub fn with_governor(mut self, governor: Arc<Governor>) -> Self {
        self.governor = governor;
        self
    }

    /// Sends the client's events to `sink`.
    pub fn with_event_sink(mut self, sink: Arc<dyn EventSink>) -> Self {
        self.events = Some(sink);
        self
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The governor (share it with [`Client::with_governor`]).
    pub fn governor(&self) -> Arc<Governor> {
        self.governor.clone()
    }

    /// The default retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// The host clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    pub(crate) fn emit(&self, event: Event) {
        if let Some(sink) = &self.events {
            sink.on_event(&event);
        }
    }

    /// Runs any operation with the client's defaults.
    ///
    /// (The `execute*` methods and the per-endpoint methods below return the one
    /// future of [`Client::execute_with`] rather than wrapping it in futures of
    /// their own: fewer state machines, a smaller WebAssembly build.)
    pub fn execute<'a, O: Operation>(
        &'a self,
        operation: &'a O,
    ) -> impl Future<Output = Result<O::Output, Error>> + 'a {
        self.execute_with(operation, &DEFAULT_OPTIONS)
    }

    /// Runs any operation with per-call overrides.
    pub async fn execute_with<O: Operation>(
        &self,
        operation: &O,
        options: &CallOptions,
    ) -> Result<O::Output, Error> {
        self.execute_reading(operation, options, |result, _attempt| result)
            .await
    }

    /// Runs a type-erased operation whose result is read as text (see
    /// [`ErasedOperation`]): every operation shares this one instance of the call.
    pub async fn execute_erased(
        &self,
        operation: &dyn ErasedOperation,
        options: &CallOptions,
    ) -> Result<String, Error> {
        let request = operation.request(&self.config)?;
        let config = &self.config;
        let mut output = None;
        let mut keep = |response: &HttpResponse, attempt: u32| {
            output = Some(operation.read(config, response, attempt)?);
            Ok(())
        };
        self.run_request(operation.name(), request, options, &mut keep)
            .await?;
        output.ok_or_else(no_result)
    }

    /// Runs an operation; `read` turns each attempt's parsed result (and the
    /// attempt number) into the call's result, or the error that may be retried.
    async fn execute_reading<O: Operation, X: MaybeSend>(
        &self,
        operation: &O,
        options: &CallOptions,
        mut read: impl FnMut(Result<O::Output, Error>, u32) -> Result<X, Error> + MaybeSend,
    ) -> Result<X, Error> {
        let request = operation.request(&self.config)?;
        let config = &self.config;
        let mut output = None;
        let mut keep = |response: &HttpResponse, attempt: u32| {
            output = Some(read(operation.read(config, response, attempt), attempt)?);
            Ok(())
        };
        self.run_request(O::NAME, request, options, &mut keep)
            .await?;
        output.ok_or_else(no_result)
    }

    /// The retry loop itself, the same code for every operation: `read` parses
    /// each attempt's response and keeps the result, so only that small closure
    /// differs per operation (one shared loop keeps the WebAssembly small).
    pub(crate) fn run_request<'a>(
        &'a self,
        name: &'static str,
        request: HttpRequest,
        options: &'a CallOptions,
        read: &'a mut dyn ReadResponse,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.retry_loop(name, request, options, read))
    }

    async fn retry_loop(
        &self,
        name: &'static str,
        mut request: HttpRequest,
        options: &CallOptions,
        read: &mut dyn ReadResponse,
    ) -> Result<(), Error> {
        let policy = options.retry.unwrap_or(self.retry);
        let timeout_ms = u64::from(options.timeout_ms.unwrap_or(self.config.timeout_ms()));
        let start = self.clock.now_ms();
        if start > MAX_CLOCK_MS {
            return Err(Error::Internal {
                detail: "the host clock reads beyond 2^53 ms: is it counting µs or ns? \
                         Clock::now_ms must count milliseconds"
                    .to_owned(),
            });
        }
        let deadline = start.saturating_add(timeout_ms);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self
                .attempt(name, read, &mut request, attempt, deadline, timeout_ms)
                .await;
            let err = match result {
                Ok(()) => return Ok(()),
                Err(err) => err,
            };
            let Some(reason) = retry_reason(request.method, &err) else {
                return Err(err);
            };
            let now = self.clock.now_ms();
            let backoff = policy.backoff_ms(attempt, self.entropy.next_u64());
            let retry_after = match &err {
                Error::RateLimited { retry_after_ms, .. } => retry_after_ms.unwrap_or(0),
                _ => 0,
            };
            let delay = backoff.max(retry_after);
            let elapsed = now.saturating_sub(start);
            if attempt >= policy.max_attempts
                || now.saturating_add(delay) >= deadline
                || elapsed.saturating_add(delay) > u64::from(policy.max_elapsed_ms)
            {
                return Err(err);
            }
            self.emit(Event::Retry {
                operation: name.to_owned(),
                attempt: attempt + 1,
                delay_ms: delay,
                reason: reason.to_owned(),
            });
            if delay > 0 {
                self.clock.sleep(delay).await;
            }
            if self.clock.now_ms() >= deadline {
                return Err(Error::Timeout { timeout_ms });
            }
        }
    }

    /// One attempt: governor, send raced against the deadline, parse.
    async fn attempt(
        &self,
        name: &'static str,
        read: &mut dyn ReadResponse,
        request: &mut HttpRequest,
        attempt: u32,
        deadline: u64,
        timeout_ms: u64,
    ) -> Result<(), Error> {
        let timed_out = || Error::Timeout { timeout_ms };
        let remaining = |now: u64| deadline.saturating_sub(now);
        // The in-flight slot first: a call then reserves its send only when it
        // can go right after the wait, so its send time is the one reserved.
        let left = remaining(self.clock.now_ms());
        let _permit = match race(self.governor.acquire(), self.clock.sleep(left)).await {
            Either::Left(permit) => permit,
            Either::Right(()) => return Err(timed_out()),
        };
        let now = self.clock.now_ms();
        let mut wait = self
            .governor
            .reserve(now, remaining(now))
            .map_err(|_| timed_out())?;
        let mut send_at = now.saturating_add(wait);
        while wait > 0 {
            self.emit(Event::ThrottleWait {
                operation: name.to_owned(),
                wait_ms: wait,
            });
            self.clock.sleep(wait).await;
            // A server pause that began meanwhile and ends after this call's time
            // holds it back too: it takes a new place after the pause (the old
            // one only counts extra).
            wait = 0;
            if self.governor.paused_until_ms() > send_at {
                let now = self.clock.now_ms();
                wait = self
                    .governor
                    .reserve(now, remaining(now))
                    .map_err(|_| timed_out())?;
                send_at = now.saturating_add(wait);
            }
        }
        let left = remaining(self.clock.now_ms());
        if left == 0 {
            return Err(timed_out());
        }
        request.timeout_ms = u32::try_from(left).unwrap_or(u32::MAX);
        let (method, url) = (request.method.as_str().to_owned(), request.url.clone());
        self.emit(Event::RequestStart {
            operation: name.to_owned(),
            method: method.clone(),
            url: url.clone(),
            attempt,
        });
        let sent_at = self.clock.now_ms();
        let (status, result) = match self.send(request.clone(), left, timeout_ms).await {
            Ok(response) => {
                self.learn_limits(name, &response);
                (Some(response.status), read.read(&response, attempt))
            }
            Err(err) => (None, Err(err)),
        };
        if let Err(Error::RateLimited { retry_after_ms, .. }) = &result {
            let pause = self.governor.pause(self.clock.now_ms(), *retry_after_ms);
            self.emit(Event::RateLimitFeedback {
                operation: name.to_owned(),
                source: "retry_after".to_owned(),
                pause_ms: pause,
                limit: None,
                remaining: None,
                reset_ms: None,
            });
        }
        let (error_kind, request_id) = summary(&result);
        self.emit(Event::RequestEnd {
            operation: name.to_owned(),
            method,
            url,
            attempt,
            status,
            duration_ms: self.clock.now_ms().saturating_sub(sent_at),
            request_id,
            error_kind,
        });
        result
    }

    /// Takes in the server's `X-RateLimit-*` headers (reported when they tighten the governor).
    fn learn_limits(&self, name: &'static str, response: &HttpResponse) {
        let Some(limits) = ServerLimits::from_response(response) else {
            return;
        };
        if let Some(pause_ms) = self.governor.observe(self.clock.now_ms(), limits) {
            self.emit(Event::RateLimitFeedback {
                operation: name.to_owned(),
                source: "rate_limit_headers".to_owned(),
                pause_ms,
                limit: limits.limit,
                remaining: limits.remaining,
                reset_ms: limits.reset_ms,
            });
        }
    }

    /// Sends one request, racing it against the host's sleep.
    async fn send(
        &self,
        request: HttpRequest,
        left_ms: u64,
        timeout_ms: u64,
    ) -> Result<HttpResponse, Error> {
        match race(self.transport.send(request), self.clock.sleep(left_ms)).await {
            Either::Left(Ok(response)) => Ok(response),
            Either::Left(Err(err)) => Err(Error::Transport {
                kind: err.kind,
                detail: self.config.credentials().redactor().redact(&err.detail),
            }),
            Either::Right(()) => Err(Error::Transport {
                kind: TransportErrorKind::Timeout,
                detail: format!("no response within {left_ms} ms"),
            }),
        }
        .map_err(|err| match err {
            // The send had the whole remaining deadline: its timeout is the call's.
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            } => Error::Timeout { timeout_ms },
            other => other,
        })
    }

    /// One page of a list.
    pub async fn page<R: Listed>(
        &self,
        query: &ListQuery,
        options: &CallOptions,
    ) -> Result<Page<R>, Error> {
        self.execute_with(&List::<R>::new(query.clone()), options)
            .await
    }

    /// The page a [`PageCursor`] points to. A walk's thousand-and-first page is
    /// refused ([`MAX_PAGES`]): every lazy list of every binding ends.
    pub async fn page_after<R: Listed>(
        &self,
        cursor: &PageCursor,
        options: &CallOptions,
    ) -> Result<Page<R>, Error> {
        self.execute_with(&cursor.page::<R>()?, options).await
    }

    /// Every page of a list, fetched lazily one page at a time.
    pub fn pages<R: Listed>(&self, query: ListQuery) -> Pages<'_, T, C, E, R> {
        self.pages_with(query, DEFAULT_OPTIONS)
    }

    /// [`Client::pages`] with per-call options for every page request.
    pub fn pages_with<R: Listed>(
        &self,
        query: ListQuery,
        options: CallOptions,
    ) -> Pages<'_, T, C, E, R> {
        Pages {
            client: self,
            first: Some(query),
            next: None,
            options,
            read: 0,
            resource: std::marker::PhantomData,
        }
    }
}

/// Where a lazy walk over a list stands: the page to read next and how many
/// pages the walk has read. The core decides whether a walk goes on
/// ([`PageCursor::after`]) and refuses to read past [`MAX_PAGES`]; every
/// binding's iterator only loops while there is a cursor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PageCursor {
    /// The previous page's `next_page_uri` (checked to lead on when it was read).
    pub next_page_uri: String,
    /// Pages read so far.
    pub pages_read: u32,
}

impl PageCursor {
    /// The list operation that reads the page this cursor points to; past
    /// [`MAX_PAGES`] pages, the error that ends the walk.
    pub fn page<R: Listed>(&self) -> Result<List<R>, Error> {
        if self.pages_read >= MAX_PAGES {
            return Err(endless_list());
        }
        Ok(List::following(self.next_page_uri.clone()))
    }

    /// The cursor after `page`, the walk's `pages_read`-th page; `None` when the walk
    /// ends: no `next_page_uri`, or an empty page (even if the server links another).
    pub fn after<R>(page: &Page<R>, pages_read: u32) -> Option<PageCursor> {
        Self::after_parts(&page.metadata, page.items.len(), pages_read)
    }

    /// [`PageCursor::after`] from a page's metadata and item count (what a binding holds).
    pub fn after_parts(
        metadata: &PageMetadata,
        items: usize,
        pages_read: u32,
    ) -> Option<PageCursor> {
        if items == 0 {
            return None;
        }
        let next = metadata
            .next_page_uri
            .as_deref()
            .filter(|u| !u.is_empty())?;
        Some(PageCursor {
            next_page_uri: next.to_owned(),
            pages_read,
        })
    }
}

/// The most pages one walk reads (50,000 items at the server's page size of
/// 50): a server whose pages never end cannot hold a call, or the account's
/// shared rate budget, for ever.
pub const MAX_PAGES: u32 = 1_000;

#[cold]
fn endless_list() -> Error {
    Error::Decode {
        status: 200,
        snippet: String::new(),
        // MAX_PAGES, spelled out (no formatting code in every walk).
        detail: "the list did not end after 1000 pages".to_owned(),
    }
}

/// A lazy walk over every page of a list, following `next_page_uri`.
///
/// It always ends: every page must lead on from the one before (the core
/// rejects a `next_page_uri` that repeats, skips or leaves the trunk), and a walk
/// reads at most [`MAX_PAGES`] pages.
pub struct Pages<'c, T, C, E, R> {
    client: &'c Client<T, C, E>,
    first: Option<ListQuery>,
    next: Option<PageCursor>,
    options: CallOptions,
    read: u32,
    resource: std::marker::PhantomData<R>,
}

impl<T: Transport, C: Clock, E: Entropy, R: Listed> Pages<'_, T, C, E, R> {
    /// The next page, or `None` after the last one. After an error the walk ends.
    pub async fn next_page(&mut self) -> Option<Result<Page<R>, Error>> {
        // One list operation, then one call (one future: a smaller wasm).
        let operation = match (self.first.take(), self.next.take()) {
            (Some(query), _) => Ok(List::<R>::new(query)),
            (None, Some(cursor)) => cursor.page::<R>(),
            (None, None) => return None,
        };
        let result = match operation {
            Ok(operation) => self.client.execute_with(&operation, &self.options).await,
            Err(err) => Err(err),
        };
        self.read = self.read.saturating_add(1);
        if let Ok(page) = &result {
            self.next = PageCursor::after(page, self.read);
        }
        Some(result)
    }

    /// Every item of every remaining page.
    pub async fn collect_items(mut self) -> Result<Vec<R>, Error> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await {
            items.extend(page?.items);
        }
        Ok(items)
    }
}

impl<T: Transport, C: Clock, E: Entropy> Client<T, C, E> {
    // BEGIN GENERATED by `cargo xtask codegen` from core/src/catalog.rs: do not edit (client)
    /// Creates a trunk; save the returned `trunk_sid`.
    ///
    /// A trunk name is unique in the account: a second create answers a duplicate error.
    pub fn create_trunk<'a>(
        &'a self,
        input: &'a CreateTrunk,
    ) -> impl Future<Output = Result<<CreateTrunk as Operation>::Output, Error>> + 'a {
        self.execute(input)
    }

    /// [`Client::create_trunk`] with per-call options.
    pub fn create_trunk_with<'a>(
        &'a self,
        input: &'a CreateTrunk,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<<CreateTrunk as Operation>::Output, Error>> + 'a {
        self.execute_with(input, options)
    }

    /// Deletes a trunk and everything mapped to it.
    ///
    /// A retried delete that finds the trunk gone reports it deleted, without its body.
    pub fn delete_trunk<'a>(
        &'a self,
        input: &'a DeleteTrunk,
    ) -> impl Future<Output = Result<<DeleteTrunk as Operation>::Output, Error>> + 'a {
        self.execute(input)
    }

    /// [`Client::delete_trunk`] with per-call options.
    pub fn delete_trunk_with<'a>(
        &'a self,
        input: &'a DeleteTrunk,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<<DeleteTrunk as Operation>::Output, Error>> + 'a {
        self.execute_with(input, options)
    }

    /// Maps a phone number to a trunk.
    ///
    /// Mapping a number that is already mapped answers a duplicate error.
    pub fn map_phone_number<'a>(
        &'a self,
        input: &'a MapPhoneNumber,
    ) -> impl Future<Output = Result<<MapPhoneNumber as Operation>::Output, Error>> + 'a {
        self.execute(input)
    }

    /// [`Client::map_phone_number`] with per-call options.
    pub fn map_phone_number_with<'a>(
        &'a self,
        input: &'a MapPhoneNumber,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<<MapPhoneNumber as Operation>::Output, Error>> + 'a {
        self.execute_with(input, options)
    }

    /// Switches a mapped number between `pstn` and `flow`.
    pub fn update_phone_number_mode<'a>(
        &'a self,
        input: &'a UpdatePhoneNumberMode,
    ) -> impl Future<Output = Result<<UpdatePhoneNumberMode as Operation>::Output, Error>> + 'a
    {
        self.execute(input)
    }

    /// [`Client::update_phone_number_mode`] with per-call options.
    pub fn update_phone_number_mode_with<'a>(
        &'a self,
        input: &'a UpdatePhoneNumberMode,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<<UpdatePhoneNumberMode as Operation>::Output, Error>> + 'a
    {
        self.execute_with(input, options)
    }

    /// Whitelists an IPv4 address or range on a trunk.
    pub fn whitelist_ip<'a>(
        &'a self,
        input: &'a WhitelistIp,
    ) -> impl Future<Output = Result<<WhitelistIp as Operation>::Output, Error>> + 'a {
        self.execute(input)
    }

    /// [`Client::whitelist_ip`] with per-call options.
    pub fn whitelist_ip_with<'a>(
        &'a self,
        input: &'a WhitelistIp,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<<WhitelistIp as Operation>::Output, Error>> + 'a {
        self.execute_with(input, options)
    }

    /// Adds destination URIs, where inbound calls go.
    ///
    /// The server answers per item (HTTP 207): if any item failed, the call fails with a partial-failure error that carries the items created.
    pub fn add_destinations<'a>(
        &'a self,
        input: &'a AddDestinations,
    ) -> impl Future<Output = Result<<AddDestinations as Operation>::Output, Error>> + 'a {
        self.execute(input)
    }

    /// [`Client::add_destinations`] with per-call options.
    pub fn add_destinations_with<'a>(
        &'a self,
        input: &'a AddDestinations,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<<AddDestinations as Operation>::Output, Error>> + 'a {
        self.execute_with(input, options)
    }

    /// Applies trunk settings, such as the caller-ID alias.
    ///
    /// Answered per item (HTTP 207), like Add Destinations.
    pub fn set_trunk_settings<'a>(
        &'a self,
        input: &'a SetTrunkSettings,
    ) -> impl Future<Output = Result<<SetTrunkSettings as Operation>::Output, Error>> + 'a {
        self.execute(input)
    }

    /// [`Client::set_trunk_settings`] with per-call options.
    pub fn set_trunk_settings_with<'a>(
        &'a self,
        input: &'a SetTrunkSettings,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<<SetTrunkSettings as Operation>::Output, Error>> + 'a {
        self.execute_with(input, options)
    }

    /// Reads a trunk's credentials sub-resource as raw JSON.
    ///
    /// Its shape is not documented by the reference.
    pub fn get_trunk_credentials<'a>(
        &'a self,
        input: &'a GetTrunkCredentials,
    ) -> impl Future<Output = Result<<GetTrunkCredentials as Operation>::Output, Error>> + 'a {
        self.execute(input)
    }

    /// [`Client::get_trunk_credentials`] with per-call options.
    pub fn get_trunk_credentials_with<'a>(
        &'a self,
        input: &'a GetTrunkCredentials,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<<GetTrunkCredentials as Operation>::Output, Error>> + 'a {
        self.execute_with(input, options)
    }

    /// One page: every phone number mapped to a trunk.
    pub fn phone_numbers_page<'a>(
        &'a self,
        query: &'a ListQuery,
    ) -> impl Future<Output = Result<Page<PhoneNumber>, Error>> + 'a {
        self.page(query, &DEFAULT_OPTIONS)
    }

    /// [`Client::phone_numbers_page`] with per-call options.
    pub fn phone_numbers_page_with<'a>(
        &'a self,
        query: &'a ListQuery,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<Page<PhoneNumber>, Error>> + 'a {
        self.page(query, options)
    }

    /// Every phone number mapped to a trunk. A lazy walk: each page is read when it is needed.
    pub fn list_phone_numbers(&self, query: ListQuery) -> Pages<'_, T, C, E, PhoneNumber> {
        self.pages(query)
    }

    /// [`Client::list_phone_numbers`] with per-call options for every page request.
    pub fn list_phone_numbers_with(
        &self,
        query: ListQuery,
        options: CallOptions,
    ) -> Pages<'_, T, C, E, PhoneNumber> {
        self.pages_with(query, options)
    }

    /// One page: every IP range whitelisted on a trunk.
    pub fn whitelisted_ips_page<'a>(
        &'a self,
        query: &'a ListQuery,
    ) -> impl Future<Output = Result<Page<WhitelistedIp>, Error>> + 'a {
        self.page(query, &DEFAULT_OPTIONS)
    }

    /// [`Client::whitelisted_ips_page`] with per-call options.
    pub fn whitelisted_ips_page_with<'a>(
        &'a self,
        query: &'a ListQuery,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<Page<WhitelistedIp>, Error>> + 'a {
        self.page(query, options)
    }

    /// Every IP range whitelisted on a trunk. A lazy walk: each page is read when it is needed.
    pub fn list_whitelisted_ips(&self, query: ListQuery) -> Pages<'_, T, C, E, WhitelistedIp> {
        self.pages(query)
    }

    /// [`Client::list_whitelisted_ips`] with per-call options for every page request.
    pub fn list_whitelisted_ips_with(
        &self,
        query: ListQuery,
        options: CallOptions,
    ) -> Pages<'_, T, C, E, WhitelistedIp> {
        self.pages_with(query, options)
    }

    /// One page: every destination URI of a trunk.
    pub fn destinations_page<'a>(
        &'a self,
        query: &'a ListQuery,
    ) -> impl Future<Output = Result<Page<DestinationUri>, Error>> + 'a {
        self.page(query, &DEFAULT_OPTIONS)
    }

    /// [`Client::destinations_page`] with per-call options.
    pub fn destinations_page_with<'a>(
        &'a self,
        query: &'a ListQuery,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<Page<DestinationUri>, Error>> + 'a {
        self.page(query, options)
    }

    /// Every destination URI of a trunk. A lazy walk: each page is read when it is needed.
    pub fn list_destinations(&self, query: ListQuery) -> Pages<'_, T, C, E, DestinationUri> {
        self.pages(query)
    }

    /// [`Client::list_destinations`] with per-call options for every page request.
    pub fn list_destinations_with(
        &self,
        query: ListQuery,
        options: CallOptions,
    ) -> Pages<'_, T, C, E, DestinationUri> {
        self.pages_with(query, options)
    }

    // END GENERATED (client)
}
