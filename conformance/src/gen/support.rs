//! The fixed declarations constructs draw on: types with value- and pointer-receiver methods,
//! an embedding struct, error types, and helpers that recover or return a function. A
//! program declares only those it uses.

use super::ast::{BinOp, Decl, Expr, Field, Param, Signature, Stmt, Type};

/// A fixed declaration; declared in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Support {
    /// `type Code int`: a named integer panic value, printed as `main.Code(n)` by a crash.
    Code,
    /// `type MyErr struct{ msg string }` with a pointer-receiver `Error`: a program-defined
    /// error, whose text a crash prints by calling that method.
    MyErr,
    /// `type Counter struct{ n int }` with `Show` (value receiver), `Bump` (pointer receiver)
    /// and `Catch` (pointer receiver, recovers).
    Counter,
    /// `type Outer struct{ tag string; Counter }`: promotes Counter's methods and puts `n` at
    /// a non-zero offset, which a nil dereference reports as the fault address.
    Outer,
    /// `func catch(label string)`: recovers, so it stops a panic only when deferred directly.
    Catch,
    /// `func trace(label string) func()`: for `defer trace("x")()`.
    Trace,
}

impl Support {
    /// What must be declared along with this.
    pub fn requires(self) -> Option<Support> {
        match self {
            Support::Outer => Some(Support::Counter),
            _ => None,
        }
    }

    pub fn decls(self) -> Vec<Decl> {
        let id = Expr::ident;
        let label = || Param {
            name: "label".into(),
            ty: Type::String,
        };
        let method = |recv: &str, ptr: bool, name: &str, body: Vec<Stmt>| {
            let ty = Type::Named("Counter");
            Decl::Func {
                recv: Some(Param {
                    name: recv.into(),
                    ty: if ptr { Type::Pointer(Box::new(ty)) } else { ty },
                }),
                name: name.into(),
                sig: Signature {
                    params: vec![label()],
                    results: vec![],
                },
                body,
            }
        };
        let recover = || Stmt::Define(vec!["r".into()], Expr::call(id("recover"), vec![]));
        match self {
            Support::Code => vec![Decl::Defined("Code", Type::Int)],
            Support::MyErr => vec![
                Decl::Struct(
                    "MyErr",
                    vec![Field {
                        name: Some("msg"),
                        ty: Type::String,
                    }],
                ),
                Decl::Func {
                    recv: Some(Param {
                        name: "e".into(),
                        ty: Type::Pointer(Box::new(Type::Named("MyErr"))),
                    }),
                    name: "Error".into(),
                    sig: Signature {
                        params: vec![],
                        results: vec![Param {
                            name: String::new(),
                            ty: Type::String,
                        }],
                    },
                    body: vec![Stmt::Return(vec![Expr::binary(
                        Expr::str("myerr "),
                        BinOp::Add,
                        Expr::select(id("e"), "msg"),
                    )])],
                },
            ],
            Support::Counter => {
                let n = || Expr::select(id("c"), "n");
                vec![
                    Decl::Struct(
                        "Counter",
                        vec![Field {
                            name: Some("n"),
                            ty: Type::Int,
                        }],
                    ),
                    method(
                        "c",
                        false,
                        "Show",
                        vec![Stmt::Expr(Expr::println(vec![
                            id("label"),
                            Expr::str("show"),
                            n(),
                        ]))],
                    ),
                    method(
                        "c",
                        true,
                        "Bump",
                        vec![
                            Stmt::Inc(n()),
                            Stmt::Expr(Expr::println(vec![id("label"), Expr::str("bump"), n()])),
                        ],
                    ),
                    method(
                        "c",
                        true,
                        "Catch",
                        vec![
                            recover(),
                            Stmt::Expr(Expr::println(vec![
                                id("label"),
                                Expr::str("catch"),
                                n(),
                                id("r"),
                            ])),
                        ],
                    ),
                ]
            }
            Support::Outer => vec![Decl::Struct(
                "Outer",
                vec![
                    Field {
                        name: Some("tag"),
                        ty: Type::String,
                    },
                    Field {
                        name: None,
                        ty: Type::Named("Counter"),
                    },
                ],
            )],
            Support::Catch => vec![Decl::Func {
                recv: None,
                name: "catch".into(),
                sig: Signature {
                    params: vec![label()],
                    results: vec![],
                },
                body: vec![
                    recover(),
                    Stmt::Expr(Expr::println(vec![
                        id("label"),
                        Expr::str("catch"),
                        id("r"),
                    ])),
                ],
            }],
            Support::Trace => vec![Decl::Func {
                recv: None,
                name: "trace".into(),
                sig: Signature {
                    params: vec![label()],
                    results: vec![Param {
                        name: String::new(),
                        ty: Type::Func(vec![], vec![]),
                    }],
                },
                body: vec![
                    Stmt::Expr(Expr::println(vec![id("label"), Expr::str("enter")])),
                    Stmt::Return(vec![Expr::FuncLit(
                        Signature::default(),
                        vec![Stmt::Expr(Expr::println(vec![
                            id("label"),
                            Expr::str("exit"),
                        ]))],
                    )]),
                ],
            }],
        }
    }

    /// Statement executions one call of a helper or method costs, for the fuel estimate.
    pub const CALL_WORK: u64 = 3;
}
