//! The state invariants: properties of every configuration a run passes through, stated over
//! the configuration of the symbolic rules (`gosem_model::symbolic`). Where the trace
//! invariants say what a whole run looks like, these say what holds between any two steps; the
//! rule proofs (`prove`) show that every rule preserves each of them, given all of them.
//!
//! Each is written once against [`Logic`]: evaluated on the configurations of real runs by the
//! tests, and encoded in Z3 by the proofs.

use gosem_model::logic::Logic;
use gosem_model::symbolic::{
    BY_RETURN, Config, DEFERRED, FMT, GONE, NONE, NORMAL, PANIC_TEXT, RETURN, RUN, UNWIND,
};

macro_rules! states {
    ($($variant:ident => $id:literal, $sentence:literal;)*) => {
        /// A state invariant.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum State {
            $($variant,)*
        }

        impl State {
            pub const ALL: &'static [State] = &[$(State::$variant,)*];

            /// The id, as in `spec/invariants.md`.
            pub fn id(self) -> &'static str {
                match self {
                    $(State::$variant => $id,)*
                }
            }

            /// The invariant in one sentence.
            pub fn sentence(self) -> &'static str {
                match self {
                    $(State::$variant => $sentence,)*
                }
            }
        }
    };
}

states! {
    Entry => "INV-S-ENTRY",
        "The bottom frame is the runtime's entry: called normally, never a fmt call, never deferring a call.";
    Link => "INV-S-LINK",
        "A frame below the top is running a deferred call exactly when the frame above it was invoked as one.";
    Wait => "INV-S-WAIT",
        "A frame below the top is returning or unwinding exactly when it runs a deferred call (for its return, or for the panic unwinding it) or the runtime prints a panic value above it.";
    Abandoned => "INV-S-ABANDONED",
        "A top frame still marked as running a deferred call is unwinding: a panic abandoned that call.";
    Unwinding => "INV-S-UNWINDING",
        "A frame unwinds only while a panic or Goexit is on the chain.";
    Current => "INV-S-CURRENT",
        "The current panic is never aborted.";
    Live => "INV-S-LIVE",
        "A deferred call running for a panic runs for one still on the chain and not aborted.";
    Order => "INV-S-ORDER",
        "The panics running deferred calls run them in distinct frames, newer panics in higher frames.";
    UnwindNewer => "INV-S-UNWIND-NEWER",
        "While the top frame unwinds, every deferred call still running at or below it was run by a panic older than the current one.";
    Goexit => "INV-S-GOEXIT",
        "A Goexit is never recovered.";
    Printing => "INV-S-PRINTING",
        "The runtime calls a panic value's method only from the entry frame, once a panic that nothing can recover any more has unwound every other frame.";
    Fmt => "INV-S-FMT",
        "A method called by a fmt call runs directly above that fmt call's frame, which waits for it.";
}

impl State {
    /// Whether `c` satisfies the invariant.
    pub fn holds<L: Logic>(self, l: &L, c: &Config<L>) -> L::B {
        let fs = &c.frames;
        let n = fs.len();
        let p = c.chain.len() as i64;
        let pairs = || (0..n.saturating_sub(1)).map(|i| (&fs[i], &fs[i + 1]));
        let waits = |d: &L::I| l.not(&l.eq_n(d, NONE));
        match self {
            State::Entry => match fs.first() {
                Some(f) => l.and(&[
                    l.eq_n(&f.caller, NORMAL),
                    l.not(&f.fmt),
                    l.not(&f.wrapper),
                    l.eq_n(&f.defers, 0),
                    l.eq_n(&f.deferring, NONE),
                ]),
                None => l.lit(true),
            },
            State::Link => l.and(
                &pairs()
                    .map(|(f, up)| l.iff(&waits(&f.deferring), &l.eq_n(&up.caller, DEFERRED)))
                    .collect::<Vec<_>>(),
            ),
            State::Wait => l.and(
                &pairs()
                    .map(|(f, up)| {
                        let busy = l.or(&[waits(&f.deferring), l.eq_n(&up.caller, PANIC_TEXT)]);
                        // A deferred call runs for the frame's return or for the panic
                        // unwinding it.
                        let by_return = l.eq_n(&f.deferring, BY_RETURN);
                        let by_panic = l.and(&[waits(&f.deferring), l.not(&by_return)]);
                        l.and(&[
                            l.iff(&l.not(&l.eq_n(&f.mode, RUN)), &busy),
                            l.implies(&by_return, &l.eq_n(&f.mode, RETURN)),
                            l.implies(&by_panic, &l.eq_n(&f.mode, UNWIND)),
                        ])
                    })
                    .collect::<Vec<_>>(),
            ),
            State::Abandoned => match fs.last() {
                Some(t) => l.implies(&waits(&t.deferring), &l.eq_n(&t.mode, UNWIND)),
                None => l.lit(true),
            },
            State::Unwinding => l.and(
                &fs.iter()
                    .map(|f| l.implies(&l.eq_n(&f.mode, UNWIND), &l.lit(p > 0)))
                    .collect::<Vec<_>>(),
            ),
            State::Current => match c.chain.last() {
                Some(q) => l.not(&q.aborted),
                None => l.lit(true),
            },
            State::Live => {
                let mut all = Vec::new();
                for f in fs {
                    all.push(l.not(&l.eq_n(&f.deferring, GONE)));
                    for (k, q) in c.chain.iter().enumerate() {
                        all.push(l.implies(&l.eq_n(&f.deferring, k as i64), &l.not(&q.aborted)));
                    }
                }
                l.and(&all)
            }
            State::Order => {
                let mut all = Vec::new();
                for i in 0..n {
                    for j in i + 1..n {
                        let (a, b) = (&fs[i].deferring, &fs[j].deferring);
                        let both = l.and(&[is_panic(l, a), is_panic(l, b)]);
                        all.push(l.implies(&both, &l.lt(a, b)));
                    }
                }
                l.and(&all)
            }
            State::UnwindNewer => match fs.last() {
                Some(t) => {
                    let older: Vec<L::B> = fs
                        .iter()
                        .map(|f| {
                            l.implies(
                                &is_panic(l, &f.deferring),
                                &l.lt(&f.deferring, &l.num(p - 1)),
                            )
                        })
                        .collect();
                    l.implies(&l.eq_n(&t.mode, UNWIND), &l.and(&older))
                }
                None => l.lit(true),
            },
            State::Goexit => l.and(
                &c.chain
                    .iter()
                    .map(|q| l.not(&l.and(&[q.goexit.clone(), q.recovered.clone()])))
                    .collect::<Vec<_>>(),
            ),
            State::Printing => {
                // The panic that reached the top: not recovered, aborted or a Goexit, older than
                // every panic running a deferred call (so that no recover can reach it) and than
                // any panic unwinding the frames above the entry.
                let unwinding_above = l.or(&fs
                    .iter()
                    .skip(1)
                    .map(|f| l.eq_n(&f.mode, UNWIND))
                    .collect::<Vec<_>>());
                let stuck = l.or(&c
                    .chain
                    .iter()
                    .enumerate()
                    .map(|(k, q)| {
                        let mut all = vec![
                            l.not(&q.recovered),
                            l.not(&q.aborted),
                            l.not(&q.goexit),
                            l.implies(&unwinding_above, &l.lit(k + 1 < c.chain.len())),
                        ];
                        all.extend(fs.iter().map(|f| {
                            l.implies(
                                &is_panic(l, &f.deferring),
                                &l.lt(&l.num(k as i64), &f.deferring),
                            )
                        }));
                        l.and(&all)
                    })
                    .collect::<Vec<_>>());
                l.and(
                    &fs.iter()
                        .enumerate()
                        .map(|(i, f)| {
                            let at_top = match i {
                                1 => l.and(&[
                                    l.eq_n(&fs[0].mode, UNWIND),
                                    l.eq_n(&fs[0].defers, 0),
                                    stuck.clone(),
                                ]),
                                _ => l.lit(false),
                            };
                            l.implies(&l.eq_n(&f.caller, PANIC_TEXT), &at_top)
                        })
                        .collect::<Vec<_>>(),
                )
            }
            State::Fmt => l.and(
                &pairs()
                    .map(|(f, up)| {
                        l.implies(
                            &l.eq_n(&up.caller, FMT),
                            &l.and(&[f.fmt.clone(), f.awaiting.clone(), l.eq_n(&f.mode, RUN)]),
                        )
                    })
                    .collect::<Vec<_>>(),
            ),
        }
    }
}

/// The configuration is one the encoding describes: each field within its codes, a running
/// deferred call's panic on the chain (or gone).
pub fn well_formed<L: Logic>(l: &L, c: &Config<L>) -> L::B {
    let p = c.chain.len() as i64;
    let within =
        |x: &L::I, lo: i64, hi: i64| l.and(&[l.not(&l.lt(x, &l.num(lo))), l.lt(x, &l.num(hi + 1))]);
    let mut all = Vec::new();
    for f in &c.frames {
        all.push(within(&f.mode, RUN, UNWIND));
        all.push(within(&f.caller, NORMAL, PANIC_TEXT));
        all.push(l.not(&l.lt(&f.defers, &l.num(0))));
        all.push(within(&f.deferring, GONE, p - 1));
        all.push(l.implies(&f.awaiting, &f.fmt));
    }
    l.and(&all)
}

/// `d` names a panic on the chain.
fn is_panic<L: Logic>(l: &L, d: &L::I) -> L::B {
    l.not(&l.lt(d, &l.num(0)))
}
