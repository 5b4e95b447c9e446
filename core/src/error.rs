//! The error contract: one enum, every kind of failure, each with plain fields.
//!
//! Every binding maps these variants once to its idiom (see the root README's
//! error table). No field is named `message`: it clashes with `Throwable.message`
//! in Kotlin. Nothing here ever holds a secret: values and snippets are redacted
//! before they get in.

use serde::Serialize;

use crate::models::{DestinationUri, TrunkSetting};

/// Why a transport could not deliver a request or read its response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TransportErrorKind {
    /// Nothing was sent (DNS, refused or failed connection, TLS handshake): safe to retry.
    Connect,
    /// The transport gave up after the request's `timeout_ms`.
    Timeout,
    /// The request may have reached the server, then the connection failed.
    IoAfterSend,
    /// The host cancelled the call.
    Cancelled,
}

impl TransportErrorKind {
    /// The kind's snake_case name, as in the vectors and every binding.
    pub fn as_str(self) -> &'static str {
        match self {
            TransportErrorKind::Connect => "connect",
            TransportErrorKind::Timeout => "timeout",
            TransportErrorKind::IoAfterSend => "io_after_send",
            TransportErrorKind::Cancelled => "cancelled",
        }
    }
}

/// What a [`Transport`](crate::Transport) returns when no HTTP response was read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("transport error ({}): {}", kind.as_str(), OneLine(detail))]
pub struct TransportError {
    /// What went wrong.
    pub kind: TransportErrorKind,
    /// Human-readable detail; must not contain secrets.
    pub detail: String,
}

impl TransportError {
    /// Builds a transport error.
    pub fn new(kind: TransportErrorKind, detail: impl Into<String>) -> Self {
        TransportError {
            kind,
            detail: detail.into(),
        }
    }
}

/// One failed item of a batch call (a 207 Multi-Status answer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ItemFailure {
    /// Position of the item in the request.
    pub index: u32,
    /// The item as it was sent (a destination URI or a setting name).
    pub item: String,
    /// Status of the item (its `code`), e.g. 400.
    pub status: u16,
    /// Exotel error code, e.g. 1002.
    pub code: Option<u32>,
    /// Server description, e.g. `Destination not whitelisted`.
    pub description: String,
}

/// An item a batch call created before another item failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CreatedItem {
    /// A destination URI that was added.
    Destination {
        /// The destination as the server returned it.
        item: DestinationUri,
    },
    /// A trunk setting that was applied.
    Setting {
        /// The setting as the server returned it.
        item: TrunkSetting,
    },
}

// Serialized as the bare resource, as the server returned it.
impl Serialize for CreatedItem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CreatedItem::Destination { item } => item.serialize(serializer),
            CreatedItem::Setting { item } => item.serialize(serializer),
        }
    }
}

/// Every way an SDK call can fail. See the root README for the table of kinds
/// and the class each language maps them to.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Error))]
pub enum Error {
    /// Input broke a rule of the API; raised before any request exists.
    #[error(
        "invalid {field}: {detail} (rule `{rule}`, value \"{}\")",
        Escaped(value)
    )]
    Validation {
        /// Wire path of the field, e.g. `destinations[1].destination`.
        field: String,
        /// Stable rule id, e.g. `max_length`.
        rule: String,
        /// The offending value (a secret is never echoed).
        value: String,
        /// What the rule requires.
        detail: String,
    },
    /// Wrong or missing credentials (HTTP 401, Exotel code 1010).
    #[error("authentication failed (HTTP {status}): {}", OneLine(description))]
    Authentication {
        /// HTTP status.
        status: u16,
        /// Exotel code, if the body had one.
        code: Option<u32>,
        /// Server description.
        description: String,
        /// Envelope `request_id`.
        request_id: Option<String>,
    },
    /// Unknown resource: 404 / 1000, or 403 / 1003 for a trunk SID that does not
    /// exist or belongs to another account.
    #[error("not found (HTTP {status}, {}): {}", Code(*code), OneLine(description))]
    NotFound {
        /// HTTP status (404 or 403).
        status: u16,
        /// Exotel code (1000 or 1003).
        code: Option<u32>,
        /// Server description.
        description: String,
        /// Envelope `request_id`.
        request_id: Option<String>,
    },
    /// The resource already exists (1008), also when it arrives as HTTP 200 with
    /// an inner 409: never a success.
    #[error(
        "duplicate resource (HTTP {status}, {}): {}",
        Code(*code),
        OneLine(description)
    )]
    Duplicate {
        /// HTTP status: 409, or 200 for the inner-409 form.
        status: u16,
        /// Exotel code (1008).
        code: Option<u32>,
        /// Server description.
        description: String,
        /// Envelope `request_id`.
        request_id: Option<String>,
    },
    /// Too many requests (HTTP 429).
    #[error("rate limited (HTTP {status}){}", RetryAfter(*retry_after_ms))]
    RateLimited {
        /// HTTP status (429).
        status: u16,
        /// Exotel code, if any.
        code: Option<u32>,
        /// Server description, if any.
        description: String,
        /// Envelope `request_id`.
        request_id: Option<String>,
        /// `Retry-After` in milliseconds, when the server sent one.
        retry_after_ms: Option<u64>,
    },
    /// Any other error answer of the API; unknown codes are kept as they are.
    #[error("API error (HTTP {status}, {}): {}", Code(*code), OneLine(description))]
    Api {
        /// HTTP status.
        status: u16,
        /// Exotel code, or `None` when the body had none.
        code: Option<u32>,
        /// The envelope's short error title (its `message` field).
        summary: Option<String>,
        /// Server description.
        description: String,
        /// Envelope `request_id`.
        request_id: Option<String>,
    },
    /// A batch call applied some items and failed others (HTTP 207). The call
    /// fails so nothing is silently dropped; both lists are kept.
    #[error("{} of {} items failed", failed.len(), failed.len() + created.len())]
    PartialFailure {
        /// HTTP status (207 or 200).
        status: u16,
        /// Items that were created.
        created: Vec<CreatedItem>,
        /// Items that failed, with their codes.
        failed: Vec<ItemFailure>,
        /// Envelope `request_id`.
        request_id: Option<String>,
    },
    /// The call's deadline passed.
    #[error("timed out after {timeout_ms} ms")]
    Timeout {
        /// The deadline that passed, in milliseconds.
        timeout_ms: u64,
    },
    /// The transport failed; `kind` says whether the request was sent.
    #[error("transport error ({}): {}", kind.as_str(), OneLine(detail))]
    Transport {
        /// What failed (serialized as `transport_kind`: `kind` names the error kind).
        #[serde(rename = "transport_kind")]
        kind: TransportErrorKind,
        /// Detail from the transport (redacted).
        detail: String,
    },
    /// The response could not be understood: empty, truncated, HTML or not an
    /// Exotel envelope.
    #[error(
        "undecodable response (HTTP {status}): {}; body starts \"{}\"",
        OneLine(detail),
        Escaped(snippet)
    )]
    Decode {
        /// HTTP status.
        status: u16,
        /// A short, redacted start of the body.
        snippet: String,
        /// What was wrong with it.
        detail: String,
    },
    /// A create was sent and its outcome cannot be established: its response was
    /// lost and the resource cannot be found by listing, or (trunks, which the
    /// API cannot list) a trunk of that name exists but its SID was not recorded.
    #[error("outcome unknown for {operation}: {}", OneLine(detail))]
    OutcomeUnknown {
        /// The operation, e.g. `create_trunk`.
        operation: String,
        /// What is known and what to do.
        detail: String,
    },
    /// A bug in the SDK; please report it.
    #[error("internal error: {}", OneLine(detail))]
    Internal {
        /// What happened.
        detail: String,
    },
}

/// The kinds of [`Error`], as named in the vectors and every binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ErrorKind {
    /// [`Error::Validation`]
    Validation,
    /// [`Error::Authentication`]
    Authentication,
    /// [`Error::NotFound`]
    NotFound,
    /// [`Error::Duplicate`]
    Duplicate,
    /// [`Error::RateLimited`]
    RateLimited,
    /// [`Error::Api`]
    Api,
    /// [`Error::PartialFailure`]
    PartialFailure,
    /// [`Error::Timeout`]
    Timeout,
    /// [`Error::Transport`]
    Transport,
    /// [`Error::Decode`]
    Decode,
    /// [`Error::OutcomeUnknown`]
    OutcomeUnknown,
    /// [`Error::Internal`]
    Internal,
}

impl ErrorKind {
    /// The snake_case name used in vectors and events.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Authentication => "authentication",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Duplicate => "duplicate",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Api => "api",
            ErrorKind::PartialFailure => "partial_failure",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Transport => "transport",
            ErrorKind::Decode => "decode",
            ErrorKind::OutcomeUnknown => "outcome_unknown",
            ErrorKind::Internal => "internal",
        }
    }
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation { .. } => ErrorKind::Validation,
            Error::Authentication { .. } => ErrorKind::Authentication,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Duplicate { .. } => ErrorKind::Duplicate,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Api { .. } => ErrorKind::Api,
            Error::PartialFailure { .. } => ErrorKind::PartialFailure,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::OutcomeUnknown { .. } => ErrorKind::OutcomeUnknown,
            Error::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// HTTP status of the response this error came from, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Authentication { status, .. }
            | Error::NotFound { status, .. }
            | Error::Duplicate { status, .. }
            | Error::RateLimited { status, .. }
            | Error::Api { status, .. }
            | Error::PartialFailure { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Exotel error code, if the response carried one.
    pub fn code(&self) -> Option<u32> {
        match self {
            Error::Authentication { code, .. }
            | Error::NotFound { code, .. }
            | Error::Duplicate { code, .. }
            | Error::RateLimited { code, .. }
            | Error::Api { code, .. } => *code,
            _ => None,
        }
    }

    /// Envelope `request_id`, if the response carried one (quote it to Exotel support).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Authentication { request_id, .. }
            | Error::NotFound { request_id, .. }
            | Error::Duplicate { request_id, .. }
            | Error::RateLimited { request_id, .. }
            | Error::Api { request_id, .. }
            | Error::PartialFailure { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The error with every text it carries redacted of the `redactor`'s secrets.
    pub fn redacted(mut self, redactor: &crate::redact::Redactor) -> Self {
        // In place, one arm per set of fields: small in the WebAssembly build.
        let fix = |text: &mut String| redactor.redact_in_place(text);
        match &mut self {
            Error::Validation {
                field,
                value,
                detail,
                ..
            } => {
                fix(field);
                fix(value);
                fix(detail);
            }
            Error::Authentication {
                description,
                request_id,
                ..
            }
            | Error::NotFound {
                description,
                request_id,
                ..
            }
            | Error::Duplicate {
                description,
                request_id,
                ..
            }
            | Error::RateLimited {
                description,
                request_id,
                ..
            } => {
                fix(description);
                request_id.iter_mut().for_each(fix);
            }
            Error::Api {
                summary,
                description,
                request_id,
                ..
            } => {
                fix(description);
                summary
                    .iter_mut()
                    .chain(request_id.iter_mut())
                    .for_each(fix);
            }
            Error::PartialFailure {
                created,
                failed,
                request_id,
                ..
            } => {
                for failure in failed {
                    fix(&mut failure.description);
                    fix(&mut failure.item);
                }
                // The created items are as the server returned them: it may echo a secret too.
                for item in created {
                    let (required, optional) = match item {
                        CreatedItem::Destination { item } => (
                            [&mut item.id, &mut item.destination],
                            [
                                &mut item.destination_type,
                                &mut item.trunk_sid,
                                &mut item.date_created,
                                &mut item.date_updated,
                            ],
                        ),
                        CreatedItem::Setting { item } => (
                            [&mut item.name, &mut item.value],
                            [
                                &mut item.trunk_sid,
                                &mut item.date_created,
                                &mut item.date_updated,
                                &mut None,
                            ],
                        ),
                    };
                    required.into_iter().for_each(fix);
                    optional.into_iter().flatten().for_each(fix);
                }
                request_id.iter_mut().for_each(fix);
            }
            Error::Decode {
                snippet, detail, ..
            } => {
                fix(snippet);
                fix(detail);
            }
            Error::Transport { detail, .. }
            | Error::OutcomeUnknown { detail, .. }
            | Error::Internal { detail } => fix(detail),
            Error::Timeout { .. } => {}
        }
        self
    }

    /// A validation error.
    pub fn validation(
        field: impl Into<String>,
        rule: crate::validate::Rule,
        value: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Error::Validation {
            field: field.into(),
            rule: rule.as_str().to_owned(),
            value: value.into(),
            detail: detail.into(),
        }
    }
}

impl From<TransportError> for Error {
    fn from(err: TransportError) -> Self {
        Error::Transport {
            kind: err.kind,
            detail: err.detail,
        }
    }
}

/// An Exotel code in a message: `code 1002`, or `no code`.
struct Code(Option<u32>);

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(code) => write!(f, "code {code}"),
            None => f.write_str("no code"),
        }
    }
}

/// `; retry after N ms` when the server said when.
struct RetryAfter(Option<u64>);

impl std::fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(ms) => write!(f, "; retry after {ms} ms"),
            None => Ok(()),
        }
    }
}

/// A value quoted in a message: quotes, backslashes and control characters
/// escaped, so no input can forge lines in a log. (Not `{:?}`: its Unicode
/// tables cost the WebAssembly build several KB.)
struct Escaped<'a>(&'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape(f, self.0, true)
    }
}

/// Free text from a server or a host (a description, a detail) in a message:
/// control characters escaped, so a `\n` in it cannot start a forged log line.
struct OneLine<'a>(&'a str);

impl std::fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape(f, self.0, false)
    }
}

/// Writes `text` with control characters as `\n`, `\r`, `\t` or `\u{…}` (and,
/// when `quoted`, `"` and `\` escaped). By hand: `char::escape_default` costs
/// the WebAssembly build more.
fn escape(f: &mut std::fmt::Formatter<'_>, text: &str, quoted: bool) -> std::fmt::Result {
    use std::fmt::Write;
    for c in text.chars() {
        match c {
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            '"' | '\\' if quoted => {
                f.write_char('\\')?;
                f.write_char(c)?;
            }
            c if c.is_control() => write!(f, "\\u{{{:x}}}", u32::from(c))?,
            c => f.write_char(c)?,
        }
    }
    Ok(())
}
