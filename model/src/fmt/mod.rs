//! The modeled part of package fmt: Print, Println, Printf and their S/F/Errorf variants, every
//! verb and flag with a width and precision written in the format (`%#v`, `%p`, and widths or
//! operand indexes taken from the operands are refused). Formatting is a resumable task: when a
//! value's Error or String method is written in Go, the task stops, the machine runs the
//! method, and the task resumes with its result, so that every method runs exactly when fmt
//! would run it.

mod format;

use crate::ir::FmtFunc;
use crate::machine::Stop;
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
    /// Binding the method is outside the model.
    Refused(Stop),
}

/// What fmt needs from the machine.
pub trait Env {
    fn types(&self) -> &Types;
    /// The Error (else String) method of an interface value's dynamic type.
    fn text(&mut self, v: &Value) -> Text;
    /// Whether an interface value's dynamic type implements `error`.
    fn is_error(&self, v: &Value) -> bool;
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
    /// The result of an Error or String method, to print under the verb.
    Result(Vec<u8>, Verb),
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

    /// The result of the method the machine ran: printed next, under the verb it was for.
    pub fn resume(&mut self, s: Vec<u8>) {
        if let Some(Work::Await(v, ..)) = self.work.pop() {
            self.work.push(Work::Result(s, v));
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
                Work::Result(s, v) => self.string_verb(&s, &v)?,
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
                    b'-' => {
                        v.minus = true;
                        // Zero padding is allowed only to the left.
                        v.zero = false;
                    }
                    b'+' => v.plus = true,
                    b'0' => v.zero = !v.minus,
                    b' ' => v.space = true,
                    b'#' => v.sharp = true,
                    _ => break,
                }
                i += 1;
            }
            match number(format, &mut i) {
                Ok(width) => v.width = width,
                Err(what) => {
                    items.push(Work::Unsupported(what));
                    break;
                }
            }
            // A `.` ends the format when it is its last byte; `%.d` has precision 0.
            if i + 1 < format.len() && format[i] == b'.' {
                i += 1;
                match number(format, &mut i) {
                    Ok(prec) => v.prec = Some(prec.unwrap_or(0)),
                    Err(what) => {
                        items.push(Work::Unsupported(what));
                        break;
                    }
                }
            }
            let Some(ch) = std::str::from_utf8(&format[i..])
                .ok()
                .and_then(|s| s.chars().next())
                .or_else(|| (i < format.len()).then_some('\u{FFFD}'))
            else {
                text.extend_from_slice(b"%!(NOVERB)");
                break;
            };
            i += if ch == '\u{FFFD}' && std::str::from_utf8(&format[i..]).is_err() {
                crate::strconv::decode_rune(&format[i..]).1.max(1)
            } else {
                ch.len_utf8()
            };
            v.ch = ch;
            if ch == '%' {
                // `%%` takes no operand and ignores the width and precision.
                text.push(b'%');
                continue;
            }
            // With %v, '+' asks for field names and '#' for Go syntax, not for signs.
            if ch == 'v' || ch == 'w' {
                v.plus_v = std::mem::take(&mut v.plus);
                v.sharp_v = std::mem::take(&mut v.sharp);
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
                    } else if ch == 'w' {
                        items.push(Work::Unsupported("the %w verb outside fmt.Errorf"));
                        continue;
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
                'T' | 'v' => format::pad(&mut self.out, b"<nil>", &v),
                '!' => self.out.extend_from_slice(b"<nil>"),
                c => self
                    .out
                    .extend_from_slice(format!("%!{c}(<nil>)").as_bytes()),
            }
            return Ok(None);
        };
        if v.ch == '!' {
            // An EXTRA operand: its type, then its value with %v and no flags.
            let name = env.types().name(i.ty);
            self.out.extend_from_slice(format!("{name}=").as_bytes());
            return self.arg(env, a.clone(), verb('v'));
        }
        if v.ch == 'T' {
            let name = env.types().name(i.ty);
            format::string(&mut self.out, name.as_bytes(), &v);
            return Ok(None);
        }
        if v.ch == 'p' {
            return Err(Stop::Unsupported("the %p verb (addresses)".into()));
        }
        if v.sharp_v {
            return Err(Stop::Unsupported("the %#v verb".into()));
        }
        match self.methods(env, &a, v)? {
            Handled::Yes => return Ok(None),
            Handled::Call(c) => return Ok(Some(c)),
            Handled::No => {}
        }
        let (val, ty) = (i.val.clone(), i.ty);
        self.val(env, val, ty, v, 0, true)
    }

    /// handleMethods: Error, then String, for the verbs that print strings.
    fn methods(&mut self, env: &mut dyn Env, a: &Value, v: Verb) -> Result<Handled, Stop> {
        if !matches!(v.ch, 'v' | 's' | 'x' | 'X' | 'q') {
            return Ok(Handled::No);
        }
        Ok(match env.text(a) {
            Text::None => Handled::No,
            Text::Native(s) => {
                self.string_verb(&s, &v)?;
                Handled::Yes
            }
            Text::Refused(stop) => return Err(stop),
            Text::Call(c, method) => {
                let nil_recv = matches!(c.recv, Some(Value::Ptr(None)));
                self.work.push(Work::Await(v, method, nil_recv));
                Handled::Call(c)
            }
        })
    }

    /// A string under a string verb, as a method's result is printed.
    fn string_verb(&mut self, s: &[u8], v: &Verb) -> Result<(), Stop> {
        format::string_verb(&mut self.out, s, v).map_err(unknown)?;
        Ok(())
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
                match self.methods(env, &as_iface, v)? {
                    Handled::Yes => return Ok(None),
                    Handled::Call(c) => return Ok(Some(c)),
                    Handled::No => {}
                }
            }
        }
        let types = env.types();
        let k = types.ukind(ty).clone();
        let out = &mut self.out;
        let good = match (&k, &x) {
            (TypeKind::Bool, Value::Bool(b)) => {
                let ok = matches!(v.ch, 'v' | 't');
                if ok {
                    format::boolean(out, *b, &v);
                }
                ok
            }
            (TypeKind::Int(ik), Value::Int(n)) => {
                // The 64 bits of the value, as fmt receives them.
                let u = ik.value(*n) as i64 as u64;
                let signed = ik.signed();
                match v.ch {
                    'v' | 'd' => format::integer(out, u, 10, signed, &v),
                    'b' => format::integer(out, u, 2, signed, &v),
                    'o' | 'O' => format::integer(out, u, 8, signed, &v),
                    'x' | 'X' => format::integer(out, u, 16, signed, &v),
                    'c' => format::character(out, u, &v),
                    'q' => format::quoted_rune(out, u, &v).map_err(unknown)?,
                    'U' => format::unicode(out, u, &v).map_err(unknown)?,
                    _ => return self.bad_verb(env, x, ty, v),
                }
                true
            }
            (TypeKind::Float(k), Value::Float(f)) => {
                if !float_verb(v.ch) {
                    return self.bad_verb(env, x, ty, v);
                }
                format::float(out, *f, *k, &v);
                true
            }
            (TypeKind::Complex(k), Value::Complex(re, im)) => {
                if !float_verb(v.ch) {
                    return self.bad_verb(env, x, ty, v);
                }
                // Each part under the verb, width included; the imaginary one always signed.
                out.push(b'(');
                format::float(out, *re, *k, &v);
                format::float(out, *im, *k, &Verb { plus: true, ..v });
                out.extend_from_slice(b"i)");
                true
            }
            (TypeKind::String, Value::Str(s)) => {
                let s = s.clone();
                let printed = format::string_verb(out, &s, &v).map_err(unknown)?;
                if !printed {
                    return self.bad_verb(env, x, ty, v);
                }
                true
            }
            (TypeKind::Struct(fields), Value::Struct(vals)) => {
                let parts = fields.iter().zip(vals.iter()).map(|(f, fv)| {
                    let exported = f.name.chars().next().is_some_and(char::is_uppercase);
                    let field = Work::inner(fv.clone(), f.ty, v, depth, iface && exported);
                    if v.plus_v {
                        vec![Work::Text(format!("{}:", f.name).into_bytes()), field]
                    } else {
                        vec![field]
                    }
                });
                self.push_all(joined(b"{", parts, b"}"));
                true
            }
            (TypeKind::Interface(_), _) => match &x {
                Value::Iface(Some(i)) => {
                    let (iv, it) = (i.val.clone(), i.ty);
                    return self.val(env, iv, it, v, depth + 1, iface);
                }
                _ => {
                    format::pad(out, b"<nil>", &v);
                    true
                }
            },
            (
                TypeKind::Slice(elem) | TypeKind::Array(elem, _),
                Value::Slice(_) | Value::Array(_),
            ) => {
                let elems = match &x {
                    Value::Slice(s) => s.elems(),
                    other => other.fields().to_vec(),
                };
                let bytes = matches!(
                    types.ukind(*elem),
                    TypeKind::Int(crate::types::IntKind::Uint8)
                );
                if bytes && matches!(v.ch, 's' | 'q' | 'x' | 'X') {
                    let b: Vec<u8> = elems.iter().map(|e| e.as_int() as u8).collect();
                    format::string_verb(out, &b, &v).map_err(unknown)?;
                    return Ok(None);
                }
                let parts = elems
                    .into_iter()
                    .map(|e| vec![Work::inner(e, *elem, v, depth, iface)]);
                self.push_all(joined(b"[", parts, b"]"));
                true
            }
            (TypeKind::Map(kt, vt), Value::Map(m)) => {
                let mut entries = m
                    .as_ref()
                    .map(|m| {
                        m.borrow()
                            .entries()
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                sort_keys(types, *kt, &mut entries)?;
                let parts = entries.into_iter().map(|(key, val)| {
                    vec![
                        Work::inner(key, *kt, v, depth, iface),
                        Work::Text(b":".to_vec()),
                        Work::inner(val, *vt, v, depth, iface),
                    ]
                });
                self.push_all(joined(b"map[", parts, b"]"));
                true
            }
            (TypeKind::Pointer(elem), Value::Ptr(p)) => match p {
                None if v.ch == 'v' => {
                    format::pad(out, b"<nil>", &v);
                    true
                }
                None => {
                    return Err(Stop::Unsupported(
                        "a nil pointer with a verb other than %v".into(),
                    ));
                }
                Some(p) => {
                    let pointee = types.ukind(*elem);
                    if depth == 0
                        && matches!(
                            pointee,
                            TypeKind::Struct(_)
                                | TypeKind::Array(..)
                                | TypeKind::Slice(_)
                                | TypeKind::Map(..)
                        )
                    {
                        out.push(b'&');
                        let inner = p.load();
                        return self.val(env, inner, *elem, v, depth + 1, true);
                    }
                    return Err(Stop::Unsupported("printing a pointer's address".into()));
                }
            },
            (TypeKind::Func(_), Value::Func(None)) if v.ch == 'v' => {
                format::pad(out, b"<nil>", &v);
                true
            }
            (TypeKind::Func(_), _) => {
                return Err(Stop::Unsupported("printing a func value's address".into()));
            }
            _ => {
                let name = types.name(ty);
                return Err(Stop::Unsupported(format!("fmt of a value of type {name}")));
            }
        };
        if good {
            Ok(None)
        } else {
            self.bad_verb(env, x, ty, v)
        }
    }

    /// badVerb: `%!c(type=value)`, the value printed with %v under the same flags, without
    /// calling its methods.
    fn bad_verb(
        &mut self,
        env: &mut dyn Env,
        x: Value,
        ty: Ty,
        v: Verb,
    ) -> Result<Option<Rc<Closure>>, Stop> {
        let name = env.types().name(ty);
        self.out
            .extend_from_slice(format!("%!{}({name}=", v.ch).as_bytes());
        self.work.push(Work::Text(b")".to_vec()));
        self.val(env, x, ty, Verb { ch: 'v', ..v }, 0, false)
    }

    fn push_all(&mut self, items: Vec<Work>) {
        self.work.extend(items.into_iter().rev());
    }
}

/// A rune whose printability the model does not know stops the formatting.
fn unknown(u: crate::strconv::Unknown) -> Stop {
    Stop::Unsupported(format!(
        "quoting U+{:04X}, whose printability gc's Unicode tables decide",
        u.0 as u32
    ))
}

/// A decimal width or precision at `format[*i..]`: `Ok(None)` when there is none; refused (what
/// is not modeled) when the operands give it or it exceeds a million (where fmt gives up).
fn number(format: &[u8], i: &mut usize) -> Result<Option<usize>, &'static str> {
    if matches!(format.get(*i), Some(b'*' | b'[')) {
        // Widths, precisions and argument indexes taken from the operands.
        return Err("a width, precision or operand index given by the operands (`*`, `[n]`)");
    }
    let start = *i;
    let mut n: usize = 0;
    while *i < format.len() && format[*i].is_ascii_digit() {
        if n > 1_000_000 {
            return Err("a width or precision over a million");
        }
        n = n * 10 + usize::from(format[*i] - b'0');
        *i += 1;
    }
    Ok((*i > start).then_some(n))
}

fn verb(ch: char) -> Verb {
    Verb {
        ch,
        ..Verb::default()
    }
}

fn file_fd(v: Option<Value>) -> Option<Value> {
    match v {
        Some(Value::Ptr(Some(p))) => p.load().fields().first().cloned(),
        _ => None,
    }
}

impl Work {
    /// A component of a value at `depth`, under the same verb.
    fn inner(v: Value, ty: Ty, verb: Verb, depth: usize, iface: bool) -> Work {
        Work::Val {
            v,
            ty,
            verb,
            depth: depth + 1,
            iface,
        }
    }
}

/// `open`, the parts separated by spaces, `close`: how fmt writes structs, arrays, slices and
/// maps.
fn joined(open: &[u8], parts: impl Iterator<Item = Vec<Work>>, close: &[u8]) -> Vec<Work> {
    let mut items = vec![Work::Text(open.to_vec())];
    for (i, part) in parts.enumerate() {
        if i > 0 {
            items.push(Work::Text(b" ".to_vec()));
        }
        items.extend(part);
    }
    items.push(Work::Text(close.to_vec()));
    items
}

/// The verbs fmt formats a float or complex value with.
fn float_verb(ch: char) -> bool {
    matches!(
        ch,
        'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E'
    )
}

/// fmt sorts map keys (internal/fmtsort): numbers by value (NaN first), strings by bytes,
/// false before true, arrays and structs component by component.
fn sort_keys(types: &Types, kt: Ty, entries: &mut [(Value, Value)]) -> Result<(), Stop> {
    if !orderable(types, kt) {
        return Err(Stop::Unsupported(format!(
            "printing a map with {} keys (fmt's key order)",
            types.name(kt)
        )));
    }
    entries.sort_by(|(a, _), (b, _)| key_order(types, kt, a, b));
    // Distinct keys fmt cannot order (NaNs) keep the map's random iteration order.
    if entries
        .windows(2)
        .any(|w| key_order(types, kt, &w[0].0, &w[1].0).is_eq())
    {
        return Err(Stop::Unsupported(
            "printing a map with keys fmt does not order (NaNs: their order is random)".into(),
        ));
    }
    Ok(())
}

/// Whether the model orders map keys of type `t` as fmt does.
fn orderable(types: &Types, t: Ty) -> bool {
    match types.ukind(t) {
        TypeKind::Int(_)
        | TypeKind::String
        | TypeKind::Bool
        | TypeKind::Float(_)
        | TypeKind::Complex(_) => true,
        TypeKind::Array(e, _) => orderable(types, *e),
        TypeKind::Struct(fs) => fs.iter().all(|f| orderable(types, f.ty)),
        _ => false,
    }
}

/// fmtsort's order of floats: NaN first.
fn float_order(x: f64, y: f64) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (x.is_nan(), y.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
    }
}

/// fmtsort's order of two keys of an [`orderable`] type.
fn key_order(types: &Types, t: Ty, a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (types.ukind(t), a, b) {
        (TypeKind::Int(k), Value::Int(x), Value::Int(y)) => k.value(*x).cmp(&k.value(*y)),
        (TypeKind::Float(_), Value::Float(x), Value::Float(y)) => float_order(*x, *y),
        // The real parts, then the imaginary ones.
        (TypeKind::Complex(_), Value::Complex(xr, xi), Value::Complex(yr, yi)) => {
            float_order(*xr, *yr).then(float_order(*xi, *yi))
        }
        (TypeKind::String, Value::Str(x), Value::Str(y)) => x.cmp(y),
        (TypeKind::Bool, Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (TypeKind::Array(e, _), _, _) => a
            .fields()
            .iter()
            .zip(b.fields())
            .map(|(x, y)| key_order(types, *e, x, y))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal),
        (TypeKind::Struct(fs), _, _) => fs
            .iter()
            .zip(a.fields().iter().zip(b.fields()))
            .map(|(f, (x, y))| key_order(types, f.ty, x, y))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal),
        _ => Ordering::Equal,
    }
}
