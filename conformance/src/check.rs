//! `gosem check`: the model against every recorded observation.

use std::collections::{BTreeMap, BTreeSet};

use gosem_model::mutant::Mutant;
use gosem_model::{DEFAULT_FUEL, Params, Program, Rule};
use rayon::prelude::*;

use crate::case::{Case, Loaded};
use crate::fixture::{CaseError, Observation};
use crate::model;
use crate::report::{Entry, Findings};
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
/// With a `mutant`, the model runs with that deliberate fault (to measure the fixtures).
pub fn check(cases: &[Case], toolchains: &[VersionSpec], mutant: Option<Mutant>) -> Checked {
    let per_case: Vec<Result<CaseVerdicts, CaseError>> = cases
        .par_iter()
        .map(|case| {
            case.load()
                .map(|loaded| check_case(&loaded, toolchains, mutant))
        })
        .collect();
    let mut checked = Checked::default();
    for result in per_case {
        match result {
            Ok(case) => {
                checked.findings.entries.extend(case.entries);
                checked.rules.push(case.rules);
            }
            Err(e) => checked.findings.errors.push(e),
        }
    }
    checked
}

/// One case's verdicts and the rules its runs used.
struct CaseVerdicts {
    entries: Vec<Entry>,
    rules: BTreeSet<Rule>,
}

fn check_case(loaded: &Loaded, toolchains: &[VersionSpec], mutant: Option<Mutant>) -> CaseVerdicts {
    let file = loaded.case.source.display().to_string();
    // A program is loaded once per language version, as gc compiles it once per go.mod.
    let mut programs: BTreeMap<Lang, Result<Program, ModelOutcome>> = BTreeMap::new();
    let mut rules = BTreeSet::new();
    let mut entries = Vec::new();
    let selected = loaded
        .fixture
        .runs
        .iter()
        .filter(|o| toolchains.is_empty() || toolchains.iter().any(|t| t.matches(o.toolchain)));
    for observation in selected {
        let program = programs
            .entry(observation.lang)
            .or_insert_with(|| model::load(&file, &loaded.source, observation.lang));
        let outcome = match program {
            Ok(program) => match params(loaded, observation, mutant) {
                Ok(params) => {
                    let (outcome, used) = model::simulate(program, &params);
                    rules.extend(used);
                    outcome
                }
                Err(refusal) => ModelOutcome::Unsupported(refusal),
            },
            Err(refused) => refused.clone(),
        };
        let divergence = loaded.fixture.divergence(observation.toolchain);
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
    }
    CaseVerdicts { entries, rules }
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
