//! Placeholder until the simulator exists.
fn main() {}
