//! The `gosem` command line, for what needs no Go toolchain. Assertions hold whatever the
//! model answers: they are about plumbing, not verdicts.

use std::path::Path;
use std::process::{Command, Output};

fn gosem(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gosem"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("gosem runs")
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

const RECORDED: &str = r#"about: prints and exits
runs:
  - toolchain: go1.22.10
    lang: "1.22"
    gcflags: ""
    godebug: ""
    exit: 0
    stdout: |
      hello
    stderr: ""
  - toolchain: go1.27.3
    lang: "1.27"
    gcflags: ""
    godebug: ""
    exit: 0
    stdout: |
      hello
    stderr: ""
"#;

fn cases(root: &Path) {
    write(
        root,
        "cases/good/hello.go",
        "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n",
    );
    write(root, "cases/good/hello.yaml", RECORDED);
    write(
        root,
        "cases/bad/typo.go",
        "package main\n\nfunc main() {}\n",
    );
    write(
        root,
        "cases/bad/typo.yaml",
        "about: x\nruns:\n  - toolchain: go1.27.3\n    lang: \"1.27\"\n    gcflags: \"\"\n    godebug: \"\"\n    exits: 0\n",
    );
}

#[test]
fn check_reports_a_malformed_fixture_and_checks_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    cases(dir.path());
    let out = gosem(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let results = report["results"].as_array().expect("results");
    assert_eq!(
        results.len(),
        2,
        "both observations of the good case are checked"
    );
    assert!(results.iter().all(|r| r["source"] == "cases/good/hello.go"));
    let error = &report["errors"][0];
    assert_eq!(error["file"], "cases/bad/typo.yaml");
    assert_eq!(error["line"], 7);
    assert_eq!(error["field"], "runs[0].exits");
}

#[test]
fn check_selects_observations_by_toolchain() {
    let dir = tempfile::tempdir().expect("temp dir");
    cases(dir.path());
    let out = gosem(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--toolchain",
            "1.27",
            "cases/good",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let results = report["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["toolchain"], "go1.27.3");
}

#[test]
fn check_text_ends_with_tables_and_junit_is_xml() {
    let dir = tempfile::tempdir().expect("temp dir");
    cases(dir.path());
    let text = gosem(dir.path(), &["check", "--coverage"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("error: cases/bad/typo.yaml:7:5: field `runs[0].exits`: unknown field"),
        "{text}"
    );
    assert!(text.contains("\nsuite "), "{text}");
    assert!(text.contains("\ntoolchain "), "{text}");
    assert!(
        text.contains("Defer/push"),
        "coverage lists the rules: {text}"
    );
    let junit = gosem(dir.path(), &["check", "--format", "junit"]);
    let junit = String::from_utf8_lossy(&junit.stdout);
    assert!(junit.starts_with("<?xml"), "{junit}");
    assert_eq!(junit.matches("<testcase ").count(), 3, "{junit}");
}

#[test]
fn check_reports_paths_that_name_no_case() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = gosem(dir.path(), &["check", "nowhere.go"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error: nowhere.go: no such file"));
}

#[test]
fn run_fails_like_go_build_on_a_missing_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = gosem(dir.path(), &["run", "missing.go"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("gosem: ./missing.go: "));
}

#[test]
fn run_cannot_test_an_unmodeled_godebug_setting() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "x.go", "package main\n\nfunc main() {}\n");
    let out = gosem(
        dir.path(),
        &["run", "x.go", "--godebug", "madeup=1", "--", "a"],
    );
    assert_eq!(out.status.code(), Some(125));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn record_names_a_toolchain_that_is_not_installed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = gosem(dir.path(), &["record", "--toolchain", "1.3"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no toolchain 1.3 found"), "{stderr}");
}

#[test]
fn bad_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        &["record", "--timeout", "0"][..],
        &["record", "--toolchain", "latest"],
        &["run", "x.go", "--lang", "1.22.1"],
        &["check", "--format", "xml"],
    ] {
        let out = gosem(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
