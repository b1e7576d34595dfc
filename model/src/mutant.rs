//! Deliberate faults in the machine's rules, selectable at run time (`Params::mutant`). They
//! measure the test layers: a fault no fixture, invariant or generated program notices marks a
//! gap in those layers, not in the model. Each is one plausible misreading of the semantics,
//! named after what it gets wrong; `rule` names the rule it corrupts.

use crate::rule::Rule;
use std::fmt;
use std::str::FromStr;

macro_rules! mutants {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal, $rule:ident;)*) => {
        /// A fault in one rule of the machine.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Mutant {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Mutant {
            pub const ALL: &'static [Mutant] = &[$(Mutant::$variant,)*];

            /// The mutant's name, as `--mutant` takes it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Mutant::$variant => $name,)*
                }
            }

            /// The rule the fault is in.
            pub fn rule(self) -> Rule {
                match self {
                    $(Mutant::$variant => Rule::$rule,)*
                }
            }

            /// What the fault does, in one sentence.
            pub fn description(self) -> &'static str {
                match self {
                    $(Mutant::$variant => concat!($($doc),*).trim_start(),)*
                }
            }
        }
    };
}

mutants! {
    /// A nil func value panics when it is deferred, not when the deferred call runs.
    DeferNilEarly => "defer-nil-early", DeferPush;
    /// A deferred call's arguments that are variables are read when the call runs.
    DeferArgsLate => "defer-args-late", DeferPush;
    /// Defer statements register nothing.
    DeferDropped => "defer-dropped", DeferPush;
    /// A returning frame runs its deferred calls oldest first.
    ReturnFifo => "return-fifo", ReturnRunDeferred;
    /// A returning frame returns without running its deferred calls.
    ReturnSkipsDeferred => "return-skips-deferred", ReturnRunDeferred;
    /// The caller gets the values of the return statement, not the result parameters as the
    /// deferred calls left them.
    ResultsNotReread => "results-not-reread", ReturnPopFrame;
    /// The caller gets zero values.
    ResultsZeroed => "results-zeroed", ReturnPopFrame;
    /// A bare return returns zero values instead of the named results.
    BareReturnZeroes => "bare-return-zeroes", ReturnBare;
    /// `panic(nil)` panics with nil whatever the language version.
    PanicNilAlwaysNil => "panic-nil-always-nil", PanicNilValue;
    /// `panic(nil)` panics with a PanicNilError whatever the language version and GODEBUG.
    PanicNilAlwaysError => "panic-nil-always-error", PanicStart;
    /// A panic runs no deferred call: the program crashes at once.
    PanicSkipsDeferred => "panic-skips-deferred", UnwindRunDeferred;
    /// Integer division by zero yields 0.
    DivideByZeroIsZero => "divide-by-zero-is-zero", PanicRuntimeError;
    /// Assigning to an entry of a nil map does nothing.
    NilMapWriteIgnored => "nil-map-write-ignored", PanicRuntimeError;
    /// Indexing out of range reads a zero value.
    IndexUnchecked => "index-unchecked", PanicRuntimeError;
    /// A run-time panic cannot be recovered.
    RuntimeErrorsUnrecoverable => "runtime-errors-unrecoverable", RecoverActive;
    /// Unwinding runs a frame's deferred calls oldest first.
    UnwindFifo => "unwind-fifo", UnwindRunDeferred;
    /// Only the frame that panicked runs its deferred calls; its callers' are skipped.
    UnwindOnlyPanickingFrame => "unwind-only-panicking-frame", UnwindPopFrame;
    /// A panic abandoning an earlier panic's deferred call leaves the earlier panic unmarked.
    NoAbort => "no-abort", UnwindAbort;
    /// An aborted panic leaves the chain at once.
    AbortRemoves => "abort-removes", UnwindAbort;
    /// Recover works in any function a deferred function calls, not only in the deferred function.
    RecoverAnyDepth => "recover-any-depth", RecoverActive;
    /// Recover also works in a function the deferred function calls, as gc 1.22 to 1.25 let it
    /// when the deferred function is inlined into its defer wrapper (golang/go#73916).
    RecoverOneDeeper => "recover-one-deeper", RecoverActive;
    /// `defer recover()` recovers.
    RecoverInWrappers => "recover-in-wrappers", RecoverActive;
    /// A deferred call run by a normal return can recover an older panic.
    RecoverFromReturnDefers => "recover-from-return-defers", RecoverActive;
    /// A second recover of the same panic returns its value again.
    RecoverTwice => "recover-twice", RecoverInert;
    /// Recover stops a Goexit.
    RecoverGoexit => "recover-goexit", RecoverActive;
    /// Recover takes the oldest panic on the chain, not the current one.
    RecoverOldest => "recover-oldest", RecoverActive;
    /// Recover returns the value but the panic goes on.
    RecoverDoesNotStop => "recover-does-not-stop", RecoverActive;
    /// Recover stops the panic but returns nil.
    RecoverReturnsNil => "recover-returns-nil", RecoverActive;
    /// After a recovery the frame returns without running its remaining deferred calls.
    ResumeSkipsDeferred => "resume-skips-deferred", RecoverResume;
    /// Aborted panics below the recovered one stay on the chain.
    ResumeKeepsAborted => "resume-keeps-aborted", RecoverResume;
    /// A recovery empties the whole chain.
    ResumeClearsChain => "resume-clears-chain", RecoverResume;
    /// A recovered memory fault still prints its fault line later.
    ResumeKeepsSignal => "resume-keeps-signal", RecoverResume;
    /// Goexit ends the goroutine without running deferred calls.
    GoexitSkipsDeferred => "goexit-skips-deferred", GoexitStart;
    /// A panic recovered during a Goexit lets the frame return normally; the Goexit is lost.
    GoexitBypassed => "goexit-bypassed", GoexitResume;
    /// Goexit in main ends with status 0.
    GoexitExitsZero => "goexit-exits-zero", ExitGoexitDeadlock;
    /// os.Exit runs every deferred call first.
    OsExitRunsDeferred => "os-exit-runs-deferred", ExitNow;
    /// os.Exit's status is not reduced to its low byte.
    OsExitUnmasked => "os-exit-unmasked", ExitNow;
    /// A crash exits with status 1.
    CrashExitsOne => "crash-exits-one", ExitCrash;
    /// The crash header omits `[recovered]`.
    NoRecoveredMark => "no-recovered-mark", ExitCrash;
    /// Later panics in the crash header are not indented.
    NoTabIndent => "no-tab-indent", ExitCrash;
    /// The crash header prints the newest panic first.
    NewestFirst => "newest-first", ExitCrash;
    /// The crash header omits the fault line.
    NoSignalLine => "no-signal-line", ExitCrash;
    /// Re-panicking the same value is never folded into one line.
    RepanickedNever => "repanicked-never", ExitValueMethod;
    /// Re-panicking the same value is folded into one line on every runtime.
    RepanickedAlways => "repanicked-always", ExitValueMethod;
    /// The crash header prints floats in the old format on every runtime.
    OldFloatsAlways => "old-floats-always", ExitCrash;
    /// The crash header never indents multi-line values.
    MultilineNeverIndented => "multiline-never-indented", ExitCrash;
    /// The runtime does not call Error or String methods of panic values.
    NoValueMethods => "no-value-methods", ExitValueMethod;
    /// Every declaration of a captured variable reuses its previous cell: one loop variable
    /// for all iterations, whatever the language version.
    DeclarationsReuseCells => "declarations-reuse-cells", ExecDeclare;
    /// fmt does not recover the panics of the Error and String methods it calls.
    FmtDoesNotCatch => "fmt-does-not-catch", RecoverActive;
}

impl fmt::Display for Mutant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Mutant {
    type Err = String;

    fn from_str(s: &str) -> Result<Mutant, String> {
        Mutant::ALL
            .iter()
            .copied()
            .find(|m| m.name() == s)
            .ok_or_else(|| format!("no mutant named {s:?} (`gosem mutants --list` lists them)"))
    }
}
