//! Two runs side by side (`--go A --go B`, or two `--lang`): where they first differ, and which
//! version parameter makes them differ.
//!
//! The parameter is found by experiment on the model, not guessed from the difference: walking
//! from the older setting to the newer one, one release at a time (the toolchain first, then
//! the language version), the model is re-run at each point, and each point where its behaviour
//! changes is a version parameter at work. [`PARAMETERS`] names them; a test checks that each
//! entry is such a point for some case and that every point the cases show is named.

use std::collections::hash_map::DefaultHasher;
use std::fmt::Write;
use std::hash::{Hash, Hasher};

use gosem_model::{Params, Rejection, Rule, Status, Step, Version};

use super::graph::Graph;
use super::meaning::meaning_or_missing;
use super::trace::{STEP_LIMIT, Trace, setting};
use crate::normalize;
use crate::version::PINNED;

/// Which version a parameter depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Axis {
    /// The toolchain whose runtime is imitated (`--go`).
    Toolchain,
    /// The go.mod `go` line (`--lang`).
    Lang,
}

impl Axis {
    fn name(self) -> &'static str {
        match self {
            Axis::Toolchain => "the toolchain (runtime) version",
            Axis::Lang => "the language version (the go.mod go line)",
        }
    }
}

/// The model's version parameters: the axis, the minor release of Go 1 from which the behaviour
/// holds, and what it is.
pub const PARAMETERS: &[(Axis, u32, &str)] = &[
    (
        Axis::Lang,
        21,
        "`panic(nil)` panics with a *runtime.PanicNilError instead of a nil value (with a toolchain of 1.21 or later; GODEBUG=panicnil=1 restores the old); min, max and clear are builtins",
    ),
    (
        Axis::Lang,
        22,
        "each iteration of a for loop has its own loop variables; range over an integer",
    ),
    (
        Axis::Toolchain,
        21,
        "the runtime has PanicNilError for `panic(nil)`; a nil dereference of a field faults at the field's offset rather than at 0",
    ),
    (
        Axis::Toolchain,
        22,
        "allocation size classes with malloc headers (the capacity append grows to); a Goexit aborted by a recovered panic resumes from any aborted entry below it",
    ),
    (
        Axis::Toolchain,
        23,
        "continuation lines of a multi-line panic value are indented by a tab",
    ),
    (
        Axis::Toolchain,
        25,
        "re-panicking the same value prints one line, `panic: v [recovered, repanicked]`",
    ),
    (
        Axis::Toolchain,
        26,
        "floats print in shortest form in println and the crash header; a re-panicked value that was not recovered prints without the `[recovered, repanicked]` mark",
    ),
    (
        Axis::Toolchain,
        27,
        "the PanicNilError message starts with `runtime error: `",
    ),
];

/// A point where the model's behaviour changes between two adjacent versions of one axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub axis: Axis,
    pub from: Version,
    pub to: Version,
}

impl Change {
    /// The minor release of Go 1 from which the newer behaviour holds.
    pub fn since(&self) -> u32 {
        self.from.minor.max(self.to.minor)
    }

    /// What the parameter is, from [`PARAMETERS`].
    pub fn name(&self) -> Option<&'static str> {
        PARAMETERS
            .iter()
            .find(|(axis, minor, _)| *axis == self.axis && *minor == self.since())
            .map(|(_, _, what)| *what)
    }
}

/// The points between the settings of `a` and `b` where the model's behaviour on the program
/// changes, walking from the one with the older toolchain (or language) to the other.
pub fn changes(file: &str, source: &str, a: &Params, b: &Params) -> Vec<Change> {
    let (old, new) = if (a.toolchain, a.lang) <= (b.toolchain, b.lang) {
        (a, b)
    } else {
        (b, a)
    };
    let mut path: Vec<(Axis, Params)> = Vec::new();
    let mut p = old.clone();
    for t in between(old.toolchain, new.toolchain, true) {
        p.toolchain = t;
        path.push((Axis::Toolchain, p.clone()));
    }
    for l in between(old.lang, new.lang, false) {
        p.lang = l;
        path.push((Axis::Lang, p.clone()));
    }
    let mut out = Vec::new();
    let mut prev = (old.clone(), observe(file, source, old));
    for (axis, params) in path {
        let seen = observe(file, source, &params);
        if seen != prev.1 {
            let pick = |p: &Params| match axis {
                Axis::Toolchain => p.toolchain,
                Axis::Lang => p.lang,
            };
            out.push(Change {
                axis,
                from: pick(&prev.0),
                to: pick(&params),
            });
        }
        prev = (params, seen);
    }
    out
}

/// The most releases a comparison walks through.
const MAX_WALK: u32 = 64;

/// The versions after `from` up to `to`, one minor release at a time (toward `to`, which ends
/// the list as it is): releases are the pinned ones (else `.0`), languages have no patch.
fn between(from: Version, to: Version, release: bool) -> Vec<Version> {
    if (from.major, from.minor) == (to.major, to.minor) {
        return if from == to { Vec::new() } else { vec![to] };
    }
    // Versions far outside Go's history are compared as they are, without a walk.
    if from.major != to.major || from.minor.abs_diff(to.minor) > MAX_WALK {
        return vec![to];
    }
    let minors: Vec<u32> = if from.minor < to.minor {
        (from.minor + 1..to.minor).collect()
    } else {
        (to.minor + 1..from.minor).rev().collect()
    };
    let mut out: Vec<Version> = minors
        .into_iter()
        .map(|minor| {
            let pinned = PINNED
                .iter()
                .map(|r| r.version())
                .find(|v| v.major == to.major && v.minor == minor);
            match (release, pinned) {
                (true, Some(v)) => v,
                (true, None) => Version::new(to.major, minor, Some(0)),
                (false, _) => Version::new(to.major, minor, None),
            }
        })
        .collect();
    out.push(to);
    out
}

/// A fingerprint of what the model does with the program under `params`: every step's rule,
/// place and output, and the ending (or the rejection, when it does not compile).
fn observe(file: &str, source: &str, params: &Params) -> u64 {
    let mut h = DefaultHasher::new();
    match gosem_model::load(file, source, params.lang) {
        // Where the front end rejects the program; its messages name the language version.
        Err(Rejection::Compile(errors)) => {
            for e in errors.errors {
                (e.at.line, e.at.col).hash(&mut h);
            }
        }
        Err(Rejection::Unsupported(d) | Rejection::Internal(d)) => (d.line, d.col).hash(&mut h),
        Ok(program) => {
            let mut params = params.clone();
            params.fuel = params.fuel.min(STEP_LIMIT);
            let run = program.run_traced(&params, &mut |s| signature(s).hash(&mut h));
            match run.status {
                Status::Exited(code) => code.hash(&mut h),
                Status::Exhausted => "exhausted".hash(&mut h),
                Status::Unsupported(d) | Status::Internal(d) => d.message.hash(&mut h),
            }
        }
    }
    h.finish()
}

/// What two runs must share for a step to be the same: its rule, place and output, with
/// standard error normalised as observations are (addresses differ from run to run).
fn signature(s: &Step) -> (Rule, u32, u32, &str, &[u8], Vec<u8>) {
    (
        s.rule,
        s.line,
        s.col,
        &s.func,
        &s.stdout,
        normalize::stderr(&s.stderr),
    )
}

/// The comparison of two traces of the same program, as text.
pub fn render(a: (&Trace, &Graph), b: (&Trace, &Graph)) -> String {
    let ((ta, ga), (tb, gb)) = (a, b);
    let mut out = format!(
        "{}\n  A: {}  ({})\n  B: {}  ({})\n\n",
        ta.file,
        setting(&ta.params),
        ta.ending(),
        setting(&tb.params),
        tb.ending()
    );
    let first = (0..ta.steps.len().max(tb.steps.len())).find(|&i| {
        match (ta.steps.get(i), tb.steps.get(i)) {
            (Some(x), Some(y)) => signature(x) != signature(y),
            _ => true,
        }
    });
    let Some(i) = first else {
        let _ = writeln!(
            out,
            "the two runs are the same: every step, the output and the ending"
        );
        return out;
    };
    let _ = writeln!(out, "the runs first differ at step {}:", i + 1);
    for (name, t) in [("A", ta), ("B", tb)] {
        match t.steps.get(i) {
            Some(s) => {
                let _ = writeln!(
                    out,
                    "  {name}: {}  {} line {}:{}{}",
                    s.rule.label(),
                    s.func,
                    s.line,
                    s.col,
                    written(s)
                );
                let _ = writeln!(out, "     {}", meaning_or_missing(s.rule));
            }
            None => {
                let _ = writeln!(out, "  {name}: the run has ended ({})", t.ending());
            }
        }
    }
    let nodes_a: Vec<String> = ga.node_weights().map(|n| n.describe()).collect();
    let nodes_b: Vec<String> = gb.node_weights().map(|n| n.describe()).collect();
    if let Some(k) =
        (0..nodes_a.len().max(nodes_b.len())).find(|&k| nodes_a.get(k) != nodes_b.get(k))
    {
        let _ = writeln!(out, "\nthe first differing event (#{}):", k + 1);
        for (name, nodes) in [("A", &nodes_a), ("B", &nodes_b)] {
            let what = nodes.get(k).map_or("(no more events)", String::as_str);
            let _ = writeln!(out, "  {name}: {what}");
        }
    }
    let _ = writeln!(out, "\n{}", first_output_difference(ta, tb));
    let changes = changes(&ta.file, &ta.source, &ta.params, &tb.params);
    let _ = writeln!(
        out,
        "\nwhy: the version parameters the model's behaviour changes with:"
    );
    if changes.is_empty() {
        let _ = writeln!(
            out,
            "  none between the two settings (the runs differ by their GODEBUG or arguments)"
        );
    }
    for c in &changes {
        let _ = writeln!(
            out,
            "  {} {} -> {}: {}",
            c.axis.name(),
            c.from,
            c.to,
            c.name().unwrap_or(
                "a change the model makes that has no name in gosem's table of version parameters"
            )
        );
    }
    let _ = writeln!(out, "\nside by side (events; * marks rows that differ):");
    let width = 64;
    for k in 0..nodes_a.len().max(nodes_b.len()) {
        let (x, y) = (nodes_a.get(k), nodes_b.get(k));
        let mark = if x == y { ' ' } else { '*' };
        let _ = writeln!(
            out,
            "{mark} {:<width$} | {}",
            clip(x.map_or("", String::as_str), width),
            clip(y.map_or("", String::as_str), width)
        );
    }
    out
}

/// What a step wrote, if anything, after two spaces.
fn written(s: &Step) -> String {
    let mut w = String::new();
    if !s.stdout.is_empty() {
        w.push_str(&format!(
            "  writes {:?}",
            String::from_utf8_lossy(&s.stdout)
        ));
    }
    if !s.stderr.is_empty() {
        w.push_str(&format!(
            "  writes {:?} on standard error",
            String::from_utf8_lossy(&s.stderr)
        ));
    }
    w
}

/// The first line where the two runs' output differs, or their exit status.
fn first_output_difference(a: &Trace, b: &Trace) -> String {
    let errs = (normalize::stderr(&a.stderr), normalize::stderr(&b.stderr));
    for (name, x, y) in [
        ("standard output", &a.stdout, &b.stdout),
        ("standard error", &errs.0, &errs.1),
    ] {
        let (x, y) = (String::from_utf8_lossy(x), String::from_utf8_lossy(y));
        let (lx, ly): (Vec<&str>, Vec<&str>) = (x.lines().collect(), y.lines().collect());
        if let Some(k) = (0..lx.len().max(ly.len())).find(|&k| lx.get(k) != ly.get(k)) {
            let show = |l: Option<&&str>| l.map_or("(nothing)".to_string(), |l| format!("{l:?}"));
            return format!(
                "the first differing output, {name} line {}:\n  A: {}\n  B: {}",
                k + 1,
                show(lx.get(k)),
                show(ly.get(k))
            );
        }
    }
    if a.status == b.status {
        return "the output and the ending are the same".to_string();
    }
    format!(
        "the endings differ:\n  A: {}\n  B: {}",
        a.ending(),
        b.ending()
    )
}

/// `text` cut to `width` characters.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        s.parse().expect("a version")
    }

    #[test]
    fn the_walk_visits_each_minor_release_once() {
        assert_eq!(
            between(v("1.19.8"), v("1.22.10"), true),
            [v("1.20.0"), v("1.21.13"), v("1.22.10")]
        );
        assert_eq!(between(v("1.22"), v("1.20"), false), [v("1.21"), v("1.20")]);
        assert_eq!(between(v("1.22"), v("1.22"), false), []);
        assert_eq!(between(v("1.22.1"), v("1.22.10"), true), [v("1.22.10")]);
        assert_eq!(
            between(v("1.19"), v("1.4000000000"), false),
            [v("1.4000000000")]
        );
    }

    #[test]
    fn a_change_is_named_by_the_release_that_introduced_it() {
        let c = Change {
            axis: Axis::Lang,
            from: v("1.22"),
            to: v("1.21"),
        };
        assert_eq!(c.since(), 22);
        assert!(c.name().is_some_and(|n| n.contains("loop variables")));
    }
}
