//! The rules of the machine, stated symbolically over the configuration as [`ConfigView`] sees
//! it: frames reduced to their mode, defer-stack height, running deferred call, caller and
//! flags; panics to their marks. Each rule is a list of guarded outcomes. Written against
//! [`Logic`], the same statement is evaluated on every step of real runs (a test holds it
//! against the operational rule that fired) and encoded in Z3 by `gosem-spec`, which proves that
//! every rule preserves the state invariants.
//!
//! The shape of a configuration (how many frames and panics) stays concrete: a rule that pushes
//! or pops changes the shape, and each outcome has one. Only the fields are symbolic.

use crate::logic::{Concrete, Logic};
use crate::rule::Rule;
use crate::version::Version;
use crate::view::{Caller, ConfigView, Mode, Running};

/// `Frame::mode`.
pub const RUN: i64 = 0;
pub const RETURN: i64 = 1;
pub const UNWIND: i64 = 2;

/// `Frame::caller`.
pub const NORMAL: i64 = 0;
pub const DEFERRED: i64 = 1;
pub const FMT: i64 = 2;
pub const PANIC_TEXT: i64 = 3;

/// `Frame::deferring`: no deferred call running; one run by a return; one run by a panic that
/// has left the chain. A deferred call run by the panic at index `k` of the chain is `k`.
pub const NONE: i64 = -1;
pub const BY_RETURN: i64 = -2;
pub const GONE: i64 = -3;

pub struct Frame<L: Logic> {
    pub mode: L::I,
    pub defers: L::I,
    pub deferring: L::I,
    pub caller: L::I,
    pub wrapper: L::B,
    pub fmt: L::B,
    pub awaiting: L::B,
}

pub struct Panic<L: Logic> {
    pub recovered: L::B,
    pub aborted: L::B,
    pub goexit: L::B,
}

/// A configuration: frames bottom first, the panic chain oldest first.
pub struct Config<L: Logic> {
    pub frames: Vec<Frame<L>>,
    pub chain: Vec<Panic<L>>,
    pub ended: L::B,
}

// Derived Clone would demand `L: Clone`; the fields are what must be cloneable.
impl<L: Logic> Clone for Frame<L> {
    fn clone(&self) -> Self {
        Frame {
            mode: self.mode.clone(),
            defers: self.defers.clone(),
            deferring: self.deferring.clone(),
            caller: self.caller.clone(),
            wrapper: self.wrapper.clone(),
            fmt: self.fmt.clone(),
            awaiting: self.awaiting.clone(),
        }
    }
}

impl<L: Logic> Clone for Panic<L> {
    fn clone(&self) -> Self {
        Panic {
            recovered: self.recovered.clone(),
            aborted: self.aborted.clone(),
            goexit: self.goexit.clone(),
        }
    }
}

impl<L: Logic> Clone for Config<L> {
    fn clone(&self) -> Self {
        Config {
            frames: self.frames.clone(),
            chain: self.chain.clone(),
            ended: self.ended.clone(),
        }
    }
}

/// One way a rule can fire: when `guard` holds, the configuration becomes `next`.
pub struct Outcome<L: Logic> {
    pub guard: L::B,
    pub next: Config<L>,
}

impl<L: Logic> Config<L> {
    /// Whether two configurations of the same shape are equal (false when the shapes differ).
    pub fn same(&self, l: &L, other: &Config<L>) -> L::B {
        if self.frames.len() != other.frames.len() || self.chain.len() != other.chain.len() {
            return l.lit(false);
        }
        let mut all = vec![l.iff(&self.ended, &other.ended)];
        for (a, b) in self.frames.iter().zip(&other.frames) {
            all.extend([
                l.eq(&a.mode, &b.mode),
                l.eq(&a.defers, &b.defers),
                l.eq(&a.deferring, &b.deferring),
                l.eq(&a.caller, &b.caller),
                l.iff(&a.wrapper, &b.wrapper),
                l.iff(&a.fmt, &b.fmt),
                l.iff(&a.awaiting, &b.awaiting),
            ]);
        }
        for (a, b) in self.chain.iter().zip(&other.chain) {
            all.extend([
                l.iff(&a.recovered, &b.recovered),
                l.iff(&a.aborted, &b.aborted),
                l.iff(&a.goexit, &b.goexit),
            ]);
        }
        l.and(&all)
    }
}

impl Config<Concrete> {
    /// The configuration a run reports, in this encoding.
    pub fn of(v: &ConfigView) -> Config<Concrete> {
        Config {
            frames: v
                .frames
                .iter()
                .map(|f| Frame {
                    mode: match f.mode {
                        Mode::Run => RUN,
                        Mode::Return => RETURN,
                        Mode::Unwind => UNWIND,
                    },
                    defers: f.defers as i64,
                    deferring: match f.deferring {
                        None => NONE,
                        Some(Running::Return) => BY_RETURN,
                        Some(Running::Panic(None)) => GONE,
                        Some(Running::Panic(Some(k))) => k as i64,
                    },
                    caller: match f.caller {
                        Caller::Normal => NORMAL,
                        Caller::Deferred => DEFERRED,
                        Caller::Fmt => FMT,
                        Caller::PanicText => PANIC_TEXT,
                    },
                    wrapper: f.wrapper,
                    fmt: f.fmt,
                    awaiting: f.awaiting,
                })
                .collect(),
            chain: v
                .chain
                .iter()
                .map(|p| Panic {
                    recovered: p.recovered,
                    aborted: p.aborted,
                    goexit: p.goexit,
                })
                .collect(),
            ended: v.ended,
        }
    }
}

/// Whether the symbolic statement of `rule` admits the step from `before` to `after`.
pub fn admits(rule: Rule, before: &ConfigView, after: &ConfigView, toolchain: Version) -> bool {
    let (b, a) = (Config::of(before), Config::of(after));
    outcomes(&Concrete, rule, &b, toolchain)
        .iter()
        .any(|o| o.guard && o.next.same(&Concrete, &a))
}

/// The outcomes of `rule` from `c`, for a run of `toolchain`'s runtime.
pub fn outcomes<L: Logic>(l: &L, rule: Rule, c: &Config<L>, toolchain: Version) -> Vec<Outcome<L>> {
    if c.frames.is_empty() {
        return Vec::new();
    }
    let s = Sym { l, c };
    match rule {
        Rule::EvalConst
        | Rule::EvalLoad
        | Rule::EvalUnary
        | Rule::EvalBinary
        | Rule::EvalConvert
        | Rule::EvalField
        | Rule::EvalIndex
        | Rule::EvalSlice
        | Rule::EvalDeref
        | Rule::EvalAddress
        | Rule::EvalComposite
        | Rule::EvalClosure
        | Rule::EvalMethodValue
        | Rule::EvalAssert
        | Rule::EvalBuiltin
        | Rule::ExecStore
        | Rule::ExecDeclare
        | Rule::ExecJump
        | Rule::ExecBranch
        | Rule::ExecRange
        | Rule::ExecDrop
        | Rule::RecoverInert => vec![s.outcome(s.running(), c.clone())],
        Rule::CallEnter => s.call_enter(),
        Rule::CallNative => s.call_native(),
        Rule::DeferPush => s.defer_push(),
        Rule::ReturnSetResults | Rule::ReturnBare => s.return_start(),
        Rule::ReturnRunDeferred => s.return_run_deferred(),
        Rule::ReturnPopFrame => s.return_pop_frame(),
        Rule::PanicStart | Rule::PanicNilValue | Rule::PanicRuntimeError => s.panic_start(),
        Rule::UnwindRunDeferred => s.unwind_run_deferred(),
        Rule::UnwindAbort => s.unwind_abort(),
        Rule::UnwindPopFrame => s.unwind_pop_frame(),
        Rule::RecoverActive => s.recover_active(),
        Rule::RecoverResume => s.resume(toolchain, false),
        Rule::GoexitStart => s.goexit_start(),
        Rule::GoexitResume => s.resume(toolchain, true),
        Rule::ExitNow => vec![s.outcome(s.running(), s.ended())],
        Rule::ExitMainReturn => s.exit_main_return(),
        Rule::ExitValueMethod => s.exit_value_method(),
        Rule::ExitCrash => s.exit_crash(false),
        Rule::ExitGoexitDeadlock => s.exit_crash(true),
        Rule::ExitPrintingPanic => s.exit_printing_panic(),
    }
}

/// A configuration with the logic it is read in.
struct Sym<'a, L: Logic> {
    l: &'a L,
    c: &'a Config<L>,
}

impl<L: Logic> Sym<'_, L> {
    fn outcome(&self, guard: L::B, next: Config<L>) -> Outcome<L> {
        Outcome { guard, next }
    }

    fn n(&self) -> usize {
        self.c.frames.len()
    }

    fn top(&self) -> &Frame<L> {
        &self.c.frames[self.n() - 1]
    }

    fn with_top(&self, c: &mut Config<L>, f: impl FnOnce(&L, &mut Frame<L>)) {
        if let Some(t) = c.frames.last_mut() {
            f(self.l, t);
        }
    }

    fn mode_is(&self, m: i64) -> L::B {
        self.l
            .and(&[self.l.not(&self.c.ended), self.l.eq_n(&self.top().mode, m)])
    }

    /// The running frame executes its body (not a fmt call).
    fn running(&self) -> L::B {
        self.l
            .and(&[self.mode_is(RUN), self.l.not(&self.top().fmt)])
    }

    /// The current panic, if the chain is not empty.
    fn current(&self) -> Option<&Panic<L>> {
        self.c.chain.last()
    }

    fn ended(&self) -> Config<L> {
        let mut c = self.c.clone();
        c.ended = self.l.lit(true);
        c
    }

    fn frame(&self, caller: i64, wrapper: bool, fmt: bool) -> Frame<L> {
        let l = self.l;
        Frame {
            mode: l.num(RUN),
            defers: l.num(0),
            deferring: l.num(NONE),
            caller: l.num(caller),
            wrapper: l.lit(wrapper),
            fmt: l.lit(fmt),
            awaiting: l.lit(fmt),
        }
    }

    fn pushed(&self, mut c: Config<L>, f: Frame<L>) -> Config<L> {
        c.frames.push(f);
        c
    }

    fn panicked(&self, mut c: Config<L>, goexit: bool) -> Config<L> {
        let l = self.l;
        c.chain.push(Panic {
            recovered: l.lit(false),
            aborted: l.lit(false),
            goexit: l.lit(goexit),
        });
        self.with_top(&mut c, |l, t| t.mode = l.num(UNWIND));
        c
    }

    /// The top frame leaves; its caller gets what it returned, as its caller kind says.
    fn popped(&self) -> Config<L> {
        let mut c = self.c.clone();
        let gone = c.frames.pop();
        if let (Some(gone), Some(t)) = (gone, c.frames.last_mut()) {
            let l = self.l;
            let to_defer = l.eq_n(&gone.caller, DEFERRED);
            let to_fmt = l.eq_n(&gone.caller, FMT);
            t.deferring = l.ite(&to_defer, &l.num(NONE), &t.deferring);
            t.awaiting = l.ite_b(&to_fmt, &l.lit(false), &t.awaiting);
        }
        c
    }

    /// Call/enter: a Go function's frame is pushed, called from code or by a fmt call for an
    /// Error or String method.
    fn call_enter(&self) -> Vec<Outcome<L>> {
        let l = self.l;
        let by_fmt = l.and(&[self.mode_is(RUN), self.top().fmt.clone()]);
        let mut awaiting = self.c.clone();
        self.with_top(&mut awaiting, |l, t| t.awaiting = l.lit(true));
        vec![
            self.outcome(
                self.running(),
                self.pushed(self.c.clone(), self.frame(NORMAL, false, false)),
            ),
            self.outcome(by_fmt, self.pushed(awaiting, self.frame(FMT, false, false))),
        ]
    }

    /// Call/native: a native function runs to completion, or a fmt call starts (its frame waits
    /// for an Error or String method) or finishes (its frame leaves).
    fn call_native(&self) -> Vec<Outcome<L>> {
        let l = self.l;
        let mut out = vec![
            self.outcome(self.running(), self.c.clone()),
            self.outcome(
                self.running(),
                self.pushed(self.c.clone(), self.frame(NORMAL, true, true)),
            ),
        ];
        if self.n() >= 2 {
            let done = l.and(&[
                self.mode_is(RUN),
                self.top().fmt.clone(),
                l.not(&self.top().awaiting),
            ]);
            out.push(self.outcome(done, self.popped()));
        }
        out
    }

    /// The running frame is a function's, not the runtime's entry, whose code (package
    /// initialization and the call of `main`) has no defer or return statement.
    fn in_function(&self) -> L::B {
        self.l.and(&[self.running(), self.l.lit(self.n() >= 2)])
    }

    /// Defer/push: the running frame's defer stack grows by one.
    fn defer_push(&self) -> Vec<Outcome<L>> {
        let mut c = self.c.clone();
        self.with_top(&mut c, |l, t| t.defers = l.add(&t.defers, 1));
        vec![self.outcome(self.in_function(), c)]
    }

    /// Return/set-results and Return/bare: the running frame starts returning.
    fn return_start(&self) -> Vec<Outcome<L>> {
        let mut c = self.c.clone();
        self.with_top(&mut c, |l, t| t.mode = l.num(RETURN));
        vec![self.outcome(self.in_function(), c)]
    }

    /// The top frame pops its newest deferred call and invokes it for `cause`: a frame is pushed
    /// (a wrapper for a builtin, package function or nil func value); or a native method
    /// finishes at once; or the call panics on entry (a nil receiver copied by a wrapper, a nil
    /// interface).
    fn run_deferred(&self, guard: L::B, cause: L::I) -> Vec<Outcome<L>> {
        let l = self.l;
        let guard = l.and(&[guard, l.lt(&l.num(0), &self.top().defers)]);
        let mut base = self.c.clone();
        self.with_top(&mut base, |l, t| {
            t.defers = l.add(&t.defers, -1);
            t.deferring = cause;
        });
        let mut done = base.clone();
        self.with_top(&mut done, |l, t| t.deferring = l.num(NONE));
        vec![
            self.outcome(
                guard.clone(),
                self.pushed(base.clone(), self.frame(DEFERRED, false, false)),
            ),
            self.outcome(
                guard.clone(),
                self.pushed(base.clone(), self.frame(DEFERRED, true, false)),
            ),
            self.outcome(guard.clone(), done),
            self.outcome(guard, self.panicked(base, false)),
        ]
    }

    /// Return/run-deferred.
    fn return_run_deferred(&self) -> Vec<Outcome<L>> {
        self.run_deferred(self.mode_is(RETURN), self.l.num(BY_RETURN))
    }

    /// Return/pop-frame: a returning frame with no deferred call left leaves.
    fn return_pop_frame(&self) -> Vec<Outcome<L>> {
        if self.n() < 2 {
            return Vec::new();
        }
        let l = self.l;
        let guard = l.and(&[self.mode_is(RETURN), l.eq_n(&self.top().defers, 0)]);
        vec![self.outcome(guard, self.popped())]
    }

    /// Panic/start, Panic/nil-value, Panic/runtime-error: a panic joins the chain and the running
    /// frame unwinds. Run-time panics also come from a fmt call's frame.
    fn panic_start(&self) -> Vec<Outcome<L>> {
        vec![self.outcome(self.mode_is(RUN), self.panicked(self.c.clone(), false))]
    }

    /// Goexit/start: a Goexit mark joins the chain and the running frame unwinds.
    fn goexit_start(&self) -> Vec<Outcome<L>> {
        vec![self.outcome(self.running(), self.panicked(self.c.clone(), true))]
    }

    /// fmt's catchPanic applies: the top frame is a fmt call whose method the current panic
    /// (not a Goexit) has unwound.
    fn fmt_catches(&self) -> L::B {
        let l = self.l;
        match self.current() {
            Some(p) => l.and(&[
                self.top().fmt.clone(),
                self.top().awaiting.clone(),
                l.not(&p.goexit),
            ]),
            None => l.lit(false),
        }
    }

    /// The top frame is unwound by the current panic, which is not recovered and which nothing
    /// catches there, and no deferred call of the frame is still running.
    fn unwinding(&self) -> L::B {
        let l = self.l;
        match self.current() {
            Some(p) => l.and(&[
                self.mode_is(UNWIND),
                l.eq_n(&self.top().deferring, NONE),
                l.not(&p.recovered),
                l.not(&self.fmt_catches()),
            ]),
            None => l.lit(false),
        }
    }

    /// Unwind/run-deferred.
    fn unwind_run_deferred(&self) -> Vec<Outcome<L>> {
        let current = self.c.chain.len() as i64 - 1;
        self.run_deferred(self.unwinding(), self.l.num(current))
    }

    /// Unwind/abort: the deferred call the top frame was running is abandoned; the panic that
    /// ran it, if still on the chain, is aborted.
    fn unwind_abort(&self) -> Vec<Outcome<L>> {
        let l = self.l;
        let d = self.top().deferring.clone();
        let guard = l.and(&[self.mode_is(UNWIND), l.not(&l.eq_n(&d, NONE))]);
        let mut c = self.c.clone();
        for (k, p) in c.chain.iter_mut().enumerate() {
            p.aborted = l.or(&[p.aborted.clone(), l.eq_n(&d, k as i64)]);
        }
        self.with_top(&mut c, |l, t| t.deferring = l.num(NONE));
        vec![self.outcome(guard, c)]
    }

    /// Unwind/pop-frame: a frame with no deferred call left is unwound; its caller unwinds.
    fn unwind_pop_frame(&self) -> Vec<Outcome<L>> {
        if self.n() < 2 {
            return Vec::new();
        }
        let l = self.l;
        let guard = l.and(&[
            self.unwinding(),
            l.eq_n(&self.top().defers, 0),
            l.not(&l.eq_n(&self.top().caller, PANIC_TEXT)),
        ]);
        let mut c = self.c.clone();
        c.frames.pop();
        self.with_top(&mut c, |l, t| t.mode = l.num(UNWIND));
        vec![self.outcome(guard, c)]
    }

    /// Whether `recover` called by the top frame is called directly by a deferred function that
    /// the current panic invoked: the frame itself, or, for a deferred `recover` run by a
    /// returning frame, that frame.
    fn called_directly(&self) -> L::B {
        let l = self.l;
        let n = self.n();
        let current = self.c.chain.len() as i64 - 1;
        let direct = |k: usize| {
            if k == 0 {
                return l.lit(false);
            }
            let (f, below) = (&self.c.frames[k], &self.c.frames[k - 1]);
            l.and(&[
                l.eq_n(&f.caller, DEFERRED),
                l.not(&f.wrapper),
                l.eq_n(&below.deferring, current),
            ])
        };
        if n < 2 {
            return direct(n - 1);
        }
        let by_returning = l.and(&[
            self.top().wrapper.clone(),
            l.eq_n(&self.c.frames[n - 2].deferring, BY_RETURN),
        ]);
        l.or(&[
            l.and(&[by_returning.clone(), direct(n - 2)]),
            l.and(&[l.not(&by_returning), direct(n - 1)]),
        ])
    }

    /// Recover/active: the current panic is marked recovered, by `recover` called directly by a
    /// deferred function the panic invoked, or by fmt's catchPanic.
    fn recover_active(&self) -> Vec<Outcome<L>> {
        let l = self.l;
        let Some(p) = self.current() else {
            return Vec::new();
        };
        let recoverable = l.and(&[l.not(&p.goexit), l.not(&p.recovered)]);
        let mut marked = self.c.clone();
        if let Some(p) = marked.chain.last_mut() {
            p.recovered = l.lit(true);
        }
        let mut caught = marked.clone();
        self.with_top(&mut caught, |l, t| t.awaiting = l.lit(false));
        let catch = l.and(&[
            self.mode_is(UNWIND),
            l.eq_n(&self.top().deferring, NONE),
            self.fmt_catches(),
            recoverable.clone(),
        ]);
        vec![
            self.outcome(
                l.and(&[self.running(), recoverable, self.called_directly()]),
                marked,
            ),
            self.outcome(catch, caught),
        ]
    }

    /// Recover/resume and Goexit/resume: the deferred call that recovered the current panic has
    /// returned. The panic leaves the chain with the aborted panics directly below it; the frame
    /// returns normally (Recover/resume), unless an aborted Goexit is met, which resumes
    /// unwinding (Goexit/resume): from Go 1.22 any such Goexit, before only the one right below.
    fn resume(&self, toolchain: Version, goexit: bool) -> Vec<Outcome<L>> {
        let l = self.l;
        let Some(p) = self.current() else {
            return Vec::new();
        };
        let start = l.and(&[
            self.mode_is(UNWIND),
            l.eq_n(&self.top().deferring, NONE),
            p.recovered.clone(),
        ]);
        let search_all = toolchain.at_least(1, 22);
        let below = self.c.chain.len() - 1;
        let stops_at = |q: usize| {
            let c = &self.c.chain[q];
            let eligible = l.lit(search_all || q + 1 == below);
            l.and(&[c.aborted.clone(), c.goexit.clone(), eligible])
        };
        let mut out = Vec::new();
        // `kept` panics stay on the chain; those from `kept` to `below` are removed.
        for kept in (0..=below).rev() {
            let mut guard = vec![start.clone()];
            for q in kept..below {
                guard.push(self.c.chain[q].aborted.clone());
                guard.push(l.not(&stops_at(q)));
            }
            let mut c = self.c.clone();
            c.chain.truncate(kept);
            // A frame running a deferred call for a panic that left refers to it as gone.
            let bound = l.num(kept as i64);
            for f in &mut c.frames {
                f.deferring = l.ite(&l.lt(&f.deferring, &bound), &f.deferring, &l.num(GONE));
            }
            if goexit {
                if kept == 0 {
                    continue;
                }
                guard.push(stops_at(kept - 1));
                if let Some(g) = c.chain.last_mut() {
                    g.aborted = l.lit(false);
                }
                self.with_top(&mut c, |l, t| t.mode = l.num(UNWIND));
            } else {
                if kept > 0 {
                    guard.push(l.not(&self.c.chain[kept - 1].aborted));
                }
                let fmt = self.top().fmt.clone();
                self.with_top(&mut c, |l, t| {
                    t.mode = l.ite(&fmt, &l.num(RUN), &l.num(RETURN));
                });
            }
            out.push(self.outcome(l.and(&guard), c));
        }
        out
    }

    /// Exit/main-return: the entry frame reaches the end of `main`.
    fn exit_main_return(&self) -> Vec<Outcome<L>> {
        if self.n() != 1 {
            return Vec::new();
        }
        vec![self.outcome(self.running(), self.ended())]
    }

    /// A panic (or Goexit) has unwound every frame but the entry frame.
    fn at_top(&self) -> L::B {
        if self.n() != 1 {
            return self.l.lit(false);
        }
        self.l
            .and(&[self.unwinding(), self.l.eq_n(&self.top().defers, 0)])
    }

    /// Exit/value-method: the runtime calls a panic value's Error or String method (its frame
    /// is pushed, or a nil receiver panics at once).
    fn exit_value_method(&self) -> Vec<Outcome<L>> {
        let l = self.l;
        let Some(p) = self.current() else {
            return Vec::new();
        };
        let guard = l.and(&[self.at_top(), l.not(&p.goexit)]);
        vec![
            self.outcome(
                guard.clone(),
                self.pushed(self.c.clone(), self.frame(PANIC_TEXT, false, false)),
            ),
            self.outcome(guard, self.panicked(self.c.clone(), false)),
        ]
    }

    /// Exit/crash (a panic) and Exit/goexit-deadlock (a Goexit) at the top of the goroutine.
    fn exit_crash(&self, goexit: bool) -> Vec<Outcome<L>> {
        let l = self.l;
        let Some(p) = self.current() else {
            return Vec::new();
        };
        let kind = if goexit {
            p.goexit.clone()
        } else {
            l.not(&p.goexit)
        };
        vec![self.outcome(l.and(&[self.at_top(), kind]), self.ended())]
    }

    /// Exit/printing-panic: an Error or String method called to print a panic value is unwound.
    fn exit_printing_panic(&self) -> Vec<Outcome<L>> {
        if self.n() < 2 {
            return Vec::new();
        }
        let l = self.l;
        let guard = l.and(&[
            self.unwinding(),
            l.eq_n(&self.top().defers, 0),
            l.eq_n(&self.top().caller, PANIC_TEXT),
        ]);
        let mut c = self.c.clone();
        c.frames.pop();
        c.ended = l.lit(true);
        vec![self.outcome(guard, c)]
    }
}
