//! The symbolic rules against the operational ones: on every step of every case, under an old
//! and a new runtime, the symbolic statement of the rule that fired must admit the step. A
//! change to a rule of the machine without its symbolic statement (or the reverse) fails here.

use std::path::{Path, PathBuf};

use gosem_model::{Params, Version, load, symbolic};

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

#[test]
fn every_step_of_every_case_is_admitted_by_its_symbolic_rule() {
    let mut files = Vec::new();
    go_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../cases"),
        &mut files,
    );
    files.sort();
    assert!(files.len() > 100, "the cases are missing: {}", files.len());
    let mut failures = Vec::new();
    let mut steps = 0u64;
    for toolchain in ["1.21.13", "1.27.3"] {
        let toolchain: Version = toolchain.parse().expect("a version");
        for file in &files {
            let name = file.display().to_string();
            let src = std::fs::read_to_string(file).expect("readable case");
            let Ok(program) = load(&name, &src, toolchain.language()) else {
                continue;
            };
            let params = Params::new(toolchain, "main");
            let mut first = None;
            program.run_viewed(&params, &mut |rule, before, after| {
                steps += 1;
                if first.is_none() && !symbolic::admits(rule, before, after, toolchain) {
                    first = Some(format!(
                        "{name} (go{toolchain}): {} does not admit\n  {before:?}\n  -> {after:?}",
                        rule.label()
                    ));
                }
            });
            failures.extend(first);
        }
    }
    assert!(steps > 10_000, "only {steps} steps checked");
    assert!(
        failures.is_empty(),
        "{} runs with a step the symbolic rules do not admit:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
