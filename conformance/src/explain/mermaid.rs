//! The run as a Mermaid sequence diagram, which GitHub renders in READMEs and issues: one
//! participant per function, calls and returns as messages, the rest as notes.
//!
//! Every text goes through [`escape`]: Mermaid reads `;` and `#` as syntax, strips what looks
//! like HTML, and ends a statement at a newline, so those characters become entity codes.

use std::fmt::Write;

use super::graph::{Graph, Kind, Node};
use super::trace::Trace;

/// The sequence diagram of `graph`.
pub fn render(trace: &Trace, graph: &Graph) -> String {
    let mut participants: Vec<String> = vec!["runtime.main".to_string()];
    let mut id = |name: &str| -> String {
        let i = participants
            .iter()
            .position(|p| p == name)
            .unwrap_or_else(|| {
                participants.push(name.to_string());
                participants.len() - 1
            });
        format!("P{i}")
    };
    let mut body = String::new();
    for node in graph.node_weights() {
        let line = match message(node) {
            Message::Arrow {
                from,
                to,
                arrow,
                text,
            } => format!("{}{arrow}{}: {}", id(&from), id(&to), escape(&text)),
            Message::Note(text) => format!("Note over {}: {}", id(&node.func), escape(&text)),
        };
        let _ = writeln!(body, "    {line}");
    }
    let mut out = String::from("sequenceDiagram\n");
    let _ = writeln!(
        out,
        "    %% gosem explain {} ({})",
        trace.file,
        trace.setting()
    );
    for (i, p) in participants.iter().enumerate() {
        let _ = writeln!(out, "    participant P{i} as {}", escape(p));
    }
    out.push_str(&body);
    out
}

enum Message {
    /// `->>` a call, `-->>` a return, `--x` a frame leaving by unwinding.
    Arrow {
        from: String,
        to: String,
        arrow: &'static str,
        text: String,
    },
    Note(String),
}

fn message(node: &Node) -> Message {
    let at = |text: String| match node.line {
        0 => text,
        line => format!("{text} (line {line})"),
    };
    let arrow = |from: &str, to: &str, arrow, text| Message::Arrow {
        from: from.to_string(),
        to: to.to_string(),
        arrow,
        text,
    };
    let f = node.func.as_str();
    match &node.kind {
        Kind::Call { callee } => arrow(f, callee, "->>", at("call".to_string())),
        Kind::Started { call, why, .. } => {
            arrow(f, &callee(call), "->>", at(format!("deferred call, {why}")))
        }
        Kind::Finished { call, .. } => arrow(
            &callee(call),
            f,
            "-->>",
            "deferred call returned".to_string(),
        ),
        Kind::Returned { to, results } => {
            let text = match results.len() {
                0 => "return".to_string(),
                _ => format!("return {}", results.join(", ")),
            };
            arrow(f, to, "-->>", text)
        }
        Kind::Unwound { to } => arrow(f, to, "--x", "unwound".to_string()),
        _ => Message::Note(at(node.describe())),
    }
}

/// The function of a deferred call written `f(args)`.
fn callee(call: &str) -> String {
    call.split_once('(').map_or(call, |(f, _)| f).to_string()
}

/// `text` as Mermaid shows it literally.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '"' => out.push_str("#quot;"),
            '%' => out.push_str("#37;"),
            ':' => out.push_str("#58;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            '`' => {}
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_characters_become_entities() {
        let e = escape("a;b#c<nil>\"d\"%%e:f{g}\nh`i`");
        let entity = regex::Regex::new("#[a-z0-9]+;").expect("regex");
        let bare = entity.replace_all(&e, "");
        for bad in [';', '#', '<', '>', '"', '%', '\n', '`', ':', '{', '}'] {
            assert!(!bare.contains(bad), "{bad:?} survives in {e}");
        }
        assert!(e.starts_with("a#59;b#35;c#lt;nil#gt;"), "{e}");
    }

    #[test]
    fn a_deferred_call_names_its_function() {
        assert_eq!(callee("fmt.Println(\"a(b)\")"), "fmt.Println");
        assert_eq!(callee("nil"), "nil");
    }
}
