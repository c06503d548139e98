//! Draws each bundled campaign's share picture with `share_picture` (the
//! publishers' drawing too). Run by `build.rs`, so the fonts stay out of the
//! page functions and no request waits for drawing.

use anyhow::Context;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Draws the share picture of every campaign file in `campaigns` into
/// `out`, and writes `out/share_pictures.rs` for `web::share_image` to
/// include: `PICTURES`, `(headline, invitation, PNG)` of each, and
/// `INVITATIONS`, the line drawn for each kind of `targets`, by which a unit
/// test holds these words to the crate's.
pub fn draw_bundled(campaigns: &Path, out: &Path) -> anyhow::Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(campaigns)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|path| path.extension().is_some_and(|ext| ext == "toml"));
    files.sort();
    let mut list = String::from("static PICTURES: &[(&str, &str, &[u8])] = &[\n");
    for (n, file) in files.iter().enumerate() {
        let campaign: toml::Table = toml::from_str(&std::fs::read_to_string(file)?)
            .with_context(|| format!("reading {}", file.display()))?;
        // A campaign file that lacks these fails at start, with its reason.
        let (Some(headline), Some(invitation)) = (
            campaign.get("headline").and_then(|h| h.as_str()),
            campaign.get("targets").and_then(invitation),
        ) else {
            continue;
        };
        let png = out.join(format!("share-{n}.png"));
        std::fs::write(&png, share_picture::draw(headline, &invitation)?)?;
        writeln!(
            list,
            "    ({headline:?}, {invitation:?}, include_bytes!({:?}).as_slice()),",
            png.display()
        )?;
    }
    list.push_str("];\n#[cfg(test)]\nstatic INVITATIONS: &[(&str, &str)] = &[\n");
    for kind in ["senators", "representative", "congress", "members"] {
        let targets = match kind {
            "members" => toml::Value::Table(toml::Table::new()),
            name => toml::Value::String(name.to_owned()),
        };
        let words = invitation(&targets).expect("every kind has its words");
        writeln!(list, "    ({kind:?}, {words:?}),")?;
    }
    list.push_str("];\n");
    std::fs::write(out.join("share_pictures.rs"), list)?;
    Ok(())
}

/// The line under the headline, from the campaign file's `targets`.
fn invitation(targets: &toml::Value) -> Option<String> {
    let audience = match targets {
        toml::Value::String(name) => match name.as_str() {
            "senators" => return Some(SENATORS_INVITATION.to_owned()),
            "representative" => "your Representative",
            "congress" => "your members of Congress",
            _ => return None,
        },
        toml::Value::Table(_) => "members of Congress",
        _ => return None,
    };
    Some(format!("Write to {audience}: it takes a minute."))
}

const SENATORS_INVITATION: &str = "Write to your two U.S. Senators: it takes a minute.";
