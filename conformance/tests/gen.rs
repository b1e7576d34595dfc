//! The program generator. Every generated program must be accepted by the model and run to an
//! exit; with GOSEM_TOOLCHAIN_TESTS=1, gc must compile them (gofmt-clean) and agree with the
//! model on stdout, the exit status and the normalised stderr (judged as `gosem fuzz` does).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use gosem_conformance::fuzz;
use gosem_conformance::r#gen::{Config, GoProgram, generate};
use gosem_conformance::process;
use gosem_conformance::toolchain;
use gosem_conformance::verdict::Verdict;
use gosem_conformance::version::Release;
use gosem_model::{Params, Program, Status};

/// The toolchain generated programs are compared with.
const RELEASE: &str = "go1.27.3";

fn release() -> Release {
    RELEASE.parse().expect("a release")
}

fn params() -> Params {
    Params::new(release().version(), "main")
}

fn load(p: &GoProgram) -> Result<Program, String> {
    gosem_model::load("main.go", &p.source(), release().lang().version()).map_err(|r| r.to_string())
}

#[test]
fn the_model_accepts_and_finishes_every_generated_program() {
    let config = Config::default();
    let mut failures = Vec::new();
    for seed in 0..500 {
        let p = generate(&config, seed);
        let why = match load(&p) {
            // Syntax or compile errors are generator bugs; unsupported means the generator
            // left the model's subset or wrote an evaluation-order hazard.
            Err(rejection) => rejection,
            Ok(program) => match program.run(&params()).status {
                Status::Exited(_) => continue,
                Status::Exhausted => "the step budget ran out".to_string(),
                Status::Unsupported(d) => d.to_string(),
                Status::Internal(d) => format!("an internal error of the model: {d}"),
            },
        };
        failures.push(format!("seed {seed}: {why}\n{}", p.source()));
    }
    assert!(
        failures.is_empty(),
        "{} of 500 programs failed; the first:\n{}",
        failures.len(),
        failures[0]
    );
}

#[test]
fn a_seed_always_names_the_same_program() {
    let config = Config::default();
    for seed in [0, 1, 77, u64::MAX] {
        assert_eq!(
            generate(&config, seed).source(),
            generate(&config, seed).source()
        );
    }
    assert_ne!(generate(&config, 1).source(), generate(&config, 2).source());
}

#[test]
fn every_construct_appears_and_programs_are_about_the_configured_size() {
    let config = Config::default();
    let mut seen = BTreeSet::new();
    let mut statements = 0;
    let n = 500;
    for seed in 0..n {
        let p = generate(&config, seed);
        seen.extend(p.constructs());
        statements += p.statements();
    }
    let missing: Vec<&str> = config
        .weights
        .iter()
        .map(|(name, _)| name)
        .filter(|name| !seen.contains(name))
        .collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
    let average = statements / n as usize;
    assert!(
        (35..=80).contains(&average),
        "{average} statements a program on average"
    );
}

#[test]
fn a_construct_with_weight_zero_is_never_generated() {
    let mut config = Config::default();
    for name in ["defer-closure", "panic-if", "value-string"] {
        config.weights.set(name, 0).expect("a construct");
    }
    assert!(config.weights.set("no-such-construct", 1).is_err());
    for seed in 0..100 {
        let used = generate(&config, seed).constructs();
        assert!(
            !used
                .iter()
                .any(|c| ["defer-closure", "panic-if", "value-string"].contains(c)),
            "seed {seed} used {used:?}"
        );
    }
}

#[test]
fn gc_compiles_generated_programs_and_agrees_with_the_model() {
    if std::env::var("GOSEM_TOOLCHAIN_TESTS").as_deref() != Ok("1") {
        eprintln!("skipped: set GOSEM_TOOLCHAIN_TESTS=1 to build generated programs with gc");
        return;
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).expect("HOME");
    let go = home.join("sdk").join(RELEASE).join("bin").join("go");
    let found = toolchain::discover(std::slice::from_ref(&go));
    let toolchain = found
        .toolchains
        .iter()
        .find(|t| t.release == release())
        .unwrap_or_else(|| panic!("{RELEASE} not found at {}", go.display()));

    let config = Config::default();
    let programs: Vec<GoProgram> = (1000..1050).map(|s| generate(&config, s)).collect();
    let sources: Vec<(String, String)> = programs
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("seed{}", 1000 + i), p.source()))
        .collect();
    assert_gofmt_clean(toolchain, &sources);

    // Each program built alone, as a case is: the campaign's own building and judging.
    let refs: Vec<&GoProgram> = programs.iter().collect();
    let runner = fuzz::Runner::new(8, Duration::from_secs(20)).expect("a run pool");
    let gcflags = [String::new()];
    let observed = fuzz::observe(&refs, toolchain, &gcflags, fuzz::Linking::Separate, &runner);
    let mut failures = Vec::new();
    for ((p, observed), (name, source)) in programs.iter().zip(&observed).zip(&sources) {
        let model = fuzz::model_outcome(p, release(), None);
        let judged = fuzz::judge_program(release(), &gcflags, &model, observed);
        if judged.verdict != Verdict::Agree {
            failures.push(format!("{name}: {:?}\n{source}", judged.verdict));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs do not agree:\n{}",
        failures.len(),
        sources.len(),
        failures.join("\n")
    );
}

/// gofmt (from the toolchain's GOROOT) lists no file it would change.
fn assert_gofmt_clean(toolchain: &toolchain::Toolchain, sources: &[(String, String)]) {
    let mut env = toolchain.go_command();
    env.args(["env", "GOROOT"]);
    let root = process::run(&mut env, Duration::from_secs(60)).expect("go env runs");
    let root = PathBuf::from(String::from_utf8_lossy(&root.stdout).trim());
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, source) in sources {
        std::fs::write(dir.path().join(format!("{name}.go")), source).expect("write");
    }
    let mut gofmt = Command::new(root.join("bin").join("gofmt"));
    gofmt.arg("-l").arg(dir.path());
    let listed = process::run(&mut gofmt, Duration::from_secs(60)).expect("gofmt runs");
    assert_eq!(
        listed.exit,
        0,
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert!(
        listed.stdout.is_empty(),
        "not gofmt-clean:\n{}",
        String::from_utf8_lossy(&listed.stdout)
    );
}
