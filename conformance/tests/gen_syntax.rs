//! `GoProgram::syntax` must be the tree the parser makes of `GoProgram::source`, positions
//! aside, and run as it does: the benchmark's row "check+run from the generator's syntax" and
//! anything else that skips the parse rely on it.

use gosem_conformance::r#gen::{Config, GoProgram, generate};
use gosem_model::syntax::File;
use gosem_model::{Params, Program, Run, Version};
use regex::Regex;
use std::sync::LazyLock;

fn release() -> Version {
    "1.27.3".parse().expect("a release")
}

/// The tree's Debug text (`{:#?}` when `pretty`, for showing a difference) with every
/// position replaced by `Pos`: the generator's tree has no source, so only positions may
/// differ from the parser's.
fn erased(file: &File, pretty: bool) -> String {
    static POS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"Pos \{\s*line: \d+,\s*col: \d+,?\s*\}").expect("a regex"));
    let text = if pretty {
        format!("{file:#?}")
    } else {
        format!("{file:?}")
    };
    POS.replace_all(&text, "Pos").into_owned()
}

/// The parse of `source`, without the literal text a built file does not keep.
fn parsed(source: &str) -> File {
    let mut file =
        gosem_model::parse("main.go", source).unwrap_or_else(|e| panic!("{e}\n{source}"));
    file.literals.clear();
    file
}

fn load(file: &File) -> Program {
    gosem_model::load_syntax("main.go", file, release().language())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Everything a run yields but its events (which only recorded runs have).
fn observables(run: &Run) -> String {
    format!(
        "status {:?}, {} steps, rules {:?}\nstdout:\n{}\nstderr:\n{}",
        run.status,
        run.steps,
        run.rules,
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    )
}

/// The first line where `a` and `b` differ, with a few lines of context.
fn first_difference(a: &str, b: &str) -> String {
    let diff = similar::TextDiff::from_lines(a, b);
    diff.unified_diff()
        .context_radius(6)
        .iter_hunks()
        .next()
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// Holds `program.syntax()` to the parse of `program.source()`: the same tree once positions
/// are erased, and the same run.
fn check(what: &str, program: &GoProgram, params: &Params) -> Result<(), String> {
    let source = program.source();
    let from_source = parsed(&source);
    let from_generator = program.syntax();
    if erased(&from_source, false) != erased(&from_generator, false) {
        let (a, b) = (erased(&from_source, true), erased(&from_generator, true));
        return Err(format!(
            "{what}: the trees differ (- parsed, + generated):\n{}\n{source}",
            first_difference(&a, &b)
        ));
    }
    let (a, b) = (
        observables(&load(&from_source).run(params)),
        observables(&load(&from_generator).run(params)),
    );
    if a != b {
        return Err(format!(
            "{what}: the runs differ (- parsed, + generated):\n{}\n{source}",
            first_difference(&a, &b)
        ));
    }
    Ok(())
}

#[test]
fn the_generators_syntax_is_the_parse_of_its_source_and_runs_alike() {
    let params = Params::new(release(), "main");
    let config = Config::default();
    // Seeds of the tests and of the benchmark (which starts at 1 << 32), and larger programs.
    let mut programs: Vec<(String, GoProgram)> = (0..300)
        .chain((1 << 32)..(1 << 32) + 100)
        .map(|seed| (format!("seed {seed}"), generate(&config, seed)))
        .collect();
    programs.extend((0..10).map(|seed| {
        let name = format!("seed {seed}, 300 statements");
        (name, generate(&Config::sized(300), seed))
    }));
    let failures: Vec<String> = programs
        .iter()
        .filter_map(|(what, p)| check(what, p, &params).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} programs failed; the first:\n{}",
        failures.len(),
        programs.len(),
        failures[0]
    );
}

#[test]
fn erasing_positions_keeps_everything_else() {
    // Guards the comparison above against an erasure that would make every tree equal.
    let config = Config::default();
    let one = parsed(&generate(&config, 1).source());
    let two = parsed(&generate(&config, 2).source());
    for pretty in [false, true] {
        let (one, two) = (erased(&one, pretty), erased(&two, pretty));
        assert_ne!(one, two);
        assert!(!one.contains("line:"), "a position survived erasure");
        assert!(one.contains("Pos"));
    }
}
