//! One run of the model with every step and every event kept: what each view of
//! `gosem explain` is drawn from.

use gosem_model::events::Event;
use gosem_model::{Params, Program, Status, Step};

/// The most steps an explanation follows: every step is kept, with its frames, so a longer run
/// is cut here (and says so) rather than filling memory.
pub const STEP_LIMIT: u64 = 100_000;

pub struct Trace {
    /// The file as diagnostics name it, and its text.
    pub file: String,
    pub source: String,
    pub params: Params,
    pub steps: Vec<Step>,
    /// The run's events; each step says how many precede its own.
    pub events: Vec<Event>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: Status,
}

impl Trace {
    /// Runs `program` under `params` (with at most [`STEP_LIMIT`] steps), keeping every step.
    pub fn record(program: &Program, params: &Params, file: &str, source: &str) -> Trace {
        let mut params = params.clone();
        params.fuel = params.fuel.min(STEP_LIMIT);
        let mut steps: Vec<Step> = Vec::new();
        let run = program.run_traced(&params, &mut |step| steps.push(step.clone()));
        Trace {
            file: file.to_string(),
            source: source.to_string(),
            params,
            steps,
            events: run.events,
            stdout: run.stdout,
            stderr: run.stderr,
            status: run.status,
        }
    }

    /// The run's parameters in words: `go1.27.3, language 1.27` and any GODEBUG setting.
    pub fn setting(&self) -> String {
        setting(&self.params)
    }

    /// How the run ended, in words.
    pub fn ending(&self) -> String {
        match &self.status {
            Status::Exited(code) => format!("exit status {code}"),
            Status::Exhausted => format!(
                "cut after {} steps (explain follows at most {STEP_LIMIT})",
                self.steps.len()
            ),
            Status::Unsupported(d) => format!(
                "refused at {}:{}:{}: {} (outside the modeled subset)",
                d.file, d.line, d.col, d.message
            ),
            Status::Internal(d) => format!("stopped by an internal error of the model at {d}"),
        }
    }
}

/// Version parameters in words.
pub fn setting(params: &Params) -> String {
    let mut s = format!("go{}, language {}", params.toolchain, params.lang);
    if let Some(old) = params.godebug.panicnil {
        s.push_str(&format!(", GODEBUG=panicnil={}", u8::from(old)));
    }
    s
}
