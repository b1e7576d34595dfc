//! `gosem check`: the model against every recorded observation.

use std::collections::{BTreeMap, BTreeSet};

use gosem_model::mutant::Mutant;
use gosem_model::{DEFAULT_FUEL, Params, Program, Rule};
use rayon::prelude::*;

use crate::case::{Case, Loaded};
use crate::fixture::{CaseError, Observation};
use crate::model::{self, Unloaded};
use crate::report::{Breach, Entry, Findings};
use crate::verdict::{ModelOutcome, Refusal, judge};
use crate::version::{Lang, VersionSpec};

/// What checking found, and for coverage, the rules each case's runs used.
#[derive(Debug, Default)]
pub struct Checked {
    pub findings: Findings,
    pub rules: Vec<BTreeSet<Rule>>,
}

/// Checks every observation of `cases` recorded by a toolchain `toolchains` names (all of
/// them when empty). Cases are independent: one that fails to load is reported and the
/// others are still checked.
///
/// With a `mutant`, the model runs with that deliberate fault (to measure the fixtures). With
/// `invariants`, the trace of every run that ends is checked against the invariants of
/// `spec/invariants.md`.
pub fn check(
    cases: &[Case],
    toolchains: &[VersionSpec],
    mutant: Option<Mutant>,
    invariants: bool,
) -> Checked {
    let per_case: Vec<Result<CaseVerdicts, CaseError>> = cases
        .par_iter()
        .map(|case| {
            case.load()
                .map(|loaded| check_case(&loaded, toolchains, mutant, invariants))
        })
        .collect();
    let mut checked = Checked::default();
    if invariants {
        checked.findings.traces = Some(0);
    }
    for result in per_case {
        match result {
            Ok(case) => {
                checked.findings.entries.extend(case.entries);
                checked.findings.breaches.extend(case.breaches);
                if let Some(t) = checked.findings.traces.as_mut() {
                    *t += case.traces;
                }
                checked.rules.push(case.rules);
            }
            Err(e) => checked.findings.errors.push(e),
        }
    }
    checked
}

/// One case's verdicts, the rules its runs used, and what the invariants found.
struct CaseVerdicts {
    entries: Vec<Entry>,
    rules: BTreeSet<Rule>,
    traces: usize,
    breaches: Vec<Breach>,
}

fn check_case(
    loaded: &Loaded,
    toolchains: &[VersionSpec],
    mutant: Option<Mutant>,
    invariants: bool,
) -> CaseVerdicts {
    let mut rules = BTreeSet::new();
    let mut entries = Vec::new();
    let (mut traces, mut breaches) = (0, Vec::new());
    each_run(loaded, toolchains, mutant, &mut |observation, run| {
        let outcome = match run {
            Ok((program, params)) if invariants => {
                let (outcome, used, events) = model::simulate_recorded(program, &params);
                rules.extend(used);
                // A run cut short (refused, out of fuel) has no end the invariants describe.
                if matches!(outcome, ModelOutcome::Exited(_)) {
                    traces += 1;
                    let violations = gosem_spec::check_trace_at(&events, params.toolchain);
                    breaches.extend(violations.into_iter().map(|v| Breach {
                        case: loaded.case.clone(),
                        key: observation.key(),
                        invariant: v.invariant,
                        sentence: v.sentence,
                        witness: v.witness,
                        explanation: v.explanation,
                    }));
                }
                outcome
            }
            Ok((program, params)) => {
                let (outcome, used) = model::simulate(program, &params);
                rules.extend(used);
                outcome
            }
            Err(outcome) => outcome,
        };
        let divergence = loaded.fixture.divergence(observation);
        let verdict = judge(
            &observation.outputs(),
            divergence.map(|d| d.reference.as_str()),
            &outcome,
        );
        entries.push(Entry {
            case: loaded.case.clone(),
            key: observation.key(),
            verdict,
        });
    });
    CaseVerdicts {
        entries,
        rules,
        traces,
        breaches,
    }
}

/// The model's program and parameters for one observation, or why the model cannot run it.
pub type Run<'a> = Result<(&'a Program, Params), ModelOutcome>;

/// Calls `f` with each observation of `loaded` recorded by a toolchain `toolchains` names (all
/// when empty), and the model's program and parameters for the same run; or, when the model
/// cannot load the program or take the parameters, the outcome that says so.
pub fn each_run(
    loaded: &Loaded,
    toolchains: &[VersionSpec],
    mutant: Option<Mutant>,
    f: &mut dyn FnMut(&Observation, Run<'_>),
) {
    let file = loaded.case.source.display().to_string();
    // A program is loaded once per language version, as gc compiles it once per go.mod.
    let mut programs: BTreeMap<Lang, Result<Program, Unloaded>> = BTreeMap::new();
    let selected = loaded
        .fixture
        .runs
        .iter()
        .filter(|o| toolchains.is_empty() || toolchains.iter().any(|t| t.matches(o.toolchain)));
    for observation in selected {
        let program = programs
            .entry(observation.lang)
            .or_insert_with(|| model::load(&file, &loaded.source, observation.lang));
        let run = match program {
            Ok(program) => params(loaded, observation, mutant)
                .map(|params| (&*program, params))
                .map_err(ModelOutcome::Unsupported),
            Err(unloaded) => {
                Err(unloaded.outcome(observation.toolchain, &loaded.case.go_run_path()))
            }
        };
        f(observation, run);
    }
}

/// The model's parameters for the run that produced `observation`.
fn params(
    loaded: &Loaded,
    observation: &Observation,
    mutant: Option<Mutant>,
) -> Result<Params, Refusal> {
    let mut args = vec![loaded.case.argv0()];
    args.extend(loaded.fixture.args.iter().cloned());
    Ok(Params {
        toolchain: observation.toolchain.version(),
        lang: observation.lang.version(),
        godebug: model::godebug(&observation.godebug)?,
        args,
        fuel: DEFAULT_FUEL,
        mutant,
    })
}
