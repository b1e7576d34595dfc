//! Building generated programs with a real toolchain and running them: many programs per
//! binary ([`crate::r#gen::merge`]), one process per program run.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use rayon::prelude::*;

use crate::r#gen::{self, GoProgram};
use crate::gobuild::{self, Binaries};
use crate::normalize;
use crate::process;
use crate::toolchain::Toolchain;
use crate::verdict::Outputs;

/// How programs are linked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Linking {
    /// A few binaries, one per CPU, each running the program an argument selects: one link
    /// per binary, and the compiler's serial front end runs on every CPU.
    Merged,
    /// Each its own binary (one `go build` still builds them all).
    Separate,
    /// Each its own binary, built as a plain `go build` builds it: the naive approach.
    Plain,
}

/// Runs program binaries: each run in a process of its own, with a deadline, several at a
/// time. A run mostly waits (for exec, for the runtime to start and to exit), so more runs
/// than CPUs keep the CPUs busy.
pub struct Runner {
    pool: rayon::ThreadPool,
    timeout: Duration,
}

impl Runner {
    pub fn new(parallel: usize, timeout: Duration) -> Result<Runner, String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(parallel.max(1))
            .thread_name(|i| format!("gosem-run-{i}"))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Runner { pool, timeout })
    }
}

/// What one program printed in one build configuration, or why there is no answer (a
/// build failure, a timeout).
pub type Observation = Result<Outputs, String>;

/// Builds `programs` with `toolchain` (go.mod at its own language version) once per
/// `gcflags` value, and runs each program in each build. The result is indexed
/// `[program][gcflags]`.
pub fn observe(
    programs: &[&GoProgram],
    toolchain: &Toolchain,
    gcflags: &[String],
    linking: Linking,
    runner: &Runner,
) -> Vec<Vec<Observation>> {
    build(programs, toolchain, gcflags, linking).run(runner)
}

/// The binaries of a batch of programs, one set per build configuration.
pub struct Built {
    programs: usize,
    configs: Vec<Binary>,
}

/// Builds `programs` with `toolchain` (go.mod at its own language version) once per
/// `gcflags` value.
pub fn build(
    programs: &[&GoProgram],
    toolchain: &Toolchain,
    gcflags: &[String],
    linking: Linking,
) -> Built {
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let part = programs.len().div_ceil(cpus).max(1);
    let merged = (linking == Linking::Merged).then(|| Merged {
        part,
        sources: programs.chunks(part).map(r#gen::merge).collect(),
    });
    // The builds of the configurations overlap: each is partly serial (the link).
    let configs = std::thread::scope(|s| {
        let handles: Vec<_> = gcflags
            .iter()
            .map(|flags| {
                let merged = merged.as_ref();
                s.spawn(move || build_config(programs, merged, linking, toolchain, flags))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Binary::Failed("the build thread panicked".to_string()))
            })
            .collect()
    });
    Built {
        programs: programs.len(),
        configs,
    }
}

impl Built {
    /// Runs each program in each build: `[program][gcflags]`.
    pub fn run(&self, runner: &Runner) -> Vec<Vec<Observation>> {
        let timeout = runner.timeout;
        runner.pool.install(|| {
            (0..self.programs)
                .into_par_iter()
                .map(|i| self.configs.iter().map(|b| b.run(i, timeout)).collect())
                .collect()
        })
    }
}

/// The sources of merged binaries: the `k`th runs programs `k * part ..`.
struct Merged {
    part: usize,
    sources: Vec<String>,
}

enum Binary {
    /// Binaries of `part` programs each, the argument selecting the program.
    Merged {
        binaries: Binaries,
        part: usize,
    },
    /// One binary per program, or why it could not be built.
    Separate(Binaries),
    Failed(String),
}

fn build_config(
    programs: &[&GoProgram],
    merged: Option<&Merged>,
    linking: Linking,
    toolchain: &Toolchain,
    gcflags: &str,
) -> Binary {
    let config = gobuild::Config {
        toolchain,
        lang: toolchain.release.lang(),
        gcflags,
        plain: linking == Linking::Plain,
    };
    if let Some(merged) = merged {
        match gobuild::build_numbered(config, "merged", &merged.sources) {
            Ok(binaries)
                if binaries
                    .results
                    .iter()
                    .all(|r| matches!(r, Ok(gobuild::Built::Binary(_)))) =>
            {
                return Binary::Merged {
                    binaries,
                    part: merged.part,
                };
            }
            // A program that does not compile (a generator or reducer bug) must poison only
            // itself: building each apart finds it.
            Ok(_) => {}
            Err(e) => return Binary::Failed(e),
        }
    }
    let sources: Vec<String> = programs.iter().map(|p| p.source()).collect();
    match gobuild::build_numbered(config, "p", &sources) {
        Ok(b) => Binary::Separate(b),
        Err(e) => Binary::Failed(e),
    }
}

impl Binary {
    fn run(&self, i: usize, timeout: Duration) -> Observation {
        match self {
            Binary::Merged { binaries, part } => match &binaries.results[i / part] {
                Ok(built) => execute(built.binary()?, Some(&r#gen::entry_arg(i % part)), timeout),
                Err(e) => Err(e.clone()),
            },
            Binary::Separate(b) => match &b.results[i] {
                Ok(built) => execute(built.binary()?, None, timeout),
                Err(e) => Err(e.clone()),
            },
            Binary::Failed(e) => Err(e.clone()),
        }
    }
}

fn execute(binary: &Path, arg: Option<&str>, timeout: Duration) -> Observation {
    let mut cmd = Command::new(binary);
    cmd.args(arg);
    // As `gosem record` runs cases: these change what a crash prints.
    cmd.env_remove("GOTRACEBACK").env_remove("GODEBUG");
    let out = process::run(&mut cmd, timeout).map_err(|e| e.to_string())?;
    Ok(Outputs {
        exit: out.exit,
        stdout: out.stdout,
        stderr: normalize::stderr(&out.stderr),
    })
}
