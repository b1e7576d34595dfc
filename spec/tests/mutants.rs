//! The model's deliberate faults (`gosem_model::mutant`) that change its events are caught: for
//! each, some case's trace breaks the invariant that forbids the fault, which the same case's
//! trace without the fault does not break. (The other mutants change only what a run prints, or
//! nothing the events show: a deferred call never registered, a value computed differently.)

mod common;

use common::{Case, GO, cases, suites};
use gosem_model::mutant::Mutant;
use gosem_model::{Params, Program, load};

/// (mutant, the invariant that catches it).
const CAUGHT: &[(&str, &str)] = &[
    ("defer-args-late", "INV-ARGS"),
    ("return-fifo", "INV-LIFO"),
    ("unwind-fifo", "INV-LIFO"),
    ("return-skips-deferred", "INV-COMPLETE"),
    ("panic-skips-deferred", "INV-COMPLETE"),
    ("unwind-only-panicking-frame", "INV-COMPLETE"),
    ("resume-skips-deferred", "INV-COMPLETE"),
    ("goexit-skips-deferred", "INV-COMPLETE"),
    ("results-not-reread", "INV-RESULTS"),
    ("results-zeroed", "INV-RESULTS"),
    ("runtime-errors-unrecoverable", "INV-RECOVER"),
    ("recover-any-depth", "INV-RECOVER"),
    ("recover-in-wrappers", "INV-RECOVER"),
    ("recover-from-return-defers", "INV-RECOVER"),
    ("recover-twice", "INV-RECOVER"),
    ("recover-goexit", "INV-RECOVER"),
    ("recover-oldest", "INV-RECOVER"),
    ("recover-does-not-stop", "INV-RECOVER"),
    ("no-abort", "INV-MAIN-RETURN"),
    ("abort-removes", "INV-MAIN-RETURN"),
    ("resume-keeps-aborted", "INV-MAIN-RETURN"),
    ("goexit-bypassed", "INV-MAIN-RETURN"),
    ("goexit-exits-zero", "INV-GOEXIT"),
    ("os-exit-runs-deferred", "INV-OSEXIT"),
    ("os-exit-unmasked", "INV-OSEXIT"),
    ("crash-exits-one", "INV-CRASH"),
];

fn breaks(events: &[gosem_model::events::Event], invariant: &str) -> bool {
    gosem_spec::check_trace_at(events, GO)
        .iter()
        .any(|v| v.invariant == invariant)
}

#[test]
fn mutants_that_change_events_break_invariants() {
    let programs: Vec<(Case, Program)> = suites()
        .iter()
        .flat_map(|s| cases(s))
        .filter(|case| !case.rejected_by_gc())
        .map(|case| {
            let src = std::fs::read_to_string(&case.go).expect("the case is readable");
            let prog = load(&case.go.to_string_lossy(), &src, GO.language())
                .unwrap_or_else(|e| panic!("{}: {e:?}", case.name));
            (case, prog)
        })
        .collect();
    let mut missed = Vec::new();
    for (name, invariant) in CAUGHT {
        let mutant: Mutant = name.parse().expect("a mutant of the model");
        let caught = programs.iter().find(|(case, prog)| {
            let mut params = Params::new(GO, "./prog");
            params.args.extend(case.fixture.args.iter().cloned());
            let clean = prog.run_recorded(&params).events;
            params.mutant = Some(mutant);
            let mutated = prog.run_recorded(&params).events;
            breaks(&mutated, invariant) && !breaks(&clean, invariant)
        });
        if caught.is_none() {
            missed.push(format!("{name} does not break {invariant} on any case"));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}
