//! Draws each bundled campaign's share picture, in each language its file
//! is written in, with `share_picture` (the publishers' drawing too). Run
//! by `build.rs`, so the fonts stay out of the page functions and no
//! request waits for drawing.

use anyhow::Context;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The catalogs' message for the line under the headline.
const INVITATION: &str = "invitation";

/// The languages a campaign file may be written in: English at its top
/// level, Spanish in its `[es]` table.
const LANGUAGES: [&str; 2] = ["en", "es"];

/// Draws the share pictures of every campaign file in `campaigns` into
/// `out`, with the lines of the catalogs in `locales`, and writes
/// `out/share_pictures.rs` for `web::share_image` to include: `PICTURES`,
/// `(headline, line, PNG)` of each, and `INVITATIONS`, the line drawn for
/// each language and kind of `targets`, by which a unit test holds these
/// words to the ones the crate reads from the same catalogs.
pub fn draw_bundled(campaigns: &Path, locales: &Path, out: &Path) -> anyhow::Result<()> {
    let mut lines = BTreeMap::new();
    for language in LANGUAGES {
        lines.insert(language, invitations(&locales.join(language))?);
    }
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
        let Some(kind) = campaign.get("targets").and_then(kind) else {
            continue;
        };
        for (language, copy) in [("en", Some(&campaign)), ("es", spanish(&campaign))] {
            let Some(headline) = copy
                .and_then(|c| c.get("headline"))
                .and_then(|h| h.as_str())
            else {
                continue;
            };
            let line = &lines[language][kind];
            let png = out.join(format!("share-{n}-{language}.png"));
            std::fs::write(&png, share_picture::draw(headline, line)?)?;
            writeln!(
                list,
                "    ({headline:?}, {line:?}, include_bytes!({:?}).as_slice()),",
                png.display()
            )?;
        }
    }
    list.push_str("];\n#[cfg(test)]\nstatic INVITATIONS: &[(&str, &str, &str)] = &[\n");
    for (language, by_kind) in &lines {
        for (kind, line) in by_kind {
            writeln!(list, "    ({language:?}, {kind:?}, {line:?}),")?;
        }
    }
    list.push_str("];\n");
    std::fs::write(out.join("share_pictures.rs"), list)?;
    Ok(())
}

/// A campaign file's Spanish copy, if it has one.
fn spanish(campaign: &toml::Table) -> Option<&toml::Table> {
    campaign.get("es").and_then(|es| es.as_table())
}

/// The catalogs' name for a campaign file's `targets`, as
/// `Targets::kind` gives it.
fn kind(targets: &toml::Value) -> Option<&'static str> {
    match targets {
        toml::Value::String(name) => match name.as_str() {
            "senators" => Some("senators"),
            "representative" => Some("representative"),
            "congress" => Some("congress"),
            _ => None,
        },
        toml::Value::Table(_) => Some("members"),
        _ => None,
    }
}

/// The variants of the `invitation` message in the catalog folder
/// `folder`, by kind of targets: each is plain text (Fluent's syntax guide,
/// "Selectors": a select expression's variants are patterns of their own).
fn invitations(folder: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    use fluent_syntax::ast::{Entry, Expression, PatternElement, VariantKey};
    for file in std::fs::read_dir(folder)? {
        let source = std::fs::read_to_string(file?.path())?;
        let resource = fluent_syntax::parser::parse(source.as_str())
            .map_err(|_| anyhow::anyhow!("{}: not Fluent", folder.display()))?;
        for entry in resource.body {
            let Entry::Message(message) = entry else {
                continue;
            };
            if message.id.name != INVITATION {
                continue;
            }
            let elements = message.value.map(|p| p.elements).unwrap_or_default();
            let [
                PatternElement::Placeable {
                    expression: Expression::Select { variants, .. },
                },
            ] = elements.as_slice()
            else {
                anyhow::bail!(
                    "{}: `{INVITATION}` must select by targets",
                    folder.display()
                );
            };
            let mut lines = BTreeMap::new();
            for variant in variants {
                let VariantKey::Identifier { name } = &variant.key else {
                    anyhow::bail!(
                        "{}: `{INVITATION}` has a numbered variant",
                        folder.display()
                    );
                };
                let text: String = (variant.value.elements.iter())
                    .map(|element| match element {
                        PatternElement::TextElement { value } => Ok(*value),
                        _ => Err(anyhow::anyhow!("`{INVITATION}`'s {name} is not plain text")),
                    })
                    .collect::<anyhow::Result<_>>()?;
                lines.insert(name.to_string(), text.trim().to_owned());
            }
            return Ok(lines);
        }
    }
    anyhow::bail!("{}: no `{INVITATION}` message", folder.display())
}
