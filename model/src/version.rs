//! Go versions: the toolchain (runtime behaviour) and the language version (the go.mod `go` line).

use std::fmt;
use std::str::FromStr;

/// A Go release or language version: `1.27`, `1.27.3` or `go1.27.3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
    /// `None` for a language version such as `1.22`, which names every release of that line.
    pub patch: Option<u32>,
}

impl Version {
    pub const fn new(major: u32, minor: u32, patch: Option<u32>) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// The language version of this release: `1.27.3` -> `1.27`.
    pub fn language(self) -> Version {
        Version {
            patch: None,
            ..self
        }
    }

    /// True when this version is at least `major.minor` (patch ignored).
    pub fn at_least(self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }
}

impl FromStr for Version {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("not a Go version: {s:?} (expected e.g. 1.27 or 1.27.3)");
        let digits = s.strip_prefix("go").unwrap_or(s);
        let mut parts = digits.split('.');
        let mut num = || -> Result<Option<u32>, String> {
            parts
                .next()
                .map(|p| p.parse::<u32>().map_err(|_| bad()))
                .transpose()
        };
        let major = num()?.ok_or_else(bad)?;
        let minor = num()?.ok_or_else(bad)?;
        let patch = num()?;
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(Version::new(major, minor, patch))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.patch {
            Some(p) => write!(f, "{}.{}.{}", self.major, self.minor, p),
            None => write!(f, "{}.{}", self.major, self.minor),
        }
    }
}
