//! The one place that turns the model's answers into this crate's terms.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use gosem_model::events::Event;
use gosem_model::{
    CompileErrors, Diagnostic, Godebug, Params, Program, Rejection, Rule, Run, Status,
};

use crate::normalize;
use crate::verdict::{GO_RUN_HEADER, ModelOutcome, Outputs, Refusal, Rejected};
use crate::version::{Lang, Release};

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

/// The model's diagnostics, one `file:line:col: message` per line, in its own words.
pub fn diagnostics(errors: &CompileErrors) -> String {
    errors
        .errors
        .iter()
        .map(|e| format!("{}\n", e.at))
        .collect()
}

/// Why the model has no program to run: gc's compile errors, whose wording depends on the
/// release, or an outcome that does not.
#[derive(Clone, Debug)]
pub enum Unloaded {
    Rejected(CompileErrors),
    Outcome(ModelOutcome),
}

impl Unloaded {
    /// The model's outcome for a build with `toolchain`, the program named `file` as `go run`
    /// names it.
    pub fn outcome(&self, toolchain: Release, file: &str) -> ModelOutcome {
        match self {
            Unloaded::Rejected(errors) => {
                ModelOutcome::Rejected(Box::new(rejected(errors, toolchain, file)))
            }
            Unloaded::Outcome(outcome) => outcome.clone(),
        }
    }
}

/// What the model says `go run` prints for a program the front end rejects.
pub fn rejected(errors: &CompileErrors, toolchain: Release, file: &str) -> Rejected {
    let report = errors.gc_report(toolchain.version(), file);
    let mut stderr = GO_RUN_HEADER.to_string();
    for e in &report.errors {
        stderr.push_str(e);
        stderr.push('\n');
    }
    Rejected {
        claim: Outputs {
            exit: CompileErrors::go_run_exit(toolchain.version()),
            stdout: Vec::new(),
            stderr: normalize::stderr(stderr.as_bytes()),
        },
        claimed: report.errors.len(),
        gap: report.gap.as_ref().map(Refusal::from),
        diagnostics: diagnostics(errors),
    }
}

/// Loads a program for comparisons.
pub fn load(file: &str, source: &str, lang: Lang) -> Result<Program, Unloaded> {
    match guarded(|| gosem_model::load(file, source, lang.version())).map_err(Unloaded::Outcome)? {
        Ok(program) => Ok(program),
        Err(Rejection::Unsupported(d)) => {
            Err(Unloaded::Outcome(ModelOutcome::Unsupported((&d).into())))
        }
        Err(Rejection::Internal(d)) => Err(Unloaded::Outcome(ModelOutcome::Failed(d.to_string()))),
        Err(Rejection::Compile(errors)) => Err(Unloaded::Rejected(errors)),
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
