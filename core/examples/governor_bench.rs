//! Benchmark (not a test): 2,000 phone-number mappings against the sandbox server
//! limited to 600 requests/minute, three ways:
//! - governed: the SDK's bulk helper (governor at 600/min, 50 in flight, retries on),
//!   once against each of the sandbox's limiter models (sliding window, fixed
//!   window, token bucket);
//! - naive sequential: a plain loop, no governor, no retries;
//! - naive fan-out: 50 concurrent tasks, no governor, no retries.
//!
//! Reports throughput after the first minute as a fraction of the limit, and 429s drawn.
//! Run: `cargo run --release -p exotel-sip --features reqwest --example governor_bench [N]`

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Instant;

use exotel_sip::native::native_client;
use exotel_sip::ops::{CreateTrunk, MapPhoneNumber};
use exotel_sip::{Config, Credentials, Endpoint, RateLimit, RetryPolicy};
use exotel_sip_sandbox::{LimiterModel, SandboxConfig};
use exotel_sip_sandbox_server::{start, ServerOptions};

const LIMIT: u32 = 600;

struct Report {
    name: &'static str,
    model: LimiterModel,
    wall_s: f64,
    ok: usize,
    throttled: usize,
    after_first_minute: Option<f64>,
}

fn numbers(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("+91980{i:07}")).collect()
}

type Outcome<T> = Result<T, Box<dyn StdError + Send + Sync>>;

async fn run(
    name: &'static str,
    model: LimiterModel,
    n: usize,
    url: &str,
    sandbox: &exotel_sip_sandbox::Sandbox,
) -> Outcome<Report> {
    sandbox.reset();
    sandbox.lock().set_limiter(model);
    let credentials = Credentials::new("sandbox_key", "sandbox_token", "ameyo5m")?;
    let config = Config::new(credentials, Endpoint::BaseUrl(url.to_owned()))?;
    let client = native_client(config)?;
    let (client, fan_out) = match name {
        "governed" => (
            client.with_rate_limit(RateLimit {
                requests_per_minute: LIMIT,
                ..RateLimit::default()
            }),
            50,
        ),
        "naive sequential" => (
            client
                .with_rate_limit(RateLimit::unlimited())
                .with_retry_policy(RetryPolicy::none()),
            1,
        ),
        _ => (
            client
                .with_rate_limit(RateLimit::unlimited())
                .with_retry_policy(RetryPolicy::none()),
            50,
        ),
    };
    let client = Arc::new(client);
    let sid = client
        .create_trunk(&CreateTrunk::new("bench"))
        .await?
        .trunk_sid;
    sandbox.clear_requests();
    let inputs: Vec<MapPhoneNumber> = numbers(n)
        .into_iter()
        .map(|phone_number| MapPhoneNumber {
            trunk_sid: sid.clone(),
            phone_number,
            mode: None,
        })
        .collect();
    let started = Instant::now();
    if name == "governed" {
        let outcomes = client.map_phone_numbers(&inputs, fan_out).await?;
        let failed = outcomes
            .iter()
            .filter(|o| matches!(o.outcome, exotel_sip::BulkOutcome::Failed { .. }))
            .count();
        if failed > 0 {
            return Err(format!("governed run had {failed} failures").into());
        }
    } else {
        let queue = Arc::new(std::sync::Mutex::new(inputs.into_iter()));
        let mut tasks = Vec::new();
        for _ in 0..fan_out {
            let (client, queue) = (client.clone(), queue.clone());
            tasks.push(tokio::spawn(async move {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.next());
                    let Some(input) = next else { break };
                    let _ = client.map_phone_number(&input).await;
                }
            }));
        }
        for t in tasks {
            t.await?;
        }
    }
    let wall_s = started.elapsed().as_secs_f64();
    let log: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    let ok: Vec<u64> = log
        .iter()
        .filter(|r| r.status == Some(200))
        .map(|r| r.at_ms)
        .collect();
    let throttled = log.iter().filter(|r| r.status == Some(429)).count();
    let t0 = log.first().map_or(0, |r| r.at_ms);
    let last = ok.last().copied().unwrap_or(t0);
    let after: Vec<&u64> = ok.iter().filter(|&&t| t > t0 + 60_000).collect();
    let after_first_minute = (last > t0 + 60_000 && !after.is_empty()).then(|| {
        let minutes = (last - (t0 + 60_000)) as f64 / 60_000.0;
        after.len() as f64 / minutes / f64::from(LIMIT)
    });
    Ok(Report {
        name,
        model,
        wall_s,
        ok: ok.len(),
        throttled,
        after_first_minute,
    })
}

#[tokio::main]
async fn main() -> Outcome<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let config = SandboxConfig {
        rpm: LIMIT,
        concurrency: 50,
        ..SandboxConfig::default()
    };
    let server = start(ServerOptions {
        config,
        ..ServerOptions::default()
    })
    .await?;
    let url = server.url();
    println!(
        "{n} mappings against the sandbox at {url}, limited to {LIMIT}/minute and 50 in flight\n"
    );
    println!(
        "{:<18} {:<15} {:>8} {:>8} {:>8} {:>26}",
        "run", "sandbox limiter", "wall s", "200s", "429s", "after 1st minute / limit"
    );
    let runs = [
        ("governed", LimiterModel::SlidingWindow),
        ("governed", LimiterModel::FixedWindow),
        ("governed", LimiterModel::TokenBucket),
        ("naive sequential", LimiterModel::SlidingWindow),
        ("naive fan-out", LimiterModel::SlidingWindow),
    ];
    for (name, model) in runs {
        let r = run(name, model, n, &url, server.sandbox()).await?;
        let after = r
            .after_first_minute
            .map_or("n/a (done within a minute)".to_owned(), |f| {
                format!("{:.1}%", f * 100.0)
            });
        println!(
            "{:<18} {:<15} {:>8.1} {:>8} {:>8} {:>26}",
            r.name,
            r.model.as_str(),
            r.wall_s,
            r.ok,
            r.throttled,
            after
        );
    }
    server.shutdown().await?;
    Ok(())
}
