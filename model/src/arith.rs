//! Go's arithmetic on the model's representation. Integers (every kind held as the i64 with
//! the same low 64 bits): wrap-around for `+ - * << ^`, division truncated toward zero, shifts
//! by counts of any integer type. Floats: IEEE 754 in the operands' format, each operation
//! rounded once (a float32 operation computed in f64 and rounded to f32 is correctly rounded:
//! 53 ≥ 2·24 + 2 bits). Complex numbers: as gc's SSA backend and runtime compute them.

use crate::syntax::BinOp;
use crate::types::{FloatKind, IntKind};

/// Why an integer operation has no result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntErr {
    DivideByZero,
    NegativeShift,
    /// Not an integer operator.
    NotInteger,
}

/// `a op b` for operands of kind `k`; `count` is the kind of a shift's right operand.
pub fn int_binary(op: BinOp, k: IntKind, a: i64, b: i64, count: IntKind) -> Result<i64, IntErr> {
    Ok(match op {
        BinOp::Add => k.wrap(a.wrapping_add(b)),
        BinOp::Sub => k.wrap(a.wrapping_sub(b)),
        BinOp::Mul => k.wrap(a.wrapping_mul(b)),
        BinOp::Div | BinOp::Rem if b == 0 => return Err(IntErr::DivideByZero),
        // The most negative value divided by -1 wraps to itself, with remainder 0.
        BinOp::Div if k.signed() => k.wrap(a.wrapping_div(b)),
        BinOp::Rem if k.signed() => k.wrap(a.wrapping_rem(b)),
        BinOp::Div => k.wrap(((a as u64) / (b as u64)) as i64),
        BinOp::Rem => k.wrap(((a as u64) % (b as u64)) as i64),
        BinOp::And => a & b,
        BinOp::Or => a | b,
        BinOp::Xor => k.wrap(a ^ b),
        BinOp::AndNot => a & !b,
        BinOp::Shl | BinOp::Shr => {
            let n = count.value(b);
            if n < 0 {
                return Err(IntErr::NegativeShift);
            }
            let v = k.value(a);
            let r = match (op, n >= 64) {
                (BinOp::Shl, true) => 0,
                (BinOp::Shl, false) => (v << n) as i64,
                (_, true) => {
                    if v < 0 {
                        -1
                    } else {
                        0
                    }
                }
                (_, false) => (v >> n) as i64,
            };
            k.wrap(r)
        }
        _ => return Err(IntErr::NotInteger),
    })
}

/// The conversion `T(x)` between integer kinds: the value truncated or extended to T's width.
pub fn convert_int(from: IntKind, to: IntKind, v: i64) -> i64 {
    to.wrap(from.value(v) as i64)
}

/// `a op b` for floats of format `k` (`None` for an operator floats do not have).
pub fn float_binary(op: BinOp, k: FloatKind, a: f64, b: f64) -> Option<f64> {
    Some(k.round(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => a / b,
        _ => return None,
    }))
}

/// `x op y` for complex numbers with parts of format `k`. Addition and subtraction are by part;
/// multiplication is `(ac − bd) + (ad + bc)i` computed in float64 and narrowed (gc's SSA
/// lowering of OMUL), division the runtime's `complex128div` on the operands widened to
/// complex128, narrowed.
pub fn complex_binary(
    op: BinOp,
    k: FloatKind,
    (a, b): (f64, f64),
    (c, d): (f64, f64),
) -> Option<(f64, f64)> {
    let (re, im) = match op {
        BinOp::Add => (a + c, b + d),
        BinOp::Sub => (a - c, b - d),
        BinOp::Mul => (a * c - b * d, a * d + b * c),
        BinOp::Div => complex128_div((a, b), (c, d)),
        _ => return None,
    };
    Some((k.round(re), k.round(im)))
}

/// The runtime's `complex128div`: Smith's algorithm, then C99's (Annex G.5.1) infinities and
/// zeros where both parts came out NaN.
fn complex128_div((a, b): (f64, f64), (c, d): (f64, f64)) -> (f64, f64) {
    let (mut e, mut f) = if c.abs() >= d.abs() {
        let ratio = d / c;
        let denom = c + ratio * d;
        ((a + b * ratio) / denom, (b - a * ratio) / denom)
    } else {
        let ratio = c / d;
        let denom = d + ratio * c;
        ((a * ratio + b) / denom, (b * ratio - a) / denom)
    };
    if e.is_nan() && f.is_nan() {
        // A signed 1 for an infinity, a signed 0 otherwise.
        let inf2one = |x: f64| (if x.is_infinite() { 1.0f64 } else { 0.0 }).copysign(x);
        let inf = f64::INFINITY;
        if c == 0.0 && d == 0.0 && (!a.is_nan() || !b.is_nan()) {
            e = inf.copysign(c) * a;
            f = inf.copysign(c) * b;
        } else if (a.is_infinite() || b.is_infinite()) && c.is_finite() && d.is_finite() {
            let (a, b) = (inf2one(a), inf2one(b));
            e = inf * (a * c + b * d);
            f = inf * (b * c - a * d);
        } else if (c.is_infinite() || d.is_infinite()) && a.is_finite() && b.is_finite() {
            let (c, d) = (inf2one(c), inf2one(d));
            e = 0.0 * (a * c + b * d);
            f = 0.0 * (b * c - a * d);
        }
    }
    (e, f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quickcheck::quickcheck;

    const KINDS: [IntKind; 10] = [
        IntKind::Int,
        IntKind::Int8,
        IntKind::Int16,
        IntKind::Int32,
        IntKind::Int64,
        IntKind::Uint,
        IntKind::Uint8,
        IntKind::Uint16,
        IntKind::Uint32,
        IntKind::Uint64,
    ];

    fn kind(i: u8) -> IntKind {
        KINDS[i as usize % KINDS.len()]
    }

    /// The mathematical result reduced into the kind's range: what Go's wrap-around means.
    fn reduce(k: IntKind, v: i128) -> i128 {
        let m = 1i128 << k.bits();
        let r = v.rem_euclid(m);
        if k.signed() && r >= m / 2 { r - m } else { r }
    }

    quickcheck! {
        fn wrap_is_canonical(k: u8, v: i64) -> bool {
            let k = kind(k);
            let w = k.wrap(v);
            k.wrap(w) == w && k.holds(k.value(w))
        }

        fn add_sub_mul_wrap_around(k: u8, a: i64, b: i64) -> bool {
            let k = kind(k);
            let (a, b) = (k.wrap(a), k.wrap(b));
            let (x, y) = (k.value(a), k.value(b));
            [(BinOp::Add, x + y), (BinOp::Sub, x - y), (BinOp::Mul, x.wrapping_mul(y))].iter().all(|(op, want)| {
                int_binary(*op, k, a, b, k).map(|r| k.value(r)) == Ok(reduce(k, *want))
            })
        }

        fn division_truncates_toward_zero(k: u8, a: i64, b: i64) -> bool {
            let k = kind(k);
            let (a, b) = (k.wrap(a), k.wrap(b));
            let (x, y) = (k.value(a), k.value(b));
            if y == 0 {
                return int_binary(BinOp::Div, k, a, b, k) == Err(IntErr::DivideByZero)
                    && int_binary(BinOp::Rem, k, a, b, k) == Err(IntErr::DivideByZero);
            }
            // x == q*y + r with |r| < |y| and r carrying the sign of x (Go's definition).
            let q = k.value(int_binary(BinOp::Div, k, a, b, k).unwrap_or(0));
            let r = k.value(int_binary(BinOp::Rem, k, a, b, k).unwrap_or(0));
            let exact = x / y;
            q == reduce(k, exact) && r == x - exact * y && (r == 0 || (r < 0) == (x < 0)) && r.abs() < y.abs()
        }

        fn shifts_match_the_mathematical_definition(k: u8, a: i64, n: u8) -> bool {
            let k = kind(k);
            let a = k.wrap(a);
            let x = k.value(a);
            let n = i64::from(n % 80);
            let shl = int_binary(BinOp::Shl, k, a, n, IntKind::Uint).map(|r| k.value(r));
            let shr = int_binary(BinOp::Shr, k, a, n, IntKind::Uint).map(|r| k.value(r));
            let want_shl = if n >= 128 { 0 } else { reduce(k, x.wrapping_shl(n as u32)) };
            let want_shr = if n >= 127 { if x < 0 { -1 } else { 0 } } else { x >> n };
            shl == Ok(want_shl) && shr == Ok(want_shr)
        }

        fn negative_shift_counts_panic(a: i64, n: i64) -> bool {
            let r = int_binary(BinOp::Shl, IntKind::Int, a, n, IntKind::Int);
            (n < 0) == (r == Err(IntErr::NegativeShift))
        }

        fn conversions_keep_the_low_bits(f: u8, t: u8, v: i64) -> bool {
            let (f, t) = (kind(f), kind(t));
            let v = f.wrap(v);
            let c = convert_int(f, t, v);
            t.value(c) == reduce(t, f.value(v)) && convert_int(t, t, c) == c
        }
    }

    #[test]
    fn the_most_negative_value_divided_by_minus_one() {
        assert_eq!(
            int_binary(BinOp::Div, IntKind::Int64, i64::MIN, -1, IntKind::Int),
            Ok(i64::MIN)
        );
        assert_eq!(
            int_binary(BinOp::Rem, IntKind::Int64, i64::MIN, -1, IntKind::Int),
            Ok(0)
        );
        assert_eq!(
            int_binary(BinOp::Div, IntKind::Int8, -128, -1, IntKind::Int),
            Ok(-128)
        );
    }
}
