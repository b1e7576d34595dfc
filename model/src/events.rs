//! The events of a run: what happened to frames, deferred calls, panics and `recover`, in order.
//! They are what the invariants of `spec/invariants.md` are stated over; the machine emits them
//! as its rules fire, so they describe the model's own behaviour, not a reconstruction.

/// Identifies a frame (one activation of a function) within a run.
pub type FrameId = u64;
/// Identifies a deferred call within a run.
pub type DeferId = u64;
/// Identifies a panic (or Goexit) within a run.
pub type PanicId = u64;

/// Why a deferred call runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The frame that deferred it is returning.
    Return,
    /// This panic (or Goexit) is unwinding that frame.
    Panic(PanicId),
}

/// How the program ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// `main` returned.
    MainReturned,
    /// `os.Exit` was called.
    OsExit,
    /// A panic reached the top of the goroutine.
    Crash,
    /// `main` called Goexit and no goroutine was left.
    GoexitDeadlock,
    /// A panic while printing a panic value.
    Fatal,
}

/// Why a `recover` call returned nil: the first condition of Recover/active that failed, the
/// state of the panic checked before where recover was called from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Inert {
    /// The goroutine is not panicking.
    NoPanic,
    /// The goroutine's current entry is a Goexit, not a panic.
    Goexit,
    /// The current panic has already been recovered.
    AlreadyRecovered,
    /// No deferred call is running below the caller of recover.
    NotDeferred,
    /// Recover was called `depth` frames above the deferred function, not directly by it.
    NotDirect { depth: u32 },
    /// The deferred call is a wrapper gc generates (a deferred builtin, package function or nil
    /// func value), which is not a deferred function that can call recover.
    Wrapper,
    /// The deferred function runs because its frame is returning, not for the panic.
    ReturnDefer,
    /// The deferred function was invoked by an older panic, not by the current one.
    OtherPanic,
    /// A deliberate fault of the model (see `mutant`) made recover return nil.
    Mutant,
}

/// The failed condition in words, completing "recover returned nil because ...".
impl std::fmt::Display for Inert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Inert::NoPanic => f.write_str("no panic is in progress"),
            Inert::Goexit => {
                f.write_str("the goroutine is running runtime.Goexit, which is not a panic")
            }
            Inert::AlreadyRecovered => f.write_str("the current panic is already recovered"),
            Inert::NotDeferred => f.write_str("it was not called by a deferred function"),
            Inert::NotDirect { depth } => write!(
                f,
                "it was not called directly by the deferred function but {depth} call{} deeper",
                if *depth == 1 { "" } else { "s" }
            ),
            Inert::Wrapper => f.write_str(
                "the deferred call is a builtin, package function or nil func value, not a \
                 deferred Go function",
            ),
            Inert::ReturnDefer => f.write_str(
                "the deferred function runs because its frame is returning, not for the panic",
            ),
            Inert::OtherPanic => f.write_str(
                "the deferred function was started by an earlier panic, not by the current one",
            ),
            Inert::Mutant => f.write_str("a deliberate fault of the model (mutant) disabled it"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A frame was pushed: for a call in an expression, or for a deferred call (`deferred`).
    Enter {
        frame: FrameId,
        caller: FrameId,
        func: String,
        deferred: Option<DeferId>,
    },
    /// A defer statement registered a call in `frame` (the function value is `nil` when it is a
    /// nil func value); `args` are the values evaluated at the statement, and `shown` the same
    /// as the call reads (a variadic slice by its elements, not its address) for explanations.
    Defer {
        id: DeferId,
        frame: FrameId,
        func: String,
        line: u32,
        args: Vec<String>,
        shown: Vec<String>,
    },
    /// A deferred call was invoked, with the arguments it received.
    DeferStart {
        id: DeferId,
        frame: FrameId,
        why: Why,
        args: Vec<String>,
    },
    /// A deferred call returned normally; `results` are the deferring frame's result parameters
    /// at that moment (deferred closures may have changed them).
    DeferEnd {
        id: DeferId,
        frame: FrameId,
        results: Vec<String>,
    },
    /// A frame started returning (a return statement, the end of its body, or a recovered panic):
    /// its result parameters at that moment.
    Returning {
        frame: FrameId,
        results: Vec<String>,
    },
    /// A panic (or Goexit) started in `frame`.
    Panic {
        id: PanicId,
        frame: FrameId,
        value: String,
        goexit: bool,
    },
    /// `recover` was called in `frame`; `depth` is the number of frames between it and the
    /// nearest frame of a deferred call (0: the deferred function itself; `None`: no deferred
    /// call below); `recovered` is the panic it recovered, if any, and `inert` why it returned
    /// nil otherwise.
    Recover {
        frame: FrameId,
        depth: Option<u32>,
        in_wrapper: bool,
        recovered: Option<PanicId>,
        inert: Option<Inert>,
    },
    /// The deferred call that recovered panic `id` returned: the panic left the chain.
    Recovered { id: PanicId, frame: FrameId },
    /// Panic `id` was aborted: a newer one abandoned the deferred call it was running.
    Aborted { id: PanicId },
    /// A frame returned normally; its caller received these result values.
    Return {
        frame: FrameId,
        results: Vec<String>,
    },
    /// A frame was removed by unwinding.
    Unwound { frame: FrameId },
    /// The program ended with this status.
    Exit { code: i32, ending: Ending },
}
