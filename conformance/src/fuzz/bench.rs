//! `gosem fuzz --bench`: how fast the batched campaign is, measured in one run against the
//! naive approach (one `go build` per program) and against the model alone.

use std::fmt::Write as _;
use std::time::Instant;

use rayon::prelude::*;

use crate::r#gen::{self, GoProgram};

use super::observe::{Linking, Runner, observe};
use super::{Limit, Options, RUNS_PER_JOB, campaign, judge_program, model_outcome};

/// The figures, in programs per second.
#[derive(Clone, Debug)]
pub struct Bench {
    pub programs: u64,
    pub batched: f64,
    pub naive_programs: u64,
    pub naive: f64,
    pub model: f64,
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
            "batched ({} programs per binary): {:>8.1} programs/s over {} programs",
            options.batch, self.batched, self.programs
        );
        let _ = writeln!(
            out,
            "naive (a go build per program):  {:>8.1} programs/s over {} programs",
            self.naive, self.naive_programs
        );
        let _ = writeln!(
            out,
            "ratio:                           {:>8.1}x",
            self.ratio()
        );
        let _ = writeln!(
            out,
            "model alone (load and run, {} jobs): {:>8.1} programs/s",
            options.jobs, self.model
        );
        out
    }
}

/// Measures `options` (a counted campaign, minimizing nothing) end to end, then the naive
/// approach on the first `naive_programs` of its seeds, then the model alone on all of them.
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
    let start = Instant::now();
    pool.install(|| {
        sample.par_iter().for_each(|seed| {
            let p = r#gen::generate(&options.config, *seed);
            for t in &options.toolchains {
                let model = model_outcome(&p, t.release, options.mutant);
                let observed = observe(&[&p], t, &options.gcflags, Linking::Merged, &runner);
                judge_program(t.release, &options.gcflags, &model, &observed[0]);
            }
        })
    });
    let naive = sample.len() as f64 / start.elapsed().as_secs_f64();

    let programs: Vec<GoProgram> = (0..count)
        .map(|k| r#gen::generate(&options.config, options.seeds.nth(k)))
        .collect();
    let start = Instant::now();
    pool.install(|| {
        programs.par_iter().for_each(|p| {
            for t in &options.toolchains {
                model_outcome(p, t.release, options.mutant);
            }
        })
    });
    let model = programs.len() as f64 / start.elapsed().as_secs_f64();

    Ok(Bench {
        programs: summary.programs,
        batched: summary.programs_per_second,
        naive_programs: sample.len() as u64,
        naive,
        model,
    })
}
