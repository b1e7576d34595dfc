//! The one place that turns the model's answers into this crate's terms.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use gosem_model::events::Event;
use gosem_model::{Diagnostic, Godebug, Params, Program, Rejection, Rule, Run, Status};

use crate::normalize;
use crate::verdict::{ModelOutcome, Outputs, Refusal};
use crate::version::Lang;

impl From<&Diagnostic> for Refusal {
    fn from(d: &Diagnostic) -> Refusal {
        Refusal {
            construct: d.message.clone(),
            at: format!("{}:{}:{}", d.file, d.line, d.col),
        }
    }
}

/// The refusal for a GODEBUG setting the model does not know.
pub fn godebug(godebug: &str) -> Result<Godebug, Refusal> {
    Godebug::parse(godebug).map_err(|construct| Refusal {
        construct,
        at: format!("GODEBUG={godebug}"),
    })
}

/// Compile diagnostics as gc prints them, one `file:line:col: message` per line.
pub fn diagnostics(ds: &[Diagnostic]) -> String {
    ds.iter().map(|d| format!("{d}\n")).collect()
}

/// Loads a program for comparisons; a rejection is already the model's answer.
pub fn load(file: &str, source: &str, lang: Lang) -> Result<Program, ModelOutcome> {
    match guarded(|| gosem_model::load(file, source, lang.version()))? {
        Ok(program) => Ok(program),
        Err(Rejection::Unsupported(d)) => Err(ModelOutcome::Unsupported((&d).into())),
        Err(Rejection::Internal(d)) => Err(ModelOutcome::Failed(d.to_string())),
        Err(Rejection::Compile(ds)) => Err(ModelOutcome::Rejected(diagnostics(&ds))),
    }
}

/// Runs `program` and says how it ended, with stderr normalised like a real run's, and the
/// rules the run used.
pub fn simulate(program: &Program, params: &Params) -> (ModelOutcome, BTreeSet<Rule>) {
    let (outcome, rules, _) = simulated(guarded(|| program.run(params)));
    (outcome, rules)
}

/// [`simulate`], with the run's events (for the invariants).
pub fn simulate_recorded(
    program: &Program,
    params: &Params,
) -> (ModelOutcome, BTreeSet<Rule>, Vec<Event>) {
    simulated(guarded(|| program.run_recorded(params)))
}

fn simulated(run: Result<Run, ModelOutcome>) -> (ModelOutcome, BTreeSet<Rule>, Vec<Event>) {
    match run {
        Ok(run) => (outcome(&run), exercised(&run), run.events),
        Err(panicked) => (panicked, BTreeSet::new(), Vec::new()),
    }
}

/// Calls into the model, turning a panic (a bug in the model) into an outcome, so that
/// one case that trips it does not stop the others from being checked.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, ModelOutcome> {
    caught(f).map_err(ModelOutcome::Failed)
}

/// Runs `f`, turning a Rust panic (a bug of gosem) into its message.
pub fn caught<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        format!("panicked: {message}")
    })
}

fn outcome(run: &Run) -> ModelOutcome {
    match &run.status {
        Status::Exited(exit) => ModelOutcome::Exited(Outputs {
            exit: *exit,
            stdout: run.stdout.clone(),
            stderr: normalize::stderr(&run.stderr),
        }),
        Status::Exhausted => ModelOutcome::Exhausted,
        Status::Unsupported(d) => ModelOutcome::Unsupported(d.into()),
        Status::Internal(d) => ModelOutcome::Failed(d.to_string()),
    }
}

fn exercised(run: &Run) -> BTreeSet<Rule> {
    run.rules
        .iter()
        .filter(|(_, fired)| **fired > 0)
        .map(|(rule, _)| *rule)
        .collect()
}
