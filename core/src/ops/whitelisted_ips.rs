//! Map ACL to Trunk (`POST .../whitelisted-ips`). Listing lives in `lists`.

use serde::Serialize;

use super::{build_request, json_body, single, Operation};
use crate::config::Config;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::models::WhitelistedIp;
use crate::validate::{self, DEFAULT_MASK};

/// Input of Map ACL (whitelist an IP range on a trunk).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct WhitelistIp {
    /// Trunk to whitelist the address on.
    pub trunk_sid: String,
    /// Public IPv4 address of your PBX/SBC.
    pub ip: String,
    /// CIDR mask 16–32; `None` sends 32 (a single address) explicitly.
    pub mask: Option<u32>,
}

impl WhitelistIp {
    fn mask(&self) -> u32 {
        self.mask.unwrap_or(DEFAULT_MASK)
    }
}

impl Operation for WhitelistIp {
    type Output = WhitelistedIp;
    const NAME: &'static str = "whitelist_ip";

    fn validate(&self, _config: &Config) -> Result<(), Error> {
        validate::trunk_sid("trunk_sid", &self.trunk_sid)?;
        validate::ipv4("ip", &self.ip)?;
        validate::mask("mask", self.mask())
    }

    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        #[derive(Serialize)]
        struct Body<'a> {
            ip: &'a str,
            mask: u32,
        }
        super::validated(self, config)?;
        Ok(build_request(
            config,
            Method::Post,
            &["trunks", &self.trunk_sid, "whitelisted-ips"],
            &[],
            Some(json_body(&Body {
                ip: &self.ip,
                mask: self.mask(),
            })?),
        ))
    }

    fn response(&self, config: &Config, response: &HttpResponse) -> Result<WhitelistedIp, Error> {
        single(config, response)
    }
}
