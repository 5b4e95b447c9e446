//! What the CLI prints: aligned tables for people, JSON for programs, errors on
//! stderr, and the exit code each error kind maps to.

use std::fmt::Write as _;

use exotel_sip::{
    Batch, CreatedItem, DeletedTrunk, DestinationUri, Error, ErrorKind, Mode, Page, PhoneNumber,
    Trunk, TrunkSetting, WhitelistedIp,
};
use serde::Serialize;
use serde_json::Value;

/// Exit codes: one per kind of failure, so scripts can tell them apart.
pub mod exit {
    /// Success.
    #[allow(dead_code)] // listed for completeness: ExitCode::SUCCESS is used
    pub const OK: u8 = 0;
    /// Anything else: an internal error, the embedded sandbox could not start, …
    pub const OTHER: u8 = 1;
    /// Bad command line (unknown flag, missing argument); clap's own code.
    #[allow(dead_code)] // listed for completeness: clap exits with it itself
    pub const USAGE: u8 = 2;
    /// Input or configuration broke a rule (missing credentials, trunk name too
    /// long, …); nothing was sent.
    pub const VALIDATION: u8 = 3;
    /// The API answered with an error: authentication, not found, duplicate,
    /// rate limited, partial failure, any other API error.
    pub const API: u8 = 4;
    /// No usable answer: connection failed, timed out, the body was not an
    /// Exotel envelope (HTML from a proxy, truncated, …), or the outcome of a
    /// sent request is unknown.
    pub const TRANSPORT: u8 = 5;
}

/// The exit code for an SDK error.
pub fn exit_code(err: &Error) -> u8 {
    match err.kind() {
        ErrorKind::Validation => exit::VALIDATION,
        ErrorKind::Authentication
        | ErrorKind::NotFound
        | ErrorKind::Duplicate
        | ErrorKind::RateLimited
        | ErrorKind::Api
        | ErrorKind::PartialFailure => exit::API,
        ErrorKind::Timeout
        | ErrorKind::Transport
        | ErrorKind::Decode
        | ErrorKind::OutcomeUnknown => exit::TRANSPORT,
        ErrorKind::Internal => exit::OTHER,
    }
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// An error of the SDK (carries its own exit code).
    Sdk(Error),
    /// Something outside the SDK (exit code 1).
    Other(String),
    /// Already reported on stderr; exit with this code.
    Printed(u8),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Sdk(err)
    }
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Sdk(err) => exit_code(err),
            Failure::Other(_) => exit::OTHER,
            Failure::Printed(code) => *code,
        }
    }

    /// The error as JSON: the SDK's serialized error (tagged with `kind`).
    pub fn to_json(&self) -> Value {
        match self {
            Failure::Sdk(err) => serde_json::to_value(err).unwrap_or_else(
                |_| serde_json::json!({ "kind": "internal", "detail": err.to_string() }),
            ),
            Failure::Other(detail) => serde_json::json!({ "kind": "other", "detail": detail }),
            Failure::Printed(_) => Value::Null,
        }
    }

    /// The error for people: what happened, then any detail worth a line.
    pub fn to_text(&self) -> String {
        match self {
            Failure::Sdk(err) => describe_error(err),
            Failure::Other(detail) => format!("error: {detail}"),
            Failure::Printed(_) => String::new(),
        }
    }
}

/// Prints a failure on stderr (as `{"error": …}` with `--json`).
pub fn print_failure(failure: &Failure, json: bool, extra: Option<(&str, Value)>) {
    if matches!(failure, Failure::Printed(_)) {
        return;
    }
    if json {
        let mut doc = serde_json::Map::new();
        doc.insert("error".into(), failure.to_json());
        if let Some((name, value)) = extra {
            doc.insert(name.into(), value);
        }
        eprintln!("{}", pretty(&Value::Object(doc)));
    } else {
        eprintln!("{}", failure.to_text());
    }
}

fn describe_error(err: &Error) -> String {
    let mut out = match err {
        Error::Validation {
            field,
            rule,
            value,
            detail,
        } if rule == "required" && value.is_empty() => format!("error: missing {field}: {detail}"),
        _ => format!("error: {err}"),
    };
    match err {
        Error::PartialFailure {
            created, failed, ..
        } => {
            for item in created {
                let shown = match item {
                    CreatedItem::Destination { item } => {
                        format!("{} (id {})", item.destination, item.id)
                    }
                    CreatedItem::Setting { item } => format!("{} = {}", item.name, item.value),
                };
                let _ = write!(out, "\n  created: {shown}");
            }
            for item in failed {
                let code = item.code.map(|c| format!(", code {c}")).unwrap_or_default();
                let _ = write!(
                    out,
                    "\n  failed:  [{}] {} — {} (status {}{code})",
                    item.index, item.item, item.description, item.status
                );
            }
        }
        Error::Authentication { .. } => {
            out.push_str(
                "\n  hint: check --api-key, --api-token and --account-sid (or EXOTEL_API_KEY, \
                 EXOTEL_API_TOKEN, EXOTEL_ACCOUNT_SID) and the region",
            );
        }
        Error::RateLimited {
            retry_after_ms: Some(ms),
            ..
        } => {
            let _ = write!(out, "\n  retry after: {ms} ms");
        }
        _ => {}
    }
    if let Some(request_id) = err.request_id() {
        let _ = write!(
            out,
            "\n  request id: {request_id} (quote it to Exotel support)"
        );
    }
    out
}

/// Pretty JSON (never fails for the values printed here).
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
}

/// An aligned plain-text table.
#[derive(Debug, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers.
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells print empty).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table, each line indented by `indent`.
    pub fn render(&self, indent: &str) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                match widths.get_mut(i) {
                    Some(w) => *w = (*w).max(width(cell)),
                    None => widths.push(width(cell)),
                }
            }
        }
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut text = String::from(indent);
            for (i, w) in widths.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                text.push_str(cell);
                if i + 1 < widths.len() {
                    text.push_str(&" ".repeat(w.saturating_sub(width(cell)) + 2));
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&self.headers, &mut out);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&rule, &mut out);
        for row in &self.rows {
            line(row, &mut out);
        }
        out
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// `name  value` lines, names aligned.
pub fn fields(pairs: &[(&str, String)], indent: &str) -> String {
    let w = pairs.iter().map(|(name, _)| width(name)).max().unwrap_or(0);
    let mut out = String::new();
    for (name, value) in pairs {
        let _ = writeln!(out, "{indent}{name:<w$}  {value}");
    }
    out
}

/// An optional field as text (`-` when absent).
pub fn opt<T: ToString>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map_or_else(|| "-".to_owned(), ToString::to_string)
}

/// A mode as text; the server's `null` routes as PSTN.
pub fn mode(mode: &Mode) -> String {
    match mode.as_wire() {
        Some(value) => value.to_owned(),
        None => "null (routes as pstn)".to_owned(),
    }
}

/// `ip/mask`.
pub fn cidr(ip: &WhitelistedIp) -> String {
    match ip.mask {
        Some(mask) => format!("{}/{mask}", ip.ip),
        None => ip.ip.clone(),
    }
}

/// Something the CLI can show as text.
pub trait Render {
    /// The text shown without `--json`.
    fn render(&self) -> String;
}

impl Render for Trunk {
    fn render(&self) -> String {
        fields(
            &[
                ("trunk_sid", self.trunk_sid.clone()),
                ("trunk_name", opt(&self.trunk_name)),
                ("status", opt(&self.status)),
                ("domain_name", opt(&self.domain_name)),
                ("nso_code", opt(&self.nso_code)),
                ("auth_type", opt(&self.auth_type)),
                ("secure_trunking", opt(&self.secure_trunking)),
                ("date_created", opt(&self.date_created)),
                ("date_updated", opt(&self.date_updated)),
            ],
            "",
        )
    }
}

impl Render for DeletedTrunk {
    fn render(&self) -> String {
        match &self.trunk {
            Some(trunk) => format!("deleted\n{}", trunk.render()),
            None => format!(
                "deleted {} (an earlier attempt deleted it; the retry found it gone)\n",
                self.trunk_sid
            ),
        }
    }
}

impl Render for PhoneNumber {
    fn render(&self) -> String {
        fields(
            &[
                ("id", self.id.clone()),
                ("phone_number", self.phone_number.clone()),
                ("mode", mode(&self.mode)),
                ("trunk_sid", opt(&self.trunk_sid)),
                ("date_created", opt(&self.date_created)),
                ("date_updated", opt(&self.date_updated)),
            ],
            "",
        )
    }
}

impl Render for WhitelistedIp {
    fn render(&self) -> String {
        fields(
            &[
                ("id", self.id.clone()),
                ("ip", cidr(self)),
                ("trunk_sid", opt(&self.trunk_sid)),
                ("friendly_name", opt(&self.friendly_name)),
                ("date_created", opt(&self.date_created)),
            ],
            "",
        )
    }
}

/// A resource shown as one table row.
pub trait Row {
    /// Column headers.
    const HEADERS: &'static [&'static str];
    /// What a list of them is called (`phone numbers`).
    const NOUN: &'static str;
    /// The cells.
    fn cells(&self) -> Vec<String>;
}

impl Row for PhoneNumber {
    const HEADERS: &'static [&'static str] = &["ID", "PHONE NUMBER", "MODE", "CREATED"];
    const NOUN: &'static str = "phone numbers";
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.phone_number.clone(),
            mode(&self.mode),
            opt(&self.date_created),
        ]
    }
}

impl Row for WhitelistedIp {
    const HEADERS: &'static [&'static str] = &["ID", "IP/MASK", "NAME", "CREATED"];
    const NOUN: &'static str = "whitelisted IPs";
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            cidr(self),
            opt(&self.friendly_name),
            opt(&self.date_created),
        ]
    }
}

impl Row for DestinationUri {
    const HEADERS: &'static [&'static str] =
        &["ID", "DESTINATION", "TYPE", "PRIORITY", "WEIGHT", "CREATED"];
    const NOUN: &'static str = "destinations";
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.destination.clone(),
            opt(&self.destination_type),
            opt(&self.priority),
            opt(&self.weight),
            opt(&self.date_created),
        ]
    }
}

impl Row for TrunkSetting {
    const HEADERS: &'static [&'static str] = &["NAME", "VALUE", "UPDATED"];
    const NOUN: &'static str = "settings";
    fn cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.value.clone(),
            opt(&self.date_updated),
        ]
    }
}

/// Items as a table (or a line saying there are none).
pub fn rows<R: Row>(items: &[R], indent: &str) -> String {
    if items.is_empty() {
        return format!("{indent}(no {})\n", R::NOUN);
    }
    let mut table = Table::new(R::HEADERS);
    for item in items {
        table.row(item.cells());
    }
    table.render(indent)
}

impl<R: Row> Render for Page<R> {
    fn render(&self) -> String {
        let mut out = rows(&self.items, "");
        if let Some(next) = &self.metadata.next_page_uri {
            let offset = query_value(next, "offset")
                .map(|o| format!(" (--offset {o})"))
                .unwrap_or_default();
            let _ = writeln!(out, "more: next page{offset}; --all lists every page");
        }
        out
    }
}

impl<R: Row> Render for Batch<R> {
    fn render(&self) -> String {
        let mut out = rows(&self.items, "");
        let m = &self.metadata;
        if m.total.is_some() || m.success.is_some() {
            let _ = writeln!(
                out,
                "total {}, success {}, failed {}",
                opt(&m.total),
                opt(&m.success),
                m.failed.unwrap_or(0)
            );
        }
        out
    }
}

impl Render for Value {
    fn render(&self) -> String {
        match self {
            Value::Object(map) => {
                let pairs: Vec<(&str, String)> = map
                    .iter()
                    .map(|(name, value)| {
                        let shown = match value {
                            Value::String(s) => s.clone(),
                            Value::Null => "-".to_owned(),
                            other => other.to_string(),
                        };
                        (name.as_str(), shown)
                    })
                    .collect();
                fields(&pairs, "")
            }
            other => format!("{}\n", pretty(other)),
        }
    }
}

/// Every item of every page (`--all`).
#[derive(Debug, Serialize)]
pub struct AllItems<R> {
    /// The items, in server order.
    pub items: Vec<R>,
}

impl<R: Row> Render for AllItems<R> {
    fn render(&self) -> String {
        let mut out = rows(&self.items, "");
        let _ = writeln!(out, "{} {}", self.items.len(), R::NOUN);
        out
    }
}

/// A value of a URI's query, e.g. `offset` of `...?offset=50&page_size=50`.
pub fn query_value<'a>(uri: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = uri.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then_some(value)
    })
}

/// Prints a result: JSON with `--json`, else its text form.
pub fn print_result<T: Serialize + Render>(value: &T, json: bool) {
    if json {
        println!("{}", pretty(value));
    } else {
        print!("{}", value.render());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align() {
        let mut table = Table::new(&["ID", "NAME"]);
        table.row(vec!["1".into(), "short".into()]);
        table.row(vec!["12345".into(), "x".into()]);
        assert_eq!(
            table.render(""),
            "ID     NAME\n-----  -----\n1      short\n12345  x\n"
        );
    }

    #[test]
    fn query_values() {
        let uri = "/v2/accounts/a/trunks/t/phone-numbers?offset=50&page_size=50";
        assert_eq!(query_value(uri, "offset"), Some("50"));
        assert_eq!(query_value(uri, "page_size"), Some("50"));
        assert_eq!(query_value(uri, "x"), None);
        assert_eq!(query_value("/no/query", "offset"), None);
    }

    #[test]
    fn every_kind_has_its_exit_code() {
        let validation = Error::Validation {
            field: "f".into(),
            rule: "r".into(),
            value: String::new(),
            detail: String::new(),
        };
        assert_eq!(exit_code(&validation), exit::VALIDATION);
        assert_eq!(
            exit_code(&Error::Timeout { timeout_ms: 1 }),
            exit::TRANSPORT
        );
        assert_eq!(
            exit_code(&Error::Internal {
                detail: String::new()
            }),
            exit::OTHER
        );
        let not_found = Error::NotFound {
            status: 404,
            code: Some(1000),
            description: String::new(),
            request_id: None,
        };
        assert_eq!(exit_code(&not_found), exit::API);
    }
}
