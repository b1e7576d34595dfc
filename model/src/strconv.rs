//! The parts of Go's strconv that printing needs, with Go's results: floats in every format
//! (`FormatFloat`), quoting (`Quote`, `QuoteToASCII`, `QuoteRune`, `CanBackquote`), and
//! `IsPrint` for the runes whose answer is the same in every Unicode version gc releases use.
//!
//! Short names: `d` a decimal digit string, `dp` the position of its decimal point, `prec` a
//! precision as strconv takes it (negative for the shortest representation).

use crate::types::FloatKind;

/// The decimal digits of a float's magnitude: its value is `0.d × 10^dp`. `d` has no leading
/// or trailing zeros; it is empty for zero (whose `dp` is 0).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Decimal {
    d: Vec<u8>,
    dp: i32,
}

impl Decimal {
    /// From digits (leading zeros allowed) whose first `int_len` are before the point.
    fn from_digits(digits: &[u8], int_len: i32) -> Decimal {
        let first = digits.iter().position(|&c| c != b'0');
        let Some(first) = first else {
            return Decimal {
                d: Vec::new(),
                dp: 0,
            };
        };
        let last = digits.iter().rposition(|&c| c != b'0').unwrap_or(first);
        Decimal {
            d: digits[first..=last].to_vec(),
            dp: int_len - first as i32,
        }
    }

    /// From Rust's exponent form (`1.2345e3`, `0e0`) of a magnitude.
    fn from_exp_form(s: &str) -> Decimal {
        let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
        Decimal::from_digits(&digits, exp + 1)
    }

    fn nd(&self) -> i32 {
        self.d.len() as i32
    }
}

/// More significant digits than any float64 has in its exact decimal expansion (767), so that
/// asking for more only appends zeros; Rust's formatter takes at most 65,535.
const EXACT_DIGITS: usize = 800;
/// More fractional digits than any float64 has (1,074).
const EXACT_FRACTION: usize = 1100;

/// The shortest digits that read back as `f` in its format (Rust and Go both pick, among the
/// shortest, the one nearest the exact value).
fn shortest(f: f64, k: FloatKind) -> Decimal {
    match k {
        FloatKind::F32 => Decimal::from_exp_form(&format!("{:e}", (f as f32).abs())),
        FloatKind::F64 => Decimal::from_exp_form(&format!("{:e}", f.abs())),
    }
}

/// `f` correctly rounded (half to even, as Go's `decimal.Round`) to `n` significant digits.
fn significant(f: f64, n: usize) -> Decimal {
    let n = n.clamp(1, EXACT_DIGITS);
    Decimal::from_exp_form(&format!("{:.*e}", n - 1, f.abs()))
}

/// `f` correctly rounded to `prec` digits after the point.
fn fraction(f: f64, prec: usize) -> Decimal {
    let s = format!("{:.*}", prec.min(EXACT_FRACTION), f.abs());
    let int_len = s.find('.').unwrap_or(s.len()) as i32;
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
    Decimal::from_digits(&digits, int_len)
}

/// `strconv.FormatFloat(f, fmt, prec, bitSize)` (`%c` for a format other than `e E f g G b x X`). A float32
/// differs from the float64 of the same value only in its shortest digits and in `%b`.
pub fn format_float(f: f64, fmt: u8, prec: i32, k: FloatKind) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let neg = f.is_sign_negative();
    match fmt {
        b'b' => return format_b(f, k),
        b'x' | b'X' => return format_x(f, fmt, prec),
        b'e' | b'E' | b'f' | b'g' | b'G' => {}
        _ => return format!("%{}", char::from(fmt)),
    }
    let shortest_form = prec < 0;
    let (digs, prec) = if shortest_form {
        let d = shortest(f, k);
        let p = match fmt {
            b'e' | b'E' => (d.nd() - 1).max(0),
            b'f' => (d.nd() - d.dp).max(0),
            _ => d.nd(),
        };
        (d, p)
    } else {
        match fmt {
            b'f' => (fraction(f, prec as usize), prec),
            b'e' | b'E' => (significant(f, prec as usize + 1), prec),
            _ => {
                let p = prec.max(1);
                (significant(f, p as usize), p)
            }
        }
    };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    match fmt {
        b'e' | b'E' => exp_form(&mut out, &digs, prec, fmt),
        b'f' => point_form(&mut out, &digs, prec),
        _ => {
            // %e when the exponent is below -4 or at least the precision (6 for the shortest
            // form); trailing zeros of the digits are not shown.
            let mut eprec = prec;
            if eprec > digs.nd() && digs.nd() >= digs.dp {
                eprec = digs.nd();
            }
            if shortest_form {
                eprec = 6;
            }
            let exp = digs.dp - 1;
            let e = if fmt == b'G' { b'E' } else { b'e' };
            if exp < -4 || exp >= eprec {
                exp_form(&mut out, &digs, prec.min(digs.nd()) - 1, e);
            } else {
                let p = if prec > digs.dp { digs.nd() } else { prec };
                point_form(&mut out, &digs, (p - digs.dp).max(0));
            }
        }
    }
    out
}

/// `d.ddde±dd`: `prec` digits after the point, an exponent of at least two digits.
fn exp_form(out: &mut String, digs: &Decimal, prec: i32, e: u8) {
    let digit = |i: i32| char::from(*digs.d.get(i as usize).unwrap_or(&b'0'));
    out.push(digit(0));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(digit(i));
        }
    }
    out.push(char::from(e));
    // Zero has exponent 0.
    let exp = if digs.d.is_empty() { 0 } else { digs.dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.abs()));
}

/// `ddd.ddd` with `prec` digits after the point.
fn point_form(out: &mut String, digs: &Decimal, prec: i32) {
    let digit = |i: i32| {
        if 0 <= i && i < digs.nd() {
            char::from(digs.d[i as usize])
        } else {
            '0'
        }
    };
    if digs.dp > 0 {
        for i in 0..digs.dp {
            out.push(digit(i));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 0..prec {
            out.push(digit(digs.dp + i));
        }
    }
}

/// The explicit mantissa bits of a format (23 or 52).
fn mant_bits(k: FloatKind) -> u32 {
    match k {
        FloatKind::F32 => 23,
        FloatKind::F64 => 52,
    }
}

/// The parts of a float as strconv splits them: the mantissa (with the implicit bit) and the
/// unbiased exponent, the value being `mant × 2^(exp - mant_bits)`.
fn parts(f: f64, k: FloatKind) -> (u64, i32) {
    let (bits, exp_bits, bias) = match k {
        FloatKind::F32 => (u64::from((f as f32).to_bits()), 8, 127),
        FloatKind::F64 => (f.to_bits(), 11, 1023),
    };
    let m = mant_bits(k);
    let exp = ((bits >> m) & ((1 << exp_bits) - 1)) as i32;
    let mant = bits & ((1 << m) - 1);
    match exp {
        // Denormal: no implicit bit, the smallest exponent.
        0 => (mant, 1 - bias),
        _ => (mant | (1 << m), exp - bias),
    }
}

/// `%b`: `-ddddp±ddd`, the mantissa as a decimal integer and a binary exponent.
fn format_b(f: f64, k: FloatKind) -> String {
    let (mant, exp) = parts(f, k);
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let e = exp - mant_bits(k) as i32;
    let esign = if e >= 0 { "+" } else { "" };
    format!("{sign}{mant}p{esign}{e}")
}

/// `%x`: `-0x1.hhhhp±dd`, `prec` hexadecimal digits after the point (all needed when negative),
/// rounded half to even. The leading 1 is normalized, so a float32 prints as its float64.
fn format_x(f: f64, fmt: u8, prec: i32) -> String {
    let (mut mant, mut exp) = parts(f, FloatKind::F64);
    if mant == 0 {
        exp = 0;
    }
    // The leading 1 (if any) at bit 60.
    mant <<= 60 - 52;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let hex: &[u8; 16] = if fmt == b'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    out.push('0');
    out.push(char::from(fmt));
    out.push(char::from(b'0' + ((mant >> 60) & 1) as u8));
    mant <<= 4;
    let digits = if prec < 0 {
        // As many as needed.
        (mant != 0).then_some(usize::MAX)
    } else {
        (prec > 0).then_some(prec as usize)
    };
    if let Some(n) = digits {
        out.push('.');
        let mut k = 0;
        while k < n && (prec >= 0 || mant != 0) {
            out.push(char::from(hex[((mant >> 60) & 15) as usize]));
            mant <<= 4;
            k += 1;
        }
    }
    out.push(if fmt == b'X' { 'P' } else { 'p' });
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.abs()));
    out
}

/// Whether Go's `strconv.IsPrint` holds for `c` (letters, marks, numbers, punctuation,
/// symbols and the ASCII space): known for ASCII and for blocks fully assigned, with the same
/// categories, in every Unicode version of the modeled releases (13.0 to 15.1). `None` for
/// the rest: the model does not carry gc's Unicode tables.
pub fn is_print(c: char) -> Option<bool> {
    let u = c as u32;
    Some(match u {
        0x20..=0x7e => true,
        0..=0x1f | 0x7f..=0xa0 | 0xad => false,
        0xa1..=0x24f => true,
        // Greek and Coptic, without its unassigned points.
        0x370..=0x3ff => !matches!(u, 0x378 | 0x379 | 0x380..=0x383 | 0x38b | 0x38d | 0x3a2),
        // Cyrillic.
        0x400..=0x4ff => true,
        // General punctuation: dashes, quotes, bullets, ellipsis, per mille, primes.
        0x2010..=0x2027 | 0x2030..=0x205e => true,
        // Arrows, mathematical operators, box drawing, block elements, geometric shapes.
        0x2190..=0x23ff | 0x2500..=0x25ff => true,
        // Hiragana and Katakana, without the unassigned points of Hiragana.
        0x3041..=0x3096 | 0x3099..=0x30ff => true,
        // CJK unified ideographs as assigned since Unicode 11.
        0x4e00..=0x9fef => true,
        0xac00..=0xd7a3 => true,
        0xfffd => true,
        // Emoticons.
        0x1f600..=0x1f64f => true,
        _ => return None,
    })
}

/// A rune whose printability the model does not know (see [`is_print`]): quoting it is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unknown(pub char);

/// Appends rune `r` as `strconv.Quote` writes it inside quotes `q`.
fn escaped(out: &mut String, r: char, q: char, ascii: bool) -> Result<(), Unknown> {
    if r == q || r == '\\' {
        out.push('\\');
        out.push(r);
        return Ok(());
    }
    let printable = if ascii {
        r.is_ascii() && is_print(r) == Some(true)
    } else {
        is_print(r).ok_or(Unknown(r))?
    };
    if printable {
        out.push(r);
        return Ok(());
    }
    match r {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        r if (r as u32) < 0x20 || r == '\x7f' => out.push_str(&format!("\\x{:02x}", r as u32)),
        r if (r as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", r as u32)),
        r => out.push_str(&format!("\\U{:08x}", r as u32)),
    }
    Ok(())
}

/// `strconv.Quote` (or `QuoteToASCII` when `ascii`): the string in double quotes, escaped; a
/// byte that is not UTF-8 as `\xhh`.
pub fn quote(s: &[u8], ascii: bool) -> Result<String, Unknown> {
    let mut out = String::from("\"");
    let mut rest = s;
    while !rest.is_empty() {
        let (c, n) = decode_rune(rest);
        if c == '\u{FFFD}' && n == 1 {
            out.push_str(&format!("\\x{:02x}", rest[0]));
        } else {
            escaped(&mut out, c, '"', ascii)?;
        }
        rest = &rest[n.max(1)..];
    }
    out.push('"');
    Ok(out)
}

/// `strconv.QuoteRune` (or `QuoteRuneToASCII`) of a Go integer: a value that is not a valid
/// rune (negative, a surrogate, beyond U+10FFFF) is the replacement rune.
pub fn quote_rune(r: i128, ascii: bool) -> Result<String, Unknown> {
    let c = rune(r);
    let mut out = String::from("'");
    escaped(&mut out, c, '\'', ascii)?;
    out.push('\'');
    Ok(out)
}

/// A Go integer as a rune: the replacement rune when it is not a valid one.
pub fn rune(r: i128) -> char {
    u32::try_from(r)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}')
}

/// `strconv.CanBackquote`: whether the string can be a raw string literal unchanged.
pub fn can_backquote(s: &[u8]) -> bool {
    let mut rest = s;
    while !rest.is_empty() {
        let (c, n) = decode_rune(rest);
        rest = &rest[n.max(1)..];
        if n > 1 {
            // A byte order mark is invisible; other multi-byte runes are taken as printable.
            if c == '\u{feff}' {
                return false;
            }
            continue;
        }
        if c == '\u{FFFD}' || (c < ' ' && c != '\t') || c == '`' || c == '\x7f' {
            return false;
        }
    }
    true
}

/// Decodes one UTF-8 rune as Go does: an invalid or truncated sequence is U+FFFD of width 1.
pub fn decode_rune(b: &[u8]) -> (char, usize) {
    let n = match b.first() {
        None => return ('\u{FFFD}', 0),
        Some(x) if *x < 0x80 => return (char::from(*x), 1),
        Some(x) if x & 0xE0 == 0xC0 => 2,
        Some(x) if x & 0xF0 == 0xE0 => 3,
        Some(x) if x & 0xF8 == 0xF0 => 4,
        _ => return ('\u{FFFD}', 1),
    };
    match b
        .get(..n)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.chars().next())
    {
        Some(c) => (c, n),
        None => ('\u{FFFD}', 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quickcheck::quickcheck;

    /// Outputs of go1.19.8 and go1.27.3 (identical), `fmt.Printf` of these values and verbs.
    #[test]
    fn floats_format_as_go_formats_them() {
        let xs = [
            0.0,
            1.0,
            -1.0,
            1.5,
            123456.0,
            1234567.0,
            1e21,
            1e-7,
            0.000123456,
        ];
        let rows: [(&str, u8, i32, [&str; 9]); 9] = [
            (
                "%v",
                b'g',
                -1,
                [
                    "0",
                    "1",
                    "-1",
                    "1.5",
                    "123456",
                    "1.234567e+06",
                    "1e+21",
                    "1e-07",
                    "0.000123456",
                ],
            ),
            (
                "%e",
                b'e',
                6,
                [
                    "0.000000e+00",
                    "1.000000e+00",
                    "-1.000000e+00",
                    "1.500000e+00",
                    "1.234560e+05",
                    "1.234567e+06",
                    "1.000000e+21",
                    "1.000000e-07",
                    "1.234560e-04",
                ],
            ),
            (
                "%.0f",
                b'f',
                0,
                [
                    "0",
                    "1",
                    "-1",
                    "2",
                    "123456",
                    "1234567",
                    "1000000000000000000000",
                    "0",
                    "0",
                ],
            ),
            (
                "%.3e",
                b'e',
                3,
                [
                    "0.000e+00",
                    "1.000e+00",
                    "-1.000e+00",
                    "1.500e+00",
                    "1.235e+05",
                    "1.235e+06",
                    "1.000e+21",
                    "1.000e-07",
                    "1.235e-04",
                ],
            ),
            (
                "%.3g",
                b'g',
                3,
                [
                    "0", "1", "-1", "1.5", "1.23e+05", "1.23e+06", "1e+21", "1e-07", "0.000123",
                ],
            ),
            (
                "%.10g",
                b'g',
                10,
                [
                    "0",
                    "1",
                    "-1",
                    "1.5",
                    "123456",
                    "1234567",
                    "1e+21",
                    "1e-07",
                    "0.000123456",
                ],
            ),
            (
                "%x",
                b'x',
                -1,
                [
                    "0x0p+00",
                    "0x1p+00",
                    "-0x1p+00",
                    "0x1.8p+00",
                    "0x1.e24p+16",
                    "0x1.2d687p+20",
                    "0x1.b1ae4d6e2ef5p+69",
                    "0x1.ad7f29abcaf48p-24",
                    "0x1.02e7ef70994ddp-13",
                ],
            ),
            (
                "%b",
                b'b',
                -1,
                [
                    "0p-1074",
                    "4503599627370496p-52",
                    "-4503599627370496p-52",
                    "6755399441055744p-52",
                    "8483831719919616p-36",
                    "5302424889720832p-32",
                    "7629394531250000p+17",
                    "7555786372591432p-76",
                    "4554722472727773p-65",
                ],
            ),
            (
                "%.1g",
                b'g',
                1,
                [
                    "0", "1", "-1", "2", "1e+05", "1e+06", "1e+21", "1e-07", "0.0001",
                ],
            ),
        ];
        for (verb, fmt, prec, want) in rows {
            for (x, w) in xs.iter().zip(want) {
                assert_eq!(
                    format_float(*x, fmt, prec, FloatKind::F64),
                    w,
                    "{verb} of {x}"
                );
            }
        }
        assert_eq!(format_float(0.25, b'f', 1, FloatKind::F64), "0.2");
        assert_eq!(format_float(0.35, b'f', 1, FloatKind::F64), "0.3");
        assert_eq!(format_float(2.5, b'f', 0, FloatKind::F64), "2");
        assert_eq!(format_float(f64::NAN, b'f', 2, FloatKind::F64), "NaN");
        assert_eq!(
            format_float(f64::NEG_INFINITY, b'g', -1, FloatKind::F64),
            "-Inf"
        );
        assert_eq!(format_float(-0.0, b'g', -1, FloatKind::F64), "-0");
        assert_eq!(format_float(1.0, b'f', 70000, FloatKind::F64).len(), 70002);
    }

    #[test]
    fn quoting_follows_strconv() {
        assert_eq!(quote(b"a\tb\"c", false), Ok(r#""a\tb\"c""#.to_string()));
        assert_eq!(quote(b"\x00\xff", false), Ok(r#""\x00\xff""#.to_string()));
        assert_eq!(
            quote("héllo".as_bytes(), false),
            Ok("\"héllo\"".to_string())
        );
        assert_eq!(
            quote("héllo".as_bytes(), true),
            Ok(r#""h\u00e9llo""#.to_string())
        );
        assert_eq!(
            quote("日本語".as_bytes(), true),
            Ok(r#""\u65e5\u672c\u8a9e""#.to_string())
        );
        assert_eq!(
            quote("\u{a0}\u{ad}".as_bytes(), false),
            Ok(r#""\u00a0\u00ad""#.to_string())
        );
        assert_eq!(
            quote("\u{e000}".as_bytes(), false),
            Err(Unknown('\u{e000}'))
        );
        assert_eq!(quote_rune(-7, false), Ok("'\u{fffd}'".to_string()));
        assert_eq!(quote_rune(0xff, true), Ok(r"'\u00ff'".to_string()));
        assert_eq!(quote_rune(7, false), Ok(r"'\a'".to_string()));
        assert!(can_backquote(b"a\tb\"c") && !can_backquote(b"`x`") && !can_backquote(b"\xff"));
    }

    quickcheck! {
        fn shortest_round_trips(f: f64) -> bool {
            !f.is_finite() || format_float(f, b'g', -1, FloatKind::F64).parse::<f64>().ok() == Some(f)
        }

        fn quote_round_trips_printable_ascii(s: String) -> bool {
            let s: String = s.chars().filter(|c| c.is_ascii() && !c.is_ascii_control()).collect();
            let Ok(q) = quote(s.as_bytes(), false) else { return false };
            let inner = &q[1..q.len() - 1];
            inner.replace("\\\"", "\"").replace("\\\\", "\\") == s
        }

        fn decode_rune_agrees_with_utf8(s: String) -> bool {
            let b = s.as_bytes();
            let mut i = 0;
            let mut chars = s.chars();
            while i < b.len() {
                let (c, w) = decode_rune(&b[i..]);
                if Some(c) != chars.next() || w != c.len_utf8() {
                    return false;
                }
                i += w;
            }
            chars.next().is_none()
        }
    }

    #[test]
    fn invalid_utf8_decodes_to_the_replacement_rune() {
        assert_eq!(decode_rune(&[0xff, b'a']), ('\u{FFFD}', 1));
        assert_eq!(decode_rune(&[0xe2, 0x82]), ('\u{FFFD}', 1));
    }
}
