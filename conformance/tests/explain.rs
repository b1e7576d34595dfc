//! `gosem explain`: every format renders for every case of the blog post; the Mermaid and DOT
//! outputs are snapshots (`GOSEM_BLESS=1` rewrites them); "why not" reasons and version
//! comparisons come from the model; the HTML viewer steps correctly in headless Chromium.
//!
//! The Graphviz and Chromium tests run with GOSEM_TOOLCHAIN_TESTS=1 (scripts/test installs both);
//! with it set, a missing tool fails them rather than letting them pass without testing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gosem_conformance::explain::compare::{self, Axis, PARAMETERS};
use gosem_conformance::explain::trace::Trace;
use gosem_conformance::run;
use gosem_conformance::version::PINNED;
use gosem_model::events::Event;
use gosem_model::{Params, Version};
use rayon::prelude::*;

/// The workspace root, where `cases/` is.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

fn cases(suite: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join("cases").join(suite))
        .expect("the suite")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .map(|p| {
            format!(
                "cases/{suite}/{}",
                p.file_name().expect("a name").to_string_lossy()
            )
        })
        .collect();
    out.sort();
    out
}

fn all_cases() -> Vec<String> {
    ["seed", "spec", "edge", "versions", "regress"]
        .iter()
        .filter(|s| root().join("cases").join(s).is_dir())
        .flat_map(|s| cases(s))
        .collect()
}

fn gosem(args: &[&str]) -> Output {
    gosem_with(args, None)
}

fn gosem_with(args: &[&str], path: Option<&Path>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gosem"));
    c.args(args).current_dir(root());
    if let Some(p) = path {
        c.env("PATH", p);
    }
    c.output().expect("gosem runs")
}

fn explain(case: &str, format: &str) -> String {
    let out = gosem(&["explain", case, "--format", format]);
    assert!(
        out.status.success(),
        "gosem explain {case} --format {format}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Whether to run the tests that need Graphviz or Chromium; panics when asked to run without
/// the tool.
fn external(tool: &str, version: &str) -> bool {
    if std::env::var_os("GOSEM_TOOLCHAIN_TESTS").is_none_or(|v| v != "1") {
        eprintln!("skipped: set GOSEM_TOOLCHAIN_TESTS=1 to run tests with {tool}");
        return false;
    }
    let found = Command::new(tool).arg(version).output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "GOSEM_TOOLCHAIN_TESTS=1 but `{tool}` does not run; scripts/test installs it"
    );
    true
}

/// The program's trace as the model gives it, for expectations.
fn trace(case: &str) -> Trace {
    let mut err = Vec::new();
    let loaded = run::load(&root().join(case), None, None, &[], &[], &mut err)
        .unwrap_or_else(|code| panic!("{case} loads ({code}): {}", String::from_utf8_lossy(&err)));
    Trace::record(
        &loaded.program,
        &loaded.params,
        &loaded.file,
        &loaded.source,
    )
}

#[test]
fn every_seed_case_renders_in_every_format() {
    let with_dot = external("dot", "-V");
    let seeds = cases("seed");
    assert!(!seeds.is_empty());
    for case in &seeds {
        let t = trace(case);
        let text = explain(case, "text");
        // Each rule the run applied is named with its meaning.
        let rules: BTreeSet<_> = t.steps.iter().map(|s| s.rule).collect();
        let shown = rules
            .iter()
            .filter(|r| text.contains(&format!("{}: ", r.label())))
            .count();
        assert!(shown > 0, "{case}: no rule in\n{text}");
        for line in text.lines().filter(|l| l.starts_with("              ")) {
            let (label, meaning) = line.trim().split_once(": ").expect("label: meaning");
            assert!(
                rules.iter().any(|r| r.label() == label) && meaning.ends_with('.'),
                "{case}: {line}"
            );
        }
        assert!(text.contains(&t.ending()), "{case}: no ending in\n{text}");

        let mermaid = explain(case, "mermaid");
        assert!(mermaid.starts_with("sequenceDiagram\n"), "{case}");
        let dot = explain(case, "dot");
        assert!(
            dot.starts_with("digraph explain {") && dot.ends_with("}\n"),
            "{case}"
        );

        let html = explain(case, "html");
        assert!(html.starts_with("<!DOCTYPE html>") && html.contains("id=\"data\""));
        for remote in ["<script src", "<link", "http://", "https://", "@import"] {
            assert!(!html.contains(remote), "{case}: the page loads {remote}");
        }
        if with_dot {
            let svg = explain(case, "svg");
            assert!(svg.contains("<svg") && svg.contains("</svg>"), "{case}");
        }
    }
}

/// The snapshot at `name`: checked, or rewritten with GOSEM_BLESS=1.
fn snapshot(name: &str, actual: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/explain")
        .join(name);
    if std::env::var_os("GOSEM_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(&path, actual).expect("write the snapshot");
        return None;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    (expected != actual).then(|| {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual);
        format!(
            "{name} differs from its snapshot (GOSEM_BLESS=1 rewrites it):\n{}",
            diff.unified_diff().context_radius(2)
        )
    })
}

#[test]
fn mermaid_and_dot_match_their_snapshots() {
    let mut failures = Vec::new();
    for case in cases("seed") {
        let stem = Path::new(&case)
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        for (format, ext) in [("mermaid", "mmd"), ("dot", "dot")] {
            let out = explain(&case, format);
            failures.extend(snapshot(&format!("{stem}.{ext}"), &out));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn svg_without_graphviz_is_a_clear_error() {
    let empty = tempfile::tempdir().expect("a temp dir");
    let case = &cases("seed")[0];
    let out = gosem_with(&["explain", case, "--format", "svg"], Some(empty.path()));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Graphviz") && err.contains("dot"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn every_recover_that_returns_nil_says_why() {
    let mut reasons = BTreeSet::new();
    for case in all_cases() {
        let t = trace(&case);
        for e in &t.events {
            if let Event::Recover {
                recovered, inert, ..
            } = e
            {
                assert_ne!(recovered.is_some(), inert.is_some(), "{case}: {e:?}");
                if let Some(why) = inert {
                    reasons.insert(why.to_string());
                }
            }
        }
    }
    // The cases exercise several distinct reasons, each shown in words.
    assert!(reasons.len() >= 4, "{reasons:?}");
}

/// The "why not" lines of the text view of `case`.
fn why_not(case: &str) -> String {
    let text = explain(case, "text");
    text.split_once("\nwhy not:\n")
        .map(|(_, rest)| rest.split("\n\n").next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

#[test]
fn why_not_names_the_condition_that_failed() {
    let expect = [
        (
            "cases/edge/recover-with-no-panic.go",
            "no panic is in progress",
        ),
        (
            "cases/edge/recover-in-helper-of-deferred-function.go",
            "not called directly by the deferred function",
        ),
        (
            "cases/edge/recover-twice-in-one-deferred-function.go",
            "already recovered",
        ),
        (
            "cases/edge/goexit-from-main.go",
            "running runtime.Goexit, which is not a panic",
        ),
        (
            "cases/edge/defer-recover-builtin-directly.go",
            "the deferred call is a builtin",
        ),
        (
            "cases/edge/os-exit-skips-deferred-calls.go",
            "never ran: os.Exit ended the program",
        ),
    ];
    for (case, reason) in expect {
        let lines = why_not(case);
        assert!(lines.contains(reason), "{case}: {lines:?}");
    }
    // A case where every recover recovers and every deferred call runs has nothing to say.
    assert_eq!(why_not("cases/seed/recover-in-risky-function.go"), "");
}

#[test]
fn a_comparison_names_the_version_parameter() {
    let out = gosem(&[
        "explain",
        "cases/versions/loopvar-three-clause-deferred-closures.go",
        "--go",
        "1.19",
        "--go",
        "1.27",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("the runs first differ at step"), "{text}");
    assert!(
        text.contains("the language version (the go.mod go line) 1.21 -> 1.22: each iteration"),
        "{text}"
    );
    assert!(!text.contains("toolchain (runtime) version"), "{text}");

    let out = gosem(&[
        "explain",
        "cases/versions/panic-value-float.go",
        "--go",
        "1.26",
        "--go",
        "1.25",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("the toolchain (runtime) version 1.25.5 -> 1.26.6: floats"),
        "{text}"
    );
    assert!(text.contains("standard error line 1"), "{text}");

    let same = gosem(&[
        "explain",
        "cases/seed/recover-in-risky-function.go",
        "--lang",
        "1.22",
        "--lang",
        "1.27",
    ]);
    assert!(String::from_utf8_lossy(&same.stdout).contains("the two runs are the same"));

    let three = gosem(&[
        "explain",
        "cases/seed/recover-in-risky-function.go",
        "--go",
        "1.21",
        "--go",
        "1.22",
        "--go",
        "1.23",
    ]);
    assert_eq!(three.status.code(), Some(2));
}

#[test]
fn every_version_parameter_is_where_some_case_changes_and_every_change_is_named() {
    // The whole pinned range, and each pair of neighbours (a parameter can hide behind another
    // along the whole range: PanicNilError's text needs language 1.21 to show).
    let pinned: Vec<Version> = PINNED.iter().map(|r| r.version()).collect();
    let mut pairs: Vec<(Version, Version)> = pinned.windows(2).map(|w| (w[0], w[1])).collect();
    pairs.push((pinned[0], pinned[pinned.len() - 1]));
    let found: Vec<(String, compare::Change)> = all_cases()
        .par_iter()
        .flat_map_iter(|case| {
            let source = std::fs::read_to_string(root().join(case)).expect("the case");
            let params = |v: Version| Params::new(v, "./prog");
            pairs
                .iter()
                .flat_map(|(a, b)| compare::changes(case, &source, &params(*a), &params(*b)))
                .map(|c| (case.clone(), c))
                .collect::<Vec<_>>()
        })
        .collect();
    let unnamed: Vec<String> = found
        .iter()
        .filter(|(_, c)| c.name().is_none())
        .map(|(case, c)| format!("{case}: {:?} {} -> {}", c.axis, c.from, c.to))
        .collect();
    assert!(unnamed.is_empty(), "changes without a name: {unnamed:#?}");
    let unseen: Vec<String> = PARAMETERS
        .iter()
        .filter(|(axis, minor, _)| {
            !found
                .iter()
                .any(|(_, c)| c.axis == *axis && c.since() == *minor)
        })
        .map(|(axis, minor, what)| format!("{axis:?} 1.{minor}: {what}"))
        .collect();
    assert!(unseen.is_empty(), "parameters no case shows: {unseen:#?}");
    assert!(found.iter().any(|(_, c)| c.axis == Axis::Lang));
}

/// The viewer's state as the page shows it, read back by the test script.
#[derive(Debug, serde::Deserialize, PartialEq, Eq)]
struct Shown {
    step: u64,
    line: u32,
    rule: String,
    frames: Vec<String>,
    panics: Vec<String>,
    stdout: String,
}

/// A script appended to a copy of the page: it performs `actions` (keys and button clicks),
/// records what the page shows after each, and writes the records into the DOM.
fn driver(actions: &[&str]) -> String {
    let list = serde_json::to_string(actions).expect("JSON");
    format!(
        r##"<script>
(() => {{
  const read = () => ({{
    step: Number(document.getElementById("step-number").textContent),
    line: Number((document.querySelector("#source .line.current") || {{dataset: {{line: 0}}}}).dataset.line),
    rule: document.getElementById("rule").textContent.split(" ")[0],
    frames: Array.from(document.querySelectorAll("#frames li[data-func]")).map((li) => li.dataset.func),
    panics: Array.from(document.querySelectorAll("#panics li:not(.empty)")).map((li) => li.textContent),
    stdout: document.getElementById("stdout").textContent,
  }});
  const seen = [read()];
  for (const a of {list}) {{
    if (a.startsWith("click:")) document.getElementById(a.slice(6)).click();
    else document.dispatchEvent(new KeyboardEvent("keydown", {{ key: a, bubbles: true }}));
    seen.push(read());
  }}
  const out = document.createElement("pre");
  out.id = "test-results";
  out.textContent = encodeURIComponent(JSON.stringify(seen));
  document.body.appendChild(out);
}})();
</script>"##
    )
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(hex)) => {
                let h = std::str::from_utf8(hex).expect("hex");
                out.push(u8::from_str_radix(h, 16).expect("hex"));
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

fn chromium(args: &[&str], url: &str) -> Output {
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs")
}

#[test]
fn the_html_viewer_steps_forward_and_back_in_chromium() {
    if !external("chromium", "--version") {
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("explain");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let chosen = [
        "cases/seed/recover-in-risky-function.go",
        "cases/seed/nested-panic-outer-inner-defer.go",
        "cases/seed/named-result-doubled-by-defer.go",
    ];
    let actions = [
        "ArrowRight",
        "ArrowRight",
        "click:next",
        "ArrowDown",
        "click:next-event",
        "ArrowUp",
        "ArrowLeft",
        "click:prev",
        "click:prev-event",
        "End",
        "Home",
    ];
    for case in chosen {
        let t = trace(case);
        let stem = Path::new(case)
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let page = dir.join(format!("{stem}.html"));
        let out = gosem(&[
            "explain",
            case,
            "--format",
            "html",
            "-o",
            page.to_str().expect("a path"),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Start at the first panic or deferred call of the run, through the URL fragment.
        let start = t
            .steps
            .iter()
            .position(|s| {
                s.rule.label().starts_with("Panic/") || s.rule.label().ends_with("run-deferred")
            })
            .unwrap_or(0);
        let html = std::fs::read_to_string(&page).expect("the page");
        let driven = dir.join(format!("{stem}-driven.html"));
        let body_end = html.rfind("</body>").expect("a body");
        std::fs::write(
            &driven,
            format!(
                "{}{}{}",
                &html[..body_end],
                driver(&actions),
                &html[body_end..]
            ),
        )
        .expect("write");
        let url = format!("file://{}#step={}", driven.display(), t.steps[start].index);
        let dom = chromium(&["--dump-dom"], &url);
        let dom = String::from_utf8_lossy(&dom.stdout);
        let results = dom
            .split_once("<pre id=\"test-results\">")
            .and_then(|(_, r)| r.split_once("</pre>"))
            .map(|(r, _)| percent_decode(r))
            .unwrap_or_else(|| panic!("{case}: no results in the page:\n{dom}"));
        let shown: Vec<Shown> = serde_json::from_str(&results).expect("the records");
        assert_eq!(shown.len(), actions.len() + 1);
        assert_eq!(
            shown[0].step, t.steps[start].index,
            "{case}: #step= selects the step"
        );
        // What the page shows at each step is that step of the model's trace.
        for s in &shown {
            let k = usize::try_from(s.step).expect("a step") - 1;
            let step = &t.steps[k];
            let mut frames: Vec<String> = step.frames.iter().map(|f| f.func.clone()).collect();
            frames.reverse();
            let stdout: Vec<u8> = t.steps[..=k]
                .iter()
                .flat_map(|s| s.stdout.clone())
                .collect();
            let expected = Shown {
                step: step.index,
                line: step.line,
                rule: step.rule.label().to_string(),
                frames,
                panics: step.panics.clone(),
                stdout: String::from_utf8_lossy(&stdout).into_owned(),
            };
            assert_eq!(s, &expected, "{case}");
        }
        let steps: Vec<u64> = shown.iter().map(|s| s.step).collect();
        let first = t.steps[start].index;
        assert_eq!(
            &steps[1..4],
            [first + 1, first + 2, first + 3],
            "{case}: forward"
        );
        assert!(
            steps[4] > steps[3] && steps[5] > steps[4],
            "{case}: next event"
        );
        assert_eq!(steps[6], steps[4], "{case}: previous event goes back");
        assert_eq!(steps[7..9], [steps[6] - 1, steps[6] - 2], "{case}: back");
        assert!(steps[9] < steps[8], "{case}: previous event");
        assert_eq!(steps[10], t.steps[t.steps.len() - 1].index, "{case}: End");
        assert_eq!(steps[11], 1, "{case}: Home");
        // Stepping moves the highlighted line and changes the stacks somewhere on the way.
        let lines: BTreeSet<u32> = shown.iter().map(|s| s.line).collect();
        let stacks: BTreeSet<&Vec<String>> = shown.iter().map(|s| &s.frames).collect();
        assert!(lines.len() > 2 && stacks.len() > 1, "{case}: {shown:#?}");

        let shot = dir.join(format!("{stem}.png"));
        let out = chromium(
            &[
                &format!("--screenshot={}", shot.display()),
                "--window-size=1280,900",
            ],
            &format!("file://{}#step={}", page.display(), t.steps[start].index),
        );
        assert!(
            out.status.success() && shot.exists(),
            "{case}: no screenshot"
        );
    }
}
