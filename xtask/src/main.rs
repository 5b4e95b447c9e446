//! The project's task runner: `cargo xtask <task>` (see `cargo xtask --help`).
//!
//! Each task runs the same commands CI runs, so a contributor reproduces any CI
//! step with one command. No tool is installed here that `scripts/install-tools.sh`
//! does not install.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use clap::{Parser, Subcommand};

mod codegen;

/// The fuzz targets under `fuzz/fuzz_targets/`.
const FUZZ_TARGETS: [&str; 5] = ["responses", "inputs", "sandbox", "time", "client"];

/// Executions of the smoke per target: about a minute each on one core of
/// the CI machine (measured: responses ~20k/s, inputs ~30k/s, sandbox ~3k/s,
/// time ~90k/s, client ~2k/s).
fn smoke_runs(target: &str) -> u64 {
    match target {
        "responses" => 1_000_000,
        "inputs" => 1_500_000,
        "sandbox" => 150_000,
        "time" => 4_000_000,
        _ => 120_000,
    }
}

#[derive(Parser)]
#[command(about = "exotel-sip tasks: the same commands CI runs", version)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Install every tool, then run every suite (exactly what CI runs).
    Test,
    /// Rust: format, lints and every crate's tests.
    Rust,
    /// Python: wheel, pytest, mypy, examples (bindings-python/scripts/ci.sh).
    Python,
    /// Kotlin/JVM: jar, JUnit 5 tests, examples (bindings-kotlin/scripts/ci.sh).
    Kotlin,
    /// JavaScript: wasm build, size gate, tsc, Node and browser tests.
    Js,
    /// The JS benchmark (figures, not a test) after the JS build; the Python and
    /// Kotlin benchmarks end their own tasks.
    Bench,
    /// Regenerates what comes from the core's catalog: `api/catalog.json`, the
    /// host wrappers of every binding and the README endpoint tables.
    Codegen {
        /// Write nothing; fail if any generated file is out of date (CI).
        #[arg(long)]
        check: bool,
    },
    /// Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of every target or the ones named.
    Fuzz {
        /// Targets to run (default: all).
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(FUZZ_TARGETS))]
        targets: Vec<String>,
        /// Seconds per target.
        #[arg(long, conflicts_with = "runs")]
        seconds: Option<u64>,
        /// Executions per target (e.g. 10000000 for a long run).
        #[arg(long)]
        runs: Option<u64>,
        /// CI's smoke: about a minute per target, as a fixed number of
        /// executions from a fixed seed, so a run that passes here passes there.
        #[arg(long, conflicts_with_all = ["seconds", "runs"])]
        smoke: bool,
        /// Sanitizer: `none` (the default: safe Rust, and 3-10x more executions a
        /// second) or `address` (AddressSanitizer).
        #[arg(long, default_value = "none", value_parser = ["none", "address"])]
        sanitizer: String,
        /// Where new inputs go, one folder per target (default: `fuzz/corpus/<target>`,
        /// beside the committed seeds, untracked); the seeds are read either way.
        #[arg(long)]
        corpus: Option<PathBuf>,
    },
}

fn root() -> PathBuf {
    // xtask/ is one level under the root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn run(cmd: &mut Command) -> Result<(), String> {
    eprintln!("+ {cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})"))
    }
}

fn bash(script: &str) -> Command {
    let mut cmd = Command::new("bash");
    cmd.arg(script).current_dir(root());
    cmd
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    cmd.current_dir(root());
    cmd
}

/// cargo-fuzz as `scripts/install-tools.sh` installs it; stable rustc accepts
/// its nightly flags with RUSTC_BOOTSTRAP=1.
fn cargo_fuzz() -> Command {
    let tools = std::env::var("EXOTEL_SIP_TOOLS").map_or_else(
        |_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/exotel-sip"),
        PathBuf::from,
    );
    let bin = tools.join("tools/bin/cargo-fuzz");
    let mut cmd = Command::new(if bin.exists() {
        bin
    } else {
        PathBuf::from("cargo-fuzz")
    });
    cmd.arg("fuzz")
        .current_dir(root().join("fuzz"))
        .env("RUSTC_BOOTSTRAP", "1");
    cmd
}

fn fuzz(
    targets: Vec<String>,
    seconds: Option<u64>,
    runs: Option<u64>,
    smoke: bool,
    sanitizer: &str,
    corpus: Option<PathBuf>,
) -> Result<(), String> {
    let targets: Vec<String> = if targets.is_empty() {
        FUZZ_TARGETS.iter().map(|t| (*t).to_owned()).collect()
    } else {
        targets
    };
    run(cargo_fuzz().args(["build", "-O", "-s", sanitizer]))?;
    let mut report = Vec::new();
    for target in &targets {
        // New inputs go to the first directory; the committed seeds are read too.
        let seeds = root().join("fuzz/corpus").join(target);
        let dir = corpus
            .as_ref()
            .map_or_else(|| seeds.clone(), |base| base.join(target));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut dirs = vec![dir.clone()];
        if dir != seeds {
            dirs.push(seeds);
        }
        let limit = match (seconds, runs) {
            _ if smoke => format!("-runs={}", smoke_runs(target)),
            (_, Some(runs)) => format!("-runs={runs}"),
            (Some(s), None) => format!("-max_total_time={s}"),
            (None, None) => "-max_total_time=60".to_owned(),
        };
        let seed = if smoke { "-seed=1" } else { "-seed=0" };
        let started = Instant::now();
        run(cargo_fuzz()
            .args(["run", "-O", "-s", sanitizer, target])
            .args(&dirs)
            .args(["--", &limit, seed, "-max_len=4096", "-print_final_stats=1"]))?;
        report.push(format!(
            "{target}: no crash, no broken invariant ({:.0} s)",
            started.elapsed().as_secs_f64()
        ));
    }
    for line in report {
        println!("{line}");
    }
    Ok(())
}

fn codegen(check: bool) -> Result<(), String> {
    let stale = codegen::run(&root(), check)?;
    match (check, stale.is_empty()) {
        (_, true) => {
            println!("codegen: every generated file is current");
            Ok(())
        }
        (true, false) => Err(format!(
            "out of date (run `cargo xtask codegen`): {}",
            stale.join(", ")
        )),
        (false, false) => {
            println!("codegen: wrote {}", stale.join(", "));
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let result = match Cli::parse().task {
        Task::Test => run(&mut bash("scripts/test.sh")),
        Task::Rust => run(cargo().args(["fmt", "--all", "--", "--check"]))
            .and_then(|()| {
                run(cargo().args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--locked",
                    "--",
                    "-D",
                    "warnings",
                ]))
            })
            .and_then(|()| run(cargo().args(["test", "--workspace", "--locked"]))),
        Task::Python => run(&mut bash("bindings-python/scripts/ci.sh")),
        Task::Kotlin => run(&mut bash("bindings-kotlin/scripts/ci.sh")),
        Task::Js => run(&mut bash("bindings-js/scripts/ci.sh")),
        Task::Bench => run(&mut bash("bindings-js/scripts/ci.sh")).and_then(|()| {
            run(Command::new("node")
                .arg("scripts/bench.mjs")
                .current_dir(root().join("bindings-js")))
        }),
        Task::Codegen { check } => codegen(check),
        Task::Fuzz {
            targets,
            seconds,
            runs,
            smoke,
            sanitizer,
            corpus,
        } => fuzz(targets, seconds, runs, smoke, &sanitizer, corpus),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err}");
            ExitCode::FAILURE
        }
    }
}
