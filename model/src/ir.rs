//! The checked program: resolved names, explicit types, explicit conversions, and every call
//! classified. The checker produces it from the core syntax; `codegen` lowers it to the machine's
//! instructions.

use crate::syntax::{BinOp, Pos, UnOp};
use crate::types::{FuncId, Ty};
use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VarId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GlobalId(pub u32);

/// A label of a function (`L:`), numbered in the order of the function's source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LabelId(pub u32);

/// A variable as seen from the function that uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarRef {
    Local(VarId),
    /// The i-th variable captured by the enclosing closure.
    Captured(u32),
    Global(GlobalId),
}

#[derive(Clone, Debug)]
pub struct VarInfo {
    pub name: String,
    pub ty: Ty,
    /// Captured by a closure or address taken: the variable lives in a shared cell.
    pub boxed: bool,
}

#[derive(Clone, Debug)]
pub struct Global {
    pub name: String,
    pub ty: Ty,
}

/// Functions the machine implements itself: Go's builtins and the modeled package functions.
#[derive(Clone, Debug, PartialEq)]
pub enum Native {
    Panic,
    Recover,
    /// `print`/`println` with the static types of the arguments (they decide the format).
    Print {
        newline: bool,
        args: Vec<Ty>,
    },
    Goexit,
    Exit,
    /// `runtime.GC` and `runtime.KeepAlive` (named): nothing the modeled subset can observe
    /// (finalizers and memory statistics are outside it).
    Nothing(&'static str),
    ErrorsNew,
    ErrorsUnwrap,
    ErrorsIs,
    Fmt(FmtFunc),
    /// The `Error` method of an error type the runtime or a modeled package provides.
    Error(ErrKind),
    /// `RuntimeError()`, the marker method of `runtime.Error`.
    RuntimeErrorMarker(ErrKind),
    /// `I.M` for an interface type I: calls method M of its first argument.
    IfaceMethodExpr(Ty, String),
    /// A function of the library table.
    Lib(crate::library::Func),
}

/// The error types provided by the runtime and the modeled packages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrKind {
    /// `*errors.errorString` (errors.New, fmt.Errorf without %w)
    ErrorsString,
    /// `*fmt.wrapError` (fmt.Errorf with %w)
    WrapError,
    /// `runtime.errorString`: "runtime error: " + text
    RuntimeString,
    /// `runtime.plainError`: the text alone
    Plain,
    /// `runtime.boundsError`
    Bounds,
    /// `*runtime.TypeAssertionError`
    TypeAssertion,
    /// `*runtime.PanicNilError`
    PanicNil,
    /// `maps.unhashableTypeError`: "hash of unhashable type: " and the type
    Unhashable,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FmtFunc {
    Print,
    Println,
    Printf,
    Sprint,
    Sprintln,
    Sprintf,
    Errorf,
    Fprint,
    Fprintln,
    Fprintf,
}

#[derive(Clone, Debug)]
pub enum FuncKind {
    Code(Vec<Stmt>),
    Native(Native),
}

#[derive(Clone, Debug)]
pub struct Func {
    /// The name gc gives it in tracebacks: `main.f`, `main.main.func1`, `main.(*T).M`.
    pub name: String,
    /// The `Func` type, the receiver (if any) first among the parameters.
    pub sig: Ty,
    pub kind: FuncKind,
    /// Parameter variables, the receiver first.
    pub params: Vec<VarId>,
    /// Result variables: the named results, or hidden ones for unnamed results.
    pub results: Vec<VarId>,
    pub named_results: bool,
    pub vars: Vec<VarInfo>,
    /// For a func literal: where each captured variable comes from in the enclosing function.
    pub captures: Vec<VarRef>,
    pub pos: Pos,
}

impl Func {
    /// A function of the program whose body, variables and captures are filled in once it has
    /// been checked.
    pub fn declared(name: String, sig: Ty, pos: Pos) -> Func {
        Func {
            name,
            sig,
            kind: FuncKind::Code(Vec::new()),
            params: Vec::new(),
            results: Vec::new(),
            named_results: false,
            vars: Vec::new(),
            captures: Vec::new(),
            pos,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    /// An expression evaluated for its effects; its value (if any) is dropped.
    Expr(Expr),
    /// A fresh variable (a new cell if boxed) holding the value, or its zero value.
    Declare(VarId, Option<Expr>),
    /// `a, b = x, y` with the two phases of the spec: operands, then stores left to right.
    /// (`a, b = f()` is checked into a hidden tuple variable and `TupleGet`s.)
    Assign(Vec<Place>, Vec<Expr>),
    /// `x op= y`: the place's operands are evaluated once; the place's type.
    OpAssign(Place, BinOp, Expr, Ty),
    Defer(Call),
    /// `return e...` (values already converted), or a bare return when empty.
    Return(Vec<Expr>),
    Block(Vec<Stmt>),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    /// `for cond { body; post }`; `per_iteration` are boxed loop variables that get a fresh copy
    /// before `post` (language 1.22 and later).
    Loop {
        cond: Option<Expr>,
        body: Vec<Stmt>,
        post: Vec<Stmt>,
        per_iteration: Vec<VarId>,
    },
    /// Range over an int, slice, array, pointer to an array or string, desugared by codegen.
    Range(Box<RangeLoop>),
    /// Clauses in order; `fallthrough` at the end of a clause body continues into the next one.
    Switch {
        clauses: Vec<SwitchClause>,
    },
    /// `break`: the innermost loop or switch, or the one with the label.
    Break(Option<LabelId>),
    /// `continue`: the innermost loop, or the one with the label.
    Continue(Option<LabelId>),
    Goto(LabelId),
    /// A labeled statement: `goto` jumps to it; a labeled loop or switch inside it is the one
    /// `break` and `continue` with the label name.
    Labeled(LabelId, Box<Stmt>),
    Fallthrough,
}

#[derive(Clone, Debug)]
pub struct RangeLoop {
    pub kind: RangeKind,
    /// The ranged expression, evaluated once.
    pub expr: Expr,
    /// Hidden variables: the evaluated operand, its length, the index.
    pub operand: VarId,
    pub len: VarId,
    pub index: VarId,
    /// Where the key and the value go: places for `=`, fresh variables for `:=`.
    pub key: Option<RangeTarget>,
    pub value: Option<RangeTarget>,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeKind {
    Int,
    /// A slice, an array (a copy, evaluated once) or a pointer to an array.
    Elements,
    String,
}

#[derive(Clone, Debug)]
pub enum RangeTarget {
    /// `:=`: the variable is declared afresh each iteration (1.22+) or once before the loop.
    Define {
        var: VarId,
        per_iteration: bool,
    },
    Assign(Place),
}

#[derive(Clone, Debug)]
pub struct SwitchClause {
    /// Conditions tested in order; the clause is taken when one is true. Empty for `default`.
    pub conds: Vec<Expr>,
    pub default: bool,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Ty,
    pub pos: Pos,
    /// Set by the evaluation-order check (`order`): gc may evaluate this node at another time
    /// than the model. A call so marked must not run Go code; another operation must not panic.
    /// Either happening means the model cannot be sure of the outcome, and the run is refused.
    pub guard: bool,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Const(Value),
    /// Reading an addressable location.
    Load(Place),
    /// A declared function (or native) as a value.
    Func(FuncId),
    /// `(*T).M` for a method M with a value receiver: M, called through a pointer.
    MethodExprDeref(FuncId),
    /// A func literal capturing the listed variables (as cells).
    Closure(FuncId, Vec<VarRef>),
    Unary(UnOp, Box<Expr>),
    /// `&&` and `||` short-circuit; comparisons compare values of the left operand's type.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// A conversion to `ty` (including a concrete value into an interface).
    Convert(Box<Expr>),
    /// A field of a non-addressable struct value.
    Field(Box<Expr>, u32),
    AddrOf(Place),
    /// `&T{...}` and `new(T)`: a fresh variable holding the value.
    New(Box<Expr>),
    /// Indexing a string (a byte).
    StrIndex(Box<Expr>, Box<Expr>),
    /// `m[k]`, with `ok` as a second result when `comma_ok`.
    MapIndex(Box<Expr>, Box<Expr>, bool),
    /// `x[lo:hi:max]` of a slice or string.
    SliceOf(
        Box<Expr>,
        Option<Box<Expr>>,
        Option<Box<Expr>>,
        Option<Box<Expr>>,
    ),
    Call(Box<Call>),
    /// `x.M` as a value: the receiver is evaluated (and copied, or its address taken) now.
    MethodValue(Box<Expr>, FuncId),
    /// `i.M` as a value for an interface `i`: method `index` of the interface type.
    IfaceMethodValue(Box<Expr>, u32),
    /// `x.(T)`; with `comma_ok` the result is a (T, bool) tuple.
    Assert(Box<Expr>, Ty, bool),
    /// Whether the dynamic type of interface `x` is `T` (or implements it); `None` tests for nil.
    TypeIs(Box<Expr>, Option<Ty>),
    Composite(Composite),
    Builtin(Builtin, Vec<Expr>),
    /// The i-th value of a tuple held in a hidden variable.
    TupleGet(VarId, u32),
}

#[derive(Clone, Debug)]
pub enum Composite {
    /// The fields given, with their indexes, in the order of the literal (which is the order
    /// of evaluation); the others are zero values.
    Struct(Vec<(u32, Expr)>),
    /// Elements with their indexes, and the length.
    Slice(Vec<(u64, Expr)>, u64),
    /// An array's elements with their indexes, and its length.
    Array(Vec<(u64, Expr)>, u64),
    Map(Vec<(Expr, Expr)>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Len,
    Cap,
    /// `append(s, xs...)` when `spread`.
    Append {
        spread: bool,
    },
    MakeSlice,
    MakeMap,
    Copy,
    Delete,
    Min,
    Max,
    Clear,
    /// `complex(re, im)`
    Complex,
    Real,
    Imag,
}

#[derive(Clone, Debug)]
pub enum Place {
    Var(VarRef),
    Deref(Box<Expr>),
    /// Field `i` of the struct (of the given type) at the inner place.
    Field(Box<Place>, u32, Ty),
    /// An element of a slice.
    Index(Box<Expr>, Box<Expr>),
    /// A map entry (only as an assignment target).
    MapEntry(Box<Expr>, Box<Expr>),
    /// `_`
    Blank,
}

/// A multi-valued call evaluated into a hidden variable before the arguments that read it.
pub type Pre = Option<(VarId, Box<Expr>)>;

#[derive(Clone, Debug)]
pub struct Call {
    /// `f(g())` with a multi-valued `g`: g's results go to a hidden variable first.
    pub pre: Pre,
    pub callee: Callee,
    /// Arguments converted to the parameter types; variadic ones packed into a slice.
    pub args: Vec<Expr>,
    /// The result type: one type, a tuple, or the empty tuple.
    pub ty: Ty,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub enum Callee {
    /// A declared function, method (receiver first among the arguments) or native.
    Static(FuncId),
    /// A func value.
    Value(Expr),
    /// Method `index` of the interface value `recv`, chosen by its dynamic type.
    Iface(Expr, u32),
}

/// Calls `f` on every expression of the statements (pre-order, in evaluation order).
pub fn visit_exprs_mut(stmts: &mut [Stmt], f: &mut dyn FnMut(&mut Expr)) {
    for s in stmts {
        visit_stmt(s, f);
    }
}

fn visit_stmt(s: &mut Stmt, f: &mut dyn FnMut(&mut Expr)) {
    match &mut s.kind {
        StmtKind::Expr(e) | StmtKind::Declare(_, Some(e)) => visit_expr(e, f),
        StmtKind::Declare(_, None)
        | StmtKind::Break(_)
        | StmtKind::Continue(_)
        | StmtKind::Goto(_)
        | StmtKind::Fallthrough => {}
        StmtKind::Labeled(_, s) => visit_stmt(s, f),
        StmtKind::Assign(places, values) => {
            places.iter_mut().for_each(|p| visit_place(p, f));
            values.iter_mut().for_each(|v| visit_expr(v, f));
        }
        StmtKind::OpAssign(p, _, e, _) => {
            visit_place(p, f);
            visit_expr(e, f);
        }
        StmtKind::Defer(c) => visit_call(c, f),
        StmtKind::Return(vs) => vs.iter_mut().for_each(|v| visit_expr(v, f)),
        StmtKind::Block(b) => visit_exprs_mut(b, f),
        StmtKind::If(c, t, e) => {
            visit_expr(c, f);
            visit_exprs_mut(t, f);
            visit_exprs_mut(e, f);
        }
        StmtKind::Loop {
            cond, body, post, ..
        } => {
            if let Some(c) = cond {
                visit_expr(c, f);
            }
            visit_exprs_mut(body, f);
            visit_exprs_mut(post, f);
        }
        StmtKind::Range(r) => {
            visit_expr(&mut r.expr, f);
            for t in [&mut r.key, &mut r.value].into_iter().flatten() {
                if let RangeTarget::Assign(p) = t {
                    visit_place(p, f);
                }
            }
            visit_exprs_mut(&mut r.body, f);
        }
        StmtKind::Switch { clauses } => {
            for c in clauses {
                c.conds.iter_mut().for_each(|e| visit_expr(e, f));
                visit_exprs_mut(&mut c.body, f);
            }
        }
    }
}

fn visit_call(c: &mut Call, f: &mut dyn FnMut(&mut Expr)) {
    if let Some((_, e)) = &mut c.pre {
        visit_expr(e, f);
    }
    match &mut c.callee {
        Callee::Static(_) => {}
        Callee::Value(e) | Callee::Iface(e, _) => visit_expr(e, f),
    }
    c.args.iter_mut().for_each(|a| visit_expr(a, f));
}

fn visit_place(p: &mut Place, f: &mut dyn FnMut(&mut Expr)) {
    match p {
        Place::Var(_) | Place::Blank => {}
        Place::Deref(x) => visit_expr(x, f),
        Place::Field(inner, ..) => visit_place(inner, f),
        Place::Index(a, b) | Place::MapEntry(a, b) => {
            visit_expr(a, f);
            visit_expr(b, f);
        }
    }
}

/// Whether evaluating `e` calls a function (whose effects the evaluation must keep).
pub fn makes_call(e: &Expr) -> bool {
    let mut found = false;
    visit_expr(&mut e.clone(), &mut |x: &mut Expr| {
        found |= matches!(x.kind, ExprKind::Call(_));
    });
    found
}

fn visit_expr(e: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    f(e);
    match &mut e.kind {
        ExprKind::Const(_)
        | ExprKind::Func(_)
        | ExprKind::MethodExprDeref(_)
        | ExprKind::Closure(..)
        | ExprKind::TupleGet(..) => {}
        ExprKind::Load(p) | ExprKind::AddrOf(p) => visit_place(p, f),
        ExprKind::Unary(_, x)
        | ExprKind::Convert(x)
        | ExprKind::Field(x, _)
        | ExprKind::New(x)
        | ExprKind::TypeIs(x, _)
        | ExprKind::MethodValue(x, _)
        | ExprKind::IfaceMethodValue(x, _)
        | ExprKind::Assert(x, _, _) => visit_expr(x, f),
        ExprKind::Binary(_, x, y) | ExprKind::StrIndex(x, y) | ExprKind::MapIndex(x, y, _) => {
            visit_expr(x, f);
            visit_expr(y, f);
        }
        ExprKind::SliceOf(x, a, b, c) => {
            visit_expr(x, f);
            for y in [a, b, c].into_iter().flatten() {
                visit_expr(y, f);
            }
        }
        ExprKind::Call(c) => visit_call(c, f),
        ExprKind::Composite(c) => match c {
            Composite::Struct(es) => es.iter_mut().for_each(|(_, x)| visit_expr(x, f)),
            Composite::Slice(es, _) | Composite::Array(es, _) => {
                es.iter_mut().for_each(|(_, x)| visit_expr(x, f))
            }
            Composite::Map(kvs) => kvs.iter_mut().for_each(|(k, v)| {
                visit_expr(k, f);
                visit_expr(v, f);
            }),
        },
        ExprKind::Builtin(_, args) => args.iter_mut().for_each(|x| visit_expr(x, f)),
    }
}
