//! fmt's raw formatter (its `fmt` type): one operand under one verb's flags, width and
//! precision, written as gc's fmt writes it. Widths count runes, as fmt does.

use super::Verb;
use crate::strconv::{self, Unknown, decode_rune};
use crate::types::FloatKind;

/// How many runes `b` holds when read as UTF-8 (each invalid byte is one).
fn rune_count(b: &[u8]) -> usize {
    let mut n = 0;
    let mut rest = b;
    while !rest.is_empty() {
        let (_, w) = decode_rune(rest);
        rest = &rest[w.max(1)..];
        n += 1;
    }
    n
}

/// `n` bytes of padding: zeros when the zero flag holds (only to the left), else spaces.
fn write_padding(out: &mut Vec<u8>, n: usize, v: &Verb) {
    let fill = if v.zero && !v.minus { b'0' } else { b' ' };
    out.extend(std::iter::repeat_n(fill, n));
}

/// `b` padded to the width: on the left, or on the right with the minus flag.
pub fn pad(out: &mut Vec<u8>, b: &[u8], v: &Verb) {
    let Some(w) = v.width.filter(|w| *w > 0) else {
        out.extend_from_slice(b);
        return;
    };
    let fill = w.saturating_sub(rune_count(b));
    if v.minus {
        out.extend_from_slice(b);
        write_padding(out, fill, v);
    } else {
        write_padding(out, fill, v);
        out.extend_from_slice(b);
    }
}

/// `b` padded with spaces, whatever the zero flag says.
fn pad_spaces(out: &mut Vec<u8>, b: &[u8], v: &Verb) {
    pad(out, b, &Verb { zero: false, ..*v });
}

/// `%t`, `%v` of a bool.
pub fn boolean(out: &mut Vec<u8>, b: bool, v: &Verb) {
    pad(out, if b { b"true" } else { b"false" }, v);
}

/// `%U`: `U+0078`, or with the sharp flag `U+0078 'x'` for a printable rune.
pub fn unicode(out: &mut Vec<u8>, u: u64, v: &Verb) -> Result<(), Unknown> {
    let digits = v.prec.filter(|p| *p > 4).unwrap_or(4);
    let mut s = format!("U+{u:0digits$X}");
    if v.sharp
        && let Some(c) = u32::try_from(u).ok().and_then(char::from_u32)
        && strconv::is_print(c).ok_or(Unknown(c))?
    {
        s.push_str(&format!(" '{c}'"));
    }
    pad_spaces(out, s.as_bytes(), v);
    Ok(())
}

/// An integer in `base` (2, 8, 10 or 16): `u` holds its 64 bits, read as signed when `signed`.
/// A precision, or else the zero flag with a width, asks for leading zeros; the sharp flag
/// for a `0b`, `0` or `0x` prefix; `%O` for `0o`.
pub fn integer(out: &mut Vec<u8>, u: u64, base: u32, signed: bool, v: &Verb) {
    let negative = signed && (u as i64) < 0;
    let magnitude = if negative {
        (u as i64).unsigned_abs()
    } else {
        u
    };
    let mut prec = 0;
    if let Some(p) = v.prec {
        // Precision 0 and value 0 print nothing but the padding.
        if p == 0 && magnitude == 0 {
            write_padding(out, v.width.unwrap_or(0), &Verb { zero: false, ..*v });
            return;
        }
        prec = p;
    } else if v.zero
        && !v.minus
        && let Some(w) = v.width
    {
        prec = w;
        if negative || v.plus || v.space {
            // Room for the sign.
            prec = prec.saturating_sub(1);
        }
    }
    let upper = v.ch == 'X';
    let mut digits = match base {
        2 => format!("{magnitude:b}"),
        8 => format!("{magnitude:o}"),
        16 if upper => format!("{magnitude:X}"),
        16 => format!("{magnitude:x}"),
        _ => magnitude.to_string(),
    };
    if digits.len() < prec {
        digits = format!("{}{digits}", "0".repeat(prec - digits.len()));
    }
    let mut s = String::new();
    if negative {
        s.push('-');
    } else if v.plus {
        s.push('+');
    } else if v.space {
        s.push(' ');
    }
    if v.sharp {
        match base {
            2 => s.push_str("0b"),
            8 if !digits.starts_with('0') => s.push('0'),
            16 => s.push_str(if upper { "0X" } else { "0x" }),
            _ => {}
        }
    }
    if v.ch == 'O' {
        s.push_str("0o");
    }
    s.push_str(&digits);
    pad_spaces(out, s.as_bytes(), v);
}

/// The string truncated to the precision, counted in runes.
fn truncated<'s>(s: &'s [u8], v: &Verb) -> &'s [u8] {
    let Some(p) = v.prec else { return s };
    let mut rest = s;
    for _ in 0..p {
        if rest.is_empty() {
            break;
        }
        let (_, w) = decode_rune(rest);
        rest = &rest[w.max(1)..];
    }
    &s[..s.len() - rest.len()]
}

/// `%s`, `%v` of a string.
pub fn string(out: &mut Vec<u8>, s: &[u8], v: &Verb) {
    pad(out, truncated(s, v), v);
}

/// `%x`, `%X` of a string: two hexadecimal digits a byte (as many bytes as the precision), with
/// the space flag separated, with the sharp flag prefixed by `0x` (each one, with both).
pub fn hex_string(out: &mut Vec<u8>, s: &[u8], v: &Verb) {
    let upper = v.ch == 'X';
    let s = match v.prec {
        Some(p) if p < s.len() => &s[..p],
        _ => s,
    };
    if s.is_empty() {
        write_padding(out, v.width.unwrap_or(0), v);
        return;
    }
    let prefix = if upper { "0X" } else { "0x" };
    let mut text = String::new();
    if v.sharp {
        text.push_str(prefix);
    }
    for (i, b) in s.iter().enumerate() {
        if v.space && i > 0 {
            text.push(' ');
            if v.sharp {
                text.push_str(prefix);
            }
        }
        if upper {
            text.push_str(&format!("{b:02X}"));
        } else {
            text.push_str(&format!("{b:02x}"));
        }
    }
    let w = v.width.unwrap_or(0);
    let fill = w.saturating_sub(text.len());
    if !v.minus {
        write_padding(out, fill, v);
    }
    out.extend_from_slice(text.as_bytes());
    if v.minus {
        write_padding(out, fill, v);
    }
}

/// `%q` of a string: quoted (ASCII only with the plus flag), or backquoted with the sharp flag
/// when it can be.
pub fn quoted(out: &mut Vec<u8>, s: &[u8], v: &Verb) -> Result<(), Unknown> {
    let s = truncated(s, v);
    if v.sharp && strconv::can_backquote(s) {
        let mut b = vec![b'`'];
        b.extend_from_slice(s);
        b.push(b'`');
        pad(out, &b, v);
        return Ok(());
    }
    pad(out, strconv::quote(s, v.plus)?.as_bytes(), v);
    Ok(())
}

/// A string under a string verb (`v s x X q`); `false` for any other verb.
pub fn string_verb(out: &mut Vec<u8>, s: &[u8], v: &Verb) -> Result<bool, Unknown> {
    match v.ch {
        'v' | 's' => string(out, s, v),
        'x' | 'X' => hex_string(out, s, v),
        'q' => quoted(out, s, v)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// `%c`: the rune (the replacement rune when the value is not one).
pub fn character(out: &mut Vec<u8>, u: u64, v: &Verb) {
    let c = strconv::rune(i128::from(u));
    pad(out, c.to_string().as_bytes(), v);
}

/// `%q` of an integer: the quoted rune.
pub fn quoted_rune(out: &mut Vec<u8>, u: u64, v: &Verb) -> Result<(), Unknown> {
    pad(
        out,
        strconv::quote_rune(i128::from(u), v.plus)?.as_bytes(),
        v,
    );
    Ok(())
}

/// A float of format `k` under a float verb (`v b g G x X f F e E`): `%v` is `%g`, `%F` is
/// `%f`, and `f e E` default to 6 digits, the others to the shortest; the sign where asked
/// (`+`, or a space), zero padding after it, none for Inf and NaN; with the sharp flag a
/// decimal point always, and `%g`'s trailing zeros kept.
pub fn float(out: &mut Vec<u8>, f: f64, k: FloatKind, v: &Verb) {
    let (fmt, default_prec) = match v.ch {
        'v' => (b'g', -1),
        'F' => (b'f', 6),
        'f' | 'e' | 'E' => (v.ch as u8, 6),
        _ => (v.ch as u8, -1),
    };
    let prec = v
        .prec
        .map_or(default_prec, |p| p.min(i32::MAX as usize) as i32);
    let text = strconv::format_float(f, fmt, prec, k);
    // The number with a sign always in front: `+` when it has none.
    let mut num: Vec<u8> = if text.starts_with(['-', '+']) {
        text.into_bytes()
    } else {
        let mut b = vec![b'+'];
        b.extend_from_slice(text.as_bytes());
        b
    };
    if v.space && num[0] == b'+' && !v.plus {
        num[0] = b' ';
    }
    if matches!(num.get(1), Some(b'I' | b'N')) {
        // Inf and NaN are not padded with zeros; NaN's sign shows only when asked for.
        let shown = if num[1] == b'N' && !v.space && !v.plus {
            &num[1..]
        } else {
            &num[..]
        };
        pad_spaces(out, shown, v);
        return;
    }
    if v.sharp && fmt != b'b' {
        num = with_point(num, fmt, prec);
    }
    if v.plus || num[0] != b'+' {
        // Zero padding goes between the sign and the digits.
        if v.zero
            && !v.minus
            && let Some(w) = v.width
            && w > num.len()
        {
            out.push(num[0]);
            write_padding(out, w - num.len(), v);
            out.extend_from_slice(&num[1..]);
            return;
        }
        pad(out, &num, v);
        return;
    }
    pad(out, &num[1..], v);
}

/// The sharp flag on a float: a decimal point always, and for `%v %g %G %x` the precision's
/// digits (6 for the shortest form) with their trailing zeros.
fn with_point(mut num: Vec<u8>, fmt: u8, prec: i32) -> Vec<u8> {
    let mut digits: i32 = match fmt {
        b'v' | b'g' | b'G' | b'x' => {
            if prec == -1 {
                6
            } else {
                prec
            }
        }
        _ => 0,
    };
    let mut tail = Vec::new();
    let mut has_point = false;
    let mut seen_nonzero = false;
    let mut i = 1;
    while i < num.len() {
        match num[i] {
            b'.' => has_point = true,
            b'p' | b'P' => {
                tail = num.split_off(i);
                break;
            }
            b'e' | b'E' if fmt != b'x' && fmt != b'X' => {
                tail = num.split_off(i);
                break;
            }
            c => {
                if c != b'0' {
                    seen_nonzero = true;
                }
                if seen_nonzero {
                    digits -= 1;
                }
            }
        }
        i += 1;
    }
    if !has_point {
        // A lone leading 0 counts once.
        if num.len() == 2 && num[1] == b'0' {
            digits -= 1;
        }
        num.push(b'.');
    }
    while digits > 0 {
        num.push(b'0');
        digits -= 1;
    }
    num.extend(tail);
    num
}
