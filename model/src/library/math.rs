//! Package math: the functions whose results are exact (every rounding is IEEE's, or none),
//! so that they agree with gc's bit for bit. Functions gc computes with its own approximations
//! (`Pow`, `Exp`, `Log`, the trigonometric ones) are not modeled.

use super::{Func, Outcome};
use crate::value::Value;

/// gc's `math.NaN()`: the quiet NaN with payload 1.
fn go_nan() -> f64 {
    f64::from_bits(0x7FF8_0000_0000_0001)
}

pub fn call(f: Func, args: &[Value]) -> Outcome {
    let x = args.first().map_or(0.0, Value::as_float);
    let y = args.get(1).map_or(0.0, Value::as_float);
    let float = |v: f64| Outcome::Results(vec![Value::Float(v)]);
    let boolean = |b: bool| Outcome::Results(vec![Value::Bool(b)]);
    match f {
        Func::MathNaN => float(go_nan()),
        Func::MathInf => {
            let sign = args.first().map_or(0, Value::as_int);
            float(if sign >= 0 {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            })
        }
        Func::MathIsNaN => boolean(x.is_nan()),
        Func::MathIsInf => {
            let sign = args.get(1).map_or(0, Value::as_int);
            boolean((sign >= 0 && x == f64::INFINITY) || (sign <= 0 && x == f64::NEG_INFINITY))
        }
        Func::MathSignbit => boolean(x.is_sign_negative()),
        Func::MathCopysign => float(x.copysign(y)),
        Func::MathAbs => float(f64::from_bits(x.to_bits() & !(1 << 63))),
        Func::MathSqrt => float(x.sqrt()),
        Func::MathFloor => float(x.floor()),
        Func::MathCeil => float(x.ceil()),
        Func::MathTrunc => float(x.trunc()),
        Func::MathRound => float(x.round()),
        Func::MathRoundToEven => float(x.round_ties_even()),
        Func::MathMod => {
            if y == 0.0 || x.is_infinite() || x.is_nan() || y.is_nan() {
                float(go_nan())
            } else {
                // fmod is exact, with the sign of x.
                float(x % y)
            }
        }
        Func::MathMax | Func::MathMin => {
            let max = f == Func::MathMax;
            let inf = if max {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            };
            float(if x == inf || y == inf {
                inf
            } else if x.is_nan() || y.is_nan() {
                go_nan()
            } else if x == 0.0 && y == 0.0 {
                // +0 is the larger zero.
                if x.is_sign_negative() == max { y } else { x }
            } else if (x > y) == max {
                x
            } else {
                y
            })
        }
        Func::MathFloat64bits => Outcome::Results(vec![Value::Int(x.to_bits() as i64)]),
        Func::MathFloat64frombits => {
            let bits = args.first().map_or(0, Value::as_int) as u64;
            float(f64::from_bits(bits))
        }
        Func::MathFloat32bits => {
            // A NaN's float32 bits as CVTSD2SS makes them: quiet, the payload's top 22 bits.
            let bits = if x.is_nan() {
                let b = x.to_bits();
                ((b >> 32) as u32 & 0x8000_0000) | 0x7fc0_0000 | ((b >> 29) as u32 & 0x3f_ffff)
            } else {
                (x as f32).to_bits()
            };
            Outcome::Results(vec![Value::Int(i64::from(bits))])
        }
        Func::MathFloat32frombits => {
            let bits = args.first().map_or(0, Value::as_int) as u32;
            if bits & 0x7f80_0000 == 0x7f80_0000 && bits & 0x7f_ffff != 0 && bits & 0x40_0000 == 0 {
                return Outcome::Refused(
                    "a signaling NaN float32 (the model holds float32 values as float64, which quiets it)"
                        .into(),
                );
            }
            float(f64::from(f32::from_bits(bits)))
        }
        _ => Outcome::Refused(format!("{f:?} is not a function of package math")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(func: Func, a: f64, b: f64) -> f64 {
        match call(func, &[Value::Float(a), Value::Float(b)]) {
            Outcome::Results(v) => v[0].as_float(),
            _ => f64::NAN,
        }
    }

    #[test]
    fn max_and_min_follow_go_on_zeros_nans_and_infinities() {
        assert!(f(Func::MathMax, -0.0, 0.0).is_sign_positive());
        assert!(f(Func::MathMax, 0.0, -0.0).is_sign_positive());
        assert!(f(Func::MathMin, 0.0, -0.0).is_sign_negative());
        assert_eq!(f(Func::MathMax, f64::NAN, f64::INFINITY), f64::INFINITY);
        assert!(f(Func::MathMin, 1.0, f64::NAN).is_nan());
        assert_eq!(f(Func::MathMin, 1.0, 2.0), 1.0);
        assert_eq!(f(Func::MathMod, -7.0, 2.0), -1.0);
        assert_eq!(f(Func::MathMod, 1.0, 0.0).to_bits(), 0x7FF8_0000_0000_0001);
    }
}
