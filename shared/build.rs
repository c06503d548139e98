//! Draws each bundled campaign's share picture at build time
//! (`build/share_picture.rs`) and lists them, by headline, in
//! `$OUT_DIR/share_pictures.rs` for `web::share_image` to include.

#[path = "build/share_picture.rs"]
mod share_picture;

use anyhow::Context;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    println!("cargo:rerun-if-changed=campaigns");
    println!("cargo:rerun-if-changed=build");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let mut files: Vec<PathBuf> = std::fs::read_dir("campaigns")?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|path| path.extension().is_some_and(|ext| ext == "toml"));
    files.sort();
    let mut list = String::from("&[\n");
    for (n, file) in files.iter().enumerate() {
        let campaign: toml::Table = toml::from_str(&std::fs::read_to_string(file)?)
            .with_context(|| format!("reading {}", file.display()))?;
        // A campaign file without a headline fails at start, with its reason.
        let Some(headline) = campaign.get("headline").and_then(|h| h.as_str()) else {
            continue;
        };
        let png = out.join(format!("share-{n}.png"));
        std::fs::write(&png, share_picture::draw(headline)?)?;
        writeln!(list, "    ({headline:?}, include_bytes!({:?}).as_slice()),", png.display())?;
    }
    list.push_str("]\n");
    std::fs::write(out.join("share_pictures.rs"), list)?;
    Ok(())
}
