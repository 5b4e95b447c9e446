//! One pure pair per endpoint: input → exact [`HttpRequest`], [`HttpResponse`] →
//! typed result or [`Error`]. Validation runs first, so bad input never becomes
//! a request.
//!
//! Adding an endpoint means one module here (its input type, its [`Operation`]
//! impl) and one folder of vectors under `tests/vectors/`.

use serde::Serialize;

use crate::config::Config;
use crate::error::Error;
use crate::http::{encode_component, Header, HttpRequest, HttpResponse, Method};
use crate::seams::{MaybeSend, MaybeSync};

mod batch;
mod credentials;
mod destinations;
mod lists;
mod phone_numbers;
mod settings;
mod trunks;
mod whitelisted_ips;

pub use credentials::GetTrunkCredentials;
pub use destinations::{AddDestinations, DestinationBatch};
pub use lists::{
    List, ListDestinations, ListPhoneNumbers, ListQuery, ListWhitelistedIps, Listed, PageRef,
};
pub use phone_numbers::{MapPhoneNumber, UpdatePhoneNumberMode};
pub use settings::{SetTrunkSettings, SettingBatch};
pub use trunks::{CreateTrunk, DeleteTrunk, DeletedTrunk};
pub use whitelisted_ips::WhitelistIp;

/// An API call as a pure pair of functions.
///
/// Operations and their outputs are plain data, so a call's future is `Send`
/// natively (the bounds are empty on wasm32).
pub trait Operation: MaybeSync {
    /// The typed result of a successful call.
    type Output: MaybeSend;

    /// The operation's name as used in vectors and events (`create_trunk`).
    const NAME: &'static str;

    /// Checks the input against every rule of the API.
    fn validate(&self, config: &Config) -> Result<(), Error>;

    /// Builds the exact request (validating first).
    fn request(&self, config: &Config) -> Result<HttpRequest, Error>;

    /// Reads the response into the typed result or the error it carries.
    fn response(&self, config: &Config, response: &HttpResponse) -> Result<Self::Output, Error>;

    /// Reads the response to attempt number `attempt` (from 1) of a call. The
    /// default is [`Operation::response`]; an operation whose retry can meet the
    /// effect of an earlier attempt (a DELETE finding its target gone) reads
    /// that here.
    fn read(
        &self,
        config: &Config,
        response: &HttpResponse,
        attempt: u32,
    ) -> Result<Self::Output, Error> {
        let _ = attempt;
        self.response(config, response)
    }
}

/// Runs an operation's validation with the value it echoes redacted of the
/// credentials: a token pasted into the wrong field is refused without being shown.
pub(crate) fn validated<O: Operation + ?Sized>(op: &O, config: &Config) -> Result<(), Error> {
    op.validate(config)
        .map_err(|err| err.redacted(&config.credentials().redactor()))
}

/// A request body as JSON text, serialized straight from a typed body struct
/// (no `serde_json::Value` on the way: its generic writer, floats included,
/// costs the WebAssembly build several KB).
pub(crate) fn json_body<T: Serialize>(body: &T) -> Result<String, Error> {
    serde_json::to_string(body).map_err(|_| Error::Internal {
        detail: "could not serialize the request body".to_owned(),
    })
}

/// Builds the common parts of a request: URL under the account, headers, body.
pub(crate) fn build_request(
    config: &Config,
    method: Method,
    path: &[&str],
    query: &[(&str, String)],
    body: Option<String>,
) -> HttpRequest {
    let mut url = format!(
        "{}/v2/accounts/{}",
        config.base_url(),
        encode_component(config.account_sid())
    );
    for segment in path {
        url.push('/');
        url.push_str(&encode_component(segment));
    }
    let mut separator = '?';
    for (name, value) in query {
        url.push(separator);
        url.push_str(name);
        url.push('=');
        url.push_str(&encode_component(value));
        separator = '&';
    }
    request_for_url(config, method, url, body)
}

/// A request to an absolute URL with the SDK's standard headers.
pub(crate) fn request_for_url(
    config: &Config,
    method: Method,
    url: String,
    body: Option<String>,
) -> HttpRequest {
    let mut headers = vec![
        Header::new("Authorization", config.credentials().authorization()),
        Header::new("Accept", "application/json"),
        Header::new("User-Agent", config.user_agent()),
    ];
    if body.is_some() {
        headers.push(Header::new("Content-Type", "application/json"));
    }
    HttpRequest {
        method,
        url,
        headers,
        body,
        timeout_ms: config.timeout_ms(),
    }
}

/// Reads a single-resource answer into a model.
pub(crate) fn single<T: crate::wire::FromWire>(
    config: &Config,
    response: &HttpResponse,
) -> Result<T, Error> {
    let envelope = crate::envelope::parse(response, config.credentials())?;
    let data = envelope.single(response)?;
    crate::wire::decode(&data, response.status)
}
