//! What the integration tests share beyond their own files: a proxy that
//! injects faults between the code and the services it calls. The tests
//! themselves live under `tests/`.

pub mod faults;
