//! Functions the machine implements itself: Go's builtins with effects (`panic`, `recover`,
//! `print`), `runtime.Goexit`, `os.Exit`, the modeled `errors` and `fmt` functions, the run-time
//! errors and their `Error` methods, and method dispatch on interface values.

use super::{Caller, Machine, Outcome, Stop};
use crate::Stream;
use crate::events::Event;
use crate::ir::{ErrKind, FmtFunc, FuncKind, Native};
use crate::rule::Rule;
use crate::types::{FuncId, Selection, Ty, TypeKind};
use crate::value::{Closure, Data, Iface, Pointer, Value, Wrapper};
use std::rc::Rc;

/// The run-time panics of the subset.
#[derive(Clone, Debug)]
pub enum RtErr {
    DivideByZero,
    /// A nil dereference faulting at this address (the field's offset), or at one the model
    /// does not know (in a method wrapper gc generates, indexing an array through a nil
    /// pointer: it depends on the release and the optimiser).
    NilDeref(Option<u64>),
    /// A value method called through a nil pointer by its `(*T).M` wrapper: runtime.panicwrap.
    PanicWrap(FuncId),
    NegativeShift,
    /// An index or slice bound out of range: x, y, whether x is signed, the format code.
    Bounds {
        x: i64,
        y: i64,
        signed: bool,
        code: u8,
    },
    NilMapWrite,
    /// A failed type assertion: the interface's static type (None when the asserted type is an
    /// interface and the value is nil), the dynamic type, the asserted type, a missing method.
    Assert {
        iface: Option<Ty>,
        concrete: Option<Ty>,
        asserted: Ty,
        missing: String,
    },
    MakeSliceLen,
    MakeSliceCap,
    /// Comparing or hashing values of an uncomparable dynamic type.
    Uncomparable {
        ty: Ty,
        hash: bool,
    },
    /// An unhashable key looked up in (or deleted from) a nil or empty map, from Go 1.25.
    Unhashable(Ty),
}

/// The format codes of `runtime.boundsError`.
pub mod bounds {
    pub const INDEX: u8 = 0;
    pub const SLICE_ALEN: u8 = 1;
    pub const SLICE_ACAP: u8 = 2;
    pub const SLICE_B: u8 = 3;
    pub const SLICE3_ALEN: u8 = 4;
    pub const SLICE3_ACAP: u8 = 5;
    pub const SLICE3_B: u8 = 6;
    pub const SLICE3_C: u8 = 7;
    /// A slice converted to an array (or a pointer to one) longer than it.
    pub const CONVERT: u8 = 8;
}

pub use crate::fmt::Text as TextMethod;

impl crate::fmt::Env for Machine<'_> {
    fn types(&self) -> &crate::types::Types {
        &self.prog.types
    }

    fn text(&mut self, v: &Value) -> TextMethod {
        self.text_method(v)
    }

    fn is_error(&self, v: &Value) -> bool {
        match v {
            Value::Iface(Some(i)) => self
                .prog
                .types
                .missing_method(i.ty, self.prog.error_ty)
                .is_none(),
            _ => false,
        }
    }
}

impl Machine<'_> {
    /// Call/native (or the rule of the native's effect): runs a function the machine implements.
    pub(super) fn call_native(&mut self, fid: FuncId, args: Vec<Value>, caller: Caller) -> Outcome {
        let FuncKind::Native(n) = &self.prog.funcs[fid.0 as usize].kind else {
            return Err(Stop::Internal("call of a function without code".into()));
        };
        if let Native::Lib(f) = n
            && f.writes_memory()
        {
            // Slice elements are memory calls can share.
            self.writes += 1;
        }
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Int(0));
        let results: Vec<Value> = match n {
            Native::Panic => return self.panic_start(arg(0)),
            Native::Recover => return self.recover(),
            Native::Goexit => return self.goexit_start(),
            Native::Exit => return self.exit_now(arg(0).as_int()),
            Native::Print { newline, args: tys } => {
                let mut out = Vec::new();
                for (i, (t, v)) in tys.iter().zip(&args).enumerate() {
                    if *newline && i > 0 {
                        out.push(b' ');
                    }
                    crate::rtprint::builtin_print(
                        &self.prog.types,
                        *t,
                        v,
                        crate::rtprint::Style::of(self.params.toolchain),
                        &mut out,
                    );
                }
                if *newline {
                    out.push(b'\n');
                }
                self.write(Stream::Stderr, &out);
                Vec::new()
            }
            Native::ErrorsNew => vec![self.new_error_string(arg(0).as_bytes())],
            Native::ErrorsUnwrap => vec![self.unwrap(&arg(0))?],
            Native::ErrorsIs => {
                let (mut err, target) = (arg(0), arg(1));
                let mut found = false;
                // Bounded: each step unwraps one level of a finite chain.
                for _ in 0..10_000 {
                    if matches!(err, Value::Iface(None)) {
                        break;
                    }
                    match self.iface_eq(&err, &target) {
                        Ok(true) => {
                            found = true;
                            break;
                        }
                        Ok(false) => {}
                        Err(e) => return self.panic_runtime_error(e),
                    }
                    err = self.unwrap(&err)?;
                }
                vec![Value::Bool(found)]
            }
            Native::Error(k) => vec![Value::bytes(&self.error_text(*k, &arg(0)))],
            Native::RuntimeErrorMarker(_) | Native::Nothing(_) => Vec::new(),
            Native::Lib(f) => match crate::library::call(*f, &args) {
                crate::library::Outcome::Results(vs) => vs,
                crate::library::Outcome::Panic(message) => {
                    let v = Value::const_iface(self.prog.string_ty, Value::str(&message));
                    return self.panic_start(v);
                }
                crate::library::Outcome::Refused(why) => return Err(Stop::Unsupported(why)),
            },
            Native::Fmt(f) => return self.fmt_call(*f, args, caller),
            Native::IfaceMethodExpr(_, name) => {
                let mut args = args.into_iter();
                let recv = args.next().unwrap_or(Value::Iface(None));
                return match self.dispatch(&recv, name)? {
                    Some(m) => self.call_enter(m, args.collect(), caller),
                    None => self.panic_runtime_error(RtErr::NilDeref(Some(0))),
                };
            }
        };
        self.native_done(caller, results)?;
        Ok(Rule::CallNative)
    }

    /// A native call finished: results to the caller (a wrapper frame's caller discards them).
    fn native_done(&mut self, caller: Caller, results: Vec<Value>) -> Result<(), Stop> {
        match caller {
            Caller::Normal => {
                self.check_guard()?;
                let v = match results.len() {
                    0 => return Ok(()),
                    1 => results.into_iter().next().unwrap_or(Value::Int(0)),
                    _ => Value::Tuple(Rc::new(results)),
                };
                self.top_mut().stack.push(v);
                Ok(())
            }
            other => self.deliver(other, results),
        }
    }

    /// `errors.Unwrap` for the modeled error types; a program's own Unwrap methods are not modeled.
    fn unwrap(&self, err: &Value) -> Result<Value, Stop> {
        let Value::Iface(Some(i)) = err else {
            return Ok(Value::Iface(None));
        };
        if i.ty == self.prog.rt.wrap_error
            && let Value::Ptr(Some(p)) = &i.val
        {
            return Ok(p
                .load()
                .fields()
                .get(1)
                .cloned()
                .unwrap_or(Value::Iface(None)));
        }
        if self.prog.types.lookup(i.ty, "Unwrap").is_ok()
            || self.prog.types.lookup(i.ty, "Is").is_ok()
        {
            return Err(Stop::Unsupported(format!(
                "errors.Unwrap or errors.Is on {}, which has its own Unwrap or Is method",
                self.prog.types.name(i.ty)
            )));
        }
        Ok(Value::Iface(None))
    }

    /// A new `*errors.errorString`.
    pub(super) fn new_error_string(&mut self, text: &[u8]) -> Value {
        let p = Pointer::to_new(Value::Struct(Rc::new(vec![Value::bytes(text)])));
        let addr = p.addr();
        Value::Iface(Some(Rc::new(Iface {
            ty: self.prog.rt.errors_string,
            val: Value::Ptr(Some(p)),
            data: Data::Pointer(addr),
        })))
    }

    /// A new `*fmt.wrapError` (fmt.Errorf with %w).
    pub(super) fn new_wrap_error(&mut self, text: &[u8], wrapped: Value) -> Value {
        let p = Pointer::to_new(Value::Struct(Rc::new(vec![Value::bytes(text), wrapped])));
        let addr = p.addr();
        Value::Iface(Some(Rc::new(Iface {
            ty: self.prog.rt.wrap_error,
            val: Value::Ptr(Some(p)),
            data: Data::Pointer(addr),
        })))
    }

    /// The `Error()` text of a runtime or package error type.
    pub(super) fn error_text(&self, k: ErrKind, recv: &Value) -> Vec<u8> {
        let fields = match recv {
            Value::Ptr(Some(p)) => p.load().fields().to_vec(),
            other => other.fields().to_vec(),
        };
        let field = |i: usize| {
            fields
                .get(i)
                .map(|v| v.as_bytes().to_vec())
                .unwrap_or_default()
        };
        match k {
            ErrKind::ErrorsString | ErrKind::WrapError => field(0),
            ErrKind::RuntimeString => [b"runtime error: ".as_slice(), recv.as_bytes()].concat(),
            ErrKind::Plain => recv.as_bytes().to_vec(),
            ErrKind::Unhashable => {
                [b"hash of unhashable type: ".as_slice(), recv.as_bytes()].concat()
            }
            ErrKind::Bounds => {
                let int = |i: usize| fields.get(i).map_or(0, Value::as_int);
                bounds_text(
                    int(0),
                    int(1),
                    fields.get(2).is_some_and(Value::as_bool),
                    int(3) as u8,
                    self.params.toolchain.at_least(1, 20),
                )
                .into_bytes()
            }
            ErrKind::TypeAssertion => {
                let (inter, concrete, asserted, missing) = (field(0), field(1), field(2), field(3));
                let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
                let text = if concrete.is_empty() {
                    format!(
                        "interface conversion: {} is nil, not {}",
                        s(&inter),
                        s(&asserted)
                    )
                } else if missing.is_empty() {
                    // Every named type of a modeled program is in package main, so two
                    // types spelt alike come from different scopes (runtime/error.go).
                    let scopes = if concrete == asserted {
                        " (types from different scopes)"
                    } else {
                        ""
                    };
                    format!(
                        "interface conversion: {} is {}, not {}{scopes}",
                        s(&inter),
                        s(&concrete),
                        s(&asserted)
                    )
                } else {
                    format!(
                        "interface conversion: {} is not {}: missing method {}",
                        s(&concrete),
                        s(&asserted),
                        s(&missing)
                    )
                };
                text.into_bytes()
            }
            ErrKind::PanicNil => {
                let prefix = if self.params.toolchain.at_least(1, 27) {
                    "runtime error: "
                } else {
                    ""
                };
                format!("{prefix}panic called with nil argument").into_bytes()
            }
        }
    }

    /// The `runtime.Error` value of a run-time panic.
    pub(super) fn runtime_error_value(&mut self, e: RtErr) -> Value {
        let rt = self.prog.rt;
        let types = &self.prog.types;
        let (ty, val, data) = match e {
            // These are package-level variables of the runtime: the same value every time.
            RtErr::DivideByZero => (
                rt.rt_error_string,
                Value::str("integer divide by zero"),
                Data::Static(1),
            ),
            RtErr::NilDeref(_) => (
                rt.rt_error_string,
                Value::str("invalid memory address or nil pointer dereference"),
                Data::Static(2),
            ),
            RtErr::NegativeShift => (
                rt.rt_error_string,
                Value::str("negative shift amount"),
                Data::Static(3),
            ),
            RtErr::MakeSliceLen => (
                rt.rt_error_string,
                Value::str("makeslice: len out of range"),
                Data::Static(5),
            ),
            RtErr::MakeSliceCap => (
                rt.rt_error_string,
                Value::str("makeslice: cap out of range"),
                Data::Static(6),
            ),
            RtErr::Uncomparable { ty, hash } => {
                let what = if hash {
                    "hash of unhashable type "
                } else {
                    "comparing uncomparable type "
                };
                (
                    rt.rt_error_string,
                    Value::str(&format!("{what}{}", types.name(ty))),
                    Data::Heap(self.fresh_id()),
                )
            }
            RtErr::PanicWrap(f) => {
                // The wrapper's name is `main.(*T).M`: panicwrap names `main.T.M` and `*T`.
                let name = &self.prog.funcs[f.0 as usize].name;
                let recv = types
                    .sig(self.prog.funcs[f.0 as usize].sig)
                    .and_then(|s| s.params.first().copied())
                    .and_then(|t| types.named(t).map(|n| n.name.clone()))
                    .unwrap_or_default();
                let text = format!("value method {name} called using nil *{recv} pointer");
                (
                    rt.plain_error,
                    Value::str(&text),
                    Data::Heap(self.fresh_id()),
                )
            }
            RtErr::Unhashable(ty) => (
                rt.unhashable,
                Value::str(&types.name(ty)),
                // The error holds the type's address: equal for equal types.
                Data::Static(u64::from(ty.0) << 32),
            ),
            // A constant converted to an interface: the same data every time.
            RtErr::NilMapWrite => (
                rt.plain_error,
                Value::str("assignment to entry in nil map"),
                Data::Static(4),
            ),
            RtErr::Bounds { x, y, signed, code } => {
                let v = Value::Struct(Rc::new(vec![
                    Value::Int(x),
                    Value::Int(y),
                    Value::Bool(signed),
                    Value::Int(i64::from(code)),
                ]));
                (rt.bounds_error, v, Data::Heap(self.fresh_id()))
            }
            RtErr::Assert {
                iface,
                concrete,
                asserted,
                missing,
            } => {
                let name = |t: Option<Ty>| t.map(|t| types.name(t)).unwrap_or_default();
                let inter = iface.map_or_else(|| "interface".to_string(), |t| types.name(t));
                let s = Value::Struct(Rc::new(vec![
                    Value::str(&inter),
                    Value::str(&name(concrete)),
                    Value::str(&types.name(asserted)),
                    Value::str(&missing),
                ]));
                let p = Pointer::to_new(s);
                let addr = p.addr();
                (
                    rt.type_assertion_error,
                    Value::Ptr(Some(p)),
                    Data::Pointer(addr),
                )
            }
        };
        Value::Iface(Some(Rc::new(Iface { ty, val, data })))
    }

    /// How the runtime (and fmt) gets the text of a value: its Error method, else its String
    /// method, if its dynamic type has one in its method set.
    pub(super) fn text_method(&mut self, v: &Value) -> TextMethod {
        let Value::Iface(Some(i)) = v else {
            return TextMethod::None;
        };
        for name in ["Error", "String"] {
            let Ok(sel @ Selection::Method { .. }) = self.prog.types.lookup(i.ty, name) else {
                continue;
            };
            let Selection::Method { method, .. } = &sel else {
                continue;
            };
            let string_sig = self.prog.types.sig(method.sig).is_some_and(|s| {
                s.params.is_empty()
                    && s.results.len() == 1
                    && self.prog.types.ukind(s.results[0]) == &TypeKind::String
            });
            if !string_sig || !self.prog.types.method_in_set(i.ty, &sel) {
                continue;
            }
            let name = if name == "Error" { "Error" } else { "String" };
            return match self.bind_method(i, &sel) {
                Ok(clo) => match &self.prog.funcs[clo.func.0 as usize].kind {
                    FuncKind::Native(Native::Error(k)) if clo.wrapper == Wrapper::None => {
                        let recv = clo.recv.clone().unwrap_or(Value::Int(0));
                        TextMethod::Native(self.error_text(*k, &recv))
                    }
                    _ => TextMethod::Call(clo, name),
                },
                Err(stop) => TextMethod::Refused(stop),
            };
        }
        TextMethod::None
    }

    /// The method `name` of an interface value, bound to its dynamic value (a method value), or
    /// `None` for a nil interface.
    pub(super) fn dispatch(&mut self, v: &Value, name: &str) -> Result<Option<Rc<Closure>>, Stop> {
        let Value::Iface(Some(i)) = v else {
            return Ok(None);
        };
        match self.prog.types.lookup(i.ty, name) {
            Ok(sel) => self.bind_method(i, &sel).map(Some),
            Err(_) => Err(Stop::Internal(format!(
                "the dynamic type {} has no method {name}",
                self.prog.types.name(i.ty)
            ))),
        }
    }

    /// Binds a selected method to an interface's dynamic value. Reaching the method's receiver
    /// (following embedded fields, taking an address or copying a pointee) is left to the call,
    /// where gc's wrapper does it and may fault.
    fn bind_method(&mut self, i: &Iface, sel: &Selection) -> Result<Rc<Closure>, Stop> {
        let types = &self.prog.types;
        match sel {
            Selection::Method { path, method, .. } => {
                let is_ptr = types.pointee(i.ty).is_some() && types.named(i.ty).is_none();
                let wrapper = if path.is_empty() && method.ptr_recv == is_ptr {
                    Wrapper::None
                } else {
                    Wrapper::Dynamic {
                        ty: i.ty,
                        path: Rc::from(path.as_slice()),
                        ptr_recv: method.ptr_recv,
                    }
                };
                Ok(Rc::new(Closure {
                    func: method.func,
                    captured: Vec::new(),
                    recv: Some(i.val.clone()),
                    wrapper,
                }))
            }
            Selection::IfaceMethod { path, index, .. } => {
                // The method of an embedded interface: its value is found now. When that meets
                // a nil, gc's wrapper would fault at the call, which the model does not defer.
                let mut cur = i.val.clone();
                let mut ty = i.ty;
                for &f in path {
                    if let Some(elem) = types.pointee(ty).filter(|_| types.named(ty).is_none()) {
                        let Value::Ptr(Some(p)) = &cur else {
                            return Err(Stop::Unsupported(
                                "a method of an embedded interface reached through a nil pointer"
                                    .into(),
                            ));
                        };
                        cur = p.load();
                        ty = elem;
                    }
                    let Some(field) = types.struct_fields(ty).and_then(|fs| fs.get(f)) else {
                        return Err(Stop::Internal(
                            "an embedded field path that does not resolve".into(),
                        ));
                    };
                    ty = field.ty;
                    cur = cur.fields().get(f).cloned().unwrap_or(Value::Int(0));
                }
                let name = types
                    .iface_methods(ty)
                    .and_then(|ms| ms.get(*index))
                    .map(|m| m.name.clone())
                    .unwrap_or_default();
                match self.dispatch(&cur, &name)? {
                    Some(clo) => Ok(clo),
                    None => Err(Stop::Unsupported(
                        "a method of an embedded interface that is nil".into(),
                    )),
                }
            }
            Selection::Field { .. } => Err(Stop::Internal("a field selected as a method".into())),
        }
    }

    /// Whether the wrapper of `clo` reads memory on the way to the method's receiver (through
    /// an embedded pointer, or copying what a pointer points to): what it finds then depends on
    /// when it runs.
    pub(super) fn wrapper_reads_memory(&self, clo: &Closure) -> bool {
        let types = &self.prog.types;
        let unnamed_pointee = |t: Ty| types.pointee(t).filter(|_| types.named(t).is_none());
        let Wrapper::Dynamic { ty, path, ptr_recv } = &clo.wrapper else {
            return clo.wrapper == Wrapper::Deref;
        };
        let mut t = *ty;
        for &f in path.iter() {
            if unnamed_pointee(t).is_some() {
                return true;
            }
            match types.struct_fields(t).and_then(|fs| fs.get(f)) {
                Some(field) => t = field.ty,
                None => return true,
            }
        }
        !ptr_recv && unnamed_pointee(t).is_some()
    }

    /// What gc's method wrapper makes of receiver `v` when closure `clo` is called: the
    /// receiver, or the run-time panic the wrapper causes.
    pub(super) fn wrapped_receiver(
        &mut self,
        clo: &Closure,
        v: Value,
    ) -> Result<Result<Value, RtErr>, Stop> {
        let types = &self.prog.types;
        let unnamed_pointee = |t: Ty| types.pointee(t).filter(|_| types.named(t).is_none());
        let (ty, path, ptr_recv) = match &clo.wrapper {
            Wrapper::None => return Ok(Ok(v)),
            Wrapper::Deref => {
                return Ok(match v {
                    Value::Ptr(Some(p)) => Ok(p.load()),
                    _ => Err(RtErr::PanicWrap(clo.func)),
                });
            }
            Wrapper::Dynamic { ty, path, ptr_recv } => (*ty, path.clone(), *ptr_recv),
        };
        let (mut cur, mut t, mut place) = (v, ty, None::<Pointer>);
        for &f in path.iter() {
            if let Some(elem) = unnamed_pointee(t) {
                match cur {
                    Value::Ptr(Some(p)) => {
                        cur = p.load();
                        place = Some(p);
                    }
                    // Where the wrapper faults depends on the release and the optimiser.
                    _ => return Ok(Err(RtErr::NilDeref(None))),
                }
                t = elem;
            }
            let Some(field) = types.struct_fields(t).and_then(|fs| fs.get(f)) else {
                return Err(Stop::Internal(
                    "an embedded field path that does not resolve".into(),
                ));
            };
            t = field.ty;
            place = place.map(|p| p.field(f as u32));
            cur = cur.fields().get(f).cloned().unwrap_or(Value::Int(0));
        }
        Ok(match (ptr_recv, unnamed_pointee(t).is_some(), cur) {
            (true, true, cur) | (false, false, cur) => Ok(cur),
            (true, false, _) => match place {
                Some(p) => Ok(Value::Ptr(Some(p))),
                None => {
                    return Err(Stop::Internal(
                        "a pointer method of a value without an address".into(),
                    ));
                }
            },
            (false, true, Value::Ptr(Some(p))) => Ok(p.load()),
            (false, true, _) if path.is_empty() => {
                return Err(Stop::Unsupported(
                    "a value method called through an interface holding a nil pointer (gc \
                     panics in its wrapper, or faults where it devirtualizes the call)"
                        .into(),
                ));
            }
            (false, true, _) => Err(RtErr::NilDeref(None)),
        })
    }

    /// Interface equality: the same dynamic type and equal values; comparing values of an
    /// uncomparable dynamic type is a run-time panic.
    pub(super) fn iface_eq(&self, a: &Value, b: &Value) -> Result<bool, RtErr> {
        match (a, b) {
            (Value::Iface(None), Value::Iface(None)) => Ok(true),
            (Value::Iface(Some(x)), Value::Iface(Some(y))) => {
                if x.ty != y.ty {
                    return Ok(false);
                }
                if !self.prog.types.comparable(x.ty) {
                    return Err(RtErr::Uncomparable {
                        ty: x.ty,
                        hash: false,
                    });
                }
                self.values_eq(x.ty, &x.val, &y.val)
            }
            _ => Ok(false),
        }
    }

    /// `==` on two values of type `t`.
    pub(super) fn values_eq(&self, t: Ty, a: &Value, b: &Value) -> Result<bool, RtErr> {
        Ok(match (a, b) {
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Float(x), Value::Float(y)) => x == y,
            (Value::Complex(a, b), Value::Complex(c, d)) => a == c && b == d,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Str(x), Value::Str(y)) => x == y,
            (Value::Ptr(x), Value::Ptr(y)) => match (x, y) {
                (None, None) => true,
                (Some(p), Some(q)) => p.same(q),
                _ => false,
            },
            (Value::Iface(_), Value::Iface(_)) => return self.iface_eq(a, b),
            (Value::Struct(x), Value::Struct(y)) => {
                let fields = self.prog.types.struct_fields(t).unwrap_or(&[]);
                for (f, (u, v)) in fields.iter().zip(x.iter().zip(y.iter())) {
                    // Blank fields take no part in `==`.
                    if f.name != "_" && !self.values_eq(f.ty, u, v)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Array(x), Value::Array(y)) => {
                let elem = self.prog.types.array_of(t).map_or(t, |(e, _)| e);
                for (u, v) in x.iter().zip(y.iter()) {
                    if !self.values_eq(elem, u, v)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Slice(x), Value::Slice(y)) => x.arr.is_none() && y.arr.is_none(),
            (Value::Map(x), Value::Map(y)) => x.is_none() && y.is_none(),
            (Value::Func(x), Value::Func(y)) => x.is_none() && y.is_none(),
            _ => false,
        })
    }

    // ---- fmt ----

    /// A call of a fmt function: formats at once, or starts a fmt frame when the arguments have
    /// Error or String methods written in Go.
    fn fmt_call(&mut self, f: FmtFunc, args: Vec<Value>, caller: Caller) -> Outcome {
        let mut task = crate::fmt::Task::new(f, args, &*self);
        match task.run(self)? {
            crate::fmt::Next::Done => {
                let results = self.fmt_finish(task)?;
                self.native_done(caller, results)?;
                Ok(Rule::CallNative)
            }
            crate::fmt::Next::Call(clo) => {
                task.pending = Some(clo);
                let code = Rc::new(crate::code::Code::default());
                self.push_frame(None, code, Vec::new(), None, caller, Some(Box::new(task)));
                Ok(Rule::CallNative)
            }
        }
    }

    /// A step of a fmt frame: call the next Error/String method, or finish.
    pub(super) fn fmt_step(&mut self) -> Outcome {
        let Some(mut task) = self.top_mut().fmt.take() else {
            return Err(Stop::Internal("no fmt call".into()));
        };
        if let Some(clo) = task.pending.take() {
            self.top_mut().fmt = Some(task);
            return self.call_enter(clo, Vec::new(), Caller::Fmt);
        }
        match task.run(self)? {
            crate::fmt::Next::Call(clo) => {
                task.pending = Some(clo);
                self.top_mut().fmt = Some(task);
                self.fmt_step()
            }
            crate::fmt::Next::Done => {
                let results = self.fmt_finish(*task)?;
                let frame = self.top().id;
                self.emit(|m| Event::Returning {
                    frame,
                    results: m.render_all(&results),
                });
                let Some(frame) = self.g.frames.pop() else {
                    return Err(Stop::Internal("no fmt frame".into()));
                };
                self.left(frame.id, frame.deferred, &results);
                self.native_done(frame.caller, results)?;
                Ok(Rule::CallNative)
            }
        }
    }

    /// Writes a finished fmt call's output and returns its results.
    fn fmt_finish(&mut self, task: crate::fmt::Task) -> Result<Vec<Value>, Stop> {
        let (f, out, wrapped) = task.finish();
        let n = Value::Int(out.len() as i64);
        let nil = Value::Iface(None);
        Ok(match f {
            FmtFunc::Print | FmtFunc::Println | FmtFunc::Printf => {
                self.write(Stream::Stdout, &out);
                vec![n, nil]
            }
            FmtFunc::Fprint | FmtFunc::Fprintln | FmtFunc::Fprintf => {
                match wrapped.as_ref().map(|fd| fd.as_int()) {
                    Some(2) => self.write(Stream::Stderr, &out),
                    _ => self.write(Stream::Stdout, &out),
                }
                vec![n, nil]
            }
            FmtFunc::Sprint | FmtFunc::Sprintln | FmtFunc::Sprintf => vec![Value::bytes(&out)],
            FmtFunc::Errorf => match wrapped {
                Some(w) => vec![self.new_wrap_error(&out, w)],
                None => vec![self.new_error_string(&out)],
            },
        })
    }
}

/// The text of a `runtime.boundsError` (gc's formats, negative variants when x < 0); before
/// Go 1.20 a slice converted only to a pointer to an array.
pub fn bounds_text(x: i64, y: i64, signed: bool, code: u8, convert_to_array: bool) -> String {
    let xs = if signed {
        x.to_string()
    } else {
        (x as u64).to_string()
    };
    let neg = signed && x < 0;
    let body = match (code, neg) {
        (bounds::INDEX, false) => format!("index out of range [{xs}] with length {y}"),
        (bounds::INDEX, true) => format!("index out of range [{xs}]"),
        (bounds::SLICE_ALEN, false) => format!("slice bounds out of range [:{xs}] with length {y}"),
        (bounds::SLICE_ACAP, false) => {
            format!("slice bounds out of range [:{xs}] with capacity {y}")
        }
        (bounds::SLICE_ALEN | bounds::SLICE_ACAP, true) => {
            format!("slice bounds out of range [:{xs}]")
        }
        (bounds::SLICE_B, false) => format!("slice bounds out of range [{xs}:{y}]"),
        (bounds::SLICE_B, true) => format!("slice bounds out of range [{xs}:]"),
        (bounds::SLICE3_ALEN, false) => {
            format!("slice bounds out of range [::{xs}] with length {y}")
        }
        (bounds::SLICE3_ACAP, false) => {
            format!("slice bounds out of range [::{xs}] with capacity {y}")
        }
        (bounds::SLICE3_ALEN | bounds::SLICE3_ACAP, true) => {
            format!("slice bounds out of range [::{xs}]")
        }
        (bounds::SLICE3_B, false) => format!("slice bounds out of range [:{xs}:{y}]"),
        (bounds::SLICE3_B, true) => format!("slice bounds out of range [:{xs}:]"),
        (bounds::SLICE3_C, false) => format!("slice bounds out of range [{xs}:{y}:]"),
        (bounds::CONVERT, _) if convert_to_array => {
            format!(
                "cannot convert slice with length {xs} to array or pointer to array with length {y}"
            )
        }
        (bounds::CONVERT, _) => {
            format!("cannot convert slice with length {xs} to pointer to array with length {y}")
        }
        (_, _) => format!("slice bounds out of range [{xs}::]"),
    };
    format!("runtime error: {body}")
}
