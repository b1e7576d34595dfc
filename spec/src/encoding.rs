//! The symbolic trace: for positions 0, 1, ..., the constants of each event, the state after
//! it, and its checks. The terms depend on positions only, never on a trace, so one encoding
//! serves every trace of this thread; it grows to the longest trace checked so far. (The z3
//! crate's context is thread-local, and so are its terms.) There is one encoding per [`Mode`]:
//! full traces, and the traces of what a program observes of itself (`observed`).

use crate::catalogue::Id;
use crate::checks::{self, Check, Trigger};
use crate::observed;
use crate::state::{Fields, Given, State};
use crate::trace::Kind;
use crate::z::{int, none, some};
use std::cell::RefCell;
use std::rc::Rc;
use z3::ast::{Bool, Int};

/// One position of the symbolic trace.
#[derive(Debug)]
pub struct Position {
    pub fields: Fields,
    pub checks: Vec<Check>,
    /// Some invariant is broken at this position. Written as a choice on the event's kind, so
    /// that once the kind is known only that kind's checks are evaluated.
    pub broken: Bool,
    /// Per invariant (indexed by [`Id`]), the first position up to this one where it breaks,
    /// or `NONE`: where a counterexample's first violations are.
    pub first: Vec<Int>,
}

/// Which traces an encoding reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every event kind the machine emits (`check_trace`).
    Full,
    /// Only the kinds a program can print about itself (`check_observed`).
    Observed,
}

/// What the events so far imply, and the checks of the next event: the full state
/// ([`State`]) or the observed one ([`observed::State`]).
pub trait Machine: Sized {
    fn initial(given: &Given) -> Self;
    /// The state after event `x` at position `i`, `prev` being the event before it.
    fn after(&self, i: usize, x: &Fields, prev: &Fields, given: &Given) -> Self;
    /// The checks of event `x` at position `i`, given the state before it.
    fn checks(&self, i: usize, x: &Fields, prev: &Fields, given: &Given) -> Vec<Check>;
}

impl Machine for State {
    fn initial(given: &Given) -> State {
        State::initial(given)
    }
    fn after(&self, i: usize, x: &Fields, prev: &Fields, given: &Given) -> State {
        State::after(self, i, x, prev, given)
    }
    fn checks(&self, i: usize, x: &Fields, prev: &Fields, _: &Given) -> Vec<Check> {
        checks::at(i, x, prev, self)
    }
}

#[derive(Debug)]
struct Encoding<M> {
    given: Given,
    positions: Vec<Rc<Position>>,
    /// The state after the last position.
    last: M,
}

thread_local! {
    static FULL: RefCell<Encoding<State>> = RefCell::new(Encoding::new());
    static OBSERVED: RefCell<Encoding<observed::State>> = RefCell::new(Encoding::new());
}

/// The first `n` positions of this thread's encoding of `mode`.
pub fn positions(n: usize, mode: Mode) -> (Given, Vec<Rc<Position>>) {
    fn take<M: Machine>(e: &RefCell<Encoding<M>>, n: usize) -> (Given, Vec<Rc<Position>>) {
        let mut e = e.borrow_mut();
        e.grow(n);
        (e.given.clone(), e.positions[..n].to_vec())
    }
    match mode {
        Mode::Full => FULL.with(|e| take(e, n)),
        Mode::Observed => OBSERVED.with(|e| take(e, n)),
    }
}

impl<M: Machine> Encoding<M> {
    fn new() -> Encoding<M> {
        let given = Given::new();
        let last = M::initial(&given);
        Encoding {
            given,
            positions: Vec::new(),
            last,
        }
    }

    fn grow(&mut self, n: usize) {
        while self.positions.len() < n {
            let i = self.positions.len();
            let fields = Fields::new(i);
            let prev = match self.positions.last() {
                Some(p) => p.fields.clone(),
                None => Fields::nothing(),
            };
            let next = self.last.after(i, &fields, &prev, &self.given);
            let checks = self.last.checks(i, &fields, &prev, &self.given);
            let broken = dispatch(&fields, &prev, &checks);
            let first = first_violations(i, &checks, self.positions.last().map(|p| &p.first[..]));
            self.positions.push(Rc::new(Position {
                fields,
                checks,
                broken,
                first,
            }));
            self.last = next;
        }
    }
}

/// Per invariant, the first position up to `i` where it breaks, given the same up to `i - 1`
/// (none before the first position).
fn first_violations(i: usize, checks: &[Check], earlier: Option<&[Int]>) -> Vec<Int> {
    Id::ALL
        .iter()
        .map(|&id| {
            let here =
                checks
                    .iter()
                    .filter(|c| c.id == id)
                    .fold(Bool::from_bool(false), |rest, c| {
                        c.guard
                            .ite(&Bool::or(&[c.broken.clone(), rest.clone()]), &rest)
                    });
            let earlier = earlier.map_or_else(none, |e| e[id as usize].clone());
            some(&earlier).ite(&earlier, &here.ite(&int(i as i64), &none()))
        })
        .collect()
}

/// `broken` as a choice on the event's kind, and on the previous event's kind for the checks
/// of what may follow an event.
fn dispatch(x: &Fields, prev: &Fields, checks: &[Check]) -> Bool {
    let choose = |of: &Fields, trigger: fn(Kind) -> Trigger| {
        Kind::ALL
            .iter()
            .rev()
            .fold(Bool::from_bool(false), |rest, &k| {
                let broken: Vec<&Bool> = checks
                    .iter()
                    .filter(|c| c.trigger == trigger(k))
                    .map(|c| &c.broken)
                    .collect();
                if broken.is_empty() {
                    return rest;
                }
                of.is(k).ite(&Bool::or(&broken), &rest)
            })
    };
    Bool::or(&[choose(x, Trigger::Is), choose(prev, Trigger::After)])
}
