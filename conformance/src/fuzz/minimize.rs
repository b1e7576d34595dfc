//! Reducing a program that shows a disagreement to a small one that shows the same.
//!
//! Two phases, both asking the real toolchain (and the model) about many candidates per
//! build: proptest's own shrinking of the program's choice sequence, then the syntax-aware
//! reductions of [`GoProgram::reductions`] until none still disagrees.

use std::collections::HashMap;
use std::mem::discriminant;

use gosem_model::mutant::Mutant;
use proptest::strategy::ValueTree;
use rayon::prelude::*;

use crate::r#gen::GoProgram;
use crate::toolchain::Toolchain;
use crate::verdict::ModelOutcome;

use super::judge::{Disagreement, Gist, judge_program, model_outcome};
use super::observe::{Linking, Observation, Runner, observe};

/// Candidates of unknown fate evaluated by one build while following proptest's shrinking.
const LOOKAHEAD: usize = 64;
/// Builds the proptest phase may take; its later steps rarely pay off.
const SHRINK_BUILDS: usize = 6;
/// Candidates built at once by the reduction phase, smallest first.
const CHUNK: usize = 300;
/// Reduction rounds at most (each removes at least one statement or node).
const ROUNDS: usize = 200;

/// What minimizing did.
pub struct Minimized {
    pub program: GoProgram,
    /// The disagreement as the minimized program shows it.
    pub disagreement: Disagreement,
    /// Builds (of many candidates each) it took.
    pub builds: usize,
}

/// Asks whether programs still disagree the way the original did.
pub struct Probe<'a> {
    pub toolchain: &'a Toolchain,
    pub runner: &'a Runner,
    pub mutant: Option<Mutant>,
    /// The builds to compare: the one the model disagreed with, or the two that differed.
    gcflags: Vec<String>,
    gist: Gist,
    /// How the model answered the original: a candidate it answers otherwise (rejects,
    /// refuses) cannot disagree the same way, and needs no build.
    model: ModelOutcome,
    /// Known answers, by source.
    cache: HashMap<String, Fate>,
    builds: usize,
}

impl<'a> Probe<'a> {
    pub fn new(
        d: &Disagreement,
        model: ModelOutcome,
        toolchain: &'a Toolchain,
        runner: &'a Runner,
        mutant: Option<Mutant>,
    ) -> Probe<'a> {
        let gcflags = d.between.gcflags();
        Probe {
            toolchain,
            runner,
            mutant,
            gcflags,
            gist: d.gist(),
            model,
            cache: HashMap::new(),
            builds: 0,
        }
    }

    /// Finds out, with one build, about every program of `sources` not yet known.
    fn learn(&mut self, candidates: &[(&GoProgram, String)]) {
        let release = self.toolchain.release;
        let unknown: Vec<&(&GoProgram, String)> = candidates
            .iter()
            .filter(|(_, src)| !self.cache.contains_key(src))
            .collect();
        let models: Vec<ModelOutcome> = unknown
            .par_iter()
            .map(|(p, _)| model_outcome(p, release, self.mutant))
            .collect();
        let mut to_build = Vec::new();
        for ((p, src), model) in unknown.iter().zip(models) {
            if discriminant(&model) == discriminant(&self.model) {
                to_build.push((*p, src, model));
            } else {
                self.cache.insert(src.clone(), Fate::Differs);
            }
        }
        if to_build.is_empty() {
            return;
        }
        let programs: Vec<&GoProgram> = to_build.iter().map(|(p, _, _)| *p).collect();
        let observed = observe(
            &programs,
            self.toolchain,
            &self.gcflags,
            Linking::Merged,
            self.runner,
        );
        self.builds += 1;
        for ((_, src, model), observed) in to_build.into_iter().zip(observed) {
            let fate = match self.same(&model, &observed) {
                Some(_) => Fate::Merged,
                None => Fate::Differs,
            };
            self.cache.insert(src.clone(), fate);
        }
    }

    /// The disagreement `observed` shows the same way, if it does.
    fn same(&self, model: &ModelOutcome, observed: &[Observation]) -> Option<Disagreement> {
        let judged = judge_program(self.toolchain.release, &self.gcflags, model, observed);
        judged
            .disagreements
            .into_iter()
            .find(|d| d.gist() == self.gist)
    }

    /// The first of `candidates` that disagrees the same way built alone (as a case is
    /// recorded): in a merged binary, gc's own layout-dependent bugs could fake it.
    fn first(&mut self, candidates: &[(&GoProgram, String)]) -> Option<usize> {
        self.learn(candidates);
        for (i, (p, src)) in candidates.iter().enumerate() {
            match self.cache.get(src) {
                Some(Fate::Confirmed(_)) => return Some(i),
                Some(Fate::Merged) => {
                    let model = model_outcome(p, self.toolchain.release, self.mutant);
                    let alone = observe(
                        &[*p],
                        self.toolchain,
                        &self.gcflags,
                        Linking::Separate,
                        self.runner,
                    );
                    self.builds += 1;
                    match self.same(&model, &alone[0]) {
                        Some(d) => {
                            self.cache.insert(src.clone(), Fate::Confirmed(d));
                            return Some(i);
                        }
                        None => {
                            self.cache.insert(src.clone(), Fate::Differs);
                        }
                    }
                }
                Some(Fate::Differs) | None => {}
            }
        }
        None
    }

    /// Whether the program with this source disagrees the same way built alone, if known.
    fn known(&self, source: &str) -> Option<bool> {
        match self.cache.get(source) {
            Some(Fate::Confirmed(_)) => Some(true),
            Some(Fate::Differs) => Some(false),
            Some(Fate::Merged) | None => None,
        }
    }
}

/// What a candidate does.
#[derive(Clone)]
enum Fate {
    /// It does not disagree the same way.
    Differs,
    /// It disagrees the same way in a merged binary: to be confirmed built alone.
    Merged,
    /// It disagrees the same way built alone, as this disagreement shows.
    Confirmed(Disagreement),
}

/// Minimizes `program` (the current value of `tree`), which shows the disagreement `d`
/// `probe` was made for.
pub fn minimize<T>(tree: T, program: GoProgram, d: Disagreement, probe: &mut Probe<'_>) -> Minimized
where
    T: ValueTree<Value = GoProgram> + Clone,
{
    let shrunk = shrink(tree, program, probe);
    let program = reduce(shrunk, probe);
    let disagreement = match probe.cache.get(&program.source()) {
        Some(Fate::Confirmed(found)) => found.clone(),
        _ => d,
    };
    Minimized {
        program,
        disagreement,
        builds: probe.builds,
    }
}

/// proptest's shrinking loop (simplify after a candidate that still disagrees, complicate
/// after one that does not), run speculatively: the candidates it would try while they keep
/// not disagreeing are built together, and the loop resumes from the first that does.
fn shrink<T>(mut state: T, mut best: GoProgram, probe: &mut Probe<'_>) -> GoProgram
where
    T: ValueTree<Value = GoProgram> + Clone,
{
    let start = probe.builds;
    let mut next = state.clone();
    if !next.simplify() {
        return best;
    }
    while probe.builds - start < SHRINK_BUILDS {
        // The states proptest would visit, each with its candidate, while none disagrees.
        let mut path: Vec<(T, GoProgram, String)> = Vec::new();
        let mut unknown = 0;
        let mut ended = false;
        let mut s = next.clone();
        loop {
            let p = s.current();
            let src = p.source();
            let fate = probe.known(&src);
            unknown += usize::from(fate.is_none());
            path.push((s.clone(), p, src));
            if fate == Some(true) || unknown == LOOKAHEAD {
                break;
            }
            if !s.complicate() {
                ended = true;
                break;
            }
        }
        let candidates: Vec<(&GoProgram, String)> =
            path.iter().map(|(_, p, src)| (p, src.clone())).collect();
        match probe.first(&candidates) {
            Some(j) => {
                let (s, p, _) = path.swap_remove(j);
                state = s;
                best = p;
                next = state.clone();
                if !next.simplify() {
                    return best;
                }
            }
            None if ended => return best,
            None => {
                let Some((mut last, _, _)) = path.pop() else {
                    return best;
                };
                if !last.complicate() {
                    return best;
                }
                next = last;
            }
        }
    }
    best
}

/// Applies the smallest reduction that still disagrees, round after round, until none does.
fn reduce(mut best: GoProgram, probe: &mut Probe<'_>) -> GoProgram {
    for _ in 0..ROUNDS {
        let candidates = best.reductions();
        let mut found = None;
        for chunk in candidates.chunks(CHUNK) {
            let with_source: Vec<(&GoProgram, String)> =
                chunk.iter().map(|p| (p, p.source())).collect();
            // Candidates come smallest first.
            found = probe.first(&with_source).map(|i| chunk[i].clone());
            if found.is_some() {
                break;
            }
        }
        match found {
            Some(p) => best = p,
            None => break,
        }
    }
    best
}
