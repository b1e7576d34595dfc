//! What each rule means, in one sentence: the first sentence of the first paragraph of the
//! rule's `### Label` section in `spec/semantics.md`, embedded at build time so that an
//! explanation always quotes the rules the binary was built with.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use gosem_model::Rule;

const SEMANTICS: &str = include_str!("../../../spec/semantics.md");

/// The one-sentence meaning of `rule`, or `None` when `spec/semantics.md` has no section (or
/// an empty first paragraph) for it; a test keeps every rule covered.
pub fn meaning(rule: Rule) -> Option<&'static str> {
    static MEANINGS: OnceLock<BTreeMap<&'static str, String>> = OnceLock::new();
    MEANINGS
        .get_or_init(|| sections(SEMANTICS))
        .get(rule.label())
        .map(String::as_str)
}

/// The meaning of `rule`, or a placeholder that says the section is missing.
pub fn meaning_or_missing(rule: Rule) -> &'static str {
    meaning(rule).unwrap_or("(no sentence in spec/semantics.md)")
}

/// Each `### Label` heading of `markdown` with the first sentence of the paragraph after it,
/// its lines joined.
fn sections(markdown: &str) -> BTreeMap<&str, String> {
    let mut out = BTreeMap::new();
    let mut lines = markdown.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(label) = line.strip_prefix("### ") else {
            continue;
        };
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
        let mut paragraph = Vec::new();
        while let Some(l) = lines.next_if(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            paragraph.push(l.trim());
        }
        let sentence = first_sentence(&paragraph.join(" "));
        if !sentence.is_empty() {
            out.insert(label.trim(), sentence);
        }
    }
    out
}

/// The text up to the first full stop that ends a sentence: followed by a space and a capital
/// letter or a code span, outside code spans and parentheses (where `1.25+` or `e.g.` live).
fn first_sentence(paragraph: &str) -> String {
    let (mut code, mut parens) = (false, 0u32);
    let chars: Vec<char> = paragraph.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '`' => code = !code,
            '(' if !code => parens += 1,
            ')' if !code => parens = parens.saturating_sub(1),
            '.' if !code && parens == 0 => {
                let next = chars.get(i + 1..i + 3);
                if matches!(next, Some([' ', n]) if n.is_uppercase() || *n == '`') {
                    return chars[..=i].iter().collect();
                }
            }
            _ => {}
        }
    }
    paragraph.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_sentence() {
        let missing: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| meaning(**r).is_none_or(|m| !m.ends_with('.') || m.len() < 20))
            .map(|r| r.label())
            .collect();
        assert!(
            missing.is_empty(),
            "rules without a one-sentence meaning in spec/semantics.md: {missing:?}"
        );
    }

    #[test]
    fn a_section_without_a_paragraph_has_no_sentence() {
        let md = "### A/one\n\nFirst. Second one.\n\n### B/two\n\n### C/three\n\nIt is `x. Y` (e.g. Z).\nMore.\n";
        let s = sections(md);
        assert_eq!(s.get("A/one").map(String::as_str), Some("First."));
        assert_eq!(s.get("B/two"), None);
        assert_eq!(
            s.get("C/three").map(String::as_str),
            Some("It is `x. Y` (e.g. Z).")
        );
    }

    #[test]
    fn only_the_first_sentence_is_taken() {
        let m = meaning(Rule::RecoverActive).expect("Recover/active has a section");
        assert!(m.starts_with("`recover()` called directly"), "{m}");
        assert!(m.ends_with("returns its value."), "{m}");
    }
}
