//! The small Go syntax tree generated programs are built as, before [`super::print`] turns
//! them into source text.
//!
//! It holds only what the generator emits: one package `main`, int, string and error values
//! (and arrays, float32 and complex numbers around them), a few declared types, and the
//! statements that matter to `defer`, `return`, `panic` and `recover`. Expressions stay shallow (a binary operation never has a binary operand), which
//! keeps gofmt's spacing rules simple to follow.

/// A standard package generated code may use; the printer imports exactly those it meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pkg {
    // Declared in import-path order: gofmt sorts an import block that way.
    Errors,
    Fmt,
    Os,
    Runtime,
}

impl Pkg {
    pub fn path(self) -> &'static str {
        match self {
            Pkg::Errors => "errors",
            Pkg::Fmt => "fmt",
            Pkg::Os => "os",
            Pkg::Runtime => "runtime",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    Int,
    String,
    Error,
    Any,
    /// A type the program declares (`Counter`, `Code`, ...).
    Named(&'static str),
    Pointer(Box<Type>),
    Slice(Box<Type>),
    /// `[n]T`
    Array(u64, Box<Type>),
    Map(Box<Type>, Box<Type>),
    /// `func(params) results`, results unnamed.
    Func(Vec<Type>, Vec<Type>),
}

/// The generator writes a subset of the model's operators.
pub use gosem_model::syntax::BinOp;

#[derive(Clone, Debug)]
pub enum Expr {
    Int(i64),
    Str(String),
    Nil,
    Ident(String),
    /// `pkg.Name`.
    Qualified(Pkg, &'static str),
    /// `x.name`: a field, a method value or a promoted member.
    Selector(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    /// `x.(T)`.
    Assert(Box<Expr>, Type),
    Call(Box<Expr>, Vec<Expr>),
    /// Operands are never binary themselves.
    Binary(Box<Expr>, BinOp, Box<Expr>),
    /// `&x`.
    AddrOf(Box<Expr>),
    /// `T{k: v, ...}`; a `None` key is a positional element.
    Composite(Type, Vec<(Option<String>, Expr)>),
    FuncLit(Signature, Vec<Stmt>),
}

impl Expr {
    pub fn ident(name: &str) -> Expr {
        Expr::Ident(name.to_string())
    }

    pub fn str(s: &str) -> Expr {
        Expr::Str(s.to_string())
    }

    pub fn call(f: Expr, args: Vec<Expr>) -> Expr {
        Expr::Call(Box::new(f), args)
    }

    pub fn pkg_call(pkg: Pkg, name: &'static str, args: Vec<Expr>) -> Expr {
        Expr::call(Expr::Qualified(pkg, name), args)
    }

    pub fn select(x: Expr, name: &str) -> Expr {
        Expr::Selector(Box::new(x), name.to_string())
    }

    pub fn binary(x: Expr, op: BinOp, y: Expr) -> Expr {
        Expr::Binary(Box::new(x), op, Box::new(y))
    }

    /// `fmt.Println(args...)`.
    pub fn println(args: Vec<Expr>) -> Expr {
        Expr::pkg_call(Pkg::Fmt, "Println", args)
    }
}

/// A parameter or result; an empty name is an unnamed result.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub ty: Type,
}

#[derive(Clone, Debug, Default)]
pub struct Signature {
    pub params: Vec<Param>,
    pub results: Vec<Param>,
}

#[derive(Clone, Debug)]
pub enum Stmt {
    Expr(Expr),
    /// `a, b := x`.
    Define(Vec<String>, Expr),
    /// `a, b = x`.
    Assign(Vec<Expr>, Expr),
    /// `a op= x`.
    OpAssign(Expr, BinOp, Expr),
    /// `a++`.
    Inc(Expr),
    /// `var a T` or `var a T = x`.
    Var(String, Type, Option<Expr>),
    /// An empty else block is no else.
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    /// `label: for var := 0; var < bound; var++ { body }`: the only loop, bounded by
    /// construction, its label optional.
    For {
        label: Option<String>,
        var: String,
        bound: i64,
        body: Vec<Stmt>,
    },
    /// `break label` of an enclosing labelled loop.
    Break(String),
    /// `continue label` of an enclosing labelled loop.
    Continue(String),
    Defer(Expr),
    Return(Vec<Expr>),
    /// `switch x { case v: ... }`; written only by [`super::merge`], as the dispatcher.
    Switch(Expr, Vec<(Expr, Vec<Stmt>)>),
}

/// A struct field; an unnamed one is embedded.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: Option<&'static str>,
    pub ty: Type,
}

#[derive(Clone, Debug)]
pub enum Decl {
    /// `type Name struct { ... }`.
    Struct(&'static str, Vec<Field>),
    /// `type Name T`.
    Defined(&'static str, Type),
    Func {
        recv: Option<Param>,
        name: String,
        sig: Signature,
        body: Vec<Stmt>,
    },
}

/// Counts statements, nested ones (in blocks and function literals) included.
pub fn count_stmts(stmts: &[Stmt]) -> usize {
    stmts.iter().map(count_stmt).sum()
}

fn count_stmt(s: &Stmt) -> usize {
    let nested = match s {
        Stmt::Expr(e) | Stmt::Define(_, e) | Stmt::Assign(_, e) | Stmt::Defer(e) => count_expr(e),
        Stmt::OpAssign(_, _, e) => count_expr(e),
        Stmt::Var(_, _, init) => init.as_ref().map_or(0, count_expr),
        Stmt::Inc(_) | Stmt::Break(_) | Stmt::Continue(_) => 0,
        Stmt::If(c, t, e) => count_expr(c) + count_stmts(t) + count_stmts(e),
        Stmt::For { body, .. } => count_stmts(body),
        Stmt::Return(es) => es.iter().map(count_expr).sum(),
        Stmt::Switch(x, cases) => {
            count_expr(x)
                + cases
                    .iter()
                    .map(|(v, body)| count_expr(v) + count_stmts(body))
                    .sum::<usize>()
        }
    };
    1 + nested
}

fn count_expr(e: &Expr) -> usize {
    match e {
        Expr::FuncLit(_, body) => count_stmts(body),
        Expr::Call(f, args) => count_expr(f) + args.iter().map(count_expr).sum::<usize>(),
        Expr::Selector(x, _) | Expr::Assert(x, _) | Expr::AddrOf(x) => count_expr(x),
        Expr::Index(x, i) | Expr::Binary(x, _, i) => count_expr(x) + count_expr(i),
        Expr::Composite(_, elems) => elems.iter().map(|(_, x)| count_expr(x)).sum(),
        Expr::Int(_) | Expr::Str(_) | Expr::Nil | Expr::Ident(_) | Expr::Qualified(..) => 0,
    }
}

/// Calls `f` on every expression of `stmts`, each before the expressions inside it, those
/// in the bodies of function literals included.
pub fn visit_exprs_mut(stmts: &mut [Stmt], f: &mut impl FnMut(&mut Expr)) {
    for s in stmts {
        match s {
            Stmt::Expr(e) | Stmt::Define(_, e) | Stmt::Defer(e) => visit_expr_mut(e, f),
            Stmt::Assign(places, e) => {
                places.iter_mut().for_each(|p| visit_expr_mut(p, f));
                visit_expr_mut(e, f);
            }
            Stmt::OpAssign(place, _, e) => {
                visit_expr_mut(place, f);
                visit_expr_mut(e, f);
            }
            Stmt::Inc(place) => visit_expr_mut(place, f),
            Stmt::Var(_, _, init) => {
                if let Some(e) = init {
                    visit_expr_mut(e, f);
                }
            }
            Stmt::If(c, then, els) => {
                visit_expr_mut(c, f);
                visit_exprs_mut(then, f);
                visit_exprs_mut(els, f);
            }
            Stmt::For { body, .. } => visit_exprs_mut(body, f),
            Stmt::Return(es) => es.iter_mut().for_each(|e| visit_expr_mut(e, f)),
            Stmt::Break(_) | Stmt::Continue(_) => {}
            Stmt::Switch(x, cases) => {
                visit_expr_mut(x, f);
                for (v, body) in cases {
                    visit_expr_mut(v, f);
                    visit_exprs_mut(body, f);
                }
            }
        }
    }
}

fn visit_expr_mut(e: &mut Expr, f: &mut impl FnMut(&mut Expr)) {
    f(e);
    match e {
        Expr::FuncLit(_, body) => visit_exprs_mut(body, f),
        Expr::Call(callee, args) => {
            visit_expr_mut(callee, f);
            args.iter_mut().for_each(|a| visit_expr_mut(a, f));
        }
        Expr::Selector(x, _) | Expr::Assert(x, _) | Expr::AddrOf(x) => visit_expr_mut(x, f),
        Expr::Index(x, i) | Expr::Binary(x, _, i) => {
            visit_expr_mut(x, f);
            visit_expr_mut(i, f);
        }
        Expr::Composite(_, elems) => elems.iter_mut().for_each(|(_, x)| visit_expr_mut(x, f)),
        Expr::Int(_) | Expr::Str(_) | Expr::Nil | Expr::Ident(_) | Expr::Qualified(..) => {}
    }
}
