//! Go types of the subset, interned so that type identity is equality of [`Ty`] handles
//! (named types are distinct by declaration). The table also knows what the machine and the
//! printers need: method sets, type strings as reflect prints them, and amd64 layout (field
//! offsets appear in the fault address of a nil dereference).

use foldhash::HashMap;

/// The most scalar values one array (or a slice's backing array) may hold in the model: a
/// bound on its memory, far below gc's (1<<48 bytes on linux/amd64); a program past it is
/// refused, not answered.
pub const MAX_LEAVES: u64 = 1 << 22;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ty(pub u32);

/// A function of the program (declared, literal, method) or of a modeled package.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FuncId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntKind {
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
}

impl IntKind {
    pub fn bits(self) -> u32 {
        match self {
            IntKind::Int8 | IntKind::Uint8 => 8,
            IntKind::Int16 | IntKind::Uint16 => 16,
            IntKind::Int32 | IntKind::Uint32 => 32,
            _ => 64,
        }
    }

    pub fn signed(self) -> bool {
        matches!(
            self,
            IntKind::Int | IntKind::Int8 | IntKind::Int16 | IntKind::Int32 | IntKind::Int64
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            IntKind::Int => "int",
            IntKind::Int8 => "int8",
            IntKind::Int16 => "int16",
            IntKind::Int32 => "int32",
            IntKind::Int64 => "int64",
            IntKind::Uint => "uint",
            IntKind::Uint8 => "uint8",
            IntKind::Uint16 => "uint16",
            IntKind::Uint32 => "uint32",
            IntKind::Uint64 => "uint64",
            IntKind::Uintptr => "uintptr",
        }
    }

    /// Wraps `v` to this kind's width: the value of the low bits, sign- or zero-extended.
    /// Integers of every kind are held as the i64 with the same low 64 bits.
    pub fn wrap(self, v: i64) -> i64 {
        let bits = self.bits();
        if bits == 64 {
            return v;
        }
        let shift = 64 - bits;
        if self.signed() {
            (v << shift) >> shift
        } else {
            ((v as u64) << shift >> shift) as i64
        }
    }

    /// Whether the mathematical integer `v` is representable in this kind.
    pub fn holds(self, v: i128) -> bool {
        let bits = self.bits();
        if self.signed() {
            let lim = 1i128 << (bits - 1);
            -lim <= v && v < lim
        } else {
            0 <= v && v < (1i128 << bits)
        }
    }

    /// The mathematical value of the stored representation.
    pub fn value(self, v: i64) -> i128 {
        if self.signed() {
            i128::from(v)
        } else {
            i128::from(v as u64)
        }
    }
}

/// The two IEEE 754 binary formats: `float32` and `float64`, and the parts of `complex64` and
/// `complex128`. Values of both are held as f64; a float32 is an f64 that float32 represents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FloatKind {
    F32,
    F64,
}

impl FloatKind {
    /// The value nearest `v` in this format (round to nearest, ties to even, as amd64's
    /// CVTSD2SS does).
    pub fn round(self, v: f64) -> f64 {
        match self {
            FloatKind::F32 => f64::from(v as f32),
            FloatKind::F64 => v,
        }
    }

    pub fn bits(self) -> u32 {
        match self {
            FloatKind::F32 => 32,
            FloatKind::F64 => 64,
        }
    }
}

/// The kinds of untyped constants (and `nil`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Untyped {
    Bool,
    Int,
    Rune,
    Float,
    Complex,
    String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sig {
    pub params: Vec<Ty>,
    pub results: Vec<Ty>,
    pub variadic: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    pub name: String,
    pub ty: Ty,
    pub embedded: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IMethod {
    pub name: String,
    /// A `Func` type.
    pub sig: Ty,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Bool,
    Int(IntKind),
    Float(FloatKind),
    /// `complex64` (float32 parts) and `complex128` (float64 parts).
    Complex(FloatKind),
    String,
    Pointer(Ty),
    Slice(Ty),
    /// `[n]T`
    Array(Ty, u64),
    Map(Ty, Ty),
    Func(Sig),
    Struct(Vec<Field>),
    /// Methods sorted by name, embedded interfaces flattened.
    Interface(Vec<IMethod>),
    /// An index into the named-type table.
    Named(u32),
    Tuple(Vec<Ty>),
    Untyped(Untyped),
}

#[derive(Clone, Debug)]
pub struct Method {
    pub name: String,
    pub func: FuncId,
    pub ptr_recv: bool,
    /// The method's `Func` type without the receiver.
    pub sig: Ty,
}

#[derive(Clone, Debug)]
pub struct Named {
    /// The package qualifier as reflect prints it (`main`, `runtime`), empty for `error`.
    pub pkg: String,
    pub name: String,
    pub underlying: Ty,
    pub methods: Vec<Method>,
}

/// How a selector `x.name` resolves.
#[derive(Clone, Debug)]
pub enum Selection {
    /// Field `index` reached through the embedded fields `path` (each step a field index).
    Field {
        path: Vec<usize>,
        index: usize,
        ty: Ty,
    },
    /// A concrete method found at the end of `path`, on receiver base type `recv` (a named type).
    Method {
        path: Vec<usize>,
        method: Method,
        recv: Ty,
    },
    /// A method of an interface reached through `path`.
    IfaceMethod {
        path: Vec<usize>,
        index: usize,
        sig: Ty,
    },
}

/// Why a selector did not resolve.
pub enum LookupError {
    NotFound,
    Ambiguous,
}

pub struct Types {
    kinds: Vec<TypeKind>,
    interned: HashMap<TypeKind, Ty>,
    named: Vec<Named>,
}

/// Handles of the predeclared and built-in types, fixed at table creation.
#[derive(Clone, Copy, Debug)]
pub struct Basic {
    pub bool_: Ty,
    pub int: Ty,
    pub int32: Ty,
    pub uint8: Ty,
    pub float32: Ty,
    pub float64: Ty,
    pub complex64: Ty,
    pub complex128: Ty,
    pub string: Ty,
    pub any: Ty,
    pub error: Ty,
    pub untyped_bool: Ty,
    pub untyped_int: Ty,
    pub untyped_rune: Ty,
    pub untyped_float: Ty,
    pub untyped_complex: Ty,
    pub untyped_string: Ty,
    pub unit: Ty,
}

impl Types {
    pub fn new() -> (Types, Basic) {
        let mut t = Types {
            kinds: Vec::new(),
            interned: HashMap::default(),
            named: Vec::new(),
        };
        let string = t.intern(TypeKind::String);
        let error_sig = t.intern(TypeKind::Func(Sig {
            params: vec![],
            results: vec![string],
            variadic: false,
        }));
        let error_iface = t.intern(TypeKind::Interface(vec![IMethod {
            name: "Error".into(),
            sig: error_sig,
        }]));
        let error = t.new_named("", "error", error_iface);
        let b = Basic {
            bool_: t.intern(TypeKind::Bool),
            int: t.intern(TypeKind::Int(IntKind::Int)),
            int32: t.intern(TypeKind::Int(IntKind::Int32)),
            uint8: t.intern(TypeKind::Int(IntKind::Uint8)),
            float32: t.intern(TypeKind::Float(FloatKind::F32)),
            float64: t.intern(TypeKind::Float(FloatKind::F64)),
            complex64: t.intern(TypeKind::Complex(FloatKind::F32)),
            complex128: t.intern(TypeKind::Complex(FloatKind::F64)),
            string,
            any: t.intern(TypeKind::Interface(vec![])),
            error,
            untyped_bool: t.intern(TypeKind::Untyped(Untyped::Bool)),
            untyped_int: t.intern(TypeKind::Untyped(Untyped::Int)),
            untyped_rune: t.intern(TypeKind::Untyped(Untyped::Rune)),
            untyped_float: t.intern(TypeKind::Untyped(Untyped::Float)),
            untyped_complex: t.intern(TypeKind::Untyped(Untyped::Complex)),
            untyped_string: t.intern(TypeKind::Untyped(Untyped::String)),
            unit: t.intern(TypeKind::Tuple(vec![])),
        };
        (t, b)
    }

    pub fn intern(&mut self, k: TypeKind) -> Ty {
        if let Some(t) = self.interned.get(&k) {
            return *t;
        }
        let t = Ty(self.kinds.len() as u32);
        self.kinds.push(k.clone());
        self.interned.insert(k, t);
        t
    }

    /// A new named type; its underlying type may be set later (recursive declarations).
    pub fn new_named(&mut self, pkg: &str, name: &str, underlying: Ty) -> Ty {
        let idx = self.named.len() as u32;
        self.named.push(Named {
            pkg: pkg.to_string(),
            name: name.to_string(),
            underlying,
            methods: Vec::new(),
        });
        let t = Ty(self.kinds.len() as u32);
        self.kinds.push(TypeKind::Named(idx));
        t
    }

    pub fn kind(&self, t: Ty) -> &TypeKind {
        &self.kinds[t.0 as usize]
    }

    /// Whether `t` is a named type in the spec's sense: a declared type or a predeclared one
    /// (`int`, `bool`, `string`, ...), as opposed to a type literal.
    pub fn is_named_type(&self, t: Ty) -> bool {
        matches!(
            self.kind(t),
            TypeKind::Named(_)
                | TypeKind::Bool
                | TypeKind::Int(_)
                | TypeKind::Float(_)
                | TypeKind::Complex(_)
                | TypeKind::String
        )
    }

    pub fn named(&self, t: Ty) -> Option<&Named> {
        match self.kind(t) {
            TypeKind::Named(i) => self.named.get(*i as usize),
            _ => None,
        }
    }

    pub fn named_mut(&mut self, t: Ty) -> Option<&mut Named> {
        match self.kinds[t.0 as usize] {
            TypeKind::Named(i) => self.named.get_mut(i as usize),
            _ => None,
        }
    }

    /// The underlying type: named types resolved, everything else itself.
    pub fn under(&self, t: Ty) -> Ty {
        let mut t = t;
        // Bounded: a named type's underlying type is never named once declarations are checked.
        for _ in 0..8 {
            match self.named(t) {
                Some(n) => t = n.underlying,
                None => return t,
            }
        }
        t
    }

    pub fn ukind(&self, t: Ty) -> &TypeKind {
        self.kind(self.under(t))
    }

    pub fn pointer(&mut self, t: Ty) -> Ty {
        self.intern(TypeKind::Pointer(t))
    }

    pub fn slice(&mut self, t: Ty) -> Ty {
        self.intern(TypeKind::Slice(t))
    }

    pub fn array(&mut self, t: Ty, n: u64) -> Ty {
        self.intern(TypeKind::Array(t, n))
    }

    /// The element type and length of an array type, or of the array a pointer points to.
    pub fn array_of(&self, t: Ty) -> Option<(Ty, u64)> {
        match self.ukind(t) {
            TypeKind::Array(e, n) => Some((*e, *n)),
            TypeKind::Pointer(p) => match self.ukind(*p) {
                TypeKind::Array(e, n) => Some((*e, *n)),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn tuple(&mut self, ts: Vec<Ty>) -> Ty {
        self.intern(TypeKind::Tuple(ts))
    }

    pub fn func(&mut self, params: Vec<Ty>, results: Vec<Ty>, variadic: bool) -> Ty {
        self.intern(TypeKind::Func(Sig {
            params,
            results,
            variadic,
        }))
    }

    pub fn sig(&self, t: Ty) -> Option<&Sig> {
        match self.ukind(t) {
            TypeKind::Func(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_interface(&self, t: Ty) -> bool {
        matches!(self.ukind(t), TypeKind::Interface(_))
    }

    pub fn is_untyped(&self, t: Ty) -> bool {
        matches!(self.kind(t), TypeKind::Untyped(_))
    }

    pub fn int_kind(&self, t: Ty) -> Option<IntKind> {
        match self.ukind(t) {
            TypeKind::Int(k) => Some(*k),
            _ => None,
        }
    }

    /// Whether `t` is an integer, floating-point or complex type (not untyped).
    pub fn is_numeric(&self, t: Ty) -> bool {
        matches!(
            self.ukind(t),
            TypeKind::Int(_) | TypeKind::Float(_) | TypeKind::Complex(_)
        )
    }

    pub fn pointee(&self, t: Ty) -> Option<Ty> {
        match self.ukind(t) {
            TypeKind::Pointer(e) => Some(*e),
            _ => None,
        }
    }

    pub fn struct_fields(&self, t: Ty) -> Option<&[Field]> {
        match self.ukind(t) {
            TypeKind::Struct(fs) => Some(fs),
            _ => None,
        }
    }

    pub fn iface_methods(&self, t: Ty) -> Option<&[IMethod]> {
        match self.ukind(t) {
            TypeKind::Interface(ms) => Some(ms),
            _ => None,
        }
    }

    /// Values of the type may be `nil`.
    pub fn nillable(&self, t: Ty) -> bool {
        matches!(
            self.ukind(t),
            TypeKind::Pointer(_)
                | TypeKind::Slice(_)
                | TypeKind::Map(..)
                | TypeKind::Func(_)
                | TypeKind::Interface(_)
        )
    }

    /// The spec's comparability: `==` is defined (possibly panicking at run time for interfaces).
    pub fn comparable(&self, t: Ty) -> bool {
        match self.ukind(t) {
            TypeKind::Slice(_) | TypeKind::Map(..) | TypeKind::Func(_) | TypeKind::Tuple(_) => {
                false
            }
            TypeKind::Struct(fs) => fs.iter().all(|f| self.comparable(f.ty)),
            TypeKind::Array(e, _) => self.comparable(*e),
            _ => true,
        }
    }

    /// The concrete methods of a named type `n` (not promoted ones).
    fn own_method(&self, n: Ty, name: &str) -> Option<Method> {
        self.named(n)?
            .methods
            .iter()
            .find(|m| m.name == name)
            .cloned()
    }

    /// Resolves `x.name` for an operand of type `t`, following Go's depth rule through embedded
    /// fields (implicitly through one pointer at each level).
    pub fn lookup(&self, t: Ty, name: &str) -> Result<Selection, LookupError> {
        // Breadth-first over embedding depth; `frontier` holds (type, path) pairs.
        let derefed = self.pointee(t).filter(|_| self.named(t).is_none());
        let start = derefed.unwrap_or(t);
        if let TypeKind::Interface(ms) = self.ukind(start) {
            // A pointer to an interface has no methods.
            if derefed.is_some() {
                return Err(LookupError::NotFound);
            }
            return match ms.iter().position(|m| m.name == name) {
                Some(i) => Ok(Selection::IfaceMethod {
                    path: vec![],
                    index: i,
                    sig: ms[i].sig,
                }),
                None => Err(LookupError::NotFound),
            };
        }
        let mut frontier: Vec<(Ty, Vec<usize>)> = vec![(start, vec![])];
        let mut seen: Vec<Ty> = Vec::new();
        for _depth in 0..16 {
            let mut found: Vec<Selection> = Vec::new();
            let mut next = Vec::new();
            for (ty, path) in &frontier {
                // The operand's own pointer is followed above, once; an embedded one here.
                let base = if path.is_empty() {
                    *ty
                } else {
                    self.pointee(*ty)
                        .filter(|_| self.named(*ty).is_none())
                        .unwrap_or(*ty)
                };
                if seen.contains(&base) {
                    continue;
                }
                seen.push(base);
                if self.named(base).is_some()
                    && let Some(m) = self.own_method(base, name)
                {
                    found.push(Selection::Method {
                        path: path.clone(),
                        method: m,
                        recv: base,
                    });
                    continue;
                }
                match self.ukind(base) {
                    TypeKind::Struct(fs) => {
                        for (i, f) in fs.iter().enumerate() {
                            if f.name == name {
                                found.push(Selection::Field {
                                    path: path.clone(),
                                    index: i,
                                    ty: f.ty,
                                });
                            }
                            if f.embedded {
                                let mut p = path.clone();
                                p.push(i);
                                next.push((f.ty, p));
                            }
                        }
                    }
                    TypeKind::Interface(ms) if !path.is_empty() => {
                        if let Some(i) = ms.iter().position(|m| m.name == name) {
                            found.push(Selection::IfaceMethod {
                                path: path.clone(),
                                index: i,
                                sig: ms[i].sig,
                            });
                        }
                    }
                    _ => {}
                }
            }
            match found.len() {
                0 => {}
                1 => return Ok(found.remove(0)),
                _ => return Err(LookupError::Ambiguous),
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        Err(LookupError::NotFound)
    }

    /// Whether a method found through `path` from `t` is in the method set of `t`: pointer-receiver
    /// methods need an addressable or pointer operand, unless an embedded pointer is on the way.
    pub fn method_in_set(&self, t: Ty, sel: &Selection) -> bool {
        let Selection::Method { path, method, .. } = sel else {
            return true;
        };
        if !method.ptr_recv || self.pointee(t).is_some() && self.named(t).is_none() {
            return true;
        }
        // An embedded pointer anywhere along the path supplies the address.
        let mut cur = t;
        for &i in path {
            let Some(fs) = self.struct_fields(cur) else {
                return false;
            };
            let Some(f) = fs.get(i) else { return false };
            if self.pointee(f.ty).is_some() && self.named(f.ty).is_none() {
                return true;
            }
            cur = f.ty;
        }
        false
    }

    /// Whether type `t` implements interface `iface`; on failure, the first missing method.
    pub fn missing_method(&self, t: Ty, iface: Ty) -> Option<String> {
        for m in self.iface_methods(iface)? {
            let ok = match self.lookup(t, &m.name) {
                Ok(sel @ Selection::Method { .. }) => {
                    self.method_in_set(t, &sel)
                        && matches!(&sel, Selection::Method { method, .. } if method.sig == m.sig)
                }
                Ok(Selection::IfaceMethod { sig, .. }) => sig == m.sig,
                _ => false,
            };
            if !ok {
                return Some(m.name.clone());
            }
        }
        None
    }

    /// The Go type string as reflect and the runtime print it (`main.T`, `*errors.errorString`).
    pub fn name(&self, t: Ty) -> String {
        match self.kind(t) {
            TypeKind::Bool => "bool".into(),
            TypeKind::Int(k) => k.name().into(),
            TypeKind::Float(k) => format!("float{}", k.bits()),
            TypeKind::Complex(k) => format!("complex{}", 2 * k.bits()),
            TypeKind::String => "string".into(),
            TypeKind::Pointer(e) => format!("*{}", self.name(*e)),
            TypeKind::Slice(e) => format!("[]{}", self.name(*e)),
            TypeKind::Array(e, n) => format!("[{n}]{}", self.name(*e)),
            TypeKind::Map(k, v) => format!("map[{}]{}", self.name(*k), self.name(*v)),
            TypeKind::Func(s) => {
                let mut out = String::from("func(");
                for (i, p) in s.params.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if s.variadic && i + 1 == s.params.len() {
                        let elem = match self.kind(*p) {
                            TypeKind::Slice(e) => *e,
                            _ => *p,
                        };
                        out.push_str("...");
                        out.push_str(&self.name(elem));
                    } else {
                        out.push_str(&self.name(*p));
                    }
                }
                out.push(')');
                match s.results.as_slice() {
                    [] => {}
                    [r] => {
                        out.push(' ');
                        out.push_str(&self.name(*r));
                    }
                    rs => {
                        out.push_str(" (");
                        out.push_str(
                            &rs.iter()
                                .map(|r| self.name(*r))
                                .collect::<Vec<_>>()
                                .join(", "),
                        );
                        out.push(')');
                    }
                }
                out
            }
            TypeKind::Struct(fs) if fs.is_empty() => "struct {}".into(),
            TypeKind::Struct(fs) => {
                let parts: Vec<String> = fs
                    .iter()
                    .map(|f| {
                        if f.embedded {
                            self.name(f.ty)
                        } else {
                            format!("{} {}", f.name, self.name(f.ty))
                        }
                    })
                    .collect();
                format!("struct {{ {} }}", parts.join("; "))
            }
            TypeKind::Interface(ms) if ms.is_empty() => "interface {}".into(),
            TypeKind::Interface(ms) => {
                let parts: Vec<String> = ms
                    .iter()
                    .map(|m| format!("{}{}", m.name, self.name(m.sig).trim_start_matches("func")))
                    .collect();
                format!("interface {{ {} }}", parts.join("; "))
            }
            TypeKind::Named(i) => {
                let n = &self.named[*i as usize];
                if n.pkg.is_empty() {
                    n.name.clone()
                } else {
                    format!("{}.{}", n.pkg, n.name)
                }
            }
            TypeKind::Tuple(ts) => format!(
                "({})",
                ts.iter()
                    .map(|t| self.name(*t))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TypeKind::Untyped(u) => match u {
                Untyped::Bool => "untyped bool".into(),
                Untyped::Int => "untyped int".into(),
                Untyped::Rune => "untyped rune".into(),
                Untyped::Float => "untyped float".into(),
                Untyped::Complex => "untyped complex".into(),
                Untyped::String => "untyped string".into(),
            },
        }
    }

    /// Size and alignment on amd64, as gc lays values out.
    pub fn layout(&self, t: Ty) -> (u64, u64) {
        match self.ukind(t) {
            TypeKind::Bool => (1, 1),
            TypeKind::Int(k) => {
                let b = u64::from(k.bits() / 8);
                (b, b)
            }
            TypeKind::Float(k) => {
                let b = u64::from(k.bits() / 8);
                (b, b)
            }
            TypeKind::Complex(k) => {
                let b = u64::from(k.bits() / 8);
                (2 * b, b)
            }
            TypeKind::Pointer(_) | TypeKind::Map(..) | TypeKind::Func(_) => (8, 8),
            TypeKind::String | TypeKind::Interface(_) => (16, 8),
            TypeKind::Slice(_) => (24, 8),
            TypeKind::Array(e, n) => {
                let (s, a) = self.layout(*e);
                (s.saturating_mul(*n), a)
            }
            TypeKind::Struct(fs) => {
                let (mut off, mut align) = (0u64, 1u64);
                for f in fs {
                    let (s, a) = self.layout(f.ty);
                    off = off.div_ceil(a) * a + s;
                    align = align.max(a);
                }
                (off.div_ceil(align) * align, align)
            }
            TypeKind::Named(_) | TypeKind::Tuple(_) | TypeKind::Untyped(_) => (8, 8),
        }
    }

    /// Whether values of type `t` contain a value of type `target` directly (through struct
    /// fields and array elements, not through pointers, slices, maps, funcs or interfaces).
    pub fn contains_by_value(&self, t: Ty, target: Ty) -> bool {
        let mut seen = Vec::new();
        let mut todo = vec![t];
        while let Some(t) = todo.pop() {
            if t == target {
                return true;
            }
            if seen.contains(&t) {
                continue;
            }
            seen.push(t);
            match self.kind(t) {
                TypeKind::Named(_) => todo.push(self.under(t)),
                TypeKind::Struct(fs) => todo.extend(fs.iter().map(|f| f.ty)),
                TypeKind::Array(e, _) => todo.push(*e),
                _ => {}
            }
        }
        false
    }

    /// How many scalar values a value of the type holds (arrays and structs counted through),
    /// saturating.
    pub fn leaves(&self, t: Ty) -> u64 {
        match self.ukind(t) {
            TypeKind::Array(e, n) => self.leaves(*e).saturating_mul(*n),
            TypeKind::Struct(fs) => fs
                .iter()
                .fold(0u64, |a, f| a.saturating_add(self.leaves(f.ty))),
            _ => 1,
        }
    }

    /// Whether a value of the type is one pointer (a pointer, map or func, or a struct or array
    /// of one such): an interface holds it as its data word.
    pub fn pointer_shaped(&self, t: Ty) -> bool {
        match self.ukind(t) {
            TypeKind::Pointer(_) | TypeKind::Map(..) | TypeKind::Func(_) => true,
            TypeKind::Struct(fs) => fs.len() == 1 && self.pointer_shaped(fs[0].ty),
            TypeKind::Array(e, 1) => self.pointer_shaped(*e),
            _ => false,
        }
    }

    /// Whether values of the type contain pointers (the allocator treats them differently).
    pub fn has_pointers(&self, t: Ty) -> bool {
        match self.ukind(t) {
            TypeKind::Bool | TypeKind::Int(_) | TypeKind::Float(_) | TypeKind::Complex(_) => false,
            TypeKind::Struct(fs) => fs.iter().any(|f| self.has_pointers(f.ty)),
            TypeKind::Array(e, n) => *n > 0 && self.has_pointers(*e),
            _ => true,
        }
    }

    /// The byte offset of field `index` of struct type `t`.
    pub fn field_offset(&self, t: Ty, index: usize) -> u64 {
        let Some(fs) = self.struct_fields(t) else {
            return 0;
        };
        let mut off = 0u64;
        for (i, f) in fs.iter().enumerate() {
            let (s, a) = self.layout(f.ty);
            off = off.div_ceil(a) * a;
            if i == index {
                return off;
            }
            off += s;
        }
        off
    }
}
