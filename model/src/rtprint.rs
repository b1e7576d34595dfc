//! How the Go runtime itself prints values: the `print`/`println` builtins and the value of a
//! panic in the crash header (`printpanicval`). This is gc-defined behaviour, not specified by
//! the language; it changed across releases (floats in 1.26, multi-line values in 1.23).

use crate::types::{FloatKind, TypeKind, Types};
use crate::value::Value;
use crate::version::Version;

/// How a runtime prints: the release-dependent parts of its format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Floats in shortest form (`1.5`) rather than `+1.500000e+000` (Go 1.26).
    pub shortest_floats: bool,
    /// Continuation lines of a multi-line panic value indented by a tab (Go 1.23).
    pub indent_lines: bool,
}

impl Style {
    /// The style of a toolchain's runtime.
    pub fn of(toolchain: Version) -> Style {
        Style {
            shortest_floats: toolchain.at_least(1, 26),
            indent_lines: toolchain.at_least(1, 23),
        }
    }
}

/// Floats as the runtime prints them: before Go 1.26 `%+.6e` with a three-digit exponent,
/// computed by repeated scaling (so the last digit can differ from a correctly rounded one) on
/// the value as a float64; from Go 1.26 the shortest representation in the float's own format,
/// as `strconv.FormatFloat(f, 'g', -1, bits)` (`printfloat32`, `printfloat64`).
pub fn runtime_float(f: f64, k: FloatKind, style: Style) -> String {
    // NaN and the infinities print alike in both formats.
    if style.shortest_floats || !f.is_finite() {
        return crate::strconv::format_float(f, b'g', -1, k);
    }
    scaled_e7(f)
}

/// Complex numbers as the runtime prints them: `(` the real part, the imaginary part, `i)`
/// (before Go 1.26 `printcomplex` prints the two floats as they are; from 1.26
/// `strconv.FormatComplex` adds a `+` where the imaginary part has no sign).
pub fn runtime_complex(re: f64, im: f64, k: FloatKind, style: Style) -> String {
    let im = runtime_float(im, k, style);
    // Before 1.26 a NaN part prints unsigned: `(NaNNaNi)`.
    let sign = if !style.shortest_floats || im.starts_with(['+', '-']) {
        ""
    } else {
        "+"
    };
    format!("({}{sign}{im}i)", runtime_float(re, k, style))
}

/// The pre-1.26 runtime float format: sign, 7 significant digits, `e`, signed 3-digit exponent.
fn scaled_e7(f: f64) -> String {
    const DIGITS: usize = 7;
    let mut sign = '+';
    let mut v = f;
    let mut exp: i32 = 0;
    if v == 0.0 {
        if v.is_sign_negative() {
            sign = '-';
        }
    } else {
        if v < 0.0 {
            v = -v;
            sign = '-';
        }
        while v >= 10.0 {
            exp += 1;
            v /= 10.0;
        }
        while v < 1.0 {
            exp -= 1;
            v *= 10.0;
        }
        // Round at the last printed digit: add 5 in the eighth significant place.
        let mut h = 5.0;
        for _ in 0..DIGITS {
            h /= 10.0;
        }
        v += h;
        if v >= 10.0 {
            exp += 1;
            v /= 10.0;
        }
    }
    let mut digits = String::new();
    for _ in 0..DIGITS {
        let d = v as i64;
        digits.push(char::from(b'0' + d.clamp(0, 9) as u8));
        v -= d as f64;
        v *= 10.0;
    }
    let (first, rest) = digits.split_at(1);
    let esign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{first}.{rest}e{esign}{:03}", exp.abs())
}

/// `strconv.FormatFloat(f, 'g', -1, 64)` (also fmt's `%v`): the shortest digits, in exponent
/// form when the decimal exponent is below -4 or at least 6.
pub fn shortest_g(f: f64) -> String {
    crate::strconv::format_float(f, b'g', -1, FloatKind::F64)
}

/// One operand of `print`/`println`, by its static type.
pub fn builtin_print(
    types: &Types,
    ty: crate::types::Ty,
    v: &Value,
    style: Style,
    out: &mut Vec<u8>,
) {
    match types.ukind(ty) {
        TypeKind::Bool => out.extend_from_slice(if v.as_bool() { b"true" } else { b"false" }),
        TypeKind::Int(k) => out.extend_from_slice(k.value(v.as_int()).to_string().as_bytes()),
        TypeKind::Float(k) => {
            out.extend_from_slice(runtime_float(v.as_float(), *k, style).as_bytes())
        }
        TypeKind::Complex(k) => {
            let (re, im) = v.as_complex();
            out.extend_from_slice(runtime_complex(re, im, *k, style).as_bytes());
        }
        TypeKind::String => out.extend_from_slice(v.as_bytes()),
        TypeKind::Interface(_) => {
            let s = match v {
                Value::Iface(Some(i)) => format!(
                    "(0x{:x},0x{:x})",
                    0x4a_0000 + u64::from(i.ty.0) * 32,
                    data_addr(v)
                ),
                _ => "(0x0,0x0)".into(),
            };
            out.extend_from_slice(s.as_bytes());
        }
        TypeKind::Slice(_) => {
            let s = match v {
                Value::Slice(sl) => format!("[{}/{}]0x{:x}", sl.len, sl.cap, data_addr(v)),
                _ => "[0/0]0x0".into(),
            };
            out.extend_from_slice(s.as_bytes());
        }
        _ => out.extend_from_slice(format!("0x{:x}", data_addr(v)).as_bytes()),
    }
}

/// A plausible, stable address for a value's data (the fixtures normalise addresses away).
pub fn data_addr(v: &Value) -> usize {
    match v {
        Value::Ptr(Some(p)) => p.addr(),
        Value::Slice(s) => s.arr.as_ref().map_or(0, |a| a.addr() + 8 * s.off),
        Value::Map(Some(m)) => std::rc::Rc::as_ptr(m) as usize,
        Value::Func(Some(f)) => std::rc::Rc::as_ptr(f) as usize,
        Value::Iface(Some(i)) => std::rc::Rc::as_ptr(i) as usize,
        _ => 0,
    }
}

/// `printindented`: from Go 1.23 every newline inside a printed panic value is followed by a tab.
pub fn indented(s: &[u8], style: Style, out: &mut Vec<u8>) {
    if !style.indent_lines {
        out.extend_from_slice(s);
        return;
    }
    for &b in s {
        out.push(b);
        if b == b'\n' {
            out.push(b'\t');
        }
    }
}

/// The value of a panic as the crash header prints it (`printpanicval`): `text` is the result of
/// its Error or String method, when it has one.
pub fn panic_value(types: &Types, v: &Value, text: Option<&[u8]>, style: Style, out: &mut Vec<u8>) {
    if let Some(t) = text {
        indented(t, style, out);
        return;
    }
    let Value::Iface(Some(i)) = v else {
        out.extend_from_slice(b"nil");
        return;
    };
    let named = types.named(i.ty).is_some();
    let basic = |out: &mut Vec<u8>| match types.ukind(i.ty) {
        TypeKind::String => indented(i.val.as_bytes(), style, out),
        _ => builtin_print(types, i.ty, &i.val, style, out),
    };
    match types.ukind(i.ty) {
        TypeKind::Bool
        | TypeKind::Int(_)
        | TypeKind::Float(_)
        | TypeKind::Complex(_)
        | TypeKind::String
            if !named =>
        {
            basic(out)
        }
        // printanycustomtype: a complex number brings its own parentheses.
        TypeKind::Complex(_) => {
            out.extend_from_slice(types.name(i.ty).as_bytes());
            basic(out);
        }
        TypeKind::Bool | TypeKind::Int(_) | TypeKind::Float(_) => {
            out.extend_from_slice(types.name(i.ty).as_bytes());
            out.push(b'(');
            basic(out);
            out.push(b')');
        }
        TypeKind::String => {
            out.extend_from_slice(types.name(i.ty).as_bytes());
            out.extend_from_slice(b"(\"");
            basic(out);
            out.extend_from_slice(b"\")");
        }
        _ => {
            let addr = match &i.val {
                Value::Ptr(None) | Value::Map(None) | Value::Func(None) => 0,
                Value::Ptr(_) | Value::Map(_) | Value::Func(_) => data_addr(&i.val),
                _ => std::rc::Rc::as_ptr(i) as usize,
            };
            out.extend_from_slice(format!("({}) 0x{addr:x}", types.name(i.ty)).as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn old() -> Version {
        Version::new(1, 25, Some(5))
    }

    fn new() -> Version {
        Version::new(1, 26, Some(0))
    }

    #[test]
    fn old_runtime_float_format() {
        // Expected strings from go1.25 and earlier (println and panic values).
        let cases = [
            (1.5, "+1.500000e+000"),
            (100.0, "+1.000000e+002"),
            (0.1, "+1.000000e-001"),
            (1e21, "+1.000000e+021"),
            (1e-7, "+1.000000e-007"),
            (123456789.0, "+1.234568e+008"),
            (0.0, "+0.000000e+000"),
            (-0.0, "-0.000000e+000"),
            (1e100, "+1.000000e+100"),
            (5e-324, "+4.940656e-324"),
            (f64::MAX, "+1.797693e+308"),
            (2.5e-10, "+2.500000e-010"),
            (1234.5678, "+1.234568e+003"),
        ];
        for (f, want) in cases {
            assert_eq!(
                runtime_float(f, FloatKind::F64, Style::of(old())),
                want,
                "{f}"
            );
        }
    }

    #[test]
    fn shortest_format() {
        // Expected strings from go1.26 println and fmt %v.
        let cases = [
            (1.5, "1.5"),
            (100.0, "100"),
            (0.1, "0.1"),
            (1e21, "1e+21"),
            (1e20, "1e+20"),
            (1e-7, "1e-07"),
            (123456789.0, "1.23456789e+08"),
            (-0.0, "-0"),
            (0.0, "0"),
            (1e100, "1e+100"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (2.5e-10, "2.5e-10"),
            (1234.5678, "1234.5678"),
            (9007199254740992.0, "9.007199254740992e+15"),
            (1e-6, "1e-06"),
            (1e6, "1e+06"),
            (1e7, "1e+07"),
            (12345678.0, "1.2345678e+07"),
            (100000.0, "100000"),
            (1e-5, "1e-05"),
            (1e-4, "0.0001"),
        ];
        for (f, want) in cases {
            assert_eq!(
                runtime_float(f, FloatKind::F64, Style::of(new())),
                want,
                "{f}"
            );
        }
    }
}

#[cfg(test)]
mod laws {
    use super::*;
    use quickcheck::quickcheck;

    quickcheck! {
        fn shortest_g_round_trips(f: f64) -> bool {
            !f.is_finite() || shortest_g(f).parse::<f64>().is_ok_and(|g| g == f || (g == 0.0 && f == 0.0))
        }

        fn old_runtime_format_is_close(f: f64) -> bool {
            let s = runtime_float(f, FloatKind::F64, Style::of(Version::new(1, 25, Some(0))));
            !f.is_finite() || f == 0.0 || s.parse::<f64>().is_ok_and(|g| ((g - f) / f).abs() < 1e-6)
        }
    }
}
