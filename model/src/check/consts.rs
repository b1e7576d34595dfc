//! Constant values and constant arithmetic. Go's untyped constants are exact: the model keeps
//! integers as i128 and untyped floating-point constants as exact fractions of i128s (refusing
//! programs whose constants outgrow them); typed float constants are f64 (float32 ones hold a
//! float32 value), and a typed result is only produced by correctly rounding an exact value, as
//! gc does. A complex constant is a pair of real ones.

use super::{Checker, Res};
use crate::syntax::{BinOp, Pos, UnOp};
use crate::types::{FloatKind, Ty, TypeKind, Untyped};
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
    /// The real and imaginary parts, each `Int`, `Rat` or `Float`.
    Complex(Box<(ConstVal, ConstVal)>),
    Str(Rc<[u8]>),
}

/// Largest integer below which every integer is exactly an f64.
const F64_EXACT: f64 = 9_007_199_254_740_992.0;

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

/// `f` as an exact constant (`None` for a non-finite value or one beyond 128-bit fractions).
fn exact(f: f64) -> Option<ConstVal> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some(ConstVal::Int(0));
    }
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = (bits & ((1 << 52) - 1)) as i128;
    let (m, e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    };
    let m = if f < 0.0 { -m } else { m };
    if e >= 0 {
        (e <= 74).then(|| ConstVal::Int(m << e))
    } else {
        (e >= -126).then(|| rat(m, 1i128 << -e)).flatten()
    }
}

/// `n / d` correctly rounded to format `k` (`None` for a nonzero result below the format's
/// normal range, which the model does not round).
fn rat_to_float(n: i128, d: i128, k: FloatKind) -> Option<f64> {
    if n == 0 {
        return Some(0.0);
    }
    let (num, den) = (n.unsigned_abs(), d.unsigned_abs());
    // 63 significant bits of the quotient (`q × 2^exp`), then whether anything is left.
    let (mut q, mut r, mut exp) = (num / den, num % den, 0i32);
    let mut rest = false;
    while q >= 1 << 63 {
        rest |= q & 1 == 1;
        q >>= 1;
        exp += 1;
    }
    while q < 1 << 62 {
        // r < den ≤ 2^127, so 2r fits.
        r <<= 1;
        q = q << 1 | u128::from(r >= den);
        if r >= den {
            r -= den;
        }
        exp -= 1;
    }
    rest |= r != 0;
    // Rounding to odd first (the rest as the lowest bit) keeps the final rounding correct.
    let m = q as u64 | u64::from(rest);
    let (v, min_normal) = match k {
        FloatKind::F64 => (m as f64, f64::MIN_POSITIVE),
        FloatKind::F32 => (f64::from(m as f32), f64::from(f32::MIN_POSITIVE)),
    };
    // exp is within [-190, 65]: 2^exp is a normal float64 and the product is exact.
    let x = v * f64::from_bits(((exp + 1023) as u64) << 52);
    if x < min_normal {
        return None;
    }
    let x = k.round(x);
    Some(if n < 0 { -x } else { x })
}

/// The float32 nearest `x`, a float64 that is itself a rounding of the exact value: `None`
/// where rounding twice could differ from rounding once (`x` halfway between two float32s).
fn round_f32(x: f64) -> Option<f64> {
    let f = FloatKind::F32.round(x);
    let e = ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    if f == x || !x.is_finite() || e >= 128 {
        return Some(f);
    }
    // Half the float32 spacing at x's magnitude (2^-150 below the normal range).
    let half = 2f64.powi(e.max(-126) - 24);
    let q = x / half;
    let halfway = q.fract() == 0.0 && q % 2.0 != 0.0;
    (!halfway).then_some(f)
}

impl ConstVal {
    pub fn complex(re: ConstVal, im: ConstVal) -> ConstVal {
        ConstVal::Complex(Box::new((re, im)))
    }

    /// The real and imaginary parts of a numeric constant.
    pub fn parts(&self) -> Option<(ConstVal, ConstVal)> {
        match self {
            ConstVal::Complex(c) => Some((c.0.clone(), c.1.clone())),
            ConstVal::Int(_) | ConstVal::Rat(..) | ConstVal::Float(_) => {
                Some((self.clone(), ConstVal::Int(0)))
            }
            _ => None,
        }
    }

    /// A real constant: a complex one with a zero imaginary part is its real part.
    fn real(&self) -> &ConstVal {
        match self {
            ConstVal::Complex(c) if c.1.is_zero() => &c.0,
            _ => self,
        }
    }

    fn is_zero(&self) -> bool {
        match self {
            ConstVal::Int(i) | ConstVal::Rat(i, _) => *i == 0,
            ConstVal::Float(f) => *f == 0.0,
            ConstVal::Complex(c) => c.0.is_zero() && c.1.is_zero(),
            _ => false,
        }
    }

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
        match self.real() {
            ConstVal::Int(i) => Some(*i),
            ConstVal::Rat(n, 1) => Some(*n),
            ConstVal::Float(f) if f.fract() == 0.0 && f.abs() < F64_EXACT => Some(*f as i128),
            _ => None,
        }
    }

    /// The exact value as a fraction, if it is one.
    fn as_rat(&self) -> Option<(i128, i128)> {
        match self.real() {
            ConstVal::Int(i) => Some((*i, 1)),
            ConstVal::Rat(n, d) => Some((*n, *d)),
            _ => None,
        }
    }

    /// The float64 nearest the exact value (`None` when the model cannot round it correctly).
    fn as_float(&self) -> Option<f64> {
        match self.real() {
            ConstVal::Int(i) => Some(*i as f64),
            ConstVal::Float(f) => Some(*f),
            ConstVal::Rat(n, d) => rat_to_float(*n, *d, FloatKind::F64),
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
            ConstVal::Complex(c) => format!("({} + {}i)", c.0.show(), c.1.show()),
        }
    }

    /// The float of format `k` nearest the constant (`None` when the model cannot round it
    /// correctly, or when it is not real).
    fn rounded(&self, k: FloatKind) -> Option<f64> {
        match (k, self.real()) {
            (FloatKind::F64, v) => v.as_float(),
            (FloatKind::F32, ConstVal::Float(f)) => round_f32(*f),
            (FloatKind::F32, v) => v.as_rat().and_then(|(n, d)| rat_to_float(n, d, k)),
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
            Some(Untyped::Complex) => self.b.complex128,
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
            TypeKind::Float(k) => match self.round_real(v.real(), k, pos)? {
                Some(f) => Ok(f),
                None if matches!(v, ConstVal::Complex(_)) => bad(self, " (truncated)"),
                None if v.as_float().is_some() => bad(self, " (overflows)"),
                None => bad(self, ""),
            },
            TypeKind::Complex(k) => {
                let Some((re, im)) = v.parts() else {
                    return bad(self, "");
                };
                match (self.round_real(&re, k, pos)?, self.round_real(&im, k, pos)?) {
                    (Some(re), Some(im)) => Ok(ConstVal::complex(re, im)),
                    _ => bad(self, " (overflows)"),
                }
            }
            TypeKind::String if matches!(v, ConstVal::Str(_)) => Ok(v.clone()),
            TypeKind::Bool if matches!(v, ConstVal::Bool(_)) => Ok(v.clone()),
            TypeKind::Untyped(_) => Ok(v.clone()),
            _ => bad(self, ""),
        }
    }

    /// A real constant rounded to format `k`: `None` when it is not real or overflows;
    /// refused when the model cannot round it correctly.
    fn round_real(&self, v: &ConstVal, k: FloatKind, pos: Pos) -> Res<Option<ConstVal>> {
        if !matches!(v, ConstVal::Int(_) | ConstVal::Rat(..) | ConstVal::Float(_)) {
            return Ok(None);
        }
        match v.rounded(k) {
            Some(f) if f.is_finite() => Ok(Some(ConstVal::Float(f + 0.0))),
            Some(_) => Ok(None),
            None => self.unsupported(
                pos,
                "a floating-point constant the model cannot round exactly",
            ),
        }
    }

    /// The run-time value of a constant already represented in type `t`.
    pub fn const_value(&self, v: &ConstVal, t: Ty) -> Value {
        match (v, self.types.ukind(t)) {
            (ConstVal::Int(i) | ConstVal::Rat(i, 1), TypeKind::Int(k)) => {
                Value::Int(k.wrap(*i as i64))
            }
            (ConstVal::Int(_) | ConstVal::Rat(..) | ConstVal::Float(_), TypeKind::Float(_)) => {
                Value::Float(v.as_float().unwrap_or(0.0))
            }
            (_, TypeKind::Complex(_)) => {
                let (re, im) = v.parts().unwrap_or((ConstVal::Int(0), ConstVal::Int(0)));
                Value::Complex(re.as_float().unwrap_or(0.0), im.as_float().unwrap_or(0.0))
            }
            (ConstVal::Float(f), TypeKind::Int(k)) => Value::Int(k.wrap(*f as i64)),
            (ConstVal::Rat(n, d), _) => Value::Float(*n as f64 / *d as f64),
            (ConstVal::Int(i), _) => Value::Int(*i as i64),
            (ConstVal::Float(f), _) => Value::Float(*f),
            (ConstVal::Bool(b), _) => Value::Bool(*b),
            (ConstVal::Str(s), _) => Value::Str(s.clone()),
            (ConstVal::Complex(c), _) => {
                Value::Complex(c.0.as_float().unwrap_or(0.0), c.1.as_float().unwrap_or(0.0))
            }
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
            (UnOp::Neg, ConstVal::Complex(c)) => ConstVal::complex(
                self.const_unary(op, &c.0, self.part_type(t), pos)?,
                self.const_unary(op, &c.1, self.part_type(t), pos)?,
            ),
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
        let complex = matches!(
            self.types.ukind(t),
            TypeKind::Complex(_) | TypeKind::Untyped(Untyped::Complex)
        );
        if complex || matches!(x, Complex(_)) || matches!(y, Complex(_)) {
            return self.complex_binary(op, x, y, t, pos);
        }
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
                self.arithmetic(op, x, y, pos)?;
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
                    // Typed: each operand is of the type already; IEEE rounding is Go's (for
                    // float32, rounding the float64 result again is rounding once).
                    (false, _, _) => {
                        let (Some(a), Some(b)) = (x.as_float(), y.as_float()) else {
                            return self.unsupported(
                                pos,
                                "a floating-point constant the model cannot round exactly",
                            );
                        };
                        let k = match self.types.ukind(t) {
                            TypeKind::Float(k) => *k,
                            _ => FloatKind::F64,
                        };
                        let r = crate::arith::float_binary(op, k, a, b).unwrap_or(f64::NAN);
                        if !r.is_finite() {
                            return self
                                .err(pos, format!("constant overflows {}", self.types.name(t)));
                        }
                        // `+ 0.0` turns a negative zero into the constant zero.
                        Float(r + 0.0)
                    }
                }
            }
        };
        self.typed_result(r, t, pos)
    }
}

impl Checker<'_> {
    /// The type of the parts of a complex type (an untyped complex constant's are untyped
    /// floats).
    pub(super) fn part_type(&self, t: Ty) -> Ty {
        match self.types.ukind(t) {
            TypeKind::Complex(FloatKind::F32) => self.b.float32,
            TypeKind::Complex(FloatKind::F64) => self.b.float64,
            TypeKind::Untyped(Untyped::Complex) => self.b.untyped_float,
            _ => t,
        }
    }

    /// That `x op y` is one of the four operations of floating-point and complex constants,
    /// and not a division by zero.
    fn arithmetic(&self, op: BinOp, x: &ConstVal, y: &ConstVal, pos: Pos) -> Res<()> {
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
        if op == BinOp::Div && y.is_zero() {
            return self.err(pos, "invalid operation: division by zero");
        }
        Ok(())
    }

    /// A binary operation with a complex operand or type: `== !=` and `+ -` by part, `* /`
    /// computed exactly on the parts, then rounded to the type.
    fn complex_binary(
        &self,
        op: BinOp,
        x: &ConstVal,
        y: &ConstVal,
        t: Ty,
        pos: Pos,
    ) -> Res<ConstVal> {
        let pt = self.part_type(t);
        let (Some((a, b)), Some((c, d))) = (x.parts(), y.parts()) else {
            return self.err(
                pos,
                format!(
                    "invalid operation: mismatched constants {} and {}",
                    x.show(),
                    y.show()
                ),
            );
        };
        let part =
            |op: BinOp, u: &ConstVal, v: &ConstVal, t: Ty| self.const_binary(op, u, v, t, pos);
        match op {
            BinOp::Eq | BinOp::Ne => {
                let same = part(BinOp::Eq, &a, &c, pt)? == ConstVal::Bool(true)
                    && part(BinOp::Eq, &b, &d, pt)? == ConstVal::Bool(true);
                return Ok(ConstVal::Bool(same == (op == BinOp::Eq)));
            }
            BinOp::Add | BinOp::Sub => {
                return Ok(ConstVal::complex(
                    part(op, &a, &c, pt)?,
                    part(op, &b, &d, pt)?,
                ));
            }
            _ => self.arithmetic(op, x, y, pos)?,
        }
        // Exact arithmetic on the parts' exact values.
        let typed = !self.types.is_untyped(t);
        let ex = |v: &ConstVal| match v {
            ConstVal::Float(f) if typed => exact(*f),
            ConstVal::Float(_) => None,
            v => Some(v.clone()),
        };
        let (Some(a), Some(b), Some(c), Some(d)) = (ex(&a), ex(&b), ex(&c), ex(&d)) else {
            return self.unsupported(
                pos,
                "complex constant arithmetic on values beyond 128-bit fractions",
            );
        };
        let uf = self.b.untyped_float;
        // p·q ± r·t, exactly.
        let sum = |op: BinOp, p: &ConstVal, q: &ConstVal, r: &ConstVal, t: &ConstVal| {
            part(
                op,
                &part(BinOp::Mul, p, q, uf)?,
                &part(BinOp::Mul, r, t, uf)?,
                uf,
            )
        };
        let (re, im) = if op == BinOp::Mul {
            (
                sum(BinOp::Sub, &a, &c, &b, &d)?,
                sum(BinOp::Add, &a, &d, &b, &c)?,
            )
        } else {
            let denom = sum(BinOp::Add, &c, &c, &d, &d)?;
            let re = sum(BinOp::Add, &a, &c, &b, &d)?;
            let im = sum(BinOp::Sub, &b, &c, &a, &d)?;
            (
                part(BinOp::Div, &re, &denom, uf)?,
                part(BinOp::Div, &im, &denom, uf)?,
            )
        };
        let r = ConstVal::complex(re, im);
        if typed {
            return self.represent(&r, self.b.untyped_complex, t, pos);
        }
        Ok(r)
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

#[cfg(test)]
mod tests {
    use super::*;
    use quickcheck::quickcheck;

    #[test]
    fn rounding_of_exact_and_inexact_values() {
        // 1 + 2^-24 + 2^-60 is just above a float32 midpoint: it rounds up.
        let n = (1i128 << 60) + (1 << 36) + 1;
        assert_eq!(
            rat_to_float(n, 1 << 60, FloatKind::F32),
            Some(1.0 + 2f64.powi(-23))
        );
        assert_eq!(rat_to_float(-1, 3, FloatKind::F64), Some(-1.0 / 3.0));
        // The float64 nearest 3.4028235677973366e38 is the midpoint between the largest
        // float32 and 2^128: the exact value's side is unknown.
        assert_eq!(round_f32(3.4028235677973366e38), None);
        assert_eq!(round_f32(0.1), Some(f64::from(0.1f32)));
        assert_eq!(round_f32(1e39), Some(f64::INFINITY));
    }

    quickcheck! {
        // IEEE division of operands below 2^53 is correctly rounded, and rounding that again
        // to float32 is too (53 ≥ 2·24 + 2).
        fn fractions_round_as_ieee_division(n: i64, d: i64) -> bool {
            let (n, d) = (n >> 11, (d >> 11).max(1));
            let q = n as f64 / d as f64;
            rat_to_float(n.into(), d.into(), FloatKind::F64) == Some(q)
                && rat_to_float(n.into(), d.into(), FloatKind::F32) == Some(f64::from(q as f32))
        }
    }
}
