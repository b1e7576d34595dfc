//! The invariants of `spec/invariants.md`: their ids and one-sentence statements, in the
//! catalogue's order. The encoding names an invariant by [`Id`]; the catalogue is the public
//! face, and a test keeps it and `spec/invariants.md` identical.

/// An invariant of every run: a stable id and the sentence that states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Invariant {
    pub id: &'static str,
    pub sentence: &'static str,
}

/// An invariant as the encoding names it: its index in [`INVARIANTS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Id {
    Frames,
    Lifo,
    Once,
    SameFrame,
    Args,
    Invoke,
    Complete,
    Results,
    Unwind,
    Recover,
    Resume,
    Abort,
    Crash,
    Goexit,
    OsExit,
    MainReturn,
    ExitLast,
}

impl Id {
    pub const ALL: [Id; 17] = [
        Id::Frames,
        Id::Lifo,
        Id::Once,
        Id::SameFrame,
        Id::Args,
        Id::Invoke,
        Id::Complete,
        Id::Results,
        Id::Unwind,
        Id::Recover,
        Id::Resume,
        Id::Abort,
        Id::Crash,
        Id::Goexit,
        Id::OsExit,
        Id::MainReturn,
        Id::ExitLast,
    ];

    /// The catalogue entry of this invariant.
    pub fn invariant(self) -> &'static Invariant {
        &INVARIANTS[self as usize]
    }
}

/// The catalogue, in the order of `spec/invariants.md`.
pub const INVARIANTS: &[Invariant] = &[
    Invariant {
        id: "INV-FRAMES",
        sentence: "Frames form a stack: a frame is entered once, by the running frame; every event of a frame happens while it runs; and a frame is left (Return or Unwound) only while it runs.",
    },
    Invariant {
        id: "INV-LIFO",
        sentence: "The deferred calls of a frame start in reverse order of registration: a call starts only when every call its frame registered after it has started.",
    },
    Invariant {
        id: "INV-ONCE",
        sentence: "A deferred call starts only if it was registered, and at most once; it ends at most once, when the frame entered for it returns.",
    },
    Invariant {
        id: "INV-SAME-FRAME",
        sentence: "A deferred call starts and ends in the frame that registered it, and its own frame is called by that frame.",
    },
    Invariant {
        id: "INV-ARGS",
        sentence: "The arguments a deferred call receives are those evaluated when it was registered.",
    },
    Invariant {
        id: "INV-INVOKE",
        sentence: "A deferred call is invoked as soon as it starts: the next event enters the frame that runs it (or is the run-time panic of invoking it), and a frame runs a deferred call only right after that call started.",
    },
    Invariant {
        id: "INV-COMPLETE",
        sentence: "When a frame is left (Return or Unwound), every call it deferred has started.",
    },
    Invariant {
        id: "INV-RESULTS",
        sentence: "A caller receives the result parameters as they were after the frame's last deferred call finished (its latest DeferEnd, else its latest Returning).",
    },
    Invariant {
        id: "INV-UNWIND",
        sentence: "A deferred call started by unwinding is started on behalf of the goroutine's current panic or Goexit.",
    },
    Invariant {
        id: "INV-RECOVER",
        sentence: "recover returns the current panic p, and nothing else, exactly when p is a panic (not a Goexit) that no recover returned before and recover is called directly (depth 0, not in a wrapper) by a deferred call that p started; depth 0 means that the frame recover counts as called by runs a deferred call, and a deferred recover run by a returning frame counts as called by that frame.",
    },
    Invariant {
        id: "INV-RESUME",
        sentence: "A panic leaves the chain by recovery (Recovered) only as the current panic, once a recover returned it, right after the deferred call that recovered it ended, in the frame that deferred that call.",
    },
    Invariant {
        id: "INV-ABORT",
        sentence: "A panic is aborted only while it is on the chain below the current panic, in chain order: the aborted panic is the newest one below the current panic that is not aborted yet.",
    },
    Invariant {
        id: "INV-CRASH",
        sentence: "The program ends with Crash (status 2) exactly when a panic that is not a Goexit unwound the outermost frame and is still the current panic when no Go code runs; it ends with Fatal (status 2) when a newer panic left the code that printed it.",
    },
    Invariant {
        id: "INV-GOEXIT",
        sentence: "A Goexit that reaches the top of the goroutine ends the program with GoexitDeadlock (status 2), and nothing else does: every frame ran its deferred calls on the way, and a Goexit never ends in Crash.",
    },
    Invariant {
        id: "INV-OSEXIT",
        sentence: "os.Exit ends the program at once while Go code runs: no event follows Exit{OsExit}, it does not follow a DeferStart, and its status is one byte (0 to 255).",
    },
    Invariant {
        id: "INV-MAIN-RETURN",
        sentence: "The program ends with MainReturned (status 0) exactly when every outermost frame has returned, none was unwound, and no panic or Goexit is left on the chain.",
    },
    Invariant {
        id: "INV-EXIT-LAST",
        sentence: "The end of the program is its last event.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Each id indexes its own entry: the enum and the catalogue are in the same order.
    #[test]
    fn ids_index_their_entries() {
        let names = [
            "INV-FRAMES",
            "INV-LIFO",
            "INV-ONCE",
            "INV-SAME-FRAME",
            "INV-ARGS",
            "INV-INVOKE",
            "INV-COMPLETE",
            "INV-RESULTS",
            "INV-UNWIND",
            "INV-RECOVER",
            "INV-RESUME",
            "INV-ABORT",
            "INV-CRASH",
            "INV-GOEXIT",
            "INV-OSEXIT",
            "INV-MAIN-RETURN",
            "INV-EXIT-LAST",
        ];
        assert_eq!(Id::ALL.len(), INVARIANTS.len());
        for (i, (id, name)) in Id::ALL.iter().zip(names).enumerate() {
            assert_eq!(*id as usize, i);
            assert_eq!(id.invariant().id, name);
        }
    }
}
