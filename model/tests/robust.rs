//! No input makes the model panic: mutated versions of the conformance cases are parsed,
//! checked and run (with a small step budget), and whatever they are, the answer is a
//! program result, a rejection, an exhausted budget or an unsupported construct.

use gosem_model::{Params, Rejection, Status, Version, load};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn cases() -> &'static [(PathBuf, String)] {
    static CASES: std::sync::OnceLock<Vec<(PathBuf, String)>> = std::sync::OnceLock::new();
    CASES.get_or_init(read_cases)
}

fn read_cases() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "go")
                && let Ok(src) = std::fs::read_to_string(&p)
            {
                out.push((p, src));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../cases"),
        &mut out,
    );
    assert!(out.len() > 50, "the conformance cases are missing");
    out
}

/// Go tokens and fragments spliced into programs: enough to reach deep into the checker.
const FRAGMENTS: &[&str] = &[
    "defer ",
    "recover()",
    "panic(nil)",
    "panic(1)",
    "return",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ";",
    "\n",
    ",",
    ":=",
    "=",
    "nil",
    "x",
    "f()",
    "*",
    "&",
    ".",
    "go ",
    "func() {}",
    "for {}",
    "...",
    "0",
    "-1",
    "\"s\"",
    "1e400",
    "'\\x'",
    "runtime.Goexit()",
    "os.Exit(3)",
    "type T int",
    "interface{}",
    "map[int]int{}",
    "[]int{1}",
    "switch",
    "case",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, usize),
    Byte(usize, u8),
}

fn apply(src: &str, ms: &[Mutation]) -> String {
    let mut b = src.as_bytes().to_vec();
    for m in ms {
        let n = b.len().max(1);
        match *m {
            Mutation::Delete(at, len) => {
                let at = at % n;
                let end = (at + len % 40).min(b.len());
                b.drain(at.min(end)..end);
            }
            Mutation::Duplicate(at, len) => {
                let at = at % n;
                let end = (at + len % 80).min(b.len());
                let piece = b[at.min(end)..end].to_vec();
                b.splice(end..end, piece);
            }
            Mutation::Insert(at, which) => {
                let at = (at % n).min(b.len());
                b.splice(at..at, FRAGMENTS[which % FRAGMENTS.len()].bytes());
            }
            Mutation::Byte(at, v) => {
                if !b.is_empty() {
                    let at = at % b.len();
                    b[at] = v;
                }
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(a, l)| Mutation::Delete(a, l)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, l)| Mutation::Duplicate(a, l)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, w)| Mutation::Insert(a, w)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, v)| Mutation::Byte(a, v)),
    ]
}

proptest! {
    // PROPTEST_CASES raises the count for longer campaigns.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
    ))]

    #[test]
    fn mutated_cases_never_make_the_model_panic(case in any::<usize>(), ms in prop::collection::vec(mutation(), 1..6), lang in 19u32..28) {
        let all = cases();
        let (path, src) = &all[case % all.len()];
        let mutated = apply(src, &ms);
        let lang = Version::new(1, lang, None);
        match load(&path.to_string_lossy(), &mutated, lang) {
            Ok(p) => {
                let mut params = Params::new(Version::new(1, 27, Some(3)), "./prog");
                params.lang = lang;
                params.fuel = 50_000;
                let mut steps = 0u64;
                let run = p.run_traced(&params, &mut |_| steps += 1);
                prop_assert_eq!(run.steps, steps);
                if let Status::Exited(code) = run.status {
                    prop_assert!((0..=255).contains(&code));
                }
                if let Status::Internal(d) = &run.status {
                    prop_assert!(false, "an internal error of the model: {}", d);
                }
            }
            Err(Rejection::Compile(errors)) => prop_assert!(!errors.errors.is_empty()),
            Err(Rejection::Unsupported(d)) => prop_assert!(d.message.contains("unsupported")),
            Err(Rejection::Internal(d)) => prop_assert!(false, "an internal error of the model: {}", d),
        }
    }
}
