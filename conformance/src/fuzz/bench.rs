//! `gosem fuzz --bench`: how fast the batched campaign is, measured in one run against the
//! naive approach (a plain `go build` per program) and against the model alone, with the CPU
//! time a program costs in each part of the campaign.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::r#gen::{self, GoProgram};

use super::observe::{Linking, Runner, build, observe};
use super::{Limit, Options, RUNS_PER_JOB, campaign, judge_program, model_outcome};

/// The figures, in programs per second, and CPU milliseconds per program.
#[derive(Clone, Debug)]
pub struct Bench {
    pub programs: u64,
    pub batched: f64,
    pub naive_programs: u64,
    pub naive: f64,
    pub model: f64,
    pub costs: Costs,
}

/// CPU time per program (this process and the processes it waited for), each part measured
/// alone (building and running on one batch, the model on every program): what bounds the
/// batched campaign's speed on a given number of CPUs.
#[derive(Clone, Debug)]
pub struct Costs {
    pub programs: usize,
    /// `go build` of the batch's merged binaries: the go command, the compiler, the linker.
    pub build: Duration,
    /// Running each program in each build, a process each.
    pub run: Duration,
    /// The model, on each toolchain's release.
    pub model: Duration,
    /// The naive approach: a plain `go build` per program and build, and its run.
    pub naive: Duration,
}

impl Costs {
    pub fn batched(&self) -> Duration {
        self.build + self.run + self.model
    }

    /// The most programs per second the batched campaign could reach on `cpus` CPUs, all
    /// of them busy all the time.
    pub fn limit(&self, cpus: usize) -> f64 {
        cpus as f64 / self.batched().as_secs_f64().max(1e-9)
    }
}

impl Bench {
    pub fn ratio(&self) -> f64 {
        self.batched / self.naive.max(1e-9)
    }

    pub fn text(&self, options: &Options) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "gosem fuzz --bench: {}, {} jobs, seeds from {}",
            options.builds(),
            options.jobs,
            options.seeds.first
        );
        let _ = writeln!(
            out,
            "batched ({} programs per batch):     {:>8.1} programs/s over {} programs",
            options.batch, self.batched, self.programs
        );
        let _ = writeln!(
            out,
            "naive (a plain go build per program): {:>8.1} programs/s over {} programs",
            self.naive, self.naive_programs
        );
        let _ = writeln!(
            out,
            "ratio:                                {:>8.1}x",
            self.ratio()
        );
        let _ = writeln!(
            out,
            "model alone (load and run, {} jobs):  {:>8.1} programs/s",
            options.jobs, self.model
        );
        let c = &self.costs;
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let _ = writeln!(
            out,
            "CPU ms per program, each part alone (build and run on {} programs):",
            c.programs
        );
        for (part, cost) in [
            ("build (go, compile, link)", c.build),
            ("run (a process each)", c.run),
            ("model", c.model),
            ("batched in all", c.batched()),
            ("naive (build and run)", c.naive),
        ] {
            let _ = writeln!(out, "  {part:<26} {:>8.2}", ms(cost));
        }
        let limit = c.limit(options.jobs);
        let _ = writeln!(
            out,
            "with {} CPUs always busy, batched could reach {:.1} programs/s: {:.1}x naive",
            options.jobs,
            limit,
            limit / self.naive.max(1e-9)
        );
        out
    }
}

/// Measures `options` (a counted campaign, minimizing nothing) end to end, then the naive
/// approach on the first `naive_programs` of its seeds, then the model alone on all of them,
/// then the CPU cost of each part.
pub fn bench(options: &Options, naive_programs: u64) -> Result<Bench, String> {
    let Limit::Count(count) = options.limit else {
        return Err("the benchmark needs a count of programs".to_string());
    };
    let batched = Options {
        minimize: false,
        ..options.clone()
    };
    let summary = campaign(&batched)?;

    let runner = Runner::new(options.jobs * RUNS_PER_JOB, options.timeout)?;
    let sample: Vec<u64> = (0..naive_programs.min(count))
        .map(|k| options.seeds.nth(k))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| e.to_string())?;
    let naive_cpu = Cpu::now()?;
    let start = Instant::now();
    pool.install(|| {
        sample.par_iter().for_each(|seed| {
            let p = r#gen::generate(&options.config, *seed);
            for t in &options.toolchains {
                let model = model_outcome(&p, t.release, options.mutant);
                let observed = observe(&[&p], t, &options.gcflags, Linking::Plain, &runner);
                judge_program(t.release, &options.gcflags, &model, &observed[0]);
            }
        })
    });
    let naive = sample.len() as f64 / start.elapsed().as_secs_f64();
    let naive_cpu = Cpu::now()?.since(naive_cpu).all() / sample.len().max(1) as u32;

    let programs: Vec<GoProgram> = (0..count)
        .map(|k| r#gen::generate(&options.config, options.seeds.nth(k)))
        .collect();
    let model_cpu = Cpu::now()?;
    let start = Instant::now();
    pool.install(|| {
        programs.par_iter().for_each(|p| {
            for t in &options.toolchains {
                model_outcome(p, t.release, options.mutant);
            }
        })
    });
    let model = programs.len() as f64 / start.elapsed().as_secs_f64();
    let model_cpu = Cpu::now()?.since(model_cpu).all() / programs.len().max(1) as u32;

    let batch: Vec<&GoProgram> = programs.iter().take(options.batch).collect();
    let costs = costs(options, &batch, &runner, model_cpu, naive_cpu)?;
    Ok(Bench {
        programs: summary.programs,
        batched: summary.programs_per_second,
        naive_programs: sample.len() as u64,
        naive,
        model,
        costs,
    })
}

/// The CPU cost per program of building and running `batch`, one part after another, with
/// the model's and the naive approach's, measured before.
fn costs(
    options: &Options,
    batch: &[&GoProgram],
    runner: &Runner,
    model: Duration,
    naive: Duration,
) -> Result<Costs, String> {
    let per = |d: Duration| d / batch.len().max(1) as u32;
    let mut build_cpu = Duration::ZERO;
    let mut run_cpu = Duration::ZERO;
    for t in &options.toolchains {
        let before = Cpu::now()?;
        let built = build(batch, t, &options.gcflags, Linking::Merged);
        let between = Cpu::now()?;
        built.run(runner);
        let after = Cpu::now()?;
        build_cpu += between.since(before).all();
        run_cpu += after.since(between).all();
    }
    Ok(Costs {
        programs: batch.len(),
        build: per(build_cpu),
        run: per(run_cpu),
        model,
        naive,
    })
}

/// CPU time used so far by this process, and by the children it has waited for (with
/// theirs): `go build` waits for the compiler and the linker.
#[derive(Clone, Copy, Debug)]
struct Cpu {
    own: Duration,
    children: Duration,
}

impl Cpu {
    fn now() -> Result<Cpu, String> {
        let stat = std::fs::read_to_string("/proc/self/stat")
            .map_err(|e| format!("cannot measure CPU time: /proc/self/stat: {e}"))?;
        // utime, stime, cutime and cstime are fields 14 to 17 of proc(5); the command name
        // (field 2) is parenthesised and may hold spaces, so fields count from its end.
        let ticks: Vec<u64> = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().skip(11).take(4))
            .into_iter()
            .flatten()
            .map_while(|f| f.parse().ok())
            .collect();
        let [utime, stime, cutime, cstime] = ticks[..] else {
            return Err(format!(
                "cannot measure CPU time: /proc/self/stat is {stat:?}"
            ));
        };
        let hz = rustix::param::clock_ticks_per_second().max(1);
        let time = |t: u64| Duration::from_secs_f64(t as f64 / hz as f64);
        Ok(Cpu {
            own: time(utime + stime),
            children: time(cutime + cstime),
        })
    }

    fn since(self, before: Cpu) -> Cpu {
        Cpu {
            own: self.own.saturating_sub(before.own),
            children: self.children.saturating_sub(before.children),
        }
    }

    fn all(self) -> Duration {
        self.own + self.children
    }
}
