//! `gosem mutants`: the mutation score. Each deliberate fault of the machine
//! (`gosem_model::mutant`) is run against each layer of checks, and the report says which layers
//! notice it (kill it), with what, and how long the layer took:
//!
//! - fixtures: the model with the fault against every recorded observation;
//! - invariants: the trace invariants of `spec/invariants.md` on the model's traces of every
//!   case (a breach the sound model does not show);
//! - rules: the symbolic rules and the state invariants on every step of every case (a step the
//!   symbolic rule does not admit, or a configuration that breaks a state invariant).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use gosem_model::logic::Concrete;
use gosem_model::mutant::Mutant;
use gosem_model::symbolic::{self, Config};
use gosem_spec::states::{State, well_formed};
use rayon::prelude::*;

use crate::case::Loaded;
use crate::check;

/// The layers, in the order of the report.
pub const LAYERS: [&str; 3] = ["fixtures", "invariants", "rules"];

/// What one layer made of one mutant.
#[derive(Clone, Debug)]
pub struct Kill {
    /// The first thing that noticed the fault, `None` if nothing did.
    pub by: Option<String>,
    pub took: Duration,
}

/// One mutant's results, one per layer of [`LAYERS`].
pub struct Scored {
    pub mutant: Mutant,
    pub layers: Vec<Kill>,
}

/// Runs every mutant of `mutants` against every layer, over `cases`.
pub fn score(cases: &[Loaded], mutants: &[Mutant]) -> Vec<Scored> {
    let baseline = breaches(cases, None);
    mutants
        .par_iter()
        .map(|m| Scored {
            mutant: *m,
            layers: vec![
                timed(|| fixtures(cases, *m)),
                timed(|| {
                    breaches(cases, Some(*m))
                        .difference(&baseline)
                        .next()
                        .map(|(case, key, inv)| format!("{inv} in {case} {key}"))
                }),
                timed(|| rules(cases, *m)),
            ],
        })
        .collect()
}

fn timed(f: impl FnOnce() -> Option<String>) -> Kill {
    let start = Instant::now();
    let by = f();
    Kill {
        by,
        took: start.elapsed(),
    }
}

/// The first observation the model with the fault fails on.
fn fixtures(cases: &[Loaded], m: Mutant) -> Option<String> {
    cases.iter().find_map(|loaded| {
        let mut first = None;
        check::each_run(loaded, &[], Some(m), &mut |observation, run| {
            if first.is_some() {
                return;
            }
            let outcome = match run {
                Ok((program, params)) => crate::model::simulate(program, &params).0,
                Err(outcome) => outcome,
            };
            let divergence = loaded.fixture.divergence(observation);
            let verdict = crate::verdict::judge(
                &observation.outputs(),
                divergence.map(|d| d.reference.as_str()),
                &outcome,
            );
            if verdict.kind().fails() {
                first = Some(format!(
                    "{} {}",
                    loaded.case.source.display(),
                    observation.key()
                ));
            }
        });
        first
    })
}

/// The invariant breaches of the model's traces (with the fault `m`, if any), by case,
/// observation and invariant.
fn breaches(cases: &[Loaded], m: Option<Mutant>) -> BTreeSet<(String, String, &'static str)> {
    let mut out = BTreeSet::new();
    for loaded in cases {
        check::each_run(loaded, &[], m, &mut |observation, run| {
            let Ok((program, params)) = run else {
                return;
            };
            let (outcome, _, events) = crate::model::simulate_recorded(program, &params);
            if !matches!(outcome, crate::verdict::ModelOutcome::Exited(_)) {
                return;
            }
            for v in gosem_spec::check_trace_at(&events, params.toolchain) {
                out.insert((
                    loaded.case.source.display().to_string(),
                    observation.key().to_string(),
                    v.invariant,
                ));
            }
        });
    }
    out
}

/// The first step of a case that the symbolic rules do not admit, or the first configuration
/// that breaks a state invariant, with the fault `m`.
fn rules(cases: &[Loaded], m: Mutant) -> Option<String> {
    cases.iter().find_map(|loaded| {
        let mut first = None;
        check::each_run(loaded, &[], Some(m), &mut |observation, run| {
            let Ok((program, params)) = run else {
                return;
            };
            if first.is_some() {
                return;
            }
            let toolchain = params.toolchain;
            let at = format!("{} {}", loaded.case.source.display(), observation.key());
            program.run_viewed(&params, &mut |rule, before, after| {
                if first.is_some() {
                    return;
                }
                if !symbolic::admits(rule, before, after, toolchain) {
                    first = Some(format!("{} not admitted in {at}", rule.label()));
                    return;
                }
                let c = Config::of(after);
                let broken = State::ALL.iter().find(|s| !s.holds(&Concrete, &c));
                if let Some(s) = broken {
                    first = Some(format!("{} after {} in {at}", s.id(), rule.label()));
                } else if !well_formed(&Concrete, &c) {
                    first = Some(format!("ill-formed after {} in {at}", rule.label()));
                }
            });
        });
        first
    })
}

/// The report: one line per mutant, then the score.
pub fn render(scored: &[Scored]) -> String {
    let mut out = String::new();
    let name_width = scored
        .iter()
        .map(|s| s.mutant.name().len())
        .max()
        .unwrap_or(0);
    let rule_width = scored
        .iter()
        .map(|s| s.mutant.rule().label().len())
        .max()
        .unwrap_or(0);
    let _ = write!(out, "{:name_width$}  {:rule_width$}", "mutant", "rule");
    for l in LAYERS {
        let _ = write!(out, "  {l:>16}");
    }
    out.push('\n');
    for s in scored {
        let _ = write!(
            out,
            "{:name_width$}  {:rule_width$}",
            s.mutant.name(),
            s.mutant.rule().label()
        );
        for k in &s.layers {
            let cell = match k.by {
                Some(_) => format!("killed {:.2}s", k.took.as_secs_f64()),
                None => "survived".to_string(),
            };
            let _ = write!(out, "  {cell:>16}");
        }
        out.push('\n');
    }
    out.push('\n');
    for s in scored {
        for (layer, k) in LAYERS.iter().zip(&s.layers) {
            if let Some(by) = &k.by {
                let _ = writeln!(out, "{} by {layer}: {by}", s.mutant.name());
            }
        }
    }
    let killed = |f: &dyn Fn(&Scored) -> bool| scored.iter().filter(|s| f(s)).count();
    let by = |s: &Scored, i: usize| s.layers[i].by.is_some();
    let _ = writeln!(
        out,
        "\n{} mutants: {} killed; by the fixtures {}, by the trace invariants {}, by the rules and state invariants {}; by the invariants (trace or state) {}, {} of them missed by the fixtures",
        scored.len(),
        killed(&|s| s.layers.iter().any(|k| k.by.is_some())),
        killed(&|s| by(s, 0)),
        killed(&|s| by(s, 1)),
        killed(&|s| by(s, 2)),
        killed(&|s| by(s, 1) || by(s, 2)),
        killed(&|s| (by(s, 1) || by(s, 2)) && !by(s, 0)),
    );
    let survivors: Vec<&str> = scored
        .iter()
        .filter(|s| s.layers.iter().all(|k| k.by.is_none()))
        .map(|s| s.mutant.name())
        .collect();
    if !survivors.is_empty() {
        let _ = writeln!(out, "survived every layer: {}", survivors.join(", "));
    }
    out
}

/// Whether some mutant survived every layer.
pub fn any_survivor(scored: &[Scored]) -> bool {
    scored
        .iter()
        .any(|s| s.layers.iter().all(|k| k.by.is_none()))
}
