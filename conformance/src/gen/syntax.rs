//! The generator's tree as the model's core syntax ([`gosem_model::syntax`]), so that the
//! model can check and run a generated program without printing and parsing it (parsing
//! costs several times what checking and running do).
//!
//! The result is the tree `gosem_model::parse` makes of [`super::print`]'s source, save
//! positions: there is no source, so every position is the neutral one. `tests/gen_syntax.rs`
//! holds the two to that.

use std::collections::BTreeSet;

use gosem_model::syntax as s;

use super::ast::{Decl, Expr, Field, Param, Pkg, Signature, Stmt, Type};

/// Where every node is: nowhere, as no source exists.
const NOWHERE: s::Pos = s::Pos { line: 0, col: 0 };

/// The file of a `main` package made of `decls`.
pub fn file(decls: &[Decl]) -> s::File {
    let mut c = Converter {
        pkgs: BTreeSet::new(),
    };
    let decls = decls.iter().map(|d| c.decl(d)).collect();
    s::File {
        package: ident("main"),
        // As in the printed source: exactly the packages the code uses, in path order.
        imports: c
            .pkgs
            .iter()
            .map(|p| s::Import {
                name: None,
                path: p.path().to_string(),
                pos: NOWHERE,
            })
            .collect(),
        decls,
        literals: Default::default(),
    }
}

struct Converter {
    /// Packages met so far: the file imports exactly these.
    pkgs: BTreeSet<Pkg>,
}

fn ident(name: &str) -> s::Ident {
    s::Ident {
        name: name.to_string(),
        pos: NOWHERE,
    }
}

fn expr(kind: s::ExprKind) -> s::Expr {
    s::Expr { kind, pos: NOWHERE }
}

fn stmt(kind: s::StmtKind) -> s::Stmt {
    s::Stmt { kind, pos: NOWHERE }
}

/// An integer literal as Go writes it: a negative one is `-` applied to its magnitude.
fn int(v: i64) -> s::Expr {
    let lit = expr(s::ExprKind::Int(u128::from(v.unsigned_abs())));
    if v < 0 {
        expr(s::ExprKind::Unary(s::UnOp::Neg, Box::new(lit)))
    } else {
        lit
    }
}

fn ty(t: &Type) -> s::TypeExpr {
    let name = |n: &str| s::TypeExprKind::Name(n.to_string());
    let kind = match t {
        Type::Int => name("int"),
        Type::String => name("string"),
        Type::Error => name("error"),
        Type::Any => name("any"),
        Type::Named(n) => name(n),
        Type::Pointer(t) => s::TypeExprKind::Pointer(Box::new(ty(t))),
        Type::Slice(t) => s::TypeExprKind::Slice(Box::new(ty(t))),
        Type::Array(n, t) => {
            s::TypeExprKind::Array(Some(Box::new(int(*n as i64))), Box::new(ty(t)))
        }
        Type::Map(k, v) => s::TypeExprKind::Map(Box::new(ty(k)), Box::new(ty(v))),
        Type::Func(params, results) => {
            let unnamed = |ts: &[Type]| {
                ts.iter()
                    .map(|t| s::Param {
                        name: None,
                        ty: ty(t),
                    })
                    .collect()
            };
            s::TypeExprKind::Func(Box::new(s::Signature {
                params: unnamed(params),
                results: unnamed(results),
                variadic: false,
            }))
        }
    };
    s::TypeExpr { kind, pos: NOWHERE }
}

fn param(p: &Param) -> s::Param {
    s::Param {
        // An empty name is an unnamed result.
        name: (!p.name.is_empty()).then(|| ident(&p.name)),
        ty: ty(&p.ty),
    }
}

fn signature(sig: &Signature) -> s::Signature {
    s::Signature {
        params: sig.params.iter().map(param).collect(),
        results: sig.results.iter().map(param).collect(),
        variadic: false,
    }
}

fn field(f: &Field) -> s::FieldDecl {
    s::FieldDecl {
        name: f.name.map(ident),
        ty: ty(&f.ty),
    }
}

/// `type name T`, as the parser gives a type declaration: a list of one spec.
fn type_decl(name: &str, kind: s::TypeExprKind) -> s::Decl {
    s::Decl::Type(vec![s::TypeSpec {
        name: ident(name),
        ty: s::TypeExpr { kind, pos: NOWHERE },
        alias: false,
    }])
}

impl Converter {
    fn decl(&mut self, d: &Decl) -> s::Decl {
        match d {
            Decl::Struct(name, fields) => type_decl(
                name,
                s::TypeExprKind::Struct(fields.iter().map(field).collect()),
            ),
            Decl::Defined(name, t) => type_decl(name, ty(t).kind),
            Decl::Func {
                recv,
                name,
                sig,
                body,
            } => s::Decl::Func(s::FuncDecl {
                name: ident(name),
                recv: recv.as_ref().map(param),
                sig: signature(sig),
                body: self.block(body),
            }),
        }
    }

    fn block(&mut self, stmts: &[Stmt]) -> s::Block {
        s::Block {
            stmts: self.stmts(stmts),
            end: NOWHERE,
        }
    }

    fn stmts(&mut self, stmts: &[Stmt]) -> Vec<s::Stmt> {
        stmts.iter().map(|st| self.stmt(st)).collect()
    }

    fn exprs(&mut self, es: &[Expr]) -> Vec<s::Expr> {
        es.iter().map(|e| self.expr(e)).collect()
    }

    fn boxed(&mut self, e: &Expr) -> Box<s::Expr> {
        Box::new(self.expr(e))
    }

    fn stmt(&mut self, st: &Stmt) -> s::Stmt {
        let kind = match st {
            Stmt::Expr(e) => s::StmtKind::Expr(self.expr(e)),
            Stmt::Define(names, e) => s::StmtKind::Define(
                names.iter().map(|n| ident(n)).collect(),
                vec![self.expr(e)],
                NOWHERE,
            ),
            Stmt::Assign(places, e) => {
                s::StmtKind::Assign(self.exprs(places), None, vec![self.expr(e)])
            }
            Stmt::OpAssign(place, op, e) => {
                s::StmtKind::Assign(vec![self.expr(place)], Some(*op), vec![self.expr(e)])
            }
            Stmt::Inc(place) => s::StmtKind::IncDec(self.expr(place), true),
            Stmt::Var(name, t, init) => s::StmtKind::Var(vec![s::VarSpec {
                names: vec![ident(name)],
                ty: Some(ty(t)),
                values: init.iter().map(|e| self.expr(e)).collect(),
                pos: NOWHERE,
            }]),
            Stmt::If(cond, then, els) => s::StmtKind::If {
                init: None,
                cond: self.expr(cond),
                then: self.block(then),
                // The printer writes any else branch as a block, never as `else if`.
                els: (!els.is_empty()).then(|| Box::new(stmt(s::StmtKind::Block(self.block(els))))),
            },
            Stmt::For {
                label: Some(label),
                var,
                bound,
                body,
            } => {
                let unlabelled = Stmt::For {
                    label: None,
                    var: var.clone(),
                    bound: *bound,
                    body: body.clone(),
                };
                s::StmtKind::Labeled(ident(label), Box::new(self.stmt(&unlabelled)))
            }
            Stmt::Break(label) => s::StmtKind::Break(Some(ident(label))),
            Stmt::Continue(label) => s::StmtKind::Continue(Some(ident(label))),
            Stmt::For {
                label: None,
                var,
                bound,
                body,
            } => {
                // `for var := 0; var < bound; var++`
                let v = || expr(s::ExprKind::Ident(var.clone()));
                s::StmtKind::For {
                    init: Some(Box::new(stmt(s::StmtKind::Define(
                        vec![ident(var)],
                        vec![int(0)],
                        NOWHERE,
                    )))),
                    cond: Some(expr(s::ExprKind::Binary(
                        s::BinOp::Lt,
                        Box::new(v()),
                        Box::new(int(*bound)),
                    ))),
                    post: Some(Box::new(stmt(s::StmtKind::IncDec(v(), true)))),
                    body: self.block(body),
                }
            }
            Stmt::Defer(call) => s::StmtKind::Defer(self.expr(call)),
            Stmt::Return(values) => s::StmtKind::Return(self.exprs(values)),
            Stmt::Switch(x, cases) => s::StmtKind::Switch {
                init: None,
                tag: Some(self.expr(x)),
                cases: cases
                    .iter()
                    .map(|(value, body)| s::CaseClause {
                        exprs: vec![self.expr(value)],
                        default: false,
                        body: self.stmts(body),
                        pos: NOWHERE,
                    })
                    .collect(),
            },
        };
        stmt(kind)
    }

    fn expr(&mut self, e: &Expr) -> s::Expr {
        let kind = match e {
            Expr::Int(v) => return int(*v),
            Expr::Str(text) => s::ExprKind::Str(text.as_bytes().to_vec()),
            Expr::Nil => s::ExprKind::Ident("nil".to_string()),
            Expr::Ident(n) => s::ExprKind::Ident(n.clone()),
            Expr::Qualified(pkg, name) => {
                self.pkgs.insert(*pkg);
                s::ExprKind::Selector(
                    Box::new(expr(s::ExprKind::Ident(pkg.path().to_string()))),
                    ident(name),
                )
            }
            Expr::Selector(x, name) => s::ExprKind::Selector(self.boxed(x), ident(name)),
            Expr::Index(x, i) => s::ExprKind::Index(self.boxed(x), self.boxed(i)),
            Expr::Assert(x, t) => s::ExprKind::Assert(self.boxed(x), Some(ty(t))),
            Expr::Call(f, args) => s::ExprKind::Call {
                func: self.boxed(f),
                args: self.exprs(args),
                spread: false,
            },
            Expr::Binary(x, op, y) => s::ExprKind::Binary(*op, self.boxed(x), self.boxed(y)),
            Expr::AddrOf(x) => s::ExprKind::Unary(s::UnOp::Addr, self.boxed(x)),
            Expr::Composite(t, elems) => s::ExprKind::Composite(
                Some(ty(t)),
                elems
                    .iter()
                    .map(|(key, value)| s::Element {
                        key: key.as_ref().map(|k| expr(s::ExprKind::Ident(k.clone()))),
                        value: self.expr(value),
                    })
                    .collect(),
            ),
            Expr::FuncLit(sig, body) => {
                s::ExprKind::FuncLit(Box::new(signature(sig)), self.block(body))
            }
        };
        expr(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::r#gen::print;

    /// The dispatcher's switch is written only by `merge`, whose result is source alone, so
    /// `tests/gen_syntax.rs` never meets it; it is compared with the parse here.
    #[test]
    fn the_dispatcher_switch_is_the_parse_of_its_source() {
        let call = |f: &str| vec![Stmt::Expr(Expr::call(Expr::ident(f), vec![]))];
        let args = Expr::Index(
            Box::new(Expr::Qualified(Pkg::Os, "Args")),
            Box::new(Expr::Int(1)),
        );
        let decls = [Decl::Func {
            recv: None,
            name: "main".into(),
            sig: Signature::default(),
            body: vec![Stmt::Switch(
                args,
                vec![(Expr::str("0"), call("a")), (Expr::str("1"), call("b"))],
            )],
        }];
        let pos = regex::Regex::new(r"Pos \{ line: \d+, col: \d+ \}").expect("a regex");
        let erased = |f: &s::File| pos.replace_all(&format!("{f:?}"), "Pos").into_owned();
        let source = print::source(&decls);
        let mut parsed = gosem_model::parse("main.go", &source).expect("the source parses");
        // A built file keeps no literal text.
        parsed.literals.clear();
        assert_eq!(erased(&file(&decls)), erased(&parsed), "{source}");
    }
}
