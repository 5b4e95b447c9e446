//! Get Phone Numbers, Get ACLs and Get Destination URIs: paginated lists under a
//! trunk (`GET .../{resource}?offset=&page_size=`), and following a page's
//! `next_page_uri`.

use std::marker::PhantomData;

use crate::seams::MaybeSend;
use crate::wire::{self, FromWire};

use super::{build_request, request_for_url, Operation};
use crate::config::Config;
use crate::envelope;
use crate::error::Error;
use crate::http::{encode_component, HttpRequest, HttpResponse, Method};
use crate::models::{DestinationUri, Page, PageMetadata, PhoneNumber, WhitelistedIp};
use crate::validate::{self, Rule};

/// A resource that can be listed under a trunk.
pub trait Listed: FromWire + MaybeSend {
    /// Path segment under the trunk, e.g. `phone-numbers`.
    const PATH: &'static str;
    /// Name of the list operation, e.g. `list_phone_numbers`.
    const OPERATION: &'static str;
}

impl Listed for PhoneNumber {
    const PATH: &'static str = "phone-numbers";
    const OPERATION: &'static str = "list_phone_numbers";
}

impl Listed for WhitelistedIp {
    const PATH: &'static str = "whitelisted-ips";
    const OPERATION: &'static str = "list_whitelisted_ips";
}

impl Listed for DestinationUri {
    const PATH: &'static str = "destination-uris";
    const OPERATION: &'static str = "list_destinations";
}

/// Which page of a trunk's list to read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ListQuery {
    /// The trunk whose items to list.
    pub trunk_sid: String,
    /// Items to skip; not sent when `None`.
    pub offset: Option<u32>,
    /// Items per page (at least 1); not sent when `None` (the server uses 50).
    pub page_size: Option<u32>,
}

impl ListQuery {
    /// The first page with the server's default size.
    pub fn new(trunk_sid: impl Into<String>) -> Self {
        ListQuery {
            trunk_sid: trunk_sid.into(),
            offset: None,
            page_size: None,
        }
    }
}

/// One page of a list: the first page of a query, or the page a previous
/// page's `next_page_uri` (or `prev_page_uri`) points to.
///
/// Both are one operation type, so each resource has one set of code paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List<R> {
    /// Which page.
    pub page: PageRef,
    resource: PhantomData<fn() -> R>,
}

/// Which page a [`List`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageRef {
    /// The page a query selects.
    Query(ListQuery),
    /// A page URI from a previous page: path and query, e.g.
    /// `/v2/accounts/ameyo5m/trunks/tr.../phone-numbers?offset=50&page_size=50`.
    ///
    /// It is only ever joined to the configured base URL, and must stay under
    /// this account's trunk list of the same resource, so a server can never
    /// steer credentials elsewhere.
    Uri(String),
}

impl<R> List<R> {
    /// The page this query selects.
    pub fn new(query: ListQuery) -> Self {
        List {
            page: PageRef::Query(query),
            resource: PhantomData,
        }
    }

    /// The page at `uri` (a previous page's `next_page_uri` or `prev_page_uri`).
    pub fn following(uri: impl Into<String>) -> Self {
        List {
            page: PageRef::Uri(uri.into()),
            resource: PhantomData,
        }
    }
}

/// Get Phone Numbers.
pub type ListPhoneNumbers = List<PhoneNumber>;
/// Get ACLs (whitelisted IPs).
pub type ListWhitelistedIps = List<WhitelistedIp>;
/// Get Destination URIs.
pub type ListDestinations = List<DestinationUri>;

fn read_page<R: Listed>(
    config: &Config,
    response: &HttpResponse,
    at: &PagePosition<'_>,
) -> Result<Page<R>, Error> {
    let parsed = envelope::parse(response, config.credentials())?;
    let (data, metadata) = parsed.list(response)?;
    let items = data
        .into_iter()
        .map(|value| wire::decode::<R>(&value, response.status))
        .collect::<Result<Vec<_>, _>>()?;
    let metadata: PageMetadata = match metadata {
        Some(value) => wire::decode(&value, response.status)?,
        None => PageMetadata::default(),
    };
    if let (Some(next), false) = (&metadata.next_page_uri, items.is_empty()) {
        check_next_page(config, response, at, next, R::PATH)?;
    }
    Ok(Page { items, metadata })
}

/// Where a page starts: its trunk and its offset (0 when not given).
struct PagePosition<'a> {
    trunk_sid: &'a str,
    offset: u64,
}

impl<R> List<R> {
    fn position(&self) -> PagePosition<'_> {
        match &self.page {
            PageRef::Query(query) => PagePosition {
                trunk_sid: &query.trunk_sid,
                offset: query.offset.map_or(0, u64::from),
            },
            PageRef::Uri(uri) => PagePosition {
                trunk_sid: uri_trunk_sid(uri).unwrap_or(""),
                offset: uri_offset(uri).unwrap_or(0),
            },
        }
    }
}

/// A page's `next_page_uri` must lead on: the same trunk's list of the same
/// resource, at an offset after this page's. Anything else (a page pointing to
/// itself or back, or to another trunk) would make a walk endless or mix
/// trunks: it is a decode error. (Offsets only grow, so no walk can cycle.)
fn check_next_page(
    config: &Config,
    response: &HttpResponse,
    at: &PagePosition<'_>,
    next: &str,
    resource: &str,
) -> Result<(), Error> {
    let leads_on = page_uri_ok(config, next, resource)
        && uri_trunk_sid(next) == Some(at.trunk_sid)
        && uri_offset(next).is_some_and(|offset| offset > at.offset);
    if leads_on {
        return Ok(());
    }
    Err(Error::Decode {
        status: response.status,
        snippet: String::new(),
        detail: "next_page_uri does not lead on: not a later page of this trunk's list".to_owned(),
    })
}

/// The trunk SID in a page URI's path (`/v2/accounts/{a}/trunks/{sid}/...`).
fn uri_trunk_sid(uri: &str) -> Option<&str> {
    let path = uri.split('?').next()?;
    let mut segments = path.split('/').skip_while(|s| *s != "trunks");
    segments.next()?;
    segments.next()
}

/// The `offset` parameter of a page URI.
fn uri_offset(uri: &str) -> Option<u64> {
    let (_, query) = uri.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("offset="))
        .and_then(|value| value.parse().ok())
}

impl<R: Listed> Operation for List<R> {
    type Output = Page<R>;
    const NAME: &'static str = R::OPERATION;

    fn validate(&self, config: &Config) -> Result<(), Error> {
        match &self.page {
            PageRef::Query(query) => {
                validate::trunk_sid("trunk_sid", &query.trunk_sid)?;
                match query.page_size {
                    Some(size) => validate::page_size("page_size", size),
                    None => Ok(()),
                }
            }
            PageRef::Uri(uri) => validate_page_uri(config, uri, R::PATH),
        }
    }

    fn request(&self, config: &Config) -> Result<HttpRequest, Error> {
        super::validated(self, config)?;
        let query = match &self.page {
            PageRef::Query(query) => query,
            PageRef::Uri(uri) => {
                let url = format!("{}{uri}", config.base_url());
                return Ok(request_for_url(config, Method::Get, url, None));
            }
        };
        let mut params = Vec::new();
        if let Some(offset) = query.offset {
            params.push(("offset", offset.to_string()));
        }
        if let Some(size) = query.page_size {
            params.push(("page_size", size.to_string()));
        }
        Ok(build_request(
            config,
            Method::Get,
            &["trunks", &query.trunk_sid, R::PATH],
            &params,
            None,
        ))
    }

    fn response(&self, config: &Config, response: &HttpResponse) -> Result<Page<R>, Error> {
        read_page(config, response, &self.position())
    }
}

/// A followed page URI must be a page of this account's list of `resource`
/// under a trunk, with nothing that could change the host.
fn validate_page_uri(config: &Config, uri: &str, resource: &str) -> Result<(), Error> {
    if page_uri_ok(config, uri, resource) {
        return Ok(());
    }
    Err(Error::validation(
        "page_uri",
        Rule::Format,
        uri,
        "must be a page URI of this account's list",
    ))
}

fn page_uri_ok(config: &Config, uri: &str, resource: &str) -> bool {
    let prefix = format!(
        "/v2/accounts/{}/trunks/",
        encode_component(config.account_sid())
    );
    let path = uri.split('?').next().unwrap_or("");
    let under_trunk = path
        .strip_prefix(&prefix)
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(sid, found)| {
            validate::trunk_sid("trunk_sid", sid).is_ok() && found == resource
        });
    under_trunk && uri.bytes().all(|b| b.is_ascii_graphic() && b != b'#')
}
