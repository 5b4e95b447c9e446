//! UniFFI surface of exotel-sip, shared by the Python and Kotlin packages.
//!
//! Thin, typed forwarding only: every model, rule, retry, limit and error lives in
//! the core crate, whose types UniFFI exports from their own namespace
//! (`exotel_sip_core`). This crate adds the host seams as foreign traits, the
//! credentials and the shareable rate limiter as objects, concrete records for the
//! core's generic results, and one client object per calling style (async and
//! blocking) whose methods are written once, by a macro.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

// Globs: the generated regions name every operation and model of the catalog, so
// a new one needs no edit here (the records defined below shadow the core's batch
// aliases).
use exotel_sip::models::*;
use exotel_sip::ops::*;
use exotel_sip::{
    BulkItem, BulkOutcome, BulkProgress, CallOptions, Client, Config, DeletedTrunk, Ensured,
    EnsuredTrunk, Error, EventSink, Governor, PageCursor, RateLimit, Region, RetryPolicy,
};

mod sandbox;
mod seams;

pub use sandbox::{InProcessSandbox, SandboxDelivery, SandboxExchange, SandboxOutcome};
use seams::{AsyncAdapter, BlockingAdapter, BlockingClock, Listener, Rng, TimerClock};
pub use seams::{AsyncTransport, BlockingTransport, EventListener, FfiTransportError};

uniffi::setup_scaffolding!();

/// The SDK version (one source: the workspace manifest).
#[uniffi::export]
pub fn sdk_version() -> String {
    exotel_sip::SDK_VERSION.to_owned()
}

/// Name of the setting holding a trunk's caller-ID alias (the core's constant: a
/// `const` cannot cross UniFFI, so hosts read it here instead of repeating it).
#[uniffi::export]
pub fn trunk_external_alias() -> String {
    exotel_sip::TRUNK_EXTERNAL_ALIAS.to_owned()
}

/// The core's default retry policy: the hosts' defaults come from (or are
/// checked against) this one.
#[uniffi::export]
pub fn default_retry_policy() -> RetryPolicy {
    RetryPolicy::default()
}

/// The core's default rate limits (Exotel's documented 200/minute, 50 in flight).
#[uniffi::export]
pub fn default_rate_limit() -> RateLimit {
    RateLimit::default()
}

/// Parses a region name: `singapore`/`sg` or `mumbai`/`in` (any case).
/// The core's one human-readable text of an error, the same in every language
/// (server text redacted, control characters escaped).
#[uniffi::export]
pub fn error_text(error: Error) -> String {
    error.to_string()
}

#[uniffi::export]
pub fn parse_region(value: String) -> Result<Region, Error> {
    Region::parse(&value)
}

/// API credentials. An object, not a record: no generated string form can show
/// the token, and no method returns it.
#[derive(uniffi::Object)]
pub struct Credentials(exotel_sip::Credentials);

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

/// The host's environment (`os.environ.get`, `System.getenv`): the core reads the
/// `EXOTEL_*` variables through it (`exotel_sip::Env`), so no binding names them.
#[uniffi::export(with_foreign)]
pub trait EnvLookup: Send + Sync {
    /// The variable's value, `None` when unset.
    fn get(&self, name: String) -> Option<String>;
}

/// Runs `f` with the core's view of the host's environment (none: no variable is set).
fn with_env<R>(env: Option<&Arc<dyn EnvLookup>>, f: impl FnOnce(&exotel_sip::Env<'_>) -> R) -> R {
    let lookup = |name: &str| env.and_then(|e| e.get(name.to_owned()));
    f(&exotel_sip::Env::new(&lookup))
}

#[uniffi::export]
impl Credentials {
    /// Validated credentials (the token's value is never echoed in an error).
    #[uniffi::constructor]
    pub fn new(api_key: String, api_token: String, account_sid: String) -> Result<Self, Error> {
        exotel_sip::Credentials::new(api_key, api_token, account_sid).map(Credentials)
    }

    /// Credentials from the values given, each absent one from its `EXOTEL_*`
    /// variable in `env` (one missing from both is a `required` validation error).
    #[uniffi::constructor]
    pub fn from_env(
        api_key: Option<String>,
        api_token: Option<String>,
        account_sid: Option<String>,
        env: Option<Arc<dyn EnvLookup>>,
    ) -> Result<Self, Error> {
        with_env(env.as_ref(), |e| {
            e.credentials(api_key, api_token, account_sid)
        })
        .map(Credentials)
    }

    /// The API key (not a secret on its own).
    pub fn api_key(&self) -> String {
        self.0.api_key().to_owned()
    }

    /// The account SID.
    pub fn account_sid(&self) -> String {
        self.0.account_sid().to_owned()
    }
}

/// A rate governor (spacing plus calls in flight) to share between clients of one account.
#[derive(Debug, uniffi::Object)]
pub struct RateLimiter(Arc<Governor>);

#[uniffi::export]
impl RateLimiter {
    /// A limiter with these limits.
    #[uniffi::constructor]
    pub fn new(limit: RateLimit) -> Self {
        RateLimiter(Arc::new(Governor::new(limit)))
    }

    /// The limits.
    pub fn limit(&self) -> RateLimit {
        self.0.limit()
    }
}

/// Where and how a client talks.
#[derive(Clone, Debug, uniffi::Record)]
pub struct ClientSettings {
    /// Exotel cluster; ignored when `base_url` is given.
    pub region: Option<Region>,
    /// A custom base URL (HTTPS unless loopback). Neither this nor `region`:
    /// `EXOTEL_BASE_URL`, then `EXOTEL_REGION`, from the client's environment.
    pub base_url: Option<String>,
    /// Default deadline of a call in milliseconds (default 30 000).
    pub timeout_ms: Option<u32>,
    /// Default retry policy.
    pub retry: Option<RetryPolicy>,
    /// The client's own limits (ignored when a shared limiter is given).
    pub rate_limit: Option<RateLimit>,
    /// Host language for the `User-Agent`, e.g. `python/3.11.7`.
    pub host_language: String,
}

/// A phone number that now exists, and whether this call created it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct EnsuredPhoneNumber {
    /// The mapping as the server returned it.
    pub resource: PhoneNumber,
    /// Whether this call created it.
    pub created: bool,
}

/// A whitelisted IP that now exists, and whether this call created it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct EnsuredWhitelistedIp {
    /// The entry as the server returned it.
    pub resource: WhitelistedIp,
    /// Whether this call created it.
    pub created: bool,
}

/// A destination that now exists, and whether this call created it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct EnsuredDestination {
    /// The destination as the server returned it.
    pub resource: DestinationUri,
    /// Whether this call created it.
    pub created: bool,
}

/// What happened to one phone number of a bulk call.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum PhoneNumberOutcome {
    /// This call mapped it.
    Created {
        /// The mapping.
        resource: PhoneNumber,
    },
    /// It was already mapped.
    Existed {
        /// The mapping.
        resource: PhoneNumber,
    },
    /// It failed; the batch went on.
    Failed {
        /// Why.
        error: Error,
    },
}

/// What happened to one IP of a bulk call.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum WhitelistedIpOutcome {
    /// This call whitelisted it.
    Created {
        /// The entry.
        resource: WhitelistedIp,
    },
    /// It was already whitelisted.
    Existed {
        /// The entry.
        resource: WhitelistedIp,
    },
    /// It failed; the batch went on.
    Failed {
        /// Why.
        error: Error,
    },
}

/// One phone number's outcome in a bulk call.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct BulkPhoneNumber {
    /// Position in the input.
    pub index: u32,
    /// The number as given.
    pub item: String,
    /// What happened.
    pub outcome: PhoneNumberOutcome,
}

/// One IP's outcome in a bulk call.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct BulkWhitelistedIp {
    /// Position in the input.
    pub index: u32,
    /// The IP as given.
    pub item: String,
    /// What happened.
    pub outcome: WhitelistedIpOutcome,
}

impl From<Ensured<PhoneNumber>> for EnsuredPhoneNumber {
    fn from(e: Ensured<PhoneNumber>) -> Self {
        EnsuredPhoneNumber {
            resource: e.resource,
            created: e.created,
        }
    }
}
impl From<Ensured<WhitelistedIp>> for EnsuredWhitelistedIp {
    fn from(e: Ensured<WhitelistedIp>) -> Self {
        EnsuredWhitelistedIp {
            resource: e.resource,
            created: e.created,
        }
    }
}
impl From<Ensured<DestinationUri>> for EnsuredDestination {
    fn from(e: Ensured<DestinationUri>) -> Self {
        EnsuredDestination {
            resource: e.resource,
            created: e.created,
        }
    }
}
impl From<BulkItem<PhoneNumber>> for BulkPhoneNumber {
    fn from(b: BulkItem<PhoneNumber>) -> Self {
        let outcome = match b.outcome {
            BulkOutcome::Created { resource } => PhoneNumberOutcome::Created { resource },
            BulkOutcome::Existed { resource } => PhoneNumberOutcome::Existed { resource },
            BulkOutcome::Failed { error } => PhoneNumberOutcome::Failed { error },
        };
        BulkPhoneNumber {
            index: b.index,
            item: b.item,
            outcome,
        }
    }
}
impl From<BulkItem<WhitelistedIp>> for BulkWhitelistedIp {
    fn from(b: BulkItem<WhitelistedIp>) -> Self {
        let outcome = match b.outcome {
            BulkOutcome::Created { resource } => WhitelistedIpOutcome::Created { resource },
            BulkOutcome::Existed { resource } => WhitelistedIpOutcome::Existed { resource },
            BulkOutcome::Failed { error } => WhitelistedIpOutcome::Failed { error },
        };
        BulkWhitelistedIp {
            index: b.index,
            item: b.item,
            outcome,
        }
    }
}

/// Builds a core client from the settings and seams.
fn build<T, C>(
    credentials: &Credentials,
    settings: ClientSettings,
    transport: T,
    clock: C,
    limiter: Option<Arc<RateLimiter>>,
    events: Option<Arc<dyn EventListener>>,
    env: Option<Arc<dyn EnvLookup>>,
) -> Result<Client<T, C, Rng>, Error>
where
    T: exotel_sip::Transport,
    C: exotel_sip::Clock,
{
    let endpoint = with_env(env.as_ref(), |e| {
        e.endpoint(settings.base_url.clone(), settings.region)
    })?;
    let mut config =
        Config::new(credentials.0.clone(), endpoint)?.with_host_language(&settings.host_language);
    if let Some(ms) = settings.timeout_ms {
        config = config.with_timeout_ms(ms);
    }
    let mut client = Client::new(config, transport, clock, Rng::new());
    if let Some(retry) = settings.retry {
        client = client.with_retry_policy(retry);
    }
    client = match (limiter, settings.rate_limit) {
        (Some(shared), _) => client.with_governor(shared.0.clone()),
        (None, Some(limit)) => client.with_rate_limit(limit),
        (None, None) => client,
    };
    if let Some(listener) = events {
        client = client.with_event_sink(Arc::new(Listener(listener)));
    }
    Ok(client)
}

/// A core result as the record the hosts see: itself, or (for the core's generic
/// pages and batches, and raw JSON) its concrete form.
trait IntoHost<H> {
    fn into_host(self) -> H;
}

impl<T> IntoHost<T> for T {
    fn into_host(self) -> T {
        self
    }
}

impl IntoHost<String> for serde_json::Value {
    fn into_host(self) -> String {
        self.to_string()
    }
}

macro_rules! into_host_via_from {
    ($($from:ty => $to:ty),* $(,)?) => {
        $(impl IntoHost<$to> for $from {
            fn into_host(self) -> $to {
                self.into()
            }
        })*
    };
}

// BEGIN GENERATED by `cargo xtask codegen` from core/src/catalog.rs: do not edit (ffi_types)
/// What one `add_destinations` call made (every item succeeded).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DestinationBatch {
    /// Items in request order.
    pub items: Vec<DestinationUri>,
    /// Counts reported by the server.
    pub metadata: BatchMetadata,
}

impl From<exotel_sip::Batch<DestinationUri>> for DestinationBatch {
    fn from(r: exotel_sip::Batch<DestinationUri>) -> Self {
        DestinationBatch {
            items: r.items,
            metadata: r.metadata,
        }
    }
}

/// What one `set_trunk_settings` call made (every item succeeded).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SettingBatch {
    /// Items in request order.
    pub items: Vec<TrunkSetting>,
    /// Counts reported by the server.
    pub metadata: BatchMetadata,
}

impl From<exotel_sip::Batch<TrunkSetting>> for SettingBatch {
    fn from(r: exotel_sip::Batch<TrunkSetting>) -> Self {
        SettingBatch {
            items: r.items,
            metadata: r.metadata,
        }
    }
}

/// One page: every phone number mapped to a trunk.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PhoneNumberPage {
    /// Items in server order.
    pub items: Vec<PhoneNumber>,
    /// Pagination metadata.
    pub metadata: PageMetadata,
}

impl From<Page<PhoneNumber>> for PhoneNumberPage {
    fn from(r: Page<PhoneNumber>) -> Self {
        PhoneNumberPage {
            items: r.items,
            metadata: r.metadata,
        }
    }
}

/// One page: every IP range whitelisted on a trunk.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct WhitelistedIpPage {
    /// Items in server order.
    pub items: Vec<WhitelistedIp>,
    /// Pagination metadata.
    pub metadata: PageMetadata,
}

impl From<Page<WhitelistedIp>> for WhitelistedIpPage {
    fn from(r: Page<WhitelistedIp>) -> Self {
        WhitelistedIpPage {
            items: r.items,
            metadata: r.metadata,
        }
    }
}

/// One page: every destination URI of a trunk.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DestinationUriPage {
    /// Items in server order.
    pub items: Vec<DestinationUri>,
    /// Pagination metadata.
    pub metadata: PageMetadata,
}

impl From<Page<DestinationUri>> for DestinationUriPage {
    fn from(r: Page<DestinationUri>) -> Self {
        DestinationUriPage {
            items: r.items,
            metadata: r.metadata,
        }
    }
}

into_host_via_from! {
    exotel_sip::Batch<DestinationUri> => DestinationBatch,
    exotel_sip::Batch<TrunkSetting> => SettingBatch,
    Page<PhoneNumber> => PhoneNumberPage,
    Page<WhitelistedIp> => WhitelistedIpPage,
    Page<DestinationUri> => DestinationUriPage,
}
// END GENERATED (ffi_types)

/// Where a lazy walk goes after a page with this metadata and `items` items, the
/// walk's `pages_read`-th: `None` when it ends. The core decides for every binding.
#[uniffi::export]
pub fn next_page_cursor(metadata: PageMetadata, items: u32, pages_read: u32) -> Option<PageCursor> {
    PageCursor::after_parts(
        &metadata,
        usize::try_from(items).unwrap_or(usize::MAX),
        pages_read,
    )
}

fn opts(options: Option<CallOptions>) -> CallOptions {
    options.unwrap_or_default()
}

macro_rules! run_async {
    ($e:expr) => {
        $e.await
    };
}

macro_rules! run_blocking {
    ($e:expr) => {
        futures_lite::future::block_on($e)
    };
}

/// Writes the endpoint methods once for both client objects.
macro_rules! endpoints {
    ($client:ident, $run:ident, $($kw:tt)?) => {
        #[uniffi::export]
        impl $client {
            /// The effective base URL (no trailing `/`).
            pub fn base_url(&self) -> String {
                self.inner.config().base_url().to_owned()
            }

            /// The account SID requests are made for.
            pub fn account_sid(&self) -> String {
                self.inner.config().account_sid().to_owned()
            }

            /// The default deadline of a call in milliseconds.
            pub fn timeout_ms(&self) -> u32 {
                self.inner.config().timeout_ms()
            }

            /// The default retry policy.
            pub fn retry_policy(&self) -> RetryPolicy {
                self.inner.retry_policy()
            }

            /// The client's rate limiter (share it with other clients of the account).
            pub fn rate_limiter(&self) -> Arc<RateLimiter> {
                Arc::new(RateLimiter(self.inner.governor()))
            }

            // BEGIN GENERATED by `cargo xtask codegen` from core/src/catalog.rs: do not edit (ffi)
            /// Creates a trunk; save the returned `trunk_sid`.
            ///
            /// A trunk name is unique in the account: a second create answers a duplicate error.
            pub $($kw)? fn create_trunk(&self, input: CreateTrunk, options: Option<CallOptions>) -> Result<Trunk, Error> {
                $run!(self.inner.create_trunk_with(&input, &opts(options))).map(IntoHost::into_host)
            }

            /// Deletes a trunk and everything mapped to it.
            ///
            /// A retried delete that finds the trunk gone reports it deleted, without its body.
            pub $($kw)? fn delete_trunk(&self, input: DeleteTrunk, options: Option<CallOptions>) -> Result<DeletedTrunk, Error> {
                $run!(self.inner.delete_trunk_with(&input, &opts(options))).map(IntoHost::into_host)
            }

            /// Maps a phone number to a trunk.
            ///
            /// Mapping a number that is already mapped answers a duplicate error.
            pub $($kw)? fn map_phone_number(&self, input: MapPhoneNumber, options: Option<CallOptions>) -> Result<PhoneNumber, Error> {
                $run!(self.inner.map_phone_number_with(&input, &opts(options))).map(IntoHost::into_host)
            }

            /// Switches a mapped number between `pstn` and `flow`.
            pub $($kw)? fn update_phone_number_mode(&self, input: UpdatePhoneNumberMode, options: Option<CallOptions>) -> Result<PhoneNumber, Error> {
                $run!(self.inner.update_phone_number_mode_with(&input, &opts(options))).map(IntoHost::into_host)
            }

            /// Whitelists an IPv4 address or range on a trunk.
            pub $($kw)? fn whitelist_ip(&self, input: WhitelistIp, options: Option<CallOptions>) -> Result<WhitelistedIp, Error> {
                $run!(self.inner.whitelist_ip_with(&input, &opts(options))).map(IntoHost::into_host)
            }

            /// Adds destination URIs, where inbound calls go.
            ///
            /// The server answers per item (HTTP 207): if any item failed, the call fails with a partial-failure error that carries the items created.
            pub $($kw)? fn add_destinations(&self, input: AddDestinations, options: Option<CallOptions>) -> Result<DestinationBatch, Error> {
                $run!(self.inner.add_destinations_with(&input, &opts(options))).map(IntoHost::into_host)
            }

            /// Applies trunk settings, such as the caller-ID alias.
            ///
            /// Answered per item (HTTP 207), like Add Destinations.
            pub $($kw)? fn set_trunk_settings(&self, input: SetTrunkSettings, options: Option<CallOptions>) -> Result<SettingBatch, Error> {
                $run!(self.inner.set_trunk_settings_with(&input, &opts(options))).map(IntoHost::into_host)
            }

            /// Reads a trunk's credentials sub-resource as raw JSON.
            ///
            /// Its shape is not documented by the reference.
            pub $($kw)? fn get_trunk_credentials(&self, input: GetTrunkCredentials, options: Option<CallOptions>) -> Result<String, Error> {
                $run!(self.inner.get_trunk_credentials_with(&input, &opts(options))).map(IntoHost::into_host)
            }

            /// One page: every phone number mapped to a trunk.
            pub $($kw)? fn phone_numbers_page(&self, query: ListQuery, options: Option<CallOptions>) -> Result<PhoneNumberPage, Error> {
                $run!(self.inner.phone_numbers_page_with(&query, &opts(options))).map(IntoHost::into_host)
            }

            /// The page a cursor of [`next_page_cursor`] points to (lazy walks).
            pub $($kw)? fn phone_numbers_page_after(&self, cursor: PageCursor, options: Option<CallOptions>) -> Result<PhoneNumberPage, Error> {
                $run!(self.inner.page_after::<PhoneNumber>(&cursor, &opts(options))).map(IntoHost::into_host)
            }

            /// One page: every IP range whitelisted on a trunk.
            pub $($kw)? fn whitelisted_ips_page(&self, query: ListQuery, options: Option<CallOptions>) -> Result<WhitelistedIpPage, Error> {
                $run!(self.inner.whitelisted_ips_page_with(&query, &opts(options))).map(IntoHost::into_host)
            }

            /// The page a cursor of [`next_page_cursor`] points to (lazy walks).
            pub $($kw)? fn whitelisted_ips_page_after(&self, cursor: PageCursor, options: Option<CallOptions>) -> Result<WhitelistedIpPage, Error> {
                $run!(self.inner.page_after::<WhitelistedIp>(&cursor, &opts(options))).map(IntoHost::into_host)
            }

            /// One page: every destination URI of a trunk.
            pub $($kw)? fn destinations_page(&self, query: ListQuery, options: Option<CallOptions>) -> Result<DestinationUriPage, Error> {
                $run!(self.inner.destinations_page_with(&query, &opts(options))).map(IntoHost::into_host)
            }

            /// The page a cursor of [`next_page_cursor`] points to (lazy walks).
            pub $($kw)? fn destinations_page_after(&self, cursor: PageCursor, options: Option<CallOptions>) -> Result<DestinationUriPage, Error> {
                $run!(self.inner.page_after::<DestinationUri>(&cursor, &opts(options))).map(IntoHost::into_host)
            }

            // END GENERATED (ffi)

            // Hand-written: the helpers the catalog marks custom.

            /// Creates the trunk, or confirms the one whose SID was recorded.
            /// `options` apply to each request it makes.
            pub $($kw)? fn ensure_trunk(&self, input: CreateTrunk, recorded_sid: Option<String>, options: Option<CallOptions>) -> Result<EnsuredTrunk, Error> {
                $run!(self.inner.ensure_trunk_with(&input, recorded_sid.as_deref(), &opts(options)))
            }

            /// Maps the number unless it already is (switching its mode if needed).
            /// `options` apply to each request it makes.
            pub $($kw)? fn ensure_phone_number(&self, input: MapPhoneNumber, options: Option<CallOptions>) -> Result<EnsuredPhoneNumber, Error> {
                $run!(self.inner.ensure_phone_number_with(&input, &opts(options))).map(Into::into)
            }

            /// Whitelists the IP unless it already is. `options` apply to each request it makes.
            pub $($kw)? fn ensure_whitelisted_ip(&self, input: WhitelistIp, options: Option<CallOptions>) -> Result<EnsuredWhitelistedIp, Error> {
                $run!(self.inner.ensure_whitelisted_ip_with(&input, &opts(options))).map(Into::into)
            }

            /// Adds the destinations the trunk lacks; one entry per requested destination.
            /// `options` apply to each request it makes.
            pub $($kw)? fn ensure_destinations(&self, input: AddDestinations, options: Option<CallOptions>) -> Result<Vec<EnsuredDestination>, Error> {
                $run!(self.inner.ensure_destinations_with(&input, &opts(options))).map(|v| v.into_iter().map(Into::into).collect())
            }
        }
    };
}

type AsyncInner = Client<AsyncAdapter, TimerClock, Rng>;
type BlockingInner = Client<BlockingAdapter, BlockingClock, Rng>;

/// An Exotel client whose calls are async (Python coroutines, Kotlin suspend
/// functions). Dropping a call's future (asyncio cancel) stops it.
#[derive(uniffi::Object)]
pub struct AsyncExotelClient {
    inner: AsyncInner,
}

/// An Exotel client whose calls block the calling thread; it needs no event loop.
#[derive(uniffi::Object)]
pub struct BlockingExotelClient {
    inner: BlockingInner,
    events: Option<Arc<dyn EventListener>>,
}

impl std::fmt::Debug for AsyncExotelClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.inner, f)
    }
}

impl std::fmt::Debug for BlockingExotelClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.inner, f)
    }
}

#[uniffi::export]
impl AsyncExotelClient {
    /// A client over a host's async transport.
    #[uniffi::constructor]
    pub fn new(
        credentials: Arc<Credentials>,
        settings: ClientSettings,
        transport: Arc<dyn AsyncTransport>,
        limiter: Option<Arc<RateLimiter>>,
        events: Option<Arc<dyn EventListener>>,
        env: Option<Arc<dyn EnvLookup>>,
    ) -> Result<Self, Error> {
        let inner = build(
            &credentials,
            settings,
            AsyncAdapter(transport),
            TimerClock,
            limiter,
            events,
            env,
        )?;
        Ok(AsyncExotelClient { inner })
    }

    /// Ensures every number is mapped, at most `concurrency` (1 to 50, default 8) at once, under the governor;
    /// `options` apply to each request.
    pub async fn map_phone_numbers(
        &self,
        inputs: Vec<MapPhoneNumber>,
        concurrency: Option<u32>,
        options: Option<CallOptions>,
    ) -> Result<Vec<BulkPhoneNumber>, Error> {
        let items = self
            .inner
            .map_phone_numbers_with(
                &inputs,
                exotel_sip::bulk::concurrency_or_default(concurrency),
                &opts(options),
            )
            .await?;
        Ok(items.into_iter().map(Into::into).collect())
    }

    /// Ensures every IP is whitelisted, at most `concurrency` at once, under the governor;
    /// `options` apply to each request.
    pub async fn whitelist_ips(
        &self,
        inputs: Vec<WhitelistIp>,
        concurrency: Option<u32>,
        options: Option<CallOptions>,
    ) -> Result<Vec<BulkWhitelistedIp>, Error> {
        let items = self
            .inner
            .whitelist_ips_with(
                &inputs,
                exotel_sip::bulk::concurrency_or_default(concurrency),
                &opts(options),
            )
            .await?;
        Ok(items.into_iter().map(Into::into).collect())
    }
}

endpoints!(AsyncExotelClient, run_async, async);

#[uniffi::export]
impl BlockingExotelClient {
    /// A client over a host's blocking transport.
    #[uniffi::constructor]
    pub fn new(
        credentials: Arc<Credentials>,
        settings: ClientSettings,
        transport: Arc<dyn BlockingTransport>,
        limiter: Option<Arc<RateLimiter>>,
        events: Option<Arc<dyn EventListener>>,
        env: Option<Arc<dyn EnvLookup>>,
    ) -> Result<Self, Error> {
        let inner = build(
            &credentials,
            settings,
            BlockingAdapter(transport),
            BlockingClock,
            limiter,
            events.clone(),
            env,
        )?;
        Ok(BlockingExotelClient { inner, events })
    }

    /// Ensures every number is mapped; `concurrency` threads, all under the governor;
    /// `options` apply to each request.
    pub fn map_phone_numbers(
        &self,
        inputs: Vec<MapPhoneNumber>,
        concurrency: Option<u32>,
        options: Option<CallOptions>,
    ) -> Result<Vec<BulkPhoneNumber>, Error> {
        let workers =
            exotel_sip::bulk::workers(exotel_sip::bulk::concurrency_or_default(concurrency))?;
        let options = opts(options);
        let outcomes = self.on_threads("map_phone_numbers", &inputs, workers, |input| {
            BulkOutcome::from(run_blocking!(self
                .inner
                .ensure_phone_number_with(input, &options)))
        });
        let labels = inputs.iter().map(|i| i.phone_number.clone());
        Ok(label(labels, outcomes))
    }

    /// Ensures every IP is whitelisted; `concurrency` threads, all under the governor;
    /// `options` apply to each request.
    pub fn whitelist_ips(
        &self,
        inputs: Vec<WhitelistIp>,
        concurrency: Option<u32>,
        options: Option<CallOptions>,
    ) -> Result<Vec<BulkWhitelistedIp>, Error> {
        let workers =
            exotel_sip::bulk::workers(exotel_sip::bulk::concurrency_or_default(concurrency))?;
        let options = opts(options);
        let outcomes = self.on_threads("whitelist_ips", &inputs, workers, |input| {
            BulkOutcome::from(run_blocking!(self
                .inner
                .ensure_whitelisted_ip_with(input, &options)))
        });
        let labels = inputs.iter().map(|i| i.ip.clone());
        Ok(label(labels, outcomes))
    }
}

impl BlockingExotelClient {
    /// Runs `work` over `inputs` on up to `workers` threads (already validated); results in input
    /// order; a `BulkProgress` event after each item.
    fn on_threads<I: Sync, R: Send>(
        &self,
        operation: &str,
        inputs: &[I],
        workers: usize,
        work: impl Fn(&I) -> BulkOutcome<R> + Sync,
    ) -> Vec<BulkOutcome<R>> {
        let total = inputs.len();
        let workers = workers.clamp(1, total.max(1));
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<BulkOutcome<R>>>> =
            Mutex::new((0..total).map(|_| None).collect());
        let progress = Mutex::new(BulkProgress::new(operation, total));
        let run = || loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else { break };
            let outcome = work(input);
            // Counted and reported under one lock: threads finish in any order, but the
            // listener sees `done` rise 1, 2, 3, … with the last event the final count.
            let mut p = progress.lock().unwrap_or_else(|p| p.into_inner());
            let event = p.record(&outcome);
            if let Some(listener) = &self.events {
                Listener(listener.clone()).on_event(&event);
            }
            drop(p);
            if let Some(slot) = results.lock().unwrap_or_else(|p| p.into_inner()).get_mut(i) {
                *slot = Some(outcome);
            }
        };
        std::thread::scope(|scope| {
            for _ in 1..workers {
                scope.spawn(run);
            }
            run();
        });
        results
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| BulkOutcome::Failed {
                    error: Error::Internal {
                        detail: "a bulk worker ended without a result".into(),
                    },
                })
            })
            .collect()
    }
}

fn label<R, B: From<BulkItem<R>>>(
    items: impl Iterator<Item = String>,
    outcomes: Vec<BulkOutcome<R>>,
) -> Vec<B> {
    exotel_sip::bulk::label(items, outcomes)
        .into_iter()
        .map(B::from)
        .collect()
}

endpoints!(BlockingExotelClient, run_blocking,);
