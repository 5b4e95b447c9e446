//! The command line: global connection flags, one subcommand per endpoint, the
//! demo, completions and the sandbox.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use exotel_sip::{Mode, Region, SettingInput};
use exotel_sip_sandbox_server::exotel_sip_sandbox::SandboxConfig;
use exotel_sip_sandbox_server::{LimitFlags, DEFAULT_MAX_BODY_BYTES, DEFAULT_PORT};

/// Shown after `--help`: examples, environment, exit codes.
const AFTER_HELP: &str = "\
Examples:
  # The main job: set up a PSTN and a StreamKit trunk on the embedded sandbox
  # (no credentials, no network), step by step.
  exotel-sip demo

  # The same against a real account: prints the plan, changes nothing without --yes.
  export EXOTEL_API_KEY=... EXOTEL_API_TOKEN=... EXOTEL_ACCOUNT_SID=... EXOTEL_REGION=mumbai
  exotel-sip demo --live --pstn-number +919876543210 --streamkit-number +918047091234
  exotel-sip demo --live --yes --pstn-number +919876543210 --streamkit-number +918047091234

  # One call at a time (here against a sandbox started with `exotel-sip sandbox`).
  export EXOTEL_BASE_URL=http://127.0.0.1:4010 EXOTEL_API_KEY=sandbox_key \\
         EXOTEL_API_TOKEN=sandbox_token EXOTEL_ACCOUNT_SID=ameyo5m
  exotel-sip create-trunk --name my_trunk
  exotel-sip map-number -t <TRUNK_SID> --number +919876543210 --mode pstn
  exotel-sip list-numbers -t <TRUNK_SID> --all --json
  # Any endpoint by its catalog name, flags from its fields, JSON out.
  exotel-sip call update_phone_number_mode --trunk-sid <TRUNK_SID> \\
    --phone-number-id <ID> --phone-number +919876543210 --mode flow

  # Shell completions.
  exotel-sip completions bash > ~/.local/share/bash-completion/completions/exotel-sip

Environment:
  EXOTEL_API_KEY, EXOTEL_API_TOKEN, EXOTEL_ACCOUNT_SID   credentials (flags win)
  EXOTEL_REGION (singapore | mumbai), EXOTEL_BASE_URL     where requests go; a base URL
                                                          wins over the region
  The token is never printed, neither in output, errors nor this help.

Exit codes:
  0 ok   1 other (internal, sandbox could not start)   2 usage
  3 validation (bad input or missing credentials; nothing was sent)
  4 API error (authentication, not found, duplicate, rate limited, partial failure, ...)
  5 transport (connection failed, timeout, undecodable response)";

/// Set up Exotel SIP trunks from the command line.
///
/// Every endpoint of the SIP Trunking API is a subcommand; `demo` sets up a PSTN
/// trunk and a StreamKit trunk step by step, on an embedded sandbox unless
/// `--live` is given. Output is a readable table, or JSON with `--json`.
#[derive(Debug, Parser)]
#[command(name = "exotel-sip", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// Where requests go and as whom.
    #[command(flatten)]
    pub connection: Connection,

    /// Print results as JSON on stdout, errors as {"error": {...}} on stderr.
    #[arg(long, global = true)]
    pub json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Credentials and endpoint, from flags or the environment.
#[derive(Debug, Args)]
#[command(next_help_heading = "Connection")]
pub struct Connection {
    /// API key (the Basic-auth user name).
    #[arg(
        long,
        env = "EXOTEL_API_KEY",
        global = true,
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub api_key: Option<String>,

    /// API token. Never printed; prefer the environment variable (a flag shows
    /// in the process list).
    #[arg(
        long,
        env = "EXOTEL_API_TOKEN",
        global = true,
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub api_token: Option<String>,

    /// Account SID.
    #[arg(long, env = "EXOTEL_ACCOUNT_SID", global = true, value_name = "SID")]
    pub account_sid: Option<String>,

    /// Exotel cluster [default: singapore].
    #[arg(
        long,
        env = "EXOTEL_REGION",
        global = true,
        value_enum,
        ignore_case = true
    )]
    pub region: Option<RegionArg>,

    /// Custom base URL instead of a region (HTTPS, or HTTP to loopback only).
    #[arg(long, env = "EXOTEL_BASE_URL", global = true, value_name = "URL")]
    pub base_url: Option<String>,

    /// Time each call may take, in milliseconds.
    #[arg(long, global = true, default_value_t = 30_000, value_name = "MS")]
    pub timeout_ms: u32,
}

/// Exotel's clusters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RegionArg {
    /// `https://api.exotel.com`
    #[value(alias = "sg")]
    Singapore,
    /// `https://api.in.exotel.com`
    #[value(alias = "in")]
    Mumbai,
}

impl From<RegionArg> for Region {
    fn from(region: RegionArg) -> Self {
        match region {
            RegionArg::Singapore => Region::Singapore,
            RegionArg::Mumbai => Region::Mumbai,
        }
    }
}

/// A phone number's routing mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Calls go to the telephone network.
    Pstn,
    /// Calls go to a Voice AI bot (StreamKit).
    Flow,
}

impl From<ModeArg> for Mode {
    fn from(mode: ModeArg) -> Self {
        match mode {
            ModeArg::Pstn => Mode::Pstn,
            ModeArg::Flow => Mode::Flow,
        }
    }
}

/// The trunk a command acts on.
#[derive(Debug, Args)]
pub struct TrunkArg {
    /// Trunk SID (from create-trunk).
    #[arg(long, short = 't', value_name = "SID")]
    pub trunk_sid: String,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Set up a PSTN trunk and a StreamKit trunk step by step, then list them
    /// (on an embedded sandbox unless --live).
    Demo(DemoArgs),
    /// Create a trunk (save the trunk_sid it prints).
    CreateTrunk {
        /// Trunk name: letters, digits and _, at most 16.
        #[arg(long, alias = "trunk-name")]
        name: String,
        /// Network Service Operator code [default: ANY-ANY].
        #[arg(long)]
        nso_code: Option<String>,
        /// SIP domain [default: <account_sid>.pstn.exotel.com].
        #[arg(long)]
        domain_name: Option<String>,
    },
    /// Delete a trunk and everything mapped to it.
    DeleteTrunk {
        #[command(flatten)]
        trunk: TrunkArg,
    },
    /// Map a phone number to a trunk.
    MapNumber {
        #[command(flatten)]
        trunk: TrunkArg,
        /// The number in E.164 form, e.g. +919876543210.
        #[arg(long)]
        number: String,
        /// pstn or flow (StreamKit); left out, the server stores null (routed as pstn).
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
    },
    /// Switch a mapped number between pstn and flow.
    UpdateNumberMode {
        #[command(flatten)]
        trunk: TrunkArg,
        /// The mapping id map-number returned (not the number).
        #[arg(long)]
        id: String,
        /// The number itself, E.164; must match the id.
        #[arg(long)]
        number: String,
        /// The new mode.
        #[arg(long, value_enum)]
        mode: ModeArg,
    },
    /// Whitelist an IPv4 address or range on a trunk.
    WhitelistIp {
        #[command(flatten)]
        trunk: TrunkArg,
        /// Public IPv4 address of your PBX, SBC or bot.
        #[arg(long)]
        ip: String,
        /// CIDR mask, 16 to 32 [default: 32].
        #[arg(long)]
        mask: Option<u32>,
    },
    /// Add destination URIs (where inbound calls go).
    AddDestinations {
        #[command(flatten)]
        trunk: TrunkArg,
        // (The help is an attribute: rustdoc would read the brackets as links.)
        #[arg(
            required = true,
            value_name = "DESTINATION",
            help = "<ip-or-fqdn>[:port][;transport=tls|tcp|udp], sip: optional. \
                    An IP must be whitelisted first."
        )]
        destinations: Vec<String>,
    },
    /// Set the caller ID shown on outbound calls (trunk_external_alias).
    SetAlias {
        #[command(flatten)]
        trunk: TrunkArg,
        /// The caller-ID number, E.164.
        #[arg(long)]
        number: String,
    },
    /// Set trunk settings by name.
    SetSettings {
        #[command(flatten)]
        trunk: TrunkArg,
        /// A setting as NAME=VALUE (repeatable), e.g. trunk_external_alias=+919876543210.
        #[arg(long = "setting", value_name = "NAME=VALUE", required = true, value_parser = parse_setting)]
        settings: Vec<SettingInput>,
    },
    /// List a trunk's phone numbers.
    ListNumbers(ListArgs),
    /// List a trunk's whitelisted IPs.
    ListIps(ListArgs),
    /// List a trunk's destination URIs.
    ListDestinations(ListArgs),
    /// Show a trunk's credentials sub-resource (raw JSON).
    Credentials {
        #[command(flatten)]
        trunk: TrunkArg,
    },
    /// Call any endpoint by its catalog name, e.g. `call create_trunk --trunk-name x`
    /// (`call --help` lists them); prints the result as JSON.
    #[command(disable_help_flag = true)]
    Call {
        /// The operation and its flags.
        #[arg(num_args = 0.., trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Run the local sandbox in the foreground on 127.0.0.1 (Ctrl-C stops it).
    ///
    /// Same flags as the exotel-sip-sandbox binary. It accepts the sandbox's
    /// default credentials unless --api-key, --api-token or --account-sid are given
    /// as flags (the EXOTEL_* variables are not used here).
    Sandbox(SandboxArgs),
}

/// `list-*` options.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub trunk: TrunkArg,
    /// Items to skip.
    #[arg(long)]
    pub offset: Option<u32>,
    /// Items per page (at least 1) [server default: 50].
    #[arg(long)]
    pub page_size: Option<u32>,
    /// Follow next_page_uri and list every page.
    #[arg(long)]
    pub all: bool,
}

/// `demo` options.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Run against the configured account instead of the embedded sandbox
    /// (needs credentials; prints the plan and changes nothing without --yes).
    #[arg(long)]
    pub live: bool,
    /// With --live: apply the plan.
    #[arg(long, requires = "live")]
    pub yes: bool,
    /// Number to map in pstn mode and use as caller ID (an ExoPhone of the account).
    #[arg(long, default_value = "+919876543210")]
    pub pstn_number: String,
    /// Number to map in flow mode for StreamKit (an ExoPhone of the account).
    #[arg(long, default_value = "+918047091234")]
    pub streamkit_number: String,
    /// Public IP of your PBX: whitelisted and used as an IP destination.
    #[arg(long, default_value = "203.0.113.10")]
    pub pbx_ip: String,
    /// FQDN of your PBX, used as the second destination.
    #[arg(long, default_value = "pbx.example.com")]
    pub pbx_fqdn: String,
    /// Public IP of the Voice AI bot, whitelisted on the StreamKit trunk.
    #[arg(long, default_value = "198.51.100.20")]
    pub bot_ip: String,
    /// Name of the PSTN trunk.
    #[arg(long, default_value = "pstn_demo")]
    pub pstn_trunk_name: String,
    /// Name of the StreamKit trunk.
    #[arg(long, default_value = "streamkit_demo")]
    pub streamkit_trunk_name: String,
}

/// `sandbox` options (as the exotel-sip-sandbox binary; credentials come from
/// the global --api-key, --api-token and --account-sid flags).
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1; 0 picks a free one (printed on the first line).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Rate and concurrency limits, latency.
    #[command(flatten)]
    pub limits: LimitFlags,
    /// Seed of the id generator (same seed, same requests: same SIDs).
    #[arg(long, default_value_t = SandboxConfig::default().seed)]
    pub seed: u64,
    /// Trunk SID region prefix: mum (Mumbai) or sgp (Singapore).
    #[arg(long, default_value_t = SandboxConfig::default().region_prefix)]
    pub region_prefix: String,
    /// Answer CORS preflights and add Access-Control-Allow-Origin: * (browser clients).
    #[arg(long)]
    pub cors: bool,
    /// Load the sandbox's data from FILE at start (if it exists), save it there on exit.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Largest request body accepted, in bytes (larger: 413).
    #[arg(long, default_value_t = DEFAULT_MAX_BODY_BYTES, hide = true)]
    pub max_body_bytes: usize,
}

fn parse_setting(text: &str) -> Result<SettingInput, String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok(SettingInput {
            name: name.to_owned(),
            value: value.to_owned(),
        }),
        _ => Err("expected NAME=VALUE".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every call the catalog gives a subcommand has it, and every endpoint of the
    /// catalog is offered on the command line (helpers may be left to `demo`).
    #[test]
    fn every_catalog_subcommand_exists() {
        use exotel_sip::catalog::{Kind, CATALOG};
        let cli = Cli::command();
        for op in CATALOG {
            match op.cli {
                Some(name) => assert!(
                    cli.find_subcommand(name).is_some(),
                    "{}: no `{name}` subcommand",
                    op.name
                ),
                None => assert_eq!(op.kind, Kind::Custom, "{} has no subcommand", op.name),
            }
        }
    }

    #[test]
    fn settings_parse() {
        let s = parse_setting("trunk_external_alias=+919876543210").unwrap();
        assert_eq!(s.name, "trunk_external_alias");
        assert_eq!(s.value, "+919876543210");
        assert!(parse_setting("novalue").is_err());
        assert!(parse_setting("=x").is_err());
    }
}
