//! Smaller variants of a program, for minimizing a counterexample.
//!
//! A reduction deletes a statement, replaces a compound statement by one of its blocks,
//! replaces an expression by an operand or a literal, drops an argument of a print, or
//! removes or inlines a function. Each variant is then tidied the way gc requires (names no
//! longer used stop being declared, unreferenced functions and support declarations go), so
//! most variants compile; the caller still checks each one, with the model's front end and
//! then with gc. Reductions keep every name the generator made, so names stay unique in the
//! program, which [`super::merge`] and the tidying rely on.

use std::collections::HashSet;

use super::GoProgram;
use super::ast::{BinOp, Decl, Expr, Pkg, Signature, Stmt, Type, visit_exprs_mut};
use super::support::Support;

impl GoProgram {
    /// Every program one reduction away from this one that is smaller by [`Self::size`],
    /// each tidied, without duplicates, smallest first. They may not compile.
    pub fn reductions(&self) -> Vec<GoProgram> {
        let mut out = Vec::new();
        for (i, f) in self.funcs.iter().enumerate() {
            let Decl::Func {
                name, sig, body, ..
            } = f
            else {
                continue;
            };
            let mut p = self.clone();
            p.funcs.remove(i);
            p.edit_bodies(|b| remove_naming(b, name));
            out.push(p);
            if let Some(inlined) = self.inlined(i, name, sig, body) {
                out.push(inlined);
            }
            for variant in block_variants(body) {
                let mut p = self.clone();
                if let Decl::Func { body, .. } = &mut p.funcs[i] {
                    *body = variant;
                }
                out.push(p);
            }
        }
        for variant in block_variants(&self.main) {
            out.push(GoProgram {
                main: variant,
                ..self.clone()
            });
        }
        let size = self.size();
        let mut seen = HashSet::new();
        let mut smaller: Vec<(GoProgram, (usize, usize, usize))> = out
            .into_iter()
            .map(|mut p| {
                p.tidy();
                let s = p.size();
                (p, s)
            })
            .filter(|(p, s)| *s < size && seen.insert(p.source()))
            .collect();
        smaller.sort_by_key(|(_, s)| *s);
        smaller.into_iter().map(|(p, _)| p).collect()
    }

    /// What reductions decrease: statements (the support's included), then functions, then
    /// the length of the source.
    pub fn size(&self) -> (usize, usize, usize) {
        (self.statements(), self.funcs.len(), self.source().len())
    }

    /// Lines of the generated functions' and `main`'s bodies: what a reader of a minimized
    /// program has to follow (the fixed support declarations excluded).
    pub fn body_lines(&self) -> usize {
        let mut decls = self.funcs.clone();
        decls.push(Decl::Func {
            recv: None,
            name: "main".into(),
            sig: Signature::default(),
            body: self.main.clone(),
        });
        // gofmt indents every line inside a function body, and nothing else at the top level.
        super::print::source(&decls)
            .lines()
            .filter(|l| l.starts_with('\t'))
            .count()
    }

    /// Words for what the program does, most telling first, for naming a case after it.
    pub fn features(&self) -> Vec<&'static str> {
        let mut called = HashSet::new();
        let mut deferred = false;
        for body in self.bodies() {
            each_stmt(body, &mut |s| {
                deferred |= matches!(s, Stmt::Defer(_));
                for e in shallow_exprs(s) {
                    each_shallow(e, &mut |e| {
                        if let Expr::Call(f, _) = e {
                            match &**f {
                                Expr::Ident(n) => {
                                    called.insert(n.clone());
                                }
                                Expr::Qualified(pkg, n) => {
                                    called.insert(format!("{}.{n}", pkg.path()));
                                }
                                _ => {}
                            }
                        }
                    });
                }
            });
        }
        [
            ("goexit", called.contains("runtime.Goexit")),
            ("os-exit", called.contains("os.Exit")),
            (
                "recover",
                called.contains("recover") || called.contains("catch"),
            ),
            ("panic", called.contains("panic")),
            ("defer", deferred),
        ]
        .into_iter()
        .filter_map(|(word, present)| present.then_some(word))
        .collect()
    }

    /// Applies `f` to the body of every generated function and of `main`.
    fn edit_bodies(&mut self, mut f: impl FnMut(&mut Vec<Stmt>)) {
        for d in &mut self.funcs {
            if let Decl::Func { body, .. } = d {
                f(body);
            }
        }
        f(&mut self.main);
    }

    /// The program with function `i` (void and not recursive) written as a function literal
    /// at each of its calls; it keeps its frame, so deferred calls and recover behave alike.
    fn inlined(&self, i: usize, name: &str, sig: &Signature, body: &[Stmt]) -> Option<GoProgram> {
        if !sig.results.is_empty() || mentions_deep(body, name) {
            return None;
        }
        let lit = Expr::FuncLit(sig.clone(), body.to_vec());
        let mut p = self.clone();
        p.funcs.remove(i);
        p.edit_bodies(|b| {
            visit_exprs_mut(b, &mut |e| {
                if let Expr::Call(f, _) = e
                    && matches!(&**f, Expr::Ident(n) if n == name)
                {
                    **f = lit.clone();
                }
            });
        });
        Some(p)
    }

    /// Makes the program what gc accepts again after a reduction: a local that is no longer
    /// used is no longer declared (its value kept only if computing it may panic or call
    /// something), an empty if or loop goes, and so do functions and support declarations
    /// nothing refers to.
    fn tidy(&mut self) {
        loop {
            let before = self.source();
            let mut locals = HashSet::new();
            let mut used = HashSet::new();
            for body in self.bodies() {
                declared(body, &mut locals);
                uses(body, &mut used);
            }
            let unused: HashSet<String> = locals.difference(&used).cloned().collect();
            self.edit_bodies(|b| tidy_block(b, &unused));
            self.funcs.retain(|d| match d {
                Decl::Func { name, .. } => used.contains(name),
                Decl::Struct(..) | Decl::Defined(..) => true,
            });
            let mut types = HashSet::new();
            for body in self.bodies() {
                named_types(body, &mut types);
            }
            let keep = |s: &Support| match s {
                Support::Code => used.contains("Code") || types.contains("Code"),
                Support::MyErr => types.contains("MyErr"),
                Support::Counter => types.contains("Counter") || types.contains("Outer"),
                Support::Outer => types.contains("Outer"),
                Support::Catch => used.contains("catch"),
                Support::Trace => used.contains("trace"),
            };
            self.support.retain(keep);
            if self.source() == before {
                return;
            }
        }
    }

    fn bodies(&self) -> Vec<&[Stmt]> {
        let mut bodies: Vec<&[Stmt]> = self
            .funcs
            .iter()
            .filter_map(|d| match d {
                Decl::Func { body, .. } => Some(body.as_slice()),
                Decl::Struct(..) | Decl::Defined(..) => None,
            })
            .collect();
        bodies.push(&self.main);
        bodies
    }
}

// Variants.

/// `stmts` with one reduction applied somewhere inside.
fn block_variants(stmts: &[Stmt]) -> Vec<Vec<Stmt>> {
    let mut out = Vec::new();
    for (i, s) in stmts.iter().enumerate() {
        let splice = |with: Vec<Stmt>| {
            let mut v = stmts[..i].to_vec();
            v.extend(with);
            v.extend_from_slice(&stmts[i + 1..]);
            v
        };
        out.push(splice(Vec::new()));
        for replacement in stmt_variants(s) {
            out.push(splice(replacement));
        }
    }
    out
}

/// The statement sequences that may replace `s`.
fn stmt_variants(s: &Stmt) -> Vec<Vec<Stmt>> {
    let one = |s: Stmt| vec![s];
    match s {
        Stmt::If(c, then, els) => {
            let mut out = vec![then.clone()];
            if !els.is_empty() {
                out.push(els.clone());
                out.push(one(Stmt::If(c.clone(), then.clone(), Vec::new())));
            }
            out.extend(
                expr_variants(c)
                    .into_iter()
                    .map(|c| one(Stmt::If(c, then.clone(), els.clone()))),
            );
            out.extend(
                block_variants(then)
                    .into_iter()
                    .map(|t| one(Stmt::If(c.clone(), t, els.clone()))),
            );
            out.extend(
                block_variants(els)
                    .into_iter()
                    .map(|e| one(Stmt::If(c.clone(), then.clone(), e))),
            );
            out
        }
        Stmt::For {
            label,
            var,
            bound,
            body,
        } => {
            // One iteration, unrolled: the loop variable is 0 (a jump to its label no longer
            // compiles, and the variant is dropped).
            let mut once = body.clone();
            visit_exprs_mut(&mut once, &mut |e| {
                if matches!(e, Expr::Ident(n) if n == var) {
                    *e = Expr::Int(0);
                }
            });
            let mut out = vec![once];
            out.extend(block_variants(body).into_iter().map(|b| {
                one(Stmt::For {
                    label: label.clone(),
                    var: var.clone(),
                    bound: *bound,
                    body: b,
                })
            }));
            out
        }
        Stmt::Expr(e) => map(e, |e| one(Stmt::Expr(e))),
        Stmt::Define(names, e) => map(e, |e| one(Stmt::Define(names.clone(), e))),
        Stmt::Assign(places, e) => map(e, |e| one(Stmt::Assign(places.clone(), e))),
        Stmt::OpAssign(place, op, e) => map(e, |e| one(Stmt::OpAssign(place.clone(), *op, e))),
        Stmt::Var(name, ty, Some(e)) => {
            map(e, |e| one(Stmt::Var(name.clone(), ty.clone(), Some(e))))
        }
        Stmt::Defer(e) => map(e, |e| one(Stmt::Defer(e))),
        Stmt::Return(values) => list_variants(values)
            .into_iter()
            .map(|vs| one(Stmt::Return(vs)))
            .collect(),
        Stmt::Inc(_)
        | Stmt::Var(_, _, None)
        | Stmt::Switch(..)
        | Stmt::Break(_)
        | Stmt::Continue(_) => Vec::new(),
    }
}

fn map(e: &Expr, f: impl Fn(Expr) -> Vec<Stmt>) -> Vec<Vec<Stmt>> {
    expr_variants(e).into_iter().map(f).collect()
}

/// `es` with one of its expressions reduced.
fn list_variants(es: &[Expr]) -> Vec<Vec<Expr>> {
    let mut out = Vec::new();
    for (i, e) in es.iter().enumerate() {
        for v in expr_variants(e) {
            let mut list = es.to_vec();
            list[i] = v;
            out.push(list);
        }
    }
    out
}

/// The expressions that may replace `e`: an operand instead of an operation, a literal
/// instead of an argument, a print with an argument fewer, or `e` with a reduction inside.
fn expr_variants(e: &Expr) -> Vec<Expr> {
    match e {
        Expr::Binary(x, op, y) => {
            let mut out = vec![(**x).clone(), (**y).clone()];
            out.extend(
                expr_variants(x)
                    .into_iter()
                    .map(|x| Expr::Binary(Box::new(x), *op, y.clone())),
            );
            out.extend(
                expr_variants(y)
                    .into_iter()
                    .map(|y| Expr::Binary(x.clone(), *op, Box::new(y))),
            );
            out
        }
        Expr::Call(f, args) => {
            let call = |f: &Expr, args: Vec<Expr>| Expr::Call(Box::new(f.clone()), args);
            let mut out = Vec::new();
            // The first argument of a print is the label that says which event printed.
            if matches!(&**f, Expr::Qualified(Pkg::Fmt, _)) {
                for i in 1..args.len() {
                    let mut fewer = args.clone();
                    fewer.remove(i);
                    out.push(call(f, fewer));
                }
            }
            for (i, a) in args.iter().enumerate() {
                if !matches!(a, Expr::Int(_) | Expr::Str(_) | Expr::Nil) {
                    for literal in [Expr::Int(0), Expr::Nil] {
                        let mut replaced = args.clone();
                        replaced[i] = literal;
                        out.push(call(f, replaced));
                    }
                }
            }
            out.extend(list_variants(args).into_iter().map(|a| call(f, a)));
            out.extend(
                expr_variants(f)
                    .into_iter()
                    .map(|f| Expr::Call(Box::new(f), args.clone())),
            );
            out
        }
        Expr::FuncLit(sig, body) => block_variants(body)
            .into_iter()
            .map(|b| Expr::FuncLit(sig.clone(), b))
            .collect(),
        Expr::AddrOf(x) => expr_variants(x)
            .into_iter()
            .map(|x| Expr::AddrOf(Box::new(x)))
            .collect(),
        Expr::Assert(x, t) => expr_variants(x)
            .into_iter()
            .map(|x| Expr::Assert(Box::new(x), t.clone()))
            .collect(),
        Expr::Ident(_) => vec![Expr::Int(0)],
        Expr::Int(_)
        | Expr::Str(_)
        | Expr::Nil
        | Expr::Qualified(..)
        | Expr::Selector(..)
        | Expr::Index(..)
        | Expr::Composite(..) => Vec::new(),
    }
}

// Removing what names a function.

/// Removes from `stmts` (and the blocks inside) each innermost statement naming `name`.
fn remove_naming(stmts: &mut Vec<Stmt>, name: &str) {
    stmts.retain(|s| !shallow_exprs(s).into_iter().any(|e| mentions(e, name)));
    for s in stmts {
        for block in nested_blocks_mut(s) {
            remove_naming(block, name);
        }
    }
}

/// Whether `e` names `name` outside the bodies of function literals.
fn mentions(e: &Expr, name: &str) -> bool {
    let mut found = false;
    each_shallow(e, &mut |e| {
        found |= matches!(e, Expr::Ident(n) if n == name)
    });
    found
}

/// Whether `stmts` name `name` anywhere, function literals included.
fn mentions_deep(stmts: &[Stmt], name: &str) -> bool {
    let mut found = false;
    each_stmt(stmts, &mut |s| {
        found |= shallow_exprs(s).into_iter().any(|e| mentions(e, name));
    });
    found
}

// Walking the tree.

/// The expressions of `s` itself: not those of its nested blocks.
fn shallow_exprs(s: &Stmt) -> Vec<&Expr> {
    match s {
        Stmt::Expr(e) | Stmt::Define(_, e) | Stmt::Defer(e) => vec![e],
        Stmt::Assign(places, e) => places.iter().chain([e]).collect(),
        Stmt::OpAssign(place, _, e) => vec![place, e],
        Stmt::Inc(place) => vec![place],
        Stmt::Var(_, _, init) => init.iter().collect(),
        Stmt::If(c, _, _) => vec![c],
        Stmt::For { .. } | Stmt::Break(_) | Stmt::Continue(_) => Vec::new(),
        Stmt::Return(es) => es.iter().collect(),
        Stmt::Switch(x, cases) => [x]
            .into_iter()
            .chain(cases.iter().map(|(v, _)| v))
            .collect(),
    }
}

/// Calls `f` on `e` and every expression inside it, except in function literals' bodies.
fn each_shallow<'a>(e: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    f(e);
    match e {
        Expr::Call(callee, args) => {
            each_shallow(callee, f);
            args.iter().for_each(|a| each_shallow(a, f));
        }
        Expr::Selector(x, _) | Expr::Assert(x, _) | Expr::AddrOf(x) => each_shallow(x, f),
        Expr::Index(x, i) | Expr::Binary(x, _, i) => {
            each_shallow(x, f);
            each_shallow(i, f);
        }
        Expr::Composite(_, elems) => elems.iter().for_each(|(_, x)| each_shallow(x, f)),
        Expr::FuncLit(..)
        | Expr::Int(_)
        | Expr::Str(_)
        | Expr::Nil
        | Expr::Ident(_)
        | Expr::Qualified(..) => {}
    }
}

/// The blocks directly inside `s`: its own, and the bodies of its function literals.
fn nested_blocks(s: &Stmt) -> Vec<&Vec<Stmt>> {
    let mut out = Vec::new();
    for e in shallow_exprs(s) {
        each_shallow(e, &mut |e| {
            if let Expr::FuncLit(_, body) = e {
                out.push(body);
            }
        });
    }
    match s {
        Stmt::If(_, then, els) => out.extend([then, els]),
        Stmt::For { body, .. } => out.push(body),
        Stmt::Switch(_, cases) => out.extend(cases.iter().map(|(_, b)| b)),
        _ => {}
    }
    out
}

/// Calls `f` on every statement of `stmts`, nested ones (function literals' included) after
/// the statement they are in.
fn each_stmt(stmts: &[Stmt], f: &mut impl FnMut(&Stmt)) {
    for s in stmts {
        f(s);
        for block in nested_blocks(s) {
            each_stmt(block, f);
        }
    }
}

/// [`nested_blocks`], to change them.
fn nested_blocks_mut(s: &mut Stmt) -> Vec<&mut Vec<Stmt>> {
    match s {
        Stmt::If(c, then, els) => {
            let mut out = lit_bodies_mut(c);
            out.push(then);
            out.push(els);
            out
        }
        Stmt::For { body, .. } => vec![body],
        Stmt::Switch(x, cases) => {
            let mut out = lit_bodies_mut(x);
            out.extend(cases.iter_mut().map(|(_, b)| b));
            out
        }
        Stmt::Expr(e) | Stmt::Define(_, e) | Stmt::Defer(e) => lit_bodies_mut(e),
        Stmt::Assign(places, e) => {
            let mut out: Vec<&mut Vec<Stmt>> = places.iter_mut().flat_map(lit_bodies_mut).collect();
            out.extend(lit_bodies_mut(e));
            out
        }
        Stmt::OpAssign(place, _, e) => {
            let mut out = lit_bodies_mut(place);
            out.extend(lit_bodies_mut(e));
            out
        }
        Stmt::Inc(place) => lit_bodies_mut(place),
        Stmt::Var(_, _, init) => init.iter_mut().flat_map(lit_bodies_mut).collect(),
        Stmt::Return(es) => es.iter_mut().flat_map(lit_bodies_mut).collect(),
        Stmt::Break(_) | Stmt::Continue(_) => Vec::new(),
    }
}

/// The bodies of the function literals in `e`, not those nested in them.
fn lit_bodies_mut(e: &mut Expr) -> Vec<&mut Vec<Stmt>> {
    match e {
        Expr::FuncLit(_, body) => vec![body],
        Expr::Call(f, args) => {
            let mut out = lit_bodies_mut(f);
            out.extend(args.iter_mut().flat_map(lit_bodies_mut));
            out
        }
        Expr::Selector(x, _) | Expr::Assert(x, _) | Expr::AddrOf(x) => lit_bodies_mut(x),
        Expr::Index(x, i) | Expr::Binary(x, _, i) => {
            let mut out = lit_bodies_mut(x);
            out.extend(lit_bodies_mut(i));
            out
        }
        Expr::Composite(_, elems) => elems
            .iter_mut()
            .flat_map(|(_, x)| lit_bodies_mut(x))
            .collect(),
        Expr::Int(_) | Expr::Str(_) | Expr::Nil | Expr::Ident(_) | Expr::Qualified(..) => {
            Vec::new()
        }
    }
}

// Tidying.

/// The locals `stmts` declare (`:=` and `var`), nested blocks included.
fn declared(stmts: &[Stmt], out: &mut HashSet<String>) {
    each_stmt(stmts, &mut |s| match s {
        Stmt::Define(names, _) => out.extend(names.iter().filter(|n| *n != "_").cloned()),
        Stmt::Var(name, _, _) => {
            out.insert(name.clone());
        }
        _ => {}
    });
}

/// The names `stmts` use: every identifier except one that is only assigned to, which gc
/// does not count as a use.
fn uses(stmts: &[Stmt], out: &mut HashSet<String>) {
    each_stmt(stmts, &mut |s| {
        let assigned: Vec<&Expr> = match s {
            Stmt::Assign(places, _) => places.iter().collect(),
            Stmt::OpAssign(place, _, _) | Stmt::Inc(place) => vec![place],
            _ => Vec::new(),
        };
        for e in shallow_exprs(s) {
            let only_assigned =
                matches!(e, Expr::Ident(_)) && assigned.iter().any(|a| std::ptr::eq(*a, e));
            if !only_assigned {
                each_shallow(e, &mut |e| {
                    if let Expr::Ident(n) = e {
                        out.insert(n.clone());
                    }
                });
            }
        }
    });
}

/// The declared type names `stmts` mention.
fn named_types(stmts: &[Stmt], out: &mut HashSet<String>) {
    each_stmt(stmts, &mut |s| {
        if let Stmt::Var(_, t, _) = s {
            type_names(t, out);
        }
        for e in shallow_exprs(s) {
            each_shallow(e, &mut |e| match e {
                Expr::Composite(t, _) | Expr::Assert(_, t) => type_names(t, out),
                Expr::FuncLit(sig, _) => {
                    for p in sig.params.iter().chain(&sig.results) {
                        type_names(&p.ty, out);
                    }
                }
                _ => {}
            });
        }
    });
}

fn type_names(t: &Type, out: &mut HashSet<String>) {
    match t {
        Type::Named(n) => {
            out.insert((*n).to_string());
        }
        Type::Pointer(t) | Type::Slice(t) | Type::Array(_, t) => type_names(t, out),
        Type::Map(k, v) => {
            type_names(k, out);
            type_names(v, out);
        }
        Type::Func(params, results) => params
            .iter()
            .chain(results)
            .for_each(|t| type_names(t, out)),
        Type::Int | Type::String | Type::Error | Type::Any => {}
    }
}

/// Rewrites `stmts` so that no local in `unused` is declared or assigned, and drops empty
/// ifs and loops.
fn tidy_block(stmts: &mut Vec<Stmt>, unused: &HashSet<String>) {
    let blank = || Expr::ident("_");
    let is_unused = |e: &Expr| matches!(e, Expr::Ident(n) if unused.contains(n));
    let mut out = Vec::with_capacity(stmts.len());
    for mut s in std::mem::take(stmts) {
        for block in nested_blocks_mut(&mut s) {
            tidy_block(block, unused);
        }
        let keep_value = |e: Expr, n: usize| (!pure(&e)).then(|| Stmt::Assign(vec![blank(); n], e));
        let replaced = match s {
            Stmt::Define(names, e) if names.iter().any(|n| unused.contains(n)) => {
                if names.iter().all(|n| n == "_" || unused.contains(n)) {
                    keep_value(e, names.len())
                } else {
                    let names = names
                        .into_iter()
                        .map(|n| {
                            if unused.contains(&n) {
                                "_".to_string()
                            } else {
                                n
                            }
                        })
                        .collect();
                    Some(Stmt::Define(names, e))
                }
            }
            Stmt::Var(name, _, Some(e)) if unused.contains(&name) => keep_value(e, 1),
            Stmt::Var(name, _, None) if unused.contains(&name) => None,
            Stmt::Assign(places, e) if places.iter().any(is_unused) => {
                if places
                    .iter()
                    .all(|p| is_unused(p) || matches!(p, Expr::Ident(n) if n == "_"))
                {
                    keep_value(e, places.len())
                } else {
                    let places = places
                        .into_iter()
                        .map(|p| if is_unused(&p) { blank() } else { p })
                        .collect();
                    Some(Stmt::Assign(places, e))
                }
            }
            Stmt::OpAssign(place, ..) | Stmt::Inc(place) if is_unused(&place) => None,
            Stmt::If(c, then, els) if then.is_empty() && els.is_empty() && pure(&c) => None,
            Stmt::For { body, .. } if body.is_empty() => None,
            s => Some(s),
        };
        out.extend(replaced);
    }
    *stmts = out;
}

/// Whether evaluating `e` can neither panic nor run code: such a value can be dropped.
fn pure(e: &Expr) -> bool {
    match e {
        Expr::Int(_) | Expr::Str(_) | Expr::Nil | Expr::Ident(_) | Expr::FuncLit(..) => true,
        // A conversion to a declared type.
        Expr::Call(f, args) => {
            matches!(&**f, Expr::Ident(n) if n == "Code") && args.iter().all(pure)
        }
        Expr::Binary(x, op, y) => !matches!(op, BinOp::Div | BinOp::Rem) && pure(x) && pure(y),
        Expr::AddrOf(x) => pure(x),
        Expr::Composite(_, elems) => elems.iter().all(|(_, x)| pure(x)),
        Expr::Qualified(..) | Expr::Selector(..) | Expr::Index(..) | Expr::Assert(..) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::r#gen::{Config, generate};

    fn loads(p: &GoProgram) -> bool {
        let lang = gosem_model::Version::new(1, 27, None);
        gosem_model::load("main.go", &p.source(), lang).is_ok()
    }

    #[test]
    fn reductions_are_smaller_and_mostly_compile() {
        let config = Config::default();
        let (mut total, mut loading) = (0, 0);
        for seed in 0..20 {
            let p = generate(&config, seed);
            for r in p.reductions() {
                assert!(r.size() < p.size());
                total += 1;
                loading += usize::from(loads(&r));
            }
        }
        assert!(total > 1000, "{total} reductions");
        assert!(loading * 2 > total, "{loading} of {total} load");
    }

    #[test]
    fn repeated_reduction_reaches_the_empty_program() {
        let mut p = generate(&Config::default(), 7);
        while let Some(smaller) = p.reductions().into_iter().find(loads) {
            p = smaller;
        }
        assert_eq!(p.source(), "package main\n\nfunc main() {\n}\n");
        assert_eq!(p.body_lines(), 0);
    }
}
