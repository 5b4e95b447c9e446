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
    // A batch is answered 200 or 207; a 401, a 429 or a 5xx refused the whole
    // call whatever its body holds (and only then is it retried).
    let refused = matches!(response.status, 401 | 429) || response.status >= 500;
    if !parsed.is_list || refused {
        // The whole call was refused (unknown trunk, bad body, auth, ...).
        return Err(parsed.refusal(response));
    }
    // One result per item sent, in order: any other count leaves it unknown
    // which item a result belongs to, so none is guessed or dropped.
    if parsed.items.len() != sent.len() {
        return Err(Error::Decode {
            status: response.status,
            snippet: String::new(),
            detail: format!(
                "the batch answer has {} results for {} items sent",
                parsed.items.len(),
                sent.len()
            ),
        });
    }
    let mut created = Vec::new();
    let mut failed = Vec::new();
    for (index, (item, outcome)) in sent.iter().zip(parsed.items).enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        match outcome {
            ItemOutcome::Success(data) => created.push(wire::decode::<T>(&data, response.status)?),
            ItemOutcome::Failure { status, error } => failed.push(ItemFailure {
                index,
                item: item.clone(),
                status,
                code: error.code,
                description: error
                    .description
                    .or(error.message)
                    .unwrap_or_else(|| "failed".to_owned()),
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
    // The server's texts may echo a secret: redacted like every error text.
    Err(Error::PartialFailure {
        status: response.status,
        created: created.into_iter().map(wrap).collect(),
        failed,
        request_id: parsed.request_id,
    }
    .redacted(&config.credentials().redactor()))
}
