//! Set Trunk Settings (`POST .../settings`), e.g. the caller-ID alias.

use super::batch::read_batch;
use serde::Serialize;

use super::{build_request, json_body, Operation};
use crate::config::Config;
use crate::error::{CreatedItem, Error};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::models::{Batch, SettingInput, TrunkSetting, TRUNK_EXTERNAL_ALIAS};
use crate::validate;

/// Settings that were all applied.
pub type SettingBatch = Batch<TrunkSetting>;

/// Input of Set Trunk Settings.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SetTrunkSettings {
    /// Trunk to configure.
    pub trunk_sid: String,
    /// Settings to apply, in order.
    pub settings: Vec<SettingInput>,
}

impl SetTrunkSettings {
    /// Sets the caller ID shown on outbound calls (`trunk_external_alias`).
    pub fn caller_id_alias(trunk_sid: impl Into<String>, phone_number: impl Into<String>) -> Self {
        SetTrunkSettings {
            trunk_sid: trunk_sid.into(),
            settings: vec![SettingInput {
                name: TRUNK_EXTERNAL_ALIAS.to_owned(),
                value: phone_number.into(),
            }],
        }
    }
}

impl Operation for SetTrunkSettings {
    type Output = SettingBatch;
    const NAME: &'static str = "set_trunk_settings";

    fn validate(&self, _config: &Config) -> Result<(), Error> {
        validate::trunk_sid("trunk_sid", &self.trunk_sid)?;
        validate::non_empty_list("settings", &self.settings)?;
        for (i, s) in self.settings.iter().enumerate() {
            validate::setting(i, &s.name, &s.value)?;
        }
        Ok(())
    }

    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        #[derive(Serialize)]
        struct Body<'a> {
            settings: &'a [SettingInput],
        }
        super::validated(self, config)?;
        Ok(build_request(
            config,
            Method::Post,
            &["trunks", &self.trunk_sid, "settings"],
            &[],
            Some(json_body(&Body {
                settings: &self.settings,
            })?),
        ))
    }

    fn response(&self, config: &Config, response: &HttpResponse) -> Result<SettingBatch, Error> {
        let names: Vec<String> = self.settings.iter().map(|s| s.name.clone()).collect();
        read_batch(config, response, &names, |item| CreatedItem::Setting {
            item,
        })
    }
}
