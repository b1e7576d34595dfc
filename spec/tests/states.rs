//! The state invariants hold on every configuration of every case, and the rules preserve them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use gosem_model::logic::Concrete;
use gosem_model::symbolic::Config;
use gosem_model::{Params, Version, load};
use gosem_spec::prove::{self, Bound, Verdict};
use gosem_spec::states::{State, well_formed};

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            go_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "go") {
            out.push(p);
        }
    }
}

/// The properties `c` breaks.
fn broken(c: &Config<Concrete>) -> Vec<&'static str> {
    let mut out: Vec<&str> = State::ALL
        .iter()
        .filter(|s| !s.holds(&Concrete, c))
        .map(|s| s.id())
        .collect();
    if !well_formed(&Concrete, c) {
        out.push("well-formed");
    }
    out
}

#[test]
fn every_configuration_of_every_case_satisfies_the_state_invariants() {
    let mut files = Vec::new();
    go_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../cases"),
        &mut files,
    );
    files.sort();
    assert!(files.len() > 100);
    let mut failures = Vec::new();
    for toolchain in ["1.21.13", "1.27.3"] {
        let toolchain: Version = toolchain.parse().expect("a version");
        for file in &files {
            let name = file.display().to_string();
            let src = std::fs::read_to_string(file).expect("readable case");
            let Ok(program) = load(&name, &src, toolchain.language()) else {
                continue;
            };
            let mut first = None;
            program.run_viewed(&Params::new(toolchain, "main"), &mut |rule, _, after| {
                let c = Config::of(after);
                let b = broken(&c);
                if first.is_none() && !b.is_empty() {
                    first = Some(format!(
                        "{name} (go{toolchain}) after {}: {b:?}\n  {}",
                        rule.label(),
                        prove::show(&c)
                    ));
                }
            });
            failures.extend(first);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_preserves_every_state_invariant_within_a_small_bound() {
    let bound = Bound {
        frames: 3,
        panics: 2,
        timeout: Duration::from_secs(10),
    };
    for toolchain in ["1.21.13", "1.27.3"] {
        let toolchain: Version = toolchain.parse().expect("a version");
        let rows = prove::prove(bound, toolchain, &mut |_| {});
        let props = prove::properties();
        let mut failures = Vec::new();
        for row in &rows {
            for (v, (id, _)) in row.verdicts.iter().zip(&props) {
                match v {
                    Verdict::Proved | Verdict::NotApplicable => {}
                    Verdict::Counterexample { before, after } => failures.push(format!(
                        "{} breaks {id}:\n  {}\n  -> {}",
                        row.rule.label(),
                        prove::show(before),
                        prove::show(after)
                    )),
                    Verdict::Timeout { .. } => {
                        failures.push(format!("{} x {id}: timeout", row.rule.label()))
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "go{toolchain}: {}",
            failures.join("\n")
        );
    }
}

#[test]
fn invariants_md_lists_the_state_invariants_with_their_sentences() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("invariants.md");
    let text = std::fs::read_to_string(&path).expect("spec/invariants.md is readable");
    let mut documented = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(id) = line
            .strip_prefix("### ")
            .filter(|h| h.starts_with("INV-S-"))
        else {
            continue;
        };
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
        let mut sentence = Vec::new();
        while let Some(l) = lines.peek().filter(|l| !l.trim().is_empty()) {
            sentence.push(l.trim().to_string());
            lines.next();
        }
        documented.push((id.trim().to_string(), sentence.join(" ")));
    }
    let coded: Vec<(String, String)> = State::ALL
        .iter()
        .map(|s| (s.id().to_string(), s.sentence().to_string()))
        .collect();
    assert_eq!(documented, coded);
}
