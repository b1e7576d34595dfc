//! Every case under `cases/` satisfies every invariant, run as each of its recorded observations
//! was (toolchain, language version, GODEBUG setting; go1.27.3 among them, with the languages its
//! fixture lists), and checked for that toolchain — except where the model's events are known to
//! be wrong (`KNOWN`), which the test also insists on, so that a fixed model clears the list.

mod common;

use common::{GO, case_events, cases, settings, suites};
use std::collections::BTreeSet;

/// A fmt call that calls an `Error` or `String` method written in Go runs in a frame of its own:
/// the machine emits its `Enter` (named `runtime.main`) but pops it without a `Return` or
/// `Unwound` (`fmt_step`, and `recover_resume` for a recovered method), so the events of its
/// caller that follow do not name the running frame.
const FMT_FRAME: &str = "fmt's frame is entered but never left";

/// fmt recovers a panic of such a method in `step` (`recover_active` on the fmt frame), which
/// emits no `Recover` event: the `Recovered` that follows ends a recovery no `recover` made.
const FMT_RECOVER: &str = "fmt's recovery emits no Recover event";

/// (case, invariant, why): the violations the model's events are known to show.
const KNOWN: &[(&str, &str, &str)] = &[
    ("edge/fmt-catches-method-panics", "INV-FRAMES", FMT_FRAME),
    ("edge/fmt-catches-method-panics", "INV-RESUME", FMT_RECOVER),
    (
        "edge/named-results-after-recovered-runtime-error",
        "INV-FRAMES",
        FMT_FRAME,
    ),
    ("edge/panic-value-custom-error", "INV-FRAMES", FMT_FRAME),
    ("edge/panic-value-kinds-recovered", "INV-FRAMES", FMT_FRAME),
    ("edge/panic-value-stringer", "INV-FRAMES", FMT_FRAME),
    (
        "edge/type-switch-and-nil-interface-method",
        "INV-FRAMES",
        FMT_FRAME,
    ),
    (
        "spec/recover-non-nil-when-panicking-and-called-directly",
        "INV-FRAMES",
        FMT_FRAME,
    ),
    (
        "spec/return-explicit-values-assignable-to-result-types",
        "INV-FRAMES",
        FMT_FRAME,
    ),
];

#[test]
fn every_case_satisfies_the_invariants() {
    let mut failures = Vec::new();
    let mut runs = 0;
    for case in suites().iter().flat_map(|s| cases(s)) {
        let known: BTreeSet<&str> = KNOWN
            .iter()
            .filter(|(c, ..)| *c == case.name)
            .map(|(_, inv, _)| *inv)
            .collect();
        let settings = settings(&case);
        assert!(
            settings.iter().any(|s| s.toolchain == GO),
            "{}: no observation recorded at go{GO}",
            case.name,
        );
        for setting in settings {
            runs += 1;
            let events = case_events(&case, &setting);
            let violations = gosem_spec::check_trace_at(&events, setting.toolchain);
            let broken: BTreeSet<&str> = violations.iter().map(|v| v.invariant).collect();
            if broken != known {
                let found: Vec<String> = violations
                    .iter()
                    .map(|v| format!("    {} {:?}: {}", v.invariant, v.witness, v.explanation))
                    .collect();
                failures.push(format!(
                    "{} (go{}, lang {}, GODEBUG {:?}): expected {known:?}, found:\n{}",
                    case.name,
                    setting.toolchain,
                    setting.lang,
                    setting.godebug,
                    found.join("\n")
                ));
            }
        }
    }
    assert!(runs > 1000, "only {runs} runs: are the cases there?");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every known violation names a case that exists.
#[test]
fn known_violations_name_cases() {
    let names: BTreeSet<String> = suites()
        .iter()
        .flat_map(|s| cases(s))
        .map(|c| c.name)
        .collect();
    for (case, ..) in KNOWN {
        assert!(names.contains(*case), "{case} is not a case");
    }
}
