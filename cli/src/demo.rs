//! `exotel-sip demo`: a PSTN trunk and a StreamKit trunk, set up step by step and
//! listed, on an embedded sandbox (default) or a real account (`--live --yes`).

use std::fmt::Write as _;

use exotel_sip::native::{native_client, NativeClient};
use exotel_sip::ops::{
    AddDestinations, CreateTrunk, ListQuery, MapPhoneNumber, Operation, SetTrunkSettings,
    WhitelistIp,
};
use exotel_sip::{
    Config, Credentials, DestinationUri, Endpoint, Error, Mode, PhoneNumber, RateLimit,
    WhitelistedIp,
};
use exotel_sip_sandbox_server::{start, ServerOptions};
use serde::Serialize;
use serde_json::{json, Value};

use crate::args::{Connection, DemoArgs};
use crate::output::{self, cidr, exit_code, mode, pretty, print_failure, rows, Failure};

/// The line printed when the PSTN trunk is set up (tests and scripts look for it).
pub const PSTN_DONE: &str = "PSTN setup done";
/// The line printed when the StreamKit trunk is set up.
pub const STREAMKIT_DONE: &str = "StreamKit setup done";

/// What the demo will create.
#[derive(Debug)]
struct Plan {
    pstn_trunk: String,
    streamkit_trunk: String,
    pstn_number: String,
    streamkit_number: String,
    pbx_ip: String,
    pbx_fqdn: String,
    bot_ip: String,
}

/// A SID that passes the format check, to validate inputs before any trunk exists.
const PLANNED_SID: &str = "trplanned";

impl Plan {
    fn new(args: &DemoArgs) -> Plan {
        Plan {
            pstn_trunk: args.pstn_trunk_name.clone(),
            streamkit_trunk: args.streamkit_trunk_name.clone(),
            pstn_number: args.pstn_number.clone(),
            streamkit_number: args.streamkit_number.clone(),
            pbx_ip: args.pbx_ip.clone(),
            pbx_fqdn: args.pbx_fqdn.clone(),
            bot_ip: args.bot_ip.clone(),
        }
    }

    fn destinations(&self) -> Vec<String> {
        vec![
            format!("{}:5061;transport=tls", self.pbx_ip),
            format!("{}:5061;transport=tls", self.pbx_fqdn),
        ]
    }

    fn create_pstn(&self) -> CreateTrunk {
        CreateTrunk::new(self.pstn_trunk.clone())
    }

    fn create_streamkit(&self) -> CreateTrunk {
        CreateTrunk::new(self.streamkit_trunk.clone())
    }

    fn map_pstn(&self, trunk_sid: &str) -> MapPhoneNumber {
        MapPhoneNumber {
            trunk_sid: trunk_sid.to_owned(),
            phone_number: self.pstn_number.clone(),
            mode: Some(Mode::Pstn),
        }
    }

    fn map_streamkit(&self, trunk_sid: &str) -> MapPhoneNumber {
        MapPhoneNumber {
            trunk_sid: trunk_sid.to_owned(),
            phone_number: self.streamkit_number.clone(),
            mode: Some(Mode::Flow),
        }
    }

    fn whitelist_pbx(&self, trunk_sid: &str) -> WhitelistIp {
        WhitelistIp {
            trunk_sid: trunk_sid.to_owned(),
            ip: self.pbx_ip.clone(),
            mask: Some(32),
        }
    }

    fn whitelist_bot(&self, trunk_sid: &str) -> WhitelistIp {
        WhitelistIp {
            trunk_sid: trunk_sid.to_owned(),
            ip: self.bot_ip.clone(),
            mask: Some(32),
        }
    }

    fn add_destinations(&self, trunk_sid: &str) -> AddDestinations {
        AddDestinations {
            trunk_sid: trunk_sid.to_owned(),
            destinations: self.destinations(),
        }
    }

    fn alias(&self, trunk_sid: &str) -> SetTrunkSettings {
        SetTrunkSettings::caller_id_alias(trunk_sid, self.pstn_number.clone())
    }

    /// Every input checked before anything is sent, so a bad flag cannot leave
    /// a half-made setup behind.
    fn validate(&self, config: &Config) -> Result<(), Error> {
        self.create_pstn().validate(config)?;
        self.map_pstn(PLANNED_SID).validate(config)?;
        self.whitelist_pbx(PLANNED_SID).validate(config)?;
        self.add_destinations(PLANNED_SID).validate(config)?;
        self.alias(PLANNED_SID).validate(config)?;
        self.create_streamkit().validate(config)?;
        self.map_streamkit(PLANNED_SID).validate(config)?;
        self.whitelist_bot(PLANNED_SID).validate(config)
    }

    /// The steps in words, numbered as they run.
    fn steps(&self) -> Vec<(&'static str, String)> {
        let destinations = self
            .destinations()
            .iter()
            .map(|d| format!("sip:{d}"))
            .collect::<Vec<_>>()
            .join(" and ");
        vec![
            ("pstn", format!("create trunk {}", self.pstn_trunk)),
            ("pstn", format!("map {} in pstn mode", self.pstn_number)),
            ("pstn", format!("whitelist the PBX's IP {}/32", self.pbx_ip)),
            ("pstn", format!("add destinations {destinations}")),
            (
                "pstn",
                format!(
                    "set the caller ID (trunk_external_alias) to {}",
                    self.pstn_number
                ),
            ),
            (
                "streamkit",
                format!("create trunk {}", self.streamkit_trunk),
            ),
            (
                "streamkit",
                format!(
                    "map {} in flow mode (calls go to the Voice AI bot)",
                    self.streamkit_number
                ),
            ),
            (
                "streamkit",
                format!("whitelist the bot's IP {}/32", self.bot_ip),
            ),
            (
                "pstn",
                format!("list the phone numbers of {}", self.pstn_trunk),
            ),
            (
                "pstn",
                format!("list the whitelisted IPs of {}", self.pstn_trunk),
            ),
            (
                "pstn",
                format!("list the destinations of {}", self.pstn_trunk),
            ),
            (
                "streamkit",
                format!("list the phone numbers of {}", self.streamkit_trunk),
            ),
            (
                "streamkit",
                format!("list the whitelisted IPs of {}", self.streamkit_trunk),
            ),
        ]
    }
}

/// Prints steps as they complete (text) or collects them (JSON).
struct Reporter {
    json: bool,
    steps: Vec<Value>,
    descriptions: Vec<(&'static str, String)>,
}

impl Reporter {
    fn new(json: bool, plan: &Plan) -> Reporter {
        Reporter {
            json,
            steps: Vec::new(),
            descriptions: plan.steps(),
        }
    }

    fn text(&self, text: &str) {
        if !self.json {
            print!("{text}");
        }
    }

    fn next_description(&self) -> (usize, &'static str, String) {
        let n = self.steps.len() + 1;
        let (setup, description) = self
            .descriptions
            .get(n - 1)
            .cloned()
            .unwrap_or(("", String::new()));
        (n, setup, description)
    }

    /// Records step N: what was asked, what the server returned.
    fn step<T: Serialize>(&mut self, action: &str, result: &T, returned: &str) {
        let (n, setup, description) = self.next_description();
        if !self.json {
            let mut text = format!("{n:>3}. {description}\n");
            for line in returned.lines() {
                let _ = writeln!(text, "       {line}");
            }
            print!("{text}");
        }
        let result = serde_json::to_value(result).unwrap_or(Value::Null);
        self.steps.push(json!({
            "step": n,
            "setup": setup,
            "action": action,
            "description": description,
            "result": result,
        }));
    }

    /// The failure of the step that was running, then the error itself.
    fn fail(&self, err: Error) -> Failure {
        let (n, _, description) = self.next_description();
        let failure = Failure::Sdk(err);
        if self.json {
            print_failure(
                &failure,
                true,
                Some(("steps", Value::Array(self.steps.clone()))),
            );
        } else {
            println!("{n:>3}. {description}\n       FAILED (see the error below)");
            print_failure(&failure, false, None);
        }
        Failure::Printed(failure.exit_code())
    }
}

/// Who the demo talks to, as printed.
#[derive(Debug, Serialize)]
struct Target {
    kind: &'static str,
    base_url: String,
    account_sid: String,
}

/// Runs the demo.
pub async fn run(connection: &Connection, args: &DemoArgs, json: bool) -> Result<(), Failure> {
    if args.live {
        live(connection, args, json).await
    } else {
        embedded(connection, args, json).await
    }
}

async fn embedded(connection: &Connection, args: &DemoArgs, json: bool) -> Result<(), Failure> {
    let server = start(ServerOptions::default())
        .await
        .map_err(|err| Failure::Other(format!("cannot start the embedded sandbox: {err}")))?;
    let sandbox = server.sandbox().config();
    let credentials = Credentials::new(sandbox.api_key, sandbox.api_token, sandbox.account_sid)?;
    let config = Config::new(credentials, Endpoint::BaseUrl(server.url()))?
        .with_timeout_ms(connection.timeout_ms)
        .with_host_language("rust-cli");
    let plan = Plan::new(args);
    plan.validate(&config)?;
    let target = Target {
        kind: "sandbox",
        base_url: server.url(),
        account_sid: config.account_sid().to_owned(),
    };
    if !json {
        println!(
            "exotel-sip demo: embedded sandbox at {} (account {}; no credentials needed, \
             nothing leaves this machine)",
            target.base_url, target.account_sid
        );
        let configured = connection.api_key.is_some()
            || connection.api_token.is_some()
            || connection.account_sid.is_some();
        if configured {
            println!("(credentials from flags or EXOTEL_* are only used with --live)");
        }
    }
    // The sandbox enforces Exotel's limits itself; the demo's dozen calls need no spacing.
    let client = native_client(config)?.with_rate_limit(RateLimit::unlimited());
    let result = execute(&client, &plan, target, json).await;
    // Best effort: the process ends anyway.
    let _ = server.shutdown().await;
    result
}

async fn live(connection: &Connection, args: &DemoArgs, json: bool) -> Result<(), Failure> {
    let config = match crate::config(connection) {
        Ok(config) => config,
        Err(err) => {
            let code = exit_code(&err);
            print_failure(&Failure::Sdk(err), json, None);
            if !json {
                eprintln!(
                    "  hint: demo --live changes a real account and needs its credentials; \
                     without --live the demo runs on an embedded sandbox"
                );
            }
            return Err(Failure::Printed(code));
        }
    };
    let plan = Plan::new(args);
    plan.validate(&config)?;
    let target = Target {
        kind: "live",
        base_url: config.base_url().to_owned(),
        account_sid: config.account_sid().to_owned(),
    };
    let steps = plan.steps();
    if json && !args.yes {
        let planned: Vec<Value> = steps
            .iter()
            .enumerate()
            .map(|(i, (setup, description))| {
                json!({ "step": i + 1, "setup": setup, "description": description })
            })
            .collect();
        println!(
            "{}",
            pretty(&json!({ "target": target, "plan": planned, "applied": false }))
        );
        return Ok(());
    }
    if !json {
        println!(
            "exotel-sip demo --live: account {} at {} (API key {})",
            target.account_sid,
            target.base_url,
            config.credentials().api_key()
        );
        println!("Plan:");
        for (i, (_, description)) in steps.iter().enumerate() {
            println!("{:>3}. {description}", i + 1);
        }
        if !args.yes {
            println!("Nothing was changed. Re-run with --yes to apply this plan to the account.");
            return Ok(());
        }
        println!("Applying (--yes):");
    }
    let client = native_client(config)?;
    execute(&client, &plan, target, json).await
}

/// What the lists showed for one trunk.
#[derive(Debug)]
struct Listed {
    numbers: Vec<PhoneNumber>,
    ips: Vec<WhitelistedIp>,
    destinations: Vec<DestinationUri>,
}

async fn execute(
    client: &NativeClient,
    plan: &Plan,
    target: Target,
    json: bool,
) -> Result<(), Failure> {
    let mut rep = Reporter::new(json, plan);
    let (pstn_sid, streamkit_sid) = match setup(client, plan, &mut rep).await {
        Ok(sids) => sids,
        Err(err) => return Err(rep.fail(err)),
    };
    let (pstn, streamkit) = match list(client, &pstn_sid, &streamkit_sid, &mut rep).await {
        Ok(listed) => listed,
        Err(err) => return Err(rep.fail(err)),
    };
    let pstn_done = format!(
        "{PSTN_DONE}: trunk {} ({pstn_sid}) with {} number(s) in pstn mode, {} whitelisted IP(s), \
         {} destination(s), caller ID {}",
        plan.pstn_trunk,
        count_mode(&pstn.numbers, &Mode::Pstn),
        pstn.ips.len(),
        pstn.destinations.len(),
        plan.pstn_number
    );
    let streamkit_done = format!(
        "{STREAMKIT_DONE}: trunk {} ({streamkit_sid}) with {} number(s) in flow mode, \
         {} whitelisted IP(s)",
        plan.streamkit_trunk,
        count_mode(&streamkit.numbers, &Mode::Flow),
        streamkit.ips.len()
    );
    if json {
        let doc = json!({
            "target": target,
            "steps": rep.steps,
            "pstn": { "trunk_sid": pstn_sid, "trunk_name": plan.pstn_trunk },
            "streamkit": { "trunk_sid": streamkit_sid, "trunk_name": plan.streamkit_trunk },
            "done": [pstn_done, streamkit_done],
        });
        println!("{}", pretty(&doc));
    } else {
        println!();
        println!("{pstn_done}");
        println!("{streamkit_done}");
    }
    Ok(())
}

fn count_mode(numbers: &[PhoneNumber], wanted: &Mode) -> usize {
    numbers
        .iter()
        .filter(|n| &n.mode.effective() == wanted)
        .count()
}

/// Steps 1–8: both trunks made. Returns their SIDs.
async fn setup(
    client: &NativeClient,
    plan: &Plan,
    rep: &mut Reporter,
) -> Result<(String, String), Error> {
    rep.text("\nPSTN trunk: calls between your PBX and the phone network\n");
    let trunk = client.create_trunk(&plan.create_pstn()).await?;
    rep.step("create_trunk", &trunk, &trunk_returned(&trunk));
    let pstn_sid = trunk.trunk_sid;

    let number = client.map_phone_number(&plan.map_pstn(&pstn_sid)).await?;
    rep.step("map_phone_number", &number, &number_returned(&number));

    let ip = client.whitelist_ip(&plan.whitelist_pbx(&pstn_sid)).await?;
    rep.step("whitelist_ip", &ip, &ip_returned(&ip));

    let batch = client
        .add_destinations(&plan.add_destinations(&pstn_sid))
        .await?;
    let returned = batch
        .items
        .iter()
        .map(|d| format!("id {}  {}", d.id, d.destination))
        .collect::<Vec<_>>()
        .join("\n");
    rep.step("add_destinations", &batch, &returned);

    let settings = client.set_trunk_settings(&plan.alias(&pstn_sid)).await?;
    let returned = settings
        .items
        .iter()
        .map(|s| format!("{} = {}", s.name, s.value))
        .collect::<Vec<_>>()
        .join("\n");
    rep.step("set_trunk_settings", &settings, &returned);

    rep.text("\nStreamKit trunk: calls to a Voice AI bot\n");
    let trunk = client.create_trunk(&plan.create_streamkit()).await?;
    rep.step("create_trunk", &trunk, &trunk_returned(&trunk));
    let streamkit_sid = trunk.trunk_sid;

    let number = client
        .map_phone_number(&plan.map_streamkit(&streamkit_sid))
        .await?;
    rep.step("map_phone_number", &number, &number_returned(&number));

    let ip = client
        .whitelist_ip(&plan.whitelist_bot(&streamkit_sid))
        .await?;
    rep.step("whitelist_ip", &ip, &ip_returned(&ip));
    Ok((pstn_sid, streamkit_sid))
}

/// Steps 9–13: every page of every list of both trunks.
async fn list(
    client: &NativeClient,
    pstn_sid: &str,
    streamkit_sid: &str,
    rep: &mut Reporter,
) -> Result<(Listed, Listed), Error> {
    rep.text("\nWhat the account now holds\n");
    let pstn = Listed {
        numbers: list_step(client, rep, pstn_sid, "list_phone_numbers").await?,
        ips: list_step(client, rep, pstn_sid, "list_whitelisted_ips").await?,
        destinations: list_step(client, rep, pstn_sid, "list_destinations").await?,
    };
    let streamkit = Listed {
        numbers: list_step(client, rep, streamkit_sid, "list_phone_numbers").await?,
        ips: list_step(client, rep, streamkit_sid, "list_whitelisted_ips").await?,
        destinations: Vec::new(),
    };
    Ok((pstn, streamkit))
}

async fn list_step<R>(
    client: &NativeClient,
    rep: &mut Reporter,
    trunk_sid: &str,
    action: &str,
) -> Result<Vec<R>, Error>
where
    R: exotel_sip::ops::Listed + output::Row + Serialize,
{
    let items = client
        .pages::<R>(ListQuery::new(trunk_sid))
        .collect_items()
        .await?;
    rep.step(action, &items, &rows(&items, ""));
    Ok(items)
}

fn trunk_returned(trunk: &exotel_sip::Trunk) -> String {
    format!(
        "trunk_sid {}, status {}, domain {}",
        trunk.trunk_sid,
        output::opt(&trunk.status),
        output::opt(&trunk.domain_name)
    )
}

fn number_returned(number: &PhoneNumber) -> String {
    format!(
        "id {}, {} in mode {}",
        number.id,
        number.phone_number,
        mode(&number.mode)
    )
}

fn ip_returned(ip: &WhitelistedIp) -> String {
    format!("id {}, {}", ip.id, cidr(ip))
}
