//! Reading a trunk's `credentials` sub-resource (`GET .../credentials`), whose
//! shape is undocumented: it is returned as raw JSON.

use serde_json::Value;

use super::{build_request, Operation};
use crate::config::Config;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::validate;

/// Input of Get Trunk Credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GetTrunkCredentials {
    /// The trunk whose credentials to read.
    pub trunk_sid: String,
}

impl GetTrunkCredentials {
    /// Reads this trunk's credentials.
    pub fn new(trunk_sid: impl Into<String>) -> Self {
        GetTrunkCredentials {
            trunk_sid: trunk_sid.into(),
        }
    }
}

impl Operation for GetTrunkCredentials {
    /// The envelope's `data`, untouched.
    type Output = Value;
    const NAME: &'static str = "get_trunk_credentials";

    fn validate(&self, _config: &Config) -> Result<(), Error> {
        validate::trunk_sid("trunk_sid", &self.trunk_sid)
    }

    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        super::validated(self, config)?;
        Ok(build_request(
            config,
            Method::Get,
            &["trunks", &self.trunk_sid, "credentials"],
            &[],
            None,
        ))
    }

    fn response(&self, config: &Config, response: &HttpResponse) -> Result<Value, Error> {
        let envelope = crate::envelope::parse(response, config.credentials())?;
        envelope.single(response)
    }
}
