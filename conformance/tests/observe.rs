//! `gosem observe`: the instrumentation is faithful (checked on the model), the observed
//! invariants hold on the observable part of every valid trace and catch planted faults, and,
//! with GOSEM_TOOLCHAIN_TESTS=1, hold on what go1.27.3 did.

use gosem_conformance::exhaust::{self, Program};
use gosem_conformance::observe::{self, canonical, instrumented, observable, parse};
use gosem_model::events::{Ending, Event};
use gosem_model::{Params, Status, Version};

const GO: Version = Version::new(1, 27, Some(3));

/// The largest size whose every program the model-only tests run.
const SIZE: usize = 3;

/// The model's run of `src`: its events, stdout, exit status and stderr.
fn run(src: &str) -> (Vec<Event>, Vec<u8>, i32, Vec<u8>) {
    let program = gosem_model::load("prog.go", src, GO.language())
        .unwrap_or_else(|e| panic!("not loaded: {e}\n{src}"));
    let run = program.run_recorded(&Params::new(GO, "prog"));
    let Status::Exited(code) = run.status else {
        panic!("{:?}\n{src}", run.status);
    };
    (run.events, run.stdout, code, run.stderr)
}

fn all_programs() -> Vec<Program> {
    (0..=SIZE).flat_map(exhaust::programs).collect()
}

/// The key test of the instrumentation: what the instrumented program prints, read back, is
/// exactly the observable part of the original program's events.
#[test]
fn the_instrumented_program_prints_the_observable_events_of_the_original() {
    let programs = all_programs();
    assert!(programs.len() > 1000, "{}", programs.len());
    for p in &programs {
        let (original, ..) = run(&exhaust::source(p));
        let src = instrumented(p);
        let (_, stdout, code, stderr) = run(&src);
        let printed = parse(&stdout, code, &stderr)
            .unwrap_or_else(|e| panic!("{e}\n{src}\n{}", String::from_utf8_lossy(&stdout)));
        assert_eq!(
            canonical(&printed),
            canonical(&observable(&original)),
            "\n{}\n{src}",
            exhaust::source(p)
        );
    }
}

/// The observed invariants are the full ones restricted: they hold on the observable part of
/// every valid trace (the model's, which `gosem exhaust` checks in full).
#[test]
fn the_observable_part_of_every_valid_trace_holds_every_observed_invariant() {
    for p in all_programs() {
        let (events, ..) = run(&exhaust::source(&p));
        assert_eq!(gosem_spec::check_trace_at(&events, GO), vec![]);
        let seen = observable(&events);
        assert_eq!(
            gosem_spec::check_observed(&seen, GO),
            vec![],
            "{}\n{seen:#?}",
            exhaust::source(&p)
        );
    }
}

/// The observed trace of a program: the model's, as the instrumented program prints it.
fn printed(src_of: &str) -> Vec<Event> {
    let (events, ..) = run(src_of);
    observable(&events)
}

const TWO_DEFERS: &str = r#"package main

func main() {
	defer f1()
	defer f2()
}

func f1() {
}

func f2() {
}
"#;

/// Planted faults: each breaks the invariant that forbids it, at the fault.
#[test]
fn a_planted_fault_is_reported_with_its_invariant() {
    let good = printed(TWO_DEFERS);
    assert_eq!(gosem_spec::check_observed(&good, GO), vec![]);
    let starts: Vec<usize> = (0..good.len())
        .filter(|&k| matches!(good[k], Event::DeferStart { .. }))
        .collect();
    assert_eq!(starts.len(), 2, "{good:#?}");

    // The two deferred calls start in the order they were registered.
    let mut swapped = good.clone();
    let (a, b) = (starts[0], starts[1]);
    let (Event::DeferStart { id: first, .. }, Event::DeferStart { id: second, .. }) =
        (&good[a], &good[b])
    else {
        unreachable!()
    };
    for (k, id) in [(a, *second), (b, *first)] {
        if let Event::DeferStart { id: d, .. } = &mut swapped[k] {
            *d = id;
        }
        if let Event::Enter { deferred, .. } = &mut swapped[k + 1] {
            *deferred = Some(id);
        }
    }
    let found = gosem_spec::check_observed(&swapped, GO);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].invariant, "INV-LIFO");
    assert_eq!(found[0].witness.last(), Some(&a), "{found:#?}");
    assert!(found[0].explanation.contains("is newer"), "{found:#?}");

    // The older call never starts: main ends with it pending.
    let mut dropped = good.clone();
    dropped.drain(starts[1]..good.len() - 1);
    let found = gosem_spec::check_observed(&dropped, GO);
    assert_eq!(
        found.iter().map(|v| v.invariant).collect::<Vec<_>>(),
        ["INV-COMPLETE"],
        "{found:#?}"
    );

    // A call starts twice.
    let mut twice = good.clone();
    twice.insert(starts[1] + 2, good[starts[1]].clone());
    twice.insert(starts[1] + 3, renumbered_enter(&good[starts[1] + 1]));
    let found = gosem_spec::check_observed(&twice, GO);
    assert!(
        found.iter().any(|v| v.invariant == "INV-ONCE"),
        "{found:#?}"
    );

    // Something happens after the end.
    let mut late = good.clone();
    late.push(good[starts[0] - 1].clone());
    let found = gosem_spec::check_observed(&late, GO);
    assert_eq!(found[0].invariant, "INV-EXIT-LAST", "{found:#?}");
}

/// The `Enter` `e` again, as a new frame.
fn renumbered_enter(e: &Event) -> Event {
    let Event::Enter {
        caller,
        func,
        deferred,
        ..
    } = e
    else {
        panic!("not an Enter: {e:?}")
    };
    Event::Enter {
        frame: 1000,
        caller: *caller,
        func: func.clone(),
        deferred: *deferred,
    }
}

const RECOVERS: &str = r#"package main

func main() {
	defer func() { recover() }()
	defer f1()
	panic(1)
}

func f1() {
	recover()
}
"#;

/// A recover that returns a panic twice, or outside a deferred call, breaks INV-RECOVER.
#[test]
fn a_wrong_recover_is_reported() {
    let good = printed(RECOVERS);
    assert_eq!(gosem_spec::check_observed(&good, GO), vec![]);
    let recovers: Vec<usize> = (0..good.len())
        .filter(|&k| matches!(good[k], Event::Recover { .. }))
        .collect();
    assert_eq!(recovers.len(), 2, "{good:#?}");
    let Event::Recover { recovered, .. } = &good[recovers[0]] else {
        unreachable!()
    };
    assert!(recovered.is_some(), "f1 recovers the panic: {good:#?}");
    let mut again = good.clone();
    if let Event::Recover { recovered: r, .. } = &mut again[recovers[1]] {
        *r = *recovered;
    }
    let found = gosem_spec::check_observed(&again, GO);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].invariant, "INV-RECOVER");
    assert!(found[0].witness.contains(&recovers[0]), "{found:#?}");
    assert_eq!(found[0].witness.last(), Some(&recovers[1]));

    // A newer panic is current: recover cannot return the older one.
    let Event::Recover { frame, .. } = &good[recovers[0]] else {
        unreachable!()
    };
    let mut newer = good.clone();
    let panic = Event::Panic {
        id: 999,
        frame: *frame,
        value: String::new(),
        goexit: false,
    };
    newer.insert(recovers[0], panic);
    let found = gosem_spec::check_observed(&newer, GO);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].invariant, "INV-RECOVER");
    assert_eq!(found[0].witness.last(), Some(&(recovers[0] + 1)));
    assert!(found[0].witness.contains(&recovers[0]), "{found:#?}");
}

/// A crash without status 2, and an ending read from gc's output.
#[test]
fn endings_are_read_from_status_and_standard_error() {
    let crash = b"panic: 3 [recovered]\n\tpanic: 5\n\ngoroutine 1 [running]:\nmain.main()\n";
    let ends = |exit, stderr: &[u8]| match parse(b"", exit, stderr).as_deref() {
        Ok([Event::Exit { code, ending }]) => Ok((*code, *ending)),
        other => Err(format!("{other:?}")),
    };
    assert_eq!(ends(2, crash), Ok((2, Ending::Crash)));
    assert_eq!(ends(0, b""), Ok((0, Ending::MainReturned)));
    assert_eq!(
        ends(
            2,
            b"fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n"
        ),
        Ok((2, Ending::GoexitDeadlock))
    );
    assert!(ends(1, b"").is_err());
    assert!(ends(2, b"fatal error: bad recovery\n").is_err());
    assert!(parse(b"E 1 0\n", 0, b"").is_err());
    assert!(parse(b"X 1\n", 3, b"panic: 1\n").is_err());

    let events = parse(b"E 1 0 -1 main.main\nP 2 1\n", 0, crash).expect("parses");
    let found = gosem_spec::check_observed(&events, GO);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].invariant, "INV-CRASH");
    let events = parse(b"E 1 0 -1 main.main\nX 1\nR 1\n", 3, b"").expect("parses");
    let found = gosem_spec::check_observed(&events, GO);
    assert_eq!(found[0].invariant, "INV-OSEXIT", "{found:#?}");
}

/// Whether to run the tests with real toolchains; panics when asked to without go1.27.3.
fn enabled() -> Option<gosem_conformance::toolchain::Toolchain> {
    if std::env::var_os("GOSEM_TOOLCHAIN_TESTS").is_none_or(|v| v != "1") {
        eprintln!("skipped: set GOSEM_TOOLCHAIN_TESTS=1 to run tests with real Go toolchains");
        return None;
    }
    let found = gosem_conformance::toolchain::discover(&[]);
    let spec = "1.27.3".parse().expect("a version");
    let chosen = gosem_conformance::toolchain::select(&found.toolchains, &[spec])
        .expect("GOSEM_TOOLCHAIN_TESTS=1 but go1.27.3 is not installed");
    chosen.into_iter().next()
}

/// A few hundred programs run by go1.27.3: every observed invariant holds, nothing poisoned.
#[test]
fn go1_27_3_holds_every_observed_invariant() {
    let Some(toolchain) = enabled() else {
        return;
    };
    let options = observe::Options {
        count: 300,
        max_size: 8,
        toolchain: toolchain.clone(),
        batch: 150,
        timeout: std::time::Duration::from_secs(10),
    };
    let summary = observe::run(&options, &mut |_, _| {});
    let text = summary.text(&toolchain);
    assert_eq!(summary.programs, 300, "{text}");
    assert_eq!(summary.checked, 300, "{text}");
    assert!(!summary.failed(), "{text}");
    assert!(summary.events > 300 * 3, "{text}");
}
