//! Statements: declarations, assignments, control flow, `defer` and `return`.

use super::expr::{Op, mk, strip_parens};
use super::gcfmt::{ConstKey, Summand, constant_of};
use super::{Checker, ConstVal, Entity, Res};
use crate::ir::{
    Call, Callee, Expr, ExprKind, Place, RangeKind, RangeLoop, RangeTarget, Stmt, StmtKind,
    SwitchClause, VarId, VarRef,
};
use crate::syntax::{
    self, BinOp, ExprKind as S, Ident, Pos, StmtKind as SK, TypeExpr, TypeExprKind,
};
use crate::types::{FuncId, Ty, TypeKind};
use crate::value::Value;
use foldhash::HashMap;

/// The initial values of a variable declaration.
pub enum Inits {
    None,
    Values(Vec<Expr>),
    /// One multi-valued expression (a call, or a comma-ok form), evaluated into hidden variable
    /// `tmp`; `values` read its values, converted to the declared type if there is one.
    Tuple {
        tmp: VarId,
        call: Expr,
        values: Vec<Expr>,
    },
}

fn stmt(kind: StmtKind, pos: Pos) -> Stmt {
    Stmt { kind, pos }
}

impl Checker<'_> {
    /// A call of a declared function with already-checked arguments, as an expression.
    pub(super) fn static_call(&mut self, f: FuncId, args: Vec<Expr>, pos: Pos) -> Expr {
        let results = self
            .types
            .sig(self.funcs[f.0 as usize].sig)
            .map(|s| s.results.clone())
            .unwrap_or_default();
        let ty = self.results_type(&results);
        mk(
            ExprKind::Call(Box::new(Call {
                pre: None,
                callee: Callee::Static(f),
                args,
                ty,
                pos,
            })),
            ty,
            pos,
        )
    }

    /// A hidden variable for a multi-valued expression, and reads of each of its values.
    pub(super) fn tuple_var(&mut self, e: &Expr) -> (VarId, Vec<Expr>) {
        let tmp = self.new_var("~tuple", e.ty, None);
        let ets = match self.types.kind(e.ty) {
            TypeKind::Tuple(ts) => ts.clone(),
            _ => Vec::new(),
        };
        let gets = ets
            .iter()
            .enumerate()
            .map(|(i, t)| mk(ExprKind::TupleGet(tmp, i as u32), *t, e.pos))
            .collect();
        (tmp, gets)
    }

    /// A constant expression, optionally of a declared type.
    pub(super) fn const_expr(
        &mut self,
        e: &syntax::Expr,
        ty: Option<&TypeExpr>,
    ) -> Res<(ConstVal, Ty)> {
        let declared = ty.map(|t| self.resolve_type(t)).transpose()?;
        match self.expr(e)? {
            Op::Const(v, t, p) => {
                match declared {
                    Some(d) => {
                        if !matches!(
                            self.types.ukind(d),
                            TypeKind::Int(_)
                                | TypeKind::Float(_)
                                | TypeKind::Complex(_)
                                | TypeKind::String
                                | TypeKind::Bool
                        ) {
                            return self
                                .err(p, format!("invalid constant type {}", self.types.name(d)));
                        }
                        if !self.types.is_untyped(t) && t != d {
                            return self.err(p, format!("cannot use value of type {} as {} value in constant declaration", self.types.name(t), self.types.name(d)));
                        }
                        Ok((self.represent(&v, t, d, p)?, d))
                    }
                    None => Ok((v, t)),
                }
            }
            other => {
                let p = match &other {
                    Op::Value(x) => x.pos,
                    _ => e.pos,
                };
                self.err(p, "value is not constant")
            }
        }
    }

    /// Types and initial values for `var names [T] = values`.
    pub(super) fn var_inits(
        &mut self,
        names: &[Ident],
        declared: Option<Ty>,
        values: &[syntax::Expr],
        pos: Pos,
    ) -> Res<(Vec<Ty>, Inits)> {
        if values.is_empty() {
            let Some(t) = declared else {
                return self.err(pos, "missing type or init expr");
            };
            return Ok((vec![t; names.len()], Inits::None));
        }
        if values.len() == names.len() {
            let mut es = Vec::new();
            for v in values {
                es.push(match declared {
                    Some(t) => self.value_as(v, t, "variable declaration")?,
                    None => self.value(v)?,
                });
            }
            return Ok((es.iter().map(|e| e.ty).collect(), Inits::Values(es)));
        }
        if values.len() == 1 {
            let call = self.tuple_rhs(&values[0], names.len())?;
            let (tmp, gets) = self.tuple_var(&call);
            let mut values = Vec::new();
            for get in gets {
                values.push(match declared {
                    Some(t) => self.assign_op(Op::Value(get), t, "variable declaration")?,
                    None => get,
                });
            }
            let tys = values.iter().map(|v| v.ty).collect();
            return Ok((tys, Inits::Tuple { tmp, call, values }));
        }
        // gc words a declaration with several values otherwise (`extra init expr`).
        match values {
            [_] => self.assign_mismatch(values, names.len(), 1),
            _ => self.err(
                pos,
                format!(
                    "assignment mismatch: {} variables but {} values",
                    names.len(),
                    values.len()
                ),
            ),
        }
    }

    /// The condition of an `if` or `for` statement (`context`): a value of any boolean type,
    /// as a `bool`.
    fn condition(&mut self, e: &syntax::Expr, context: &str) -> Res<Expr> {
        match self.expr(e)? {
            Op::Value(v) if v.ty == self.b.bool_ => Ok(v),
            Op::Value(v) if matches!(self.types.ukind(v.ty), TypeKind::Bool) => {
                let pos = v.pos;
                Ok(mk(ExprKind::Convert(Box::new(v)), self.b.bool_, pos))
            }
            Op::Value(_) => self.gc_err(e.pos, format!("non-boolean condition in {context}")),
            op => self.assign_op(op, self.b.bool_, context),
        }
    }

    /// gc's error for `vars` variables given `vals` values by `rhs`, at its first expression.
    fn assign_mismatch<T>(&self, rhs: &[syntax::Expr], vars: usize, vals: usize) -> Res<T> {
        let measure = |n: usize, unit: &str| match n {
            1 => format!("1 {unit}"),
            n => format!("{n} {unit}s"),
        };
        let (vars, vals) = (measure(vars, "variable"), measure(vals, "value"));
        let Some(first) = rhs.first() else {
            return self.internal(Pos::default(), "an assignment mismatch without values");
        };
        match (rhs, &strip_parens(first).kind) {
            ([_], S::Call { func, .. }) => match self.gc_expr(func) {
                Some(f) => self.gc_err(
                    first.pos,
                    format!("assignment mismatch: {vars} but {f} returns {vals}"),
                ),
                None => self.err(first.pos, format!("assignment mismatch: {vars} but {vals}")),
            },
            // A multi-valued call among several values is another error.
            _ if rhs
                .iter()
                .any(|e| matches!(strip_parens(e).kind, S::Call { .. })) =>
            {
                self.err(first.pos, format!("assignment mismatch: {vars} but {vals}"))
            }
            _ => self.gc_err(first.pos, format!("assignment mismatch: {vars} but {vals}")),
        }
    }

    /// A right-hand side providing `n` values: a multi-valued call or a comma-ok form.
    fn tuple_rhs(&mut self, e: &syntax::Expr, n: usize) -> Res<Expr> {
        let inner = strip_parens(e);
        if n == 2 {
            match &inner.kind {
                S::Index(x, i) => {
                    let xe = self.value(x)?;
                    if let TypeKind::Map(k, v) = self.types.ukind(xe.ty).clone() {
                        let ke = self.value_as(i, k, "map index")?;
                        let b = self.b.bool_;
                        let t = self.types.tuple(vec![v, b]);
                        return Ok(mk(
                            ExprKind::MapIndex(Box::new(xe), Box::new(ke), true),
                            t,
                            e.pos,
                        ));
                    }
                }
                S::Assert(x, Some(te)) => {
                    let xe = self.value(x)?;
                    let t = self.resolve_type(te)?;
                    self.check_assert(&xe, t, e.pos)?;
                    let b = self.b.bool_;
                    let tt = self.types.tuple(vec![t, b]);
                    return Ok(mk(ExprKind::Assert(Box::new(xe), t, true), tt, e.pos));
                }
                _ => {}
            }
        }
        match self.expr(e)? {
            Op::Tuple(x) => match self.types.kind(x.ty) {
                TypeKind::Tuple(ts) if ts.len() == n => Ok(x),
                TypeKind::Tuple(ts) => self.assign_mismatch(std::slice::from_ref(e), n, ts.len()),
                _ => self.internal(e.pos, "a multi-valued call whose type is not a tuple"),
            },
            Op::NoValue(_) => self.err(e.pos, "function call (no value) used as value"),
            _ => self.assign_mismatch(std::slice::from_ref(e), n, 1),
        }
    }

    pub(super) fn block_stmts(&mut self, stmts: &[syntax::Stmt]) -> Res<Vec<Stmt>> {
        self.push_scope();
        let r = self.stmts(stmts);
        self.pop_scope();
        r
    }

    pub(super) fn stmts(&mut self, stmts: &[syntax::Stmt]) -> Res<Vec<Stmt>> {
        let mut out = Vec::new();
        for s in stmts {
            self.stmt(s, &mut out)?;
        }
        Ok(out)
    }

    fn stmt(&mut self, s: &syntax::Stmt, out: &mut Vec<Stmt>) -> Res<()> {
        let pos = s.pos;
        // The label of this statement, for the loop or switch it is.
        let label = self.ctx().labels.pending.take();
        match &s.kind {
            SK::Empty => {}
            SK::Expr(e) => {
                let e = match self.expr(e)? {
                    Op::NoValue(e) | Op::Tuple(e) => e,
                    // Calls, and `copy` among the builtins with results, may stand alone.
                    Op::Value(e)
                        if matches!(
                            e.kind,
                            ExprKind::Call(_) | ExprKind::Builtin(crate::ir::Builtin::Copy, _)
                        ) =>
                    {
                        e
                    }
                    Op::Value(e) => {
                        return self.err(
                            e.pos,
                            format!("value of type {} is not used", self.types.name(e.ty)),
                        );
                    }
                    other => {
                        let v = self.op_value(other)?;
                        return self.err(
                            v.pos,
                            format!("value of type {} is not used", self.types.name(v.ty)),
                        );
                    }
                };
                out.push(stmt(StmtKind::Expr(e), pos));
            }
            SK::Define(names, values, op) => self.define(names, values, *op, out)?,
            SK::Assign(lhs, None, rhs) => self.assign(lhs, rhs, pos, out)?,
            SK::Assign(lhs, Some(op), rhs) => {
                if lhs.len() != 1 || rhs.len() != 1 {
                    return self.err(
                        pos,
                        format!(
                            "assignment operation {}= requires single-valued expressions",
                            op.symbol()
                        ),
                    );
                }
                self.op_assign(&lhs[0], *op, &rhs[0], pos, out)?;
            }
            SK::IncDec(x, inc) => {
                let one = syntax::Expr {
                    kind: S::Int(1),
                    pos,
                };
                let op = if *inc { BinOp::Add } else { BinOp::Sub };
                self.op_assign(x, op, &one, pos, out)?;
            }
            SK::Var(specs) => {
                for spec in specs {
                    let declared = spec.ty.as_ref().map(|t| self.resolve_type(t)).transpose()?;
                    let (tys, inits) =
                        self.var_inits(&spec.names, declared, &spec.values, spec.pos)?;
                    self.declare_vars(&spec.names, &tys, inits, spec.pos, out)?;
                }
            }
            SK::Const(specs) => {
                for spec in specs {
                    let mut vals = Vec::new();
                    for j in 0..spec.names.len() {
                        vals.push(self.const_spec_value(spec, j)?);
                    }
                    for (n, (v, t)) in spec.names.iter().zip(vals) {
                        self.declare(n, Entity::Const(v, t))?;
                    }
                }
            }
            SK::Type(specs) => self.declare_types(specs)?,
            SK::Return(values) => self.return_stmt(values, pos, out)?,
            SK::Defer(e) => {
                if let S::Paren(_) = e.kind {
                    return self.gc_err(e.pos, "expression in defer must not be parenthesized");
                }
                let S::Call { .. } = e.kind else {
                    let message = "expression in defer must be function call";
                    // go1.19 puts an error about a selector at its `.`, later releases at its
                    // start.
                    return match e.kind {
                        S::Ident(_) => self.gc_err(e.pos, message),
                        _ => self.err(e.pos, message),
                    };
                };
                match self.expr(e)? {
                    Op::Value(Expr {
                        kind: ExprKind::Call(c),
                        ..
                    })
                    | Op::NoValue(Expr {
                        kind: ExprKind::Call(c),
                        ..
                    })
                    | Op::Tuple(Expr {
                        kind: ExprKind::Call(c),
                        ..
                    }) => out.push(stmt(StmtKind::Defer(*c), pos)),
                    Op::NoValue(Expr {
                        kind: ExprKind::Builtin(..),
                        ..
                    }) => {
                        return self.unsupported(pos, "defer of delete or clear");
                    }
                    _ => {
                        return self.err(
                            pos,
                            "defer requires function call, not conversion or builtin value",
                        );
                    }
                }
            }
            SK::Block(b) => {
                let body = self.block_stmts(&b.stmts)?;
                out.push(stmt(StmtKind::Block(body), pos));
            }
            SK::If {
                init,
                cond,
                then,
                els,
            } => {
                self.push_scope();
                let mut block = Vec::new();
                if let Some(i) = init {
                    self.stmt(i, &mut block)?;
                }
                let c = self.condition(cond, "if statement")?;
                if !matches!(self.types.ukind(c.ty), TypeKind::Bool) {
                    return self.err(c.pos, "non-boolean condition in if statement");
                }
                let t = self.block_stmts(&then.stmts)?;
                let mut e = Vec::new();
                if let Some(els) = els {
                    self.stmt(els, &mut e)?;
                }
                self.pop_scope();
                block.push(stmt(StmtKind::If(c, t, e), pos));
                out.push(stmt(StmtKind::Block(block), pos));
            }
            SK::For {
                init,
                cond,
                post,
                body,
            } => {
                self.push_scope();
                let mut block = Vec::new();
                let first_var = self.ctx().vars.len();
                if let Some(i) = init {
                    self.stmt(i, &mut block)?;
                }
                let loop_vars: Vec<VarId> = (first_var..self.ctx().vars.len())
                    .map(|v| VarId(v as u32))
                    .collect();
                let c = cond
                    .as_ref()
                    .map(|c| self.condition(c, "for statement"))
                    .transpose()?;
                self.open_target(label, true);
                let b = self.block_stmts(&body.stmts)?;
                self.close_target();
                let mut p = Vec::new();
                if let Some(ps) = post {
                    if matches!(ps.kind, SK::Define(..)) {
                        return self.err(ps.pos, "cannot declare in post statement of for loop");
                    }
                    self.stmt(ps, &mut p)?;
                }
                self.pop_scope();
                let per_iteration = if self.lang_at_least(1, 22) {
                    loop_vars
                } else {
                    Vec::new()
                };
                block.push(stmt(
                    StmtKind::Loop {
                        cond: c,
                        body: b,
                        post: p,
                        per_iteration,
                    },
                    pos,
                ));
                out.push(stmt(StmtKind::Block(block), pos));
            }
            SK::Range {
                key,
                value,
                define,
                expr,
                body,
            } => {
                self.open_target(label, true);
                let r = self.range(key.as_ref(), value.as_ref(), *define, expr, body, pos)?;
                self.close_target();
                out.push(r);
            }
            SK::Switch { init, tag, cases } => {
                self.push_scope();
                let mut block = Vec::new();
                if let Some(i) = init {
                    self.stmt(i, &mut block)?;
                }
                self.open_target(label, false);
                let sw = self.switch(tag.as_ref(), cases, pos, &mut block)?;
                self.close_target();
                self.pop_scope();
                block.push(sw);
                out.push(stmt(StmtKind::Block(block), pos));
            }
            SK::TypeSwitch {
                init,
                bind,
                expr,
                cases,
            } => {
                self.push_scope();
                let mut block = Vec::new();
                if let Some(i) = init {
                    self.stmt(i, &mut block)?;
                }
                self.open_target(label, false);
                self.type_switch(bind.as_ref(), expr, cases, pos, &mut block)?;
                self.close_target();
                self.pop_scope();
                out.push(stmt(StmtKind::Block(block), pos));
            }
            SK::Break(l) => {
                let target = self.jump_target(l.as_ref(), false, pos)?;
                out.push(stmt(StmtKind::Break(target), pos));
            }
            SK::Continue(l) => {
                let target = self.jump_target(l.as_ref(), true, pos)?;
                out.push(stmt(StmtKind::Continue(target), pos));
            }
            SK::Goto(l) => {
                let id = self.goto(l)?;
                out.push(stmt(StmtKind::Goto(id), pos));
            }
            SK::Labeled(l, inner) => {
                let id = self.label(l)?;
                let mut body = Vec::new();
                self.stmt(inner, &mut body)?;
                let inner = stmt(StmtKind::Block(body), inner.pos);
                out.push(stmt(StmtKind::Labeled(id, Box::new(inner)), pos));
            }
            // A `fallthrough` where it may stand is taken by `clause_body`.
            SK::Fallthrough => return self.gc_err(pos, "fallthrough statement out of place"),
        }
        Ok(())
    }

    fn declare_vars(
        &mut self,
        names: &[Ident],
        tys: &[Ty],
        inits: Inits,
        pos: Pos,
        out: &mut Vec<Stmt>,
    ) -> Res<()> {
        match inits {
            Inits::None => {
                for (n, t) in names.iter().zip(tys) {
                    let v = self.define_local(n, *t)?;
                    out.push(stmt(StmtKind::Declare(v, None), pos));
                }
            }
            Inits::Values(es) => {
                // Values are evaluated before any of the new variables is in scope.
                let vars: Vec<VarId> = names
                    .iter()
                    .zip(tys)
                    .map(|(n, t)| self.define_local(n, *t))
                    .collect::<Res<_>>()?;
                for (v, e) in vars.into_iter().zip(es) {
                    out.push(stmt(StmtKind::Declare(v, Some(e)), pos));
                }
            }
            Inits::Tuple { tmp, call, values } => {
                out.push(stmt(StmtKind::Declare(tmp, Some(call)), pos));
                for ((n, t), val) in names.iter().zip(tys).zip(values) {
                    let v = self.define_local(n, *t)?;
                    out.push(stmt(StmtKind::Declare(v, Some(val)), pos));
                }
            }
        }
        Ok(())
    }

    fn define(
        &mut self,
        names: &[Ident],
        values: &[syntax::Expr],
        pos: Pos,
        out: &mut Vec<Stmt>,
    ) -> Res<()> {
        for (i, n) in names.iter().enumerate() {
            if n.name != "_" && names[..i].iter().any(|m| m.name == n.name) {
                return self.gc_err(n.pos, format!("{} repeated on left side of :=", n.name));
            }
        }
        // Values first: the new variables are not in scope in their own initializers.
        let (tys, inits) = self.var_inits(names, None, values, pos)?;
        let mut any_new = false;
        let mut targets = Vec::new();
        for (n, t) in names.iter().zip(&tys) {
            match self.declared_here(&n.name) {
                Some(Entity::Local { depth, var }) if n.name != "_" => {
                    let vt = self.var_ty(depth, var);
                    targets.push(Some((Place::Var(self.var_ref(depth, var)), vt)));
                }
                _ if n.name == "_" => targets.push(Some((Place::Blank, *t))),
                _ => {
                    any_new = true;
                    targets.push(None);
                }
            }
        }
        if !any_new {
            return self.gc_err(pos, "no new variables on left side of :=");
        }
        if targets.iter().all(Option::is_none) {
            self.declare_vars(names, &tys, inits, pos, out)?;
            return Ok(());
        }
        // Mixed: new variables are declared, existing ones assigned, all from the same values.
        let values: Vec<Expr> = match inits {
            Inits::Values(es) => es,
            Inits::Tuple { tmp, call, values } => {
                out.push(stmt(StmtKind::Declare(tmp, Some(call)), pos));
                values
            }
            Inits::None => Vec::new(),
        };
        let mut temps = Vec::new();
        for v in values {
            let t = self.new_var("~tmp", v.ty, None);
            let p = v.pos;
            let ty = v.ty;
            out.push(stmt(StmtKind::Declare(t, Some(v)), p));
            temps.push(mk(ExprKind::Load(Place::Var(VarRef::Local(t))), ty, p));
        }
        for ((n, target), val) in names.iter().zip(targets).zip(temps) {
            match target {
                Some((place, vt)) => {
                    let v = self.assign_op(Op::Value(val), vt, "assignment")?;
                    out.push(stmt(StmtKind::Assign(vec![place], vec![v]), pos));
                }
                None => {
                    let ty = val.ty;
                    let v = self.define_local(n, ty)?;
                    out.push(stmt(StmtKind::Declare(v, Some(val)), pos));
                }
            }
        }
        Ok(())
    }

    fn assign(
        &mut self,
        lhs: &[syntax::Expr],
        rhs: &[syntax::Expr],
        pos: Pos,
        out: &mut Vec<Stmt>,
    ) -> Res<()> {
        let mut places = Vec::new();
        for l in lhs {
            places.push(self.place_of(l, false)?);
        }
        if lhs.len() == rhs.len() {
            let mut vals = Vec::new();
            for ((_, t), r) in places.iter().zip(rhs) {
                vals.push(if *t == self.b.unit {
                    self.value(r)?
                } else {
                    self.value_as(r, *t, "assignment")?
                });
            }
            out.push(stmt(
                StmtKind::Assign(places.into_iter().map(|(p, _)| p).collect(), vals),
                pos,
            ));
            return Ok(());
        }
        if rhs.len() != 1 {
            return self.assign_mismatch(rhs, lhs.len(), rhs.len());
        }
        let e = self.tuple_rhs(&rhs[0], lhs.len())?;
        let (tmp, gets) = self.tuple_var(&e);
        out.push(stmt(StmtKind::Declare(tmp, Some(e)), pos));
        let mut vals = Vec::new();
        for ((_, t), get) in places.iter().zip(gets) {
            vals.push(if *t == self.b.unit {
                get
            } else {
                self.assign_op(Op::Value(get), *t, "assignment")?
            });
        }
        out.push(stmt(
            StmtKind::Assign(places.into_iter().map(|(p, _)| p).collect(), vals),
            pos,
        ));
        Ok(())
    }

    fn op_assign(
        &mut self,
        l: &syntax::Expr,
        op: BinOp,
        r: &syntax::Expr,
        pos: Pos,
        out: &mut Vec<Stmt>,
    ) -> Res<()> {
        let (place, t) = self.place_of(l, false)?;
        if matches!(place, Place::Blank) {
            return self.err(pos, "cannot use _ as value");
        }
        // `x op= y` (and `x++`) reads x: it counts as a use, unlike `x = y`.
        if let S::Ident(name) = &strip_parens(l).kind
            && let Ok(Entity::Local { depth, var }) = self.lookup(&Ident {
                name: name.clone(),
                pos: l.pos,
            })
        {
            self.mark_used(depth, var);
        }
        let ro = self.expr(r)?;
        let re = if matches!(op, BinOp::Shl | BinOp::Shr) {
            self.shift_count(ro)?
        } else {
            self.assign_op(ro, t, "assignment")?
        };
        self.check_operands(op, t, &re, pos)?;
        out.push(stmt(StmtKind::OpAssign(place, op, re, t), pos));
        Ok(())
    }

    fn return_stmt(&mut self, values: &[syntax::Expr], pos: Pos, out: &mut Vec<Stmt>) -> Res<()> {
        let results = self.ctx().results.clone();
        if values.is_empty() {
            if !results.is_empty() && !self.ctx().named_results {
                return self.return_count(&results, &[], &[], pos);
            }
            // A bare return needs the named results in scope, not shadowed.
            let rvars = self.ctx().result_vars.clone();
            let depth = self.depth();
            for v in rvars {
                let name = self.ctxs[depth].vars[v.0 as usize].name.clone();
                if name == "_" {
                    continue;
                }
                let id = Ident {
                    name: name.clone(),
                    pos,
                };
                match self.lookup(&id)? {
                    Entity::Local { depth: d, var } if d == depth && var == v => {}
                    _ => {
                        return self.err(
                            pos,
                            format!("result parameter {name} not in scope at return"),
                        );
                    }
                }
            }
            out.push(stmt(StmtKind::Return(Vec::new()), pos));
            return Ok(());
        }
        if values.len() == 1
            && results.len() > 1
            && matches!(strip_parens(&values[0]).kind, S::Call { .. })
        {
            let call = &values[0];
            let e = match self.expr(call)? {
                Op::Tuple(x) if matches!(self.types.kind(x.ty), TypeKind::Tuple(ts) if ts.len() == results.len()) => {
                    x
                }
                // Each result of the call is a value of the statement, all at the call.
                Op::Tuple(x) => {
                    let have: Vec<Summand> = match self.types.kind(x.ty) {
                        TypeKind::Tuple(ts) => ts.iter().map(|t| Summand::Typed(*t)).collect(),
                        _ => {
                            return self.internal(
                                call.pos,
                                "a multi-valued call whose type is not a tuple",
                            );
                        }
                    };
                    let at = vec![call.pos; have.len()];
                    return self.return_count(&results, &at, &have, pos);
                }
                op => {
                    let have = [self.summand(&op)];
                    return self.return_count(&results, &[call.pos], &have, pos);
                }
            };
            let (tmp, gets) = self.tuple_var(&e);
            out.push(stmt(StmtKind::Declare(tmp, Some(e)), pos));
            let mut vals = Vec::new();
            for (get, rt) in gets.into_iter().zip(&results) {
                vals.push(self.assign_op(Op::Value(get), *rt, "return statement")?);
            }
            out.push(stmt(StmtKind::Return(vals), pos));
            return Ok(());
        }
        if values.len() != results.len() {
            let mut have = Vec::new();
            for v in values {
                let op = self.expr(v)?;
                have.push(self.summand(&op));
            }
            let at: Vec<Pos> = values.iter().map(|v| v.pos).collect();
            return self.return_count(&results, &at, &have, pos);
        }
        let mut vals = Vec::new();
        for (v, t) in values.iter().zip(&results) {
            vals.push(self.value_as(v, *t, "return statement")?);
        }
        out.push(stmt(StmtKind::Return(vals), pos));
        Ok(())
    }

    /// gc's error for a `return` at `pos` whose values (`have`, each at its place in `at`) do
    /// not fit the results: at the first extra value, or the last one (the statement when
    /// there is none), with what the statement has and what the function wants.
    fn return_count<T>(&self, results: &[Ty], at: &[Pos], have: &[Summand], pos: Pos) -> Res<T> {
        let (what, at) = match at.get(results.len()) {
            Some(extra) => ("too many", *extra),
            None => ("not enough", at.last().copied().unwrap_or(pos)),
        };
        let want: Vec<Summand> = results.iter().map(|t| Summand::Typed(*t)).collect();
        match (self.gc_summary(have, false), self.gc_summary(&want, false)) {
            (Some(have), Some(want)) => self.gc_err(
                at,
                format!("{what} return values\n\thave {have}\n\twant {want}"),
            ),
            _ => self.err(at, format!("{what} return values")),
        }
    }

    fn range(
        &mut self,
        key: Option<&syntax::Expr>,
        value: Option<&syntax::Expr>,
        define: bool,
        expr: &syntax::Expr,
        body: &syntax::Block,
        pos: Pos,
    ) -> Res<Stmt> {
        let xo = self.expr(expr)?;
        let x = match xo {
            Op::Const(v, t, p)
                if self.untyped_kind(t).is_some() && matches!(v, ConstVal::Int(_)) =>
            {
                if !self.lang_at_least(1, 22) {
                    let lang = self.lang;
                    return self.err(p, format!("cannot range over {} (untyped int constant): requires go1.22 or later (-lang was set to go{lang}; check go.mod)", v.show()));
                }
                let int = self.b.int;
                self.assign_op(Op::Const(v, t, p), int, "range")?
            }
            other => self.op_value(other)?,
        };
        let (kind, key_ty, val_ty) = match self.types.ukind(x.ty).clone() {
            _ if self.types.array_of(x.ty).is_some() => {
                let elem = self.types.array_of(x.ty).map(|(e, _)| e);
                (RangeKind::Elements, self.b.int, elem)
            }
            TypeKind::Int(_) => {
                if !self.lang_at_least(1, 22) {
                    let lang = self.lang;
                    return self.err(x.pos, format!("cannot range over value of type {}: requires go1.22 or later (-lang was set to go{lang}; check go.mod)", self.types.name(x.ty)));
                }
                (RangeKind::Int, x.ty, None)
            }
            TypeKind::Slice(e) => (RangeKind::Elements, self.b.int, Some(e)),
            TypeKind::String => (RangeKind::String, self.b.int, Some(self.b.int32)),
            TypeKind::Map(..) => {
                return self.unsupported(pos, "range over a map (its order is random)");
            }
            TypeKind::Func(_) => return self.unsupported(pos, "range over a function"),
            _ => {
                return self.err(
                    x.pos,
                    format!("cannot range over value of type {}", self.types.name(x.ty)),
                );
            }
        };
        if value.is_some() && val_ty.is_none() {
            return self.err(
                pos,
                format!(
                    "range over value of type {} permits only one iteration variable",
                    self.types.name(x.ty)
                ),
            );
        }
        let operand = self.new_var("~range", x.ty, None);
        let len = self.new_var("~len", self.b.int, None);
        let index = self.new_var("~index", self.b.int, None);
        self.push_scope();
        let per_iteration = self.lang_at_least(1, 22);
        let target = |c: &mut Self, e: Option<&syntax::Expr>, t: Ty| -> Res<Option<RangeTarget>> {
            let Some(e) = e else { return Ok(None) };
            if define {
                let S::Ident(name) = &e.kind else {
                    return c.err(e.pos, "non-name on left side of :=");
                };
                if name == "_" {
                    return Ok(None);
                }
                let v = c.define_local(
                    &Ident {
                        name: name.clone(),
                        pos: e.pos,
                    },
                    t,
                )?;
                Ok(Some(RangeTarget::Define {
                    var: v,
                    per_iteration,
                }))
            } else {
                let (p, pt) = c.place_of(e, false)?;
                if matches!(p, Place::Blank) {
                    return Ok(None);
                }
                if pt != t && c.types.is_interface(pt) {
                    return c.unsupported(
                        e.pos,
                        "a range assigning to a variable of an interface type",
                    );
                }
                if pt != t && c.types.under(pt) != c.types.under(t) {
                    return c.err(
                        e.pos,
                        format!(
                            "cannot assign {} to {} in range",
                            c.types.name(t),
                            c.types.name(pt)
                        ),
                    );
                }
                Ok(Some(RangeTarget::Assign(p)))
            }
        };
        let key = target(self, key, key_ty)?;
        let value = match val_ty {
            Some(t) => target(self, value, t)?,
            None => None,
        };
        let body = self.block_stmts(&body.stmts);
        self.pop_scope();
        Ok(stmt(
            StmtKind::Range(Box::new(RangeLoop {
                kind,
                expr: x,
                operand,
                len,
                index,
                key,
                value,
                body: body?,
            })),
            pos,
        ))
    }

    fn switch(
        &mut self,
        tag: Option<&syntax::Expr>,
        cases: &[syntax::CaseClause],
        pos: Pos,
        block: &mut Vec<Stmt>,
    ) -> Res<Stmt> {
        let tag = match tag {
            Some(t) => Some(self.value(t)?),
            None => None,
        };
        // A switch without a tag is a switch on `true`, whatever `true` denotes there.
        if tag.is_none() {
            let id = Ident {
                name: "true".to_string(),
                pos,
            };
            if !matches!(self.lookup(&id)?, Entity::Const(ConstVal::Bool(true), t) if t == self.b.untyped_bool)
            {
                return self.unsupported(pos, "a switch without a tag where true is redeclared");
            }
        }
        // A tag of a type with no `==` is allowed when its cases can be `nil`.
        if let Some(t) = &tag
            && !self.types.comparable(t.ty)
            && !self.types.nillable(t.ty)
        {
            return self.err(
                t.pos,
                format!("cannot switch on a value of type {}", self.types.name(t.ty)),
            );
        }
        let tag_var = tag.map(|t| {
            let v = self.new_var("~tag", t.ty, None);
            let ty = t.ty;
            block.push(stmt(StmtKind::Declare(v, Some(t)), pos));
            (v, ty)
        });
        let mut clauses = Vec::new();
        let mut first_default = None;
        // The constant cases so far, for duplicates.
        let mut constants: HashMap<(Ty, ConstKey), &syntax::Expr> = HashMap::default();
        for (i, c) in cases.iter().enumerate() {
            if c.default {
                if let Some(first) = first_default {
                    return self.multiple_defaults(c.pos, first);
                }
                first_default = Some(c.pos);
            }
            let mut conds = Vec::new();
            for e in &c.exprs {
                let cond = match tag_var {
                    Some((v, ty)) => {
                        let lhs = mk(ExprKind::Load(Place::Var(VarRef::Local(v))), ty, e.pos);
                        let ro = self.expr(e)?;
                        let rhs = match ro {
                            Op::Nil(p) => self.assign_op(Op::Nil(p), ty, "switch case")?,
                            Op::Const(..) => self.assign_op(ro, ty, "switch case")?,
                            other => self.op_value(other)?,
                        };
                        // gc looks for duplicates among integers, floats and strings only.
                        if let Some((ct, value, key)) = constant_of(&rhs)
                            && !matches!(key, ConstKey::Bool(_) | ConstKey::Complex(..))
                            && let Some(previous) = constants.insert((ct, key), e)
                        {
                            return self.duplicate_case(e, previous, value, ct);
                        }
                        self.compare_eq(lhs, rhs, e.pos)?
                    }
                    // The missing tag is `true` of type bool: a case of another boolean type
                    // does not match it.
                    None => self.value_as(e, self.b.bool_, "switch case")?,
                };
                conds.push(cond);
            }
            let last = i + 1 == cases.len();
            self.push_scope();
            let body = self.clause_body(
                &c.body,
                last.then_some("cannot fallthrough final case in switch"),
            );
            self.pop_scope();
            let body = body?;
            clauses.push(SwitchClause {
                conds,
                default: c.default,
                body,
            });
        }
        Ok(stmt(StmtKind::Switch { clauses }, pos))
    }

    /// A clause's body. A `fallthrough` is taken here, where it may stand (last in the
    /// clause), unless `refused` says why it may not in this clause; anywhere else it is out
    /// of place.
    fn clause_body(
        &mut self,
        body: &[syntax::Stmt],
        refused: Option<&'static str>,
    ) -> Res<Vec<Stmt>> {
        // Empty statements after it (`fallthrough;;`) leave it last.
        let end = body.len()
            - body
                .iter()
                .rev()
                .take_while(|s| matches!(s.kind, SK::Empty))
                .count();
        let (rest, fallthrough) = match body[..end].split_last() {
            Some((last, rest)) if matches!(last.kind, SK::Fallthrough) => (rest, Some(last.pos)),
            Some((last, _)) if matches!(&last.kind, SK::Labeled(_, s) if matches!(s.kind, SK::Fallthrough)) =>
            {
                return self.unsupported(last.pos, "a labelled fallthrough statement");
            }
            _ => (body, None),
        };
        if let (Some(pos), Some(why)) = (fallthrough, refused) {
            return self.gc_err(pos, why);
        }
        let mut stmts = self.stmts(rest)?;
        if let Some(pos) = fallthrough {
            stmts.push(stmt(StmtKind::Fallthrough, pos));
        }
        Ok(stmts)
    }

    /// The error for a second `default` clause at `pos`.
    fn multiple_defaults<T>(&self, pos: Pos, first: Pos) -> Res<T> {
        // gc names the first default by `file:line:col`, which the model's words leave out.
        self.err(
            pos,
            format!("multiple defaults (first at {}:{})", first.line, first.col),
        )
    }

    /// gc's error for the case `e` whose constant `value` of type `t` an earlier case
    /// `previous` has too.
    fn duplicate_case<T>(
        &self,
        e: &syntax::Expr,
        previous: &syntax::Expr,
        value: &Value,
        t: Ty,
    ) -> Res<T> {
        // gc places the note at the previous case's operator or `(` where it has one.
        let simple = matches!(
            previous.kind,
            S::Ident(_) | S::Int(_) | S::Float(_) | S::Imag(_) | S::Str(_) | S::Rune(_)
        );
        match self.gc_constant(e, value, t) {
            Some(operand) if simple => self.gc_err_noted(
                e.pos,
                format!("duplicate case {operand} in expression switch"),
                &[(previous.pos, "previous case")],
            ),
            _ => self.err(e.pos, "duplicate case in expression switch"),
        }
    }

    /// gc's error for a type switch case `ty` (`None` for `nil`, written at `at`) that an earlier
    /// case (written at `previous`) has too; `clause` is where the case's clause is.
    fn duplicate_type_case<T>(
        &self,
        ty: Option<Ty>,
        at: Option<&TypeExpr>,
        previous: Option<&TypeExpr>,
        clause: Pos,
    ) -> Res<T> {
        let shown = match ty {
            Some(t) => self.gc_type(t),
            None => Some("nil".to_string()),
        };
        // gc places both at a function type's `(` and a qualified name's `.`.
        let starts = |t: &TypeExpr| {
            matches!(
                t.kind,
                TypeExprKind::Name(_) | TypeExprKind::Pointer(_) | TypeExprKind::Slice(_)
            )
        };
        match (shown, at, previous) {
            (Some(shown), Some(at), Some(previous)) if starts(at) && starts(previous) => self
                .gc_err_noted(
                    at.pos,
                    format!("duplicate case {shown} in type switch"),
                    &[(previous.pos, "previous case")],
                ),
            _ => self.err(
                at.map_or(clause, |t| t.pos),
                "duplicate case in type switch",
            ),
        }
    }

    /// `lhs == rhs` for a switch case, with the conversions a comparison implies.
    fn compare_eq(&mut self, lhs: Expr, rhs: Expr, pos: Pos) -> Res<Expr> {
        // A case compared with an interface tag must itself be comparable.
        if !rhs.is_nil_const() && !self.types.comparable(rhs.ty) {
            return self.err(
                pos,
                format!(
                    "invalid case: {} cannot be compared",
                    self.types.name(rhs.ty)
                ),
            );
        }
        let (l, r) = if lhs.ty == rhs.ty {
            (lhs, rhs)
        } else if self.types.is_interface(lhs.ty) {
            let t = lhs.ty;
            (lhs, self.assign_op(Op::Value(rhs), t, "comparison")?)
        } else if self.types.is_interface(rhs.ty) {
            let t = rhs.ty;
            (self.assign_op(Op::Value(lhs), t, "comparison")?, rhs)
        } else {
            return self.err(
                pos,
                format!(
                    "invalid case: mismatched types {} and {}",
                    self.types.name(rhs.ty),
                    self.types.name(lhs.ty)
                ),
            );
        };
        // A slice, map or func may only be compared with nil.
        if !self.types.comparable(l.ty) && !l.is_nil_const() && !r.is_nil_const() {
            return self.err(
                pos,
                format!("invalid case: {} cannot be compared", self.types.name(l.ty)),
            );
        }
        Ok(mk(
            ExprKind::Binary(BinOp::Eq, Box::new(l), Box::new(r)),
            self.b.bool_,
            pos,
        ))
    }

    fn type_switch(
        &mut self,
        bind: Option<&Ident>,
        expr: &syntax::Expr,
        cases: &[syntax::TypeClause],
        pos: Pos,
        block: &mut Vec<Stmt>,
    ) -> Res<()> {
        if let Some(b) = bind.filter(|b| b.name == "_") {
            return self.gc_err(b.pos, "no new variable on left side of :=");
        }
        // The grammar gives the guard's operand; `x.(type)` is also accepted.
        let x = match &strip_parens(expr).kind {
            S::Assert(x, None) => x.as_ref(),
            _ => expr,
        };
        let xe = self.value(x)?;
        if !self.types.is_interface(xe.ty) {
            return self.err(
                xe.pos,
                format!("{} is not an interface", self.types.name(xe.ty)),
            );
        }
        let xt = xe.ty;
        let subject = self.new_var("~subject", xt, None);
        block.push(stmt(StmtKind::Declare(subject, Some(xe)), pos));
        let load = |p: Pos| mk(ExprKind::Load(Place::Var(VarRef::Local(subject))), xt, p);
        let mut clauses = Vec::new();
        let mut bind_vars = Vec::new();
        let mut first_default = None;
        // The types of the cases so far (`None` for `nil`), where they are written.
        let mut seen: HashMap<Option<Ty>, Option<&TypeExpr>> = HashMap::default();
        for c in cases {
            if c.default {
                if let Some(first) = first_default {
                    return self.multiple_defaults(c.pos, first);
                }
                first_default = Some(c.pos);
            }
            let mut conds = Vec::new();
            let mut single: Option<Ty> = None;
            for t in &c.types {
                let ty = match t {
                    Some(te) => {
                        let ty = self.resolve_type(te)?;
                        if !self.types.is_interface(ty)
                            && let Some(m) = self.types.missing_method(ty, xt)
                        {
                            return self.err(te.pos, format!("impossible type switch case: {} cannot have dynamic type {} (missing method {m})", self.types.name(xt), self.types.name(ty)));
                        }
                        Some(ty)
                    }
                    None => None,
                };
                if let Some(previous) = seen.insert(ty, t.as_ref()) {
                    return self.duplicate_type_case(ty, t.as_ref(), previous, c.pos);
                }
                conds.push(mk(
                    ExprKind::TypeIs(Box::new(load(c.pos)), ty),
                    self.b.bool_,
                    c.pos,
                ));
                single = if c.types.len() == 1 { ty } else { None };
            }
            self.push_scope();
            let mut body = Vec::new();
            if let Some(b) = bind {
                let vt = single.unwrap_or(xt);
                // Reported below as one variable if no clause uses it.
                let v = self.new_var(&b.name, vt, None);
                self.ctx().used[v.0 as usize] = false;
                let depth = self.depth();
                self.declare(b, Entity::Local { depth, var: v })?;
                bind_vars.push(v);
                let init = match single {
                    Some(t) if t != xt => {
                        mk(ExprKind::Assert(Box::new(load(c.pos)), t, false), t, c.pos)
                    }
                    _ => load(c.pos),
                };
                body.push(stmt(StmtKind::Declare(v, Some(init)), c.pos));
            }
            let rest = self.clause_body(&c.body, Some("cannot fallthrough in type switch"));
            self.pop_scope();
            body.extend(rest?);
            clauses.push(SwitchClause {
                conds,
                default: c.default,
                body,
            });
        }
        if let Some(b) = bind {
            let depth = self.depth();
            let used = bind_vars.iter().any(|v| {
                self.ctxs[depth]
                    .used
                    .get(v.0 as usize)
                    .copied()
                    .unwrap_or(true)
            });
            if !used {
                self.soft_err(
                    b.pos,
                    format!("declared and not used: {}", b.name),
                    super::gcfmt::unused_type_switch_variable(&b.name),
                );
            }
        }
        block.push(stmt(StmtKind::Switch { clauses }, pos));
        Ok(())
    }
}

/// Whether a statement list ends in a terminating statement (the spec's "Terminating statements").
pub fn terminates_list(stmts: &[syntax::Stmt]) -> bool {
    stmts
        .iter()
        .rev()
        .find(|s| !matches!(s.kind, SK::Empty))
        .is_some_and(terminates)
}

fn terminates(s: &syntax::Stmt) -> bool {
    terminates_labeled(s, None)
}

/// Whether a statement terminates; `label` is the label it has, which a `break` may name.
fn terminates_labeled(s: &syntax::Stmt, label: Option<&str>) -> bool {
    match &s.kind {
        SK::Return(_) | SK::Goto(_) => true,
        SK::Labeled(l, inner) => terminates_labeled(inner, Some(&l.name)),
        SK::Expr(e) => {
            matches!(&strip_parens(e).kind, S::Call { func, .. } if matches!(&func.kind, S::Ident(n) if n == "panic"))
        }
        SK::Block(b) => terminates_list(&b.stmts),
        SK::If {
            then,
            els: Some(els),
            ..
        } => terminates_list(&then.stmts) && terminates(els),
        SK::For {
            cond: None, body, ..
        } => !has_break(&body.stmts, label),
        SK::Switch { cases, .. } => {
            cases.iter().any(|c| c.default)
                && cases.iter().all(|c| {
                    !has_break(&c.body, label)
                        && (terminates_list(&c.body) || ends_in_fallthrough(&c.body))
                })
        }
        SK::TypeSwitch { cases, .. } => {
            cases.iter().any(|c| c.default)
                && cases
                    .iter()
                    .all(|c| !has_break(&c.body, label) && terminates_list(&c.body))
        }
        _ => false,
    }
}

fn ends_in_fallthrough(stmts: &[syntax::Stmt]) -> bool {
    matches!(stmts.last().map(|s| &s.kind), Some(SK::Fallthrough))
}

/// Whether a `break` in these statements refers to the enclosing statement (which has `label`,
/// if any): an unlabeled one outside nested loops and switches, or one naming the label.
fn has_break(stmts: &[syntax::Stmt], label: Option<&str>) -> bool {
    let named = |l: &Option<Ident>| l.as_ref().is_some_and(|l| Some(l.name.as_str()) == label);
    stmts.iter().any(|s| match &s.kind {
        SK::Break(l) => l.is_none() || named(l),
        SK::Block(b) => has_break(&b.stmts, label),
        SK::Labeled(_, inner) => has_break(std::slice::from_ref(inner), label),
        SK::If { then, els, .. } => {
            has_break(&then.stmts, label)
                || els
                    .as_ref()
                    .is_some_and(|e| has_break(std::slice::from_ref(e), label))
        }
        // Inside nested loops and switches only a break naming the label counts.
        SK::For { body, .. } | SK::Range { body, .. } => {
            label.is_some() && has_labeled_break(&body.stmts, label)
        }
        SK::Switch { cases, .. } => {
            label.is_some() && cases.iter().any(|c| has_labeled_break(&c.body, label))
        }
        SK::TypeSwitch { cases, .. } => {
            label.is_some() && cases.iter().any(|c| has_labeled_break(&c.body, label))
        }
        _ => false,
    })
}

/// Whether a `break` naming `label` is anywhere in these statements.
fn has_labeled_break(stmts: &[syntax::Stmt], label: Option<&str>) -> bool {
    let mut todo: Vec<&syntax::Stmt> = stmts.iter().collect();
    while let Some(s) = todo.pop() {
        match &s.kind {
            SK::Break(Some(l)) if Some(l.name.as_str()) == label => return true,
            _ => todo.extend(s.children()),
        }
    }
    false
}
