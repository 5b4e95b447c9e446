//! Create Trunk (`POST /trunks`) and Delete Trunk (`DELETE /trunks?trunk_sid=`).

use serde::Serialize;

use super::{build_request, json_body, single, Operation};
use crate::config::Config;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::models::Trunk;
use crate::validate::{self, DEFAULT_NSO_CODE, DOMAIN_SUFFIX};

/// Input of Create Trunk.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreateTrunk {
    /// Unique name: letters, digits and `_`, at most 16 characters.
    pub trunk_name: String,
    /// Network Service Operator code; `None` sends the standard `ANY-ANY`.
    pub nso_code: Option<String>,
    /// SIP domain; `None` sends `<account_sid>.pstn.exotel.com`.
    pub domain_name: Option<String>,
}

impl CreateTrunk {
    /// A trunk with this name and the standard NSO code and domain.
    pub fn new(trunk_name: impl Into<String>) -> Self {
        CreateTrunk {
            trunk_name: trunk_name.into(),
            nso_code: None,
            domain_name: None,
        }
    }

    fn nso_code(&self) -> &str {
        self.nso_code.as_deref().unwrap_or(DEFAULT_NSO_CODE)
    }

    fn domain_name(&self, config: &Config) -> String {
        self.domain_name
            .clone()
            .unwrap_or_else(|| format!("{}{DOMAIN_SUFFIX}", config.account_sid()))
    }
}

impl Operation for CreateTrunk {
    type Output = Trunk;
    const NAME: &'static str = "create_trunk";

    fn validate(&self, config: &Config) -> Result<(), Error> {
        validate::trunk_name("trunk_name", &self.trunk_name)?;
        validate::nso_code("nso_code", self.nso_code())?;
        validate::domain_name("domain_name", &self.domain_name(config))
    }

    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        super::validated(self, config)?;
        #[derive(Serialize)]
        struct Body<'a> {
            trunk_name: &'a str,
            nso_code: &'a str,
            domain_name: &'a str,
        }
        let body = json_body(&Body {
            trunk_name: &self.trunk_name,
            nso_code: self.nso_code(),
            domain_name: &self.domain_name(config),
        })?;
        Ok(build_request(
            config,
            Method::Post,
            &["trunks"],
            &[],
            Some(body),
        ))
    }

    fn response(&self, config: &Config, response: &HttpResponse) -> Result<Trunk, Error> {
        single(config, response)
    }
}

/// Input of Delete Trunk: removes the trunk and everything mapped to it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DeleteTrunk {
    /// The trunk to delete.
    pub trunk_sid: String,
}

impl DeleteTrunk {
    /// Deletes this trunk.
    pub fn new(trunk_sid: impl Into<String>) -> Self {
        DeleteTrunk {
            trunk_sid: trunk_sid.into(),
        }
    }
}

/// What Delete Trunk reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DeletedTrunk {
    /// The trunk that is gone.
    pub trunk_sid: String,
    /// The deleted trunk as the server returned it; `None` when an earlier attempt
    /// deleted it and only the retry's "not found" was read.
    pub trunk: Option<Trunk>,
}

impl Operation for DeleteTrunk {
    type Output = DeletedTrunk;
    const NAME: &'static str = "delete_trunk";

    fn validate(&self, _config: &Config) -> Result<(), Error> {
        validate::trunk_sid("trunk_sid", &self.trunk_sid)
    }

    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        super::validated(self, config)?;
        Ok(build_request(
            config,
            Method::Delete,
            &["trunks"],
            &[("trunk_sid", self.trunk_sid.clone())],
            None,
        ))
    }

    fn response(&self, config: &Config, response: &HttpResponse) -> Result<DeletedTrunk, Error> {
        let trunk: Trunk = single(config, response)?;
        Ok(DeletedTrunk {
            trunk_sid: trunk.trunk_sid.clone(),
            trunk: Some(trunk),
        })
    }

    /// A retry that finds the trunk gone (404/1000 or 403/1003) met an earlier
    /// attempt's delete: that is reported as deleted, without the trunk body.
    fn read(
        &self,
        config: &Config,
        response: &HttpResponse,
        attempt: u32,
    ) -> Result<DeletedTrunk, Error> {
        match self.response(config, response) {
            Err(Error::NotFound { .. }) if attempt > 1 => Ok(DeletedTrunk {
                trunk_sid: self.trunk_sid.clone(),
                trunk: None,
            }),
            other => other,
        }
    }
}
