//! `gosem`: compares the gosem model of Go's defer, return, panic and recover with what
//! real Go toolchains print.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use gosem_conformance::case;
use gosem_conformance::check;
use gosem_conformance::coverage::Coverage;
use gosem_conformance::record;
use gosem_conformance::report::{self, Format};
use gosem_conformance::run::{self, TraceFormat};
use gosem_conformance::toolchain::{self, Found, Toolchain};
use gosem_conformance::version::{Lang, PINNED, VersionSpec};

// The model allocates many small, short-lived values; mimalloc makes it markedly faster than
// the system allocator (see the bench `model`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit status for a usage or environment error, as clap uses for bad arguments.
const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(name = "gosem", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the Go toolchains found, with their versions and paths.
    Toolchains {
        /// Also consider this `go` binary.
        #[arg(long = "go-bin", value_name = "PATH")]
        go_bin: Vec<PathBuf>,
    },
    /// Build and run cases with real toolchains and write the observations into the fixtures.
    Record(RecordArgs),
    /// Compare the model with every recorded observation.
    Check(CheckArgs),
    /// Run a Go program on the model, as `go build FILE.go && ./FILE ARGS` would run it.
    Run(RunArgs),
    /// Prove with Z3 that every rule of the machine, stated symbolically, preserves every state
    /// invariant, for every configuration shape within a bound.
    Prove(ProveArgs),
}

#[derive(Args)]
struct ProveArgs {
    /// The runtime whose rules are proved (the Goexit resumed after a recovery changed in 1.22)
    #[arg(long = "go", value_name = "V", default_value = "1.27.3")]
    go: gosem_model::Version,
    /// The most frames a configuration has
    #[arg(long, value_name = "N", default_value = "5")]
    frames: usize,
    /// The most panics on a configuration's chain
    #[arg(long, value_name = "N", default_value = "3")]
    panics: usize,
    /// How long Z3 may take on one query, in seconds; no answer is a timeout, never a proof
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = seconds)]
    timeout: Duration,
}

#[derive(Args)]
struct RecordArgs {
    /// Case .go files, their .yaml fixtures, or directories [default: cases]
    paths: Vec<PathBuf>,
    /// A toolchain to record with: 1.27 (the newest 1.27.x), 1.27.3 or go1.27.3
    /// [default: each toolchain of the pinned matrix that is installed]
    #[arg(long = "toolchain", value_name = "V")]
    toolchains: Vec<VersionSpec>,
    /// A -gcflags value to build with, one build configuration each [default: none]
    #[arg(long = "gcflags", value_name = "F", allow_hyphen_values = true)]
    gcflags: Vec<String>,
    /// Re-run everything and report where the fixtures no longer hold; write nothing
    #[arg(long)]
    check: bool,
    /// How long one run of a case may take, in seconds
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = seconds)]
    timeout: Duration,
    /// Also consider this `go` binary
    #[arg(long = "go-bin", value_name = "PATH")]
    go_bin: Vec<PathBuf>,
    #[command(flatten)]
    jobs: Jobs,
}

#[derive(Args)]
struct CheckArgs {
    /// Case .go files, their .yaml fixtures, or directories [default: cases]
    paths: Vec<PathBuf>,
    /// How to report: for people, for programs, or for CI dashboards
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Also count, per rule, the cases that exercise it
    #[arg(long)]
    coverage: bool,
    /// Check only observations of this toolchain: 1.27, 1.27.3 or go1.27.3
    #[arg(long = "toolchain", value_name = "V")]
    toolchains: Vec<VersionSpec>,
    /// List agreeing observations too (text format)
    #[arg(short, long)]
    verbose: bool,
    /// Run the model with this deliberate fault (see `model/src/mutant.rs`)
    #[arg(long, value_name = "NAME")]
    mutant: Option<gosem_model::mutant::Mutant>,
    #[command(flatten)]
    jobs: Jobs,
}

#[derive(Args)]
struct Jobs {
    /// How many cases to work on at once [default: the number of CPUs]
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

#[derive(Args)]
struct RunArgs {
    /// The Go program
    file: PathBuf,
    /// The toolchain to imitate: 1.27 or 1.27.3 [default: the newest of the pinned matrix]
    #[arg(long, value_name = "V")]
    go: Option<VersionSpec>,
    /// The go.mod `go` line [default: the toolchain's language version]
    #[arg(long, value_name = "V")]
    lang: Option<Lang>,
    /// A GODEBUG setting, e.g. panicnil=1
    #[arg(long, value_name = "K=V")]
    godebug: Vec<String>,
    /// Print every step on stderr: its rule, function, defer stack and panic chain
    #[arg(long, value_name = "FORMAT", num_args = 0..=1, require_equals = true,
          default_missing_value = "text", value_enum)]
    trace: Option<TraceFormat>,
    /// The program's arguments
    #[arg(last = true, value_name = "ARGS")]
    args: Vec<String>,
}

fn seconds(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("not a number of seconds: {s:?}"))?;
    if secs <= 0.0 {
        return Err("the timeout must be positive".to_string());
    }
    Duration::try_from_secs_f64(secs).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Toolchains { go_bin } => toolchains(&go_bin),
        Command::Record(args) => record(args),
        Command::Check(args) => check(args),
        Command::Run(args) => run(args),
        Command::Prove(args) => prove(args),
    };
    result.unwrap_or_else(|message| {
        eprintln!("gosem: {message}");
        ExitCode::from(EXIT_ERROR)
    })
}

fn set_jobs(jobs: &Jobs) -> Result<(), String> {
    match jobs.jobs {
        None => Ok(()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .map_err(|e| e.to_string()),
    }
}

/// Prints `text` to stdout; a closed pipe (`gosem check | head`) is not an error.
fn print(text: &str) {
    let _ = io::stdout().lock().write_all(text.as_bytes());
}

fn status(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn discover(go_bin: &[PathBuf]) -> Found {
    let found = toolchain::discover(go_bin);
    for p in &found.problems {
        eprintln!("gosem: warning: {}", p.message);
    }
    found
}

fn toolchains(go_bin: &[PathBuf]) -> Result<ExitCode, String> {
    let found = discover(go_bin);
    let mut out = String::new();
    for t in &found.toolchains {
        let pinned = if PINNED.contains(&t.release) {
            "  (pinned)"
        } else {
            ""
        };
        out.push_str(&format!("{:<12} {}{pinned}\n", t.release, t.go.display()));
    }
    print(&out);
    if found.toolchains.is_empty() {
        return Err("no Go toolchain found; see scripts/install-toolchains".to_string());
    }
    Ok(status(found.problems.iter().any(|p| p.explicit)))
}

fn record(args: RecordArgs) -> Result<ExitCode, String> {
    set_jobs(&args.jobs)?;
    let found = discover(&args.go_bin);
    let toolchains: Vec<Toolchain> = if args.toolchains.is_empty() {
        toolchain::pinned(&found.toolchains)?
    } else {
        toolchain::select(&found.toolchains, &args.toolchains)?
    };
    let mut gcflags: Vec<String> = Vec::new();
    for g in args.gcflags {
        if !gcflags.contains(&g) {
            gcflags.push(g);
        }
    }
    if gcflags.is_empty() {
        gcflags.push(String::new());
    }
    let (cases, errors) = case::discover(&args.paths);
    let names: Vec<String> = toolchains.iter().map(|t| t.release.to_string()).collect();
    eprintln!(
        "gosem: {} {} with {}",
        if args.check { "checking" } else { "recording" },
        report::plural(cases.len(), "case"),
        names.join(", ")
    );
    let options = record::Options {
        toolchains,
        gcflags,
        check: args.check,
        timeout: args.timeout,
    };
    let mut recorded = record::record(&cases, &options);
    recorded.errors.splice(0..0, errors);
    if args.check {
        print(&report::text(&recorded.findings(), false));
    } else {
        print(&recorded.render());
    }
    Ok(status(recorded.failed(args.check)))
}

fn check(args: CheckArgs) -> Result<ExitCode, String> {
    set_jobs(&args.jobs)?;
    let (cases, errors) = case::discover(&args.paths);
    let mut checked = check::check(&cases, &args.toolchains, args.mutant);
    checked.findings.errors.splice(0..0, errors);
    let coverage = args.coverage.then(|| Coverage::new(&checked.rules));
    print(&report::render(
        args.format,
        &checked.findings,
        coverage.as_ref(),
        args.verbose,
    ));
    Ok(status(checked.findings.failed()))
}

fn run(args: RunArgs) -> Result<ExitCode, String> {
    let options = run::Options {
        file: args.file,
        go: args.go,
        lang: args.lang,
        godebug: args.godebug,
        trace: args.trace,
        args: args.args,
    };
    let code = run::run(&options, &mut io::stdout().lock(), &mut io::stderr().lock());
    // The program's own status, which may not fit the u8 of ExitCode (os.Exit(256)); the
    // operating system truncates it exactly as it would the real binary's.
    std::process::exit(code)
}

fn prove(args: ProveArgs) -> Result<ExitCode, String> {
    let bound = gosem_spec::prove::Bound {
        frames: args.frames.max(1),
        panics: args.panics,
        timeout: args.timeout,
    };
    let (report, tally) = gosem_conformance::prove::run(bound, args.go);
    print(&report);
    Ok(status(tally.failed()))
}
