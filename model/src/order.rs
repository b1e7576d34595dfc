//! Evaluation order the specification leaves open.
//!
//! "When evaluating the operands of an expression, assignment, or return statement, all function
//! calls, method calls, and communication operations are evaluated in lexical left-to-right
//! order" -- and nothing more. gc hoists calls ahead of the other operands of a statement, so a
//! variable read (or an operation that may panic) written before a call can happen after it.
//! The model evaluates left to right; where the two could differ observably it refuses the
//! program rather than guess: a statement in which a read of memory that a call could change, or
//! an operation that can panic, is evaluated before a call and used after it.

use crate::ir::{Builtin, Callee, Composite, Expr, ExprKind, Place, RangeTarget, Stmt, StmtKind, VarRef};
use crate::syntax::{BinOp, Pos};

/// What the ordering check reports: the position and a description of the hazard.
pub type Hazard = (Pos, String);

/// Checks every statement of a function body; `shared` says whether a variable may be changed
/// by a call (captured, address-taken or package-level).
pub fn check_body(stmts: &[Stmt], shared: &dyn Fn(VarRef) -> bool) -> Result<(), Hazard> {
    let c = Check { shared };
    for s in stmts {
        c.stmt(s)?;
    }
    Ok(())
}

struct Check<'a> {
    shared: &'a dyn Fn(VarRef) -> bool,
}

/// What evaluating an operand leaves pending: whether it calls, and the first read or
/// panicking operation whose effect is not yet consumed by a call.
#[derive(Clone, Copy, Default)]
struct Info {
    call: bool,
    exposed: Option<(Pos, &'static str)>,
}

impl Check<'_> {
    fn stmt(&self, s: &Stmt) -> Result<(), Hazard> {
        match &s.kind {
            StmtKind::Expr(e) | StmtKind::Declare(_, Some(e)) => {
                self.expr(e)?;
            }
            StmtKind::Declare(_, None) | StmtKind::Break | StmtKind::Continue | StmtKind::Fallthrough => {}
            StmtKind::Assign(places, values) => {
                let mut parts = Vec::new();
                for p in places {
                    parts.push(self.place_operands(p)?);
                }
                for v in values {
                    parts.push(self.expr(v)?);
                }
                self.ordered(&parts)?;
            }
            StmtKind::OpAssign(place, _, e, _) => {
                let operands = self.place_operands(place)?;
                let read = self.place_read(place, s.pos)?;
                let value = self.expr(e)?;
                self.ordered(&[operands, read, value])?;
            }
            StmtKind::Defer(call) => {
                self.call_parts(call)?;
            }
            StmtKind::Return(values) => {
                let parts = values.iter().map(|v| self.expr(v)).collect::<Result<Vec<_>, _>>()?;
                self.ordered(&parts)?;
            }
            StmtKind::Block(b) => self.stmts(b)?,
            StmtKind::If(c, t, e) => {
                self.expr(c)?;
                self.stmts(t)?;
                self.stmts(e)?;
            }
            StmtKind::Loop { cond, body, post, .. } => {
                if let Some(c) = cond {
                    self.expr(c)?;
                }
                self.stmts(body)?;
                self.stmts(post)?;
            }
            StmtKind::Range(r) => {
                self.expr(&r.expr)?;
                for t in [&r.key, &r.value].into_iter().flatten() {
                    if let RangeTarget::Assign(p) = t {
                        self.place_operands(p)?;
                    }
                }
                self.stmts(&r.body)?;
            }
            StmtKind::Switch { clauses } => {
                for c in clauses {
                    for e in &c.conds {
                        self.expr(e)?;
                    }
                    self.stmts(&c.body)?;
                }
            }
        }
        Ok(())
    }

    fn stmts(&self, ss: &[Stmt]) -> Result<(), Hazard> {
        ss.iter().try_for_each(|s| self.stmt(s))
    }

    /// Operands evaluated in this order: no pending read may precede a later call.
    fn ordered(&self, parts: &[Info]) -> Result<Info, Hazard> {
        let mut pending: Option<(Pos, &'static str)> = None;
        let mut out = Info::default();
        for p in parts {
            if p.call {
                if let Some((pos, what)) = pending {
                    return Err((
                        pos,
                        format!(
                            "evaluation order: {what} here is evaluated before a call later in the same statement, an order the Go specification leaves unspecified (gc may make the call first)"
                        ),
                    ));
                }
                out.call = true;
            }
            if pending.is_none() {
                pending = p.exposed;
            }
        }
        out.exposed = pending;
        Ok(out)
    }

    /// Children in evaluation order, then the node's own read or possible panic.
    fn node(&self, parts: &[Info], own: Option<(Pos, &'static str)>) -> Result<Info, Hazard> {
        let mut i = self.ordered(parts)?;
        if i.exposed.is_none() {
            i.exposed = own;
        }
        Ok(i)
    }

    fn expr(&self, e: &Expr) -> Result<Info, Hazard> {
        let pos = e.pos;
        let one = |x: &Expr| self.expr(x);
        match &e.kind {
            ExprKind::Const(_) | ExprKind::Func(_) | ExprKind::Closure(..) | ExprKind::TupleGet(..) => Ok(Info::default()),
            ExprKind::Load(p) => {
                let ops = self.place_operands(p)?;
                let read = self.place_read(p, pos)?;
                self.ordered(&[ops, read])
            }
            ExprKind::Unary(_, x) | ExprKind::Convert(x) | ExprKind::Field(x, _) | ExprKind::New(x) => one(x),
            ExprKind::TypeIs(x, _) => one(x),
            ExprKind::Binary(op, x, y) => {
                let own = match op {
                    BinOp::Div | BinOp::Rem | BinOp::Shl | BinOp::Shr => Some((pos, "an operation that can panic")),
                    BinOp::Eq | BinOp::Ne if matches!(x.kind, ExprKind::Convert(_)) || matches!(y.kind, ExprKind::Convert(_)) => {
                        Some((pos, "an interface comparison that can panic"))
                    }
                    _ => None,
                };
                self.node(&[one(x)?, one(y)?], own)
            }
            ExprKind::AddrOf(p) => {
                let ops = self.place_operands(p)?;
                let own = match p {
                    Place::Index(..) => Some((pos, "an index that can panic")),
                    _ => None,
                };
                self.node(&[ops], own)
            }
            ExprKind::StrIndex(s, i) => self.node(&[one(s)?, one(i)?], Some((pos, "an index that can panic"))),
            ExprKind::MapIndex(m, k, _) => self.node(&[one(m)?, one(k)?], Some((pos, "a map read"))),
            ExprKind::SliceOf(x, lo, hi, max) => {
                let mut parts = vec![one(x)?];
                for p in [lo, hi, max].into_iter().flatten() {
                    parts.push(one(p)?);
                }
                self.node(&parts, Some((pos, "a slice expression that can panic")))
            }
            ExprKind::Call(c) => self.call_parts(c),
            ExprKind::MethodValue(r, _) => one(r),
            ExprKind::IfaceMethodValue(r, _) => self.node(&[one(r)?], Some((pos, "a method value that can panic"))),
            ExprKind::Assert(x, _, ok) => {
                let own = if *ok { None } else { Some((pos, "a type assertion that can panic")) };
                self.node(&[one(x)?], own)
            }
            ExprKind::Composite(c) => {
                let parts = match c {
                    Composite::Struct(es) => es.iter().map(one).collect::<Result<Vec<_>, _>>()?,
                    Composite::Slice(es, _) => es.iter().map(|(_, x)| one(x)).collect::<Result<Vec<_>, _>>()?,
                    Composite::Map(kvs) => {
                        let mut v = Vec::new();
                        for (k, x) in kvs {
                            v.push(one(k)?);
                            v.push(one(x)?);
                        }
                        v
                    }
                };
                self.ordered(&parts)
            }
            ExprKind::Builtin(b, args) => {
                let parts = args.iter().map(one).collect::<Result<Vec<_>, _>>()?;
                let own = match b {
                    Builtin::MakeSlice => Some((pos, "make, which can panic")),
                    Builtin::Len | Builtin::Cap | Builtin::Copy => Some((pos, "a read of shared memory")),
                    _ => None,
                };
                self.node(&parts, own)
            }
        }
    }

    /// A call: its pre-evaluated tuple, callee and arguments in order; the call consumes them.
    fn call_parts(&self, c: &crate::ir::Call) -> Result<Info, Hazard> {
        let mut parts = Vec::new();
        if let Some((_, e)) = &c.pre {
            parts.push(self.expr(e)?);
        }
        match &c.callee {
            Callee::Static(_) => {}
            Callee::Value(f) => parts.push(self.expr(f)?),
            Callee::Iface(r, _) => parts.push(self.expr(r)?),
        }
        for a in &c.args {
            parts.push(self.expr(a)?);
        }
        self.ordered(&parts)?;
        Ok(Info { call: true, exposed: None })
    }

    /// The operands a place evaluates before it is read or written.
    fn place_operands(&self, p: &Place) -> Result<Info, Hazard> {
        match p {
            Place::Var(_) | Place::Blank => Ok(Info::default()),
            Place::Deref(x) => self.expr(x),
            Place::Field(inner, ..) => self.place_operands(inner),
            Place::Index(s, i) | Place::MapEntry(s, i) => {
                let parts = [self.expr(s)?, self.expr(i)?];
                self.ordered(&parts)
            }
        }
    }

    /// Reading a place: shared unless it is a variable no call can change.
    fn place_read(&self, p: &Place, pos: Pos) -> Result<Info, Hazard> {
        let exposed = match p {
            Place::Var(v) if (self.shared)(*v) => Some((pos, "a read of a variable a call may change")),
            Place::Var(_) | Place::Blank => None,
            Place::Field(inner, ..) => return self.place_read(inner, pos),
            Place::Deref(_) => Some((pos, "a read through a pointer")),
            Place::Index(..) => Some((pos, "an index that can panic")),
            Place::MapEntry(..) => Some((pos, "a map read")),
        };
        Ok(Info { call: false, exposed })
    }
}
