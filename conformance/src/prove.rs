//! `gosem prove`: the table of rule proofs, rule by property, with the bound used.

use std::fmt::Write;
use std::time::Duration;

use gosem_model::Version;
use gosem_spec::prove::{self, Bound, Proof, Row, Verdict};
use gosem_spec::states::State;

/// Counts of the verdicts in a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub proved: usize,
    pub not_applicable: usize,
    pub counterexamples: usize,
    pub timeouts: usize,
}

impl Tally {
    fn of(rows: &[Row]) -> Tally {
        let mut t = Tally::default();
        for v in rows.iter().flat_map(|r| &r.verdicts) {
            match v {
                Verdict::Proved => t.proved += 1,
                Verdict::NotApplicable => t.not_applicable += 1,
                Verdict::Counterexample { .. } => t.counterexamples += 1,
                Verdict::Timeout { .. } => t.timeouts += 1,
            }
        }
        t
    }

    /// Whether anything is left unproved.
    pub fn failed(&self) -> bool {
        self.counterexamples + self.timeouts > 0
    }
}

/// Proves the rules for `toolchain`'s runtime within `bound`; the report and its tally.
pub fn run(bound: Bound, toolchain: Version) -> (String, Tally) {
    let proof = prove::timed(bound, toolchain, &mut |_| {});
    let tally = Tally::of(&proof.rows);
    (render(&proof, bound, toolchain, tally), tally)
}

fn render(proof: &Proof, bound: Bound, toolchain: Version, tally: Tally) -> String {
    let props = prove::properties();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} rules x {} properties, go{toolchain} runtime, every shape up to {} frames and {} panics, {} per query",
        proof.rows.len(),
        props.len(),
        bound.frames,
        bound.panics,
        seconds(bound.timeout)
    );
    let width = proof
        .rows
        .iter()
        .map(|r| r.rule.label().len())
        .max()
        .unwrap_or(0);
    let _ = write!(out, "\n{:width$}", "rule");
    for i in 1..=props.len() {
        let _ = write!(out, " {i:>2}");
    }
    out.push('\n');
    for row in &proof.rows {
        let _ = write!(out, "{:width$}", row.rule.label());
        for v in &row.verdicts {
            let mark = match v {
                Verdict::Proved => "P",
                Verdict::NotApplicable => "-",
                Verdict::Counterexample { .. } => "X",
                Verdict::Timeout { .. } => "T",
            };
            let _ = write!(out, " {mark:>2}");
        }
        out.push('\n');
    }
    out.push_str(
        "\nP proved within the bound; - not applicable (the rule changes no configuration); \
         X counterexample; T timeout (not proved)\n",
    );
    for (i, (id, state)) in props.iter().enumerate() {
        let sentence = state.map_or(
            "Every field of the configuration is within its codes.",
            State::sentence,
        );
        let _ = writeln!(out, "{:>2} {id}: {sentence}", i + 1);
    }
    for row in &proof.rows {
        for (v, (id, _)) in row.verdicts.iter().zip(&props) {
            match v {
                Verdict::Counterexample { before, after } => {
                    let _ = writeln!(
                        out,
                        "\n{} breaks {id}:\n  before: {}\n  after:  {}",
                        row.rule.label(),
                        prove::show(before),
                        prove::show(after)
                    );
                }
                Verdict::Timeout { frames, panics } => {
                    let _ = writeln!(
                        out,
                        "\n{} x {id}: no answer within {} for {frames} frames and {panics} panics",
                        row.rule.label(),
                        seconds(bound.timeout)
                    );
                }
                Verdict::Proved | Verdict::NotApplicable => {}
            }
        }
    }
    let _ = writeln!(
        out,
        "\nproved {}, not applicable {}, counterexamples {}, timeouts {}; {:.1} s",
        tally.proved,
        tally.not_applicable,
        tally.counterexamples,
        tally.timeouts,
        proof.elapsed.as_secs_f64()
    );
    out
}

fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}
