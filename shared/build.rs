//! Each bundled campaign's share picture is drawn here
//! (`build/share_picture.rs`), so the fonts stay out of the functions and no
//! request waits for drawing. The campaigns are `letters-core`'s bundled
//! files. The message catalogs are checked here too
//! (`build/catalog_check.rs`): a key missing from a language fails the build.

#[path = "build/catalog_check.rs"]
mod catalog_check;
#[path = "build/share_picture.rs"]
mod share_picture;

use anyhow::Context;
use std::path::PathBuf;

const CAMPAIGNS: &str = "../core/campaigns";
const LOCALES: &str = "../core/locales";

fn main() -> anyhow::Result<()> {
    println!("cargo:rerun-if-changed={CAMPAIGNS}");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed={LOCALES}");
    println!("cargo:rerun-if-changed=templates");
    // The code's keys (`msg!`) are checked by this crate's tests, so that
    // a change to the code does not run this script again.
    catalog_check::check(LOCALES.as_ref(), &[], "templates".as_ref())
        .map_err(|problems| anyhow::anyhow!("the message catalogs:\n{problems}"))?;
    let out = PathBuf::from(std::env::var("OUT_DIR").context("cargo sets OUT_DIR")?);
    share_picture::draw_bundled(CAMPAIGNS.as_ref(), LOCALES.as_ref(), &out)
}
