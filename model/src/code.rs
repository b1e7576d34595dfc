//! The machine's instructions and the lowering of the IR into them. Each instruction is executed
//! by exactly one rule of the machine (the rule named in its comment); structured control flow
//! becomes jumps, and the spec's evaluation order becomes instruction order.

use crate::ir::{
    self, Builtin, Callee, Composite, Expr, ExprKind, Func, FuncKind, Place, RangeKind,
    RangeTarget, Stmt, StmtKind, VarId, VarRef,
};
use crate::syntax::{BinOp, Pos, UnOp};
use crate::types::{FuncId, Ty, TypeKind, Types};
use crate::value::Value;
use std::rc::Rc;

/// Where a variable lives, as an instruction addresses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Var {
    /// A frame slot holding the value.
    Slot(u32),
    /// A frame slot holding the variable's cell (the variable is captured or its address taken).
    Cell(u32),
    /// The i-th cell captured by the running closure.
    Captured(u32),
    Global(u32),
}

/// A field path inside a struct value.
pub type Path = Rc<[u32]>;

#[derive(Clone, Debug)]
pub enum Target {
    Static(FuncId),
    /// A func value below the arguments.
    Value,
    /// The named method of the interface value below the arguments.
    Iface(Rc<str>),
}

#[derive(Clone, Debug)]
pub enum Instr {
    /// Eval/const
    Const(Value),
    /// Eval/load: the variable's value at a field path.
    Load(Var, Path),
    /// Exec/store
    Store(Var, Path),
    /// Exec/declare: a fresh variable (a new cell when boxed) initialized from the stack.
    Declare(Var),
    /// Exec/declare: a fresh cell holding the current value (a per-iteration loop variable).
    Renew(u32),
    /// Eval/unary, on operands of the given type.
    Unary(UnOp, Ty),
    /// Eval/binary, on operands of the given type (the right one for shifts is the count).
    Binary(BinOp, Ty, Ty),
    /// Eval/convert: from, to.
    Convert(Ty, Ty),
    /// Eval/field: a field of the struct (or a value of the tuple) on the stack.
    Field(u32),
    /// Eval/deref: the pointee's field path; the fault address is the path's offset.
    Deref(Path, u64),
    /// Eval/address: the address of a variable's field path.
    AddrVar(Var, Path),
    /// Eval/address: the address of a field path of the pointee.
    AddrDeref(Path, u64),
    /// Eval/address: the address of a slice element's field path (bounds-checked).
    AddrIndex(Ty, Path),
    /// Eval/index: a slice element's field path (bounds-checked); the index's type.
    Index(Ty, Path),
    /// Eval/index: a byte of a string.
    StrIndex(Ty),
    /// Eval/index: a map entry (or its zero value), with `ok` when asked; the key type.
    MapIndex { ok: bool, zero: Value, key: Ty },
    /// Eval/slice: of a slice, a string, or an array through a pointer to it; which bounds
    /// are given.
    SliceOf { lo: bool, hi: bool, max: bool },
    /// Exec/store through a pointer.
    StoreDeref(Path, u64),
    /// Exec/store into a slice element.
    StoreIndex(Ty, Path),
    /// Exec/store into a map entry; the key type.
    StoreMap(Ty),
    /// Exec/drop
    Pop,
    /// Exec/jump
    Jump(u32),
    /// Exec/branch: jump when the popped boolean equals the flag.
    Branch(bool, u32),
    /// Call/enter (or Call/native for a function the machine implements), with the argument count.
    Call(Target, u32),
    /// Defer/push, with the variables plain-variable arguments were read from.
    Defer(Target, u32, Rc<[Option<Var>]>),
    /// Return/set-results (n > 0) or Return/bare (n = 0).
    Return(u32),
    /// Eval/closure: the cells captured, in the creating frame's terms.
    Closure(FuncId, Rc<[Var]>),
    /// Eval/closure: `(*T).M` for a value method M (the receiver is dereferenced at the call).
    MethodExprDeref(FuncId),
    /// Eval/method-value: binds the receiver on the stack.
    MethodValue(FuncId),
    /// Eval/method-value: an interface's method, chosen by the dynamic type now.
    IfaceMethodValue(Rc<str>),
    /// Eval/assert: target type, the interface's static type, comma-ok.
    Assert(Ty, Ty, bool),
    /// Eval/assert: whether the dynamic type is (or implements) the type; `None` tests nil.
    TypeIs(Option<Ty>),
    /// Eval/composite: a struct from the zero value with the fields given (their indexes, in the
    /// order their values are on the stack).
    Struct(Rc<[u32]>, Value),
    /// Eval/composite: a slice (or, when the flag is set, an array) of the given length from
    /// (index, value) pairs on the stack; the element type.
    SliceLit(Rc<[u64]>, u64, Ty, bool),
    /// Eval/composite: a map from n key/value pairs on the stack; the key type.
    MapLit(u32, Ty),
    /// Eval/address: a fresh variable holding the value (`&T{}`, `new(T)`).
    New,
    /// Eval/builtin: the builtin, its argument count, the type of its result or operand.
    Builtin(Builtin, u32, Ty),
    /// Exec/range: decodes the rune at an index of a string, pushing rune and width.
    RangeRune,
    /// Exit/main-return: `main` returned.
    MainExit,
}

/// A function's instructions with the source position of each.
#[derive(Debug, Default)]
pub struct Code {
    pub instrs: Vec<Instr>,
    pub pos: Vec<Pos>,
    /// Instructions of nodes the evaluation-order check marked (see `order`).
    pub guarded: Vec<bool>,
    /// Frame slots: the function's variables, then hidden temporaries.
    pub slots: u32,
    /// Where parameters and results live.
    pub params: Vec<Var>,
    pub results: Vec<Var>,
}

/// Lowers every function with a body; `int` is the type of range indexes.
pub fn lower_all(types: &Types, int: Ty, funcs: &[Func]) -> Vec<Option<Rc<Code>>> {
    funcs
        .iter()
        .map(|f| match &f.kind {
            FuncKind::Code(body) => Some(Rc::new(Lower::func(types, int, f, body))),
            FuncKind::Native(_) => None,
        })
        .collect()
}

/// The entry code the goroutine starts with: package initialization, then `main`.
pub fn entry(init: FuncId, main: FuncId) -> Rc<Code> {
    Rc::new(Code {
        instrs: vec![
            Instr::Call(Target::Static(init), 0),
            Instr::Call(Target::Static(main), 0),
            Instr::MainExit,
        ],
        pos: vec![Pos::default(); 3],
        guarded: vec![false; 3],
        slots: 0,
        params: Vec::new(),
        results: Vec::new(),
    })
}

struct Loop {
    breaks: Vec<usize>,
    continues: Vec<usize>,
    /// Switches take `break` but not `continue`.
    is_switch: bool,
    /// The label of the loop's (or switch's) statement.
    label: Option<ir::LabelId>,
}

struct Lower<'a> {
    types: &'a Types,
    int: Ty,
    func: &'a Func,
    code: Code,
    loops: Vec<Loop>,
    pos: Pos,
    /// Where each label's statement starts, once lowered.
    labels: Vec<(ir::LabelId, u32)>,
    /// `goto` jumps, to patch once every label is placed.
    gotos: Vec<(usize, ir::LabelId)>,
    /// The label of the statement being lowered, for the loop or switch it is.
    pending_label: Option<ir::LabelId>,
}

impl<'a> Lower<'a> {
    fn func(types: &'a Types, int: Ty, func: &'a Func, body: &[Stmt]) -> Code {
        let mut l = Lower {
            types,
            int,
            func,
            code: Code::default(),
            loops: Vec::new(),
            pos: func.pos,
            labels: Vec::new(),
            gotos: Vec::new(),
            pending_label: None,
        };
        l.code.slots = func.vars.len() as u32;
        l.code.params = func
            .params
            .iter()
            .map(|v| l.var(VarRef::Local(*v)))
            .collect();
        l.code.results = func
            .results
            .iter()
            .map(|v| l.var(VarRef::Local(*v)))
            .collect();
        l.stmts(body);
        // Falling off the end of the body is a bare return.
        l.emit(Instr::Return(0));
        for (at, label) in std::mem::take(&mut l.gotos) {
            if let Some((_, target)) = l.labels.iter().find(|(id, _)| *id == label) {
                l.patch(at, *target);
            }
        }
        l.code
    }

    fn var(&self, r: VarRef) -> Var {
        match r {
            VarRef::Local(v) => {
                if self.func.vars.get(v.0 as usize).is_some_and(|i| i.boxed) {
                    Var::Cell(v.0)
                } else {
                    Var::Slot(v.0)
                }
            }
            VarRef::Captured(i) => Var::Captured(i),
            VarRef::Global(g) => Var::Global(g.0),
        }
    }

    fn local(&self, v: VarId) -> Var {
        self.var(VarRef::Local(v))
    }

    fn emit(&mut self, i: Instr) -> usize {
        self.code.instrs.push(i);
        self.code.pos.push(self.pos);
        self.code.guarded.push(false);
        self.code.instrs.len() - 1
    }

    fn here(&self) -> u32 {
        self.code.instrs.len() as u32
    }

    fn patch(&mut self, at: usize, target: u32) {
        match &mut self.code.instrs[at] {
            Instr::Jump(t) | Instr::Branch(_, t) => *t = target,
            _ => {}
        }
    }

    /// A hidden slot for a temporary.
    fn temp(&mut self) -> u32 {
        self.code.slots += 1;
        self.code.slots - 1
    }

    fn stmts(&mut self, ss: &[Stmt]) {
        for s in ss {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        self.pos = s.pos;
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(e);
                if !self.is_unit(e.ty) {
                    self.emit(Instr::Pop);
                }
            }
            StmtKind::Declare(v, init) => {
                match init {
                    Some(e) => self.expr(e),
                    None => {
                        let t = self.func.vars[v.0 as usize].ty;
                        self.emit(Instr::Const(Value::zero(self.types, t)));
                    }
                }
                let var = self.local(*v);
                self.emit(Instr::Declare(var));
            }
            StmtKind::Assign(places, values) => self.assign(places, values),
            StmtKind::OpAssign(place, op, e, t) => self.op_assign(place, *op, e, *t),
            StmtKind::Defer(c) => {
                let (target, n) = self.call_operands(c);
                let sources: Vec<Option<Var>> = c
                    .args
                    .iter()
                    .map(|a| match &a.kind {
                        ExprKind::Load(Place::Var(v)) => Some(self.var(*v)),
                        _ => None,
                    })
                    .collect();
                self.pos = s.pos;
                self.emit(Instr::Defer(target, n, Rc::from(sources)));
            }
            StmtKind::Return(values) => {
                for v in values {
                    self.expr(v);
                }
                self.pos = s.pos;
                self.emit(Instr::Return(values.len() as u32));
            }
            StmtKind::Block(b) => self.stmts(b),
            StmtKind::If(c, t, e) => {
                self.expr(c);
                let to_else = self.emit(Instr::Branch(false, 0));
                self.stmts(t);
                if e.is_empty() {
                    let end = self.here();
                    self.patch(to_else, end);
                } else {
                    let to_end = self.emit(Instr::Jump(0));
                    let els = self.here();
                    self.patch(to_else, els);
                    self.stmts(e);
                    let end = self.here();
                    self.patch(to_end, end);
                }
            }
            StmtKind::Loop {
                cond,
                body,
                post,
                per_iteration,
            } => {
                let top = self.here();
                let exit = cond.as_ref().map(|c| {
                    self.expr(c);
                    self.emit(Instr::Branch(false, 0))
                });
                self.loops.push(Loop {
                    breaks: Vec::new(),
                    continues: Vec::new(),
                    is_switch: false,
                    label: self.pending_label.take(),
                });
                self.stmts(body);
                let cont = self.here();
                self.pos = s.pos;
                // Each iteration gets its own copy of the loop variables, made before `post`.
                for v in per_iteration {
                    if let Var::Cell(slot) = self.local(*v) {
                        self.emit(Instr::Renew(slot));
                    }
                }
                self.stmts(post);
                self.emit(Instr::Jump(top));
                let end = self.here();
                self.close_loop(cont, end);
                if let Some(x) = exit {
                    self.patch(x, end);
                }
            }
            StmtKind::Range(r) => self.range(r, s.pos),
            StmtKind::Switch { clauses } => self.switch(clauses, s.pos),
            StmtKind::Break(label) => {
                let j = self.emit(Instr::Jump(0));
                let target = self
                    .loops
                    .iter_mut()
                    .rev()
                    .find(|l| label.is_none() || l.label == *label);
                if let Some(l) = target {
                    l.breaks.push(j);
                }
            }
            StmtKind::Continue(label) => {
                let j = self.emit(Instr::Jump(0));
                let target = self
                    .loops
                    .iter_mut()
                    .rev()
                    .find(|l| !l.is_switch && (label.is_none() || l.label == *label));
                if let Some(l) = target {
                    l.continues.push(j);
                }
            }
            StmtKind::Goto(label) => {
                let j = self.emit(Instr::Jump(0));
                self.gotos.push((j, *label));
            }
            StmtKind::Labeled(label, inner) => {
                let here = self.here();
                self.labels.push((*label, here));
                self.pending_label = Some(*label);
                self.stmt(inner);
                self.pending_label = None;
            }
            // Laid out by `switch`: the clause body simply runs on into the next one.
            StmtKind::Fallthrough => {}
        }
    }

    fn close_loop(&mut self, cont: u32, end: u32) {
        if let Some(l) = self.loops.pop() {
            for b in l.breaks {
                self.patch(b, end);
            }
            for c in l.continues {
                self.patch(c, cont);
            }
        }
    }

    fn is_unit(&self, t: Ty) -> bool {
        matches!(self.types.kind(t), TypeKind::Tuple(ts) if ts.is_empty())
    }

    fn range(&mut self, r: &ir::RangeLoop, pos: Pos) {
        let operand = self.local(r.operand);
        let len = self.local(r.len);
        let index = self.local(r.index);
        let int = r.expr.ty;
        let empty: Path = Rc::from(&[][..]);
        self.expr(&r.expr);
        self.pos = pos;
        self.emit(Instr::Declare(operand));
        if r.kind == RangeKind::Int {
            self.emit(Instr::Load(operand, empty.clone()));
        } else {
            self.emit(Instr::Load(operand, empty.clone()));
            self.emit(Instr::Builtin(Builtin::Len, 1, int));
        }
        self.emit(Instr::Declare(len));
        let index_ty = match r.kind {
            RangeKind::Int => int,
            _ => self.int,
        };
        self.emit(Instr::Const(Value::Int(0)));
        self.emit(Instr::Declare(index));
        // Variables declared by `:=` once, before the loop, under the pre-1.22 semantics.
        for t in [&r.key, &r.value].into_iter().flatten() {
            if let RangeTarget::Define {
                var,
                per_iteration: false,
            } = t
            {
                let ty = self.func.vars[var.0 as usize].ty;
                self.emit(Instr::Const(Value::zero(self.types, ty)));
                let v = self.local(*var);
                self.emit(Instr::Declare(v));
            }
        }
        let top = self.here();
        self.emit(Instr::Load(index, empty.clone()));
        self.emit(Instr::Load(len, empty.clone()));
        self.emit(Instr::Binary(BinOp::Lt, index_ty, index_ty));
        let exit = self.emit(Instr::Branch(false, 0));
        let width = if r.kind == RangeKind::String {
            let w = self.temp();
            self.emit(Instr::Load(operand, empty.clone()));
            self.emit(Instr::Load(index, empty.clone()));
            self.emit(Instr::RangeRune);
            self.emit(Instr::Store(Var::Slot(w), empty.clone()));
            Some(w)
        } else {
            None
        };
        if let Some(k) = &r.key {
            self.emit(Instr::Load(index, empty.clone()));
            if r.kind == RangeKind::Int && int != index_ty {
                self.emit(Instr::Convert(index_ty, int));
            }
            self.range_target(k);
        }
        if let Some(v) = &r.value {
            match r.kind {
                RangeKind::Elements => {
                    self.emit(Instr::Load(operand, empty.clone()));
                    self.emit(Instr::Load(index, empty.clone()));
                    self.emit(Instr::Index(index_ty, empty.clone()));
                }
                // RangeRune left the rune on the stack below the width.
                RangeKind::String | RangeKind::Int => {}
            }
            self.range_target(v);
        } else if r.kind == RangeKind::String {
            self.emit(Instr::Pop);
        }
        self.loops.push(Loop {
            breaks: Vec::new(),
            continues: Vec::new(),
            is_switch: false,
            label: self.pending_label.take(),
        });
        self.stmts(&r.body);
        self.pos = pos;
        let cont = self.here();
        self.emit(Instr::Load(index, empty.clone()));
        match width {
            Some(w) => self.emit(Instr::Load(Var::Slot(w), empty.clone())),
            None => self.emit(Instr::Const(Value::Int(1))),
        };
        self.emit(Instr::Binary(BinOp::Add, index_ty, index_ty));
        self.emit(Instr::Store(index, empty));
        self.emit(Instr::Jump(top));
        let end = self.here();
        self.close_loop(cont, end);
        self.patch(exit, end);
    }

    fn range_target(&mut self, t: &RangeTarget) {
        let empty: Path = Rc::from(&[][..]);
        match t {
            RangeTarget::Define {
                var,
                per_iteration: true,
            } => {
                let v = self.local(*var);
                self.emit(Instr::Declare(v));
            }
            RangeTarget::Define {
                var,
                per_iteration: false,
            } => {
                let v = self.local(*var);
                self.emit(Instr::Store(v, empty));
            }
            RangeTarget::Assign(p) => {
                // The value is on the stack; the place's operands are evaluated after it here,
                // which is unobservable: the ordering check refused shared operands.
                let slot = self.temp();
                self.emit(Instr::Store(Var::Slot(slot), empty.clone()));
                let store = self.place_operands(p);
                self.emit(Instr::Load(Var::Slot(slot), empty));
                self.store(store);
            }
        }
    }

    fn switch(&mut self, clauses: &[ir::SwitchClause], pos: Pos) {
        let mut to_body = Vec::new();
        for (i, c) in clauses.iter().enumerate() {
            for cond in &c.conds {
                self.expr(cond);
                let j = self.emit(Instr::Branch(true, 0));
                to_body.push((i, j));
            }
        }
        self.pos = pos;
        let to_default = self.emit(Instr::Jump(0));
        self.loops.push(Loop {
            breaks: Vec::new(),
            continues: Vec::new(),
            is_switch: true,
            label: self.pending_label.take(),
        });
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for c in clauses {
            starts.push(self.here());
            self.stmts(&c.body);
            if !matches!(c.body.last().map(|s| &s.kind), Some(StmtKind::Fallthrough)) {
                ends.push(self.emit(Instr::Jump(0)));
            }
        }
        let end = self.here();
        for (i, j) in to_body {
            self.patch(j, starts[i]);
        }
        let default = clauses
            .iter()
            .position(|c| c.default)
            .map_or(end, |i| starts[i]);
        self.patch(to_default, default);
        for e in ends {
            self.patch(e, end);
        }
        // `break` leaves the switch; `continue` belongs to an enclosing loop.
        if let Some(l) = self.loops.pop() {
            for b in l.breaks {
                self.patch(b, end);
            }
            if let Some(outer) = self.loops.iter_mut().rev().find(|l| !l.is_switch) {
                outer.continues.extend(l.continues);
            }
        }
    }

    /// Assignment in the spec's two phases: all place operands and values, then the stores
    /// left to right.
    fn assign(&mut self, places: &[Place], values: &[Expr]) {
        if let ([p], [v]) = (places, values) {
            let store = self.place_operands(p);
            self.expr(v);
            self.store(store);
            return;
        }
        let mut stores = Vec::new();
        for p in places {
            let st = self.place_operands(p);
            stores.push(self.spill(st));
        }
        let mut temps = Vec::new();
        for v in values {
            self.expr(v);
            let t = self.temp();
            self.emit(Instr::Store(Var::Slot(t), Rc::from(&[][..])));
            temps.push(t);
        }
        for (st, t) in stores.into_iter().zip(temps) {
            self.reload(&st);
            self.emit(Instr::Load(Var::Slot(t), Rc::from(&[][..])));
            self.store(st.store);
        }
    }

    fn op_assign(&mut self, place: &Place, op: BinOp, e: &Expr, t: Ty) {
        let st = self.place_operands(place);
        if let Store::Var(..) = st {
            // A variable has no operands to evaluate twice.
            self.load_place(&st, t);
            self.expr(e);
            self.emit(Instr::Binary(op, t, e.ty));
            self.store(st);
            return;
        }
        // The place's operands are kept in temporaries: they serve the load and the store.
        let spilled = self.spill(st);
        self.reload(&spilled);
        self.load_place(&spilled.store, t);
        self.expr(e);
        self.emit(Instr::Binary(op, t, e.ty));
        let value = self.temp();
        self.emit(Instr::Store(Var::Slot(value), Rc::from(&[][..])));
        self.reload(&spilled);
        self.emit(Instr::Load(Var::Slot(value), Rc::from(&[][..])));
        self.store(spilled.store);
    }

    /// Evaluates a place's operands onto the stack; returns how to store into (or read) it.
    fn place_operands(&mut self, p: &Place) -> Store {
        // The field path from the base outwards, and its offset (the fault address through nil).
        let mut path = Vec::new();
        let mut off = 0;
        let mut cur = p;
        while let Place::Field(inner, i, st) = cur {
            path.push(*i);
            off += self.types.field_offset(*st, *i as usize);
            cur = inner;
        }
        path.reverse();
        let path: Path = Rc::from(path);
        match cur {
            Place::Var(r) => Store::Var(self.var(*r), path),
            Place::Deref(x) => {
                self.expr(x);
                Store::Deref(path, off)
            }
            Place::Index(s, i) => {
                self.expr(s);
                self.expr(i);
                Store::Index(i.ty, path)
            }
            Place::MapEntry(m, k) => {
                self.expr(m);
                self.expr(k);
                Store::Map(k.ty)
            }
            Place::Blank | Place::Field(..) => Store::Blank,
        }
    }

    fn store(&mut self, s: Store) {
        match s {
            Store::Var(v, path) => {
                self.emit(Instr::Store(v, path));
            }
            Store::Deref(path, off) => {
                self.emit(Instr::StoreDeref(path, off));
            }
            Store::Index(t, path) => {
                self.emit(Instr::StoreIndex(t, path));
            }
            Store::Map(key) => {
                self.emit(Instr::StoreMap(key));
            }
            Store::Blank => {
                self.emit(Instr::Pop);
            }
        }
    }

    /// Moves place operands from the stack into temporaries (for multiple assignment).
    fn spill(&mut self, store: Store) -> Spilled {
        let n = match &store {
            Store::Var(..) | Store::Blank => 0,
            Store::Deref(..) => 1,
            Store::Index(..) | Store::Map(_) => 2,
        };
        let temps: Vec<u32> = (0..n).map(|_| self.temp()).collect();
        for t in temps.iter().rev() {
            self.emit(Instr::Store(Var::Slot(*t), Rc::from(&[][..])));
        }
        Spilled { store, temps }
    }

    fn reload(&mut self, s: &Spilled) {
        for t in &s.temps {
            self.emit(Instr::Load(Var::Slot(*t), Rc::from(&[][..])));
        }
    }

    /// Loads the current value of a place of type `t` whose operands are on the stack.
    fn load_place(&mut self, s: &Store, t: Ty) {
        match s {
            Store::Var(v, path) => {
                self.emit(Instr::Load(*v, path.clone()));
            }
            Store::Deref(path, off) => {
                self.emit(Instr::Deref(path.clone(), *off));
            }
            Store::Index(t, path) => {
                self.emit(Instr::Index(*t, path.clone()));
            }
            Store::Map(key) => {
                self.emit(Instr::MapIndex {
                    ok: false,
                    zero: Value::zero(self.types, t),
                    key: *key,
                });
            }
            Store::Blank => {}
        }
    }

    fn expr(&mut self, e: &Expr) {
        let saved = self.pos;
        if e.pos != Pos::default() {
            self.pos = e.pos;
        }
        self.expr_inner(e);
        if e.guard {
            // The node's own operation is the last instruction emitted for it.
            if let Some(g) = self.code.guarded.last_mut() {
                *g = true;
            }
        }
        self.pos = saved;
    }

    fn expr_inner(&mut self, e: &Expr) {
        let empty: Path = Rc::from(&[][..]);
        match &e.kind {
            ExprKind::Const(v) => {
                self.emit(Instr::Const(v.clone()));
            }
            ExprKind::Load(p) => {
                let store = self.place_operands(p);
                self.load_place(&store, e.ty);
            }
            ExprKind::Func(f) => {
                self.emit(Instr::Closure(*f, Rc::from(&[][..])));
            }
            ExprKind::MethodExprDeref(f) => {
                self.emit(Instr::MethodExprDeref(*f));
            }
            ExprKind::Closure(f, caps) => {
                let vars: Vec<Var> = caps.iter().map(|c| self.var(*c)).collect();
                self.emit(Instr::Closure(*f, Rc::from(vars)));
            }
            ExprKind::Unary(op, x) => {
                self.expr(x);
                self.emit(Instr::Unary(*op, x.ty));
            }
            ExprKind::Binary(op @ (BinOp::LogAnd | BinOp::LogOr), x, y) => {
                // Short circuit: the right operand runs only when the left does not decide.
                self.expr(x);
                let decided = *op == BinOp::LogOr;
                let skip = self.emit(Instr::Branch(decided, 0));
                self.expr(y);
                let done = self.emit(Instr::Jump(0));
                let here = self.here();
                self.patch(skip, here);
                self.emit(Instr::Const(Value::Bool(decided)));
                let end = self.here();
                self.patch(done, end);
            }
            ExprKind::Binary(op, x, y) => {
                self.expr(x);
                self.expr(y);
                self.emit(Instr::Binary(*op, x.ty, y.ty));
            }
            ExprKind::Convert(x) => {
                self.expr(x);
                self.emit(Instr::Convert(x.ty, e.ty));
            }
            ExprKind::Field(x, i) => {
                self.expr(x);
                self.emit(Instr::Field(*i));
            }
            ExprKind::TupleGet(v, i) => {
                let var = self.local(*v);
                self.emit(Instr::Load(var, empty));
                self.emit(Instr::Field(*i));
            }
            ExprKind::AddrOf(p) => {
                match self.place_operands(p) {
                    Store::Var(v, path) => self.emit(Instr::AddrVar(v, path)),
                    Store::Deref(path, off) => self.emit(Instr::AddrDeref(path, off)),
                    Store::Index(t, path) => self.emit(Instr::AddrIndex(t, path)),
                    Store::Map(_) | Store::Blank => self.emit(Instr::Pop),
                };
            }
            ExprKind::New(x) => {
                self.expr(x);
                self.emit(Instr::New);
            }
            ExprKind::StrIndex(s, i) => {
                self.expr(s);
                self.expr(i);
                self.emit(Instr::StrIndex(i.ty));
            }
            ExprKind::MapIndex(m, k, ok) => {
                self.expr(m);
                self.expr(k);
                let vt = match self.types.ukind(m.ty) {
                    TypeKind::Map(_, v) => *v,
                    _ => e.ty,
                };
                self.emit(Instr::MapIndex {
                    ok: *ok,
                    zero: Value::zero(self.types, vt),
                    key: k.ty,
                });
            }
            ExprKind::SliceOf(x, lo, hi, max) => {
                self.expr(x);
                for b in [lo, hi, max].into_iter().flatten() {
                    self.expr(b);
                }
                self.emit(Instr::SliceOf {
                    lo: lo.is_some(),
                    hi: hi.is_some(),
                    max: max.is_some(),
                });
            }
            ExprKind::Call(c) => {
                let (target, n) = self.call_operands(c);
                self.pos = c.pos;
                self.emit(Instr::Call(target, n));
            }
            ExprKind::MethodValue(r, f) => {
                self.expr(r);
                self.emit(Instr::MethodValue(*f));
            }
            ExprKind::IfaceMethodValue(r, i) => {
                self.expr(r);
                let name = self.iface_method_name(r.ty, *i);
                self.emit(Instr::IfaceMethodValue(name));
            }
            ExprKind::Assert(x, t, ok) => {
                self.expr(x);
                self.emit(Instr::Assert(*t, x.ty, *ok));
            }
            ExprKind::TypeIs(x, t) => {
                self.expr(x);
                self.emit(Instr::TypeIs(*t));
            }
            ExprKind::Composite(c) => match c {
                Composite::Struct(fs) => {
                    for (_, f) in fs {
                        self.expr(f);
                    }
                    let fields: Vec<u32> = fs.iter().map(|(i, _)| *i).collect();
                    let zero = Value::zero(self.types, e.ty);
                    self.emit(Instr::Struct(Rc::from(fields), zero));
                }
                Composite::Slice(es, len) | Composite::Array(es, len) => {
                    for (_, x) in es {
                        self.expr(x);
                    }
                    let idx: Vec<u64> = es.iter().map(|(i, _)| *i).collect();
                    let (elem, array) = match self.types.ukind(e.ty) {
                        TypeKind::Slice(el) => (*el, false),
                        TypeKind::Array(el, _) => (*el, true),
                        _ => (e.ty, false),
                    };
                    self.emit(Instr::SliceLit(Rc::from(idx), *len, elem, array));
                }
                Composite::Map(kvs) => {
                    for (k, v) in kvs {
                        self.expr(k);
                        self.expr(v);
                    }
                    let key = match self.types.ukind(e.ty) {
                        TypeKind::Map(k, _) => *k,
                        _ => e.ty,
                    };
                    self.emit(Instr::MapLit(kvs.len() as u32, key));
                }
            },
            ExprKind::Builtin(b, args) => {
                for a in args {
                    self.expr(a);
                }
                let ty = match b {
                    Builtin::MakeSlice
                    | Builtin::MakeMap
                    | Builtin::Append { .. }
                    | Builtin::Min
                    | Builtin::Max
                    | Builtin::Complex
                    | Builtin::Real
                    | Builtin::Imag => e.ty,
                    _ => args.first().map_or(e.ty, |a| a.ty),
                };
                self.emit(Instr::Builtin(*b, args.len() as u32, ty));
            }
        }
    }

    fn iface_method_name(&self, t: Ty, i: u32) -> Rc<str> {
        self.types
            .iface_methods(t)
            .and_then(|ms| ms.get(i as usize))
            .map_or(Rc::from(""), |m| Rc::from(m.name.as_str()))
    }

    /// Pushes a call's pre-evaluated tuple, callee and arguments; returns the call target.
    fn call_operands(&mut self, c: &ir::Call) -> (Target, u32) {
        if let Some((tmp, e)) = &c.pre {
            self.expr(e);
            let v = self.local(*tmp);
            self.emit(Instr::Declare(v));
        }
        let target = match &c.callee {
            Callee::Static(f) => Target::Static(*f),
            Callee::Value(f) => {
                self.expr(f);
                Target::Value
            }
            Callee::Iface(r, i) => {
                self.expr(r);
                Target::Iface(self.iface_method_name(r.ty, *i))
            }
        };
        for a in &c.args {
            self.expr(a);
        }
        (target, c.args.len() as u32)
    }
}

/// How to store into a place whose operands are on the stack.
enum Store {
    Var(Var, Path),
    Deref(Path, u64),
    Index(Ty, Path),
    /// A map entry, with the key type.
    Map(Ty),
    Blank,
}

struct Spilled {
    store: Store,
    temps: Vec<u32>,
}

/// The wrapper frame's code for a deferred builtin, package function or nil func value: slot 0
/// holds the function, slots 1..=n the arguments.
pub fn deferred_wrapper(n: u32, pos: Pos) -> Rc<Code> {
    let empty: Path = Rc::from(&[][..]);
    let mut instrs: Vec<Instr> = (0..=n)
        .map(|i| Instr::Load(Var::Slot(i), empty.clone()))
        .collect();
    instrs.push(Instr::Call(Target::Value, n));
    instrs.push(Instr::Return(0));
    let len = instrs.len();
    Rc::new(Code {
        instrs,
        pos: vec![pos; len],
        guarded: vec![false; len],
        slots: n + 1,
        params: Vec::new(),
        results: Vec::new(),
    })
}
