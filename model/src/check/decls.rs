//! Package-level declarations: types, functions and methods, constants, variables, and the
//! package initialization order of the Go specification ("Package initialization").

use super::expr::Op;
use super::stmt::Inits;
use super::{Checker, Entity, Pkg, Ref, Res, RuntimeTypes};
use crate::diag::{CompileErrors, Rejection, Wording};
use crate::ir::{Func, FuncKind, Global, GlobalId, Place, Stmt, StmtKind, VarRef};
use crate::syntax::{
    self, ConstSpec, Decl, File, Ident, Pos, Signature, TypeExpr, TypeExprKind, VarSpec,
};
use crate::types::{Field, FuncId, IMethod, Method, Ty, TypeKind, Types};
use crate::version::Version;
use foldhash::HashMap;
use std::collections::BTreeSet;

/// The result of checking a file.
pub struct Checked {
    pub types: Types,
    pub b: crate::types::Basic,
    pub rt: RuntimeTypes,
    pub funcs: Vec<Func>,
    pub globals: Vec<Global>,
    /// Package initialization: variable initializers in dependency order, then `init` functions.
    pub init: FuncId,
    pub main: FuncId,
    /// The global holding `os.Args`, if used.
    pub os_args: Option<GlobalId>,
}

/// How far the underlying type of a declared type is resolved.
#[derive(Clone, Copy)]
enum Resolution {
    Pending,
    Busy,
    Done,
}

/// Per-global checking state, for initializers checked on demand.
#[derive(Clone)]
pub(super) enum GlobalState {
    Pending(usize),
    InProgress,
    Done,
}

/// A package-level variable spec and what its initializer refers to.
pub(super) struct VarUnit {
    globals: Vec<GlobalId>,
    stmt: Option<Stmt>,
    refs: BTreeSet<Ref>,
    pos: Pos,
}

pub fn check_file(file_name: &str, file: &File, lang: Version) -> Res<Checked> {
    let (types, b) = Types::new();
    let placeholder_rt = RuntimeTypes {
        errors_string: b.error,
        wrap_error: b.error,
        runtime_error: b.error,
        rt_error_string: b.error,
        plain_error: b.error,
        bounds_error: b.error,
        type_assertion_error: b.error,
        panic_nil_error: b.error,
        os_file: b.error,
        unhashable: b.error,
    };
    let mut c = Checker {
        file: file_name,
        literals: &file.literals,
        aliases: false,
        package_names: Default::default(),
        pending_keys: Vec::new(),
        lang,
        types,
        b,
        rt: placeholder_rt,
        funcs: Vec::new(),
        globals: Vec::new(),
        pkg: HashMap::default(),
        imports: HashMap::default(),
        scopes: Default::default(),
        ctxs: Vec::new(),
        natives: Vec::new(),
        errors: Vec::new(),
        refs: HashMap::default(),
        iota: None,
        const_specs: Vec::new(),
        const_busy: Vec::new(),
        var_specs: Vec::new(),
        global_states: Vec::new(),
        var_units: Vec::new(),
        os_args: None,
        fmt_stringer: None,
        os_files: [None, None],
    };
    c.rt = c.runtime_types();
    c.check_package(file)
}

impl Checker<'_> {
    fn check_package(mut self, file: &File) -> Res<Checked> {
        let entry = match self.check_decls(file) {
            Ok(entry) => Some(entry),
            // The soft errors found so far come from functions checked to their end: gc
            // reports them too.
            Err(Rejection::Compile(hard)) => {
                self.errors.extend(hard.errors);
                None
            }
            Err(other) => return Err(other),
        };
        let Some((init, main)) = entry.filter(|_| self.errors.is_empty()) else {
            let mut errors = std::mem::take(&mut self.errors);
            errors.sort_by_key(|e| (e.at.line, e.at.col));
            return Err(Rejection::Compile(CompileErrors {
                errors,
                complete: entry.is_some(),
            }));
        };
        Ok(Checked {
            types: self.types,
            b: self.b,
            rt: self.rt,
            funcs: self.funcs,
            globals: self.globals,
            init,
            main,
            os_args: self.os_args,
        })
    }

    /// Checks every declaration; returns the package initializer and `main`.
    fn check_decls(&mut self, file: &File) -> Res<(FuncId, FuncId)> {
        if file.package.name != "main" {
            return self.unsupported(
                file.package.pos,
                format!("package {} (only package main runs)", file.package.name),
            );
        }
        for imp in &file.imports {
            let Some(pkg) = Pkg::from_path(&imp.path) else {
                return self.unsupported(imp.pos, format!("import of package {:?}", imp.path));
            };
            let name = imp
                .name
                .as_ref()
                .map_or_else(|| pkg.name().to_string(), |n| n.name.clone());
            // gc places an error about a renamed import at its new name.
            let at = imp.name.as_ref().map_or(imp.pos, |n| n.pos);
            if self.imports.insert(name, (pkg, at, false)).is_some() {
                return self.err(imp.pos, format!("{:?} redeclared in this block", imp.path));
            }
        }

        // Names first, so that declarations may refer to each other in any order.
        let mut type_specs = Vec::new();
        let mut const_specs: Vec<ConstSpec> = Vec::new();
        let mut var_specs: Vec<VarSpec> = Vec::new();
        let mut funcs = Vec::new();
        let mut methods = Vec::new();
        for d in &file.decls {
            match d {
                Decl::Type(ts) => type_specs.extend(ts.iter().cloned()),
                Decl::Const(cs) => const_specs.extend(cs.iter().cloned()),
                Decl::Var(vs) => var_specs.extend(vs.iter().cloned()),
                Decl::Func(f) if f.recv.is_some() => methods.push(f),
                Decl::Func(f) => funcs.push(f),
            }
        }
        self.package_names = type_specs
            .iter()
            .map(|s| &s.name)
            .chain(const_specs.iter().flat_map(|s| &s.names))
            .chain(var_specs.iter().flat_map(|s| &s.names))
            .chain(funcs.iter().map(|f| &f.name))
            .map(|n| n.name.clone())
            .collect();
        self.push_scope();
        // Constants first (evaluated when first used): array lengths in types and signatures
        // may name them.
        for (i, spec) in const_specs.iter().enumerate() {
            for (j, n) in spec.names.iter().enumerate() {
                self.declare_pkg(n, Entity::LazyConst(i, j))?;
            }
        }
        self.const_specs = const_specs;
        self.declare_types(&type_specs)?;
        let mut func_ids = Vec::new();
        for f in &funcs {
            let id = self.declare_func(f)?;
            func_ids.push(id);
        }
        let mut method_ids = Vec::new();
        for m in &methods {
            method_ids.push(self.declare_method(m)?);
        }
        // Package variables: a synthetic init function holds their initializers.
        let init_sig = self.types.func(vec![], vec![], false);
        let init = self.add_func(Func::declared("main.init".into(), init_sig, Pos::default()));
        let mut states = Vec::new();
        for (i, spec) in var_specs.iter().enumerate() {
            for n in &spec.names {
                let g = GlobalId(self.globals.len() as u32);
                self.globals.push(Global {
                    name: n.name.clone(),
                    ty: self.b.unit,
                });
                states.push(GlobalState::Pending(i));
                if n.name != "_" {
                    self.declare_pkg(n, Entity::Global(g))?;
                }
            }
        }
        self.global_states = states;
        self.var_specs = var_specs;
        // Every constant is checked, used or not, as gc checks it.
        for (i, spec) in self.const_specs.clone().iter().enumerate() {
            for (j, n) in spec.names.iter().enumerate() {
                if n.name == "_" || matches!(self.pkg.get(&n.name), Some(Entity::LazyConst(..))) {
                    self.lazy_const(i, j, n.pos)?;
                }
            }
        }

        self.enter_func(init, "main.init".into());
        for g in 0..self.globals.len() {
            self.global_type(GlobalId(g as u32), Pos::default())?;
        }
        let (vars, _) = self.leave_func(true);

        // Function bodies.
        for (f, id) in funcs.iter().zip(&func_ids) {
            self.check_body(f, *id)?;
        }
        for (m, id) in methods.iter().zip(&method_ids) {
            self.check_body(m, *id)?;
        }

        let mut units = std::mem::take(&mut self.var_units);
        units.sort_by_key(|u| u.pos);
        let mut body = self.init_order(units)?;
        let mut user_inits = Vec::new();
        for (f, id) in funcs.iter().zip(&func_ids) {
            if f.name.name == "init" {
                user_inits.push((*id, f.name.pos));
            }
        }
        for (id, pos) in user_inits {
            let call = self.static_call(id, vec![], pos);
            body.push(Stmt {
                kind: StmtKind::Expr(call),
                pos,
            });
        }
        if let Some(f) = self.funcs.get_mut(init.0 as usize) {
            f.kind = FuncKind::Code(body);
            f.vars = vars;
        }

        let main = match self.pkg.get("main") {
            Some(Entity::Func(id)) => *id,
            _ => {
                return self.err(
                    Pos { line: 1, col: 1 },
                    "function main is undeclared in the main package",
                );
            }
        };
        let mut unused: Vec<(Pos, &str, Option<String>)> = self
            .imports
            .iter()
            .filter(|(_, (_, _, used))| !used)
            .map(|(name, (pkg, p, _))| {
                let alias = (name != pkg.name()).then(|| name.clone());
                (*p, pkg.path(), alias)
            })
            .collect();
        unused.sort();
        for (p, path, alias) in unused {
            let wording = super::gcfmt::unused_import(path, alias.as_deref());
            self.soft_err(p, format!("{path:?} imported and not used"), wording);
        }
        Ok((init, main))
    }

    fn declare_pkg(&mut self, id: &Ident, e: Entity) -> Res<()> {
        if id.name == "_" {
            return Ok(());
        }
        if id.name == "init" && !matches!(e, Entity::Func(_)) {
            return self.err(id.pos, "cannot declare init - must be func");
        }
        // The file block (imports) and the package block may not share a name.
        if let Some((pkg, _, _)) = self.imports.get(&id.name) {
            let path = pkg.path();
            return self.err(
                id.pos,
                format!(
                    "{} already declared through import of package {path:?}",
                    id.name
                ),
            );
        }
        if self.pkg.insert(id.name.clone(), e).is_some() {
            return self.err(id.pos, format!("{} redeclared in this block", id.name));
        }
        Ok(())
    }

    // ---- types ----

    /// Declares named types (package-level or local) and resolves their underlying types.
    pub(super) fn declare_types(&mut self, specs: &[syntax::TypeSpec]) -> Res<()> {
        let local = !self.ctxs.is_empty();
        let mut named = Vec::new();
        for s in specs {
            if s.alias {
                continue;
            }
            let t = self.types.new_named("main", &s.name.name, self.b.unit);
            named.push((s, t));
            if local {
                self.declare(&s.name, Entity::Type(t))?;
            } else {
                self.declare_pkg(&s.name, Entity::Type(t))?;
            }
        }
        for s in self.alias_order(specs)? {
            self.aliases = true;
            let t = self.resolve_type(&s.ty)?;
            if local {
                self.declare(&s.name, Entity::Type(t))?;
            } else {
                self.declare_pkg(&s.name, Entity::Type(t))?;
            }
        }
        // Underlying types in dependency order: `type A B` needs B's first.
        let mut state = vec![Resolution::Pending; named.len()];
        for i in 0..named.len() {
            self.resolve_named(&named, &mut state, i)?;
        }
        // No type may contain itself other than through a pointer, slice, map, func or
        // interface: its values would be infinite.
        for (s, t) in &named {
            if self.types.contains_by_value(self.types.under(*t), *t) {
                return self.err(
                    s.name.pos,
                    format!("invalid recursive type {}", s.name.name),
                );
            }
        }
        for (k, pos) in std::mem::take(&mut self.pending_keys) {
            self.map_key(k, pos)?;
        }
        Ok(())
    }

    /// Sets the underlying type of declared type `named[i]`, resolving those it names first.
    fn resolve_named(
        &mut self,
        named: &[(&syntax::TypeSpec, Ty)],
        state: &mut [Resolution],
        i: usize,
    ) -> Res<()> {
        let (s, t) = named[i];
        match state[i] {
            Resolution::Done => return Ok(()),
            Resolution::Busy => {
                return self.err(
                    s.name.pos,
                    format!("invalid recursive type {}", s.name.name),
                );
            }
            Resolution::Pending => state[i] = Resolution::Busy,
        }
        let u = self.resolve_type(&s.ty)?;
        if let Some(j) = named.iter().position(|(_, n)| *n == u) {
            self.resolve_named(named, state, j)?;
        }
        let u = self.types.under(u);
        if u == t || self.types.named(u).is_some() {
            return self.err(
                s.name.pos,
                format!("invalid recursive type {}", s.name.name),
            );
        }
        if let Some(n) = self.types.named_mut(t) {
            n.underlying = u;
        }
        state[i] = Resolution::Done;
        Ok(())
    }

    /// The length of an array type: a constant integer that an `int` holds, not negative.
    fn array_length(&mut self, len: &syntax::Expr) -> Res<u64> {
        match self.expr(len)? {
            Op::Const(v, t, p) => {
                let n = match (self.untyped_kind(t), self.types.int_kind(t), v.as_int()) {
                    (Some(_), _, Some(n)) | (_, Some(_), Some(n)) => n,
                    _ => {
                        return self.err(
                            p,
                            format!(
                                "array length {} ({} constant) must be integer",
                                v.show(),
                                self.types.name(t)
                            ),
                        );
                    }
                };
                if n < 0 || n > i128::from(i64::MAX) {
                    return self.err(
                        p,
                        format!(
                            "invalid array length {} ({} constant)",
                            v.show(),
                            self.types.name(t)
                        ),
                    );
                }
                Ok(n as u64)
            }
            other => {
                let p = match &other {
                    Op::Value(e) => e.pos,
                    _ => len.pos,
                };
                self.err(p, "array length must be constant")
            }
        }
    }

    /// The array type `[n]elem`, refused when its values would not fit the model's memory.
    pub(super) fn array_type(&mut self, elem: Ty, n: u64, pos: Pos) -> Res<Ty> {
        let t = self.types.array(elem, n);
        if self.types.leaves(t) > crate::types::MAX_LEAVES {
            return self.unsupported(
                pos,
                format!(
                    "an array of {n} elements (more than {} values in all: beyond the model's memory)",
                    crate::types::MAX_LEAVES
                ),
            );
        }
        Ok(t)
    }

    /// The type a type expression denotes.
    pub fn resolve_type(&mut self, te: &TypeExpr) -> Res<Ty> {
        Ok(match &te.kind {
            TypeExprKind::Name(n) => {
                let id = Ident {
                    name: n.clone(),
                    pos: te.pos,
                };
                match self.lookup(&id)? {
                    Entity::Type(t) => t,
                    _ => return self.err(te.pos, format!("{n} is not a type")),
                }
            }
            TypeExprKind::Qualified(p, n) => {
                let id = Ident {
                    name: p.clone(),
                    pos: te.pos,
                };
                match self.lookup(&id)? {
                    Entity::Package(pkg) => match self.package_type(pkg, n) {
                        Some(t) => t,
                        None => return self.unsupported(te.pos, format!("type {p}.{n}")),
                    },
                    _ => return self.err(te.pos, format!("{p} is not a package")),
                }
            }
            TypeExprKind::Pointer(e) => {
                let t = self.resolve_type(e)?;
                self.types.pointer(t)
            }
            TypeExprKind::Slice(e) => {
                let t = self.resolve_type(e)?;
                self.types.slice(t)
            }
            TypeExprKind::Array(None, _) => {
                return self.err(
                    te.pos,
                    "invalid use of [...] array (outside a composite literal)",
                );
            }
            TypeExprKind::Array(Some(len), e) => {
                let n = self.array_length(len)?;
                let elem = self.resolve_type(e)?;
                self.array_type(elem, n, te.pos)?
            }
            TypeExprKind::Map(k, v) => {
                let (k, v) = (self.resolve_type(k)?, self.resolve_type(v)?);
                let unresolved = self
                    .types
                    .named(k)
                    .is_some_and(|n| n.underlying == self.b.unit);
                if unresolved {
                    // A type being declared (`type T map[T]int`): checked once it is.
                    self.pending_keys.push((k, te.pos));
                } else {
                    self.map_key(k, te.pos)?;
                }
                self.types.intern(TypeKind::Map(k, v))
            }
            TypeExprKind::Func(sig) => self.resolve_sig(sig, None)?,
            TypeExprKind::Struct(fields) => {
                let mut out: Vec<Field> = Vec::new();
                for f in fields {
                    let ty = self.resolve_type(&f.ty)?;
                    let (name, embedded) = match &f.name {
                        Some(n) => (n.name.clone(), false),
                        None => (embedded_name(&f.ty), true),
                    };
                    if embedded {
                        self.embeddable(&f.ty, ty)?;
                    }
                    if name != "_" && out.iter().any(|o| o.name == name) {
                        return self.err(f.ty.pos, format!("{name} redeclared"));
                    }
                    out.push(Field { name, ty, embedded });
                }
                self.types.intern(TypeKind::Struct(out))
            }
            TypeExprKind::Interface(elems) => {
                let mut ms: Vec<IMethod> = Vec::new();
                let mut declared: Vec<&str> = Vec::new();
                for e in elems {
                    match e {
                        syntax::InterfaceElem::Method(n, sig) => {
                            if n.name == "_" {
                                return self
                                    .err(n.pos, "methods must have a unique non-blank name");
                            }
                            if declared.contains(&n.name.as_str()) {
                                return self.err(n.pos, format!("duplicate method {}", n.name));
                            }
                            declared.push(&n.name);
                            let sig = self.resolve_sig(sig, None)?;
                            ms.push(IMethod {
                                name: n.name.clone(),
                                sig,
                            });
                        }
                        syntax::InterfaceElem::Embed(t) => {
                            let et = self.resolve_type(t)?;
                            match self.types.iface_methods(et) {
                                Some(em) => ms.extend(em.iter().cloned()),
                                None => {
                                    return self.unsupported(
                                        t.pos,
                                        "non-interface element in an interface (type set)",
                                    );
                                }
                            }
                        }
                    }
                }
                ms.sort_by(|a, b| a.name.cmp(&b.name));
                ms.dedup_by(|a, b| a.name == b.name && a.sig == b.sig);
                // Embedded interfaces may repeat a method, not change its signature.
                if let Some(w) = ms.windows(2).find(|w| w[0].name == w[1].name) {
                    return self.err(te.pos, format!("duplicate method {}", w[0].name));
                }
                self.types.intern(TypeKind::Interface(ms))
            }
        })
    }

    /// Checks that `k` may be a map key type (`te` is where the map type is written).
    fn map_key(&self, k: Ty, pos: Pos) -> Res<()> {
        if self.types.comparable(k) {
            return Ok(());
        }
        self.err(pos, format!("invalid map key type {}", self.types.name(k)))
    }

    /// Checks that `ty`, written `te`, may be embedded in a struct: a type name `T` or `*T`,
    /// where `T` is neither a pointer nor, behind a `*`, an interface.
    fn embeddable(&mut self, te: &TypeExpr, ty: Ty) -> Res<()> {
        let pointed = match &te.kind {
            TypeExprKind::Pointer(_) => self.types.pointee(ty),
            _ => None,
        };
        let base = pointed.unwrap_or(ty);
        let why = if self.types.pointee(base).is_some() {
            "embedded field type cannot be a pointer"
        } else if pointed.is_some() && self.types.is_interface(base) {
            "embedded field type cannot be a pointer to an interface"
        } else {
            return Ok(());
        };
        self.gc_err(te.pos, why)
    }

    /// The `Func` type of a signature, with `recv` (if any) as the first parameter.
    pub(super) fn resolve_sig(&mut self, sig: &Signature, recv: Option<Ty>) -> Res<Ty> {
        let mut params: Vec<Ty> = recv.into_iter().collect();
        for (i, p) in sig.params.iter().enumerate() {
            let t = self.resolve_type(&p.ty)?;
            params.push(if sig.variadic && i + 1 == sig.params.len() {
                self.types.slice(t)
            } else {
                t
            });
        }
        let mut results = Vec::new();
        for r in &sig.results {
            results.push(self.resolve_type(&r.ty)?);
        }
        Ok(self.types.func(params, results, sig.variadic))
    }

    // ---- functions and methods ----

    fn declare_func(&mut self, f: &syntax::FuncDecl) -> Res<FuncId> {
        let sig = self.resolve_sig(&f.sig, None)?;
        if matches!(f.name.name.as_str(), "main" | "init")
            && (!f.sig.params.is_empty() || !f.sig.results.is_empty())
        {
            return self.err(
                f.name.pos,
                format!(
                    "func {} must have no arguments and no return values",
                    f.name.name
                ),
            );
        }
        let id = self.add_func(Func::declared(
            format!("main.{}", f.name.name),
            sig,
            f.name.pos,
        ));
        // `init` functions cannot be referred to; several may exist.
        if f.name.name != "init" {
            self.declare_pkg(&f.name, Entity::Func(id))?;
        }
        Ok(id)
    }

    fn declare_method(&mut self, f: &syntax::FuncDecl) -> Res<FuncId> {
        let Some(recv) = &f.recv else {
            return self.err(f.name.pos, "method without receiver");
        };
        let (base_te, ptr) = match &recv.ty.kind {
            TypeExprKind::Pointer(inner) => (inner.as_ref(), true),
            _ => (&recv.ty, false),
        };
        let base = self.resolve_type(base_te)?;
        // An alias may name the pointer type itself (`type P = *T`).
        let (base, ptr) = match self.types.pointee(base) {
            Some(inner) if !ptr && self.types.named(base).is_none() => (inner, true),
            _ => (base, ptr),
        };
        let Some(named) = self.types.named(base).cloned() else {
            return self.err(
                recv.ty.pos,
                format!("invalid receiver type {}", self.types.name(base)),
            );
        };
        if named.pkg != "main" {
            return self.err(
                recv.ty.pos,
                format!(
                    "cannot define new methods on non-local type {}",
                    self.types.name(base)
                ),
            );
        }
        if self.types.is_interface(base) || self.types.pointee(base).is_some() {
            return self.err(
                recv.ty.pos,
                format!("invalid receiver type {}", self.types.name(base)),
            );
        }
        let recv_ty = if ptr { self.types.pointer(base) } else { base };
        let method_sig = self.resolve_sig(&f.sig, None)?;
        let sig = self.resolve_sig(&f.sig, Some(recv_ty))?;
        let tname = named.name.clone();
        // Methods named `_` are never called: any number may be declared.
        let dup = f.name.name != "_" && named.methods.iter().any(|m| m.name == f.name.name);
        let name = if ptr {
            format!("main.(*{tname}).{}", f.name.name)
        } else {
            format!("main.{tname}.{}", f.name.name)
        };
        if dup {
            return self.err(
                f.name.pos,
                format!("method {tname}.{} already declared", f.name.name),
            );
        }
        if self
            .types
            .struct_fields(base)
            .is_some_and(|fs| fs.iter().any(|x| x.name == f.name.name))
        {
            return self.err(
                f.name.pos,
                format!("field and method with the same name {}", f.name.name),
            );
        }
        let id = self.add_func(Func::declared(name, sig, f.name.pos));
        if let Some(n) = self.types.named_mut(base) {
            n.methods.push(Method {
                name: f.name.name.clone(),
                func: id,
                ptr_recv: ptr,
                sig: method_sig,
            });
        }
        Ok(id)
    }

    /// Checks the body of a declared function or method.
    fn check_body(&mut self, f: &syntax::FuncDecl, id: FuncId) -> Res<()> {
        let name = self.funcs[id.0 as usize].name.clone();
        let sig = self.funcs[id.0 as usize].sig;
        self.enter_func(id, name);
        self.push_scope();
        let mut params = Vec::new();
        let ptys = self
            .types
            .sig(sig)
            .map(|s| s.params.clone())
            .unwrap_or_default();
        let mut decl_params: Vec<&syntax::Param> = f.recv.iter().collect();
        decl_params.extend(f.sig.params.iter());
        for (p, t) in decl_params.iter().zip(ptys) {
            params.push(self.param_var(p.name.as_ref(), t)?);
        }
        let (results, named) = self.result_vars(&f.sig, sig)?;
        self.set_results(&results, named, sig);
        let body = self.func_body(&f.body, !f.sig.results.is_empty())?;
        self.pop_scope();
        let (vars, _) = self.leave_func(true);
        let func = &mut self.funcs[id.0 as usize];
        func.kind = FuncKind::Code(body);
        func.params = params;
        func.results = results;
        func.named_results = named;
        func.vars = vars;
        Ok(())
    }

    /// A parameter variable (declared in scope when named).
    pub(super) fn param_var(&mut self, name: Option<&Ident>, t: Ty) -> Res<crate::ir::VarId> {
        match name {
            Some(n) if n.name != "_" => {
                let v = self.new_var(&n.name, t, None);
                let depth = self.depth();
                self.declare(n, Entity::Local { depth, var: v })?;
                Ok(v)
            }
            _ => Ok(self.new_var("_", t, None)),
        }
    }

    /// Result variables: the named results (declared in scope), or hidden ones.
    pub(super) fn result_vars(
        &mut self,
        sig: &Signature,
        fty: Ty,
    ) -> Res<(Vec<crate::ir::VarId>, bool)> {
        let rtys = self
            .types
            .sig(fty)
            .map(|s| s.results.clone())
            .unwrap_or_default();
        let named = sig.results.iter().any(|r| r.name.is_some());
        let vars = sig
            .results
            .iter()
            .zip(rtys)
            .enumerate()
            .map(|(i, (r, t))| {
                if named {
                    self.param_var(r.name.as_ref(), t)
                } else {
                    Ok(self.new_var(&format!("~r{i}"), t, None))
                }
            })
            .collect::<Res<_>>()?;
        Ok((vars, named))
    }

    pub(super) fn set_results(&mut self, vars: &[crate::ir::VarId], named: bool, fty: Ty) {
        let rtys = self
            .types
            .sig(fty)
            .map(|s| s.results.clone())
            .unwrap_or_default();
        let c = self.ctx();
        c.results = rtys;
        c.result_vars = vars.to_vec();
        c.named_results = named;
    }

    /// The statements of a function body, checking "missing return".
    pub(super) fn func_body(&mut self, body: &syntax::Block, has_results: bool) -> Res<Vec<Stmt>> {
        match super::labels::Labels::of(&body.stmts) {
            Ok(labels) => self.ctx().labels = labels,
            Err((pos, why)) => return self.err(pos, why),
        }
        // The body's declarations share the block of the parameters and results.
        let mut stmts = self.stmts(&body.stmts)?;
        self.check_labels()?;
        if has_results && !super::stmt::terminates_list(&body.stmts) {
            self.soft_err(body.end, "missing return".into(), Wording::Gc);
        }
        // Every closure of the body has been checked: which variables are shared is now known.
        let vars = &self.ctxs[self.depth()].vars;
        let shared = |r: VarRef| match r {
            VarRef::Local(v) => vars.get(v.0 as usize).is_none_or(|i| i.boxed),
            VarRef::Captured(_) | VarRef::Global(_) => true,
        };
        let funcs = &self.funcs;
        let natives = |c: &crate::ir::Callee| crate::order::native_of(funcs, c);
        let marked = crate::order::mark(&mut stmts, &shared, &natives);
        marked.map_err(|(pos, why)| {
            Rejection::Unsupported(self.diag(pos, format!("unsupported: {why}")))
        })?;
        Ok(stmts)
    }

    // ---- constants ----

    /// Evaluates constant `j` of spec `i` (on first use), replacing the lazy entity.
    pub(super) fn lazy_const(&mut self, i: usize, j: usize, pos: Pos) -> Res<Entity> {
        let Some(spec) = self.const_specs.get(i).cloned() else {
            return self.err(pos, "undefined constant");
        };
        let name = spec
            .names
            .get(j)
            .map(|n| n.name.clone())
            .unwrap_or_default();
        if self.const_busy.contains(&(i, j)) {
            return self.err(
                pos,
                format!("initialization cycle or invalid recursive constant {name}"),
            );
        }
        self.const_busy.push((i, j));
        let saved_scopes = std::mem::take(&mut self.scopes);
        let saved_ctxs = std::mem::take(&mut self.ctxs);
        self.push_scope();
        let r = self.const_spec_value(&spec, j);
        self.scopes = saved_scopes;
        self.ctxs = saved_ctxs;
        self.const_busy.retain(|x| *x != (i, j));
        let (v, t) = r?;
        let e = Entity::Const(v, t);
        if name != "_" {
            self.pkg.insert(name, e.clone());
        }
        Ok(e)
    }

    /// The value and type of the `j`-th name of a constant spec.
    pub(super) fn const_spec_value(
        &mut self,
        spec: &ConstSpec,
        j: usize,
    ) -> Res<(super::ConstVal, Ty)> {
        let Some(value) = spec.values.get(j) else {
            let p = spec.names.get(j).map_or(spec.pos, |n| n.pos);
            return self.err(p, "missing init expr for const declaration");
        };
        if spec.values.len() != spec.names.len() {
            return self.err(
                spec.pos,
                format!(
                    "assignment mismatch: {} variables but {} values",
                    spec.names.len(),
                    spec.values.len()
                ),
            );
        }
        let saved = self.iota.replace(spec.iota);
        let r = self.const_expr(value, spec.ty.as_ref());
        self.iota = saved;
        r
    }

    // ---- package variables ----

    /// The type of global `g`, checking its initializer now if needed.
    pub(super) fn global_type(&mut self, g: GlobalId, pos: Pos) -> Res<Ty> {
        match self.global_states.get(g.0 as usize).cloned() {
            Some(GlobalState::Done) | None => Ok(self.globals[g.0 as usize].ty),
            Some(GlobalState::InProgress) => {
                let name = self.globals[g.0 as usize].name.clone();
                self.err(
                    pos,
                    format!("initialization cycle: {name} refers to itself"),
                )
            }
            Some(GlobalState::Pending(spec_idx)) => {
                self.check_var_unit(spec_idx)?;
                Ok(self.globals[g.0 as usize].ty)
            }
        }
    }

    /// Checks a package-level var spec in the init function's context.
    fn check_var_unit(&mut self, spec_idx: usize) -> Res<()> {
        let Some(spec) = self.var_specs.get(spec_idx).cloned() else {
            return Ok(());
        };
        let gids: Vec<GlobalId> = self
            .global_states
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s, GlobalState::Pending(i) if *i == spec_idx))
            .map(|(g, _)| GlobalId(g as u32))
            .collect();
        for g in &gids {
            self.global_states[g.0 as usize] = GlobalState::InProgress;
        }
        // Initializers run in the init function: only the package scope is visible to them.
        let saved_scopes = std::mem::take(&mut self.scopes);
        let saved_ctxs = self.ctxs.split_off(1.min(self.ctxs.len()));
        self.push_scope();
        let r = if spec.values.len() > 1 && spec.values.len() == spec.names.len() {
            // `var a, b = x, y`: each variable is initialized on its own, in dependency order.
            let mut r = Ok(());
            for ((g, name), value) in gids.iter().zip(&spec.names).zip(&spec.values) {
                let one = VarSpec {
                    names: vec![name.clone()],
                    ty: spec.ty.clone(),
                    values: vec![value.clone()],
                    pos: name.pos,
                };
                r = self.var_unit(&one, vec![*g]);
                if r.is_err() {
                    break;
                }
            }
            r
        } else {
            self.var_unit(&spec, gids.clone())
        };
        self.scopes = saved_scopes;
        self.ctxs.extend(saved_ctxs);
        r?;
        for g in &gids {
            self.global_states[g.0 as usize] = GlobalState::Done;
        }
        Ok(())
    }

    /// Checks the initializer of `globals` (declared by `spec`), noting what it refers to.
    fn var_unit(&mut self, spec: &VarSpec, globals: Vec<GlobalId>) -> Res<()> {
        let init_func = self.ctxs.first().map(|c| c.func);
        let before = init_func
            .and_then(|f| self.refs.remove(&f))
            .unwrap_or_default();
        let r = self.var_spec_stmt(spec, &globals);
        let refs = init_func
            .and_then(|f| self.refs.remove(&f))
            .unwrap_or_default();
        if let Some(f) = init_func {
            self.refs.insert(f, before);
        }
        self.var_units.push(VarUnit {
            globals,
            stmt: r?,
            refs,
            pos: spec.pos,
        });
        Ok(())
    }

    /// Types the globals of a spec and builds the statement initializing them.
    fn var_spec_stmt(&mut self, spec: &VarSpec, gids: &[GlobalId]) -> Res<Option<Stmt>> {
        let declared = spec.ty.as_ref().map(|t| self.resolve_type(t)).transpose()?;
        let (types, inits) = self.var_inits(&spec.names, declared, &spec.values, spec.pos)?;
        for (g, t) in gids.iter().zip(types) {
            self.globals[g.0 as usize].ty = t;
        }
        let places: Vec<Place> = gids
            .iter()
            .map(|g| Place::Var(VarRef::Global(*g)))
            .collect();
        let kind = match inits {
            Inits::None => return Ok(None),
            Inits::Values(es) => StmtKind::Assign(places, es),
            Inits::Tuple { tmp, call, values } => {
                let declare = Stmt {
                    kind: StmtKind::Declare(tmp, Some(call)),
                    pos: spec.pos,
                };
                let assign = Stmt {
                    kind: StmtKind::Assign(places, values),
                    pos: spec.pos,
                };
                StmtKind::Block(vec![declare, assign])
            }
        };
        Ok(Some(Stmt {
            kind,
            pos: spec.pos,
        }))
    }

    /// Go's initialization order: repeatedly the earliest variable (in declaration order)
    /// whose initializer depends on no uninitialized variable. A cycle (through functions: a
    /// direct one is reported while checking) is refused: gc reports it as a compile error.
    fn init_order(&mut self, units: Vec<VarUnit>) -> Res<Vec<Stmt>> {
        let deps: Vec<BTreeSet<GlobalId>> =
            units.iter().map(|u| self.global_deps(&u.refs)).collect();
        // A variable whose initializer refers to it, through any function, is a cycle.
        for (u, d) in units.iter().zip(&deps) {
            if let Some(g) = u.globals.iter().find(|g| d.contains(g)) {
                let name = self.globals[g.0 as usize].name.clone();
                return self.err(u.pos, format!("initialization cycle for {name}"));
            }
        }
        let mut done = vec![false; units.len()];
        let mut initialized: BTreeSet<GlobalId> = BTreeSet::new();
        let mut order = Vec::new();
        while order.len() < units.len() {
            let ready = (0..units.len())
                .find(|&i| !done[i] && deps[i].iter().all(|g| initialized.contains(g)));
            let Some(i) = ready else {
                let pos = (0..units.len())
                    .find(|&i| !done[i])
                    .map_or(Pos::default(), |i| units[i].pos);
                return self.unsupported(pos, "an initialization cycle through functions");
            };
            done[i] = true;
            initialized.extend(units[i].globals.iter().copied());
            order.push(i);
        }
        let mut units: Vec<Option<VarUnit>> = units.into_iter().map(Some).collect();
        Ok(order
            .into_iter()
            .filter_map(|i| units[i].take().and_then(|u| u.stmt))
            .collect())
    }

    /// The globals a set of references depends on, through the bodies of referenced functions.
    fn global_deps(&self, refs: &BTreeSet<Ref>) -> BTreeSet<GlobalId> {
        let mut out = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut stack: Vec<Ref> = refs.iter().copied().collect();
        while let Some(r) = stack.pop() {
            match r {
                Ref::Global(g) => {
                    out.insert(g);
                }
                Ref::Func(f) => {
                    if seen.insert(f)
                        && let Some(rs) = self.refs.get(&f)
                    {
                        stack.extend(rs.iter().copied());
                    }
                }
            }
        }
        out
    }
}

impl Checker<'_> {
    /// The alias declarations among `specs`, each after the aliases of `specs` it names.
    fn alias_order<'s>(&self, specs: &'s [syntax::TypeSpec]) -> Res<Vec<&'s syntax::TypeSpec>> {
        let aliases: Vec<&syntax::TypeSpec> = specs.iter().filter(|s| s.alias).collect();
        let deps: Vec<Vec<usize>> = aliases
            .iter()
            .map(|s| {
                let mut names = Vec::new();
                type_names(&s.ty, &mut names);
                (0..aliases.len())
                    .filter(|&j| names.contains(&aliases[j].name.name.as_str()))
                    .collect()
            })
            .collect();
        let mut done = vec![false; aliases.len()];
        let mut order = Vec::new();
        while order.len() < aliases.len() {
            let ready = (0..aliases.len()).find(|&i| !done[i] && deps[i].iter().all(|&j| done[j]));
            let Some(i) = ready else {
                // Every alias left names one of them: a cycle.
                let s = (0..aliases.len()).find(|&i| !done[i]).map(|i| aliases[i]);
                let (pos, name) = s.map_or((Pos::default(), ""), |s| (s.name.pos, &s.name.name));
                return self.err(pos, format!("invalid recursive type {name}"));
            };
            done[i] = true;
            order.push(aliases[i]);
        }
        Ok(order)
    }
}

/// The unqualified type names a type expression mentions (not inside array lengths).
fn type_names<'t>(te: &'t TypeExpr, out: &mut Vec<&'t str>) {
    match &te.kind {
        TypeExprKind::Name(n) => out.push(n),
        TypeExprKind::Qualified(..) => {}
        TypeExprKind::Pointer(t) | TypeExprKind::Slice(t) | TypeExprKind::Array(_, t) => {
            type_names(t, out)
        }
        TypeExprKind::Map(k, v) => {
            type_names(k, out);
            type_names(v, out);
        }
        TypeExprKind::Func(sig) => {
            for p in sig.params.iter().chain(&sig.results) {
                type_names(&p.ty, out);
            }
        }
        TypeExprKind::Struct(fields) => {
            for f in fields {
                type_names(&f.ty, out);
            }
        }
        TypeExprKind::Interface(elems) => {
            for e in elems {
                match e {
                    syntax::InterfaceElem::Method(_, sig) => {
                        for p in sig.params.iter().chain(&sig.results) {
                            type_names(&p.ty, out);
                        }
                    }
                    syntax::InterfaceElem::Embed(t) => type_names(t, out),
                }
            }
        }
    }
}

/// The implicit name of an embedded field: its type name without package or pointer.
fn embedded_name(te: &TypeExpr) -> String {
    match &te.kind {
        TypeExprKind::Name(n) | TypeExprKind::Qualified(_, n) => n.clone(),
        TypeExprKind::Pointer(inner) => embedded_name(inner),
        _ => "?".into(),
    }
}
