//! What a host supplies: a transport, a clock and randomness.
//!
//! The core never opens a socket, reads the system clock or seeds a generator:
//! every host (Rust with reqwest, Python, the JVM, JS `fetch`, the in-process
//! sandbox) plugs its own in. `MaybeSend`/`MaybeSync` are `Send`/`Sync` natively
//! and nothing on wasm32, so the same async code serves both.

use std::future::Future;

use crate::error::TransportError;
use crate::http::{HttpRequest, HttpResponse};

#[cfg(not(target_arch = "wasm32"))]
mod bounds {
    /// `Send` natively, nothing on wasm32.
    pub trait MaybeSend: Send {}
    impl<T: Send + ?Sized> MaybeSend for T {}
    /// `Sync` natively, nothing on wasm32.
    pub trait MaybeSync: Sync {}
    impl<T: Sync + ?Sized> MaybeSync for T {}
}

#[cfg(target_arch = "wasm32")]
mod bounds {
    /// `Send` natively, nothing on wasm32.
    pub trait MaybeSend {}
    impl<T: ?Sized> MaybeSend for T {}
    /// `Sync` natively, nothing on wasm32.
    pub trait MaybeSync {}
    impl<T: ?Sized> MaybeSync for T {}
}

pub use bounds::{MaybeSend, MaybeSync};

/// Sends one HTTP request. Every HTTP status is `Ok`; `Err` means no response
/// was read, and its kind says whether the request may have been sent.
///
/// A transport should honour `request.timeout_ms` and must not follow redirects.
pub trait Transport: MaybeSend + MaybeSync {
    /// Sends the request and reads the whole response.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend;
}

/// Monotonic time and sleeping, from the host.
pub trait Clock: MaybeSend + MaybeSync {
    /// Milliseconds on a monotonic clock (any origin).
    fn now_ms(&self) -> u64;
    /// Completes after `ms` milliseconds.
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> + MaybeSend;
}

/// Randomness for retry jitter, from the host.
pub trait Entropy: MaybeSend + MaybeSync {
    /// A uniformly random `u64`.
    fn next_u64(&self) -> u64;
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend {
        (**self).send(request)
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now_ms(&self) -> u64 {
        (**self).now_ms()
    }
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> + MaybeSend {
        (**self).sleep(ms)
    }
}

impl<E: Entropy + ?Sized> Entropy for std::sync::Arc<E> {
    fn next_u64(&self) -> u64 {
        (**self).next_u64()
    }
}
