//! Map Destination URIs (`POST .../destination-uris`). Listing lives in `lists`.

use serde::Serialize;

use super::batch::read_batch;
use super::{build_request, json_body, Operation};
use crate::config::Config;
use crate::error::{CreatedItem, Error};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::models::{Batch, DestinationUri};
use crate::validate;

/// Destinations that were all added.
pub type DestinationBatch = Batch<DestinationUri>;

/// Input of Map Destination URIs: where inbound calls go.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AddDestinations {
    /// Trunk to add the destinations to.
    pub trunk_sid: String,
    /// `<ip-or-fqdn>[:<port>][;transport=<tls|tcp|udp>]`, with or without `sip:`.
    /// An IP destination must be whitelisted on the trunk first.
    pub destinations: Vec<String>,
}

impl AddDestinations {
    /// The destinations as sent: without any `sip:` prefix.
    fn wire_destinations(&self) -> Vec<String> {
        self.destinations
            .iter()
            .map(|d| validate::strip_sip_prefix(d).to_owned())
            .collect()
    }
}

impl Operation for AddDestinations {
    type Output = DestinationBatch;
    const NAME: &'static str = "add_destinations";

    fn validate(&self, _config: &Config) -> Result<(), Error> {
        validate::trunk_sid("trunk_sid", &self.trunk_sid)?;
        validate::non_empty_list("destinations", &self.destinations)?;
        for (i, destination) in self.destinations.iter().enumerate() {
            validate::destination(&format!("destinations[{i}].destination"), destination)?;
        }
        Ok(())
    }

    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        super::validated(self, config)?;
        #[derive(Serialize)]
        struct Item {
            destination: String,
        }
        #[derive(Serialize)]
        struct Body {
            destinations: Vec<Item>,
        }
        let destinations = self
            .wire_destinations()
            .into_iter()
            .map(|destination| Item { destination })
            .collect();
        Ok(build_request(
            config,
            Method::Post,
            &["trunks", &self.trunk_sid, "destination-uris"],
            &[],
            Some(json_body(&Body { destinations })?),
        ))
    }

    fn response(
        &self,
        config: &Config,
        response: &HttpResponse,
    ) -> Result<DestinationBatch, Error> {
        read_batch(config, response, &self.wire_destinations(), |item| {
            CreatedItem::Destination { item }
        })
    }
}
