//! Integration tests live under `tests/`; this library holds what they and
//! the benchmarks share: the stand-ins for services we cannot reach, and
//! delivery pointed at its stand-in.

/// A stand-in for Congress's delivery services.
pub mod cwc_stand_in;
/// Delivery built against the stand-in.
pub mod delivery;
