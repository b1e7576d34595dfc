//! How gc words compile errors: the expressions, types and type lists its messages quote,
//! and the messages whose text changed between releases (each in one function here).
//!
//! Every function answers `None` where the model cannot know gc's text: a literal whose
//! source text is not kept, or a type gc spells one of two ways (`byte` or `uint8`, `rune` or
//! `int32`, `any` or `interface{}`) that the model does not tell apart. An error quoting such
//! a thing keeps the model's words ([`Wording::Model`]).

use super::expr::{Op, UntypedExpr};
use super::{Checker, ConstVal};
use crate::diag::Wording;
use crate::ir::{Expr, ExprKind};
use crate::syntax::{self, ExprKind as S, UnOp};
use crate::types::{IntKind, Ty, TypeKind, Untyped};
use crate::value::Value;
use crate::version::Version;
use std::rc::Rc;

/// `x declared and not used`, as each release words it.
pub fn unused_variable(name: &str) -> Wording {
    let mut texts = unused_name_first(name);
    texts.push((
        Version::new(1, 23, None),
        format!("declared and not used: {name}"),
    ));
    Wording::ByRelease(texts)
}

/// The variable a type switch declares (`switch v := x.(type)`), unused in every clause: its
/// message kept the name first when go1.23 moved it for other variables.
pub fn unused_type_switch_variable(name: &str) -> Wording {
    Wording::ByRelease(unused_name_first(name))
}

/// An unused variable's message up to go1.22, the name first.
fn unused_name_first(name: &str) -> Vec<(Version, String)> {
    vec![
        (
            Version::new(1, 19, None),
            format!("{name} declared but not used"),
        ),
        (
            Version::new(1, 21, None),
            format!("{name} declared and not used"),
        ),
    ]
}

/// A typed operand that cannot be used as a `target` value in `context`, as each release
/// words it.
pub fn cannot_use_typed(operand: &str, target: &str, context: &str) -> Wording {
    Wording::ByRelease(vec![
        (
            Version::new(1, 19, None),
            format!("cannot use {operand} as type {target} in {context}"),
        ),
        (
            Version::new(1, 21, None),
            format!("cannot use {operand} as {target} value in {context}"),
        ),
    ])
}

/// `"os" imported and not used` (`"os" imported as o and not used` when renamed), as each
/// release words it.
pub fn unused_import(path: &str, alias: Option<&str>) -> Wording {
    let (old, new) = match alias {
        None => (
            format!("imported and not used: {path:?}"),
            format!("{path:?} imported and not used"),
        ),
        Some(a) => (
            format!("imported and not used: {path:?} as {a}"),
            format!("{path:?} imported as {a} and not used"),
        ),
    };
    Wording::ByRelease(vec![
        (Version::new(1, 19, None), old),
        (Version::new(1, 21, None), new),
    ])
}

impl Checker<'_> {
    /// The expression as gc's errors quote it: its source with one blank around each binary
    /// operator, literals as written.
    pub(super) fn gc_expr(&self, e: &syntax::Expr) -> Option<String> {
        Some(match &e.kind {
            S::Ident(name) => name.clone(),
            S::Int(_) | S::Float(_) | S::Imag(_) | S::Str(_) | S::Rune(_) => {
                self.literals.get(&e.pos)?.clone()
            }
            S::Selector(x, name) => format!("{}.{}", self.gc_expr(x)?, name.name),
            S::Index(x, i) => format!("{}[{}]", self.gc_expr(x)?, self.gc_expr(i)?),
            S::Paren(x) => format!("({})", self.gc_expr(x)?),
            S::Call { func, args, spread } => {
                let args: Option<Vec<String>> = args.iter().map(|a| self.gc_expr(a)).collect();
                let dots = if *spread { "..." } else { "" };
                format!("{}({}{dots})", self.gc_expr(func)?, args?.join(", "))
            }
            S::Unary(op, x) => {
                let symbol = match op {
                    UnOp::Neg => "-",
                    UnOp::Plus => "+",
                    UnOp::Not => "!",
                    UnOp::Complement => "^",
                    UnOp::Deref => "*",
                    UnOp::Addr => "&",
                };
                format!("{symbol}{}", self.gc_expr(x)?)
            }
            S::Binary(op, x, y) => {
                format!("{} {} {}", self.gc_expr(x)?, op.symbol(), self.gc_expr(y)?)
            }
            _ => return None,
        })
    }

    /// A constant operand of type `t` as gc's errors describe it: `1 (constant of type int)`,
    /// `1 + 1 (constant 2 of type int)`. Named types are left out: go1.27 says `constant of
    /// int type T` where go1.19 says `constant of type T`.
    pub(super) fn gc_constant(&self, e: &syntax::Expr, v: &Value, t: Ty) -> Option<String> {
        self.constant_operand(self.gc_expr(e)?, gc_value(v)?, t)
    }

    /// A constant operand `expr` of value `value` and type `t`: the value is shown where the
    /// expression is not already its text.
    fn constant_operand(&self, expr: String, value: String, t: Ty) -> Option<String> {
        let shown = if expr == value {
            String::new()
        } else {
            format!(" {value}")
        };
        match self.types.kind(t) {
            TypeKind::Untyped(u) => Some(format!(
                "{expr} (untyped {} constant{shown})",
                untyped_name(*u)
            )),
            TypeKind::Named(_) => None,
            _ => Some(format!(
                "{expr} (constant{shown} of type {})",
                self.gc_type(t)?
            )),
        }
    }

    /// An operand as gc's errors describe it: `x (variable of type int)`, `f() (value of type
    /// string)`, `"a" (untyped string constant)`, `1 + 2 (untyped int constant 3)`. Operands of
    /// named types are left out: later releases add the kind (`variable of struct type T`).
    pub(super) fn gc_operand(&self, e: &syntax::Expr, op: &Op) -> Option<String> {
        let expr = self.gc_expr(e)?;
        match op {
            Op::Const(v, t, _) => self.constant_operand(expr, const_text(v)?, *t),
            Op::Value(x) if self.types.named(x.ty).is_none() => {
                let mode = match (&e.kind, &x.kind) {
                    (S::Ident(_), ExprKind::Load(crate::ir::Place::Var(_))) => "variable",
                    (S::Index(..), ExprKind::Load(place)) if self.addressable(place) => "variable",
                    (S::Call { .. }, _) => "value",
                    _ => return None,
                };
                Some(format!("{expr} ({mode} of type {})", self.gc_type(x.ty)?))
            }
            _ => None,
        }
    }

    /// A type as gc's errors name it: the types of package main unqualified.
    pub(super) fn gc_type(&self, t: Ty) -> Option<String> {
        if self.aliases {
            return None;
        }
        Some(match self.types.kind(t) {
            TypeKind::Bool => "bool".into(),
            // `byte` and `rune` are the same types, spelled as the program spelled them.
            TypeKind::Int(IntKind::Uint8 | IntKind::Int32) => return None,
            TypeKind::Int(k) => k.name().into(),
            TypeKind::Float(k) => format!("float{}", k.bits()),
            TypeKind::Complex(k) => format!("complex{}", 2 * k.bits()),
            TypeKind::String => "string".into(),
            TypeKind::Pointer(e) => format!("*{}", self.gc_type(*e)?),
            TypeKind::Slice(e) => format!("[]{}", self.gc_type(*e)?),
            TypeKind::Array(e, n) => format!("[{n}]{}", self.gc_type(*e)?),
            TypeKind::Map(k, v) => format!("map[{}]{}", self.gc_type(*k)?, self.gc_type(*v)?),
            TypeKind::Func(sig) => {
                let params = self.gc_types(&sig.params, sig.variadic)?;
                match sig.results.as_slice() {
                    [] => format!("func{params}"),
                    [r] => format!("func{params} {}", self.gc_type(*r)?),
                    rs => format!("func{params} {}", self.gc_types(rs, false)?),
                }
            }
            TypeKind::Named(_) => {
                let n = self.types.named(t)?;
                match n.pkg.as_str() {
                    "" | "main" => n.name.clone(),
                    pkg => format!("{pkg}.{}", n.name),
                }
            }
            TypeKind::Untyped(u) => format!("untyped {}", untyped_name(*u)),
            TypeKind::Struct(_) | TypeKind::Interface(_) | TypeKind::Tuple(_) => return None,
        })
    }

    /// A parenthesized list of types, the last one `...E` for a variadic slice `[]E`.
    fn gc_types(&self, ts: &[Ty], variadic: bool) -> Option<String> {
        let mut out = Vec::new();
        for (i, t) in ts.iter().enumerate() {
            match self.types.kind(*t) {
                TypeKind::Slice(e) if variadic && i + 1 == ts.len() => {
                    out.push(format!("...{}", self.gc_type(*e)?));
                }
                _ => out.push(self.gc_type(*t)?),
            }
        }
        Some(format!("({})", out.join(", ")))
    }

    /// The `have (...)` or `want (...)` list of a count error: untyped numeric constants are
    /// `number`, other untyped values their kind without `untyped` (`string`, `nil`).
    pub(super) fn gc_summary(&self, ts: &[Summand], variadic: bool) -> Option<String> {
        let mut out = Vec::new();
        for (i, s) in ts.iter().enumerate() {
            out.push(match s {
                Summand::Nil => "nil".to_string(),
                Summand::Untyped(
                    Untyped::Int | Untyped::Rune | Untyped::Float | Untyped::Complex,
                ) => "number".to_string(),
                Summand::Untyped(u) => untyped_name(*u).to_string(),
                Summand::Typed(t) => match self.types.kind(*t) {
                    TypeKind::Slice(e) if variadic && i + 1 == ts.len() => {
                        format!("...{}", self.gc_type(*e)?)
                    }
                    _ => self.gc_type(*t)?,
                },
                Summand::Unknown => return None,
            });
        }
        Some(format!("({})", out.join(", ")))
    }

    /// What an operand adds to a `have` list.
    pub(super) fn summand(&self, op: &Op) -> Summand {
        let untyped_or = |t: Ty| match self.types.kind(t) {
            TypeKind::Untyped(u) => Summand::Untyped(*u),
            _ => Summand::Typed(t),
        };
        match op {
            Op::Value(e) => untyped_or(e.ty),
            Op::Const(_, t, _) => untyped_or(*t),
            Op::Untyped(tree, ..) => match tree {
                UntypedExpr::Const(_, t, _) => untyped_or(*t),
                _ => Summand::Unknown,
            },
            Op::Nil(_) => Summand::Nil,
            Op::Type(..) | Op::Builtin(..) | Op::Package(_) | Op::NoValue(_) | Op::Tuple(_) => {
                Summand::Unknown
            }
        }
    }
}

/// A constant value as gc's errors print it: integers and booleans, and short strings of
/// printable ASCII (which gc quotes as written, without escapes).
pub(super) fn gc_value(v: &Value) -> Option<String> {
    match v {
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Str(s)
            if s.len() <= 60
                && s.iter()
                    .all(|&c| (0x20..0x7f).contains(&c) && c != b'"' && c != b'\\') =>
        {
            Some(format!("\"{}\"", String::from_utf8_lossy(s)))
        }
        _ => None,
    }
}

/// An untyped or basic constant's value as gc's errors print it, where the model knows how.
fn const_text(v: &ConstVal) -> Option<String> {
    match v {
        ConstVal::Int(i) => Some(i.to_string()),
        ConstVal::Bool(b) => Some(b.to_string()),
        ConstVal::Str(s) => gc_value(&Value::Str(s.clone())),
        _ => None,
    }
}

/// The identity of a constant in duplicate checks: its type and its value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum ConstKey {
    Int(i64),
    /// By bits: a constant is never a NaN or a negative zero.
    Float(u64),
    Complex(u64, u64),
    Bool(bool),
    Str(Rc<[u8]>),
}

/// The constant an expression is, with its type (a constant converted to an interface is the
/// constant inside).
pub(super) fn constant_of(e: &Expr) -> Option<(Ty, &Value, ConstKey)> {
    let (ty, v) = match &e.kind {
        ExprKind::Const(Value::Iface(Some(i))) => (i.ty, &i.val),
        ExprKind::Const(v) => (e.ty, v),
        ExprKind::Convert(inner) => match &inner.kind {
            ExprKind::Const(v) => (inner.ty, v),
            _ => return None,
        },
        _ => return None,
    };
    let key = match v {
        Value::Int(i) => ConstKey::Int(*i),
        Value::Float(f) => ConstKey::Float(f.to_bits()),
        Value::Complex(re, im) => ConstKey::Complex(re.to_bits(), im.to_bits()),
        Value::Bool(b) => ConstKey::Bool(*b),
        Value::Str(s) => ConstKey::Str(s.clone()),
        _ => return None,
    };
    Some((ty, v, key))
}

/// One entry of a `have` or `want` list.
#[derive(Clone, Copy, Debug)]
pub(super) enum Summand {
    Typed(Ty),
    Untyped(Untyped),
    Nil,
    /// Something whose entry the model does not know.
    Unknown,
}

fn untyped_name(u: Untyped) -> &'static str {
    match u {
        Untyped::Bool => "bool",
        Untyped::Int => "int",
        Untyped::Rune => "rune",
        Untyped::Float => "float",
        Untyped::Complex => "complex",
        Untyped::String => "string",
    }
}
