//! The in-process sandbox for hosts: the same pure handler as the sandbox server,
//! usable as a transport (no socket) or behind a host's own loopback HTTP server.

use std::sync::Arc;
use std::time::Duration;

use exotel_sip::{Header, HttpRequest, HttpResponse};
use exotel_sip_sandbox::Delivery;
use exotel_sip_sandbox::SandboxConfig;
use exotel_sip_sandbox::{sandbox_request, Outcome, Sandbox, SandboxRequest, Ticket};

use crate::seams::{
    now_ms, AsyncTransport, BlockingTransport, FfiTransportError, TimerSleep, TransportResponse,
};

/// What the host must do with a request handed to [`InProcessSandbox::begin`].
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum SandboxOutcome {
    /// Wait `delay_ms`, then write the response.
    Respond {
        /// The response.
        response: HttpResponse,
        /// Delay before writing it.
        delay_ms: u64,
    },
    /// Close the connection without answering (nothing was applied).
    Drop,
    /// The request was applied; close the connection without answering.
    ApplyThenDrop,
}

/// A request in progress: finish it with [`InProcessSandbox::finish`].
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SandboxExchange {
    /// Identifies the request.
    pub ticket: u64,
    /// What to do.
    pub outcome: SandboxOutcome,
}

/// How an exchange ended, for the sandbox's request log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum SandboxDelivery {
    /// The whole response was written.
    Completed,
    /// The client went away first.
    ClientClosed,
    /// The sandbox dropped the connection.
    Dropped,
}

impl From<SandboxDelivery> for Delivery {
    fn from(d: SandboxDelivery) -> Self {
        match d {
            SandboxDelivery::Completed => Delivery::Completed,
            SandboxDelivery::ClientClosed => Delivery::ClientClosed,
            SandboxDelivery::Dropped => Delivery::Dropped,
        }
    }
}

/// The local Exotel in this process: the sandbox server's handler, state and
/// test controls (`/__sandbox/...` targets), without a socket.
#[derive(Debug, uniffi::Object)]
pub struct InProcessSandbox {
    sandbox: Sandbox,
    epoch_ms: u64,
}

fn wall_clock_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

#[uniffi::export]
impl InProcessSandbox {
    /// An empty sandbox serving one account with these credentials and limits
    /// (`rpm`/`concurrency` 0 = unlimited) and a seeded id generator.
    #[uniffi::constructor]
    pub fn new(
        account_sid: String,
        api_key: String,
        api_token: String,
        rpm: u32,
        concurrency: u32,
        seed: u64,
    ) -> Arc<Self> {
        let config = SandboxConfig {
            account_sid,
            api_key,
            api_token,
            rpm,
            concurrency,
            seed,
            ..SandboxConfig::default()
        };
        Arc::new(InProcessSandbox {
            sandbox: Sandbox::new(config),
            epoch_ms: wall_clock_ms().saturating_sub(now_ms()),
        })
    }

    /// Handles a request (`target` is the path and query). Control targets
    /// (`/__sandbox/...`) are answered at once.
    pub fn begin(
        &self,
        method: String,
        target: String,
        headers: Vec<Header>,
        body: String,
    ) -> SandboxExchange {
        let request = SandboxRequest {
            method,
            target,
            headers,
            body,
        };
        self.begin_request(&request)
    }

    /// Records how an exchange ended.
    pub fn finish(&self, ticket: u64, delivery: SandboxDelivery) {
        self.sandbox.finish(Ticket(ticket), delivery.into());
    }

    /// A blocking transport that hands requests straight to this sandbox.
    pub fn blocking_transport(self: Arc<Self>) -> Arc<dyn BlockingTransport> {
        Arc::new(SandboxTransport(self))
    }

    /// An async transport that hands requests straight to this sandbox.
    pub fn async_transport(self: Arc<Self>) -> Arc<dyn AsyncTransport> {
        Arc::new(SandboxTransport(self))
    }
}

impl InProcessSandbox {
    fn begin_request(&self, request: &SandboxRequest) -> SandboxExchange {
        let now = self.epoch_ms.saturating_add(now_ms());
        let (ticket, outcome) = self.sandbox.begin(now, request);
        let outcome = match outcome {
            Outcome::Respond { response, delay_ms } => {
                SandboxOutcome::Respond { response, delay_ms }
            }
            Outcome::Drop => SandboxOutcome::Drop,
            Outcome::ApplyThenDrop => SandboxOutcome::ApplyThenDrop,
        };
        SandboxExchange {
            ticket: ticket.0,
            outcome,
        }
    }
}

struct SandboxTransport(Arc<InProcessSandbox>);

/// Finishes an exchange when dropped (a cancelled call counts as `client_closed`).
struct Finish {
    sandbox: Arc<InProcessSandbox>,
    ticket: u64,
    delivery: SandboxDelivery,
}

impl Drop for Finish {
    fn drop(&mut self) {
        self.sandbox.finish(self.ticket, self.delivery);
    }
}

fn dropped() -> FfiTransportError {
    FfiTransportError::IoAfterSend {
        detail: "the sandbox closed the connection without answering".into(),
    }
}

fn timed_out(ms: u32) -> FfiTransportError {
    FfiTransportError::Timeout {
        detail: format!("no response within {ms} ms"),
    }
}

impl SandboxTransport {
    /// Begins the exchange; returns the response, its delay and the guard.
    fn start(
        &self,
        request: &HttpRequest,
    ) -> Result<(HttpResponse, u64, Finish), FfiTransportError> {
        let exchange = self.0.begin_request(&sandbox_request(request));
        let mut finish = Finish {
            sandbox: self.0.clone(),
            ticket: exchange.ticket,
            delivery: SandboxDelivery::ClientClosed,
        };
        match exchange.outcome {
            SandboxOutcome::Respond { response, delay_ms } => Ok((response, delay_ms, finish)),
            SandboxOutcome::Drop | SandboxOutcome::ApplyThenDrop => {
                finish.delivery = SandboxDelivery::Dropped;
                Err(dropped())
            }
        }
    }
}

impl BlockingTransport for SandboxTransport {
    fn send(&self, request: HttpRequest) -> Result<TransportResponse, FfiTransportError> {
        let (response, delay_ms, mut finish) = self.start(&request)?;
        if delay_ms > u64::from(request.timeout_ms) {
            std::thread::sleep(Duration::from_millis(u64::from(request.timeout_ms)));
            return Err(timed_out(request.timeout_ms));
        }
        if delay_ms > 0 {
            std::thread::sleep(Duration::from_millis(delay_ms));
        }
        finish.delivery = SandboxDelivery::Completed;
        Ok(response.into())
    }
}

#[async_trait::async_trait]
impl AsyncTransport for SandboxTransport {
    async fn send(&self, request: HttpRequest) -> Result<TransportResponse, FfiTransportError> {
        let (response, delay_ms, mut finish) = self.start(&request)?;
        if delay_ms > u64::from(request.timeout_ms) {
            TimerSleep::new(u64::from(request.timeout_ms)).await;
            return Err(timed_out(request.timeout_ms));
        }
        if delay_ms > 0 {
            TimerSleep::new(delay_ms).await;
        }
        finish.delivery = SandboxDelivery::Completed;
        Ok(response.into())
    }
}
