//! Expressions: operands, assignability and conversions, selectors, calls and builtins.

use super::gcfmt::{self, Summand, constant_of, gc_value};
use super::{BuiltinName, Checker, ConstVal, Entity, Ref, Res};
use crate::diag::Wording;
use crate::ir::{Builtin, Call, Callee, Composite, Expr, ExprKind, Native, Place, VarRef};
use crate::syntax::{self, BinOp, ExprKind as S, Ident, Pos, TypeExprKind, UnOp};
use crate::types::{FloatKind, LookupError, Selection, Sig, Ty, TypeKind, Untyped};
use crate::value::Value;
use std::rc::Rc;

/// What an expression denotes before it is used.
pub enum Op {
    Value(Expr),
    Const(ConstVal, Ty, Pos),
    Nil(Pos),
    Type(Ty, Pos),
    Builtin(BuiltinName, Pos),
    Package(Pos),
    /// A call with no result.
    NoValue(Expr),
    /// A call with several results.
    Tuple(Expr),
    /// A non-constant expression whose type its context decides (the spec's shifts section):
    /// a shift of an untyped constant by a non-constant count, and operations on such shifts
    /// and untyped constants. The untyped type says its kind; [`Checker::typed`] gives it a type.
    Untyped(UntypedExpr, Ty, Pos),
}

/// Where a value being assigned is written, for gc's wording of an error about it: the
/// operand and, for a call's argument, the callee.
#[derive(Clone, Copy)]
pub struct Written<'s> {
    pub operand: &'s syntax::Expr,
    pub callee: Option<&'s syntax::Expr>,
}

/// The tree of an [`Op::Untyped`].
#[derive(Clone, Debug)]
pub enum UntypedExpr {
    /// An untyped constant of the given untyped type.
    Const(ConstVal, Ty, Pos),
    /// `x << count` or `x >> count`.
    Shift(BinOp, Box<UntypedExpr>, Box<Expr>, Pos),
    Unary(UnOp, Box<UntypedExpr>, Pos),
    Binary(BinOp, Box<UntypedExpr>, Box<UntypedExpr>, Pos),
}

pub fn mk(kind: ExprKind, ty: Ty, pos: Pos) -> Expr {
    Expr {
        kind,
        ty,
        pos,
        guard: false,
    }
}

impl Op {
    fn pos(&self) -> Pos {
        match self {
            Op::Value(e) | Op::NoValue(e) | Op::Tuple(e) => e.pos,
            Op::Const(_, _, p)
            | Op::Nil(p)
            | Op::Type(_, p)
            | Op::Builtin(_, p)
            | Op::Package(p)
            | Op::Untyped(_, _, p) => *p,
        }
    }
}

impl Checker<'_> {
    // ---- operands ----

    /// The operand an expression denotes.
    pub fn expr(&mut self, e: &syntax::Expr) -> Res<Op> {
        let pos = e.pos;
        Ok(match &e.kind {
            S::Paren(inner) => self.expr(inner)?,
            S::Ident(name) => self.ident(&Ident {
                name: name.clone(),
                pos,
            })?,
            S::Int(v) => {
                let v = i128::try_from(*v)
                    .or_else(|_| self.unsupported(pos, "integer constant beyond 127 bits"))?;
                Op::Const(ConstVal::Int(v), self.b.untyped_int, pos)
            }
            S::Float(text) => match ConstVal::from_float_literal(text) {
                Some(v) => Op::Const(v, self.b.untyped_float, pos),
                None => return self.unsupported(pos, format!("floating-point constant {text}")),
            },
            S::Imag(text) => match ConstVal::from_float_literal(text) {
                Some(v) => Op::Const(
                    ConstVal::complex(ConstVal::Int(0), v),
                    self.b.untyped_complex,
                    pos,
                ),
                None => return self.unsupported(pos, format!("imaginary constant {text}i")),
            },
            S::Str(s) => Op::Const(
                ConstVal::Str(Rc::from(s.as_slice())),
                self.b.untyped_string,
                pos,
            ),
            S::Rune(r) => Op::Const(ConstVal::Int(i128::from(*r)), self.b.untyped_rune, pos),
            S::Unary(op, x) => self.unary(*op, x, pos)?,
            S::Binary(op, x, y) => self.binary(*op, x, y, pos)?,
            S::Call { func, args, spread } => self.call_expr(func, args, *spread, pos)?,
            S::Selector(x, sel) => self.selector(x, sel, pos)?,
            S::Index(x, i) => self.index(x, i, pos)?,
            S::Slice { x, lo, hi, max } => {
                self.slice_expr(x, lo.as_deref(), hi.as_deref(), max.as_deref(), pos)?
            }
            S::Assert(x, Some(te)) => {
                let x = self.value(x)?;
                let t = self.resolve_type(te)?;
                self.check_assert(&x, t, pos)?;
                Op::Value(mk(ExprKind::Assert(Box::new(x), t, false), t, pos))
            }
            S::Assert(_, None) => {
                return self.err(
                    pos,
                    "invalid syntax tree: use of .(type) outside type switch",
                );
            }
            S::FuncLit(sig, body) => Op::Value(self.func_lit(sig, body, pos)?),
            S::Composite(te, elems) => {
                let Some(te) = te else {
                    return self.err(pos, "invalid composite literal type: missing type");
                };
                if let syntax::TypeExprKind::Array(None, e) = &te.kind {
                    // `[...]T{...}`: as long as its elements make it.
                    let elem = self.resolve_type(e)?;
                    let (es, n) = self.indexed_elements(elems, elem, None)?;
                    let t = self.array_type(elem, n, te.pos)?;
                    let c = Composite::Array(es, n);
                    return Ok(Op::Value(mk(ExprKind::Composite(c), t, pos)));
                }
                let t = self.resolve_type(te)?;
                Op::Value(self.composite(t, elems, pos)?)
            }
            S::Type(te) => Op::Type(self.resolve_type(te)?, pos),
        })
    }

    fn ident(&mut self, id: &Ident) -> Res<Op> {
        if id.name == "_" {
            return self.err(id.pos, "cannot use _ as value");
        }
        let pos = id.pos;
        Ok(match self.lookup(id)? {
            Entity::Local { depth, var } => {
                self.mark_used(depth, var);
                let ty = self.var_ty(depth, var);
                let r = self.var_ref(depth, var);
                Op::Value(mk(ExprKind::Load(Place::Var(r)), ty, pos))
            }
            Entity::Global(g) => {
                self.note_ref(Ref::Global(g));
                let ty = self.global_type(g, pos)?;
                Op::Value(mk(ExprKind::Load(Place::Var(VarRef::Global(g))), ty, pos))
            }
            Entity::Const(v, t) => Op::Const(v, t, pos),
            Entity::LazyConst(i, j) => match self.lazy_const(i, j, pos)? {
                Entity::Const(v, t) => Op::Const(v, t, pos),
                _ => return self.err(pos, format!("{} is not a constant", id.name)),
            },
            Entity::Type(t) => Op::Type(t, pos),
            Entity::Func(f) => {
                self.note_ref(Ref::Func(f));
                Op::Value(mk(ExprKind::Func(f), self.funcs[f.0 as usize].sig, pos))
            }
            Entity::Builtin(b) => Op::Builtin(b, pos),
            Entity::Package(_) => Op::Package(pos),
            Entity::Nil => Op::Nil(pos),
            Entity::Iota => match self.iota {
                Some(i) => Op::Const(ConstVal::Int(i128::from(i)), self.b.untyped_int, pos),
                None => return self.err(pos, "cannot use iota outside constant declaration"),
            },
        })
    }

    /// A single value, untyped constants given their default type.
    pub fn value(&mut self, e: &syntax::Expr) -> Res<Expr> {
        let op = self.expr(e)?;
        self.op_value(op)
    }

    pub fn op_value(&mut self, op: Op) -> Res<Expr> {
        match op {
            Op::Value(e) => Ok(e),
            Op::Const(v, t, pos) => {
                let dt = self.default_type(t);
                let v = self.represent(&v, t, dt, pos)?;
                Ok(mk(ExprKind::Const(self.const_value(&v, dt)), dt, pos))
            }
            Op::Nil(p) => self.err(p, "use of untyped nil in assignment"),
            Op::Type(t, p) => self.err(
                p,
                format!("{} (type) is not an expression", self.types.name(t)),
            ),
            Op::Builtin(_, p) => self.err(p, "builtin must be called"),
            Op::Package(p) => self.err(p, "use of package without selector"),
            Op::NoValue(e) => self.err(e.pos, "function call (no value) used as value"),
            Op::Tuple(e) => self.err(e.pos, "multiple-value in single-value context"),
            Op::Untyped(tree, t, _) => {
                let dt = self.default_type(t);
                self.typed(tree, dt)
            }
        }
    }

    /// Gives an untyped expression (see [`Op::Untyped`]) type `t`: each constant is converted to
    /// `t`, and a shifted operand must then be an integer.
    pub fn typed(&mut self, tree: UntypedExpr, t: Ty) -> Res<Expr> {
        Ok(match tree {
            UntypedExpr::Const(v, vt, pos) => {
                let c = self.represent(&v, vt, t, pos)?;
                mk(ExprKind::Const(self.const_value(&c, t)), t, pos)
            }
            UntypedExpr::Shift(op, x, count, pos) => {
                if self.types.int_kind(t).is_none() {
                    let shown = match &*x {
                        UntypedExpr::Const(v, _, _) => v.show(),
                        _ => "operand".to_string(),
                    };
                    return self.err(
                        pos,
                        format!(
                            "invalid operation: shifted operand {shown} (type {}) must be integer",
                            self.types.name(t)
                        ),
                    );
                }
                let xe = self.typed(*x, t)?;
                mk(ExprKind::Binary(op, Box::new(xe), count), t, pos)
            }
            UntypedExpr::Unary(op, x, pos) => {
                let xe = self.typed(*x, t)?;
                return self.unary_value(op, xe, pos);
            }
            UntypedExpr::Binary(op, x, y, pos) => {
                let xe = self.typed(*x, t)?;
                let ye = self.typed(*y, t)?;
                return self.binary_values(op, xe, ye, pos, None);
            }
        })
    }

    /// A value of type `target` (assignability, with untyped constants converted).
    pub fn value_as(&mut self, e: &syntax::Expr, target: Ty, context: &str) -> Res<Expr> {
        let op = self.expr(e)?;
        let written = Written {
            operand: e,
            callee: None,
        };
        self.assign_written(op, target, context, Some(written))
    }

    /// The assignability rules of the spec, inserting the conversions they imply.
    pub fn assign_op(&mut self, op: Op, target: Ty, context: &str) -> Res<Expr> {
        self.assign_written(op, target, context, None)
    }

    /// The error for a value `op` that cannot be assigned to `target` in `context`: gc's words
    /// when the model knows how gc shows the operand `written` and names the context. go1.19
    /// words a typed operand's (not a constant's) `as type T in`.
    fn cannot_use<T>(
        &self,
        written: Option<Written<'_>>,
        op: &Op,
        typed: bool,
        target: Ty,
        context: &str,
        model: String,
    ) -> Res<T> {
        const GC_CONTEXTS: [&str; 5] = [
            "variable declaration",
            "assignment",
            "return statement",
            "argument to append",
            "argument to delete",
        ];
        let gc = (|| {
            let written = written?;
            let operand = self.gc_operand(written.operand, op)?;
            let t = self
                .gc_type(target)
                .filter(|_| !self.types.is_interface(target))?;
            // A call's argument is `argument to f`, the callee as written.
            let context = match written.callee {
                Some(f) => format!("argument to {}", self.gc_expr(f)?),
                None => GC_CONTEXTS
                    .contains(&context)
                    .then(|| context.to_string())?,
            };
            Some((operand, t, context))
        })();
        let pos = op.pos();
        let Some((operand, t, context)) = gc else {
            return self.err(pos, model);
        };
        let now = format!("cannot use {operand} as {t} value in {context}");
        let wording = if typed {
            gcfmt::cannot_use_typed(&operand, &t, &context)
        } else {
            Wording::Gc
        };
        self.hard_err(pos, now, wording)
    }

    /// [`Self::assign_op`], with where the value is written for gc's wording of an error.
    fn assign_written(
        &mut self,
        op: Op,
        target: Ty,
        context: &str,
        written: Option<Written<'_>>,
    ) -> Res<Expr> {
        match op {
            Op::Nil(p) => {
                if self.types.nillable(target) {
                    Ok(mk(
                        ExprKind::Const(Value::zero(&self.types, target)),
                        target,
                        p,
                    ))
                } else {
                    self.err(
                        p,
                        format!(
                            "cannot use nil as {} value in {context}",
                            self.types.name(target)
                        ),
                    )
                }
            }
            Op::Const(v, t, p) => {
                if self.types.is_interface(target) || !self.types.is_untyped(t) {
                    let e = self.op_value(Op::Const(v, t, p))?;
                    return self.assign_value(e, target, context, written);
                }
                if !self.const_fits_kind(t, target) {
                    let model = format!(
                        "cannot use {} ({} constant) as {} value in {context}",
                        v.show(),
                        self.types.name(t),
                        self.types.name(target)
                    );
                    let op = Op::Const(v, t, p);
                    return self.cannot_use(written, &op, false, target, context, model);
                }
                let v = self.represent(&v, t, target, p)?;
                Ok(mk(ExprKind::Const(self.const_value(&v, target)), target, p))
            }
            Op::Untyped(tree, _, _) if !self.types.is_interface(target) => self.typed(tree, target),
            other => {
                let e = self.op_value(other)?;
                self.assign_value(e, target, context, written)
            }
        }
    }

    /// Whether an untyped constant of kind `t` may become a value of `target`'s kind.
    fn const_fits_kind(&self, t: Ty, target: Ty) -> bool {
        let k = self.types.ukind(target);
        match self.untyped_kind(t) {
            Some(Untyped::Bool) => matches!(k, TypeKind::Bool),
            Some(Untyped::String) => matches!(k, TypeKind::String),
            Some(Untyped::Int | Untyped::Rune | Untyped::Float | Untyped::Complex) => {
                self.types.is_numeric(target)
            }
            _ => false,
        }
    }

    fn assign_value(
        &mut self,
        e: Expr,
        target: Ty,
        context: &str,
        written: Option<Written<'_>>,
    ) -> Res<Expr> {
        if e.ty == target {
            return Ok(e);
        }
        if self.types.is_interface(target) {
            if let Some(m) = self.types.missing_method(e.ty, target) {
                return self.err(
                    e.pos,
                    format!(
                        "cannot use value of type {} as {} value in {context}: {} does not implement {} (missing method {m})",
                        self.types.name(e.ty),
                        self.types.name(target),
                        self.types.name(e.ty),
                        self.types.name(target)
                    ),
                );
            }
            let pos = e.pos;
            if let ExprKind::Const(v) = e.kind {
                return Ok(mk(
                    ExprKind::Const(Value::const_iface(e.ty, v)),
                    target,
                    pos,
                ));
            }
            if self.types.is_interface(e.ty) && e.is_nil_const() {
                return Ok(mk(ExprKind::Const(Value::Iface(None)), target, pos));
            }
            return Ok(mk(ExprKind::Convert(Box::new(e)), target, pos));
        }
        if self.assignable(e.ty, target)
            || (matches!(self.types.ukind(target), TypeKind::Bool) && self.untyped_bool(&e))
        {
            let pos = e.pos;
            return Ok(mk(ExprKind::Convert(Box::new(e)), target, pos));
        }
        let model = format!(
            "cannot use value of type {} as {} value in {context}",
            self.types.name(e.ty),
            self.types.name(target)
        );
        // From an interface gc adds why (`need type assertion`, where one would do).
        let written = written.filter(|_| !self.types.is_interface(e.ty));
        self.cannot_use(written, &Op::Value(e), true, target, context, model)
    }

    // ---- unary and binary operators ----

    fn unary(&mut self, op: UnOp, x: &syntax::Expr, pos: Pos) -> Res<Op> {
        match op {
            UnOp::Addr => {
                if let S::Composite(..) = strip_parens(x).kind {
                    let v = self.value(x)?;
                    let t = self.types.pointer(v.ty);
                    return Ok(Op::Value(mk(ExprKind::New(Box::new(v)), t, pos)));
                }
                let (place, t) = self.place_of(x, true)?;
                self.mark_place_boxed(&place);
                let pt = self.types.pointer(t);
                return Ok(Op::Value(mk(ExprKind::AddrOf(place), pt, pos)));
            }
            UnOp::Deref => {
                let p = self.expr(x)?;
                if let Op::Type(t, _) = p {
                    let pt = self.types.pointer(t);
                    return Ok(Op::Type(pt, pos));
                }
                let p = self.op_value(p)?;
                let Some(elem) = self.types.pointee(p.ty) else {
                    return self.err(
                        pos,
                        format!(
                            "invalid operation: cannot indirect value of type {}",
                            self.types.name(p.ty)
                        ),
                    );
                };
                return Ok(Op::Value(mk(
                    ExprKind::Load(Place::Deref(Box::new(p))),
                    elem,
                    pos,
                )));
            }
            _ => {}
        }
        let xo = self.expr(x)?;
        if let Op::Const(v, t, _) = &xo {
            let r = self.const_unary(op, v, *t, pos)?;
            return Ok(Op::Const(r, *t, pos));
        }
        if let Op::Untyped(tree, t, _) = xo {
            return Ok(Op::Untyped(
                UntypedExpr::Unary(op, Box::new(tree), pos),
                t,
                pos,
            ));
        }
        let xe = self.op_value(xo)?;
        self.unary_value(op, xe, pos).map(Op::Value)
    }

    /// A unary operation on a typed operand.
    fn unary_value(&mut self, op: UnOp, xe: Expr, pos: Pos) -> Res<Expr> {
        let ok = matches!(
            (op, self.types.ukind(xe.ty)),
            (
                UnOp::Neg | UnOp::Plus,
                TypeKind::Int(_) | TypeKind::Float(_) | TypeKind::Complex(_)
            ) | (UnOp::Complement, TypeKind::Int(_))
                | (UnOp::Not, TypeKind::Bool)
        );
        if !ok {
            return self.err(
                pos,
                format!(
                    "invalid operation: operator {op:?} not defined on value of type {}",
                    self.types.name(xe.ty)
                ),
            );
        }
        if op == UnOp::Plus {
            return Ok(xe);
        }
        let ty = xe.ty;
        Ok(mk(ExprKind::Unary(op, Box::new(xe)), ty, pos))
    }

    fn binary(&mut self, op: BinOp, x: &syntax::Expr, y: &syntax::Expr, pos: Pos) -> Res<Op> {
        let xo = self.expr(x)?;
        let yo = self.expr(y)?;
        if matches!(op, BinOp::Shl | BinOp::Shr) {
            return self.shift(op, xo, yo, pos);
        }
        if matches!(xo, Op::Untyped(..)) || matches!(yo, Op::Untyped(..)) {
            return self.untyped_binary(op, xo, yo, pos);
        }
        // Both constant: fold.
        if let (Op::Const(a, ta, _), Op::Const(bv, tb, _)) = (&xo, &yo) {
            let t = self.const_common(*ta, *tb, pos)?;
            let a = self.represent(a, *ta, t, pos)?;
            let bv = self.represent(bv, *tb, t, pos)?;
            let r = self.const_binary(op, &a, &bv, t, pos)?;
            let rt = if op.is_comparison() {
                self.b.untyped_bool
            } else {
                t
            };
            return Ok(Op::Const(r, rt, pos));
        }
        // Give an untyped or nil side the type of the other side.
        let (xe, ye) = match (xo, yo) {
            (Op::Nil(p), other) | (other, Op::Nil(p)) if op.is_comparison() => {
                let e = self.op_value(other)?;
                if !self.types.nillable(e.ty) {
                    return self.err(
                        p,
                        format!(
                            "invalid operation: mismatched types {} and untyped nil",
                            self.types.name(e.ty)
                        ),
                    );
                }
                let nil = mk(ExprKind::Const(Value::zero(&self.types, e.ty)), e.ty, p);
                (e, nil)
            }
            (xo @ Op::Const(..), yo) => {
                let ye = self.op_value(yo)?;
                let xe = self.operand_for(xo, ye.ty, op)?;
                (xe, ye)
            }
            (xo, yo @ Op::Const(..)) => {
                let xe = self.op_value(xo)?;
                let ye = self.operand_for(yo, xe.ty, op)?;
                (xe, ye)
            }
            (xo, yo) => {
                let (xe, ye) = (self.op_value(xo)?, self.op_value(yo)?);
                return self
                    .binary_values(op, xe, ye, pos, Some((x, y)))
                    .map(Op::Value);
            }
        };
        self.binary_values(op, xe, ye, pos, None).map(Op::Value)
    }

    /// A binary operation with an untyped non-constant operand: a typed other operand gives
    /// it its type; otherwise the result stays untyped (a comparison gives both sides their
    /// default type).
    fn untyped_binary(&mut self, op: BinOp, xo: Op, yo: Op, pos: Pos) -> Res<Op> {
        let typed = |o: &Op, c: &Self| match o {
            Op::Value(e) => Some(e.ty),
            Op::Const(_, t, _) if !c.types.is_untyped(*t) => Some(*t),
            _ => None,
        };
        if let Some(t) = typed(&xo, self).or_else(|| typed(&yo, self)) {
            let xe = self.operand_for(xo, t, op)?;
            let ye = self.operand_for(yo, t, op)?;
            return self.binary_values(op, xe, ye, pos, None).map(Op::Value);
        }
        match (untyped_tree(xo), untyped_tree(yo)) {
            (Ok((x, tx)), Ok((y, ty))) if !op.is_comparison() => {
                let t = self.const_common(tx, ty, pos)?;
                Ok(Op::Untyped(
                    UntypedExpr::Binary(op, Box::new(x), Box::new(y), pos),
                    t,
                    pos,
                ))
            }
            // A comparison gives both sides their default type; anything else (nil, a type...)
            // is reported by op_value.
            (x, y) => {
                let back = |r: Result<(UntypedExpr, Ty), Op>| match r {
                    Ok((tree, t)) => Op::Untyped(tree, t, pos),
                    Err(o) => o,
                };
                let xe = self.op_value(back(x))?;
                let ye = self.op_value(back(y))?;
                self.binary_values(op, xe, ye, pos, None).map(Op::Value)
            }
        }
    }

    /// A constant operand converted to the type of the other operand.
    fn operand_for(&mut self, o: Op, other: Ty, op: BinOp) -> Res<Expr> {
        if op.is_comparison() && self.types.is_interface(other) {
            let e = self.op_value(o)?;
            return self.assign_value(e, other, "comparison", None);
        }
        self.assign_op(o, other, "operation")
    }

    /// `xe op ye` of two typed values; `written` is the operands' source, where gc's errors
    /// quote it.
    fn binary_values(
        &mut self,
        op: BinOp,
        xe: Expr,
        ye: Expr,
        pos: Pos,
        written: Option<(&syntax::Expr, &syntax::Expr)>,
    ) -> Res<Expr> {
        let (mut xe, mut ye) = (xe, ye);
        // Both operands must be comparable, not only the type they are compared in (an
        // interface).
        if matches!(op, BinOp::Eq | BinOp::Ne)
            && !(xe.is_nil_const() || ye.is_nil_const())
            && let Some(t) = [xe.ty, ye.ty]
                .into_iter()
                .find(|t| !self.types.comparable(*t))
        {
            return self.err(
                pos,
                format!(
                    "invalid operation: {} cannot be compared",
                    self.types.name(t)
                ),
            );
        }
        // An untyped boolean takes the other operand's boolean type.
        if xe.ty != ye.ty
            && matches!(self.types.ukind(xe.ty), TypeKind::Bool)
            && self.untyped_bool(&ye)
        {
            let (t, p) = (xe.ty, ye.pos);
            ye = mk(ExprKind::Convert(Box::new(ye)), t, p);
        } else if xe.ty != ye.ty
            && matches!(self.types.ukind(ye.ty), TypeKind::Bool)
            && self.untyped_bool(&xe)
        {
            let (t, p) = (ye.ty, xe.pos);
            xe = mk(ExprKind::Convert(Box::new(xe)), t, p);
        }
        if xe.ty != ye.ty {
            // In a comparison one operand must be assignable to the other's type (a concrete
            // value to an interface, a value of an unnamed type to a named one).
            if op.is_comparison() && self.assignable(ye.ty, xe.ty) {
                ye = self.assign_value(ye, xe.ty, "comparison", None)?;
            } else if op.is_comparison() && self.assignable(xe.ty, ye.ty) {
                xe = self.assign_value(xe, ye.ty, "comparison", None)?;
            } else {
                return self.mismatched(op, &xe, &ye, pos, written);
            }
        }
        let t = xe.ty;
        if matches!(op, BinOp::Eq | BinOp::Ne)
            && self
                .types
                .pointee(t)
                .is_some_and(|p| self.types.layout(p).0 == 0)
            && !xe.is_nil_const()
            && !ye.is_nil_const()
        {
            // "Pointers to distinct zero-size variables may or may not be equal."
            return self.unsupported(
                pos,
                "comparing pointers to zero-size values (gc's answer depends on where they are allocated)",
            );
        }
        if matches!(op, BinOp::Eq | BinOp::Ne) {
            if !(self.types.comparable(t) || xe.is_nil_const() || ye.is_nil_const()) {
                return self.err(
                    pos,
                    format!(
                        "invalid operation: {} cannot be compared",
                        self.types.name(t)
                    ),
                );
            }
        } else {
            self.check_operands(op, t, &ye, pos)?;
        }
        let rt = if op.is_comparison() { self.b.bool_ } else { t };
        Ok(mk(
            ExprKind::Binary(op, Box::new(xe), Box::new(ye)),
            rt,
            pos,
        ))
    }

    /// The error for operands of types that do not match: gc quotes the operation and places
    /// the error at the left operand, or at the right one of a comparison.
    fn mismatched<T>(
        &self,
        op: BinOp,
        xe: &Expr,
        ye: &Expr,
        pos: Pos,
        written: Option<(&syntax::Expr, &syntax::Expr)>,
    ) -> Res<T> {
        let gc = written.and_then(|(x, y)| {
            let at = if op.is_comparison() { y.pos } else { x.pos };
            let text = format!(
                "invalid operation: {} {} {} (mismatched types {} and {})",
                self.gc_expr(x)?,
                op.symbol(),
                self.gc_expr(y)?,
                self.gc_type(xe.ty)?,
                self.gc_type(ye.ty)?
            );
            Some((at, text))
        });
        match gc {
            Some((at, text)) => self.gc_err(at, text),
            None => self.err(
                pos,
                format!(
                    "invalid operation: mismatched types {} and {}",
                    self.types.name(xe.ty),
                    self.types.name(ye.ty)
                ),
            ),
        }
    }

    /// Whether `e`, an operand of `new`, names a type.
    fn names_type(&mut self, e: &syntax::Expr) -> bool {
        let name = match &e.kind {
            S::Type(te) => match &te.kind {
                TypeExprKind::Name(n) => n,
                _ => return true,
            },
            S::Ident(n) => n,
            _ => return false,
        };
        let id = Ident {
            name: name.clone(),
            pos: e.pos,
        };
        matches!(self.lookup(&id), Ok(Entity::Type(_)))
    }

    /// Whether `e` is an untyped boolean value, which any boolean type accepts: a comparison,
    /// or `!`, `&&` and `||` of such.
    fn untyped_bool(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Binary(op, ..) if op.is_comparison() => true,
            ExprKind::Binary(BinOp::LogAnd | BinOp::LogOr, x, y) => {
                self.untyped_bool(x) && self.untyped_bool(y)
            }
            ExprKind::Unary(UnOp::Not, x) => self.untyped_bool(x),
            _ => false,
        }
    }

    /// Whether a value of type `from` may be assigned to a variable of type `to` (the spec's
    /// assignability, for typed values).
    fn assignable(&self, from: Ty, to: Ty) -> bool {
        if from == to {
            return true;
        }
        if self.types.is_interface(to) {
            return self.types.missing_method(from, to).is_none();
        }
        let one_unnamed = !self.types.is_named_type(from) || !self.types.is_named_type(to);
        one_unnamed && self.types.under(from) == self.types.under(to)
    }

    /// That operator `op` is defined on operands of type `t` (other than `==` and `!=`), and that
    /// a constant right operand `y` of `/` or `%` is not zero.
    pub(super) fn check_operands(&self, op: BinOp, t: Ty, y: &Expr, pos: Pos) -> Res<()> {
        let k = self.types.ukind(t);
        let numeric = self.types.is_numeric(t);
        let ok = match op {
            BinOp::LogAnd | BinOp::LogOr => matches!(k, TypeKind::Bool),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                matches!(k, TypeKind::Int(_) | TypeKind::Float(_) | TypeKind::String)
            }
            BinOp::Add => numeric || matches!(k, TypeKind::String),
            BinOp::Sub | BinOp::Mul | BinOp::Div => numeric,
            BinOp::Eq | BinOp::Ne => true,
            BinOp::Rem
            | BinOp::And
            | BinOp::Or
            | BinOp::Xor
            | BinOp::AndNot
            | BinOp::Shl
            | BinOp::Shr => {
                matches!(k, TypeKind::Int(_))
            }
        };
        if !ok {
            return self.err(
                pos,
                format!(
                    "invalid operation: operator {} not defined on value of type {}",
                    op.symbol(),
                    self.types.name(t)
                ),
            );
        }
        // A float or complex variable divided by a constant zero is an infinity or a NaN; an
        // integer one cannot be (two constants are folded before this).
        let zero = matches!(&y.kind, ExprKind::Const(Value::Int(0)));
        if matches!(op, BinOp::Div | BinOp::Rem) && zero {
            return self.gc_err(y.pos, "invalid operation: division by zero");
        }
        Ok(())
    }

    /// A shift count: a constant must be a non-negative integer (it becomes a uint), anything
    /// else of an integer type.
    pub(super) fn shift_count(&mut self, o: Op) -> Res<Expr> {
        let e = match o {
            Op::Const(v, t, p) => {
                let c = self.represent(&v, t, self.b.untyped_int, p)?;
                match c.as_int() {
                    Some(n) if n >= 0 => mk(
                        ExprKind::Const(Value::Int(n.min(i128::from(i64::MAX)) as i64)),
                        self.types
                            .intern(TypeKind::Int(crate::types::IntKind::Uint)),
                        p,
                    ),
                    _ => return self.err(p, format!("invalid shift count {}", c.show())),
                }
            }
            // An untyped shift as a count (`x << (1.0 << s)`) is a uint, as a constant is.
            Op::Untyped(tree, _, _) => {
                let uint = self
                    .types
                    .intern(TypeKind::Int(crate::types::IntKind::Uint));
                self.typed(tree, uint)?
            }
            other => self.op_value(other)?,
        };
        if self.types.int_kind(e.ty).is_none() {
            return self.err(
                e.pos,
                format!(
                    "invalid operation: shift count type {}, must be integer",
                    self.types.name(e.ty)
                ),
            );
        }
        Ok(e)
    }

    fn shift(&mut self, op: BinOp, xo: Op, yo: Op, pos: Pos) -> Res<Op> {
        if let (Op::Const(a, ta, _), Op::Const(bv, tb, _)) = (&xo, &yo) {
            let count = self.represent(bv, *tb, self.b.untyped_int, pos)?;
            let base = match (self.untyped_kind(*ta), a.as_int()) {
                // An untyped floating-point constant may be shifted if it is an integer.
                (Some(Untyped::Float), Some(i)) => ConstVal::Int(i),
                (Some(Untyped::Float), None) if matches!(a, ConstVal::Float(_)) => {
                    // Held as a rounded float64: its exact integer value is beyond the model.
                    return self.unsupported(pos, "a shift of a constant beyond 128 bits");
                }
                (Some(Untyped::Float), None) => {
                    return self.err(
                        pos,
                        format!(
                            "invalid operation: shifted operand {} (untyped float constant) must be integer",
                            a.show()
                        ),
                    );
                }
                _ => a.clone(),
            };
            let rt = if self.untyped_kind(*ta) == Some(Untyped::Float) {
                self.b.untyped_int
            } else {
                *ta
            };
            let r = self.const_binary(op, &base, &count, rt, pos)?;
            return Ok(Op::Const(r, rt, pos));
        }
        let ye = self.shift_count(yo)?;
        // An untyped constant shifted by a non-constant count takes its type from the context.
        let xo = match xo {
            Op::Const(v, t, p) if self.types.is_untyped(t) => {
                Op::Untyped(UntypedExpr::Const(v, t, p), t, p)
            }
            other => other,
        };
        if let Op::Untyped(tree, t, _) = xo {
            return Ok(Op::Untyped(
                UntypedExpr::Shift(op, Box::new(tree), Box::new(ye), pos),
                t,
                pos,
            ));
        }
        let xe = self.op_value(xo)?;
        if self.types.int_kind(xe.ty).is_none() {
            return self.err(
                pos,
                format!(
                    "invalid operation: shifted operand of type {} must be integer",
                    self.types.name(xe.ty)
                ),
            );
        }
        let t = xe.ty;
        Ok(Op::Value(mk(
            ExprKind::Binary(op, Box::new(xe), Box::new(ye)),
            t,
            pos,
        )))
    }

    /// The type two constant operands are combined in.
    fn const_common(&self, a: Ty, b: Ty, pos: Pos) -> Res<Ty> {
        match (self.untyped_kind(a), self.untyped_kind(b)) {
            (Some(_), None) => Ok(b),
            (None, Some(_)) => Ok(a),
            (None, None) if a == b => Ok(a),
            (None, None) => self.err(
                pos,
                format!(
                    "invalid operation: mismatched types {} and {}",
                    self.types.name(a),
                    self.types.name(b)
                ),
            ),
            (Some(x), Some(y)) => {
                let rank = |u: Untyped| match u {
                    Untyped::Int => 1,
                    Untyped::Rune => 2,
                    Untyped::Float => 3,
                    Untyped::Complex => 4,
                    _ => 0,
                };
                if x == y {
                    Ok(a)
                } else if rank(x) > 0 && rank(y) > 0 {
                    Ok(if rank(x) >= rank(y) { a } else { b })
                } else {
                    self.err(pos, "invalid operation: mismatched constant types")
                }
            }
        }
    }

    // ---- places ----

    /// The place an expression denotes; `addr` requires an addressable one (for `&x`).
    pub fn place_of(&mut self, e: &syntax::Expr, addr: bool) -> Res<(Place, Ty)> {
        let pos = e.pos;
        match &e.kind {
            S::Paren(inner) => self.place_of(inner, addr),
            S::Ident(name) if name == "_" && !addr => Ok((Place::Blank, self.b.unit)),
            S::Ident(name) => match self.lookup(&Ident {
                name: name.clone(),
                pos,
            })? {
                Entity::Local { depth, var } => {
                    let ty = self.var_ty(depth, var);
                    if addr {
                        self.mark_used(depth, var);
                    }
                    Ok((Place::Var(self.var_ref(depth, var)), ty))
                }
                Entity::Global(g) => {
                    self.note_ref(Ref::Global(g));
                    Ok((Place::Var(VarRef::Global(g)), self.global_type(g, pos)?))
                }
                _ => self.err(
                    pos,
                    format!(
                        "cannot assign to {name} (neither addressable nor a map index expression)"
                    ),
                ),
            },
            S::Index(x, i) => {
                let xe = self.value(x)?;
                if let Some((elem, n)) = self.types.array_of(xe.ty) {
                    let Ok(container) = self.array_address(xe) else {
                        return self.err(
                            pos,
                            "cannot assign to index expression (neither addressable nor a map index expression)",
                        );
                    };
                    let ie = self.index_value(i)?;
                    self.check_constant_index(&ie, n)?;
                    return Ok((Place::Index(Box::new(container), Box::new(ie)), elem));
                }
                match self.types.ukind(xe.ty).clone() {
                    TypeKind::Slice(elem) => {
                        let ie = self.index_value(i)?;
                        Ok((Place::Index(Box::new(xe), Box::new(ie)), elem))
                    }
                    TypeKind::Map(k, v) if !addr => {
                        let ke = self.value_as(i, k, "map index")?;
                        Ok((Place::MapEntry(Box::new(xe), Box::new(ke)), v))
                    }
                    _ => self.err(
                        pos,
                        format!(
                            "cannot assign to {} (neither addressable nor a map index expression)",
                            "index expression"
                        ),
                    ),
                }
            }
            S::Unary(UnOp::Deref, p) => {
                let pe = self.value(p)?;
                let Some(elem) = self.types.pointee(pe.ty) else {
                    return self.err(
                        pos,
                        format!(
                            "invalid operation: cannot indirect value of type {}",
                            self.types.name(pe.ty)
                        ),
                    );
                };
                Ok((Place::Deref(Box::new(pe)), elem))
            }
            S::Selector(x, sel) => match self.selector(x, sel, pos)? {
                // A field of an array element is addressable only if the array is.
                Op::Value(Expr {
                    kind: ExprKind::Load(place),
                    ty,
                    ..
                }) if self.addressable(&place) => Ok((place, ty)),
                _ => self.err(
                    pos,
                    format!(
                        "cannot assign to {} (neither addressable nor a map index expression)",
                        sel.name
                    ),
                ),
            },
            _ => self.err(
                pos,
                "cannot assign to expression (neither addressable nor a map index expression)",
            ),
        }
    }

    fn index_value(&mut self, i: &syntax::Expr) -> Res<Expr> {
        let op = self.expr(i)?;
        let e = match op {
            Op::Const(v, t, p) => {
                let c = self.represent(&v, t, self.b.int, p)?;
                if c.as_int().is_some_and(|n| n < 0) {
                    return self.err(p, format!("invalid argument: index {} (constant of type int) must not be negative", c.show()));
                }
                mk(
                    ExprKind::Const(self.const_value(&c, self.b.int)),
                    self.b.int,
                    p,
                )
            }
            other => self.op_value(other)?,
        };
        if self.types.int_kind(e.ty).is_none() {
            return self.err(
                e.pos,
                format!(
                    "invalid argument: index of type {} must be integer",
                    self.types.name(e.ty)
                ),
            );
        }
        Ok(e)
    }

    fn index(&mut self, x: &syntax::Expr, i: &syntax::Expr, pos: Pos) -> Res<Op> {
        let xo = self.expr(x)?;
        if let Op::Const(ConstVal::Str(s), _, _) = &xo {
            // Indexing a constant string is not constant but is bounds-checked at compile time.
            let s = s.clone();
            let ie = self.index_value(i)?;
            if let ExprKind::Const(Value::Int(n)) = ie.kind
                && n as usize >= s.len()
            {
                return self.err(
                    pos,
                    format!("invalid argument: index {n} out of bounds [0:{}]", s.len()),
                );
            }
            let se = mk(ExprKind::Const(Value::Str(s)), self.b.string, pos);
            return Ok(Op::Value(mk(
                ExprKind::StrIndex(Box::new(se), Box::new(ie)),
                self.b.uint8,
                pos,
            )));
        }
        let xe = self.op_value(xo)?;
        if let Some((elem, n)) = self.types.array_of(xe.ty) {
            let ie = self.index_value(i)?;
            self.check_constant_index(&ie, n)?;
            // An addressable array is indexed through its address; another (a call's result,
            // a map's value) as the value it is.
            let container = match self.array_address(xe) {
                Ok(addr) => addr,
                Err(value) => value,
            };
            return Ok(Op::Value(mk(
                ExprKind::Load(Place::Index(Box::new(container), Box::new(ie))),
                elem,
                pos,
            )));
        }
        match self.types.ukind(xe.ty).clone() {
            TypeKind::Slice(elem) => {
                let ie = self.index_value(i)?;
                Ok(Op::Value(mk(
                    ExprKind::Load(Place::Index(Box::new(xe), Box::new(ie))),
                    elem,
                    pos,
                )))
            }
            TypeKind::String => {
                let ie = self.index_value(i)?;
                Ok(Op::Value(mk(
                    ExprKind::StrIndex(Box::new(xe), Box::new(ie)),
                    self.b.uint8,
                    pos,
                )))
            }
            TypeKind::Map(k, v) => {
                let ke = self.value_as(i, k, "map index")?;
                Ok(Op::Value(mk(
                    ExprKind::MapIndex(Box::new(xe), Box::new(ke), false),
                    v,
                    pos,
                )))
            }
            _ => self.err(
                pos,
                format!(
                    "invalid operation: cannot index value of type {}",
                    self.types.name(xe.ty)
                ),
            ),
        }
    }

    /// Whether a place has an address: not a map entry, nor an element of an array value that
    /// is not in memory (the result of a call, a map's value).
    pub(super) fn addressable(&self, p: &Place) -> bool {
        match p {
            Place::Var(_) | Place::Deref(_) => true,
            Place::Field(inner, ..) => self.addressable(inner),
            Place::Index(container, _) => {
                !matches!(self.types.ukind(container.ty), TypeKind::Array(..))
            }
            Place::MapEntry(..) | Place::Blank => false,
        }
    }

    /// A constant index of an array of length `n` must be below it.
    fn check_constant_index(&self, ie: &Expr, n: u64) -> Res<()> {
        if let ExprKind::Const(Value::Int(k)) = ie.kind
            && k as u64 >= n
        {
            return self.err(
                ie.pos,
                format!("invalid argument: index {k} out of bounds [0:{n}]"),
            );
        }
        Ok(())
    }

    /// The address of an array operand `xe` (of array type, or a pointer to an array, which is
    /// its own address), or the operand back when it is not addressable.
    pub(super) fn array_address(&mut self, xe: Expr) -> Result<Expr, Expr> {
        if self.types.pointee(xe.ty).is_some() {
            return Ok(xe);
        }
        match xe.kind {
            ExprKind::Load(place) if self.addressable(&place) => {
                self.mark_place_boxed(&place);
                let pt = self.types.pointer(xe.ty);
                Ok(mk(ExprKind::AddrOf(place), pt, xe.pos))
            }
            kind => Err(mk(kind, xe.ty, xe.pos)),
        }
    }

    fn slice_expr(
        &mut self,
        x: &syntax::Expr,
        lo: Option<&syntax::Expr>,
        hi: Option<&syntax::Expr>,
        max: Option<&syntax::Expr>,
        pos: Pos,
    ) -> Res<Op> {
        let mut xe = self.value(x)?;
        // An array is sliced through its address: the slice shares its elements.
        let mut bound = None;
        if let Some((elem, n)) = self.types.array_of(xe.ty) {
            xe = match self.array_address(xe) {
                Ok(addr) => addr,
                Err(value) => {
                    return self.err(value.pos, "invalid operation: slice of unaddressable value");
                }
            };
            bound = Some((self.types.slice(elem), n));
        }
        let ty = match (bound, self.types.ukind(xe.ty)) {
            (Some((st, _)), _) => st,
            (None, TypeKind::String) if max.is_some() => {
                return self.err(pos, "invalid operation: 3-index slice of string");
            }
            (None, TypeKind::String | TypeKind::Slice(_)) => xe.ty,
            _ => {
                return self.err(
                    pos,
                    format!("cannot slice value of type {}", self.types.name(xe.ty)),
                );
            }
        };
        if max.is_some() && hi.is_none() {
            return self.err(pos, "middle index required in 3-index slice");
        }
        let idx = |c: &mut Self, e: Option<&syntax::Expr>| {
            e.map(|e| c.index_value(e).map(Box::new)).transpose()
        };
        let (lo, hi, max) = (idx(self, lo)?, idx(self, hi)?, idx(self, max)?);
        // Constant indices must be ordered.
        let consts: Vec<i64> = [&lo, &hi, &max]
            .iter()
            .filter_map(|e| match e.as_deref().map(|e| &e.kind) {
                Some(ExprKind::Const(Value::Int(n))) => Some(*n),
                _ => None,
            })
            .collect();
        if consts.windows(2).any(|w| w[0] > w[1]) {
            return self.err(pos, "invalid slice indices: inverted range");
        }
        // An array's length bounds constant indices, and so does a constant string's.
        let limit = match (&bound, &xe.kind) {
            (Some((_, n)), _) => Some(*n),
            (None, ExprKind::Const(Value::Str(s))) => Some(s.len() as u64),
            _ => None,
        };
        if let (Some(n), Some(k)) = (limit, consts.iter().max())
            && *k as u64 > n
        {
            return self.err(
                pos,
                format!("invalid argument: index {k} out of bounds [0:{}]", n + 1),
            );
        }
        Ok(Op::Value(mk(
            ExprKind::SliceOf(Box::new(xe), lo, hi, max),
            ty,
            pos,
        )))
    }

    pub(super) fn check_assert(&mut self, x: &Expr, t: Ty, pos: Pos) -> Res<()> {
        if !self.types.is_interface(x.ty) {
            return self.err(
                pos,
                format!(
                    "invalid operation: x (variable of type {}) is not an interface",
                    self.types.name(x.ty)
                ),
            );
        }
        if !self.types.is_interface(t)
            && let Some(m) = self.types.missing_method(t, x.ty)
        {
            return self.err(
                pos,
                format!(
                    "impossible type assertion: {} does not implement {} (missing method {m})",
                    self.types.name(t),
                    self.types.name(x.ty)
                ),
            );
        }
        Ok(())
    }

    // ---- selectors ----

    fn selector(&mut self, x: &syntax::Expr, sel: &Ident, pos: Pos) -> Res<Op> {
        if let S::Ident(name) = &strip_parens(x).kind
            && let Ok(Entity::Package(p)) = self.lookup(&Ident {
                name: name.clone(),
                pos: x.pos,
            })
        {
            return self.package_member(p, sel, pos);
        }
        let xo = self.expr(x)?;
        if let Op::Type(t, _) = xo {
            return self.method_expr(t, sel, pos);
        }
        let mut xe = self.op_value(xo)?;
        let mut found = self.types.lookup(xe.ty, &sel.name);
        if let Some(elem) = self.types.pointee(xe.ty)
            && self.types.named(xe.ty).is_some()
        {
            // A defined pointer type has no methods, but `x.f` is `(*x).f` for the fields of
            // what it points to.
            found = match self.types.lookup(elem, &sel.name) {
                Ok(field @ Selection::Field { .. }) => {
                    let xpos = xe.pos;
                    xe = mk(ExprKind::Load(Place::Deref(Box::new(xe))), elem, xpos);
                    Ok(field)
                }
                _ => Err(LookupError::NotFound),
            };
        }
        let found = match found {
            Ok(s) => s,
            Err(LookupError::NotFound) if self.of_a_package(xe.ty) => {
                return self
                    .unsupported(sel.pos, format!("{}.{}", self.types.name(xe.ty), sel.name));
            }
            Err(LookupError::NotFound) => {
                return self.err(
                    sel.pos,
                    format!(
                        "{}.{} undefined (type {} has no field or method {})",
                        "x",
                        sel.name,
                        self.types.name(xe.ty),
                        sel.name
                    ),
                );
            }
            Err(LookupError::Ambiguous) => {
                return self.err(sel.pos, format!("ambiguous selector x.{}", sel.name));
            }
        };
        match found {
            Selection::Field { path, index, ty } => {
                let base = self.walk_path(xe, &path)?;
                Ok(Op::Value(self.field_of(base, index as u32, ty, pos)))
            }
            Selection::Method { path, method, recv } => {
                // A method value or call on a concrete type refers to the method (package
                // initialization order).
                self.note_ref(Ref::Func(method.func));
                let base = self.walk_path(xe, &path)?;
                let r = self.method_receiver(base, method.ptr_recv, recv, &sel.name, pos)?;
                Ok(Op::Value(mk(
                    ExprKind::MethodValue(Box::new(r), method.func),
                    method.sig,
                    pos,
                )))
            }
            Selection::IfaceMethod { path, index, sig } => {
                let base = self.walk_path(xe, &path)?;
                Ok(Op::Value(mk(
                    ExprKind::IfaceMethodValue(Box::new(base), index as u32),
                    sig,
                    pos,
                )))
            }
        }
    }

    /// Whether `t` (or what it points to) is a type of a modeled package, whose fields and
    /// methods the model has only in part.
    fn of_a_package(&self, t: Ty) -> bool {
        let base = self.types.pointee(t).unwrap_or(t);
        self.types
            .named(base)
            .is_some_and(|n| !n.pkg.is_empty() && n.pkg != "main")
    }

    /// Follows embedded fields, dereferencing embedded pointers.
    fn walk_path(&mut self, mut e: Expr, path: &[usize]) -> Res<Expr> {
        for &i in path {
            let st = self
                .types
                .pointee(e.ty)
                .filter(|_| self.types.named(e.ty).is_none())
                .unwrap_or(e.ty);
            let Some(f) = self
                .types
                .struct_fields(st)
                .and_then(|fs| fs.get(i))
                .cloned()
            else {
                return self.internal(e.pos, "an embedded field path that does not resolve");
            };
            let pos = e.pos;
            e = self.field_of(e, i as u32, f.ty, pos);
        }
        Ok(e)
    }

    /// Field `i` of a struct value or of the struct a pointer points to.
    fn field_of(&mut self, base: Expr, i: u32, ty: Ty, pos: Pos) -> Expr {
        if let Some(st) = self
            .types
            .pointee(base.ty)
            .filter(|_| self.types.struct_fields(base.ty).is_none())
        {
            return mk(
                ExprKind::Load(Place::Field(Box::new(Place::Deref(Box::new(base))), i, st)),
                ty,
                pos,
            );
        }
        let st = base.ty;
        match base.kind {
            ExprKind::Load(place) => mk(
                ExprKind::Load(Place::Field(Box::new(place), i, st)),
                ty,
                pos,
            ),
            kind => mk(
                ExprKind::Field(Box::new(mk(kind, base.ty, base.pos)), i),
                ty,
                pos,
            ),
        }
    }

    /// The receiver argument for a method: the address of an addressable operand for pointer
    /// methods, an implicit dereference for value methods called through a pointer.
    fn method_receiver(
        &mut self,
        base: Expr,
        ptr_recv: bool,
        recv: Ty,
        name: &str,
        pos: Pos,
    ) -> Res<Expr> {
        let is_ptr = self.types.pointee(base.ty).is_some() && self.types.named(base.ty).is_none();
        if ptr_recv {
            if is_ptr {
                return Ok(base);
            }
            return match base.kind {
                ExprKind::Load(place) if self.addressable(&place) => {
                    self.mark_place_boxed(&place);
                    let pt = self.types.pointer(recv);
                    Ok(mk(ExprKind::AddrOf(place), pt, base.pos))
                }
                _ => self.err(
                    pos,
                    format!(
                        "cannot call pointer method {name} on {}",
                        self.types.name(base.ty)
                    ),
                ),
            };
        }
        if is_ptr {
            let bpos = base.pos;
            return Ok(mk(ExprKind::Load(Place::Deref(Box::new(base))), recv, bpos));
        }
        Ok(base)
    }

    /// `T.M` and `(*T).M`: the method as a function taking the receiver first.
    fn method_expr(&mut self, t: Ty, sel: &Ident, pos: Pos) -> Res<Op> {
        if let Ok(Selection::IfaceMethod { sig, .. }) = self.types.lookup(t, &sel.name) {
            let s = self.types.sig(sig).cloned().unwrap_or(crate::types::Sig {
                params: vec![],
                results: vec![],
                variadic: false,
            });
            let mut params = vec![t];
            params.extend(s.params);
            let fty = self.types.func(params, s.results, s.variadic);
            let name = format!("{}.{}", self.types.name(t), sel.name);
            let f = self.native(Native::IfaceMethodExpr(t, sel.name.clone()), fty, &name);
            return Ok(Op::Value(mk(ExprKind::Func(f), fty, pos)));
        }
        let Ok(Selection::Method { path, method, .. }) = self.types.lookup(t, &sel.name) else {
            return self.err(
                sel.pos,
                format!("{}.{} undefined", self.types.name(t), sel.name),
            );
        };
        let t_is_ptr = self.types.pointee(t).is_some();
        if !path.is_empty() {
            return self.unsupported(pos, "method expression of a promoted method");
        }
        if method.ptr_recv && !t_is_ptr {
            return self.err(
                pos,
                format!(
                    "invalid method expression {}.{} (needs pointer receiver (*{}).{})",
                    self.types.name(t),
                    sel.name,
                    self.types.name(t),
                    sel.name
                ),
            );
        }
        self.note_ref(Ref::Func(method.func));
        let sig = self.funcs[method.func.0 as usize].sig;
        if t_is_ptr && !method.ptr_recv {
            // The method takes a T; the expression's function takes a *T.
            let mut s = self.types.sig(sig).cloned().unwrap_or(crate::types::Sig {
                params: vec![],
                results: vec![],
                variadic: false,
            });
            if let Some(first) = s.params.first_mut() {
                *first = t;
            }
            let fty = self.types.func(s.params, s.results, s.variadic);
            return Ok(Op::Value(mk(
                ExprKind::MethodExprDeref(method.func),
                fty,
                pos,
            )));
        }
        Ok(Op::Value(mk(ExprKind::Func(method.func), sig, pos)))
    }

    // ---- calls ----

    fn call_expr(
        &mut self,
        func: &syntax::Expr,
        args: &[syntax::Expr],
        spread: bool,
        pos: Pos,
    ) -> Res<Op> {
        let fo = self.expr(func)?;
        let call = match fo {
            Op::Type(t, _) => {
                if args.len() != 1 || spread {
                    return self.err(
                        pos,
                        format!(
                            "wrong argument count in conversion to {}",
                            self.types.name(t)
                        ),
                    );
                }
                return self.conversion(t, &args[0], pos);
            }
            Op::Builtin(b, _) => return self.builtin(b, args, spread, pos),
            Op::Value(fe) => self.call_value(fe, func, args, spread, pos)?,
            other => {
                let p = other.pos();
                return self.err(p, "invalid operation: cannot call non-function");
            }
        };
        Ok(self.call_op(call))
    }

    /// Wraps a call as the operand its result count makes it.
    pub fn call_op(&mut self, call: Call) -> Op {
        let (ty, pos) = (call.ty, call.pos);
        let e = mk(ExprKind::Call(Box::new(call)), ty, pos);
        match self.types.kind(ty) {
            TypeKind::Tuple(ts) if ts.is_empty() => Op::NoValue(e),
            TypeKind::Tuple(_) => Op::Tuple(e),
            _ => Op::Value(e),
        }
    }

    /// A call of a function value: declared functions and methods are called directly.
    pub fn call_value(
        &mut self,
        fe: Expr,
        fun: &syntax::Expr,
        args: &[syntax::Expr],
        spread: bool,
        pos: Pos,
    ) -> Res<Call> {
        let Some(sig) = self.types.sig(fe.ty).cloned() else {
            return self.err(
                pos,
                format!(
                    "invalid operation: cannot call non-function (value of type {})",
                    self.types.name(fe.ty)
                ),
            );
        };
        let (callee, mut recv_args) = match fe.kind {
            ExprKind::Func(f) => (Callee::Static(f), vec![]),
            ExprKind::MethodValue(r, f) => (Callee::Static(f), vec![*r]),
            ExprKind::IfaceMethodValue(r, i) => (Callee::Iface(*r, i), vec![]),
            kind => (Callee::Value(mk(kind, fe.ty, fe.pos)), vec![]),
        };
        let (rest, pre) = self.args(&sig, fun, args, spread, pos)?;
        recv_args.extend(rest);
        let ty = self.results_type(&sig.results);
        Ok(Call {
            pre,
            callee,
            args: recv_args,
            ty,
            pos,
        })
    }

    pub fn results_type(&mut self, results: &[Ty]) -> Ty {
        match results {
            [one] => *one,
            rs => self.types.tuple(rs.to_vec()),
        }
    }

    /// Arguments converted to parameter types; extra variadic ones packed into a slice. For
    /// `f(g())` with a multi-valued `g`, also the hidden variable g's results go to.
    pub fn args(
        &mut self,
        sig: &Sig,
        fun: &syntax::Expr,
        args: &[syntax::Expr],
        spread: bool,
        pos: Pos,
    ) -> Res<(Vec<Expr>, crate::ir::Pre)> {
        let (params, variadic) = (sig.params.as_slice(), sig.variadic);
        let mut ops = Vec::new();
        for a in args {
            ops.push(self.expr(a)?);
        }
        if let [Op::Tuple(e)] = ops.as_slice()
            && spread
        {
            return self.err(e.pos, "cannot use ... with a multi-valued call");
        }
        if let [Op::Tuple(_)] = ops.as_slice() {
            let Some(Op::Tuple(e)) = ops.pop() else {
                return self.internal(pos, "a tuple argument that is not a tuple");
            };
            let (tmp, gets) = self.tuple_var(&e);
            let ops = gets.into_iter().map(Op::Value).collect();
            let out = self.args_from_ops(params, variadic, ops, false, pos, None)?;
            return Ok((out, Some((tmp, Box::new(e)))));
        }
        if !spread {
            self.arg_count(sig, fun, args, &ops)?;
        }
        Ok((
            self.args_from_ops(params, variadic, ops, spread, pos, Some((args, fun)))?,
            None,
        ))
    }

    /// gc's error for a call `fun(args)` whose argument count does not fit the signature:
    /// at the first extra argument, or the last one (the call when there is none), with what
    /// the call has and what the function wants.
    fn arg_count(
        &self,
        sig: &Sig,
        fun: &syntax::Expr,
        args: &[syntax::Expr],
        ops: &[Op],
    ) -> Res<()> {
        let wanted = sig.params.len();
        let fixed = wanted - usize::from(sig.variadic);
        let (what, at) = match ops.len() {
            n if n > wanted && !sig.variadic => ("too many", &args[wanted]),
            n if n < fixed => ("not enough", args.last().unwrap_or(fun)),
            _ => return Ok(()),
        };
        let have: Vec<Summand> = ops.iter().map(|op| self.summand(op)).collect();
        let want: Vec<Summand> = sig.params.iter().map(|t| Summand::Typed(*t)).collect();
        let gc = (|| {
            Some(format!(
                "{what} arguments in call to {}\n\thave {}\n\twant {}",
                self.gc_expr(fun)?,
                self.gc_summary(&have, false)?,
                self.gc_summary(&want, sig.variadic)?
            ))
        })();
        match gc {
            Some(message) => self.gc_err(at.pos, message),
            None => self.err(at.pos, format!("{what} arguments in call")),
        }
    }

    /// `written` is the arguments and the callee as written, for gc's wording of an error.
    fn args_from_ops(
        &mut self,
        params: &[Ty],
        variadic: bool,
        ops: Vec<Op>,
        spread: bool,
        pos: Pos,
        written: Option<(&[syntax::Expr], &syntax::Expr)>,
    ) -> Res<Vec<Expr>> {
        let written = |i: usize| {
            written.and_then(|(args, fun)| {
                args.get(i).map(|operand| Written {
                    operand,
                    callee: Some(fun),
                })
            })
        };
        let fixed = if variadic {
            params.len() - 1
        } else {
            params.len()
        };
        if spread && !variadic {
            return self.err(pos, "have (...) arguments but function is not variadic");
        }
        let enough = if variadic && !spread {
            ops.len() >= fixed
        } else {
            ops.len() == params.len()
        };
        if !enough {
            let what = if ops.len() < params.len() {
                "not enough"
            } else {
                "too many"
            };
            return self.err(pos, format!("{what} arguments in call"));
        }
        let mut out = Vec::new();
        let mut it = ops.into_iter().enumerate();
        for p in params.iter().take(fixed) {
            let Some((i, op)) = it.next() else { break };
            out.push(self.assign_written(op, *p, "argument", written(i))?);
        }
        if variadic {
            let st = params[fixed];
            if spread {
                if let Some((i, op)) = it.next() {
                    out.push(self.assign_written(op, st, "argument", written(i))?);
                }
            } else {
                let elem = match self.types.kind(st) {
                    TypeKind::Slice(e) => *e,
                    _ => st,
                };
                let mut elems = Vec::new();
                for (k, (i, op)) in it.enumerate() {
                    elems.push((
                        k as u64,
                        self.assign_written(op, elem, "argument", written(i))?,
                    ));
                }
                if elems.is_empty() {
                    out.push(mk(ExprKind::Const(Value::zero(&self.types, st)), st, pos));
                } else {
                    let n = elems.len() as u64;
                    out.push(mk(ExprKind::Composite(Composite::Slice(elems, n)), st, pos));
                }
            }
        }
        Ok(out)
    }

    /// Explicit conversion `T(x)`.
    fn conversion(&mut self, t: Ty, x: &syntax::Expr, pos: Pos) -> Res<Op> {
        let xo = self.expr(x)?;
        let tk = self.types.ukind(t).clone();
        if let Op::Const(v, vt, p) = &xo {
            // Constant conversions stay constant (except into interfaces and from ints to strings).
            match (&tk, v) {
                (TypeKind::String, ConstVal::Int(i))
                    if self.types.int_kind(*vt).is_some() || self.untyped_kind(*vt).is_some() =>
                {
                    let ch = u32::try_from(*i)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{FFFD}');
                    let s: Rc<[u8]> = Rc::from(ch.to_string().as_bytes());
                    return Ok(Op::Const(ConstVal::Str(s), t, *p));
                }
                (
                    TypeKind::Int(_)
                    | TypeKind::Float(_)
                    | TypeKind::Complex(_)
                    | TypeKind::String
                    | TypeKind::Bool,
                    _,
                ) => {
                    let from_ok = matches!(
                        (self.types.ukind(*vt), &tk),
                        (
                            TypeKind::Untyped(Untyped::String) | TypeKind::String,
                            TypeKind::String
                        ) | (
                            TypeKind::Untyped(Untyped::Bool) | TypeKind::Bool,
                            TypeKind::Bool
                        )
                    ) || self.untyped_kind(*vt).is_some_and(|u| {
                        matches!(
                            u,
                            Untyped::Int | Untyped::Rune | Untyped::Float | Untyped::Complex
                        )
                    }) && self.types.is_numeric(t)
                        || self.types.is_numeric(*vt) && self.types.is_numeric(t);
                    if from_ok {
                        // Typed float constants convert to integers only when exact.
                        let r = self.represent(v, *vt, t, *p)?;
                        return Ok(Op::Const(r, t, *p));
                    }
                }
                _ => {}
            }
        }
        if let Op::Nil(p) = xo {
            return self.assign_op(Op::Nil(p), t, "conversion").map(Op::Value);
        }
        // `T(1 << n)`: the untyped constant becomes a T, as if converted alone.
        let xo = match xo {
            Op::Untyped(tree, _, _) if !self.types.is_interface(t) => {
                let e = self.typed(tree, t)?;
                return Ok(Op::Value(mk(e.kind, t, pos)));
            }
            other => other,
        };
        let xe = self.op_value(xo)?;
        let fk = self.types.ukind(xe.ty).clone();
        let ok = self.types.under(xe.ty) == self.types.under(t)
            || self.types.is_interface(t) && self.types.missing_method(xe.ty, t).is_none()
            || matches!(
                (&fk, &tk),
                (
                    TypeKind::Int(_) | TypeKind::Float(_),
                    TypeKind::Int(_) | TypeKind::Float(_)
                ) | (TypeKind::Complex(_), TypeKind::Complex(_))
            )
            || matches!((&fk, &tk), (TypeKind::Int(_), TypeKind::String))
            || matches!(
                (&fk, &tk),
                (TypeKind::String, TypeKind::Slice(_)) | (TypeKind::Slice(_), TypeKind::String)
            ) && self.byte_or_rune_slice(if matches!(fk, TypeKind::String) {
                t
            } else {
                xe.ty
            })
            || matches!((&fk, &tk), (TypeKind::Pointer(a), TypeKind::Pointer(b)) if self.types.under(*a) == self.types.under(*b))
            || self.slice_to_array(xe.ty, t);
        if !ok {
            return self.err(
                pos,
                format!(
                    "cannot convert value of type {} to type {}",
                    self.types.name(xe.ty),
                    self.types.name(t)
                ),
            );
        }
        Ok(Op::Value(mk(ExprKind::Convert(Box::new(xe)), t, pos)))
    }

    /// A slice converts to a pointer to an array of its element type (Go 1.17), and to such an
    /// array (Go 1.20).
    fn slice_to_array(&self, from: Ty, to: Ty) -> bool {
        let (TypeKind::Slice(e), Some((ae, _))) = (self.types.ukind(from), self.types.array_of(to))
        else {
            return false;
        };
        self.types.under(*e) == self.types.under(ae)
            && (self.types.pointee(to).is_some() || self.lang_at_least(1, 20))
    }

    fn byte_or_rune_slice(&self, t: Ty) -> bool {
        match self.types.ukind(t) {
            TypeKind::Slice(e) => matches!(
                self.types.ukind(*e),
                TypeKind::Int(crate::types::IntKind::Uint8 | crate::types::IntKind::Int32)
            ),
            _ => false,
        }
    }

    // ---- builtins ----

    fn builtin(
        &mut self,
        b: BuiltinName,
        args: &[syntax::Expr],
        spread: bool,
        pos: Pos,
    ) -> Res<Op> {
        let n = args.len();
        let want = |c: &Self, lo: usize, hi: usize| -> Res<()> {
            if n == 1 && lo > 1 && matches!(strip_parens(&args[0]).kind, S::Call { .. }) {
                // `copy(f())`: valid Go when f returns the arguments; the model takes the
                // arguments of these builtins one by one.
                c.unsupported(
                    pos,
                    format!("a multi-valued call as the arguments of {b:?}"),
                )
            } else if n < lo {
                c.err(pos, format!("not enough arguments for {b:?}"))
            } else if n > hi {
                c.err(pos, format!("too many arguments for {b:?}"))
            } else {
                Ok(())
            }
        };
        if spread && b != BuiltinName::Append {
            return self.err(pos, "invalid use of ... with builtin");
        }
        let int = self.b.int;
        match b {
            BuiltinName::Len | BuiltinName::Cap => {
                want(self, 1, 1)?;
                let xo = self.expr(&args[0])?;
                if let (BuiltinName::Len, Op::Const(ConstVal::Str(s), _, _)) = (b, &xo) {
                    return Ok(Op::Const(ConstVal::Int(s.len() as i128), int, pos));
                }
                let xe = self.op_value(xo)?;
                if let Some((_, n)) = self.types.array_of(xe.ty)
                    && !crate::ir::makes_call(&xe)
                {
                    // Constant, and the operand is not evaluated.
                    return Ok(Op::Const(ConstVal::Int(i128::from(n)), int, pos));
                }
                let ok = match self.types.ukind(xe.ty) {
                    _ if self.types.array_of(xe.ty).is_some() => true,
                    TypeKind::Slice(_) => true,
                    TypeKind::String | TypeKind::Map(..) => b == BuiltinName::Len,
                    _ => false,
                };
                if !ok {
                    return self.err(
                        pos,
                        format!(
                            "invalid argument: value of type {} for built-in {}",
                            self.types.name(xe.ty),
                            if b == BuiltinName::Len { "len" } else { "cap" }
                        ),
                    );
                }
                let bi = if b == BuiltinName::Len {
                    Builtin::Len
                } else {
                    Builtin::Cap
                };
                Ok(Op::Value(mk(ExprKind::Builtin(bi, vec![xe]), int, pos)))
            }
            BuiltinName::Append => {
                want(self, 1, usize::MAX)?;
                let s = self.value(&args[0])?;
                let TypeKind::Slice(elem) = self.types.ukind(s.ty).clone() else {
                    return self.err(
                        pos,
                        format!(
                            "invalid argument: {} (value of type {}) is not a slice",
                            "s",
                            self.types.name(s.ty)
                        ),
                    );
                };
                let st = s.ty;
                let mut out = vec![s];
                if spread {
                    if n != 2 {
                        return self.err(pos, "can only use ... with final argument");
                    }
                    let o = self.expr(&args[1])?;
                    if let Op::Const(ConstVal::Str(_), ..) = o {
                        return self.unsupported(pos, "append of a string to a byte slice");
                    }
                    let ue = self.op_value(o)?;
                    if self.types.ukind(ue.ty) == &TypeKind::String {
                        return self.unsupported(pos, "append of a string to a byte slice");
                    }
                    let slice_ty = self.types.slice(elem);
                    out.push(self.assign_value(ue, slice_ty, "append", None)?);
                } else {
                    for a in &args[1..] {
                        out.push(self.value_as(a, elem, "argument to append")?);
                    }
                }
                Ok(Op::Value(mk(
                    ExprKind::Builtin(Builtin::Append { spread }, out),
                    st,
                    pos,
                )))
            }
            BuiltinName::Make => {
                want(self, 1, 3)?;
                let Op::Type(t, _) = self.expr(&args[0])? else {
                    return self.err(pos, "make: first argument is not a type");
                };
                let mut sizes = Vec::new();
                for a in &args[1..] {
                    let e = self.index_value(a)?;
                    sizes.push(e);
                }
                if let [
                    ExprKind::Const(Value::Int(l)),
                    ExprKind::Const(Value::Int(c)),
                ] = [
                    &sizes.first().map(|e| e.kind.clone()),
                    &sizes.get(1).map(|e| e.kind.clone()),
                ]
                .map(|k| k.clone().unwrap_or(ExprKind::Const(Value::Int(-1))))
                    && sizes.len() == 2
                    && l > c
                {
                    return self.err(
                        pos,
                        "invalid argument: length and capacity swapped".to_string(),
                    );
                }
                match self.types.ukind(t) {
                    TypeKind::Slice(_) => {
                        if sizes.is_empty() {
                            return self.err(
                                pos,
                                format!(
                                    "invalid operation: make({}) expects 2 or 3 arguments; found 1",
                                    self.types.name(t)
                                ),
                            );
                        }
                        Ok(Op::Value(mk(
                            ExprKind::Builtin(Builtin::MakeSlice, sizes),
                            t,
                            pos,
                        )))
                    }
                    TypeKind::Map(..) => {
                        if sizes.len() > 1 {
                            return self
                                .err(pos, "invalid operation: make(map) expects 1 or 2 arguments");
                        }
                        Ok(Op::Value(mk(
                            ExprKind::Builtin(Builtin::MakeMap, sizes),
                            t,
                            pos,
                        )))
                    }
                    _ => self.err(
                        pos,
                        format!(
                            "invalid argument: cannot make {}; type must be slice, map, or channel",
                            self.types.name(t)
                        ),
                    ),
                }
            }
            BuiltinName::New => {
                want(self, 1, 1)?;
                if self.lang_at_least(1, 26) && !self.names_type(&args[0]) {
                    return self.unsupported(args[0].pos, "new of a value (go1.26)");
                }
                let Op::Type(t, _) = self.expr(&args[0])? else {
                    return self.err(pos, "new: argument is not a type");
                };
                let zero = mk(ExprKind::Const(Value::zero(&self.types, t)), t, pos);
                let pt = self.types.pointer(t);
                Ok(Op::Value(mk(ExprKind::New(Box::new(zero)), pt, pos)))
            }
            BuiltinName::Delete => {
                want(self, 2, 2)?;
                let m = self.value(&args[0])?;
                let TypeKind::Map(k, _) = self.types.ukind(m.ty).clone() else {
                    return self.err(pos, "invalid argument: delete of non-map");
                };
                let key = self.value_as(&args[1], k, "argument to delete")?;
                let unit = self.b.unit;
                Ok(Op::NoValue(mk(
                    ExprKind::Builtin(Builtin::Delete, vec![m, key]),
                    unit,
                    pos,
                )))
            }
            BuiltinName::Copy => {
                want(self, 2, 2)?;
                let d = self.value(&args[0])?;
                let s = self.value(&args[1])?;
                let same = match (self.types.ukind(d.ty), self.types.ukind(s.ty)) {
                    (TypeKind::Slice(a), TypeKind::Slice(b)) => a == b,
                    // copy(dst []byte, src string)
                    (TypeKind::Slice(a), TypeKind::String) => {
                        self.types.int_kind(*a) == Some(crate::types::IntKind::Uint8)
                    }
                    _ => false,
                };
                if !same {
                    return self.unsupported(pos, "copy between these types");
                }
                Ok(Op::Value(mk(
                    ExprKind::Builtin(Builtin::Copy, vec![d, s]),
                    int,
                    pos,
                )))
            }
            BuiltinName::Clear => {
                want(self, 1, 1)?;
                let x = self.value(&args[0])?;
                if !matches!(
                    self.types.ukind(x.ty),
                    TypeKind::Slice(_) | TypeKind::Map(..)
                ) {
                    return self.err(pos, "invalid argument: clear of non-map, non-slice");
                }
                let unit = self.b.unit;
                Ok(Op::NoValue(mk(
                    ExprKind::Builtin(Builtin::Clear, vec![x]),
                    unit,
                    pos,
                )))
            }
            BuiltinName::Complex => {
                want(self, 2, 2)?;
                let (re, im) = (self.expr(&args[0])?, self.expr(&args[1])?);
                self.complex_builtin(re, im, pos)
            }
            BuiltinName::Real | BuiltinName::Imag => {
                want(self, 1, 1)?;
                let xo = self.expr(&args[0])?;
                self.part_builtin(b == BuiltinName::Imag, xo, pos)
            }
            BuiltinName::Min | BuiltinName::Max => {
                want(self, 1, usize::MAX)?;
                let ops: Vec<Op> = args.iter().map(|a| self.expr(a)).collect::<Res<_>>()?;
                let is_max = b == BuiltinName::Max;
                if ops.iter().all(|o| matches!(o, Op::Const(..))) {
                    return self.const_min_max(ops, is_max, pos);
                }
                let t = ops.iter().find_map(|o| match o {
                    Op::Value(e) => Some(e.ty),
                    _ => None,
                });
                let Some(t) = t else {
                    return self.err(pos, "invalid min/max arguments");
                };
                if !matches!(
                    self.types.ukind(t),
                    TypeKind::Int(_) | TypeKind::Float(_) | TypeKind::String
                ) {
                    return self.err(
                        pos,
                        format!("invalid argument: {} cannot be ordered", self.types.name(t)),
                    );
                }
                let mut es = Vec::new();
                for o in ops {
                    es.push(self.assign_op(o, t, "argument")?);
                }
                let bi = if is_max { Builtin::Max } else { Builtin::Min };
                Ok(Op::Value(mk(ExprKind::Builtin(bi, es), t, pos)))
            }
            BuiltinName::Panic => {
                want(self, 1, 1)?;
                let any = self.b.any;
                let v = self.value_as(&args[0], any, "argument to panic")?;
                let sig = self.types.func(vec![any], vec![], false);
                let f = self.native(Native::Panic, sig, "panic");
                let unit = self.b.unit;
                Ok(Op::NoValue(mk(
                    ExprKind::Call(Box::new(Call {
                        pre: None,
                        callee: Callee::Static(f),
                        args: vec![v],
                        ty: unit,
                        pos,
                    })),
                    unit,
                    pos,
                )))
            }
            BuiltinName::Recover => {
                want(self, 0, 0)?;
                let any = self.b.any;
                let sig = self.types.func(vec![], vec![any], false);
                let f = self.native(Native::Recover, sig, "recover");
                Ok(Op::Value(mk(
                    ExprKind::Call(Box::new(Call {
                        pre: None,
                        callee: Callee::Static(f),
                        args: vec![],
                        ty: any,
                        pos,
                    })),
                    any,
                    pos,
                )))
            }
            BuiltinName::Print | BuiltinName::Println => {
                let mut ops = Vec::new();
                for a in args {
                    ops.push(self.expr(a)?);
                }
                // `print(f())` prints every result of f.
                let mut pre = None;
                if let [Op::Tuple(_)] = ops.as_slice()
                    && let Some(Op::Tuple(e)) = ops.pop()
                {
                    let (tmp, gets) = self.tuple_var(&e);
                    ops = gets.into_iter().map(Op::Value).collect();
                    pre = Some((tmp, Box::new(e)));
                }
                let mut es = Vec::new();
                for o in ops {
                    if let Op::Nil(p) = o {
                        return self.err(p, "use of untyped nil in argument to built-in print");
                    }
                    es.push(self.op_value(o)?);
                }
                let tys: Vec<Ty> = es.iter().map(|e| e.ty).collect();
                for e in &es {
                    if matches!(
                        self.types.ukind(e.ty),
                        TypeKind::Struct(_) | TypeKind::Array(..)
                    ) {
                        return self.err(
                            e.pos,
                            format!(
                                "illegal types for operand: print\n\t{}",
                                self.types.name(e.ty)
                            ),
                        );
                    }
                }
                let sig = self.types.func(tys.clone(), vec![], false);
                let newline = b == BuiltinName::Println;
                let name = if newline { "println" } else { "print" };
                let f = self.native(Native::Print { newline, args: tys }, sig, name);
                let unit = self.b.unit;
                Ok(Op::NoValue(mk(
                    ExprKind::Call(Box::new(Call {
                        pre,
                        callee: Callee::Static(f),
                        args: es,
                        ty: unit,
                        pos,
                    })),
                    unit,
                    pos,
                )))
            }
        }
    }

    /// `complex(re, im)`: two floats of one type make a complex number of twice their size;
    /// constants make a constant (untyped when both are).
    fn complex_builtin(&mut self, re: Op, im: Op, pos: Pos) -> Res<Op> {
        let float_of = |c: &Self, o: &Op| match o {
            Op::Const(_, t, _) if c.types.is_untyped(*t) => None,
            Op::Const(_, t, _) => Some(*t),
            Op::Value(e) => Some(e.ty),
            Op::Untyped(_, _, _) => None,
            _ => None,
        };
        // The parts' type: the typed operand's, or float64 for two untyped non-constants.
        let ft = match (float_of(self, &re), float_of(self, &im)) {
            (Some(a), Some(b)) if a != b => {
                return self.err(
                    pos,
                    format!(
                        "invalid operation: complex(re, im) (mismatched types {} and {})",
                        self.types.name(a),
                        self.types.name(b)
                    ),
                );
            }
            (Some(a), _) | (None, Some(a)) => Some(a),
            (None, None) => None,
        };
        let ct = match ft.map(|t| self.types.ukind(t).clone()) {
            None => self.b.untyped_complex,
            Some(TypeKind::Float(FloatKind::F32)) => self.b.complex64,
            Some(TypeKind::Float(FloatKind::F64)) => self.b.complex128,
            Some(_) => {
                return self.err(
                    pos,
                    format!(
                        "invalid operation: complex(re, im) (arguments have type {}, expected floating-point)",
                        self.types.name(ft.unwrap_or(self.b.float64))
                    ),
                );
            }
        };
        if let (Op::Const(a, at, ap), Op::Const(b, bt, bp)) = (&re, &im) {
            let pt = ft.unwrap_or(self.b.untyped_float);
            let a = self.represent(a, *at, pt, *ap)?;
            let b = self.represent(b, *bt, pt, *bp)?;
            return Ok(Op::Const(ConstVal::complex(a, b), ct, pos));
        }
        let pt = ft.unwrap_or(self.b.float64);
        let ct = if ft.is_none() { self.b.complex128 } else { ct };
        let re = self.assign_op(re, pt, "argument to complex")?;
        let im = self.assign_op(im, pt, "argument to complex")?;
        Ok(Op::Value(mk(
            ExprKind::Builtin(Builtin::Complex, vec![re, im]),
            ct,
            pos,
        )))
    }

    /// `real(z)` or `imag(z)`: a part of a complex number, constant for a constant.
    fn part_builtin(&mut self, imag: bool, xo: Op, pos: Pos) -> Res<Op> {
        let pick = |(re, im): (ConstVal, ConstVal)| if imag { im } else { re };
        // A constant of any numeric untyped kind or of a complex type.
        if let Op::Const(v, t, p) = &xo {
            let untyped = self.types.is_untyped(*t);
            if (untyped || matches!(self.types.ukind(*t), TypeKind::Complex(_)))
                && let Some(parts) = v.parts()
            {
                let pt = if untyped {
                    self.b.untyped_float
                } else {
                    self.part_type(*t)
                };
                return Ok(Op::Const(pick(parts), pt, *p));
            }
        }
        let xe = self.op_value(xo)?;
        let pt = self.part_type(xe.ty);
        if pt == xe.ty {
            return self.err(
                pos,
                format!(
                    "invalid argument: arguments have type {}, expected complex number",
                    self.types.name(xe.ty)
                ),
            );
        }
        let b = if imag { Builtin::Imag } else { Builtin::Real };
        Ok(Op::Value(mk(ExprKind::Builtin(b, vec![xe]), pt, pos)))
    }

    fn const_min_max(&mut self, ops: Vec<Op>, is_max: bool, pos: Pos) -> Res<Op> {
        let mut best: Option<(ConstVal, Ty)> = None;
        for o in ops {
            let Op::Const(v, t, p) = o else { continue };
            best = Some(match best {
                None => (v, t),
                Some((bv, bt)) => {
                    let ct = self.const_common(bt, t, p)?;
                    let a = self.represent(&bv, bt, ct, p)?;
                    let b2 = self.represent(&v, t, ct, p)?;
                    let less =
                        self.const_binary(BinOp::Lt, &b2, &a, ct, p)? == ConstVal::Bool(true);
                    if less != is_max { (b2, ct) } else { (a, ct) }
                }
            });
        }
        match best {
            Some((v, t)) => Ok(Op::Const(v, t, pos)),
            None => self.err(pos, "not enough arguments"),
        }
    }

    // ---- literals ----

    fn func_lit(&mut self, sig: &syntax::Signature, body: &syntax::Block, pos: Pos) -> Res<Expr> {
        if self.ctxs.is_empty() {
            // Only a package constant is checked outside every function.
            return self.err(pos, "function literal is not constant");
        }
        let fty = self.resolve_sig(sig, None)?;
        let parent = self.ctx();
        parent.literals += 1;
        let name = format!("{}.func{}", parent.name, parent.literals);
        let id = self.add_func(crate::ir::Func::declared(name.clone(), fty, pos));
        self.enter_func(id, name);
        self.push_scope();
        let ptys = self
            .types
            .sig(fty)
            .map(|s| s.params.clone())
            .unwrap_or_default();
        let mut params = Vec::new();
        for (p, t) in sig.params.iter().zip(ptys) {
            params.push(self.param_var(p.name.as_ref(), t)?);
        }
        let (results, named) = self.result_vars(sig, fty)?;
        self.set_results(&results, named, fty);
        let stmts = self.func_body(body, !sig.results.is_empty());
        self.pop_scope();
        let (vars, captures) = self.leave_func(stmts.is_ok());
        let stmts = stmts?;
        let f = &mut self.funcs[id.0 as usize];
        f.kind = crate::ir::FuncKind::Code(stmts);
        f.params = params;
        f.results = results;
        f.named_results = named;
        f.vars = vars;
        f.captures = captures.clone();
        Ok(mk(ExprKind::Closure(id, captures), fty, pos))
    }

    /// A composite literal of type `t` (elided element types already resolved by the caller).
    pub fn composite(&mut self, t: Ty, elems: &[syntax::Element], pos: Pos) -> Res<Expr> {
        match self.types.ukind(t).clone() {
            TypeKind::Struct(fields) => {
                let mut vals: Vec<(u32, Expr)> = Vec::new();
                let keyed = elems.first().is_some_and(|e| e.key.is_some());
                for (i, el) in elems.iter().enumerate() {
                    let idx = match (&el.key, keyed) {
                        (Some(k), true) => {
                            let S::Ident(name) = &k.kind else {
                                return self.err(k.pos, "invalid field name in struct literal");
                            };
                            match fields.iter().position(|f| &f.name == name) {
                                Some(j) => j,
                                // go1.27 lets a struct literal set a promoted field.
                                None if self.lang_at_least(1, 27)
                                    && self.types.lookup(t, name).is_ok() =>
                                {
                                    return self.unsupported(
                                        k.pos,
                                        "a promoted field in a struct literal",
                                    );
                                }
                                None => {
                                    return self.err(
                                        k.pos,
                                        format!(
                                            "unknown field {name} in struct literal of type {}",
                                            self.types.name(t)
                                        ),
                                    );
                                }
                            }
                        }
                        (None, false) => i,
                        _ => {
                            return self.err(
                                el.value.pos,
                                "mixture of field:value and value elements in struct literal",
                            );
                        }
                    };
                    let Some(f) = fields.get(idx) else {
                        return self.err(el.value.pos, "too many values in struct literal");
                    };
                    if vals.iter().any(|(j, _)| *j as usize == idx) {
                        return self.err(
                            el.value.pos,
                            format!("duplicate field name {} in struct literal", f.name),
                        );
                    }
                    // Only array, slice and map literals may leave out their elements' type.
                    if let S::Composite(None, _) = el.value.kind {
                        return self.err(el.value.pos, "missing type in composite literal");
                    }
                    let value = self.element(&el.value, f.ty)?;
                    vals.push((idx as u32, value));
                }
                if !keyed && !elems.is_empty() && elems.len() < fields.len() {
                    return self.err(pos, "too few values in struct literal");
                }
                Ok(mk(ExprKind::Composite(Composite::Struct(vals)), t, pos))
            }
            TypeKind::Slice(elem) => {
                let (out, len) = self.indexed_elements(elems, elem, None)?;
                Ok(mk(ExprKind::Composite(Composite::Slice(out, len)), t, pos))
            }
            TypeKind::Array(elem, n) => {
                let (out, _) = self.indexed_elements(elems, elem, Some(n))?;
                Ok(mk(ExprKind::Composite(Composite::Array(out, n)), t, pos))
            }
            TypeKind::Map(k, v) => {
                let mut out = Vec::new();
                let mut constants = foldhash::HashSet::default();
                for el in elems {
                    let Some(key) = &el.key else {
                        return self.err(el.value.pos, "missing key in map literal");
                    };
                    let ke = self.element(key, k)?;
                    if let Some((kt, value, id)) = constant_of(&ke)
                        && !constants.insert((kt, id))
                    {
                        return match gc_value(value) {
                            Some(v) => {
                                self.gc_err(key.pos, format!("duplicate key {v} in map literal"))
                            }
                            None => self.err(key.pos, "duplicate key in map literal"),
                        };
                    }
                    let ve = self.element(&el.value, v)?;
                    out.push((ke, ve));
                }
                Ok(mk(ExprKind::Composite(Composite::Map(out)), t, pos))
            }
            _ => self.err(
                pos,
                format!("invalid composite literal type {}", self.types.name(t)),
            ),
        }
    }

    /// The elements of a slice or array literal with their indexes (constant keys or the next
    /// index), and the length they make; an array's `bound` limits the indexes.
    fn indexed_elements(
        &mut self,
        elems: &[syntax::Element],
        elem: Ty,
        bound: Option<u64>,
    ) -> Res<(Vec<(u64, Expr)>, u64)> {
        let mut out: Vec<(u64, Expr)> = Vec::new();
        let mut seen = foldhash::HashSet::default();
        let mut next: u64 = 0;
        let mut len: u64 = 0;
        for el in elems {
            if let Some(k) = &el.key {
                let ke = self.index_value(k)?;
                let ExprKind::Const(Value::Int(i)) = ke.kind else {
                    return self.err(k.pos, "index must be non-negative integer constant");
                };
                next = i as u64;
            }
            if let Some(n) = bound
                && next >= n
            {
                let at = el.key.as_ref().map_or(el.value.pos, |k| k.pos);
                return self.err(
                    at,
                    format!("invalid argument: index {next} out of bounds [0:{n}]"),
                );
            }
            if !seen.insert(next) {
                return self.err(
                    el.value.pos,
                    format!("duplicate index {next} in array or slice literal"),
                );
            }
            out.push((next, self.element(&el.value, elem)?));
            next += 1;
            len = len.max(next);
        }
        if len > 1 << 20 {
            return self.unsupported(
                elems.first().map_or(Pos::default(), |e| e.value.pos),
                "a slice or array literal of more than 2^20 elements",
            );
        }
        Ok((out, len))
    }

    /// An element of a composite literal; `{...}` without a type takes the element type.
    fn element(&mut self, e: &syntax::Expr, t: Ty) -> Res<Expr> {
        if let S::Composite(None, elems) = &e.kind {
            if let Some(inner) = self.types.pointee(t) {
                let v = self.composite(inner, elems, e.pos)?;
                return Ok(mk(ExprKind::New(Box::new(v)), t, e.pos));
            }
            return self.composite(t, elems, e.pos);
        }
        self.value_as(e, t, "composite literal")
    }
}

impl Expr {
    pub(super) fn is_nil_const(&self) -> bool {
        matches!(&self.kind, ExprKind::Const(v) if v.is_nil())
    }
}

/// The tree and untyped type of an untyped operand (a constant or an [`Op::Untyped`]), or the
/// operand back.
fn untyped_tree(o: Op) -> Result<(UntypedExpr, Ty), Op> {
    match o {
        Op::Const(v, t, p) => Ok((UntypedExpr::Const(v, t, p), t)),
        Op::Untyped(tree, t, _) => Ok((tree, t)),
        other => Err(other),
    }
}

pub fn strip_parens(e: &syntax::Expr) -> &syntax::Expr {
    match &e.kind {
        S::Paren(inner) => strip_parens(inner),
        _ => e,
    }
}
