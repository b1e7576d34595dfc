//! Running a child process with a deadline.
//!
//! Every child runs in its own process group so that a timeout kills everything it started
//! (`go build` runs the compiler and linker as children; a test program may fork). Output is
//! captured up to a limit so a runaway program cannot exhaust memory.

use std::io::{self, Read};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process_group};

/// The most output kept per stream; a program printing more is not a sensible case.
pub const OUTPUT_LIMIT: usize = 16 << 20;

/// How long to wait for the pipes to close after the group was killed. A process that left
/// the group (setsid) can hold them open for ever; it is abandoned after this.
const DRAIN_GRACE: Duration = Duration::from_secs(5);

/// What a finished child left behind.
#[derive(Debug)]
pub struct Captured {
    /// The exit code, or 128 + the signal number for a child killed by a signal (as shells say).
    pub exit: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Why a child produced no usable result.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("cannot start: {0}")]
    Spawn(io::Error),
    #[error("lost track of the process: {0}")]
    Wait(io::Error),
    #[error("timed out after {} s", .0.as_secs_f64())]
    Timeout(Duration),
    #[error("wrote more than {limit} MiB to {0}", limit = OUTPUT_LIMIT >> 20)]
    TooMuchOutput(&'static str),
}

enum Event {
    Exited(io::Result<ExitStatus>),
    Stdout(io::Result<Vec<u8>>),
    Stderr(io::Result<Vec<u8>>),
}

/// Runs `cmd` (stdin empty, stdout and stderr captured) and kills its process group if it is
/// still running after `timeout`.
pub fn run(cmd: &mut Command, timeout: Duration) -> Result<Captured, Failure> {
    let deadline = Instant::now() + timeout;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(Failure::Spawn)?;
    let group = Pid::from_child(&child);

    let (tx, rx) = mpsc::channel();
    // Plain threads rather than scoped ones: a reader stuck on a pipe held by an escaped
    // grandchild must not stop this function from returning.
    let (out, err) = (child.stdout.take(), child.stderr.take());
    let (tx_out, tx_err) = (tx.clone(), tx.clone());
    let started = watch(move || Event::Stdout(read_all(out)), tx_out)
        .and_then(|()| watch(move || Event::Stderr(read_all(err)), tx_err))
        .and_then(|()| watch(move || Event::Exited(child.wait()), tx));
    if let Err(e) = started {
        // The child must not outlive a failure to watch it.
        let _ = kill_process_group(group, Signal::KILL);
        return Err(Failure::Wait(e));
    }

    let (mut status, mut stdout, mut stderr) = (None, None, None);
    let mut timed_out = false;
    while status.is_none() || stdout.is_none() || stderr.is_none() {
        let wait = if timed_out {
            DRAIN_GRACE
        } else {
            deadline.saturating_duration_since(Instant::now())
        };
        match rx.recv_timeout(wait) {
            Ok(Event::Exited(s)) => status = Some(s),
            Ok(Event::Stdout(o)) => stdout = Some(o),
            Ok(Event::Stderr(e)) => stderr = Some(e),
            Err(mpsc::RecvTimeoutError::Timeout) if !timed_out => {
                // The group still has a live member (the child is not reaped, or a grandchild
                // holds a pipe), so its id cannot have been reused: killing it is safe.
                // It may have emptied just now; then there is nothing left to kill.
                let _ = kill_process_group(group, Signal::KILL);
                timed_out = true;
            }
            Err(_) => break,
        }
    }
    if timed_out {
        return Err(Failure::Timeout(timeout));
    }
    let lost = || io::Error::other("a reader thread ended early");
    let status = status
        .unwrap_or_else(|| Err(lost()))
        .map_err(Failure::Wait)?;
    let stdout = stdout
        .unwrap_or_else(|| Err(lost()))
        .map_err(Failure::Wait)?;
    let stderr = stderr
        .unwrap_or_else(|| Err(lost()))
        .map_err(Failure::Wait)?;
    if stdout.len() > OUTPUT_LIMIT {
        return Err(Failure::TooMuchOutput("stdout"));
    }
    if stderr.len() > OUTPUT_LIMIT {
        return Err(Failure::TooMuchOutput("stderr"));
    }
    let exit = match (status.code(), status.signal()) {
        (Some(code), _) => code,
        (None, Some(signal)) => 128 + signal,
        (None, None) => -1,
    };
    Ok(Captured {
        exit,
        stdout,
        stderr,
    })
}

/// Runs `f` on a thread of its own and sends its result.
fn watch(f: impl FnOnce() -> Event + Send + 'static, tx: mpsc::Sender<Event>) -> io::Result<()> {
    thread::Builder::new().spawn(move || tx.send(f())).map(drop)
}

fn read_all(pipe: Option<impl Read>) -> io::Result<Vec<u8>> {
    match pipe {
        Some(pipe) => read_capped(pipe),
        None => Ok(Vec::new()),
    }
}

/// Reads up to one byte past [`OUTPUT_LIMIT`] (so the caller can tell it was exceeded),
/// then drains the rest so the writer never blocks on a full pipe.
fn read_capped(mut pipe: impl Read) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    (&mut pipe)
        .take(OUTPUT_LIMIT as u64 + 1)
        .read_to_end(&mut buf)?;
    io::copy(&mut pipe, &mut io::sink())?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(script);
        cmd
    }

    #[test]
    fn captures_both_streams_and_the_exit_code() {
        let got = run(
            &mut sh("echo out; echo err >&2; exit 3"),
            Duration::from_secs(10),
        )
        .expect("runs");
        assert_eq!(got.exit, 3);
        assert_eq!(got.stdout, b"out\n");
        assert_eq!(got.stderr, b"err\n");
    }

    #[test]
    fn a_signal_death_is_reported_as_128_plus_the_signal() {
        let got = run(&mut sh("kill -TERM $$"), Duration::from_secs(10)).expect("runs");
        assert_eq!(got.exit, 128 + 15);
    }

    #[test]
    fn a_timeout_kills_the_whole_group() {
        let dir = tempfile::tempdir().expect("temp dir");
        let marker = dir.path().join("grandchild-survived");
        let script = format!("(sleep 2; touch {}) & sleep 30", marker.display());
        let start = Instant::now();
        let got = run(&mut sh(&script), Duration::from_millis(300));
        assert!(matches!(got, Err(Failure::Timeout(_))), "{got:?}");
        assert!(start.elapsed() < Duration::from_secs(5));
        thread::sleep(Duration::from_secs(3));
        assert!(!marker.exists(), "the grandchild was killed with its group");
    }

    #[test]
    fn a_grandchild_holding_the_pipe_is_bounded_by_the_deadline() {
        let start = Instant::now();
        let got = run(
            &mut sh("sleep 30 & echo started"),
            Duration::from_millis(300),
        );
        assert!(matches!(got, Err(Failure::Timeout(_))), "{got:?}");
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_missing_program_is_a_spawn_failure() {
        let got = run(&mut Command::new("/nonexistent/go"), Duration::from_secs(1));
        assert!(matches!(got, Err(Failure::Spawn(_))), "{got:?}");
    }

    #[test]
    fn output_beyond_the_limit_is_refused() {
        let script = format!("head -c {} /dev/zero", OUTPUT_LIMIT + 10);
        let got = run(&mut sh(&script), Duration::from_secs(30));
        assert!(
            matches!(got, Err(Failure::TooMuchOutput("stdout"))),
            "{got:?}"
        );
    }
}
