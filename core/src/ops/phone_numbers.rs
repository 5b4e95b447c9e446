//! Map Phone Number (`POST .../phone-numbers`) and Update Phone Number Mode
//! (`PUT .../phone-numbers/{id}`). Listing lives in `lists`.

use serde::Serialize;

use super::{build_request, json_body, single, Operation};
use crate::config::Config;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::models::{Mode, PhoneNumber};
use crate::validate;

/// The body of both calls: the number and, when set, its mode.
#[derive(Serialize)]
struct Body<'a> {
    phone_number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<&'a str>,
}

/// Input of Map Phone Number.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MapPhoneNumber {
    /// Trunk to map the number to.
    pub trunk_sid: String,
    /// The number in E.164 form, e.g. `+919876543210`.
    pub phone_number: String,
    /// `Pstn` or `Flow` (StreamKit); `None` sends no mode (the server stores `null`, routed as PSTN).
    pub mode: Option<Mode>,
}

impl Operation for MapPhoneNumber {
    type Output = PhoneNumber;
    const NAME: &'static str = "map_phone_number";

    fn validate(&self, _config: &Config) -> Result<(), Error> {
        validate::trunk_sid("trunk_sid", &self.trunk_sid)?;
        validate::e164("phone_number", &self.phone_number)?;
        match &self.mode {
            Some(mode) => validate::mode("mode", mode.as_wire()),
            None => Ok(()),
        }
    }

    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        super::validated(self, config)?;
        // No mode: the field is left out (the server then stores `null`).
        let body = json_body(&Body {
            phone_number: &self.phone_number,
            mode: self.mode.as_ref().and_then(Mode::as_wire),
        })?;
        Ok(build_request(
            config,
            Method::Post,
            &["trunks", &self.trunk_sid, "phone-numbers"],
            &[],
            Some(body),
        ))
    }

    fn response(&self, config: &Config, response: &HttpResponse) -> Result<PhoneNumber, Error> {
        single(config, response)
    }
}

/// Input of Update Phone Number Mode.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UpdatePhoneNumberMode {
    /// Trunk the number is mapped to.
    pub trunk_sid: String,
    /// Numeric mapping id returned when the number was mapped (not the number).
    pub phone_number_id: String,
    /// The number itself, E.164; must match the id.
    pub phone_number: String,
    /// The new mode: `Pstn` or `Flow`.
    pub mode: Mode,
}

impl Operation for UpdatePhoneNumberMode {
    type Output = PhoneNumber;
    const NAME: &'static str = "update_phone_number_mode";

    fn validate(&self, _config: &Config) -> Result<(), Error> {
        validate::trunk_sid("trunk_sid", &self.trunk_sid)?;
        validate::numeric_id("phone_number_id", &self.phone_number_id)?;
        validate::e164("phone_number", &self.phone_number)?;
        validate::mode("mode", self.mode.as_wire())
    }

    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        super::validated(self, config)?;
        let body = json_body(&Body {
            phone_number: &self.phone_number,
            mode: self.mode.as_wire(),
        })?;
        Ok(build_request(
            config,
            Method::Put,
            &[
                "trunks",
                &self.trunk_sid,
                "phone-numbers",
                &self.phone_number_id,
            ],
            &[],
            Some(body),
        ))
    }

    fn response(&self, config: &Config, response: &HttpResponse) -> Result<PhoneNumber, Error> {
        single(config, response)
    }
}
