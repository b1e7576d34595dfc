//! Package unicode/utf8.

use super::{Func, Outcome, bytes_of};
use crate::strconv::decode_rune;
use crate::value::Value;

/// A valid rune: not a surrogate, at most U+10FFFF.
fn valid(r: i64) -> bool {
    (0..0xD800).contains(&r) || (0xE000..=0x10FFFF).contains(&r)
}

pub fn call(f: Func, args: &[Value]) -> Outcome {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Int(0));
    let int = |v: i64| Outcome::Results(vec![Value::Int(v)]);
    let rune_and_size =
        |(c, w): (char, usize)| Outcome::Results(vec![Value::Int(c as i64), Value::Int(w as i64)]);
    let count = |b: &[u8]| {
        let (mut n, mut rest) = (0, b);
        while !rest.is_empty() {
            rest = &rest[decode_rune(rest).1.max(1)..];
            n += 1;
        }
        n
    };
    match f {
        Func::Utf8RuneLen => {
            let r = arg(0).as_int();
            int(match r {
                _ if !valid(r) => -1,
                0..0x80 => 1,
                0x80..0x800 => 2,
                0x800..0x10000 => 3,
                _ => 4,
            })
        }
        Func::Utf8RuneCountInString => int(count(arg(0).as_bytes())),
        Func::Utf8RuneCount => int(count(&bytes_of(&arg(0)))),
        Func::Utf8DecodeRuneInString => rune_and_size(decode_rune(arg(0).as_bytes())),
        Func::Utf8DecodeRune => rune_and_size(decode_rune(&bytes_of(&arg(0)))),
        Func::Utf8DecodeLastRuneInString => {
            rune_and_size(super::strings::decode_last_rune(arg(0).as_bytes()))
        }
        Func::Utf8ValidString => Outcome::Results(vec![Value::Bool(
            std::str::from_utf8(arg(0).as_bytes()).is_ok(),
        )]),
        Func::Utf8ValidRune => Outcome::Results(vec![Value::Bool(valid(arg(0).as_int()))]),
        Func::Utf8EncodeRune => {
            let Value::Slice(p) = arg(0) else {
                return int(0);
            };
            let c = crate::strconv::rune(i128::from(arg(1).as_int()));
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if bytes.len() > p.len {
                return Outcome::Refused(
                    "utf8.EncodeRune into a slice too short (the index panic is inside package utf8)"
                        .into(),
                );
            }
            for (i, b) in bytes.iter().enumerate() {
                p.set(i, Value::Int(i64::from(*b)));
            }
            int(bytes.len() as i64)
        }
        _ => Outcome::Refused(format!("{f:?} is not a function of package unicode/utf8")),
    }
}
