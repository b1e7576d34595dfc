//! gosem-spec: the declarative side of the semantics. The invariants of `spec/invariants.md`,
//! encoded in Z3, checked on the event traces of runs.
//!
//! A trace is checked by asserting its events as facts (integer constants: kinds, frames,
//! deferred calls and panics named by the position of the event they originate at, interned
//! strings) together with the negation of every invariant, and asking Z3 for a model. Unsat
//! means every invariant holds; a model is a counterexample, from which the first violation of
//! each broken invariant is read with the few events that show it.

mod catalogue;
mod checks;
mod encoding;
mod explain;
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
    let facts = trace::Facts::of(events, toolchain);
    solve::findings(&facts)
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
                explanation: explain::explain(f, events),
            }
        })
        .collect()
}
