//! Violations in words: what the check found, in terms of the events it names.

use crate::catalogue::Id;
use crate::solve::Finding;
use gosem_model::events::{Event, Why};

/// What every sentence on a finding is made of: the position it breaks at, the events it names
/// (`named(k)`), an event in words (`ev`), and that position and the one before it in words.
struct Words<'a> {
    at: usize,
    named: Box<dyn Fn(usize) -> Option<usize> + 'a>,
    ev: Box<dyn Fn(Option<usize>) -> String + 'a>,
    here: String,
    before: String,
}

impl<'a> Words<'a> {
    fn of(f: &'a Finding, events: &'a [Event]) -> Words<'a> {
        let ev = move |i: Option<usize>| match i.and_then(|i| events.get(i).map(|e| (i, e))) {
            Some((i, e)) => format!("#{i} {}", describe(e)),
            None => "none".to_string(),
        };
        Words {
            at: f.at,
            named: Box::new(move |k| f.named.get(k).copied().flatten()),
            here: ev(Some(f.at)),
            before: ev(f.at.checked_sub(1)),
            ev: Box::new(ev),
        }
    }
}

/// One sentence on a finding, naming events as `#index`.
pub fn explain(f: &Finding, events: &[Event]) -> String {
    let Words {
        at,
        named,
        ev,
        here,
        before,
    } = Words::of(f, events);
    match f.id {
        Id::Frames => match &events[at] {
            Event::Enter { .. } => format!(
                "{here} does not enter a new frame called by the running frame ({})",
                frame_of(named(0), events)
            ),
            _ => format!(
                "{here} is not an event of the running frame ({})",
                frame_of(named(0), events)
            ),
        },
        Id::Lifo => format!(
            "{here} starts the call registered at {}, but the call registered at {} is newer and has not started",
            ev(named(0)),
            ev(named(1))
        ),
        Id::Once => match (&events[at], named(1)) {
            (Event::DeferEnd { .. }, _) => format!(
                "{here} does not follow the return of the frame entered for its call (the event before is {before})"
            ),
            (_, Some(earlier)) => format!(
                "{here} starts a call that already started at {}",
                ev(Some(earlier))
            ),
            (_, None) => format!("{here} starts a call that was never registered"),
        },
        Id::SameFrame => format!(
            "{here} is in another frame than the call's registration {}",
            ev(named(0))
        ),
        Id::Args => format!(
            "{here} passes other arguments than those evaluated at {}",
            ev(named(0))
        ),
        Id::Invoke => format!(
            "{here} and the event before it, {before}, are not a deferred call's start and the entry of its frame"
        ),
        Id::Complete => format!(
            "{here} leaves its frame while the call registered at {} has not started",
            ev(named(0))
        ),
        Id::Results => match named(0) {
            Some(_) => format!(
                "{here} does not return the results of the frame's latest {}",
                ev(named(0))
            ),
            None => format!("{here} returns from a frame that never started returning"),
        },
        Id::Unwind => format!(
            "{here} runs for a panic that is not the current one (current: {})",
            ev(named(1))
        ),
        Id::Recover => {
            let should = named(4);
            let returned = match &events[at] {
                Event::Recover { recovered, .. } => *recovered,
                _ => None,
            };
            let expected = should.and_then(|p| match &events[p] {
                Event::Panic { id, .. } => Some(*id),
                _ => None,
            });
            if returned == expected {
                format!(
                    "{here} reports a depth or a wrapper that its frame does not have (recover counts as called by {})",
                    frame_of(named(2), events)
                )
            } else {
                format!(
                    "{here} returned {} but recover should return {} (current panic: {}, already recovered by: {}, recover counts as called by {}, whose call started at {})",
                    returned.map_or("nil".to_string(), |p| format!("panic {p}")),
                    should.map_or("nil".to_string(), |p| format!(
                        "the value of {}",
                        ev(Some(p))
                    )),
                    ev(named(0)),
                    ev(named(1)),
                    frame_of(named(2), events),
                    ev(named(3)),
                )
            }
        }
        Id::Resume => format!(
            "{here} ends a recovery that is not the end of the recovering call (current panic: {}, recovered by: {}, event before: {before})",
            ev(named(0)),
            ev(named(1)),
        ),
        Id::Abort => format!(
            "{here} aborts a panic that is not the newest live one below the current panic (newest live: {}, current: {})",
            ev(named(1)),
            ev(named(2)),
        ),
        Id::Crash => format!(
            "{here} does not match how the outermost frame was left (unwound at {} by {}; current panic {})",
            ev(named(0)),
            ev(named(1)),
            ev(named(2)),
        ),
        Id::Goexit => format!(
            "{here} does not match how the outermost frame was left (unwound at {}; first Goexit {})",
            ev(named(1)),
            ev(named(0)),
        ),
        Id::OsExit => match &events[at] {
            Event::Exit { .. } => {
                format!("{here} is not an os.Exit called by running Go code with a one-byte status")
            }
            _ => format!("{here} happens after the program ended with os.Exit at {before}"),
        },
        Id::MainReturn => format!(
            "{here} does not match the outermost frames and the chain (still running: {}, unwound at: {}, current panic: {})",
            ev(named(0)),
            ev(named(1)),
            ev(named(2)),
        ),
        Id::ExitLast => format!("{here} happens after the program ended at {before}"),
    }
}

/// One sentence on a finding of the observed encoding (`check_observed`), whose checks name
/// other events than the full ones.
pub fn explain_observed(f: &Finding, events: &[Event]) -> String {
    let Words {
        named, ev, here, ..
    } = Words::of(f, events);
    match f.id {
        Id::Frames => format!(
            "{here} names a frame that is not on the stack ({})",
            frame_of(named(0), events)
        ),
        Id::Once => match named(1) {
            Some(earlier) => format!(
                "{here} starts a call that already started at {}",
                ev(Some(earlier))
            ),
            None => format!("{here} starts a call that was never registered"),
        },
        Id::Complete => format!(
            "{here} leaves (or ends with) a frame whose call registered at {} has not started",
            ev(named(0))
        ),
        Id::Recover => format!(
            "{here} returned {} but recover can return only the current panic (newest: {}) if no recover returned it before (returned at: {}) to a deferred function the panic started (recover called in {}, whose call started at {})",
            ev(named(0)),
            ev(named(4)),
            ev(named(1)),
            frame_of(named(2), events),
            ev(named(3)),
        ),
        Id::Crash => {
            format!("{here} is a crash without status 2 or without a panic no recover returned")
        }
        Id::Goexit => format!(
            "{here} is a Goexit deadlock without status 2 or without a Goexit (first Goexit: {})",
            ev(named(0))
        ),
        // Checked as in the full encoding, naming the same events.
        Id::Lifo | Id::OsExit | Id::ExitLast => explain(f, events),
        Id::MainReturn => format!(
            "{here} is main returning without status 0 or after a Goexit started ({})",
            ev(named(0))
        ),
        Id::SameFrame
        | Id::Args
        | Id::Invoke
        | Id::Results
        | Id::Unwind
        | Id::Resume
        | Id::Abort => format!("{here} breaks {}", f.id.invariant().id),
    }
}

/// A frame, by the event that entered it.
fn frame_of(enter: Option<usize>, events: &[Event]) -> String {
    match enter.map(|i| (i, &events[i])) {
        Some((i, Event::Enter { func, .. })) => format!("{func} entered at #{i}"),
        _ => "the entry frame".to_string(),
    }
}

/// An event in a few words.
pub fn describe(e: &Event) -> String {
    match e {
        Event::Enter {
            frame,
            func,
            deferred,
            ..
        } => match deferred {
            Some(d) => format!("Enter {func} (frame {frame}, deferred call {d})"),
            None => format!("Enter {func} (frame {frame})"),
        },
        Event::Defer {
            id,
            frame,
            func,
            line,
            args,
            ..
        } => format!(
            "Defer {func} at line {line} (call {id}, frame {frame}, args [{}])",
            args.join(", ")
        ),
        Event::DeferStart {
            id,
            frame,
            why,
            args,
        } => {
            let why = match why {
                Why::Return => "return".to_string(),
                Why::Panic(p) => format!("panic {p}"),
            };
            format!(
                "DeferStart (call {id}, frame {frame}, for {why}, args [{}])",
                args.join(", ")
            )
        }
        Event::DeferEnd { id, frame, results } => format!(
            "DeferEnd (call {id}, frame {frame}, results [{}])",
            results.join(", ")
        ),
        Event::Returning { frame, results } => {
            format!(
                "Returning (frame {frame}, results [{}])",
                results.join(", ")
            )
        }
        Event::Panic {
            id,
            frame,
            value,
            goexit,
        } => match goexit {
            true => format!("Goexit (panic {id}, frame {frame})"),
            false => format!("Panic {value} (panic {id}, frame {frame})"),
        },
        Event::Recover {
            frame,
            depth,
            in_wrapper,
            recovered,
            ..
        } => format!(
            "Recover (frame {frame}, depth {}, {}, recovered {})",
            depth.map_or("none".to_string(), |d| d.to_string()),
            if *in_wrapper {
                "in a wrapper"
            } else {
                "direct"
            },
            recovered.map_or("nothing".to_string(), |p| format!("panic {p}"))
        ),
        Event::Recovered { id, frame } => format!("Recovered (panic {id}, frame {frame})"),
        Event::Aborted { id } => format!("Aborted (panic {id})"),
        Event::Return { frame, results } => {
            format!("Return (frame {frame}, results [{}])", results.join(", "))
        }
        Event::Unwound { frame } => format!("Unwound (frame {frame})"),
        Event::Exit { code, ending } => format!("Exit {ending:?} (status {code})"),
    }
}
