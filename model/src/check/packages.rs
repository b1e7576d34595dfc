//! The modeled parts of packages `fmt`, `os`, `runtime` and `errors`, and the run-time types
//! their functions (and the runtime's own panics) produce.

use super::expr::{Op, mk};
use super::{Checker, Pkg, Res, RuntimeTypes};
use crate::ir::{ErrKind, ExprKind, FmtFunc, Native};
use crate::syntax::{Ident, Pos};
use crate::types::{Field, IMethod, IntKind, Method, Ty, TypeKind, Untyped};
use crate::value::{Pointer, Value};
use std::rc::Rc;

impl Checker<'_> {
    /// Declares the run-time types with their (native) methods.
    pub(super) fn runtime_types(&mut self) -> RuntimeTypes {
        let b = self.b;
        let string_sig = self.types.func(vec![], vec![b.string], false);
        let unit_sig = self.types.func(vec![], vec![], false);
        let int64 = self.types.intern(TypeKind::Int(IntKind::Int64));
        let runtime_error_iface = self.types.intern(TypeKind::Interface(vec![
            IMethod {
                name: "Error".into(),
                sig: string_sig,
            },
            IMethod {
                name: "RuntimeError".into(),
                sig: unit_sig,
            },
        ]));
        let runtime_error = self
            .types
            .new_named("runtime", "Error", runtime_error_iface);
        let field = |name: &str, ty: Ty| Field {
            name: name.into(),
            ty,
            embedded: false,
        };
        let s_errors_string = self
            .types
            .intern(TypeKind::Struct(vec![field("s", b.string)]));
        let s_wrap = self.types.intern(TypeKind::Struct(vec![
            field("msg", b.string),
            field("err", b.error),
        ]));
        let s_bounds = self.types.intern(TypeKind::Struct(vec![
            field("x", int64),
            field("y", b.int),
            field("signed", b.bool_),
            field("code", b.uint8),
        ]));
        let s_assert = self.types.intern(TypeKind::Struct(vec![
            field("_interface", b.string),
            field("concrete", b.string),
            field("asserted", b.string),
            field("missingMethod", b.string),
        ]));
        let s_empty = self.types.intern(TypeKind::Struct(vec![]));
        let s_file = self
            .types
            .intern(TypeKind::Struct(vec![field("fd", b.int)]));

        let named = |c: &mut Self,
                     pkg: &str,
                     name: &str,
                     under: Ty,
                     kind: Option<ErrKind>,
                     ptr: bool,
                     rt: bool| {
            let t = c.types.new_named(pkg, name, under);
            let recv = if ptr { c.types.pointer(t) } else { t };
            if let Some(k) = kind {
                let sig = c.types.func(vec![recv], vec![c.b.string], false);
                let f = c.native(Native::Error(k), sig, &format!("{pkg}.{name}.Error"));
                let mut methods = vec![Method {
                    name: "Error".into(),
                    func: f,
                    ptr_recv: ptr,
                    sig: string_sig,
                }];
                if rt {
                    let sig = c.types.func(vec![recv], vec![], false);
                    let f = c.native(
                        Native::RuntimeErrorMarker(k),
                        sig,
                        &format!("{pkg}.{name}.RuntimeError"),
                    );
                    methods.push(Method {
                        name: "RuntimeError".into(),
                        func: f,
                        ptr_recv: ptr,
                        sig: unit_sig,
                    });
                }
                if let Some(n) = c.types.named_mut(t) {
                    n.methods = methods;
                }
            }
            recv
        };
        RuntimeTypes {
            errors_string: named(
                self,
                "errors",
                "errorString",
                s_errors_string,
                Some(ErrKind::ErrorsString),
                true,
                false,
            ),
            wrap_error: named(
                self,
                "fmt",
                "wrapError",
                s_wrap,
                Some(ErrKind::WrapError),
                true,
                false,
            ),
            runtime_error,
            rt_error_string: named(
                self,
                "runtime",
                "errorString",
                b.string,
                Some(ErrKind::RuntimeString),
                false,
                true,
            ),
            plain_error: named(
                self,
                "runtime",
                "plainError",
                b.string,
                Some(ErrKind::Plain),
                false,
                true,
            ),
            bounds_error: named(
                self,
                "runtime",
                "boundsError",
                s_bounds,
                Some(ErrKind::Bounds),
                false,
                true,
            ),
            type_assertion_error: named(
                self,
                "runtime",
                "TypeAssertionError",
                s_assert,
                Some(ErrKind::TypeAssertion),
                true,
                true,
            ),
            panic_nil_error: named(
                self,
                "runtime",
                "PanicNilError",
                s_empty,
                Some(ErrKind::PanicNil),
                true,
                true,
            ),
            os_file: named(self, "os", "File", s_file, None, true, false),
            unhashable: named(
                self,
                "maps",
                "unhashableTypeError",
                b.string,
                Some(ErrKind::Unhashable),
                false,
                true,
            ),
        }
    }

    pub(super) fn package_type(&mut self, pkg: Pkg, name: &str) -> Option<Ty> {
        match (pkg, name) {
            (Pkg::Runtime, "Error") => Some(self.rt.runtime_error),
            (Pkg::Os, "File") => self.types.pointee(self.rt.os_file),
            (Pkg::Fmt, "Stringer") => {
                let sig = self.types.func(vec![], vec![self.b.string], false);
                let iface = self.types.intern(TypeKind::Interface(vec![IMethod {
                    name: "String".into(),
                    sig,
                }]));
                Some(
                    *self
                        .fmt_stringer
                        .get_or_insert_with(|| self.types.new_named("fmt", "Stringer", iface)),
                )
            }
            _ => None,
        }
    }

    /// `pkg.name` in expression position.
    pub(super) fn package_member(&mut self, pkg: Pkg, sel: &Ident, pos: Pos) -> Res<Op> {
        let b = self.b;
        let any_slice = self.types.slice(b.any);
        let native = |c: &mut Self,
                      n: Native,
                      params: Vec<Ty>,
                      results: Vec<Ty>,
                      variadic: bool,
                      name: &str| {
            let sig = c.types.func(params, results, variadic);
            let f = c.native(n, sig, name);
            Op::Value(mk(ExprKind::Func(f), sig, pos))
        };
        let fmt = |c: &mut Self, f: FmtFunc, name: &str| {
            let (mut params, results) = match f {
                FmtFunc::Print | FmtFunc::Println => (vec![any_slice], vec![b.int, b.error]),
                FmtFunc::Printf => (vec![b.string, any_slice], vec![b.int, b.error]),
                FmtFunc::Sprint | FmtFunc::Sprintln => (vec![any_slice], vec![b.string]),
                FmtFunc::Sprintf => (vec![b.string, any_slice], vec![b.string]),
                FmtFunc::Errorf => (vec![b.string, any_slice], vec![b.error]),
                FmtFunc::Fprint | FmtFunc::Fprintln => (vec![any_slice], vec![b.int, b.error]),
                FmtFunc::Fprintf => (vec![b.string, any_slice], vec![b.int, b.error]),
            };
            if matches!(f, FmtFunc::Fprint | FmtFunc::Fprintln | FmtFunc::Fprintf) {
                params.insert(0, c.rt.os_file);
            }
            native(
                c,
                Native::Fmt(f),
                params,
                results,
                true,
                &format!("fmt.{name}"),
            )
        };
        let name = sel.name.as_str();
        Ok(match (pkg, name) {
            (Pkg::Fmt, "Print") => fmt(self, FmtFunc::Print, name),
            (Pkg::Fmt, "Println") => fmt(self, FmtFunc::Println, name),
            (Pkg::Fmt, "Printf") => fmt(self, FmtFunc::Printf, name),
            (Pkg::Fmt, "Sprint") => fmt(self, FmtFunc::Sprint, name),
            (Pkg::Fmt, "Sprintln") => fmt(self, FmtFunc::Sprintln, name),
            (Pkg::Fmt, "Sprintf") => fmt(self, FmtFunc::Sprintf, name),
            (Pkg::Fmt, "Errorf") => fmt(self, FmtFunc::Errorf, name),
            (Pkg::Fmt, "Fprint") => fmt(self, FmtFunc::Fprint, name),
            (Pkg::Fmt, "Fprintln") => fmt(self, FmtFunc::Fprintln, name),
            (Pkg::Fmt, "Fprintf") => fmt(self, FmtFunc::Fprintf, name),
            (Pkg::Errors, "New") => native(
                self,
                Native::ErrorsNew,
                vec![b.string],
                vec![b.error],
                false,
                "errors.New",
            ),
            (Pkg::Errors, "Unwrap") => native(
                self,
                Native::ErrorsUnwrap,
                vec![b.error],
                vec![b.error],
                false,
                "errors.Unwrap",
            ),
            (Pkg::Errors, "Is") => native(
                self,
                Native::ErrorsIs,
                vec![b.error, b.error],
                vec![b.bool_],
                false,
                "errors.Is",
            ),
            (Pkg::Os, "Exit") => native(self, Native::Exit, vec![b.int], vec![], false, "os.Exit"),
            (Pkg::Runtime, "Goexit") => native(
                self,
                Native::Goexit,
                vec![],
                vec![],
                false,
                "runtime.Goexit",
            ),
            (Pkg::Runtime, "GC") => native(
                self,
                Native::Nothing("GC"),
                vec![],
                vec![],
                false,
                "runtime.GC",
            ),
            (Pkg::Runtime, "KeepAlive") => native(
                self,
                Native::Nothing("KeepAlive"),
                vec![b.any],
                vec![],
                false,
                "runtime.KeepAlive",
            ),
            (Pkg::Os, "Args") => {
                let g = self.os_args();
                let ty = self.types.slice(b.string);
                Op::Value(mk(
                    ExprKind::Load(crate::ir::Place::Var(crate::ir::VarRef::Global(g))),
                    ty,
                    pos,
                ))
            }
            (Pkg::Os, "Stdout" | "Stderr") => {
                let fd = if name == "Stdout" { 1 } else { 2 };
                let v = self.os_files[fd as usize - 1]
                    .get_or_insert_with(|| {
                        let file = Value::Struct(Rc::new(vec![Value::Int(fd)]));
                        Value::Ptr(Some(Pointer::to_new(file)))
                    })
                    .clone();
                Op::Value(mk(ExprKind::Const(v), self.rt.os_file, pos))
            }
            (Pkg::Runtime, "Error") => Op::Type(self.rt.runtime_error, pos),
            _ => match crate::library::member(pkg, name) {
                Some(m) => self.library_member(m, pkg, name, pos)?,
                None => return self.unsupported(pos, format!("{}.{}", pkg.name(), sel.name)),
            },
        })
    }

    /// A member of the library table as an operand.
    fn library_member(
        &mut self,
        m: crate::library::Member,
        pkg: Pkg,
        name: &str,
        pos: Pos,
    ) -> Res<Op> {
        use crate::library::Member;
        let bad = |c: &Self, what: &str| c.internal(pos, format!("the library table's {what}"));
        Ok(match m {
            Member::Func(sig, f) => {
                let Some(t) = self.library_sig(sig) else {
                    return bad(self, &format!("signature of {}.{name}", pkg.name()));
                };
                let id = self.native(Native::Lib(f), t, &format!("{}.{name}", pkg.name()));
                Op::Value(mk(ExprKind::Func(id), t, pos))
            }
            Member::Const(lit) => match library_const(lit) {
                Some((v, kind)) => {
                    let t = match kind {
                        Untyped::Float => self.b.untyped_float,
                        Untyped::String => self.b.untyped_string,
                        _ => self.b.untyped_int,
                    };
                    Op::Const(v, t, pos)
                }
                None => return bad(self, &format!("constant {}.{name}", pkg.name())),
            },
            Member::Typed(ty, lit) => match (self.library_type(ty), library_const(lit)) {
                (Some(t), Some((v, _))) => Op::Const(v, t, pos),
                _ => return bad(self, &format!("constant {}.{name}", pkg.name())),
            },
        })
    }

    /// A library function's type from its signature: `(string, ...any) (int, error)`.
    fn library_sig(&mut self, sig: &str) -> Option<Ty> {
        let sig = sig.trim();
        let close = sig.find(')')?;
        let params_text = sig.get(1..close)?;
        let results_text = sig.get(close + 1..)?.trim();
        let mut params = Vec::new();
        let mut variadic = false;
        for p in params_text
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let t = match p.strip_prefix("...") {
                Some(elem) => {
                    variadic = true;
                    let e = self.library_type(elem)?;
                    self.types.slice(e)
                }
                None => self.library_type(p)?,
            };
            params.push(t);
        }
        let results_text = results_text
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .unwrap_or(results_text);
        let mut results = Vec::new();
        for r in results_text
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            results.push(self.library_type(r)?);
        }
        Some(self.types.func(params, results, variadic))
    }

    /// A type the library table names: predeclared types and slices of them.
    fn library_type(&mut self, name: &str) -> Option<Ty> {
        if let Some(elem) = name.strip_prefix("[]") {
            let e = self.library_type(elem)?;
            return Some(self.types.slice(e));
        }
        match self.universe(name)? {
            super::Entity::Type(t) => Some(t),
            _ => None,
        }
    }

    /// The global holding `os.Args`, set by the machine before package initialization.
    fn os_args(&mut self) -> crate::ir::GlobalId {
        if let Some(g) = self.os_args {
            return g;
        }
        let g = crate::ir::GlobalId(self.globals.len() as u32);
        let ty = self.types.slice(self.b.string);
        self.globals.push(crate::ir::Global {
            name: "os.Args".into(),
            ty,
        });
        self.global_states.push(super::decls::GlobalState::Done);
        self.os_args = Some(g);
        g
    }
}

/// A library constant's value (an integer, floating-point or `"string"` literal) and kind.
fn library_const(lit: &str) -> Option<(super::ConstVal, Untyped)> {
    if let Some(text) = lit.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        return Some((
            super::ConstVal::Str(Rc::from(text.as_bytes())),
            Untyped::String,
        ));
    }
    if let Ok(i) = lit.parse::<i128>() {
        return Some((super::ConstVal::Int(i), Untyped::Int));
    }
    super::ConstVal::from_float_literal(lit).map(|v| (v, Untyped::Float))
}
