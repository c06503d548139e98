//! Each bundled campaign's share picture is drawn here
//! (`build/share_picture.rs`), so the fonts stay out of the functions and no
//! request waits for drawing. The campaigns are `letters-core`'s bundled
//! files.

#[path = "build/share_picture.rs"]
mod share_picture;

use anyhow::Context;
use std::path::PathBuf;

const CAMPAIGNS: &str = "../core/campaigns";

fn main() -> anyhow::Result<()> {
    println!("cargo:rerun-if-changed={CAMPAIGNS}");
    println!("cargo:rerun-if-changed=build");
    let out = PathBuf::from(std::env::var("OUT_DIR").context("cargo sets OUT_DIR")?);
    share_picture::draw_bundled(CAMPAIGNS.as_ref(), &out)
}
