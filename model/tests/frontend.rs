//! The front end's three answers besides a program: compile errors gc would report, syntax
//! errors, and constructs outside the modeled subset, each with a position.

use gosem_model::{Rejection, Version, load};

const LANG: Version = Version::new(1, 27, None);

fn reject(src: &str) -> Rejection {
    match load("prog.go", src, LANG) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(r) => r,
    }
}

/// The first diagnostic as `line:col: message`.
fn first(r: &Rejection) -> String {
    let d = match r {
        Rejection::Compile(ds) => ds[0].clone(),
        Rejection::Unsupported(d) => d.clone(),
        Rejection::Internal(d) => panic!("an internal error of the model: {d}"),
    };
    format!("{}:{}: {}", d.line, d.col, d.message)
}

#[test]
fn compile_errors_are_reported_like_gc() {
    // Messages and positions as go1.27.3 reports them (first line of each).
    let cases = [
        (
            "package main\n\nfunc main() {\n\tx := 1\n}\n",
            "4:2: declared and not used: x",
        ),
        (
            "package main\n\nimport \"os\"\n\nfunc main() {}\n",
            "3:8: \"os\" imported and not used",
        ),
        (
            "package main\n\nfunc f() int {\n\tfor {\n\t\tbreak\n\t}\n}\n\nfunc main() { f() }\n",
            "7:1: missing return",
        ),
        (
            "package main\n\nfunc main() {\n\tprintln(z)\n}\n",
            "4:10: undefined: z",
        ),
        (
            "package main\n\nfunc main() {\n\tvar s string = 1\n\t_ = s\n}\n",
            "4:17: cannot use 1 (untyped int constant) as string value in variable declaration",
        ),
        (
            "package main\n\nfunc main() {\n\tx := 1\n\tx := 2\n\t_ = x\n}\n",
            "5:4: no new variables on left side of :=",
        ),
        (
            "package main\n\nfunc f() (int, int) { return 1 }\n\nfunc main() { f() }\n",
            "3:30: not enough return values",
        ),
    ];
    for (src, want) in cases {
        let r = reject(src);
        assert!(matches!(r, Rejection::Compile(_)), "{src}: {r:?}");
        assert_eq!(r.exit_code(), 1);
        assert_eq!(first(&r), want, "{src}");
    }
}

#[test]
fn unsupported_constructs_are_named_with_their_position() {
    let cases = [
        (
            "package main\n\nfunc main() {\n\tgo main()\n}\n",
            "4:2: unsupported: go statement",
        ),
        (
            "package main\n\nfunc main() {\n\tvar c chan int\n\t_ = c\n}\n",
            "4:8: unsupported: channel type",
        ),
        (
            "package main\n\nimport \"reflect\"\n\nfunc main() { _ = reflect.TypeOf }\n",
            "3:8: unsupported: import of package \"reflect\"",
        ),
        (
            "package main\n\nfunc main() {\n\tm := map[int]int{}\n\tfor k := range m {\n\t\t_ = k\n\t}\n}\n",
            "5:2: unsupported: range over a map (its order is random)",
        ),
        (
            "package main\n\nfunc main() {\n\tselect {}\n}\n",
            "4:2: unsupported: select statement",
        ),
        (
            "package main\n\nfunc F[T any](x T) T { return x }\n\nfunc main() { _ = F(1) }\n",
            "3:1: unsupported: generic function",
        ),
    ];
    for (src, want) in cases {
        let r = reject(src);
        assert!(matches!(r, Rejection::Unsupported(_)), "{src}: {r:?}");
        assert_eq!(r.exit_code(), 125);
        assert_eq!(first(&r), want, "{src}");
    }
}

/// The parser's grammar is not gc's: source it rejects may be valid Go (and gc's syntax errors
/// are not modeled), so it is refused, never reported as a syntax error.
#[test]
fn text_the_parser_rejects_is_refused() {
    for (src, at) in [
        ("", "1:1"),
        ("hello world", "1:1"),
        ("package main\n\nfunc main() {\n\tx :=\n}\n", "4:6"),
        ("\u{0}\u{1}\u{2}", "1:1"),
        ("package main\nfunc main() { defer }", "2:15"),
    ] {
        let r = reject(src);
        assert!(matches!(r, Rejection::Unsupported(_)), "{src:?}: {r:?}");
        assert_eq!(r.exit_code(), 125);
        let shown = first(&r);
        assert!(
            shown.starts_with(&format!(
                "{at}: unsupported: source the front end's parser rejects ("
            )),
            "{src:?}: {shown}"
        );
    }
}
