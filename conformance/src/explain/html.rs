//! One self-contained HTML page that steps through the run: the source with the current line,
//! the goroutine's frames with their defer stacks, the panic chain, the rule applied with its
//! meaning, the events of the step and the output so far. No network: the style, the script
//! and the data are inline.
//!
//! Consecutive steps mostly share their frames, so frames and stacks are listed once each and
//! steps refer to them: the page stays small for deep recursions.

use std::collections::{BTreeMap, HashMap};

use gosem_model::StepFrame;
use gosem_model::view::Mode;
use serde::Serialize;

use super::graph::Graph;
use super::meaning::meaning_or_missing;
use super::trace::Trace;

const PAGE: &str = include_str!("viewer.html");

/// The most steps the page steps through; a longer run is shown up to there, and says so.
pub const HTML_STEPS: usize = 20_000;

#[derive(Serialize)]
struct Data<'a> {
    title: String,
    ending: String,
    /// How many steps of the run the page leaves out.
    steps_omitted: usize,
    source: Vec<&'a str>,
    rules: BTreeMap<&'static str, &'static str>,
    steps: Vec<StepData<'a>>,
    /// Each distinct frame of the steps.
    frames: Vec<FrameData<'a>>,
    /// Each distinct stack: indices in `frames`, the entry frame first.
    stacks: Vec<Vec<usize>>,
    nodes: Vec<NodeData>,
}

#[derive(Serialize)]
struct StepData<'a> {
    /// The model's step number, as the text view and `#step=N` name it.
    i: u64,
    rule: &'static str,
    line: u32,
    col: u32,
    func: &'a str,
    /// Index in `stacks`.
    stack: usize,
    /// Older frames not listed.
    frames_omitted: usize,
    panics: &'a [String],
    out: String,
    err: String,
    /// The indices in `nodes` of what the step did.
    nodes: Vec<usize>,
}

#[derive(Serialize, PartialEq, Eq, Hash)]
struct FrameData<'a> {
    func: &'a str,
    line: u32,
    mode: &'static str,
    defers: &'a [String],
    /// Older deferred calls not listed.
    defers_omitted: usize,
    deferred: bool,
}

impl<'a> From<&'a StepFrame> for FrameData<'a> {
    fn from(f: &'a StepFrame) -> Self {
        FrameData {
            func: &f.func,
            line: f.line,
            mode: match f.mode {
                Mode::Run => "running",
                Mode::Return => "returning",
                Mode::Unwind => "unwinding",
            },
            defers: &f.defers,
            defers_omitted: f.defers_omitted,
            deferred: f.deferred.is_some(),
        }
    }
}

#[derive(Serialize)]
struct NodeData {
    text: String,
    /// Index in `steps`, when the page has that step.
    step: Option<usize>,
    why_not: bool,
}

/// Gives each distinct value an index, in order of first appearance.
struct Interner<T> {
    index: HashMap<T, usize>,
}

impl<T: std::hash::Hash + Eq> Interner<T> {
    fn new() -> Self {
        Interner {
            index: HashMap::new(),
        }
    }

    fn id(&mut self, value: T) -> usize {
        let next = self.index.len();
        *self.index.entry(value).or_insert(next)
    }

    /// The values, each at its index.
    fn into_list(self) -> Vec<T> {
        let mut all: Vec<(usize, T)> = self.index.into_iter().map(|(v, i)| (i, v)).collect();
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, v)| v).collect()
    }
}

/// The viewer page for `trace`.
pub fn render(trace: &Trace, graph: &Graph) -> String {
    let shown = &trace.steps[..trace.steps.len().min(HTML_STEPS)];
    let mut node_ids: Vec<Vec<usize>> = vec![Vec::new(); shown.len()];
    let nodes: Vec<NodeData> = graph
        .node_weights()
        .enumerate()
        .map(|(i, n)| {
            let step = n.step.filter(|s| *s < shown.len());
            if let Some(ids) = step.and_then(|s| node_ids.get_mut(s)) {
                ids.push(i);
            }
            NodeData {
                text: n.describe(),
                step,
                why_not: n.why_not(),
            }
        })
        .collect();
    let mut frames = Interner::new();
    let mut stacks = Interner::new();
    let steps = shown
        .iter()
        .zip(node_ids)
        .map(|(s, nodes)| {
            let stack: Vec<usize> = s.frames.iter().map(|f| frames.id(f.into())).collect();
            StepData {
                i: s.index,
                rule: s.rule.label(),
                line: s.line,
                col: s.col,
                func: &s.func,
                stack: stacks.id(stack),
                frames_omitted: s.frames_omitted,
                panics: &s.panics,
                out: String::from_utf8_lossy(&s.stdout).into_owned(),
                err: String::from_utf8_lossy(&s.stderr).into_owned(),
                nodes,
            }
        })
        .collect();
    let rules = shown
        .iter()
        .map(|s| (s.rule.label(), meaning_or_missing(s.rule)))
        .collect();
    let title = format!("gosem explain {} ({})", trace.file, trace.setting());
    let data = Data {
        title: title.clone(),
        ending: trace.ending(),
        steps_omitted: trace.steps.len() - shown.len(),
        source: trace.source.lines().collect(),
        rules,
        steps,
        frames: frames.into_list(),
        stacks: stacks.into_list(),
        nodes,
    };
    // Strings and numbers always serialize. `</` would end the script element early.
    let json = serde_json::to_string(&data)
        .unwrap_or_default()
        .replace("</", "<\\/");
    // The data goes in last, so that nothing in it is taken for a placeholder.
    let (head, tail) = PAGE.split_once("{{DATA}}").unwrap_or((PAGE, ""));
    format!("{}{json}{tail}", head.replace("{{TITLE}}", &escape(&title)))
}

/// `text` as HTML character data.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
