//! `gosem run`: a drop-in for `go build FILE.go && ./FILE ARGS`, answered by the model
//! instead of a toolchain.

use std::io::Write;
use std::path::{Path, PathBuf};

use gosem_model::{CompileErrors, DEFAULT_FUEL, Params, Program, Rejection, Status, Step, Stream};
use serde::Serialize;

use crate::model;
use crate::verdict::{GO_RUN_HEADER, Refusal};
use crate::version::{Lang, PINNED, Release, VersionSpec};

/// The exit status when the step budget runs out (as `timeout(1)` says).
pub const EXIT_EXHAUSTED: i32 = 124;
/// The exit status for a program outside the modeled subset (`git bisect run`'s "cannot test").
pub const EXIT_UNSUPPORTED: i32 = 125;
/// The exit status when the file cannot be read, as `go run`'s.
pub const EXIT_UNREADABLE: i32 = 1;
/// The exit status for a bug of the model (sysexits' `EX_SOFTWARE`): never an answer about the
/// program, and never mistaken for a refusal.
pub const EXIT_INTERNAL: i32 = 70;

/// How `--trace` prints steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceFormat {
    /// One aligned line per step.
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub file: PathBuf,
    /// The toolchain to imitate; the newest of the pinned matrix when absent.
    pub go: Option<VersionSpec>,
    /// The go.mod `go` line; the toolchain's own when absent.
    pub lang: Option<Lang>,
    /// GODEBUG settings, `key=value` each.
    pub godebug: Vec<String>,
    pub trace: Option<TraceFormat>,
    /// `os.Args[1:]`.
    pub args: Vec<String>,
}

/// A program loaded as `gosem run` loads it, with the parameters to run it under.
pub struct Loaded {
    pub program: Program,
    pub params: Params,
    /// The file as diagnostics name it.
    pub file: String,
    pub source: String,
}

/// Reads, parses and checks `file` for the toolchain `go` and language `lang` (the newest pinned
/// release and its language when absent), with GODEBUG settings and `os.Args[1:]`. When the
/// program cannot run, says why on `stderr` as `gosem run` does and gives its exit status.
pub fn load(
    file: &Path,
    go: Option<VersionSpec>,
    lang: Option<Lang>,
    godebug: &[String],
    args: &[String],
    stderr: &mut dyn Write,
) -> Result<Loaded, i32> {
    let shown = display_path(file);
    let source = match std::fs::read_to_string(file) {
        Ok(source) => source,
        Err(e) => {
            let _ = writeln!(stderr, "gosem: {shown}: {e}");
            return Err(EXIT_UNREADABLE);
        }
    };
    let release = release_for(go);
    let lang = lang.unwrap_or(release.lang());
    let godebug = match model::godebug(&godebug.join(",")) {
        Ok(g) => g,
        Err(refusal) => return Err(unsupported(stderr, &refusal)),
    };
    let program = match gosem_model::load(&shown, &source, lang.version()) {
        Ok(p) => p,
        Err(Rejection::Unsupported(d)) => return Err(unsupported(stderr, &(&d).into())),
        Err(Rejection::Internal(d)) => return Err(internal(stderr, &d.to_string())),
        Err(Rejection::Compile(errors)) => return Err(rejected(stderr, &errors, release, &shown)),
    };
    let params = Params {
        toolchain: release.version(),
        lang: lang.version(),
        godebug,
        args: argv(file, args),
        fuel: DEFAULT_FUEL,
        mutant: None,
    };
    Ok(Loaded {
        program,
        params,
        file: shown,
        source,
    })
}

/// Runs the program on the model, writing what the binary would print to `stdout` and
/// `stderr` (with the trace, if asked for, on `stderr` first), and returns the exit status.
pub fn run(options: &Options, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    match model::caught(|| run_guarded(options, stdout, stderr)) {
        Ok(code) => code,
        Err(panicked) => internal(stderr, &panicked),
    }
}

fn run_guarded(options: &Options, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let loaded = match load(
        &options.file,
        options.go,
        options.lang,
        &options.godebug,
        &options.args,
        stderr,
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Loaded {
        program,
        params,
        file,
        ..
    } = loaded;
    let run = match options.trace {
        None => program.run(&params),
        Some(format) => program.run_traced(&params, &mut |step| {
            let _ = writeln!(stderr, "{}", trace_line(format, step));
        }),
    };
    match &run.status {
        Status::Exited(code) => {
            // The writes in the program's order, so that a terminal (or a file receiving both
            // streams) shows what the binary would.
            let (mut o, mut e) = (0, 0);
            for &(stream, n) in &run.interleaving {
                let (out, buf, at): (&mut dyn Write, _, _) = match stream {
                    Stream::Stdout => (&mut *stdout, &run.stdout, &mut o),
                    Stream::Stderr => (&mut *stderr, &run.stderr, &mut e),
                };
                let _ = out
                    .write_all(buf.get(*at..*at + n).unwrap_or_default())
                    .and_then(|()| out.flush());
                *at += n;
            }
            *code
        }
        Status::Exhausted => {
            let _ = writeln!(stderr, "gosem: {file}: {}", exhausted());
            EXIT_EXHAUSTED
        }
        Status::Unsupported(d) => unsupported(stderr, &d.into()),
        Status::Internal(d) => internal(stderr, &d.to_string()),
    }
}

/// Why a run that used up its step budget has no outcome.
pub fn exhausted() -> String {
    format!("the step budget of {DEFAULT_FUEL} steps ran out (the program may not terminate)")
}

/// Says on `stderr` that the program is outside the modeled subset; gives the exit status for it.
pub fn unsupported(stderr: &mut dyn Write, refusal: &Refusal) -> i32 {
    let _ = writeln!(stderr, "gosem: {refusal} (outside the modeled subset)");
    EXIT_UNSUPPORTED
}

/// Says on `stderr` what `go run` prints for a program gc rejects, and gives its exit status.
/// Where the model does not know all of gc's output, it says so on a last line, after its
/// errors in its own words where it does not know gc's.
fn rejected(stderr: &mut dyn Write, errors: &CompileErrors, release: Release, file: &str) -> i32 {
    let go = release.version();
    let report = errors.gc_report(go, file);
    let mut text = GO_RUN_HEADER.to_string();
    match &report.gap {
        None => report
            .errors
            .iter()
            .for_each(|e| text.push_str(&format!("{e}\n"))),
        Some(gap) => {
            for e in &errors.errors {
                text.push_str(&format!("{}\n", e.render(go, file).0));
            }
            text.push_str(&format!(
                "gosem: {} (outside the modeled subset: gc may word or place the errors above otherwise, or report more)\n",
                Refusal::from(gap)
            ));
        }
    }
    let _ = stderr.write_all(text.as_bytes());
    CompileErrors::go_run_exit(go)
}

/// Says on `stderr` that the model failed; gives the exit status for it.
pub fn internal(stderr: &mut dyn Write, what: &str) -> i32 {
    let _ = writeln!(
        stderr,
        "gosem: internal error of the model: {what} (a bug of gosem, not an answer about the program)"
    );
    EXIT_INTERNAL
}

/// The file as `go build` names it in diagnostics: `./x.go` for a file in the current
/// directory, otherwise as given.
fn display_path(file: &Path) -> String {
    let bare = file.is_relative() && file.parent().is_none_or(|p| p.as_os_str().is_empty());
    if bare {
        format!("./{}", file.display())
    } else {
        file.display().to_string()
    }
}

/// `os.Args` of the binary `go build FILE.go` writes, run as `./FILE args...`.
fn argv(file: &Path, args: &[String]) -> Vec<String> {
    let stem = file
        .file_stem()
        .map_or_else(|| "main".into(), |s| s.to_string_lossy());
    std::iter::once(format!("./{stem}"))
        .chain(args.iter().cloned())
        .collect()
}

/// A step as `--trace=json` writes it, fields in reading order.
#[derive(Serialize)]
struct TraceStep<'a> {
    step: u64,
    rule: &'static str,
    func: &'a str,
    line: u32,
    col: u32,
    defers: &'a [String],
    panics: &'a [String],
}

/// One step of `--trace`.
pub fn trace_line(format: TraceFormat, step: &Step) -> String {
    match format {
        TraceFormat::Text => format!(
            "{:>7}  {:<20}  {}  {}:{}  defers=[{}]  panics=[{}]",
            step.index,
            step.rule.label(),
            step.func,
            step.line,
            step.col,
            step.defers.join(", "),
            step.panics.join(", ")
        ),
        TraceFormat::Json => {
            let line = TraceStep {
                step: step.index,
                rule: step.rule.label(),
                func: &step.func,
                line: step.line,
                col: step.col,
                defers: &step.defers,
                panics: &step.panics,
            };
            // Strings, numbers and lists of strings always serialize.
            serde_json::to_string(&line).unwrap_or_default()
        }
    }
}

/// The release `--go` names: its newest pinned patch, or the newest pinned release.
fn release_for(go: Option<VersionSpec>) -> Release {
    go.map_or(PINNED[PINNED.len() - 1], VersionSpec::model_release)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gosem_model::Rule;

    #[test]
    fn files_in_the_current_directory_get_a_dot_slash() {
        assert_eq!(display_path(Path::new("x.go")), "./x.go");
        assert_eq!(display_path(Path::new("sub/x.go")), "sub/x.go");
        assert_eq!(display_path(Path::new("/tmp/x.go")), "/tmp/x.go");
    }

    #[test]
    fn argv_is_the_binary_go_build_writes() {
        let args = ["a".to_string(), "b c".to_string()];
        assert_eq!(
            argv(Path::new("dir/prog.go"), &args),
            ["./prog", "a", "b c"]
        );
    }

    #[test]
    fn the_default_toolchain_is_the_newest_pinned() {
        assert_eq!(release_for(None).to_string(), "go1.27.3");
        let spec = "1.22".parse().ok();
        assert_eq!(release_for(spec).to_string(), "go1.22.10");
    }

    fn step() -> Step {
        Step {
            index: 12,
            rule: Rule::DeferPush,
            line: 7,
            col: 2,
            func: "main.main".to_string(),
            defers: vec!["main.main.func1".to_string(), "println".to_string()],
            panics: vec!["\"boom\" [recovered]".to_string()],
            frames: Vec::new(),
            frames_omitted: 0,
            stdout: Vec::new(),
            stderr: Vec::new(),
            events: 0,
        }
    }

    #[test]
    fn trace_lines_show_rule_function_defers_and_panics() {
        assert_eq!(
            trace_line(TraceFormat::Text, &step()),
            "     12  Defer/push            main.main  7:2  defers=[main.main.func1, println]  panics=[\"boom\" [recovered]]"
        );
        let json: serde_json::Value =
            serde_json::from_str(&trace_line(TraceFormat::Json, &step())).expect("JSON");
        assert_eq!(json["rule"], "Defer/push");
        assert_eq!(json["step"], 12);
        assert_eq!(json["defers"][1], "println");
        assert_eq!(json["panics"][0], "\"boom\" [recovered]");
        assert!(trace_line(TraceFormat::Json, &step()).starts_with("{\"step\":12,\"rule\""));
    }

    #[test]
    fn an_unreadable_file_is_its_own_exit_status() {
        let options = Options {
            file: PathBuf::from("/nonexistent/x.go"),
            go: None,
            lang: None,
            godebug: Vec::new(),
            trace: None,
            args: Vec::new(),
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(run(&options, &mut out, &mut err), EXIT_UNREADABLE);
        assert!(String::from_utf8_lossy(&err).starts_with("gosem: /nonexistent/x.go: "));
    }

    /// `gosem run` on `src` at release `go`: the exit status and stderr.
    fn run_source(src: &str, go: &str) -> (i32, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("x.go");
        std::fs::write(&file, src).expect("write");
        let options = Options {
            file,
            go: Some(go.parse().expect("a release")),
            lang: None,
            godebug: Vec::new(),
            trace: None,
            args: Vec::new(),
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&options, &mut out, &mut err);
        let shown = String::from_utf8_lossy(&err).replace(&dir.path().display().to_string(), "");
        (code, shown)
    }

    #[test]
    fn a_rejection_prints_what_go_run_prints_for_the_release() {
        let src = "package main\n\nfunc main() {\n\tx := 1\n}\n";
        assert_eq!(
            run_source(src, "1.19.8"),
            (
                2,
                "# command-line-arguments\n/x.go:4:2: x declared but not used\n".to_string()
            )
        );
        assert_eq!(
            run_source(src, "1.27.3"),
            (
                1,
                "# command-line-arguments\n/x.go:4:2: declared and not used: x\n".to_string()
            )
        );
    }

    #[test]
    fn a_partial_rejection_says_so_on_its_last_line() {
        let src = "package main\n\nfunc main() {\n\tdefer recover\n}\n";
        let (code, err) = run_source(src, "1.27.3");
        assert_eq!(code, 1);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines[..2],
            [
                "# command-line-arguments",
                "/x.go:4:8: expression in defer must be function call"
            ]
        );
        assert!(
            lines[2].starts_with(
                "gosem: /x.go:4:8: unsupported: the compile errors gc reports after this one"
            ),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_godebug_setting_cannot_be_tested() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("x.go");
        std::fs::write(&file, "package main\n\nfunc main() {}\n").expect("write");
        let options = Options {
            file,
            go: None,
            lang: None,
            godebug: vec!["madeup=1".to_string()],
            trace: None,
            args: Vec::new(),
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(run(&options, &mut out, &mut err), EXIT_UNSUPPORTED);
        let err = String::from_utf8_lossy(&err);
        assert!(
            err.starts_with("gosem: GODEBUG=madeup=1: ")
                && err.ends_with("(outside the modeled subset)\n"),
            "{err}"
        );
    }
}
