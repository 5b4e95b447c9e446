//! Plain HTTP data exchanged with a [`Transport`](crate::Transport).
//!
//! These types cross every FFI boundary, so they hold no tuples and no maps: a
//! header is a `{ name, value }` record and order is kept.

use std::fmt;

/// HTTP method of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The upper-case method name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One HTTP header.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Header {
    /// Header name as written by the builder (compare case-insensitively).
    pub name: String,
    /// Header value.
    pub value: String,
}

impl Header {
    /// Builds a header from a name and a value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }

    fn is_sensitive(&self) -> bool {
        self.name.eq_ignore_ascii_case("authorization")
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_sensitive() {
            write!(
                f,
                "{}: {}",
                self.name,
                crate::redact::REDACTED_AUTHORIZATION
            )
        } else {
            write!(f, "{}: {}", self.name, self.value)
        }
    }
}

/// Finds a header by name, case-insensitively.
pub fn find_header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// A fully built request, ready for a transport.
///
/// Its `Debug` form (and every binding's string form) shows the `Authorization`
/// value redacted, and `Debug` the body's length only; credentials are never
/// part of `url`.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HttpRequest {
    /// HTTP method.
    pub method: Method,
    /// Absolute URL with path and query already percent-encoded.
    pub url: String,
    /// Headers in the order they should be sent.
    pub headers: Vec<Header>,
    /// JSON body, if any.
    pub body: Option<String>,
    /// Time the transport may spend on this request, sending and reading included.
    pub timeout_ms: u32,
}

impl HttpRequest {
    /// The value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &self.body.as_ref().map(|b| Bytes(b.len())))
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// A body in a `Debug` form: its length only. A body may carry a secret the
/// caller sent (a password, a token pasted into a field): it is never shown.
struct Bytes(usize);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// A response as the transport received it. Every HTTP status is a response,
/// never a transport error: status policy lives in the core.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: Vec<Header>,
    /// Body decoded as UTF-8 (lossily if it was not).
    pub body: String,
}

impl HttpResponse {
    /// Builds a response.
    pub fn new(status: u16, headers: Vec<Header>, body: impl Into<String>) -> Self {
        HttpResponse {
            status,
            headers,
            body: body.into(),
        }
    }

    /// The value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// Percent-encodes one path segment or query value: everything but RFC 3986
/// unreserved characters is escaped.
pub fn encode_component(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(hex_digit(byte >> 4));
            out.push(hex_digit(byte & 0x0f));
        }
    }
    out
}

fn hex_digit(nibble: u8) -> char {
    char::from(if nibble < 10 {
        b'0' + nibble
    } else {
        b'A' + nibble - 10
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_characters() {
        assert_eq!(encode_component("a b/c?d"), "a%20b%2Fc%3Fd");
        assert_eq!(encode_component("tr-1_2.3~"), "tr-1_2.3~");
        assert_eq!(encode_component("é"), "%C3%A9");
    }

    #[test]
    fn debug_redacts_authorization() {
        let req = HttpRequest {
            method: Method::Get,
            url: "https://api.exotel.com/v2".into(),
            headers: vec![
                Header::new("Authorization", "Basic c2VjcmV0"),
                Header::new("Accept", "application/json"),
            ],
            body: None,
            timeout_ms: 1,
        };
        let shown = format!("{req:?}");
        assert!(!shown.contains("c2VjcmV0"), "{shown}");
        assert!(shown.contains("Accept: application/json"), "{shown}");
    }
}
