//! The governor against the sandbox's three limiter models, on simulated time:
//! with a latency margin that covers the latency spread, random send patterns
//! never draw a 429; with no margin, the same latency does draw them.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // tests assert bluntly

mod common;

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

use common::*;
use exotel_sip::ops::{ListPhoneNumbers, ListQuery};
use exotel_sip::{CallOptions, Clock, RateLimit, RetryPolicy};
use exotel_sip_sandbox::{LimiterModel, SandboxConfig};
use proptest::prelude::*;

const MODELS: [LimiterModel; 3] = [
    LimiterModel::SlidingWindow,
    LimiterModel::FixedWindow,
    LimiterModel::TokenBucket,
];

/// A trunk SID of the right shape (unknown to the sandbox: each call is a 4xx,
/// which the limiter counts like any other arrival).
const SID: &str = "trmum1f708622631150902801a1n";

/// Polls every future until all are done.
async fn join_all(mut calls: Vec<Pin<Box<dyn Future<Output = ()> + '_>>>) {
    poll_fn(|cx| {
        calls.retain_mut(|call| call.as_mut().poll(cx).is_pending());
        if calls.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}

/// Starts one call at each of `starts` (ms), the client and the sandbox both at
/// `rpm`, the sandbox counting under `model` with a latency drawn in
/// `0..=latency_max`; the number of 429s drawn.
#[allow(clippy::too_many_arguments)]
fn run(
    model: LimiterModel,
    rpm: u32,
    latency_max: u64,
    margin_ms: u32,
    per_second: u32,
    starts: &[u64],
    seed: u64,
) -> usize {
    let (sandbox, client, clock) = sim(SandboxConfig {
        rpm,
        concurrency: 0,
        limiter: model,
        latency_min_ms: 0,
        latency_max_ms: latency_max,
        seed,
        ..SandboxConfig::default()
    });
    let client = client
        .with_rate_limit(RateLimit {
            requests_per_minute: rpm,
            requests_per_second: per_second,
            max_in_flight: 0,
            latency_margin_ms: margin_ms,
        })
        .with_retry_policy(RetryPolicy::none());
    // Long enough for any governor wait of these patterns (one a minute at worst).
    let longest = starts.iter().max().copied().unwrap_or(0) + starts.len() as u64 * 61_000;
    let options = CallOptions {
        timeout_ms: Some(u32::try_from(longest + 200_000).unwrap()),
        retry: None,
    };
    let list = ListPhoneNumbers::new(ListQuery::new(SID));
    let calls = starts
        .iter()
        .map(|&at| {
            let (client, clock, list, options) = (&client, clock.clone(), &list, &options);
            Box::pin(async move {
                clock.sleep(at).await;
                let _ = client.execute_with(list, options).await;
            }) as Pin<Box<dyn Future<Output = ()>>>
        })
        .collect();
    clock.run(join_all(calls));
    let log = sandbox.requests();
    assert_eq!(log.len(), starts.len(), "every call was sent once");
    log.iter().filter(|r| r.status == Some(429)).count()
}

/// Groups of `count` calls started together at `at` ms.
fn pattern() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec((0u64..150_000, 1usize..12), 1..8).prop_map(|groups| {
        groups
            .into_iter()
            .flat_map(|(at, count)| std::iter::repeat_n(at, count))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn with_a_margin_over_the_latency_spread_no_model_ever_refuses(
        starts in pattern(),
        rpm in prop_oneof![Just(1u32), Just(3), Just(10)],
        latency_max in 0u64..=400,
        per_second in prop_oneof![Just(0u32), 1u32..6],
        seed in any::<u64>(),
    ) {
        for model in MODELS {
            let drawn = run(model, rpm, latency_max, 500, per_second, &starts, seed);
            prop_assert_eq!(drawn, 0, "{:?}", model);
        }
    }
}

/// At one a minute: a call every minute from 700 ms after the sandbox's start
/// (which is 59 s into a clock minute, so each arrival is near a minute's edge).
fn each_minute() -> Vec<u64> {
    (0..6).map(|g| 700 + g * 60_000).collect()
}

#[test]
fn without_a_margin_latency_draws_429s_under_every_model() {
    for model in MODELS {
        let drawn: usize = (0..10)
            .map(|seed| run(model, 1, 400, 0, 0, &each_minute(), seed))
            .sum();
        // One sent a minute after another but arriving sooner than it did breaks
        // every model; latency 0..400 ms makes that likely in ten runs.
        assert!(drawn > 0, "{model:?}: no 429 in ten runs");
        println!("{model:?} without a margin: {drawn} 429s in 10 runs of 6 calls");
        // The same sends with the margin: none.
        for seed in 0..10 {
            assert_eq!(run(model, 1, 400, 500, 0, &each_minute(), seed), 0);
        }
    }
}

#[test]
fn without_latency_no_margin_is_needed() {
    for model in MODELS {
        for seed in 0..3 {
            assert_eq!(run(model, 1, 0, 0, 0, &each_minute(), seed), 0, "{model:?}");
        }
    }
}

#[test]
fn bulk_runs_at_the_limit_after_the_first_minute() {
    // 60 calls at once at 10 a minute: 10 now, then 10 every 60.5 s.
    let (sandbox, client, clock) = sim(SandboxConfig {
        rpm: 10,
        concurrency: 0,
        ..SandboxConfig::default()
    });
    let client = client.with_rate_limit(RateLimit {
        requests_per_minute: 10,
        ..RateLimit::default()
    });
    let options = CallOptions {
        timeout_ms: Some(3_600_000),
        retry: None,
    };
    let list = ListPhoneNumbers::new(ListQuery::new(SID));
    let calls = (0..60)
        .map(|_| {
            Box::pin(async {
                let _ = client.execute_with(&list, &options).await;
            }) as Pin<Box<dyn Future<Output = ()>>>
        })
        .collect();
    clock.run(join_all(calls));
    let log = sandbox.requests();
    assert!(log.iter().all(|r| r.status != Some(429)));
    let last = log.iter().map(|r| r.at_ms).max().unwrap() - NOW;
    assert_eq!(last, 5 * 60_500, "at 60 / 60.5 = 99.2 % of the limit");
}
