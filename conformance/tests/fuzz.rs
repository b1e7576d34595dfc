//! `gosem fuzz`: seeds and shards, the merged binaries, timeouts, a planted disagreement
//! minimized into a case, and a known gc bug it recognises.
//!
//! The tests that build programs need go1.27.3 (scripts/install-toolchains) and run only with
//! GOSEM_TOOLCHAIN_TESTS=1; with it set, a missing toolchain fails them loudly.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use gosem_conformance::case;
use gosem_conformance::check;
use gosem_conformance::fixture::Fixture;
use gosem_conformance::fuzz::{self, Limit, Linking, Options, Runner, Seeds};
use gosem_conformance::r#gen::{Config, GoProgram, generate};
use gosem_conformance::toolchain::{self, Toolchain};
use gosem_conformance::verdict::{Kind, Verdict};
use gosem_model::mutant::Mutant;

const RELEASE: &str = "go1.27.3";

/// go1.27.3 when toolchain tests are on; panics when they are on and it is missing.
fn toolchain() -> Option<Toolchain> {
    if std::env::var_os("GOSEM_TOOLCHAIN_TESTS").is_none_or(|v| v != "1") {
        eprintln!("skipped: set GOSEM_TOOLCHAIN_TESTS=1 to run tests with real Go toolchains");
        return None;
    }
    let found = toolchain::discover(&[]);
    let t = found
        .toolchains
        .into_iter()
        .find(|t| t.release.to_string() == RELEASE);
    Some(t.unwrap_or_else(|| panic!("GOSEM_TOOLCHAIN_TESTS=1 but {RELEASE} is missing")))
}

fn options(toolchain: Toolchain, first: u64, count: u64, out: &Path) -> Options {
    Options {
        seeds: Seeds::from(first),
        limit: Limit::Count(count),
        toolchains: vec![toolchain],
        gcflags: vec![String::new()],
        batch: fuzz::DEFAULT_BATCH,
        jobs: 2,
        timeout: Duration::from_secs(10),
        out: out.to_path_buf(),
        record_on: Vec::new(),
        minimize: false,
        mutant: None,
        invariants: true,
        config: Config::default(),
        progress: false,
    }
}

#[test]
fn a_seed_names_the_same_programs_and_shards_partition_the_seeds() {
    let config = Config::default();
    let shards: Vec<Seeds> = (0..3)
        .map(|shard| Seeds {
            first: 500,
            shard,
            shards: 3,
        })
        .collect();
    let mut seen = BTreeSet::new();
    for s in &shards {
        for k in 0..s.share(20) {
            assert!(seen.insert(s.nth(k)), "seed {} in two shards", s.nth(k));
        }
    }
    assert_eq!(seen, (500..520).collect());
    for seed in [500, 519, u64::MAX] {
        assert_eq!(
            generate(&config, seed).source(),
            generate(&config, seed).source()
        );
    }
}

/// gc bugs that depend on the binary's layout (the runtime failing its own checks, or
/// printing a panic value raw: see [`fuzz::KNOWN_MODEL`]) can make one program print
/// differently in two binaries; nothing else may.
#[test]
fn merged_binaries_print_what_separately_built_ones_print() {
    let Some(go) = toolchain() else { return };
    let config = Config::default();
    let programs: Vec<GoProgram> = (0..300).map(|s| generate(&config, s)).collect();
    let refs: Vec<&GoProgram> = programs.iter().collect();
    let runner = Runner::new(8, Duration::from_secs(10)).expect("a run pool");
    let gcflags = [String::new()];
    let merged = fuzz::observe(&refs, &go, &gcflags, Linking::Merged, &runner);
    let separate = fuzz::observe(&refs, &go, &gcflags, Linking::Separate, &runner);
    let threw = |o: &fuzz::Observation| matches!(o, Ok(out) if fuzz::thrown(out).is_some());
    let mut layout_bugs = Vec::new();
    for (seed, (m, s)) in merged.iter().zip(&separate).enumerate() {
        let (m, s) = (&m[0], &s[0]);
        if m == s {
            continue;
        }
        let explained = threw(m)
            || threw(s)
            || matches!((m, s), (Ok(a), Ok(b)) if fuzz::known_build_difference(a, b).is_some());
        assert!(
            explained,
            "seed {seed}: merged {m:?}\nseparate {s:?}\n{}",
            programs[seed].source()
        );
        layout_bugs.push(seed);
    }
    assert!(
        layout_bugs.len() <= 3,
        "layout-dependent gc bugs in seeds {layout_bugs:?}"
    );
    let answered = merged.iter().filter(|m| m[0].is_ok()).count();
    assert!(answered >= 290, "only {answered} of 300 programs ran");
}

#[test]
fn the_same_seed_gives_the_same_verdicts() {
    let Some(go) = toolchain() else { return };
    let out = tempfile::tempdir().expect("a temporary directory");
    let o = options(go, 4000, 120, out.path());
    let a = fuzz::campaign(&o).expect("a campaign");
    let b = fuzz::campaign(&o).expect("a campaign");
    assert_eq!(a.programs, 120);
    assert_eq!(a.verdicts, b.verdicts);
    assert_eq!(a.per_construct, b.per_construct);
    assert_eq!(
        a.verdicts.get(Kind::Agree) + a.verdicts.get(Kind::Mismatch),
        120
    );
    // Every model trace was checked against the invariants, and holds them.
    assert_eq!(a.traces, 120);
    assert!(a.breaches.is_empty(), "{}", a.text());
}

#[test]
fn the_model_alone_checks_every_trace_and_a_broken_rule_breaks_an_invariant() {
    let out = tempfile::tempdir().expect("a temporary directory");
    let go = Toolchain {
        release: "go1.27.3".parse().expect("a release"),
        go: PathBuf::from("go"),
    };
    let mut o = options(go, 0, 200, out.path());
    o.toolchains.clear();
    let release = "go1.27.3".parse().expect("a release");
    let sound = fuzz::model_campaign(&o, release);
    assert_eq!((sound.programs, sound.traces), (200, 200));
    assert!(sound.breaches.is_empty(), "{}", sound.text());
    assert!(!sound.failed());
    o.mutant = Some(Mutant::ReturnFifo);
    let broken = fuzz::model_campaign(&o, release);
    assert!(
        broken.breaches.iter().any(|b| b.invariant == "INV-LIFO"),
        "{}",
        broken.text()
    );
    assert!(broken.failed());
}

#[test]
fn a_run_past_its_timeout_is_poisoned() {
    let Some(go) = toolchain() else { return };
    let out = tempfile::tempdir().expect("a temporary directory");
    let o = Options {
        timeout: Duration::from_micros(1),
        ..options(go, 0, 5, out.path())
    };
    let summary = fuzz::campaign(&o).expect("a campaign");
    assert_eq!(summary.verdicts.get(Kind::Poisoned), 5);
    assert_eq!(summary.poisoned.len(), 5);
    assert!(
        summary.poisoned[0].reason.contains("timed out"),
        "{}",
        summary.poisoned[0].reason
    );
    assert!(summary.failed());
}

/// A listing of every file under `dir` with its length and modification time.
fn snapshot(dir: &Path) -> BTreeSet<(PathBuf, u64, std::time::SystemTime)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let meta = e.metadata().expect("metadata");
            if meta.is_dir() {
                stack.push(e.path());
            } else {
                let modified = meta.modified().expect("mtime");
                out.insert((e.path(), meta.len(), modified));
            }
        }
    }
    out
}

#[test]
fn a_planted_disagreement_becomes_a_small_case_in_out_and_nowhere_else() {
    let Some(_) = toolchain() else { return };
    let repo_cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cases");
    let before = snapshot(&repo_cases);
    let work = tempfile::tempdir().expect("a temporary directory");
    let out = work.path().join("found");
    let output = Command::new(env!("CARGO_BIN_EXE_gosem"))
        .args([
            "fuzz",
            "--count",
            "2",
            "--seed",
            "1",
            "--toolchain",
            "1.27.3",
        ])
        .args(["--gcflags", "", "--mutant", "defer-dropped", "--out"])
        .arg(&out)
        .current_dir(work.path())
        .output()
        .expect("gosem runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stdout}\n{stderr}");
    assert_eq!(
        before,
        snapshot(&repo_cases),
        "the repository's cases changed"
    );

    // Nothing but the out directory in the working directory (no cases/regress there).
    let top: Vec<String> = std::fs::read_dir(work.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(top, ["found"]);

    let (cases, errors) = case::discover(std::slice::from_ref(&out));
    assert!(errors.is_empty(), "{errors:?}");
    assert!(!cases.is_empty(), "no case written:\n{stdout}\n{stderr}");
    for c in &cases {
        assert!(
            c.name.starts_with("0001-") || c.name.starts_with("0002-"),
            "{}",
            c.name
        );
        let source = std::fs::read_to_string(&c.source).expect("the case's source");
        let body_lines = source.lines().filter(|l| l.starts_with('\t')).count();
        assert!(body_lines <= 15, "{body_lines} body lines:\n{source}");
        assert!(source.contains("defer"), "{source}");
        let text = std::fs::read_to_string(&c.fixture).expect("the fixture");
        let fixture = Fixture::parse(&c.fixture, &text).expect("a fixture");
        assert!(
            fixture.about.starts_with("found by gosem fuzz (seed "),
            "{}",
            fixture.about
        );
        // Recorded on every pinned toolchain, as `gosem record --check` expects.
        let recorded: BTreeSet<String> = fixture
            .runs
            .iter()
            .map(|r| r.toolchain.to_string())
            .collect();
        let pinned: BTreeSet<String> = gosem_conformance::version::PINNED
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(recorded, pinned);
        assert!(stdout.contains(&c.name), "{stdout}");
    }
    // The real model agrees with the recorded fixtures; the planted fault does not.
    let sound = check::check(&cases, &[], None, false);
    assert!(!sound.findings.failed(), "{:?}", sound.findings.entries);
    let planted = check::check(&cases, &[], Some(Mutant::DeferDropped), false);
    assert!(
        planted
            .findings
            .entries
            .iter()
            .all(|e| matches!(e.verdict, Verdict::Mismatch { .. })),
        "{:?}",
        planted.findings.entries
    );
}

#[test]
fn a_known_gc_bug_the_model_reproduces_explains_a_disagreement_on_the_releases_that_have_it() {
    // Seed 149154: a deferred function calls a helper that calls recover, where the fault of
    // golang/go#73916 (its mutant) changes what the program prints.
    let program = generate(&Config::default(), 149_154);
    let outputs = |release: &str, mutant: Option<Mutant>| {
        let release = release.parse().expect("a release");
        match fuzz::model_outcome(&program, release, mutant) {
            gosem_conformance::verdict::ModelOutcome::Exited(o) => o,
            other => panic!("the model did not run the program: {other:?}"),
        }
    };
    let judged = |release: &str, observed: Vec<fuzz::Observation>| {
        let r = release.parse().expect("a release");
        let flags = [String::new(), "all=-l".to_string()];
        let model = fuzz::model_outcome(&program, r, None);
        let judged = fuzz::judge_program(r, &flags, &model, &observed);
        fuzz::explain_by_bugs(judged, &program, r, &flags, &model, &observed)
    };
    let buggy = outputs("go1.22.10", Some(Mutant::RecoverOneDeeper));
    let correct = outputs("go1.22.10", None);
    assert_ne!(buggy, correct, "the seed must show the bug");
    // Inlined as is, correct with -l: the bug's, on a release that has it.
    let j = judged("go1.22.10", vec![Ok(buggy.clone()), Ok(correct.clone())]);
    assert!(j.disagreements.is_empty(), "{:?}", j.disagreements);
    assert_eq!(
        j.verdict,
        Verdict::KnownDivergence {
            reference: "golang/go#73916".to_string()
        }
    );
    assert_eq!(j.known_builds, vec!["golang/go#73916"]);
    // The same output from a release without the bug stays a mismatch and a finding.
    let j = judged("go1.27.3", vec![Ok(buggy), Ok(correct.clone())]);
    assert_eq!(j.verdict.kind(), Kind::Mismatch);
    assert_eq!(j.disagreements.len(), 2);
    // Any other difference stays a mismatch.
    let mut other = correct.clone();
    other.stdout.extend_from_slice(b"extra\n");
    let j = judged("go1.22.10", vec![Ok(other), Ok(correct)]);
    assert_eq!(j.verdict.kind(), Kind::Mismatch);
}
