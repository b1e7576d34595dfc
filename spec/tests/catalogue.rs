//! `spec/invariants.md` and `gosem_spec::INVARIANTS` list the same invariants, in the same order,
//! with the same sentences.

use std::path::Path;

/// The invariants of the markdown catalogue: each `## INV-...` heading and the paragraph after it.
fn catalogue(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(id) = line.strip_prefix("## ").filter(|h| h.starts_with("INV-")) else {
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
        out.push((id.trim().to_string(), sentence.join(" ")));
    }
    out
}

#[test]
fn invariants_md_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("invariants.md");
    let text = std::fs::read_to_string(&path).expect("spec/invariants.md is readable");
    let documented = catalogue(&text);
    let coded: Vec<(String, String)> = gosem_spec::INVARIANTS
        .iter()
        .map(|i| (i.id.to_string(), i.sentence.to_string()))
        .collect();
    let ids = |v: &[(String, String)]| v.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&documented), ids(&coded), "the ids differ");
    for ((id, doc), (_, code)) in documented.iter().zip(&coded) {
        assert_eq!(doc, code, "the sentence of {id} differs");
    }
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut ids: Vec<&str> = gosem_spec::INVARIANTS.iter().map(|i| i.id).collect();
    assert!(ids.iter().all(|id| {
        id.strip_prefix("INV-")
            .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_uppercase() || c == '-'))
    }));
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), gosem_spec::INVARIANTS.len());
}
