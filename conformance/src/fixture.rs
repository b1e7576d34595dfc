//! The YAML fixture beside each case: what the case is about, how to build and run it, and
//! the observations recorded from real toolchains.
//!
//! Fixtures are written only by `gosem record`, in one canonical form: fields in declaration
//! order, `runs` sorted, `stdout` and `stderr` always present (`""` when empty, so a reader
//! never wonders whether a stream was empty or forgotten), multi-line text as `|` blocks.
//! Comments in a rewritten fixture are not kept.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_saphyr::MessageFormatter;

use crate::normalize;
use crate::verdict::Outputs;
use crate::version::{Lang, Release};

/// One case's fixture.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// One sentence on what the case shows.
    pub about: String,
    /// The go.mod `go` lines to build with; empty means each toolchain's own.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "flow"
    )]
    pub lang: Vec<Lang>,
    /// GODEBUG settings to record besides the default (none).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "flow"
    )]
    pub godebug: Vec<String>,
    /// `os.Args[1:]`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "flow"
    )]
    pub args: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<Observation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub divergences: Vec<Divergence>,
}

/// Writes the short input lists on one line, as people write them by hand.
fn flow<T: Serialize, S: serde::Serializer>(items: &[T], s: S) -> Result<S::Ok, S::Error> {
    serde_saphyr::FlowSeq(items).serialize(s)
}

/// What one toolchain printed for one build configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub toolchain: Release,
    pub lang: Lang,
    pub gcflags: String,
    pub godebug: String,
    pub exit: i32,
    pub stdout: String,
    /// Normalised: see [`crate::normalize`].
    pub stderr: String,
}

/// A reviewed disagreement between a toolchain and the semantics the model follows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Divergence {
    pub toolchain: Release,
    /// Only the builds with these `-gcflags` diverge (the optimiser decides); every build
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gcflags: Option<String>,
    /// An upstream reference such as `golang/go#73916`.
    #[serde(rename = "ref")]
    pub reference: String,
    pub why: String,
}

/// The identity of an observation: a fixture holds at most one per key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RunKey {
    pub toolchain: Release,
    pub lang: Lang,
    pub gcflags: String,
    pub godebug: String,
}

impl fmt::Display for RunKey {
    /// Short enough for one report line; empty settings are left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} lang={}", self.toolchain, self.lang)?;
        if !self.gcflags.is_empty() {
            write!(f, " gcflags={:?}", self.gcflags)?;
        }
        if !self.godebug.is_empty() {
            write!(f, " GODEBUG={}", self.godebug)?;
        }
        Ok(())
    }
}

impl Observation {
    pub fn key(&self) -> RunKey {
        RunKey {
            toolchain: self.toolchain,
            lang: self.lang,
            gcflags: self.gcflags.clone(),
            godebug: self.godebug.clone(),
        }
    }

    /// The observables, with stderr normalised again so that a fixture recorded before a
    /// filter was added still compares.
    pub fn outputs(&self) -> Outputs {
        Outputs {
            exit: self.exit,
            stdout: self.stdout.as_bytes().to_vec(),
            stderr: normalize::stderr(self.stderr.as_bytes()),
        }
    }
}

impl Fixture {
    /// The reviewed divergence for `toolchain`, if any.
    /// The reviewed divergence that covers the observation `run`, if any.
    pub fn divergence(&self, run: &Observation) -> Option<&Divergence> {
        self.divergences.iter().find(|d| {
            d.toolchain == run.toolchain && d.gcflags.as_ref().is_none_or(|g| *g == run.gcflags)
        })
    }

    /// Parses a fixture; `file` only labels errors.
    pub fn parse(file: &Path, text: &str) -> Result<Fixture, CaseError> {
        let mut field = None;
        let parsed = serde_saphyr::with_deserializer_from_str(text, |de| {
            serde_path_to_error::deserialize(de).map_err(|e| {
                field = Some(e.path().to_string());
                e.into_inner()
            })
        });
        parsed.map_err(|e| {
            let location = e.location();
            CaseError {
                file: file.to_path_buf(),
                line: location.as_ref().map(|l| l.line()),
                column: location.as_ref().map(|l| l.column()),
                // serde_path_to_error says `.` for the document and `?` when it lost track.
                field: field.filter(|f| f != "." && f != "?"),
                message: printable(
                    &serde_saphyr::DefaultMessageFormatter.format_message(e.without_snippet()),
                ),
            }
        })
    }

    /// The canonical YAML text of this fixture.
    pub fn to_yaml(&self) -> Result<String, serde_saphyr::SerializeError> {
        let mut sorted = self.clone();
        sorted.runs.sort_by_key(Observation::key);
        // Never fold long lines: `>` blocks hide where the program's own line breaks are.
        let options = serde_saphyr::ser_options! { folded_wrap_chars: usize::MAX, compact_list_indent: false };
        serde_saphyr::to_string_with_options(&sorted, options)
    }

    /// Writes the fixture to `path` atomically: readers see the old file or the new one,
    /// never a torn write, and a failure leaves the old file in place.
    pub fn write(&self, path: &Path) -> Result<(), CaseError> {
        let failed = |message: String| CaseError::io(path, message);
        let text = self.to_yaml().map_err(|e| failed(e.to_string()))?;
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::Builder::new()
            .prefix(".gosem-")
            .suffix(".yaml.tmp")
            .tempfile_in(dir)
            .map_err(|e| failed(format!("cannot create a temporary file: {e}")))?;
        tmp.write_all(text.as_bytes())
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| failed(e.to_string()))?;
        // A temporary file is private (0600); the fixture keeps its own permissions.
        let permissions = match std::fs::metadata(path) {
            Ok(m) => m.permissions(),
            Err(_) => std::os::unix::fs::PermissionsExt::from_mode(0o644),
        };
        tmp.as_file()
            .set_permissions(permissions)
            .map_err(|e| failed(e.to_string()))?;
        tmp.persist(path)
            .map(drop)
            .map_err(|e| failed(e.error.to_string()))
    }
}

/// `text` with control characters escaped: parser messages may quote the input, and a
/// message must stay one line and never drive the terminal.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A problem with a case's files: one that cannot be read or written, or a malformed fixture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseError {
    #[serde(serialize_with = "crate::case::display_path")]
    pub file: PathBuf,
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// The field path, e.g. `runs[0].exit`.
    pub field: Option<String>,
    pub message: String,
}

impl CaseError {
    pub fn io(file: &Path, message: impl Into<String>) -> CaseError {
        CaseError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for CaseError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Fixture, CaseError> {
        Fixture::parse(Path::new("cases/s/x.yaml"), text)
    }

    fn observation(toolchain: &str, lang: &str, godebug: &str) -> Observation {
        Observation {
            toolchain: toolchain.parse().expect("release"),
            lang: lang.parse().expect("lang"),
            gcflags: String::new(),
            godebug: godebug.to_string(),
            exit: 2,
            stdout: "registered\n".to_string(),
            stderr: "panic: boom [recovered]\n\tpanic: second\n\tline\ttab\n".to_string(),
        }
    }

    fn sample() -> Fixture {
        Fixture {
            about: "deferred calls run in reverse order".to_string(),
            lang: vec!["1.21".parse().expect("lang"), "1.22".parse().expect("lang")],
            godebug: vec!["panicnil=1".to_string()],
            args: ["a", "b c", "x,y]", "", "#z", "k: v", "-"]
                .map(String::from)
                .to_vec(),
            runs: vec![
                observation("go1.27.3", "1.22", ""),
                observation("go1.19.8", "1.21", "panicnil=1"),
                Observation {
                    stdout: String::new(),
                    stderr: String::new(),
                    exit: 0,
                    ..observation("go1.19.8", "1.21", "")
                },
            ],
            divergences: vec![Divergence {
                toolchain: "go1.22.10".parse().expect("release"),
                gcflags: None,
                reference: "golang/go#73916".to_string(),
                why: "recover succeeds through a wrapper".to_string(),
            }],
        }
    }

    #[test]
    fn round_trip_keeps_everything_and_sorts_runs() {
        let fixture = sample();
        let text = fixture.to_yaml().expect("serializes");
        let back = parse(&text).expect("parses its own output");
        let mut expected = fixture;
        expected.runs.sort_by_key(Observation::key);
        assert_eq!(back, expected);
        assert_eq!(
            back.to_yaml().expect("serializes"),
            text,
            "canonical form is stable"
        );
    }

    #[test]
    fn a_divergence_covers_its_toolchain_and_only_its_gcflags_when_given() {
        let mut fixture = sample();
        let run = |gcflags: &str| Observation {
            gcflags: gcflags.to_string(),
            ..observation("go1.22.10", "1.22", "")
        };
        assert!(fixture.divergence(&run("")).is_some());
        assert!(fixture.divergence(&run("all=-l")).is_some());
        assert!(
            fixture
                .divergence(&observation("go1.27.3", "1.22", ""))
                .is_none()
        );
        fixture.divergences[0].gcflags = Some(String::new());
        assert!(fixture.divergence(&run("")).is_some());
        assert!(fixture.divergence(&run("all=-l")).is_none());
        let text = fixture.to_yaml().expect("serializes");
        assert!(text.contains("    gcflags: \"\"\n"), "{text}");
        assert_eq!(
            parse(&text).expect("parses").divergences,
            fixture.divergences
        );
    }

    #[test]
    fn multi_line_text_is_a_readable_literal_block() {
        let text = sample().to_yaml().expect("serializes");
        assert!(
            text.contains(
                "    stderr: |\n      panic: boom [recovered]\n      \tpanic: second\n      \tline\ttab\n"
            ),
            "{text}"
        );
        assert!(text.contains("    stdout: |\n      registered\n"), "{text}");
        assert!(
            text.contains("    stdout: \"\"\n"),
            "empty streams are written: {text}"
        );
        assert!(
            text.contains("runs:\n  - toolchain: go1.19.8\n    lang: \"1.21\"\n"),
            "{text}"
        );
        assert!(text.contains("    ref: golang/go#73916\n"), "{text}");
        assert!(text.contains("\nlang: [\"1.21\", \"1.22\"]\n"), "{text}");
    }

    #[test]
    fn awkward_output_survives_the_round_trip() {
        let awkward = [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\n\n",
            "\n",
            "\n\nx\n",
            "  lead\nx\n",
            "trailing  \nx\n",
            "\tpanic: x\n",
            "\t\n",
            "   \n",
            "1\r\n2\n",
            "x\u{1}y\n",
            "é ✓\n",
            "# c\n",
            "a: b\n",
            "- item\n",
            "true",
            "1.27",
            "0x1",
            "null",
            "~",
            "'q'",
            "\"dq\"",
            "{x}",
            "[y]",
            "&a *b\n",
            "%YAML\n",
            "---\n",
            "...\n",
            "|\n",
            "> x\n",
            "key: |\n  block\n",
        ];
        let mut fixture = sample();
        for text in awkward {
            fixture.runs[0].stdout = text.to_string();
            fixture.runs[0].stderr = format!("{text}{text}");
            let yaml = fixture.to_yaml().expect("serializes");
            let back = parse(&yaml).expect("parses its own output");
            let run = back
                .runs
                .iter()
                .find(|r| r.key() == fixture.runs[0].key())
                .expect("the run is kept");
            assert_eq!(run.stdout, text, "{yaml}");
            assert_eq!(run.stderr, format!("{text}{text}"), "{yaml}");
        }
    }

    #[test]
    fn long_lines_are_not_folded() {
        let mut fixture = sample();
        fixture.runs[0].stdout = "word ".repeat(40);
        let text = fixture.to_yaml().expect("serializes");
        assert!(!text.contains(">-") && !text.contains(": >"), "{text}");
        assert_eq!(parse(&text).expect("parses").runs.len(), 3);
    }

    #[test]
    fn fields_keep_the_documented_order() {
        let text = sample().to_yaml().expect("serializes");
        let order = [
            "about:",
            "lang:",
            "godebug:",
            "args:",
            "runs:",
            "divergences:",
        ];
        let positions: Vec<usize> = order
            .iter()
            .map(|k| text.find(&format!("\n{k}")).map_or(0, |p| p + 1))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
        let run = [
            "toolchain:",
            "lang:",
            "gcflags:",
            "godebug:",
            "exit:",
            "stdout:",
        ];
        let first_run = text.split("- toolchain").nth(1).expect("a run");
        let at: Vec<usize> = run[1..]
            .iter()
            .map(|k| first_run.find(k).expect("field present"))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{first_run}");
    }

    #[test]
    fn an_unrecorded_case_has_only_its_inputs() {
        let f = parse("about: x\nlang: [\"1.21\", 1.22]\n").expect("parses");
        assert_eq!(f.lang.len(), 2);
        assert_eq!(
            f.to_yaml().expect("serializes"),
            "about: x\nlang: [\"1.21\", \"1.22\"]\n"
        );
    }

    #[test]
    fn plain_numbers_in_lang_keep_their_spelling() {
        let f = parse("about: x\nlang: [1.20]\n").expect("parses");
        assert_eq!(f.lang[0].to_string(), "1.20");
    }

    fn error(text: &str) -> CaseError {
        parse(text).expect_err("malformed fixture")
    }

    #[test]
    fn wrong_type_names_file_line_and_field() {
        let e = error(
            "about: x\nruns:\n  - toolchain: go1.27.3\n    lang: \"1.27\"\n    gcflags: \"\"\n    godebug: \"\"\n    exit: two\n    stdout: \"\"\n    stderr: \"\"\n",
        );
        assert_eq!(e.line, Some(7));
        assert_eq!(e.field.as_deref(), Some("runs[0].exit"));
        assert!(e.to_string().starts_with("cases/s/x.yaml:7:"), "{e}");
        assert!(e.to_string().contains("field `runs[0].exit`"), "{e}");
    }

    #[test]
    fn unknown_field_is_reported_with_its_name() {
        let e = error("about: x\nlangs: [\"1.21\"]\n");
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("langs")));
        assert!(e.message.contains("unknown field"), "{e}");
    }

    #[test]
    fn bad_versions_are_reported_where_they_are() {
        let e = error("about: x\nlang: [\"1.21\", \"1.22.1\"]\n");
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("lang[1]")));
        assert!(e.message.contains("1.22.1"), "{e}");
        let e = error("about: x\ndivergences:\n  - toolchain: 1.22.10\n    ref: r\n    why: w\n");
        assert_eq!(
            (e.line, e.field.as_deref()),
            (Some(3), Some("divergences[0].toolchain"))
        );
    }

    #[test]
    fn messages_keep_quotes_but_not_control_characters() {
        assert_eq!(
            printable("a \"b\" 'c'\n\u{1b}[2J"),
            "a \"b\" 'c'\\n\\u{1b}[2J"
        );
    }

    #[test]
    fn syntax_errors_and_missing_fields_have_a_line() {
        let e = error("about: [x\n");
        assert_eq!(e.line, Some(1));
        let e = error("lang: [\"1.21\"]\n");
        assert!(e.message.contains("about"), "{e}");
        let e = error("about: x\nruns:\n  - toolchain: go1.27.3\n    lang: \"1.27\"\n");
        assert!(e.message.contains("gcflags"), "{e}");
        assert_eq!(e.field.as_deref(), Some("runs[0]"));
    }

    #[test]
    fn write_is_atomic_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("x.yaml");
        std::fs::write(&path, "about: old\n").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        sample().write(&path).expect("writes");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(parse(&text).expect("parses").about, sample().about);
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn write_into_a_missing_directory_fails_cleanly() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missing/x.yaml");
        let e = sample().write(&path).expect_err("no directory");
        assert_eq!(e.file, path);
    }
}
