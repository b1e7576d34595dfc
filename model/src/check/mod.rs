//! The checker: resolves names, types every expression, reports the compile errors gc would,
//! refuses constructs outside the subset, and produces the IR.
//!
//! Short names used throughout: `c` the checker, `e` an expression, `t` a type, `op` an operand.

mod consts;
mod decls;
mod expr;
mod gcfmt;
mod labels;
mod packages;
mod stmt;

use crate::diag::{CompileError, CompileErrors, Diagnostic, Rejection, Wording};
use crate::ir::{Func, FuncKind, Global, GlobalId, Native, VarId, VarInfo, VarRef};
use crate::syntax::{Ident, Pos};
use crate::types::{Basic, FuncId, Ty, Types};
use crate::version::Version;
use foldhash::HashMap;
use std::collections::BTreeSet;

pub use consts::ConstVal;
pub(crate) use decls::check_file;

/// A checking failure: the first hard error stops checking.
pub type Res<T> = Result<T, Rejection>;

/// What a name denotes.
#[derive(Clone, Debug)]
pub enum Entity {
    /// A local variable of the function context at `depth`.
    Local {
        depth: usize,
        var: VarId,
    },
    Global(GlobalId),
    Const(ConstVal, Ty),
    Type(Ty),
    Func(FuncId),
    Builtin(BuiltinName),
    Package(Pkg),
    Nil,
    /// `iota` inside a constant declaration.
    Iota,
    /// Package constant `j` of spec `i`, evaluated on first use.
    LazyConst(usize, usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltinName {
    Len,
    Cap,
    Append,
    Make,
    New,
    Delete,
    Copy,
    Panic,
    Recover,
    Print,
    Println,
    Min,
    Max,
    Clear,
    Complex,
    Real,
    Imag,
}

pub use crate::library::Pkg;

/// A function being checked: its variables and, for a func literal, what it captures.
struct FuncCtx {
    func: FuncId,
    vars: Vec<VarInfo>,
    used: Vec<bool>,
    /// Where each variable was declared (for "declared and not used").
    decl_pos: Vec<Option<Pos>>,
    /// Captured outer variables: (depth of the owner, its var) -> index into `captures`.
    captured: Vec<(usize, VarId)>,
    captures: Vec<VarRef>,
    /// The result types and variables, for `return`.
    results: Vec<Ty>,
    result_vars: Vec<VarId>,
    named_results: bool,
    /// Counter for naming nested func literals (`main.f.func1`).
    literals: u32,
    name: String,
    labels: labels::Labels,
}

/// The block scopes of the function being checked, as one stack of declarations searched from
/// the top: checking declares and looks up names far more often than it opens blocks, and a
/// short linear search beats hashing every name in every enclosing block.
#[derive(Default)]
struct Scopes {
    /// Each name, what it denotes, and where it is declared.
    names: Vec<(String, Entity, Pos)>,
    /// Where each open block's declarations begin in `names`.
    starts: Vec<usize>,
    /// An identity for each open block (where labels and gotos are).
    ids: Vec<u32>,
    next_id: u32,
}

impl Scopes {
    fn innermost(&self) -> &[(String, Entity, Pos)] {
        let start = self.starts.last().copied().unwrap_or(self.names.len());
        &self.names[start..]
    }

    fn find<'s>(
        names: &'s [(String, Entity, Pos)],
        name: &str,
    ) -> Option<&'s (String, Entity, Pos)> {
        names.iter().rev().find(|(n, ..)| n == name)
    }
}

/// Every predeclared identifier of the Go releases modeled (the universe block).
const PREDECLARED: &[&str] = &[
    "any",
    "bool",
    "byte",
    "comparable",
    "complex64",
    "complex128",
    "error",
    "float32",
    "float64",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "rune",
    "string",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    "true",
    "false",
    "iota",
    "nil",
    "append",
    "cap",
    "clear",
    "close",
    "complex",
    "copy",
    "delete",
    "imag",
    "len",
    "make",
    "max",
    "min",
    "new",
    "panic",
    "print",
    "println",
    "real",
    "recover",
];

/// The modeled run-time types the natives produce, created once.
#[derive(Clone, Copy, Debug)]
pub struct RuntimeTypes {
    /// `*errors.errorString`
    pub errors_string: Ty,
    /// `*fmt.wrapError`
    pub wrap_error: Ty,
    /// `runtime.Error`
    pub runtime_error: Ty,
    /// `runtime.errorString`: divide by zero, nil dereference, negative shift...
    pub rt_error_string: Ty,
    /// `runtime.plainError`: assignment to entry in nil map.
    pub plain_error: Ty,
    /// `runtime.boundsError`
    pub bounds_error: Ty,
    /// `*runtime.TypeAssertionError`
    pub type_assertion_error: Ty,
    /// `*runtime.PanicNilError`
    pub panic_nil_error: Ty,
    /// `*os.File` (os.Stdout, os.Stderr)
    pub os_file: Ty,
    /// `maps.unhashableTypeError`: an unhashable key looked up in an empty map (Go 1.25+).
    pub unhashable: Ty,
}

pub struct Checker<'a> {
    file: &'a str,
    /// The source text of the file's basic literals, by position.
    literals: &'a HashMap<Pos, String>,
    /// Whether an alias type has been declared: gc's errors name a type by the alias it was
    /// written with from go1.23 or so, and the model does not keep that name.
    aliases: bool,
    /// Every name the file declares at package level: one not declared yet while types are
    /// resolved is not undefined.
    package_names: foldhash::HashSet<String>,
    /// Map key types met while their own declaration was being resolved, with where the map
    /// type is written: checked for `==` once every type of the declaration is known.
    pending_keys: Vec<(Ty, Pos)>,
    lang: Version,
    pub types: Types,
    pub b: Basic,
    pub rt: RuntimeTypes,
    pub funcs: Vec<Func>,
    pub globals: Vec<Global>,
    pkg: HashMap<String, Entity>,
    imports: HashMap<String, (Pkg, Pos, bool)>,
    scopes: Scopes,
    ctxs: Vec<FuncCtx>,
    natives: Vec<(Native, FuncId)>,
    /// Soft errors (unused names, missing return): reported together at the end.
    errors: Vec<CompileError>,
    /// Globals and functions each function refers to, for package initialization order.
    refs: HashMap<FuncId, BTreeSet<Ref>>,
    /// Value of `iota` while checking a constant spec.
    iota: Option<i64>,
    const_specs: Vec<crate::syntax::ConstSpec>,
    /// Constants being evaluated (cycle detection).
    const_busy: Vec<(usize, usize)>,
    var_specs: Vec<crate::syntax::VarSpec>,
    global_states: Vec<decls::GlobalState>,
    var_units: Vec<decls::VarUnit>,
    /// The global holding `os.Args`, if the program uses it.
    os_args: Option<GlobalId>,
    /// `fmt.Stringer`, declared on first use.
    fmt_stringer: Option<Ty>,
    /// `os.Stdout` and `os.Stderr`: one variable each, however often they are named.
    os_files: [Option<crate::value::Value>; 2],
}

/// A package-level dependency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ref {
    Global(GlobalId),
    Func(FuncId),
}

impl<'a> Checker<'a> {
    fn diag(&self, pos: Pos, message: String) -> Diagnostic {
        Diagnostic {
            file: self.file.to_string(),
            line: pos.line,
            col: pos.col,
            message,
        }
    }

    /// A hard compile error, in the model's words: gc would not build the program.
    pub fn err<T>(&self, pos: Pos, message: impl Into<String>) -> Res<T> {
        self.hard_err(pos, message.into(), Wording::Model)
    }

    /// A hard compile error that gc reports with exactly this position and text in every
    /// pinned release.
    pub fn gc_err<T>(&self, pos: Pos, message: impl Into<String>) -> Res<T> {
        self.hard_err(pos, message.into(), Wording::Gc)
    }

    fn hard_err<T>(&self, pos: Pos, message: String, wording: Wording) -> Res<T> {
        Err(Rejection::Compile(CompileErrors::hard(
            self.diag(pos, message),
            wording,
        )))
    }

    /// A hard compile error gc reports with this text and these notes (`(place, text)`) in
    /// every pinned release.
    pub fn gc_err_noted<T>(&self, pos: Pos, message: String, notes: &[(Pos, &str)]) -> Res<T> {
        let mut errors = CompileErrors::hard(self.diag(pos, message), Wording::Gc);
        errors.errors[0].notes = notes
            .iter()
            .map(|(p, text)| self.diag(*p, text.to_string()))
            .collect();
        Err(Rejection::Compile(errors))
    }

    /// A soft compile error, reported with the others at the end.
    fn soft_err(&mut self, pos: Pos, message: String, wording: Wording) {
        let at = self.diag(pos, message);
        self.errors.push(CompileError {
            at,
            wording,
            notes: Vec::new(),
        });
    }

    /// A state the checker's own construction rules out: a bug of the model.
    pub fn internal<T>(&self, pos: Pos, what: impl Into<String>) -> Res<T> {
        Err(Rejection::Internal(self.diag(pos, what.into())))
    }

    /// A construct outside the modeled subset.
    pub fn unsupported<T>(&self, pos: Pos, construct: impl AsRef<str>) -> Res<T> {
        Err(Rejection::Unsupported(
            self.diag(pos, format!("unsupported: {}", construct.as_ref())),
        ))
    }

    fn lang_at_least(&self, major: u32, minor: u32) -> bool {
        self.lang.at_least(major, minor)
    }

    // ---- scopes ----

    fn push_scope(&mut self) {
        self.scopes.starts.push(self.scopes.names.len());
        self.scopes.ids.push(self.scopes.next_id);
        self.scopes.next_id += 1;
    }

    fn pop_scope(&mut self) {
        if let Some(start) = self.scopes.starts.pop() {
            self.scopes.names.truncate(start);
        }
        self.scopes.ids.pop();
    }

    /// Declares `id` in the innermost block, where nothing else may have its name.
    fn declare(&mut self, id: &Ident, e: Entity) -> Res<()> {
        if id.name == "_" || self.scopes.starts.is_empty() {
            return Ok(());
        }
        if let Some((_, _, other)) = Scopes::find(self.scopes.innermost(), &id.name) {
            let note = format!("other declaration of {}", id.name);
            return self.gc_err_noted(
                id.pos,
                format!("{} redeclared in this block", id.name),
                &[(*other, &note)],
            );
        }
        self.scopes.names.push((id.name.clone(), e, id.pos));
        Ok(())
    }

    /// Whether `name` is already declared in the innermost scope (for `:=` and redeclarations).
    fn declared_here(&self, name: &str) -> Option<Entity> {
        Scopes::find(self.scopes.innermost(), name).map(|(_, e, _)| e.clone())
    }

    /// Resolves a name: block scopes innermost first, then the package, imports, the universe.
    fn lookup(&mut self, id: &Ident) -> Res<Entity> {
        if let Some((_, e, _)) = Scopes::find(&self.scopes.names, &id.name) {
            return Ok(e.clone());
        }
        if let Some(e) = self.pkg.get(&id.name) {
            return Ok(e.clone());
        }
        if let Some((p, _, used)) = self.imports.get_mut(&id.name) {
            *used = true;
            return Ok(Entity::Package(*p));
        }
        if let Some(e) = self.universe(&id.name) {
            return Ok(e);
        }
        if PREDECLARED.contains(&id.name.as_str()) {
            // Predeclared, so not undefined: a type or builtin outside the subset, or one the
            // language version does not have yet (whose error message depends on the toolchain).
            return self.unsupported(id.pos, format!("the predeclared {}", id.name));
        }
        if id.name == "_" {
            return self.err(id.pos, "cannot use _ as value or type");
        }
        if self.package_names.contains(&id.name) {
            // Declared later at package level, while types are resolved: not a type.
            return self.err(id.pos, format!("{} is not a type", id.name));
        }
        self.gc_err(id.pos, format!("undefined: {}", id.name))
    }

    fn universe(&mut self, name: &str) -> Option<Entity> {
        use crate::types::{IntKind, TypeKind};
        let b = self.b;
        Some(match name {
            "bool" => Entity::Type(b.bool_),
            "int" => Entity::Type(b.int),
            "int8" => Entity::Type(self.types.intern(TypeKind::Int(IntKind::Int8))),
            "int16" => Entity::Type(self.types.intern(TypeKind::Int(IntKind::Int16))),
            "int32" | "rune" => Entity::Type(b.int32),
            "int64" => Entity::Type(self.types.intern(TypeKind::Int(IntKind::Int64))),
            "uint" => Entity::Type(self.types.intern(TypeKind::Int(IntKind::Uint))),
            "uint8" | "byte" => Entity::Type(b.uint8),
            "uint16" => Entity::Type(self.types.intern(TypeKind::Int(IntKind::Uint16))),
            "uint32" => Entity::Type(self.types.intern(TypeKind::Int(IntKind::Uint32))),
            "uint64" => Entity::Type(self.types.intern(TypeKind::Int(IntKind::Uint64))),
            "uintptr" => Entity::Type(self.types.intern(TypeKind::Int(IntKind::Uintptr))),
            "float32" => Entity::Type(b.float32),
            "float64" => Entity::Type(b.float64),
            "complex64" => Entity::Type(b.complex64),
            "complex128" => Entity::Type(b.complex128),
            "string" => Entity::Type(b.string),
            "error" => Entity::Type(b.error),
            "any" => Entity::Type(b.any),
            "true" => Entity::Const(ConstVal::Bool(true), b.untyped_bool),
            "false" => Entity::Const(ConstVal::Bool(false), b.untyped_bool),
            "nil" => Entity::Nil,
            "iota" => Entity::Iota,
            "len" => Entity::Builtin(BuiltinName::Len),
            "cap" => Entity::Builtin(BuiltinName::Cap),
            "append" => Entity::Builtin(BuiltinName::Append),
            "make" => Entity::Builtin(BuiltinName::Make),
            "new" => Entity::Builtin(BuiltinName::New),
            "delete" => Entity::Builtin(BuiltinName::Delete),
            "copy" => Entity::Builtin(BuiltinName::Copy),
            "panic" => Entity::Builtin(BuiltinName::Panic),
            "recover" => Entity::Builtin(BuiltinName::Recover),
            "print" => Entity::Builtin(BuiltinName::Print),
            "println" => Entity::Builtin(BuiltinName::Println),
            "complex" => Entity::Builtin(BuiltinName::Complex),
            "real" => Entity::Builtin(BuiltinName::Real),
            "imag" => Entity::Builtin(BuiltinName::Imag),
            "min" if self.lang_at_least(1, 21) => Entity::Builtin(BuiltinName::Min),
            "max" if self.lang_at_least(1, 21) => Entity::Builtin(BuiltinName::Max),
            "clear" if self.lang_at_least(1, 21) => Entity::Builtin(BuiltinName::Clear),
            _ => return None,
        })
    }

    // ---- function contexts and variables ----

    /// Starts checking the body of `func`.
    fn enter_func(&mut self, func: FuncId, name: String) {
        self.ctxs.push(FuncCtx {
            func,
            vars: Vec::new(),
            used: Vec::new(),
            decl_pos: Vec::new(),
            captured: Vec::new(),
            captures: Vec::new(),
            results: Vec::new(),
            result_vars: Vec::new(),
            named_results: false,
            literals: 0,
            name,
            labels: Default::default(),
        });
    }

    fn ctx(&mut self) -> &mut FuncCtx {
        let n = self.ctxs.len();
        // A function context always exists while statements and expressions are checked.
        &mut self.ctxs[n.saturating_sub(1)]
    }

    fn depth(&self) -> usize {
        self.ctxs.len().saturating_sub(1)
    }

    /// A new variable of the current function; `decl` is where an unused one is reported
    /// (`None` for parameters, results and hidden temporaries).
    fn new_var(&mut self, name: &str, ty: Ty, decl: Option<Pos>) -> VarId {
        let c = self.ctx();
        let id = VarId(c.vars.len() as u32);
        c.vars.push(VarInfo {
            name: name.to_string(),
            ty,
            boxed: false,
        });
        c.used.push(decl.is_none() || name == "_");
        c.decl_pos.push(decl);
        id
    }

    /// Declares a user-visible local variable in the current scope.
    fn define_local(&mut self, id: &Ident, ty: Ty) -> Res<VarId> {
        let v = self.new_var(&id.name, ty, Some(id.pos));
        let depth = self.depth();
        self.declare(id, Entity::Local { depth, var: v })?;
        Ok(v)
    }

    fn var_ty(&self, depth: usize, v: VarId) -> Ty {
        self.ctxs[depth].vars[v.0 as usize].ty
    }

    /// The reference to local `v` of context `depth` from the current function, capturing it
    /// (through every enclosing literal) when it belongs to an outer function.
    fn var_ref(&mut self, depth: usize, v: VarId) -> VarRef {
        let cur = self.depth();
        if depth == cur {
            return VarRef::Local(v);
        }
        self.ctxs[depth].vars[v.0 as usize].boxed = true;
        let mut outer = VarRef::Local(v);
        for d in depth + 1..=cur {
            let c = &mut self.ctxs[d];
            let idx = match c.captured.iter().position(|x| *x == (depth, v)) {
                Some(i) => i,
                None => {
                    c.captured.push((depth, v));
                    c.captures.push(outer);
                    c.captured.len() - 1
                }
            };
            outer = VarRef::Captured(idx as u32);
        }
        outer
    }

    fn mark_used(&mut self, depth: usize, v: VarId) {
        if let Some(u) = self
            .ctxs
            .get_mut(depth)
            .and_then(|c| c.used.get_mut(v.0 as usize))
        {
            *u = true;
        }
    }

    /// Marks a variable whose address is taken: it must live in a cell.
    fn mark_boxed(&mut self, r: VarRef) {
        if let VarRef::Local(v) = r
            && let Some(info) = self.ctx().vars.get_mut(v.0 as usize)
        {
            info.boxed = true;
        }
    }

    /// Taking the address of a place (`&x.f`, `x.f.M()` with a pointer receiver) needs the
    /// variable it is in to live in a cell.
    fn mark_place_boxed(&mut self, p: &crate::ir::Place) {
        match p {
            crate::ir::Place::Var(r) => self.mark_boxed(*r),
            crate::ir::Place::Field(inner, ..) => self.mark_place_boxed(inner),
            _ => {}
        }
    }

    fn note_ref(&mut self, r: Ref) {
        if let Some(c) = self.ctxs.first() {
            let f = c.func;
            self.refs.entry(f).or_default().insert(r);
        }
    }

    /// Ends the current function: reports unused variables if its body was checked to the
    /// end (`finished`), returns its variables and captures.
    fn leave_func(&mut self, finished: bool) -> (Vec<VarInfo>, Vec<VarRef>) {
        let Some(c) = self.ctxs.pop() else {
            return (Vec::new(), Vec::new());
        };
        if !finished {
            return (c.vars, c.captures);
        }
        let mut unused: Vec<(Pos, String)> = c
            .used
            .iter()
            .enumerate()
            .filter(|(_, u)| !**u)
            .filter_map(|(i, _)| c.decl_pos[i].map(|p| (p, c.vars[i].name.clone())))
            .collect();
        unused.sort();
        for (p, name) in unused {
            let wording = gcfmt::unused_variable(&name);
            self.soft_err(p, format!("declared and not used: {name}"), wording);
        }
        (c.vars, c.captures)
    }

    /// Registers a function (its body is filled in later).
    fn add_func(&mut self, f: Func) -> FuncId {
        let id = FuncId(self.funcs.len() as u32);
        self.funcs.push(f);
        id
    }

    /// The function implementing `native`, created on first use.
    pub fn native(&mut self, native: Native, sig: Ty, name: &str) -> FuncId {
        if let Some((_, id)) = self.natives.iter().find(|(n, _)| *n == native) {
            return *id;
        }
        let id = self.add_func(Func {
            kind: FuncKind::Native(native.clone()),
            ..Func::declared(name.to_string(), sig, Pos::default())
        });
        self.natives.push((native, id));
        id
    }
}
