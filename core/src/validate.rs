//! Every input rule of the API, in one place.
//!
//! The rules come from the API reference and `server-rules.md`; each failure is
//! an [`Error::Validation`] naming the field by its wire path, a stable [`Rule`]
//! id and the offending value. The sandbox reuses these same functions, so no
//! rule exists twice. No regex: hand-written scanners keep the core small on wasm.

use crate::error::Error;

/// Stable ids of validation rules (see `tests/vectors/README.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Missing or empty.
    Required,
    /// Too long.
    MaxLength,
    /// Characters outside the allowed set.
    Charset,
    /// `domain_name` without the `.pstn.exotel.com` suffix.
    DomainSuffix,
    /// Malformed identifier or string.
    Format,
    /// Not an E.164 phone number.
    E164,
    /// Not a dotted-decimal IPv4 address.
    Ipv4,
    /// A number outside its range.
    Range,
    /// A destination host that is neither an IPv4 address nor an FQDN.
    Host,
    /// A destination transport other than `tls`, `tcp`, `udp`.
    Transport,
    /// A value outside an enumerated set.
    OneOf,
    /// A non-HTTPS base URL whose host is not loopback.
    Https,
}

impl Rule {
    /// The rule id as it appears in errors and vectors.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::MaxLength => "max_length",
            Rule::Charset => "charset",
            Rule::DomainSuffix => "domain_suffix",
            Rule::Format => "format",
            Rule::E164 => "e164",
            Rule::Ipv4 => "ipv4",
            Rule::Range => "range",
            Rule::Host => "host",
            Rule::Transport => "transport",
            Rule::OneOf => "one_of",
            Rule::Https => "https",
        }
    }
}

/// What a validator accepts, in JSON Schema's terms: the OpenAPI document's
/// constraints come from here, and `core/tests/validate_schema.rs` checks each
/// pattern against its validator on the vectors' values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accepts {
    /// A regular expression every accepted value matches.
    pub pattern: Option<&'static str>,
    /// Whether [`Accepts::pattern`] accepts exactly what the validator accepts
    /// (`false`: it only rules out part of what the validator refuses).
    pub exact: bool,
    /// Longest accepted string, in characters.
    pub max_length: Option<usize>,
    /// Smallest accepted integer.
    pub minimum: Option<u32>,
    /// Largest accepted integer.
    pub maximum: Option<u32>,
    /// The accepted values, when they are an enumeration.
    pub one_of: &'static [&'static str],
    /// A JSON Schema `format`.
    pub format: Option<&'static str>,
    /// A list validator: at least one item.
    pub non_empty: bool,
}

/// What the validator named `name` (a function of this module) accepts; the
/// default for a validator whose rule no keyword expresses.
pub fn accepts(name: &str) -> Accepts {
    let pattern = |p: &'static str| Accepts {
        pattern: Some(p),
        exact: true,
        ..Accepts::default()
    };
    match name {
        "trunk_sid" => pattern("^[A-Za-z0-9]+$"),
        "numeric_id" => pattern("^[0-9]+$"),
        "trunk_name" => Accepts {
            max_length: Some(TRUNK_NAME_MAX_LEN),
            ..pattern("^[A-Za-z0-9_]{1,16}$")
        },
        "nso_code" => pattern("^[A-Za-z0-9]+-[A-Za-z0-9]+$"),
        "domain_name" => Accepts {
            exact: false,
            ..pattern("^[A-Za-z0-9.-]+\\.pstn\\.exotel\\.com$")
        },
        "e164" => pattern("^\\+[1-9][0-9]{1,14}$"),
        "mode" => Accepts {
            one_of: &["pstn", "flow"],
            ..Accepts::default()
        },
        "ipv4" => Accepts {
            format: Some("ipv4"),
            ..pattern("^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$")
        },
        "mask" => Accepts {
            minimum: Some(*MASK_RANGE.start()),
            maximum: Some(*MASK_RANGE.end()),
            ..Accepts::default()
        },
        "page_size" => Accepts {
            minimum: Some(1),
            ..Accepts::default()
        },
        "concurrency" => Accepts {
            minimum: Some(*CONCURRENCY_RANGE.start()),
            maximum: Some(*CONCURRENCY_RANGE.end()),
            ..Accepts::default()
        },
        "non_empty_list" => Accepts {
            non_empty: true,
            ..Accepts::default()
        },
        _ => Accepts::default(),
    }
}

/// Result of one rule check.
pub type Check = Result<(), Error>;

fn fail(field: &str, rule: Rule, value: &str, detail: &str) -> Check {
    Err(Error::validation(field, rule, value, detail))
}

/// Longest trunk name the server accepts.
pub const TRUNK_NAME_MAX_LEN: usize = 16;
/// Suffix every trunk domain name carries.
pub const DOMAIN_SUFFIX: &str = ".pstn.exotel.com";
/// Smallest and largest accepted CIDR masks.
pub const MASK_RANGE: std::ops::RangeInclusive<u32> = 16..=32;
/// Mask sent when the caller gives none (the server's default too).
pub const DEFAULT_MASK: u32 = 32;
/// The standard Network Service Operator code.
pub const DEFAULT_NSO_CODE: &str = "ANY-ANY";

/// A non-empty value.
pub fn required(field: &str, value: &str) -> Check {
    if value.is_empty() {
        return fail(field, Rule::Required, value, "is required");
    }
    Ok(())
}

/// A trunk SID: ASCII letters and digits, as in `trmum1f708622631150902801a1n`.
pub fn trunk_sid(field: &str, value: &str) -> Check {
    required(field, value)?;
    if !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return fail(
            field,
            Rule::Format,
            value,
            "must be ASCII letters and digits",
        );
    }
    Ok(())
}

/// A numeric id such as a phone-number mapping id (`41523`).
pub fn numeric_id(field: &str, value: &str) -> Check {
    required(field, value)?;
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return fail(
            field,
            Rule::Format,
            value,
            "must be a numeric id such as 41523",
        );
    }
    Ok(())
}

/// An account SID: ASCII letters, digits, `_` and `-`.
pub fn account_sid(field: &str, value: &str) -> Check {
    required(field, value)?;
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return fail(
            field,
            Rule::Format,
            value,
            "must be ASCII letters, digits, '_' and '-'",
        );
    }
    Ok(())
}

/// An API key: non-empty, no `:` (it is the Basic-auth user name), no control characters.
pub fn api_key(field: &str, value: &str) -> Check {
    required(field, value)?;
    if value.contains(':') || value.chars().any(char::is_control) {
        return fail(
            field,
            Rule::Format,
            value,
            "must not contain ':' or control characters",
        );
    }
    Ok(())
}

/// An API token: non-empty. The value is never echoed in the error.
pub fn api_token(field: &str, value: &str) -> Check {
    if value.is_empty() {
        return fail(field, Rule::Required, "", "is required");
    }
    if value.chars().any(char::is_control) {
        return fail(
            field,
            Rule::Format,
            crate::redact::REDACTED,
            "must not contain control characters",
        );
    }
    Ok(())
}

/// A trunk name: 1–16 characters, letters, digits and `_`.
pub fn trunk_name(field: &str, value: &str) -> Check {
    required(field, value)?;
    if value.chars().count() > TRUNK_NAME_MAX_LEN {
        return fail(
            field,
            Rule::MaxLength,
            value,
            "must be at most 16 characters",
        );
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return fail(
            field,
            Rule::Charset,
            value,
            "must be letters, digits and '_' only",
        );
    }
    Ok(())
}

/// An NSO code: two alphanumeric groups joined by one `-`, such as `ANY-ANY`.
pub fn nso_code(field: &str, value: &str) -> Check {
    required(field, value)?;
    let mut parts = value.split('-');
    let well_formed = match (parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), None) => [a, b]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_alphanumeric())),
        _ => false,
    };
    if !well_formed {
        return fail(
            field,
            Rule::Format,
            value,
            "must look like ANY-ANY (two alphanumeric parts joined by '-')",
        );
    }
    Ok(())
}

/// A trunk domain: `<label>.pstn.exotel.com`.
pub fn domain_name(field: &str, value: &str) -> Check {
    required(field, value)?;
    match value.strip_suffix(DOMAIN_SUFFIX) {
        Some(prefix) if !prefix.is_empty() && is_fqdn_labels(prefix) => Ok(()),
        _ => fail(
            field,
            Rule::DomainSuffix,
            value,
            "must be <account_sid>.pstn.exotel.com",
        ),
    }
}

/// An E.164 number: `+`, a first digit 1–9, 2 to 15 digits in all.
pub fn e164(field: &str, value: &str) -> Check {
    required(field, value)?;
    let digits = value.strip_prefix('+').unwrap_or("");
    let ok = digits.len() >= 2
        && digits.len() <= 15
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    if !ok {
        return fail(
            field,
            Rule::E164,
            value,
            "must be E.164: '+', country code, at most 15 digits, e.g. +919876543210",
        );
    }
    Ok(())
}

/// A routing mode given as input: exactly `pstn` or `flow`.
pub fn mode(field: &str, value: Option<&str>) -> Check {
    match value {
        Some("pstn") | Some("flow") => Ok(()),
        other => fail(
            field,
            Rule::OneOf,
            other.unwrap_or("null"),
            "must be 'pstn' or 'flow'",
        ),
    }
}

/// Whether a string is four dotted decimal octets 0–255 without leading zeros.
pub fn is_ipv4(value: &str) -> bool {
    let mut count = 0;
    for octet in value.split('.') {
        count += 1;
        let digits_ok = !octet.is_empty()
            && octet.len() <= 3
            && octet.bytes().all(|b| b.is_ascii_digit())
            && !(octet.len() > 1 && octet.starts_with('0'));
        if !digits_ok || octet.parse::<u16>().map_or(true, |n| n > 255) {
            return false;
        }
    }
    count == 4
}

/// An IPv4 address.
pub fn ipv4(field: &str, value: &str) -> Check {
    required(field, value)?;
    if !is_ipv4(value) {
        return fail(
            field,
            Rule::Ipv4,
            value,
            "must be a dotted IPv4 address with octets 0-255, e.g. 203.0.113.50",
        );
    }
    Ok(())
}

/// A CIDR mask between 16 and 32.
pub fn mask(field: &str, value: u32) -> Check {
    if !MASK_RANGE.contains(&value) {
        return fail(
            field,
            Rule::Range,
            &value.to_string(),
            "must be between 16 and 32",
        );
    }
    Ok(())
}

/// Items a bulk call keeps in flight at once: 1 up to Exotel's 50 concurrent
/// requests per account.
pub const CONCURRENCY_RANGE: std::ops::RangeInclusive<u32> = 1..=50;
/// The bulk calls' concurrency when the caller gives none.
pub const DEFAULT_CONCURRENCY: u32 = 8;

/// A bulk call's concurrency between 1 and 50.
pub fn concurrency(field: &str, value: u32) -> Check {
    if !CONCURRENCY_RANGE.contains(&value) {
        return fail(
            field,
            Rule::Range,
            &value.to_string(),
            "must be between 1 and 50",
        );
    }
    Ok(())
}

/// A page size of at least 1.
pub fn page_size(field: &str, value: u32) -> Check {
    if value == 0 {
        return fail(field, Rule::Range, "0", "must be at least 1");
    }
    Ok(())
}

fn is_fqdn_labels(host: &str) -> bool {
    host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// Whether a host is a fully qualified domain name (two or more labels, last not numeric).
pub fn is_fqdn(host: &str) -> bool {
    let mut labels = host.rsplit('.');
    let last_ok = labels
        .next()
        .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()));
    last_ok && labels.next().is_some() && is_fqdn_labels(host)
}

/// Transports a destination may name.
pub const DESTINATION_TRANSPORTS: [&str; 3] = ["tls", "tcp", "udp"];

/// A destination parsed into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination<'a> {
    /// IPv4 address or FQDN.
    pub host: &'a str,
    /// Whether `host` is an IPv4 address (those must be whitelisted first).
    pub host_is_ip: bool,
    /// Port, if given.
    pub port: Option<u16>,
    /// Transport, if given.
    pub transport: Option<&'a str>,
    /// The destination without any `sip:` prefix, as sent on the wire.
    pub wire: &'a str,
}

/// Removes a leading `sip:` (any case) from a destination.
pub fn strip_sip_prefix(value: &str) -> &str {
    match value.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("sip:") => value.get(4..).unwrap_or(""),
        _ => value,
    }
}

/// A destination `<ipv4-or-fqdn>[:<port>][;transport=<tls|tcp|udp>]`, with or
/// without a leading `sip:`.
pub fn destination<'a>(field: &str, value: &'a str) -> Result<Destination<'a>, Error> {
    let bad_format = |detail: &str| Error::validation(field, Rule::Format, value, detail);
    let wire = strip_sip_prefix(value);
    if wire.is_empty() {
        return Err(Error::validation(
            field,
            Rule::Required,
            value,
            "is required",
        ));
    }
    let mut parts = wire.split(';');
    let hostport = parts.next().unwrap_or("");
    let mut transport = None;
    for param in parts {
        match param.split_once('=') {
            Some(("transport", t)) if transport.is_none() => {
                if !DESTINATION_TRANSPORTS.contains(&t) {
                    return Err(Error::validation(
                        field,
                        Rule::Transport,
                        value,
                        "transport must be tls, tcp or udp (lower case)",
                    ));
                }
                transport = Some(t);
            }
            _ => {
                return Err(bad_format(
                    "must be <ip-or-fqdn>[:<port>][;transport=<tls|tcp|udp>]",
                ))
            }
        }
    }
    let (host, port) = match hostport.split_once(':') {
        None => (hostport, None),
        Some((host, port)) => {
            if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad_format("port must be a number"));
            }
            let number: u32 = port.parse().unwrap_or(0);
            match u16::try_from(number) {
                Ok(p) if p != 0 => (host, Some(p)),
                _ => {
                    return Err(Error::validation(
                        field,
                        Rule::Range,
                        value,
                        "port must be between 1 and 65535",
                    ))
                }
            }
        }
    };
    let looks_numeric = !host.is_empty() && host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let host_ok = if looks_numeric {
        is_ipv4(host)
    } else {
        is_fqdn(host)
    };
    if !host_ok {
        return Err(Error::validation(
            field,
            Rule::Host,
            value,
            "host must be an IPv4 address or a fully qualified domain name",
        ));
    }
    Ok(Destination {
        host,
        host_is_ip: looks_numeric,
        port,
        transport,
        wire,
    })
}

/// A list that must not be empty.
pub fn non_empty_list<T>(field: &str, items: &[T]) -> Check {
    if items.is_empty() {
        return fail(
            field,
            Rule::Required,
            "[]",
            "must contain at least one item",
        );
    }
    Ok(())
}

/// A trunk setting: a name and a value; the caller-ID alias must be E.164.
pub fn setting(index: usize, name: &str, value: &str) -> Check {
    required(&format!("settings[{index}].name"), name)?;
    let value_field = format!("settings[{index}].value");
    if name == crate::models::TRUNK_EXTERNAL_ALIAS {
        e164(&value_field, value)
    } else {
        required(&value_field, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_of(check: Check) -> Option<String> {
        match check {
            Err(Error::Validation { rule, .. }) => Some(rule),
            _ => None,
        }
    }

    #[test]
    fn ipv4_boundaries() {
        assert!(is_ipv4("255.255.255.255"));
        assert!(is_ipv4("0.0.0.0"));
        assert!(!is_ipv4("256.1.1.1"));
        assert!(!is_ipv4("01.1.1.1"));
        assert!(!is_ipv4("1.1.1"));
        assert!(!is_ipv4("1.1.1.1.1"));
        assert!(!is_ipv4("1..1.1"));
    }

    #[test]
    fn fqdn_shapes() {
        assert!(is_fqdn("sip.company.com"));
        assert!(is_fqdn("a-b.example"));
        assert!(!is_fqdn("localhost"));
        assert!(!is_fqdn("-a.example"));
        assert!(!is_fqdn("a.123"));
        assert!(!is_fqdn("a..b"));
    }

    #[test]
    fn destination_parts() {
        let d = destination("d", "sip:sip.company.com:5061;transport=tls").ok();
        assert_eq!(
            d,
            Some(Destination {
                host: "sip.company.com",
                host_is_ip: false,
                port: Some(5061),
                transport: Some("tls"),
                wire: "sip.company.com:5061;transport=tls",
            })
        );
        assert_eq!(
            rule_of(destination("d", "1.2.3.4:0").map(|_| ())).as_deref(),
            Some("range")
        );
        assert_eq!(
            rule_of(destination("d", "1.2.3.4;transport=TLS").map(|_| ())).as_deref(),
            Some("transport")
        );
        assert_eq!(
            rule_of(destination("d", "sips:a.com").map(|_| ())).as_deref(),
            Some("format")
        );
    }

    #[test]
    fn token_never_echoed() {
        match api_token("api_token", "bad\ntoken") {
            Err(Error::Validation { value, .. }) => assert!(!value.contains("token")),
            other => unreachable!("{other:?}"),
        }
    }
}
