//! Reports of verdicts: text for people, JSON for programs, JUnit XML for CI dashboards.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::case::Case;
use crate::coverage::Coverage;
use crate::fixture::{CaseError, RunKey};
use crate::verdict::{Kind, Verdict};

/// The verdict on one observation of one case.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    #[serde(flatten)]
    pub case: Case,
    #[serde(flatten)]
    pub key: RunKey,
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// An invariant of `spec/invariants.md` that the model's trace of one observation breaks.
#[derive(Clone, Debug, Serialize)]
pub struct Breach {
    #[serde(flatten)]
    pub case: Case,
    #[serde(flatten)]
    pub key: RunKey,
    pub invariant: &'static str,
    pub sentence: &'static str,
    /// The events that show it, by their index in the trace.
    pub witness: Vec<usize>,
    pub explanation: String,
}

/// Everything a run of `check` (or `record --check`) found.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    pub entries: Vec<Entry>,
    /// Cases that could not be checked at all.
    pub errors: Vec<CaseError>,
    /// How many model traces were checked against the invariants (`None`: not asked for).
    pub traces: Option<usize>,
    pub breaches: Vec<Breach>,
}

impl Findings {
    /// Whether anything calls for attention: a case that could not be loaded or a verdict
    /// other than agreement or a reviewed divergence.
    pub fn failed(&self) -> bool {
        !self.errors.is_empty()
            || !self.breaches.is_empty()
            || self.entries.iter().any(|e| e.verdict.kind().fails())
    }

    /// Verdict counts over all entries.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for e in &self.entries {
            tally.add(e.verdict.kind());
        }
        tally
    }
}

/// How many verdicts of each kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally([usize; Kind::ALL.len()]);

impl Tally {
    pub fn add(&mut self, kind: Kind) {
        self.0[kind as usize] += 1;
    }

    pub fn get(&self, kind: Kind) -> usize {
        self.0[kind as usize]
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

impl Serialize for Tally {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(Kind::ALL.iter().map(|k| (k.label(), self.get(*k))))
    }
}

/// The output formats of `gosem check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A line per observation that does not agree, then summary tables.
    Text,
    /// One JSON document with every verdict.
    Json,
    /// JUnit XML, one test case per observation.
    Junit,
}

/// Renders `findings` in `format`.
pub fn render(
    format: Format,
    findings: &Findings,
    coverage: Option<&Coverage>,
    verbose: bool,
) -> String {
    match format {
        Format::Text => {
            let mut out = text(findings, verbose);
            if let Some(coverage) = coverage {
                out.push('\n');
                out.push_str(&coverage.render());
            }
            out
        }
        Format::Json => json(findings, coverage),
        Format::Junit => junit(findings),
    }
}

/// One line per observation that does not agree (every one when `verbose`), with the
/// details of each mismatch indented below it; then the load errors, the counts, and the
/// summary tables.
pub fn text(findings: &Findings, verbose: bool) -> String {
    let mut out = String::new();
    for e in &findings.entries {
        if e.verdict.kind() == Kind::Agree && !verbose {
            continue;
        }
        out.push_str(&entry_line(e));
        if let Verdict::Mismatch { differences } = &e.verdict {
            for d in differences {
                out.push_str(&indent(&d.to_string(), "    "));
            }
        }
    }
    for b in &findings.breaches {
        let detail = format!(
            "{}: {}\n{}\nevents {:?}",
            b.invariant, b.sentence, b.explanation, b.witness
        );
        out.push_str(&line("BREACH", &b.case, &b.key, &detail));
    }
    for e in &findings.errors {
        let _ = writeln!(out, "error: {e}");
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&counts(findings));
    out.push('\n');
    out.push_str(&tables(&findings.entries));
    out
}

fn entry_line(e: &Entry) -> String {
    line(
        &e.verdict.kind().label().to_uppercase(),
        &e.case,
        &e.key,
        &e.verdict.detail(),
    )
}

/// `LABEL      cases/s/x.go  go1.27.3 lang=1.27: detail`, with the lines of a multi-line
/// detail indented below.
pub fn line(label: &str, case: &Case, key: &RunKey, detail: &str) -> String {
    let source = case.source.display();
    let mut lines = detail.lines();
    let mut out = match lines.next() {
        Some(first) => format!("{label:<10} {source}  {key}: {first}\n"),
        None => format!("{label:<10} {source}  {key}\n"),
    };
    for rest in lines {
        out.push_str(&format!("    {rest}\n"));
    }
    out
}

/// `1 case`, `2 cases`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `text` with every line prefixed: how details go under a report line.
pub fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|l| format!("{prefix}{l}\n")).collect()
}

/// `612 observations: 600 agree, 3 mismatch, ...; 1 case could not be loaded`
pub fn counts(findings: &Findings) -> String {
    let tally = findings.tally();
    let parts: Vec<String> = Kind::ALL
        .iter()
        .filter(|k| tally.get(**k) > 0)
        .map(|k| format!("{} {}", tally.get(*k), k.label()))
        .collect();
    let mut out = plural(tally.total(), "observation");
    if !parts.is_empty() {
        let _ = write!(out, ": {}", parts.join(", "));
    }
    if !findings.errors.is_empty() {
        let _ = write!(
            out,
            "; {} could not be loaded",
            plural(findings.errors.len(), "case")
        );
    }
    if let Some(traces) = findings.traces {
        let _ = write!(
            out,
            "; invariants: {} checked, {} broken",
            plural(traces, "model trace"),
            findings.breaches.len()
        );
    }
    out.push('\n');
    out
}

/// Verdict counts per suite and per toolchain.
pub fn tables(entries: &[Entry]) -> String {
    let by_suite = group(entries, |e| e.case.suite.clone());
    let by_toolchain = group(entries, |e| e.key.toolchain.to_string());
    format!(
        "{}\n{}",
        table("suite", &by_suite),
        table("toolchain", &by_toolchain)
    )
}

fn group(entries: &[Entry], key: impl Fn(&Entry) -> String) -> BTreeMap<String, Tally> {
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    for e in entries {
        groups.entry(key(e)).or_default().add(e.verdict.kind());
    }
    groups
}

/// Verdict counts, a row per key, then their total.
fn table(title: &str, rows: &BTreeMap<String, Tally>) -> String {
    let total = rows.values().fold(Tally::default(), |mut acc, t| {
        for k in Kind::ALL {
            acc.0[k as usize] += t.get(k);
        }
        acc
    });
    tally_table(title, rows, Some(total))
}

/// Verdict counts, a row per key, then the `total` row if given.
pub fn tally_table(title: &str, rows: &BTreeMap<String, Tally>, total: Option<Tally>) -> String {
    let width = rows
        .keys()
        .map(String::len)
        .chain([title.len(), "total".len()])
        .max()
        .unwrap_or(0);
    let mut out = format!("{title:<width$}");
    for k in Kind::ALL {
        let _ = write!(out, "  {:>10}", k.label());
    }
    out.push('\n');
    let total = total.map(|t| ("total".to_string(), t));
    for (name, tally) in rows.iter().chain(total.as_ref().map(|(n, t)| (n, t))) {
        let _ = write!(out, "{name:<width$}");
        for k in Kind::ALL {
            let _ = write!(out, "  {:>10}", tally.get(k));
        }
        out.push('\n');
    }
    out
}

/// One JSON document: every verdict, the load errors, the counts, and the coverage.
pub fn json(findings: &Findings, coverage: Option<&Coverage>) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        results: &'a [Entry],
        errors: &'a [CaseError],
        #[serde(skip_serializing_if = "Option::is_none")]
        traces: Option<usize>,
        breaches: &'a [Breach],
        summary: Tally,
        #[serde(skip_serializing_if = "Option::is_none")]
        coverage: Option<&'a Coverage>,
    }
    let document = Document {
        results: &findings.entries,
        errors: &findings.errors,
        traces: findings.traces,
        breaches: &findings.breaches,
        summary: findings.tally(),
        coverage,
    };
    // Every field is a string, number, sequence or map with string keys: this cannot fail,
    // but if it ever did, the error is reported inside a valid document.
    serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string())
}

/// JUnit XML: one test suite per case suite, one test case per observation. Mismatches,
/// refusals, exhaustion and poisoned runs are failures; a reviewed divergence passes with a
/// note; a case that could not be loaded is an error.
pub fn junit(findings: &Findings) -> String {
    let mut suites: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
    for e in &findings.entries {
        suites.entry(&e.case.suite).or_default().push(e);
    }
    let failures = findings
        .entries
        .iter()
        .filter(|e| e.verdict.kind().fails())
        .count()
        + findings.breaches.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"gosem\" tests=\"{}\" failures=\"{failures}\" errors=\"{}\">",
        findings.entries.len() + findings.breaches.len() + findings.errors.len(),
        findings.errors.len()
    );
    for (suite, entries) in &suites {
        let failed = entries.iter().filter(|e| e.verdict.kind().fails()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\">",
            xml(suite),
            entries.len()
        );
        for e in entries {
            junit_case(&mut out, e);
        }
        out.push_str("  </testsuite>\n");
    }
    if !findings.breaches.is_empty() {
        let _ = writeln!(
            out,
            "  <testsuite name=\"invariants\" tests=\"{0}\" failures=\"{0}\" errors=\"0\">",
            findings.breaches.len()
        );
        for b in &findings.breaches {
            let _ = writeln!(
                out,
                "    <testcase classname=\"invariants.{}\" name=\"{} {}\" file=\"{}\">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                xml(b.invariant),
                xml(&b.case.name),
                xml(&b.key.to_string()),
                xml(&b.case.source.display().to_string()),
                xml(b.sentence),
                xml(&b.explanation)
            );
        }
        out.push_str("  </testsuite>\n");
    }
    if !findings.errors.is_empty() {
        let _ = writeln!(
            out,
            "  <testsuite name=\"fixtures\" tests=\"{0}\" failures=\"0\" errors=\"{0}\">",
            findings.errors.len()
        );
        for e in &findings.errors {
            let _ = writeln!(
                out,
                "    <testcase classname=\"fixtures\" name=\"{}\">\n      <error message=\"{}\"/>\n    </testcase>",
                xml(&e.file.display().to_string()),
                xml(&e.to_string())
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn junit_case(out: &mut String, e: &Entry) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}.{}\" name=\"{}\" file=\"{}\"",
        xml(&e.case.suite),
        xml(&e.case.name),
        xml(&e.key.to_string()),
        xml(&e.case.source.display().to_string())
    );
    let body = match &e.verdict {
        Verdict::Agree => None,
        Verdict::KnownDivergence { reference } => Some(format!(
            "      <system-out>known divergence {}</system-out>\n",
            xml(reference)
        )),
        Verdict::Mismatch { differences } => {
            let details: String = differences.iter().map(|d| format!("{d}\n")).collect();
            Some(failure("mismatch", &e.verdict.to_string(), &details))
        }
        other => Some(failure(other.kind().label(), &other.to_string(), "")),
    };
    match body {
        None => out.push_str("/>\n"),
        Some(body) => {
            let _ = write!(out, ">\n{body}    </testcase>\n");
        }
    }
}

fn failure(kind: &str, message: &str, details: &str) -> String {
    format!(
        "      <failure type=\"{kind}\" message=\"{}\">{}</failure>\n",
        xml(message),
        xml(details)
    )
}

/// Escapes text for XML content and attribute values. Characters XML 1.0 cannot carry at
/// all (most control characters) are written as `\u{..}` so nothing silently disappears.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::{Difference, Refusal};
    use std::path::PathBuf;

    fn entry(suite: &str, toolchain: &str, verdict: Verdict) -> Entry {
        Entry {
            case: Case {
                suite: suite.to_string(),
                name: "x".to_string(),
                source: PathBuf::from(format!("cases/{suite}/x.go")),
                fixture: PathBuf::from(format!("cases/{suite}/x.yaml")),
            },
            key: RunKey {
                toolchain: toolchain.parse().expect("release"),
                lang: "1.27".parse().expect("lang"),
                gcflags: String::new(),
                godebug: String::new(),
            },
            verdict,
        }
    }

    fn mismatch() -> Verdict {
        Verdict::Mismatch {
            differences: vec![
                Difference::Exit {
                    expected: 2,
                    actual: 0,
                },
                Difference::Stdout {
                    diff: "--- gc\n+++ model\n@@ -1 +1 @@\n-a<b>\n+c&d\n".to_string(),
                },
            ],
        }
    }

    fn refused() -> Verdict {
        Verdict::Refused {
            refusal: Refusal {
                construct: "go statement".to_string(),
                at: "cases/b/x.go:3:2".to_string(),
            },
        }
    }

    fn findings() -> Findings {
        Findings {
            entries: vec![
                entry("a", "go1.27.3", Verdict::Agree),
                entry("a", "go1.19.8", mismatch()),
                entry("b", "go1.27.3", refused()),
                entry(
                    "b",
                    "go1.22.10",
                    Verdict::KnownDivergence {
                        reference: "golang/go#1".to_string(),
                    },
                ),
            ],
            errors: vec![CaseError {
                file: PathBuf::from("cases/c/y.yaml"),
                line: Some(7),
                column: Some(11),
                field: Some("runs[0].exit".to_string()),
                message: "invalid i32".to_string(),
            }],
            ..Findings::default()
        }
    }

    #[test]
    fn text_details_only_what_does_not_agree() {
        let out = text(&findings(), false);
        assert!(!out.contains("AGREE"), "{out}");
        assert!(
            out.contains("MISMATCH   cases/a/x.go  go1.19.8 lang=1.27: exit, stdout\n    exit: expected 2, got 0\n    stdout differs:\n    --- gc\n"),
            "{out}"
        );
        assert!(
            out.contains(
                "REFUSED    cases/b/x.go  go1.27.3 lang=1.27: cases/b/x.go:3:2: go statement\n"
            ),
            "{out}"
        );
        assert!(out.contains("error: cases/c/y.yaml:7:11: field `runs[0].exit`: invalid i32\n"));
        assert!(out.contains(
            "4 observations: 1 agree, 1 mismatch, 1 refused, 1 divergence; 1 case could not be loaded\n"
        ), "{out}");
        assert!(text(&findings(), true).contains("AGREE      cases/a/x.go"));
    }

    #[test]
    fn tables_count_per_suite_and_toolchain() {
        let out = tables(&findings().entries);
        let rows: Vec<&str> = out.lines().collect();
        assert_eq!(
            rows[0],
            "suite       agree    mismatch     refused  divergence   exhausted    poisoned"
        );
        assert_eq!(
            rows[1],
            "a               1           1           0           0           0           0"
        );
        assert!(out.contains(
            "\ntotal           1           1           1           1           0           0\n"
        ));
        assert!(out.contains("\ngo1.19.8            0           1"), "{out}");
    }

    #[test]
    fn failure_means_an_error_or_a_failing_verdict() {
        assert!(findings().failed());
        let passing = Findings {
            entries: vec![
                entry("a", "go1.27.3", Verdict::Agree),
                entry(
                    "a",
                    "go1.22.10",
                    Verdict::KnownDivergence {
                        reference: "r".to_string(),
                    },
                ),
            ],
            ..Findings::default()
        };
        assert!(!passing.failed());
        for verdict in [mismatch(), refused(), Verdict::Exhausted] {
            let one = Findings {
                entries: vec![entry("a", "go1.27.3", verdict)],
                ..Findings::default()
            };
            assert!(one.failed());
        }
    }

    #[test]
    fn json_is_a_document_with_every_result() {
        let out = json(&findings(), None);
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(v["results"].as_array().map(Vec::len), Some(4));
        let m = &v["results"][1];
        assert_eq!(m["verdict"], "mismatch");
        assert_eq!(m["toolchain"], "go1.19.8");
        assert_eq!(m["source"], "cases/a/x.go");
        assert_eq!(m["differences"][0]["kind"], "exit");
        assert_eq!(m["differences"][0]["expected"], 2);
        assert_eq!(v["results"][2]["refusal"]["at"], "cases/b/x.go:3:2");
        assert_eq!(v["errors"][0]["line"], 7);
        assert_eq!(v["errors"][0]["field"], "runs[0].exit");
        assert_eq!(v["summary"]["divergence"], 1);
        assert!(v.get("coverage").is_none());
    }

    #[test]
    fn junit_escapes_and_marks_failures() {
        let out = junit(&findings());
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gosem\" tests=\"5\" failures=\"2\" errors=\"1\">"), "{out}");
        assert!(out.contains("-a&lt;b&gt;\n+c&amp;d\n</failure>"), "{out}");
        assert!(out.contains("<failure type=\"refused\""), "{out}");
        assert!(out.contains("<system-out>known divergence golang/go#1</system-out>"));
        assert!(out.contains(
            "<error message=\"cases/c/y.yaml:7:11: field `runs[0].exit`: invalid i32\"/>"
        ));
        assert_eq!(out.matches("<testcase ").count(), 5);
    }

    #[test]
    fn xml_escaping_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            xml("a<b>&\"c\" 'd'\te\u{1}\u{1b}"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;\te\\u{1}\\u{1b}"
        );
    }
}
