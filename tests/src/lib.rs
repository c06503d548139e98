//! What the integration tests share beyond their own files, and what the
//! fault drill runs: a proxy that injects faults between the code and the
//! services it calls, readers of moto's state, and the drill itself. The
//! tests live under `tests/`; the drill's full size is
//! `cargo run --release -p integration-tests --bin fault-drill`.

pub mod drill;
pub mod faults;
pub mod moto;
