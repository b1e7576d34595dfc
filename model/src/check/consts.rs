//! Constant values and constant arithmetic. Go's untyped constants are exact: the model keeps
//! integers as i128 and untyped floating-point constants as exact fractions of i128s (refusing
//! programs whose constants outgrow them); typed float64 constants are f64, and an f64 result is
//! only produced by correctly rounding an exact value, as gc does.

use super::{Checker, Res};
use crate::syntax::{BinOp, Pos, UnOp};
use crate::types::{Ty, TypeKind, Untyped};
use crate::value::Value;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub enum ConstVal {
    Bool(bool),
    Int(i128),
    /// An exact untyped floating-point value: numerator, positive denominator, in lowest terms.
    Rat(i128, i128),
    /// A float64 value (typed constants, and literals too large for `Rat`).
    Float(f64),
    Str(Rc<[u8]>),
}

/// Largest integer below which every integer is exactly an f64.
const F64_EXACT: f64 = 9_007_199_254_740_992.0;
const F64_EXACT_INT: i128 = 1 << 53;

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// An exact fraction in lowest terms, as an integer when the denominator is 1... kept as `Rat`
/// (the kind is the constant's type's business, not the value's).
fn rat(n: i128, d: i128) -> Option<ConstVal> {
    if d == 0 {
        return None;
    }
    let g = gcd(n, d);
    let (n, d) = if d < 0 {
        (-n / g, -d / g)
    } else {
        (n / g, d / g)
    };
    Some(ConstVal::Rat(n, d))
}

impl ConstVal {
    /// A floating-point literal, exact when it fits.
    pub fn from_float_literal(text: &str) -> Option<ConstVal> {
        let lower = text.to_ascii_lowercase();
        let (mant, exp) = match lower.split_once('e') {
            Some((m, e)) => (m.to_string(), e.parse::<i32>().ok()?),
            None => (lower.clone(), 0),
        };
        let (int, frac) = mant.split_once('.').unwrap_or((&mant, ""));
        let digits = format!("{int}{frac}");
        let exact = (|| {
            let mut n: i128 = if digits.is_empty() {
                0
            } else {
                digits.parse().ok()?
            };
            let mut d: i128 = 10i128.checked_pow(frac.len() as u32)?;
            if exp >= 0 {
                n = n.checked_mul(10i128.checked_pow(exp as u32)?)?;
            } else {
                d = d.checked_mul(10i128.checked_pow(exp.unsigned_abs())?)?;
            }
            rat(n, d)
        })();
        match exact {
            Some(r) => Some(r),
            None => text
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(ConstVal::Float),
        }
    }

    pub fn as_int(&self) -> Option<i128> {
        match self {
            ConstVal::Int(i) => Some(*i),
            ConstVal::Rat(n, 1) => Some(*n),
            ConstVal::Float(f) if f.fract() == 0.0 && f.abs() < F64_EXACT => Some(*f as i128),
            _ => None,
        }
    }

    /// The exact value as a fraction, if it is one.
    fn as_rat(&self) -> Option<(i128, i128)> {
        match self {
            ConstVal::Int(i) => Some((*i, 1)),
            ConstVal::Rat(n, d) => Some((*n, *d)),
            _ => None,
        }
    }

    /// The float64 nearest the exact value (`None` when the model cannot round it correctly).
    fn as_float(&self) -> Option<f64> {
        match self {
            ConstVal::Int(i) => Some(*i as f64),
            ConstVal::Float(f) => Some(*f),
            ConstVal::Rat(n, d) => {
                if *d == 1 || (n.abs() < F64_EXACT_INT && *d < F64_EXACT_INT) {
                    // IEEE division of two exact operands is correctly rounded.
                    return Some(*n as f64 / *d as f64);
                }
                // A power-of-ten denominator: let the (correctly rounding) decimal parser do it.
                let mut k = 0u32;
                let mut r = *d;
                while r % 10 == 0 {
                    r /= 10;
                    k += 1;
                }
                (r == 1)
                    .then(|| format!("{n}e-{k}").parse::<f64>().ok())
                    .flatten()
            }
            _ => None,
        }
    }

    /// How the constant prints in compile errors (`300`, `"x"`).
    pub fn show(&self) -> String {
        match self {
            ConstVal::Bool(b) => b.to_string(),
            ConstVal::Int(i) => i.to_string(),
            ConstVal::Rat(..) | ConstVal::Float(_) => self
                .as_float()
                .map_or_else(|| "(constant)".into(), crate::rtprint::shortest_g),
            ConstVal::Str(s) => format!("{:?}", String::from_utf8_lossy(s)),
        }
    }
}

impl Checker<'_> {
    /// The untyped kind of a constant type, or `None` for a typed constant.
    pub fn untyped_kind(&self, t: Ty) -> Option<Untyped> {
        match self.types.kind(t) {
            TypeKind::Untyped(u) => Some(*u),
            _ => None,
        }
    }

    /// The default type of an untyped constant (`int`, `float64`, `rune`, `string`, `bool`).
    pub fn default_type(&self, t: Ty) -> Ty {
        match self.untyped_kind(t) {
            Some(Untyped::Bool) => self.b.bool_,
            Some(Untyped::Int) => self.b.int,
            Some(Untyped::Rune) => self.b.int32,
            Some(Untyped::Float) => self.b.float64,
            Some(Untyped::String) => self.b.string,
            _ => t,
        }
    }

    /// Converts constant `v` to type `t` (its underlying type decides), checking that it is
    /// representable as gc does. `what` describes the constant for messages.
    pub fn represent(&self, v: &ConstVal, from: Ty, t: Ty, pos: Pos) -> Res<ConstVal> {
        let bad = |c: &Self, why: &str| -> Res<ConstVal> {
            c.err(
                pos,
                format!(
                    "cannot use {} ({} constant) as {} value{}",
                    v.show(),
                    c.types.name(from),
                    c.types.name(t),
                    why
                ),
            )
        };
        match self.types.ukind(t).clone() {
            TypeKind::Int(k) => match v.as_int() {
                Some(i) if k.holds(i) => Ok(ConstVal::Int(i)),
                Some(_) => bad(self, " (overflows)"),
                None if matches!(v, ConstVal::Float(_)) => bad(self, " (truncated)"),
                None => bad(self, ""),
            },
            TypeKind::Float64 => match v.as_float() {
                Some(f) if f.is_finite() => Ok(ConstVal::Float(f)),
                Some(_) => bad(self, " (overflows)"),
                None if v.as_rat().is_some() => self.unsupported(
                    pos,
                    "a floating-point constant the model cannot round exactly",
                ),
                None => bad(self, ""),
            },
            TypeKind::String if matches!(v, ConstVal::Str(_)) => Ok(v.clone()),
            TypeKind::Bool if matches!(v, ConstVal::Bool(_)) => Ok(v.clone()),
            TypeKind::Untyped(_) => Ok(v.clone()),
            _ => bad(self, ""),
        }
    }

    /// The run-time value of a constant already represented in type `t`.
    pub fn const_value(&self, v: &ConstVal, t: Ty) -> Value {
        match (v, self.types.ukind(t)) {
            (ConstVal::Int(i) | ConstVal::Rat(i, 1), TypeKind::Int(k)) => {
                Value::Int(k.wrap(*i as i64))
            }
            (ConstVal::Int(_) | ConstVal::Rat(..) | ConstVal::Float(_), TypeKind::Float64) => {
                Value::Float(v.as_float().unwrap_or(0.0))
            }
            (ConstVal::Float(f), TypeKind::Int(k)) => Value::Int(k.wrap(*f as i64)),
            (ConstVal::Rat(n, d), _) => Value::Float(*n as f64 / *d as f64),
            (ConstVal::Int(i), _) => Value::Int(*i as i64),
            (ConstVal::Float(f), _) => Value::Float(*f),
            (ConstVal::Bool(b), _) => Value::Bool(*b),
            (ConstVal::Str(s), _) => Value::Str(s.clone()),
        }
    }

    /// Constant unary operation.
    pub fn const_unary(&self, op: UnOp, v: &ConstVal, t: Ty, pos: Pos) -> Res<ConstVal> {
        let r = match (op, v) {
            (UnOp::Plus, _) => v.clone(),
            (UnOp::Neg, ConstVal::Int(i)) => ConstVal::Int(-i),
            // Constants are exact: there is no negative zero (0 - f, unlike -f, gives +0).
            (UnOp::Neg, ConstVal::Float(f)) => ConstVal::Float(0.0 - f),
            (UnOp::Neg, ConstVal::Rat(n, d)) => ConstVal::Rat(-n, *d),
            (UnOp::Not, ConstVal::Bool(b)) => ConstVal::Bool(!b),
            (UnOp::Complement, ConstVal::Int(i)) => match self.types.int_kind(t) {
                // For unsigned typed constants ^x flips the bits of the type's width.
                Some(k) if !k.signed() => ConstVal::Int(i ^ ((1i128 << k.bits()) - 1)),
                _ => ConstVal::Int(!i),
            },
            _ => {
                return self.err(
                    pos,
                    format!(
                        "invalid operation: operator {op:?} not defined on {}",
                        v.show()
                    ),
                );
            }
        };
        self.typed_result(r, t, pos)
    }

    /// Checks a typed constant result fits its type (untyped results are left as they are).
    fn typed_result(&self, r: ConstVal, t: Ty, pos: Pos) -> Res<ConstVal> {
        if self.types.is_untyped(t) {
            return Ok(r);
        }
        if let (ConstVal::Int(i), Some(k)) = (&r, self.types.int_kind(t))
            && !k.holds(*i)
        {
            return self.err(
                pos,
                format!("constant {i} overflows {}", self.types.name(t)),
            );
        }
        Ok(r)
    }

    /// Constant binary operation on operands already converted to a common type `t`.
    pub fn const_binary(
        &self,
        op: BinOp,
        x: &ConstVal,
        y: &ConstVal,
        t: Ty,
        pos: Pos,
    ) -> Res<ConstVal> {
        use ConstVal::*;
        let int_like = self.types.int_kind(t).is_some()
            || self
                .untyped_kind(t)
                .is_some_and(|u| matches!(u, Untyped::Int | Untyped::Rune));
        if op.is_comparison() {
            let r = match (x, y) {
                (Int(a), Int(b)) => cmp(op, a, b),
                (Str(a), Str(b)) => cmp(op, a, b),
                (Bool(a), Bool(b)) if matches!(op, BinOp::Eq | BinOp::Ne) => cmp(op, a, b),
                _ if x.as_rat().is_some() && y.as_rat().is_some() => {
                    let ((a, b), (c, d)) =
                        (x.as_rat().unwrap_or((0, 1)), y.as_rat().unwrap_or((0, 1)));
                    match (a.checked_mul(d), c.checked_mul(b)) {
                        (Some(l), Some(r)) => cmp(op, &l, &r),
                        _ => return self.unsupported(pos, "constant comparison beyond 128 bits"),
                    }
                }
                _ => match (x.as_float(), y.as_float()) {
                    (Some(a), Some(b)) => cmp_f(op, a, b),
                    _ => {
                        return self.err(
                            pos,
                            format!(
                                "invalid operation: mismatched constants {} and {}",
                                x.show(),
                                y.show()
                            ),
                        );
                    }
                },
            };
            return Ok(Bool(r));
        }
        let r = match (x, y) {
            (Bool(a), Bool(b)) => match op {
                BinOp::LogAnd => Bool(*a && *b),
                BinOp::LogOr => Bool(*a || *b),
                _ => {
                    return self.err(
                        pos,
                        format!(
                            "invalid operation: operator {} not defined on untyped bool",
                            op.symbol()
                        ),
                    );
                }
            },
            (Str(a), Str(b)) if op == BinOp::Add => {
                let mut s = a.to_vec();
                s.extend_from_slice(b);
                Str(Rc::from(s))
            }
            (Int(a), Int(b)) if int_like || matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul) => {
                let (a, b) = (*a, *b);
                let r = match op {
                    BinOp::Add => a.checked_add(b),
                    BinOp::Sub => a.checked_sub(b),
                    BinOp::Mul => a.checked_mul(b),
                    BinOp::Div | BinOp::Rem if b == 0 => {
                        return self.err(pos, "invalid operation: division by zero");
                    }
                    BinOp::Div => a.checked_div(b),
                    BinOp::Rem => a.checked_rem(b),
                    BinOp::And => Some(a & b),
                    BinOp::Or => Some(a | b),
                    BinOp::Xor => Some(a ^ b),
                    BinOp::AndNot => Some(a & !b),
                    BinOp::Shl | BinOp::Shr => {
                        if b < 0 {
                            return self.err(pos, format!("invalid shift count {b}"));
                        }
                        if b > 120 {
                            return self.unsupported(pos, "constant shift beyond 120 bits");
                        }
                        if op == BinOp::Shl {
                            a.checked_mul(1i128 << b)
                        } else {
                            Some(a >> b)
                        }
                    }
                    _ => None,
                };
                match r {
                    Some(r) => Int(r),
                    None => return self.unsupported(pos, "integer constant beyond 128 bits"),
                }
            }
            _ => {
                if !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div) {
                    return self.err(
                        pos,
                        format!(
                            "invalid operation: operator {} not defined on {}",
                            op.symbol(),
                            x.show()
                        ),
                    );
                }
                if y.as_rat().is_some_and(|(n, _)| n == 0) || y.as_float() == Some(0.0) {
                    return self.err(pos, "invalid operation: division by zero");
                }
                match (self.types.is_untyped(t), x.as_rat(), y.as_rat()) {
                    // Untyped: exact rational arithmetic.
                    (true, Some((a, b)), Some((c, d))) => {
                        let r = match op {
                            BinOp::Add => a
                                .checked_mul(d)
                                .zip(c.checked_mul(b))
                                .and_then(|(l, r)| l.checked_add(r))
                                .zip(b.checked_mul(d)),
                            BinOp::Sub => a
                                .checked_mul(d)
                                .zip(c.checked_mul(b))
                                .and_then(|(l, r)| l.checked_sub(r))
                                .zip(b.checked_mul(d)),
                            BinOp::Mul => a.checked_mul(c).zip(b.checked_mul(d)),
                            _ => a.checked_mul(d).zip(b.checked_mul(c)),
                        };
                        match r.and_then(|(n, d)| rat(n, d)) {
                            Some(v) => v,
                            None => {
                                return self.unsupported(
                                    pos,
                                    "floating-point constant arithmetic beyond 128-bit fractions",
                                );
                            }
                        }
                    }
                    (true, _, _) => {
                        return self.unsupported(
                            pos,
                            "floating-point constant arithmetic on inexact constants",
                        );
                    }
                    // Typed float64: each operand is a float64 already; IEEE rounding is Go's.
                    (false, _, _) => {
                        let (Some(a), Some(b)) = (x.as_float(), y.as_float()) else {
                            return self.unsupported(
                                pos,
                                "a floating-point constant the model cannot round exactly",
                            );
                        };
                        // `+ 0.0` turns a negative zero into the constant zero.
                        Float(
                            match op {
                                BinOp::Add => a + b,
                                BinOp::Sub => a - b,
                                BinOp::Mul => a * b,
                                _ => a / b,
                            } + 0.0,
                        )
                    }
                }
            }
        };
        self.typed_result(r, t, pos)
    }
}

fn cmp<T: PartialOrd>(op: BinOp, a: &T, b: &T) -> bool {
    match op {
        BinOp::Eq => a == b,
        BinOp::Ne => a != b,
        BinOp::Lt => a < b,
        BinOp::Le => a <= b,
        BinOp::Gt => a > b,
        _ => a >= b,
    }
}

fn cmp_f(op: BinOp, a: f64, b: f64) -> bool {
    cmp(op, &a, &b)
}
