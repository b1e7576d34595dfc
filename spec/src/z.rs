//! Small helpers over the z3 crate: numerals, arrays, tables of records, and choices that
//! build no term they need not.
//!
//! The encoding uses one sort, the integers: positions, codes and interned strings are all
//! integers, and arrays map integers to integers.

use crate::trace::{Kind, NONE};
use z3::Sort;
use z3::ast::{Array, Ast, Bool, Int};

pub fn int(v: i64) -> Int {
    Int::from_i64(v)
}

pub fn none() -> Int {
    int(NONE)
}

/// An array mapping every integer to [`NONE`].
pub fn empty() -> Array {
    Array::const_array(&Sort::int(), &none())
}

/// `a[i]`.
pub fn get(a: &Array, i: &Int) -> Int {
    a.select(i)
        .as_int()
        .expect("the encoding's arrays map integers to integers")
}

/// Records of integers per key, one array per field: an entity's record is written by one
/// event, and a lookup passes only the writes of records.
#[derive(Clone, Debug)]
pub struct Table {
    columns: Vec<Array>,
}

impl Table {
    pub fn new(width: usize) -> Table {
        Table {
            columns: vec![empty(); width],
        }
    }

    /// Field `j` of the record of `key` ([`NONE`] when there is none).
    pub fn get(&self, key: &Int, j: usize) -> Int {
        get(&self.columns[j], key)
    }

    /// The table with `record` as the record of `key` when `when` holds.
    pub fn set_if(&self, when: &Bool, key: &Int, record: &[&Int]) -> Table {
        Table {
            columns: self
                .columns
                .iter()
                .zip(record)
                .map(|(a, v)| when.ite(&a.store(key, *v), a))
                .collect(),
        }
    }
}

/// `a` when `cond` holds, else `b`; no choice at all when they are the same term.
pub fn choose(cond: &Bool, a: &Int, b: &Int) -> Int {
    if a == b { a.clone() } else { cond.ite(a, b) }
}

/// `t` is the code of kind `k`.
pub fn is(t: &Int, k: Kind) -> Bool {
    t.eq(int(k.code()))
}

/// `a` and `b` differ (one term, where `not (= a b)` is two).
pub fn ne(a: &Int, b: &Int) -> Bool {
    Int::distinct(&[a, b])
}

/// `t` is not [`NONE`].
pub fn some(t: &Int) -> Bool {
    ne(t, &none())
}
