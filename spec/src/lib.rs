//! gosem-spec: the declarative side of the semantics. The invariants of `spec/invariants.md`,
//! encoded in Z3, checked on the event traces of runs and proved for the machine's rules.
