//! Evaluation order the specification leaves open.
//!
//! "When evaluating the operands of an expression, assignment, or return statement, all function
//! calls, method calls, and communication operations are evaluated in lexical left-to-right
//! order" -- and nothing more is specified. gc hoists the calls of a statement ahead of its other
//! operands, so a variable read, or an operation that can panic, written before a call may
//! happen after it. The model evaluates left to right, so within one statement it marks:
//!
//! - a call that comes after a read of memory a call could change: if the call runs Go code,
//!   the read might see that code's writes under gc;
//! - an operation that can panic and comes before a call with an effect: if it panics, gc might
//!   already have made the call.
//!
//! The machine refuses a run when a marked call runs Go code or a marked operation panics;
//! otherwise both orders give the same result and the model's answer stands.

use crate::ir::{
    Builtin, Call, Callee, Composite, Expr, ExprKind, FuncKind, Native, Place, RangeTarget, Stmt,
    StmtKind, VarRef,
};
use crate::syntax::{BinOp, Pos};
use foldhash::HashSet;

/// Marks the guarded nodes of a function body; `shared` says whether a variable may be changed
/// by a call (captured, address-taken or package-level); `natives` gives the native a static
/// callee is, if it is one.
///
/// One case is refused outright: `x op= y` where reading `x` can panic and `y` makes a call
/// with an effect (the read has no node of its own to mark).
pub fn mark(
    stmts: &mut [Stmt],
    shared: &dyn Fn(VarRef) -> bool,
    natives: &dyn Fn(&Callee) -> Option<Native>,
) -> Result<(), (Pos, String)> {
    let mut c = Check {
        shared,
        natives,
        guard: HashSet::default(),
        refused: None,
    };
    for s in stmts.iter() {
        c.stmt(s);
    }
    if let Some(r) = c.refused {
        return Err(r);
    }
    let guard = c.guard;
    if !guard.is_empty() {
        crate::ir::visit_exprs_mut(stmts, &mut |e: &mut Expr| {
            if guard.contains(&addr(e)) {
                e.guard = true;
            }
        });
    }
    Ok(())
}

/// Nodes are identified by address between the analysis and the marking (the tree does not
/// move in between).
fn addr(e: &Expr) -> usize {
    e as *const Expr as usize
}

struct Check<'a> {
    shared: &'a dyn Fn(VarRef) -> bool,
    natives: &'a dyn Fn(&Callee) -> Option<Native>,
    guard: HashSet<usize>,
    refused: Option<(Pos, String)>,
}

/// A pending operand: a read whose value is used later, or an operation that can panic.
#[derive(Clone, Copy)]
struct Exposed {
    node: usize,
    shared: bool,
    panics: bool,
}

/// A call made while evaluating an operand.
#[derive(Clone, Copy)]
struct CallInfo {
    node: usize,
    /// It may run Go code, which may write memory.
    writes: bool,
    /// It has an observable effect (output, recovering a panic, running Go code).
    effect: bool,
}

#[derive(Default)]
struct Info {
    calls: Vec<CallInfo>,
    exposed: Vec<Exposed>,
}

impl Check<'_> {
    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) | StmtKind::Declare(_, Some(e)) => {
                self.expr(e);
            }
            StmtKind::Declare(_, None)
            | StmtKind::Break(_)
            | StmtKind::Continue(_)
            | StmtKind::Goto(_)
            | StmtKind::Fallthrough => {}
            StmtKind::Labeled(_, s) => self.stmt(s),
            StmtKind::Assign(places, values) => {
                let mut parts: Vec<Info> = places.iter().map(|p| self.place_operands(p)).collect();
                parts.extend(values.iter().map(|v| self.expr(v)));
                self.ordered(parts);
            }
            StmtKind::OpAssign(place, _, e, _) => {
                let operands = self.place_operands(place);
                let read = self.place_read(place, 0);
                let value = self.expr(e);
                if read.is_some_and(|r| r.panics) && value.calls.iter().any(|c| c.effect) {
                    self.refused.get_or_insert((
                        s.pos,
                        "evaluation order: in `x op= y`, reading x can panic and y makes a call; gc may make the call first".into(),
                    ));
                }
                let read = Info {
                    calls: Vec::new(),
                    exposed: read.into_iter().filter(|r| !r.panics).collect(),
                };
                self.ordered(vec![operands, read, value]);
            }
            StmtKind::Defer(call) => {
                // The deferred call itself runs later; its function and arguments are evaluated now.
                let parts = self.call_operands(call);
                self.ordered(parts);
            }
            StmtKind::Return(values) => {
                let parts = values.iter().map(|v| self.expr(v)).collect();
                self.ordered(parts);
            }
            StmtKind::Block(b) => self.stmts(b),
            StmtKind::If(c, t, e) => {
                self.expr(c);
                self.stmts(t);
                self.stmts(e);
            }
            StmtKind::Loop {
                cond, body, post, ..
            } => {
                if let Some(c) = cond {
                    self.expr(c);
                }
                self.stmts(body);
                self.stmts(post);
            }
            StmtKind::Range(r) => {
                self.expr(&r.expr);
                for t in [&r.key, &r.value].into_iter().flatten() {
                    if let RangeTarget::Assign(p) = t {
                        self.place_operands(p);
                    }
                }
                self.stmts(&r.body);
            }
            StmtKind::Switch { clauses } => {
                for c in clauses {
                    for e in &c.conds {
                        self.expr(e);
                    }
                    self.stmts(&c.body);
                }
            }
        }
    }

    fn stmts(&mut self, ss: &[Stmt]) {
        for s in ss {
            self.stmt(s);
        }
    }

    /// Operands evaluated in this order: marks the hazards between an earlier pending operand
    /// and a later call, and returns what stays pending.
    fn ordered(&mut self, parts: Vec<Info>) -> Info {
        let mut out = Info::default();
        for p in parts {
            for c in &p.calls {
                for x in &out.exposed {
                    if x.shared && c.writes {
                        self.guard.insert(c.node);
                    }
                    if x.panics && c.effect {
                        self.guard.insert(x.node);
                    }
                }
            }
            out.calls.extend(p.calls);
            out.exposed.extend(p.exposed);
        }
        out
    }

    /// Children in order, then the node's own pending read or operation that can panic.
    fn node(&mut self, parts: Vec<Info>, own: Option<Exposed>) -> Info {
        let mut i = self.ordered(parts);
        i.exposed.extend(own);
        i
    }

    fn expr(&mut self, e: &Expr) -> Info {
        let me = addr(e);
        let panics = |p: bool| {
            Some(Exposed {
                node: me,
                shared: false,
                panics: p,
            })
        };
        match &e.kind {
            ExprKind::Const(_)
            | ExprKind::Func(_)
            | ExprKind::MethodExprDeref(_)
            | ExprKind::Closure(..)
            | ExprKind::TupleGet(..) => Info::default(),
            ExprKind::Load(p) => {
                let ops = self.place_operands(p);
                let own = self.place_read(p, me);
                self.node(vec![ops], own)
            }
            ExprKind::Unary(_, x)
            | ExprKind::Convert(x)
            | ExprKind::Field(x, _)
            | ExprKind::New(x)
            | ExprKind::TypeIs(x, _) => self.expr(x),
            ExprKind::Binary(op, x, y) => {
                let can_panic = matches!(op, BinOp::Div | BinOp::Rem | BinOp::Shl | BinOp::Shr)
                    || (matches!(op, BinOp::Eq | BinOp::Ne) && is_iface_compare(x, y));
                let parts = vec![self.expr(x), self.expr(y)];
                self.node(parts, if can_panic { panics(true) } else { None })
            }
            ExprKind::AddrOf(p) => {
                let ops = self.place_operands(p);
                let own = matches!(p, Place::Index(..) | Place::Deref(_)).then_some(Exposed {
                    node: me,
                    shared: false,
                    panics: true,
                });
                self.node(vec![ops], own)
            }
            ExprKind::StrIndex(s, i) => {
                let parts = vec![self.expr(s), self.expr(i)];
                self.node(parts, panics(true))
            }
            ExprKind::MapIndex(m, k, _) => {
                let parts = vec![self.expr(m), self.expr(k)];
                self.node(
                    parts,
                    Some(Exposed {
                        node: me,
                        shared: true,
                        panics: false,
                    }),
                )
            }
            ExprKind::SliceOf(x, lo, hi, max) => {
                let mut parts = vec![self.expr(x)];
                for p in [lo, hi, max].into_iter().flatten() {
                    parts.push(self.expr(p));
                }
                self.node(parts, panics(true))
            }
            ExprKind::Call(c) => {
                let parts = self.call_operands(c);
                let mut i = self.ordered(parts);
                // The call consumes its operands.
                i.exposed.clear();
                let native = (self.natives)(&c.callee);
                let (writes, effect) = match native {
                    None | Some(Native::Fmt(_)) => (true, true),
                    Some(
                        Native::Recover
                        | Native::Print { .. }
                        | Native::Panic
                        | Native::Goexit
                        | Native::Exit,
                    ) => (false, true),
                    // A library function may write the memory of its slice arguments, and may
                    // panic.
                    Some(Native::Lib(_)) => (true, true),
                    Some(_) => (false, false),
                };
                i.calls.push(CallInfo {
                    node: me,
                    writes,
                    effect,
                });
                i
            }
            ExprKind::MethodValue(r, _) => self.expr(r),
            ExprKind::IfaceMethodValue(r, _) => {
                let parts = vec![self.expr(r)];
                self.node(parts, panics(true))
            }
            ExprKind::Assert(x, _, ok) => {
                let parts = vec![self.expr(x)];
                self.node(parts, if *ok { None } else { panics(true) })
            }
            ExprKind::Composite(c) => {
                let parts = match c {
                    Composite::Struct(es) => es.iter().map(|(_, x)| self.expr(x)).collect(),
                    Composite::Slice(es, _) | Composite::Array(es, _) => {
                        es.iter().map(|(_, x)| self.expr(x)).collect()
                    }
                    Composite::Map(kvs) => kvs
                        .iter()
                        .flat_map(|(k, x)| [self.expr(k), self.expr(x)])
                        .collect(),
                };
                self.ordered(parts)
            }
            ExprKind::Builtin(b, args) => {
                let parts = args.iter().map(|x| self.expr(x)).collect();
                let own = match b {
                    Builtin::MakeSlice => panics(true),
                    Builtin::Len | Builtin::Cap | Builtin::Copy => Some(Exposed {
                        node: me,
                        shared: true,
                        panics: false,
                    }),
                    _ => None,
                };
                self.node(parts, own)
            }
        }
    }

    /// A call's pre-evaluated tuple, function value and arguments, in order.
    fn call_operands(&mut self, c: &Call) -> Vec<Info> {
        let mut parts = Vec::new();
        if let Some((_, e)) = &c.pre {
            parts.push(self.expr(e));
        }
        match &c.callee {
            Callee::Static(_) => {}
            Callee::Value(f) => parts.push(self.expr(f)),
            Callee::Iface(r, _) => parts.push(self.expr(r)),
        }
        parts.extend(c.args.iter().map(|a| self.expr(a)));
        parts
    }

    /// The operands a place evaluates before it is read or written.
    fn place_operands(&mut self, p: &Place) -> Info {
        match p {
            Place::Var(_) | Place::Blank => Info::default(),
            Place::Deref(x) => self.expr(x),
            Place::Field(inner, ..) => self.place_operands(inner),
            Place::Index(s, i) | Place::MapEntry(s, i) => {
                let parts = vec![self.expr(s), self.expr(i)];
                self.ordered(parts)
            }
        }
    }

    /// Reading a place (node `me`): shared unless it is a variable no call can change.
    fn place_read(&self, p: &Place, me: usize) -> Option<Exposed> {
        let (shared, panics) = match p {
            Place::Var(v) => ((self.shared)(*v), false),
            Place::Blank => (false, false),
            Place::Field(inner, ..) => return self.place_read(inner, me),
            Place::Deref(_) | Place::Index(..) => (true, true),
            Place::MapEntry(..) => (true, false),
        };
        (shared || panics).then_some(Exposed {
            node: me,
            shared,
            panics,
        })
    }
}

/// A comparison involving an interface conversion can panic on uncomparable dynamic types.
fn is_iface_compare(x: &Expr, y: &Expr) -> bool {
    matches!(x.kind, ExprKind::Convert(_)) || matches!(y.kind, ExprKind::Convert(_))
}

/// The native a static callee is.
pub fn native_of(funcs: &[crate::ir::Func], c: &Callee) -> Option<Native> {
    match c {
        Callee::Static(f) => match &funcs.get(f.0 as usize)?.kind {
            FuncKind::Native(n) => Some(n.clone()),
            FuncKind::Code(_) => None,
        },
        _ => None,
    }
}
