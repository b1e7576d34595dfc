//! The construct tables. Each row is a construct: its name (reported by
//! [`super::GoProgram::constructs`] and used to set its weight), its default weight, a
//! predicate saying whether it is valid at a point of the program, and its generator.
//!
//! Three tables: [`FUNCS`] chooses each function's signature, [`STMTS`] each statement (the
//! defer forms, run-time panics and control effects among them), and [`VALUES`] each value a
//! `panic` is called with.

use super::ast::{BinOp, Expr, Param, Pkg, Signature, Stmt, Type};
use super::build::{Ctx, Gen, Ret, Shape, Var, VarTy};
use super::support::Support;

pub struct Row<V, E> {
    pub name: &'static str,
    pub weight: u32,
    pub valid: V,
    pub emit: E,
}

/// Whether the block goes on after a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Next,
    /// The statement ends the block: nothing after it would run (return, panic, Goexit,
    /// os.Exit), and gc requires nothing after a return or panic that ends a function.
    End,
}

pub type FuncRow = Row<fn(&Gen) -> bool, fn(&mut Gen) -> Shape>;
pub type StmtRow = Row<fn(&Gen, &Ctx) -> bool, fn(&mut Gen, &mut Ctx, &mut Vec<Stmt>) -> Flow>;
pub type ValueRow = Row<fn(&Gen, &Ctx) -> bool, fn(&mut Gen, &Ctx) -> Expr>;

pub const FUNCS: &[FuncRow] = &[
    row("func-void", 3, any_func, |_| shape(vec![], false)),
    row("func-int", 3, any_func, |_| shape(vec![VarTy::Int], false)),
    row("func-named-int", 3, any_func, |_| {
        shape(vec![VarTy::Int], true)
    }),
    row("func-int-error", 2, any_func, |_| {
        shape(vec![VarTy::Int, VarTy::Error], false)
    }),
    row("func-named-int-error", 3, any_func, |_| {
        shape(vec![VarTy::Int, VarTy::Error], true)
    }),
    row("func-int-int", 1, any_func, |_| {
        shape(vec![VarTy::Int, VarTy::Int], false)
    }),
    row("func-named-int-int", 1, any_func, |_| {
        shape(vec![VarTy::Int, VarTy::Int], true)
    }),
    row(
        "func-recursive",
        2,
        |g| g.cfg.max_recursion > 0,
        |g| {
            let results = if g.c.chance(60) {
                vec![VarTy::Int]
            } else {
                vec![]
            };
            Shape {
                named: !results.is_empty() && g.c.chance(50),
                results,
                recursive: true,
            }
        },
    ),
];

pub const STMTS: &[StmtRow] = &[
    // Plain statements. The first row is valid everywhere: choice 0 falls back on it.
    row("print", 10, always, print),
    row("println", 3, always, println_stderr),
    row("define", 8, always, define),
    row("assign", 5, has_mutable_int, assign),
    row("set-error", 3, has_mutable_error, set_error),
    row("if", 6, nested, if_stmt),
    row("loop", 4, can_loop, loop_stmt),
    row("labelled-loop", 2, can_nest_loops, labelled_loop),
    row("array", 2, always, array),
    row("print-floats", 2, always, print_floats),
    row("call", 9, has_callee, call),
    row("call-assign", 2, can_call_assign, call_assign),
    row("self-call", 8, can_self_call, self_call),
    row("method-call", 2, always, method_call),
    row("closure-call", 3, nested, closure_call),
    row("closure-var", 3, nested, closure_var),
    // Leaving a function.
    row("return", 1, always, return_stmt),
    row("return-if", 3, nested, return_if),
    row("panic", 1, always, panic_stmt),
    row("panic-if", 3, nested, panic_if),
    row("goexit", 1, always, goexit),
    row("os-exit", 1, always, os_exit),
    // Recovering.
    row("recover", 1, not_deferred, recover),
    row("recover-deferred", 8, in_deferred, recover),
    row("repanic", 3, in_deferred, repanic),
    row("recover-helper", 2, always, recover_helper),
    // Run-time panics.
    row("divide-by-zero", 1, always, divide_by_zero),
    row("nil-map-write", 1, always, nil_map_write),
    row("index-out-of-range", 1, always, index_out_of_range),
    row("nil-dereference", 1, always, nil_dereference),
    row("type-assertion", 1, always, type_assertion),
    row("nil-func-call", 1, always, nil_func_call),
    // Defer statements, one row per form.
    row("defer-closure", 8, can_defer_literal, defer_closure),
    row(
        "defer-closure-args",
        3,
        can_defer_literal,
        defer_closure_args,
    ),
    row(
        "defer-set-results",
        6,
        can_defer_set_results,
        defer_set_results,
    ),
    row("defer-func", 4, can_defer_func, defer_func),
    row("defer-call-arg", 2, can_defer_call_arg, defer_call_arg),
    row("defer-call-call", 2, can_defer, defer_call_call),
    row("defer-method", 2, can_defer, defer_method),
    row("defer-method-ptr", 2, can_defer, defer_method_ptr),
    row("defer-promoted", 2, can_defer, defer_promoted),
    row("defer-method-value", 2, can_defer, defer_method_value),
    row("defer-method-catch", 2, can_defer, defer_method_catch),
    row("defer-func-var", 2, can_defer_literal, defer_func_var),
    row("defer-nil-func", 1, can_defer, defer_nil_func),
    row("defer-catch", 3, can_defer, defer_catch),
    row("defer-panic", 2, can_defer, defer_panic),
    row("defer-recover", 1, can_defer, defer_recover),
    row("defer-println", 2, can_defer, defer_println),
    row("defer-fmt", 3, can_defer, defer_fmt),
    row("defer-array", 2, can_defer, defer_array),
    row("defer-goexit", 1, can_defer, defer_goexit),
    row("defer-os-exit", 1, can_defer, defer_os_exit),
    row("defer-loop", 2, can_defer_loop, defer_loop),
];

pub const VALUES: &[ValueRow] = &[
    row("value-string", 4, always, |g, _| g.label("boom")),
    row("value-int", 2, always, |g, _| Expr::Int(g.c.range(0, 99))),
    row("value-int-var", 1, has_int, |g, ctx| {
        let ints: Vec<&Var> = ctx.ints().collect();
        var_or(g, &ints, Expr::Int(1))
    }),
    row("value-code", 2, always, |g, _| code(g, 0)),
    row("value-errors-new", 3, always, |g, _| {
        let msg = g.label("err");
        Expr::pkg_call(Pkg::Errors, "New", vec![msg])
    }),
    row("value-my-error", 2, always, |g, _| g.my_error()),
    row("value-errorf", 1, always, |g, _| {
        let inner = g.label("inner");
        let format = format!("{}: %w", g.fresh("wrap"));
        Expr::pkg_call(
            Pkg::Fmt,
            "Errorf",
            vec![
                Expr::Str(format),
                Expr::pkg_call(Pkg::Errors, "New", vec![inner]),
            ],
        )
    }),
    row("value-sprint", 1, always, |g, ctx| {
        let prefix = format!("{} ", g.fresh("sprint"));
        let x = g.operand(ctx);
        Expr::pkg_call(Pkg::Fmt, "Sprint", vec![Expr::Str(prefix), x])
    }),
    row("value-nil", 1, always, |_, _| Expr::Nil),
    row("value-float32", 1, always, float32_value),
    row("value-complex", 1, always, complex_value),
    row("value-error-var", 1, has_error, |g, ctx| {
        let errs: Vec<&Var> = ctx.vars.iter().filter(|v| v.ty == VarTy::Error).collect();
        var_or(g, &errs, Expr::Nil)
    }),
];

const fn row<V, E>(name: &'static str, weight: u32, valid: V, emit: E) -> Row<V, E> {
    Row {
        name,
        weight,
        valid,
        emit,
    }
}

fn shape(results: Vec<VarTy>, named: bool) -> Shape {
    Shape {
        results,
        named,
        recursive: false,
    }
}

// Validity predicates.

fn any_func(_: &Gen) -> bool {
    true
}

fn always(_: &Gen, _: &Ctx) -> bool {
    true
}

fn nested(g: &Gen, ctx: &Ctx) -> bool {
    ctx.depth < g.cfg.max_depth
}

fn has_int(_: &Gen, ctx: &Ctx) -> bool {
    ctx.ints().next().is_some()
}

fn has_error(_: &Gen, ctx: &Ctx) -> bool {
    ctx.vars.iter().any(|v| v.ty == VarTy::Error)
}

fn has_mutable_int(_: &Gen, ctx: &Ctx) -> bool {
    ctx.mutable(VarTy::Int).next().is_some()
}

fn has_mutable_error(_: &Gen, ctx: &Ctx) -> bool {
    ctx.mutable(VarTy::Error).next().is_some()
}

fn can_loop(g: &Gen, ctx: &Ctx) -> bool {
    nested(g, ctx)
        && ctx.loops < g.cfg.max_loop_nesting
        && g.cfg.max_loop_bound > 0
        && g.fits(ctx, 4)
}

fn can_nest_loops(g: &Gen, ctx: &Ctx) -> bool {
    can_loop(g, ctx) && ctx.loops + 1 < g.cfg.max_loop_nesting && g.fits(ctx, 8)
}

fn has_callee(g: &Gen, ctx: &Ctx) -> bool {
    !g.callees(ctx, 1, |_| true).is_empty()
}

fn can_call_assign(g: &Gen, ctx: &Ctx) -> bool {
    has_mutable_int(g, ctx)
        && !g
            .callees(ctx, 1, |f| f.shape.results == [VarTy::Int])
            .is_empty()
}

fn can_self_call(g: &Gen, ctx: &Ctx) -> bool {
    ctx.recursion.is_some() && ctx.loops == 0 && !g.frame().self_call && nested(g, ctx)
}

fn not_deferred(_: &Gen, ctx: &Ctx) -> bool {
    !ctx.deferred
}

fn in_deferred(_: &Gen, ctx: &Ctx) -> bool {
    ctx.deferred
}

fn can_defer(g: &Gen, ctx: &Ctx) -> bool {
    g.can_defer() && g.fits(ctx, 8)
}

fn can_defer_literal(g: &Gen, ctx: &Ctx) -> bool {
    can_defer(g, ctx) && nested(g, ctx)
}

fn can_defer_set_results(g: &Gen, ctx: &Ctx) -> bool {
    can_defer_literal(g, ctx) && !ctx.results.is_empty()
}

fn can_defer_func(g: &Gen, ctx: &Ctx) -> bool {
    can_defer(g, ctx) && has_callee(g, ctx)
}

fn can_defer_call_arg(g: &Gen, ctx: &Ctx) -> bool {
    can_defer(g, ctx)
        && !g
            .callees(ctx, 1, |f| !f.shape.results.is_empty())
            .is_empty()
}

fn can_defer_loop(g: &Gen, ctx: &Ctx) -> bool {
    can_defer_literal(g, ctx) && g.cfg.max_defer_loop_bound > 0
}

// Helpers.

fn id(name: &str) -> Expr {
    Expr::ident(name)
}

fn expr(e: Expr) -> Stmt {
    Stmt::Expr(e)
}

fn builtin(name: &str, args: Vec<Expr>) -> Expr {
    Expr::call(id(name), args)
}

fn var_or(g: &mut Gen, vars: &[&Var], fallback: Expr) -> Expr {
    g.pick_var(vars).map_or(fallback, |v| id(&v.name))
}

fn int_var(name: String, mutable: bool) -> Var {
    Var {
        name,
        ty: VarTy::Int,
        mutable,
    }
}

fn int_param(name: &str) -> Param {
    Param {
        name: name.to_string(),
        ty: Type::Int,
    }
}

fn func_lit(params: Vec<Param>, body: Vec<Stmt>) -> Expr {
    Expr::FuncLit(
        Signature {
            params,
            results: vec![],
        },
        body,
    )
}

/// `Code(k)` with a random `k` (or `k` itself when not 0).
fn code(g: &mut Gen, k: i64) -> Expr {
    g.use_support(Support::Code);
    let k = if k == 0 { g.c.range(1, 9) } else { k };
    Expr::call(id("Code"), vec![Expr::Int(k)])
}

/// `stmts`, sometimes inside `if cond { ... }` so that they run only when it holds.
fn guarded(g: &mut Gen, ctx: &Ctx, stmts: Vec<Stmt>, out: &mut Vec<Stmt>) {
    if nested(g, ctx) && g.c.chance(g.cfg.guard_percent) {
        let cond = g.cond(ctx);
        out.push(Stmt::If(cond, stmts, vec![]));
    } else {
        out.extend(stmts);
    }
}

/// The kinds of receiver variable a method is called on.
#[derive(Clone, Copy)]
enum Recv {
    /// `c := Counter{n: k}`: addressable, so pointer methods apply to `&c`.
    Value,
    /// `c := &Counter{n: k}`.
    Pointer,
    /// `o := Outer{...}` for `Show`, `o := &Outer{...}` for the pointer methods: the
    /// methods are promoted from the embedded Counter.
    Outer,
}

/// Declares a receiver variable of kind `kind` for calling `method`; returns its name.
fn receiver(g: &mut Gen, kind: Recv, method: &str, out: &mut Vec<Stmt>) -> String {
    g.use_support(Support::Counter);
    let name = g.fresh("c");
    let counter = Expr::Composite(
        Type::Named("Counter"),
        vec![(Some("n".into()), g.small_int())],
    );
    let init = match kind {
        Recv::Value => counter,
        Recv::Pointer => Expr::AddrOf(Box::new(counter)),
        Recv::Outer => {
            g.use_support(Support::Outer);
            let tag = g.label("t");
            let outer = Expr::Composite(
                Type::Named("Outer"),
                vec![(Some("tag".into()), tag), (Some("Counter".into()), counter)],
            );
            // The model cannot yet take the address of a field of a struct variable
            // (`&o.Counter`, implicit in `o.Bump()`), so pointer methods get a pointer.
            if method == "Show" {
                outer
            } else {
                Expr::AddrOf(Box::new(outer))
            }
        }
    };
    out.push(Stmt::Define(vec![name.clone()], init));
    name
}

/// `c.n = x`: a change the deferred call may or may not see, depending on its receiver.
fn change_receiver(g: &mut Gen, ctx: &Ctx, c: &str, out: &mut Vec<Stmt>) {
    let x = g.operand(ctx);
    out.push(Stmt::Assign(vec![Expr::select(id(c), "n")], x));
}

/// `r := recover()` and a print of it; returns `r`.
fn recover_into(g: &mut Gen, out: &mut Vec<Stmt>) -> String {
    let r = g.fresh("r");
    out.push(Stmt::Define(vec![r.clone()], builtin("recover", vec![])));
    out.push(expr(Expr::println(vec![Expr::str(&r), id(&r)])));
    r
}

/// Generates the body of a deferred function literal, starting with a print of `label`
/// (and of the literal's parameters).
fn deferred_body(g: &mut Gen, ctx: &Ctx, times: u64, params: &[String]) -> Vec<Stmt> {
    let label = g.label("d");
    let mut inner = Gen::literal_ctx(ctx, true, Ret::Bare);
    inner
        .vars
        .extend(params.iter().map(|p| int_var(p.clone(), true)));
    let mut print = vec![label];
    print.extend(params.iter().map(|p| id(p)));
    let mut body = vec![expr(Expr::println(print))];
    body.extend(g.literal(ctx, times, &mut inner));
    body
}

// Plain statements.

fn print(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let mut args = vec![g.label("p")];
    let vars: Vec<&Var> = ctx.vars.iter().collect();
    for _ in 0..g.c.upto(3) {
        if let Some(v) = g.pick_var(&vars) {
            args.push(id(&v.name));
        }
    }
    out.push(expr(Expr::println(args)));
    Flow::Next
}

/// `println` writes to stderr, ahead of any crash report.
fn println_stderr(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let label = g.label("e");
    let x = g.operand(ctx);
    out.push(expr(builtin("println", vec![label, x])));
    Flow::Next
}

fn define(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let x = g.int_expr(ctx);
    let v = g.fresh("v");
    out.push(Stmt::Define(vec![v.clone()], x));
    out.push(expr(Expr::println(vec![Expr::str(&v), id(&v)])));
    ctx.vars.push(int_var(v, true));
    Flow::Next
}

fn assign(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let vars: Vec<&Var> = ctx.mutable(VarTy::Int).collect();
    let Some(x) = g.pick_var(&vars).map(|v| id(&v.name)) else {
        return print(g, ctx, out);
    };
    out.push(match g.c.below(3) {
        0 => Stmt::Assign(vec![x], g.int_expr(ctx)),
        1 => {
            let op = *g.c.pick(&[BinOp::Add, BinOp::Sub, BinOp::Mul]);
            Stmt::OpAssign(x, op, g.operand(ctx))
        }
        _ => Stmt::Inc(x),
    });
    Flow::Next
}

fn set_error(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let vars: Vec<&Var> = ctx.mutable(VarTy::Error).collect();
    let Some(e) = g.pick_var(&vars).map(|v| id(&v.name)) else {
        return print(g, ctx, out);
    };
    let value = g.error_value(ctx, true);
    out.push(Stmt::Assign(vec![e], value));
    Flow::Next
}

fn if_stmt(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let cond = g.cond(ctx);
    let then = g.block(&mut ctx.nested());
    let els = if g.c.chance(g.cfg.else_percent) {
        g.block(&mut ctx.nested())
    } else {
        vec![]
    };
    out.push(Stmt::If(cond, then, els));
    Flow::Next
}

/// A counted loop's bound (at most `max`, and small enough that `cost` units of work per
/// iteration stay within the frame's budget), its fresh variable, and the context of its body.
fn loop_header(g: &mut Gen, ctx: &Ctx, max: u32, cost: u64) -> (u64, String, Ctx) {
    let room = (g.frame().limit - g.frame().work) / ctx.mult.max(1);
    let bound = u64::from(1 + g.c.below(max)).min(room / cost).max(1);
    let i = g.fresh("i");
    let mut inner = ctx.nested();
    inner.loops += 1;
    inner.mult = ctx.mult.saturating_mul(bound);
    inner.vars.push(int_var(i.clone(), false));
    (bound, i, inner)
}

fn loop_stmt(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let (bound, i, mut inner) = loop_header(g, ctx, g.cfg.max_loop_bound, 4);
    let body = g.block(&mut inner);
    out.push(Stmt::For {
        label: None,
        var: i,
        bound: bound as i64,
        body,
    });
    Flow::Next
}

/// Two nested loops, the inner one leaving or continuing the outer one by its label when a
/// condition holds.
fn labelled_loop(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let (bound, i, inner) = loop_header(g, ctx, g.cfg.max_loop_bound, 8);
    let (inner_bound, j, mut body_ctx) = loop_header(g, &inner, g.cfg.max_loop_bound, 4);
    let label = g.fresh("outer");
    let jump = if g.c.chance(50) {
        Stmt::Break(label.clone())
    } else {
        Stmt::Continue(label.clone())
    };
    let cond = g.cond(&body_ctx);
    let mut body = vec![Stmt::If(cond, vec![jump], vec![])];
    body.extend(g.block(&mut body_ctx));
    out.push(Stmt::For {
        label: Some(label),
        var: i,
        bound: bound as i64,
        body: vec![Stmt::For {
            label: None,
            var: j,
            bound: inner_bound as i64,
            body,
        }],
    });
    Flow::Next
}

/// An array assigned (a copy), changed, printed and compared with its copy.
fn array(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let (a, b) = (g.fresh("a"), g.fresh("b"));
    let n = 1 + g.c.below(3);
    let elems = (0..n).map(|_| (None, g.operand(ctx))).collect();
    let ty = Type::Array(u64::from(n), Box::new(Type::Int));
    out.push(Stmt::Define(vec![a.clone()], Expr::Composite(ty, elems)));
    out.push(Stmt::Define(vec![b.clone()], id(&a)));
    let k = Expr::Int(i64::from(g.c.below(n)));
    out.push(Stmt::Assign(
        vec![Expr::Index(Box::new(id(&b)), Box::new(k))],
        g.operand(ctx),
    ));
    out.push(expr(Expr::println(vec![
        Expr::str(&a),
        id(&a),
        id(&b),
        Expr::binary(id(&a), BinOp::Eq, id(&b)),
    ])));
    Flow::Next
}

/// Floats and complex numbers printed by `println` (whose format changed in Go 1.26) and fmt.
fn print_floats(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let f = float32_value(g, ctx);
    let c = complex_value(g, ctx);
    let label = g.label("f");
    out.push(expr(builtin(
        "println",
        vec![label.clone(), f.clone(), c.clone()],
    )));
    out.push(expr(Expr::println(vec![label, f, c])));
    Flow::Next
}

/// `float32(x) / 8`: a float32 with a fraction.
fn float32_value(g: &mut Gen, ctx: &Ctx) -> Expr {
    let x = builtin("float32", vec![g.operand(ctx)]);
    Expr::binary(x, BinOp::Div, Expr::Int(8))
}

/// `complex(float64(x), y)`.
fn complex_value(g: &mut Gen, ctx: &Ctx) -> Expr {
    let re = builtin("float64", vec![g.operand(ctx)]);
    builtin("complex", vec![re, g.small_int()])
}

fn call(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let callees = g.callees(ctx, 1, |_| true);
    if callees.is_empty() {
        return print(g, ctx, out);
    }
    let f = g.pick_callee(ctx, &callees);
    let args = g.args(ctx, &f);
    g.bind(ctx, Expr::call(id(&f.name), args), &f.shape.results, out);
    Flow::Next
}

/// `x = f(...)`: the call is the whole right-hand side.
fn call_assign(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let callees = g.callees(ctx, 1, |f| f.shape.results == [VarTy::Int]);
    let vars: Vec<&Var> = ctx.mutable(VarTy::Int).collect();
    let Some(x) = g.pick_var(&vars).map(|v| id(&v.name)) else {
        return print(g, ctx, out);
    };
    if callees.is_empty() {
        return print(g, ctx, out);
    }
    let f = g.pick_callee(ctx, &callees);
    let args = g.args(ctx, &f);
    out.push(Stmt::Assign(vec![x], Expr::call(id(&f.name), args)));
    Flow::Next
}

/// `if d > 0 { f(d-1, ...) }`: the one recursive call, with a smaller counter.
fn self_call(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let Some(r) = ctx.recursion.clone() else {
        return print(g, ctx, out);
    };
    g.frame_mut().self_call = true;
    let mut args = vec![Expr::binary(id(&r.counter), BinOp::Sub, Expr::Int(1))];
    for _ in 0..r.func.params {
        args.push(g.operand(ctx));
    }
    let mut body = Vec::new();
    let call = Expr::call(id(&r.func.name), args);
    g.bind(&mut ctx.nested(), call, &r.func.shape.results, &mut body);
    let cond = Expr::binary(id(&r.counter), BinOp::Gt, Expr::Int(0));
    out.push(Stmt::If(cond, body, vec![]));
    Flow::Next
}

fn method_call(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let kind = *g.c.pick(&[Recv::Value, Recv::Pointer, Recv::Outer]);
    let method = *g.c.pick(&["Show", "Bump"]);
    let c = receiver(g, kind, method, out);
    let label = g.label("m");
    out.push(expr(Expr::call(Expr::select(id(&c), method), vec![label])));
    g.charge(ctx, Support::CALL_WORK);
    Flow::Next
}

/// `func() { ... }()`: a closure called where it is written.
fn closure_call(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let mut inner = Gen::literal_ctx(ctx, false, Ret::Bare);
    let body = g.literal(ctx, 1, &mut inner);
    out.push(expr(Expr::call(func_lit(vec![], body), vec![])));
    Flow::Next
}

/// `fv := func(a int) int { ... }` called once or twice, its results printed.
fn closure_var(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let calls = 1 + g.c.below(2);
    let a = g.fresh("a");
    let mut inner = Gen::literal_ctx(ctx, false, Ret::Values(vec![VarTy::Int]));
    inner.vars.push(int_var(a.clone(), true));
    let body = g.literal(ctx, u64::from(calls), &mut inner);
    let fv = g.fresh("fv");
    let sig = Signature {
        params: vec![int_param(&a)],
        results: vec![Param {
            name: String::new(),
            ty: Type::Int,
        }],
    };
    out.push(Stmt::Define(vec![fv.clone()], Expr::FuncLit(sig, body)));
    for _ in 0..calls {
        let arg = g.operand(ctx);
        g.bind(ctx, Expr::call(id(&fv), vec![arg]), &[VarTy::Int], out);
    }
    Flow::Next
}

fn return_stmt(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    out.push(g.return_stmt(ctx));
    Flow::End
}

fn return_if(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let cond = g.cond(ctx);
    let ret = g.return_stmt(ctx);
    out.push(Stmt::If(cond, vec![ret], vec![]));
    Flow::Next
}

fn panic_stmt(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let v = g.panic_value(ctx);
    out.push(expr(builtin("panic", vec![v])));
    Flow::End
}

fn panic_if(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let cond = g.cond(ctx);
    let v = g.panic_value(ctx);
    out.push(Stmt::If(
        cond,
        vec![expr(builtin("panic", vec![v]))],
        vec![],
    ));
    Flow::Next
}

fn goexit(_: &mut Gen, _: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    out.push(expr(Expr::pkg_call(Pkg::Runtime, "Goexit", vec![])));
    Flow::End
}

fn os_exit(g: &mut Gen, _: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let code = Expr::Int(g.c.range(0, 3));
    out.push(expr(Expr::pkg_call(Pkg::Os, "Exit", vec![code])));
    Flow::End
}

fn recover(g: &mut Gen, _: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    recover_into(g, out);
    Flow::Next
}

/// Recovers and panics again, with the recovered value (a repanic) or, when there was
/// nothing to recover, with nil.
fn repanic(g: &mut Gen, _: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let r = recover_into(g, out);
    let again = expr(builtin("panic", vec![id(&r)]));
    if g.c.chance(25) {
        out.push(again);
        return Flow::End;
    }
    let cond = Expr::binary(id(&r), BinOp::Ne, Expr::Nil);
    out.push(Stmt::If(cond, vec![again], vec![]));
    Flow::Next
}

/// `catch("x")` called, not deferred: its recover is not called by a deferred function.
fn recover_helper(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    g.use_support(Support::Catch);
    let label = g.label("h");
    out.push(expr(Expr::call(id("catch"), vec![label])));
    g.charge(ctx, Support::CALL_WORK);
    Flow::Next
}

// Run-time panics: each operand that decides whether it panics is a variable, so that gc
// compiles it.

fn divide_by_zero(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let z = g.fresh("z");
    let q = g.fresh("q");
    let divisor = if g.c.chance(70) {
        Expr::Int(0)
    } else {
        g.operand(ctx)
    };
    let op = *g.c.pick(&[BinOp::Div, BinOp::Rem]);
    let x = g.operand(ctx);
    let stmts = vec![
        Stmt::Define(vec![z.clone()], divisor),
        Stmt::Define(vec![q.clone()], Expr::binary(x, op, id(&z))),
        expr(Expr::println(vec![Expr::str(&q), id(&q)])),
    ];
    guarded(g, ctx, stmts, out);
    Flow::Next
}

fn nil_map_write(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let m = g.fresh("m");
    let ty = Type::Map(Box::new(Type::String), Box::new(Type::Int));
    let entry = || Expr::Index(Box::new(id(&m)), Box::new(Expr::str("k")));
    let mut stmts = vec![Stmt::Var(m.clone(), ty.clone(), None)];
    if g.c.chance(30) {
        stmts.push(Stmt::Assign(vec![id(&m)], Expr::Composite(ty, vec![])));
    }
    stmts.push(Stmt::Assign(vec![entry()], g.operand(ctx)));
    stmts.push(expr(Expr::println(vec![Expr::str(&m), entry()])));
    guarded(g, ctx, stmts, out);
    Flow::Next
}

fn index_out_of_range(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let s = g.fresh("s");
    let i = g.fresh("i");
    let elems = (1..=3).map(|k| (None, Expr::Int(k))).collect();
    // A slice or an array: their bounds checks say the same.
    let ty = if g.c.chance(50) {
        Type::Slice(Box::new(Type::Int))
    } else {
        Type::Array(3, Box::new(Type::Int))
    };
    let stmts = vec![
        Stmt::Define(vec![s.clone()], Expr::Composite(ty, elems)),
        Stmt::Define(vec![i.clone()], Expr::Int(g.c.range(-1, 4))),
        expr(Expr::println(vec![
            Expr::str(&s),
            Expr::Index(Box::new(id(&s)), Box::new(id(&i))),
        ])),
    ];
    guarded(g, ctx, stmts, out);
    Flow::Next
}

/// Reading or writing through a nil pointer, directly, through an embedded field (a
/// non-zero fault address), or by calling a value-receiver method.
fn nil_dereference(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    g.use_support(Support::Counter);
    let p = g.fresh("p");
    let variant = g.c.below(4);
    let pointee = if variant == 1 {
        g.use_support(Support::Outer);
        "Outer"
    } else {
        "Counter"
    };
    let n = || Expr::select(id(&p), "n");
    let mut stmts = vec![Stmt::Var(
        p.clone(),
        Type::Pointer(Box::new(Type::Named(pointee))),
        None,
    )];
    stmts.push(match variant {
        0 | 1 => expr(Expr::println(vec![Expr::str(&p), n()])),
        2 => {
            let label = g.label("m");
            expr(Expr::call(Expr::select(id(&p), "Show"), vec![label]))
        }
        _ => Stmt::Assign(vec![n()], g.operand(ctx)),
    });
    guarded(g, ctx, stmts, out);
    Flow::Next
}

fn type_assertion(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let a = g.fresh("x");
    let init = match g.c.below(3) {
        0 => Expr::Int(g.c.range(0, 9)),
        1 => g.label("s"),
        _ => code(g, 0),
    };
    let target = match g.c.below(4) {
        0 => Type::Int,
        1 => Type::String,
        2 => {
            g.use_support(Support::Code);
            Type::Named("Code")
        }
        _ => Type::Error,
    };
    let assert = Expr::Assert(Box::new(id(&a)), target);
    let mut stmts = vec![Stmt::Var(a, Type::Any, Some(init))];
    let v = g.fresh("v");
    if g.c.chance(30) {
        let ok = g.fresh("ok");
        stmts.push(Stmt::Define(vec![v.clone(), ok.clone()], assert));
        stmts.push(expr(Expr::println(vec![Expr::str(&v), id(&v), id(&ok)])));
    } else {
        stmts.push(Stmt::Define(vec![v.clone()], assert));
        stmts.push(expr(Expr::println(vec![Expr::str(&v), id(&v)])));
    }
    guarded(g, ctx, stmts, out);
    Flow::Next
}

fn nil_func_call(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let f = g.fresh("fn");
    let stmts = vec![
        Stmt::Var(f.clone(), Type::Func(vec![], vec![]), None),
        expr(Expr::call(id(&f), vec![])),
    ];
    guarded(g, ctx, stmts, out);
    Flow::Next
}

// Defer statements.

/// `defer func() { ... }()`.
fn defer_closure(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let body = deferred_body(g, ctx, 1, &[]);
    g.deferred(ctx, 0);
    out.push(Stmt::Defer(Expr::call(func_lit(vec![], body), vec![])));
    Flow::Next
}

/// `defer func(a int) { ... }(x)`: the argument is evaluated at the defer statement.
fn defer_closure_args(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let a = g.fresh("a");
    let body = deferred_body(g, ctx, 1, std::slice::from_ref(&a));
    g.deferred(ctx, 0);
    let arg = g.operand(ctx);
    let lit = func_lit(vec![int_param(&a)], body);
    out.push(Stmt::Defer(Expr::call(lit, vec![arg])));
    Flow::Next
}

/// A deferred closure that reads the named results, maybe recovers, and changes a result.
fn defer_set_results(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let mut body = Vec::new();
    let mut print = vec![g.label("d")];
    if g.c.chance(50) {
        let r = g.fresh("r");
        body.push(Stmt::Define(vec![r.clone()], builtin("recover", vec![])));
        print.push(id(&r));
    }
    print.extend(ctx.results.iter().map(|v| id(&v.name)));
    body.push(expr(Expr::println(print)));
    let results: Vec<&Var> = ctx.results.iter().collect();
    if let Some(v) = g.pick_var(&results) {
        let (name, ty) = (v.name.clone(), v.ty);
        body.push(match ty {
            VarTy::Int => {
                let op = *g.c.pick(&[BinOp::Add, BinOp::Mul]);
                let x = g.operand(ctx);
                Stmt::OpAssign(id(&name), op, x)
            }
            VarTy::Error => Stmt::Assign(vec![id(&name)], g.error_value(ctx, true)),
        });
    }
    g.deferred(ctx, body.len() as u64 + 1);
    out.push(Stmt::Defer(Expr::call(func_lit(vec![], body), vec![])));
    Flow::Next
}

/// `defer f(x)`: a named function; its results are discarded.
fn defer_func(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let callees = g.callees(ctx, 1, |_| true);
    if callees.is_empty() {
        return defer_fmt(g, ctx, out);
    }
    let f = g.pick_callee(ctx, &callees);
    let args = g.args(ctx, &f);
    g.deferred(ctx, 0);
    out.push(Stmt::Defer(Expr::call(id(&f.name), args)));
    Flow::Next
}

/// `defer fmt.Println("d", f(x))`: `f` is called at the defer statement.
fn defer_call_arg(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let callees = g.callees(ctx, 1, |f| !f.shape.results.is_empty());
    if callees.is_empty() {
        return defer_fmt(g, ctx, out);
    }
    let f = g.pick_callee(ctx, &callees);
    let args = g.args(ctx, &f);
    let call = Expr::call(id(&f.name), args);
    // A multi-valued call may only be the sole argument.
    let print = if f.shape.results.len() == 1 {
        vec![g.label("d"), call]
    } else {
        vec![call]
    };
    g.deferred(ctx, 1);
    out.push(Stmt::Defer(Expr::println(print)));
    Flow::Next
}

/// `defer trace("d")()`: trace runs now, the function it returns runs at the end.
fn defer_call_call(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    g.use_support(Support::Trace);
    let label = g.label("d");
    g.deferred(ctx, 2 * Support::CALL_WORK);
    out.push(Stmt::Defer(Expr::call(
        Expr::call(id("trace"), vec![label]),
        vec![],
    )));
    Flow::Next
}

/// Defers `c.method("d")` on a fresh receiver of kind `kind`, then changes the receiver.
fn defer_on_receiver(
    g: &mut Gen,
    ctx: &mut Ctx,
    out: &mut Vec<Stmt>,
    kind: Recv,
    method: &str,
) -> Flow {
    let c = receiver(g, kind, method, out);
    let label = g.label("d");
    g.deferred(ctx, Support::CALL_WORK);
    out.push(Stmt::Defer(Expr::call(
        Expr::select(id(&c), method),
        vec![label],
    )));
    change_receiver(g, ctx, &c, out);
    Flow::Next
}

/// A value-receiver method: the receiver is copied at the defer statement.
fn defer_method(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let kind = *g.c.pick(&[Recv::Value, Recv::Pointer]);
    defer_on_receiver(g, ctx, out, kind, "Show")
}

/// A pointer-receiver method: later changes to the receiver are seen.
fn defer_method_ptr(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let kind = *g.c.pick(&[Recv::Value, Recv::Pointer]);
    defer_on_receiver(g, ctx, out, kind, "Bump")
}

/// A method promoted through an embedded field.
fn defer_promoted(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let method = *g.c.pick(&["Show", "Bump", "Catch"]);
    defer_on_receiver(g, ctx, out, Recv::Outer, method)
}

/// A method with `recover` in it, deferred directly.
fn defer_method_catch(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let kind = *g.c.pick(&[Recv::Value, Recv::Pointer]);
    defer_on_receiver(g, ctx, out, kind, "Catch")
}

/// `m := c.Method` then `defer m("d")`: the receiver is bound when the method value is made.
fn defer_method_value(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let kind = *g.c.pick(&[Recv::Value, Recv::Pointer, Recv::Outer]);
    let method = *g.c.pick(&["Show", "Bump", "Catch"]);
    let c = receiver(g, kind, method, out);
    let m = g.fresh("mv");
    out.push(Stmt::Define(vec![m.clone()], Expr::select(id(&c), method)));
    change_receiver(g, ctx, &c, out);
    let label = g.label("d");
    g.deferred(ctx, Support::CALL_WORK);
    out.push(Stmt::Defer(Expr::call(id(&m), vec![label])));
    Flow::Next
}

/// `fv := func(a int) { ... }; defer fv(x)`, and sometimes `fv` is reassigned afterwards,
/// which does not change the deferred call.
fn defer_func_var(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let a = g.fresh("a");
    let body = deferred_body(g, ctx, 1, std::slice::from_ref(&a));
    let fv = g.fresh("fv");
    out.push(Stmt::Define(
        vec![fv.clone()],
        func_lit(vec![int_param(&a)], body),
    ));
    g.deferred(ctx, 0);
    let arg = g.operand(ctx);
    out.push(Stmt::Defer(Expr::call(id(&fv), vec![arg])));
    if g.c.chance(40) {
        let b = g.fresh("a");
        let label = g.label("never");
        let other = func_lit(
            vec![int_param(&b)],
            vec![expr(Expr::println(vec![label, id(&b)]))],
        );
        out.push(Stmt::Assign(vec![id(&fv)], other));
    }
    Flow::Next
}

/// `var fv func(); defer fv()`: the nil function panics when the deferred call runs.
fn defer_nil_func(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let fv = g.fresh("fv");
    out.push(Stmt::Var(fv.clone(), Type::Func(vec![], vec![]), None));
    g.deferred(ctx, 1);
    out.push(Stmt::Defer(Expr::call(id(&fv), vec![])));
    Flow::Next
}

/// `defer catch("d")`: the helper's recover is called by the deferred function itself.
fn defer_catch(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    g.use_support(Support::Catch);
    let label = g.label("d");
    g.deferred(ctx, Support::CALL_WORK);
    out.push(Stmt::Defer(Expr::call(id("catch"), vec![label])));
    Flow::Next
}

fn defer_panic(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let v = g.panic_value(ctx);
    g.deferred(ctx, 1);
    out.push(Stmt::Defer(builtin("panic", vec![v])));
    Flow::Next
}

/// `defer recover()`: recover is the deferred function, not called by one, so it returns nil.
fn defer_recover(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    g.deferred(ctx, 1);
    out.push(Stmt::Defer(builtin("recover", vec![])));
    Flow::Next
}

fn defer_println(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let label = g.label("d");
    let x = g.operand(ctx);
    g.deferred(ctx, 1);
    out.push(Stmt::Defer(builtin("println", vec![label, x])));
    Flow::Next
}

/// `defer fmt.Println("d", a)` of an array `a` changed afterwards: the deferred call prints
/// the copy made at the defer statement.
fn defer_array(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let a = g.fresh("a");
    let elems = (0..2).map(|_| (None, g.operand(ctx))).collect();
    let ty = Type::Array(2, Box::new(Type::Int));
    out.push(Stmt::Define(vec![a.clone()], Expr::Composite(ty, elems)));
    let label = g.label("d");
    g.deferred(ctx, 1);
    out.push(Stmt::Defer(Expr::println(vec![label, id(&a)])));
    out.push(Stmt::Inc(Expr::Index(
        Box::new(id(&a)),
        Box::new(Expr::Int(1)),
    )));
    out.push(expr(Expr::println(vec![Expr::str(&a), id(&a)])));
    Flow::Next
}

/// `defer fmt.Println("d", x, ...)`: the arguments are evaluated at the defer statement.
fn defer_fmt(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let mut args = vec![g.label("d")];
    let vars: Vec<&Var> = ctx.vars.iter().collect();
    for _ in 0..g.c.upto(2) {
        if let Some(v) = g.pick_var(&vars) {
            args.push(id(&v.name));
        }
    }
    g.deferred(ctx, 1);
    out.push(Stmt::Defer(Expr::println(args)));
    Flow::Next
}

fn defer_goexit(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    g.deferred(ctx, 1);
    out.push(Stmt::Defer(Expr::pkg_call(Pkg::Runtime, "Goexit", vec![])));
    Flow::Next
}

fn defer_os_exit(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let code = Expr::Int(g.c.range(0, 3));
    g.deferred(ctx, 1);
    out.push(Stmt::Defer(Expr::pkg_call(Pkg::Os, "Exit", vec![code])));
    Flow::Next
}

/// A loop that defers a call on every iteration: up to `max_defer_loop_bound` deferred
/// calls from one statement, each seeing its own iteration's variable.
fn defer_loop(g: &mut Gen, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
    let (bound, i, inner) = loop_header(g, ctx, g.cfg.max_defer_loop_bound, 8);
    let call = match g.c.below(3) {
        0 => {
            let label = g.label("d");
            Expr::println(vec![label, id(&i)])
        }
        1 => {
            let body = deferred_body(g, &inner, 1, &[]);
            Expr::call(func_lit(vec![], body), vec![])
        }
        _ => {
            let a = g.fresh("a");
            let body = deferred_body(g, &inner, 1, std::slice::from_ref(&a));
            Expr::call(func_lit(vec![int_param(&a)], body), vec![id(&i)])
        }
    };
    g.deferred(&inner, 2);
    out.push(Stmt::For {
        label: None,
        var: i,
        bound: bound as i64,
        body: vec![Stmt::Defer(call)],
    });
    Flow::Next
}
