//! Typed resources of the SIP trunking API.
//!
//! Ids are strings and timestamps stay the server's ISO 8601 strings, so nothing
//! is lost or reformatted on the way through. Fields the reference documents but
//! a server could omit are `Option`s: absent stays absent, never invented.

use serde::{Serialize, Serializer};

use crate::wire::{Fields, FromWire};

/// A SIP trunk (create and delete return it; the API cannot list or read trunks).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Trunk {
    /// Unique id of the trunk, e.g. `trmum1f708622631150902801a1n`; needed by every later call.
    pub trunk_sid: String,
    /// Name given at creation.
    pub trunk_name: Option<String>,
    /// SIP domain, `<account_sid>.pstn.exotel.com`.
    pub domain_name: Option<String>,
    /// `active` or `inactive`.
    pub status: Option<String>,
    /// Authentication type; currently `IP-WHITELIST`.
    pub auth_type: Option<String>,
    /// `enabled` or `disabled`.
    pub registration_enabled: Option<String>,
    /// Edge server preference, default `auto`.
    pub edge_preference: Option<String>,
    /// Network Service Operator code.
    pub nso_code: Option<String>,
    /// TLS status: `enabled` or `disabled`.
    pub secure_trunking: Option<String>,
    /// API path of the trunk's destination URIs.
    pub destination_uris: Option<String>,
    /// API path of the trunk's whitelisted IPs.
    pub whitelisted_ips: Option<String>,
    /// API path of the trunk's credentials.
    pub credentials: Option<String>,
    /// API path of the trunk's phone numbers.
    pub phone_numbers: Option<String>,
    /// ISO 8601 creation time.
    pub date_created: Option<String>,
    /// ISO 8601 time of the last update.
    pub date_updated: Option<String>,
}

/// Routing mode of a mapped phone number.
///
/// The server answers `null` for a number mapped without a mode (it then behaves
/// as `pstn`); values this SDK does not know yet are kept, not rejected.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Mode {
    /// `pstn`: calls go to the telephone network.
    Pstn,
    /// `flow`: calls go to a Voice AI bot (StreamKit).
    Flow,
    /// The server's `null`: no mode was set; behaves as `pstn`.
    #[default]
    Unset,
    /// A value this SDK version does not know, kept verbatim.
    Other {
        /// The value as the server sent it.
        value: String,
    },
}

impl Mode {
    /// The wire value: `Some("pstn")`, `Some("flow")`, `None` for `Unset`, or the kept value.
    pub fn as_wire(&self) -> Option<&str> {
        match self {
            Mode::Pstn => Some("pstn"),
            Mode::Flow => Some("flow"),
            Mode::Unset => None,
            Mode::Other { value } => Some(value),
        }
    }

    /// The mode a wire value stands for.
    pub fn from_wire(value: Option<&str>) -> Mode {
        match value {
            None => Mode::Unset,
            Some("pstn") => Mode::Pstn,
            Some("flow") => Mode::Flow,
            Some(other) => Mode::Other {
                value: other.to_owned(),
            },
        }
    }

    /// The routing that applies: `Unset` routes as `Pstn`.
    pub fn effective(&self) -> Mode {
        match self {
            Mode::Unset => Mode::Pstn,
            other => other.clone(),
        }
    }
}

/// On the wire a mode is a string, or `null` for a number mapped without one.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Mode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Mode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["string", "null"],
            "description": "`pstn`, `flow` (StreamKit), or null: mapped without a mode (routed as PSTN). Unknown values are kept.",
            "examples": ["pstn", "flow"]
        })
    }
}

impl Serialize for Mode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_wire().serialize(serializer)
    }
}

/// A phone number (DID / ExoPhone) mapped to a trunk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PhoneNumber {
    /// Numeric mapping id, as a string; the update call takes it.
    pub id: String,
    /// The number in E.164 form.
    pub phone_number: String,
    /// Trunk the number is mapped to.
    pub trunk_sid: Option<String>,
    /// Routing mode.
    pub mode: Mode,
    /// ISO 8601 creation time.
    pub date_created: Option<String>,
    /// ISO 8601 time of the last update.
    pub date_updated: Option<String>,
}

/// An IP range allowed to send calls through a trunk (an ACL entry).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WhitelistedIp {
    /// Id of the entry.
    pub id: String,
    /// IPv4 address.
    pub ip: String,
    /// CIDR mask, 16 to 32.
    pub mask: Option<u32>,
    /// Trunk the entry belongs to.
    pub trunk_sid: Option<String>,
    /// Optional label.
    pub friendly_name: Option<String>,
    /// ISO 8601 creation time.
    pub date_created: Option<String>,
    /// ISO 8601 time of the last update.
    pub date_updated: Option<String>,
}

/// Where inbound calls of a trunk are sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DestinationUri {
    /// Id of the destination.
    pub id: String,
    /// SIP URI as the server stores it, `sip:`-prefixed.
    pub destination: String,
    /// Destination type (wire field `type`), e.g. `public`.
    #[serde(rename = "type")]
    pub destination_type: Option<String>,
    /// Load-balancing priority; lower is preferred.
    pub priority: Option<i64>,
    /// Load-balancing weight; higher gets more traffic.
    pub weight: Option<i64>,
    /// Trunk the destination belongs to.
    pub trunk_sid: Option<String>,
    /// ISO 8601 creation time.
    pub date_created: Option<String>,
    /// ISO 8601 time of the last update.
    pub date_updated: Option<String>,
}

/// A trunk setting such as `trunk_external_alias` (the caller ID).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrunkSetting {
    /// Setting name.
    pub name: String,
    /// Setting value.
    pub value: String,
    /// Trunk the setting belongs to.
    pub trunk_sid: Option<String>,
    /// ISO 8601 creation time.
    pub date_created: Option<String>,
    /// ISO 8601 time of the last update.
    pub date_updated: Option<String>,
}

/// Name of the setting that holds a trunk's caller-ID alias.
pub const TRUNK_EXTERNAL_ALIAS: &str = "trunk_external_alias";

/// Pagination metadata of a list response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PageMetadata {
    /// Items per page.
    pub page_size: Option<u32>,
    /// URI (path and query) of the first page.
    pub first_page_uri: Option<String>,
    /// URI of the previous page, `None` on the first.
    pub prev_page_uri: Option<String>,
    /// URI of the next page, `None` on the last.
    pub next_page_uri: Option<String>,
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    /// The items of this page, in server order.
    pub items: Vec<T>,
    /// Pagination metadata.
    pub metadata: PageMetadata,
}

/// Counts of a batch call (destinations, settings).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BatchMetadata {
    /// Items in the request.
    pub total: Option<u32>,
    /// Items applied.
    pub success: Option<u32>,
    /// Items that failed.
    pub failed: Option<u32>,
}

/// Result of a batch call whose every item succeeded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Batch<T> {
    /// The created items, in request order.
    pub items: Vec<T>,
    /// Counts reported by the server.
    pub metadata: BatchMetadata,
}

/// A `name`/`value` pair to set on a trunk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SettingInput {
    /// Setting name, e.g. [`TRUNK_EXTERNAL_ALIAS`].
    pub name: String,
    /// Value to set.
    pub value: String,
}

// Reading each model from the server's JSON (see `wire` for why by hand).

impl FromWire for Trunk {
    fn from_wire(f: &Fields<'_>) -> Result<Self, String> {
        Ok(Trunk {
            trunk_sid: f.string("trunk_sid")?,
            trunk_name: f.opt_string("trunk_name")?,
            domain_name: f.opt_string("domain_name")?,
            status: f.opt_string("status")?,
            auth_type: f.opt_string("auth_type")?,
            registration_enabled: f.opt_string("registration_enabled")?,
            edge_preference: f.opt_string("edge_preference")?,
            nso_code: f.opt_string("nso_code")?,
            secure_trunking: f.opt_string("secure_trunking")?,
            destination_uris: f.opt_string("destination_uris")?,
            whitelisted_ips: f.opt_string("whitelisted_ips")?,
            credentials: f.opt_string("credentials")?,
            phone_numbers: f.opt_string("phone_numbers")?,
            date_created: f.opt_string("date_created")?,
            date_updated: f.opt_string("date_updated")?,
        })
    }
}

impl FromWire for PhoneNumber {
    fn from_wire(f: &Fields<'_>) -> Result<Self, String> {
        Ok(PhoneNumber {
            id: f.string("id")?,
            phone_number: f.string("phone_number")?,
            trunk_sid: f.opt_string("trunk_sid")?,
            mode: Mode::from_wire(f.opt_string("mode")?.as_deref()),
            date_created: f.opt_string("date_created")?,
            date_updated: f.opt_string("date_updated")?,
        })
    }
}

impl FromWire for WhitelistedIp {
    fn from_wire(f: &Fields<'_>) -> Result<Self, String> {
        Ok(WhitelistedIp {
            id: f.string("id")?,
            ip: f.string("ip")?,
            mask: f.opt_u32("mask")?,
            trunk_sid: f.opt_string("trunk_sid")?,
            friendly_name: f.opt_string("friendly_name")?,
            date_created: f.opt_string("date_created")?,
            date_updated: f.opt_string("date_updated")?,
        })
    }
}

impl FromWire for DestinationUri {
    fn from_wire(f: &Fields<'_>) -> Result<Self, String> {
        Ok(DestinationUri {
            id: f.string("id")?,
            destination: f.string("destination")?,
            destination_type: f.opt_string("type")?,
            priority: f.opt_i64("priority")?,
            weight: f.opt_i64("weight")?,
            trunk_sid: f.opt_string("trunk_sid")?,
            date_created: f.opt_string("date_created")?,
            date_updated: f.opt_string("date_updated")?,
        })
    }
}

impl FromWire for TrunkSetting {
    fn from_wire(f: &Fields<'_>) -> Result<Self, String> {
        Ok(TrunkSetting {
            name: f.string("name")?,
            value: f.string("value")?,
            trunk_sid: f.opt_string("trunk_sid")?,
            date_created: f.opt_string("date_created")?,
            date_updated: f.opt_string("date_updated")?,
        })
    }
}

impl FromWire for PageMetadata {
    fn from_wire(f: &Fields<'_>) -> Result<Self, String> {
        Ok(PageMetadata {
            page_size: f.opt_u32("page_size")?,
            first_page_uri: f.opt_string("first_page_uri")?,
            prev_page_uri: f.opt_string("prev_page_uri")?,
            next_page_uri: f.opt_string("next_page_uri")?,
        })
    }
}

impl FromWire for BatchMetadata {
    fn from_wire(f: &Fields<'_>) -> Result<Self, String> {
        Ok(BatchMetadata {
            total: f.opt_u32("total")?,
            success: f.opt_u32("success")?,
            failed: f.opt_u32("failed")?,
        })
    }
}

/// Every model of the API's answers, by name, with its JSON Schema (in this order):
/// the OpenAPI document's components and the npm package's TypeScript declarations
/// are written from this one list, so a new model is declared here and nowhere else.
#[cfg(feature = "schema")]
pub fn schemas(generator: &mut schemars::SchemaGenerator) -> Vec<(&'static str, schemars::Schema)> {
    vec![
        ("Trunk", generator.root_schema_for::<Trunk>()),
        ("PhoneNumber", generator.root_schema_for::<PhoneNumber>()),
        (
            "WhitelistedIp",
            generator.root_schema_for::<WhitelistedIp>(),
        ),
        (
            "DestinationUri",
            generator.root_schema_for::<DestinationUri>(),
        ),
        ("TrunkSetting", generator.root_schema_for::<TrunkSetting>()),
        ("PageMetadata", generator.root_schema_for::<PageMetadata>()),
        (
            "BatchMetadata",
            generator.root_schema_for::<BatchMetadata>(),
        ),
    ]
}
