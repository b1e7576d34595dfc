//! Diagnostics: why a program was not run.

use std::fmt;

use crate::version::Version;

/// A message tied to a source position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line and column (columns count bytes, as gc's do).
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// How far a compile error's text is gc's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wording {
    /// gc reports exactly this position and text in every pinned release (a case in
    /// `cases/compile` records it).
    Gc,
    /// The model's own words: gc reports an error here, but may word or place it otherwise.
    Model,
    /// gc's text by release: each text from the first pinned release that prints it, in
    /// release order (a release between two pinned ones is taken to print the older text).
    ByRelease(Vec<(Version, String)>),
}

/// One compile error; `at.message` is the newest release's wording, or the model's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub at: Diagnostic,
    pub wording: Wording,
    /// Other places the error names, each on a line of its own after it (`other declaration
    /// of x`, `previous case`); worded alike in every pinned release.
    pub notes: Vec<Diagnostic>,
}

impl CompileError {
    /// The text gc's compiler `compiler` prints for this error, when the model knows it.
    pub fn gc_text(&self, compiler: Version) -> Option<String> {
        match &self.wording {
            Wording::Gc => Some(self.at.message.clone()),
            Wording::Model => None,
            Wording::ByRelease(texts) => texts
                .iter()
                .rev()
                .find(|(since, _)| compiler.at_least(since.major, since.minor))
                .map(|(_, text)| text.clone()),
        }
    }

    /// The error as `compiler` prints it, each place in file `file`: gc's text, or the
    /// model's words when it does not know gc's (and then `false`).
    pub fn render(&self, compiler: Version, file: &str) -> (String, bool) {
        let text = self.gc_text(compiler);
        let known = text.is_some();
        let mut out = format!(
            "{file}:{}:{}: {}",
            self.at.line,
            self.at.col,
            text.unwrap_or_else(|| self.at.message.clone())
        );
        for n in &self.notes {
            out.push_str(&format!("\n\t{file}:{}:{}: {}", n.line, n.col, n.message));
        }
        (out, known)
    }
}

/// The compile errors the front end found, in position order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileErrors {
    pub errors: Vec<CompileError>,
    /// Checking ran to the end, so gc reports no error missing here. False when a hard error
    /// stopped it: gc goes on and may report more (the model keeps the errors found in the
    /// functions it finished).
    pub complete: bool,
}

/// gc prints at most this many errors, then `too many errors` (`ErrorfAt` in
/// cmd/compile/internal/base/print.go); which ten depends on its checking order.
pub const GC_ERROR_LIMIT: usize = 10;

/// What the model can say about gc's compiler output for a rejected program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GcReport {
    /// Errors gc prints with exactly this text, as `file:line:col: text` (continuation lines
    /// after a newline), in order.
    pub errors: Vec<String>,
    /// Why `errors` may not be all gc prints, at the first place it matters; `None` when it is.
    pub gap: Option<Diagnostic>,
}

impl CompileErrors {
    /// A single hard error: checking stops at it.
    pub fn hard(at: Diagnostic, wording: Wording) -> CompileErrors {
        CompileErrors {
            errors: vec![CompileError {
                at,
                wording,
                notes: Vec::new(),
            }],
            complete: false,
        }
    }

    /// The exit status of `go run` on a program gc rejects, for the go command of release `go`:
    /// 2 up to go1.19.8, 1 from go1.21.13 (measured; go1.20 is not pinned).
    pub fn go_run_exit(go: Version) -> i32 {
        if go.at_least(1, 21) { 1 } else { 2 }
    }

    /// What gc's compiler `compiler` prints for these errors, with each file named `file`.
    pub fn gc_report(&self, compiler: Version, file: &str) -> GcReport {
        let gap = |e: &CompileError, why: &str| Diagnostic {
            message: format!("unsupported: {why}"),
            ..e.at.clone()
        };
        let (Some(first), Some(last)) = (self.errors.first(), self.errors.last()) else {
            return GcReport {
                errors: Vec::new(),
                gap: None,
            };
        };
        if self.errors.len() > GC_ERROR_LIMIT {
            return GcReport {
                errors: Vec::new(),
                gap: Some(gap(
                    first,
                    "more compile errors than gc prints (which ten it prints depends on the order it checks in)",
                )),
            };
        }
        let mut errors = Vec::new();
        let mut unworded = None;
        for e in &self.errors {
            match e.render(compiler, file) {
                (text, true) => errors.push(text),
                (_, false) => {
                    unworded.get_or_insert_with(|| {
                        gap(
                            e,
                            &format!("gc's wording of the compile error {:?}", e.at.message),
                        )
                    });
                }
            }
        }
        let gap = unworded.or_else(|| {
            (!self.complete).then(|| {
                gap(
                    last,
                    "the compile errors gc reports after this one (the front end stops at its first error other than an unused name or a missing return)",
                )
            })
        });
        GcReport { errors, gap }
    }
}

/// Why [`crate::load`] did not produce a program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Go that gc would refuse to compile (undefined or unused names, a missing return, ...).
    Compile(CompileErrors),
    /// Go outside the modeled subset; the message names the construct.
    Unsupported(Diagnostic),
    /// The front end reached a state its own construction rules out: a bug of the model, never
    /// an answer about the program.
    Internal(Diagnostic),
}

impl Rejection {
    /// The exit status of `gosem run` for the go command of release `go`: that of `go run` on
    /// a program gc rejects ([`CompileErrors::go_run_exit`]), 125 ("cannot test") when
    /// unsupported, 70 (sysexits' `EX_SOFTWARE`) for a bug of the model.
    pub fn exit_code(&self, go: Version) -> i32 {
        match self {
            Rejection::Compile(_) => CompileErrors::go_run_exit(go),
            Rejection::Unsupported(_) => 125,
            Rejection::Internal(_) => 70,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Compile(ce) => {
                for (i, e) in ce.errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{}", e.at)?;
                }
                Ok(())
            }
            Rejection::Unsupported(d) => write!(f, "{d} (outside the modeled subset)"),
            Rejection::Internal(d) => write!(f, "{d} (an internal error of the model)"),
        }
    }
}
