//! Reading a batch answer (destinations, settings): `response[]` holds one result
//! per request item, in request order, under HTTP 200 or 207.

use crate::wire::{self, FromWire};

use crate::config::Config;
use crate::envelope::{self, ItemOutcome};
use crate::error::{CreatedItem, Error, ItemFailure};
use crate::http::HttpResponse;
use crate::models::{Batch, BatchMetadata};

/// The typed batch, or [`Error::PartialFailure`] if any item failed: the created
/// items and the failed ones (with their codes) are both kept.
pub(crate) fn read_batch<T: FromWire + Clone>(
    config: &Config,
    response: &HttpResponse,
    sent: &[String],
    wrap: fn(T) -> CreatedItem,
) -> Result<Batch<T>, Error> {
    let parsed = envelope::parse(response, config.credentials())?;
    if !parsed.is_list {
        // The whole call was refused (unknown trunk, bad body, auth, ...).
        return Err(parsed.refusal(response));
    }
    let mut created = Vec::new();
    let mut failed = Vec::new();
    let mut outcomes = parsed.items.into_iter();
    for (index, item) in sent.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        match outcomes.next() {
            Some(ItemOutcome::Success(data)) => {
                created.push(wire::decode::<T>(&data, response.status)?)
            }
            Some(ItemOutcome::Failure { status, error }) => failed.push(ItemFailure {
                index,
                item: item.clone(),
                status,
                code: error.code,
                description: error
                    .description
                    .or(error.message)
                    .unwrap_or_else(|| "failed".to_owned()),
            }),
            // Fewer results than items: the missing ones are reported, not dropped.
            None => failed.push(ItemFailure {
                index,
                item: item.clone(),
                status: response.status,
                code: None,
                description: "the server returned no result for this item".to_owned(),
            }),
        }
    }
    if failed.is_empty() && envelope::is_success(response.status) {
        let metadata: BatchMetadata = match parsed.metadata {
            Some(value) => wire::decode(&value, response.status)?,
            None => BatchMetadata::default(),
        };
        return Ok(Batch {
            items: created,
            metadata,
        });
    }
    Err(Error::PartialFailure {
        status: response.status,
        created: created.into_iter().map(wrap).collect(),
        failed,
        request_id: parsed.request_id,
    })
}
