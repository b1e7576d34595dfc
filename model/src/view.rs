//! The configuration as the symbolic rules of `gosem-spec` see it: frames reduced to their
//! mode, defer-stack height, running deferred call and caller; panics to their marks. Runs can
//! report this view before and after every step, so that the symbolic rules are checked against
//! the operational ones on real executions.

/// What a frame is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    Run,
    Return,
    Unwind,
}

/// What happens to a frame's results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Caller {
    Normal,
    Deferred,
    Fmt,
    PanicText,
}

/// Why the deferred call a frame started is running: a return, or the panic at this index of
/// the chain (`None` when that panic has left the chain).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Running {
    Return,
    Panic(Option<usize>),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FrameView {
    pub mode: Mode,
    /// The height of its defer stack.
    pub defers: usize,
    pub deferring: Option<Running>,
    pub caller: Caller,
    /// A wrapper (a deferred builtin, package function or nil func value), opaque to `recover`.
    pub wrapper: bool,
    /// A fmt call in progress.
    pub fmt: bool,
    /// The fmt call is waiting for an Error or String method it called.
    pub awaiting: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PanicView {
    pub recovered: bool,
    pub aborted: bool,
    pub goexit: bool,
}

/// A configuration: the goroutine's frames (bottom first) and its panic chain (oldest first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConfigView {
    pub frames: Vec<FrameView>,
    pub chain: Vec<PanicView>,
    /// The program has ended.
    pub ended: bool,
}
