//! The generator's state and the context every construct is chosen in.
//!
//! Validity is kept by construction, by these rules:
//!
//! - *Compiles:* every variable is used right where it is declared (printed, called, or
//!   deferred), names are unique in the program so nothing is shadowed, a function with
//!   results ends in `return` or `panic`, a block ends at its first `return` or `panic`, and the
//!   printer imports exactly the packages the code names.
//! - *Terminates:* loops count up to a small constant; a function calls only functions
//!   generated before it, function literals are called only where they are written, and the
//!   one recursive call of a recursive function is guarded by a counter parameter that
//!   decreases; every statement is charged to a fuel estimate ([`Frame`]) that bounds the run.
//! - *One correct output:* gc may evaluate the calls of a statement before its other
//!   operands, so a call is a whole statement, the whole right-hand side of an assignment, or
//!   an argument list of constants and variables; the only calls nested in arguments
//!   (`defer fmt.Println("d", f(x))`, a panic value such as `errors.New("e")`) follow nothing
//!   but constants. An operation that can panic (division, index, dereference, assertion)
//!   never shares a statement with a call other than the one it is an argument of.
//! - *Deterministic:* no maps are ranged over, no goroutines, and nothing prints an address
//!   (`println` gets only ints and strings; panic values are never structs).

use std::collections::BTreeSet;

use super::GoProgram;
use super::ast::{BinOp, Decl, Expr, Param, Signature, Stmt, Type, count_stmts};
use super::choices::Choices;
use super::config::Config;
use super::support::Support;
use super::table::{self, Flow};

/// The types generated variables have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarTy {
    Int,
    Error,
}

impl VarTy {
    pub fn ty(self) -> Type {
        match self {
            VarTy::Int => Type::Int,
            VarTy::Error => Type::Error,
        }
    }
}

/// A variable in scope.
#[derive(Clone, Debug)]
pub struct Var {
    pub name: String,
    pub ty: VarTy,
    /// False for loop variables and recursion counters: assigning them could stop a loop or
    /// a recursion from ending.
    pub mutable: bool,
}

/// A generated function's signature, as its callers need it.
#[derive(Clone, Debug)]
pub struct Shape {
    pub results: Vec<VarTy>,
    /// Results are named (and so readable and writable by deferred closures).
    pub named: bool,
    /// The first parameter is a recursion counter.
    pub recursive: bool,
}

/// A function generated so far.
#[derive(Clone, Debug)]
pub struct FuncInfo {
    pub name: String,
    pub shape: Shape,
    /// int parameters besides the counter.
    pub params: usize,
    /// Statement executions one call costs at most.
    pub work: u64,
}

/// What a `return` statement looks like where it is written.
#[derive(Clone, Debug)]
pub enum Ret {
    /// No results: `main`, void functions, most function literals.
    Bare,
    /// Unnamed results: `return` needs a value for each.
    Values(Vec<VarTy>),
    /// Named results: `return` may be bare.
    Named(Vec<Var>),
}

/// The self-call of a recursive function, while its body is generated.
#[derive(Clone, Debug)]
pub struct Recursion {
    pub func: FuncInfo,
    pub counter: String,
}

/// Where a statement is generated.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// Functions `funcs[..callable]` may be called from here: calls go only to functions
    /// generated earlier, so the call graph has no cycles.
    pub callable: usize,
    pub vars: Vec<Var>,
    pub ret: Ret,
    /// The named results of the enclosing named function, still visible inside function
    /// literals, where deferred closures read and write them.
    pub results: Vec<Var>,
    /// Blocks enclosing this point: if, for and function literal bodies.
    pub depth: usize,
    /// Loops enclosing this point within the current function body.
    pub loops: usize,
    /// How many times a statement here runs per run of the current function body.
    pub mult: u64,
    /// Directly in the body of a deferred function literal, where `recover` may stop a panic.
    pub deferred: bool,
    /// In a recursive function's own body, outside function literals.
    pub recursion: Option<Recursion>,
}

impl Ctx {
    pub fn ints(&self) -> impl Iterator<Item = &Var> {
        self.vars.iter().filter(|v| v.ty == VarTy::Int)
    }

    pub fn mutable(&self, ty: VarTy) -> impl Iterator<Item = &Var> {
        self.vars.iter().filter(move |v| v.ty == ty && v.mutable)
    }

    /// The context of a block nested in this one.
    pub fn nested(&self) -> Ctx {
        Ctx {
            depth: self.depth + 1,
            ..self.clone()
        }
    }
}

/// The fuel account of one function body being generated.
#[derive(Clone, Debug)]
pub struct Frame {
    /// Statement executions the body may cost.
    pub limit: u64,
    /// Statement executions charged so far.
    pub work: u64,
    /// `defer` statements written so far.
    pub defers: usize,
    /// The recursive call has been written (there is at most one).
    pub self_call: bool,
}

pub struct Gen<'a> {
    pub cfg: &'a Config,
    pub c: Choices<'a>,
    /// Suffix of the next fresh name; shared by variables and labels so all are unique.
    next_id: u32,
    pub funcs: Vec<FuncInfo>,
    pub support: BTreeSet<Support>,
    /// Rows of the construct tables used, for per-construct statistics.
    pub used: BTreeSet<&'static str>,
    /// Statements left to generate in the current named function.
    pub budget: usize,
    /// The function bodies being generated, innermost last.
    frames: Vec<Frame>,
}

impl<'a> Gen<'a> {
    pub fn new(cfg: &'a Config, choices: &'a [u32]) -> Self {
        Gen {
            cfg,
            c: Choices::new(choices),
            next_id: 0,
            funcs: Vec::new(),
            support: BTreeSet::new(),
            used: BTreeSet::new(),
            budget: 0,
            frames: Vec::new(),
        }
    }

    pub fn program(mut self) -> GoProgram {
        let cfg = self.cfg;
        let n = match cfg.max_funcs {
            0 => 0,
            max => 1 + self.c.upto(max - 1),
        };
        // Each function gets an even share; main gets twice that and whatever is left.
        let share = cfg.stmts / (n + 2);
        let mut spent = 0;
        let mut funcs = Vec::new();
        for i in 0..n {
            self.budget = share;
            funcs.push(self.func(i));
            spent += share - self.budget;
        }
        self.budget = cfg.stmts.saturating_sub(spent).max(2 * share);
        let main = self.main();

        GoProgram {
            support: self.support,
            funcs,
            main,
            constructs: self.used.into_iter().collect(),
        }
    }

    /// The body of `main`.
    fn main(&mut self) -> Vec<Stmt> {
        let mut ctx = Ctx {
            callable: self.funcs.len(),
            vars: Vec::new(),
            ret: Ret::Bare,
            results: Vec::new(),
            depth: 0,
            loops: 0,
            mult: 1,
            deferred: false,
            recursion: None,
        };
        self.frames.push(Frame::new(self.cfg.max_work));
        let body = self.body(&mut ctx);
        self.frames.pop();
        body
    }

    /// Generates function `f{i}`, which may call `f0` .. `f{i-1}`.
    fn func(&mut self, i: usize) -> Decl {
        let weights = self.weights_of(table::FUNCS, &self.cfg.weights.funcs, |r| (r.valid)(self));
        let shape = match self.c.weighted(&weights) {
            Some(k) => {
                self.used.insert(table::FUNCS[k].name);
                (table::FUNCS[k].emit)(self)
            }
            None => Shape {
                results: vec![],
                named: false,
                recursive: false,
            },
        };
        let name = format!("f{i}");
        let mut vars = Vec::new();
        let mut params = Vec::new();
        let counter = shape.recursive.then(|| self.fresh("d"));
        if let Some(d) = &counter {
            vars.push(Var {
                name: d.clone(),
                ty: VarTy::Int,
                mutable: false,
            });
        }
        let nparams = self.c.upto(self.cfg.max_params);
        for _ in 0..nparams {
            let a = self.fresh("a");
            params.push(a.clone());
            vars.push(Var {
                name: a,
                ty: VarTy::Int,
                mutable: true,
            });
        }
        let results: Vec<Var> = shape
            .results
            .iter()
            .map(|&ty| Var {
                name: self.fresh(match ty {
                    VarTy::Int => "n",
                    VarTy::Error => "err",
                }),
                ty,
                mutable: true,
            })
            .collect();
        let (ret, named) = if shape.named {
            vars.extend(results.iter().cloned());
            (Ret::Named(results.clone()), results.clone())
        } else if shape.results.is_empty() {
            (Ret::Bare, Vec::new())
        } else {
            (Ret::Values(shape.results.clone()), Vec::new())
        };
        let info = FuncInfo {
            name: name.clone(),
            shape: shape.clone(),
            params: nparams,
            work: 0,
        };
        let mut ctx = Ctx {
            callable: i,
            vars,
            ret,
            results: named,
            depth: 0,
            loops: 0,
            mult: 1,
            deferred: false,
            recursion: counter.clone().map(|counter| Recursion {
                func: info.clone(),
                counter,
            }),
        };
        // The body runs once per level of recursion, so each level gets a share.
        let levels = if shape.recursive {
            u64::from(self.cfg.max_recursion) + 1
        } else {
            1
        };
        self.frames.push(Frame::new(self.cfg.max_work / 2 / levels));
        let mut body = self.body(&mut ctx);
        if !shape.results.is_empty() && !body.last().is_some_and(terminates) {
            body.push(self.return_stmt(&ctx));
        }
        let frame = self.frames.pop().expect("the frame pushed above");
        self.funcs.push(FuncInfo {
            work: (frame.work + 1) * levels,
            ..info
        });

        let int_param = |name: String| Param {
            name,
            ty: Type::Int,
        };
        Decl::Func {
            recv: None,
            name,
            sig: Signature {
                params: counter.into_iter().chain(params).map(int_param).collect(),
                results: results
                    .into_iter()
                    .map(|v| Param {
                        name: if shape.named { v.name } else { String::new() },
                        ty: v.ty.ty(),
                    })
                    .collect(),
            },
            body,
        }
    }

    /// The weights of `rows` with the invalid ones zeroed.
    pub fn weights_of<R>(
        &self,
        rows: &[R],
        weights: &[u32],
        valid: impl Fn(&R) -> bool,
    ) -> Vec<u32> {
        rows.iter()
            .zip(weights)
            .map(|(r, &w)| if w > 0 && valid(r) { w } else { 0 })
            .collect()
    }

    /// A function's top-level body: statements until the budget, the fuel or the choices
    /// run out, or a statement ends it.
    pub fn body(&mut self, ctx: &mut Ctx) -> Vec<Stmt> {
        let mut out = Vec::new();
        while self.budget > 0 && !self.c.exhausted() {
            if self.stmt(ctx, &mut out) == Flow::End {
                break;
            }
        }
        out
    }

    /// A nested block of 1 to `max_block_stmts` statements (fewer once the budget is spent).
    pub fn block(&mut self, ctx: &mut Ctx) -> Vec<Stmt> {
        let mut out = Vec::new();
        let n = 1 + self.c.upto(self.cfg.max_block_stmts.saturating_sub(1));
        for _ in 0..n.min(self.cfg.max_block_stmts) {
            if self.budget == 0 || self.stmt(ctx, &mut out) == Flow::End {
                break;
            }
        }
        out
    }

    /// One construct from the statement table.
    fn stmt(&mut self, ctx: &mut Ctx, out: &mut Vec<Stmt>) -> Flow {
        if !self.fits(ctx, 1) {
            return Flow::End;
        }
        let weights = self.weights_of(table::STMTS, &self.cfg.weights.stmts, |r| {
            (r.valid)(self, ctx)
        });
        let Some(k) = self.c.weighted(&weights) else {
            return Flow::End;
        };
        let row = &table::STMTS[k];
        self.used.insert(row.name);
        let (before, budget) = (out.len(), self.budget);
        let flow = (row.emit)(self, ctx, out);
        // Nested statements count too, once: those made through `stmt` already did.
        self.budget = budget.saturating_sub(count_stmts(&out[before..]));
        // Nested ones charged their own fuel, at their own multiplicity.
        self.charge(ctx, (out.len() - before) as u64);
        flow
    }

    /// A value from the panic-value table.
    pub fn panic_value(&mut self, ctx: &Ctx) -> Expr {
        let weights = self.weights_of(table::VALUES, &self.cfg.weights.values, |r| {
            (r.valid)(self, ctx)
        });
        match self.c.weighted(&weights) {
            Some(k) => {
                self.used.insert(table::VALUES[k].name);
                (table::VALUES[k].emit)(self, ctx)
            }
            None => Expr::str("panic"),
        }
    }

    /// Generates the body of a function literal whose body runs `times` times each time the
    /// current statement runs, in its own fuel frame, and charges it to the current one.
    pub fn literal(&mut self, ctx: &Ctx, times: u64, inner: &mut Ctx) -> Vec<Stmt> {
        let room = self.frame().limit.saturating_sub(self.frame().work);
        let limit = room / ctx.mult.saturating_mul(times).max(1);
        self.frames.push(Frame::new(limit));
        inner.mult = 1;
        inner.loops = 0;
        inner.recursion = None;
        inner.depth = ctx.depth + 1;
        let mut body = self.block(inner);
        if let Ret::Values(_) = inner.ret
            && !body.last().is_some_and(terminates)
        {
            body.push(self.return_stmt(inner));
        }
        let frame = self.frames.pop().expect("the frame pushed above");
        self.charge(ctx, (frame.work + 1).saturating_mul(times));
        body
    }

    /// The context of a function literal's body written at `ctx`.
    pub fn literal_ctx(ctx: &Ctx, deferred: bool, ret: Ret) -> Ctx {
        Ctx {
            ret,
            deferred,
            ..ctx.clone()
        }
    }

    pub fn frame(&self) -> &Frame {
        self.frames
            .last()
            .expect("a function body is being generated")
    }

    pub fn frame_mut(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("a function body is being generated")
    }

    /// Whether `cost` more statement executions at `ctx` fit the fuel estimate.
    pub fn fits(&self, ctx: &Ctx, cost: u64) -> bool {
        let f = self.frame();
        f.work.saturating_add(cost.saturating_mul(ctx.mult)) <= f.limit
    }

    pub fn charge(&mut self, ctx: &Ctx, cost: u64) {
        let f = self.frame_mut();
        f.work = f.work.saturating_add(cost.saturating_mul(ctx.mult));
    }

    pub fn can_defer(&self) -> bool {
        self.frame().defers < self.cfg.max_defers
    }

    /// Records a `defer` statement that will run a call costing `cost`.
    pub fn deferred(&mut self, ctx: &Ctx, cost: u64) {
        self.frame_mut().defers += 1;
        self.charge(ctx, cost);
    }

    pub fn fresh(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    /// A fresh string constant naming an event in the output.
    pub fn label(&mut self, prefix: &str) -> Expr {
        Expr::Str(self.fresh(prefix))
    }

    pub fn use_support(&mut self, s: Support) {
        self.support.insert(s);
        if let Some(r) = s.requires() {
            self.support.insert(r);
        }
    }

    /// Functions callable at `ctx` whose call (costing `extra` more) fits the fuel and that
    /// satisfy `ok`.
    pub fn callees(&self, ctx: &Ctx, extra: u64, ok: impl Fn(&FuncInfo) -> bool) -> Vec<usize> {
        (0..ctx.callable)
            .filter(|&j| {
                let f = &self.funcs[j];
                ok(f) && self.fits(ctx, f.work + extra)
            })
            .collect()
    }

    /// Picks one of `callees` (not empty), charging its cost.
    pub fn pick_callee(&mut self, ctx: &Ctx, callees: &[usize]) -> FuncInfo {
        let f = self.funcs[*self.c.pick(callees)].clone();
        self.charge(ctx, f.work);
        f
    }

    /// The arguments of a call of `f` from outside it.
    pub fn args(&mut self, ctx: &Ctx, f: &FuncInfo) -> Vec<Expr> {
        let mut args = Vec::new();
        if f.shape.recursive {
            args.push(Expr::Int(i64::from(
                self.c.below(self.cfg.max_recursion + 1),
            )));
        }
        for _ in 0..f.params {
            args.push(self.operand(ctx));
        }
        args
    }

    /// Statements that make `call` (to a function with `results`) and print what it
    /// returns, unless the results are discarded.
    pub fn bind(&mut self, ctx: &mut Ctx, call: Expr, results: &[VarTy], out: &mut Vec<Stmt>) {
        if results.is_empty() || self.c.chance(self.cfg.discard_percent) {
            out.push(Stmt::Expr(call));
            return;
        }
        let names: Vec<String> = results
            .iter()
            .map(|ty| {
                self.fresh(match ty {
                    VarTy::Int => "v",
                    VarTy::Error => "e",
                })
            })
            .collect();
        out.push(Stmt::Define(names.clone(), call));
        let mut print = vec![self.label("got")];
        print.extend(names.iter().map(|n| Expr::ident(n)));
        out.push(Stmt::Expr(Expr::println(print)));
        for (name, &ty) in names.into_iter().zip(results) {
            ctx.vars.push(Var {
                name,
                ty,
                mutable: true,
            });
        }
    }

    pub fn pick_var<'c>(&mut self, vars: &[&'c Var]) -> Option<&'c Var> {
        if vars.is_empty() {
            None
        } else {
            Some(*self.c.pick(vars))
        }
    }

    /// A small int constant, occasionally negative.
    pub fn small_int(&mut self) -> Expr {
        Expr::Int(self.c.range(-2, 9))
    }

    /// A constant or an int variable.
    pub fn operand(&mut self, ctx: &Ctx) -> Expr {
        let ints: Vec<&Var> = ctx.ints().collect();
        if !ints.is_empty() && self.c.chance(60) {
            Expr::ident(&self.c.pick(&ints).name)
        } else {
            self.small_int()
        }
    }

    /// An int expression without calls: an operand or one arithmetic operation.
    pub fn int_expr(&mut self, ctx: &Ctx) -> Expr {
        if self.c.chance(50) {
            return self.operand(ctx);
        }
        let op = *self.c.pick(&[BinOp::Add, BinOp::Sub, BinOp::Mul]);
        let x = self.operand(ctx);
        let y = self.operand(ctx);
        Expr::binary(x, op, y)
    }

    /// A condition without calls.
    pub fn cond(&mut self, ctx: &Ctx) -> Expr {
        let errs: Vec<&Var> = ctx.vars.iter().filter(|v| v.ty == VarTy::Error).collect();
        if !errs.is_empty() && self.c.chance(20) {
            let e = Expr::ident(&self.c.pick(&errs).name);
            let op = *self.c.pick(&[BinOp::Ne, BinOp::Eq]);
            return Expr::binary(e, op, Expr::Nil);
        }
        let op = *self.c.pick(&[
            BinOp::Lt,
            BinOp::Gt,
            BinOp::Eq,
            BinOp::Ne,
            BinOp::Le,
            BinOp::Ge,
        ]);
        let x = self.operand(ctx);
        let y = self.small_int();
        Expr::binary(x, op, y)
    }

    /// An error value: nil, `errors.New(...)`, a `*MyErr`, or (when `wrap`) an
    /// `fmt.Errorf` wrapping an error variable. `fmt.Errorf` may run Go code (an `Error`
    /// method), so it is allowed only where it is the whole right-hand side of a statement.
    pub fn error_value(&mut self, ctx: &Ctx, wrap: bool) -> Expr {
        match self.c.below(if wrap { 4 } else { 3 }) {
            0 => Expr::Nil,
            1 => {
                let msg = self.fresh("err");
                Expr::pkg_call(super::ast::Pkg::Errors, "New", vec![Expr::Str(msg)])
            }
            2 => self.my_error(),
            _ => {
                let errs: Vec<&Var> = ctx.vars.iter().filter(|v| v.ty == VarTy::Error).collect();
                let inner = match self.pick_var(&errs) {
                    Some(e) => Expr::ident(&e.name),
                    None => Expr::Nil,
                };
                let fmt = format!("{}: %w", self.fresh("wrap"));
                Expr::pkg_call(super::ast::Pkg::Fmt, "Errorf", vec![Expr::Str(fmt), inner])
            }
        }
    }

    /// `&MyErr{msg: "..."}`.
    pub fn my_error(&mut self) -> Expr {
        self.use_support(Support::MyErr);
        let msg = self.fresh("my");
        Expr::AddrOf(Box::new(Expr::Composite(
            Type::Named("MyErr"),
            vec![(Some("msg".into()), Expr::Str(msg))],
        )))
    }

    /// A value of type `ty` for a return statement.
    fn value_of(&mut self, ctx: &Ctx, ty: VarTy) -> Expr {
        match ty {
            VarTy::Int => self.int_expr(ctx),
            VarTy::Error => self.error_value(ctx, false),
        }
    }

    /// A `return` statement valid at `ctx`. With unnamed results it sometimes returns the
    /// results of a call (`return f(x)`), the call being the statement's only one.
    pub fn return_stmt(&mut self, ctx: &Ctx) -> Stmt {
        match &ctx.ret {
            Ret::Bare => Stmt::Return(Vec::new()),
            Ret::Values(tys) => {
                let tys = tys.clone();
                let same = self.callees(ctx, 0, |f| f.shape.results == tys);
                if !same.is_empty() && self.c.chance(20) {
                    let f = self.pick_callee(ctx, &same);
                    let args = self.args(ctx, &f);
                    return Stmt::Return(vec![Expr::call(Expr::ident(&f.name), args)]);
                }
                Stmt::Return(tys.iter().map(|&t| self.value_of(ctx, t)).collect())
            }
            Ret::Named(vars) => {
                if self.c.chance(50) {
                    return Stmt::Return(Vec::new());
                }
                let tys: Vec<VarTy> = vars.iter().map(|v| v.ty).collect();
                Stmt::Return(tys.iter().map(|&t| self.value_of(ctx, t)).collect())
            }
        }
    }
}

impl Frame {
    fn new(limit: u64) -> Frame {
        Frame {
            limit,
            work: 0,
            defers: 0,
            self_call: false,
        }
    }
}

/// Whether `s` is a terminating statement in the spec's sense (as far as the generator
/// writes them): a return or a call of panic.
pub fn terminates(s: &Stmt) -> bool {
    match s {
        Stmt::Return(_) => true,
        Stmt::Expr(Expr::Call(f, _)) => matches!(&**f, Expr::Ident(n) if n == "panic"),
        _ => false,
    }
}
