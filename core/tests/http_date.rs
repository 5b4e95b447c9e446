//! HTTP dates (`Retry-After`, `Date`) in the three forms RFC 9110 §5.6.7 requires
//! a recipient to accept, with its own example instant.

use exotel_sip::envelope::parse_http_date;

/// Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example.
const EXAMPLE: u64 = 784_111_777;

#[test]
fn all_three_forms_of_rfc_9110_parse_to_the_same_instant() {
    assert_eq!(
        parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(EXAMPLE)
    );
    assert_eq!(
        parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
        Some(EXAMPLE)
    );
    assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(EXAMPLE));
    assert_eq!(parse_http_date("Sun Nov 6 08:49:37 1994"), Some(EXAMPLE));
}

#[test]
fn a_two_digit_year_below_70_is_this_century() {
    assert_eq!(parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT"), Some(0));
    assert_eq!(
        parse_http_date("Saturday, 01-Jan-00 00:00:00 GMT"),
        parse_http_date("Sat, 01 Jan 2000 00:00:00 GMT")
    );
    assert_eq!(
        parse_http_date("Wednesday, 31-Dec-69 23:59:59 GMT"),
        parse_http_date("Wed, 31 Dec 2069 23:59:59 GMT")
    );
}

#[test]
fn malformed_dates_are_refused() {
    for bad in [
        "",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 06 Nov 1994 08:49:37:01 GMT",
        "Sun, +6 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sunday, 06-Nov-94-1 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37",
        "Sun Nov  6 08:49:37 94",
        "Sun Nov  6 08:49:37 1994 GMT",
        "1994-11-06T08:49:37Z",
    ] {
        assert_eq!(parse_http_date(bad), None, "{bad:?}");
    }
}
