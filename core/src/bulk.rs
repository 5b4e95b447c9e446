//! Bulk helpers: many numbers or IPs under the governor with bounded concurrency,
//! one outcome per item, never aborting the batch for one item.

use std::future::{poll_fn, Future};
use std::task::Poll;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::client::{BoxFuture, Client, DEFAULT_OPTIONS};
use crate::ensure::{Created, Ensured};
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

/// Runs futures with at most `limit` polled at once. Each item's future keeps
/// its own outcome and says whether it failed (for `on_done`): one instance of
/// this loop serves every bulk call.
pub(crate) async fn run_bounded(
    futures: Vec<BoxFuture<'_, bool>>,
    limit: usize,
    mut on_done: impl FnMut(bool),
) {
    let mut queued = futures.into_iter();
    let mut running: Vec<BoxFuture<'_, bool>> = Vec::new();
    let limit = limit.max(1);
    poll_fn(|cx| loop {
        while running.len() < limit {
            match queued.next() {
                Some(f) => running.push(f),
                None => break,
            }
        }
        let mut progressed = false;
        let mut k = 0;
        while k < running.len() {
            let ready = match running.get_mut(k) {
                Some(fut) => fut.as_mut().poll(cx),
                None => break,
            };
            match ready {
                Poll::Ready(failed) => {
                    drop(running.swap_remove(k));
                    on_done(failed);
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
        self.count(matches!(outcome, BulkOutcome::Failed { .. }))
    }

    fn count(&mut self, failed: bool) -> Event {
        self.done += 1;
        if failed {
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
    /// Ensures every input's resource exists ([`Client::ensure_created`]), at most
    /// `concurrency` at once; one outcome per input, in order, labelled by `label`.
    async fn bulk<R: Created>(
        &self,
        operation: &'static str,
        inputs: &[R::Input],
        concurrency: u32,
        options: &CallOptions,
        label_of: fn(&R::Input) -> String,
    ) -> Result<Vec<BulkItem<R>>, Error> {
        let concurrency = workers(concurrency)?;
        let mut outcomes: Vec<Option<BulkOutcome<R>>> = inputs.iter().map(|_| None).collect();
        let futures = outcomes
            .iter_mut()
            .zip(inputs)
            .map(|(slot, input)| {
                let item: BoxFuture<'_, bool> = Box::pin(async move {
                    let outcome = BulkOutcome::from(self.ensure_created::<R>(input, options).await);
                    let failed = matches!(outcome, BulkOutcome::Failed { .. });
                    *slot = Some(outcome);
                    failed
                });
                item
            })
            .collect();
        let mut progress = BulkProgress::new(operation, inputs.len());
        run_bounded(futures, concurrency, |failed| {
            self.emit(progress.count(failed));
        })
        .await;
        Ok(label(
            inputs.iter().map(label_of),
            outcomes.into_iter().flatten().collect(),
        ))
    }

    /// Ensures every number is mapped (see [`Client::ensure_phone_number`]), at most
    /// `concurrency` (1 to 50) at once, all under the governor; an out-of-range
    /// concurrency is a validation error.
    pub fn map_phone_numbers<'a>(
        &'a self,
        inputs: &'a [MapPhoneNumber],
        concurrency: u32,
    ) -> impl Future<Output = Result<Vec<BulkItem<PhoneNumber>>, Error>> + 'a {
        self.map_phone_numbers_with(inputs, concurrency, &DEFAULT_OPTIONS)
    }

    /// [`Client::map_phone_numbers`] with per-call options for each request it makes.
    pub fn map_phone_numbers_with<'a>(
        &'a self,
        inputs: &'a [MapPhoneNumber],
        concurrency: u32,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<Vec<BulkItem<PhoneNumber>>, Error>> + 'a {
        let label_of = |input: &MapPhoneNumber| input.phone_number.clone();
        self.bulk("map_phone_numbers", inputs, concurrency, options, label_of)
    }

    /// Ensures every IP is whitelisted (see [`Client::ensure_whitelisted_ip`]), at
    /// most `concurrency` (1 to 50) at once, all under the governor.
    pub fn whitelist_ips<'a>(
        &'a self,
        inputs: &'a [WhitelistIp],
        concurrency: u32,
    ) -> impl Future<Output = Result<Vec<BulkItem<WhitelistedIp>>, Error>> + 'a {
        self.whitelist_ips_with(inputs, concurrency, &DEFAULT_OPTIONS)
    }

    /// [`Client::whitelist_ips`] with per-call options for each request it makes.
    pub fn whitelist_ips_with<'a>(
        &'a self,
        inputs: &'a [WhitelistIp],
        concurrency: u32,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<Vec<BulkItem<WhitelistedIp>>, Error>> + 'a {
        let label_of = |input: &WhitelistIp| input.ip.clone();
        self.bulk("whitelist_ips", inputs, concurrency, options, label_of)
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
