//! `gosem record` end to end with real toolchains, on throwaway cases.
//!
//! These tests need the pinned toolchains (scripts/install-toolchains) and run only with
//! GOSEM_TOOLCHAIN_TESTS=1; with it set, a missing toolchain fails them loudly rather than
//! letting them pass without testing anything.

use std::path::Path;
use std::process::{Command, Output};

use gosem_conformance::fixture::Fixture;
use gosem_conformance::toolchain;
use gosem_conformance::version::PINNED;

/// Whether to run; panics when asked to run without the toolchains.
fn enabled() -> bool {
    if std::env::var_os("GOSEM_TOOLCHAIN_TESTS").is_none_or(|v| v != "1") {
        eprintln!("skipped: set GOSEM_TOOLCHAIN_TESTS=1 to run tests with real Go toolchains");
        return false;
    }
    let found = toolchain::discover(&[]);
    let missing: Vec<String> = PINNED
        .iter()
        .filter(|r| !found.toolchains.iter().any(|t| t.release == **r))
        .map(ToString::to_string)
        .collect();
    assert!(
        missing.is_empty(),
        "GOSEM_TOOLCHAIN_TESTS=1 but these pinned toolchains are missing: {}; run scripts/install-toolchains",
        missing.join(", ")
    );
    true
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

fn read_fixture(root: &Path, rel: &str) -> Fixture {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read fixture");
    Fixture::parse(&path, &text).expect("the written fixture parses")
}

fn gosem(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gosem"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("gosem runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const CRASH: &str = r#"package main

import (
	"fmt"
	"os"
)

type T struct{ p *int }

func main() {
	defer fmt.Println("deferred")
	fmt.Println(os.Args)
	println(new(int))
	panic(T{new(int)})
}
"#;

const PANIC_NIL: &str = r#"package main

func main() {
	defer func() { println("recovered nil:", recover() == nil) }()
	panic(nil)
}
"#;

const GOEXIT: &str = r#"package main

import "runtime"

func main() {
	defer println("d")
	runtime.Goexit()
}
"#;

const NIL_DEREF: &str = r#"package main

func main() {
	var p *int
	println(*p)
}
"#;

#[test]
fn record_writes_normalised_observations_and_survives_bad_cases() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "cases/s/crash.go", CRASH);
    write(
        root,
        "cases/s/crash.yaml",
        "about: a crash\nargs: [a, \"b c\"]\n",
    );
    // Same name in another suite: it must not share a binary with s/crash.
    write(root, "cases/t/crash.go", GOEXIT);
    write(root, "cases/t/crash.yaml", "about: Goexit from main\n");
    write(root, "cases/s/nilpanic.go", PANIC_NIL);
    write(
        root,
        "cases/s/nilpanic.yaml",
        "about: panic(nil)\nlang: [\"1.20\", \"1.21\"]\ngodebug: [panicnil=1]\n",
    );
    write(root, "cases/s/deref.go", NIL_DEREF);
    write(root, "cases/s/deref.yaml", "about: nil dereference\n");
    write(
        root,
        "cases/s/broken.go",
        "package main\n\nfunc main() { x := 1 }\n",
    );
    write(root, "cases/s/broken.yaml", "about: does not compile\n");
    // A build that fails for another reason than gc's errors poisons the run.
    write(
        root,
        "cases/s/toolchain.go",
        "package main\n\nimport _ \"example.com/absent\"\n\nfunc main() {}\n",
    );
    write(
        root,
        "cases/s/toolchain.yaml",
        "about: imports a module that is not there\n",
    );
    write(
        root,
        "cases/s/forever.go",
        "package main\n\nfunc main() { for {} }\n",
    );
    write(root, "cases/s/forever.yaml", "about: never ends\n");
    write(root, "cases/s/malformed.go", GOEXIT);
    write(root, "cases/s/malformed.yaml", "about: x\nexit: [\n");

    let out = gosem(root, &["record", "--timeout", "2"]);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "poisoned runs fail the command\n{stdout}"
    );
    assert!(
        stdout.contains("error: cases/s/malformed.yaml:2:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("POISONED   cases/s/toolchain.go  go1.27.3 lang=1.27: go build"),
        "{stdout}"
    );
    assert!(
        stdout.contains("POISONED   cases/s/forever.go  go1.19.8 lang=1.19: ./forever: timed out"),
        "{stdout}"
    );

    let crash = read_fixture(root, "cases/s/crash.yaml");
    assert_eq!(crash.runs.len(), PINNED.len());
    for run in &crash.runs {
        assert_eq!(run.exit, 2);
        assert_eq!(run.stdout, "[./crash a b c]\ndeferred\n");
        assert_eq!(run.stderr, "0xADDR\npanic: (main.T) 0xADDR\n");
    }
    let goexit = read_fixture(root, "cases/t/crash.yaml");
    assert!(
        goexit.runs.iter().all(|r| r.stderr
            == "d\nfatal error: no goroutines (main called runtime.Goexit) - deadlock!\n")
    );

    let deref = read_fixture(root, "cases/s/deref.yaml");
    assert!(deref.runs.iter().all(|r| r.stderr
        == "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]\n"));

    // lang 1.20 and 1.21 on every toolchain that builds them (go1.19.8 builds neither),
    // each with and without GODEBUG.
    let nilpanic = read_fixture(root, "cases/s/nilpanic.yaml");
    let builders = PINNED
        .iter()
        .filter(|r| r.builds("1.20".parse().expect("a language version")))
        .count();
    assert_eq!(builders, PINNED.len() - 1);
    assert_eq!(nilpanic.runs.len(), builders * 2 * 2);
    assert!(
        nilpanic
            .runs
            .iter()
            .all(|r| r.toolchain.to_string() != "go1.19.8")
    );
    let outcome = |lang: &str, godebug: &str| {
        nilpanic
            .runs
            .iter()
            .find(|r| {
                r.toolchain.to_string() == "go1.27.3"
                    && r.lang.to_string() == lang
                    && r.godebug == godebug
            })
            .map(|r| r.stderr.clone())
            .expect("observation recorded")
    };
    assert_eq!(outcome("1.20", ""), "recovered nil: true\n");
    assert_eq!(outcome("1.21", ""), "recovered nil: false\n");
    assert_eq!(outcome("1.21", "panicnil=1"), "recovered nil: true\n");

    // A program gc rejects is observed as `go run` shows it, exit status included.
    let broken = read_fixture(root, "cases/s/broken.yaml");
    assert_eq!(broken.runs.len(), PINNED.len());
    for run in &broken.runs {
        let old = run.toolchain.to_string() == "go1.19.8";
        assert_eq!(run.exit, if old { 2 } else { 1 });
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr
                .starts_with("# command-line-arguments\n./broken.go:3:15: "),
            "{}",
            run.stderr
        );
    }
    assert!(read_fixture(root, "cases/s/toolchain.yaml").runs.is_empty());

    // Verifying what was just recorded finds no drift in the cases that ran.
    let good = [
        "cases/s/broken.go",
        "cases/s/crash.go",
        "cases/t",
        "cases/s/nilpanic.yaml",
        "cases/s/deref.go",
    ];
    let check = gosem(root, &[&["record", "--check"][..], &good[..]].concat());
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));

    // A hand edit is drift, named by case and field; nothing is written.
    let path = root.join("cases/s/deref.yaml");
    let edited = std::fs::read_to_string(&path)
        .expect("read")
        .replacen("exit: 2", "exit: 0", 1);
    std::fs::write(&path, &edited).expect("write");
    let check = gosem(root, &["record", "--check", "cases/s/deref.go"]);
    let report = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{report}");
    assert!(
        report.contains(
            "MISMATCH   cases/s/deref.go  go1.19.8 lang=1.19: exit\n    exit: expected 0, got 2\n"
        ),
        "{report}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), edited);

    // Recording one toolchain keeps the others' observations.
    let again = gosem(root, &["record", "--toolchain", "1.27", "cases/s/deref.go"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stdout));
    assert!(text(&again.stdout).contains("1 observation: 1 unchanged; 0 fixtures written"));
    let deref = read_fixture(root, "cases/s/deref.yaml");
    assert_eq!(deref.runs.len(), PINNED.len());
    assert_eq!(
        deref.runs.iter().filter(|r| r.exit == 0).count(),
        1,
        "go1.19.8's edit is kept"
    );
}
