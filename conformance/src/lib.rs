//! gosem-conformance: fixtures, toolchains, and the comparisons between the model and real Go.
