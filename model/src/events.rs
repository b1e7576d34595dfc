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
    /// nil func value); `args` are the values evaluated at the statement.
    Defer {
        id: DeferId,
        frame: FrameId,
        func: String,
        line: u32,
        args: Vec<String>,
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
    /// call below); `recovered` is the panic it recovered, if any.
    Recover {
        frame: FrameId,
        depth: Option<u32>,
        in_wrapper: bool,
        recovered: Option<PanicId>,
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
