//! `gosem fuzz`: the differential campaign. Generated programs run on the model and, built
//! by real toolchains hundreds to a binary, as real processes; every disagreement is counted,
//! minimized and written as a regression case.
//!
//! The modules: `observe` (building and running), `judge` (verdicts and disagreements),
//! `minimize`, `regress` (writing cases), `summary`, `bench`.

mod bench;
mod judge;
mod minimize;
mod observe;
mod regress;
mod summary;

pub use bench::{Bench, bench};
pub use judge::{
    Between, Broken, Disagreement, Judged, KNOWN_BUGS, KNOWN_BUILDS, KNOWN_MODEL, Known, KnownBug,
    Shows, explain_by_bugs, judge_program, known_build_difference, model_checked, model_outcome,
    thrown,
};
pub use observe::{Linking, Observation, Runner, observe};
pub use summary::{Breach, Found, Poisoned, Summary};

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use gosem_model::mutant::Mutant;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::r#gen::{self, Config, GoProgram};
use crate::toolchain::Toolchain;
use crate::verdict::{Kind, ModelOutcome, Verdict};
use crate::version::Release;

use judge::Gist;
use minimize::{Probe, minimize};
use observe::{Built, build};
use regress::Regress;

/// The build configurations every batch is built with: the first is the one the model is
/// compared with; the others must print the same (optimisation never changes behaviour).
pub const DEFAULT_GCFLAGS: [&str; 3] = ["", "all=-l", "all=-N -l"];

/// Programs per binary.
pub const DEFAULT_BATCH: usize = 500;

/// Concurrent program runs per job: a run is mostly waiting for exec and the exit.
const RUNS_PER_JOB: usize = 4;

/// Which seeds a campaign's shard runs: of `first`, `first + 1`, ..., those whose offset
/// from `first` is `shard` modulo `shards`. The shards of one campaign partition its seeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seeds {
    pub first: u64,
    pub shard: u64,
    pub shards: u64,
}

impl Seeds {
    /// Every seed from `first`, unsharded.
    pub fn from(first: u64) -> Seeds {
        Seeds {
            first,
            shard: 0,
            shards: 1,
        }
    }

    /// The `k`th seed of this shard.
    pub fn nth(&self, k: u64) -> u64 {
        let offset = self.shard.wrapping_add(k.wrapping_mul(self.shards));
        self.first.wrapping_add(offset)
    }

    /// How many of the `count` seeds `first .. first + count` are this shard's.
    pub fn share(&self, count: u64) -> u64 {
        count / self.shards + u64::from(self.shard < count % self.shards)
    }
}

/// When a campaign stops.
#[derive(Clone, Copy, Debug)]
pub enum Limit {
    /// After this many seeds (the shard runs its share of them).
    Count(u64),
    /// When no new batch starts before this much time has passed.
    Time(Duration),
}

/// A campaign.
#[derive(Clone, Debug)]
pub struct Options {
    pub seeds: Seeds,
    pub limit: Limit,
    pub toolchains: Vec<Toolchain>,
    /// The first is the build the model is compared with.
    pub gcflags: Vec<String>,
    /// Programs per binary.
    pub batch: usize,
    /// CPUs to keep busy.
    pub jobs: usize,
    /// How long one run of a program may take.
    pub timeout: Duration,
    /// Where minimized cases are written.
    pub out: PathBuf,
    /// The toolchains a minimized case's fixture is recorded with (so that `gosem record
    /// --check` finds every observation it expects); the campaign's own are added.
    pub record_on: Vec<Toolchain>,
    pub minimize: bool,
    /// Run the model with this deliberate fault (to check that the campaign finds it).
    pub mutant: Option<Mutant>,
    /// Check every model trace against the invariants of `spec/invariants.md`.
    pub invariants: bool,
    pub config: Config,
    /// Show a progress bar on stderr.
    pub progress: bool,
}

impl Options {
    /// The toolchains and build configurations, as a campaign's first line shows them:
    /// `go1.27.3, gcflags "" "all=-l"`.
    pub fn builds(&self) -> String {
        let names: Vec<String> = self
            .toolchains
            .iter()
            .map(|t| t.release.to_string())
            .collect();
        let flags: Vec<String> = self.gcflags.iter().map(|f| format!("{f:?}")).collect();
        format!("{}, gcflags {}", names.join(", "), flags.join(" "))
    }
}

/// Runs a campaign. Errors are the environment's (the run pool cannot start); everything a
/// program does is in the summary.
pub fn campaign(options: &Options) -> Result<Summary, String> {
    let runner = Runner::new(options.jobs * RUNS_PER_JOB, options.timeout)?;
    let mut record_on = options.record_on.clone();
    for t in &options.toolchains {
        if !record_on.iter().any(|r| r.release == t.release) {
            record_on.push(t.clone());
        }
    }
    let mut settler = Settler {
        options,
        runner: &runner,
        regress: Regress {
            dir: &options.out,
            toolchains: &record_on,
            timeout: options.timeout,
            mutant: options.mutant,
        },
        seen: HashMap::new(),
        bar: progress_bar(options),
    };
    if options.minimize {
        for g in settler.regress.open_gists() {
            let label = format!("a case in {}", options.out.display());
            settler.seen.insert(g, label);
        }
    }
    let mut summary = Summary {
        first_seed: options.seeds.first,
        shard: format!("{}/{}", options.seeds.shard, options.seeds.shards),
        ..Summary::default()
    };
    let start = Instant::now();
    // Building a batch takes the CPUs; running one mostly waits on processes. So the next
    // batch is generated and built while this one runs.
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::sync_channel::<Batch>(0);
        s.spawn(move || {
            let mut done = 0u64;
            loop {
                let n = next_batch(options, done, start);
                if n == 0 || tx.send(prepare(options, done, n)).is_err() {
                    break;
                }
                done += n;
            }
        });
        for batch in rx {
            for (toolchain, (models, built)) in options.toolchains.iter().zip(batch.builds) {
                let release = toolchain.release;
                let observed = built.run(&runner);
                for (i, (observed, (model, broken))) in observed.iter().zip(models).enumerate() {
                    let (seed, program) = (batch.seeds[i], &batch.programs[i]);
                    summary.add_breaches(seed, release, &model, broken);
                    let mut judged = judge_program(release, &options.gcflags, &model, observed);
                    if options.mutant.is_none() {
                        judged = explain_by_bugs(
                            judged,
                            program,
                            release,
                            &options.gcflags,
                            &model,
                            observed,
                        );
                    }
                    if !judged.disagreements.is_empty() {
                        judged = confirm(&judged, program, toolchain, &model, options, &runner);
                    }
                    summary.add(seed, release, &program.constructs(), &judged.verdict);
                    for reference in judged.known_builds {
                        *summary
                            .known_build_differences
                            .entry(reference.to_string())
                            .or_default() += 1;
                    }
                    for d in judged.disagreements {
                        let found = settler.settle(d, seed, program, &model, toolchain);
                        match found.disagreement.between {
                            Between::Model { .. } => summary.mismatches.push(found),
                            Between::Builds { .. } | Between::Runtime { .. } => {
                                summary.toolchain_findings.push(found)
                            }
                        }
                    }
                }
            }
            let n = batch.seeds.len() as u64;
            summary.programs += n;
            settler.bar.inc(n);
            settler.bar.set_message(progress_message(&summary));
            if settler.bar.is_hidden() && options.progress {
                // Not a terminal (a log): a line per batch instead of the bar.
                eprintln!(
                    "gosem fuzz: {} programs in {:.0} s: {}",
                    summary.programs,
                    start.elapsed().as_secs_f64(),
                    progress_message(&summary)
                );
            }
        }
    });
    settler.bar.finish_and_clear();
    summary.set_time(start.elapsed());
    Ok(summary)
}

/// How many programs the next batch has, `done` of the shard's having been started at `start`;
/// 0 when the campaign is over.
fn next_batch(options: &Options, done: u64, start: Instant) -> u64 {
    match options.limit {
        Limit::Count(count) => (options.seeds.share(count) - done).min(options.batch as u64),
        Limit::Time(t) if start.elapsed() < t => options.batch as u64,
        Limit::Time(_) => 0,
    }
}

/// A campaign of the model alone, at `release`: no toolchain runs; every program's trace is
/// checked against the invariants of `spec/invariants.md`.
pub fn model_campaign(options: &Options, release: Release) -> Summary {
    let mut summary = Summary {
        first_seed: options.seeds.first,
        shard: format!("{}/{}", options.seeds.shard, options.seeds.shards),
        ..Summary::default()
    };
    let bar = progress_bar(options);
    let start = Instant::now();
    let mut done = 0u64;
    loop {
        let n = next_batch(options, done, start);
        if n == 0 {
            break;
        }
        let seeds: Vec<u64> = (done..done + n).map(|k| options.seeds.nth(k)).collect();
        let runs: Vec<Modelled> = seeds
            .par_iter()
            .map(|s| {
                model_checked(
                    &r#gen::generate(&options.config, *s),
                    release,
                    options.mutant,
                )
            })
            .collect();
        for (seed, (model, broken)) in seeds.into_iter().zip(runs) {
            if !matches!(model, ModelOutcome::Exited(_)) {
                // No toolchain judges the run: refused, exhausted or a model bug.
                let verdict = crate::verdict::judge(&Default::default(), None, &model);
                summary.other_failures.push(Poisoned {
                    seed,
                    toolchain: release,
                    reason: verdict.to_string(),
                });
            }
            summary.add_breaches(seed, release, &model, broken);
        }
        done += n;
        summary.programs = done;
        bar.inc(n);
        bar.set_message(format!(
            "{} traces, {} breaches",
            summary.traces,
            summary.breaches.len()
        ));
    }
    bar.finish_and_clear();
    summary.set_time(start.elapsed());
    summary
}

/// The judgement of `program` built alone, as `gosem record` builds a case: a disagreement
/// only the merged binary showed is gc's behaviour depending on the binary's layout, a
/// reviewed divergence ([`judge::LAYOUT`]).
fn confirm(
    merged: &Judged,
    program: &GoProgram,
    toolchain: &Toolchain,
    model: &ModelOutcome,
    options: &Options,
    runner: &Runner,
) -> Judged {
    let alone = observe(
        &[program],
        toolchain,
        &options.gcflags,
        Linking::Separate,
        runner,
    );
    let mut judged = judge_program(toolchain.release, &options.gcflags, model, &alone[0]);
    let confirmed: Vec<Gist> = judged
        .disagreements
        .iter()
        .map(Disagreement::gist)
        .collect();
    for d in &merged.disagreements {
        if confirmed.contains(&d.gist()) {
            continue;
        }
        match d.between {
            Between::Model { .. } | Between::Runtime { .. } if judged.verdict == Verdict::Agree => {
                judged.verdict = Verdict::KnownDivergence {
                    reference: judge::LAYOUT.reference.to_string(),
                };
            }
            Between::Model { .. } | Between::Runtime { .. } => {}
            Between::Builds { .. } => judged.known_builds.push(judge::LAYOUT.reference),
        }
    }
    judged
}

/// The model's answer for a program, with the invariants its trace breaks (when checked).
type Modelled = (ModelOutcome, Vec<Broken>);

/// A batch of programs, with the model's answers and the binaries for each toolchain.
struct Batch {
    seeds: Vec<u64>,
    programs: Vec<GoProgram>,
    builds: Vec<(Vec<Modelled>, Built)>,
}

/// Generates the `n` programs from the shard's `done`th seed on, runs the model on them and
/// builds them for each toolchain.
fn prepare(options: &Options, done: u64, n: u64) -> Batch {
    let seeds: Vec<u64> = (done..done + n).map(|k| options.seeds.nth(k)).collect();
    let programs: Vec<GoProgram> = seeds
        .par_iter()
        .map(|s| r#gen::generate(&options.config, *s))
        .collect();
    let refs: Vec<&GoProgram> = programs.iter().collect();
    let builds = options
        .toolchains
        .iter()
        .map(|t| {
            let models = programs
                .par_iter()
                .map(|p| {
                    if options.invariants {
                        model_checked(p, t.release, options.mutant)
                    } else {
                        (model_outcome(p, t.release, options.mutant), Vec::new())
                    }
                })
                .collect();
            let built = build(&refs, t, &options.gcflags, Linking::Merged);
            (models, built)
        })
        .collect();
    Batch {
        seeds,
        programs,
        builds,
    }
}

/// Runs of a minimized program that threw, to tell a throw every run shows (which a fixture
/// can hold) from one that comes and goes.
const THROW_RUNS: usize = 20;

/// Decides what becomes of each disagreement a campaign finds.
struct Settler<'a> {
    options: &'a Options,
    runner: &'a Runner,
    regress: Regress<'a>,
    /// The gists seen so far (a disagreement with one of them is the same bug), each with
    /// what became of its first disagreement.
    seen: HashMap<Gist, String>,
    bar: ProgressBar,
}

impl Settler<'_> {
    /// A line on stderr, above the progress bar if there is one.
    fn note(&self, line: String) {
        if self.bar.is_hidden() {
            if self.options.progress {
                eprintln!("{line}");
            }
        } else {
            self.bar.println(line);
        }
    }

    /// A duplicate of a disagreement seen before, or (when minimizing) a new case.
    fn settle(
        &mut self,
        d: Disagreement,
        seed: u64,
        program: &GoProgram,
        model: &ModelOutcome,
        toolchain: &Toolchain,
    ) -> Found {
        let gist = d.gist();
        let outcome = if let Some(first) = self.seen.get(&gist) {
            format!("same as {first}")
        } else if self.options.minimize {
            self.note(format!(
                "gosem fuzz: seed {seed} on {}: {} differ ({:?}); minimizing",
                d.toolchain,
                d.fields(),
                d.between
            ));
            let mut probe = Probe::new(
                &d,
                model.clone(),
                toolchain,
                self.runner,
                self.options.mutant,
            );
            let tree = r#gen::shrinker(&self.options.config, seed);
            let minimized = minimize(tree, program.clone(), d.clone(), &mut probe);
            let mut outcome =
                match self
                    .regress
                    .write(&minimized.program, &minimized.disagreement, seed)
                {
                    Ok(Some(w)) => format!(
                        "{} ({} body lines, {} builds)",
                        w.source.display(),
                        w.body_lines,
                        minimized.builds
                    ),
                    Ok(None) => "a case written meanwhile".to_string(),
                    Err(e) => format!("not written: {e}"),
                };
            if let Between::Runtime { gcflags, fatal } = &minimized.disagreement.between {
                outcome.push_str(&self.throw_rate(&minimized.program, toolchain, gcflags, fatal));
            }
            self.note(format!("gosem fuzz: seed {seed}: {outcome}"));
            self.seen.insert(gist, outcome.clone());
            outcome
        } else {
            self.seen.insert(gist, format!("seed {seed}"));
            String::new()
        };
        Found {
            seed,
            disagreement: d,
            outcome,
        }
    }

    /// `; throws in k of n runs`, built alone as a case is recorded, with a warning when
    /// not every run throws.
    fn throw_rate(
        &self,
        program: &GoProgram,
        toolchain: &Toolchain,
        gcflags: &str,
        fatal: &str,
    ) -> String {
        let copies = vec![program; THROW_RUNS];
        let observed = observe(
            &copies,
            toolchain,
            &[gcflags.to_string()],
            Linking::Separate,
            self.runner,
        );
        let threw = observed
            .iter()
            .filter(|o| matches!(&o[0], Ok(out) if thrown(out).as_deref() == Some(fatal)))
            .count();
        let rate = format!("; throws in {threw} of {THROW_RUNS} runs");
        if threw == THROW_RUNS {
            rate
        } else {
            format!("{rate}: a fixture cannot hold a throw that comes and goes")
        }
    }
}

fn progress_bar(options: &Options) -> ProgressBar {
    let bar = match options.limit {
        Limit::Count(count) => ProgressBar::new(options.seeds.share(count)),
        Limit::Time(_) => ProgressBar::no_length(),
    };
    if !options.progress {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let style = ProgressStyle::with_template(
        "{spinner} {elapsed:>4} [{wide_bar}] {pos}/{len} programs ({per_sec}) {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

fn progress_message(summary: &Summary) -> String {
    let parts: Vec<String> = Kind::ALL
        .iter()
        .filter(|k| summary.verdicts.get(**k) > 0)
        .map(|k| format!("{} {}", summary.verdicts.get(*k), k.label()))
        .collect();
    let mut message = parts.join(", ");
    if !summary.toolchain_findings.is_empty() {
        message.push_str(&format!(", {} findings", summary.toolchain_findings.len()));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_seeds() {
        let count = 103;
        let mut all: Vec<u64> = Vec::new();
        let mut shares = 0;
        for shard in 0..7 {
            let seeds = Seeds {
                first: 1000,
                shard,
                shards: 7,
            };
            shares += seeds.share(count);
            all.extend((0..seeds.share(count)).map(|k| seeds.nth(k)));
        }
        all.sort_unstable();
        assert_eq!(shares, count);
        assert_eq!(all, (1000..1000 + count).collect::<Vec<u64>>());
    }
}
