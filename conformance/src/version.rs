//! The two kinds of Go version a fixture names, and how the command line picks toolchains.
//!
//! A fixture says `toolchain: go1.27.3` (a release, as `go version` prints it) and
//! `lang: "1.27"` (a language version, as a go.mod `go` line says it). Keeping them as two
//! types stops a release from being written where a language version belongs, and the reverse.

use std::fmt;
use std::str::FromStr;

use gosem_model::Version;
use serde::{Deserialize, Serialize};

/// The reference matrix: the toolchains fixtures are recorded with by default.
pub const PINNED: [Release; 8] = [
    Release(Version::new(1, 19, Some(8))),
    Release(Version::new(1, 21, Some(13))),
    Release(Version::new(1, 22, Some(10))),
    Release(Version::new(1, 23, Some(9))),
    Release(Version::new(1, 24, Some(11))),
    Release(Version::new(1, 25, Some(5))),
    Release(Version::new(1, 26, Some(6))),
    Release(Version::new(1, 27, Some(3))),
];

/// A Go release such as `go1.27.3`: the toolchain whose runtime printed an observation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Release(Version);

impl Release {
    pub fn version(self) -> Version {
        self.0
    }

    /// The language version this release builds by default: go1.27.3 -> 1.27.
    pub fn lang(self) -> Lang {
        Lang(self.0.language())
    }

    /// True when this release can build a module whose go.mod says `go <lang>`.
    pub fn builds(self, lang: Lang) -> bool {
        self.lang() >= lang
    }
}

impl FromStr for Release {
    type Err = String;

    /// Accepts only the `go`-prefixed form, so fixtures spell every release one way.
    fn from_str(s: &str) -> Result<Release, String> {
        match s.strip_prefix("go") {
            Some(rest) => rest.parse().map(Release),
            None => Err(format!("not a Go release: {s:?} (expected e.g. go1.27.3)")),
        }
    }
}

impl fmt::Display for Release {
    /// Honours width and alignment, so releases line up in tables.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("go{}", self.0))
    }
}

impl TryFrom<String> for Release {
    type Error = String;

    fn try_from(s: String) -> Result<Release, String> {
        s.parse()
    }
}

impl From<Release> for String {
    fn from(r: Release) -> String {
        r.to_string()
    }
}

/// A language version such as `1.22`: the go.mod `go` line a case is built with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lang(Version);

impl Lang {
    pub fn version(self) -> Version {
        self.0
    }
}

impl FromStr for Lang {
    type Err = String;

    /// Rejects a patch level: it would not change the semantics and would make two spellings
    /// of one language version.
    fn from_str(s: &str) -> Result<Lang, String> {
        let bad = || format!("not a Go language version: {s:?} (expected e.g. 1.22)");
        if s.starts_with("go") {
            return Err(bad());
        }
        let v: Version = s.parse().map_err(|_| bad())?;
        match v.patch {
            None => Ok(Lang(v)),
            Some(_) => Err(bad()),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl TryFrom<String> for Lang {
    type Error = String;

    fn try_from(s: String) -> Result<Lang, String> {
        s.parse()
    }
}

impl From<Lang> for String {
    fn from(l: Lang) -> String {
        l.to_string()
    }
}

/// A toolchain as the command line names it: `1.27` (any 1.27.x), `1.27.3` or `go1.27.3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionSpec(Version);

impl VersionSpec {
    /// True when `release` is one this spec names.
    pub fn matches(self, release: Release) -> bool {
        let r = release.version();
        match self.0.patch {
            None => (r.major, r.minor) == (self.0.major, self.0.minor),
            Some(_) => r == self.0,
        }
    }

    /// The newest of `releases` this spec names.
    pub fn newest<I: IntoIterator<Item = Release>>(self, releases: I) -> Option<Release> {
        releases.into_iter().filter(|r| self.matches(*r)).max()
    }

    /// The release the model should imitate for this spec when no toolchain is at hand:
    /// the newest pinned release it names, else the spec itself (`1.30` stays `1.30`).
    pub fn model_release(self) -> Release {
        self.newest(PINNED).unwrap_or(Release(self.0))
    }
}

impl FromStr for VersionSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<VersionSpec, String> {
        s.parse().map(VersionSpec)
    }
}

impl fmt::Display for VersionSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(s: &str) -> Release {
        s.parse().expect("valid release")
    }

    #[test]
    fn release_needs_the_go_prefix_and_round_trips() {
        assert_eq!(release("go1.27.3").to_string(), "go1.27.3");
        assert_eq!(format!("{:<10}|", release("go1.27.3")), "go1.27.3  |");
        assert_eq!(release("go1.20").version(), Version::new(1, 20, None));
        assert!("1.27.3".parse::<Release>().is_err());
        assert!("go1.27.3.1".parse::<Release>().is_err());
        assert!("gox".parse::<Release>().is_err());
    }

    #[test]
    fn lang_rejects_patches_and_prefixes() {
        let l: Lang = "1.22".parse().expect("valid lang");
        assert_eq!(l.to_string(), "1.22");
        assert_eq!("1.20".parse::<Lang>().map(|l| l.version().minor), Ok(20));
        assert!("1.22.1".parse::<Lang>().is_err());
        assert!("go1.22".parse::<Lang>().is_err());
        assert!("1".parse::<Lang>().is_err());
    }

    #[test]
    fn releases_build_only_languages_up_to_their_own() {
        let go119 = release("go1.19.8");
        assert!(go119.builds("1.19".parse().expect("lang")));
        assert!(go119.builds("1.18".parse().expect("lang")));
        assert!(!go119.builds("1.21".parse().expect("lang")));
        assert_eq!(go119.lang().to_string(), "1.19");
    }

    #[test]
    fn releases_order_by_version() {
        let mut rs = [
            release("go1.27.3"),
            release("go1.9.1"),
            release("go1.21.13"),
        ];
        rs.sort();
        let names: Vec<String> = rs.iter().map(Release::to_string).collect();
        assert_eq!(names, ["go1.9.1", "go1.21.13", "go1.27.3"]);
    }

    #[test]
    fn specs_match_a_minor_line_or_one_release() {
        let spec = |s: &str| s.parse::<VersionSpec>().expect("valid spec");
        let found = [
            release("go1.27.1"),
            release("go1.27.3"),
            release("go1.22.10"),
        ];
        assert_eq!(spec("1.27").newest(found), Some(release("go1.27.3")));
        assert_eq!(spec("1.27.1").newest(found), Some(release("go1.27.1")));
        assert_eq!(spec("go1.22.10").newest(found), Some(release("go1.22.10")));
        assert_eq!(spec("1.23").newest(found), None);
        assert!("latest".parse::<VersionSpec>().is_err());
    }

    #[test]
    fn model_release_prefers_the_pinned_patch() {
        let spec = |s: &str| s.parse::<VersionSpec>().expect("valid spec");
        assert_eq!(spec("1.27").model_release(), release("go1.27.3"));
        assert_eq!(spec("1.19").model_release(), release("go1.19.8"));
        assert_eq!(spec("1.27.9").model_release(), release("go1.27.9"));
        assert_eq!(
            spec("1.30").model_release().version(),
            Version::new(1, 30, None)
        );
    }
}
