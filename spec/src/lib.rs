//! gosem-spec: the declarative side of the semantics. The invariants of `spec/invariants.md`,
//! encoded in Z3, checked on the event traces of runs.
//!
//! A trace is checked by taking its events as the values of the encoding's constants (kinds,
//! frames, deferred calls and panics named by the position of the event they originate at,
//! interned strings) and evaluating the negation of every invariant under them with Z3. False
//! means every invariant holds; true makes the trace a counterexample, from which the first
//! violation of each broken invariant is read with the few events that show it.

mod catalogue;
mod checks;
mod encoding;
mod explain;
mod observed;
pub mod prove;
mod solve;
mod state;
pub mod states;
mod trace;
mod z;

pub use catalogue::{INVARIANTS, Invariant};
pub use explain::describe;

use gosem_model::Version;
use gosem_model::events::Event;

/// An invariant a trace breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The invariant's id in `spec/invariants.md`.
    pub invariant: &'static str,
    pub sentence: &'static str,
    /// The indices of the events that show the violation, ascending; the last is where the
    /// invariant first breaks.
    pub witness: Vec<usize>,
    pub explanation: String,
}

/// The invariants `events` breaks, each at its first violation, in the order of the events
/// where they break. Empty when every invariant holds. The run is taken to be of a runtime from
/// Go 1.22 on; see [`check_trace_at`].
pub fn check_trace(events: &[Event]) -> Vec<Violation> {
    check_trace_at(events, Version::new(1, 22, None))
}

/// [`check_trace`] for a run of `toolchain`'s runtime. One behaviour the invariants depend on
/// changed across releases: which aborted Goexit a recovery resumes (INV-RESUME's chain).
pub fn check_trace_at(events: &[Event], toolchain: Version) -> Vec<Violation> {
    violations(events, toolchain, encoding::Mode::Full)
}

/// The invariants [`check_observed`] checks, restricted to what an observed trace shows (see
/// `spec/invariants.md`, "Checked on gc traces"); the others cannot be read from one.
pub const OBSERVED: &[&str] = &[
    "INV-FRAMES",
    "INV-LIFO",
    "INV-ONCE",
    "INV-COMPLETE",
    "INV-RECOVER",
    "INV-CRASH",
    "INV-GOEXIT",
    "INV-OSEXIT",
    "INV-MAIN-RETURN",
    "INV-EXIT-LAST",
];

/// [`check_trace_at`] for a trace of only what a program can observe of itself: `Enter`,
/// `Defer`, `DeferStart`, `Returning`, `Panic`, `Recover`, `Return` (of a frame whose caller
/// resumed) and `Exit`, without the events of deferred builtins. Frames are left without
/// events; `DeferStart::why`, `Recover::depth`, `Recover::in_wrapper` and arguments and results
/// are not read. Events of other kinds are skipped. Each invariant of [`OBSERVED`] is checked
/// as far as such a trace can show it.
pub fn check_observed(events: &[Event], toolchain: Version) -> Vec<Violation> {
    violations(events, toolchain, encoding::Mode::Observed)
}

fn violations(events: &[Event], toolchain: Version, mode: encoding::Mode) -> Vec<Violation> {
    let facts = trace::Facts::of(events, toolchain);
    solve::findings(&facts, mode)
        .iter()
        .map(|f| {
            let inv = f.id.invariant();
            let mut witness: Vec<usize> = f.named.iter().flatten().copied().collect();
            witness.sort_unstable();
            witness.dedup();
            Violation {
                invariant: inv.id,
                sentence: inv.sentence,
                witness,
                explanation: match mode {
                    encoding::Mode::Full => explain::explain(f, events),
                    encoding::Mode::Observed => explain::explain_observed(f, events),
                },
            }
        })
        .collect()
}
