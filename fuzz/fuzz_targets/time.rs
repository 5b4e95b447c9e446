//! Time arithmetic: HTTP dates, Retry-After, rate-limit headers, backoff and the
//! governor on any clock readings: no panic or overflow; a governor never hands
//! out a send time before an earlier one, nor a wait beyond what it was allowed.
#![no_main]

use exotel_sip::envelope::{parse_http_date, retry_after_ms};
use exotel_sip::{Governor, Header, HttpResponse, RateLimit, RetryPolicy, ServerLimits};
use exotel_sip_fuzz::{parts, text};
use libfuzzer_sys::fuzz_target;

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    for (i, b) in bytes.iter().skip(at).take(8).enumerate() {
        word[i] = *b;
    }
    u64::from_le_bytes(word)
}

fuzz_target!(|data: &[u8]| {
    let p = parts(data, 3);
    let dates = text(p.first().copied().unwrap_or_default());
    let mut lines = dates.lines();
    let (first, second) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    if let Some(seconds) = parse_http_date(first) {
        // RFC 9110's four-digit years: at most the end of 9999.
        assert!(seconds <= 253_402_300_799, "{first:?} -> {seconds}");
    }
    let response = HttpResponse::new(
        429,
        vec![
            Header::new("Retry-After", first),
            Header::new("Date", second),
            Header::new("X-RateLimit-Limit", second),
            Header::new("X-RateLimit-Remaining", first),
            Header::new("X-RateLimit-Reset", first),
        ],
        "",
    );
    let _ = retry_after_ms(&response);
    let limits = ServerLimits::from_response(&response);

    let nums = p.get(1).copied().unwrap_or_default();
    let policy = RetryPolicy {
        max_attempts: (u64_at(nums, 0) % 10) as u32,
        base_delay_ms: u64_at(nums, 4) as u32,
        max_delay_ms: u64_at(nums, 8) as u32,
        max_elapsed_ms: u64_at(nums, 12) as u32,
    };
    for retry in [0, 1, 2, 31, 64, u32::MAX] {
        let backoff = policy.backoff_ms(retry, u64_at(nums, 16));
        assert!(backoff <= u64::from(policy.max_delay_ms));
    }

    let limit = RateLimit {
        requests_per_minute: (u64_at(nums, 24) % 300) as u32,
        requests_per_second: (u64_at(nums, 26) % 30) as u32,
        max_in_flight: (u64_at(nums, 28) % 60) as u32,
        latency_margin_ms: (u64_at(nums, 30) % 5_000) as u32,
    };
    let governor = Governor::new(limit);
    let steps = p.get(2).copied().unwrap_or_default();
    let mut now = u64_at(steps, 0);
    let mut last_send = 0u64;
    for (i, op) in steps.iter().enumerate().skip(8).take(400) {
        match op % 8 {
            0 => now = u64_at(steps, i),
            1 => {
                let pause = governor.pause(now, Some(u64_at(steps, i)));
                assert!(now.checked_add(pause).is_some());
            }
            2 => {
                if let Some(limits) = limits {
                    let _ = governor.observe(now, limits);
                }
            }
            _ => {
                let max_wait = u64_at(steps, i) % 200_000;
                if let Ok(wait) = governor.reserve(now, max_wait) {
                    assert!(wait == 0 || wait < max_wait, "waited {wait} of {max_wait}");
                    // Sends stay in order, whatever the clock does.
                    let send = now.saturating_add(wait);
                    assert!(
                        send >= last_send,
                        "a send at {send} before one at {last_send}"
                    );
                    last_send = send;
                }
                now = now.saturating_add(u64::from(*op));
            }
        }
    }
});
