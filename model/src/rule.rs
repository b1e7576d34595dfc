//! The rule labels of the machine. Each label names one function of the machine and one
//! section of `spec/semantics.md`; a test keeps the three in step.

use std::fmt;

macro_rules! rules {
    ($($variant:ident => $label:literal,)*) => {
        /// A rule of the small-step semantics, named `Relation/case`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, in the order of `spec/semantics.md`.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The label printed in traces, e.g. `Defer/push`.
            pub fn label(self) -> &'static str {
                match self {
                    $(Rule::$variant => $label,)*
                }
            }
        }
    };
}

rules! {
    EvalConst => "Eval/const",
    EvalLoad => "Eval/load",
    EvalUnary => "Eval/unary",
    EvalBinary => "Eval/binary",
    EvalConvert => "Eval/convert",
    EvalField => "Eval/field",
    EvalIndex => "Eval/index",
    EvalSlice => "Eval/slice",
    EvalDeref => "Eval/deref",
    EvalAddress => "Eval/address",
    EvalComposite => "Eval/composite",
    EvalClosure => "Eval/closure",
    EvalMethodValue => "Eval/method-value",
    EvalAssert => "Eval/assert",
    EvalBuiltin => "Eval/builtin",
    ExecStore => "Exec/store",
    ExecDeclare => "Exec/declare",
    ExecJump => "Exec/jump",
    ExecBranch => "Exec/branch",
    ExecRange => "Exec/range",
    ExecDrop => "Exec/drop",
    CallEnter => "Call/enter",
    CallNative => "Call/native",
    DeferPush => "Defer/push",
    ReturnSetResults => "Return/set-results",
    ReturnBare => "Return/bare",
    ReturnRunDeferred => "Return/run-deferred",
    ReturnPopFrame => "Return/pop-frame",
    PanicStart => "Panic/start",
    PanicNilValue => "Panic/nil-value",
    PanicRuntimeError => "Panic/runtime-error",
    UnwindRunDeferred => "Unwind/run-deferred",
    UnwindAbort => "Unwind/abort",
    UnwindPopFrame => "Unwind/pop-frame",
    RecoverActive => "Recover/active",
    RecoverInert => "Recover/inert",
    RecoverResume => "Recover/resume",
    GoexitStart => "Goexit/start",
    GoexitResume => "Goexit/resume",
    ExitNow => "Exit/now",
    ExitMainReturn => "Exit/main-return",
    ExitValueMethod => "Exit/value-method",
    ExitCrash => "Exit/crash",
    ExitPrintingPanic => "Exit/printing-panic",
    ExitGoexitDeadlock => "Exit/goexit-deadlock",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
