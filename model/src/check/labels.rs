//! Labels of a function: `goto`, and `break` and `continue` naming a label, checked as the
//! specification's "Label scopes", "Goto statements", "Break statements" and "Continue
//! statements" require.

use super::{Checker, Entity, Res};
use crate::diag::Wording;
use crate::ir::{LabelId, VarId};
use crate::syntax::{self, Ident, Pos, StmtKind as SK};

/// The labels of the function being checked and the statements that refer to them.
#[derive(Default)]
pub struct Labels {
    declared: Vec<Declared>,
    gotos: Vec<Goto>,
    /// The enclosing loops and switches, innermost last, with their labels.
    targets: Vec<Target>,
    /// The label of the statement about to be checked, for the loop or switch it labels.
    pub pending: Option<LabelId>,
}

struct Declared {
    name: String,
    pos: Pos,
    used: bool,
    /// Where the labeled statement is, once checked.
    at: Option<Site>,
}

struct Goto {
    label: LabelId,
    pos: Pos,
    at: Site,
}

/// A point of the function body: its blocks, outermost first, and the variables in scope.
#[derive(Clone)]
struct Site {
    blocks: Vec<u32>,
    visible: Vec<VarId>,
}

#[derive(Clone, Copy)]
struct Target {
    label: Option<LabelId>,
    is_loop: bool,
}

impl Labels {
    /// The labels declared in a function body (its nested function literals have their own).
    pub fn of(body: &[syntax::Stmt]) -> Result<Labels, (Pos, String)> {
        let mut labels = Labels::default();
        let mut todo: Vec<&syntax::Stmt> = body.iter().collect();
        while let Some(s) = todo.pop() {
            match &s.kind {
                SK::Labeled(l, inner) => {
                    if labels.declared.iter().any(|d| d.name == l.name) {
                        return Err((l.pos, format!("label {} already defined", l.name)));
                    }
                    labels.declared.push(Declared {
                        name: l.name.clone(),
                        pos: l.pos,
                        used: false,
                        at: None,
                    });
                    todo.push(inner);
                }
                _ => todo.extend(s.children()),
            }
        }
        // Numbered in source order.
        labels.declared.sort_by_key(|d| d.pos);
        Ok(labels)
    }

    fn find(&self, name: &str) -> Option<LabelId> {
        self.declared
            .iter()
            .position(|d| d.name == name)
            .map(|i| LabelId(i as u32))
    }
}

impl Checker<'_> {
    /// Where the checker is: the open blocks and the current function's variables in scope.
    fn site(&self) -> Site {
        let depth = self.depth();
        let mut visible: Vec<VarId> = self
            .scopes
            .names
            .iter()
            .filter_map(|(_, e, _)| match e {
                Entity::Local { depth: d, var } if *d == depth => Some(*var),
                _ => None,
            })
            .collect();
        visible.sort();
        Site {
            blocks: self.scopes.ids.clone(),
            visible,
        }
    }

    /// `L:` labels the statement checked next.
    pub(super) fn label(&mut self, l: &Ident) -> Res<LabelId> {
        let site = self.site();
        let labels = &mut self.ctx().labels;
        let Some(id) = labels.find(&l.name) else {
            return self.internal(l.pos, "a label the pre-pass did not collect");
        };
        labels.declared[id.0 as usize].at = Some(site);
        labels.pending = Some(id);
        Ok(id)
    }

    /// Opens a loop (`is_loop`) or switch, with the label of its statement if it has one.
    pub(super) fn open_target(&mut self, label: Option<LabelId>, is_loop: bool) {
        self.ctx().labels.targets.push(Target { label, is_loop });
    }

    pub(super) fn close_target(&mut self) {
        self.ctx().labels.targets.pop();
    }

    /// The label a `break` or `continue` names, checked against the enclosing loops and
    /// switches; `None` for one without a label.
    pub(super) fn jump_target(
        &mut self,
        label: Option<&Ident>,
        is_continue: bool,
        pos: Pos,
    ) -> Res<Option<LabelId>> {
        let word = if is_continue { "continue" } else { "break" };
        let targets = self.ctx().labels.targets.clone();
        let Some(l) = label else {
            if !targets.iter().any(|t| t.is_loop || !is_continue) {
                let what = if is_continue {
                    "continue is not in a loop"
                } else {
                    "break is not in a loop, switch, or select"
                };
                return self.gc_err(pos, what);
            }
            return Ok(None);
        };
        let id = self.ctx().labels.find(&l.name);
        let Some(id) = id else {
            return self.err(l.pos, format!("{word} label not defined: {}", l.name));
        };
        self.ctx().labels.declared[id.0 as usize].used = true;
        let ok = targets
            .iter()
            .any(|t| t.label == Some(id) && (t.is_loop || !is_continue));
        if !ok {
            return self.err(l.pos, format!("invalid {word} label {}", l.name));
        }
        Ok(Some(id))
    }

    /// `goto L`.
    pub(super) fn goto(&mut self, l: &Ident) -> Res<LabelId> {
        let at = self.site();
        let labels = &mut self.ctx().labels;
        let Some(id) = labels.find(&l.name) else {
            return self.err(l.pos, format!("label {} not defined", l.name));
        };
        labels.declared[id.0 as usize].used = true;
        labels.gotos.push(Goto {
            label: id,
            pos: l.pos,
            at,
        });
        Ok(id)
    }

    /// At the end of a function: every goto stays within the blocks that enclose it and
    /// brings no variable into scope; every label is used.
    pub(super) fn check_labels(&mut self) -> Res<()> {
        let labels = std::mem::take(&mut self.ctx().labels);
        for g in &labels.gotos {
            let d = &labels.declared[g.label.0 as usize];
            let Some(at) = &d.at else {
                return self.internal(g.pos, "a label whose statement was not checked");
            };
            if !g.at.blocks.starts_with(&at.blocks) {
                return self.err(
                    g.pos,
                    format!(
                        "goto {} jumps into block starting at line {}",
                        d.name, d.pos.line
                    ),
                );
            }
            if at
                .visible
                .iter()
                .any(|v| g.at.visible.binary_search(v).is_err())
            {
                return self.err(
                    g.pos,
                    format!("goto {} jumps over variable declaration", d.name),
                );
            }
        }
        for d in labels.declared.iter().filter(|d| !d.used) {
            self.soft_err(
                d.pos,
                format!("label {} defined and not used", d.name),
                Wording::Gc,
            );
        }
        Ok(())
    }
}
