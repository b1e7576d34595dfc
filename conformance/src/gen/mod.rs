//! A generator of Go programs about `defer`, `return`, `panic` and `recover` that are valid by
//! construction: each compiles with gc, terminates, has exactly one correct output (no
//! evaluation order gc leaves open, no addresses, no maps ranged over, no goroutines), and
//! prints enough for the order of its events to be observable: every deferred call prints a
//! label of its own, callers print what functions return, recovered values are printed.
//!
//! The design follows wasm-smith: every size knob lives in one [`Config`]; each construct is a
//! row of a table (`table.rs`) with a name, a weight, a valid-here predicate and a generator;
//! fuel (`build.rs`) bounds what a program may execute. A program is decoded from a choice
//! sequence (`choices.rs`) that proptest draws and shrinks; [`generate`] draws it from a seed,
//! so a seed names a program for ever.
//!
//! The modules: `ast` (the syntax tree), `print` (gofmt-clean source), `syntax` (the model's
//! syntax tree, for running without parsing), `choices`, `config`, `build` (the generator's
//! state and validity rules), `table` (the constructs), `support` (the fixed declarations
//! constructs use), `merge` (many programs as one, for building them together) and `reduce`
//! (smaller variants of a program, for minimizing counterexamples).

mod ast;
mod build;
mod choices;
mod config;
mod merge;
mod print;
mod reduce;
mod support;
mod syntax;
mod table;

pub use config::{Config, Weights};
pub use merge::{entry_arg, merge};

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};

use ast::{Decl, Signature, Stmt};
use support::Support;

/// A generated program.
#[derive(Clone, Debug)]
pub struct GoProgram {
    /// The fixed declarations its code uses; declared first, in this order.
    support: BTreeSet<Support>,
    /// The generated functions `f0`, `f1`, ..., each a [`Decl::Func`].
    funcs: Vec<Decl>,
    /// The body of `main`.
    main: Vec<Stmt>,
    /// The table rows used, sorted.
    constructs: Vec<&'static str>,
}

impl GoProgram {
    /// The program as gofmt-formatted Go source.
    pub fn source(&self) -> String {
        print::source(&self.decls())
    }

    /// The program as the model's core syntax: the tree [`gosem_model::parse`] makes of
    /// [`GoProgram::source`], but with every position the default one (there is no source).
    /// It lets the model check and run the program without the cost of parsing.
    pub fn syntax(&self) -> gosem_model::syntax::File {
        syntax::file(&self.decls())
    }

    /// Every declaration, in source order: the support, the functions, `main`.
    fn decls(&self) -> Vec<Decl> {
        let mut decls: Vec<Decl> = self.support.iter().flat_map(|s| s.decls()).collect();
        decls.extend(self.funcs.iter().cloned());
        decls.push(Decl::Func {
            recv: None,
            name: "main".into(),
            sig: Signature::default(),
            body: self.main.clone(),
        });
        decls
    }

    /// The construct tables' rows this program used, sorted and each once.
    pub fn constructs(&self) -> Vec<&'static str> {
        self.constructs.clone()
    }

    /// Statements in the program, those in nested blocks and function literals included.
    pub fn statements(&self) -> usize {
        self.decls()
            .iter()
            .map(|d| match d {
                Decl::Func { body, .. } => ast::count_stmts(body),
                Decl::Struct(..) | Decl::Defined(..) => 0,
            })
            .sum()
    }
}

/// Programs within `config`. Shrinking keeps them valid and makes them smaller; the value
/// trees can be cloned, so a shrinker can look ahead (see [`shrinker`]).
pub fn program(config: &Config) -> impl Strategy<Value = GoProgram, Tree: Clone> + use<> {
    let config = config.clone();
    proptest::collection::vec(any::<u32>(), config.choices)
        .prop_map(move |choices| build::Gen::new(&config, &choices).program())
}

/// The value tree of the program `seed` names: its current value is [`generate`]'s
/// program, and proptest's `simplify`/`complicate` shrink it.
pub fn shrinker(config: &Config, seed: u64) -> impl ValueTree<Value = GoProgram> + Clone + use<> {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &key);
    let mut runner = TestRunner::new_with_rng(proptest::test_runner::Config::default(), rng);
    program(config)
        .new_tree(&mut runner)
        .expect("a sequence of numbers is never rejected")
}

/// The program `seed` names under `config`: the same seed always gives the same program.
pub fn generate(config: &Config, seed: u64) -> GoProgram {
    shrinker(config, seed).current()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_choice_sequence_gives_the_smallest_program() {
        let p = build::Gen::new(&Config::default(), &[]).program();
        assert_eq!(
            p.source(),
            "package main\n\nfunc f0() {\n}\n\nfunc main() {\n}\n"
        );
        assert_eq!(p.constructs(), ["func-void"]);
    }

    #[test]
    fn shrinking_keeps_programs_loadable() {
        let mut runner = TestRunner::deterministic();
        let mut tree = program(&Config::default())
            .new_tree(&mut runner)
            .expect("a tree");
        let lang = gosem_model::Version::new(1, 27, None);
        for _ in 0..40 {
            let source = tree.current().source();
            if let Err(e) = gosem_model::load("main.go", &source, lang) {
                panic!("{e}\n{source}");
            }
            if !tree.simplify() {
                break;
            }
        }
    }
}
