#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod bulk;
pub mod catalog;
pub mod client;
pub mod config;
pub mod ensure;
// `envelope` and `wire` are public for the core's own integration tests and
// fuzz targets only: no binding needs them, and they are not part of the API.
#[doc(hidden)]
pub mod envelope;
pub mod error;
pub mod events;
pub mod governor;
pub mod http;
pub mod models;
#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
pub mod native;
pub mod ops;
pub mod policy;
pub mod redact;
pub mod seams;
pub mod validate;
#[doc(hidden)]
pub mod wire;

pub use bulk::{BulkItem, BulkOutcome, BulkProgress};
pub use client::{Client, ErasedOperation, PageCursor, Pages, MAX_CLOCK_MS, MAX_PAGES};
pub use config::{Config, Credentials, Endpoint, Env, Region, SDK_VERSION};
pub use ensure::{Ensured, EnsuredTrunk};
pub use error::{CreatedItem, Error, ErrorKind, ItemFailure, TransportError, TransportErrorKind};
pub use events::{Event, EventSink};
pub use governor::{Governor, RateLimit, ServerLimits};
pub use http::{Header, HttpRequest, HttpResponse, Method};
pub use models::{
    Batch, BatchMetadata, DestinationUri, Mode, Page, PageMetadata, PhoneNumber, SettingInput,
    Trunk, TrunkSetting, WhitelistedIp, TRUNK_EXTERNAL_ALIAS,
};
pub use ops::DeletedTrunk;
pub use ops::Operation;
pub use policy::{CallOptions, RetryPolicy};
pub use seams::{Clock, Entropy, MaybeSend, MaybeSync, Transport};

// The core's types get their own UniFFI namespace; the bindings crate uses them
// as external types, so every binding sees one definition.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("exotel_sip_core");
