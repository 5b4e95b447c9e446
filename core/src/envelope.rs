//! Reading Exotel's response envelope and turning failures into [`Error`]s.
//!
//! Every answer is wrapped:
//! `{request_id, method, http_code, [metadata], response: {code, error_data, status, data}}`,
//! with `response` an array for lists and batches. The quirks handled here, once:
//! a duplicate may arrive as HTTP 200 with an inner 409; a batch answers 207 with
//! per-item results; 401 and 429 keep their meaning whatever the body.

use serde_json::Value;

use crate::config::Credentials;
use crate::error::Error;
use crate::http::HttpResponse;
use crate::redact::snippet;
use crate::wire::{Fields, FromWire};

/// Longest body excerpt kept in a decode error.
pub const SNIPPET_CHARS: usize = 120;

/// One `{code, error_data, status, data}` block, as read.
struct RawItem {
    code: Option<u16>,
    error_data: Option<ErrorData>,
    status: Option<String>,
    data: Option<Value>,
}

fn raw_item(value: &Value) -> Result<RawItem, String> {
    let f = Fields::of(value)?;
    Ok(RawItem {
        code: f
            .opt_u32("code")?
            .map(|c| u16::try_from(c).map_err(|_| "`code` is not an HTTP status".to_owned()))
            .transpose()?,
        error_data: f.opt_model("error_data")?,
        status: f.opt_string("status")?,
        data: f.get("data").cloned(),
    })
}

/// The `error_data` of a failed item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorData {
    /// Exotel error code such as 1002.
    pub code: Option<u32>,
    /// Short title, e.g. `Invalid parameter`.
    pub message: Option<String>,
    /// Detail, e.g. `Destination not whitelisted`.
    pub description: Option<String>,
}

impl FromWire for ErrorData {
    fn from_wire(f: &Fields<'_>) -> Result<Self, String> {
        Ok(ErrorData {
            code: f.opt_u32("code")?,
            message: f.opt_string("message")?,
            description: f.opt_string("description")?,
        })
    }
}

/// One item of an envelope: its data, or its failure.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemOutcome {
    /// A successful item and its `data`.
    Success(Value),
    /// A failed item: its own status (`code`) and `error_data`.
    Failure {
        /// The item's `code`, e.g. 400.
        status: u16,
        /// Its error detail.
        error: ErrorData,
    },
}

/// A parsed envelope whose HTTP exchange succeeded well enough to read.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope<'c> {
    /// HTTP status of the response.
    pub status: u16,
    /// `request_id`, if present.
    pub request_id: Option<String>,
    /// `metadata`, if present (lists and batches).
    pub metadata: Option<Value>,
    /// Items in order; a single-resource answer has exactly one.
    pub items: Vec<ItemOutcome>,
    /// Whether `response` was an array.
    pub is_list: bool,
    /// Whose secrets the error texts built from this envelope are redacted of.
    credentials: &'c Credentials,
}

fn item_outcome(item: RawItem, http_status: u16) -> ItemOutcome {
    let failed = item.error_data.is_some()
        || item.status.as_deref() == Some("failure")
        || item.code.is_some_and(|c| c >= 300);
    match (failed, item.data) {
        (false, Some(data)) if !data.is_null() => ItemOutcome::Success(data),
        (_, _) => ItemOutcome::Failure {
            status: item.code.unwrap_or(http_status),
            error: item.error_data.unwrap_or_default(),
        },
    }
}

/// Parses the envelope of a response. A body that is not an envelope becomes an
/// [`Error::Decode`], except that 401, 429 and redirects keep their meaning.
///
/// `credentials` are only used to redact error texts: whatever the server put in
/// a description or a body, no secret of theirs reaches an [`Error`].
pub fn parse<'c>(
    response: &HttpResponse,
    credentials: &'c Credentials,
) -> Result<Envelope<'c>, Error> {
    let status = response.status;
    let read = match serde_json::from_str::<Value>(&response.body) {
        Err(err) => Err(if response.body.trim().is_empty() {
            "empty body".to_owned()
        } else {
            format!("body is not JSON ({})", err.classify_name())
        }),
        Ok(value) => read_envelope(&value, status, credentials)
            .map_err(|_| "JSON is not an Exotel envelope".to_owned()),
    };
    read.map_err(|detail| match status {
        401 | 429 | 300..=399 => {
            classify(response, status, &ErrorData::default(), None, credentials)
        }
        _ => Error::Decode {
            status,
            snippet: snippet(&response.body, SNIPPET_CHARS, &credentials.redactor()),
            detail,
        },
    })
}

/// `{request_id, metadata, response}` with `response` one item or an array of them.
fn read_envelope<'c>(
    value: &Value,
    status: u16,
    credentials: &'c Credentials,
) -> Result<Envelope<'c>, String> {
    let f = Fields::of(value)?;
    let (items, is_list) = match f.get("response") {
        Some(Value::Array(items)) => (
            items.iter().map(raw_item).collect::<Result<Vec<_>, _>>()?,
            true,
        ),
        Some(item) => (vec![raw_item(item)?], false),
        None => return Err("missing field `response`".to_owned()),
    };
    Ok(Envelope {
        status,
        request_id: f.opt_string("request_id")?,
        metadata: f.get("metadata").cloned(),
        items: items.into_iter().map(|i| item_outcome(i, status)).collect(),
        is_list,
        credentials,
    })
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "truncated",
        }
    }
}

/// Turns a failed answer into its [`Error`] kind.
///
/// `item_status` is the inner `code` of the failed item (409 in the duplicate
/// quirk), `error` its `error_data`. The outer status decides first: a 401 is
/// an authentication failure and a 429 a rate limit whatever the body says.
/// Every text is redacted of the `credentials`' secrets (a server or proxy may
/// echo them).
pub fn classify(
    response: &HttpResponse,
    item_status: u16,
    error: &ErrorData,
    request_id: Option<String>,
    credentials: &Credentials,
) -> Error {
    classify_raw(response, item_status, error, request_id).redacted(&credentials.redactor())
}

fn classify_raw(
    response: &HttpResponse,
    item_status: u16,
    error: &ErrorData,
    request_id: Option<String>,
) -> Error {
    let status = response.status;
    let code = error.code;
    let description = error
        .description
        .clone()
        .or_else(|| error.message.clone())
        .unwrap_or_else(|| default_description(status, item_status, response));
    if status == 401 {
        Error::Authentication {
            status,
            code,
            description,
            request_id,
        }
    } else if status == 429 {
        Error::RateLimited {
            status,
            code,
            description,
            request_id,
            retry_after_ms: retry_after_ms(response),
        }
    } else if code == Some(1008) || item_status == 409 || status == 409 {
        Error::Duplicate {
            status,
            code,
            description,
            request_id,
        }
    } else if code == Some(1010) {
        Error::Authentication {
            status,
            code,
            description,
            request_id,
        }
    } else if item_status == 429 {
        Error::RateLimited {
            status,
            code,
            description,
            request_id,
            retry_after_ms: retry_after_ms(response),
        }
    } else if matches!(code, Some(1000) | Some(1003)) || status == 404 || item_status == 404 {
        Error::NotFound {
            status,
            code,
            description,
            request_id,
        }
    } else {
        Error::Api {
            status,
            code,
            summary: error.message.clone(),
            description,
            request_id,
        }
    }
}

fn default_description(status: u16, item_status: u16, response: &HttpResponse) -> String {
    match status {
        300..=399 => format!(
            "unexpected redirect (HTTP {status}) to {}; redirects are never followed",
            response.header("location").unwrap_or("an unknown location")
        ),
        401 => "authentication failed".to_owned(),
        429 => "too many requests".to_owned(),
        _ => format!("request failed (HTTP {status}, item code {item_status})"),
    }
}

/// `Retry-After` in milliseconds: delay-seconds, or an HTTP date measured against
/// the response's own `Date` header (no local clock is needed or trusted).
pub fn retry_after_ms(response: &HttpResponse) -> Option<u64> {
    let value = response.header("retry-after")?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds.saturating_mul(1000));
    }
    let at = parse_http_date(value)?;
    let now = parse_http_date(response.header("date")?.trim())?;
    Some(at.saturating_sub(now).saturating_mul(1000))
}

fn month_number(name: &str) -> Option<u64> {
    let at = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == name)?;
    u64::try_from(at).ok().map(|m| m + 1)
}

/// Parses an HTTP date to seconds since the epoch, in the three forms RFC 9110
/// (§5.6.7) requires recipients to accept: the IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form
/// (`Sunday, 06-Nov-94 08:49:37 GMT`; a two-digit year below 70 is 20xx) and
/// asctime's (`Sun Nov  6 08:49:37 1994`). Hand-written: a date crate would cost
/// the WebAssembly build more than these few lines.
pub fn parse_http_date(value: &str) -> Option<u64> {
    let mut parts = value.split_whitespace();
    let parts: [&str; 6] = std::array::from_fn(|_| parts.next().unwrap_or(""));
    let number = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (day, month, year, time) = match parts {
        // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
        [_, day, month, year, time, "GMT"] if year.len() == 4 => {
            (number(day)?, month_number(month)?, number(year)?, time)
        }
        // RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`.
        [_, date, time, "GMT", "", ""] => {
            let mut d = date.split('-');
            let (day, month, yy) = (d.next()?, d.next()?, d.next()?);
            if d.next().is_some() || yy.len() != 2 {
                return None;
            }
            let yy = number(yy)?;
            let year = if yy < 70 { 2000 + yy } else { 1900 + yy };
            (number(day)?, month_number(month)?, year, time)
        }
        // asctime: `Sun Nov  6 08:49:37 1994`.
        [_, month, day, time, year, ""] if year.len() == 4 => {
            (number(day)?, month_number(month)?, number(year)?, time)
        }
        _ => return None,
    };
    let mut hms = time.split(':').map(number);
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some()
        || !(1..=31).contains(&day)
        || h > 23
        || m > 59
        || s > 60
        || !(1970..=9999).contains(&year)
    {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm), valid for every year >= 1970;
    // years end at 9999 (RFC 9110's four digits), so nothing here can overflow.
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

impl Envelope<'_> {
    /// The data of a single-resource answer, or the error it carries.
    pub fn single(self, response: &HttpResponse) -> Result<Value, Error> {
        let request_id = self.request_id.clone();
        let mut items = self.items.into_iter();
        match (items.next(), items.next()) {
            (Some(ItemOutcome::Success(data)), None) if is_success(response.status) => Ok(data),
            (Some(ItemOutcome::Failure { status, error }), _) => Err(classify(
                response,
                status,
                &error,
                request_id,
                self.credentials,
            )),
            (Some(ItemOutcome::Success(_)), _) if !is_success(response.status) => Err(classify(
                response,
                response.status,
                &ErrorData::default(),
                request_id,
                self.credentials,
            )),
            _ => Err(Error::Decode {
                status: response.status,
                snippet: String::new(),
                detail: "expected exactly one resource in the envelope".to_owned(),
            }),
        }
    }

    /// The error of an answer that refused the whole call (an error answer to a
    /// list or batch is a single failed block): its first failed item, else the
    /// HTTP status alone.
    pub fn refusal(self, response: &HttpResponse) -> Error {
        let credentials = self.credentials;
        match self.items.into_iter().find_map(failure) {
            Some((status, error)) => {
                classify(response, status, &error, self.request_id, credentials)
            }
            None => classify(
                response,
                response.status,
                &ErrorData::default(),
                self.request_id,
                credentials,
            ),
        }
    }

    /// The data items of a list answer, or the error it carries.
    pub fn list(self, response: &HttpResponse) -> Result<(Vec<Value>, Option<Value>), Error> {
        if !is_success(response.status) || !self.is_list {
            return Err(self.refusal(response));
        }
        let mut data = Vec::with_capacity(self.items.len());
        for item in self.items {
            match item {
                ItemOutcome::Success(value) => data.push(value),
                ItemOutcome::Failure { status, error } => {
                    return Err(classify(
                        response,
                        status,
                        &error,
                        self.request_id,
                        self.credentials,
                    ))
                }
            }
        }
        Ok((data, self.metadata))
    }
}

fn failure(item: ItemOutcome) -> Option<(u16, ErrorData)> {
    match item {
        ItemOutcome::Failure { status, error } => Some((status, error)),
        ItemOutcome::Success(_) => None,
    }
}

/// Whether an HTTP status is a success (2xx).
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_date_parses() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date("garbage"), None);
    }

    #[test]
    fn retry_after_as_date_uses_the_response_date() {
        let resp = HttpResponse::new(
            429,
            vec![
                crate::Header::new("Retry-After", "Sun, 06 Nov 1994 08:49:40 GMT"),
                crate::Header::new("Date", "Sun, 06 Nov 1994 08:49:37 GMT"),
            ],
            "",
        );
        assert_eq!(retry_after_ms(&resp), Some(3000));
    }
}
