//! The modeled part of package fmt: Print, Println, Printf and their S/F/Errorf variants with
//! the verbs `%v %+v %d %s %q %T %x %X %t %c %f %e %g %%`, widths, precisions and the `-+0`
//! flags. Formatting is a resumable task: when a value's Error or String method is written in
//! Go, the task stops, the machine runs the method, and the task resumes with its result, so
//! that every method runs exactly when fmt would run it.

use crate::ir::FmtFunc;
use crate::machine::Stop;
use crate::rtprint::shortest_g;
use crate::types::{Ty, TypeKind, Types};
use crate::value::{Closure, Value};
use std::rc::Rc;

/// How to get the text of a value that may be an error or a Stringer.
pub enum Text {
    /// Neither.
    None,
    /// A method the machine implements, already evaluated.
    Native(Vec<u8>),
    /// A Go method to run, its receiver bound; which method it is (`Error` or `String`).
    Call(Rc<Closure>, &'static str),
}

/// What fmt needs from the machine.
pub trait Env {
    fn types(&self) -> &Types;
    /// The Error (else String) method of an interface value's dynamic type.
    fn text(&mut self, v: &Value) -> Text;
    /// Whether an interface value's dynamic type implements `error`.
    fn is_error(&self, v: &Value) -> bool;
    /// The `string` type.
    fn string_ty(&self) -> Ty;
}

/// Whether handleMethods printed the value, or a Go method must run first.
enum Handled {
    No,
    Yes,
    Call(Rc<Closure>),
}

pub enum Next {
    Done,
    /// Run this method and `resume` with its result.
    Call(Rc<Closure>),
}

#[derive(Clone, Copy, Debug, Default)]
struct Verb {
    ch: char,
    width: Option<usize>,
    prec: Option<usize>,
    minus: bool,
    plus: bool,
    zero: bool,
    space: bool,
    sharp: bool,
    /// `%+v`: struct field names.
    plus_v: bool,
    /// `%#v`: Go syntax.
    sharp_v: bool,
}

enum Work {
    Text(Vec<u8>),
    /// A top-level operand (an interface value).
    Arg(Value, Verb),
    /// A value of static type `ty` inside an operand; `iface` when fmt may call its methods
    /// (reflect's CanInterface: false below unexported fields).
    Val {
        v: Value,
        ty: Ty,
        verb: Verb,
        depth: usize,
        iface: bool,
    },
    /// Waiting for the result of an Error or String method (which one, and whether its receiver
    /// is a nil pointer: fmt prints `<nil>` when such a call panics).
    Await(Verb, &'static str, bool),
    /// Formatting the model does not cover, found when the format was parsed.
    Unsupported(&'static str),
}

pub struct Task {
    f: FmtFunc,
    out: Vec<u8>,
    /// Work to do, the next item last.
    work: Vec<Work>,
    /// A method the machine is to run next.
    pub pending: Option<Rc<Closure>>,
    /// The `%w` operand of Errorf, or the file of Fprint*.
    extra: Option<Value>,
}

impl Task {
    pub fn new(f: FmtFunc, args: Vec<Value>, env: &dyn Env) -> Task {
        let mut args = args.into_iter();
        let (extra, format) = match f {
            FmtFunc::Fprint | FmtFunc::Fprintln => (file_fd(args.next()), None),
            FmtFunc::Fprintf => (file_fd(args.next()), args.next()),
            FmtFunc::Printf | FmtFunc::Sprintf | FmtFunc::Errorf => (None, args.next()),
            _ => (None, None),
        };
        // The variadic operands arrive as one []any.
        let operands: Vec<Value> = match args.next() {
            Some(Value::Slice(s)) => s.elems(),
            _ => Vec::new(),
        };
        let mut t = Task {
            f,
            out: Vec::new(),
            work: Vec::new(),
            pending: None,
            extra,
        };
        let mut items = match (f, format) {
            (FmtFunc::Println | FmtFunc::Sprintln | FmtFunc::Fprintln, _) => {
                let mut items = Vec::new();
                for (i, a) in operands.into_iter().enumerate() {
                    if i > 0 {
                        items.push(Work::Text(b" ".to_vec()));
                    }
                    items.push(Work::Arg(a, verb('v')));
                }
                items.push(Work::Text(b"\n".to_vec()));
                items
            }
            (_, Some(fmt)) => t.printf_items(fmt.as_bytes(), operands, env),
            (_, None) => {
                // Print adds a space between operands when neither is a string.
                let mut items = Vec::new();
                let mut prev_string = true;
                for (i, a) in operands.into_iter().enumerate() {
                    let is_string = matches!(&a, Value::Iface(Some(x)) if env.types().ukind(x.ty) == &TypeKind::String);
                    if i > 0 && !is_string && !prev_string {
                        items.push(Work::Text(b" ".to_vec()));
                    }
                    prev_string = is_string;
                    items.push(Work::Arg(a, verb('v')));
                }
                items
            }
        };
        items.reverse();
        t.work = items;
        t
    }

    /// Adds an operand printed with %v (fmt's catchPanic prints the panic value so).
    pub fn push_arg(&mut self, v: Value) {
        self.work.insert(0, Work::Arg(v, verb('v')));
    }

    /// Errorf's `%w` operand becomes the wrapped error; Fprint's first operand the file.
    pub fn finish(self) -> (FmtFunc, Vec<u8>, Option<Value>) {
        (self.f, self.out, self.extra)
    }

    /// The result of the method the machine ran.
    pub fn resume(&mut self, s: Vec<u8>) {
        if let Some(Work::Await(v, ..)) = self.work.pop() {
            fmt_string(&mut self.out, &s, v);
        }
    }

    /// fmt's `catchPanic`: the method panicked and the panic was recovered. A nil pointer
    /// receiver prints `<nil>`; otherwise `%!v(PANIC=String method: <value>)`, the value as
    /// `text` (printed with %v).
    pub fn caught(&mut self, text: &[u8]) {
        if let Some(Work::Await(v, method, nil_recv)) = self.work.pop() {
            if nil_recv {
                // Written as it is: catchPanic ignores the verb's width.
                self.out.extend_from_slice(b"<nil>");
            } else {
                self.out
                    .extend_from_slice(format!("%!{}(PANIC={method} method: ", v.ch).as_bytes());
                self.out.extend_from_slice(text);
                self.out.push(b')');
            }
        }
    }

    /// Whether a method this task called is running (a panic reaching the task is caught).
    pub fn awaiting(&self) -> bool {
        matches!(self.work.last(), Some(Work::Await(..)))
    }

    /// Formats until done or until a Go method must run.
    pub fn run(&mut self, env: &mut dyn Env) -> Result<Next, Stop> {
        // Bounded by the values formatted; every item is consumed once.
        while let Some(w) = self.work.pop() {
            match w {
                Work::Text(t) => self.out.extend_from_slice(&t),
                Work::Await(v, m, n) => {
                    self.work.push(Work::Await(v, m, n));
                    return Err(Stop::Internal("fmt resumed without a method result".into()));
                }
                Work::Unsupported(what) => return Err(Stop::Unsupported(what.into())),
                Work::Arg(v, verb) => {
                    if let Some(call) = self.arg(env, v, verb)? {
                        return Ok(Next::Call(call));
                    }
                }
                Work::Val {
                    v,
                    ty,
                    verb,
                    depth,
                    iface,
                } => {
                    if let Some(call) = self.val(env, v, ty, verb, depth, iface)? {
                        return Ok(Next::Call(call));
                    }
                }
            }
        }
        Ok(Next::Done)
    }

    fn printf_items(&mut self, format: &[u8], operands: Vec<Value>, env: &dyn Env) -> Vec<Work> {
        let mut items = Vec::new();
        let mut args = operands.into_iter();
        let mut text = Vec::new();
        let mut i = 0;
        while i < format.len() {
            if format[i] != b'%' {
                text.push(format[i]);
                i += 1;
                continue;
            }
            i += 1;
            let mut v = Verb::default();
            while i < format.len() {
                match format[i] {
                    b'-' => v.minus = true,
                    b'+' => v.plus = true,
                    b'0' => v.zero = true,
                    b' ' => v.space = true,
                    b'#' => v.sharp = true,
                    _ => break,
                }
                i += 1;
            }
            let num = |i: &mut usize| {
                let start = *i;
                while *i < format.len() && format[*i].is_ascii_digit() {
                    *i += 1;
                }
                std::str::from_utf8(&format[start..*i])
                    .ok()
                    .and_then(|s| s.parse::<usize>().ok())
            };
            v.width = num(&mut i);
            if i < format.len() && format[i] == b'.' {
                i += 1;
                v.prec = Some(num(&mut i).unwrap_or(0));
            }
            let Some(ch) = std::str::from_utf8(&format[i..])
                .ok()
                .and_then(|s| s.chars().next())
            else {
                text.extend_from_slice(b"%!(NOVERB)");
                break;
            };
            i += ch.len_utf8();
            v.ch = ch;
            // With %v, '+' asks for field names and '#' for Go syntax, not for signs.
            if ch == 'v' {
                v.plus_v = std::mem::take(&mut v.plus);
                v.sharp_v = std::mem::take(&mut v.sharp);
            }
            if ch == '%' {
                text.push(b'%');
                continue;
            }
            if !text.is_empty() {
                items.push(Work::Text(std::mem::take(&mut text)));
            }
            match args.next() {
                Some(a) => {
                    if ch == 'w' && self.f == FmtFunc::Errorf {
                        if self.extra.is_some() {
                            // Several %w make a *fmt.wrapErrors, which is not modeled.
                            items.push(Work::Unsupported("fmt.Errorf with several %w verbs"));
                            continue;
                        }
                        if env.is_error(&a) {
                            self.extra = Some(a.clone());
                            v.ch = 'v';
                        }
                    }
                    items.push(Work::Arg(a, v));
                }
                None => items.push(Work::Text(format!("%!{ch}(MISSING)").into_bytes())),
            }
        }
        if !text.is_empty() {
            items.push(Work::Text(text));
        }
        let extra: Vec<Value> = args.collect();
        if !extra.is_empty() {
            items.push(Work::Text(b"%!(EXTRA ".to_vec()));
            for (k, a) in extra.into_iter().enumerate() {
                if k > 0 {
                    items.push(Work::Text(b", ".to_vec()));
                }
                items.push(Work::Arg(a, verb('!')));
            }
            items.push(Work::Text(b")".to_vec()));
        }
        items
    }

    /// printArg: a top-level operand.
    fn arg(&mut self, env: &mut dyn Env, a: Value, v: Verb) -> Result<Option<Rc<Closure>>, Stop> {
        let Value::Iface(Some(i)) = &a else {
            match v.ch {
                'T' | 'v' => fmt_string(&mut self.out, b"<nil>", v),
                '!' => self.out.extend_from_slice(b"<nil>"),
                c => self
                    .out
                    .extend_from_slice(format!("%!{c}(<nil>)").as_bytes()),
            }
            return Ok(None);
        };
        if v.ch == '!' {
            // An EXTRA operand: its type, then its value with %v.
            let name = env.types().name(i.ty);
            self.out.extend_from_slice(format!("{name}=").as_bytes());
            return self.arg(env, a.clone(), verb('v'));
        }
        if v.ch == 'T' {
            let name = env.types().name(i.ty);
            fmt_string(&mut self.out, name.as_bytes(), v);
            return Ok(None);
        }
        if v.sharp_v {
            return Err(Stop::Unsupported("the %#v verb".into()));
        }
        match self.methods(env, &a, v) {
            Handled::Yes => return Ok(None),
            Handled::Call(c) => return Ok(Some(c)),
            Handled::No => {}
        }
        let (val, ty) = (i.val.clone(), i.ty);
        self.val(env, val, ty, v, 0, true)
    }

    /// handleMethods: Error, then String, for the verbs that print strings.
    fn methods(&mut self, env: &mut dyn Env, a: &Value, v: Verb) -> Handled {
        if !matches!(v.ch, 'v' | 's' | 'x' | 'X' | 'q') {
            return Handled::No;
        }
        match env.text(a) {
            Text::None => Handled::No,
            Text::Native(s) => {
                fmt_string(&mut self.out, &s, v);
                Handled::Yes
            }
            Text::Call(c, method) => {
                let nil_recv = matches!(c.recv, Some(Value::Ptr(None)));
                self.work.push(Work::Await(v, method, nil_recv));
                Handled::Call(c)
            }
        }
    }

    /// printValue: a value of static type `ty`; `iface` when it can be used as an interface
    /// (reflect's CanInterface: not when reached through an unexported field).
    fn val(
        &mut self,
        env: &mut dyn Env,
        x: Value,
        ty: Ty,
        v: Verb,
        depth: usize,
        iface: bool,
    ) -> Result<Option<Rc<Closure>>, Stop> {
        if depth > 0 && iface {
            // Below the top level, fmt calls the methods of the value (as an interface).
            let as_iface = match &x {
                Value::Iface(_) => x.clone(),
                other => Value::Iface(Some(Rc::new(crate::value::Iface {
                    ty,
                    val: other.clone(),
                    data: crate::value::Data::Static(0),
                }))),
            };
            if !matches!(as_iface, Value::Iface(None)) {
                match self.methods(env, &as_iface, v) {
                    Handled::Yes => return Ok(None),
                    Handled::Call(c) => return Ok(Some(c)),
                    Handled::No => {}
                }
            }
        }
        let types = env.types();
        let k = types.ukind(ty).clone();
        let name = types.name(ty);
        match (&k, &x) {
            (TypeKind::Bool, Value::Bool(b)) => match v.ch {
                'v' | 't' => {
                    fmt_string(&mut self.out, if *b { b"true" } else { b"false" }, plain(v))
                }
                c => self.bad(c, &name, if *b { "true" } else { "false" }),
            },
            (TypeKind::Int(ik), Value::Int(n)) => {
                let n = ik.value(*n);
                match v.ch {
                    'v' | 'd' => fmt_int(&mut self.out, n, 10, false, v),
                    'x' => fmt_int(&mut self.out, n, 16, false, v),
                    'X' => fmt_int(&mut self.out, n, 16, true, v),
                    'b' => fmt_int(&mut self.out, n, 2, false, v),
                    'o' => fmt_int(&mut self.out, n, 8, false, v),
                    'c' => fmt_string(&mut self.out, char_of(n).to_string().as_bytes(), v),
                    'q' => fmt_string(&mut self.out, quote_rune(char_of(n)).as_bytes(), v),
                    c => self.bad(c, &name, &n.to_string()),
                }
            }
            (TypeKind::Float64, Value::Float(f)) => match v.ch {
                'v' | 'g' if v.prec.is_none() => fmt_num_str(&mut self.out, &shortest_g(*f), v),
                'f' | 'F' => fmt_num_str(&mut self.out, &fixed(*f, v.prec.unwrap_or(6)), v),
                'e' => fmt_num_str(&mut self.out, &exp_form(*f, v.prec.unwrap_or(6)), v),
                'v' | 'g' => return Err(Stop::Unsupported("%g with a precision".into())),
                c => self.bad(c, &name, &shortest_g(*f)),
            },
            (TypeKind::String, Value::Str(s)) => match v.ch {
                'v' | 's' => fmt_string(&mut self.out, s, v),
                'q' => fmt_string(&mut self.out, quote(s).as_bytes(), plain(v)),
                'x' => fmt_string(&mut self.out, hex(s, false).as_bytes(), plain(v)),
                'X' => fmt_string(&mut self.out, hex(s, true).as_bytes(), plain(v)),
                c => self.bad(c, &name, &String::from_utf8_lossy(s)),
            },
            (TypeKind::Struct(fields), Value::Struct(vals)) => {
                let mut items = vec![Work::Text(b"{".to_vec())];
                for (i, (f, fv)) in fields.iter().zip(vals.iter()).enumerate() {
                    if i > 0 {
                        items.push(Work::Text(b" ".to_vec()));
                    }
                    if v.plus_v {
                        items.push(Work::Text(format!("{}:", f.name).into_bytes()));
                    }
                    let exported = f.name.chars().next().is_some_and(char::is_uppercase);
                    items.push(Work::Val {
                        v: fv.clone(),
                        ty: f.ty,
                        verb: v,
                        depth: depth + 1,
                        iface: iface && exported,
                    });
                }
                items.push(Work::Text(b"}".to_vec()));
                self.push_all(items);
            }
            (TypeKind::Interface(_), _) => match &x {
                Value::Iface(Some(i)) => {
                    let (iv, it) = (i.val.clone(), i.ty);
                    return self.val(env, iv, it, v, depth + 1, iface);
                }
                _ => fmt_string(&mut self.out, b"<nil>", plain(v)),
            },
            (TypeKind::Slice(elem), Value::Slice(s)) => {
                let bytes = matches!(
                    types.ukind(*elem),
                    TypeKind::Int(crate::types::IntKind::Uint8)
                );
                if bytes && matches!(v.ch, 's' | 'q' | 'x' | 'X') {
                    let b: Vec<u8> = s.elems().iter().map(|e| e.as_int() as u8).collect();
                    let w = Value::Str(Rc::from(b));
                    let st = env.string_ty();
                    return self.val(env, w, st, v, depth, false);
                }
                let mut items = vec![Work::Text(b"[".to_vec())];
                for (i, e) in s.elems().into_iter().enumerate() {
                    if i > 0 {
                        items.push(Work::Text(b" ".to_vec()));
                    }
                    items.push(Work::Val {
                        v: e,
                        ty: *elem,
                        verb: v,
                        depth: depth + 1,
                        iface,
                    });
                }
                items.push(Work::Text(b"]".to_vec()));
                self.push_all(items);
            }
            (TypeKind::Map(kt, vt), Value::Map(m)) => {
                let mut entries = m
                    .as_ref()
                    .map(|m| m.borrow().entries.clone())
                    .unwrap_or_default();
                sort_keys(types, *kt, &mut entries)?;
                let mut items = vec![Work::Text(b"map[".to_vec())];
                for (i, (key, val)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        items.push(Work::Text(b" ".to_vec()));
                    }
                    items.push(Work::Val {
                        v: key,
                        ty: *kt,
                        verb: v,
                        depth: depth + 1,
                        iface,
                    });
                    items.push(Work::Text(b":".to_vec()));
                    items.push(Work::Val {
                        v: val,
                        ty: *vt,
                        verb: v,
                        depth: depth + 1,
                        iface,
                    });
                }
                items.push(Work::Text(b"]".to_vec()));
                self.push_all(items);
            }
            (TypeKind::Pointer(elem), Value::Ptr(p)) => match p {
                None if v.ch == 'v' => fmt_string(&mut self.out, b"<nil>", plain(v)),
                None => {
                    return Err(Stop::Unsupported(
                        "a nil pointer with a numeric verb".into(),
                    ));
                }
                Some(p) => {
                    let pointee = types.ukind(*elem);
                    if depth == 0
                        && matches!(
                            pointee,
                            TypeKind::Struct(_) | TypeKind::Slice(_) | TypeKind::Map(..)
                        )
                    {
                        self.out.push(b'&');
                        let inner = p.load();
                        return self.val(env, inner, *elem, v, depth + 1, true);
                    }
                    return Err(Stop::Unsupported("printing a pointer's address".into()));
                }
            },
            (TypeKind::Func(_), Value::Func(None)) => fmt_string(&mut self.out, b"<nil>", plain(v)),
            (TypeKind::Func(_), _) => {
                return Err(Stop::Unsupported("printing a func value's address".into()));
            }
            _ => return Err(Stop::Unsupported(format!("fmt of a value of type {name}"))),
        }
        Ok(None)
    }

    fn push_all(&mut self, items: Vec<Work>) {
        self.work.extend(items.into_iter().rev());
    }

    fn bad(&mut self, c: char, ty: &str, v: &str) {
        self.out
            .extend_from_slice(format!("%!{c}({ty}={v})").as_bytes());
    }
}

fn verb(ch: char) -> Verb {
    Verb {
        ch,
        ..Verb::default()
    }
}

/// The verb without the flags that only numbers use.
fn plain(v: Verb) -> Verb {
    Verb { zero: false, ..v }
}

fn file_fd(v: Option<Value>) -> Option<Value> {
    match v {
        Some(Value::Ptr(Some(p))) => p.load().fields().first().cloned(),
        _ => None,
    }
}

fn char_of(n: i128) -> char {
    u32::try_from(n)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}')
}

/// Pads `s` to the verb's width (spaces, left or right; precision truncates strings).
fn fmt_string(out: &mut Vec<u8>, s: &[u8], v: Verb) {
    let s: Vec<u8> = match v.prec {
        Some(p) if matches!(v.ch, 's' | 'v') => {
            let text = String::from_utf8_lossy(s);
            text.chars().take(p).collect::<String>().into_bytes()
        }
        _ => s.to_vec(),
    };
    pad(out, &s, v, b' ');
}

fn pad(out: &mut Vec<u8>, s: &[u8], v: Verb, fill: u8) {
    let len = String::from_utf8_lossy(s).chars().count();
    let w = v.width.unwrap_or(0);
    if len >= w {
        out.extend_from_slice(s);
    } else if v.minus {
        out.extend_from_slice(s);
        out.extend(std::iter::repeat_n(b' ', w - len));
    } else {
        out.extend(std::iter::repeat_n(fill, w - len));
        out.extend_from_slice(s);
    }
}

fn fmt_int(out: &mut Vec<u8>, n: i128, base: u32, upper: bool, v: Verb) {
    let digits = match base {
        16 if upper => format!("{:X}", n.unsigned_abs()),
        16 => format!("{:x}", n.unsigned_abs()),
        8 => format!("{:o}", n.unsigned_abs()),
        2 => format!("{:b}", n.unsigned_abs()),
        _ => n.unsigned_abs().to_string(),
    };
    let sign = if n < 0 {
        "-"
    } else if v.plus {
        "+"
    } else if v.space {
        " "
    } else {
        ""
    };
    fmt_num_str(out, &format!("{sign}{digits}"), v);
}

/// Pads a formatted number: zero padding goes after the sign.
fn fmt_num_str(out: &mut Vec<u8>, s: &str, v: Verb) {
    let s = if v.plus && !s.starts_with('-') && !s.starts_with('+') {
        format!("+{s}")
    } else {
        s.to_string()
    };
    if v.zero
        && !v.minus
        && let Some(w) = v.width
    {
        let (sign, digits) = match s.strip_prefix(['-', '+']) {
            Some(d) => (&s[..1], d),
            None => ("", s.as_str()),
        };
        if s.len() < w {
            out.extend_from_slice(sign.as_bytes());
            out.extend(std::iter::repeat_n(b'0', w - s.len()));
            out.extend_from_slice(digits.as_bytes());
            return;
        }
    }
    pad(out, s.as_bytes(), v, b' ');
}

/// `%.Nf`: Rust and Go both round the exact binary value correctly.
fn fixed(f: f64, prec: usize) -> String {
    if !f.is_finite() {
        return shortest_g(f);
    }
    format!("{f:.prec$}")
}

/// `%.Ne` with Go's two-digit signed exponent.
fn exp_form(f: f64, prec: usize) -> String {
    if !f.is_finite() {
        return shortest_g(f);
    }
    let s = format!("{f:.prec$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    format!("{m}e{sign}{:02}", e.abs())
}

fn hex(s: &[u8], upper: bool) -> String {
    s.iter()
        .map(|b| {
            if upper {
                format!("{b:02X}")
            } else {
                format!("{b:02x}")
            }
        })
        .collect()
}

/// `strconv.Quote`: printable runes as they are, the rest escaped.
pub fn quote(s: &[u8]) -> String {
    let mut out = String::from("\"");
    let mut rest = s;
    while !rest.is_empty() {
        let (c, n) = decode_rune(rest);
        if c == '\u{FFFD}' && n == 1 && rest[0] >= 0x80 {
            out.push_str(&format!("\\x{:02x}", rest[0]));
        } else {
            escape(&mut out, c, '"');
        }
        rest = &rest[n..];
    }
    out.push('"');
    out
}

fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    escape(&mut out, c, '\'');
    out.push('\'');
    out
}

fn escape(out: &mut String, c: char, q: char) {
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        c if c == q => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if (c as u32) < 0x80 => out.push(c),
        // Non-ASCII: strconv keeps the runes unicode.IsPrint accepts; the model keeps letters,
        // marks, numbers, punctuation and symbols, and escapes the rest.
        c if c.is_alphanumeric()
            || (!c.is_control() && !c.is_whitespace() && (c as u32) != 0xFFFD) =>
        {
            out.push(c)
        }
        c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// Decodes one UTF-8 rune as Go does: invalid bytes are U+FFFD of width 1.
pub fn decode_rune(b: &[u8]) -> (char, usize) {
    let n = match b.first() {
        None => return ('\u{FFFD}', 0),
        Some(x) if *x < 0x80 => return (char::from(*x), 1),
        Some(x) if x & 0xE0 == 0xC0 => 2,
        Some(x) if x & 0xF0 == 0xE0 => 3,
        Some(x) if x & 0xF8 == 0xF0 => 4,
        _ => return ('\u{FFFD}', 1),
    };
    match b
        .get(..n)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.chars().next())
    {
        Some(c) => (c, n),
        None => ('\u{FFFD}', 1),
    }
}

/// fmt sorts map keys (internal/fmtsort): numbers by value, strings by bytes, false before true.
fn sort_keys(types: &Types, kt: Ty, entries: &mut [(Value, Value)]) -> Result<(), Stop> {
    match types.ukind(kt) {
        TypeKind::Int(k) => {
            let k = *k;
            entries.sort_by_key(|(key, _)| k.value(key.as_int()));
        }
        TypeKind::String => entries.sort_by(|(a, _), (b, _)| a.as_bytes().cmp(b.as_bytes())),
        TypeKind::Bool => entries.sort_by_key(|(key, _)| key.as_bool()),
        TypeKind::Float64 => {
            entries.sort_by(|(a, _), (b, _)| a.as_float().total_cmp(&b.as_float()))
        }
        _ => {
            return Err(Stop::Unsupported(format!(
                "printing a map with {} keys (fmt's key order)",
                types.name(kt)
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quickcheck::quickcheck;

    fn int_with(n: i64, ch: char) -> String {
        let mut out = Vec::new();
        let base = if matches!(ch, 'x' | 'X') { 16 } else { 10 };
        fmt_int(&mut out, i128::from(n), base, ch == 'X', verb(ch));
        String::from_utf8_lossy(&out).into_owned()
    }

    quickcheck! {
        fn d_is_decimal(n: i64) -> bool {
            int_with(n, 'd') == n.to_string()
        }

        fn x_is_signed_hex(n: i64) -> bool {
            let want = if n < 0 { format!("-{:x}", n.unsigned_abs()) } else { format!("{n:x}") };
            int_with(n, 'x') == want && int_with(n, 'X') == want.to_uppercase()
        }

        fn width_pads_to_at_least_the_width(s: String, w: u8) -> bool {
            let w = usize::from(w % 40);
            let mut out = Vec::new();
            fmt_string(&mut out, s.as_bytes(), Verb { width: Some(w), ..verb('s') });
            let text = String::from_utf8_lossy(&out).into_owned();
            text.chars().count() == s.chars().count().max(w) && text.trim_start_matches(' ').ends_with(s.trim_start_matches(' '))
        }

        fn quote_round_trips_printable_ascii(s: String) -> bool {
            let s: String = s.chars().filter(|c| c.is_ascii() && !c.is_ascii_control()).collect();
            let q = quote(s.as_bytes());
            let inner = &q[1..q.len() - 1];
            inner.replace("\\\"", "\"").replace("\\\\", "\\") == s
        }

        fn decode_rune_agrees_with_utf8(s: String) -> bool {
            let b = s.as_bytes();
            let mut i = 0;
            let mut chars = s.chars();
            while i < b.len() {
                let (c, w) = decode_rune(&b[i..]);
                if Some(c) != chars.next() || w != c.len_utf8() {
                    return false;
                }
                i += w;
            }
            chars.next().is_none()
        }
    }

    #[test]
    fn invalid_utf8_decodes_to_the_replacement_rune() {
        assert_eq!(decode_rune(&[0xff, b'a']), ('\u{FFFD}', 1));
        assert_eq!(decode_rune(&[0xe2, 0x82]), ('\u{FFFD}', 1));
    }

    #[test]
    fn quote_escapes_like_strconv() {
        assert_eq!(quote(b"a\"b\n"), r#""a\"b\n""#);
        assert_eq!(quote(b"\x01\x7f"), r#""\x01\x7f""#);
        assert_eq!(quote(&[0xff]), r#""\xff""#);
    }
}
