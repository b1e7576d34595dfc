//! The invariants at one position of a trace, as Z3 terms.
//!
//! Each check says, for the event at position `i`, when an invariant is broken there, and
//! names the events that show it. A check only looks back: at the event (`x`), the event just
//! before it (`prev`), and the state before it (`s`), through which it reaches the events its
//! fields name. So every prefix of a valid trace is valid, and a violation is found at the
//! first event that completes it.

use crate::catalogue::Id;
use crate::state::{Fields, State};
use crate::trace::{Kind, ending_code};
use crate::z::{int, ne, none, some};
use gosem_model::events::Ending;
use z3::ast::{Bool, Int};

/// What makes a check apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// The event is of this kind.
    Is(Kind),
    /// The event before it is of this kind.
    After(Kind),
}

/// One invariant at one position.
#[derive(Debug)]
pub struct Check {
    pub id: Id,
    pub trigger: Trigger,
    /// The trigger as a term.
    pub guard: Bool,
    /// The invariant is broken here (when the guard holds).
    pub broken: Bool,
    /// The positions of the events that show the violation; negative ones are dropped.
    pub witness: Vec<Int>,
}

/// The checks of the event `x` at position `i`, given the event before it and the state `s`
/// before it.
pub fn at(i: usize, x: &Fields, prev: &Fields, s: &State) -> Vec<Check> {
    let c = Ctx {
        i: int(i as i64),
        x,
        prev,
        s,
    };
    let mut checks = per_kind(x, |k| c.of(k));
    checks.extend(c.after_previous());
    checks
}

/// A check before its trigger is attached: `(id, broken, witness)`.
pub type Found = (Id, Bool, Vec<Int>);

/// The checks `of` finds for each kind of event, each triggered by `x` being of that kind.
pub fn per_kind(x: &Fields, of: impl Fn(Kind) -> Vec<Found>) -> Vec<Check> {
    Kind::ALL
        .into_iter()
        .flat_map(|kind| {
            of(kind)
                .into_iter()
                .map(move |(id, broken, witness)| Check {
                    id,
                    trigger: Trigger::Is(kind),
                    guard: x.is(kind),
                    broken,
                    witness,
                })
        })
        .collect()
}

/// One position as its checks see it: the event, the event before it, and the state before it.
struct Ctx<'a> {
    i: Int,
    x: &'a Fields,
    prev: &'a Fields,
    s: &'a State,
}

impl Ctx<'_> {
    fn here(&self) -> Int {
        self.i.clone()
    }

    fn before(&self) -> Int {
        &self.i - 1
    }

    /// The checks of an event of kind `k`.
    fn of(&self, k: Kind) -> Vec<Found> {
        match k {
            Kind::Enter => vec![
                self.enter_frames(),
                self.enter_invoke(),
                self.enter_same_frame(),
            ],
            Kind::Defer | Kind::Returning | Kind::Panic => vec![self.runs()],
            Kind::DeferStart => vec![
                self.runs(),
                self.start_once(),
                self.start_same_frame(),
                self.start_args(),
                self.start_lifo(),
                self.start_unwind(),
            ],
            Kind::DeferEnd => vec![self.runs(), self.end_once(), self.end_same_frame()],
            Kind::Recover => vec![self.runs(), self.recover()],
            Kind::Recovered => vec![self.runs(), self.resume()],
            Kind::Aborted => vec![self.abort()],
            Kind::Return => vec![self.runs(), self.complete(), self.results()],
            Kind::Unwound => vec![self.runs(), self.complete()],
            Kind::Exit => vec![
                self.crash(),
                self.goexit(),
                self.os_exit(),
                self.main_return(),
            ],
        }
    }

    // ---- INV-FRAMES ----

    /// An `Enter` pushes a new frame on the running one.
    fn enter_frames(&self) -> Found {
        let ok = Bool::and(&[self.x.frame.eq(&self.i), self.x.aux.eq(&self.s.run)]);
        (Id::Frames, ok.not(), vec![self.s.run.clone(), self.here()])
    }

    /// Any other event of a frame happens in the running frame.
    fn runs(&self) -> Found {
        let broken = ne(&self.x.frame, &self.s.run);
        (Id::Frames, broken, vec![self.s.run.clone(), self.here()])
    }

    // ---- deferred calls ----

    /// The frame that registered the call a `DeferStart` or `DeferEnd` names.
    fn registrar(&self) -> Int {
        self.s.registrar(&self.x.id)
    }

    /// That call was registered.
    fn registered(&self) -> Bool {
        some(&self.registrar())
    }

    fn start_once(&self) -> Found {
        let d = &self.x.id;
        let earlier = self.s.started(d);
        let ok = Bool::and(&[self.registered(), earlier.eq(none())]);
        (Id::Once, ok.not(), vec![d.clone(), earlier, self.here()])
    }

    fn start_same_frame(&self) -> Found {
        let d = &self.x.id;
        let broken = Bool::and(&[self.registered(), ne(&self.registrar(), &self.x.frame)]);
        (Id::SameFrame, broken, vec![d.clone(), self.here()])
    }

    fn start_args(&self) -> Found {
        let d = &self.x.id;
        let args = self.s.args(d);
        let broken = Bool::and(&[self.registered(), ne(&args, &self.x.value)]);
        (Id::Args, broken, vec![d.clone(), self.here()])
    }

    /// A call that is due to start (registered in this frame, not started) is the newest
    /// pending one. Calls that are not due are INV-ONCE's and INV-SAME-FRAME's.
    fn start_lifo(&self) -> Found {
        let d = &self.x.id;
        let newest = self.s.pending(&self.x.frame);
        let broken = Bool::and(&[
            self.registered(),
            self.s.started(d).eq(none()),
            self.registrar().eq(&self.x.frame),
            ne(d, &newest),
        ]);
        (Id::Lifo, broken, vec![d.clone(), newest, self.here()])
    }

    fn start_unwind(&self) -> Found {
        let why = &self.x.aux;
        let broken = Bool::and(&[some(why), ne(why, &self.s.chain.cur)]);
        (
            Id::Unwind,
            broken,
            vec![why.clone(), self.s.chain.cur.clone(), self.here()],
        )
    }

    /// A `DeferEnd` follows the `Return` of the frame entered for the call.
    fn end_once(&self) -> Found {
        let p = self.prev;
        let ok = Bool::and(&[p.is(Kind::Return), self.s.runs(&p.frame).eq(&self.x.id)]);
        (
            Id::Once,
            ok.not(),
            vec![self.x.id.clone(), self.before(), self.here()],
        )
    }

    fn end_same_frame(&self) -> Found {
        let d = &self.x.id;
        let broken = Bool::and(&[self.registered(), ne(&self.registrar(), &self.x.frame)]);
        (Id::SameFrame, broken, vec![d.clone(), self.here()])
    }

    /// An `Enter` that runs a deferred call follows its `DeferStart`, in the registering frame.
    fn enter_invoke(&self) -> Found {
        let p = self.prev;
        let d = &self.x.id;
        let ok = Bool::and(&[p.is(Kind::DeferStart), p.id.eq(d)]);
        let broken = Bool::and(&[some(d), ok.not()]);
        (
            Id::Invoke,
            broken,
            vec![d.clone(), self.before(), self.here()],
        )
    }

    fn enter_same_frame(&self) -> Found {
        let d = &self.x.id;
        let registrar = self.s.registrar(d);
        let broken = Bool::and(&[some(&registrar), ne(&self.x.aux, &registrar)]);
        (Id::SameFrame, broken, vec![d.clone(), self.here()])
    }

    /// A frame left has no pending deferred call.
    fn complete(&self) -> Found {
        let left = self.s.pending(&self.x.frame);
        (Id::Complete, some(&left), vec![left, self.here()])
    }

    /// A `Return` carries the results of the frame's latest `Returning` or `DeferEnd`.
    fn results(&self) -> Found {
        let (last, results) = self.s.results(&self.x.frame);
        let ok = Bool::and(&[some(&last), results.eq(&self.x.value)]);
        (Id::Results, ok.not(), vec![last, self.here()])
    }

    // ---- panics ----

    /// What `recover` returns is decided by the frame it counts as called by (`e`): the event
    /// must return the current panic exactly when that is allowed, and report the depth and
    /// wrapper that frame implies.
    fn recover(&self) -> Found {
        let (x, s) = (self.x, self.s);
        let e = s.caller_of(&x.frame);
        let runs_deferred = some(&s.runs(&e));
        // A wrapper shows only for a deferred `recover` that is not invisible.
        let d = s.runs(&x.frame);
        let wrapped = Bool::and(&[some(&d), s.defers_recover(&d), e.eq(&x.frame)]);
        let p = &s.chain.cur;
        let active = Bool::and(&[
            some(p),
            self.s.is_goexit(p).not(),
            s.chain.recovered_by.eq(none()),
            x.aux.eq(int(0)),
            x.flag.eq(int(0)),
            runs_deferred.clone(),
            s.cause(&e).eq(p),
        ]);
        let returns = active.ite(p, &none());
        let broken = Bool::or(&[
            ne(&x.id, &returns),
            x.aux.eq(int(0)).xor(&runs_deferred),
            x.flag.eq(int(1)).xor(&wrapped),
        ]);
        // The frame was entered right after its call started (INV-INVOKE).
        let start = runs_deferred.ite(&(&e - 1), &none());
        (
            Id::Recover,
            broken,
            vec![
                p.clone(),
                s.chain.recovered_by.clone(),
                e,
                start,
                returns,
                self.here(),
            ],
        )
    }

    fn resume(&self) -> Found {
        let (x, s, p) = (self.x, self.s, self.prev);
        let by = &s.chain.recovered_by;
        let ok = Bool::and(&[
            x.id.eq(&s.chain.cur),
            some(by),
            p.is(Kind::DeferEnd),
            p.id.eq(s.runs(&s.recover_frame(by))),
            x.frame.eq(&p.frame),
        ]);
        (
            Id::Resume,
            ok.not(),
            vec![s.chain.cur.clone(), by.clone(), self.before(), self.here()],
        )
    }

    fn abort(&self) -> Found {
        let (a, s) = (&self.x.id, self.s);
        let broken = Bool::or(&[a.eq(none()), ne(a, &s.chain.live)]);
        (
            Id::Abort,
            broken,
            vec![
                a.clone(),
                s.chain.live.clone(),
                s.chain.cur.clone(),
                self.here(),
            ],
        )
    }

    // ---- the end ----

    fn ending(&self, e: Ending) -> Bool {
        self.x.flag.eq(int(ending_code(e)))
    }

    /// No Go code runs and a panic (not a Goexit) unwound the outermost frame.
    fn crashing(&self) -> Bool {
        let s = self.s;
        Bool::and(&[
            s.outer.eq(none()),
            some(&s.unwound),
            self.s.is_goexit(&s.unwound_by).not(),
        ])
    }

    fn crash(&self) -> Found {
        let s = self.s;
        let still = s.chain.cur.eq(&s.unwound_by);
        let crash = self.ending(Ending::Crash);
        let fatal = self.ending(Ending::Fatal);
        let broken = Bool::or(&[
            crash.xor(Bool::and(&[self.crashing(), still.clone()])),
            fatal.xor(Bool::and(&[self.crashing(), still.not()])),
            Bool::and(&[Bool::or(&[crash, fatal]), ne(&self.x.aux, &int(2))]),
        ]);
        (
            Id::Crash,
            broken,
            vec![
                s.unwound.clone(),
                s.unwound_by.clone(),
                s.chain.cur.clone(),
                self.here(),
            ],
        )
    }

    fn goexit(&self) -> Found {
        let s = self.s;
        let deadlock = self.ending(Ending::GoexitDeadlock);
        let goexited = Bool::and(&[
            s.outer.eq(none()),
            some(&s.unwound),
            self.s.is_goexit(&s.unwound_by),
        ]);
        let broken = Bool::or(&[
            deadlock.xor(&goexited),
            Bool::and(&[deadlock, ne(&self.x.aux, &int(2))]),
        ]);
        (
            Id::Goexit,
            broken,
            vec![s.goexit.clone(), s.unwound.clone(), self.here()],
        )
    }

    fn os_exit(&self) -> Found {
        let (x, s) = (self.x, self.s);
        let after_start = self.prev.is(Kind::DeferStart);
        let broken = Bool::and(&[
            self.ending(Ending::OsExit),
            Bool::or(&[
                s.outer.eq(none()),
                after_start.clone(),
                x.aux.lt(int(0)),
                x.aux.gt(int(255)),
            ]),
        ]);
        let start = after_start.ite(&self.before(), &none());
        (Id::OsExit, broken, vec![start, self.here()])
    }

    fn main_return(&self) -> Found {
        let (x, s) = (self.x, self.s);
        let returned = self.ending(Ending::MainReturned);
        let all_returned = Bool::and(&[
            s.outer.eq(none()),
            s.unwound.eq(none()),
            s.chain.cur.eq(none()),
        ]);
        let broken = Bool::or(&[
            returned.xor(&all_returned),
            Bool::and(&[returned, ne(&x.aux, &int(0))]),
        ]);
        (
            Id::MainReturn,
            broken,
            vec![
                s.outer.clone(),
                s.unwound.clone(),
                s.chain.cur.clone(),
                self.here(),
            ],
        )
    }

    // ---- what may follow an event ----

    /// The event after a `DeferStart` enters the call's frame (or is the panic of invoking
    /// it); nothing follows an `Exit`.
    fn after_previous(&self) -> Vec<Check> {
        let (x, p) = (self.x, self.prev);
        let invoked = Bool::or(&[
            Bool::and(&[x.is(Kind::Enter), x.id.eq(&p.id)]),
            Bool::and(&[x.is(Kind::Panic), x.frame.eq(&p.frame)]),
        ]);
        let os_exit = p.flag.eq(int(ending_code(Ending::OsExit)));
        let check = |id, kind, broken| Check {
            id,
            trigger: Trigger::After(kind),
            guard: p.is(kind),
            broken,
            witness: vec![self.before(), self.here()],
        };
        vec![
            check(Id::Invoke, Kind::DeferStart, invoked.not()),
            check(Id::OsExit, Kind::Exit, os_exit.clone()),
            check(Id::ExitLast, Kind::Exit, os_exit.not()),
        ]
    }
}
