//! The terminal view: the run's events in order, each with the rule that made it and that
//! rule's meaning, then the "why not" findings and what the program printed.

use std::fmt::Write;

use super::graph::Graph;
use super::meaning::meaning_or_missing;
use super::trace::Trace;

/// The timeline of `trace`, whose event graph is `graph`.
pub fn render(trace: &Trace, graph: &Graph) -> String {
    let mut out = format!("{} ({})\n\n", trace.file, trace.setting());
    let _ = writeln!(
        out,
        "{:>6}  {:>4}  what happened / rule: its meaning",
        "step", "line"
    );
    for node in graph.node_weights() {
        let step = node.step.and_then(|i| trace.steps.get(i));
        let index = step.map_or_else(String::new, |s| s.index.to_string());
        let line = match node.line {
            0 => String::new(),
            l => l.to_string(),
        };
        let _ = writeln!(out, "{index:>6}  {line:>4}  {}", node.describe());
        if let Some(s) = step {
            let _ = writeln!(
                out,
                "{:14}{}: {}",
                "",
                s.rule.label(),
                meaning_or_missing(s.rule)
            );
        }
    }
    let why_not: Vec<String> = graph
        .node_weights()
        .filter(|n| n.why_not())
        .map(|n| format!("  line {}: {}", n.line, n.describe()))
        .collect();
    if !why_not.is_empty() {
        let _ = writeln!(out, "\nwhy not:\n{}", why_not.join("\n"));
    }
    for (name, bytes) in [
        ("standard output", &trace.stdout),
        ("standard error", &trace.stderr),
    ] {
        if !bytes.is_empty() {
            let text = String::from_utf8_lossy(bytes);
            let _ = write!(out, "\n{name}:\n{}", indent(&text));
        }
    }
    let _ = writeln!(out, "\n{}", trace.ending());
    out
}

/// Each line of `text` indented by two spaces, ending with a newline.
fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
