//! The modeled members of Go's standard packages beyond the machine's own natives (fmt's
//! printing, `errors.New`, `os.Exit`, `runtime.Goexit`): one table, a row per member, each
//! with its Go signature and the function of this crate that computes it. Every function is
//! pure (its results depend on its arguments only) and exact for the inputs it accepts; for
//! the others it is refused (`Outcome::Refused`), never approximated.

mod math;
mod sort;
mod strings;
mod utf8;

use crate::types::FloatKind;
use crate::value::Value;

/// A package a program may import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pkg {
    Fmt,
    Os,
    Runtime,
    Errors,
    Strings,
    Bytes,
    Strconv,
    Math,
    Sort,
    Utf8,
}

impl Pkg {
    pub fn from_path(path: &str) -> Option<Pkg> {
        Some(match path {
            "fmt" => Pkg::Fmt,
            "os" => Pkg::Os,
            "runtime" => Pkg::Runtime,
            "errors" => Pkg::Errors,
            "strings" => Pkg::Strings,
            "bytes" => Pkg::Bytes,
            "strconv" => Pkg::Strconv,
            "math" => Pkg::Math,
            "sort" => Pkg::Sort,
            "unicode/utf8" => Pkg::Utf8,
            _ => return None,
        })
    }

    /// The import path.
    pub fn path(self) -> &'static str {
        match self {
            Pkg::Utf8 => "unicode/utf8",
            other => other.name(),
        }
    }

    /// The name a program uses for the package unless it renames it.
    pub fn name(self) -> &'static str {
        match self {
            Pkg::Fmt => "fmt",
            Pkg::Os => "os",
            Pkg::Runtime => "runtime",
            Pkg::Errors => "errors",
            Pkg::Strings => "strings",
            Pkg::Bytes => "bytes",
            Pkg::Strconv => "strconv",
            Pkg::Math => "math",
            Pkg::Sort => "sort",
            Pkg::Utf8 => "utf8",
        }
    }
}

/// A member of a package: a function or a constant.
pub enum Member {
    /// A function: its signature (`(string, int) string`, `...` before a variadic parameter)
    /// and the function computing it.
    Func(&'static str, Func),
    /// An untyped constant, written as Go source writes it.
    Const(&'static str),
    /// A typed constant: its type and value, written as Go source writes them.
    Typed(&'static str, &'static str),
}

macro_rules! library {
    ($($pkg:ident . $name:literal => $what:expr,)*) => {
        /// Every modeled member, by package and name.
        const MEMBERS: &[(Pkg, &str, fn() -> Member)] = &[
            $((Pkg::$pkg, $name, || $what),)*
        ];
    };
}

/// A modeled library function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    StringsContains,
    StringsContainsRune,
    StringsContainsAny,
    StringsHasPrefix,
    StringsHasSuffix,
    StringsIndex,
    StringsIndexByte,
    StringsIndexRune,
    StringsLastIndex,
    StringsCount,
    StringsRepeat,
    StringsReplace,
    StringsReplaceAll,
    StringsSplit,
    StringsSplitN,
    StringsJoin,
    StringsFields,
    StringsTrimSpace,
    StringsTrim,
    StringsTrimLeft,
    StringsTrimRight,
    StringsTrimPrefix,
    StringsTrimSuffix,
    StringsToUpper,
    StringsToLower,
    StringsEqualFold,
    StringsCompare,
    StrconvItoa,
    StrconvFormatInt,
    StrconvFormatUint,
    StrconvFormatBool,
    StrconvFormatFloat,
    StrconvQuote,
    StrconvQuoteToASCII,
    StrconvQuoteRune,
    MathNaN,
    MathInf,
    MathIsNaN,
    MathIsInf,
    MathSignbit,
    MathCopysign,
    MathAbs,
    MathSqrt,
    MathFloor,
    MathCeil,
    MathTrunc,
    MathRound,
    MathRoundToEven,
    MathMod,
    MathMax,
    MathMin,
    MathFloat64bits,
    MathFloat64frombits,
    MathFloat32bits,
    MathFloat32frombits,
    SortInts,
    SortStrings,
    SortFloat64s,
    SortIntsAreSorted,
    SortStringsAreSorted,
    Utf8RuneLen,
    Utf8RuneCountInString,
    Utf8RuneCount,
    Utf8DecodeRuneInString,
    Utf8DecodeRune,
    Utf8DecodeLastRuneInString,
    Utf8ValidString,
    Utf8ValidRune,
    Utf8EncodeRune,
    BytesEqual,
    BytesCompare,
    BytesContains,
    BytesCount,
    BytesIndex,
    BytesIndexByte,
    BytesHasPrefix,
    BytesHasSuffix,
}

library! {
    Strings."Contains" => Member::Func("(string, string) bool", Func::StringsContains),
    Strings."ContainsRune" => Member::Func("(string, rune) bool", Func::StringsContainsRune),
    Strings."ContainsAny" => Member::Func("(string, string) bool", Func::StringsContainsAny),
    Strings."HasPrefix" => Member::Func("(string, string) bool", Func::StringsHasPrefix),
    Strings."HasSuffix" => Member::Func("(string, string) bool", Func::StringsHasSuffix),
    Strings."Index" => Member::Func("(string, string) int", Func::StringsIndex),
    Strings."IndexByte" => Member::Func("(string, byte) int", Func::StringsIndexByte),
    Strings."IndexRune" => Member::Func("(string, rune) int", Func::StringsIndexRune),
    Strings."LastIndex" => Member::Func("(string, string) int", Func::StringsLastIndex),
    Strings."Count" => Member::Func("(string, string) int", Func::StringsCount),
    Strings."Repeat" => Member::Func("(string, int) string", Func::StringsRepeat),
    Strings."Replace" => Member::Func("(string, string, string, int) string", Func::StringsReplace),
    Strings."ReplaceAll" => Member::Func("(string, string, string) string", Func::StringsReplaceAll),
    Strings."Split" => Member::Func("(string, string) []string", Func::StringsSplit),
    Strings."SplitN" => Member::Func("(string, string, int) []string", Func::StringsSplitN),
    Strings."Join" => Member::Func("([]string, string) string", Func::StringsJoin),
    Strings."Fields" => Member::Func("(string) []string", Func::StringsFields),
    Strings."TrimSpace" => Member::Func("(string) string", Func::StringsTrimSpace),
    Strings."Trim" => Member::Func("(string, string) string", Func::StringsTrim),
    Strings."TrimLeft" => Member::Func("(string, string) string", Func::StringsTrimLeft),
    Strings."TrimRight" => Member::Func("(string, string) string", Func::StringsTrimRight),
    Strings."TrimPrefix" => Member::Func("(string, string) string", Func::StringsTrimPrefix),
    Strings."TrimSuffix" => Member::Func("(string, string) string", Func::StringsTrimSuffix),
    Strings."ToUpper" => Member::Func("(string) string", Func::StringsToUpper),
    Strings."ToLower" => Member::Func("(string) string", Func::StringsToLower),
    Strings."EqualFold" => Member::Func("(string, string) bool", Func::StringsEqualFold),
    Strings."Compare" => Member::Func("(string, string) int", Func::StringsCompare),
    Strconv."Itoa" => Member::Func("(int) string", Func::StrconvItoa),
    Strconv."FormatInt" => Member::Func("(int64, int) string", Func::StrconvFormatInt),
    Strconv."FormatUint" => Member::Func("(uint64, int) string", Func::StrconvFormatUint),
    Strconv."FormatBool" => Member::Func("(bool) string", Func::StrconvFormatBool),
    Strconv."FormatFloat" => Member::Func("(float64, byte, int, int) string", Func::StrconvFormatFloat),
    Strconv."Quote" => Member::Func("(string) string", Func::StrconvQuote),
    Strconv."QuoteToASCII" => Member::Func("(string) string", Func::StrconvQuoteToASCII),
    Strconv."QuoteRune" => Member::Func("(rune) string", Func::StrconvQuoteRune),
    Strconv."IntSize" => Member::Const("64"),
    Math."NaN" => Member::Func("() float64", Func::MathNaN),
    Math."Inf" => Member::Func("(int) float64", Func::MathInf),
    Math."IsNaN" => Member::Func("(float64) bool", Func::MathIsNaN),
    Math."IsInf" => Member::Func("(float64, int) bool", Func::MathIsInf),
    Math."Signbit" => Member::Func("(float64) bool", Func::MathSignbit),
    Math."Copysign" => Member::Func("(float64, float64) float64", Func::MathCopysign),
    Math."Abs" => Member::Func("(float64) float64", Func::MathAbs),
    Math."Sqrt" => Member::Func("(float64) float64", Func::MathSqrt),
    Math."Floor" => Member::Func("(float64) float64", Func::MathFloor),
    Math."Ceil" => Member::Func("(float64) float64", Func::MathCeil),
    Math."Trunc" => Member::Func("(float64) float64", Func::MathTrunc),
    Math."Round" => Member::Func("(float64) float64", Func::MathRound),
    Math."RoundToEven" => Member::Func("(float64) float64", Func::MathRoundToEven),
    Math."Mod" => Member::Func("(float64, float64) float64", Func::MathMod),
    Math."Max" => Member::Func("(float64, float64) float64", Func::MathMax),
    Math."Min" => Member::Func("(float64, float64) float64", Func::MathMin),
    Math."Float64bits" => Member::Func("(float64) uint64", Func::MathFloat64bits),
    Math."Float64frombits" => Member::Func("(uint64) float64", Func::MathFloat64frombits),
    Math."Float32bits" => Member::Func("(float32) uint32", Func::MathFloat32bits),
    Math."Float32frombits" => Member::Func("(uint32) float32", Func::MathFloat32frombits),
    Math."MaxInt" => Member::Const("9223372036854775807"),
    Math."MinInt" => Member::Const("-9223372036854775808"),
    Math."MaxInt8" => Member::Const("127"),
    Math."MinInt8" => Member::Const("-128"),
    Math."MaxInt16" => Member::Const("32767"),
    Math."MinInt16" => Member::Const("-32768"),
    Math."MaxInt32" => Member::Const("2147483647"),
    Math."MinInt32" => Member::Const("-2147483648"),
    Math."MaxInt64" => Member::Const("9223372036854775807"),
    Math."MinInt64" => Member::Const("-9223372036854775808"),
    Math."MaxUint" => Member::Const("18446744073709551615"),
    Math."MaxUint8" => Member::Const("255"),
    Math."MaxUint16" => Member::Const("65535"),
    Math."MaxUint32" => Member::Const("4294967295"),
    Math."MaxUint64" => Member::Const("18446744073709551615"),
    Math."MaxFloat64" => Member::Const("1.79769313486231570814527423731704356798070e+308"),
    Math."SmallestNonzeroFloat64" => Member::Const("4.9406564584124654417656879286822137236505980e-324"),
    Math."MaxFloat32" => Member::Const("3.40282346638528859811704183484516925440e+38"),
    Math."SmallestNonzeroFloat32" => Member::Const("1.401298464324817070923729583289916131280e-45"),
    Math."Pi" => Member::Const("3.14159265358979323846264338327950288419716939937510582097494459"),
    Math."E" => Member::Const("2.71828182845904523536028747135266249775724709369995957496696763"),
    Sort."Ints" => Member::Func("([]int)", Func::SortInts),
    Sort."Strings" => Member::Func("([]string)", Func::SortStrings),
    Sort."Float64s" => Member::Func("([]float64)", Func::SortFloat64s),
    Sort."IntsAreSorted" => Member::Func("([]int) bool", Func::SortIntsAreSorted),
    Sort."StringsAreSorted" => Member::Func("([]string) bool", Func::SortStringsAreSorted),
    Utf8."RuneError" => Member::Typed("rune", "65533"),
    Utf8."MaxRune" => Member::Typed("rune", "1114111"),
    Utf8."RuneSelf" => Member::Const("128"),
    Utf8."UTFMax" => Member::Const("4"),
    Utf8."RuneLen" => Member::Func("(rune) int", Func::Utf8RuneLen),
    Utf8."RuneCountInString" => Member::Func("(string) int", Func::Utf8RuneCountInString),
    Utf8."RuneCount" => Member::Func("([]byte) int", Func::Utf8RuneCount),
    Utf8."DecodeRuneInString" => Member::Func("(string) (rune, int)", Func::Utf8DecodeRuneInString),
    Utf8."DecodeRune" => Member::Func("([]byte) (rune, int)", Func::Utf8DecodeRune),
    Utf8."DecodeLastRuneInString" => Member::Func("(string) (rune, int)", Func::Utf8DecodeLastRuneInString),
    Utf8."ValidString" => Member::Func("(string) bool", Func::Utf8ValidString),
    Utf8."ValidRune" => Member::Func("(rune) bool", Func::Utf8ValidRune),
    Utf8."EncodeRune" => Member::Func("([]byte, rune) int", Func::Utf8EncodeRune),
    Bytes."Equal" => Member::Func("([]byte, []byte) bool", Func::BytesEqual),
    Bytes."Compare" => Member::Func("([]byte, []byte) int", Func::BytesCompare),
    Bytes."Contains" => Member::Func("([]byte, []byte) bool", Func::BytesContains),
    Bytes."Count" => Member::Func("([]byte, []byte) int", Func::BytesCount),
    Bytes."Index" => Member::Func("([]byte, []byte) int", Func::BytesIndex),
    Bytes."IndexByte" => Member::Func("([]byte, byte) int", Func::BytesIndexByte),
    Bytes."HasPrefix" => Member::Func("([]byte, []byte) bool", Func::BytesHasPrefix),
    Bytes."HasSuffix" => Member::Func("([]byte, []byte) bool", Func::BytesHasSuffix),
    Runtime."GOOS" => Member::Typed("string", "\"linux\""),
    Runtime."GOARCH" => Member::Typed("string", "\"amd64\""),
    Runtime."Compiler" => Member::Const("\"gc\""),
}

impl Func {
    /// Whether the function writes into the memory of a slice it is given.
    pub fn writes_memory(self) -> bool {
        matches!(
            self,
            Func::SortInts | Func::SortStrings | Func::SortFloat64s | Func::Utf8EncodeRune
        )
    }
}

/// The member `name` of package `pkg`, if the model has it.
pub fn member(pkg: Pkg, name: &str) -> Option<Member> {
    MEMBERS
        .iter()
        .find(|(p, n, _)| *p == pkg && *n == name)
        .map(|(_, _, m)| m())
}

/// What a library call did.
pub enum Outcome {
    /// Its results.
    Results(Vec<Value>),
    /// It panicked with this message (a string panic value, as these packages panic).
    Panic(String),
    /// It got an input whose result the model does not compute exactly.
    Refused(String),
}

/// The function of package strings a function of package bytes computes on its byte slices
/// read as strings (with bool and int results, the two agree).
fn as_strings(f: Func) -> Func {
    match f {
        Func::BytesCompare => Func::StringsCompare,
        Func::BytesContains => Func::StringsContains,
        Func::BytesCount => Func::StringsCount,
        Func::BytesIndex => Func::StringsIndex,
        Func::BytesIndexByte => Func::StringsIndexByte,
        Func::BytesHasPrefix => Func::StringsHasPrefix,
        Func::BytesHasSuffix => Func::StringsHasSuffix,
        other => other,
    }
}

/// A `[]byte` argument as a string value (anything else as it is).
fn bytes_as_string(v: &Value) -> Value {
    match v {
        Value::Slice(s) => Value::bytes(
            &s.elems()
                .iter()
                .map(|b| b.as_int() as u8)
                .collect::<Vec<u8>>(),
        ),
        other => other.clone(),
    }
}

/// Calls `f` with `args` (a variadic operand arrives as one slice).
pub fn call(f: Func, args: &[Value]) -> Outcome {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Int(0));
    let str_arg = |i: usize| arg(i).as_bytes().to_vec();
    use Func as F;
    let one = |v: Value| Outcome::Results(vec![v]);
    match f {
        F::StringsContains
        | F::StringsContainsRune
        | F::StringsContainsAny
        | F::StringsHasPrefix
        | F::StringsHasSuffix
        | F::StringsIndex
        | F::StringsIndexByte
        | F::StringsIndexRune
        | F::StringsLastIndex
        | F::StringsCount
        | F::StringsRepeat
        | F::StringsReplace
        | F::StringsReplaceAll
        | F::StringsSplit
        | F::StringsSplitN
        | F::StringsJoin
        | F::StringsFields
        | F::StringsTrimSpace
        | F::StringsTrim
        | F::StringsTrimLeft
        | F::StringsTrimRight
        | F::StringsTrimPrefix
        | F::StringsTrimSuffix
        | F::StringsToUpper
        | F::StringsToLower
        | F::StringsEqualFold
        | F::StringsCompare => strings::call(f, args),
        F::BytesEqual => one(Value::Bool(
            bytes_as_string(&arg(0)).as_bytes() == bytes_as_string(&arg(1)).as_bytes(),
        )),
        F::BytesCompare
        | F::BytesContains
        | F::BytesCount
        | F::BytesIndex
        | F::BytesIndexByte
        | F::BytesHasPrefix
        | F::BytesHasSuffix => {
            let args: Vec<Value> = args.iter().map(bytes_as_string).collect();
            strings::call(as_strings(f), &args)
        }
        F::StrconvItoa | F::StrconvFormatInt => {
            let base = if f == F::StrconvItoa {
                10
            } else {
                arg(1).as_int()
            };
            match format_int(i128::from(arg(0).as_int()), base) {
                Some(s) => one(Value::str(&s)),
                None => Outcome::Panic("strconv: illegal AppendInt/FormatInt base".into()),
            }
        }
        F::StrconvFormatUint => {
            match format_int(i128::from(arg(0).as_int() as u64), arg(1).as_int()) {
                Some(s) => one(Value::str(&s)),
                None => Outcome::Panic("strconv: illegal AppendInt/FormatInt base".into()),
            }
        }
        F::StrconvFormatBool => one(Value::str(if arg(0).as_bool() { "true" } else { "false" })),
        F::StrconvFormatFloat => {
            let (x, k) = match arg(3).as_int() {
                32 => (FloatKind::F32.round(arg(0).as_float()), FloatKind::F32),
                64 => (arg(0).as_float(), FloatKind::F64),
                _ => {
                    return Outcome::Panic(
                        "strconv: illegal AppendFloat/FormatFloat bitSize".into(),
                    );
                }
            };
            let prec = arg(2).as_int().clamp(-1, i64::from(i32::MAX)) as i32;
            one(Value::str(&crate::strconv::format_float(
                x,
                arg(1).as_int() as u8,
                prec,
                k,
            )))
        }
        F::StrconvQuote | F::StrconvQuoteToASCII => {
            match crate::strconv::quote(&str_arg(0), f == F::StrconvQuoteToASCII) {
                Ok(q) => one(Value::str(&q)),
                Err(u) => Outcome::Refused(unknown_rune(u)),
            }
        }
        F::StrconvQuoteRune => match crate::strconv::quote_rune(i128::from(arg(0).as_int()), false)
        {
            Ok(q) => one(Value::str(&q)),
            Err(u) => Outcome::Refused(unknown_rune(u)),
        },
        F::MathNaN
        | F::MathInf
        | F::MathIsNaN
        | F::MathIsInf
        | F::MathSignbit
        | F::MathCopysign
        | F::MathAbs
        | F::MathSqrt
        | F::MathFloor
        | F::MathCeil
        | F::MathTrunc
        | F::MathRound
        | F::MathRoundToEven
        | F::MathMod
        | F::MathMax
        | F::MathMin
        | F::MathFloat64bits
        | F::MathFloat64frombits
        | F::MathFloat32bits
        | F::MathFloat32frombits => math::call(f, args),
        F::SortInts
        | F::SortStrings
        | F::SortFloat64s
        | F::SortIntsAreSorted
        | F::SortStringsAreSorted => sort::call(f, args),
        F::Utf8RuneLen
        | F::Utf8RuneCountInString
        | F::Utf8RuneCount
        | F::Utf8DecodeRuneInString
        | F::Utf8DecodeRune
        | F::Utf8DecodeLastRuneInString
        | F::Utf8ValidString
        | F::Utf8ValidRune
        | F::Utf8EncodeRune => utf8::call(f, args),
    }
}

/// The refusal for a rune whose Unicode properties the model does not carry.
fn unknown_rune(u: crate::strconv::Unknown) -> String {
    format!(
        "U+{:04X}, whose properties gc's Unicode tables decide",
        u.0 as u32
    )
}

/// `strconv.FormatInt`: `None` for a base outside 2..=36.
fn format_int(v: i128, base: i64) -> Option<String> {
    if !(2..=36).contains(&base) {
        return None;
    }
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut n = v.unsigned_abs();
    let mut out = Vec::new();
    loop {
        out.push(digits[(n % base as u128) as usize]);
        n /= base as u128;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        out.push(b'-');
    }
    out.reverse();
    String::from_utf8(out).ok()
}

/// The bytes of a `[]byte` value.
fn bytes_of(v: &Value) -> Vec<u8> {
    match v {
        Value::Slice(s) => s.elems().iter().map(|b| b.as_int() as u8).collect(),
        other => other.as_bytes().to_vec(),
    }
}

/// A new `[]string`.
fn strings_value(parts: Vec<Vec<u8>>) -> Value {
    Value::Slice(crate::value::Slice::from_vec(
        parts.into_iter().map(|p| Value::bytes(&p)).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_member_is_found_by_its_package_and_name() {
        for (pkg, name, _) in MEMBERS {
            assert!(member(*pkg, name).is_some(), "{}.{name}", pkg.name());
        }
        assert!(member(Pkg::Strings, "NoSuchFunction").is_none());
    }

    #[test]
    fn integers_format_in_every_base() {
        assert_eq!(format_int(-255, 16).as_deref(), Some("-ff"));
        assert_eq!(format_int(35, 36).as_deref(), Some("z"));
        assert_eq!(format_int(0, 2).as_deref(), Some("0"));
        assert_eq!(format_int(1, 37), None);
    }
}
