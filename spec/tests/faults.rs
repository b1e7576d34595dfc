//! Broken traces: a real trace with one fault put in by hand must break the invariant that
//! forbids that fault, at the fault, with a witness naming the events that show it; and the
//! trace before the fault must still be valid, so that the fault is what is caught.

mod common;

use common::{GO, events, program};
use gosem_model::events::{Ending, Event, Why};
use gosem_model::{Params, Version};

const TWO_DEFERS: &str = r#"package main

import "fmt"

func main() {
	defer fmt.Println("registered first")
	defer fmt.Println("registered second")
	fmt.Println("body")
}
"#;

const TWO_FRAMES: &str = r#"package main

import "fmt"

func f() {
	defer fmt.Println("f's")
}

func main() {
	defer fmt.Println("main's")
	f()
}
"#;

const DOUBLED: &str = r#"package main

import "fmt"

func double() (result int) {
	defer func() {
		result *= 2
	}()
	result = 10
	return
}

func main() {
	fmt.Println(double())
}
"#;

const RECOVER_IN_HELPER: &str = r#"package main

import "fmt"

func helper() any { return recover() }

func main() {
	defer func() {
		fmt.Println("helper:", helper())
		fmt.Println("direct:", recover())
	}()
	panic("boom")
}
"#;

const ABORTS: &str = r#"package main

import "fmt"

func h() (r int) {
	defer func() {
		recover()
		r = 7
	}()
	defer func() {
		defer func() { panic("third") }()
		panic("second")
	}()
	panic("first")
}

func main() {
	fmt.Println(h())
}
"#;

const OS_EXIT: &str = r#"package main

import (
	"fmt"
	"os"
)

func main() {
	defer fmt.Println("never printed")
	os.Exit(3)
}
"#;

const CRASH: &str = r#"package main

func main() {
	panic("boom")
}
"#;

const GOEXIT: &str = r#"package main

import "runtime"

func main() {
	defer println("deferred")
	runtime.Goexit()
}
"#;

/// The fault at `at` breaks `invariant`, whose check names exactly the events `witness`; the
/// trace before `at` is valid.
#[track_caller]
fn assert_caught(events: &[Event], at: usize, invariant: &str, witness: &[usize]) {
    let before = gosem_spec::check_trace(&events[..at]);
    assert!(
        before.is_empty(),
        "the trace is broken before #{at}: {before:#?}"
    );
    let found = gosem_spec::check_trace(events);
    let Some(v) = found.iter().find(|v| v.invariant == invariant) else {
        panic!("{invariant} is not broken; found {found:#?}");
    };
    assert_eq!(v.witness, witness, "{invariant}: {}", v.explanation);
    assert_eq!(v.witness.last(), Some(&at), "{invariant} breaks elsewhere");
}

/// The index of the first event after `from` that satisfies `p`.
#[track_caller]
fn find(events: &[Event], from: usize, p: impl Fn(&Event) -> bool) -> usize {
    match events.iter().skip(from).position(p) {
        Some(i) => from + i,
        None => panic!("no such event after #{from} in {events:#?}"),
    }
}

fn is_defer(e: &Event) -> bool {
    matches!(e, Event::Defer { .. })
}

fn defer_id(e: &Event) -> u64 {
    match e {
        Event::Defer { id, .. } => *id,
        other => panic!("not a Defer: {other:?}"),
    }
}

/// Makes `e`, an `Exit`, end with this status and ending.
#[track_caller]
fn set_exit(e: &mut Event, status: i32, how: Ending) {
    match e {
        Event::Exit { code, ending, .. } => (*code, *ending) = (status, how),
        other => panic!("not an Exit: {other:?}"),
    }
}

/// The `DeferStart` of call `d` and the index of its `DeferEnd`.
fn run_of(events: &[Event], d: u64) -> (usize, usize) {
    let start = find(
        events,
        0,
        |e| matches!(e, Event::DeferStart { id, .. } if *id == d),
    );
    let end = find(
        events,
        start,
        |e| matches!(e, Event::DeferEnd { id, .. } if *id == d),
    );
    (start, end)
}

#[test]
fn the_unbroken_traces_are_valid() {
    for src in [
        TWO_DEFERS,
        TWO_FRAMES,
        DOUBLED,
        RECOVER_IN_HELPER,
        ABORTS,
        OS_EXIT,
        CRASH,
        GOEXIT,
    ] {
        let violations = gosem_spec::check_trace(&events(src));
        assert!(violations.is_empty(), "{src}\n{violations:#?}");
    }
}

#[test]
fn swapped_deferred_calls_break_lifo() {
    let mut ev = events(TWO_DEFERS);
    let first = find(&ev, 0, is_defer);
    let second = find(&ev, first + 1, is_defer);
    let (s2, e2) = run_of(&ev, defer_id(&ev[second]));
    let (s1, e1) = run_of(&ev, defer_id(&ev[first]));
    assert_eq!(e2 + 1, s1, "the two runs are adjacent");
    // The older call's run (start, frame, end) now comes first.
    ev[s2..=e1].rotate_left(e2 + 1 - s2);
    assert_caught(&ev, s2, "INV-LIFO", &[first, second, s2]);
}

#[test]
fn a_dropped_deferred_call_breaks_complete() {
    let mut ev = events(TWO_DEFERS);
    let first = find(&ev, 0, is_defer);
    let (s1, e1) = run_of(&ev, defer_id(&ev[first]));
    ev.drain(s1..=e1);
    let ret = find(&ev, s1, |e| matches!(e, Event::Return { .. }));
    assert_eq!(ret, s1, "main returns right after its other deferred call");
    assert_caught(&ev, ret, "INV-COMPLETE", &[first, ret]);
}

#[test]
fn changed_arguments_break_args() {
    let mut ev = events(TWO_DEFERS);
    let second = find(&ev, 0, is_defer);
    let second = find(&ev, second + 1, is_defer);
    let (start, _) = run_of(&ev, defer_id(&ev[second]));
    if let Event::DeferStart { args, .. } = &mut ev[start] {
        args.push("\"an argument nobody passed\"".into());
    }
    assert_caught(&ev, start, "INV-ARGS", &[second, start]);
}

#[test]
fn a_call_started_twice_breaks_once() {
    let mut ev = events(TWO_DEFERS);
    let second = find(&ev, 0, is_defer);
    let second = find(&ev, second + 1, is_defer);
    let (start, end) = run_of(&ev, defer_id(&ev[second]));
    let again: Vec<Event> = ev[start..=end].to_vec();
    ev.splice(end + 1..end + 1, again);
    assert_caught(&ev, end + 1, "INV-ONCE", &[second, start, end + 1]);
}

#[test]
fn a_call_started_by_another_frame_breaks_same_frame() {
    let mut ev = events(TWO_FRAMES);
    let mains = find(&ev, 0, is_defer);
    let fs = find(&ev, mains + 1, is_defer);
    let (main_id, main_args) = match &ev[mains] {
        Event::Defer { id, args, .. } => (*id, args.clone()),
        _ => unreachable!(),
    };
    let (start, _) = run_of(&ev, defer_id(&ev[fs]));
    // f starts main's pending call, with the arguments main's call was registered with.
    if let Event::DeferStart { id, args, .. } = &mut ev[start] {
        *id = main_id;
        *args = main_args;
    }
    assert_caught(&ev, start, "INV-SAME-FRAME", &[mains, start]);
}

#[test]
fn an_event_between_start_and_entry_breaks_invoke() {
    let mut ev = events(TWO_DEFERS);
    let first = find(&ev, 0, is_defer);
    let returning = find(&ev, first, |e| matches!(e, Event::Returning { .. }));
    let (start, _) = run_of(&ev, defer_id(&ev[first + 1]));
    let extra = ev[returning].clone();
    ev.insert(start + 1, extra);
    assert_caught(&ev, start + 1, "INV-INVOKE", &[start, start + 1]);
}

#[test]
fn results_other_than_the_last_deferred_calls_break_results() {
    let mut ev = events(DOUBLED);
    let end = find(&ev, 0, |e| matches!(e, Event::DeferEnd { .. }));
    let ret = end + 1;
    match &mut ev[ret] {
        Event::Return { results, .. } => *results = vec!["10".into()],
        other => panic!("not the Return after the DeferEnd: {other:?}"),
    }
    assert_caught(&ev, ret, "INV-RESULTS", &[end, ret]);
}

#[test]
fn a_recover_in_a_helper_that_recovers_breaks_recover() {
    let mut ev = events(RECOVER_IN_HELPER);
    let panic = find(&ev, 0, |e| matches!(e, Event::Panic { .. }));
    let p = match &ev[panic] {
        Event::Panic { id, .. } => *id,
        _ => unreachable!(),
    };
    let helper = find(
        &ev,
        0,
        |e| matches!(e, Event::Enter { func, .. } if func == "main.helper"),
    );
    let rec = find(&ev, helper, |e| matches!(e, Event::Recover { .. }));
    match &mut ev[rec] {
        Event::Recover {
            depth, recovered, ..
        } => {
            assert_eq!(*depth, Some(1), "recover is called by the helper");
            *recovered = Some(p);
        }
        _ => unreachable!(),
    }
    assert_caught(&ev, rec, "INV-RECOVER", &[panic, helper, rec]);
}

#[test]
fn a_deferred_call_run_for_an_unknown_panic_breaks_unwind() {
    let mut ev = events(RECOVER_IN_HELPER);
    let panic = find(&ev, 0, |e| matches!(e, Event::Panic { .. }));
    let start = find(&ev, panic, |e| matches!(e, Event::DeferStart { .. }));
    if let Event::DeferStart { why, .. } = &mut ev[start] {
        *why = Why::Panic(u64::MAX);
    }
    assert_caught(&ev, start, "INV-UNWIND", &[panic, start]);
}

#[test]
fn a_recovery_without_recover_breaks_resume() {
    let mut ev = events(RECOVER_IN_HELPER);
    let panic = find(&ev, 0, |e| matches!(e, Event::Panic { .. }));
    let direct = find(&ev, 0, |e| {
        matches!(
            e,
            Event::Recover {
                recovered: Some(_),
                ..
            }
        )
    });
    ev.remove(direct);
    let recovered = find(&ev, direct, |e| matches!(e, Event::Recovered { .. }));
    assert_caught(
        &ev,
        recovered,
        "INV-RESUME",
        &[panic, recovered - 1, recovered],
    );
}

#[test]
fn aborts_out_of_chain_order_break_abort() {
    let mut ev = events(ABORTS);
    let panics: Vec<usize> = (0..ev.len())
        .filter(|&i| matches!(ev[i], Event::Panic { .. }))
        .collect();
    let [first, second, third] = panics[..] else {
        panic!("three panics: {ev:#?}");
    };
    let a = find(&ev, 0, |e| matches!(e, Event::Aborted { .. }));
    let b = find(&ev, a + 1, |e| matches!(e, Event::Aborted { .. }));
    // The first panic is aborted before the second, which is above it on the chain.
    let (ea, eb) = (ev[a].clone(), ev[b].clone());
    ev[a] = eb;
    ev[b] = ea;
    assert_caught(&ev, a, "INV-ABORT", &[first, second, third, a]);
}

#[test]
fn a_crash_with_status_one_breaks_crash() {
    let mut ev = events(CRASH);
    let panic = find(&ev, 0, |e| matches!(e, Event::Panic { .. }));
    let unwound = find(&ev, panic, |e| matches!(e, Event::Unwound { .. }));
    let exit = ev.len() - 1;
    set_exit(&mut ev[exit], 1, Ending::Crash);
    assert_caught(&ev, exit, "INV-CRASH", &[panic, unwound, exit]);
}

#[test]
fn a_goexit_deadlock_with_status_zero_breaks_goexit() {
    let mut ev = events(GOEXIT);
    let goexit = find(&ev, 0, |e| matches!(e, Event::Panic { goexit: true, .. }));
    let unwound = find(&ev, goexit, |e| matches!(e, Event::Unwound { .. }));
    let exit = ev.len() - 1;
    set_exit(&mut ev[exit], 0, Ending::GoexitDeadlock);
    assert_caught(&ev, exit, "INV-GOEXIT", &[goexit, unwound, exit]);
}

#[test]
fn a_deferred_call_after_os_exit_breaks_osexit() {
    let mut ev = events(OS_EXIT);
    let registered = find(&ev, 0, is_defer);
    let exit = ev.len() - 1;
    assert!(matches!(
        ev[exit],
        Event::Exit {
            ending: Ending::OsExit,
            ..
        }
    ));
    let (d, f, a) = match &ev[registered] {
        Event::Defer {
            id, frame, args, ..
        } => (*id, *frame, args.clone()),
        _ => unreachable!(),
    };
    // The call os.Exit skipped starts after all: a DeferStart taken from another run, made its.
    let other = events(TWO_DEFERS);
    let mut start = other[find(&other, 0, |e| matches!(e, Event::DeferStart { .. }))].clone();
    if let Event::DeferStart {
        id, frame, args, ..
    } = &mut start
    {
        (*id, *frame, *args) = (d, f, a);
    }
    ev.push(start);
    assert_caught(&ev, exit + 1, "INV-OSEXIT", &[exit, exit + 1]);
}

#[test]
fn an_os_exit_status_beyond_a_byte_breaks_osexit() {
    let mut ev = events(OS_EXIT);
    let exit = ev.len() - 1;
    set_exit(&mut ev[exit], 259, Ending::OsExit);
    assert_caught(&ev, exit, "INV-OSEXIT", &[exit]);
}

#[test]
fn main_returning_with_status_one_breaks_main_return() {
    let mut ev = events(TWO_DEFERS);
    let exit = ev.len() - 1;
    set_exit(&mut ev[exit], 1, Ending::MainReturned);
    assert_caught(&ev, exit, "INV-MAIN-RETURN", &[exit]);
}

#[test]
fn an_event_after_the_end_breaks_exit_last() {
    let mut ev = events(TWO_DEFERS);
    let exit = ev.len() - 1;
    let returning = find(&ev, 0, |e| matches!(e, Event::Returning { .. }));
    let extra = ev[returning].clone();
    ev.push(extra);
    assert_caught(&ev, exit + 1, "INV-EXIT-LAST", &[exit, exit + 1]);
}

#[test]
fn a_frame_that_is_not_left_breaks_frames() {
    let mut ev = events(RECOVER_IN_HELPER);
    let helper = find(
        &ev,
        0,
        |e| matches!(e, Event::Enter { func, .. } if func == "main.helper"),
    );
    let ret = find(&ev, helper, |e| matches!(e, Event::Return { .. }));
    ev.remove(ret);
    // The deferred function goes on (its recover) while the helper is still running.
    assert_caught(&ev, ret, "INV-FRAMES", &[helper, ret]);
}

/// The one behaviour the invariants take from the toolchain: from Go 1.22 a recovery resumes an
/// aborted Goexit deeper among the aborted panics it removes. Each run satisfies the invariants
/// of its own runtime and breaks those of the other.
#[test]
fn goexit_resumption_follows_the_toolchain() {
    let src = std::fs::read_to_string(
        common::cases_dir().join("regress/0003-goexit-two-panics-recovered.go"),
    )
    .expect("the case is readable");
    let prog = program(&src);
    let old = Version::new(1, 21, Some(13));
    let run = |go: Version| prog.run_recorded(&Params::new(go, "./prog")).events;
    let (old_run, new_run) = (run(old), run(GO));
    assert_ne!(old_run, new_run, "the two runtimes differ on this program");
    assert!(gosem_spec::check_trace_at(&old_run, old).is_empty());
    assert!(gosem_spec::check_trace_at(&new_run, GO).is_empty());
    assert!(!gosem_spec::check_trace_at(&old_run, GO).is_empty());
    assert!(!gosem_spec::check_trace_at(&new_run, old).is_empty());
}
