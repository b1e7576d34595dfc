//! How fresh results merge into a fixture's recorded runs.

use std::collections::HashSet;

use crate::fixture::{Observation, RunKey};
use crate::verdict::{Difference, RECORDED_VS_NOW, Verdict, compare};

/// What recording did to one observation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Unchanged,
    New,
    Changed(Vec<Difference>),
    /// Recorded for a re-run toolchain and gcflags but no longer planned: the case's `lang`
    /// or `godebug` list changed.
    Removed,
    /// No usable result; the previous observation, if any, is kept.
    Poisoned(String),
}

impl Change {
    /// Every label, in the order reports count them.
    pub const LABELS: [&'static str; 5] = ["unchanged", "new", "changed", "removed", "poisoned"];

    pub fn label(&self) -> &'static str {
        match self {
            Change::Unchanged => "unchanged",
            Change::New => "new",
            Change::Changed(_) => "changed",
            Change::Removed => "removed",
            Change::Poisoned(_) => "poisoned",
        }
    }

    /// The verdict of `record --check`: anything but an unchanged observation is drift.
    pub fn verdict(&self) -> Verdict {
        let drift = |d: Difference| Verdict::Mismatch {
            differences: vec![d],
        };
        match self {
            Change::Unchanged => Verdict::Agree,
            Change::New => drift(Difference::MissingObservation),
            Change::Changed(differences) => Verdict::Mismatch {
                differences: differences.clone(),
            },
            Change::Removed => drift(Difference::ExtraObservation),
            Change::Poisoned(reason) => Verdict::Poisoned {
                reason: reason.clone(),
            },
        }
    }
}

/// Merges the fresh results of one case into its recorded runs. Observations of a re-run
/// toolchain and gcflags are replaced, or dropped when no longer planned; a poisoned run
/// keeps its old observation; everything else is kept as it was.
pub fn reconcile(
    old: &[Observation],
    fresh: Vec<(RunKey, Result<Observation, String>)>,
    rerun: &dyn Fn(&RunKey) -> bool,
) -> (Vec<Observation>, Vec<(RunKey, Change)>) {
    let planned: HashSet<RunKey> = fresh.iter().map(|(k, _)| k.clone()).collect();
    let mut runs = Vec::new();
    let mut changes = Vec::new();
    for o in old {
        let key = o.key();
        if !rerun(&key) {
            runs.push(o.clone());
        } else if !planned.contains(&key) {
            changes.push((key, Change::Removed));
        }
    }
    for (key, result) in fresh {
        let previous = old.iter().find(|o| o.key() == key);
        let change = match result {
            Ok(now) => {
                let change = match previous {
                    None => Change::New,
                    Some(p) => match compare(&p.outputs(), &now.outputs(), RECORDED_VS_NOW) {
                        d if d.is_empty() => Change::Unchanged,
                        d => Change::Changed(d),
                    },
                };
                runs.push(now);
                change
            }
            Err(reason) => {
                runs.extend(previous.cloned());
                Change::Poisoned(reason)
            }
        };
        changes.push((key, change));
    }
    runs.sort_by_key(Observation::key);
    changes.sort_by(|a, b| a.0.cmp(&b.0));
    (runs, changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::tests::{key, obs, release};

    #[test]
    fn reconcile_replaces_keeps_and_removes() {
        let rerun_go127 = |k: &RunKey| k.toolchain == release("go1.27.3") && k.gcflags.is_empty();
        let same = key("go1.27.3", "1.27", "");
        let changed = key("go1.27.3", "1.27", "panicnil=1");
        let stale = key("go1.27.3", "1.21", "");
        let other = key("go1.19.8", "1.19", "");
        let poisoned = key("go1.27.3", "1.26", "");
        let new = key("go1.27.3", "1.22", "");
        let old = [
            obs(&same, "a\n"),
            obs(&changed, "old\n"),
            obs(&stale, "s\n"),
            obs(&other, "o\n"),
            obs(&poisoned, "p\n"),
        ];
        let fresh = vec![
            (same.clone(), Ok(obs(&same, "a\n"))),
            (changed.clone(), Ok(obs(&changed, "new\n"))),
            (poisoned.clone(), Err("timed out".to_string())),
            (new.clone(), Ok(obs(&new, "n\n"))),
        ];
        let (runs, changes) = reconcile(&old, fresh, &rerun_go127);
        let kept: Vec<(RunKey, &str)> = runs.iter().map(|o| (o.key(), o.stdout.as_str())).collect();
        let mut expected = vec![
            (same.clone(), "a\n"),
            (changed.clone(), "new\n"),
            (other.clone(), "o\n"),
            (poisoned.clone(), "p\n"),
            (new.clone(), "n\n"),
        ];
        expected.sort();
        assert_eq!(kept, expected);
        let change = |k: &RunKey| changes.iter().find(|(c, _)| c == k).map(|(_, c)| c.clone());
        assert_eq!(change(&same), Some(Change::Unchanged));
        assert!(matches!(change(&changed), Some(Change::Changed(d)) if d[0].field() == "stdout"));
        assert_eq!(change(&stale), Some(Change::Removed));
        assert_eq!(
            change(&other),
            None,
            "toolchains not re-run are not reported"
        );
        assert_eq!(
            change(&poisoned),
            Some(Change::Poisoned("timed out".to_string()))
        );
        assert_eq!(change(&new), Some(Change::New));
    }

    #[test]
    fn check_verdicts_name_the_drift() {
        assert_eq!(Change::Unchanged.verdict(), Verdict::Agree);
        let fields = |c: Change| match c.verdict() {
            Verdict::Mismatch { differences } => differences[0].field(),
            other => panic!("expected drift, got {other:?}"),
        };
        assert_eq!(fields(Change::New), "missing observation");
        assert_eq!(fields(Change::Removed), "unexpected extra observation");
        assert_eq!(
            Change::Poisoned("x".to_string()).verdict().kind(),
            crate::verdict::Kind::Poisoned
        );
    }
}
