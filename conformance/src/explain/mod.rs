//! `gosem explain`: what a program does and why, step by step, from the model's own trace: a
//! timeline for the terminal, a Mermaid sequence diagram, the event graph (DOT or SVG), a
//! step-through HTML page, and two versions side by side.

pub mod compare;
mod dot;
pub mod graph;
mod html;
pub mod meaning;
mod mermaid;
mod text;
pub mod trace;

use std::io::Write;
use std::path::PathBuf;

use crate::run;
use crate::version::{Lang, VersionSpec};
use trace::Trace;

/// How `gosem explain` shows a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A timeline for the terminal, each event with its rule and the rule's meaning.
    Text,
    /// A Mermaid sequence diagram (renders in GitHub READMEs and issues).
    Mermaid,
    /// The event graph in Graphviz's DOT language.
    Dot,
    /// The event graph laid out by Graphviz's `dot`.
    Svg,
    /// One self-contained page that steps through the run.
    Html,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub file: PathBuf,
    /// One toolchain, or two to compare.
    pub go: Vec<VersionSpec>,
    /// One language version, or two to compare.
    pub lang: Vec<Lang>,
    pub godebug: Vec<String>,
    pub format: Format,
    /// Where to write; standard output when absent.
    pub output: Option<PathBuf>,
    /// `os.Args[1:]`.
    pub args: Vec<String>,
}

/// The exit status for a usage or environment error.
pub const EXIT_USAGE: i32 = 2;

/// Explains the program as `options` ask, writing the explanation to `stdout` (or the output
/// file) and problems to `stderr`; returns the exit status: 0 once explained, `gosem run`'s
/// status for a program that cannot run, [`EXIT_USAGE`] otherwise.
pub fn explain(options: &Options, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let sides = options.go.len().max(options.lang.len()).max(1);
    if sides > 2 {
        let _ = writeln!(
            stderr,
            "gosem: explain compares two settings at most: give --go or --lang once or twice"
        );
        return EXIT_USAGE;
    }
    if sides == 2 && options.format != Format::Text {
        let _ = writeln!(
            stderr,
            "gosem: two settings are compared as text only (--format text)"
        );
        return EXIT_USAGE;
    }
    let mut traces = Vec::new();
    for i in 0..sides {
        // A single --go or --lang holds for both sides.
        let go = options.go.get(i).or(options.go.first()).copied();
        let lang = options.lang.get(i).or(options.lang.first()).copied();
        let loaded = match run::load(
            &options.file,
            go,
            lang,
            &options.godebug,
            &options.args,
            stderr,
        ) {
            Ok(loaded) => loaded,
            Err(code) => return code,
        };
        let t = Trace::record(
            &loaded.program,
            &loaded.params,
            &loaded.file,
            &loaded.source,
        );
        let g = graph::build(&t);
        traces.push((t, g));
    }
    let rendered = match traces.as_slice() {
        [(ta, ga), (tb, gb)] => Ok(compare::render((ta, ga), (tb, gb))),
        [(t, g)] => render(options.format, t, g),
        _ => Err("nothing to explain".to_string()),
    };
    let text = match rendered {
        Ok(text) => text,
        Err(message) => {
            let _ = writeln!(stderr, "gosem: {message}");
            return EXIT_USAGE;
        }
    };
    let written = match &options.output {
        Some(path) => std::fs::write(path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(|e| format!("cannot write the explanation: {e}")),
    };
    match written {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(stderr, "gosem: {message}");
            EXIT_USAGE
        }
    }
}

/// One run in `format`.
pub fn render(format: Format, trace: &Trace, graph: &graph::Graph) -> Result<String, String> {
    Ok(match format {
        Format::Text => text::render(trace, graph),
        Format::Mermaid => mermaid::render(trace, graph),
        Format::Dot => dot::render(trace, graph),
        Format::Svg => dot::svg(&dot::render(trace, graph))?,
        Format::Html => html::render(trace, graph),
    })
}
