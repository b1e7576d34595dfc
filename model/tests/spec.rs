//! The three places a rule lives must agree: its label (`Rule`), its function in the machine
//! (named after the label) and its section in `spec/semantics.md` (headed by the label).

use gosem_model::Rule;
use std::path::Path;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// `Return/set-results` -> `return_set_results`
fn function_name(label: &str) -> String {
    label.replace(['/', '-'], "_").to_lowercase()
}

#[test]
fn spec_sections_match_rules() {
    let spec = read("../spec/semantics.md");
    let sections: Vec<&str> = spec
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(str::trim)
        .collect();
    let labels: Vec<&str> = Rule::ALL.iter().map(|r| r.label()).collect();
    assert_eq!(
        sections, labels,
        "the `### Label` sections of spec/semantics.md must list Rule::ALL in order"
    );
}

#[test]
fn every_section_says_the_rule_in_a_sentence() {
    let spec = read("../spec/semantics.md");
    let mut lines = spec.lines().peekable();
    while let Some(l) = lines.next() {
        if let Some(label) = l.strip_prefix("### ") {
            assert_eq!(
                lines.next(),
                Some(""),
                "a blank line after the heading of {label}"
            );
            let first = lines.next().unwrap_or("");
            assert!(
                !first.is_empty() && !first.starts_with('>'),
                "{label}: the section starts with the rule in words"
            );
        }
    }
}

#[test]
fn every_rule_has_its_function() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/machine");
    let mut source = String::new();
    for entry in std::fs::read_dir(&dir).expect("the machine's sources") {
        let path = entry.expect("a directory entry").path();
        source.push_str(&std::fs::read_to_string(&path).expect("a machine source file"));
    }
    for r in Rule::ALL {
        let f = format!("fn {}(", function_name(r.label()));
        assert!(
            source.contains(&f),
            "rule {} has no function `{f}..)` in model/src/machine",
            r.label()
        );
    }
}
