//! The event graph in Graphviz's DOT language, and as SVG through Graphviz's `dot`.
//!
//! Program order is the spine that ranks the nodes top to bottom; the causal edges (registered
//! by, run because of, recovered by, aborted by) are drawn across it without moving nodes.

use std::io::Write;
use std::process::{Command, Stdio};

use petgraph::dot::{Config, Dot};

use super::graph::{Edge, Graph, Kind, Node};
use super::trace::Trace;

/// The event graph as DOT.
pub fn render(trace: &Trace, graph: &Graph) -> String {
    let node_attrs = |_: &Graph, (_, node): (petgraph::graph::NodeIndex, &Node)| {
        let rule = node
            .step
            .and_then(|i| trace.steps.get(i))
            .map_or("", |s| s.rule.label());
        let place = match (node.step.and_then(|i| trace.steps.get(i)), node.line) {
            (Some(s), l) if l > 0 => format!("step {} · line {l}", s.index),
            (Some(s), _) => format!("step {}", s.index),
            (None, _) => String::new(),
        };
        let (shape, color) = style(&node.kind);
        format!(
            "label=\"{}\\n{}\\n{}\" shape={shape} fillcolor=\"{color}\"",
            escape(&place),
            escape(&node.describe()),
            escape(rule)
        )
    };
    let edge_attrs = |_: &Graph, e: petgraph::graph::EdgeReference<'_, Edge>| match e.weight() {
        Edge::Order => "color=\"#9e9e9e\" arrowsize=0.6 weight=10".to_string(),
        kind => {
            let color = match kind {
                Edge::RecoveredBy => "#2e7d32",
                Edge::AbortedBy | Edge::NeverRan => "#c62828",
                Edge::Because => "#ef6c00",
                _ => "#1565c0",
            };
            format!(
                "label=\"{}\" color=\"{color}\" fontcolor=\"{color}\" style=dashed constraint=false",
                kind.label()
            )
        }
    };
    let config = [
        Config::EdgeNoLabel,
        Config::NodeNoLabel,
        Config::GraphContentOnly,
    ];
    let content = Dot::with_attr_getters(graph, &config, &edge_attrs, &node_attrs);
    format!(
        "digraph explain {{\n    label=\"{}\"\n    labelloc=t\n    fontname=\"Helvetica\"\n    node [fontname=\"Helvetica\" fontsize=11 style=\"filled,rounded\"]\n    edge [fontname=\"Helvetica\" fontsize=9]\n{content}}}\n",
        escape(&format!(
            "gosem explain {} ({})",
            trace.file,
            trace.setting()
        ))
    )
}

/// A node's shape and colour by what happened.
fn style(kind: &Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Call { .. } | Kind::Returned { .. } | Kind::ResultsSet { .. } => ("box", "#e3f2fd"),
        Kind::Registered { .. } | Kind::Started { .. } | Kind::Finished { .. } => {
            ("box", "#fff3e0")
        }
        Kind::Panic { .. } | Kind::Goexit | Kind::Aborted { .. } | Kind::Unwound { .. } => {
            ("box", "#ffebee")
        }
        Kind::Recover {
            recovered: Some(_), ..
        }
        | Kind::Recovered { .. } => ("box", "#e8f5e9"),
        Kind::Recover { .. } | Kind::NeverRan { .. } => ("note", "#fce4ec"),
        Kind::Output { .. } => ("box", "#f5f5f5"),
        Kind::Exit { .. } | Kind::Cut { .. } => ("doubleoctagon", "#eeeeee"),
    }
}

/// `text` inside a DOT double-quoted string.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lays out `dot` as SVG with Graphviz's `dot` program.
pub fn svg(dot: &str) -> Result<String, String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "--format svg needs Graphviz's `dot` on PATH (Debian: apt-get install graphviz); --format dot writes the graph without it".to_string(),
            _ => format!("cannot run Graphviz's dot: {e}"),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(dot.as_bytes())
            .map_err(|e| format!("writing to Graphviz's dot: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("running Graphviz's dot: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "Graphviz's dot failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("Graphviz's dot wrote no text: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_newlines_are_escaped() {
        assert_eq!(escape("say \"a\\nb\"\nc"), "say \\\"a\\\\nb\\\"\\nc");
    }
}
