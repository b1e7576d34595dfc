//! What the events so far imply about the run, as symbolic terms: the configuration the
//! invariants speak about, rebuilt from events alone, one transition per event.
//!
//! Short names, as in the machine: `f` a frame, `d` a deferred call, `p` a panic; each is named
//! by the position of the event it originates at (see `trace`). A state holds scalars for the
//! goroutine (its running frame, its current panic) and tables for what is known per frame,
//! per deferred call and per panic. A table is written only by the events its records are
//! about, so that a lookup passes few writes, and a lookup of anything else gives
//! [`crate::trace::NONE`]. Every transition is a fixed term over the previous state and the
//! event's constants: the encoding of a trace is linear in its length, and once the facts fix
//! the constants, every `ite` and every lookup evaluates to a number.

use crate::trace::{Field, Kind};
use crate::z::{Table, choose, empty, get, int, is, ne, none, some};
use z3::ast::{Array, Bool, Int};

/// The constants of the event at one position; the facts of a trace fix them (see
/// [`crate::trace::Row`] for what each holds).
#[derive(Clone, Debug)]
pub struct Fields {
    pub kind: Int,
    pub frame: Int,
    pub id: Int,
    pub aux: Int,
    pub flag: Int,
    pub value: Int,
}

impl Fields {
    pub fn new(i: usize) -> Fields {
        let c = |name: &str| Int::new_const(format!("{name}{i}"));
        Fields {
            kind: c("kind"),
            frame: c("frame"),
            id: c("id"),
            aux: c("aux"),
            flag: c("flag"),
            value: c("value"),
        }
    }

    /// The fields of the position before the first: no event.
    pub fn nothing() -> Fields {
        let n = none();
        Fields {
            kind: n.clone(),
            frame: n.clone(),
            id: n.clone(),
            aux: n.clone(),
            flag: n.clone(),
            value: n,
        }
    }

    pub fn get(&self, f: Field) -> &Int {
        match f {
            Field::Frame => &self.frame,
            Field::Id => &self.id,
            Field::Aux => &self.aux,
            Field::Flag => &self.flag,
            Field::Value => &self.value,
        }
    }

    pub fn is(&self, k: Kind) -> Bool {
        is(&self.kind, k)
    }

    /// The event leaves its frame.
    pub fn leaves(&self) -> Bool {
        Bool::or(&[self.is(Kind::Return), self.is(Kind::Unwound)])
    }
}

/// What a trace starts from besides its events: constants, fixed by facts too.
#[derive(Clone, Debug)]
pub struct Given {
    /// The frame running before the first event.
    pub entry: Int,
    /// A recovery resumes an aborted Goexit anywhere among the aborted panics it removes, not
    /// only right below the recovered panic (gc from Go 1.22).
    pub resume_deep: Bool,
}

impl Given {
    pub fn new() -> Given {
        Given {
            entry: Int::new_const("entry"),
            resume_deep: Bool::new_const("resume_deep"),
        }
    }
}

/// The record of a frame entered in the trace: who called it, the deferred call it runs, and
/// the panic the `DeferStart` just before its `Enter` ran for.
mod frame {
    pub const CALLER: usize = 0;
    pub const RUNS: usize = 1;
    pub const CAUSE: usize = 2;
    pub const WIDTH: usize = 3;
}

/// The record of a deferred call registered in the trace: its frame, its arguments, 1 when it
/// is the builtin `recover` itself (`defer recover()`), and the call pending below it when it
/// was registered.
mod call {
    pub const REGISTRAR: usize = 0;
    pub const ARGS: usize = 1;
    pub const RECOVER: usize = 2;
    pub const BELOW: usize = 3;
    pub const WIDTH: usize = 4;
}

/// The record of a panic: 1 for a Goexit, then the [`Chain`] when it started (the state of the
/// panic below it, saved).
mod panic {
    pub const GOEXIT: usize = 0;
    pub const CHAIN: usize = 1;
    pub const WIDTH: usize = CHAIN + super::Chain::WIDTH;
}

/// The record of a frame's latest `Returning` or `DeferEnd`: that event and its results.
mod results {
    pub const AT: usize = 0;
    pub const VALUE: usize = 1;
    pub const WIDTH: usize = 2;
}

/// The configuration after the events so far.
#[derive(Clone, Debug)]
pub struct State {
    /// The running frame: the top of the stack of frames entered and not left.
    pub run: Int,
    /// The outermost frame (one the entry frame called: an `init`, `main.main`, or a method the
    /// runtime calls to print a panic value) still on the stack, if any: Go code is running.
    pub outer: Int,
    frames: Table,
    defers: Table,
    /// Per frame: its newest deferred call that has not started.
    pending: Array,
    /// Per deferred call: where it (last) started.
    started: Array,
    results: Table,

    // The panic chain. Aborted panics stay on it, below the current one, until a recovery
    // removes them; they are never current again (a Goexit excepted, which resumes).
    pub chain: Chain,
    panics: Table,
    /// Per `Recover` event: the frame recover counts as called by (see [`State::caller_of`]).
    recover_frame: Array,

    /// The first Goexit.
    pub goexit: Int,
    /// The first `Unwound` of an outermost frame, and the panic (or Goexit) current then: the
    /// panic that reached the top of the goroutine.
    pub unwound: Int,
    pub unwound_by: Int,
}

/// Where the goroutine's panic chain stands: what a panic saves when it starts, and gets back
/// when it is current again.
#[derive(Clone, Debug)]
pub struct Chain {
    /// The current panic (or Goexit): the newest one on the chain.
    pub cur: Int,
    /// The newest panic below `cur` that is not aborted: the one a recovery makes current.
    pub live: Int,
    /// The panic directly above `live` on the chain, which saved `live`'s own chain.
    pub above: Int,
    /// The `Recover` event that recovered `cur`, if one did.
    pub recovered_by: Int,
    /// The newest aborted Goexit among the aborted panics directly below `cur`, and the panic
    /// directly above it: where a recovery of `cur` stops (see [`Given::resume_deep`]).
    pub stop: Int,
    pub stop_above: Int,
}

impl Chain {
    const WIDTH: usize = 6;

    fn empty() -> Chain {
        Chain {
            cur: none(),
            live: none(),
            above: none(),
            recovered_by: none(),
            stop: none(),
            stop_above: none(),
        }
    }

    fn fields(&self) -> [&Int; Chain::WIDTH] {
        [
            &self.cur,
            &self.live,
            &self.above,
            &self.recovered_by,
            &self.stop,
            &self.stop_above,
        ]
    }

    /// The chain saved by panic `p` in `panics`.
    fn saved(panics: &Table, p: &Int) -> Chain {
        let f = |j| panics.get(p, panic::CHAIN + j);
        Chain {
            cur: f(0),
            live: f(1),
            above: f(2),
            recovered_by: f(3),
            stop: f(4),
            stop_above: f(5),
        }
    }
}

impl State {
    /// Before the first event: `entry` is running, nothing is deferred, no panic.
    pub fn initial(given: &Given) -> State {
        State {
            run: given.entry.clone(),
            outer: none(),
            frames: Table::new(frame::WIDTH),
            defers: Table::new(call::WIDTH),
            pending: empty(),
            started: empty(),
            results: Table::new(results::WIDTH),
            chain: Chain::empty(),
            panics: Table::new(panic::WIDTH),
            recover_frame: empty(),
            goexit: none(),
            unwound: none(),
            unwound_by: none(),
        }
    }

    // Lookups.

    pub fn caller(&self, f: &Int) -> Int {
        self.frames.get(f, frame::CALLER)
    }
    /// The deferred call frame `f` runs.
    pub fn runs(&self, f: &Int) -> Int {
        self.frames.get(f, frame::RUNS)
    }
    /// The panic the call frame `f` runs was started for.
    pub fn cause(&self, f: &Int) -> Int {
        self.frames.get(f, frame::CAUSE)
    }
    pub fn registrar(&self, d: &Int) -> Int {
        self.defers.get(d, call::REGISTRAR)
    }
    pub fn args(&self, d: &Int) -> Int {
        self.defers.get(d, call::ARGS)
    }
    /// Deferred call `d` is the builtin `recover`.
    pub fn defers_recover(&self, d: &Int) -> Bool {
        self.defers.get(d, call::RECOVER).eq(int(1))
    }
    pub fn pending(&self, f: &Int) -> Int {
        get(&self.pending, f)
    }
    pub fn started(&self, d: &Int) -> Int {
        get(&self.started, d)
    }
    /// The event that carries frame `f`'s latest results, and those results.
    pub fn results(&self, f: &Int) -> (Int, Int) {
        (
            self.results.get(f, results::AT),
            self.results.get(f, results::VALUE),
        )
    }
    pub fn is_goexit(&self, p: &Int) -> Bool {
        self.panics.get(p, panic::GOEXIT).eq(int(1))
    }
    /// The frame the `Recover` event `r` counts as called by.
    pub fn recover_frame(&self, r: &Int) -> Int {
        get(&self.recover_frame, r)
    }

    /// The frame a `recover` called in frame `f` counts as called by: `f`, except that gc's
    /// wrapper for a deferred `recover` run by a returning frame is invisible, so that the
    /// frame that deferred it calls recover directly (gc-defined; golang/go#34530).
    pub fn caller_of(&self, f: &Int) -> Int {
        let d = self.runs(f);
        let invisible = Bool::and(&[some(&d), self.defers_recover(&d), self.cause(f).eq(none())]);
        invisible.ite(&self.caller(f), f)
    }

    /// The state after event `x` at position `i`, `prev` being the event before it.
    pub fn after(&self, i: usize, x: &Fields, prev: &Fields, given: &Given) -> State {
        let at = int(i as i64);
        let s = self;

        // A frame is entered on top of the running one and left to its caller.
        let enter = x.is(Kind::Enter);
        let run = enter.ite(&at, &x.leaves().ite(&s.caller(&x.frame), &s.run));
        let entered_outer = Bool::and(&[enter.clone(), x.aux.eq(&given.entry)]);
        let left_outer = Bool::and(&[x.leaves(), x.frame.eq(&s.outer)]);
        let outer = entered_outer.ite(&at, &left_outer.ite(&none(), &s.outer));
        let cause = prev.is(Kind::DeferStart).ite(&prev.aux, &none());

        // Registering pushes on the frame's pending calls; starting pops the newest, as the
        // machine does whichever call the event names.
        let defer = x.is(Kind::Defer);
        let start = x.is(Kind::DeferStart);
        let top = s.pending(&x.frame);
        let below_top = s.defers.get(&top, call::BELOW);
        let pending = defer.ite(
            &s.pending.store(&x.frame, &at),
            &start.ite(&s.pending.store(&x.frame, &below_top), &s.pending),
        );
        let sets_results = Bool::or(&[x.is(Kind::Returning), x.is(Kind::DeferEnd)]);

        let panic = x.is(Kind::Panic);
        let recover = x.is(Kind::Recover);
        let top_unwound = self.top_unwound(x);
        State {
            run,
            outer,
            frames: s.frames.set_if(&enter, &at, &[&x.aux, &x.id, &cause]),
            defers: s
                .defers
                .set_if(&defer, &at, &[&x.frame, &x.value, &x.flag, &top]),
            pending,
            started: start.ite(&s.started.store(&x.id, &at), &s.started),
            results: s.results.set_if(&sets_results, &x.frame, &[&at, &x.value]),
            chain: self.chain_after(&at, x, given),
            panics: s.panics.set_if(
                &panic,
                &at,
                &[&[&x.aux][..], &s.chain.fields()[..]].concat(),
            ),
            recover_frame: recover.ite(
                &s.recover_frame.store(&at, &s.caller_of(&x.frame)),
                &s.recover_frame,
            ),
            goexit: Bool::and(&[panic.clone(), x.aux.eq(int(1)), s.goexit.eq(none())])
                .ite(&at, &s.goexit),
            unwound: top_unwound.ite(&at, &s.unwound),
            unwound_by: top_unwound.ite(&s.chain.cur, &s.unwound_by),
        }
    }

    /// The event is the first `Unwound` of an outermost frame.
    fn top_unwound(&self, x: &Fields) -> Bool {
        Bool::and(&[
            x.is(Kind::Unwound),
            x.frame.eq(&self.outer),
            self.unwound.eq(none()),
        ])
    }

    /// The chain after event `x` at position `at`. A panic is pushed; a recovery pops the
    /// current panic and the aborted ones below it, but stops at an aborted Goexit (the one
    /// right below, or from Go 1.22 the newest among them), which resumes; an abort moves
    /// `live` down past the aborted panic and the aborted panics below it.
    fn chain_after(&self, at: &Int, x: &Fields, given: &Given) -> Chain {
        let c = &self.chain;
        let panic = x.is(Kind::Panic);
        let recovered = x.is(Kind::Recovered);
        let aborted = x.is(Kind::Aborted);

        let below_cur = self.panics.get(&c.cur, panic::CHAIN);
        let goexit_right_below = Bool::and(&[
            some(&below_cur),
            self.is_goexit(&below_cur),
            ne(&c.live, &below_cur),
        ]);
        let resumed = given
            .resume_deep
            .ite(&c.stop, &goexit_right_below.ite(&below_cur, &none()));
        let resume = some(&resumed);
        // The panic right above the new current one, which saved that one's chain.
        let from = resume.ite(&given.resume_deep.ite(&c.stop_above, &c.cur), &c.above);
        let restored = Chain::saved(&self.panics, &from);

        // An abort adds the aborted panic, and the aborted panics below it, to those below
        // `cur`: the newest Goexit among them stays the stop.
        let below_aborted = Chain::saved(&self.panics, &c.above);
        let keep = some(&c.stop);
        let aborts_goexit = self.is_goexit(&x.id);
        let stop = keep.ite(&c.stop, &aborts_goexit.ite(&x.id, &below_aborted.stop));
        let stop_above = keep.ite(
            &c.stop_above,
            &aborts_goexit.ite(&c.above, &below_aborted.stop_above),
        );

        let recovers_cur = Bool::and(&[x.is(Kind::Recover), some(&x.id), x.id.eq(&c.cur)]);

        let pushed = Chain {
            cur: at.clone(),
            live: c.cur.clone(),
            above: at.clone(),
            recovered_by: none(),
            stop: none(),
            stop_above: none(),
        };
        let popped = Chain {
            cur: resume.ite(&resumed, &c.live),
            ..restored
        };
        let moved = Chain {
            live: below_aborted.live,
            above: below_aborted.above,
            stop,
            stop_above,
            ..c.clone()
        };
        let marked = Chain {
            recovered_by: recovers_cur.ite(at, &c.recovered_by),
            ..c.clone()
        };
        pushed.when(
            &panic,
            &popped.when(&recovered, &moved.when(&aborted, &marked)),
        )
    }
}

impl Chain {
    /// `self` when `cond` holds, else `other`, field by field.
    fn when(&self, cond: &Bool, other: &Chain) -> Chain {
        let f = |a: &Int, b: &Int| choose(cond, a, b);
        Chain {
            cur: f(&self.cur, &other.cur),
            live: f(&self.live, &other.live),
            above: f(&self.above, &other.above),
            recovered_by: f(&self.recovered_by, &other.recovered_by),
            stop: f(&self.stop, &other.stop),
            stop_above: f(&self.stop_above, &other.stop_above),
        }
    }
}
