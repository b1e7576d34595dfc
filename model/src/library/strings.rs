//! Package strings: the functions of the table, on byte strings, as Go defines them. Case
//! mapping and folding are modeled for ASCII text only.

use super::{Func, Outcome, strings_value};
use crate::strconv::decode_rune;
use crate::value::Value;

/// The strings of a `[]string` value.
fn string_list(v: &Value) -> Vec<Vec<u8>> {
    match v {
        Value::Slice(s) => s.elems().iter().map(|e| e.as_bytes().to_vec()).collect(),
        _ => Vec::new(),
    }
}

/// The most bytes a string the model makes may have.
const MAX_LEN: usize = 1 << 28;

pub fn call(f: Func, args: &[Value]) -> Outcome {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Int(0));
    let s = arg(0).as_bytes().to_vec();
    let t = arg(1).as_bytes().to_vec();
    let int = |v: i64| Outcome::Results(vec![Value::Int(v)]);
    let boolean = |b: bool| Outcome::Results(vec![Value::Bool(b)]);
    let string = |b: &[u8]| Outcome::Results(vec![Value::bytes(b)]);
    match f {
        Func::StringsContains => boolean(index(&s, &t).is_some()),
        Func::StringsContainsRune => boolean(index_rune(&s, arg(1).as_int()).is_some()),
        Func::StringsContainsAny => boolean(index_any(&s, &t).is_some()),
        Func::StringsHasPrefix => boolean(s.starts_with(&t)),
        Func::StringsHasSuffix => boolean(s.ends_with(&t)),
        Func::StringsIndex => int(index(&s, &t).map_or(-1, |i| i as i64)),
        Func::StringsIndexByte => {
            let b = arg(1).as_int() as u8;
            int(s.iter().position(|c| *c == b).map_or(-1, |i| i as i64))
        }
        Func::StringsIndexRune => int(index_rune(&s, arg(1).as_int()).map_or(-1, |i| i as i64)),
        Func::StringsLastIndex => int(last_index(&s, &t).map_or(-1, |i| i as i64)),
        Func::StringsCount => int(count(&s, &t) as i64),
        Func::StringsRepeat => {
            let n = arg(1).as_int();
            if n < 0 {
                return Outcome::Panic("strings: negative Repeat count".into());
            }
            let Some(len) = s.len().checked_mul(n as usize) else {
                return Outcome::Panic("strings: Repeat output length overflow".into());
            };
            if len > MAX_LEN {
                return Outcome::Refused(format!(
                    "strings.Repeat making {len} bytes (beyond the model's memory)"
                ));
            }
            string(&s.repeat(n as usize))
        }
        Func::StringsReplace | Func::StringsReplaceAll => {
            let new = arg(2).as_bytes().to_vec();
            let n = if f == Func::StringsReplace {
                arg(3).as_int()
            } else {
                -1
            };
            let out = replace(&s, &t, &new, n);
            if out.len() > MAX_LEN {
                return Outcome::Refused("strings.Replace beyond the model's memory".into());
            }
            string(&out)
        }
        Func::StringsSplit => Outcome::Results(vec![split(&s, &t, -1)]),
        Func::StringsSplitN => Outcome::Results(vec![split(&s, &t, arg(2).as_int())]),
        Func::StringsJoin => {
            let parts = string_list(&arg(0));
            string(&parts.join(&t[..]))
        }
        Func::StringsFields => Outcome::Results(vec![strings_value(fields(&s))]),
        Func::StringsTrimSpace => string(trim_right(trim_left(&s, &is_space), &is_space)),
        Func::StringsTrim | Func::StringsTrimLeft | Func::StringsTrimRight => {
            let cut = |r: char| index_rune(&t, i64::from(r as u32)).is_some();
            let left = matches!(f, Func::StringsTrim | Func::StringsTrimLeft);
            let right = matches!(f, Func::StringsTrim | Func::StringsTrimRight);
            let mut r: &[u8] = &s;
            if left {
                r = trim_left(r, &cut);
            }
            if right {
                r = trim_right(r, &cut);
            }
            string(r)
        }
        Func::StringsTrimPrefix => string(s.strip_prefix(&t[..]).unwrap_or(&s)),
        Func::StringsTrimSuffix => string(s.strip_suffix(&t[..]).unwrap_or(&s)),
        Func::StringsToUpper | Func::StringsToLower => {
            if !s.is_ascii() {
                return Outcome::Refused(
                    "changing the case of non-ASCII text (gc's Unicode tables)".into(),
                );
            }
            string(&if f == Func::StringsToUpper {
                s.to_ascii_uppercase()
            } else {
                s.to_ascii_lowercase()
            })
        }
        Func::StringsEqualFold => {
            if !s.is_ascii() || !t.is_ascii() {
                return Outcome::Refused(
                    "comparing non-ASCII text without case (gc's Unicode tables)".into(),
                );
            }
            boolean(s.eq_ignore_ascii_case(&t))
        }
        Func::StringsCompare => int(match s.cmp(&t) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        }),
        _ => Outcome::Refused(format!("{f:?} is not a function of package strings")),
    }
}

/// `strings.Index`: the first occurrence of `sep` (0 for an empty one).
pub fn index(s: &[u8], sep: &[u8]) -> Option<usize> {
    if sep.is_empty() {
        return Some(0);
    }
    s.windows(sep.len()).position(|w| w == sep)
}

fn last_index(s: &[u8], sep: &[u8]) -> Option<usize> {
    if sep.is_empty() {
        return Some(s.len());
    }
    s.windows(sep.len()).rposition(|w| w == sep)
}

/// `strings.Count`: non-overlapping occurrences; runes plus one for an empty `sep`.
fn count(s: &[u8], sep: &[u8]) -> usize {
    if sep.is_empty() {
        return rune_count(s) + 1;
    }
    let (mut n, mut rest) = (0, s);
    while let Some(i) = index(rest, sep) {
        n += 1;
        rest = &rest[i + sep.len()..];
    }
    n
}

/// The runes of UTF-8 text, an invalid byte counting as one.
fn rune_count(s: &[u8]) -> usize {
    let (mut n, mut rest) = (0, s);
    while !rest.is_empty() {
        rest = &rest[decode_rune(rest).1.max(1)..];
        n += 1;
    }
    n
}

/// `strings.IndexRune`: ASCII as a byte; U+FFFD also finds an invalid byte; an invalid rune
/// is never found.
fn index_rune(s: &[u8], r: i64) -> Option<usize> {
    if (0..0x80).contains(&r) {
        return s.iter().position(|c| i64::from(*c) == r);
    }
    if r == 0xFFFD {
        let mut i = 0;
        while i < s.len() {
            let (c, w) = decode_rune(&s[i..]);
            if c == '\u{FFFD}' {
                return Some(i);
            }
            i += w.max(1);
        }
        return None;
    }
    let c = u32::try_from(r).ok().and_then(char::from_u32)?;
    let mut buf = [0u8; 4];
    index(s, c.encode_utf8(&mut buf).as_bytes())
}

/// `strings.IndexAny`: the first rune of `s` that is in `chars`.
fn index_any(s: &[u8], chars: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < s.len() {
        let (c, w) = decode_rune(&s[i..]);
        if index_rune(chars, i64::from(c as u32)).is_some() {
            return Some(i);
        }
        i += w.max(1);
    }
    None
}

/// `strings.Replace`: the first `n` (all when negative) non-overlapping `old`; an empty `old`
/// matches at the start and after each rune.
fn replace(s: &[u8], old: &[u8], new: &[u8], n: i64) -> Vec<u8> {
    if old == new || n == 0 {
        return s.to_vec();
    }
    let m = count(s, old) as i64;
    if m == 0 {
        return s.to_vec();
    }
    let n = if n < 0 || m < n { m } else { n };
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..n {
        let mut j = start;
        if old.is_empty() {
            if i > 0 {
                j += decode_rune(&s[start..]).1;
            }
        } else {
            j += index(&s[start..], old).unwrap_or(0);
        }
        out.extend_from_slice(&s[start..j]);
        out.extend_from_slice(new);
        start = j + old.len();
    }
    out.extend_from_slice(&s[start.min(s.len())..]);
    out
}

/// `strings.SplitN` (`Split` is `n` = -1): nil for `n` = 0; an empty `sep` splits after each
/// rune.
fn split(s: &[u8], sep: &[u8], n: i64) -> Value {
    if n == 0 {
        return Value::Slice(crate::value::Slice::default());
    }
    if sep.is_empty() {
        let l = rune_count(s) as i64;
        let n = if n < 0 || n > l { l } else { n };
        let mut parts = Vec::new();
        let mut rest = s;
        for _ in 0..n.saturating_sub(1) {
            let w = decode_rune(rest).1.max(1);
            parts.push(rest[..w].to_vec());
            rest = &rest[w..];
        }
        if n > 0 {
            parts.push(rest.to_vec());
        }
        return strings_value(parts);
    }
    let mut n = if n < 0 { count(s, sep) as i64 + 1 } else { n };
    n = n.min(s.len() as i64 + 1);
    let mut parts = Vec::new();
    let mut rest = s;
    while (parts.len() as i64) < n - 1 {
        let Some(m) = index(rest, sep) else { break };
        parts.push(rest[..m].to_vec());
        rest = &rest[m + sep.len()..];
    }
    parts.push(rest.to_vec());
    strings_value(parts)
}

/// `unicode.IsSpace`: the White_Space property, the same in every Unicode version gc uses.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{0b}'
            | '\u{0c}'
            | '\r'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// `strings.Fields`: the runs of non-space runes.
fn fields(s: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut i = 0;
    while i < s.len() {
        let (c, w) = decode_rune(&s[i..]);
        match (is_space(c), start) {
            (true, Some(b)) => {
                out.push(s[b..i].to_vec());
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += w.max(1);
    }
    if let Some(b) = start {
        out.push(s[b..].to_vec());
    }
    out
}

fn trim_left<'s>(s: &'s [u8], cut: &dyn Fn(char) -> bool) -> &'s [u8] {
    let mut rest = s;
    while !rest.is_empty() {
        let (c, w) = decode_rune(rest);
        if !cut(c) {
            break;
        }
        rest = &rest[w.max(1)..];
    }
    rest
}

fn trim_right<'s>(s: &'s [u8], cut: &dyn Fn(char) -> bool) -> &'s [u8] {
    let mut end = s.len();
    while end > 0 {
        let (c, w) = decode_last_rune(&s[..end]);
        if !cut(c) {
            break;
        }
        end -= w.max(1);
    }
    &s[..end]
}

/// `utf8.DecodeLastRuneInString`: the last rune and its width (an invalid ending is U+FFFD of
/// width 1).
pub fn decode_last_rune(s: &[u8]) -> (char, usize) {
    let Some(&last) = s.last() else {
        return ('\u{FFFD}', 0);
    };
    if last < 0x80 {
        return (char::from(last), 1);
    }
    // The nearest rune start among the three bytes before the last.
    let end = s.len();
    let lim = end.saturating_sub(4);
    let start = (lim..end - 1)
        .rev()
        .find(|&i| s[i] & 0xC0 != 0x80)
        .unwrap_or(lim);
    let (c, w) = decode_rune(&s[start..end]);
    if start + w != end {
        return ('\u{FFFD}', 1);
    }
    (c, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &Value) -> Vec<String> {
        match v {
            Value::Slice(s) => s
                .elems()
                .iter()
                .map(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
                .collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn split_follows_go() {
        assert_eq!(strs(&split(b"a,b,,c", b",", -1)), ["a", "b", "", "c"]);
        assert_eq!(strs(&split(b"a,b,c", b",", 2)), ["a", "b,c"]);
        assert_eq!(strs(&split(b"", b",", -1)), [""]);
        assert_eq!(
            strs(&split("héllo".as_bytes(), b"", -1)),
            ["h", "é", "l", "l", "o"]
        );
        assert_eq!(strs(&split(b"abc", b"", 2)), ["a", "bc"]);
        assert!(strs(&split(b"", b"", -1)).is_empty());
    }

    #[test]
    fn replace_follows_go() {
        assert_eq!(replace(b"aaaa", b"a", b"b", 2), b"bbaa");
        assert_eq!(replace(b"abc", b"", b"-", -1), b"-a-b-c-");
        assert_eq!(replace(b"abc", b"", b"-", 2), b"-a-bc");
        assert_eq!(replace(b"banana", b"ana", b"o", -1), b"bona");
    }

    #[test]
    fn trims_and_fields() {
        let sp = |c: char| is_space(c);
        assert_eq!(trim_right(trim_left(b"  x y \t\n", &sp), &sp), b"x y");
        assert_eq!(
            fields(b" a  b\tc "),
            vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]
        );
        assert_eq!(count(b"cheese", b"e"), 3);
        assert_eq!(count("five".as_bytes(), b""), 5);
        assert_eq!(last_index(b"go gopher", b"go"), Some(3));
        assert_eq!(decode_last_rune("aé".as_bytes()), ('é', 2));
        assert_eq!(decode_last_rune(b"a\xff"), ('\u{FFFD}', 1));
    }
}
