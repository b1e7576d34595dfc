//! `gosem exhaust`: the bounded exhaustive check. Every program of a small core fragment, up to
//! a number of statements, is run on the model, and every invariant is checked on every run:
//! the trace invariants of `spec/invariants.md` on its events, the symbolic rules and the state
//! invariants on each of its steps.
//!
//! The core fragment: `main` and up to two helper functions `f1`, `f2`, without parameters or
//! results; a function calls or defers only functions after it (so every program terminates).
//! Each statement is one of: a call `fJ()`, `defer fJ()`, `defer func() { recover() }()`,
//! `recover()`, `defer recover()`, `panic(N)`, `runtime.Goexit()`, `return`, `os.Exit(3)`. The
//! size of a program is its number of statements; sizes are checked in increasing order.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use gosem_model::logic::Concrete;
use gosem_model::symbolic::{self, Config};
use gosem_model::{Params, Status, Version};
use gosem_spec::states::{State, well_formed};
use rayon::prelude::*;

/// The most helper functions besides `main`.
const HELPERS: usize = 2;

/// A statement of the core fragment (`Call(j)` and `Defer(j)` name helper `fJ`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stmt {
    Call(usize),
    Defer(usize),
    DeferRecoverClosure,
    Recover,
    DeferRecover,
    Panic,
    Goexit,
    Return,
    Exit,
}

/// A program: the bodies of `main`, `f1`, ...
pub type Program = Vec<Vec<Stmt>>;

/// The statements function `i` of `n` may have.
fn choices(i: usize, n: usize) -> Vec<Stmt> {
    let mut out = Vec::new();
    for j in i + 1..n {
        out.push(Stmt::Call(j));
        out.push(Stmt::Defer(j));
    }
    out.extend([
        Stmt::DeferRecoverClosure,
        Stmt::Recover,
        Stmt::DeferRecover,
        Stmt::Panic,
        Stmt::Goexit,
        Stmt::Return,
        Stmt::Exit,
    ]);
    out
}

/// Every program of exactly `size` statements.
pub fn programs(size: usize) -> Vec<Program> {
    let mut out = Vec::new();
    for n in 1..=HELPERS + 1 {
        // Helpers nothing calls are left out: a program with an uncalled helper is the same
        // program without it.
        let mut bodies = vec![Vec::new(); n];
        fill(&mut bodies, 0, size, &mut out);
    }
    out.retain(|p| (1..p.len()).all(|j| used(p, j)));
    out
}

/// Extends `bodies` from function `i` on with `left` more statements, in every way.
fn fill(bodies: &mut Program, i: usize, left: usize, out: &mut Vec<Program>) {
    if i == bodies.len() {
        if left == 0 {
            out.push(bodies.clone());
        }
        return;
    }
    // Function i gets k statements, the rest go to the functions after it.
    for k in 0..=left {
        for body in sequences(&choices(i, bodies.len()), k) {
            bodies[i] = body;
            fill(bodies, i + 1, left - k, out);
        }
    }
    bodies[i].clear();
}

/// Every sequence of `k` items of `from`.
fn sequences(from: &[Stmt], k: usize) -> Vec<Vec<Stmt>> {
    let mut out = vec![Vec::new()];
    for _ in 0..k {
        out = out
            .into_iter()
            .flat_map(|s| {
                from.iter().map(move |x| {
                    let mut t = s.clone();
                    t.push(*x);
                    t
                })
            })
            .collect();
    }
    out
}

fn used(p: &Program, j: usize) -> bool {
    p.iter()
        .flatten()
        .any(|s| matches!(s, Stmt::Call(k) | Stmt::Defer(k) if *k == j))
}

/// The packages a program's statements use, besides none.
pub fn imports(p: &Program) -> Vec<&'static str> {
    let all = || p.iter().flatten();
    [
        ("os", all().any(|s| *s == Stmt::Exit)),
        ("runtime", all().any(|s| *s == Stmt::Goexit)),
    ]
    .iter()
    .filter(|(_, used)| *used)
    .map(|(name, _)| *name)
    .collect()
}

/// The name of function `i`: `main`, `f1`, `f2`.
pub fn func_name(i: usize) -> String {
    if i == 0 {
        "main".to_string()
    } else {
        format!("f{i}")
    }
}

/// The program as Go source.
pub fn source(p: &Program) -> String {
    let mut out = String::from("package main\n");
    for name in imports(p) {
        let _ = writeln!(out, "\nimport \"{name}\"");
    }
    let mut panics = 0;
    for (i, body) in p.iter().enumerate() {
        let name = func_name(i);
        let _ = writeln!(out, "\nfunc {name}() {{");
        for s in body {
            let line = match s {
                Stmt::Call(j) => format!("f{j}()"),
                Stmt::Defer(j) => format!("defer f{j}()"),
                Stmt::DeferRecoverClosure => "defer func() { recover() }()".to_string(),
                Stmt::Recover => "recover()".to_string(),
                Stmt::DeferRecover => "defer recover()".to_string(),
                Stmt::Panic => {
                    panics += 1;
                    format!("panic({panics})")
                }
                Stmt::Goexit => "runtime.Goexit()".to_string(),
                Stmt::Return => "return".to_string(),
                Stmt::Exit => "os.Exit(3)".to_string(),
            };
            let _ = writeln!(out, "\t{line}");
        }
        out.push_str("}\n");
    }
    out
}

/// What checking one program found: nothing, or the first broken property.
fn check(p: &Program, toolchain: Version) -> Option<String> {
    let src = source(p);
    let program = match gosem_model::load("exhaust.go", &src, toolchain.language()) {
        Ok(program) => program,
        Err(e) => return Some(format!("not loaded: {e}")),
    };
    let params = Params::new(toolchain, "main");
    let mut first = None;
    program.run_viewed(&params, &mut |rule, before, after| {
        if first.is_some() {
            return;
        }
        if !symbolic::admits(rule, before, after, toolchain) {
            first = Some(format!(
                "{} not admitted by its symbolic rule",
                rule.label()
            ));
            return;
        }
        let c = Config::of(after);
        if let Some(s) = State::ALL.iter().find(|s| !s.holds(&Concrete, &c)) {
            first = Some(format!("{} broken after {}", s.id(), rule.label()));
        } else if !well_formed(&Concrete, &c) {
            first = Some(format!("ill-formed after {}", rule.label()));
        }
    });
    if first.is_some() {
        return first;
    }
    let run = program.run_recorded(&params);
    match run.status {
        Status::Exited(_) => gosem_spec::check_trace_at(&run.events, toolchain)
            .first()
            .map(|v| format!("{}: {}", v.invariant, v.explanation)),
        Status::Exhausted => Some("the step budget ran out".to_string()),
        Status::Unsupported(d) => Some(format!("refused: {d}")),
        Status::Internal(d) => Some(format!("internal error of the model: {d}")),
    }
}

/// The outcome of one size.
pub struct Size {
    pub size: usize,
    pub programs: usize,
    pub took: Duration,
    /// Programs that broke something, with what (at most a few).
    pub failures: Vec<(String, String)>,
}

/// Checks sizes 0, 1, ... up to `max` while the time spent stays under `budget`; a size is
/// only started when the previous one, scaled by the growth so far, would still fit.
pub fn run(
    max: usize,
    budget: Duration,
    toolchain: Version,
    on_size: &mut dyn FnMut(&Size),
) -> Vec<Size> {
    let start = Instant::now();
    let mut done: Vec<Size> = Vec::new();
    for size in 0..=max {
        if let [.., a, b] = done.as_slice() {
            let growth = b.took.as_secs_f64() / a.took.as_secs_f64().max(1e-3);
            let projected = b.took.mul_f64(growth.max(1.0));
            if start.elapsed() + projected > budget {
                break;
            }
        }
        let began = Instant::now();
        let all = programs(size);
        let mut failures: Vec<(String, String)> = all
            .par_iter()
            .filter_map(|p| check(p, toolchain).map(|why| (source(p), why)))
            .collect();
        failures.truncate(3);
        let s = Size {
            size,
            programs: all.len(),
            took: began.elapsed(),
            failures,
        };
        on_size(&s);
        done.push(s);
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_count_every_program_once() {
        assert_eq!(programs(0).len(), 1);
        // main with one of its 7 statements; or main calling or deferring an empty f1.
        assert_eq!(programs(1).len(), 7 + 2);
        let two = programs(2);
        let mut texts: Vec<String> = two.iter().map(source).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), two.len());
        // main alone: 7 * 7. With f1: main's two statements use f1 (9 * 9 - 7 * 7), or main
        // uses f1 (2) and f1 has one statement (7). With f1 and f2: main uses both (2 * 2 * 2
        // orders), or main uses f1 (2) and f1 uses f2 (2).
        assert_eq!(two.len(), 49 + 32 + 14 + 8 + 4);
    }

    #[test]
    fn the_smallest_programs_hold_every_invariant() {
        let v: Version = "1.27.3".parse().expect("a version");
        for size in 0..=2 {
            for p in programs(size) {
                assert_eq!(check(&p, v), None, "{}", source(&p));
            }
        }
    }
}
