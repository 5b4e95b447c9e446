//! JavaScript: the generated regions of `bindings-js/js/client.mjs` (methods of
//! `ExotelClient`) and `bindings-js/types/index.d.ts` (their declarations, TSDoc).
//!
//! Inputs are one object with the wire (snake_case) field names, except a call
//! whose only field is one required id, which takes it as a string
//! (`deleteTrunk(trunkSid)`).

use super::{endpoints, lower_first};
use std::fmt::Write;

use exotel_sip::catalog::{OperationSpec, ResultSpec};

use super::kotlin::camel;

/// The one field a call takes as a bare string, if it takes one.
fn positional(op: &OperationSpec) -> Option<&'static str> {
    match op.fields {
        [only] if only.required => Some(only.name),
        _ => None,
    }
}

fn input_type(op: &OperationSpec) -> String {
    if op.input == "ListQuery" {
        "ListQuery".to_owned()
    } else {
        format!("{}Input", op.input)
    }
}

fn result_type(result: ResultSpec) -> String {
    match result {
        ResultSpec::Single(m) | ResultSpec::Custom(m) => m.to_owned(),
        ResultSpec::OneOrList(m) => format!("{m}[]"),
        ResultSpec::Batch { item, .. } => format!("Batch<{item}>"),
        ResultSpec::Page { item, .. } => format!("Page<{item}>"),
        ResultSpec::Json => "unknown".to_owned(),
    }
}

fn tsdoc(out: &mut String, op: &OperationSpec, summary: &str, indent: &str, params: bool) {
    let _ = writeln!(out, "{indent}/**");
    let _ = writeln!(out, "{indent} * {summary}");
    if !op.doc.is_empty() {
        let _ = writeln!(out, "{indent} *\n{indent} * {}", op.doc);
    }
    if params {
        let _ = writeln!(out, "{indent} *");
        match positional(op) {
            Some(name) => {
                if let Some(f) = op.fields.first() {
                    let _ = writeln!(out, "{indent} * @param {} {}", camel(name), f.doc);
                }
            }
            None => {
                let _ = writeln!(out, "{indent} * @param input");
                for f in op.fields {
                    let default = f
                        .default
                        .map(|d| format!(" Default: `{d}`."))
                        .unwrap_or_default();
                    let _ = writeln!(out, "{indent} *   - `{}`: {}{default}", f.name, f.doc);
                }
            }
        }
        let _ = writeln!(
            out,
            "{indent} * @param options This call's `timeoutMs`, `retry` and abort `signal` (default: the client's)."
        );
    }
    let _ = writeln!(out, "{indent} */");
}

/// The default policies of `client.mjs`, written from the core's own defaults
/// (so the JS constants cannot drift from what the core applies).
pub fn defaults() -> String {
    let l = exotel_sip::RateLimit::default();
    let r = exotel_sip::RetryPolicy::default();
    format!(
        "/** The core's default limits: {rpm} requests a minute and {inflight} in flight (Exotel's), \
         at most {rps} a second, a {margin} ms latency margin. */\n\
         export const DEFAULT_RATE_LIMIT = Object.freeze({{ requestsPerMinute: {rpm}, \
         requestsPerSecond: {rps}, maxInFlight: {inflight}, latencyMarginMs: {margin} }});\n\
         /** The core's default retry policy. */\n\
         export const DEFAULT_RETRY_POLICY = Object.freeze({{ maxAttempts: {attempts}, \
         baseDelayMs: {base}, maxDelayMs: {max}, maxElapsedMs: {elapsed} }});\n",
        rpm = l.requests_per_minute,
        rps = l.requests_per_second,
        inflight = l.max_in_flight,
        margin = l.latency_margin_ms,
        attempts = r.max_attempts,
        base = r.base_delay_ms,
        max = r.max_delay_ms,
        elapsed = r.max_elapsed_ms,
    )
}

/// The region of the `ExotelClient` class in `client.mjs`.
pub fn client() -> String {
    let mut out = String::new();
    for op in endpoints() {
        let (param, input) = match positional(op) {
            Some(name) => (camel(name), format!("{{ {name}: {} }}", camel(name))),
            None => ("input".to_owned(), "input".to_owned()),
        };
        if let ResultSpec::Page { .. } = op.result {
            let resource = op.name.strip_prefix("list_").unwrap_or(op.name);
            let page_fn = camel(&op.page_name().unwrap_or_default());
            tsdoc(
                &mut out,
                op,
                &format!(
                    "{} Lazy: `for await` the items; `.pages()` yields whole pages.",
                    op.summary
                ),
                "    ",
                false,
            );
            let _ = writeln!(
                out,
                "    {}({param}, options) {{\n      return this.#items('{resource}', {input}, options);\n    }}",
                camel(op.name)
            );
            tsdoc(
                &mut out,
                op,
                &format!("One page: {}", lower_first(op.summary)),
                "    ",
                false,
            );
            let _ = writeln!(
                out,
                "    {page_fn}({param}, options) {{\n      return this.#call('{}', {input}, options);\n    }}",
                op.name
            );
            continue;
        }
        tsdoc(&mut out, op, op.summary, "    ", false);
        let _ = writeln!(
            out,
            "    {}({param}, options) {{\n      return this.#call('{}', {input}, options);\n    }}",
            camel(op.name),
            op.name
        );
    }
    out
}

/// The region of `declare class ExotelClient` in `index.d.ts`.
pub fn types() -> String {
    let mut out = String::new();
    for op in endpoints() {
        let param = match positional(op) {
            Some(name) => format!("{}: string", camel(name)),
            None => format!("input: {}", input_type(op)),
        };
        if let ResultSpec::Page { item, .. } = op.result {
            let page_fn = camel(&op.page_name().unwrap_or_default());
            tsdoc(
                &mut out,
                op,
                &format!(
                    "{} Lazy: `for await (const x of client.{}(…))` fetches a page when it needs one; `.pages()` yields whole pages.",
                    op.summary,
                    camel(op.name)
                ),
                "  ",
                true,
            );
            let _ = writeln!(
                out,
                "  {}({param}, options?: CallOptions): ItemIterator<{item}>;",
                camel(op.name)
            );
            tsdoc(
                &mut out,
                op,
                &format!("One page: {}", lower_first(op.summary)),
                "  ",
                true,
            );
            let _ = writeln!(
                out,
                "  {page_fn}({param}, options?: CallOptions): Promise<Page<{item}>>;"
            );
            continue;
        }
        tsdoc(&mut out, op, op.summary, "  ", true);
        let _ = writeln!(
            out,
            "  {}({param}, options?: CallOptions): Promise<{}>;",
            camel(op.name),
            result_type(op.result)
        );
    }
    out
}
