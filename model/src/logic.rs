//! Formulas with two readings. The symbolic rules (`machine::symbolic`) and the state invariants
//! of `gosem-spec` are written once against [`Logic`]: read with [`Concrete`] they evaluate on
//! the configurations of a real run, so that a test can hold them against the operational rules;
//! read with Z3 terms (in `gosem-spec`) they become the formulas the preservation proofs solve.

/// Booleans and integers, and the few operations the rules and invariants need.
pub trait Logic {
    type B: Clone;
    type I: Clone;
    fn lit(&self, b: bool) -> Self::B;
    fn num(&self, n: i64) -> Self::I;
    fn and(&self, xs: &[Self::B]) -> Self::B;
    fn or(&self, xs: &[Self::B]) -> Self::B;
    fn not(&self, x: &Self::B) -> Self::B;
    fn eq(&self, a: &Self::I, b: &Self::I) -> Self::B;
    fn lt(&self, a: &Self::I, b: &Self::I) -> Self::B;
    fn add(&self, a: &Self::I, n: i64) -> Self::I;
    fn ite(&self, c: &Self::B, a: &Self::I, b: &Self::I) -> Self::I;
    fn ite_b(&self, c: &Self::B, a: &Self::B, b: &Self::B) -> Self::B;

    fn implies(&self, a: &Self::B, b: &Self::B) -> Self::B {
        self.or(&[self.not(a), b.clone()])
    }

    fn iff(&self, a: &Self::B, b: &Self::B) -> Self::B {
        self.and(&[self.implies(a, b), self.implies(b, a)])
    }

    fn eq_n(&self, a: &Self::I, n: i64) -> Self::B {
        self.eq(a, &self.num(n))
    }
}

/// The reading in plain values.
#[derive(Clone, Copy, Debug, Default)]
pub struct Concrete;

impl Logic for Concrete {
    type B = bool;
    type I = i64;

    fn lit(&self, b: bool) -> bool {
        b
    }

    fn num(&self, n: i64) -> i64 {
        n
    }

    fn and(&self, xs: &[bool]) -> bool {
        xs.iter().all(|x| *x)
    }

    fn or(&self, xs: &[bool]) -> bool {
        xs.iter().any(|x| *x)
    }

    fn not(&self, x: &bool) -> bool {
        !x
    }

    fn eq(&self, a: &i64, b: &i64) -> bool {
        a == b
    }

    fn lt(&self, a: &i64, b: &i64) -> bool {
        a < b
    }

    fn add(&self, a: &i64, n: i64) -> i64 {
        a.saturating_add(n)
    }

    fn ite(&self, c: &bool, a: &i64, b: &i64) -> i64 {
        if *c { *a } else { *b }
    }

    fn ite_b(&self, c: &bool, a: &bool, b: &bool) -> bool {
        if *c { *a } else { *b }
    }
}
