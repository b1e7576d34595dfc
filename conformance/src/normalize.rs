//! The one normalising filter table, applied to the stderr of real runs before they are
//! recorded and to the model's stderr (and recorded stderr again) before comparing.
//!
//! gc's crash output carries things no model can predict and no two runs (or two toolchains)
//! agree on: the goroutine dump, program counters, heap and static addresses. Everything else
//! in the header (the `panic:` chain with its `[recovered]` marks, `[signal ...]`, `fatal error:`)
//! is compared exactly.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::bytes::Regex;

/// A rewrite of stderr text.
pub struct Filter {
    pub pattern: &'static str,
    pub replacement: &'static str,
    pub why: &'static str,
}

/// The filters, applied in order.
pub const FILTERS: &[Filter] = &[
    Filter {
        pattern: r"(?ms)^\n?(?:goroutine \d+ [^\n]*\[[^\n]*\]:|runtime stack:)$.*\z",
        replacement: "",
        why: "the goroutine dump (and the `runtime stack:` a fatal error prints before it) lists \
              frames, file paths and offsets; it is cut with the blank line before it",
    },
    Filter {
        pattern: r"\bpc=0x[0-9a-f]+",
        replacement: "pc=PC",
        why: "the faulting program counter in `[signal ...]` depends on the binary's layout",
    },
    Filter {
        pattern: r"\bsp=0x[0-9a-f]+",
        replacement: "sp=SP",
        why: "a stack overflow reports the stack pointer, which moves between runs",
    },
    Filter {
        pattern: r"\bcode=0x[0-9a-f]{4,} addr=0x[0-9a-f]+",
        replacement: "code=0xADDR addr=0xADDR",
        why: "before Go 1.22 a recovery leaves its stack pointer and program counter in the \
              fields `[signal ...]` prints as `code` and `addr`, so a fault line printed after \
              one shows addresses there; a real si_code is below 0x1000",
    },
    Filter {
        pattern: r"(?m)(^|[^=\w])0x[0-9a-f]{4,}\b",
        replacement: "${1}0xADDR",
        why: "heap and static addresses (panic values such as `(*main.T) 0xc000012345`, \
              println of pointers, slices, maps, funcs, interfaces) move between runs and \
              toolchains; nothing below 0x1000 is an address, so `0x0` (nil) stays, and \
              `key=0x..` fields such as `addr=0x0` and `code=0x1` are left to the rows above",
    },
];

/// The compiled table; the patterns are constants, checked by a unit test.
static COMPILED: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    FILTERS
        .iter()
        .map(|f| {
            let re = Regex::new(f.pattern).expect("the filter table's patterns are valid");
            (re, f.replacement)
        })
        .collect()
});

/// Applies every filter to `stderr`.
pub fn stderr(stderr: &[u8]) -> Vec<u8> {
    let mut text = Cow::Borrowed(stderr);
    for (re, replacement) in COMPILED.iter() {
        if let Cow::Owned(changed) = re.replace_all(&text, replacement.as_bytes()) {
            text = Cow::Owned(changed);
        }
    }
    text.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        String::from_utf8(stderr(s.as_bytes())).expect("utf-8 in, utf-8 out")
    }

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(COMPILED.len(), FILTERS.len());
    }

    #[test]
    fn the_goroutine_dump_is_cut_with_the_blank_line_before_it() {
        let real = "deferred\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/x/main.go:11 +0x7a\nexit status 2\n";
        assert_eq!(norm(real), "deferred\npanic: boom\n");
        let other_goroutine = "panic: in goroutine\n\ngoroutine 5 [running]:\nmain.main.func1()\n";
        assert_eq!(norm(other_goroutine), "panic: in goroutine\n");
        let deadlock = "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\nmain.main()\n";
        assert_eq!(
            norm(deadlock),
            "fatal error: all goroutines are asleep - deadlock!\n"
        );
    }

    #[test]
    fn the_detailed_goroutine_header_and_runtime_stack_are_cut() {
        let overflow = "runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow\n\nruntime stack:\nruntime.throw({0x47f5ed?, 0x417aa5?})\n\ngoroutine 1 gp=0x22d5882fc1e0 m=3 mp=0x22d588335008 [running]:\nmain.f(0x2aaaa2f?)\n";
        assert_eq!(
            norm(overflow),
            "runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow\n"
        );
    }

    #[test]
    fn only_a_real_dump_header_starts_the_cut() {
        let printed = "goroutine 1 [is not a header\ngoroutine 2 [x]: neither\n";
        assert_eq!(norm(printed), printed);
        let locked = "fatal error: x\n\ngoroutine 18 [chan receive, locked to thread]:\nmain.f()\n";
        assert_eq!(norm(locked), "fatal error: x\n");
    }

    #[test]
    fn output_without_a_dump_is_kept_whole() {
        let goexit = "d\nfatal error: no goroutines (main called runtime.Goexit) - deadlock!\n";
        assert_eq!(norm(goexit), goexit);
        assert_eq!(norm("bye\n"), "bye\n");
        assert_eq!(norm(""), "");
        let chain = "panic: x [recovered, repanicked]\n\tpanic: more\n\tlines\n";
        assert_eq!(norm(chain), chain);
    }

    #[test]
    fn program_counters_become_pc() {
        let signal = "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48109a]\n\ngoroutine 1 [running]:\n";
        assert_eq!(
            norm(signal),
            "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]\n"
        );
    }

    #[test]
    fn fault_addresses_and_signal_codes_are_kept() {
        let offset = "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x47db2d]\n";
        assert_eq!(
            norm(offset),
            "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=PC]\n"
        );
        let far = "[signal SIGSEGV: segmentation violation code=0x2 addr=0x1000000 pc=0x1]\n";
        assert_eq!(
            norm(far),
            "[signal SIGSEGV: segmentation violation code=0x2 addr=0x1000000 pc=PC]\n"
        );
    }

    #[test]
    fn a_recovery_left_in_the_signal_fields_becomes_addresses() {
        let stale = "[signal SIGSEGV: segmentation violation code=0xc000088e10 addr=0x4810af pc=0x481098]\n";
        assert_eq!(
            norm(stale),
            "[signal SIGSEGV: segmentation violation code=0xADDR addr=0xADDR pc=PC]\n"
        );
    }

    #[test]
    fn stack_pointers_become_sp() {
        let line = "runtime: sp=0x22d5a83e0388 stack=[0x22d5a83e0000, 0x22d5c83e0000]\n";
        assert_eq!(norm(line), "runtime: sp=SP stack=[0xADDR, 0xADDR]\n");
    }

    #[test]
    fn addresses_become_addr() {
        assert_eq!(
            norm("panic: (*main.E) 0xc000018090 [recovered]\n"),
            "panic: (*main.E) 0xADDR [recovered]\n"
        );
        assert_eq!(
            norm("\tpanic: (main.S) 0x486f58\n"),
            "\tpanic: (main.S) 0xADDR\n"
        );
        assert_eq!(norm("0xec153a38e90\n"), "0xADDR\n");
        assert_eq!(
            norm("0xc000038740 0x46a150 (0x45c120,0x47b940) [0/0]0xc0000386a8\n"),
            "0xADDR 0xADDR (0xADDR,0xADDR) [0/0]0xADDR\n"
        );
    }

    #[test]
    fn nil_and_small_values_are_not_addresses() {
        let nils = "0x0 0x0 0x0 (0x0,0x0) true\n";
        assert_eq!(norm(nils), nils);
        assert_eq!(norm("0x8 0xfff\n"), "0x8 0xfff\n");
        assert_eq!(norm("x0x1234 id_0xabcd\n"), "x0x1234 id_0xabcd\n");
    }

    #[test]
    fn filtering_is_idempotent() {
        let real = "0xc000012098\npanic: (*main.E) 0xc000012098\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x45d16d]\n\ngoroutine 1 [running]:\n";
        let once = stderr(real.as_bytes());
        assert_eq!(stderr(&once), once);
    }

    #[test]
    fn bytes_that_are_not_utf8_pass_through() {
        assert_eq!(stderr(b"\xff 0xc000012098\n"), b"\xff 0xADDR\n");
    }
}
