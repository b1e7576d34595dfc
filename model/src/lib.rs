//! gosem-model: a front end for a subset of Go and a small-step machine whose every step
//! applies one labelled rule of the semantics of `defer`, `return`, `panic` and `recover`.
//!
//! The public surface is small: [`load`] turns a Go source file into a checked [`Program`]
//! (or a [`Rejection`]), and [`Program::run`] executes it under version [`Params`],
//! producing the observables gc would: stdout, stderr (the program's `print` output and the
//! crash header), and the exit status.

pub mod events;
pub mod logic;
pub mod version;
pub mod view;

mod alloc;
mod arith;
mod check;
mod code;
mod diag;
mod fmt;
mod ir;
mod library;
mod machine;
pub mod mutant;
mod order;
mod parse;
mod rtprint;
mod rule;
mod strconv;
pub mod syntax;
mod types;
mod value;

pub use diag::{CompileError, CompileErrors, Diagnostic, GcReport, Rejection, Wording};
pub use machine::symbolic;
pub use rule::Rule;
pub use version::Version;

use std::collections::BTreeMap;

/// The default step budget: a run still going after this many steps ends as [`Status::Exhausted`].
pub const DEFAULT_FUEL: u64 = 10_000_000;

/// The GODEBUG settings the model understands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Godebug {
    /// `panicnil=1`: `panic(nil)` panics with a nil value, as before Go 1.21.
    pub panicnil: Option<bool>,
}

impl Godebug {
    /// Parses a GODEBUG string such as `panicnil=1` (comma-separated `key=value` pairs).
    /// Unknown keys are an error: a setting the model does not know might change behaviour.
    pub fn parse(s: &str) -> Result<Godebug, String> {
        let mut g = Godebug::default();
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            match item.split_once('=') {
                Some(("panicnil", "0")) => g.panicnil = Some(false),
                Some(("panicnil", "1")) => g.panicnil = Some(true),
                _ => {
                    return Err(format!(
                        "GODEBUG setting {item:?} is not modeled (known: panicnil=0|1)"
                    ));
                }
            }
        }
        Ok(g)
    }
}

/// Version parameters and inputs of one run.
#[derive(Clone, Debug)]
pub struct Params {
    /// The toolchain whose runtime is modeled (panic printing, the repanic line).
    pub toolchain: Version,
    /// The language version (the go.mod `go` line): loop variables, `panic(nil)`.
    pub lang: Version,
    pub godebug: Godebug,
    /// `os.Args`, the program name first.
    pub args: Vec<String>,
    /// The step budget.
    pub fuel: u64,
    /// A deliberate fault in one rule (to measure the tests), or none.
    pub mutant: Option<mutant::Mutant>,
}

impl Params {
    /// Parameters for `toolchain` with its own language version, no GODEBUG, and `os.Args = [name]`.
    pub fn new(toolchain: Version, name: &str) -> Params {
        Params {
            toolchain,
            lang: toolchain.language(),
            godebug: Godebug::default(),
            args: vec![name.to_string()],
            fuel: DEFAULT_FUEL,
            mutant: None,
        }
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The process exit status gc's binary would have: 0, 2 for a crash, n for `os.Exit(n)`.
    Exited(i32),
    /// The step budget ran out.
    Exhausted,
    /// The run reached behaviour the model does not cover; the output so far is not trustworthy.
    Unsupported(Diagnostic),
    /// The machine reached a configuration no rule admits: a bug of the model, never an answer
    /// about the program.
    Internal(Diagnostic),
}

/// One of the two output streams of a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// The observables of one run.
#[derive(Clone, Debug)]
pub struct Run {
    pub stdout: Vec<u8>,
    /// `print`/`println` output, then the crash header (no goroutine dump).
    pub stderr: Vec<u8>,
    /// The order of the writes: stretches of consecutive bytes written to one stream, each with
    /// its length, so that both streams sent to one file (as Go's test runner reads a program)
    /// can be put back together.
    pub interleaving: Vec<(Stream, usize)>,
    pub status: Status,
    /// Steps taken.
    pub steps: u64,
    /// How many times each rule fired.
    pub rules: BTreeMap<Rule, u64>,
    /// The events of the run (only from [`Program::run_recorded`] and [`Program::run_traced`]).
    pub events: Vec<events::Event>,
}

impl Run {
    /// Standard output and standard error as one file receiving both would hold them.
    pub fn combined(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.stdout.len() + self.stderr.len());
        let (mut o, mut e) = (0, 0);
        for &(stream, n) in &self.interleaving {
            let (buf, at) = match stream {
                Stream::Stdout => (&self.stdout, &mut o),
                Stream::Stderr => (&self.stderr, &mut e),
            };
            out.extend_from_slice(buf.get(*at..*at + n).unwrap_or_default());
            *at += n;
        }
        out
    }
}

/// One step as `--trace` shows it.
#[derive(Clone, Debug)]
pub struct Step {
    pub index: u64,
    pub rule: Rule,
    /// Source position (1-based) of the construct the rule applied to.
    pub line: u32,
    pub col: u32,
    /// The function of the top frame, e.g. `main.f` or `main.main.func1`.
    pub func: String,
    /// The top frame's defer stack, oldest first.
    pub defers: Vec<String>,
    /// The goroutine's panic chain, oldest first, with its marks.
    pub panics: Vec<String>,
    /// The goroutine's frames after the step, the entry frame first: the newest
    /// [`STEP_FRAMES`] of them (so that a step costs the same however deep the recursion).
    pub frames: Vec<StepFrame>,
    /// How many older frames `frames` leaves out.
    pub frames_omitted: usize,
    /// What the step wrote to standard output and standard error.
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// How many events the run has recorded up to and including this step: the step's own are
    /// `events[previous step's count..this count]`.
    pub events: usize,
}

/// A frame as a step leaves it.
#[derive(Clone, Debug)]
pub struct StepFrame {
    pub id: events::FrameId,
    /// The function, e.g. `main.f`; `runtime.main` for the entry frame.
    pub func: String,
    /// Where the frame stopped: its last executed construct (the call site of a caller).
    pub line: u32,
    pub col: u32,
    /// Its defer stack, oldest first: the newest [`STEP_FRAMES`] calls.
    pub defers: Vec<String>,
    /// How many older deferred calls `defers` leaves out.
    pub defers_omitted: usize,
    pub mode: view::Mode,
    /// The deferred call this frame runs, if it is one.
    pub deferred: Option<events::DeferId>,
}

/// How many frames, and deferred calls per frame, a [`Step`] lists at most.
pub const STEP_FRAMES: usize = 64;

/// A checked program, ready to run.
pub struct Program {
    file: String,
    types: types::Types,
    rt: check::RuntimeTypes,
    funcs: Vec<ir::Func>,
    /// The instructions of each function with a body (natives have none).
    codes: Vec<Option<std::rc::Rc<code::Code>>>,
    /// The goroutine's first frame: package initialization, then `main`.
    entry: std::rc::Rc<code::Code>,
    globals: Vec<ir::Global>,
    os_args: Option<ir::GlobalId>,
    error_ty: types::Ty,
    /// `string`: the type of the values library functions panic with.
    string_ty: types::Ty,
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program")
            .field("file", &self.file)
            .field("funcs", &self.funcs.len())
            .finish()
    }
}

/// Parses and checks `src` (the contents of `file`) under language version `lang`.
pub fn load(file: &str, src: &str, lang: Version) -> Result<Program, Rejection> {
    load_syntax(file, &parse(file, src)?, lang)
}

/// Parses Go source into the core syntax, refusing what lies outside the subset's grammar.
pub fn parse(file: &str, src: &str) -> Result<syntax::File, Rejection> {
    parse::parse(file, src)
}

/// Checks core syntax (parsed, or built directly by a generator) at language version `lang`.
/// `file` names the source in diagnostics.
pub fn load_syntax(file: &str, syntax: &syntax::File, lang: Version) -> Result<Program, Rejection> {
    let c = check::check_file(file, syntax, lang)?;
    let codes = code::lower_all(&c.types, c.b.int, &c.funcs);
    Ok(Program {
        file: file.to_string(),
        entry: code::entry(c.init, c.main),
        types: c.types,
        rt: c.rt,
        funcs: c.funcs,
        codes,
        globals: c.globals,
        os_args: c.os_args,
        error_ty: c.b.error,
        string_ty: c.b.string,
    })
}

impl Program {
    /// Runs the program to completion, to its step budget, or to an unsupported operation.
    pub fn run(&self, params: &Params) -> Run {
        machine::Machine::new(self, params).run(None)
    }

    /// Like [`Program::run`], recording the run's [`events`].
    pub fn run_recorded(&self, params: &Params) -> Run {
        machine::Machine::new(self, params).recording().run(None)
    }

    /// Like [`Program::run`], calling `on_step` with each rule and the configuration before and
    /// after it fired (as the symbolic rules see configurations).
    pub fn run_viewed(
        &self,
        params: &Params,
        on_step: &mut dyn FnMut(Rule, &view::ConfigView, &view::ConfigView),
    ) -> Run {
        machine::Machine::new(self, params).viewed(on_step)
    }

    /// Like [`Program::run_recorded`], calling `on_step` after every step.
    pub fn run_traced(&self, params: &Params, on_step: &mut dyn FnMut(&Step)) -> Run {
        machine::Machine::new(self, params)
            .recording()
            .run(Some(on_step))
    }
}
