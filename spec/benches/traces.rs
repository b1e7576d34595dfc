//! Traces per second: every invariant checked on real traces of about 50 events, one thread.
//!
//! The traces are those of the cases under `cases/` run at go1.27.3: the ones with 40 to 60
//! events as they are, and the first 50 events of the longer ones (a prefix of a run is a trace
//! too). Valid and broken traces are measured apart, since a broken one also has its
//! counterexample read. Besides wall-clock time, the thread's own CPU time is reported
//! (`/proc/thread-self/schedstat`), which other processes on the machine do not inflate.
//!
//! `cargo bench -p gosem-spec --bench traces`

use gosem_model::events::Event;
use gosem_model::{Params, Version, load};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const GO: Version = Version::new(1, 27, Some(3));
const TARGET: usize = 50;
/// How long each group of traces is checked.
const RUN: Duration = Duration::from_secs(3);

fn main() {
    let traces = traces(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../cases")));
    let events: usize = traces.iter().map(Vec::len).sum();
    // The first check of each trace also builds the thread's symbolic trace: not measured.
    let (valid, broken): (Vec<Vec<Event>>, Vec<Vec<Event>>) = traces
        .iter()
        .cloned()
        .partition(|t| gosem_spec::check_trace_at(t, GO).is_empty());
    println!(
        "{} invariants; {} traces of the cases at go{GO}, {:.1} events on average; {} valid, {} broken",
        gosem_spec::INVARIANTS.len(),
        traces.len(),
        events as f64 / traces.len() as f64,
        valid.len(),
        broken.len(),
    );
    measure("all", &traces);
    measure("valid", &valid);
    measure("broken", &broken);
}

fn measure(what: &str, traces: &[Vec<Event>]) {
    if traces.is_empty() {
        return;
    }
    let mut checked = 0usize;
    let cpu = cpu_time();
    let start = Instant::now();
    while start.elapsed() < RUN {
        for t in traces {
            std::hint::black_box(gosem_spec::check_trace_at(std::hint::black_box(t), GO));
        }
        checked += traces.len();
    }
    let wall = start.elapsed().as_secs_f64();
    let per_sec = |secs: f64| checked as f64 / secs;
    match cpu.zip(cpu_time()) {
        Some((before, after)) => {
            let cpu = (after - before).as_secs_f64();
            println!(
                "{what:>6}: {checked} traces in {wall:.2} s: {:.0} traces/s ({:.0} µs each); {:.0} per CPU second ({:.0} µs each)",
                per_sec(wall),
                wall * 1e6 / checked as f64,
                per_sec(cpu),
                cpu * 1e6 / checked as f64,
            );
        }
        None => println!(
            "{what:>6}: {checked} traces in {wall:.2} s: {:.0} traces/s ({:.0} µs each)",
            per_sec(wall),
            wall * 1e6 / checked as f64,
        ),
    }
}

/// The CPU time this thread has used, where Linux reports it.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// The traces of the cases with at least `TARGET - 10` events, cut to `TARGET` when longer than
/// `TARGET + 10`.
fn traces(dir: &Path) -> Vec<Vec<Event>> {
    let mut files = Vec::new();
    go_files(dir, &mut files);
    files.sort();
    let mut traces = Vec::new();
    for f in files {
        let Ok(src) = std::fs::read_to_string(&f) else {
            continue;
        };
        let Ok(prog) = load(&f.to_string_lossy(), &src, GO.language()) else {
            continue;
        };
        let mut events = prog.run_recorded(&Params::new(GO, "./prog")).events;
        if events.len() < TARGET - 10 {
            continue;
        }
        if events.len() > TARGET + 10 {
            events.truncate(TARGET);
        }
        traces.push(events);
    }
    traces
}

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            go_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "go") {
            out.push(p);
        }
    }
}
