//! A run's events as rows of integers: the facts that fix the constants of the encoding.
//!
//! Every identity becomes a position: a frame is named by the position of its `Enter`, a
//! deferred call by the position of its `Defer`, a panic by the position of its `Panic`. The
//! encoding can then reach an event's origin by a lookup instead of a search, which keeps it
//! linear in the length of the trace. An identity whose origin is not in the trace (the entry
//! frame, or a broken trace's dangling reference) gets a distinct negative code; strings are
//! interned to non-negative codes, compared only for equality.

use gosem_model::Version;
use gosem_model::events::{Ending, Event, Why};
use std::collections::HashMap;

/// The code of an absent field: no frame, no deferred call, no panic, no depth.
pub const NONE: i64 = -1;

/// The kind of an event, as the encoding numbers it (from 1: [`NONE`] is no kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Enter = 1,
    Defer,
    DeferStart,
    DeferEnd,
    Returning,
    Panic,
    Recover,
    Recovered,
    Aborted,
    Return,
    Unwound,
    Exit,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Enter,
        Kind::Defer,
        Kind::DeferStart,
        Kind::DeferEnd,
        Kind::Returning,
        Kind::Panic,
        Kind::Recover,
        Kind::Recovered,
        Kind::Aborted,
        Kind::Return,
        Kind::Unwound,
        Kind::Exit,
    ];

    pub fn code(self) -> i64 {
        self as i64
    }

    /// The fields an event of this kind defines (see [`Row`]). Only these are facts: the
    /// encoding reads no other field of such an event, so leaving them free changes nothing,
    /// and a trace has fewer facts to assert.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Kind::Enter => &[Frame, Id, Aux],
            Kind::Defer => &[Frame, Flag, Value],
            Kind::Returning | Kind::Return => &[Frame, Value],
            Kind::DeferStart => &[Frame, Id, Aux, Value],
            Kind::DeferEnd => &[Frame, Id, Value],
            Kind::Panic => &[Frame, Aux],
            Kind::Recover => &[Frame, Id, Aux, Flag],
            Kind::Recovered => &[Frame, Id],
            Kind::Aborted => &[Id],
            Kind::Unwound => &[Frame],
            Kind::Exit => &[Aux, Flag],
        }
    }
}

/// A field of a [`Row`] besides its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Frame,
    Id,
    Aux,
    Flag,
    Value,
}

/// The codes of [`Ending`] in a row's `flag`.
pub fn ending_code(e: Ending) -> i64 {
    match e {
        Ending::MainReturned => 0,
        Ending::OsExit => 1,
        Ending::Crash => 2,
        Ending::GoexitDeadlock => 3,
        Ending::Fatal => 4,
    }
}

/// One event as integers. What each field holds depends on the kind:
///
/// | kind | frame | id | aux | flag | value |
/// | --- | --- | --- | --- | --- | --- |
/// | Enter | the new frame | the deferred call it runs | the caller | | |
/// | Defer | registering frame | | | 1 for the builtin `recover` | arguments |
/// | DeferStart | deferring frame | the call | the panic it runs for | | arguments |
/// | DeferEnd | deferring frame | the call | | | results |
/// | Returning, Return | the frame | | | | results |
/// | Panic | where it started | | 1 for a Goexit | | |
/// | Recover | calling frame | the panic recovered | depth | 1 in a wrapper | |
/// | Recovered | deferring frame | the panic | | | |
/// | Aborted | | the panic | | | |
/// | Unwound | the frame | | | | |
/// | Exit | | | status | [`ending_code`] | |
///
/// A deferred call and a panic are their own positions, so `Defer` and `Panic` need no id.
/// Every other field is [`NONE`] and is not a fact (see [`Kind::fields`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: Kind,
    pub frame: i64,
    pub id: i64,
    pub aux: i64,
    pub flag: i64,
    pub value: i64,
}

impl Row {
    pub fn field(&self, f: Field) -> i64 {
        match f {
            Field::Frame => self.frame,
            Field::Id => self.id,
            Field::Aux => self.aux,
            Field::Flag => self.flag,
            Field::Value => self.value,
        }
    }
}

/// The facts of a trace: its rows, the frame running before its first event, and the one
/// behaviour of the runtime the invariants depend on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    pub rows: Vec<Row>,
    pub entry: i64,
    /// A recovery resumes an aborted Goexit anywhere among the aborted panics it removes, not
    /// only right below the recovered panic (gc from Go 1.22).
    pub resume_deep: bool,
}

impl Facts {
    pub fn of(events: &[Event], toolchain: Version) -> Facts {
        let mut names = Names::new(events);
        let rows = events.iter().map(|e| names.row(e)).collect();
        let entry = match events.first() {
            Some(Event::Enter { caller, .. }) => names.frame(*caller),
            Some(e) => match frame_of(e) {
                Some(f) => names.frame(f),
                None => names.unknown(),
            },
            None => names.unknown(),
        };
        Facts {
            rows,
            entry,
            resume_deep: toolchain.at_least(1, 22),
        }
    }
}

/// The frame an event happens in, if it has one.
fn frame_of(e: &Event) -> Option<u64> {
    match e {
        Event::Enter { frame, .. }
        | Event::Defer { frame, .. }
        | Event::DeferStart { frame, .. }
        | Event::DeferEnd { frame, .. }
        | Event::Returning { frame, .. }
        | Event::Panic { frame, .. }
        | Event::Recover { frame, .. }
        | Event::Recovered { frame, .. }
        | Event::Return { frame, .. }
        | Event::Unwound { frame } => Some(*frame),
        Event::Aborted { .. } | Event::Exit { .. } => None,
    }
}

/// Which kind of identity a raw id names: the three kinds are numbered independently.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Space {
    Frame,
    Defer,
    Panic,
}

/// The interning of identities and strings.
struct Names<'e> {
    /// The position of the event each identity originates at.
    origin: HashMap<(Space, u64), i64>,
    strings: HashMap<&'e [String], i64>,
    next_unknown: i64,
}

impl<'e> Names<'e> {
    fn new(events: &[Event]) -> Names<'e> {
        let mut origin = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            let key = match e {
                Event::Enter { frame, .. } => (Space::Frame, *frame),
                Event::Defer { id, .. } => (Space::Defer, *id),
                Event::Panic { id, .. } => (Space::Panic, *id),
                _ => continue,
            };
            origin.entry(key).or_insert(i as i64);
        }
        Names {
            origin,
            strings: HashMap::new(),
            next_unknown: NONE - 1,
        }
    }

    fn row(&mut self, e: &'e Event) -> Row {
        let blank = |kind| Row {
            kind,
            frame: NONE,
            id: NONE,
            aux: NONE,
            flag: NONE,
            value: NONE,
        };
        match e {
            Event::Enter {
                frame,
                caller,
                deferred,
                ..
            } => Row {
                frame: self.frame(*frame),
                id: deferred.map_or(NONE, |d| self.name(Space::Defer, d)),
                aux: self.frame(*caller),
                ..blank(Kind::Enter)
            },
            Event::Defer {
                frame, func, args, ..
            } => Row {
                frame: self.frame(*frame),
                // Package functions are qualified: an unqualified `recover` is the builtin.
                flag: i64::from(func == "recover"),
                value: self.string(args),
                ..blank(Kind::Defer)
            },
            Event::DeferStart {
                id,
                frame,
                why,
                args,
            } => Row {
                frame: self.frame(*frame),
                id: self.name(Space::Defer, *id),
                aux: match why {
                    Why::Return => NONE,
                    Why::Panic(p) => self.name(Space::Panic, *p),
                },
                value: self.string(args),
                ..blank(Kind::DeferStart)
            },
            Event::DeferEnd { id, frame, results } => Row {
                frame: self.frame(*frame),
                id: self.name(Space::Defer, *id),
                value: self.string(results),
                ..blank(Kind::DeferEnd)
            },
            Event::Returning { frame, results } => Row {
                frame: self.frame(*frame),
                value: self.string(results),
                ..blank(Kind::Returning)
            },
            Event::Panic { frame, goexit, .. } => Row {
                frame: self.frame(*frame),
                aux: i64::from(*goexit),
                ..blank(Kind::Panic)
            },
            Event::Recover {
                frame,
                depth,
                in_wrapper,
                recovered,
                ..
            } => Row {
                frame: self.frame(*frame),
                id: recovered.map_or(NONE, |p| self.name(Space::Panic, p)),
                aux: depth.map_or(NONE, i64::from),
                flag: i64::from(*in_wrapper),
                ..blank(Kind::Recover)
            },
            Event::Recovered { id, frame } => Row {
                frame: self.frame(*frame),
                id: self.name(Space::Panic, *id),
                ..blank(Kind::Recovered)
            },
            Event::Aborted { id } => Row {
                id: self.name(Space::Panic, *id),
                ..blank(Kind::Aborted)
            },
            Event::Return { frame, results } => Row {
                frame: self.frame(*frame),
                value: self.string(results),
                ..blank(Kind::Return)
            },
            Event::Unwound { frame } => Row {
                frame: self.frame(*frame),
                ..blank(Kind::Unwound)
            },
            Event::Exit { code, ending } => Row {
                aux: i64::from(*code),
                flag: ending_code(*ending),
                ..blank(Kind::Exit)
            },
        }
    }

    fn frame(&mut self, f: u64) -> i64 {
        self.name(Space::Frame, f)
    }

    /// The position an identity originates at, or its own negative code.
    fn name(&mut self, space: Space, raw: u64) -> i64 {
        if let Some(&p) = self.origin.get(&(space, raw)) {
            return p;
        }
        let code = self.unknown();
        self.origin.insert((space, raw), code);
        code
    }

    fn unknown(&mut self) -> i64 {
        let code = self.next_unknown;
        self.next_unknown -= 1;
        code
    }

    fn string(&mut self, s: &'e [String]) -> i64 {
        let next = self.strings.len() as i64;
        *self.strings.entry(s).or_insert(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAM: &str = r#"package main

func main() {
	defer println(1)
	defer println(1)
}
"#;

    #[test]
    fn identities_are_the_positions_of_their_origins() {
        let go = Version::new(1, 27, Some(3));
        let prog = gosem_model::load("prog.go", PROGRAM, go.language()).expect("a valid program");
        let mut events = prog
            .run_recorded(&gosem_model::Params::new(go, "./prog"))
            .events;
        let at = |k: Kind, events: &[Event], f: &Facts| {
            let i = f.rows.iter().position(|r| r.kind == k);
            i.unwrap_or_else(|| panic!("no {k:?} in {events:?}"))
        };
        let f = Facts::of(&events, go);
        let main = f.rows[at(Kind::Defer, &events, &f)].frame;
        assert!(matches!(&events[main as usize], Event::Enter { func, .. } if func == "main.main"));
        let first = at(Kind::Defer, &events, &f);
        let start = at(Kind::DeferStart, &events, &f);
        assert_eq!(
            f.rows[start].id,
            first as i64 + 1,
            "the newest call starts first, by its position"
        );
        assert_eq!(
            f.rows[first].value,
            f.rows[first + 1].value,
            "equal arguments intern equal"
        );
        assert_eq!(
            f.entry, f.rows[0].aux,
            "the entry frame calls the first frame"
        );
        assert!(f.entry < NONE && f.resume_deep);

        // A call and a panic with no origin in the trace get codes of their own.
        if let Event::DeferStart { id, why, .. } = &mut events[start] {
            *id = u64::MAX;
            *why = Why::Panic(u64::MAX);
        }
        let f = Facts::of(&events, go);
        let stray = f.rows[start];
        let codes = [f.entry, stray.id, stray.aux];
        assert!(codes.iter().all(|&c| c < NONE));
        assert!(codes[0] != codes[1] && codes[1] != codes[2] && codes[0] != codes[2]);
    }
}
