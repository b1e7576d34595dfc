//! Diagnostics: why a program was not run.

use std::fmt;

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

/// Why [`crate::load`] did not produce a program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Go that gc would refuse to compile (undefined or unused names, a missing return, ...).
    Compile(Vec<Diagnostic>),
    /// Go outside the modeled subset; the message names the construct.
    Unsupported(Diagnostic),
    /// The front end reached a state its own construction rules out: a bug of the model, never
    /// an answer about the program.
    Internal(Diagnostic),
}

impl Rejection {
    /// The exit status of `gosem run`: 1 as for a failed `go build`, 125 ("cannot test") when
    /// unsupported, 70 (sysexits' `EX_SOFTWARE`) for a bug of the model.
    pub fn exit_code(&self) -> i32 {
        match self {
            Rejection::Compile(_) => 1,
            Rejection::Unsupported(_) => 125,
            Rejection::Internal(_) => 70,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Compile(ds) => {
                for (i, d) in ds.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Rejection::Unsupported(d) => write!(f, "{d} (outside the modeled subset)"),
            Rejection::Internal(d) => write!(f, "{d} (an internal error of the model)"),
        }
    }
}
