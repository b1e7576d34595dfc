//! Constant values and constant arithmetic. Integer constants are exact (i128, refused beyond);
//! floating-point constants are exact only where an f64 holds them, so arithmetic on them is
//! refused unless every operand and the result are integral values an f64 represents exactly.

use super::{Checker, Res};
use crate::syntax::{BinOp, Pos, UnOp};
use crate::types::{Ty, TypeKind, Untyped};
use crate::value::Value;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub enum ConstVal {
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(Rc<[u8]>),
}

/// Largest integer below which every integer is exactly an f64.
const F64_EXACT: f64 = 9_007_199_254_740_992.0;

impl ConstVal {
    pub fn as_int(&self) -> Option<i128> {
        match self {
            ConstVal::Int(i) => Some(*i),
            ConstVal::Float(f) if f.fract() == 0.0 && f.abs() < F64_EXACT => Some(*f as i128),
            _ => None,
        }
    }

    fn as_float(&self) -> Option<f64> {
        match self {
            ConstVal::Int(i) => Some(*i as f64),
            ConstVal::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// How the constant prints in compile errors (`300`, `"x"`).
    pub fn show(&self) -> String {
        match self {
            ConstVal::Bool(b) => b.to_string(),
            ConstVal::Int(i) => i.to_string(),
            ConstVal::Float(f) => f.to_string(),
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
            c.err(pos, format!("cannot use {} ({} constant) as {} value{}", v.show(), c.types.name(from), c.types.name(t), why))
        };
        match self.types.ukind(t).clone() {
            TypeKind::Int(k) => match v.as_int() {
                Some(i) if k.holds(i) => Ok(ConstVal::Int(i)),
                Some(_) => bad(self, " (overflows)"),
                None if matches!(v, ConstVal::Float(_)) => bad(self, " (truncated)"),
                None => bad(self, ""),
            },
            TypeKind::Float64 => match v.as_float() {
                Some(f) => Ok(ConstVal::Float(f)),
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
            (ConstVal::Int(i), TypeKind::Int(k)) => Value::Int(k.wrap(*i as i64)),
            (ConstVal::Int(i), TypeKind::Float64) => Value::Float(*i as f64),
            (ConstVal::Float(f), TypeKind::Int(k)) => Value::Int(k.wrap(*f as i64)),
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
            (UnOp::Neg, ConstVal::Float(f)) => ConstVal::Float(-f),
            (UnOp::Not, ConstVal::Bool(b)) => ConstVal::Bool(!b),
            (UnOp::Complement, ConstVal::Int(i)) => match self.types.int_kind(t) {
                // For unsigned typed constants ^x flips the bits of the type's width.
                Some(k) if !k.signed() => ConstVal::Int(i ^ ((1i128 << k.bits()) - 1)),
                _ => ConstVal::Int(!i),
            },
            _ => return self.err(pos, format!("invalid operation: operator {op:?} not defined on {}", v.show())),
        };
        self.typed_result(r, t, pos)
    }

    /// Checks a typed constant result fits its type (untyped results are left as they are).
    fn typed_result(&self, r: ConstVal, t: Ty, pos: Pos) -> Res<ConstVal> {
        if self.types.is_untyped(t) {
            return Ok(r);
        }
        if let (ConstVal::Int(i), Some(k)) = (&r, self.types.int_kind(t)) {
            if !k.holds(*i) {
                return self.err(pos, format!("constant {i} overflows {}", self.types.name(t)));
            }
        }
        Ok(r)
    }

    /// Constant binary operation on operands already converted to a common type `t`.
    pub fn const_binary(&self, op: BinOp, x: &ConstVal, y: &ConstVal, t: Ty, pos: Pos) -> Res<ConstVal> {
        use ConstVal::*;
        let int_like = self.types.int_kind(t).is_some() || self.untyped_kind(t).is_some_and(|u| matches!(u, Untyped::Int | Untyped::Rune));
        if op.is_comparison() {
            let r = match (x, y) {
                (Int(a), Int(b)) => cmp(op, a, b),
                (Str(a), Str(b)) => cmp(op, a, b),
                (Bool(a), Bool(b)) if matches!(op, BinOp::Eq | BinOp::Ne) => cmp(op, a, b),
                _ => match (x.as_float(), y.as_float()) {
                    (Some(a), Some(b)) => cmp_f(op, a, b),
                    _ => return self.err(pos, format!("invalid operation: mismatched constants {} and {}", x.show(), y.show())),
                },
            };
            return Ok(Bool(r));
        }
        let r = match (x, y) {
            (Bool(a), Bool(b)) => match op {
                BinOp::LogAnd => Bool(*a && *b),
                BinOp::LogOr => Bool(*a || *b),
                _ => return self.err(pos, format!("invalid operation: operator {} not defined on untyped bool", op.symbol())),
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
                    BinOp::Div | BinOp::Rem if b == 0 => return self.err(pos, "invalid operation: division by zero"),
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
                        if op == BinOp::Shl { a.checked_mul(1i128 << b) } else { Some(a >> b) }
                    }
                    _ => None,
                };
                match r {
                    Some(r) => Int(r),
                    None => return self.unsupported(pos, "integer constant beyond 128 bits"),
                }
            }
            _ => {
                let (Some(a), Some(b)) = (x.as_float(), y.as_float()) else {
                    return self.err(pos, format!("invalid operation: operator {} not defined on {}", op.symbol(), x.show()));
                };
                if op == BinOp::Div && b == 0.0 {
                    return self.err(pos, "invalid operation: division by zero");
                }
                let r = match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    BinOp::Div => a / b,
                    _ => return self.err(pos, format!("invalid operation: operator {} not defined on {}", op.symbol(), x.show())),
                };
                // Exact constant arithmetic: only where the f64 result is provably exact.
                let exact = |f: f64| f.fract() == 0.0 && f.abs() < F64_EXACT;
                if !(exact(a) && exact(b) && exact(r)) {
                    return self.unsupported(pos, "floating-point constant arithmetic (not exact in the model)");
                }
                Float(r)
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
