//! The rule proofs: every rule of the machine, stated symbolically (`gosem_model::symbolic`),
//! preserves every state invariant (`states`). For each shape within a bound (up to `frames`
//! frames and `panics` panics), Z3 is asked for a configuration that is well formed, satisfies
//! all the invariants, lets one outcome of the rule fire, and breaks the invariant after it.
//! Unsat for every shape is a proof within the bound; a model is a counterexample; an unknown
//! answer is a timeout, never counted as proved.

use crate::states::{State, well_formed};
use gosem_model::logic::{Concrete, Logic};
use gosem_model::symbolic::{self, Config, Frame, Panic};
use gosem_model::{Rule, Version};
use std::time::{Duration, Instant};
use z3::ast::{Bool, Int};
use z3::{Model, Params, SatResult, Solver};

/// Formulas as Z3 terms.
pub struct Terms;

impl Logic for Terms {
    type B = Bool;
    type I = Int;

    fn lit(&self, b: bool) -> Bool {
        Bool::from_bool(b)
    }

    fn num(&self, n: i64) -> Int {
        Int::from_i64(n)
    }

    fn and(&self, xs: &[Bool]) -> Bool {
        Bool::and(xs)
    }

    fn or(&self, xs: &[Bool]) -> Bool {
        Bool::or(xs)
    }

    fn not(&self, x: &Bool) -> Bool {
        x.not()
    }

    fn eq(&self, a: &Int, b: &Int) -> Bool {
        a.eq(b)
    }

    fn lt(&self, a: &Int, b: &Int) -> Bool {
        a.lt(b)
    }

    fn add(&self, a: &Int, n: i64) -> Int {
        Int::add(&[a, &Int::from_i64(n)])
    }

    fn ite(&self, c: &Bool, a: &Int, b: &Int) -> Int {
        c.ite(a, b)
    }

    fn ite_b(&self, c: &Bool, a: &Bool, b: &Bool) -> Bool {
        c.ite(a, b)
    }
}

/// How far the proofs go.
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    pub frames: usize,
    pub panics: usize,
    /// Per query.
    pub timeout: Duration,
}

/// The result for one rule and one invariant.
#[derive(Clone)]
pub enum Verdict {
    /// No configuration within the bound breaks it.
    Proved,
    /// The rule leaves every configuration as it is.
    NotApplicable,
    /// A configuration satisfying every invariant from which the rule breaks this one.
    Counterexample {
        before: Config<Concrete>,
        after: Config<Concrete>,
    },
    /// Z3 gave no answer in time for this shape.
    Timeout { frames: usize, panics: usize },
}

/// One row of the table: a rule, and its verdict per property (the invariants, then well
/// formedness).
pub struct Row {
    pub rule: Rule,
    pub verdicts: Vec<Verdict>,
}

/// The properties proved preserved: every state invariant, and well-formedness itself.
pub fn properties() -> Vec<(&'static str, Option<State>)> {
    State::ALL
        .iter()
        .map(|s| (s.id(), Some(*s)))
        .chain([("well-formed", None)])
        .collect()
}

fn property(p: Option<State>, c: &Config<Terms>) -> Bool {
    match p {
        Some(s) => s.holds(&Terms, c),
        None => well_formed(&Terms, c),
    }
}

/// A configuration of the given shape whose fields are unknowns.
fn unknown(frames: usize, panics: usize) -> Config<Terms> {
    let int = |s: String| Int::new_const(s);
    let bool = |s: String| Bool::new_const(s);
    Config {
        frames: (0..frames)
            .map(|i| Frame {
                mode: int(format!("f{i}.mode")),
                defers: int(format!("f{i}.defers")),
                deferring: int(format!("f{i}.deferring")),
                caller: int(format!("f{i}.caller")),
                wrapper: bool(format!("f{i}.wrapper")),
                fmt: bool(format!("f{i}.fmt")),
                awaiting: bool(format!("f{i}.awaiting")),
            })
            .collect(),
        chain: (0..panics)
            .map(|k| Panic {
                recovered: bool(format!("p{k}.recovered")),
                aborted: bool(format!("p{k}.aborted")),
                goexit: bool(format!("p{k}.goexit")),
            })
            .collect(),
        ended: Bool::new_const("ended"),
    }
}

/// The values a model gives a configuration's fields.
fn read(m: &Model, c: &Config<Terms>) -> Config<Concrete> {
    let int = |t: &Int| m.eval(t, true).and_then(|v| v.as_i64()).unwrap_or(0);
    let bool = |t: &Bool| m.eval(t, true).and_then(|v| v.as_bool()).unwrap_or(false);
    Config {
        frames: c
            .frames
            .iter()
            .map(|f| Frame {
                mode: int(&f.mode),
                defers: int(&f.defers),
                deferring: int(&f.deferring),
                caller: int(&f.caller),
                wrapper: bool(&f.wrapper),
                fmt: bool(&f.fmt),
                awaiting: bool(&f.awaiting),
            })
            .collect(),
        chain: c
            .chain
            .iter()
            .map(|p| Panic {
                recovered: bool(&p.recovered),
                aborted: bool(&p.aborted),
                goexit: bool(&p.goexit),
            })
            .collect(),
        ended: bool(&c.ended),
    }
}

/// Proves every rule against every property within `bound`, for `toolchain`'s runtime.
/// `on_row` sees each row as it is finished.
pub fn prove(bound: Bound, toolchain: Version, on_row: &mut dyn FnMut(&Row)) -> Vec<Row> {
    let props = properties();
    let mut rows: Vec<Row> = Rule::ALL
        .iter()
        .map(|r| Row {
            rule: *r,
            verdicts: vec![Verdict::NotApplicable; props.len()],
        })
        .collect();
    let mut params = Params::new();
    params.set_u32(
        "timeout",
        u32::try_from(bound.timeout.as_millis()).unwrap_or(u32::MAX),
    );
    for row in &mut rows {
        for frames in 1..=bound.frames {
            for panics in 0..=bound.panics {
                let c = unknown(frames, panics);
                let solver = Solver::new();
                solver.set_params(&params);
                solver.assert(well_formed(&Terms, &c));
                for s in State::ALL {
                    solver.assert(s.holds(&Terms, &c));
                }
                let outcomes = symbolic::outcomes(&Terms, row.rule, &c, toolchain);
                let changes: Vec<Bool> = outcomes
                    .iter()
                    .map(|o| Bool::and(&[o.guard.clone(), o.next.same(&Terms, &c).not()]))
                    .collect();
                if solver.check_assumptions(&[Bool::or(&changes)]) == SatResult::Unsat {
                    continue;
                }
                for (v, (_, p)) in row.verdicts.iter_mut().zip(&props) {
                    if matches!(v, Verdict::Counterexample { .. } | Verdict::Timeout { .. }) {
                        continue;
                    }
                    let broken: Vec<Bool> = outcomes
                        .iter()
                        .map(|o| Bool::and(&[o.guard.clone(), property(*p, &o.next).not()]))
                        .collect();
                    *v = match solver.check_assumptions(&[Bool::or(&broken)]) {
                        SatResult::Unsat => Verdict::Proved,
                        SatResult::Unknown => Verdict::Timeout { frames, panics },
                        SatResult::Sat => match solver.get_model() {
                            Some(m) => {
                                let before = read(&m, &c);
                                let after = outcomes
                                    .iter()
                                    .find(|o| {
                                        m.eval(&o.guard, true).and_then(|g| g.as_bool())
                                            == Some(true)
                                            && m.eval(&property(*p, &o.next), true)
                                                .and_then(|g| g.as_bool())
                                                == Some(false)
                                    })
                                    .map(|o| read(&m, &o.next))
                                    .unwrap_or_else(|| before.clone());
                                Verdict::Counterexample { before, after }
                            }
                            None => Verdict::Timeout { frames, panics },
                        },
                    };
                }
            }
        }
        on_row(row);
    }
    rows
}

/// How long the whole proof took, with the table.
pub struct Proof {
    pub rows: Vec<Row>,
    pub elapsed: Duration,
}

/// [`prove`], timed.
pub fn timed(bound: Bound, toolchain: Version, on_row: &mut dyn FnMut(&Row)) -> Proof {
    let start = Instant::now();
    let rows = prove(bound, toolchain, on_row);
    Proof {
        rows,
        elapsed: start.elapsed(),
    }
}

/// A configuration in one line: frames bottom first, then the chain oldest first.
pub fn show(c: &Config<Concrete>) -> String {
    let mode = |m: i64| match m {
        symbolic::RUN => "run",
        symbolic::RETURN => "return",
        symbolic::UNWIND => "unwind",
        _ => "?",
    };
    let caller = |k: i64| match k {
        symbolic::NORMAL => "call",
        symbolic::DEFERRED => "deferred",
        symbolic::FMT => "fmt-method",
        symbolic::PANIC_TEXT => "panic-text",
        _ => "?",
    };
    let deferring = |d: i64| match d {
        symbolic::NONE => String::new(),
        symbolic::BY_RETURN => " running a deferred call for its return".to_string(),
        symbolic::GONE => " running a deferred call for a panic gone".to_string(),
        k => format!(" running a deferred call for panic {k}"),
    };
    let frames: Vec<String> = c
        .frames
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut s = format!(
                "frame {i} ({}, {}, {} deferred{}",
                caller(f.caller),
                mode(f.mode),
                f.defers,
                deferring(f.deferring)
            );
            for (flag, name) in [
                (f.wrapper, "wrapper"),
                (f.fmt, "fmt"),
                (f.awaiting, "awaiting"),
            ] {
                if flag {
                    s.push_str(", ");
                    s.push_str(name);
                }
            }
            s.push(')');
            s
        })
        .collect();
    let chain: Vec<String> = c
        .chain
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let mut s = format!("panic {k}");
            for (flag, name) in [
                (p.goexit, "goexit"),
                (p.recovered, "recovered"),
                (p.aborted, "aborted"),
            ] {
                if flag {
                    s.push(' ');
                    s.push_str(name);
                }
            }
            s
        })
        .collect();
    let ended = if c.ended { "; ended" } else { "" };
    format!("{}; chain [{}]{ended}", frames.join(", "), chain.join(", "))
}
