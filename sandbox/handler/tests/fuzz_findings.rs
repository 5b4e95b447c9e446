//! Regression tests for the sandbox defects a first fuzzing run found (issue #18).

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // tests assert bluntly

mod common;

use common::*;
use exotel_sip_sandbox::{requests, SandboxConfig, State, LOG_BODY_BYTES, LOG_MAX_BYTES};

/// Defect 8: with `rpm: 1`, two arrivals at the end of u64 time panicked on
/// `oldest + WINDOW_MS`. Now the second is limited, as at any other time.
#[test]
fn arrivals_at_the_end_of_time_are_limited_without_panicking() {
    let list = format!("{ACCOUNT}/trunks/trmum1f708622631150902801a1n/phone-numbers");
    for now in [u64::MAX, u64::MAX - 1] {
        let mut state_at = State::new(SandboxConfig {
            rpm: 1,
            ..SandboxConfig::default()
        });
        let first = call(&mut state_at, now, &api("GET", &list, ""));
        assert_ne!(first.status, 429);
        let second = call(&mut state_at, now, &api("GET", &list, ""));
        assert_eq!(second.status, 429);
    }
}

/// Defect 9: the request log kept every whole body, before authentication: 2,000
/// unauthenticated 1 MiB requests took the server to 2 GB. The log is now bounded
/// by bytes, and each body in it is cut.
#[test]
fn the_request_log_is_bounded_by_bytes() {
    let mut state = state();
    let body = "x".repeat(1 << 20);
    let target = format!("{ACCOUNT}/trunks");
    for _ in 0..200 {
        // No Authorization: refused with 401, but logged.
        call(&mut state, NOW, &raw("POST", &target, &[], &body));
    }
    let log = requests(&state);
    assert!(!log.is_empty());
    let held: usize = log
        .iter()
        .map(|r| r.body.len() + r.path.len() + r.method.len())
        .sum();
    assert!(held <= LOG_MAX_BYTES, "the log holds {held} bytes");
    for entry in &log {
        assert_eq!(entry.body.len(), LOG_BODY_BYTES, "bodies are cut");
        assert_eq!(entry.body_bytes, 1 << 20, "with their whole length noted");
        assert_eq!(entry.status, Some(401));
    }
    // The most recent are the ones kept.
    assert_eq!(log.last().unwrap().seq, 200);
    // A multi-byte character is never split.
    let mut state = state_with_one("é".repeat(LOG_BODY_BYTES));
    let entry = requests(&state).pop().unwrap();
    assert!(entry.body.len() <= LOG_BODY_BYTES && entry.body.chars().all(|c| c == 'é'));
    exotel_sip_sandbox::clear_requests(&mut state);
    assert!(requests(&state).is_empty());
}

fn state_with_one(body: String) -> State {
    let mut state = state();
    call(
        &mut state,
        NOW,
        &raw("POST", &format!("{ACCOUNT}/trunks"), &[], &body),
    );
    state
}
