//! Build steps for the data bundled into every binary.
//!
//! - Campaign files are bundled by `include_dir!`, which cannot tell cargo
//!   about a file added to the directory: watching the directory here makes
//!   the next incremental build notice one.
//! - The ZIP-to-district table becomes Rust statics (`build/zcta_table.rs`).

#[path = "build/zcta_table.rs"]
mod zcta_table;

use anyhow::{Context, anyhow};
use std::path::PathBuf;
use zcta_table::TABLE;

fn main() -> anyhow::Result<()> {
    println!("cargo:rerun-if-changed=campaigns");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed={TABLE}");
    let out = PathBuf::from(std::env::var("OUT_DIR").context("cargo sets OUT_DIR")?);
    let csv = std::fs::read_to_string(TABLE).with_context(|| format!("reading {TABLE}"))?;
    let table = zcta_table::generate(&csv).map_err(|e| anyhow!("{TABLE}: {e}"))?;
    std::fs::write(out.join("zcta_districts.rs"), table).context("writing the ZCTA table")
}
