//! Typed resources of the SIP trunking API.
//!
//! Ids are strings and timestamps stay the server's ISO 8601 strings, so nothing
//! is lost or reformatted on the way through. Fields the reference documents but
//! a server could omit are `Option`s: absent stays absent, never invented.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A SIP trunk (create and delete return it; the API cannot list or read trunks).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Trunk {
    /// Unique id of the trunk, e.g. `trmum1f708622631150902801a1n`; needed by every later call.
    pub trunk_sid: String,
    /// Name given at creation.
    #[serde(default)]
    pub trunk_name: Option<String>,
    /// SIP domain, `<account_sid>.pstn.exotel.com`.
    #[serde(default)]
    pub domain_name: Option<String>,
    /// `active` or `inactive`.
    #[serde(default)]
    pub status: Option<String>,
    /// Authentication type; currently `IP-WHITELIST`.
    #[serde(default)]
    pub auth_type: Option<String>,
    /// `enabled` or `disabled`.
    #[serde(default)]
    pub registration_enabled: Option<String>,
    /// Edge server preference, default `auto`.
    #[serde(default)]
    pub edge_preference: Option<String>,
    /// Network Service Operator code.
    #[serde(default)]
    pub nso_code: Option<String>,
    /// TLS status: `enabled` or `disabled`.
    #[serde(default)]
    pub secure_trunking: Option<String>,
    /// API path of the trunk's destination URIs.
    #[serde(default)]
    pub destination_uris: Option<String>,
    /// API path of the trunk's whitelisted IPs.
    #[serde(default)]
    pub whitelisted_ips: Option<String>,
    /// API path of the trunk's credentials.
    #[serde(default)]
    pub credentials: Option<String>,
    /// API path of the trunk's phone numbers.
    #[serde(default)]
    pub phone_numbers: Option<String>,
    /// ISO 8601 creation time.
    #[serde(default)]
    pub date_created: Option<String>,
    /// ISO 8601 time of the last update.
    #[serde(default)]
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

impl Serialize for Mode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_wire().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Mode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Option::<String>::deserialize(deserializer)?;
        Ok(Mode::from_wire(value.as_deref()))
    }
}

/// A phone number (DID / ExoPhone) mapped to a trunk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PhoneNumber {
    /// Numeric mapping id, as a string; the update call takes it.
    pub id: String,
    /// The number in E.164 form.
    pub phone_number: String,
    /// Trunk the number is mapped to.
    #[serde(default)]
    pub trunk_sid: Option<String>,
    /// Routing mode.
    #[serde(default)]
    pub mode: Mode,
    /// ISO 8601 creation time.
    #[serde(default)]
    pub date_created: Option<String>,
    /// ISO 8601 time of the last update.
    #[serde(default)]
    pub date_updated: Option<String>,
}

/// An IP range allowed to send calls through a trunk (an ACL entry).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct WhitelistedIp {
    /// Id of the entry.
    pub id: String,
    /// IPv4 address.
    pub ip: String,
    /// CIDR mask, 16 to 32.
    #[serde(default)]
    pub mask: Option<u32>,
    /// Trunk the entry belongs to.
    #[serde(default)]
    pub trunk_sid: Option<String>,
    /// Optional label.
    #[serde(default)]
    pub friendly_name: Option<String>,
    /// ISO 8601 creation time.
    #[serde(default)]
    pub date_created: Option<String>,
    /// ISO 8601 time of the last update.
    #[serde(default)]
    pub date_updated: Option<String>,
}

/// Where inbound calls of a trunk are sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DestinationUri {
    /// Id of the destination.
    pub id: String,
    /// SIP URI as the server stores it, `sip:`-prefixed.
    pub destination: String,
    /// Destination type (wire field `type`), e.g. `public`.
    #[serde(rename = "type", default)]
    pub destination_type: Option<String>,
    /// Load-balancing priority; lower is preferred.
    #[serde(default)]
    pub priority: Option<i64>,
    /// Load-balancing weight; higher gets more traffic.
    #[serde(default)]
    pub weight: Option<i64>,
    /// Trunk the destination belongs to.
    #[serde(default)]
    pub trunk_sid: Option<String>,
    /// ISO 8601 creation time.
    #[serde(default)]
    pub date_created: Option<String>,
    /// ISO 8601 time of the last update.
    #[serde(default)]
    pub date_updated: Option<String>,
}

/// A trunk setting such as `trunk_external_alias` (the caller ID).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TrunkSetting {
    /// Setting name.
    pub name: String,
    /// Setting value.
    pub value: String,
    /// Trunk the setting belongs to.
    #[serde(default)]
    pub trunk_sid: Option<String>,
    /// ISO 8601 creation time.
    #[serde(default)]
    pub date_created: Option<String>,
    /// ISO 8601 time of the last update.
    #[serde(default)]
    pub date_updated: Option<String>,
}

/// Name of the setting that holds a trunk's caller-ID alias.
pub const TRUNK_EXTERNAL_ALIAS: &str = "trunk_external_alias";

/// Pagination metadata of a list response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PageMetadata {
    /// Items per page.
    #[serde(default)]
    pub page_size: Option<u32>,
    /// URI (path and query) of the first page.
    #[serde(default)]
    pub first_page_uri: Option<String>,
    /// URI of the previous page, `None` on the first.
    #[serde(default)]
    pub prev_page_uri: Option<String>,
    /// URI of the next page, `None` on the last.
    #[serde(default)]
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BatchMetadata {
    /// Items in the request.
    #[serde(default)]
    pub total: Option<u32>,
    /// Items applied.
    #[serde(default)]
    pub success: Option<u32>,
    /// Items that failed.
    #[serde(default)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SettingInput {
    /// Setting name, e.g. [`TRUNK_EXTERNAL_ALIAS`].
    pub name: String,
    /// Value to set.
    pub value: String,
}
