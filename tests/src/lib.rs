//! What the integration tests share beyond their own files, and what the
//! fault drill runs: a proxy that injects faults between the code and the
//! services it calls, readers of moto's state, the drill itself, and the
//! stand-ins for services we cannot reach. The tests live under `tests/`;
//! the drill's full size is
//! `cargo run --release -p integration-tests --bin fault-drill`.

/// A stand-in for Congress's delivery services.
pub mod cwc_stand_in;
/// Delivery built against the stand-in.
pub mod delivery;
pub mod drill;
pub mod faults;
pub mod moto;
