//! `gosem gotest`: the `// run` tests of a Go test tree (Go's own `test/` directory), judged as
//! Go's test runner (`test/run.go`) judges them, with the model in place of gc.
//!
//! A test is a `.go` file whose recipe (the comment lines up to the first blank line, a first
//! `+build` line skipped) is `run`: the program must exit 0, and its standard output and
//! standard error, written to one file, must equal the `.out` file beside it (nothing, when
//! there is none). Files in `*.dir` directories are the packages of multi-file tests, not tests.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;

use crate::case::{display_path, walk_files};
use crate::model;
use crate::report::{plural, xml};
use crate::verdict::{Refusal, Sides, unified_diff};
use crate::version::{Lang, Release, VersionSpec};
use gosem_model::{DEFAULT_FUEL, Godebug, Params, Rejection, Status};

/// The stack of each worker thread: the front end recurses over the syntax tree, and the
/// tests include deeply nested programs.
const STACK: usize = 256 << 20;

/// What `gosem gotest` is asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    pub dirs: Vec<PathBuf>,
    /// The toolchain to imitate; the tree's own release (its `VERSION` file) when absent.
    pub go: Option<VersionSpec>,
    /// The go.mod `go` line; the release's language when absent.
    pub lang: Option<Lang>,
    /// How many tests to judge at once.
    pub jobs: usize,
}

/// How one test fared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// The model prints what the test expects and exits 0.
    Correct,
    /// The model gives another answer: a confident wrong one.
    Wrong { why: String },
    /// The test is outside the modeled subset.
    Refused { refusal: Refusal },
    /// The step budget ran out.
    Exhausted,
    /// The model failed: a bug of gosem.
    Internal { message: String },
    /// Go's test runner would not run it here (its build constraint excludes linux/amd64 gc).
    Skipped { constraint: String },
}

/// A [`Verdict`] without its details, for counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Correct,
    Wrong,
    Refused,
    Exhausted,
    Internal,
    Skipped,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Correct,
        Kind::Wrong,
        Kind::Refused,
        Kind::Exhausted,
        Kind::Internal,
        Kind::Skipped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Correct => "correct",
            Kind::Wrong => "wrong",
            Kind::Refused => "refused",
            Kind::Exhausted => "exhausted",
            Kind::Internal => "internal",
            Kind::Skipped => "skipped",
        }
    }
}

impl Verdict {
    pub fn kind(&self) -> Kind {
        match self {
            Verdict::Correct => Kind::Correct,
            Verdict::Wrong { .. } => Kind::Wrong,
            Verdict::Refused { .. } => Kind::Refused,
            Verdict::Exhausted => Kind::Exhausted,
            Verdict::Internal { .. } => Kind::Internal,
            Verdict::Skipped { .. } => Kind::Skipped,
        }
    }

    /// What a report says after the verdict's kind.
    fn detail(&self) -> String {
        match self {
            Verdict::Correct => String::new(),
            Verdict::Wrong { why } => why.clone(),
            Verdict::Refused { refusal } => refusal.to_string(),
            Verdict::Exhausted => crate::run::exhausted(),
            Verdict::Internal { message } => message.clone(),
            Verdict::Skipped { constraint } => format!("build constraint {constraint}"),
        }
    }
}

/// One test and its verdict.
#[derive(Clone, Debug, Serialize)]
pub struct Judged {
    #[serde(serialize_with = "display_path")]
    pub file: PathBuf,
    /// The test uses `defer`, `panic`, `recover` or `runtime.Goexit`.
    pub defer_family: bool,
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Every test found, judged.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The release and language the model imitated, per directory given.
    pub settings: Vec<(PathBuf, Release, Lang)>,
    pub tests: Vec<Judged>,
    /// Directories that could not be read, and tests that could not be read.
    pub errors: Vec<String>,
}

/// How many tests of each kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally([usize; Kind::ALL.len()]);

impl Tally {
    fn add(&mut self, k: Kind) {
        self.0[k as usize] += 1;
    }

    pub fn get(&self, k: Kind) -> usize {
        self.0[k as usize]
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

impl Serialize for Tally {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let kinds = Kind::ALL.iter().map(|k| (k.label(), self.get(*k)));
        s.collect_map(kinds.chain([("total", self.total())]))
    }
}

impl Report {
    /// Whether the run fails: a wrong answer, an internal error, or a test that could not be read.
    pub fn failed(&self) -> bool {
        !self.errors.is_empty()
            || self
                .tests
                .iter()
                .any(|t| matches!(t.verdict.kind(), Kind::Wrong | Kind::Internal))
    }

    /// Verdict counts over the tests `keep` selects.
    pub fn tally(&self, keep: impl Fn(&Judged) -> bool) -> Tally {
        let mut t = Tally::default();
        for j in self.tests.iter().filter(|j| keep(j)) {
            t.add(j.verdict.kind());
        }
        t
    }

    /// Refusals by construct, the most frequent first.
    pub fn refusals(&self) -> Vec<(String, usize)> {
        let mut by: BTreeMap<String, usize> = BTreeMap::new();
        for j in &self.tests {
            if let Verdict::Refused { refusal } = &j.verdict {
                *by.entry(construct(&refusal.construct)).or_default() += 1;
            }
        }
        let mut rows: Vec<(String, usize)> = by.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        rows
    }
}

/// A refusal's construct without the `unsupported: ` prefix the model's messages carry.
fn construct(message: &str) -> String {
    message
        .strip_prefix("unsupported: ")
        .unwrap_or(message)
        .to_string()
}

/// Finds and judges every `// run` test under `options.dirs`.
pub fn run(options: &Options) -> Report {
    let mut report = Report::default();
    let mut found: Vec<(PathBuf, Release, Lang)> = Vec::new();
    for dir in &options.dirs {
        let release = match options.go {
            Some(spec) => spec.model_release(),
            None => match tree_release(dir) {
                Ok(r) => r,
                Err(e) => {
                    report.errors.push(e);
                    continue;
                }
            },
        };
        let lang = options.lang.unwrap_or(release.lang());
        report.settings.push((dir.clone(), release, lang));
        let mut files = Vec::new();
        walk_files(
            dir,
            &|d| d.extension().is_none_or(|e| e != "dir"),
            &mut |f| {
                if f.extension().is_some_and(|e| e == "go") {
                    files.push(f.to_path_buf());
                }
            },
            &mut |e| report.errors.push(e.to_string()),
        );
        files.sort();
        found.extend(files.into_iter().map(|f| (f, release, lang)));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.max(1))
        .stack_size(STACK)
        .build();
    let judge_all = || {
        found
            .par_iter()
            .map(|(file, release, lang)| judge_file(file, *release, *lang))
            .collect::<Vec<_>>()
    };
    let judged = match pool {
        Ok(pool) => pool.install(judge_all),
        Err(_) => judge_all(),
    };
    for j in judged {
        match j {
            Ok(Some(j)) => report.tests.push(j),
            Ok(None) => {}
            Err(e) => report.errors.push(e),
        }
    }
    report
}

/// The release a Go tree is: the `VERSION` file of the directory or of an ancestor (Go's
/// `test/` directory sits in the GOROOT, beside `VERSION`).
pub fn tree_release(dir: &Path) -> Result<Release, String> {
    let start = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    for d in start.ancestors() {
        let f = d.join("VERSION");
        if let Ok(text) = std::fs::read_to_string(&f) {
            let first = text.lines().next().unwrap_or("").trim();
            let spec: VersionSpec = first
                .parse()
                .map_err(|e| format!("{}: {first:?} is not a Go release: {e}", f.display()))?;
            return Ok(spec.model_release());
        }
    }
    Err(format!(
        "{}: no VERSION file in it or above it: say which release with --go",
        dir.display()
    ))
}

/// What the recipe of a test file asks for.
#[derive(Debug, PartialEq, Eq)]
enum Recipe {
    /// Not a `run` test (another action, or no recipe).
    Other,
    /// `run`, with the program's arguments.
    Run { args: Vec<String> },
    /// `run` with compiler or environment flags the model does not take.
    RunWithFlags(String),
}

/// The recipe as `test/run.go` reads it: the text up to the first blank line, a first line
/// mentioning `+build` dropped, the leading `//` removed, split into words; the first word is
/// the action, flags (`-...`) follow, then the program's arguments.
fn recipe(src: &str) -> Recipe {
    if src.starts_with('\n') {
        return Recipe::Other;
    }
    let Some((mut action, _)) = src.split_once("\n\n") else {
        return Recipe::Other;
    };
    if let Some((first, rest)) = action.split_once('\n')
        && first.contains("+build")
    {
        action = rest;
    }
    let action = action.strip_prefix("//").unwrap_or(action);
    let mut words = split_quoted(action).into_iter();
    if words.next().as_deref() != Some("run") {
        return Recipe::Other;
    }
    let mut args: Vec<String> = words.collect();
    let mut flags = Vec::new();
    while args.first().is_some_and(|a| a.starts_with('-')) {
        let flag = args.remove(0);
        // `-t N` is only the runner's timeout.
        if flag == "-t" {
            if !args.is_empty() {
                args.remove(0);
            }
            continue;
        }
        flags.push(flag);
    }
    if flags.is_empty() {
        Recipe::Run { args }
    } else {
        Recipe::RunWithFlags(flags.join(" "))
    }
}

/// Words separated by white space, with `"..."` and `'...'` quoting (as `test/run.go`'s
/// `splitQuoted`).
fn split_quoted(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            None => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// Whether a build constraint holds where Go's runner runs tests here: linux/amd64, gc, cgo,
/// and the release tags up to `release`. `Err` for a constraint on the GOEXPERIMENT setting,
/// which the model cannot decide.
fn constraint_holds(expr: &str, release: Release) -> Result<bool, String> {
    let tag = |t: &str| -> Result<bool, String> {
        if t.starts_with("goexperiment.") {
            return Err(t.to_string());
        }
        if let Some(minor) = t.strip_prefix("go1.") {
            return Ok(minor
                .parse::<u32>()
                .is_ok_and(|m| m <= release.version().minor));
        }
        Ok(matches!(t, "linux" | "amd64" | "gc" | "unix" | "cgo"))
    };
    if let Some(e) = expr.strip_prefix("//go:build ") {
        return eval_go_build(e, &tag);
    }
    // `// +build a,b c`: spaces are "or", commas "and".
    let e = expr.strip_prefix("// +build ").unwrap_or("");
    let mut any = false;
    for alt in e.split_whitespace() {
        let mut all = true;
        for term in alt.split(',') {
            let (neg, name) = match term.strip_prefix('!') {
                Some(n) => (true, n),
                None => (false, term),
            };
            all &= tag(name)? != neg;
        }
        any |= all;
    }
    Ok(any)
}

/// A `//go:build` expression: `||`, `&&`, `!`, parentheses and tags.
fn eval_go_build(e: &str, tag: &dyn Fn(&str) -> Result<bool, String>) -> Result<bool, String> {
    let mut tokens = Vec::new();
    let mut chars = e.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            ' ' | '\t' => {
                chars.next();
            }
            '(' | ')' | '!' => {
                tokens.push(c.to_string());
                chars.next();
            }
            '&' | '|' => {
                chars.next();
                chars.next();
                tokens.push(format!("{c}{c}"));
            }
            _ => {
                let mut t = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_alphanumeric() || c == '_' || c == '.' {
                        t.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if t.is_empty() {
                    return Err(format!("a build constraint Go does not accept: {e}"));
                }
                tokens.push(t);
            }
        }
    }
    struct P<'a> {
        t: &'a [String],
        i: usize,
        tag: &'a dyn Fn(&str) -> Result<bool, String>,
    }
    impl P<'_> {
        fn peek(&self) -> Option<&str> {
            self.t.get(self.i).map(String::as_str)
        }
        fn or(&mut self) -> Result<bool, String> {
            let mut v = self.and()?;
            while self.peek() == Some("||") {
                self.i += 1;
                v |= self.and()?;
            }
            Ok(v)
        }
        fn and(&mut self) -> Result<bool, String> {
            let mut v = self.not()?;
            while self.peek() == Some("&&") {
                self.i += 1;
                v &= self.not()?;
            }
            Ok(v)
        }
        fn not(&mut self) -> Result<bool, String> {
            let token = self.peek().map(str::to_string);
            match token.as_deref() {
                Some("!") => {
                    self.i += 1;
                    Ok(!self.not()?)
                }
                Some("(") => {
                    self.i += 1;
                    let v = self.or()?;
                    self.i += 1;
                    Ok(v)
                }
                Some(t) => {
                    self.i += 1;
                    (self.tag)(t)
                }
                None => Err("an incomplete build constraint".to_string()),
            }
        }
    }
    P {
        t: &tokens,
        i: 0,
        tag,
    }
    .or()
}

/// Whether a program uses `defer`, `panic`, `recover` or `runtime.Goexit` (comments aside).
pub fn uses_defer_family(src: &str) -> bool {
    static WORDS: OnceLock<Regex> = OnceLock::new();
    static COMMENTS: OnceLock<Regex> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        Regex::new(r"\bdefer\b|\bpanic\s*\(|\brecover\s*\(|\bGoexit\s*\(").expect("a valid regex")
    });
    let comments =
        COMMENTS.get_or_init(|| Regex::new(r"(?s)//[^\n]*|/\*.*?\*/").expect("a valid regex"));
    words.is_match(&comments.replace_all(src, ""))
}

/// Judges one file; `None` when it is not a `run` test.
fn judge_file(file: &Path, release: Release, lang: Lang) -> Result<Option<Judged>, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let Ok(src) = String::from_utf8(bytes) else {
        return Err(format!("{}: not UTF-8", file.display()));
    };
    let args = match recipe(&src) {
        Recipe::Other => return Ok(None),
        Recipe::Run { args } => Ok(args),
        Recipe::RunWithFlags(flags) => Err(flags),
    };
    let defer_family = uses_defer_family(&src);
    let judged = |verdict| {
        Ok(Some(Judged {
            file: file.to_path_buf(),
            defer_family,
            verdict,
        }))
    };
    let shown = file.display().to_string();
    let header = src.split("\npackage").next().unwrap_or("");
    for line in header.lines() {
        if !(line.starts_with("//go:build ") || line.starts_with("// +build ")) {
            continue;
        }
        match constraint_holds(line, release) {
            Ok(true) => {}
            Ok(false) => {
                return judged(Verdict::Skipped {
                    constraint: line.to_string(),
                });
            }
            Err(tag) => {
                return judged(Verdict::Refused {
                    refusal: Refusal {
                        construct: format!(
                            "a build constraint on {tag} (the GOEXPERIMENT setting is not modeled)"
                        ),
                        at: shown,
                    },
                });
            }
        }
    }
    let args = match args {
        Ok(args) => args,
        Err(flags) => {
            return judged(Verdict::Refused {
                refusal: Refusal {
                    construct: format!("a test run with the flags {flags}"),
                    at: shown,
                },
            });
        }
    };
    // `go run` takes the leading arguments ending in `.go` as more files of the program.
    let files: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .take_while(|a| a.ends_with(".go"))
        .collect();
    if !files.is_empty() {
        return judged(Verdict::Refused {
            refusal: Refusal {
                construct: format!("a program of several files (with {})", files.join(" ")),
                at: shown,
            },
        });
    }
    let expected = expected_output(file)?;
    judged(verdict(&shown, &src, &expected, release, lang, args))
}

/// What the test expects to print: the `.out` file beside it, or nothing.
fn expected_output(file: &Path) -> Result<Vec<u8>, String> {
    let out = file.with_extension("out");
    match std::fs::read(&out) {
        Ok(b) => Ok(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", out.display())),
    }
}

/// The model's verdict on a test: load, run, compare as Go's runner does.
fn verdict(
    file: &str,
    src: &str,
    expected: &[u8],
    release: Release,
    lang: Lang,
    args: Vec<String>,
) -> Verdict {
    let outcome = model::caught(|| {
        let program = match gosem_model::load(file, src, lang.version()) {
            Ok(p) => p,
            Err(r) => return Err(r),
        };
        let name = Path::new(file)
            .file_stem()
            .map_or_else(|| "main".into(), |s| s.to_string_lossy());
        let params = Params {
            toolchain: release.version(),
            lang: lang.version(),
            godebug: Godebug::default(),
            args: std::iter::once(format!("./{name}")).chain(args).collect(),
            fuel: DEFAULT_FUEL,
            mutant: None,
        };
        Ok(program.run(&params))
    });
    let run = match outcome {
        Err(panicked) => return Verdict::Internal { message: panicked },
        Ok(Err(Rejection::Unsupported(d))) => {
            return Verdict::Refused {
                refusal: (&d).into(),
            };
        }
        Ok(Err(Rejection::Internal(d))) => {
            return Verdict::Internal {
                message: d.to_string(),
            };
        }
        Ok(Err(Rejection::Compile(ds))) => {
            return Verdict::Wrong {
                why: format!(
                    "the model rejects a program gc compiles:\n{}",
                    model::diagnostics(&ds).trim_end()
                ),
            };
        }
        Ok(Ok(run)) => run,
    };
    match &run.status {
        Status::Exhausted => Verdict::Exhausted,
        Status::Unsupported(d) => Verdict::Refused { refusal: d.into() },
        Status::Internal(d) => Verdict::Internal {
            message: d.to_string(),
        },
        Status::Exited(code) => {
            // Go's runner reads both streams as one, with CRLF as LF.
            let actual = run.combined();
            let actual = String::from_utf8_lossy(&actual).replace("\r\n", "\n");
            let mut why = Vec::new();
            if *code != 0 {
                why.push(format!("exit status {code}, the test expects 0"));
            }
            if actual.as_bytes() != expected {
                why.push(format!(
                    "output differs:\n{}",
                    unified_diff(expected, actual.as_bytes(), GOTEST_VS_MODEL).trim_end()
                ));
            }
            if why.is_empty() {
                Verdict::Correct
            } else {
                Verdict::Wrong {
                    why: why.join("\n"),
                }
            }
        }
    }
}

/// The expected side is the test's `.out` file.
const GOTEST_VS_MODEL: Sides = Sides {
    expected: "expected",
    actual: "model",
};

/// The report for people: a line per test that is not correct (every test when `verbose`),
/// then refusals by construct and counts by verdict.
pub fn text(report: &Report, verbose: bool) -> String {
    let mut out = String::new();
    for (dir, release, lang) in &report.settings {
        let _ = writeln!(
            out,
            "{}: the model as {release}, language {lang}",
            dir.display()
        );
    }
    for j in &report.tests {
        if j.verdict.kind() == Kind::Correct && !verbose {
            continue;
        }
        let label = j.verdict.kind().label().to_uppercase();
        let detail = j.verdict.detail();
        let mut lines = detail.lines();
        match lines.next() {
            Some(first) => {
                let _ = writeln!(out, "{label:<10} {}: {first}", j.file.display());
            }
            None => {
                let _ = writeln!(out, "{label:<10} {}", j.file.display());
            }
        }
        for l in lines {
            let _ = writeln!(out, "    {l}");
        }
    }
    for e in &report.errors {
        let _ = writeln!(out, "error: {e}");
    }
    let refusals = report.refusals();
    if !refusals.is_empty() {
        out.push_str("\nrefused, by construct:\n");
        for (c, n) in &refusals {
            let _ = writeln!(out, "{n:>6}  {c}");
        }
    }
    out.push('\n');
    out.push_str(&summary(report));
    out
}

/// The counts by verdict: all tests, and those that use defer, panic, recover or Goexit.
pub fn summary(report: &Report) -> String {
    let rows = [
        ("all", report.tally(|_| true)),
        (
            "defer/panic/recover/Goexit",
            report.tally(|j| j.defer_family),
        ),
    ];
    let width = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let mut out = format!("{:<width$}  {:>6}", "tests", "total");
    for k in Kind::ALL {
        let _ = write!(out, "  {:>9}", k.label());
    }
    out.push('\n');
    for (name, t) in rows {
        let _ = write!(out, "{name:<width$}  {:>6}", t.total());
        for k in Kind::ALL {
            let _ = write!(out, "  {:>9}", t.get(k));
        }
        out.push('\n');
    }
    let all = report.tally(|_| true);
    let _ = writeln!(
        out,
        "{} correct of {}; {} wrong, {} internal error{}",
        all.get(Kind::Correct),
        plural(all.total(), "test"),
        all.get(Kind::Wrong),
        all.get(Kind::Internal),
        if all.get(Kind::Internal) == 1 {
            ""
        } else {
            "s"
        }
    );
    out
}

/// One JSON document: every test's verdict, the refusals by construct and the counts.
pub fn json(report: &Report) -> String {
    #[derive(Serialize)]
    struct Setting<'a> {
        #[serde(serialize_with = "display_path")]
        dir: &'a Path,
        release: String,
        lang: String,
    }
    #[derive(Serialize)]
    struct Document<'a> {
        settings: Vec<Setting<'a>>,
        tests: &'a [Judged],
        errors: &'a [String],
        refusals: BTreeMap<String, usize>,
        summary: Tally,
        defer_family: Tally,
    }
    let document = Document {
        settings: report
            .settings
            .iter()
            .map(|(dir, r, l)| Setting {
                dir,
                release: r.to_string(),
                lang: l.to_string(),
            })
            .collect(),
        tests: &report.tests,
        errors: &report.errors,
        refusals: report.refusals().into_iter().collect(),
        summary: report.tally(|_| true),
        defer_family: report.tally(|j| j.defer_family),
    };
    serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string())
}

/// JUnit XML: one test suite per directory, one test case per test; wrong answers and
/// internal errors are failures, refusals and exhaustion are skipped tests with their reason.
pub fn junit(report: &Report) -> String {
    let mut suites: BTreeMap<String, Vec<&Judged>> = BTreeMap::new();
    for j in &report.tests {
        let dir = j
            .file
            .parent()
            .map_or_else(String::new, |p| p.display().to_string());
        suites.entry(dir).or_default().push(j);
    }
    let failing = |j: &Judged| matches!(j.verdict.kind(), Kind::Wrong | Kind::Internal);
    let failures = report.tests.iter().filter(|j| failing(j)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"gosem gotest\" tests=\"{}\" failures=\"{failures}\" errors=\"{}\">",
        report.tests.len() + report.errors.len(),
        report.errors.len()
    );
    for (dir, tests) in &suites {
        let skipped = tests
            .iter()
            .filter(|j| !failing(j) && j.verdict.kind() != Kind::Correct)
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{skipped}\" errors=\"0\">",
            xml(dir),
            tests.len(),
            tests.iter().filter(|j| failing(j)).count()
        );
        for j in tests {
            let name = j
                .file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                xml(dir),
                xml(&name),
                xml(&j.file.display().to_string())
            );
            let kind = j.verdict.kind();
            let detail = xml(&j.verdict.detail());
            match kind {
                Kind::Correct => out.push_str("/>\n"),
                Kind::Wrong | Kind::Internal => {
                    let message = detail.lines().next().unwrap_or("").to_string();
                    let _ = write!(
                        out,
                        ">\n      <failure type=\"{}\" message=\"{message}\">{detail}</failure>\n    </testcase>\n",
                        kind.label()
                    );
                }
                _ => {
                    let _ = write!(
                        out,
                        ">\n      <skipped message=\"{}: {detail}\"/>\n    </testcase>\n",
                        kind.label()
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recipe_is_read_as_go_test_runner_reads_it() {
        assert_eq!(
            recipe("// run\n\npackage main\n"),
            Recipe::Run { args: vec![] }
        );
        assert_eq!(
            recipe("// +build linux\n// run\n\npackage main\n"),
            Recipe::Run { args: vec![] }
        );
        assert_eq!(
            recipe("// run -gcflags=-l\n\npackage main\n"),
            Recipe::RunWithFlags("-gcflags=-l".to_string())
        );
        assert_eq!(
            recipe("// run -t 10 a 'b c'\n\npackage main\n"),
            Recipe::Run {
                args: vec!["a".to_string(), "b c".to_string()]
            }
        );
        assert_eq!(recipe("// errorcheck\n\npackage main\n"), Recipe::Other);
        assert_eq!(recipe("// runoutput\n\npackage main\n"), Recipe::Other);
        assert_eq!(recipe("// run\npackage main\n"), Recipe::Other);
        assert_eq!(recipe("\n// run\n\npackage main\n"), Recipe::Other);
    }

    #[test]
    fn build_constraints_hold_for_linux_amd64_gc() {
        let r: Release = "go1.19.8".parse().expect("release");
        let holds = |e: &str| constraint_holds(e, r);
        assert_eq!(holds("// +build !aix"), Ok(true));
        assert_eq!(holds("// +build aix"), Ok(false));
        assert_eq!(holds("// +build !windows !arm64"), Ok(true));
        assert_eq!(holds("// +build !nacl,!js,gc"), Ok(true));
        assert_eq!(holds("// +build !nacl,!js,!gccgo"), Ok(true));
        assert_eq!(holds("// +build linux darwin"), Ok(true));
        assert_eq!(holds("//go:build !wasm"), Ok(true));
        assert_eq!(holds("//go:build (linux || darwin) && !arm64"), Ok(true));
        assert_eq!(holds("//go:build go1.20"), Ok(false));
        assert_eq!(holds("//go:build go1.18 && amd64"), Ok(true));
        assert!(holds("//go:build goexperiment.unified").is_err());
    }

    #[test]
    fn the_defer_family_is_found_outside_comments() {
        assert!(uses_defer_family("func f() { defer g() }"));
        assert!(uses_defer_family("x := recover ()"));
        assert!(uses_defer_family("runtime.Goexit()"));
        assert!(!uses_defer_family(
            "// defer panic(x)\n/* recover() */ var deferred = 1"
        ));
        assert!(!uses_defer_family("var panicky = 1"));
    }

    fn write(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    #[test]
    fn a_tree_is_judged_test_by_test() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("test");
        write(dir.path(), "VERSION", "go1.19.8\ntime 2023\n");
        let hello = "// run\n\npackage main\n\nfunc main() { println(\"hello\") }\n";
        write(&root, "hello.go", hello);
        write(&root, "hello.out", "hello\n");
        write(&root, "quiet.go", hello);
        let bad = "// run\n\npackage main\n\nfunc main() { panic(\"boom\") }\n";
        write(&root, "sub/bad.go", bad);
        let chans = "// run\n\npackage main\n\nfunc main() { c := make(chan int); _ = c }\n";
        write(&root, "chans.go", chans);
        write(
            &root,
            "aix.go",
            "// run\n\n// +build aix\n\npackage main\n\nfunc main() {}\n",
        );
        write(&root, "check.go", "// errorcheck\n\npackage main\n");
        write(
            &root,
            "two.go",
            &hello.replacen("// run", "// run two1.go", 1),
        );
        write(&root, "x.dir/a.go", hello);
        let report = run(&Options {
            dirs: vec![root.clone()],
            go: None,
            lang: None,
            jobs: 2,
        });
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.settings[0].1.to_string(), "go1.19.8");
        let verdicts: Vec<(String, Kind)> = report
            .tests
            .iter()
            .map(|j| {
                let rel = j.file.strip_prefix(&root).expect("under root");
                (rel.display().to_string(), j.verdict.kind())
            })
            .collect();
        assert_eq!(
            verdicts,
            [
                ("aix.go".to_string(), Kind::Skipped),
                ("chans.go".to_string(), Kind::Refused),
                ("hello.go".to_string(), Kind::Correct),
                ("quiet.go".to_string(), Kind::Wrong),
                ("sub/bad.go".to_string(), Kind::Wrong),
                ("two.go".to_string(), Kind::Refused),
            ]
        );
        assert!(report.failed());
        let Verdict::Wrong { why } = &report.tests[3].verdict else {
            panic!("quiet.go is wrong");
        };
        assert!(why.contains("-\n") || why.contains("+hello"), "{why}");
        let Verdict::Wrong { why } = &report.tests[4].verdict else {
            panic!("bad.go is wrong");
        };
        assert!(
            why.starts_with("exit status 2, the test expects 0"),
            "{why}"
        );
        let text = text(&report, false);
        assert!(text.contains("\n     1  channel type\n"), "{text}");
        assert!(
            text.contains("\n     1  a program of several files (with two1.go)\n"),
            "{text}"
        );
        assert!(
            text.contains("1 correct of 6 tests; 2 wrong, 0 internal errors"),
            "{text}"
        );
        let doc: serde_json::Value = serde_json::from_str(&json(&report)).expect("JSON");
        assert_eq!(doc["summary"]["wrong"], 2);
        assert_eq!(doc["defer_family"]["total"], 1);
        assert_eq!(doc["tests"][2]["verdict"], "correct");
        let xml = junit(&report);
        assert_eq!(xml.matches("<failure ").count(), 2, "{xml}");
        assert_eq!(xml.matches("<skipped ").count(), 3, "{xml}");
    }
}
