//! Every size limit and weight of the generator, in one place.

use super::table;

/// The limits of a generated program. The defaults give programs of about 50 statements that
/// run a few hundred model steps.
#[derive(Clone, Debug)]
pub struct Config {
    /// Functions besides `main`; a program has between 1 and this many (none when 0).
    pub max_funcs: usize,
    /// int parameters of a generated function, besides a recursion counter.
    pub max_params: usize,
    /// The statement budget of the generated functions, nested statements included. The
    /// generator stops adding statements once it is spent: `main` gets the largest share,
    /// the other functions share the rest evenly. The fixed declarations constructs use (a
    /// type's methods, helpers) add up to a dozen more.
    pub stmts: usize,
    /// Statements in one nested block (an if or loop body, a function literal's body).
    pub max_block_stmts: usize,
    /// How deeply if statements, loops and function literals nest.
    pub max_depth: usize,
    /// How many loops may enclose one another (function literals start afresh).
    pub max_loop_nesting: usize,
    /// The largest trip count of an ordinary loop.
    pub max_loop_bound: u32,
    /// The largest trip count of a loop that registers deferred calls. Above 8, gc can no
    /// longer open-code a function's defers, so this exercises its other defer mechanism.
    pub max_defer_loop_bound: u32,
    /// `defer` statements written in one function or function literal body (a loop may
    /// execute one of them many times).
    pub max_defers: usize,
    /// The largest counter a recursive function is first called with: the recursion depth.
    pub max_recursion: u32,
    /// Fuel: the most statement executions one run of `main` may cost, as estimated while
    /// generating (every loop, call, recursion and deferred call included). It keeps every
    /// program terminating quickly; a generated function may use half of it.
    pub max_work: u64,
    /// Percent chance that an if statement also has an else branch.
    pub else_percent: u32,
    /// Percent chance that a statement that may panic at run time (a division, an index, a
    /// nil dereference, ...) is put inside an if statement, so that it runs only sometimes.
    pub guard_percent: u32,
    /// Percent chance that the results of a call are discarded instead of printed.
    pub discard_percent: u32,
    /// The length of the choice sequence a program is decoded from. Once it is used up every
    /// further choice is the simplest, so it bounds a program's size as well; it must exceed
    /// what `stmts` needs (about 10 choices a statement).
    pub choices: usize,
    /// How often each construct is chosen where it is valid.
    pub weights: Weights,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_funcs: 5,
            max_params: 2,
            stmts: 36,
            max_block_stmts: 4,
            max_depth: 3,
            max_loop_nesting: 2,
            max_loop_bound: 3,
            max_defer_loop_bound: 12,
            max_defers: 6,
            max_recursion: 3,
            max_work: 2_000,
            else_percent: 30,
            guard_percent: 75,
            discard_percent: 15,
            choices: 4_096,
            weights: Weights::default(),
        }
    }
}

impl Config {
    /// The default configuration scaled to a budget of `stmts` statements: more functions,
    /// more fuel and a longer choice sequence, the same shape of code.
    pub fn sized(stmts: usize) -> Config {
        let base = Config::default();
        let scale = (stmts / base.stmts).max(1);
        Config {
            stmts,
            max_funcs: base.max_funcs * scale,
            max_work: base.max_work * scale as u64,
            choices: base.choices * scale,
            ..base
        }
    }
}

/// The weight of every row of the construct tables, by row name; 0 turns a construct off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Weights {
    pub(super) funcs: Vec<u32>,
    pub(super) stmts: Vec<u32>,
    pub(super) values: Vec<u32>,
}

impl Default for Weights {
    /// The weights the tables give.
    fn default() -> Self {
        Weights {
            funcs: table::FUNCS.iter().map(|r| r.weight).collect(),
            stmts: table::STMTS.iter().map(|r| r.weight).collect(),
            values: table::VALUES.iter().map(|r| r.weight).collect(),
        }
    }
}

impl Weights {
    /// Every construct with its weight, in table order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, u32)> + '_ {
        let funcs = table::FUNCS.iter().map(|r| r.name).zip(&self.funcs);
        let stmts = table::STMTS.iter().map(|r| r.name).zip(&self.stmts);
        let values = table::VALUES.iter().map(|r| r.name).zip(&self.values);
        funcs.chain(stmts).chain(values).map(|(n, w)| (n, *w))
    }

    pub fn get(&self, construct: &str) -> Option<u32> {
        self.iter().find(|(n, _)| *n == construct).map(|(_, w)| w)
    }

    /// Sets the weight of `construct`; an error names the constructs there are.
    pub fn set(&mut self, construct: &str, weight: u32) -> Result<(), String> {
        let slot = if let Some(i) = table::FUNCS.iter().position(|r| r.name == construct) {
            &mut self.funcs[i]
        } else if let Some(i) = table::STMTS.iter().position(|r| r.name == construct) {
            &mut self.stmts[i]
        } else if let Some(i) = table::VALUES.iter().position(|r| r.name == construct) {
            &mut self.values[i]
        } else {
            let known: Vec<&str> = self.iter().map(|(n, _)| n).collect();
            return Err(format!(
                "no construct {construct:?} (known: {})",
                known.join(", ")
            ));
        };
        *slot = weight;
        Ok(())
    }
}
