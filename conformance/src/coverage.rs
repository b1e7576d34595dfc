//! Rule coverage: which rules of the semantics the cases exercise, and which none does.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use gosem_model::Rule;
use serde::Serialize;

/// For every rule, how many cases have a run that fired it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Cases that were checked.
    pub cases: usize,
    /// Every rule, in the order of the semantics.
    pub rules: Vec<RuleCoverage>,
    /// The labels no case exercises.
    pub unexercised: Vec<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleCoverage {
    pub rule: &'static str,
    pub cases: usize,
}

impl Coverage {
    /// Coverage from the set of rules each case used.
    pub fn new(per_case: &[BTreeSet<Rule>]) -> Coverage {
        let rules: Vec<RuleCoverage> = Rule::ALL
            .iter()
            .map(|rule| RuleCoverage {
                rule: rule.label(),
                cases: per_case.iter().filter(|used| used.contains(rule)).count(),
            })
            .collect();
        let unexercised = rules
            .iter()
            .filter(|r| r.cases == 0)
            .map(|r| r.rule)
            .collect();
        Coverage {
            cases: per_case.len(),
            rules,
            unexercised,
        }
    }

    /// A table of rules and case counts, then the rules no case exercises.
    pub fn render(&self) -> String {
        let width = self
            .rules
            .iter()
            .map(|r| r.rule.len())
            .chain(["rule".len()])
            .max()
            .unwrap_or(0);
        let mut out = format!("{:<width$}  cases (of {})\n", "rule", self.cases);
        for r in &self.rules {
            let _ = writeln!(out, "{:<width$}  {:>5}", r.rule, r.cases);
        }
        if self.unexercised.is_empty() {
            out.push_str("every rule is exercised\n");
        } else {
            let _ = writeln!(
                out,
                "{} of {} rules exercised by no case: {}",
                self.unexercised.len(),
                self.rules.len(),
                self.unexercised.join(", ")
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cases_not_firings_and_lists_the_gaps() {
        let per_case = [
            BTreeSet::from([Rule::DeferPush, Rule::PanicStart]),
            BTreeSet::from([Rule::DeferPush]),
            BTreeSet::new(),
        ];
        let c = Coverage::new(&per_case);
        assert_eq!(c.cases, 3);
        assert_eq!(c.rules.len(), Rule::ALL.len());
        let count = |label: &str| c.rules.iter().find(|r| r.rule == label).map(|r| r.cases);
        assert_eq!(count("Defer/push"), Some(2));
        assert_eq!(count("Panic/start"), Some(1));
        assert_eq!(count("Recover/active"), Some(0));
        assert!(c.unexercised.contains(&"Recover/active"));
        assert!(!c.unexercised.contains(&"Defer/push"));
        assert_eq!(c.unexercised.len(), Rule::ALL.len() - 2);
        let text = c.render();
        assert!(text.contains("Defer/push"), "{text}");
        assert!(text.contains(&format!(
            "{} of {} rules exercised by no case",
            Rule::ALL.len() - 2,
            Rule::ALL.len()
        )));
    }

    #[test]
    fn full_coverage_says_so() {
        let all: BTreeSet<Rule> = Rule::ALL.iter().copied().collect();
        let c = Coverage::new(&[all]);
        assert!(c.unexercised.is_empty());
        assert!(c.render().ends_with("every rule is exercised\n"));
    }
}
