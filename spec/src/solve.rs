//! Checking a trace: the invariants' encoding, evaluated by Z3 under the model the trace's facts
//! describe.
//!
//! The facts (each event's kind and fields) fix every constant the encoding reads, so the trace
//! is a model of the encoding's free constants, and whether an invariant breaks is the value of
//! its formula under that model: Z3's model evaluator decides it without a search. Where the
//! disjunction of every position's `broken` is true, the first position at which each invariant
//! breaks, with the events its check names, is read off the same model.

use crate::catalogue::Id;
use crate::encoding::{self, Mode, Position};
use crate::state::Given;
use crate::trace::Facts;
use crate::z::{empty, get, int};
use std::rc::Rc;
use z3::Model;
use z3::ast::{Ast, Bool, Int};

/// An invariant broken at a position of a trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub id: Id,
    /// Where the invariant breaks first.
    pub at: usize,
    /// The positions the check names, in its order; `None` for no event.
    pub named: Vec<Option<usize>>,
}

/// The first violation of each broken invariant, in the order of their positions, read by the
/// encoding of `mode`.
pub fn findings(facts: &Facts, mode: Mode) -> Vec<Finding> {
    let (given, positions) = encoding::positions(facts.rows.len(), mode);
    let model = fact_model(facts, &given, &positions);
    let broken: Vec<&Bool> = positions.iter().map(|p| &p.broken).collect();
    match model
        .eval(&Bool::or(&broken), true)
        .and_then(|b| b.as_bool())
    {
        Some(false) => Vec::new(),
        // Broken somewhere (or, were the formula not closed by the facts, undecided: read
        // what the model shows rather than call the trace valid).
        _ => read(&model, &positions),
    }
}

/// The constants the facts fix, with their values: each event's kind and defined fields.
fn constants<'p>(
    facts: &'p Facts,
    positions: &'p [Rc<Position>],
) -> impl Iterator<Item = (&'p Int, i64)> {
    facts.rows.iter().zip(positions).flat_map(|(row, p)| {
        let f = &p.fields;
        let fields = row.kind.fields().iter().map(|&k| (f.get(k), row.field(k)));
        std::iter::once((&f.kind, row.kind.code())).chain(fields)
    })
}

/// The model the facts describe: every constant the encoding reads has its value.
fn fact_model(facts: &Facts, given: &Given, positions: &[Rc<Position>]) -> Model {
    let model = Model::new();
    model.add_const_interp(&given.entry.decl(), &int(facts.entry));
    model.add_const_interp(
        &given.resume_deep.decl(),
        &Bool::from_bool(facts.resume_deep),
    );
    for (c, v) in constants(facts, positions) {
        model.add_const_interp(&c.decl(), &int(v));
    }
    model
}

/// The first broken check of each invariant under `model`.
fn read(model: &Model, positions: &[Rc<Position>]) -> Vec<Finding> {
    let n = positions.len();
    let Some(last) = positions.last() else {
        return Vec::new();
    };
    let position = |v: Option<i64>| v.and_then(|v| usize::try_from(v).ok()).filter(|&v| v < n);
    let firsts = values(model, &last.first);
    let mut found: Vec<Finding> = Id::ALL
        .iter()
        .zip(firsts)
        .filter_map(|(&id, first)| {
            let at = position(first)?;
            positions[at]
                .checks
                .iter()
                .filter(|c| c.id == id)
                .find_map(|c| {
                    let broken = Bool::and(&[c.guard.clone(), c.broken.clone()]);
                    let mut terms = vec![broken.ite(&int(1), &int(0))];
                    terms.extend(c.witness.iter().cloned());
                    let v = values(model, &terms);
                    let named = v[1..].iter().map(|&w| position(w)).collect();
                    (v[0] == Some(1)).then_some(Finding { id, at, named })
                })
        })
        .collect();
    found.sort_by_key(|f| (f.at, f.id));
    found
}

/// The values of `terms` under `model`. They share most of their subterms (the state of the
/// trace), which one evaluation of them all, as the elements of an array, evaluates once.
fn values(model: &Model, terms: &[Int]) -> Vec<Option<i64>> {
    let all = terms
        .iter()
        .enumerate()
        .fold(empty(), |a, (j, t)| a.store(&int(j as i64), t));
    let Some(all) = model.eval(&all, true) else {
        return vec![None; terms.len()];
    };
    (0..terms.len())
        .map(|j| {
            model
                .eval(&get(&all, &int(j as i64)), true)
                .and_then(|v| v.as_i64())
        })
        .collect()
}
