//! `exotel-sip-sandbox`: the local Exotel SIP trunking API on 127.0.0.1.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use exotel_sip_sandbox::{SandboxConfig, DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY, DEFAULT_API_TOKEN};
use exotel_sip_sandbox_server::{
    serve_until_signal, LimitFlags, ServerOptions, DEFAULT_MAX_BODY_BYTES, DEFAULT_PORT,
};

/// A faithful, stateful local Exotel SIP trunking API for tests and demos.
///
/// Listens on 127.0.0.1 only and prints `listening on http://127.0.0.1:PORT` as
/// its first line. Test controls live under /__sandbox/ (see the README). Stops
/// cleanly (exit code 0) on SIGINT or SIGTERM, saving the state if --state is given.
#[derive(Debug, Parser)]
#[command(name = "exotel-sip-sandbox", version)]
struct Args {
    /// Port on 127.0.0.1 to listen on; 0 picks a free port (printed on the first line).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,

    /// The one account served (the {account_sid} in /v2/accounts/{account_sid}/...).
    #[arg(long, default_value = DEFAULT_ACCOUNT_SID)]
    account_sid: String,

    /// API key accepted in Basic auth.
    #[arg(long, default_value = DEFAULT_API_KEY)]
    api_key: String,

    /// API token accepted in Basic auth.
    #[arg(long, default_value = DEFAULT_API_TOKEN)]
    api_token: String,

    #[command(flatten)]
    limits: LimitFlags,

    /// Seed of the id generator (same seed, same requests: same SIDs). Ignored
    /// for a state loaded with --state, whose generator goes on where it stopped.
    #[arg(long, default_value_t = SandboxConfig::default().seed)]
    seed: u64,

    /// Trunk SID region prefix: `mum` (Mumbai) or `sgp` (Singapore).
    #[arg(long, default_value_t = SandboxConfig::default().region_prefix)]
    region_prefix: String,

    /// Answer CORS preflights (OPTIONS, 204) and add
    /// `Access-Control-Allow-Origin: *` to every response, for browser clients.
    #[arg(long)]
    cors: bool,

    /// Load the sandbox's data from FILE at start (if it exists) and save it
    /// there on exit. The flags above still set the configuration.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,

    /// Largest request body accepted, in bytes (larger: 413).
    #[arg(long, default_value_t = DEFAULT_MAX_BODY_BYTES, hide = true)]
    max_body_bytes: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = ServerOptions {
        port: args.port,
        config: args.limits.apply(SandboxConfig {
            account_sid: args.account_sid,
            api_key: args.api_key,
            api_token: args.api_token,
            seed: args.seed,
            region_prefix: args.region_prefix,
            ..SandboxConfig::default()
        }),
        cors: args.cors,
        state_file: args.state,
        max_body_bytes: args.max_body_bytes,
        sandbox: None,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("exotel-sip-sandbox: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(serve_until_signal(options, "exotel-sip-sandbox"));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("exotel-sip-sandbox: {err}");
            ExitCode::FAILURE
        }
    }
}
