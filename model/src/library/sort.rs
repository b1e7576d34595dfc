//! Package sort: the functions on slices of ints, strings and floats. Their elements are
//! values that compare equal only when they print alike (but for the two zeros of a float), so
//! the order any correct sort leaves is gc's.

use super::{Func, Outcome};
use crate::value::Value;

pub fn call(f: Func, args: &[Value]) -> Outcome {
    let Some(Value::Slice(s)) = args.first() else {
        return Outcome::Results(vec![]);
    };
    let mut elems = s.elems();
    let less = |a: &Value, b: &Value| -> bool {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => x < y,
            (Value::Str(x), Value::Str(y)) => x < y,
            // NaN first, as Float64Slice.Less puts it.
            (Value::Float(x), Value::Float(y)) => x < y || (x.is_nan() && !y.is_nan()),
            _ => false,
        }
    };
    match f {
        Func::SortIntsAreSorted | Func::SortStringsAreSorted => {
            Outcome::Results(vec![Value::Bool(
                elems.windows(2).all(|w| !less(&w[1], &w[0])),
            )])
        }
        _ => {
            // gc's sort is not stable beyond 12 elements: which zero comes first is then its
            // algorithm's choice.
            let zeros = elems
                .iter()
                .filter(|v| matches!(v, Value::Float(x) if *x == 0.0))
                .map(|v| v.as_float().is_sign_negative())
                .collect::<Vec<_>>();
            if elems.len() > 12 && zeros.contains(&true) && zeros.contains(&false) {
                return Outcome::Refused(
                    "sorting more than 12 floats among which both zeros (gc's unstable order)"
                        .into(),
                );
            }
            // Stable, as gc's insertion sort is on short slices.
            elems.sort_by(|a, b| {
                if less(a, b) {
                    std::cmp::Ordering::Less
                } else if less(b, a) {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            });
            for (i, v) in elems.into_iter().enumerate() {
                s.set(i, v);
            }
            Outcome::Results(vec![])
        }
    }
}
