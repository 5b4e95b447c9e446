//! Idempotent "ensure" calls: run a setup twice, or after a lost response, and
//! nothing fails and nothing is created twice.
//!
//! A duplicate (including the HTTP 200 with inner 409 form) or an unknown outcome
//! after a sent POST is resolved by listing, never by a blind re-send; a POST is
//! repeated only after a listing showed the resource absent. Every field returned
//! came from the server.

use serde::Serialize;

use crate::client::{Client, DEFAULT_OPTIONS};
use crate::error::{CreatedItem, Error};
use crate::models::{DestinationUri, PhoneNumber, Trunk, WhitelistedIp};
use crate::ops::{
    AddDestinations, CreateTrunk, List, ListQuery, MapPhoneNumber, Operation,
    UpdatePhoneNumberMode, WhitelistIp,
};
use crate::policy::outcome_unknown;
use crate::policy::CallOptions;
use crate::seams::{Clock, Entropy, Transport};
use crate::validate;

/// A resource that now exists, and whether this call created it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ensured<T> {
    /// The resource as the server returned it.
    pub resource: T,
    /// `true` when this call's create was answered; `false` when it already
    /// existed (or a create whose answer was lost was found by listing).
    pub created: bool,
}

/// What [`Client::ensure_trunk`] established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EnsuredTrunk {
    /// The trunk's SID.
    pub trunk_sid: String,
    /// The trunk as created; `None` when an existing trunk was confirmed (the API
    /// cannot read a trunk).
    pub trunk: Option<Trunk>,
    /// Whether this call created it.
    pub created: bool,
}

/// How many create-then-look rounds an ensure call makes before giving up.
const ROUNDS: usize = 3;

fn unknown(operation: &str, detail: impl Into<String>) -> Error {
    Error::OutcomeUnknown {
        operation: operation.to_owned(),
        detail: detail.into(),
    }
}

impl<T: Transport, C: Clock, E: Entropy> Client<T, C, E> {
    /// Creates the trunk, or confirms the one whose SID was recorded earlier.
    ///
    /// The API can neither list nor read trunks, so an existing trunk is confirmed
    /// by listing one of its sub-resources under `recorded_sid`. A duplicate name
    /// without a recorded SID, or a create whose response was lost, fails with
    /// [`Error::OutcomeUnknown`] saying exactly that.
    pub async fn ensure_trunk(
        &self,
        input: &CreateTrunk,
        recorded_sid: Option<&str>,
    ) -> Result<EnsuredTrunk, Error> {
        self.ensure_trunk_with(input, recorded_sid, &DEFAULT_OPTIONS)
            .await
    }

    /// [`Client::ensure_trunk`] with per-call options for each request it makes.
    pub async fn ensure_trunk_with(
        &self,
        input: &CreateTrunk,
        recorded_sid: Option<&str>,
        options: &CallOptions,
    ) -> Result<EnsuredTrunk, Error> {
        input.validate(self.config())?;
        if let Some(sid) = recorded_sid {
            let probe = ListQuery {
                trunk_sid: sid.to_owned(),
                offset: None,
                page_size: Some(1),
            };
            self.execute_with(&List::<PhoneNumber>::new(probe), options)
                .await?;
            return Ok(EnsuredTrunk {
                trunk_sid: sid.to_owned(),
                trunk: None,
                created: false,
            });
        }
        match self.execute_with(input, options).await {
            Ok(trunk) => Ok(EnsuredTrunk {
                trunk_sid: trunk.trunk_sid.clone(),
                trunk: Some(trunk),
                created: true,
            }),
            Err(Error::Duplicate { .. }) => Err(unknown(
                "create_trunk",
                format!(
                    "a trunk named '{}' already exists, and the API cannot list trunks: pass the \
                     trunk_sid recorded when it was created",
                    input.trunk_name
                ),
            )),
            Err(err) if outcome_unknown(&err) => Err(unknown(
                "create_trunk",
                format!(
                    "the create was sent but its response was lost ({err}); the trunk may exist, \
                     and the API cannot list trunks to find its SID"
                ),
            )),
            Err(err) => Err(err),
        }
    }

    /// Maps the number unless it is already mapped to the trunk; an existing
    /// mapping in another mode is switched to the requested mode.
    pub async fn ensure_phone_number(
        &self,
        input: &MapPhoneNumber,
    ) -> Result<Ensured<PhoneNumber>, Error> {
        self.ensure_phone_number_with(input, &DEFAULT_OPTIONS).await
    }

    /// [`Client::ensure_phone_number`] with per-call options for each request it makes.
    pub async fn ensure_phone_number_with(
        &self,
        input: &MapPhoneNumber,
        options: &CallOptions,
    ) -> Result<Ensured<PhoneNumber>, Error> {
        input.validate(self.config())?;
        for _ in 0..ROUNDS {
            let err = match self.execute_with(input, options).await {
                Ok(number) => {
                    return Ok(Ensured {
                        resource: number,
                        created: true,
                    })
                }
                Err(err) => err,
            };
            let duplicate = matches!(err, Error::Duplicate { .. });
            if !duplicate && !outcome_unknown(&err) {
                return Err(err);
            }
            let numbers = self
                .pages_with::<PhoneNumber>(ListQuery::new(&input.trunk_sid), *options)
                .collect_items()
                .await?;
            match numbers
                .into_iter()
                .find(|n| n.phone_number == input.phone_number)
            {
                Some(existing) => return self.align_mode(input, existing, options).await,
                // A duplicate not on this trunk is a real conflict (mapped elsewhere).
                None if duplicate => return Err(err),
                // Not applied: creating it now cannot duplicate it.
                None => continue,
            }
        }
        Err(unknown(
            "map_phone_number",
            "the mapping's outcome stayed unknown after repeated attempts",
        ))
    }

    async fn align_mode(
        &self,
        input: &MapPhoneNumber,
        existing: PhoneNumber,
        options: &CallOptions,
    ) -> Result<Ensured<PhoneNumber>, Error> {
        let wanted = match &input.mode {
            Some(mode) if mode.effective() != existing.mode.effective() => mode.clone(),
            _ => {
                return Ok(Ensured {
                    resource: existing,
                    created: false,
                })
            }
        };
        let update = UpdatePhoneNumberMode {
            trunk_sid: input.trunk_sid.clone(),
            phone_number_id: existing.id.clone(),
            phone_number: existing.phone_number.clone(),
            mode: wanted,
        };
        let updated = self.execute_with(&update, options).await?;
        Ok(Ensured {
            resource: updated,
            created: false,
        })
    }

    /// Whitelists the IP unless it already is on the trunk.
    pub async fn ensure_whitelisted_ip(
        &self,
        input: &WhitelistIp,
    ) -> Result<Ensured<WhitelistedIp>, Error> {
        self.ensure_whitelisted_ip_with(input, &DEFAULT_OPTIONS)
            .await
    }

    /// [`Client::ensure_whitelisted_ip`] with per-call options for each request it makes.
    pub async fn ensure_whitelisted_ip_with(
        &self,
        input: &WhitelistIp,
        options: &CallOptions,
    ) -> Result<Ensured<WhitelistedIp>, Error> {
        input.validate(self.config())?;
        for _ in 0..ROUNDS {
            let err = match self.execute_with(input, options).await {
                Ok(ip) => {
                    return Ok(Ensured {
                        resource: ip,
                        created: true,
                    })
                }
                Err(err) => err,
            };
            let duplicate = matches!(err, Error::Duplicate { .. });
            if !duplicate && !outcome_unknown(&err) {
                return Err(err);
            }
            let ips = self
                .pages_with::<WhitelistedIp>(ListQuery::new(&input.trunk_sid), *options)
                .collect_items()
                .await?;
            match ips.into_iter().find(|ip| ip.ip == input.ip) {
                Some(existing) => {
                    return Ok(Ensured {
                        resource: existing,
                        created: false,
                    })
                }
                None if duplicate => return Err(err),
                None => continue,
            }
        }
        Err(unknown(
            "whitelist_ip",
            "the whitelisting's outcome stayed unknown after repeated attempts",
        ))
    }

    /// Adds the destinations the trunk does not have yet; returns one entry per
    /// requested destination, in order. A destination the server refuses (e.g. an
    /// IP not whitelisted) fails the call with [`Error::PartialFailure`].
    pub async fn ensure_destinations(
        &self,
        input: &AddDestinations,
    ) -> Result<Vec<Ensured<DestinationUri>>, Error> {
        self.ensure_destinations_with(input, &DEFAULT_OPTIONS).await
    }

    /// [`Client::ensure_destinations`] with per-call options for each request it makes.
    pub async fn ensure_destinations_with(
        &self,
        input: &AddDestinations,
        options: &CallOptions,
    ) -> Result<Vec<Ensured<DestinationUri>>, Error> {
        input.validate(self.config())?;
        let stored = |d: &str| format!("sip:{}", validate::strip_sip_prefix(d));
        let wanted: Vec<String> = input.destinations.iter().map(|d| stored(d)).collect();
        let mut created: Vec<DestinationUri> = Vec::new();
        for _ in 0..ROUNDS {
            let existing = self
                .pages_with::<DestinationUri>(ListQuery::new(&input.trunk_sid), *options)
                .collect_items()
                .await?;
            let mut missing: Vec<String> = Vec::new();
            for w in &wanted {
                if !existing.iter().any(|d| &d.destination == w) && !missing.contains(w) {
                    missing.push(w.clone());
                }
            }
            if missing.is_empty() {
                let mut out = Vec::with_capacity(wanted.len());
                for w in &wanted {
                    let found = existing.iter().find(|d| &d.destination == w).cloned();
                    let resource = found.ok_or_else(|| Error::Internal {
                        detail: format!("listed destination {w} vanished"),
                    })?;
                    let made = created.iter().any(|c| c.id == resource.id);
                    out.push(Ensured {
                        resource,
                        created: made,
                    });
                }
                return Ok(out);
            }
            let add = AddDestinations {
                trunk_sid: input.trunk_sid.clone(),
                destinations: missing,
            };
            match self.execute_with(&add, options).await {
                Ok(batch) => created.extend(batch.items),
                Err(Error::PartialFailure {
                    status,
                    created: made,
                    failed,
                    request_id,
                }) => {
                    for item in &made {
                        if let CreatedItem::Destination { item } = item {
                            created.push(item.clone());
                        }
                    }
                    // Items that already exist are fine; any other failure is real.
                    if failed
                        .iter()
                        .any(|f| f.code != Some(1008) && f.status != 409)
                    {
                        return Err(Error::PartialFailure {
                            status,
                            created: made,
                            failed,
                            request_id,
                        });
                    }
                }
                Err(err) if outcome_unknown(&err) => continue,
                Err(err) => return Err(err),
            }
        }
        Err(unknown(
            "add_destinations",
            "the destinations' outcome stayed unknown after repeated attempts",
        ))
    }
}
