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
use gosem_conformance::explain;
use gosem_conformance::fuzz;
use gosem_conformance::gotest;
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
    Toolchains(GoBins),
    /// Build and run cases with real toolchains and write the observations into the fixtures.
    Record(RecordArgs),
    /// Compare the model with every recorded observation.
    Check(CheckArgs),
    /// Run a Go program on the model, as `go build FILE.go && ./FILE ARGS` would run it.
    Run(RunArgs),
    /// Explain what a Go program does and why, step by step, from the model's trace; with two
    /// --go or --lang values, where and why the two runs differ.
    Explain(ExplainArgs),
    /// Generate programs, run them on the model and, built by real toolchains, as processes;
    /// minimize every disagreement into a regression case.
    Fuzz(FuzzArgs),
    /// Prove with Z3 that every rule of the machine, stated symbolically, preserves every state
    /// invariant, for every configuration shape within a bound.
    Prove(ProveArgs),
    /// Run every deliberate fault of the machine against the fixtures, the trace invariants and
    /// the symbolic rules with the state invariants; report which layers kill it.
    Mutants(MutantsArgs),
    /// Run every program of a small core fragment, size by size, on the model and check every
    /// invariant on every run.
    Exhaust(ExhaustArgs),
    /// Instrument the programs of the core fragment, run them with a real toolchain, and check
    /// the invariants on the events they print.
    Observe(ObserveArgs),
    /// Run every `// run` test of a Go test tree (such as Go's own `test/` directory) on the
    /// model, judged as Go's test runner judges them.
    Gotest(GotestArgs),
}

#[derive(Args)]
struct GotestArgs {
    /// Test directories, searched recursively (`*.dir` package directories aside)
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// The toolchain to imitate: 1.19 or 1.19.8 [default: the tree's release, from its VERSION
    /// file]
    #[arg(long, value_name = "V")]
    go: Option<VersionSpec>,
    /// The go.mod `go` line [default: the toolchain's language version]
    #[arg(long, value_name = "V")]
    lang: Option<Lang>,
    /// How to report: for people, for programs, or for CI dashboards
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// List correct tests too (text format)
    #[arg(short, long)]
    verbose: bool,
    #[command(flatten)]
    jobs: Jobs,
}

#[derive(Args)]
struct ObserveArgs {
    /// How many programs, smallest first
    #[arg(long, value_name = "N", default_value = "10000")]
    count: usize,
    /// The largest program size (number of statements) to take programs of
    #[arg(long, value_name = "S", default_value = "8")]
    max_size: usize,
    /// The toolchain to run them with: 1.27 or 1.27.3 [default: the newest pinned one installed]
    #[arg(long, value_name = "V")]
    toolchain: Option<VersionSpec>,
    /// Programs per `go build`
    #[arg(long, value_name = "N", default_value = "300", value_parser = positive)]
    batch: usize,
    /// How long one run of a program may take, in seconds
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = seconds)]
    timeout: Duration,
    #[command(flatten)]
    go_bins: GoBins,
    #[command(flatten)]
    jobs: Jobs,
}

#[derive(Args)]
struct ExhaustArgs {
    /// The largest program size (number of statements) to check
    #[arg(long, value_name = "N", default_value = "8")]
    max_size: usize,
    /// Stop before a size that would not finish within this many seconds in all
    #[arg(long, value_name = "SECS", default_value = "300", value_parser = seconds)]
    time: Duration,
    /// The runtime and language version to run the programs with
    #[arg(long = "go", value_name = "V", default_value = "1.27.3")]
    go: gosem_model::Version,
    #[command(flatten)]
    jobs: Jobs,
}

#[derive(Args)]
struct MutantsArgs {
    /// Case .go files, their .yaml fixtures, or directories [default: cases]
    paths: Vec<PathBuf>,
    /// Only this mutant (repeatable) [default: all]
    #[arg(long = "mutant", value_name = "NAME")]
    mutants: Vec<gosem_model::mutant::Mutant>,
    #[command(flatten)]
    jobs: Jobs,
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
    #[command(flatten)]
    go_bins: GoBins,
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
    /// Also check the model's trace of every run against the invariants of spec/invariants.md
    #[arg(long)]
    invariants: bool,
    #[command(flatten)]
    jobs: Jobs,
}

/// Where to look for toolchains besides the usual places.
#[derive(Args)]
struct GoBins {
    /// Also consider this `go` binary
    #[arg(long = "go-bin", value_name = "PATH")]
    go_bin: Vec<PathBuf>,
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

#[derive(Args)]
struct ExplainArgs {
    /// The Go program
    file: PathBuf,
    /// The toolchain to imitate: 1.27 or 1.27.3; twice to compare two [default: the newest of
    /// the pinned matrix]
    #[arg(long, value_name = "V")]
    go: Vec<VersionSpec>,
    /// The go.mod `go` line; twice to compare two [default: the toolchain's language version]
    #[arg(long, value_name = "V")]
    lang: Vec<Lang>,
    /// A GODEBUG setting, e.g. panicnil=1
    #[arg(long, value_name = "K=V")]
    godebug: Vec<String>,
    /// How to show the run
    #[arg(long, value_enum, default_value_t = explain::Format::Text)]
    format: explain::Format,
    /// Write the explanation to this file instead of standard output
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// The program's arguments
    #[arg(last = true, value_name = "ARGS")]
    args: Vec<String>,
}

#[derive(Args)]
struct FuzzArgs {
    /// How many programs (seeds) to generate [with --bench, default: 2000]
    #[arg(long, value_name = "N", conflicts_with = "time")]
    count: Option<u64>,
    /// Start new batches until this many seconds have passed
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    time: Option<Duration>,
    /// The first seed [default: a random one, printed]
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// A toolchain to compare with: 1.27 or 1.27.3 [default: the newest pinned one installed]
    #[arg(long = "toolchain", value_name = "V")]
    toolchains: Vec<VersionSpec>,
    /// A -gcflags value to build every batch with; the model is compared with the first, the
    /// others with it [default: "", all=-l, "all=-N -l"]
    #[arg(long = "gcflags", value_name = "F", allow_hyphen_values = true)]
    gcflags: Vec<String>,
    /// Run shard I of N (0-based): the seeds whose offset from the first is I modulo N
    #[arg(long, value_name = "I/N", value_parser = shard)]
    shard: Option<(u64, u64)>,
    /// Where minimized cases are written
    #[arg(long, value_name = "DIR", default_value = "cases/regress")]
    out: PathBuf,
    /// Count and report disagreements without minimizing them or writing cases
    #[arg(long)]
    no_minimize: bool,
    /// Measure programs per second: the batched campaign, one go build per program, the model
    #[arg(long)]
    bench: bool,
    /// Print the programs the seeds name instead of running them
    #[arg(long, conflicts_with = "bench")]
    print: bool,
    /// With --bench, how many programs the naive approach builds one by one
    #[arg(long, value_name = "N", default_value_t = 40)]
    naive: u64,
    /// Programs per binary
    #[arg(long, value_name = "N", default_value_t = fuzz::DEFAULT_BATCH, value_parser = positive)]
    batch: usize,
    /// How long one run of a program may take, in seconds
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = seconds)]
    timeout: Duration,
    /// Also write the summary as JSON to this file
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// Run the model with this deliberate fault (see `model/src/mutant.rs`)
    #[arg(long, value_name = "NAME")]
    mutant: Option<gosem_model::mutant::Mutant>,
    /// Also check the model's trace of every program against the invariants of
    /// spec/invariants.md
    #[arg(long)]
    invariants: bool,
    /// Run the model alone (at the newest release --toolchain names), no toolchain: check
    /// every trace against the invariants
    #[arg(long, conflicts_with_all = ["bench", "print"])]
    model_only: bool,
    #[command(flatten)]
    go_bins: GoBins,
    #[command(flatten)]
    jobs: Jobs,
}

fn positive(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("not a positive number: {s:?}")),
    }
}

/// `I/N` with I < N.
fn shard(s: &str) -> Result<(u64, u64), String> {
    let (i, n) = s.split_once('/').ok_or_else(|| format!("not I/N: {s:?}"))?;
    let parse = |x: &str| x.parse::<u64>().map_err(|_| format!("not a number: {x:?}"));
    let (i, n) = (parse(i)?, parse(n)?);
    if i >= n {
        return Err(format!(
            "shard {i} of {n}: shards are numbered from 0 to N-1"
        ));
    }
    Ok((i, n))
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
        Command::Toolchains(bins) => toolchains(&bins.go_bin),
        Command::Record(args) => record(args),
        Command::Check(args) => check(args),
        Command::Run(args) => run(args),
        Command::Explain(args) => explain(args),
        Command::Fuzz(args) => fuzz(args),
        Command::Prove(args) => prove(args),
        Command::Mutants(args) => mutants(args),
        Command::Exhaust(args) => exhaust(args),
        Command::Observe(args) => observe(args),
        Command::Gotest(args) => gotest(args),
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
    let found = discover(&args.go_bins.go_bin);
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
    let mut checked = check::check(&cases, &args.toolchains, args.mutant, args.invariants);
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

fn explain(args: ExplainArgs) -> Result<ExitCode, String> {
    let options = explain::Options {
        file: args.file,
        go: args.go,
        lang: args.lang,
        godebug: args.godebug,
        format: args.format,
        output: args.output,
        args: args.args,
    };
    let code = explain::explain(&options, &mut io::stdout().lock(), &mut io::stderr().lock());
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(EXIT_ERROR)))
}

fn gotest(args: GotestArgs) -> Result<ExitCode, String> {
    let options = gotest::Options {
        dirs: args.dirs,
        go: args.go,
        lang: args.lang,
        jobs: match args.jobs.jobs {
            Some(n) => usize::from(n),
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        },
    };
    let report = gotest::run(&options);
    print(&match args.format {
        Format::Text => gotest::text(&report, args.verbose),
        Format::Json => gotest::json(&report),
        Format::Junit => gotest::junit(&report),
    });
    Ok(status(report.failed()))
}

fn observe(args: ObserveArgs) -> Result<ExitCode, String> {
    set_jobs(&args.jobs)?;
    let found = discover(&args.go_bins.go_bin);
    let toolchain = match args.toolchain {
        Some(spec) => toolchain::select(&found.toolchains, &[spec])?
            .into_iter()
            .next(),
        None => toolchain::pinned(&found.toolchains)?.into_iter().last(),
    }
    .ok_or("no toolchain chosen")?;
    eprintln!(
        "gosem observe: the first {} programs of the core fragment (sizes up to {}), instrumented, run by {}",
        args.count, args.max_size, toolchain.release
    );
    let options = gosem_conformance::observe::Options {
        count: args.count,
        max_size: args.max_size,
        toolchain,
        batch: args.batch,
        timeout: args.timeout,
    };
    let summary = gosem_conformance::observe::run(&options, &mut |done, all| {
        eprintln!("gosem observe: {done}/{all} programs");
    });
    print(&summary.text(&options.toolchain));
    Ok(status(summary.failed()))
}

fn exhaust(args: ExhaustArgs) -> Result<ExitCode, String> {
    set_jobs(&args.jobs)?;
    println!(
        "every program of the core fragment, go{}, sizes up to {} within {} s",
        args.go,
        args.max_size,
        args.time.as_secs_f64()
    );
    let mut failed = false;
    let sizes = gosem_conformance::exhaust::run(args.max_size, args.time, args.go, &mut |s| {
        println!(
            "size {:>2}: {:>9} programs in {:>8.2} s, {} breaking an invariant",
            s.size,
            s.programs,
            s.took.as_secs_f64(),
            s.failures.len()
        );
        for (src, why) in &s.failures {
            println!("  {why}\n{}", report::indent(src, "    "));
        }
        failed |= !s.failures.is_empty();
    });
    let total: usize = sizes.iter().map(|s| s.programs).sum();
    match sizes.last() {
        Some(s) => println!(
            "largest size completed: {} ({total} programs in all)",
            s.size
        ),
        None => println!("no size completed"),
    }
    Ok(status(failed))
}

fn mutants(args: MutantsArgs) -> Result<ExitCode, String> {
    set_jobs(&args.jobs)?;
    let (cases, errors) = case::discover(&args.paths);
    let mut loaded = Vec::new();
    for case in &cases {
        match case.load() {
            Ok(l) => loaded.push(l),
            Err(e) => eprintln!("gosem: {e}"),
        }
    }
    for e in &errors {
        eprintln!("gosem: {e}");
    }
    let chosen = if args.mutants.is_empty() {
        gosem_model::mutant::Mutant::ALL.to_vec()
    } else {
        args.mutants
    };
    let scored = gosem_conformance::mutants::score(&loaded, &chosen);
    print(&gosem_conformance::mutants::render(&scored));
    Ok(status(
        gosem_conformance::mutants::any_survivor(&scored) || !errors.is_empty(),
    ))
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

fn fuzz(args: FuzzArgs) -> Result<ExitCode, String> {
    set_jobs(&args.jobs)?;
    let jobs = match args.jobs.jobs {
        Some(n) => usize::from(n),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let limit = match (args.count, args.time, args.bench) {
        (Some(n), None, _) => fuzz::Limit::Count(n),
        (None, Some(t), false) => fuzz::Limit::Time(t),
        (None, None, true) => fuzz::Limit::Count(2000),
        (None, Some(_), true) => return Err("--bench takes --count, not --time".to_string()),
        (None, None, false) => {
            return Err("say how many programs: --count N or --time SECS".to_string());
        }
        (Some(_), Some(_), _) => return Err("--count and --time exclude each other".to_string()),
    };
    let found = discover(&args.go_bins.go_bin);
    let toolchains: Vec<Toolchain> = if args.model_only {
        Vec::new()
    } else if args.toolchains.is_empty() {
        let pinned = toolchain::pinned(&found.toolchains)?;
        pinned.into_iter().last().into_iter().collect()
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
        gcflags = fuzz::DEFAULT_GCFLAGS
            .iter()
            .map(|g| g.to_string())
            .collect();
    }
    let first = args.seed.unwrap_or_else(random_seed);
    let (shard, shards) = args.shard.unwrap_or((0, 1));
    let options = fuzz::Options {
        seeds: fuzz::Seeds {
            first,
            shard,
            shards,
        },
        limit,
        toolchains,
        gcflags,
        batch: args.batch,
        jobs,
        timeout: args.timeout,
        out: args.out,
        record_on: toolchain::pinned(&found.toolchains).unwrap_or_default(),
        minimize: !args.no_minimize,
        mutant: args.mutant,
        invariants: args.invariants || args.model_only,
        config: gosem_conformance::r#gen::Config::default(),
        progress: true,
    };
    if args.model_only {
        let release = match args.toolchains.as_slice() {
            [] => PINNED[PINNED.len() - 1],
            [spec] => spec.model_release(),
            _ => return Err("--model-only takes one --toolchain".to_string()),
        };
        eprintln!("gosem fuzz: seed {first}, shard {shard}/{shards}, the model alone at {release}");
        return report_fuzz(&fuzz::model_campaign(&options, release), args.json);
    }
    eprintln!(
        "gosem fuzz: seed {first}, shard {shard}/{shards}, {}, {jobs} jobs",
        options.builds()
    );
    if args.print {
        let fuzz::Limit::Count(count) = options.limit else {
            return Err("--print takes --count".to_string());
        };
        for k in 0..options.seeds.share(count) {
            let seed = options.seeds.nth(k);
            let program = gosem_conformance::r#gen::generate(&options.config, seed);
            print(&format!("// seed {seed}\n{}", program.source()));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.bench {
        let figures = fuzz::bench(&options, args.naive)?;
        print(&figures.text(&options));
        return Ok(ExitCode::SUCCESS);
    }
    report_fuzz(&fuzz::campaign(&options)?, args.json)
}

/// Prints a campaign's summary, and writes it as JSON to `json` if given.
fn report_fuzz(summary: &fuzz::Summary, json: Option<PathBuf>) -> Result<ExitCode, String> {
    print(&summary.text());
    if let Some(path) = json {
        std::fs::write(&path, summary.json()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(status(summary.failed()))
}

/// A seed from the clock, for a campaign that was given none (it is printed, so the
/// campaign can be repeated).
fn random_seed() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    now.as_secs().wrapping_mul(1_000_000_007) ^ u64::from(now.subsec_nanos())
}
