//! Every case under `cases/` satisfies every invariant, run as each of its recorded observations
//! was (toolchain, language version, GODEBUG setting; go1.27.3 among them, with the languages its
//! fixture lists), and checked for that toolchain.

mod common;

use common::{GO, case_events, cases, settings, suites};
use gosem_model::{Rejection, load};

#[test]
fn every_case_satisfies_the_invariants() {
    let mut failures = Vec::new();
    let mut runs = 0;
    for case in suites().iter().flat_map(|s| cases(s)) {
        if case.rejected_by_gc() {
            // No run to check; the model must reject it too.
            let src = std::fs::read_to_string(&case.go).expect("the case is readable");
            let loaded = load(&case.go.to_string_lossy(), &src, GO.language());
            assert!(
                matches!(loaded, Err(Rejection::Compile(_))),
                "{}: gc rejects it, the model does not",
                case.name
            );
            continue;
        }
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
            if !violations.is_empty() {
                let found: Vec<String> = violations
                    .iter()
                    .map(|v| format!("    {} {:?}: {}", v.invariant, v.witness, v.explanation))
                    .collect();
                failures.push(format!(
                    "{} (go{}, lang {}, GODEBUG {:?}):\n{}",
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
