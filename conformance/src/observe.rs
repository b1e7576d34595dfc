//! `gosem observe`: the invariants of `spec/invariants.md`, checked on what gc actually did.
//!
//! Every program of the core fragment of [`crate::exhaust`] is instrumented so that its
//! standard output says, one line per event, what happened to its frames, deferred calls and
//! panics; a real toolchain builds and runs it; the lines, the exit status and the crash header
//! are read back into [`Event`]s, and `gosem_spec::check_observed` checks the invariants on them.
//!
//! # What a program can observe of itself
//!
//! Only what Go code can print at the moment it happens, without changing what happens:
//!
//! | event | printed | how |
//! | --- | --- | --- |
//! | `Enter` | yes, for the program's functions | first statement of each body: a new frame id, the caller's (passed as an argument) and the deferred call it runs (an argument, -1 for none) |
//! | `Defer` | yes, for deferred functions | the call's id is an argument of the deferred call, evaluated (and printed) by the defer statement |
//! | `DeferStart` | yes, without `why` | the deferred function prints it with its `Enter`: it knows its call from its id argument |
//! | `Returning` | yes, for return statements and the end of a body | before them |
//! | `Panic` | yes | before `panic`/`runtime.Goexit`; the panic value is the panic's id |
//! | `Recover` | yes, for direct calls, without depth | `r := recover()`, then `r` is printed |
//! | `Return` | only of a frame called by Go code | the caller prints the frame (the callee's result) when the call returns |
//! | `Exit` | yes | `os.Exit` is announced before it is called; otherwise the status and the crash header |
//! | `Unwound`, `DeferEnd`, `Recovered`, `Aborted` | no | they happen in the runtime, with no Go code of the program running |
//! | the `Return` of a deferred call or of `main` | no | their caller is the runtime |
//! | `defer recover()` | no | the builtin runs in a wrapper no code can be added to |
//! | `DeferStart::why` | no | only `recover` tells a deferred function whether a panic runs it, and calling it would recover the panic |
//!
//! # Why the instrumentation changes nothing
//!
//! The instrumentation adds only calls of helpers that print and count, and never a `defer`,
//! a `recover` or a `panic`:
//! - A deferred call stays the same call of the same function: its id and its caller's frame
//!   are extra arguments, evaluated by the defer statement like any argument, so the deferred
//!   function is what the runtime invokes, and `recover` in it is still called directly by a
//!   deferred function (a wrapper closure would not be).
//! - `recover()`'s result is stored in a variable first, in the same frame, and printed after:
//!   the helper that prints does not call `recover`.
//! - Helpers run and return before or after the statement they describe; none panics. The
//!   frame id a function returns (its only result, for its caller to print) is discarded when
//!   the function is deferred, as a deferred call's results are.
//! - `panic(N)` panics with the panic's id instead: another integer, so only the value in the
//!   crash header differs.
//!
//! The test `conformance/tests/observe.rs` holds this against the model: for every program up
//! to a size, the model's run of the instrumented program prints exactly the observable events
//! of the model's run of the original program ([`observable`]), up to the names of ids.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use gosem_model::events::{Event, FrameId, Why};
use rayon::prelude::*;

use crate::exhaust::{self, Program, Stmt};
use crate::gobuild;
use crate::normalize;
use crate::process;
use crate::report;
use crate::toolchain::Toolchain;

/// The helpers every instrumented program has: one counter numbers frames, deferred calls and
/// panics; each helper prints one event line.
const PRELUDE: &str = r#"
var gosemNext int

func gosemID() int {
	gosemNext++
	return gosemNext
}

func gosemEnter(caller, d int, name string) int {
	f := gosemID()
	fmt.Println("E", f, caller, d, name)
	return f
}

func gosemDefer(f int, name string) int {
	d := gosemID()
	fmt.Println("D", d, f, name)
	return d
}

func gosemPanic(f int) int {
	p := gosemID()
	fmt.Println("P", p, f)
	return p
}

func gosemGoexit(f int) {
	fmt.Println("G", gosemID(), f)
}

func gosemRecover(f int, r any) {
	fmt.Println("V", f, r)
}

func gosemReturning(f int) {
	fmt.Println("R", f)
}

func gosemBack(f, g int) {
	fmt.Println("B", f, g)
}

func gosemExit(f int) {
	fmt.Println("X", f)
}
"#;

/// The program with every observable event printed (see the module documentation).
pub fn instrumented(p: &Program) -> String {
    let mut out = String::from("package main\n\nimport \"fmt\"\n");
    for name in exhaust::imports(p) {
        let _ = writeln!(out, "import \"{name}\"");
    }
    out.push_str(PRELUDE);
    for (i, body) in p.iter().enumerate() {
        let name = exhaust::func_name(i);
        let qualified = format!("main.{name}");
        if i == 0 {
            let _ = writeln!(
                out,
                "\nfunc main() {{\n\tf := gosemEnter(0, -1, \"{qualified}\")"
            );
        } else {
            // The frame id is the result, for the caller to print when the call returns.
            let _ = writeln!(
                out,
                "\nfunc {name}(caller, d int) (f int) {{\n\tf = gosemEnter(caller, d, \"{qualified}\")"
            );
        }
        let mut closures = 0;
        for s in body {
            let line = match s {
                Stmt::Call(j) => format!("gosemBack(f, f{j}(f, -1))"),
                Stmt::Defer(j) => format!("defer f{j}(f, gosemDefer(f, \"main.f{j}\"))"),
                Stmt::DeferRecoverClosure => {
                    closures += 1;
                    let closure = format!("{qualified}.func{closures}");
                    format!(
                        "defer func(caller, d int) {{\n\t\tf := gosemEnter(caller, d, \"{closure}\")\n\t\tr := recover()\n\t\tgosemRecover(f, r)\n\t\tgosemReturning(f)\n\t}}(f, gosemDefer(f, \"{closure}\"))"
                    )
                }
                Stmt::Recover => "{\n\t\tr := recover()\n\t\tgosemRecover(f, r)\n\t}".to_string(),
                Stmt::DeferRecover => "defer recover()".to_string(),
                Stmt::Panic => "panic(gosemPanic(f))".to_string(),
                Stmt::Goexit => "gosemGoexit(f)\n\truntime.Goexit()".to_string(),
                Stmt::Return => "gosemReturning(f)\n\treturn".to_string(),
                Stmt::Exit => "gosemExit(f)\n\tos.Exit(3)".to_string(),
            };
            let _ = writeln!(out, "\t{line}");
        }
        // The end of the body (unreachable after a return, which Go allows).
        out.push_str("\tgosemReturning(f)\n");
        if i > 0 {
            out.push_str("\treturn\n");
        }
        out.push_str("}\n");
    }
    out
}

/// The events of a full trace of a core-fragment program that its instrumented program
/// prints, with the fields it cannot print set as [`parse`] sets them: `DeferStart::why` to
/// `Return`, `Recover`'s depth, wrapper and reason to none, a panic's value, a `Defer`'s line,
/// and all arguments and results empty.
pub fn observable(events: &[Event]) -> Vec<Event> {
    let entry = match events.first() {
        Some(Event::Enter { caller, .. }) => Some(*caller),
        _ => None,
    };
    // Frames whose events no code of the program prints: package initialization (the
    // fragment has no init function of its own) and the wrappers of deferred builtins.
    let mut hidden: HashSet<FrameId> = HashSet::new();
    // Frames called by Go code of the program, whose return their caller sees.
    let mut called: HashSet<FrameId> = HashSet::new();
    let mut builtins = HashSet::new();
    let mut out = Vec::new();
    let mut prev: Option<&Event> = None;
    for e in events {
        let kept = match e {
            Event::Enter {
                frame,
                caller,
                func,
                deferred,
            } => {
                let init = Some(*caller) == entry && func == "main.init";
                if init || deferred.is_some_and(|d| builtins.contains(&d)) {
                    hidden.insert(*frame);
                    None
                } else {
                    if deferred.is_none() && Some(*caller) != entry {
                        called.insert(*frame);
                    }
                    Some(e.clone())
                }
            }
            Event::Defer {
                id, frame, func, ..
            } => {
                // Package functions are qualified: an unqualified `recover` is the builtin.
                if func == "recover" {
                    builtins.insert(*id);
                    None
                } else {
                    Some(Event::Defer {
                        id: *id,
                        frame: *frame,
                        func: func.clone(),
                        line: 0,
                        args: Vec::new(),
                        shown: Vec::new(),
                    })
                }
            }
            Event::DeferStart { id, frame, .. } => {
                (!builtins.contains(id)).then(|| Event::DeferStart {
                    id: *id,
                    frame: *frame,
                    why: Why::Return,
                    args: Vec::new(),
                })
            }
            // A frame starts returning after a recovery without a return statement.
            Event::Returning { frame, .. } => {
                let resumed = matches!(prev, Some(Event::Recovered { frame: f, .. }) if f == frame);
                (!resumed && !hidden.contains(frame)).then(|| Event::Returning {
                    frame: *frame,
                    results: Vec::new(),
                })
            }
            Event::Panic {
                id, frame, goexit, ..
            } => Some(Event::Panic {
                id: *id,
                frame: *frame,
                value: String::new(),
                goexit: *goexit,
            }),
            Event::Recover {
                frame, recovered, ..
            } => (!hidden.contains(frame)).then_some(Event::Recover {
                frame: *frame,
                depth: None,
                in_wrapper: false,
                recovered: *recovered,
                inert: None,
            }),
            Event::Return { frame, .. } => called.contains(frame).then(|| Event::Return {
                frame: *frame,
                results: Vec::new(),
            }),
            Event::Exit { .. } => Some(e.clone()),
            Event::DeferEnd { .. }
            | Event::Recovered { .. }
            | Event::Aborted { .. }
            | Event::Unwound { .. } => None,
        };
        out.extend(kept);
        prev = Some(e);
    }
    out
}

/// `events` with frames, deferred calls and panics renumbered from 0 in the order they are
/// first named (the entry frame, as the first caller, is 0): two runs that number them
/// differently compare equal.
pub fn canonical(events: &[Event]) -> Vec<Event> {
    #[derive(Default)]
    struct Renumber(HashMap<u64, u64>);
    impl Renumber {
        fn get(&mut self, raw: u64) -> u64 {
            let next = self.0.len() as u64;
            *self.0.entry(raw).or_insert(next)
        }
    }
    let (mut frames, mut calls, mut panics) = (
        Renumber::default(),
        Renumber::default(),
        Renumber::default(),
    );
    let why = |w: &Why, panics: &mut Renumber| match w {
        Why::Return => Why::Return,
        Why::Panic(p) => Why::Panic(panics.get(*p)),
    };
    events
        .iter()
        .map(|e| {
            let mut e = e.clone();
            match &mut e {
                Event::Enter {
                    frame,
                    caller,
                    deferred,
                    ..
                } => {
                    *caller = frames.get(*caller);
                    *frame = frames.get(*frame);
                    *deferred = deferred.map(|d| calls.get(d));
                }
                Event::Defer { id, frame, .. } | Event::DeferEnd { id, frame, .. } => {
                    *frame = frames.get(*frame);
                    *id = calls.get(*id);
                }
                Event::DeferStart {
                    id, frame, why: w, ..
                } => {
                    *frame = frames.get(*frame);
                    *id = calls.get(*id);
                    *w = why(w, &mut panics);
                }
                Event::Panic { id, frame, .. } | Event::Recovered { id, frame } => {
                    *frame = frames.get(*frame);
                    *id = panics.get(*id);
                }
                Event::Recover {
                    frame, recovered, ..
                } => {
                    *frame = frames.get(*frame);
                    *recovered = recovered.map(|p| panics.get(p));
                }
                Event::Aborted { id } => *id = panics.get(*id),
                Event::Returning { frame, .. }
                | Event::Return { frame, .. }
                | Event::Unwound { frame } => *frame = frames.get(*frame),
                Event::Exit { .. } => {}
            }
            e
        })
        .collect()
}

/// The last line of the crash output of a Goexit that ended the program.
const GOEXIT_DEADLOCK: &str = "fatal error: no goroutines (main called runtime.Goexit) - deadlock!";

/// The events an instrumented program's run shows: its standard output, line by line, then how
/// it ended (its exit status and normalized standard error), as an observed trace for
/// `gosem_spec::check_observed`. An error for output it cannot have printed.
pub fn parse(stdout: &[u8], exit: i32, stderr: &[u8]) -> Result<Vec<Event>, String> {
    let stdout = std::str::from_utf8(stdout).map_err(|e| format!("stdout: {e}"))?;
    let stderr = normalize::stderr(stderr);
    let stderr = String::from_utf8_lossy(&stderr);
    let stderr = stderr.trim_end();
    let mut events = Vec::new();
    let mut exited = false;
    for line in stdout.lines() {
        let bad = || format!("unexpected output line {line:?}");
        let words: Vec<&str> = line.split(' ').collect();
        let num = |k: usize| -> Result<u64, String> {
            words.get(k).and_then(|w| w.parse().ok()).ok_or_else(bad)
        };
        match words.as_slice() {
            ["E", _, _, d, name] => {
                let (frame, caller) = (num(1)?, num(2)?);
                let deferred = match *d {
                    "-1" => None,
                    _ => Some(num(3)?),
                };
                if let Some(id) = deferred {
                    events.push(Event::DeferStart {
                        id,
                        frame: caller,
                        why: Why::Return,
                        args: Vec::new(),
                    });
                }
                events.push(Event::Enter {
                    frame,
                    caller,
                    func: name.to_string(),
                    deferred,
                });
            }
            ["D", _, _, name] => events.push(Event::Defer {
                id: num(1)?,
                frame: num(2)?,
                func: name.to_string(),
                line: 0,
                args: Vec::new(),
                shown: Vec::new(),
            }),
            ["R", _] => events.push(Event::Returning {
                frame: num(1)?,
                results: Vec::new(),
            }),
            ["P" | "G", _, _] => events.push(Event::Panic {
                id: num(1)?,
                frame: num(2)?,
                value: String::new(),
                goexit: words[0] == "G",
            }),
            ["V", _, r] => events.push(Event::Recover {
                frame: num(1)?,
                depth: None,
                in_wrapper: false,
                recovered: match *r {
                    "<nil>" => None,
                    _ => Some(num(2)?),
                },
                inert: None,
            }),
            ["B", _, _] => {
                num(1)?;
                events.push(Event::Return {
                    frame: num(2)?,
                    results: Vec::new(),
                });
            }
            ["X", _] => {
                num(1)?;
                if !stderr.is_empty() {
                    return Err(format!("os.Exit, yet standard error says {stderr:?}"));
                }
                events.push(Event::Exit {
                    code: exit,
                    ending: gosem_model::events::Ending::OsExit,
                });
                exited = true;
            }
            _ => return Err(bad()),
        }
    }
    if !exited {
        events.push(Event::Exit {
            code: exit,
            ending: ending(exit, stderr)?,
        });
    }
    Ok(events)
}

/// How a program that did not call os.Exit ended, from its status and normalized stderr.
fn ending(exit: i32, stderr: &str) -> Result<gosem_model::events::Ending, String> {
    use gosem_model::events::Ending;
    let fatal = "fatal error: panic while printing panic value";
    if stderr.is_empty() && exit == 0 {
        Ok(Ending::MainReturned)
    } else if stderr.lines().last() == Some(GOEXIT_DEADLOCK) {
        Ok(Ending::GoexitDeadlock)
    } else if stderr.lines().any(|l| l.starts_with(fatal)) {
        Ok(Ending::Fatal)
    } else if stderr.starts_with("panic: ") {
        Ok(Ending::Crash)
    } else {
        Err(format!(
            "an ending not understood: status {exit}, standard error {stderr:?}"
        ))
    }
}

/// What `gosem observe` does.
#[derive(Clone, Debug)]
pub struct Options {
    /// How many programs, in the order of [`exhaust::programs`] by increasing size.
    pub count: usize,
    /// The largest size to take programs of.
    pub max_size: usize,
    pub toolchain: Toolchain,
    /// Programs per `go build`.
    pub batch: usize,
    /// How long one run may take.
    pub timeout: Duration,
}

/// A program whose trace broke an invariant.
#[derive(Clone, Debug)]
pub struct Broken {
    pub source: String,
    pub violation: gosem_spec::Violation,
    /// The witness events, described, with their indices in the trace.
    pub witness: Vec<String>,
}

/// A program without a trace to check: why, and the program.
#[derive(Clone, Debug)]
pub struct Poisoned {
    pub source: String,
    pub why: String,
}

/// What `gosem observe` found.
#[derive(Debug, Default)]
pub struct Summary {
    pub programs: usize,
    pub checked: usize,
    pub largest_size: usize,
    pub events: usize,
    pub broken: Vec<Broken>,
    pub poisoned: Vec<Poisoned>,
    pub took: Duration,
}

impl Summary {
    pub fn failed(&self) -> bool {
        !self.broken.is_empty() || !self.poisoned.is_empty()
    }

    pub fn text(&self, toolchain: &Toolchain) -> String {
        let mut out = String::new();
        for b in &self.broken {
            let v = &b.violation;
            let _ = writeln!(
                out,
                "VIOLATION {}: {}\n  {}\n  witness:",
                v.invariant, v.sentence, v.explanation
            );
            for w in &b.witness {
                let _ = writeln!(out, "    {w}");
            }
            let _ = writeln!(out, "  program:\n{}", report::indent(&b.source, "    "));
        }
        for p in &self.poisoned {
            let _ = writeln!(
                out,
                "POISONED: {}\n  program:\n{}",
                p.why,
                report::indent(&p.source, "    ")
            );
        }
        let secs = self.took.as_secs_f64();
        let _ = writeln!(
            out,
            "{} programs of the core fragment (sizes 0 to {}) run by {}: {} traces ({} events) checked against {} invariants, {} violations, {} poisoned, in {:.1} s ({:.1} programs/s)",
            self.programs,
            self.largest_size,
            toolchain.release,
            self.checked,
            self.events,
            gosem_spec::OBSERVED.len(),
            self.broken.len(),
            self.poisoned.len(),
            secs,
            self.programs as f64 / secs.max(1e-9),
        );
        out
    }
}

/// The first `count` programs of the core fragment, by increasing size up to `max_size`, and
/// the largest size they reach.
fn first_programs(count: usize, max_size: usize) -> (Vec<Program>, usize) {
    let mut out = Vec::new();
    let mut largest = 0;
    for size in 0..=max_size {
        if out.len() >= count {
            break;
        }
        let left = count - out.len();
        out.extend(exhaust::programs(size).into_iter().take(left));
        largest = size;
    }
    (out, largest)
}

/// What became of one program.
enum Outcome {
    Checked(usize, Vec<Broken>),
    Poisoned(Poisoned),
}

/// Builds, runs and checks the programs, a batch at a time; `on_batch` hears how many are done.
pub fn run(options: &Options, on_batch: &mut dyn FnMut(usize, usize)) -> Summary {
    let began = Instant::now();
    let (programs, largest_size) = first_programs(options.count, options.max_size);
    let mut summary = Summary {
        programs: programs.len(),
        largest_size,
        ..Summary::default()
    };
    let config = gobuild::Config {
        toolchain: &options.toolchain,
        lang: options.toolchain.release.lang(),
        gcflags: "",
        plain: false,
    };
    let version = options.toolchain.release.version();
    let mut done = 0;
    for batch in programs.chunks(options.batch.max(1)) {
        let sources: Vec<String> = batch.iter().map(instrumented).collect();
        // The binaries are removed when `built` is dropped, at the end of the batch.
        let built = gobuild::build_numbered(config, "p", &sources);
        let outcomes: Vec<Outcome> = batch
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let binary = match &built {
                    Ok(b) => b.results[i].clone(),
                    Err(e) => Err(e.clone()),
                };
                let poisoned = |why: String| {
                    Outcome::Poisoned(Poisoned {
                        source: exhaust::source(p),
                        why,
                    })
                };
                let events = match binary.and_then(|b| observe(b.binary()?, options.timeout)) {
                    Ok(events) => events,
                    Err(why) => return poisoned(why),
                };
                let broken = gosem_spec::check_observed(&events, version)
                    .into_iter()
                    .map(|violation| Broken {
                        source: exhaust::source(p),
                        witness: violation
                            .witness
                            .iter()
                            .map(|&k| format!("#{k} {}", gosem_spec::describe(&events[k])))
                            .collect(),
                        violation,
                    })
                    .collect();
                Outcome::Checked(events.len(), broken)
            })
            .collect();
        drop(built);
        for o in outcomes {
            match o {
                Outcome::Checked(n, broken) => {
                    summary.checked += 1;
                    summary.events += n;
                    summary.broken.extend(broken);
                }
                Outcome::Poisoned(p) => summary.poisoned.push(p),
            }
        }
        done += batch.len();
        on_batch(done, programs.len());
    }
    summary.took = began.elapsed();
    summary
}

/// Runs one instrumented binary and reads its events.
fn observe(binary: &Path, timeout: Duration) -> Result<Vec<Event>, String> {
    let mut cmd = Command::new(binary);
    // As `gosem record` runs cases: these change what a crash prints.
    cmd.env_remove("GOTRACEBACK").env_remove("GODEBUG");
    let out = process::run(&mut cmd, timeout).map_err(|e| e.to_string())?;
    parse(&out.stdout, out.exit, &out.stderr)
}
