//! Bulk helpers: many numbers or IPs under the governor with bounded concurrency,
//! one outcome per item, never aborting the batch for one item.

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::client::{Client, DEFAULT_OPTIONS};
use crate::ensure::Ensured;
use crate::error::Error;
use crate::events::Event;
use crate::models::{PhoneNumber, WhitelistedIp};
use crate::ops::{MapPhoneNumber, WhitelistIp};
use crate::policy::CallOptions;
use crate::seams::{Clock, Entropy, Transport};
use crate::validate;

/// What happened to one item of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkOutcome<T> {
    /// This call created it.
    Created {
        /// The resource.
        resource: T,
    },
    /// It already existed (or a lost create was found by listing).
    Existed {
        /// The resource.
        resource: T,
    },
    /// It failed; the rest of the batch went on.
    Failed {
        /// Why.
        error: Error,
    },
}

/// One item's outcome, with its position in the batch.
///
/// Serialized flat: `{"index", "item", "outcome": "created" | "existed" |
/// "failed", "resource" | "error"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkItem<T> {
    /// Position in the input.
    pub index: u32,
    /// The item as given (phone number or IP).
    pub item: String,
    /// What happened.
    pub outcome: BulkOutcome<T>,
}

// By hand rather than `#[serde(flatten)]` + an internally tagged enum: the same
// JSON, without serde's flattening machinery (KBs of WebAssembly per item type).
impl<T: Serialize> Serialize for BulkItem<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_struct("BulkItem", 4)?;
        map.serialize_field("index", &self.index)?;
        map.serialize_field("item", &self.item)?;
        match &self.outcome {
            BulkOutcome::Created { resource } => {
                map.serialize_field("outcome", "created")?;
                map.serialize_field("resource", resource)?;
            }
            BulkOutcome::Existed { resource } => {
                map.serialize_field("outcome", "existed")?;
                map.serialize_field("resource", resource)?;
            }
            BulkOutcome::Failed { error } => {
                map.serialize_field("outcome", "failed")?;
                map.serialize_field("error", error)?;
            }
        }
        map.end()
    }
}

impl<T> From<Result<Ensured<T>, Error>> for BulkOutcome<T> {
    fn from(result: Result<Ensured<T>, Error>) -> Self {
        match result {
            Ok(Ensured {
                resource,
                created: true,
            }) => BulkOutcome::Created { resource },
            Ok(Ensured { resource, .. }) => BulkOutcome::Existed { resource },
            Err(error) => BulkOutcome::Failed { error },
        }
    }
}

/// Runs futures with at most `limit` polled at once; results in input order.
pub(crate) async fn run_bounded<F: Future>(
    futures: Vec<F>,
    limit: usize,
    mut on_done: impl FnMut(&F::Output),
) -> Vec<F::Output> {
    let total = futures.len();
    let mut queued = futures.into_iter().enumerate();
    let mut running: Vec<(usize, Pin<Box<F>>)> = Vec::new();
    let mut results: Vec<Option<F::Output>> = (0..total).map(|_| None).collect();
    let limit = limit.max(1);
    poll_fn(|cx| loop {
        while running.len() < limit {
            match queued.next() {
                Some((i, f)) => running.push((i, Box::pin(f))),
                None => break,
            }
        }
        let mut progressed = false;
        let mut k = 0;
        while k < running.len() {
            let ready = match running.get_mut(k) {
                Some((_, fut)) => fut.as_mut().poll(cx),
                None => break,
            };
            match ready {
                Poll::Ready(out) => {
                    let (i, _) = running.swap_remove(k);
                    on_done(&out);
                    if let Some(slot) = results.get_mut(i) {
                        *slot = Some(out);
                    }
                    progressed = true;
                }
                Poll::Pending => k += 1,
            }
        }
        if running.is_empty() && queued.len() == 0 {
            return Poll::Ready(());
        }
        if !progressed {
            return Poll::Pending;
        }
    })
    .await;
    results.into_iter().flatten().collect()
}

/// Counts a bulk call's finished items into its `BulkProgress` events (also
/// used by hosts that run bulk items on their own threads).
#[derive(Clone, Debug)]
pub struct BulkProgress {
    operation: String,
    total: u32,
    done: u32,
    failed: u32,
}

impl BulkProgress {
    /// A count for `total` items of `operation`.
    pub fn new(operation: &str, total: usize) -> Self {
        BulkProgress {
            operation: operation.to_owned(),
            total: u32::try_from(total).unwrap_or(u32::MAX),
            done: 0,
            failed: 0,
        }
    }

    /// Counts one finished item; the event to report.
    pub fn record<T>(&mut self, outcome: &BulkOutcome<T>) -> Event {
        self.done += 1;
        if matches!(outcome, BulkOutcome::Failed { .. }) {
            self.failed += 1;
        }
        Event::BulkProgress {
            operation: self.operation.clone(),
            done: self.done,
            total: self.total,
            failed: self.failed,
        }
    }
}

impl<T: Transport, C: Clock, E: Entropy> Client<T, C, E> {
    fn progress<R>(&self, operation: &str, total: usize) -> impl FnMut(&BulkOutcome<R>) + '_ {
        let mut progress = BulkProgress::new(operation, total);
        move |outcome| self.emit(progress.record(outcome))
    }

    /// Ensures every number is mapped (see [`Client::ensure_phone_number`]), at most
    /// `concurrency` (1 to 50) at once, all under the governor; an out-of-range
    /// concurrency is a validation error.
    pub async fn map_phone_numbers(
        &self,
        inputs: &[MapPhoneNumber],
        concurrency: u32,
    ) -> Result<Vec<BulkItem<PhoneNumber>>, Error> {
        self.map_phone_numbers_with(inputs, concurrency, &DEFAULT_OPTIONS)
            .await
    }

    /// [`Client::map_phone_numbers`] with per-call options for each request it makes.
    pub async fn map_phone_numbers_with(
        &self,
        inputs: &[MapPhoneNumber],
        concurrency: u32,
        options: &CallOptions,
    ) -> Result<Vec<BulkItem<PhoneNumber>>, Error> {
        let concurrency = workers(concurrency)?;
        let futures = inputs
            .iter()
            .map(|input| async move {
                BulkOutcome::from(self.ensure_phone_number_with(input, options).await)
            })
            .collect();
        let outcomes = run_bounded(
            futures,
            concurrency,
            self.progress("map_phone_numbers", inputs.len()),
        )
        .await;
        Ok(label(
            inputs.iter().map(|i| i.phone_number.clone()),
            outcomes,
        ))
    }

    /// Ensures every IP is whitelisted (see [`Client::ensure_whitelisted_ip`]), at
    /// most `concurrency` (1 to 50) at once, all under the governor.
    pub async fn whitelist_ips(
        &self,
        inputs: &[WhitelistIp],
        concurrency: u32,
    ) -> Result<Vec<BulkItem<WhitelistedIp>>, Error> {
        self.whitelist_ips_with(inputs, concurrency, &DEFAULT_OPTIONS)
            .await
    }

    /// [`Client::whitelist_ips`] with per-call options for each request it makes.
    pub async fn whitelist_ips_with(
        &self,
        inputs: &[WhitelistIp],
        concurrency: u32,
        options: &CallOptions,
    ) -> Result<Vec<BulkItem<WhitelistedIp>>, Error> {
        let concurrency = workers(concurrency)?;
        let futures = inputs
            .iter()
            .map(|input| async move {
                BulkOutcome::from(self.ensure_whitelisted_ip_with(input, options).await)
            })
            .collect();
        let outcomes = run_bounded(
            futures,
            concurrency,
            self.progress("whitelist_ips", inputs.len()),
        )
        .await;
        Ok(label(inputs.iter().map(|i| i.ip.clone()), outcomes))
    }
}

/// A bulk call's concurrency as a host gives it: the default (8) when it gives none.
pub fn concurrency_or_default(concurrency: Option<u32>) -> u32 {
    concurrency.unwrap_or(validate::DEFAULT_CONCURRENCY)
}

/// A bulk call's concurrency, checked: 1 to 50 ([`validate::CONCURRENCY_RANGE`]),
/// else a validation error naming `concurrency` (nothing is sent).
pub fn workers(concurrency: u32) -> Result<usize, Error> {
    validate::concurrency("concurrency", concurrency)?;
    Ok(usize::try_from(concurrency).unwrap_or(1))
}

/// The outcomes of a bulk call, in input order, with each item's position and label.
pub fn label<T>(
    items: impl Iterator<Item = String>,
    outcomes: Vec<BulkOutcome<T>>,
) -> Vec<BulkItem<T>> {
    items
        .zip(outcomes)
        .enumerate()
        .map(|(index, (item, outcome))| BulkItem {
            index: u32::try_from(index).unwrap_or(u32::MAX),
            item,
            outcome,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::Mode;
    use serde_json::json;

    fn number() -> PhoneNumber {
        PhoneNumber {
            id: "41523".to_owned(),
            phone_number: "+919876543210".to_owned(),
            trunk_sid: None,
            mode: Mode::Pstn,
            date_created: None,
            date_updated: None,
        }
    }

    #[test]
    fn bulk_items_serialize_flat_with_their_outcome() -> Result<(), serde_json::Error> {
        let item = |index, outcome| BulkItem {
            index,
            item: "+919876543210".to_owned(),
            outcome,
        };
        let resource = json!({
            "id": "41523", "phone_number": "+919876543210", "trunk_sid": null,
            "mode": "pstn", "date_created": null, "date_updated": null,
        });
        let created = serde_json::to_value(item(0, BulkOutcome::Created { resource: number() }))?;
        assert_eq!(
            created,
            json!({"index": 0, "item": "+919876543210", "outcome": "created", "resource": resource})
        );
        let existed = serde_json::to_value(item(1, BulkOutcome::Existed { resource: number() }))?;
        assert_eq!(
            existed,
            json!({"index": 1, "item": "+919876543210", "outcome": "existed", "resource": resource})
        );
        let error = Error::Timeout { timeout_ms: 5 };
        let failed = serde_json::to_value(item(2, BulkOutcome::Failed { error }))?;
        assert_eq!(
            failed,
            json!({"index": 2, "item": "+919876543210", "outcome": "failed",
                   "error": {"kind": "timeout", "timeout_ms": 5}})
        );
        Ok(())
    }
}
