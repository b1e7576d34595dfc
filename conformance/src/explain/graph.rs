//! The event graph of a run: a node for each call, deferred call registered, started and
//! finished, panic, Goexit, recover (with what it returned, or why nil), result values set and
//! returned, output and exit; edges for program order and for the causes between them. It is
//! built from the model's events and steps, so it says what the model did, not what the source
//! text suggests.

use std::collections::HashMap;
use std::sync::OnceLock;

use gosem_model::Status;
use gosem_model::events::{DeferId, Ending, Event, FrameId, Inert, PanicId, Why};
use petgraph::graph::{DiGraph, NodeIndex};
use regex::Regex;

use super::trace::Trace;

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A call pushed a frame for `callee`.
    Call {
        callee: String,
    },
    /// A defer statement registered a call.
    Registered {
        call: String,
    },
    /// A deferred call started, because of `why`.
    Started {
        call: String,
        why: String,
    },
    /// A deferred call returned normally; the deferring frame's results at that moment.
    Finished {
        call: String,
        results: Vec<String>,
    },
    /// The frame started returning, with these result values.
    ResultsSet {
        results: Vec<String>,
    },
    /// The frame returned these results to `to`.
    Returned {
        to: String,
        results: Vec<String>,
    },
    /// The frame was removed by unwinding; `to` is its caller's function.
    Unwound {
        to: String,
    },
    Panic {
        value: String,
    },
    Goexit,
    /// `recover()` returned the value of a panic, or nil for the reason given.
    Recover {
        recovered: Option<String>,
        inert: Option<Inert>,
    },
    /// The recovered panic left the chain: its frame returns normally.
    Recovered {
        value: String,
    },
    /// A newer panic abandoned the deferred call this panic was running.
    Aborted {
        value: String,
    },
    /// The step wrote this text to standard output (1) or standard error (2).
    Output {
        fd: u8,
        text: String,
    },
    Exit {
        code: i32,
        ending: Ending,
    },
    /// A registered deferred call that never started, and why.
    NeverRan {
        call: String,
        because: String,
    },
    /// The run stopped without an exit status.
    Cut {
        why: String,
    },
}

#[derive(Clone, Debug)]
pub struct Node {
    pub kind: Kind,
    /// The index in the trace's steps of the step that made it (for a deferred call that never
    /// ran, the step that ended the program).
    pub step: Option<usize>,
    /// The function of the frame it happened in.
    pub func: String,
    /// Where the step applied.
    pub line: u32,
}

/// The relations between nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edge {
    /// The next node in the goroutine's order.
    Order,
    /// From a registration to the node that started the frame that registered it.
    RegisteredBy,
    /// From a registration to the start of that deferred call.
    Runs,
    /// From the start of a deferred call to the return or panic that made it run.
    Because,
    /// From the start of a deferred call to its normal end.
    Returns,
    /// From a panic to the recover that returned its value.
    RecoveredBy,
    /// From a panic, or a deferred call that never finished, to the panic (or exit) that
    /// abandoned it.
    AbortedBy,
    /// From a registration to the node saying why it never ran.
    NeverRan,
}

impl Edge {
    pub fn label(self) -> &'static str {
        match self {
            Edge::Order => "then",
            Edge::RegisteredBy => "registered by",
            Edge::Runs => "runs",
            Edge::Because => "run because of",
            Edge::Returns => "returns",
            Edge::RecoveredBy => "recovered by",
            Edge::AbortedBy => "aborted by",
            Edge::NeverRan => "never ran",
        }
    }
}

// DOT output needs the weights to be displayable; they display as their text.
impl std::fmt::Display for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

pub type Graph = DiGraph<Node, Edge>;

/// What the builder knows about a frame.
struct FrameInfo {
    func: String,
    caller: FrameId,
    /// The node that started it: its call, or the start of the deferred call it runs.
    started_by: Option<NodeIndex>,
    deferred: Option<DeferId>,
}

struct DeferInfo {
    /// The frame that registered it.
    frame: FrameId,
    registered: NodeIndex,
    started: Option<NodeIndex>,
    finished: bool,
    call: String,
}

#[derive(Default)]
struct Builder {
    g: Graph,
    last: Option<NodeIndex>,
    frames: HashMap<FrameId, FrameInfo>,
    defers: Vec<(DeferId, DeferInfo)>,
    panics: HashMap<PanicId, (NodeIndex, String)>,
    /// The panic chain as the events show it, oldest first, with the aborted marks.
    live: Vec<(PanicId, bool, bool)>,
    returning: HashMap<FrameId, NodeIndex>,
    exit: Option<(NodeIndex, Ending)>,
}

/// The event graph of `trace`.
pub fn build(trace: &Trace) -> Graph {
    let mut b = Builder::default();
    b.frames.insert(
        0,
        FrameInfo {
            func: "runtime.main".to_string(),
            caller: 0,
            started_by: None,
            deferred: None,
        },
    );
    let mut next_event = 0;
    for (i, step) in trace.steps.iter().enumerate() {
        let mut outputs = Vec::new();
        for (fd, bytes) in [(1, &step.stdout), (2, &step.stderr)] {
            if !bytes.is_empty() {
                outputs.push(Kind::Output {
                    fd,
                    text: String::from_utf8_lossy(bytes).into_owned(),
                });
            }
        }
        let (func, line) = (step.func.clone(), step.line);
        let events = trace
            .events
            .get(next_event..step.events)
            .unwrap_or_default();
        next_event = step.events.max(next_event);
        for e in events {
            // The crash header is written by the step that ends the program: before its exit.
            if matches!(e, Event::Exit { .. }) {
                for kind in outputs.drain(..) {
                    b.add(kind, Some(i), &func, line);
                }
            }
            b.event(e, i, &func, line);
        }
        for kind in outputs {
            b.add(kind, Some(i), &func, line);
        }
    }
    b.finish(trace);
    b.g
}

impl Builder {
    fn add(&mut self, kind: Kind, step: Option<usize>, func: &str, line: u32) -> NodeIndex {
        let n = self.g.add_node(Node {
            kind,
            step,
            func: func.to_string(),
            line,
        });
        if let Some(prev) = self.last {
            self.g.add_edge(prev, n, Edge::Order);
        }
        self.last = Some(n);
        n
    }

    fn func(&self, frame: FrameId) -> String {
        self.frames
            .get(&frame)
            .map_or_else(|| format!("frame {frame}"), |f| f.func.clone())
    }

    /// The function of the frame's caller.
    fn caller(&self, frame: FrameId) -> String {
        let caller = self.frames.get(&frame).map_or(0, |info| info.caller);
        self.func(caller)
    }

    fn defer(&mut self, id: DeferId) -> Option<&mut DeferInfo> {
        self.defers
            .iter_mut()
            .find(|(d, _)| *d == id)
            .map(|(_, info)| info)
    }

    /// The panic (or Goexit) now unwinding: the newest on the chain.
    fn current(&self) -> Option<NodeIndex> {
        self.live
            .last()
            .and_then(|(id, _, _)| self.panics.get(id))
            .map(|(n, _)| *n)
    }

    fn panic_value(&self, id: PanicId) -> String {
        self.panics
            .get(&id)
            .map_or_else(|| format!("panic {id}"), |(_, v)| v.clone())
    }

    /// Adds the node of event `e`, recorded by step `step` applied in function `here`.
    fn event(&mut self, e: &Event, step: usize, here: &str, line: u32) {
        match e {
            Event::Enter {
                frame,
                caller,
                func,
                deferred,
            } => {
                let started_by = match deferred {
                    Some(d) => self.defer(*d).and_then(|info| info.started),
                    None => {
                        let f = self.func(*caller);
                        let kind = Kind::Call {
                            callee: func.clone(),
                        };
                        Some(self.add(kind, Some(step), &f, line))
                    }
                };
                self.frames.insert(
                    *frame,
                    FrameInfo {
                        func: func.clone(),
                        caller: *caller,
                        started_by,
                        deferred: *deferred,
                    },
                );
            }
            Event::Defer {
                id,
                frame,
                func,
                shown,
                ..
            } => {
                let args: Vec<String> = shown.iter().map(|a| tidy(a)).collect();
                let call = format!("{func}({})", args.join(", "));
                let f = self.func(*frame);
                let kind = Kind::Registered { call: call.clone() };
                let n = self.add(kind, Some(step), &f, line);
                if let Some(by) = self.frames.get(frame).and_then(|f| f.started_by) {
                    self.g.add_edge(n, by, Edge::RegisteredBy);
                }
                self.defers.push((
                    *id,
                    DeferInfo {
                        frame: *frame,
                        registered: n,
                        started: None,
                        finished: false,
                        call,
                    },
                ));
            }
            Event::DeferStart { id, frame, why, .. } => {
                let f = self.func(*frame);
                let (because, cause) = match why {
                    Why::Return => (
                        format!("{f} is returning"),
                        self.returning.get(frame).copied(),
                    ),
                    Why::Panic(p) => (
                        format!("{} is unwinding {f}", self.panic_value(*p)),
                        self.panics.get(p).map(|(n, _)| *n),
                    ),
                };
                let (registered, call) = match self.defer(*id) {
                    Some(info) => (Some(info.registered), info.call.clone()),
                    None => (None, format!("deferred call {id}")),
                };
                let kind = Kind::Started { call, why: because };
                // Where the call was deferred, not where its function is declared.
                let line = registered.map_or(line, |r| self.g[r].line);
                let n = self.add(kind, Some(step), &f, line);
                if let Some(r) = registered {
                    self.g.add_edge(r, n, Edge::Runs);
                }
                if let Some(c) = cause {
                    self.g.add_edge(n, c, Edge::Because);
                }
                if let Some(info) = self.defer(*id) {
                    info.started = Some(n);
                }
            }
            Event::DeferEnd { id, frame, results } => {
                let f = self.func(*frame);
                let (started, call) = match self.defer(*id) {
                    Some(info) => {
                        info.finished = true;
                        (info.started, info.call.clone())
                    }
                    None => (None, format!("deferred call {id}")),
                };
                let kind = Kind::Finished {
                    call,
                    results: results.iter().map(|r| tidy(r)).collect(),
                };
                let n = self.add(kind, Some(step), &f, line);
                if let Some(s) = started {
                    self.g.add_edge(s, n, Edge::Returns);
                }
            }
            Event::Returning { frame, results } => {
                // Worth a node when there are results to show or deferred calls to run for it.
                let pending =
                    (self.defers.iter()).any(|(_, d)| d.started.is_none() && d.frame == *frame);
                if results.is_empty() && !pending {
                    return;
                }
                let f = self.func(*frame);
                let kind = Kind::ResultsSet {
                    results: results.iter().map(|r| tidy(r)).collect(),
                };
                let n = self.add(kind, Some(step), &f, line);
                self.returning.insert(*frame, n);
            }
            Event::Panic {
                id,
                frame,
                value,
                goexit,
            } => {
                let f = self.func(*frame);
                let (kind, value) = if *goexit {
                    (Kind::Goexit, "runtime.Goexit".to_string())
                } else {
                    let value = format!("panic({})", tidy(value));
                    let kind = Kind::Panic {
                        value: value.clone(),
                    };
                    (kind, value)
                };
                let n = self.add(kind, Some(step), &f, line);
                self.panics.insert(*id, (n, value));
                self.live.push((*id, false, *goexit));
            }
            Event::Recover {
                frame,
                recovered,
                inert,
                ..
            } => {
                let f = self.func(*frame);
                let kind = Kind::Recover {
                    recovered: recovered.map(|p| self.panic_value(p)),
                    inert: *inert,
                };
                let n = self.add(kind, Some(step), &f, line);
                if let Some((p, _)) = recovered.and_then(|p| self.panics.get(&p)) {
                    self.g.add_edge(*p, n, Edge::RecoveredBy);
                }
            }
            Event::Recovered { id, frame } => {
                let f = self.func(*frame);
                let kind = Kind::Recovered {
                    value: self.panic_value(*id),
                };
                self.add(kind, Some(step), &f, line);
                // As Recover/resume: the panic leaves, with the aborted panics below it up to a
                // Goexit, which resumes.
                self.live.retain(|(p, _, _)| p != id);
                while let Some(&(_, true, false)) = self.live.last() {
                    self.live.pop();
                }
            }
            Event::Aborted { id } => {
                let aborter = self.current();
                let kind = Kind::Aborted {
                    value: self.panic_value(*id),
                };
                self.add(kind, Some(step), here, line);
                if let (Some((p, _)), Some(by)) = (self.panics.get(id), aborter) {
                    self.g.add_edge(*p, by, Edge::AbortedBy);
                }
                if let Some(entry) = self.live.iter_mut().find(|(p, _, _)| p == id) {
                    entry.1 = true;
                }
            }
            Event::Return { frame, results } => {
                // A deferred call's return is its Finished node.
                if self.frames.get(frame).is_some_and(|f| f.deferred.is_some()) {
                    return;
                }
                let f = self.func(*frame);
                let to = self.caller(*frame);
                let kind = Kind::Returned {
                    to,
                    results: results.iter().map(|r| tidy(r)).collect(),
                };
                self.add(kind, Some(step), &f, line);
            }
            Event::Unwound { frame } => {
                let f = self.func(*frame);
                let by = self.current();
                let to = self.caller(*frame);
                self.add(Kind::Unwound { to }, Some(step), &f, line);
                // A deferred call whose frame is unwound never finished: the panic abandoned it.
                let deferred = self.frames.get(frame).and_then(|info| info.deferred);
                let started = deferred
                    .and_then(|d| self.defer(d))
                    .and_then(|info| info.started);
                if let (Some(s), Some(by)) = (started, by) {
                    self.g.add_edge(s, by, Edge::AbortedBy);
                }
                if let Some(info) = deferred.and_then(|d| self.defer(d)) {
                    // Accounted for: not "never finished" at the exit.
                    info.finished = true;
                }
            }
            Event::Exit { code, ending } => {
                let kind = Kind::Exit {
                    code: *code,
                    ending: *ending,
                };
                let n = self.add(kind, Some(step), here, line);
                self.exit = Some((n, *ending));
            }
        }
    }

    fn last_func(&self) -> String {
        self.last
            .map_or_else(|| "runtime.main".to_string(), |n| self.g[n].func.clone())
    }

    /// The deferred calls that never ran, or never finished, when the run stopped.
    fn finish(&mut self, trace: &Trace) {
        let exit = self.exit;
        let end = match exit {
            Some((n, _)) => Some(n),
            None => {
                let why = match &trace.status {
                    Status::Exited(code) => format!("the program exited with status {code}"),
                    _ => trace.ending(),
                };
                let f = self.last_func();
                Some(self.add(Kind::Cut { why }, None, &f, 0))
            }
        };
        let step = exit.and_then(|(n, _)| self.g[n].step);
        let because = never_ran_because(exit.map(|(_, e)| e), trace);
        let pending: Vec<(NodeIndex, Option<NodeIndex>, bool, String)> = self
            .defers
            .iter()
            .map(|(_, d)| (d.registered, d.started, d.finished, d.call.clone()))
            .collect();
        for (registered, started, finished, call) in pending {
            match started {
                None => {
                    let func = self.g[registered].func.clone();
                    let line = self.g[registered].line;
                    let kind = Kind::NeverRan {
                        call,
                        because: because.clone(),
                    };
                    let n = self.add(kind, step, &func, line);
                    self.g.add_edge(registered, n, Edge::NeverRan);
                }
                Some(s) if !finished => {
                    if let Some(end) = end {
                        self.g.add_edge(s, end, Edge::AbortedBy);
                    }
                }
                Some(_) => {}
            }
        }
    }
}

/// Why registered deferred calls never ran, given how the program ended.
fn never_ran_because(ending: Option<Ending>, trace: &Trace) -> String {
    match ending {
        Some(Ending::OsExit) => "os.Exit ended the program at once".to_string(),
        Some(Ending::Fatal) => "a fatal error ended the program".to_string(),
        Some(Ending::Crash) => "the program crashed first".to_string(),
        Some(Ending::GoexitDeadlock) => "the program deadlocked first".to_string(),
        Some(Ending::MainReturned) => "main returned first".to_string(),
        None => trace.ending(),
    }
}

/// A rendered value as explanations show it: an interface holding a string shows as the
/// string, and the host addresses the model prints for pointers, slices, funcs and maps (which
/// differ from run to run) are elided.
pub fn tidy(value: &str) -> String {
    static ADDR: OnceLock<Option<Regex>> = OnceLock::new();
    // `func#a0b1`, `map#a0b1`, `&a0b1` and the array of `[2/4]a0b1`.
    let addr = ADDR.get_or_init(|| Regex::new(r"(\b(?:func|map)#|&|\[\d+/\d+\])[0-9a-f]{4,}").ok());
    let value = match addr {
        Some(re) => re.replace_all(value, "$1…").into_owned(),
        None => value.to_string(),
    };
    match value
        .strip_prefix("string(")
        .and_then(|v| v.strip_suffix(')'))
    {
        Some(inner) if inner.starts_with('"') && inner.ends_with('"') => inner.to_string(),
        _ => value,
    }
}

impl Node {
    /// What happened, in one line.
    pub fn describe(&self) -> String {
        let f = &self.func;
        match &self.kind {
            Kind::Call { callee } => format!("{f} calls {callee}"),
            Kind::Registered { call, .. } => format!("{f} defers {call}"),
            Kind::Started { call, why, .. } => format!("deferred {call} starts: {why}"),
            Kind::Finished { call, results, .. } if results.is_empty() => {
                format!("deferred {call} returned")
            }
            Kind::Finished { call, results, .. } => format!(
                "deferred {call} returned; {f}'s results are now {}",
                results.join(", ")
            ),
            Kind::ResultsSet { results } if results.is_empty() => {
                format!("{f} starts returning")
            }
            Kind::ResultsSet { results } => {
                format!("{f} starts returning with results {}", results.join(", "))
            }
            Kind::Returned { to, results } if results.is_empty() => {
                format!("{f} returns to {to}")
            }
            Kind::Returned { to, results } => {
                format!("{f} returns {} to {to}", results.join(", "))
            }
            Kind::Unwound { .. } => format!("{f} is unwound"),
            Kind::Panic { value, .. } => format!("{f} calls {value}"),
            Kind::Goexit => format!("{f} calls runtime.Goexit"),
            Kind::Recover {
                recovered: Some(v), ..
            } => format!("recover() returns the value of {v}, recovering it"),
            Kind::Recover {
                inert: Some(why), ..
            } => format!("recover() returns nil: {why}"),
            Kind::Recover { .. } => "recover() returns nil".to_string(),
            Kind::Recovered { value } => {
                format!("{value} is recovered: {f} returns normally")
            }
            Kind::Aborted { value } => format!(
                "{value} is aborted: a newer panic abandoned the deferred call it was running"
            ),
            Kind::Output { fd: 1, text } => format!("prints {text:?}"),
            Kind::Output { text, .. } => format!("prints {text:?} on standard error"),
            Kind::Exit { code, ending } => format!("the program exits with status {code}: {}", {
                match ending {
                    Ending::MainReturned => "main returned",
                    Ending::OsExit => "os.Exit",
                    Ending::Crash => "a panic reached the top of the goroutine",
                    Ending::GoexitDeadlock => "main called runtime.Goexit",
                    Ending::Fatal => "a fatal error",
                }
            }),
            Kind::NeverRan { call, because, .. } => {
                format!("deferred {call} never ran: {because}")
            }
            Kind::Cut { why } => format!("the run stopped: {why}"),
        }
    }

    /// A "why not" finding: a recover that returned nil, or a deferred call that never ran.
    pub fn why_not(&self) -> bool {
        matches!(
            self.kind,
            Kind::Recover {
                recovered: None,
                ..
            } | Kind::NeverRan { .. }
        )
    }
}
