//! gosem-conformance: fixtures, toolchains, and the comparisons between the model and real Go.

pub mod case;
pub mod check;
pub mod coverage;
pub mod exhaust;
pub mod explain;
pub mod fixture;
pub mod fuzz;
pub mod r#gen;
pub mod gobuild;
pub mod gotest;
pub mod model;
pub mod mutants;
pub mod normalize;
pub mod observe;
pub mod process;
pub mod prove;
pub mod record;
pub mod report;
pub mod run;
pub mod toolchain;
pub mod verdict;
pub mod version;
