//! Run-time values. Integers of every kind are held as i64 (the same low 64 bits; the static
//! type says how to read them); strings are byte strings; structs and arrays are copy-on-write so
//! that Go's value semantics cost nothing until a copy is written.
//!
//! All memory is variables (cells): a pointer is a cell and a path of struct fields and array
//! elements inside its value, and a slice is a window on an array value in a cell (the backing
//! array `make` or `append` allocates is a cell of its own).

use crate::types::{FuncId, Ty, TypeKind, Types};
use std::cell::RefCell;
use std::rc::Rc;

/// A variable: a cell that closures and pointers share.
pub type Cell = Rc<RefCell<Value>>;

#[derive(Clone, Debug)]
pub enum Value {
    Int(i64),
    /// A float32 or float64 (a float32 is held as the f64 of the same value).
    Float(f64),
    /// A complex64 or complex128: the real and imaginary parts.
    Complex(f64, f64),
    Bool(bool),
    Str(Rc<[u8]>),
    Ptr(Option<Pointer>),
    Slice(Slice),
    Map(Option<Rc<RefCell<MapObj>>>),
    Func(Option<Rc<Closure>>),
    /// An interface value, or nil.
    Iface(Option<Rc<Iface>>),
    Struct(Rc<Vec<Value>>),
    Array(Rc<Vec<Value>>),
    /// The results of a multi-value call.
    Tuple(Rc<Vec<Value>>),
}

/// A non-nil interface value: its dynamic type, its value, and the identity of its data word.
#[derive(Clone, Debug)]
pub struct Iface {
    pub ty: Ty,
    pub val: Value,
    pub data: Data,
}

/// The identity of an interface's data word. gc compares interface values word for word when it
/// decides whether a panic re-panics the value of the previous one (`[recovered, repanicked]`), so
/// the model tracks where the data of each interface value lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Data {
    /// Read-only data shared by equal values: constants, small integers (the runtime's
    /// `staticuint64s`), one-byte values, empty strings, nil slices, zero-size values.
    Static(u64),
    /// A fresh allocation made by one conversion.
    Heap(u64),
    /// The value is itself a pointer (pointers, maps, funcs): the word is the pointer.
    Pointer(usize),
}

/// Where a pointer points: a variable, then a path of struct fields and array elements.
#[derive(Clone, Debug)]
pub struct Pointer {
    pub cell: Cell,
    pub path: Rc<[u32]>,
}

#[derive(Clone, Debug, Default)]
pub struct Slice {
    /// The array the slice is a window on; `None` is the nil slice.
    pub arr: Option<Pointer>,
    pub off: usize,
    pub len: usize,
    pub cap: usize,
}

/// A map: its entries in insertion order (fmt sorts keys when printing; range over maps is
/// refused), found through a hash of their keys. Hashing and key equality follow the key type,
/// so the machine computes them; the map keeps the positions of the entries with each hash.
#[derive(Clone, Debug, Default)]
pub struct MapObj {
    /// Each entry with its key's hash; a deleted one leaves a hole until the map is compacted.
    entries: Vec<Option<(u64, Value, Value)>>,
    index: foldhash::HashMap<u64, Vec<usize>>,
    len: usize,
}

impl MapObj {
    pub fn len(&self) -> usize {
        self.len
    }

    /// The entries, in insertion order.
    pub fn entries(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().flatten().map(|(_, k, v)| (k, v))
    }

    /// The positions of the entries whose key has hash `h`.
    pub fn with_hash(&self, h: u64) -> &[usize] {
        self.index.get(&h).map_or(&[], Vec::as_slice)
    }

    pub fn key(&self, at: usize) -> Option<&Value> {
        self.entries.get(at)?.as_ref().map(|(_, k, _)| k)
    }

    pub fn value(&self, at: usize) -> Option<&Value> {
        self.entries.get(at)?.as_ref().map(|(_, _, v)| v)
    }

    /// Stores into an existing entry: the key too, as gc's mapassign does for keys whose equal
    /// values can differ (-0 and +0 are one key, and the newer is kept).
    pub fn set_entry(&mut self, at: usize, k: Value, v: Value) {
        if let Some(Some(e)) = self.entries.get_mut(at) {
            e.1 = k;
            e.2 = v;
        }
    }

    /// Adds an entry whose key (of hash `h`) is not in the map.
    pub fn insert(&mut self, h: u64, k: Value, v: Value) {
        self.index.entry(h).or_default().push(self.entries.len());
        self.entries.push(Some((h, k, v)));
        self.len += 1;
    }

    /// Removes the entry at `at`.
    pub fn remove(&mut self, at: usize) {
        let Some((h, ..)) = self.entries.get_mut(at).and_then(Option::take) else {
            return;
        };
        self.len -= 1;
        if let Some(ats) = self.index.get_mut(&h) {
            ats.retain(|a| *a != at);
        }
        // Holes are dropped once they are most of the entries, so that the map stays linear
        // in its size.
        if self.entries.len() > 32 && self.len * 2 < self.entries.len() {
            let live: Vec<(u64, Value, Value)> = std::mem::take(&mut self.entries)
                .into_iter()
                .flatten()
                .collect();
            self.index.clear();
            self.len = 0;
            for (h, k, v) in live {
                self.insert(h, k, v);
            }
        }
    }

    pub fn clear(&mut self) {
        *self = MapObj::default();
    }
}

/// A function value: code, the cells it captured, and the receiver bound by a method value.
#[derive(Debug)]
pub struct Closure {
    pub func: FuncId,
    pub captured: Vec<Cell>,
    pub recv: Option<Value>,
    /// What becomes of the first argument (the receiver) when the function is called.
    pub wrapper: Wrapper,
}

/// A method wrapper gc generates: what it does to the receiver when the function is called,
/// so that it faults (or panics) then, not when the function value is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wrapper {
    /// None: the receiver is the method's own.
    None,
    /// `(*T).M` for a value method M: the pointer is dereferenced; a nil one makes
    /// runtime.panicwrap panic.
    Deref,
    /// A method of the dynamic type `ty` of an interface value: the embedded fields `path` are
    /// followed from the receiver (through embedded pointers) to the method's receiver, whose
    /// address a pointer method takes and which a value method reached through a pointer copies.
    Dynamic {
        ty: Ty,
        path: Rc<[usize]>,
        ptr_recv: bool,
    },
}

impl Closure {
    /// A function value without captures or receiver.
    pub fn plain(func: FuncId) -> Closure {
        Closure {
            func,
            captured: Vec::new(),
            recv: None,
            wrapper: Wrapper::None,
        }
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s.as_bytes()))
    }

    pub fn bytes(b: &[u8]) -> Value {
        Value::Str(Rc::from(b))
    }

    pub fn as_int(&self) -> i64 {
        match self {
            Value::Int(i) => *i,
            _ => 0,
        }
    }

    pub fn as_bool(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    pub fn as_float(&self) -> f64 {
        match self {
            Value::Float(f) => *f,
            _ => 0.0,
        }
    }

    pub fn as_complex(&self) -> (f64, f64) {
        match self {
            Value::Complex(re, im) => (*re, *im),
            _ => (0.0, 0.0),
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Value::Str(s) => s,
            _ => &[],
        }
    }

    /// The fields of a struct value (empty for anything else).
    /// The components of a struct, array or tuple value (empty for anything else).
    pub fn fields(&self) -> &[Value] {
        match self {
            Value::Struct(fs) | Value::Array(fs) | Value::Tuple(fs) => fs,
            _ => &[],
        }
    }

    pub fn is_nil(&self) -> bool {
        match self {
            Value::Ptr(p) => p.is_none(),
            Value::Slice(s) => s.arr.is_none(),
            Value::Map(m) => m.is_none(),
            Value::Func(f) => f.is_none(),
            Value::Iface(i) => i.is_none(),
            _ => false,
        }
    }

    /// The zero value of type `t`.
    pub fn zero(types: &Types, t: Ty) -> Value {
        match types.ukind(t) {
            TypeKind::Bool | TypeKind::Untyped(crate::types::Untyped::Bool) => Value::Bool(false),
            TypeKind::Int(_) => Value::Int(0),
            TypeKind::Float(_) => Value::Float(0.0),
            TypeKind::Complex(_) => Value::Complex(0.0, 0.0),
            TypeKind::String => Value::Str(Rc::from(&b""[..])),
            TypeKind::Pointer(_) => Value::Ptr(None),
            TypeKind::Slice(_) => Value::Slice(Slice::default()),
            TypeKind::Map(..) => Value::Map(None),
            TypeKind::Func(_) => Value::Func(None),
            TypeKind::Struct(fs) => Value::Struct(Rc::new(
                fs.iter().map(|f| Value::zero(types, f.ty)).collect(),
            )),
            TypeKind::Array(e, n) => {
                Value::Array(Rc::new(vec![Value::zero(types, *e); *n as usize]))
            }
            TypeKind::Tuple(ts) => {
                Value::Tuple(Rc::new(ts.iter().map(|t| Value::zero(types, *t)).collect()))
            }
            TypeKind::Interface(_) | TypeKind::Named(_) | TypeKind::Untyped(_) => {
                Value::Iface(None)
            }
        }
    }

    /// Reads the component at `path` (struct fields and array elements) of a value.
    pub fn at_path(&self, path: &[u32]) -> Value {
        let mut v = self;
        for &i in path {
            match v.fields().get(i as usize) {
                Some(f) => v = f,
                None => return v.clone(),
            }
        }
        v.clone()
    }

    /// Writes `new` at component `path` of a value, copying shared structs and arrays on the way.
    pub fn set_path(&mut self, path: &[u32], new: Value) {
        let mut v = self;
        for &i in path {
            let (Value::Struct(fs) | Value::Array(fs)) = v else {
                return;
            };
            match Rc::make_mut(fs).get_mut(i as usize) {
                Some(f) => v = f,
                None => return,
            }
        }
        *v = new;
    }
}

impl Value {
    /// A compact rendering for events: scalars by value, memory by identity (a pointer, slice or
    /// map renders the same as long as it refers to the same memory).
    pub fn render(&self, types: &crate::types::Types) -> String {
        match self {
            Value::Int(i) => i.to_string(),
            Value::Float(f) => crate::rtprint::shortest_g(*f),
            Value::Complex(re, im) => format!(
                "({}{}{}i)",
                crate::rtprint::shortest_g(*re),
                if *im >= 0.0 || im.is_nan() { "+" } else { "" },
                crate::rtprint::shortest_g(*im)
            ),
            Value::Bool(b) => b.to_string(),
            Value::Str(s) => format!("{:?}", String::from_utf8_lossy(s)),
            Value::Ptr(None) | Value::Map(None) | Value::Func(None) | Value::Iface(None) => {
                "nil".into()
            }
            Value::Ptr(Some(p)) => format!("&{:x}", p.addr()),
            Value::Slice(s) if s.arr.is_none() => "[]nil".into(),
            Value::Slice(s) => {
                format!("[{}/{}]{:x}", s.len, s.cap, crate::rtprint::data_addr(self))
            }
            Value::Map(Some(m)) => format!("map#{:x}", Rc::as_ptr(m) as usize),
            Value::Func(Some(f)) => format!("func#{:x}", Rc::as_ptr(f) as usize),
            Value::Iface(Some(i)) => format!("{}({})", types.name(i.ty), i.val.render(types)),
            Value::Struct(fs) | Value::Array(fs) | Value::Tuple(fs) => {
                format!(
                    "{{{}}}",
                    fs.iter()
                        .map(|v| v.render(types))
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            }
        }
    }
}

impl Pointer {
    /// A pointer to a new variable holding `v`.
    pub fn to_new(v: Value) -> Pointer {
        Pointer {
            cell: Rc::new(RefCell::new(v)),
            path: Rc::from(&[][..]),
        }
    }

    pub fn load(&self) -> Value {
        self.cell.borrow().at_path(&self.path)
    }

    pub fn store(&self, v: Value) {
        self.cell.borrow_mut().set_path(&self.path, v);
    }

    /// The pointer to component `i` (a struct field, an array element) of what this points to.
    pub fn field(&self, i: u32) -> Pointer {
        let mut path = Vec::with_capacity(self.path.len() + 1);
        path.extend_from_slice(&self.path);
        path.push(i);
        Pointer {
            cell: self.cell.clone(),
            path: Rc::from(path),
        }
    }

    pub fn same(&self, other: &Pointer) -> bool {
        Rc::ptr_eq(&self.cell, &other.cell) && self.path == other.path
    }

    /// A stable identity for printing (`%p`-like output is normalised away by the fixtures),
    /// distinct for distinct components of one variable.
    pub fn addr(&self) -> usize {
        let within = self.path.iter().fold(0usize, |h, i| {
            h.wrapping_mul(1_000_003).wrapping_add(*i as usize + 1)
        });
        (Rc::as_ptr(&self.cell) as usize).wrapping_add(within.wrapping_mul(8))
    }

    /// Element `i` of the array this points to.
    fn elem(&self, i: usize) -> Option<Value> {
        let v = self.cell.borrow();
        v.at_path_ref(&self.path).fields().get(i).cloned()
    }
}

impl Value {
    /// The component at `path`, borrowed.
    fn at_path_ref(&self, path: &[u32]) -> &Value {
        let mut v = self;
        for &i in path {
            match v.fields().get(i as usize) {
                Some(f) => v = f,
                None => return v,
            }
        }
        v
    }
}

impl Slice {
    pub fn get(&self, i: usize) -> Option<Value> {
        self.arr.as_ref()?.elem(self.off + i)
    }

    pub fn set(&self, i: usize, v: Value) {
        if let Some(a) = &self.arr {
            let mut cell = a.cell.borrow_mut();
            let mut path = Vec::with_capacity(a.path.len() + 1);
            path.extend_from_slice(&a.path);
            path.push((self.off + i) as u32);
            cell.set_path(&path, v);
        }
    }

    /// The elements in the window, copied out.
    pub fn elems(&self) -> Vec<Value> {
        match &self.arr {
            Some(a) => a
                .cell
                .borrow()
                .at_path_ref(&a.path)
                .fields()
                .get(self.off..self.off + self.len)
                .map(<[Value]>::to_vec)
                .unwrap_or_default(),
            None => Vec::new(),
        }
    }

    pub fn elem_ptr(&self, i: usize) -> Option<Pointer> {
        self.arr.as_ref().map(|a| a.field((self.off + i) as u32))
    }

    /// A slice of a new backing array holding `v`.
    pub fn from_vec(v: Vec<Value>) -> Slice {
        let len = v.len();
        Slice {
            arr: Some(Pointer::to_new(Value::Array(Rc::new(v)))),
            off: 0,
            len,
            cap: len,
        }
    }
}

/// A 64-bit FNV-1a hash: the identity of constant data (equal constants share their data).
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

impl Value {
    /// The interface value holding constant `v` of dynamic type `ty`: constants live in shared
    /// read-only data, so equal constants have the same data word.
    pub fn const_iface(ty: Ty, v: Value) -> Value {
        let key = match &v {
            Value::Int(i) => *i as u64,
            Value::Float(f) => f.to_bits(),
            Value::Complex(re, im) => fnv(&[re.to_le_bytes(), im.to_le_bytes()].concat()),
            Value::Bool(b) => u64::from(*b),
            Value::Str(s) => fnv(s),
            _ => 0,
        };
        Value::Iface(Some(Rc::new(Iface {
            ty,
            val: v,
            data: Data::Static(key),
        })))
    }
}
