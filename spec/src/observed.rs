//! The invariants restricted to what a program can observe of itself: the encoding of
//! `check_observed`, for traces rebuilt from what an instrumented program printed (gc's runs,
//! see `gosem observe`), in which some kinds of event cannot appear.
//!
//! An observed trace has only these kinds: `Enter` (of the program's own functions),
//! `Defer`, `DeferStart` (of the program's own functions, with an unknown `why`), `Returning`
//! (a return statement or the end of a body), `Panic`, `Recover` (a direct call, with unknown
//! depth and wrapper), `Return` (of a frame whose caller resumed) and `Exit`. What cannot be
//! printed without changing what the program does is missing: `Unwound`, `DeferEnd`,
//! `Recovered`, `Aborted`, the `Return` of a frame whose caller is the runtime (a deferred call,
//! `main`), and every event of a deferred builtin (`defer recover()` runs in a wrapper no code
//! can be added to). `spec/invariants.md` ("Checked on gc traces") says which invariant is
//! checked, and how it is restricted.
//!
//! Frames are left without an event, so the stack is kept with implicit pops: an event of a
//! frame (or an `Enter` called by it) means every frame above it was left, since Go code runs
//! only in the top frame. A frame is on the stack when the current stack holds it at its depth
//! and it is not above the running frame; once left it never is again, since the depth it held
//! is refilled only by a new `Enter`.

use crate::catalogue::Id;
use crate::checks::{Check, Found, Trigger, per_kind};
use crate::state::{Fields, Given};
use crate::trace::{Kind, ending_code};
use crate::z::{Table, choose, empty, get, int, ne, none, some};
use gosem_model::events::Ending;
use z3::ast::{Array, Bool, Int};

/// The record of a frame: its caller, the deferred call it runs, its depth (the entry frame's
/// is 0).
mod frame {
    pub const CALLER: usize = 0;
    pub const RUNS: usize = 1;
    pub const DEPTH: usize = 2;
    pub const WIDTH: usize = 3;
}

/// The record of a deferred call: its frame, and the call pending below it when it was
/// registered.
mod call {
    pub const REGISTRAR: usize = 0;
    pub const BELOW: usize = 1;
    pub const WIDTH: usize = 2;
}

/// What the observed events so far imply.
#[derive(Clone, Debug)]
pub struct State {
    /// The running frame: the frame of the latest event (or the frame an `Enter` pushed).
    run: Int,
    frames: Table,
    /// The current stack: the frame at each depth (valid up to the running frame's depth).
    at_depth: Array,
    defers: Table,
    /// Per frame: its newest deferred call that has not started.
    pending: Array,
    /// Per deferred call: its `DeferStart`.
    started: Array,
    /// The deepest frame on the stack with a pending call, and per such frame the one below it
    /// (the deepest one when it got its first pending call): the frames with pending calls, as
    /// a stack, so that leaving frames checks one of them.
    holder: Int,
    lower: Array,
    /// Per panic: 1 for a Goexit.
    goexits: Array,
    /// Per panic: the `Recover` that returned it.
    recovered_by: Array,
    /// The newest panic (or Goexit), and the newest panic a `recover` returned.
    newest: Int,
    newest_returned: Int,
    /// How many panics (not Goexits) started that no `recover` returned.
    unrecovered: Int,
    /// The first Goexit.
    goexit: Int,
}

impl State {
    fn depth(&self, f: &Int) -> Int {
        self.frames.get(f, frame::DEPTH)
    }

    /// Frame `f` is on the stack: at its depth, not above the running frame.
    fn live(&self, f: &Int) -> Bool {
        let d = self.depth(f);
        Bool::and(&[get(&self.at_depth, &d).eq(f), d.le(self.depth(&self.run))])
    }

    /// Leaving every frame deeper than `depth` leaves a frame with a pending call.
    fn leaves_pending(&self, depth: &Int) -> Bool {
        Bool::and(&[some(&self.holder), self.depth(&self.holder).gt(depth)])
    }
}

impl crate::encoding::Machine for State {
    fn initial(given: &Given) -> State {
        let entry = [&none(), &none(), &int(0)];
        State {
            run: given.entry.clone(),
            frames: Table::new(frame::WIDTH).set_if(&Bool::from_bool(true), &given.entry, &entry),
            at_depth: empty().store(&int(0), &given.entry),
            defers: Table::new(call::WIDTH),
            pending: empty(),
            started: empty(),
            holder: none(),
            lower: empty(),
            goexits: empty(),
            recovered_by: empty(),
            newest: none(),
            newest_returned: none(),
            unrecovered: int(0),
            goexit: none(),
        }
    }

    fn after(&self, i: usize, x: &Fields, _: &Fields, _: &Given) -> State {
        let at = int(i as i64);
        let s = self;
        let enter = x.is(Kind::Enter);
        let ret = x.is(Kind::Return);
        let framed = Bool::or(
            &[
                Kind::Defer,
                Kind::DeferStart,
                Kind::Returning,
                Kind::Panic,
                Kind::Recover,
            ]
            .map(|k| x.is(k)),
        );
        let run = enter.ite(
            &at,
            &ret.ite(&s.caller(&x.frame), &framed.ite(&x.frame, &s.run)),
        );
        let depth = s.depth(&x.aux) + int(1);

        let defer = x.is(Kind::Defer);
        let start = x.is(Kind::DeferStart);
        let top = s.pending(&x.frame);
        let below_top = s.defers.get(&top, call::BELOW);
        let pending = defer.ite(
            &s.pending.store(&x.frame, &at),
            &start.ite(&s.pending.store(&x.frame, &below_top), &s.pending),
        );
        // The frame gets its first pending call, or starts its last one.
        let first = Bool::and(&[defer.clone(), top.eq(none())]);
        let last = Bool::and(&[start, below_top.eq(none()), s.holder.eq(&x.frame)]);
        let holder = first.ite(&x.frame, &last.ite(&get(&s.lower, &x.frame), &s.holder));

        let panic = x.is(Kind::Panic);
        let is_panic = Bool::and(&[panic.clone(), x.aux.eq(int(0))]);
        let returned = Bool::and(&[x.is(Kind::Recover), some(&x.id)]);
        let first_return = Bool::and(&[returned.clone(), self.recovered_by(&x.id).eq(none())]);
        let counts = Bool::and(&[first_return.clone(), s.is_panic(&x.id)]);
        let unrecovered = is_panic.ite(
            &(&s.unrecovered + int(1)),
            &counts.ite(&(&s.unrecovered - int(1)), &s.unrecovered),
        );
        State {
            run,
            frames: s.frames.set_if(&enter, &at, &[&x.aux, &x.id, &depth]),
            at_depth: enter.ite(&s.at_depth.store(&depth, &at), &s.at_depth),
            defers: s.defers.set_if(&defer, &at, &[&x.frame, &top]),
            pending,
            started: x
                .is(Kind::DeferStart)
                .ite(&s.started.store(&x.id, &at), &s.started),
            holder,
            lower: first.ite(&s.lower.store(&x.frame, &s.holder), &s.lower),
            goexits: panic.ite(&s.goexits.store(&at, &x.aux), &s.goexits),
            recovered_by: first_return.ite(&s.recovered_by.store(&x.id, &at), &s.recovered_by),
            newest: panic.ite(&at, &s.newest),
            newest_returned: Bool::and(&[returned, x.id.gt(&s.newest_returned)])
                .ite(&x.id, &s.newest_returned),
            unrecovered,
            goexit: Bool::and(&[panic, x.aux.eq(int(1)), s.goexit.eq(none())]).ite(&at, &s.goexit),
        }
    }

    fn checks(&self, i: usize, x: &Fields, prev: &Fields, given: &Given) -> Vec<Check> {
        let c = Ctx {
            i: int(i as i64),
            x,
            prev,
            s: self,
            given,
        };
        let mut checks = per_kind(x, |k| c.of(k));
        checks.extend(c.after_exit());
        checks
    }
}

impl State {
    fn caller(&self, f: &Int) -> Int {
        self.frames.get(f, frame::CALLER)
    }
    fn runs(&self, f: &Int) -> Int {
        self.frames.get(f, frame::RUNS)
    }
    fn pending(&self, f: &Int) -> Int {
        get(&self.pending, f)
    }
    fn registrar(&self, d: &Int) -> Int {
        self.defers.get(d, call::REGISTRAR)
    }
    fn started(&self, d: &Int) -> Int {
        get(&self.started, d)
    }
    fn recovered_by(&self, p: &Int) -> Int {
        get(&self.recovered_by, p)
    }
    /// `p` is a panic, not a Goexit (nor anything else).
    fn is_panic(&self, p: &Int) -> Bool {
        get(&self.goexits, p).eq(int(0))
    }
}

/// One position as its checks see it.
struct Ctx<'a> {
    i: Int,
    x: &'a Fields,
    prev: &'a Fields,
    s: &'a State,
    given: &'a Given,
}

impl Ctx<'_> {
    fn here(&self) -> Int {
        self.i.clone()
    }

    fn of(&self, k: Kind) -> Vec<Found> {
        match k {
            Kind::Enter => vec![self.enter_frames(), self.complete(&self.x.aux, 0)],
            Kind::Defer | Kind::Returning | Kind::Panic => {
                vec![self.frames(), self.complete(&self.x.frame, 0)]
            }
            Kind::DeferStart => vec![
                self.frames(),
                self.complete(&self.x.frame, 0),
                self.start_once(),
                self.start_lifo(),
            ],
            Kind::Recover => vec![
                self.frames(),
                self.complete(&self.x.frame, 0),
                self.recover(),
            ],
            Kind::Return => vec![self.return_frames(), self.complete(&self.x.frame, 1)],
            Kind::Exit => vec![
                self.exit_complete(),
                self.crash(),
                self.goexit(),
                self.os_exit(),
                self.main_return(),
            ],
            // Not observed: no check, and (see `after`) no effect.
            Kind::DeferEnd | Kind::Recovered | Kind::Aborted | Kind::Unwound => vec![],
        }
    }

    // ---- INV-FRAMES: on the stack ----

    fn enter_frames(&self) -> Found {
        let (x, s) = (self.x, self.s);
        let ok = Bool::and(&[x.frame.eq(&self.i), s.live(&x.aux)]);
        (Id::Frames, ok.not(), vec![x.aux.clone(), self.here()])
    }

    fn frames(&self) -> Found {
        let f = &self.x.frame;
        (
            Id::Frames,
            self.s.live(f).not(),
            vec![f.clone(), self.here()],
        )
    }

    /// A frame returns while on the stack, and it is not the entry frame.
    fn return_frames(&self) -> Found {
        let (f, s) = (&self.x.frame, self.s);
        let ok = Bool::and(&[s.live(f), s.depth(f).gt(int(0))]);
        (Id::Frames, ok.not(), vec![f.clone(), self.here()])
    }

    // ---- INV-COMPLETE ----

    /// The event leaves every frame deeper than `f` (and `f` too when `also` is 1): none of
    /// them has a pending call.
    fn complete(&self, f: &Int, also: i64) -> Found {
        let s = self.s;
        let broken = s.leaves_pending(&(s.depth(f) - int(also)));
        (
            Id::Complete,
            broken,
            vec![s.pending(&s.holder), self.here()],
        )
    }

    /// A program that ends other than by os.Exit has left every frame.
    fn exit_complete(&self) -> Found {
        let s = self.s;
        let broken = Bool::and(&[
            ne(&self.x.flag, &int(ending_code(Ending::OsExit))),
            some(&s.holder),
        ]);
        (
            Id::Complete,
            broken,
            vec![s.pending(&s.holder), self.here()],
        )
    }

    // ---- deferred calls ----

    fn start_once(&self) -> Found {
        let (d, s) = (&self.x.id, self.s);
        let earlier = s.started(d);
        let ok = Bool::and(&[some(&s.registrar(d)), earlier.eq(none())]);
        (Id::Once, ok.not(), vec![d.clone(), earlier, self.here()])
    }

    fn start_lifo(&self) -> Found {
        let (d, s, f) = (&self.x.id, self.s, &self.x.frame);
        let newest = s.pending(f);
        let broken = Bool::and(&[
            some(&s.registrar(d)),
            s.started(d).eq(none()),
            s.registrar(d).eq(f),
            ne(d, &newest),
        ]);
        (Id::Lifo, broken, vec![d.clone(), newest, self.here()])
    }

    // ---- INV-RECOVER ----

    /// A `recover` that returned a panic `p`: `p` is a panic, not a Goexit; no recover returned
    /// it before; it is the current panic as far as the trace shows (the newest one, or every
    /// newer one has left the chain, which only a recovery of it or of a newer one does, so a
    /// recover returned a panic at least as new as the newest); and recover was called
    /// directly by a deferred call (its frame runs one) that started after `p` did (a call `p`
    /// started).
    fn recover(&self) -> Found {
        let (x, s) = (self.x, self.s);
        let p = &x.id;
        let d = s.runs(&x.frame);
        let start = s.started(&d);
        let current = Bool::or(&[s.newest.eq(p), s.newest_returned.ge(&s.newest)]);
        let ok = Bool::and(&[
            s.is_panic(p),
            s.recovered_by(p).eq(none()),
            current,
            some(&d),
            start.gt(p),
        ]);
        let broken = Bool::and(&[some(p), ok.not()]);
        (
            Id::Recover,
            broken,
            vec![
                p.clone(),
                s.recovered_by(p),
                x.frame.clone(),
                choose(&some(&d), &start, &none()),
                s.newest.clone(),
                self.here(),
            ],
        )
    }

    // ---- the end ----

    fn ending(&self, e: Ending) -> Bool {
        self.x.flag.eq(int(ending_code(e)))
    }

    /// A crash (or a fatal error while printing a panic) exits with status 2, and some panic
    /// that no recover returned is left to crash with: "if D returns normally, without
    /// starting a new panic, the panicking sequence stops", so a recovered panic crashes only
    /// if its deferred call starts another, which then is the one that crashes.
    fn crash(&self) -> Found {
        let s = self.s;
        let crashed = Bool::or(&[self.ending(Ending::Crash), self.ending(Ending::Fatal)]);
        let ok = Bool::and(&[self.x.aux.eq(int(2)), s.unrecovered.gt(int(0))]);
        (
            Id::Crash,
            Bool::and(&[crashed, ok.not()]),
            vec![self.here()],
        )
    }

    /// A Goexit deadlock exits with status 2 after a Goexit started.
    fn goexit(&self) -> Found {
        let s = self.s;
        let ok = Bool::and(&[self.x.aux.eq(int(2)), some(&s.goexit)]);
        (
            Id::Goexit,
            Bool::and(&[self.ending(Ending::GoexitDeadlock), ok.not()]),
            vec![s.goexit.clone(), self.here()],
        )
    }

    /// os.Exit is called by Go code (a frame of the program runs) with a one-byte status.
    fn os_exit(&self) -> Found {
        let (x, s) = (self.x, self.s);
        let ok = Bool::and(&[
            s.depth(&s.run).gt(int(0)),
            x.aux.ge(int(0)),
            x.aux.le(int(255)),
            self.prev.is(Kind::DeferStart).not(),
        ]);
        (
            Id::OsExit,
            Bool::and(&[self.ending(Ending::OsExit), ok.not()]),
            vec![self.here()],
        )
    }

    /// main returns with status 0, and not after a Goexit started where a recovery never
    /// removes a Goexit from the chain (Go 1.22 on).
    fn main_return(&self) -> Found {
        let s = self.s;
        let goexit_stays = Bool::and(&[self.given.resume_deep.clone(), some(&s.goexit)]);
        let ok = Bool::and(&[self.x.aux.eq(int(0)), goexit_stays.not()]);
        (
            Id::MainReturn,
            Bool::and(&[self.ending(Ending::MainReturned), ok.not()]),
            vec![s.goexit.clone(), self.here()],
        )
    }

    /// Nothing follows an `Exit`.
    fn after_exit(&self) -> Vec<Check> {
        let p = self.prev;
        let os_exit = p.flag.eq(int(ending_code(Ending::OsExit)));
        let check = |id, broken| Check {
            id,
            trigger: Trigger::After(Kind::Exit),
            guard: p.is(Kind::Exit),
            broken,
            witness: vec![&self.i - 1, self.here()],
        };
        vec![
            check(Id::OsExit, os_exit.clone()),
            check(Id::ExitLast, os_exit.not()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::encoding::{Mode, positions};

    /// `OBSERVED` lists exactly the invariants the observed encoding has checks for.
    #[test]
    fn observed_lists_the_checked_invariants() {
        let (_, at) = positions(2, Mode::Observed);
        let mut checked: Vec<&str> = at
            .iter()
            .flat_map(|p| p.checks.iter().map(|c| c.id.invariant().id))
            .collect();
        checked.sort_unstable();
        checked.dedup();
        let mut listed = crate::OBSERVED.to_vec();
        listed.sort_unstable();
        assert_eq!(checked, listed);
    }
}
