//! The machine: a configuration, declared first, and `step`, which applies exactly one rule.
//!
//! Short names, used throughout: `m` the machine (the configuration), `g` the goroutine, `f` a
//! frame, `d` a deferred call, `p` a panic, `v` a value.
//!
//! Control effects are states, never host control flow: a frame's `mode` says whether it runs
//! its body, returns (running its deferred calls), or is being unwound by the goroutine's current
//! panic or Goexit; `deferring` says that one of its deferred calls is running above it, and for
//! which cause. Every rule is one method named after its label, with a section of the same name
//! in `spec/semantics.md`.

mod exec;
mod natives;
pub mod symbolic;

use crate::Program;
use crate::code::{Code, Var};
use crate::diag::Diagnostic;
use crate::events::{DeferId, Ending, Event, FrameId, Inert, Why};
use crate::mutant::Mutant;
use crate::rtprint::Style;
use crate::rule::Rule;
use crate::syntax::Pos;
use crate::types::{FuncId, Ty};
use crate::value::{Cell, Closure, Data, Iface, Pointer, Value};
use crate::{Params, Run, STEP_FRAMES, Status, Step, StepFrame, Stream};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The configuration.
pub struct Machine<'a> {
    prog: &'a Program,
    params: &'a Params,
    /// The goroutine running `main`: the subset has no `go` statement, so it is the only one.
    g: Goroutine,
    /// Package-level variables, as cells because their address can be taken.
    globals: Vec<Cell>,
    /// What the program has written to file descriptors 1 and 2.
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    /// The order of the writes across the two (see [`Run::interleaving`]).
    interleaving: Vec<(Stream, usize)>,
    /// Set when the program has ended: its exit status.
    exit: Option<i32>,
    /// Set when a step applied no rule: the run is refused, or the model failed.
    stopped: Option<Status>,
    /// Steps taken, and how often each rule fired.
    steps: u64,
    fired: Vec<u64>,
    /// Source of fresh identities: interface data words and panics.
    fresh: u64,
    /// Where the last rule applied, for traces.
    pos: Pos,
    /// The instruction being executed is marked by the evaluation-order check: it must not
    /// panic, or the run is refused (see `order`).
    guarded: bool,
    /// The events of the run, when they are recorded.
    events: Option<Vec<Event>>,
    /// The deferred call whose frame is being pushed.
    entering: Option<DeferId>,
    /// The status an `os.Exit` will end with once its Goexit has unwound (mutant
    /// `os-exit-runs-deferred` only).
    pending_exit: Option<i32>,
    /// How many writes to memory calls can share (cells, globals, pointees, slice elements,
    /// maps) have happened: a marked call during which this changes may have changed what its
    /// statement read before it, and the run is refused.
    writes: u64,
}

/// Why a run is refused when a guarded instruction does what gc might order differently.
const ORDER: &str = "evaluation order: an operand the Go specification leaves unordered relative to a call in the same statement panicked, or was changed by the call; gc may order them differently";

/// What the `[signal SIGSEGV ...]` line of a crash header shows: gc's `gp.sigcode0` and
/// `gp.sigcode1`.
#[derive(Clone, Copy, Debug)]
struct Fault {
    code: u64,
    /// `None` where the model does not know it (a fault in a method wrapper gc generates).
    addr: Option<u64>,
}

impl Fault {
    /// A fault at `addr`: the kernel's `SEGV_MAPERR`, no page mapped there.
    fn at(addr: Option<u64>) -> Fault {
        Fault { code: 1, addr }
    }

    /// Before Go 1.22 a recovery passed its stack pointer and program counter to the runtime
    /// in the fields the signal line prints, so a fault still on record afterwards shows them
    /// (addresses, normalised away like every other).
    const AFTER_RECOVERY: Fault = Fault {
        code: 0xc0_0004_0000,
        addr: Some(0x48_1000),
    };

    /// The line, as the runtime prints it (the faulting pc is layout, shown as 0).
    fn line(self) -> Result<String, Stop> {
        let Some(addr) = self.addr else {
            return Err(Stop::Unsupported(
                "the address of a fault in a method wrapper gc generates (it depends on the \
                 release and the optimiser)"
                    .into(),
            ));
        };
        Ok(format!(
            "[signal SIGSEGV: segmentation violation code=0x{:x} addr=0x{addr:x} pc=0x0]\n",
            self.code
        ))
    }
}

/// A goroutine: its stack of frames and its chain of panics.
struct Goroutine {
    /// The call stack, the running frame last.
    frames: Vec<Frame>,
    /// The panic chain, oldest first; the last one is the goroutine's current panic (or Goexit).
    panics: Vec<Panic>,
    /// A memory fault while a panic it caused is on the chain (gc's `gp.sig`): the crash header
    /// then ends with a `[signal SIGSEGV ...]` line.
    signal: Option<Fault>,
    /// The program is crashing: the index (from the newest) of the next panic value whose
    /// Error or String method the runtime calls before printing.
    crashing: Option<usize>,
}

/// A panic, or a Goexit, in the goroutine's chain.
struct Panic {
    /// Distinguishes panics in `Cause`.
    id: u64,
    /// The value passed to `panic` (an interface value).
    value: Value,
    /// The result of the value's Error or String method, computed when crashing.
    text: Option<Vec<u8>>,
    /// `recover` returned this panic's value.
    recovered: bool,
    /// A newer panic abandoned the deferred call this one was running: it can never resume.
    aborted: bool,
    /// This entry is a `runtime.Goexit`, not a panic.
    goexit: bool,
    /// The next newer panic carries this very value (Go 1.25+ prints them as one line).
    repanicked: bool,
    /// A run-time error raised it (not a call of `panic`).
    runtime: bool,
}

/// One activation of a function.
struct Frame {
    /// Identifies the frame in events.
    id: FrameId,
    /// The deferred call this frame runs, if it is one.
    deferred: Option<DeferId>,
    /// The function (`None` for the runtime's entry, which runs package initialization and `main`).
    func: Option<FuncId>,
    code: Rc<Code>,
    /// The next instruction: the frame's continuation.
    pc: usize,
    /// Variable slots; the slot of a boxed variable holds a pointer to its cell.
    locals: Vec<Value>,
    /// The operand stack.
    stack: Vec<Value>,
    /// The running closure: its captured cells.
    env: Option<Rc<Closure>>,
    /// The defer stack, most recent last.
    defers: Vec<Deferred>,
    /// Running its body, returning, or being unwound.
    mode: Mode,
    /// A deferred call this frame started is still running above it, for this cause.
    deferring: Option<Cause>,
    /// What happens to the frame's results when it returns.
    caller: Caller,
    /// A call of a fmt function that is calling Error or String methods.
    fmt: Option<Box<crate::fmt::Task>>,
    /// A wrapper gc generates to run a deferred builtin, package function or nil func value:
    /// `recover` called in it is not called directly by a deferred function.
    wrapper: bool,
    /// A call marked by the evaluation-order check is in progress: the write count when it began.
    guard: Option<u64>,
    /// The values of the frame's return statement (mutant `results-not-reread` only).
    returned: Option<Vec<Value>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Run,
    /// The results are set; deferred calls run, then the frame returns.
    Return,
    /// The goroutine's current panic (or Goexit) is unwinding this frame.
    Unwind,
}

impl From<Mode> for crate::view::Mode {
    fn from(m: Mode) -> Self {
        match m {
            Mode::Run => crate::view::Mode::Run,
            Mode::Return => crate::view::Mode::Return,
            Mode::Unwind => crate::view::Mode::Unwind,
        }
    }
}

/// Why a deferred call runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cause {
    /// The frame is returning.
    Return,
    /// The panic (or Goexit) with this id is unwinding the frame.
    Panic(u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    /// A call in an expression: the results go on the caller's operand stack.
    Normal,
    /// A deferred call: results are discarded.
    Deferred,
    /// An Error or String method called by fmt: the result goes to the fmt call.
    Fmt,
    /// An Error or String method the runtime calls to print the value of this panic.
    PanicText(u64),
}

/// A deferred call: the function and arguments evaluated at the `defer` statement.
struct Deferred {
    /// Identifies the call in events.
    id: DeferId,
    /// `None` is a nil func value: it panics when invoked, not when deferred.
    func: Option<Rc<Closure>>,
    args: Vec<Value>,
    /// Where the `defer` statement is.
    pos: Pos,
    /// The variables the arguments were read from (mutant `defer-args-late` only).
    sources: Vec<Option<Var>>,
}

/// Why a step applied no rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// What comes next is outside the modeled subset: the run is refused.
    Unsupported(String),
    /// The configuration is one no rule admits (an operand missing, a frame without the state
    /// its mode implies): a bug of the model, never a property of the program.
    Internal(String),
}

/// What a step ends in: the rule it applied, or why it applied none.
pub type Outcome = Result<Rule, Stop>;

impl<'a> Machine<'a> {
    pub fn new(prog: &'a Program, params: &'a Params) -> Machine<'a> {
        let globals: Vec<Cell> = prog
            .globals
            .iter()
            .map(|g| Rc::new(RefCell::new(Value::zero(&prog.types, g.ty))))
            .collect();
        if let Some(a) = prog.os_args {
            let args = params.args.iter().map(|s| Value::str(s)).collect();
            if let Some(c) = globals.get(a.0 as usize) {
                *c.borrow_mut() = Value::Slice(crate::value::Slice::from_vec(args));
            }
        }
        let entry = Frame {
            id: 0,
            deferred: None,
            func: None,
            code: prog.entry.clone(),
            pc: 0,
            locals: Vec::new(),
            stack: Vec::new(),
            env: None,
            defers: Vec::new(),
            mode: Mode::Run,
            deferring: None,
            caller: Caller::Normal,
            fmt: None,
            wrapper: false,
            guard: None,
            returned: None,
        };
        Machine {
            prog,
            params,
            g: Goroutine {
                frames: vec![entry],
                panics: Vec::new(),
                signal: None,
                crashing: None,
            },
            globals,
            stdout: Vec::new(),
            stderr: Vec::new(),
            interleaving: Vec::new(),
            exit: None,
            stopped: None,
            steps: 0,
            fired: vec![0; Rule::ALL.len()],
            fresh: 0,
            pos: Pos::default(),
            guarded: false,
            writes: 0,
            events: None,
            entering: None,
            pending_exit: None,
        }
    }

    /// Records the events of the run.
    pub fn recording(mut self) -> Self {
        self.events = Some(Vec::new());
        self
    }

    /// Runs to the end like `run`, reporting every rule with the configuration before and after.
    pub fn viewed(
        mut self,
        on_step: &mut dyn FnMut(Rule, &crate::view::ConfigView, &crate::view::ConfigView),
    ) -> Run {
        while self.exit.is_none() && self.stopped.is_none() && self.steps < self.params.fuel {
            let before = self.view();
            match self.step() {
                Ok(rule) => {
                    self.steps += 1;
                    self.fired[rule as usize] += 1;
                    on_step(rule, &before, &self.view());
                }
                Err(why) => self.refuse(why),
            }
        }
        self.conclude()
    }

    /// The configuration as the symbolic rules see it.
    fn view(&self) -> crate::view::ConfigView {
        use crate::view::{Caller as C, ConfigView, FrameView, PanicView, Running};
        let index = |id: u64| self.g.panics.iter().position(|p| p.id == id);
        ConfigView {
            frames: self
                .g
                .frames
                .iter()
                .map(|f| FrameView {
                    mode: f.mode.into(),
                    defers: f.defers.len(),
                    deferring: f.deferring.map(|c| match c {
                        Cause::Return => Running::Return,
                        Cause::Panic(id) => Running::Panic(index(id)),
                    }),
                    caller: match f.caller {
                        Caller::Normal => C::Normal,
                        Caller::Deferred => C::Deferred,
                        Caller::Fmt => C::Fmt,
                        Caller::PanicText(_) => C::PanicText,
                    },
                    wrapper: f.wrapper,
                    fmt: f.fmt.is_some(),
                    awaiting: f.fmt.as_ref().is_some_and(|t| t.awaiting()),
                })
                .collect(),
            chain: self
                .g
                .panics
                .iter()
                .map(|p| PanicView {
                    recovered: p.recovered,
                    aborted: p.aborted,
                    goexit: p.goexit,
                })
                .collect(),
            ended: self.exit.is_some(),
        }
    }

    /// Runs to the end, the step budget, or something outside the model.
    pub fn run(mut self, mut on_step: Option<&mut dyn FnMut(&Step)>) -> Run {
        while self.exit.is_none() && self.stopped.is_none() && self.steps < self.params.fuel {
            // The frame the rule applies to is the one running before the step.
            let (depth, func) = (self.g.frames.len() - 1, self.top().func);
            let name = self.frame_name(func, self.top().fmt.is_some());
            let written = (self.stdout.len(), self.stderr.len());
            match self.step() {
                Ok(rule) => {
                    self.steps += 1;
                    self.fired[rule as usize] += 1;
                    if let Some(f) = on_step.as_mut() {
                        f(&self.describe(rule, (depth, func, name), written));
                    }
                }
                Err(why) => self.refuse(why),
            }
        }
        self.conclude()
    }

    /// A step applied no rule, at the current position: the run is refused, or the model
    /// failed.
    fn refuse(&mut self, why: Stop) {
        let at = |message: String| Diagnostic {
            file: self.prog.file.clone(),
            line: self.pos.line,
            col: self.pos.col,
            message,
        };
        self.stopped = Some(match why {
            Stop::Unsupported(what) => Status::Unsupported(at(format!("unsupported: {what}"))),
            Stop::Internal(what) => Status::Internal(at(what)),
        });
    }

    /// The run's result once the loop stopped: ended, refused, failed, or out of fuel.
    fn conclude(mut self) -> Run {
        let status = match (self.stopped.take(), self.exit) {
            (Some(stopped), _) => stopped,
            (None, Some(code)) => Status::Exited(code),
            (None, None) => Status::Exhausted,
        };
        self.finish(status)
    }

    fn finish(self, status: Status) -> Run {
        let rules: BTreeMap<Rule, u64> = Rule::ALL
            .iter()
            .zip(&self.fired)
            .filter(|(_, n)| **n > 0)
            .map(|(r, n)| (*r, *n))
            .collect();
        Run {
            stdout: self.stdout,
            stderr: self.stderr,
            interleaving: self.interleaving,
            status,
            steps: self.steps,
            rules,
            events: self.events.unwrap_or_default(),
        }
    }

    // ---- the step ----

    /// Applies exactly one rule, chosen by the running frame's mode.
    fn step(&mut self) -> Outcome {
        self.guarded = false;
        let f = self.top();
        match f.mode {
            Mode::Run if f.fmt.is_some() => self.fmt_step(),
            Mode::Run => self.exec(),
            Mode::Return if f.defers.is_empty() || self.mutant(Mutant::ReturnSkipsDeferred) => {
                self.return_pop_frame()
            }
            Mode::Return => self.return_run_deferred(),
            Mode::Unwind => {
                if f.deferring.is_some() {
                    return self.unwind_abort();
                }
                if self.current().is_some_and(|p| p.recovered) {
                    return self.recover_resume();
                }
                // fmt's deferred catchPanic recovers a panic of an Error or String method.
                if f.fmt.as_ref().is_some_and(|t| t.awaiting())
                    && self.current().is_some_and(|p| !p.goexit)
                    && !self.mutant(Mutant::FmtDoesNotCatch)
                {
                    return self.recover_active();
                }
                if !f.defers.is_empty() && !self.mutant(Mutant::PanicSkipsDeferred) {
                    return self.unwind_run_deferred();
                }
                if self.g.frames.len() > 1 {
                    return self.unwind_pop_frame();
                }
                if self.current().is_some_and(|p| p.goexit) {
                    return self.exit_goexit_deadlock();
                }
                self.exit_value_method()
            }
        }
    }

    /// Whether the run has this deliberate fault.
    fn mutant(&self, m: Mutant) -> bool {
        self.params.mutant == Some(m)
    }

    fn top(&self) -> &Frame {
        // The goroutine always has its entry frame while the program runs.
        &self.g.frames[self.g.frames.len() - 1]
    }

    fn top_mut(&mut self) -> &mut Frame {
        let n = self.g.frames.len();
        &mut self.g.frames[n - 1]
    }

    fn current(&self) -> Option<&Panic> {
        self.g.panics.last()
    }

    fn fresh_id(&mut self) -> u64 {
        self.fresh += 1;
        self.fresh
    }

    /// The name of a frame running `func`: `fmt` for a fmt call that has a frame of its own to
    /// run Error or String methods written in Go.
    fn frame_name(&self, func: Option<FuncId>, fmt: bool) -> String {
        match func {
            None if fmt => "fmt".to_string(),
            _ => self.func_name(func),
        }
    }

    fn func_name(&self, f: Option<FuncId>) -> String {
        match f {
            Some(id) => self.prog.funcs[id.0 as usize].name.clone(),
            None => "runtime.main".into(),
        }
    }

    // ---- calls ----

    /// Call/enter: a new frame for `clo` with `args` (the receiver first for methods), or the
    /// native the function is.
    fn call_enter(&mut self, clo: Rc<Closure>, mut args: Vec<Value>, caller: Caller) -> Outcome {
        if let Some(r) = &clo.recv {
            args.insert(0, r.clone());
        }
        if clo.wrapper != crate::value::Wrapper::None
            && let Some(recv) = args.first_mut()
        {
            match self.wrapped_receiver(&clo, recv.clone())? {
                Ok(r) => *recv = r,
                Err(e) => return self.panic_runtime_error(e),
            }
        }
        let Some(code) = self.prog.codes[clo.func.0 as usize].clone() else {
            return self.call_native(clo.func, args, caller);
        };
        let func = &self.prog.funcs[clo.func.0 as usize];
        let mut locals = vec![Value::Int(0); code.slots as usize];
        for (var, v) in code.params.iter().zip(args) {
            store_new(&mut locals, *var, v);
        }
        for (var, r) in code.results.iter().zip(&func.results) {
            let zero = Value::zero(&self.prog.types, func.vars[r.0 as usize].ty);
            store_new(&mut locals, *var, zero);
        }
        self.pos = func.pos;
        let f = Some(clo.func);
        self.push_frame(f, code, locals, Some(clo), caller, None);
        Ok(Rule::CallEnter)
    }

    /// Pushes a frame: a function's (`fmt` for a fmt call in progress; a wrapper, opaque to
    /// `recover`, when `fmt` is set or the frame runs a deferred native or nil func value).
    fn push_frame(
        &mut self,
        func: Option<FuncId>,
        code: Rc<Code>,
        locals: Vec<Value>,
        env: Option<Rc<Closure>>,
        caller: Caller,
        fmt: Option<Box<crate::fmt::Task>>,
    ) {
        let id = self.fresh_id();
        let deferred = self.entering.take();
        let wrapper =
            fmt.is_some() || (func.is_none_or(|f| self.prog.codes[f.0 as usize].is_none()));
        let caller_id = self.top().id;
        let name = self.frame_name(func, fmt.is_some());
        self.emit(|_| Event::Enter {
            frame: id,
            caller: caller_id,
            func: name,
            deferred,
        });
        self.g.frames.push(Frame {
            id,
            deferred,
            func,
            code,
            pc: 0,
            locals,
            stack: Vec::new(),
            env,
            defers: Vec::new(),
            mode: Mode::Run,
            deferring: None,
            caller,
            fmt,
            wrapper,
            guard: None,
            returned: None,
        });
    }

    fn render_all(&self, vs: &[Value]) -> Vec<String> {
        vs.iter().map(|v| v.render(&self.prog.types)).collect()
    }

    /// Records an event, when events are recorded.
    fn emit(&mut self, event: impl FnOnce(&Self) -> Event) {
        if self.events.is_some() {
            let e = event(self);
            if let Some(list) = self.events.as_mut() {
                list.push(e);
            }
        }
    }

    // ---- Defer ----

    /// Defer/push: the function value and arguments, evaluated now, go on the frame's defer
    /// stack. A nil func value is deferred as it is (it panics when invoked); a method of a nil
    /// interface panics now, since the method value is evaluated now.
    fn defer_push(
        &mut self,
        target: &crate::code::Target,
        n: usize,
        sources: &[Option<Var>],
    ) -> Outcome {
        let args = self.pop_n(n)?;
        let func = match target {
            crate::code::Target::Value => match self.pop()? {
                Value::Func(f) => f,
                _ => return Err(Stop::Internal("defer of a non-function".into())),
            },
            _ => match self.callee(target)? {
                Ok(clo) => Some(clo),
                Err(e) => return self.panic_runtime_error(e),
            },
        };
        if matches!(target, crate::code::Target::Iface(_))
            && func.as_ref().is_some_and(|c| self.wrapper_reads_memory(c))
            && !self.params.toolchain.at_least(1, 21)
        {
            return Err(Stop::Unsupported(
                "a deferred interface method call whose method wrapper reads memory (gc before \
                 1.21 reads it at the defer statement where it devirtualizes the call)"
                    .into(),
            ));
        }
        if func.is_none() && self.mutant(Mutant::DeferNilEarly) {
            return self.panic_runtime_error(natives::RtErr::NilDeref(Some(0)));
        }
        if self.mutant(Mutant::DeferDropped) {
            return Ok(Rule::DeferPush);
        }
        let pos = self.pos;
        let id = self.fresh_id();
        let frame = self.top().id;
        self.emit(|m| Event::Defer {
            id,
            frame,
            func: func
                .as_ref()
                .map_or_else(|| "nil".to_string(), |c| m.func_name(Some(c.func))),
            line: pos.line,
            args: m.render_all(&args),
            shown: m.shown_args(func.as_deref(), &args),
        });
        let sources = if self.mutant(Mutant::DeferArgsLate) {
            sources.to_vec()
        } else {
            Vec::new()
        };
        self.top_mut().defers.push(Deferred {
            id,
            func,
            args,
            pos,
            sources,
        });
        Ok(Rule::DeferPush)
    }

    /// A call's arguments as it reads: the elements of a variadic slice spread out.
    fn shown_args(&self, func: Option<&Closure>, args: &[Value]) -> Vec<String> {
        let types = &self.prog.types;
        let variadic = func
            .and_then(|c| self.prog.funcs.get(c.func.0 as usize))
            .and_then(|f| types.sig(f.sig))
            .is_some_and(|s| s.variadic);
        let mut out = Vec::new();
        for (i, a) in args.iter().enumerate() {
            match a {
                Value::Slice(s) if variadic && i + 1 == args.len() => {
                    out.extend(s.elems().iter().map(|v| v.render(types)));
                }
                _ => out.push(a.render(types)),
            }
        }
        out
    }

    // ---- Return ----

    /// Return/set-results: a return statement with operands assigns the result parameters
    /// before any deferred call runs.
    fn return_set_results(&mut self, n: usize) -> Outcome {
        let f = self.top_mut();
        let at = f.stack.len().saturating_sub(n);
        let values: Vec<Value> = f.stack.drain(at..).collect();
        let results = f.code.results.clone();
        if self.mutant(Mutant::ResultsNotReread) {
            self.top_mut().returned = Some(values.clone());
        }
        for (var, v) in results.iter().zip(values) {
            self.store_var(*var, &[], v);
        }
        self.start_returning();
        Ok(Rule::ReturnSetResults)
    }

    /// Return/bare: a return without operands (or the end of the body) leaves the result
    /// parameters as they are.
    fn return_bare(&mut self) -> Outcome {
        if self.mutant(Mutant::BareReturnZeroes) {
            let zeros = self.zero_results(self.top().func);
            for (var, v) in self.top().code.results.clone().iter().zip(zeros) {
                self.store_var(*var, &[], v);
            }
        }
        self.start_returning();
        Ok(Rule::ReturnBare)
    }

    /// The zero values of a function's results.
    fn zero_results(&self, func: Option<FuncId>) -> Vec<Value> {
        let Some(f) = func.and_then(|f| self.prog.funcs.get(f.0 as usize)) else {
            return Vec::new();
        };
        f.results
            .iter()
            .map(|r| Value::zero(&self.prog.types, f.vars[r.0 as usize].ty))
            .collect()
    }

    /// The running frame starts returning.
    fn start_returning(&mut self) {
        self.top_mut().mode = Mode::Return;
        let frame = self.top().id;
        self.emit(|m| Event::Returning {
            frame,
            results: m.result_values(),
        });
    }

    /// The running frame's result parameters, rendered.
    fn result_values(&self) -> Vec<String> {
        let f = self.top();
        let vs: Vec<Value> = f
            .code
            .results
            .iter()
            .map(|v| load_in(f, &self.globals, *v))
            .collect();
        self.render_all(&vs)
    }

    /// Return/run-deferred: a returning frame invokes its most recently deferred call.
    fn return_run_deferred(&mut self) -> Outcome {
        self.run_deferred(Cause::Return)?;
        Ok(Rule::ReturnRunDeferred)
    }

    /// Return/pop-frame: a returning frame whose deferred calls have all run leaves the stack;
    /// its caller receives the result parameters' current values.
    fn return_pop_frame(&mut self) -> Outcome {
        let Some(f) = self.g.frames.pop() else {
            return Err(Stop::Internal("no frame to return from".into()));
        };
        self.pos = f.stopped_at().unwrap_or(self.pos);
        let mut results: Vec<Value> = f
            .code
            .results
            .iter()
            .map(|v| load_in(&f, &self.globals, *v))
            .collect();
        if self.mutant(Mutant::ResultsZeroed) {
            results = self.zero_results(f.func);
        }
        if let Some(r) = f
            .returned
            .clone()
            .filter(|_| self.mutant(Mutant::ResultsNotReread))
        {
            results = r;
        }
        self.left(f.id, f.deferred, &results);
        self.deliver(f.caller, results)?;
        Ok(Rule::ReturnPopFrame)
    }

    /// The events of a frame that returned `results` (it has left the stack): its return and,
    /// for a deferred call, the end of that call in the frame that ran it.
    fn left(&mut self, frame: FrameId, deferred: Option<DeferId>, results: &[Value]) {
        self.emit(|m| Event::Return {
            frame,
            results: m.render_all(results),
        });
        if let Some(id) = deferred {
            let frame = self.top().id;
            self.emit(|m| Event::DeferEnd {
                id,
                frame,
                results: m.result_values(),
            });
        }
    }

    /// Hands a returning frame's results to whoever called it.
    fn deliver(&mut self, caller: Caller, results: Vec<Value>) -> Result<(), Stop> {
        match caller {
            Caller::Normal => {
                self.check_guard()?;
                let v = match results.len() {
                    0 => None,
                    1 => results.into_iter().next(),
                    _ => Some(Value::Tuple(Rc::new(results))),
                };
                if let Some(v) = v {
                    self.top_mut().stack.push(v);
                }
            }
            // The deferred call finished: the frame that ran it goes on.
            Caller::Deferred => self.top_mut().deferring = None,
            Caller::Fmt => {
                let s = results
                    .into_iter()
                    .next()
                    .map(|v| v.as_bytes().to_vec())
                    .unwrap_or_default();
                if let Some(task) = self.top_mut().fmt.as_mut() {
                    task.resume(s);
                }
            }
            Caller::PanicText(id) => {
                let s = results
                    .into_iter()
                    .next()
                    .map(|v| v.as_bytes().to_vec())
                    .unwrap_or_default();
                if let Some(p) = self.g.panics.iter_mut().find(|p| p.id == id) {
                    p.text = Some(s);
                }
            }
        }
        Ok(())
    }

    /// A marked call returned: refused if it wrote memory its statement may have read before it.
    fn check_guard(&mut self) -> Result<(), Stop> {
        let writes = self.writes;
        match self.top_mut().guard.take() {
            Some(w) if w != writes => Err(Stop::Unsupported(ORDER.into())),
            _ => Ok(()),
        }
    }

    /// Pops the frame's most recent deferred call and invokes it for `cause`: a Go function gets
    /// its frame; a builtin, package function or nil func value runs inside a wrapper frame.
    fn run_deferred(&mut self, cause: Cause) -> Result<(), Stop> {
        let fifo = match cause {
            Cause::Return => self.mutant(Mutant::ReturnFifo),
            Cause::Panic(_) => self.mutant(Mutant::UnwindFifo),
        };
        let f = self.top_mut();
        let d = if fifo && !f.defers.is_empty() {
            Some(f.defers.remove(0))
        } else {
            f.defers.pop()
        };
        let Some(mut d) = d else {
            return Err(Stop::Internal("no deferred call".into()));
        };
        f.deferring = Some(cause);
        for (arg, src) in d.args.iter_mut().zip(&d.sources) {
            if let Some(var) = src {
                *arg = load_in_path(
                    &self.g.frames[self.g.frames.len() - 1],
                    &self.globals,
                    *var,
                    &[],
                );
            }
        }
        self.pos = d.pos;
        let why = match cause {
            Cause::Return => Why::Return,
            Cause::Panic(p) => Why::Panic(p),
        };
        let frame = self.top().id;
        self.emit(|m| Event::DeferStart {
            id: d.id,
            frame,
            why,
            args: m.render_all(&d.args),
        });
        self.entering = Some(d.id);
        match d.func {
            Some(clo) if self.prog.codes[clo.func.0 as usize].is_some() => {
                self.call_enter(clo, d.args, Caller::Deferred)?;
            }
            // gc's wrapper for an interface method expression is transparent to recover: a
            // method written in Go is itself the deferred call. Any other (a native method, a
            // nil interface) runs in a wrapper frame like the natives below.
            Some(clo) if self.method_in_go(&clo, &d.args) => {
                self.call_native(clo.func, d.args, Caller::Deferred)?;
            }
            func => {
                let n = d.args.len() as u32;
                let mut locals = vec![Value::Func(func.clone())];
                locals.extend(d.args);
                let code = crate::code::deferred_wrapper(n, d.pos);
                self.push_frame(
                    func.map(|c| c.func),
                    code,
                    locals,
                    None,
                    Caller::Deferred,
                    None,
                );
            }
        }
        Ok(())
    }

    /// Whether `clo` is an interface method expression whose method, for receiver `args[0]`, is
    /// written in Go.
    fn method_in_go(&mut self, clo: &Closure, args: &[Value]) -> bool {
        let crate::ir::FuncKind::Native(crate::ir::Native::IfaceMethodExpr(_, name)) =
            &self.prog.funcs[clo.func.0 as usize].kind
        else {
            return false;
        };
        let name = name.clone();
        args.first()
            .and_then(|recv| self.dispatch(recv, &name).ok().flatten())
            .is_some_and(|m| self.prog.codes[m.func.0 as usize].is_some())
    }

    // ---- Panic ----

    /// Panic/start: a new panic becomes the goroutine's current one and the running frame
    /// starts to unwind.
    fn panic_start(&mut self, v: Value) -> Outcome {
        if matches!(v, Value::Iface(None)) && self.panic_nil_is_error() {
            return self.panic_nil_value();
        }
        self.begin_panic(v, false, false);
        Ok(Rule::PanicStart)
    }

    /// Whether `panic(nil)` panics with a `*runtime.PanicNilError` (Go 1.21 semantics).
    fn panic_nil_is_error(&self) -> bool {
        if self.mutant(Mutant::PanicNilAlwaysError) {
            return true;
        }
        if !self.params.toolchain.at_least(1, 21) || self.mutant(Mutant::PanicNilAlwaysNil) {
            return false;
        }
        match self.params.godebug.panicnil {
            Some(old) => !old,
            None => self.params.lang.at_least(1, 21),
        }
    }

    /// Panic/nil-value: from Go 1.21, `panic(nil)` panics with a `*runtime.PanicNilError`.
    fn panic_nil_value(&mut self) -> Outcome {
        let t = self.prog.rt.panic_nil_error;
        let ptr = Value::Ptr(Some(Pointer::to_new(Value::Struct(Rc::new(Vec::new())))));
        // Zero-size allocations share one address, so every PanicNilError has the same data word.
        let v = Value::Iface(Some(Rc::new(Iface {
            ty: t,
            val: ptr,
            data: Data::Static(0),
        })));
        self.begin_panic(v, false, false);
        Ok(Rule::PanicNilValue)
    }

    fn begin_panic(&mut self, value: Value, goexit: bool, runtime: bool) {
        let id = self.fresh_id();
        let frame = self.top().id;
        self.emit(|m| Event::Panic {
            id,
            frame,
            value: value.render(&m.prog.types),
            goexit,
        });
        self.g.panics.push(Panic {
            id,
            value,
            text: None,
            recovered: false,
            aborted: false,
            goexit,
            repanicked: false,
            runtime,
        });
        self.top_mut().mode = Mode::Unwind;
    }

    /// Panic/runtime-error: a run-time panic (division by zero, nil dereference, index out of
    /// range, ...) panics with a `runtime.Error` value.
    fn panic_runtime_error(&mut self, e: natives::RtErr) -> Outcome {
        if self.guarded {
            return Err(Stop::Unsupported(ORDER.into()));
        }
        if let natives::RtErr::NilDeref(addr) = e {
            // gc before 1.21 checked nil explicitly instead of faulting at the field's address;
            // large offsets are always checked explicitly.
            let addr = addr.map(|a| {
                if self.params.toolchain.at_least(1, 21) && a < 4096 {
                    a
                } else {
                    0
                }
            });
            self.g.signal = Some(Fault::at(addr));
        }
        let v = self.runtime_error_value(e);
        self.begin_panic(v, false, true);
        Ok(Rule::PanicRuntimeError)
    }

    // ---- Unwind ----

    /// Unwind/run-deferred: the frame being unwound invokes its most recently deferred call.
    fn unwind_run_deferred(&mut self) -> Outcome {
        let Some(id) = self.current().map(|p| p.id) else {
            return Err(Stop::Internal("unwinding without a panic".into()));
        };
        self.run_deferred(Cause::Panic(id))?;
        Ok(Rule::UnwindRunDeferred)
    }

    /// Unwind/abort: the unwinding reached a frame whose deferred call it abandoned; if that
    /// call was run by an earlier panic (or Goexit), that panic is aborted: it will not resume.
    fn unwind_abort(&mut self) -> Outcome {
        let cause = self.top_mut().deferring.take();
        if self.mutant(Mutant::NoAbort) {
            return Ok(Rule::UnwindAbort);
        }
        if let Some(Cause::Panic(id)) = cause
            && let Some(p) = self.g.panics.iter_mut().find(|p| p.id == id)
        {
            p.aborted = true;
            self.emit(|_| Event::Aborted { id });
            if self.mutant(Mutant::AbortRemoves) {
                self.g.panics.retain(|p| p.id != id);
            }
        }
        Ok(Rule::UnwindAbort)
    }

    /// Unwind/pop-frame: a frame with no deferred calls left is removed; the unwinding goes on
    /// in its caller.
    fn unwind_pop_frame(&mut self) -> Outcome {
        let Some(f) = self.g.frames.pop() else {
            return Err(Stop::Internal("no frame to unwind".into()));
        };
        self.emit(|_| Event::Unwound { frame: f.id });
        self.pos = f.stopped_at().unwrap_or(self.pos);
        match f.caller {
            Caller::Normal | Caller::Deferred => {}
            Caller::Fmt => {}
            Caller::PanicText(_) => return self.exit_printing_panic(),
        }
        if self.mutant(Mutant::UnwindOnlyPanickingFrame) {
            self.top_mut().defers.clear();
        }
        self.top_mut().mode = Mode::Unwind;
        Ok(Rule::UnwindPopFrame)
    }

    // ---- Recover ----

    /// `recover()` called by the running frame: Recover/active when the frame is a deferred call
    /// the current panic invoked (and the panic is neither recovered nor a Goexit), else
    /// Recover/inert.
    fn recover(&mut self) -> Outcome {
        let frames = &self.g.frames;
        let n = frames.len();
        // gc's wrapper for a deferred `recover` is invisible when the frame that deferred it
        // runs it while returning: recover counts as called by that frame (golang/go#34530).
        let by_returning_frame =
            n >= 2 && frames[n - 1].wrapper && frames[n - 2].deferring == Some(Cause::Return);
        let caller = if by_returning_frame { n - 2 } else { n - 1 };
        // How far below the nearest deferred call's frame recover is called (0: in it).
        let depth = frames[..=caller]
            .iter()
            .rev()
            .position(|f| f.caller == Caller::Deferred);
        let reach = if self.mutant(Mutant::RecoverAnyDepth) {
            depth
        } else if self.mutant(Mutant::RecoverOneDeeper) {
            depth.filter(|d| *d <= 1)
        } else {
            depth.filter(|d| *d == 0)
        };
        // The first condition of Recover/active that fails, if any: the state of the current
        // panic, then where recover was called from.
        let inert = match self.current() {
            None => Some(Inert::NoPanic),
            Some(p) if p.goexit && !self.mutant(Mutant::RecoverGoexit) => Some(Inert::Goexit),
            Some(p) if p.recovered && !self.mutant(Mutant::RecoverTwice) => {
                Some(Inert::AlreadyRecovered)
            }
            Some(p) => match (depth, reach) {
                (None, _) => Some(Inert::NotDeferred),
                (Some(d), None) => Some(Inert::NotDirect { depth: d as u32 }),
                (Some(_), Some(d)) => {
                    let k = caller - d;
                    let opaque = frames[k].wrapper && !self.mutant(Mutant::RecoverInWrappers);
                    let run_by = (k >= 1).then(|| frames[k - 1].deferring).flatten();
                    let unrecoverable =
                        p.runtime && self.mutant(Mutant::RuntimeErrorsUnrecoverable);
                    match run_by {
                        _ if opaque => Some(Inert::Wrapper),
                        None => Some(Inert::NotDeferred),
                        Some(Cause::Return) if !self.mutant(Mutant::RecoverFromReturnDefers) => {
                            Some(Inert::ReturnDefer)
                        }
                        Some(Cause::Panic(id)) if id != p.id => Some(Inert::OtherPanic),
                        Some(_) => unrecoverable.then_some(Inert::Mutant),
                    }
                }
            },
        };
        let active = inert.is_none();
        let f = &self.g.frames[n - 1];
        let (frame, in_wrapper) = (f.id, f.wrapper && !by_returning_frame);
        let recovered = self.current().map(|p| p.id).filter(|_| active);
        let depth = depth.map(|d| d as u32);
        self.emit(|_| Event::Recover {
            frame,
            depth,
            in_wrapper,
            recovered,
            inert,
        });
        if active {
            self.recover_active()
        } else {
            self.recover_inert()
        }
    }

    /// Recover/active: the current panic is marked recovered and `recover` returns its value.
    /// The recovering deferred function is a Go function, or fmt's catchPanic, which prints the
    /// value in place of the Error/String result.
    fn recover_active(&mut self) -> Outcome {
        let oldest = self.mutant(Mutant::RecoverOldest);
        let stops = !self.mutant(Mutant::RecoverDoesNotStop);
        let nil = self.mutant(Mutant::RecoverReturnsNil);
        let p = if oldest {
            self.g.panics.iter_mut().find(|p| !p.recovered)
        } else {
            self.g.panics.last_mut()
        };
        let Some(p) = p else {
            return Err(Stop::Internal("no panic to recover".into()));
        };
        p.recovered |= stops;
        let id = p.id;
        let v = if nil {
            Value::Iface(None)
        } else {
            p.value.clone()
        };
        if self.top().fmt.is_none() {
            self.top_mut().stack.push(v);
            return Ok(Rule::RecoverActive);
        }
        self.catch_panic_events(id);
        let mut text = crate::fmt::Task::new(crate::ir::FmtFunc::Sprint, vec![], &*self);
        text.push_arg(v);
        if !matches!(text.run(self)?, crate::fmt::Next::Done) {
            return Err(Stop::Unsupported(
                "fmt printing a panic value whose Error or String method is written in Go".into(),
            ));
        }
        let (_, out, _) = text.finish();
        if let Some(task) = self.top_mut().fmt.as_mut() {
            task.caught(&out);
        }
        Ok(Rule::RecoverActive)
    }

    /// The events of fmt's `catchPanic` recovering panic `p`. The machine applies the recovery
    /// as one rule; in gc it is a deferred call of fmt's frame, `recover` called directly in
    /// it, and the events say so, so that the invariants read it as any other recovery.
    fn catch_panic_events(&mut self, p: u64) {
        if self.events.is_none() {
            return;
        }
        let (d, f) = (self.fresh_id(), self.fresh_id());
        let frame = self.top().id;
        let func = "fmt.(*pp).catchPanic".to_string();
        let line = self.pos.line;
        let results = self.result_values();
        self.emit(|_| Event::Defer {
            id: d,
            frame,
            func: func.clone(),
            line,
            args: Vec::new(),
            shown: Vec::new(),
        });
        self.emit(|_| Event::DeferStart {
            id: d,
            frame,
            why: Why::Panic(p),
            args: Vec::new(),
        });
        self.emit(|_| Event::Enter {
            frame: f,
            caller: frame,
            func,
            deferred: Some(d),
        });
        self.emit(|_| Event::Recover {
            frame: f,
            depth: Some(0),
            in_wrapper: false,
            recovered: Some(p),
            inert: None,
        });
        self.emit(|_| Event::Returning {
            frame: f,
            results: Vec::new(),
        });
        self.emit(|_| Event::Return {
            frame: f,
            results: Vec::new(),
        });
        self.emit(|_| Event::DeferEnd {
            id: d,
            frame,
            results,
        });
    }

    /// Recover/inert: `recover` returns nil and changes nothing.
    fn recover_inert(&mut self) -> Outcome {
        self.top_mut().stack.push(Value::Iface(None));
        Ok(Rule::RecoverInert)
    }

    /// Recover/resume: the deferred call that recovered the current panic has returned. The
    /// panic (and the aborted panics it superseded) leave the chain, and the frame that deferred
    /// the call returns normally: its remaining deferred calls run, then it returns its results.
    /// A fault still on record shows the recovery's addresses before Go 1.22.
    fn recover_resume(&mut self) -> Outcome {
        if let Some(p) = self.g.panics.pop() {
            let frame = self.top().id;
            self.emit(|_| Event::Recovered { id: p.id, frame });
        }
        if self.g.signal.is_some() && !self.params.toolchain.at_least(1, 22) {
            self.g.signal = Some(Fault::AFTER_RECOVERY);
        }
        // The aborted panics the recovered one superseded leave too. A Goexit among them is not
        // bypassed: it resumes. Before Go 1.22 the runtime only looked for the Goexit right
        // below the recovered panic; from 1.22 it stops at the first Goexit it meets.
        let search_all = self.params.toolchain.at_least(1, 22);
        let mut first = true;
        while let Some(p) = self.g.panics.last().filter(|p| p.aborted) {
            if p.goexit && (first || search_all) && !self.mutant(Mutant::GoexitBypassed) {
                return self.goexit_resume();
            }
            if self.mutant(Mutant::ResumeKeepsAborted) {
                break;
            }
            self.g.panics.pop();
            first = false;
        }
        if self.mutant(Mutant::ResumeClearsChain) {
            self.g.panics.clear();
        }
        if self.mutant(Mutant::ResumeSkipsDeferred) {
            self.top_mut().defers.clear();
        }
        if self.g.panics.is_empty() && !self.mutant(Mutant::ResumeKeepsSignal) {
            self.g.signal = None;
        }
        // A fmt call goes on formatting; a Go function returns.
        if self.top().fmt.is_some() {
            self.top_mut().mode = Mode::Run;
        } else {
            self.start_returning();
        }
        Ok(Rule::RecoverResume)
    }

    // ---- Goexit ----

    /// Goexit/start: `runtime.Goexit` puts a Goexit mark on the chain and unwinds the goroutine,
    /// running every deferred call; `recover` returns nil meanwhile.
    fn goexit_start(&mut self) -> Outcome {
        if self.mutant(Mutant::GoexitSkipsDeferred) {
            self.g.frames.iter_mut().for_each(|f| f.defers.clear());
        }
        self.begin_panic(Value::Iface(None), true, false);
        Ok(Rule::GoexitStart)
    }

    /// Goexit/resume: a panic raised during a Goexit was recovered after it had abandoned the
    /// Goexit; the Goexit goes on unwinding instead of the frame returning.
    fn goexit_resume(&mut self) -> Outcome {
        if let Some(p) = self.g.panics.last_mut() {
            p.aborted = false;
        }
        // The fault of a recovered run-time panic stays: the runtime forgets it only when its
        // panic chain becomes empty, and the Goexit is still on it.
        self.top_mut().mode = Mode::Unwind;
        Ok(Rule::GoexitResume)
    }

    // ---- Exit ----

    /// Exit/now: `os.Exit(n)` ends the program at once; no deferred call runs.
    fn exit_now(&mut self, code: i64) -> Outcome {
        let code = if self.mutant(Mutant::OsExitUnmasked) {
            code as i32
        } else {
            (code & 0xff) as i32
        };
        if self.mutant(Mutant::OsExitRunsDeferred) {
            self.pending_exit = Some(code);
            return self.goexit_start();
        }
        self.end(code, Ending::OsExit);
        Ok(Rule::ExitNow)
    }

    /// Exit/main-return: `main` returned; the program exits with status 0.
    fn exit_main_return(&mut self) -> Outcome {
        self.end(0, Ending::MainReturned);
        Ok(Rule::ExitMainReturn)
    }

    /// Exit/goexit-deadlock: `main` called Goexit and no other goroutine exists.
    fn exit_goexit_deadlock(&mut self) -> Outcome {
        if let Some(code) = self.pending_exit {
            self.end(code, Ending::OsExit);
            return Ok(Rule::ExitGoexitDeadlock);
        }
        self.write(
            Stream::Stderr,
            b"fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n",
        );
        let code = if self.mutant(Mutant::GoexitExitsZero) {
            0
        } else {
            2
        };
        self.end(code, Ending::GoexitDeadlock);
        Ok(Rule::ExitGoexitDeadlock)
    }

    /// Exit/value-method: a panic reached the top of the goroutine; before printing, the
    /// runtime calls the Error (else String) method of each panic value, newest first, skipping a
    /// value identical to the next older one (Go 1.25+). When no Go method is left to call,
    /// Exit/crash follows.
    fn exit_value_method(&mut self) -> Outcome {
        let n = self.g.panics.len();
        let mut i = self.g.crashing.unwrap_or(0);
        while i < n {
            let idx = n - 1 - i;
            // Go 1.25+: a panic with the very same value as the previous one is printed once.
            let folds = (self.params.toolchain.at_least(1, 25)
                || self.mutant(Mutant::RepanickedAlways))
                && !self.mutant(Mutant::RepanickedNever);
            if folds
                && idx > 0
                && same_data(&self.g.panics[idx - 1].value, &self.g.panics[idx].value)
            {
                self.g.panics[idx - 1].repanicked = true;
                i += 1;
                continue;
            }
            if self.g.panics[idx].goexit
                || self.g.panics[idx].text.is_some()
                || self.mutant(Mutant::NoValueMethods)
            {
                i += 1;
                continue;
            }
            let v = self.g.panics[idx].value.clone();
            match self.text_method(&v) {
                natives::TextMethod::None => i += 1,
                natives::TextMethod::Refused(stop) => return Err(stop),
                natives::TextMethod::Native(s) => {
                    self.g.panics[idx].text = Some(s);
                    i += 1;
                }
                natives::TextMethod::Call(clo, _) => {
                    self.g.crashing = Some(i + 1);
                    let id = self.g.panics[idx].id;
                    self.call_enter(clo, Vec::new(), Caller::PanicText(id))?;
                    return Ok(Rule::ExitValueMethod);
                }
            }
        }
        self.exit_crash()
    }

    /// Exit/crash: the panic chain is printed oldest first, later panics indented, with their
    /// marks, then the fault line for a memory fault; the exit status is 2.
    fn exit_crash(&mut self) -> Outcome {
        let t = self.params.toolchain;
        let mut style = Style::of(t);
        style.shortest_floats &= !self.mutant(Mutant::OldFloatsAlways);
        style.indent_lines &= !self.mutant(Mutant::MultilineNeverIndented);
        let mut chain: Vec<&Panic> = self.g.panics.iter().collect();
        if self.mutant(Mutant::NewestFirst) {
            chain.reverse();
        }
        let mut out = Vec::new();
        let mut prev: Option<&Panic> = None;
        for p in chain {
            if let Some(q) = prev {
                if q.repanicked {
                    prev = Some(p);
                    continue;
                }
                if !q.goexit && !self.mutant(Mutant::NoTabIndent) {
                    out.push(b'\t');
                }
            }
            prev = Some(p);
            if p.goexit {
                continue;
            }
            out.extend_from_slice(b"panic: ");
            crate::rtprint::panic_value(
                &self.prog.types,
                &p.value,
                p.text.as_deref(),
                style,
                &mut out,
            );
            let marks = !self.mutant(Mutant::NoRecoveredMark);
            if marks && p.repanicked && (p.recovered || !t.at_least(1, 26)) {
                out.extend_from_slice(b" [recovered, repanicked]");
            } else if marks && p.recovered {
                out.extend_from_slice(b" [recovered]");
            }
            out.push(b'\n');
        }
        if let Some(fault) = self.g.signal.filter(|_| !self.mutant(Mutant::NoSignalLine)) {
            out.extend_from_slice(fault.line()?.as_bytes());
        }
        self.write(Stream::Stderr, &out);
        let code = if self.mutant(Mutant::CrashExitsOne) {
            1
        } else {
            2
        };
        self.end(code, Ending::Crash);
        Ok(Rule::ExitCrash)
    }

    /// Exit/printing-panic: an Error or String method called to print a panic value panicked;
    /// the runtime throws a fatal error naming that panic's value.
    fn exit_printing_panic(&mut self) -> Outcome {
        let Some(p) = self.g.panics.last() else {
            return Err(Stop::Internal("no panic".into()));
        };
        let what = match &p.value {
            Value::Iface(Some(i))
                if self.prog.types.kind(i.ty) == &crate::types::TypeKind::String =>
            {
                String::from_utf8_lossy(i.val.as_bytes()).into_owned()
            }
            Value::Iface(Some(i)) => format!("type {}", self.prog.types.name(i.ty)),
            _ => "type <nil>".into(),
        };
        let mut out =
            format!("fatal error: panic while printing panic value: {what}\n").into_bytes();
        if let Some(fault) = self.g.signal {
            out.extend_from_slice(fault.line()?.as_bytes());
        }
        self.write(Stream::Stderr, &out);
        self.end(2, Ending::Fatal);
        Ok(Rule::ExitPrintingPanic)
    }

    /// The program writes `bytes` to standard output or standard error.
    fn write(&mut self, stream: Stream, bytes: &[u8]) {
        match stream {
            Stream::Stdout => self.stdout.extend_from_slice(bytes),
            Stream::Stderr => self.stderr.extend_from_slice(bytes),
        }
        match self.interleaving.last_mut() {
            Some((s, n)) if *s == stream => *n += bytes.len(),
            _ => self.interleaving.push((stream, bytes.len())),
        }
    }

    /// The program ends with this status.
    fn end(&mut self, code: i32, ending: Ending) {
        self.exit = Some(code);
        self.emit(|_| Event::Exit { code, ending });
    }

    // ---- variables ----

    fn load_var(&self, var: Var, path: &[u32]) -> Value {
        load_in_path(self.top(), &self.globals, var, path)
    }

    fn store_var(&mut self, var: Var, path: &[u32], v: Value) {
        let cell = match var {
            Var::Slot(i) => {
                if let Some(slot) = self.top_mut().locals.get_mut(i as usize) {
                    slot.set_path(path, v);
                }
                return;
            }
            Var::Cell(i) => match self.top().locals.get(i as usize) {
                Some(Value::Ptr(Some(p))) => p.clone(),
                _ => return,
            },
            Var::Captured(i) => match self
                .top()
                .env
                .as_ref()
                .and_then(|e| e.captured.get(i as usize))
            {
                Some(c) => Pointer {
                    cell: c.clone(),
                    path: Rc::from(&[][..]),
                },
                None => return,
            },
            Var::Global(i) => match self.globals.get(i as usize) {
                Some(c) => Pointer {
                    cell: c.clone(),
                    path: Rc::from(&[][..]),
                },
                None => return,
            },
        };
        let mut p = cell;
        for &i in path {
            p = p.field(i);
        }
        self.writes += 1;
        p.store(v);
    }

    /// The cell of a boxed, captured or global variable.
    fn cell_of(&self, var: Var) -> Option<Pointer> {
        match var {
            Var::Slot(_) => None,
            Var::Cell(i) => match self.top().locals.get(i as usize) {
                Some(Value::Ptr(Some(p))) => Some(p.clone()),
                _ => None,
            },
            Var::Captured(i) => self
                .top()
                .env
                .as_ref()
                .and_then(|e| e.captured.get(i as usize))
                .map(|c| Pointer {
                    cell: c.clone(),
                    path: Rc::from(&[][..]),
                }),
            Var::Global(i) => self.globals.get(i as usize).map(|c| Pointer {
                cell: c.clone(),
                path: Rc::from(&[][..]),
            }),
        }
    }

    // ---- interface values ----

    /// Converts a value of concrete type `ty` to an interface value, giving its data word the
    /// identity gc would: shared static data for small and empty values, a fresh allocation
    /// otherwise, the pointer itself for pointer-shaped types.
    fn iface_of(&mut self, ty: Ty, v: Value) -> Value {
        use crate::types::TypeKind as K;
        let types = &self.prog.types;
        let (size, align) = types.layout(ty);
        let data = if let Some(p) = types.pointer_shaped(ty).then(|| pointer_in(&v)) {
            // The value is its own data word.
            Data::Pointer(p)
        } else if size == 0 {
            Data::Static(0)
        } else {
            match (types.ukind(ty), &v) {
                (K::String, Value::Str(s)) if s.is_empty() => Data::Static(0),
                (K::Slice(_), Value::Slice(s)) if s.arr.is_none() => Data::Static(0),
                // One-byte values, and (convT16/32/64) values of 2, 4 or 8 bytes aligned to
                // their size and below 256, are the runtime's static copies.
                _ if !types.has_pointers(ty)
                    && (size == 1 || (matches!(size, 2 | 4 | 8) && align == size)) =>
                {
                    match packed(types, ty, &v) {
                        Some(w) if size == 1 || w < 256 => Data::Static(w & 0xff),
                        _ => Data::Heap(self.fresh_id()),
                    }
                }
                _ => Data::Heap(self.fresh_id()),
            }
        };
        Value::Iface(Some(Rc::new(Iface { ty, val: v, data })))
    }

    // ---- traces ----

    /// The step as `--trace` shows it: the rule, the frame it applied in (its depth, function
    /// and name), that frame's defer stack after the step (empty once the frame is gone) and the
    /// panic chain; with every frame and what the step wrote (the streams' lengths before it
    /// were `written`).
    fn describe(
        &self,
        rule: Rule,
        (depth, func, name): (usize, Option<FuncId>, String),
        written: (usize, usize),
    ) -> Step {
        let defers = self
            .g
            .frames
            .get(depth)
            .filter(|f| f.func == func)
            .map(|f| self.defer_names(f, f.defers.len()))
            .unwrap_or_default();
        let panics = self
            .g
            .panics
            .iter()
            .map(|p| {
                if p.goexit {
                    return "Goexit".to_string();
                }
                let mut s = Vec::new();
                crate::rtprint::panic_value(
                    &self.prog.types,
                    &p.value,
                    p.text.as_deref(),
                    Style::of(self.params.toolchain),
                    &mut s,
                );
                let mut d = format!("panic({})", String::from_utf8_lossy(&s));
                if p.recovered {
                    d.push_str(" recovered");
                }
                if p.aborted {
                    d.push_str(" aborted");
                }
                d
            })
            .collect();
        let frames_omitted = self.g.frames.len().saturating_sub(STEP_FRAMES);
        let frames = self.g.frames[frames_omitted..]
            .iter()
            .map(|f| {
                let at = f
                    .stopped_at()
                    .or_else(|| f.func.map(|id| self.prog.funcs[id.0 as usize].pos))
                    .unwrap_or_default();
                StepFrame {
                    id: f.id,
                    func: self.frame_name(f.func, f.fmt.is_some()),
                    line: at.line,
                    col: at.col,
                    defers: self.defer_names(f, STEP_FRAMES),
                    defers_omitted: f.defers.len().saturating_sub(STEP_FRAMES),
                    mode: f.mode.into(),
                    deferred: f.deferred,
                }
            })
            .collect();
        Step {
            index: self.steps,
            rule,
            line: self.pos.line,
            col: self.pos.col,
            func: name,
            defers,
            panics,
            frames,
            frames_omitted,
            stdout: self.stdout.get(written.0..).unwrap_or_default().to_vec(),
            stderr: self.stderr.get(written.1..).unwrap_or_default().to_vec(),
            events: self.events.as_ref().map_or(0, Vec::len),
        }
    }

    /// The newest `n` calls of a frame's defer stack, oldest first, each as `function@line` of
    /// its defer statement.
    fn defer_names(&self, f: &Frame, n: usize) -> Vec<String> {
        f.defers[f.defers.len().saturating_sub(n)..]
            .iter()
            .map(|d| match &d.func {
                Some(c) => format!("{}@{}", self.func_name(Some(c.func)), d.pos.line),
                None => format!("nil@{}", d.pos.line),
            })
            .collect()
    }
}

impl Frame {
    /// Where the frame's last executed instruction is.
    fn stopped_at(&self) -> Option<Pos> {
        self.code.pos.get(self.pc.saturating_sub(1)).copied()
    }
}

/// The pointer a pointer-shaped value holds (itself, or its only field or element), as an
/// address.
fn pointer_in(v: &Value) -> usize {
    match v {
        Value::Struct(fs) | Value::Array(fs) => fs.first().map_or(0, pointer_in),
        v => crate::rtprint::data_addr(v),
    }
}

/// The memory of a scalar value of at most 8 bytes as a little-endian word: its fields and
/// elements at their offsets, padding zero; `None` for a value that is not of that kind.
fn packed(types: &crate::types::Types, ty: Ty, v: &Value) -> Option<u64> {
    use crate::types::TypeKind as K;
    let (size, _) = types.layout(ty);
    let bits = |w: u64| {
        if size >= 8 {
            w
        } else {
            w & ((1u64 << (8 * size)) - 1)
        }
    };
    Some(match (types.ukind(ty), v) {
        (K::Bool, Value::Bool(b)) => u64::from(*b),
        (K::Int(_), Value::Int(i)) => bits(*i as u64),
        (K::Float(crate::types::FloatKind::F32), Value::Float(f)) => {
            u64::from((*f as f32).to_bits())
        }
        (K::Float(_), Value::Float(f)) => f.to_bits(),
        (K::Complex(crate::types::FloatKind::F32), Value::Complex(re, im)) => {
            u64::from((*re as f32).to_bits()) | u64::from((*im as f32).to_bits()) << 32
        }
        (K::Struct(fs), Value::Struct(vs)) => {
            let mut w = 0u64;
            for (i, (f, x)) in fs.iter().zip(vs.iter()).enumerate() {
                let off = types.field_offset(ty, i);
                w |= packed(types, f.ty, x)?.checked_shl(8 * off as u32)?;
            }
            w
        }
        (K::Array(e, _), Value::Array(vs)) => {
            let (esize, _) = types.layout(*e);
            let mut w = 0u64;
            for (i, x) in vs.iter().enumerate() {
                w |= packed(types, *e, x)?.checked_shl(8 * (esize * i as u64) as u32)?;
            }
            w
        }
        _ => return None,
    })
}

/// Whether two interface values are the same words (type and data): gc's test for re-panicking.
fn same_data(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Iface(Some(x)), Value::Iface(Some(y))) => x.ty == y.ty && x.data == y.data,
        (Value::Iface(None), Value::Iface(None)) => true,
        _ => false,
    }
}

/// Stores into a fresh variable: a new cell when the variable is boxed.
fn store_new(locals: &mut [Value], var: Var, v: Value) {
    match var {
        Var::Slot(i) => {
            if let Some(s) = locals.get_mut(i as usize) {
                *s = v;
            }
        }
        Var::Cell(i) => {
            if let Some(s) = locals.get_mut(i as usize) {
                *s = Value::Ptr(Some(Pointer::to_new(v)));
            }
        }
        Var::Captured(_) | Var::Global(_) => {}
    }
}

fn load_in(f: &Frame, globals: &[Cell], var: Var) -> Value {
    load_in_path(f, globals, var, &[])
}

fn load_in_path(f: &Frame, globals: &[Cell], var: Var, path: &[u32]) -> Value {
    let v = match var {
        Var::Slot(i) => {
            return f
                .locals
                .get(i as usize)
                .map(|v| v.at_path(path))
                .unwrap_or(Value::Int(0));
        }
        Var::Cell(i) => match f.locals.get(i as usize) {
            Some(Value::Ptr(Some(p))) => p.load(),
            _ => Value::Int(0),
        },
        Var::Captured(i) => match f.env.as_ref().and_then(|e| e.captured.get(i as usize)) {
            Some(c) => c.borrow().clone(),
            None => Value::Int(0),
        },
        Var::Global(i) => match globals.get(i as usize) {
            Some(c) => c.borrow().clone(),
            None => Value::Int(0),
        },
    };
    v.at_path(path)
}
