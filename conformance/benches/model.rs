//! How fast the model answers, on generated programs, single-threaded:
//!
//! - the front end alone (`load`), the machine alone (`Program::run`), and both, in programs
//!   per second (and steps per second for the machine), over the same pre-generated programs;
//! - checking and running the generator's own syntax tree (`GoProgram::syntax`, converted
//!   beforehand) on the same programs: the model's cost without the tree-sitter parse, which
//!   costs several times checking and running together;
//! - one generated program of about 1,000 lines, loaded and run in process, and through the
//!   `gosem run` binary when `target/release/gosem` has been built.
//!
//! `cargo bench -p gosem-conformance --bench model`. The programs come from fixed seeds, so
//! two runs measure the same work. Targets: over 10,000 programs of about 50 statements per
//! second (reported for load and run, and for check and run from the generator's syntax), and
//! `gosem run` on a 1,000-line program in well under 50 ms.

use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use gosem_conformance::r#gen::{Config, GoProgram, generate};
use gosem_model::syntax::File;
use gosem_model::{Params, Program, Status, Version};

// The allocator of the `gosem` binary, so that these figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Programs measured in the throughput rows.
const PROGRAMS: u64 = 2_000;
/// The first seed; program `i` is seed `FIRST_SEED + i`.
const FIRST_SEED: u64 = 1 << 32;
/// Passes over all programs per throughput row; the median pass is reported.
const PASSES: usize = 5;
/// Runs of the large program; the median is reported.
const LARGE_RUNS: usize = 11;
/// The size the large program aims at.
const LARGE_LINES: usize = 1_000;
/// Seeds tried for the large program.
const LARGE_CANDIDATES: u64 = 8;

const TARGET_PROGRAMS_PER_SECOND: f64 = 10_000.0;
const TARGET_LARGE: Duration = Duration::from_millis(50);

fn main() {
    let release: Version = "1.27.3".parse().expect("a release");
    let lang = release.language();
    let params = Params::new(release, "main");

    let config = Config::default();
    let programs: Vec<GoProgram> = (0..PROGRAMS)
        .map(|i| generate(&config, FIRST_SEED + i))
        .collect();
    let sources: Vec<String> = programs.iter().map(GoProgram::source).collect();
    let load = |src: &str| {
        gosem_model::load("main.go", src, lang).expect("generated programs are accepted")
    };
    let loaded: Vec<Program> = sources.iter().map(|s| load(s)).collect();
    let steps: u64 = loaded.iter().map(|p| p.run(&params).steps).sum();
    let syntaxes: Vec<File> = programs.iter().map(GoProgram::syntax).collect();
    let load_syntax = |file: &File| {
        gosem_model::load_syntax("main.go", file, lang).expect("generated programs are accepted")
    };
    // The syntax row's steps per second stand on `steps` only if it does the same work.
    let syntax_steps: u64 = syntaxes
        .iter()
        .map(|f| load_syntax(f).run(&params).steps)
        .sum();
    assert_eq!(
        syntax_steps, steps,
        "the generator's syntax runs as its source does"
    );

    let n = PROGRAMS as f64;
    let statements: usize = programs.iter().map(GoProgram::statements).sum();
    let lines: usize = sources.iter().map(|s| s.lines().count()).sum();
    println!(
        "{PROGRAMS} generated programs (seeds {FIRST_SEED}..), go{release} semantics, one thread"
    );
    println!(
        "per program: {:.1} statements, {:.1} lines, {:.0} steps on average",
        statements as f64 / n,
        lines as f64 / n,
        steps as f64 / n
    );
    println!();

    let front = median_pass(|| {
        for s in &sources {
            black_box(load(black_box(s)));
        }
    });
    let machine = median_pass(|| {
        for p in &loaded {
            black_box(p.run(black_box(&params)));
        }
    });
    let both = median_pass(|| {
        for s in &sources {
            black_box(load(black_box(s)).run(&params));
        }
    });
    let from_syntax = median_pass(|| {
        for f in &syntaxes {
            black_box(load_syntax(black_box(f)).run(&params));
        }
    });
    println!(
        "{:<40}{:>14}{:>16}{:>14}",
        "median of 5 passes", "programs/s", "steps/s", "µs/program"
    );
    let row = |name: &str, pass: Duration, with_steps: bool| {
        let per_second = n / pass.as_secs_f64();
        let steps_per_second = if with_steps {
            group(steps as f64 / pass.as_secs_f64())
        } else {
            "-".to_string()
        };
        println!(
            "{name:<40}{:>14}{steps_per_second:>16}{:>14.1}",
            group(per_second),
            pass.as_secs_f64() * 1e6 / n
        );
        per_second
    };
    row("front end (load)", front, false);
    row("machine (run)", machine, true);
    let throughput = row("load + run", both, true);
    let syntax_throughput = row("check+run from the generator's syntax", from_syntax, true);
    println!();

    let (large, large_source) = large_program(load, &params);
    let large_lines = large_source.lines().count();
    let program = load(&large_source);
    let run = program.run(&params);
    let outcome = match run.status {
        Status::Exited(code) => format!("exit {code}"),
        other => format!("{other:?}"),
    };
    println!(
        "large program: {large_lines} lines, {} statements, {} steps, {outcome}",
        large.statements(),
        run.steps
    );
    let in_process = median((0..LARGE_RUNS).map(|_| {
        let t = Instant::now();
        black_box(load(black_box(&large_source)).run(&params));
        t.elapsed()
    }));
    println!(
        "  load + run in process: {:>8.2} ms (median of {LARGE_RUNS})",
        ms(in_process)
    );
    let spawned = gosem_binary().map(|gosem| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let file = dir.path().join("main.go");
        std::fs::write(&file, &large_source).expect("write the large program");
        median((0..LARGE_RUNS).map(|_| {
            let t = Instant::now();
            let out = Command::new(&gosem)
                .arg("run")
                .arg(&file)
                .output()
                .expect("gosem runs");
            black_box(out);
            t.elapsed()
        }))
    });
    match spawned {
        Some(d) => println!(
            "  gosem run (process):   {:>8.2} ms (median of {LARGE_RUNS})",
            ms(d)
        ),
        None => println!("  gosem run (process):   not measured (build target/release/gosem)"),
    }
    println!();

    let verdict = |ok: bool| if ok { "met" } else { "NOT MET" };
    println!(
        "target {} load+run programs/s: {} ({})",
        group(TARGET_PROGRAMS_PER_SECOND),
        group(throughput),
        verdict(throughput >= TARGET_PROGRAMS_PER_SECOND)
    );
    println!(
        "target {} check+run-from-syntax programs/s: {} ({})",
        group(TARGET_PROGRAMS_PER_SECOND),
        group(syntax_throughput),
        verdict(syntax_throughput >= TARGET_PROGRAMS_PER_SECOND)
    );
    let slowest = spawned.unwrap_or(in_process).max(in_process);
    println!(
        "target 1,000-line program under {} ms: {:.2} ms ({})",
        TARGET_LARGE.as_millis(),
        ms(slowest),
        verdict(slowest < TARGET_LARGE)
    );
}

/// The median time of [`PASSES`] calls of `pass`, after one untimed warm-up call.
fn median_pass(mut pass: impl FnMut()) -> Duration {
    pass();
    median((0..PASSES).map(|_| {
        let t = Instant::now();
        pass();
        t.elapsed()
    }))
}

fn median(times: impl Iterator<Item = Duration>) -> Duration {
    let mut times: Vec<Duration> = times.collect();
    times.sort();
    times[times.len() / 2]
}

/// A generated program of about [`LARGE_LINES`] lines: for each of a few seeds the statement
/// budget grows until the source is that long; the program that runs the most steps wins.
fn large_program(load: impl Fn(&str) -> Program, params: &Params) -> (GoProgram, String) {
    (FIRST_SEED..FIRST_SEED + LARGE_CANDIDATES)
        .map(|seed| {
            let mut stmts = 400;
            loop {
                let p = generate(&Config::sized(stmts), seed);
                let source = p.source();
                if source.lines().count() >= LARGE_LINES {
                    let steps = load(&source).run(params).steps;
                    return (steps, p, source);
                }
                stmts += 25;
            }
        })
        .max_by_key(|(steps, ..)| *steps)
        .map(|(_, p, source)| (p, source))
        .expect("at least one candidate")
}

/// `target/release/gosem`, beside the directory this benchmark runs from.
fn gosem_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let release = exe.parent()?.parent()?;
    let gosem = release.join("gosem");
    gosem.is_file().then_some(gosem)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `12345.6` as `12,346`.
fn group(x: f64) -> String {
    let digits = format!("{:.0}", x);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
