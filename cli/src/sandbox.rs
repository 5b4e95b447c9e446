//! `exotel-sip sandbox`: the local sandbox in the foreground, as the
//! `exotel-sip-sandbox` binary runs it.

use clap::parser::ValueSource;
use exotel_sip_sandbox_server::exotel_sip_sandbox::SandboxConfig;
use exotel_sip_sandbox_server::{serve_until_signal, ServerOptions};

use crate::args::{Connection, SandboxArgs};
use crate::output::Failure;

/// A credential given as a flag on this command line; the environment (where a
/// real account's credentials may live) is never fed to the sandbox.
fn from_flag(matches: &clap::ArgMatches, id: &str, value: Option<&String>) -> Option<String> {
    let given = matches
        .subcommand_matches("sandbox")
        .and_then(|sub| sub.value_source(id))
        .or_else(|| matches.value_source(id));
    match given {
        Some(ValueSource::CommandLine) => value.cloned(),
        _ => None,
    }
}

/// Serves until SIGINT or SIGTERM; the first stdout line is
/// `listening on http://127.0.0.1:PORT`.
pub async fn run(
    args: &SandboxArgs,
    connection: &Connection,
    matches: &clap::ArgMatches,
) -> Result<(), Failure> {
    let defaults = SandboxConfig::default();
    let config = args.limits.apply(SandboxConfig {
        account_sid: from_flag(matches, "account_sid", connection.account_sid.as_ref())
            .unwrap_or(defaults.account_sid),
        api_key: from_flag(matches, "api_key", connection.api_key.as_ref())
            .unwrap_or(defaults.api_key),
        api_token: from_flag(matches, "api_token", connection.api_token.as_ref())
            .unwrap_or(defaults.api_token),
        seed: args.seed,
        region_prefix: args.region_prefix.clone(),
        ..defaults
    });
    let options = ServerOptions {
        port: args.port,
        config,
        cors: args.cors,
        state_file: args.state.clone(),
        max_body_bytes: args.max_body_bytes,
        sandbox: None,
    };
    serve_until_signal(options, "exotel-sip sandbox")
        .await
        .map_err(|err| Failure::Other(format!("sandbox: {err}")))
}
