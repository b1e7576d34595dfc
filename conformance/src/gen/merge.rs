//! Many generated programs as one Go program, so that one `go build` (one link, the costly
//! part) serves hundreds of them.
//!
//! Program `k` keeps its code, renamed apart: its functions `f0`, `f1`, ... become `p{k}_f0`,
//! ..., its `main` becomes `p{k}_main`, and a dispatcher `main` calls `p{k}_main` when
//! `os.Args[1]` is [`entry_arg`]`(k)`. Each program then runs in a process of its own. What
//! program `k` prints is what it prints built alone, because:
//!
//! - the support declarations (types, their methods, the helpers) are fixed text, declared
//!   once and shared, so every type keeps its name (`main.Code(3)` in a crash header,
//!   `main.Counter` in a failed assertion or a nil-receiver wrapper panic);
//! - only function names change, and gc prints function names only in the goroutine dump,
//!   which normalising cuts; the new names contain `_`, which no name the generator makes
//!   does, so nothing is shadowed or captured;
//! - generated programs have no package-level variables or `init` functions, never read
//!   `os.Args` and start no goroutines, so the dispatcher's frame is the only addition: it
//!   defers nothing, so a panic leaving `p{k}_main` crashes as one leaving `main` does, and
//!   a `runtime.Goexit` ends the main goroutine ("main called runtime.Goexit") as before.
//!
//! `tests/fuzz.rs` checks the equivalence against separately built binaries.

use std::collections::{BTreeSet, HashSet};

use super::GoProgram;
use super::ast::{Decl, Expr, Pkg, Signature, Stmt, visit_exprs_mut};
use super::print;

/// The argument that makes a merged binary run its `k`th program.
pub fn entry_arg(k: usize) -> String {
    k.to_string()
}

/// One Go program running `programs[k]` when called with [`entry_arg`]`(k)`.
pub fn merge(programs: &[&GoProgram]) -> String {
    let mut support = BTreeSet::new();
    let mut funcs = Vec::new();
    let mut cases = Vec::new();
    for (k, p) in programs.iter().enumerate() {
        support.extend(p.support.iter().copied());
        let prefix = format!("p{k}_");
        let names: HashSet<&str> = p
            .funcs
            .iter()
            .filter_map(|d| match d {
                Decl::Func { name, .. } => Some(name.as_str()),
                Decl::Struct(..) | Decl::Defined(..) => None,
            })
            .collect();
        let mut rename = |e: &mut Expr| {
            if let Expr::Ident(n) = e
                && names.contains(n.as_str())
            {
                *n = format!("{prefix}{n}");
            }
        };
        for d in &p.funcs {
            let mut d = d.clone();
            if let Decl::Func { name, body, .. } = &mut d {
                visit_exprs_mut(body, &mut rename);
                *name = format!("{prefix}{name}");
            }
            funcs.push(d);
        }
        let mut body = p.main.clone();
        visit_exprs_mut(&mut body, &mut rename);
        let entry = format!("{prefix}main");
        funcs.push(Decl::Func {
            recv: None,
            name: entry.clone(),
            sig: Signature::default(),
            body,
        });
        cases.push((
            Expr::Str(entry_arg(k)),
            vec![Stmt::Expr(Expr::call(Expr::ident(&entry), vec![]))],
        ));
    }
    let args = Expr::Index(
        Box::new(Expr::Qualified(Pkg::Os, "Args")),
        Box::new(Expr::Int(1)),
    );
    let mut decls: Vec<Decl> = support.iter().flat_map(|s| s.decls()).collect();
    decls.extend(funcs);
    decls.push(Decl::Func {
        recv: None,
        name: "main".into(),
        sig: Signature::default(),
        body: vec![Stmt::Switch(args, cases)],
    });
    print::source(&decls)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::r#gen::{Config, generate};

    #[test]
    fn merged_programs_are_renamed_apart_and_share_their_support() {
        let config = Config::default();
        let programs: Vec<GoProgram> = (0..40).map(|s| generate(&config, s)).collect();
        let refs: Vec<&GoProgram> = programs.iter().collect();
        let merged = merge(&refs);
        let lang = gosem_model::Version::new(1, 27, None);
        if let Err(e) = gosem_model::load("main.go", &merged, lang) {
            panic!("{e}");
        }
        assert!(merged.contains("\tcase \"39\":\n\t\tp39_main()\n"));
        assert_eq!(merged.matches("\nfunc main() {").count(), 1);
        assert!(merged.matches("\ntype Counter struct").count() <= 1);
        assert!(merged.contains("func p0_main() {"));
    }
}
