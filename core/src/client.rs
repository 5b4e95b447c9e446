//! The client: validates, builds, sends through the host's transport, parses.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

use serde_json::Value;

use crate::config::Config;
use crate::error::{Error, TransportErrorKind};
use crate::http::HttpResponse;
use crate::models::{DestinationUri, Page, PhoneNumber, Trunk, WhitelistedIp};
use crate::ops::{
    AddDestinations, CreateTrunk, DeleteTrunk, DestinationBatch, FollowPage, GetTrunkCredentials,
    List, ListQuery, Listed, MapPhoneNumber, Operation, SetTrunkSettings, SettingBatch,
    UpdatePhoneNumberMode, WhitelistIp,
};
use crate::seams::{Clock, Entropy, Transport};

/// An Exotel SIP trunking client over a host's transport, clock and randomness.
///
/// Each call validates its input (no request is built from bad input), sends one
/// request with the configured timeout, and parses the envelope into a typed
/// result or [`Error`].
pub struct Client<T, C, E> {
    config: Config,
    transport: T,
    clock: C,
    entropy: E,
}

impl<T, C, E> std::fmt::Debug for Client<T, C, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

enum Either<A, B> {
    Left(A),
    Right(B),
}

/// Polls both futures; the first to finish wins and the other is dropped.
async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
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

impl<T: Transport, C: Clock, E: Entropy> Client<T, C, E> {
    /// A client with this configuration and host seams.
    pub fn new(config: Config, transport: T, clock: C, entropy: E) -> Self {
        Client {
            config,
            transport,
            clock,
            entropy,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The host's randomness (used for retry jitter).
    pub fn entropy(&self) -> &E {
        &self.entropy
    }

    /// Runs any operation: validate, build, send, parse.
    pub async fn execute<O: Operation>(&self, operation: &O) -> Result<O::Output, Error> {
        let request = operation.request(&self.config)?;
        let response = self.send(request).await?;
        operation.response(&self.config, &response)
    }

    /// Sends one request, racing it against the host's sleep so a transport that
    /// ignores `timeout_ms` still cannot hang the call.
    async fn send(&self, request: crate::HttpRequest) -> Result<HttpResponse, Error> {
        let timeout_ms = u64::from(request.timeout_ms);
        let outcome = race(self.transport.send(request), self.clock.sleep(timeout_ms)).await;
        match outcome {
            Either::Left(Ok(response)) => Ok(response),
            Either::Left(Err(err)) if err.kind == TransportErrorKind::Timeout => {
                Err(Error::Timeout { timeout_ms })
            }
            Either::Left(Err(err)) => Err(Error::Transport {
                kind: err.kind,
                detail: self.config.credentials().redactor().redact(&err.detail),
            }),
            Either::Right(()) => Err(Error::Timeout { timeout_ms }),
        }
    }

    /// Creates a trunk; save the returned `trunk_sid`.
    pub async fn create_trunk(&self, input: &CreateTrunk) -> Result<Trunk, Error> {
        self.execute(input).await
    }

    /// Deletes a trunk and everything mapped to it; returns the deleted trunk.
    pub async fn delete_trunk(&self, trunk_sid: &str) -> Result<Trunk, Error> {
        self.execute(&DeleteTrunk {
            trunk_sid: trunk_sid.to_owned(),
        })
        .await
    }

    /// Maps a phone number to a trunk (mode `pstn`, `flow` or none).
    pub async fn map_phone_number(&self, input: &MapPhoneNumber) -> Result<PhoneNumber, Error> {
        self.execute(input).await
    }

    /// Switches a mapped number between `pstn` and `flow`.
    pub async fn update_phone_number_mode(
        &self,
        input: &UpdatePhoneNumberMode,
    ) -> Result<PhoneNumber, Error> {
        self.execute(input).await
    }

    /// Whitelists an IPv4 range on a trunk.
    pub async fn whitelist_ip(&self, input: &WhitelistIp) -> Result<WhitelistedIp, Error> {
        self.execute(input).await
    }

    /// Adds destination URIs; fails with [`Error::PartialFailure`] if any item failed.
    pub async fn add_destinations(
        &self,
        input: &AddDestinations,
    ) -> Result<DestinationBatch, Error> {
        self.execute(input).await
    }

    /// Applies trunk settings (e.g. the caller-ID alias).
    pub async fn set_trunk_settings(
        &self,
        input: &SetTrunkSettings,
    ) -> Result<SettingBatch, Error> {
        self.execute(input).await
    }

    /// Reads a trunk's credentials sub-resource as raw JSON.
    pub async fn get_trunk_credentials(&self, trunk_sid: &str) -> Result<Value, Error> {
        self.execute(&GetTrunkCredentials {
            trunk_sid: trunk_sid.to_owned(),
        })
        .await
    }

    /// One page of a trunk's phone numbers.
    pub async fn list_phone_numbers(&self, query: ListQuery) -> Result<Page<PhoneNumber>, Error> {
        self.execute(&List::new(query)).await
    }

    /// One page of a trunk's whitelisted IPs.
    pub async fn list_whitelisted_ips(
        &self,
        query: ListQuery,
    ) -> Result<Page<WhitelistedIp>, Error> {
        self.execute(&List::new(query)).await
    }

    /// One page of a trunk's destination URIs.
    pub async fn list_destinations(&self, query: ListQuery) -> Result<Page<DestinationUri>, Error> {
        self.execute(&List::new(query)).await
    }

    /// Every page of a list, fetched lazily one page at a time.
    pub fn pages<R: Listed>(&self, query: ListQuery) -> Pages<'_, T, C, E, R> {
        Pages {
            client: self,
            next: Some(NextPage::First(List::new(query))),
        }
    }
}

enum NextPage<R> {
    First(List<R>),
    Uri(String),
}

/// A lazy walk over every page of a list, following `next_page_uri`.
pub struct Pages<'c, T, C, E, R> {
    client: &'c Client<T, C, E>,
    next: Option<NextPage<R>>,
}

impl<T: Transport, C: Clock, E: Entropy, R: Listed> Pages<'_, T, C, E, R> {
    /// The next page, or `None` after the last one. After an error the walk ends.
    pub async fn next_page(&mut self) -> Option<Result<Page<R>, Error>> {
        let result = match self.next.take()? {
            NextPage::First(list) => self.client.execute(&list).await,
            NextPage::Uri(uri) => self.client.execute(&FollowPage::<R>::new(uri)).await,
        };
        if let Ok(page) = &result {
            // An empty page ends the walk even if the server links another.
            if !page.items.is_empty() {
                self.next = page.metadata.next_page_uri.clone().map(NextPage::Uri);
            }
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
