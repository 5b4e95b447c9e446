//! The catalog: every operation of the SDK declared once, as data.
//!
//! Each entry names the call, its HTTP method and path, its input fields (type,
//! where they travel, default, the validators that check them, whether they are
//! secret), the shape of its result and its documentation. `cargo xtask codegen`
//! turns [`CATALOG`] into `api/catalog.json`, the host wrappers of every binding
//! (Python `Client`/`AsyncClient`, the JS `ExotelClient` and its `.d.ts`, Kotlin
//! `ExotelClient` and the Java facade), the UniFFI and wasm forwarding and the
//! README endpoint tables; CI regenerates them and fails on any difference.
//!
//! An entry marked [`Kind::Custom`] (the idempotent `ensure_*` helpers, the bulk
//! calls) is composed of other calls: the catalog still declares its name,
//! inputs and docs, and each language's parity test checks the hand-written
//! method against it.
//!
//! What a call *does* lives with its input type in [`crate::ops`]; tests check
//! that both agree (`core/tests/catalog.rs`).

use serde::Serialize;

use crate::http::Method;

/// One operation: an endpoint of the API, or a helper composed of endpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct OperationSpec {
    /// snake_case name, as in vectors, events and the Python API (`create_trunk`).
    pub name: &'static str,
    /// One sentence: the first line of the method's docs in every language.
    pub summary: &'static str,
    /// More docs (may be empty).
    pub doc: &'static str,
    /// The HTTP call; `None` for a helper composed of other calls.
    pub http: Option<HttpSpec>,
    /// The core's input type (a record in every binding).
    pub input: &'static str,
    /// The input's fields, in the order a host method takes them.
    pub fields: &'static [FieldSpec],
    /// What a successful call returns.
    pub result: ResultSpec,
    /// Generated forwarding or a hand-written helper.
    pub kind: Kind,
    /// The CLI subcommand (kebab-case), if the command line offers this call.
    pub cli: Option<&'static str>,
}

/// How an endpoint travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct HttpSpec {
    /// GET, POST, PUT or DELETE.
    #[serde(serialize_with = "method_name")]
    pub method: Method,
    /// Path under `/v2/accounts/{account_sid}`, with `{field}` placeholders
    /// filled from path fields (`/trunks/{trunk_sid}/phone-numbers`).
    pub path: &'static str,
    /// Which `Authorization` schemes the endpoint accepts.
    pub auth: Auth,
    /// When a failed attempt may be sent again.
    pub retry: Retry,
}

fn method_name<S: serde::Serializer>(method: &Method, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(method.as_str())
}

/// `Authorization` schemes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// HTTP Basic with the API key and token.
    Basic,
    /// Basic, or `Bearer <token>` on accounts where that is enabled.
    BasicOrBearer,
}

/// When an endpoint's failed attempt is retried (see `policy::retry_reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Retry {
    /// Idempotent (GET, PUT, DELETE): on 429, 5xx, an undecodable answer and
    /// transport errors.
    Idempotent,
    /// Not idempotent (POST): only when the server cannot have acted (429, a
    /// connection that never opened).
    UnlessSent,
}

/// One input field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FieldSpec {
    /// Wire name (snake_case); hosts convert it to their case.
    pub name: &'static str,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// Where it travels.
    #[serde(rename = "in")]
    pub location: Location,
    /// Whether the caller must give it.
    pub required: bool,
    /// What is sent when it is not given (`None`: nothing is sent).
    pub default: Option<&'static str>,
    /// The validators of `crate::validate` that check it, by function name.
    pub checks: &'static [&'static str],
    /// A secret (a password): never in a URL, a log line, an error or a repr.
    pub secret: bool,
    /// One sentence for the parameter's docs.
    pub doc: &'static str,
}

/// Field types, mapped to each host's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// A string.
    Text,
    /// An unsigned integer within `min..=max`.
    Integer {
        /// Smallest accepted value.
        min: u32,
        /// Largest accepted value.
        max: u32,
    },
    /// A routing mode: `pstn` or `flow`.
    Mode,
    /// A list of strings.
    TextList,
    /// A list of `{name, value}` trunk settings.
    Settings,
    /// A list of strings, each sent as an object with this one key
    /// (destinations travel as `[{"destination": …}]`).
    KeyedList(&'static str),
}

/// Where a field travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// A `{placeholder}` of the path.
    Path,
    /// The query string.
    Query,
    /// The JSON body.
    Body,
    /// Not sent: read by a helper (`recorded_sid`, `concurrency`).
    Local,
}

/// What a successful call returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "shape", content = "type")]
pub enum ResultSpec {
    /// One object of this model.
    Single(&'static str),
    /// One object of this model, or a list of them (the server answers either).
    OneOrList(&'static str),
    /// A per-item (HTTP 207) batch: any failed item is an error carrying the
    /// items that were created.
    Batch {
        /// The items' model.
        item: &'static str,
        /// The bindings' record of a whole batch.
        batch: &'static str,
    },
    /// A paged list: `list_x` walks every item lazily, `x_page` reads one page.
    Page {
        /// The items' model.
        item: &'static str,
        /// The bindings' record of one page.
        page: &'static str,
    },
    /// The envelope's `data` as raw JSON.
    Json,
    /// A helper's own result type.
    Custom(&'static str),
}

/// Generated forwarding or a hand-written helper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Generated in every binding from this entry.
    Endpoint,
    /// Hand-written in every binding (checked by its parity test).
    Custom,
}

impl OperationSpec {
    /// The entry named `name`.
    pub fn find(name: &str) -> Option<&'static OperationSpec> {
        CATALOG.iter().find(|op| op.name == name)
    }

    /// For a paged list (`list_phone_numbers`), the name of its one-page call
    /// (`phone_numbers_page`).
    pub fn page_name(&self) -> Option<String> {
        match self.result {
            ResultSpec::Page { .. } => Some(format!(
                "{}_page",
                self.name.strip_prefix("list_").unwrap_or(self.name)
            )),
            _ => None,
        }
    }
}

/// Checks an entry's declaration against the rules every entry follows: names
/// in snake_case, every `{placeholder}` of the path a path field and back, no
/// secret in the URL, the retry class that of the method, paged lists taking
/// `offset` and `page_size`, helpers without HTTP and endpoints with it.
pub fn check(op: &OperationSpec) -> Result<(), String> {
    let snake = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    let fail = |why: String| Err(format!("{}: {why}", op.name));
    if !snake(op.name) {
        return fail("the name is not snake_case".into());
    }
    if op.summary.is_empty() || !op.summary.ends_with('.') {
        return fail("the summary must be one sentence ending in '.'".into());
    }
    for f in op.fields {
        if !snake(f.name) {
            return fail(format!("field {} is not snake_case", f.name));
        }
        if f.doc.is_empty() {
            return fail(format!("field {} has no doc", f.name));
        }
        if f.secret && matches!(f.location, Location::Path | Location::Query) {
            return fail(format!("secret field {} would travel in the URL", f.name));
        }
        if f.required && f.default.is_some() {
            return fail(format!("required field {} has a default", f.name));
        }
    }
    match (op.kind, &op.http) {
        (Kind::Endpoint, None) => return fail("an endpoint needs its HTTP call".into()),
        (Kind::Custom, Some(_)) => return fail("a helper has no HTTP call of its own".into()),
        _ => {}
    }
    let Some(http) = &op.http else {
        return Ok(());
    };
    if !http.path.starts_with('/') || http.path.contains('?') {
        return fail("the path must start with '/' and hold no query".into());
    }
    let placeholders: Vec<&str> = http
        .path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
        .collect();
    for name in &placeholders {
        if !op
            .fields
            .iter()
            .any(|f| f.name == *name && f.location == Location::Path)
        {
            return fail(format!("path placeholder {{{name}}} is not a path field"));
        }
    }
    for f in op.fields.iter().filter(|f| f.location == Location::Path) {
        if !placeholders.contains(&f.name) {
            return fail(format!("path field {} is not in the path", f.name));
        }
        if !f.required {
            return fail(format!("path field {} must be required", f.name));
        }
    }
    if op.fields.iter().any(|f| f.location == Location::Local) {
        return fail("an endpoint sends every field".into());
    }
    let expected = match http.method {
        Method::Post => Retry::UnlessSent,
        _ => Retry::Idempotent,
    };
    if http.retry != expected {
        return fail("its retry class is not its method's".into());
    }
    if matches!(http.method, Method::Get | Method::Delete)
        && op.fields.iter().any(|f| f.location == Location::Body)
    {
        return fail("a GET or DELETE has no body".into());
    }
    if let ResultSpec::Page { .. } = op.result {
        for name in ["offset", "page_size"] {
            if !op
                .fields
                .iter()
                .any(|f| f.name == name && f.location == Location::Query)
            {
                return fail(format!("a paged list takes {name} in the query"));
            }
        }
        if !op.name.starts_with("list_") {
            return fail("a paged list is named list_<resources>".into());
        }
    }
    Ok(())
}

/// The catalog in JSON (`api/catalog.json`).
pub fn catalog_json() -> String {
    #[derive(Serialize)]
    struct Document {
        #[serde(rename = "$comment")]
        comment: &'static str,
        base_path: &'static str,
        operations: &'static [OperationSpec],
    }
    let doc = Document {
        comment: "Generated by `cargo xtask codegen` from core/src/catalog.rs: do not edit.",
        base_path: BASE_PATH,
        operations: CATALOG,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// One error code of the envelope (`response.error_data.code`), from
/// `server-rules.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorCode {
    /// The code.
    pub code: u16,
    /// The outer HTTP status it comes with.
    pub status: u16,
    /// The server's message.
    pub message: &'static str,
    /// When the server answers it.
    pub when: &'static str,
}

/// The error codes the server is known to answer (others will appear: an SDK
/// surfaces them as they are).
pub const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode {
        code: 1000,
        status: 404,
        message: "Not Found",
        when: "unknown resource or malformed identifier",
    },
    ErrorCode {
        code: 1001,
        status: 400,
        message: "Mandatory Parameter missing",
        when: "a required field is absent",
    },
    ErrorCode {
        code: 1002,
        status: 400,
        message: "Invalid parameter",
        when: "a field fails validation",
    },
    ErrorCode {
        code: 1003,
        status: 403,
        message: "Authorization failed",
        when: "a trunk of another account, or none (instead of 404)",
    },
    ErrorCode {
        code: 1007,
        status: 400,
        message: "Invalid request body, failed parsing",
        when: "malformed JSON or a type mismatch",
    },
    ErrorCode {
        code: 1008,
        status: 409,
        message: "Duplicate resource",
        when: "the resource exists; often an HTTP 200 whose inner code is 409",
    },
    ErrorCode {
        code: 1010,
        status: 401,
        message: "Authorization failed",
        when: "wrong API key or token",
    },
    ErrorCode {
        code: 1011,
        status: 415,
        message: "unsupported content type",
        when: "a body not sent as application/json",
    },
];

/// Every path of [`HttpSpec::path`] is under this one.
pub const BASE_PATH: &str = "/v2/accounts/{account_sid}";

const fn field(
    name: &'static str,
    ty: FieldType,
    location: Location,
    checks: &'static [&'static str],
    doc: &'static str,
) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        location,
        required: true,
        default: None,
        checks,
        secret: false,
        doc,
    }
}

const fn optional(
    name: &'static str,
    ty: FieldType,
    location: Location,
    default: Option<&'static str>,
    checks: &'static [&'static str],
    doc: &'static str,
) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        location,
        required: false,
        default,
        checks,
        secret: false,
        doc,
    }
}

const fn http(method: Method, path: &'static str) -> Option<HttpSpec> {
    Some(HttpSpec {
        method,
        path,
        auth: Auth::Basic,
        retry: match method {
            Method::Post => Retry::UnlessSent,
            _ => Retry::Idempotent,
        },
    })
}

const TRUNK_SID_PATH: FieldSpec = field(
    "trunk_sid",
    FieldType::Text,
    Location::Path,
    &["trunk_sid"],
    "The trunk's SID (`trmum1…`), as Create Trunk returned it.",
);

const TRUNK_NAME: FieldSpec = field(
    "trunk_name",
    FieldType::Text,
    Location::Body,
    &["trunk_name"],
    "Unique name: letters, digits and `_`, at most 16 characters.",
);
const NSO_CODE: FieldSpec = optional(
    "nso_code",
    FieldType::Text,
    Location::Body,
    Some("ANY-ANY"),
    &["nso_code"],
    "Network Service Operator code.",
);
const DOMAIN_NAME: FieldSpec = optional(
    "domain_name",
    FieldType::Text,
    Location::Body,
    Some("<account_sid>.pstn.exotel.com"),
    &["domain_name"],
    "SIP domain, ending in `.pstn.exotel.com`.",
);
const PHONE_NUMBER: FieldSpec = field(
    "phone_number",
    FieldType::Text,
    Location::Body,
    &["e164"],
    "The number in E.164 form, e.g. `+919876543210`.",
);
const MODE: FieldSpec = optional(
    "mode",
    FieldType::Mode,
    Location::Body,
    None,
    &["mode"],
    "`pstn` or `flow` (StreamKit); not sent when not given (routed as PSTN).",
);
const IP: FieldSpec = field(
    "ip",
    FieldType::Text,
    Location::Body,
    &["ipv4"],
    "Public IPv4 address of your PBX or SBC.",
);
const MASK: FieldSpec = optional(
    "mask",
    FieldType::Integer { min: 16, max: 32 },
    Location::Body,
    Some("32"),
    &["mask"],
    "CIDR mask, 16 to 32 (32: a single address).",
);
const DESTINATIONS: FieldSpec = field(
    "destinations",
    FieldType::KeyedList("destination"),
    Location::Body,
    &["non_empty_list", "destination"],
    "`<ip-or-fqdn>[:<port>][;transport=<tls|tcp|udp>]`, with or without `sip:`; an IP must be whitelisted first.",
);
const OFFSET: FieldSpec = optional(
    "offset",
    FieldType::Integer {
        min: 0,
        max: u32::MAX,
    },
    Location::Query,
    None,
    &[],
    "Items to skip before the first one returned.",
);
const PAGE_SIZE: FieldSpec = optional(
    "page_size",
    FieldType::Integer {
        min: 1,
        max: u32::MAX,
    },
    Location::Query,
    Some("50"),
    &["page_size"],
    "Items per page.",
);
const CONCURRENCY: FieldSpec = optional(
    "concurrency",
    FieldType::Integer { min: 1, max: 50 },
    Location::Local,
    Some("8"),
    &["concurrency"],
    "Items in flight at once (all under the rate governor).",
);

const LIST_FIELDS: &[FieldSpec] = &[TRUNK_SID_PATH, OFFSET, PAGE_SIZE];

/// Every operation of the SDK.
pub const CATALOG: &[OperationSpec] = &[
    OperationSpec {
        name: "create_trunk",
        summary: "Creates a trunk; save the returned `trunk_sid`.",
        doc: "A trunk name is unique in the account: a second create answers a duplicate error.",
        http: http(Method::Post, "/trunks"),
        input: "CreateTrunk",
        fields: &[TRUNK_NAME, NSO_CODE, DOMAIN_NAME],
        result: ResultSpec::Single("Trunk"),
        kind: Kind::Endpoint,
        cli: Some("create-trunk"),
    },
    OperationSpec {
        name: "delete_trunk",
        summary: "Deletes a trunk and everything mapped to it.",
        doc: "A retried delete that finds the trunk gone reports it deleted, without its body.",
        http: http(Method::Delete, "/trunks"),
        input: "DeleteTrunk",
        fields: &[FieldSpec {
            location: Location::Query,
            ..TRUNK_SID_PATH
        }],
        result: ResultSpec::Single("DeletedTrunk"),
        kind: Kind::Endpoint,
        cli: Some("delete-trunk"),
    },
    OperationSpec {
        name: "map_phone_number",
        summary: "Maps a phone number to a trunk.",
        doc: "Mapping a number that is already mapped answers a duplicate error.",
        http: http(Method::Post, "/trunks/{trunk_sid}/phone-numbers"),
        input: "MapPhoneNumber",
        fields: &[TRUNK_SID_PATH, PHONE_NUMBER, MODE],
        result: ResultSpec::Single("PhoneNumber"),
        kind: Kind::Endpoint,
        cli: Some("map-number"),
    },
    OperationSpec {
        name: "update_phone_number_mode",
        summary: "Switches a mapped number between `pstn` and `flow`.",
        doc: "",
        http: http(Method::Put, "/trunks/{trunk_sid}/phone-numbers/{phone_number_id}"),
        input: "UpdatePhoneNumberMode",
        fields: &[
            TRUNK_SID_PATH,
            field(
                "phone_number_id",
                FieldType::Text,
                Location::Path,
                &["numeric_id"],
                "The numeric mapping id returned when the number was mapped (not the number).",
            ),
            field(
                "phone_number",
                FieldType::Text,
                Location::Body,
                &["e164"],
                "The number itself, E.164; it must match the id.",
            ),
            field(
                "mode",
                FieldType::Mode,
                Location::Body,
                &["mode"],
                "The new mode: `pstn` or `flow`.",
            ),
        ],
        result: ResultSpec::Single("PhoneNumber"),
        kind: Kind::Endpoint,
        cli: Some("update-number-mode"),
    },
    OperationSpec {
        name: "whitelist_ip",
        summary: "Whitelists an IPv4 address or range on a trunk.",
        doc: "",
        http: http(Method::Post, "/trunks/{trunk_sid}/whitelisted-ips"),
        input: "WhitelistIp",
        fields: &[TRUNK_SID_PATH, IP, MASK],
        result: ResultSpec::Single("WhitelistedIp"),
        kind: Kind::Endpoint,
        cli: Some("whitelist-ip"),
    },
    OperationSpec {
        name: "add_destinations",
        summary: "Adds destination URIs, where inbound calls go.",
        doc: "The server answers per item (HTTP 207): if any item failed, the call fails with a partial-failure error that carries the items created.",
        http: http(Method::Post, "/trunks/{trunk_sid}/destination-uris"),
        input: "AddDestinations",
        fields: &[TRUNK_SID_PATH, DESTINATIONS],
        result: ResultSpec::Batch {
            item: "DestinationUri",
            batch: "DestinationBatch",
        },
        kind: Kind::Endpoint,
        cli: Some("add-destinations"),
    },
    OperationSpec {
        name: "set_trunk_settings",
        summary: "Applies trunk settings, such as the caller-ID alias.",
        doc: "Answered per item (HTTP 207), like Add Destinations.",
        http: http(Method::Post, "/trunks/{trunk_sid}/settings"),
        input: "SetTrunkSettings",
        fields: &[
            TRUNK_SID_PATH,
            field(
                "settings",
                FieldType::Settings,
                Location::Body,
                &["non_empty_list", "setting"],
                "Settings to apply, in order (`trunk_external_alias` must be E.164).",
            ),
        ],
        result: ResultSpec::Batch {
            item: "TrunkSetting",
            batch: "SettingBatch",
        },
        kind: Kind::Endpoint,
        cli: Some("set-settings"),
    },
    OperationSpec {
        name: "get_trunk_credentials",
        summary: "Reads a trunk's credentials sub-resource as raw JSON.",
        doc: "Its shape is not documented by the reference.",
        http: http(Method::Get, "/trunks/{trunk_sid}/credentials"),
        input: "GetTrunkCredentials",
        fields: &[TRUNK_SID_PATH],
        result: ResultSpec::Json,
        kind: Kind::Endpoint,
        cli: Some("credentials"),
    },
    OperationSpec {
        name: "list_phone_numbers",
        summary: "Every phone number mapped to a trunk.",
        doc: "",
        http: http(Method::Get, "/trunks/{trunk_sid}/phone-numbers"),
        input: "ListQuery",
        fields: LIST_FIELDS,
        result: ResultSpec::Page {
            item: "PhoneNumber",
            page: "PhoneNumberPage",
        },
        kind: Kind::Endpoint,
        cli: Some("list-numbers"),
    },
    OperationSpec {
        name: "list_whitelisted_ips",
        summary: "Every IP range whitelisted on a trunk.",
        doc: "",
        http: http(Method::Get, "/trunks/{trunk_sid}/whitelisted-ips"),
        input: "ListQuery",
        fields: LIST_FIELDS,
        result: ResultSpec::Page {
            item: "WhitelistedIp",
            page: "WhitelistedIpPage",
        },
        kind: Kind::Endpoint,
        cli: Some("list-ips"),
    },
    OperationSpec {
        name: "list_destinations",
        summary: "Every destination URI of a trunk.",
        doc: "",
        http: http(Method::Get, "/trunks/{trunk_sid}/destination-uris"),
        input: "ListQuery",
        fields: LIST_FIELDS,
        result: ResultSpec::Page {
            item: "DestinationUri",
            page: "DestinationUriPage",
        },
        kind: Kind::Endpoint,
        cli: Some("list-destinations"),
    },
    OperationSpec {
        name: "set_caller_id_alias",
        summary: "Sets the caller ID shown on the trunk's outbound calls.",
        doc: "The `trunk_external_alias` setting, through Set Trunk Settings.",
        http: None,
        input: "SetTrunkSettings",
        fields: &[TRUNK_SID_PATH, PHONE_NUMBER],
        result: ResultSpec::Batch {
            item: "TrunkSetting",
            batch: "SettingBatch",
        },
        kind: Kind::Custom,
        cli: Some("set-alias"),
    },
    OperationSpec {
        name: "ensure_trunk",
        summary: "Creates the trunk, or confirms the one whose SID an earlier run recorded.",
        doc: "Trunks cannot be listed: keep the SID a run returns and pass it back as `recorded_sid`.",
        http: None,
        input: "CreateTrunk",
        fields: &[
            TRUNK_NAME,
            NSO_CODE,
            DOMAIN_NAME,
            optional(
                "recorded_sid",
                FieldType::Text,
                Location::Local,
                None,
                &["trunk_sid"],
                "The SID an earlier run recorded for this trunk.",
            ),
        ],
        result: ResultSpec::Custom("EnsuredTrunk"),
        kind: Kind::Custom,
        cli: None,
    },
    OperationSpec {
        name: "ensure_phone_number",
        summary: "Maps the number unless it already is, switching its mode if needed.",
        doc: "Never maps twice: a duplicate answer is read as \"it exists\".",
        http: None,
        input: "MapPhoneNumber",
        fields: &[TRUNK_SID_PATH, PHONE_NUMBER, MODE],
        result: ResultSpec::Custom("EnsuredPhoneNumber"),
        kind: Kind::Custom,
        cli: None,
    },
    OperationSpec {
        name: "ensure_whitelisted_ip",
        summary: "Whitelists the IP unless it already is.",
        doc: "",
        http: None,
        input: "WhitelistIp",
        fields: &[TRUNK_SID_PATH, IP, MASK],
        result: ResultSpec::Custom("EnsuredWhitelistedIp"),
        kind: Kind::Custom,
        cli: None,
    },
    OperationSpec {
        name: "ensure_destinations",
        summary: "Adds the destinations the trunk lacks; one entry per requested destination.",
        doc: "It lists first: posting a destination that exists would add a second row.",
        http: None,
        input: "AddDestinations",
        fields: &[TRUNK_SID_PATH, DESTINATIONS],
        result: ResultSpec::Custom("EnsuredDestination"),
        kind: Kind::Custom,
        cli: None,
    },
    OperationSpec {
        name: "map_phone_numbers",
        summary: "Ensures every number is mapped to the trunk; one outcome per number, in order.",
        doc: "A failed item does not stop the others.",
        http: None,
        input: "MapPhoneNumber",
        fields: &[
            TRUNK_SID_PATH,
            field(
                "phone_numbers",
                FieldType::TextList,
                Location::Local,
                &["e164"],
                "The numbers, E.164.",
            ),
            MODE,
            CONCURRENCY,
        ],
        result: ResultSpec::Custom("BulkPhoneNumber"),
        kind: Kind::Custom,
        cli: None,
    },
    OperationSpec {
        name: "whitelist_ips",
        summary: "Ensures every IP is whitelisted on the trunk; one outcome per IP, in order.",
        doc: "A failed item does not stop the others.",
        http: None,
        input: "WhitelistIp",
        fields: &[
            TRUNK_SID_PATH,
            field(
                "ips",
                FieldType::TextList,
                Location::Local,
                &["ipv4"],
                "The IPv4 addresses.",
            ),
            MASK,
            CONCURRENCY,
        ],
        result: ResultSpec::Custom("BulkWhitelistedIp"),
        kind: Kind::Custom,
        cli: None,
    },
];
