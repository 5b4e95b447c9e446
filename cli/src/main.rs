//! `exotel-sip`: the Exotel SIP Trunking API from the command line.
//!
//! One subcommand per endpoint, `demo` (the README's first command: a PSTN and a
//! StreamKit trunk set up on an embedded sandbox, or on a real account with
//! `--live --yes`), `completions` and `sandbox`. See `exotel-sip --help` and the
//! crate README for flags, environment variables and exit codes.

mod args;
mod call;
mod demo;
mod output;
mod sandbox;

use exotel_sip::ops::{DeleteTrunk, GetTrunkCredentials};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use exotel_sip::native::{native_client, NativeClient};
use exotel_sip::ops::{
    AddDestinations, CreateTrunk, ListQuery, Listed, MapPhoneNumber, SetTrunkSettings,
    UpdatePhoneNumberMode, WhitelistIp,
};
use exotel_sip::validate::Rule;
use exotel_sip::{
    Config, Credentials, DestinationUri, Endpoint, Error, Page, PhoneNumber, Region, WhitelistedIp,
};
use serde::Serialize;

use crate::args::{Cli, Command, Connection, ListArgs};
use crate::output::{print_failure, print_result, AllItems, Failure, Render, Row};

fn main() -> ExitCode {
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        // Help and version exit 0; usage errors exit 2 (clap's code).
        Err(err) => err.exit(),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    let json = cli.json;
    if let Command::Completions { shell } = cli.command {
        let mut command = Cli::command();
        clap_complete::generate(shell, &mut command, "exotel-sip", &mut std::io::stdout());
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            let failure = Failure::Other(format!("cannot start the async runtime: {err}"));
            print_failure(&failure, json, None);
            return ExitCode::from(failure.exit_code());
        }
    };
    let result = runtime.block_on(run(cli, &matches));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            print_failure(&failure, json, None);
            ExitCode::from(failure.exit_code())
        }
    }
}

async fn run(cli: Cli, matches: &clap::ArgMatches) -> Result<(), Failure> {
    let json = cli.json;
    let connection = &cli.connection;
    match cli.command {
        Command::Demo(demo) => demo::run(connection, &demo, json).await,
        Command::Sandbox(args) => sandbox::run(&args, connection, matches).await,
        Command::Completions { .. } => Ok(()),
        Command::Call { args } => call::run(&client(connection)?, &args).await,
        Command::CreateTrunk {
            name,
            nso_code,
            domain_name,
        } => {
            let input = CreateTrunk {
                trunk_name: name,
                nso_code,
                domain_name,
            };
            let trunk = client(connection)?.create_trunk(&input).await?;
            print_result(&trunk, json);
            Ok(())
        }
        Command::DeleteTrunk { trunk } => {
            let deleted = client(connection)?
                .delete_trunk(&DeleteTrunk::new(&trunk.trunk_sid))
                .await?;
            print_result(&deleted, json);
            Ok(())
        }
        Command::MapNumber {
            trunk,
            number,
            mode,
        } => {
            let input = MapPhoneNumber {
                trunk_sid: trunk.trunk_sid,
                phone_number: number,
                mode: mode.map(Into::into),
            };
            let mapped = client(connection)?.map_phone_number(&input).await?;
            print_result(&mapped, json);
            Ok(())
        }
        Command::UpdateNumberMode {
            trunk,
            id,
            number,
            mode,
        } => {
            let input = UpdatePhoneNumberMode {
                trunk_sid: trunk.trunk_sid,
                phone_number_id: id,
                phone_number: number,
                mode: mode.into(),
            };
            let updated = client(connection)?.update_phone_number_mode(&input).await?;
            print_result(&updated, json);
            Ok(())
        }
        Command::WhitelistIp { trunk, ip, mask } => {
            let input = WhitelistIp {
                trunk_sid: trunk.trunk_sid,
                ip,
                mask,
            };
            let entry = client(connection)?.whitelist_ip(&input).await?;
            print_result(&entry, json);
            Ok(())
        }
        Command::AddDestinations {
            trunk,
            destinations,
        } => {
            let input = AddDestinations {
                trunk_sid: trunk.trunk_sid,
                destinations,
            };
            let batch = client(connection)?.add_destinations(&input).await?;
            print_result(&batch, json);
            Ok(())
        }
        Command::SetAlias { trunk, number } => {
            let input = SetTrunkSettings::caller_id_alias(trunk.trunk_sid, number);
            let batch = client(connection)?.set_trunk_settings(&input).await?;
            print_result(&batch, json);
            Ok(())
        }
        Command::SetSettings { trunk, settings } => {
            let input = SetTrunkSettings {
                trunk_sid: trunk.trunk_sid,
                settings,
            };
            let batch = client(connection)?.set_trunk_settings(&input).await?;
            print_result(&batch, json);
            Ok(())
        }
        Command::ListNumbers(list) => list_command::<PhoneNumber>(connection, list, json).await,
        Command::ListIps(list) => list_command::<WhitelistedIp>(connection, list, json).await,
        Command::ListDestinations(list) => {
            list_command::<DestinationUri>(connection, list, json).await
        }
        Command::Credentials { trunk } => {
            let value = client(connection)?
                .get_trunk_credentials(&GetTrunkCredentials::new(&trunk.trunk_sid))
                .await?;
            print_result(&value, json);
            Ok(())
        }
    }
}

/// One page, or every page with `--all`.
async fn list_command<R>(connection: &Connection, list: ListArgs, json: bool) -> Result<(), Failure>
where
    R: Listed + Row + Serialize,
    Page<R>: Render,
{
    let client = client(connection)?;
    let query = ListQuery {
        trunk_sid: list.trunk.trunk_sid,
        offset: list.offset,
        page_size: list.page_size,
    };
    if list.all {
        let items = client.pages::<R>(query).collect_items().await?;
        print_result(&AllItems { items }, json);
    } else {
        let page = client
            .execute(&exotel_sip::ops::List::<R>::new(query))
            .await?;
        print_result(&page, json);
    }
    Ok(())
}

/// A value from a flag or its environment variable; missing or empty is a
/// validation error naming both.
fn required(value: Option<&str>, field: &str, flag: &str, env: &str) -> Result<String, Error> {
    match value {
        Some(value) if !value.is_empty() => Ok(value.to_owned()),
        _ => Err(Error::validation(
            field,
            Rule::Required,
            "",
            format!("pass {flag} or set {env}"),
        )),
    }
}

/// The configuration from flags and environment: credentials are required.
pub(crate) fn config(connection: &Connection) -> Result<Config, Error> {
    let api_key = required(
        connection.api_key.as_deref(),
        "api_key",
        "--api-key",
        "EXOTEL_API_KEY",
    )?;
    let api_token = required(
        connection.api_token.as_deref(),
        "api_token",
        "--api-token",
        "EXOTEL_API_TOKEN",
    )?;
    let account_sid = required(
        connection.account_sid.as_deref(),
        "account_sid",
        "--account-sid",
        "EXOTEL_ACCOUNT_SID",
    )?;
    let credentials = Credentials::new(api_key, api_token, account_sid)?;
    let endpoint = match (&connection.base_url, connection.region) {
        (Some(base_url), _) => Endpoint::BaseUrl(base_url.clone()),
        (None, Some(region)) => Endpoint::Region(region.into()),
        (None, None) => Endpoint::Region(Region::Singapore),
    };
    Ok(Config::new(credentials, endpoint)?
        .with_timeout_ms(connection.timeout_ms)
        .with_host_language("rust-cli"))
}

fn client(connection: &Connection) -> Result<NativeClient, Error> {
    native_client(config(connection)?)
}
