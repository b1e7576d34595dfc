//! The front end's three answers besides a program: compile errors gc would report, syntax
//! errors, and constructs outside the modeled subset, each with a position.

use gosem_model::{Rejection, Version, load};

const LANG: Version = Version::new(1, 27, None);
const GO: Version = Version::new(1, 27, Some(3));

fn reject(src: &str) -> Rejection {
    match load("prog.go", src, LANG) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(r) => r,
    }
}

/// The first diagnostic as `line:col: message`.
fn first(r: &Rejection) -> String {
    let d = match r {
        Rejection::Compile(errors) => errors.errors[0].at.clone(),
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
            "3:30: not enough return values\n\thave (number)\n\twant (int, int)",
        ),
    ];
    for (src, want) in cases {
        let r = reject(src);
        assert!(matches!(r, Rejection::Compile(_)), "{src}: {r:?}");
        assert_eq!(r.exit_code(GO), 1);
        assert_eq!(r.exit_code(Version::new(1, 19, Some(8))), 2);
        assert_eq!(first(&r), want, "{src}");
    }
}

/// What gc prints for a program's compile errors, as `load` and `gc_report` say, with
/// whether that is all of it.
fn gc_lines(src: &str, go: &str) -> (Vec<String>, bool) {
    let Rejection::Compile(errors) = reject(src) else {
        panic!("not a compile error:\n{src}");
    };
    let report = errors.gc_report(go.parse().expect("a version"), "./prog.go");
    (report.errors, report.gap.is_none())
}

#[test]
fn unused_names_are_worded_as_each_release_words_them() {
    // As go1.19.8, go1.22.10 and go1.27.3 print them (recorded in cases/compile).
    let src = "package main\n\nimport (\n\t\"os\"\n\tf \"fmt\"\n)\n\nfunc main() {\n\tx := 1\n\tvar i any = 1\n\tswitch v := i.(type) {\n\t}\n}\n";
    let want = [
        (
            "1.19.8",
            [
                "./prog.go:4:2: imported and not used: \"os\"",
                "./prog.go:5:2: imported and not used: \"fmt\" as f",
                "./prog.go:9:2: x declared but not used",
                "./prog.go:11:9: v declared but not used",
            ],
        ),
        (
            "1.22.10",
            [
                "./prog.go:4:2: \"os\" imported and not used",
                "./prog.go:5:2: \"fmt\" imported as f and not used",
                "./prog.go:9:2: x declared and not used",
                "./prog.go:11:9: v declared and not used",
            ],
        ),
        (
            "1.27.3",
            [
                "./prog.go:4:2: \"os\" imported and not used",
                "./prog.go:5:2: \"fmt\" imported as f and not used",
                "./prog.go:9:2: declared and not used: x",
                "./prog.go:11:9: v declared and not used",
            ],
        ),
    ];
    for (go, lines) in want {
        assert_eq!(
            gc_lines(src, go),
            (lines.map(String::from).to_vec(), true),
            "{go}"
        );
    }
}

#[test]
fn after_a_hard_error_the_claim_is_partial() {
    // gc goes on after the first error; the model keeps what it found before it.
    let src =
        "package main\n\nfunc f() {\n\tx := 1\n}\n\nfunc main() {\n\tprintln(y)\n\tz := 2\n}\n";
    let (lines, whole) = gc_lines(src, "1.27.3");
    assert_eq!(
        lines,
        [
            "./prog.go:4:2: declared and not used: x",
            "./prog.go:8:10: undefined: y"
        ]
    );
    assert!(!whole, "gc also reports z, which the model never reached");
}

#[test]
fn errors_in_the_models_words_are_never_claimed() {
    // gc says `cannot call non-function x (variable of type int)` up to go1.24 and `cannot
    // call x (variable of type int): int is not a function` after; the model's message is
    // neither, so it claims nothing and says where it cannot.
    let src = "package main\n\nfunc main() {\n\tx := 5\n\tx()\n}\n";
    let Rejection::Compile(errors) = reject(src) else {
        panic!("not a compile error");
    };
    let report = errors.gc_report(GO, "./prog.go");
    assert!(report.errors.is_empty());
    let gap = report.gap.expect("a gap");
    assert!(gap.message.contains("gc's wording"), "{}", gap.message);
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
        assert_eq!(r.exit_code(GO), 125);
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
        assert_eq!(r.exit_code(GO), 125);
        let shown = first(&r);
        assert!(
            shown.starts_with(&format!(
                "{at}: unsupported: source the front end's parser rejects ("
            )),
            "{src:?}: {shown}"
        );
    }
}
