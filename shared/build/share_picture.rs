//! Draws the picture a shared link shows (Open Graph, Twitter cards): a
//! 1200×630 PNG of a campaign's headline. Run by `build.rs`, so the fonts
//! stay out of the functions and no request waits for drawing.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use anyhow::Context;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 630;
const MARGIN: f32 = 80.0;
const BACKGROUND: [u8; 3] = [0x0b, 0x4f, 0xa8];
const BAND: [u8; 3] = [0xf5, 0xb3, 0x00];
const TEXT: [u8; 3] = [0xff, 0xff, 0xff];

/// An RGB picture being drawn.
struct Canvas {
    pixels: Vec<u8>,
}

impl Canvas {
    fn filled(colour: [u8; 3]) -> Self {
        Self {
            pixels: colour.repeat((WIDTH * HEIGHT) as usize),
        }
    }

    fn rectangle(&mut self, top: u32, height: u32, colour: [u8; 3]) {
        for y in top..(top + height).min(HEIGHT) {
            for x in 0..WIDTH {
                self.blend(x, y, colour, 1.0);
            }
        }
    }

    fn blend(&mut self, x: u32, y: u32, colour: [u8; 3], coverage: f32) {
        if x >= WIDTH || y >= HEIGHT {
            return;
        }
        let at = ((y * WIDTH + x) * 3) as usize;
        for (channel, value) in colour.iter().enumerate() {
            let old = f32::from(self.pixels[at + channel]);
            self.pixels[at + channel] =
                (old + (f32::from(*value) - old) * coverage.clamp(0.0, 1.0)) as u8;
        }
    }

    /// Draws `text` wrapped to the margins from `top`; the y below it.
    fn paragraph(&mut self, font: &FontRef, size: f32, text: &str, top: f32) -> f32 {
        let scaled = font.as_scaled(PxScale::from(size));
        let line_height = scaled.height() + scaled.line_gap() + size * 0.15;
        let width_of = |word: &str| {
            word.chars()
                .map(|c| scaled.h_advance(scaled.glyph_id(c)))
                .sum::<f32>()
        };
        let space = width_of(" ");
        let mut lines: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            match lines.last_mut() {
                Some(line)
                    if width_of(line) + space + width_of(word) <= WIDTH as f32 - 2.0 * MARGIN =>
                {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(word.to_owned()),
            }
        }
        let mut baseline = top + scaled.ascent();
        for line in &lines {
            let mut x = MARGIN;
            for c in line.chars() {
                let glyph = scaled.scaled_glyph(c);
                let advance = scaled.h_advance(glyph.id);
                let positioned = ab_glyph::Glyph {
                    position: ab_glyph::point(x, baseline),
                    ..glyph
                };
                if let Some(outline) = font.outline_glyph(positioned) {
                    let bounds = outline.px_bounds();
                    outline.draw(|gx, gy, coverage| {
                        let (px, py) = (
                            bounds.min.x as i64 + i64::from(gx),
                            bounds.min.y as i64 + i64::from(gy),
                        );
                        if px >= 0 && py >= 0 {
                            self.blend(px as u32, py as u32, TEXT, coverage);
                        }
                    });
                }
                x += advance;
            }
            baseline += line_height;
        }
        baseline - scaled.ascent()
    }

    fn png(&self) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().context("writing the PNG header")?;
        writer
            .write_image_data(&self.pixels)
            .context("writing the PNG data")?;
        writer.finish().context("finishing the PNG")?;
        Ok(out)
    }
}

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
        std::fs::write(&png, draw(headline, &invitation)?)?;
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

/// Draws the share picture of a campaign with `headline`.
fn draw(headline: &str, invitation: &str) -> anyhow::Result<Vec<u8>> {
    let bold = FontRef::try_from_slice(dejavu::sans::bold()).context("loading the bold font")?;
    let regular =
        FontRef::try_from_slice(dejavu::sans::regular()).context("loading the regular font")?;
    let mut canvas = Canvas::filled(BACKGROUND);
    canvas.rectangle(0, 16, BAND);
    let below = canvas.paragraph(&bold, 60.0, headline, MARGIN);
    canvas.paragraph(&regular, 36.0, invitation, below + 30.0);
    canvas.rectangle(HEIGHT - 16, 16, BAND);
    canvas.png()
}
