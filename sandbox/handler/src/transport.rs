//! The sandbox as a shared object and as an in-process [`Transport`], for hermetic
//! tests in any language (a browser included): no socket, same handler.

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

use exotel_sip::{
    Clock, HttpRequest, HttpResponse, MaybeSend, Transport, TransportError, TransportErrorKind,
};
use serde_json::Value;

use crate::controls::{Delivery, LoggedRequest, QueuedFault};
use crate::state::{SandboxConfig, State};
use crate::{begin, finish, target_of, Outcome, SandboxRequest, Ticket};

/// A sandbox shared between transports, servers and test code.
#[derive(Clone, Debug)]
pub struct Sandbox {
    state: Arc<Mutex<State>>,
}

/// Wall-clock start of in-process sandboxes: the reference's first example time,
/// 2026-01-23T09:24:59Z, so timestamps are deterministic.
pub const DEFAULT_EPOCH_MS: u64 = 1_769_160_299_000;

impl Sandbox {
    /// An empty sandbox.
    pub fn new(config: SandboxConfig) -> Self {
        Sandbox::from_state(State::new(config))
    }

    /// A sandbox over an existing state (e.g. loaded from a file).
    pub fn from_state(state: State) -> Self {
        Sandbox {
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// Locks the state; a panic elsewhere never makes it unusable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// [`begin`] under the lock.
    pub fn begin(&self, now_ms: u64, request: &SandboxRequest) -> (Ticket, Outcome) {
        begin(&mut self.lock(), now_ms, request)
    }

    /// [`finish`] under the lock.
    pub fn finish(&self, ticket: Ticket, delivery: Delivery) {
        finish(&mut self.lock(), ticket, delivery);
    }

    /// The configuration.
    pub fn config(&self) -> SandboxConfig {
        self.lock().config().clone()
    }

    /// Queues a fault for matching requests.
    pub fn queue_fault(&self, fault: QueuedFault) {
        crate::queue_faults(&mut self.lock(), [fault]);
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// The requests received so far (oldest first).
    pub fn requests(&self) -> Vec<LoggedRequest> {
        crate::requests(&self.lock())
    }

    /// Forgets the requests received.
    pub fn clear_requests(&self) {
        crate::clear_requests(&mut self.lock());
    }

    /// Empties data, log and faults; keeps the configuration.
    pub fn reset(&self) {
        self.lock().reset();
    }

    /// Changes the limits (0 = unlimited).
    pub fn set_limits(&self, rpm: u32, concurrency: u32) {
        self.lock().set_limits(rpm, concurrency);
    }

    /// The stored data as JSON.
    pub fn dump(&self) -> Value {
        self.lock().dump()
    }

    /// An in-process transport over this sandbox, timed by `clock`; the sandbox's
    /// wall time is `epoch_ms + clock.now_ms()`.
    pub fn transport<C: Clock>(&self, clock: C, epoch_ms: u64) -> InProcessTransport<C> {
        InProcessTransport {
            sandbox: self.clone(),
            clock,
            epoch_ms,
        }
    }
}

/// Calls [`finish`] when the exchange ends — or when the caller gives up on it
/// (the future is dropped), which the log records as `client_closed`.
struct FinishGuard {
    sandbox: Sandbox,
    ticket: Ticket,
    delivery: Delivery,
}

impl FinishGuard {
    /// Records how the exchange ended (reported when the guard drops).
    fn ended(&mut self, delivery: Delivery) {
        self.delivery = delivery;
    }
}

impl Drop for FinishGuard {
    fn drop(&mut self) {
        self.sandbox.finish(self.ticket, self.delivery);
    }
}

/// A [`Transport`] that hands requests straight to a [`Sandbox`].
#[derive(Clone, Debug)]
pub struct InProcessTransport<C> {
    sandbox: Sandbox,
    clock: C,
    epoch_ms: u64,
}

impl<C> InProcessTransport<C> {
    /// The sandbox behind this transport.
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }
}

/// Converts a core request into what the handler routes on.
pub fn sandbox_request(request: &HttpRequest) -> SandboxRequest {
    SandboxRequest {
        method: request.method.as_str().to_owned(),
        target: target_of(&request.url),
        headers: request.headers.clone(),
        body: request.body.clone().unwrap_or_default(),
    }
}

impl<C: Clock> Transport for InProcessTransport<C> {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + MaybeSend {
        let now = self.epoch_ms.saturating_add(self.clock.now_ms());
        let (ticket, outcome) = self.sandbox.begin(now, &sandbox_request(&request));
        let mut guard = FinishGuard {
            sandbox: self.sandbox.clone(),
            ticket,
            delivery: Delivery::ClientClosed,
        };
        let delay = match &outcome {
            Outcome::Respond { delay_ms, .. } if *delay_ms > 0 => Some(self.clock.sleep(*delay_ms)),
            _ => None,
        };
        async move {
            match outcome {
                Outcome::Respond { response, .. } => {
                    if let Some(delay) = delay {
                        delay.await;
                    }
                    guard.ended(Delivery::Completed);
                    Ok(response)
                }
                Outcome::Drop | Outcome::ApplyThenDrop => {
                    guard.ended(Delivery::Dropped);
                    Err(TransportError::new(
                        TransportErrorKind::IoAfterSend,
                        "the sandbox closed the connection without answering",
                    ))
                }
            }
        }
    }
}
