//! Executing one instruction of the running frame: the Eval/* and Exec/* rules of ordinary
//! evaluation, and the entry into the Call, Defer, Return and Recover rules.

use super::natives::{RtErr, bounds};
use super::{Caller, Machine, Outcome, Stop};
use crate::code::{Instr, Path, Target, Var};
use crate::ir::Builtin;
use crate::mutant::Mutant;
use crate::rule::Rule;
use crate::strconv::decode_rune;
use crate::syntax::{BinOp, UnOp};
use crate::types::{FloatKind, IntKind, Ty, TypeKind};
use crate::value::{Closure, MapObj, Pointer, Slice, Value, Wrapper};
use std::cell::RefCell;
use std::hash::{BuildHasher, Hasher};
use std::rc::Rc;

impl Machine<'_> {
    pub(super) fn pop(&mut self) -> Result<Value, Stop> {
        self.top_mut()
            .stack
            .pop()
            .ok_or_else(|| Stop::Internal("operand stack underflow".into()))
    }

    pub(super) fn pop_n(&mut self, n: usize) -> Result<Vec<Value>, Stop> {
        let f = self.top_mut();
        if f.stack.len() < n {
            return Err(Stop::Internal("operand stack underflow".into()));
        }
        let at = f.stack.len() - n;
        Ok(f.stack.drain(at..).collect())
    }

    fn push(&mut self, v: Value) {
        self.top_mut().stack.push(v);
    }

    /// Executes the instruction at the running frame's pc by the rule for that instruction.
    pub(super) fn exec(&mut self) -> Outcome {
        let f = self.top();
        let code = f.code.clone();
        let pc = f.pc;
        let Some(instr) = code.instrs.get(pc) else {
            return Err(Stop::Internal("ran past the end of a function".into()));
        };
        if let Some(p) = code.pos.get(pc) {
            self.pos = *p;
        }
        self.guarded = code.guarded.get(pc).copied().unwrap_or(false);
        self.top_mut().pc = pc + 1;
        if self.guarded && matches!(instr, Instr::Call(..)) {
            // A marked call: what matters is whether it writes shared memory before it returns.
            self.guarded = false;
            let w = self.writes;
            self.top_mut().guard = Some(w);
        }
        match instr {
            Instr::Const(v) => self.eval_const(v),
            Instr::Load(var, path) => self.eval_load(var, path),
            Instr::Unary(op, t) => self.eval_unary(op, t),
            Instr::Binary(op, lt, rt) => self.eval_binary(op, lt, rt),
            Instr::Convert(from, to) => self.eval_convert(from, to),
            Instr::Field(i) => self.eval_field(i),
            Instr::Index(..) | Instr::StrIndex(..) | Instr::MapIndex { .. } => {
                self.eval_index(instr)
            }
            Instr::Deref(path, off) => self.eval_deref(path, off),
            Instr::AddrVar(..) | Instr::AddrDeref(..) | Instr::AddrIndex(..) | Instr::New => {
                self.eval_address(instr)
            }
            Instr::Struct(..) | Instr::SliceLit(..) | Instr::MapLit(..) => {
                self.eval_composite(instr)
            }
            Instr::Closure(..) | Instr::MethodExprDeref(..) => self.eval_closure(instr),
            Instr::MethodValue(..) | Instr::IfaceMethodValue(..) => self.eval_method_value(instr),
            Instr::Assert(..) | Instr::TypeIs(..) => self.eval_assert(instr),
            Instr::Store(..)
            | Instr::StoreDeref(..)
            | Instr::StoreIndex(..)
            | Instr::StoreMap(_) => self.exec_store(instr),
            Instr::Declare(..) | Instr::Renew(..) => self.exec_declare(instr),
            Instr::Jump(t) => self.exec_jump(t),
            Instr::Branch(flag, t) => self.exec_branch(flag, t),
            Instr::RangeRune => self.exec_range(),
            Instr::Pop => self.exec_drop(),
            Instr::SliceOf { lo, hi, max } => self.eval_slice(*lo, *hi, *max),
            Instr::Call(target, n) => {
                let args = self.pop_n(*n as usize)?;
                match self.callee(target)? {
                    Ok(clo) => self.call_enter(clo, args, Caller::Normal),
                    Err(e) => self.panic_runtime_error(e),
                }
            }
            Instr::Defer(target, n, sources) => self.defer_push(target, *n as usize, sources),
            Instr::Return(n) if *n > 0 => self.return_set_results(*n as usize),
            Instr::Return(_) => self.return_bare(),
            Instr::Builtin(b, n, t) => self.eval_builtin(*b, *n as usize, *t),
            Instr::MainExit => self.exit_main_return(),
        }
    }

    /// Eval/const: a constant.
    fn eval_const(&mut self, v: &Value) -> Outcome {
        self.push(v.clone());
        Ok(Rule::EvalConst)
    }

    /// Eval/load: a variable's value.
    fn eval_load(&mut self, var: &Var, path: &Path) -> Outcome {
        let v = self.load_var(*var, path);
        self.push(v);
        Ok(Rule::EvalLoad)
    }

    /// Eval/unary
    fn eval_unary(&mut self, op: &UnOp, t: &Ty) -> Outcome {
        let prog = self.prog;
        let types = &prog.types;
        let x = self.pop()?;
        let r = match (op, types.ukind(*t), x) {
            (UnOp::Neg, TypeKind::Int(k), Value::Int(i)) => Value::Int(k.wrap(i.wrapping_neg())),
            (UnOp::Neg, TypeKind::Float(_), Value::Float(f)) => Value::Float(-f),
            (UnOp::Neg, TypeKind::Complex(_), Value::Complex(re, im)) => Value::Complex(-re, -im),
            (UnOp::Complement, TypeKind::Int(k), Value::Int(i)) => Value::Int(k.wrap(!i)),
            (UnOp::Not, _, Value::Bool(b)) => Value::Bool(!b),
            (_, _, x) => x,
        };
        self.push(r);
        Ok(Rule::EvalUnary)
    }

    /// Eval/binary
    fn eval_binary(&mut self, op: &BinOp, lt: &Ty, rt: &Ty) -> Outcome {
        let y = self.pop()?;
        let x = self.pop()?;
        match self.binary(*op, *lt, *rt, x, y) {
            Ok(v) => {
                self.push(v);
                Ok(Rule::EvalBinary)
            }
            Err(Ok(e)) => self.panic_runtime_error(e),
            Err(Err(why)) => Err(why),
        }
    }

    /// Eval/convert
    fn eval_convert(&mut self, from: &Ty, to: &Ty) -> Outcome {
        let x = self.pop()?;
        match self.convert(*from, *to, x)? {
            Ok(v) => {
                self.push(v);
                Ok(Rule::EvalConvert)
            }
            Err(e) => self.panic_runtime_error(e),
        }
    }

    /// Eval/field
    fn eval_field(&mut self, i: &u32) -> Outcome {
        let x = self.pop()?;
        self.push(
            x.fields()
                .get(*i as usize)
                .cloned()
                .unwrap_or(Value::Int(0)),
        );
        Ok(Rule::EvalField)
    }

    /// Eval/index: slices, strings and maps.
    fn eval_index(&mut self, instr: &Instr) -> Outcome {
        match instr {
            Instr::Index(t, path) => {
                let i = self.pop()?;
                let s = self.pop()?;
                let Value::Slice(s) = s else {
                    return match self.element(s, *t, &i)? {
                        Ok(Elem::At(p)) => {
                            self.push(p.load().at_path(path));
                            Ok(Rule::EvalIndex)
                        }
                        Ok(Elem::Value(v)) => {
                            self.push(v.at_path(path));
                            Ok(Rule::EvalIndex)
                        }
                        Err(e) => self.panic_runtime_error(e),
                    };
                };
                match self.check_index(*t, &i, s.len) {
                    Ok(i) => {
                        let v = s.get(i).unwrap_or(Value::Int(0)).at_path(path);
                        self.push(v);
                        Ok(Rule::EvalIndex)
                    }
                    Err(_) if self.mutant(Mutant::IndexUnchecked) => {
                        self.push(Value::Int(0));
                        Ok(Rule::EvalIndex)
                    }
                    Err(e) => self.panic_runtime_error(e),
                }
            }
            Instr::StrIndex(t) => {
                let i = self.pop()?;
                let s = self.pop()?;
                let b = s.as_bytes();
                match self.check_index(*t, &i, b.len()) {
                    Ok(i) => {
                        let byte = b.get(i).copied().unwrap_or(0);
                        self.push(Value::Int(i64::from(byte)));
                        Ok(Rule::EvalIndex)
                    }
                    Err(e) => self.panic_runtime_error(e),
                }
            }
            Instr::MapIndex { ok, zero, key } => {
                let k = self.pop()?;
                let Value::Map(m) = self.pop()? else {
                    return Err(Stop::Internal("index of a non-map".into()));
                };
                let found = match self.map_find(m.as_ref(), *key, &k, true) {
                    Ok((_, Some(at))) => m.and_then(|m| m.borrow().value(at).cloned()),
                    Ok((_, None)) => None,
                    Err(e) => return self.panic_runtime_error(e),
                };
                let present = found.is_some();
                let v = found.unwrap_or_else(|| zero.clone());
                self.push(if *ok {
                    Value::Tuple(Rc::new(vec![v, Value::Bool(present)]))
                } else {
                    v
                });
                Ok(Rule::EvalIndex)
            }
            _ => Err(Stop::Internal("eval_index on another instruction".into())),
        }
    }

    /// Eval/deref
    fn eval_deref(&mut self, path: &Path, off: &u64) -> Outcome {
        match self.pop()? {
            Value::Ptr(Some(p)) => {
                let v = p.load().at_path(path);
                self.push(v);
                Ok(Rule::EvalDeref)
            }
            _ => self.panic_runtime_error(RtErr::NilDeref(Some(*off))),
        }
    }

    /// Eval/address: of variables, pointees, slice elements and fresh variables.
    fn eval_address(&mut self, instr: &Instr) -> Outcome {
        match instr {
            Instr::AddrVar(var, path) => {
                let Some(mut p) = self.cell_of(*var) else {
                    return Err(Stop::Internal(
                        "address of a variable without a cell".into(),
                    ));
                };
                for &i in path.iter() {
                    p = p.field(i);
                }
                self.push(Value::Ptr(Some(p)));
                Ok(Rule::EvalAddress)
            }
            Instr::AddrDeref(path, off) => match self.pop()? {
                Value::Ptr(Some(mut p)) => {
                    for &i in path.iter() {
                        p = p.field(i);
                    }
                    self.push(Value::Ptr(Some(p)));
                    Ok(Rule::EvalAddress)
                }
                _ => self.panic_runtime_error(RtErr::NilDeref(Some(*off))),
            },
            Instr::AddrIndex(t, path) => {
                let i = self.pop()?;
                let s = self.pop()?;
                match self.element(s, *t, &i)? {
                    Ok(Elem::At(mut p)) => {
                        for &f in path.iter() {
                            p = p.field(f);
                        }
                        self.push(Value::Ptr(Some(p)));
                        Ok(Rule::EvalAddress)
                    }
                    Ok(Elem::Value(_)) => Err(Stop::Internal(
                        "the address of an element of an array value".into(),
                    )),
                    Err(e) => self.panic_runtime_error(e),
                }
            }
            Instr::New => {
                let v = self.pop()?;
                self.push(Value::Ptr(Some(Pointer::to_new(v))));
                Ok(Rule::EvalAddress)
            }
            _ => Err(Stop::Internal("eval_address on another instruction".into())),
        }
    }

    /// Eval/composite
    fn eval_composite(&mut self, instr: &Instr) -> Outcome {
        let prog = self.prog;
        let types = &prog.types;
        match instr {
            Instr::Struct(fields, zero) => {
                let vals = self.pop_n(fields.len())?;
                let mut s = zero.fields().to_vec();
                for (i, v) in fields.iter().zip(vals) {
                    if let Some(slot) = s.get_mut(*i as usize) {
                        *slot = v;
                    }
                }
                self.push(Value::Struct(Rc::new(s)));
                Ok(Rule::EvalComposite)
            }
            Instr::SliceLit(idx, len, elem, array) => {
                let vals = self.pop_n(idx.len())?;
                let zero = Value::zero(types, *elem);
                let mut v = vec![zero; *len as usize];
                for (i, x) in idx.iter().zip(vals) {
                    if let Some(slot) = v.get_mut(*i as usize) {
                        *slot = x;
                    }
                }
                self.push(if *array {
                    Value::Array(Rc::new(v))
                } else {
                    Value::Slice(Slice::from_vec(v))
                });
                Ok(Rule::EvalComposite)
            }
            Instr::MapLit(n, key) => {
                let kvs = self.pop_n(2 * *n as usize)?;
                let m = Rc::new(RefCell::new(MapObj::default()));
                let mut it = kvs.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    if let Err(e) = self.map_store(&m, *key, k, v) {
                        return self.panic_runtime_error(e);
                    }
                }
                self.push(Value::Map(Some(m)));
                Ok(Rule::EvalComposite)
            }
            _ => Err(Stop::Internal(
                "eval_composite on another instruction".into(),
            )),
        }
    }

    /// Eval/closure: func literals, functions and method expressions as values.
    fn eval_closure(&mut self, instr: &Instr) -> Outcome {
        match instr {
            Instr::Closure(f, vars) => {
                let mut captured = Vec::new();
                for v in vars.iter() {
                    match self.cell_of(*v) {
                        Some(Pointer { cell: c, .. }) => captured.push(c),
                        _ => {
                            return Err(Stop::Internal(
                                "capture of a variable without a cell".into(),
                            ));
                        }
                    }
                }
                self.push(Value::Func(Some(Rc::new(Closure {
                    func: *f,
                    captured,
                    recv: None,
                    wrapper: Wrapper::None,
                }))));
                Ok(Rule::EvalClosure)
            }
            Instr::MethodExprDeref(f) => {
                let clo = Closure {
                    func: *f,
                    captured: Vec::new(),
                    recv: None,
                    wrapper: Wrapper::Deref,
                };
                self.push(Value::Func(Some(Rc::new(clo))));
                Ok(Rule::EvalClosure)
            }
            _ => Err(Stop::Internal("eval_closure on another instruction".into())),
        }
    }

    /// Eval/method-value
    fn eval_method_value(&mut self, instr: &Instr) -> Outcome {
        match instr {
            Instr::MethodValue(f) => {
                let r = self.pop()?;
                self.push(Value::Func(Some(Rc::new(Closure {
                    func: *f,
                    captured: Vec::new(),
                    recv: Some(r),
                    wrapper: Wrapper::None,
                }))));
                Ok(Rule::EvalMethodValue)
            }
            Instr::IfaceMethodValue(name) => {
                let r = self.pop()?;
                match self.dispatch(&r, name)? {
                    Some(clo) => {
                        self.push(Value::Func(Some(clo)));
                        Ok(Rule::EvalMethodValue)
                    }
                    None => self.panic_runtime_error(RtErr::NilDeref(Some(0))),
                }
            }
            _ => Err(Stop::Internal(
                "eval_method_value on another instruction".into(),
            )),
        }
    }

    /// Eval/assert: type assertions and type switch tests.
    fn eval_assert(&mut self, instr: &Instr) -> Outcome {
        let prog = self.prog;
        let types = &prog.types;
        match instr {
            Instr::Assert(target, static_ty, ok) => {
                let x = self.pop()?;
                let (target, static_ty, ok) = (*target, *static_ty, *ok);
                match self.assert(&x, target, static_ty) {
                    Ok(v) => {
                        self.push(if ok {
                            Value::Tuple(Rc::new(vec![v, Value::Bool(true)]))
                        } else {
                            v
                        });
                        Ok(Rule::EvalAssert)
                    }
                    Err(_) if ok => {
                        let zero = Value::zero(&self.prog.types, target);
                        self.push(Value::Tuple(Rc::new(vec![zero, Value::Bool(false)])));
                        Ok(Rule::EvalAssert)
                    }
                    Err(e) => self.panic_runtime_error(e),
                }
            }
            Instr::TypeIs(t) => {
                let x = self.pop()?;
                let r = match (t, &x) {
                    (None, v) => matches!(v, Value::Iface(None)),
                    (Some(_), Value::Iface(None)) => false,
                    (Some(t), Value::Iface(Some(i))) => {
                        if types.is_interface(*t) {
                            types.missing_method(i.ty, *t).is_none()
                        } else {
                            i.ty == *t
                        }
                    }
                    _ => false,
                };
                self.push(Value::Bool(r));
                Ok(Rule::EvalAssert)
            }
            _ => Err(Stop::Internal("eval_assert on another instruction".into())),
        }
    }

    /// Exec/store: into variables, pointees, slice elements and map entries.
    fn exec_store(&mut self, instr: &Instr) -> Outcome {
        match instr {
            Instr::Store(var, path) => {
                let v = self.pop()?;
                self.store_var(*var, path, v);
                Ok(Rule::ExecStore)
            }
            Instr::StoreDeref(path, off) => {
                let v = self.pop()?;
                match self.pop()? {
                    Value::Ptr(Some(mut p)) => {
                        for &i in path.iter() {
                            p = p.field(i);
                        }
                        self.writes += 1;
                        p.store(v);
                        Ok(Rule::ExecStore)
                    }
                    _ => self.panic_runtime_error(RtErr::NilDeref(Some(*off))),
                }
            }
            Instr::StoreIndex(t, path) => {
                let v = self.pop()?;
                let i = self.pop()?;
                let s = self.pop()?;
                match self.element(s, *t, &i)? {
                    Ok(Elem::At(mut p)) => {
                        for &f in path.iter() {
                            p = p.field(f);
                        }
                        self.writes += 1;
                        p.store(v);
                        Ok(Rule::ExecStore)
                    }
                    Ok(Elem::Value(_)) => Err(Stop::Internal(
                        "a store into an element of an array value".into(),
                    )),
                    Err(e) => self.panic_runtime_error(e),
                }
            }
            Instr::StoreMap(key) => {
                let v = self.pop()?;
                let k = self.pop()?;
                let Value::Map(m) = self.pop()? else {
                    return Err(Stop::Internal("store into a non-map".into()));
                };
                // A nil map panics before the key is hashed.
                let Some(m) = m else {
                    if self.mutant(Mutant::NilMapWriteIgnored) {
                        return Ok(Rule::ExecStore);
                    }
                    return self.panic_runtime_error(RtErr::NilMapWrite);
                };
                self.writes += 1;
                match self.map_store(&m, *key, k, v) {
                    Ok(()) => Ok(Rule::ExecStore),
                    Err(e) => self.panic_runtime_error(e),
                }
            }
            _ => Err(Stop::Internal("exec_store on another instruction".into())),
        }
    }

    /// Exec/declare: fresh variables, and fresh per-iteration copies.
    fn exec_declare(&mut self, instr: &Instr) -> Outcome {
        match instr {
            Instr::Declare(var) => {
                let v = self.pop()?;
                let reuse = self.mutant(Mutant::DeclarationsReuseCells);
                match (var, self.top().locals.get(slot_of(*var))) {
                    (Var::Cell(_), Some(Value::Ptr(Some(p)))) if reuse => p.clone().store(v),
                    _ => super::store_new(&mut self.top_mut().locals, *var, v),
                }
                Ok(Rule::ExecDeclare)
            }
            Instr::Renew(_) if self.mutant(Mutant::DeclarationsReuseCells) => Ok(Rule::ExecDeclare),
            Instr::Renew(slot) => {
                let v = self.load_var(Var::Cell(*slot), &[]);
                super::store_new(&mut self.top_mut().locals, Var::Cell(*slot), v);
                Ok(Rule::ExecDeclare)
            }
            _ => Err(Stop::Internal("exec_declare on another instruction".into())),
        }
    }

    /// Exec/jump
    fn exec_jump(&mut self, t: &u32) -> Outcome {
        self.top_mut().pc = *t as usize;
        Ok(Rule::ExecJump)
    }

    /// Exec/branch
    fn exec_branch(&mut self, flag: &bool, t: &u32) -> Outcome {
        let c = self.pop()?;
        if c.as_bool() == *flag {
            self.top_mut().pc = *t as usize;
        }
        Ok(Rule::ExecBranch)
    }

    /// Exec/range: the rune at a byte index of a string.
    fn exec_range(&mut self) -> Outcome {
        let i = self.pop()?.as_int() as usize;
        let s = self.pop()?;
        let (c, w) = decode_rune(s.as_bytes().get(i..).unwrap_or(&[]));
        self.push(Value::Int(i64::from(c as u32)));
        self.push(Value::Int(w.max(1) as i64));
        Ok(Rule::ExecRange)
    }

    /// Exec/drop
    fn exec_drop(&mut self) -> Outcome {
        self.pop()?;
        Ok(Rule::ExecDrop)
    }

    /// The function a call or defer statement invokes (receiver bound for methods), or the
    /// run-time panic evaluating it causes (a nil func value, a nil interface).
    pub(super) fn callee(&mut self, target: &Target) -> Result<Result<Rc<Closure>, RtErr>, Stop> {
        Ok(match target {
            Target::Static(f) => Ok(Rc::new(Closure::plain(*f))),
            Target::Value => match self.pop()? {
                Value::Func(Some(c)) => Ok(c),
                _ => Err(RtErr::NilDeref(Some(0))),
            },
            Target::Iface(name) => {
                let r = self.pop()?;
                self.dispatch(&r, name)?.ok_or(RtErr::NilDeref(Some(0)))
            }
        })
    }

    /// Element `i` (of index type `t`) of a slice, an array value or a pointer to an array,
    /// checked against the length; a nil pointer faults first (gc checks it before the bounds).
    fn element(&self, container: Value, t: Ty, i: &Value) -> Result<Result<Elem, RtErr>, Stop> {
        let (n, at) = match &container {
            Value::Slice(s) => (s.len, None),
            Value::Ptr(None) => return Ok(Err(RtErr::NilDeref(None))),
            Value::Ptr(Some(p)) => (p.load().fields().len(), Some(p)),
            Value::Array(vs) => (vs.len(), None),
            _ => {
                return Err(Stop::Internal(
                    "an index of a value that is not a slice or an array".into(),
                ));
            }
        };
        let k = match self.check_index(t, i, n) {
            Ok(k) => k,
            Err(e) => return Ok(Err(e)),
        };
        Ok(Ok(match (&container, at) {
            (Value::Slice(s), _) => match s.elem_ptr(k) {
                Some(p) => Elem::At(p),
                None => return Err(Stop::Internal("an element of a nil slice".into())),
            },
            (_, Some(p)) => Elem::At(p.field(k as u32)),
            (v, None) => Elem::Value(v.fields().get(k).cloned().unwrap_or(Value::Int(0))),
        }))
    }

    /// An index within `[0, len)`, or the bounds error.
    fn check_index(&self, t: Ty, i: &Value, len: usize) -> Result<usize, RtErr> {
        let k = self.prog.types.int_kind(t).unwrap_or(IntKind::Int);
        let n = k.value(i.as_int());
        if n < 0 || n >= len as i128 {
            return Err(RtErr::Bounds {
                x: i.as_int(),
                y: len as i64,
                signed: k.signed(),
                code: bounds::INDEX,
            });
        }
        Ok(n as usize)
    }

    /// Eval/slice
    fn eval_slice(&mut self, lo: bool, hi: bool, max: bool) -> Outcome {
        let m = if max {
            Some(self.pop()?.as_int())
        } else {
            None
        };
        let h = if hi { Some(self.pop()?.as_int()) } else { None };
        let l = if lo { self.pop()?.as_int() } else { 0 };
        let x = self.pop()?;
        // Strings and arrays are bounded by their length, slices by their capacity.
        let (len, cap, by_length) = match &x {
            Value::Slice(s) => (s.len as i64, s.cap as i64, false),
            Value::Ptr(None) => return self.panic_runtime_error(RtErr::NilDeref(Some(0))),
            Value::Ptr(Some(p)) => {
                let n = p.load().fields().len() as i64;
                (n, n, true)
            }
            v => (v.as_bytes().len() as i64, v.as_bytes().len() as i64, true),
        };
        // gc checks the highest bound first, then each lower one against the next.
        let err = |x: i64, y: i64, code: u8| RtErr::Bounds {
            x,
            y,
            signed: true,
            code,
        };
        let check = || -> Result<(i64, i64, i64), RtErr> {
            if let Some(m) = m {
                let hv = h.unwrap_or(0);
                if m < 0 || m > cap {
                    let code = if by_length {
                        bounds::SLICE3_ALEN
                    } else {
                        bounds::SLICE3_ACAP
                    };
                    return Err(err(m, cap, code));
                }
                if hv < 0 || hv > m {
                    return Err(err(hv, m, bounds::SLICE3_B));
                }
                if l < 0 || l > hv {
                    return Err(err(l, hv, bounds::SLICE3_C));
                }
                return Ok((l, hv, m));
            }
            let hv = match h {
                Some(hv) => {
                    if hv < 0 || hv > cap {
                        let code = if by_length {
                            bounds::SLICE_ALEN
                        } else {
                            bounds::SLICE_ACAP
                        };
                        return Err(err(hv, cap, code));
                    }
                    hv
                }
                None => len,
            };
            if l < 0 || l > hv {
                return Err(err(l, hv, bounds::SLICE_B));
            }
            Ok((l, hv, cap))
        };
        let (l, h, m) = match check() {
            Ok(b) => b,
            Err(e) => return self.panic_runtime_error(e),
        };
        let v = match x {
            Value::Slice(s) => Value::Slice(Slice {
                arr: s.arr.clone(),
                off: s.off + l as usize,
                len: (h - l) as usize,
                cap: (m - l) as usize,
            }),
            Value::Ptr(p) => Value::Slice(Slice {
                arr: p,
                off: l as usize,
                len: (h - l) as usize,
                cap: (m - l) as usize,
            }),
            v => Value::bytes(v.as_bytes().get(l as usize..h as usize).unwrap_or(&[])),
        };
        self.push(v);
        Ok(Rule::EvalSlice)
    }

    /// A binary operation: Ok value, Err(Ok(run-time panic)), Err(Err(unsupported)).
    fn binary(
        &mut self,
        op: BinOp,
        lt: Ty,
        rt: Ty,
        x: Value,
        y: Value,
    ) -> Result<Value, Result<RtErr, Stop>> {
        let types = &self.prog.types;
        if op.is_comparison() {
            return self.compare(op, lt, &x, &y).map(Value::Bool).map_err(Ok);
        }
        Ok(match (types.ukind(lt), x, y) {
            (TypeKind::Int(k), Value::Int(a), Value::Int(b)) => {
                let count = types.int_kind(rt).unwrap_or(IntKind::Uint);
                match crate::arith::int_binary(op, *k, a, b, count) {
                    Ok(v) => Value::Int(v),
                    Err(crate::arith::IntErr::DivideByZero)
                        if self.mutant(Mutant::DivideByZeroIsZero) =>
                    {
                        Value::Int(0)
                    }
                    Err(crate::arith::IntErr::DivideByZero) => return Err(Ok(RtErr::DivideByZero)),
                    Err(crate::arith::IntErr::NegativeShift) => {
                        return Err(Ok(RtErr::NegativeShift));
                    }
                    Err(crate::arith::IntErr::NotInteger) => {
                        return Err(Err(Stop::Internal(format!(
                            "operator {} on integers",
                            op.symbol()
                        ))));
                    }
                }
            }
            (TypeKind::Float(k), Value::Float(a), Value::Float(b)) => {
                match crate::arith::float_binary(op, *k, a, b) {
                    Some(r) => Value::Float(r),
                    None => {
                        return Err(Err(Stop::Internal(format!(
                            "operator {} on floats",
                            op.symbol()
                        ))));
                    }
                }
            }
            (TypeKind::Complex(k), Value::Complex(a, b), Value::Complex(c, d)) => {
                match crate::arith::complex_binary(op, *k, (a, b), (c, d)) {
                    Some((re, im)) => Value::Complex(re, im),
                    None => {
                        return Err(Err(Stop::Internal(format!(
                            "operator {} on complex numbers",
                            op.symbol()
                        ))));
                    }
                }
            }
            (TypeKind::String, Value::Str(a), Value::Str(b)) if op == BinOp::Add => {
                let mut s = a.to_vec();
                s.extend_from_slice(&b);
                Value::Str(Rc::from(s))
            }
            (_, Value::Bool(a), Value::Bool(b)) => Value::Bool(match op {
                BinOp::LogAnd => a && b,
                _ => a || b,
            }),
            _ => {
                return Err(Err(Stop::Internal(format!(
                    "operator {} on {}",
                    op.symbol(),
                    types.name(lt)
                ))));
            }
        })
    }

    fn compare(&mut self, op: BinOp, t: Ty, x: &Value, y: &Value) -> Result<bool, RtErr> {
        use std::cmp::Ordering;
        let types = &self.prog.types;
        let ord = match (types.ukind(t), x, y) {
            (TypeKind::Int(k), Value::Int(a), Value::Int(b)) => Some(k.value(*a).cmp(&k.value(*b))),
            (TypeKind::Float(_), Value::Float(a), Value::Float(b)) => a.partial_cmp(b),
            (TypeKind::String, Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
            _ => {
                let eq = self.values_eq(t, x, y)?;
                return Ok(if op == BinOp::Ne { !eq } else { eq });
            }
        };
        Ok(match (op, ord) {
            (BinOp::Eq, o) => o == Some(Ordering::Equal),
            (BinOp::Ne, o) => o != Some(Ordering::Equal),
            (BinOp::Lt, o) => o == Some(Ordering::Less),
            (BinOp::Le, o) => matches!(o, Some(Ordering::Less | Ordering::Equal)),
            (BinOp::Gt, o) => o == Some(Ordering::Greater),
            (_, o) => matches!(o, Some(Ordering::Greater | Ordering::Equal)),
        })
    }

    /// Key `k` (of the map's key type `kt`) in map `m`: its hash, and the position of its entry
    /// if it has one. The key is hashed first, as gc does even for a nil or empty map, so a key
    /// holding a value of an uncomparable dynamic type panics; from Go 1.25 a lookup (`probe`)
    /// in a nil or empty map panics with another error.
    fn map_find(
        &self,
        m: Option<&Rc<RefCell<MapObj>>>,
        kt: Ty,
        k: &Value,
        probe: bool,
    ) -> Result<(u64, Option<usize>), RtErr> {
        let mut h = foldhash::quality::FixedState::default().build_hasher();
        if let Err(e) = self.key_hash(kt, k, &mut h) {
            let empty = m.is_none_or(|m| m.borrow().len() == 0);
            return Err(match e {
                RtErr::Uncomparable { ty, .. }
                    if probe && empty && self.params.toolchain.at_least(1, 25) =>
                {
                    RtErr::Unhashable(ty)
                }
                e => e,
            });
        }
        let h = h.finish();
        let Some(m) = m else { return Ok((h, None)) };
        let m = m.borrow();
        for &at in m.with_hash(h) {
            if let Some(ek) = m.key(at)
                && self.values_eq(kt, ek, k)?
            {
                return Ok((h, Some(at)));
            }
        }
        Ok((h, None))
    }

    /// Sets the entry of key `k` in map `m` to `v`.
    fn map_store(&self, m: &Rc<RefCell<MapObj>>, kt: Ty, k: Value, v: Value) -> Result<(), RtErr> {
        let (h, at) = self.map_find(Some(m), kt, &k, false)?;
        let mut m = m.borrow_mut();
        match at {
            Some(at) => m.set_entry(at, k, v),
            None => m.insert(h, k, v),
        }
        Ok(())
    }

    /// Feeds the parts of key `k` (of type `t`) that `==` compares into `h`; a value of an
    /// uncomparable dynamic type in it cannot be hashed.
    fn key_hash(&self, t: Ty, k: &Value, h: &mut dyn Hasher) -> Result<(), RtErr> {
        let types = &self.prog.types;
        match k {
            Value::Int(i) => h.write_i64(*i),
            // +0 and -0 are equal; NaN equals nothing, so its hash does not matter.
            Value::Float(f) => h.write_u64(if *f == 0.0 { 0 } else { f.to_bits() }),
            Value::Complex(re, im) => {
                for f in [re, im] {
                    h.write_u64(if *f == 0.0 { 0 } else { f.to_bits() });
                }
            }
            Value::Bool(b) => h.write_u8(u8::from(*b)),
            Value::Str(s) => h.write(s),
            Value::Ptr(p) => h.write_usize(p.as_ref().map_or(0, Pointer::addr)),
            Value::Iface(None) => h.write_u8(0),
            Value::Iface(Some(i)) => {
                if !types.comparable(i.ty) {
                    return Err(RtErr::Uncomparable {
                        ty: i.ty,
                        hash: true,
                    });
                }
                h.write_u32(i.ty.0);
                self.key_hash(i.ty, &i.val, h)?;
            }
            Value::Struct(fs) => {
                let fields = types.struct_fields(t).unwrap_or(&[]);
                for (f, v) in fields.iter().zip(fs.iter()) {
                    // Blank fields take no part in `==`.
                    if f.name != "_" {
                        self.key_hash(f.ty, v, h)?;
                    }
                }
            }
            Value::Array(es) => {
                let elem = types.array_of(t).map_or(t, |(e, _)| e);
                for v in es.iter() {
                    self.key_hash(elem, v, h)?;
                }
            }
            // Not comparable: never a map key (the checker) nor hashed (the interface case).
            Value::Slice(_) | Value::Map(_) | Value::Func(_) | Value::Tuple(_) => {}
        }
        Ok(())
    }

    /// A type assertion: the value as the target type, or the panic it causes.
    fn assert(&self, x: &Value, target: Ty, static_ty: Ty) -> Result<Value, RtErr> {
        let types = &self.prog.types;
        let target_iface = types.is_interface(target);
        let Value::Iface(Some(i)) = x else {
            return Err(RtErr::Assert {
                iface: if target_iface { None } else { Some(static_ty) },
                concrete: None,
                asserted: target,
                missing: String::new(),
            });
        };
        if target_iface {
            return match types.missing_method(i.ty, target) {
                None => Ok(x.clone()),
                Some(m) => Err(RtErr::Assert {
                    iface: Some(static_ty),
                    concrete: Some(i.ty),
                    asserted: target,
                    missing: m,
                }),
            };
        }
        if i.ty == target {
            return Ok(i.val.clone());
        }
        Err(RtErr::Assert {
            iface: Some(static_ty),
            concrete: Some(i.ty),
            asserted: target,
            missing: String::new(),
        })
    }

    /// A conversion: the value, or the run-time panic it causes.
    fn convert(&mut self, from: Ty, to: Ty, x: Value) -> Result<Result<Value, RtErr>, Stop> {
        let types = &self.prog.types;
        if types.is_interface(to) {
            return Ok(Ok(if types.is_interface(from) {
                x
            } else {
                self.iface_of(from, x)
            }));
        }
        if let (TypeKind::Slice(_), Some((_, n)), Value::Slice(s)) =
            (types.ukind(from), types.array_of(to), &x)
        {
            // A slice to an array, or a pointer to one, of at most its length.
            if (s.len as u64) < n {
                return Ok(Err(RtErr::Bounds {
                    x: s.len as i64,
                    y: n as i64,
                    signed: true,
                    code: bounds::CONVERT,
                }));
            }
            if types.pointee(to).is_none() {
                let elems = s.elems().into_iter().take(n as usize).collect();
                return Ok(Ok(Value::Array(Rc::new(elems))));
            }
            return match &s.arr {
                None => Ok(Ok(Value::Ptr(None))),
                Some(a) if s.off == 0 && a.load().fields().len() as u64 == n => {
                    Ok(Ok(Value::Ptr(Some(a.clone()))))
                }
                Some(_) => Err(Stop::Unsupported(
                    "a pointer to part of an array (a slice converted to a pointer to an array \
                     shorter than its own, or not at its start)"
                        .into(),
                )),
            };
        }
        Ok(Ok(match (types.ukind(from), types.ukind(to), x) {
            (TypeKind::Int(fk), TypeKind::Int(tk), Value::Int(i)) => {
                Value::Int(crate::arith::convert_int(*fk, *tk, i))
            }
            // Correctly rounded, as CVTSQ2SD/CVTSQ2SS (and gc's sequence for uint64 past 2^63).
            (TypeKind::Int(fk), TypeKind::Float(FloatKind::F32), Value::Int(i)) => {
                Value::Float(f64::from(fk.value(i) as f32))
            }
            (TypeKind::Int(fk), TypeKind::Float(FloatKind::F64), Value::Int(i)) => {
                Value::Float(fk.value(i) as f64)
            }
            (TypeKind::Float(_), TypeKind::Float(tk), Value::Float(f)) => Value::Float(tk.round(f)),
            (TypeKind::Complex(_), TypeKind::Complex(tk), Value::Complex(re, im)) => {
                Value::Complex(tk.round(re), tk.round(im))
            }
            (TypeKind::Float(_), TypeKind::Int(tk), Value::Float(f)) => {
                let t = f.trunc();
                if !t.is_finite() || !tk.holds(t as i128) || t.abs() >= 1.8e19 {
                    return Err(Stop::Unsupported(format!(
                        "conversion of the out-of-range float {f} to {} (implementation-defined)",
                        tk.name()
                    )));
                }
                Value::Int(tk.wrap(t as i128 as i64))
            }
            (TypeKind::Int(fk), TypeKind::String, Value::Int(i)) => {
                let c = u32::try_from(fk.value(i))
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                Value::str(&c.to_string())
            }
            (TypeKind::String, TypeKind::Slice(e), Value::Str(s)) => {
                if types.int_kind(*e) == Some(IntKind::Uint8) {
                    Value::Slice(Slice::from_vec(
                        s.iter().map(|b| Value::Int(i64::from(*b))).collect(),
                    ))
                } else {
                    let mut runes = Vec::new();
                    let mut rest: &[u8] = &s;
                    while !rest.is_empty() {
                        let (c, w) = decode_rune(rest);
                        runes.push(Value::Int(i64::from(c as u32)));
                        rest = &rest[w.max(1)..];
                    }
                    Value::Slice(Slice::from_vec(runes))
                }
            }
            (TypeKind::Slice(e), TypeKind::String, Value::Slice(s)) => {
                if types.int_kind(*e) == Some(IntKind::Uint8) {
                    Value::Str(Rc::from(
                        s.elems()
                            .iter()
                            .map(|v| v.as_int() as u8)
                            .collect::<Vec<u8>>(),
                    ))
                } else {
                    let text: String = s
                        .elems()
                        .iter()
                        .map(|v| {
                            u32::try_from(v.as_int())
                                .ok()
                                .and_then(char::from_u32)
                                .unwrap_or('\u{FFFD}')
                        })
                        .collect();
                    Value::str(&text)
                }
            }
            (_, _, x) => x,
        }))
    }

    /// Eval/builtin
    fn eval_builtin(&mut self, b: Builtin, n: usize, t: Ty) -> Outcome {
        let args = self.pop_n(n)?;
        if matches!(
            b,
            Builtin::Append { .. } | Builtin::Copy | Builtin::Delete | Builtin::Clear
        ) {
            // These may write into arrays and maps a call can share.
            self.writes += 1;
        }
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Int(0));
        let types = &self.prog.types;
        let r = match b {
            // The length of an array (or of the array a pointer points to, nil or not) is its
            // type's.
            Builtin::Len | Builtin::Cap if types.array_of(t).is_some() => {
                Some(Value::Int(types.array_of(t).map_or(0, |(_, n)| n as i64)))
            }
            Builtin::Len => Some(Value::Int(match arg(0) {
                Value::Slice(s) => s.len as i64,
                Value::Map(m) => m.map_or(0, |m| m.borrow().len() as i64),
                v => v.as_bytes().len() as i64,
            })),
            Builtin::Cap => Some(Value::Int(match arg(0) {
                Value::Slice(s) => s.cap as i64,
                _ => 0,
            })),
            Builtin::Append { spread } => {
                let Value::Slice(s) = arg(0) else {
                    return Err(Stop::Internal("append to a non-slice".into()));
                };
                let extra: Vec<Value> = if spread {
                    match arg(1) {
                        Value::Slice(x) => x.elems(),
                        _ => Vec::new(),
                    }
                } else {
                    args[1..].to_vec()
                };
                Some(Value::Slice(append(
                    &s,
                    extra,
                    types,
                    t,
                    self.params.toolchain,
                )?))
            }
            Builtin::MakeSlice => {
                let len = arg(0).as_int();
                let cap = if n > 1 { arg(1).as_int() } else { len };
                let elem = match types.ukind(t) {
                    TypeKind::Slice(e) => *e,
                    _ => t,
                };
                // runtime.makeslice: the sizes are uintptrs, so a negative count is huge.
                let size = u128::from(types.layout(elem).0);
                let too_big = |count: i64| size * u128::from(count as u64) > MAX_ALLOC;
                if too_big(cap) || len < 0 || len > cap {
                    return self.panic_runtime_error(if too_big(len) || len < 0 {
                        RtErr::MakeSliceLen
                    } else {
                        RtErr::MakeSliceCap
                    });
                }
                fits(types, elem, cap as u64)?;
                let zero = Value::zero(types, elem);
                let mut s = Slice::from_vec(vec![zero; cap as usize]);
                s.len = len as usize;
                Some(Value::Slice(s))
            }
            Builtin::MakeMap => Some(Value::Map(Some(Rc::new(RefCell::new(MapObj::default()))))),
            Builtin::Copy => {
                let (Value::Slice(d), src) = (arg(0), arg(1)) else {
                    return Err(Stop::Internal("copy into a non-slice".into()));
                };
                let src = match src {
                    Value::Slice(s) => s.elems(),
                    Value::Str(s) => s.iter().map(|b| Value::Int(i64::from(*b))).collect(),
                    _ => return Err(Stop::Internal("copy from a non-slice".into())),
                };
                let k = d.len.min(src.len());
                for (i, v) in src.into_iter().take(k).enumerate() {
                    d.set(i, v);
                }
                Some(Value::Int(k as i64))
            }
            Builtin::Delete => {
                let Value::Map(m) = arg(0) else {
                    return Err(Stop::Internal("delete from a non-map".into()));
                };
                let key = match types.ukind(t) {
                    TypeKind::Map(k, _) => *k,
                    _ => t,
                };
                match self.map_find(m.as_ref(), key, &arg(1), true) {
                    Ok((_, Some(at))) => {
                        if let Some(m) = m {
                            m.borrow_mut().remove(at);
                        }
                    }
                    Ok((_, None)) => {}
                    Err(e) => return self.panic_runtime_error(e),
                }
                None
            }
            Builtin::Clear => {
                match arg(0) {
                    Value::Map(Some(m)) => m.borrow_mut().clear(),
                    Value::Slice(s) => {
                        let elem = match types.ukind(t) {
                            TypeKind::Slice(e) => *e,
                            _ => t,
                        };
                        for i in 0..s.len {
                            s.set(i, Value::zero(types, elem));
                        }
                    }
                    _ => {}
                }
                None
            }
            // The parts are of the result's format already.
            Builtin::Complex => Some(Value::Complex(arg(0).as_float(), arg(1).as_float())),
            Builtin::Real => Some(Value::Float(arg(0).as_complex().0)),
            Builtin::Imag => Some(Value::Float(arg(0).as_complex().1)),
            Builtin::Min | Builtin::Max => {
                let mut best = arg(0);
                for v in args.iter().skip(1) {
                    let better = match (&best, v) {
                        // NaN wins; of two zeros min takes -0 and max +0 (the spec's table).
                        (Value::Float(x), Value::Float(y)) => {
                            y.is_nan()
                                || !x.is_nan()
                                    && if b == Builtin::Min {
                                        y < x || (y == x && y.is_sign_negative())
                                    } else {
                                        y > x || (y == x && y.is_sign_positive())
                                    }
                        }
                        _ => {
                            let op = if b == Builtin::Min {
                                BinOp::Lt
                            } else {
                                BinOp::Gt
                            };
                            self.compare(op, t, v, &best).unwrap_or(false)
                        }
                    };
                    if better {
                        best = v.clone();
                    }
                }
                Some(best)
            }
        };
        if let Some(v) = r {
            self.push(v);
        }
        Ok(Rule::EvalBuiltin)
    }
}

/// An element of a container: memory (a slice's, or an array's through a pointer), or part of
/// an array value.
enum Elem {
    At(Pointer),
    Value(Value),
}

/// `append`: in place when the capacity allows, else into a new array grown as gc grows it.
fn append(
    s: &Slice,
    extra: Vec<Value>,
    types: &crate::types::Types,
    t: Ty,
    toolchain: crate::Version,
) -> Result<Slice, Stop> {
    let need = s.len + extra.len();
    if need <= s.cap {
        for (i, v) in extra.into_iter().enumerate() {
            s.set(s.len + i, v);
        }
        return Ok(Slice {
            arr: s.arr.clone(),
            off: s.off,
            len: need,
            cap: s.cap,
        });
    }
    let elem = match types.ukind(t) {
        TypeKind::Slice(e) => *e,
        _ => t,
    };
    let cap = crate::alloc::grown_cap(
        s.cap,
        need,
        types.layout(elem).0,
        types.has_pointers(elem),
        toolchain,
    );
    fits(types, elem, cap as u64)?;
    let mut v = s.elems();
    v.extend(extra);
    v.resize(cap, Value::zero(types, elem));
    Ok(Slice {
        len: need,
        ..Slice::from_vec(v)
    })
}

/// gc's largest allocation on linux/amd64 (runtime.maxAlloc): a larger slice panics.
const MAX_ALLOC: u128 = 1 << 48;

/// Refuses a backing array of `count` elements past the model's memory (each element is at
/// least one value, even of a zero-size type).
fn fits(types: &crate::types::Types, elem: Ty, count: u64) -> Result<(), Stop> {
    let values = types.leaves(elem).max(1).saturating_mul(count);
    if values > crate::types::MAX_LEAVES {
        return Err(Stop::Unsupported(format!(
            "a slice of {count} elements (more than {} values in all: beyond the model's memory)",
            crate::types::MAX_LEAVES
        )));
    }
    Ok(())
}

/// The frame slot a variable occupies (none for captured and package variables).
fn slot_of(v: Var) -> usize {
    match v {
        Var::Slot(i) | Var::Cell(i) => i as usize,
        Var::Captured(_) | Var::Global(_) => usize::MAX,
    }
}
