//! The picture a shared link shows (Open Graph, Twitter cards): a 1200×630
//! PNG of a headline and the line under it. One drawing for every caller:
//! `shared`'s build script draws the bundled campaigns' pictures, and the
//! publishers draw a campaign's when it is published live. The fonts come
//! with this crate, so only what depends on it carries them.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use anyhow::Context;

/// The picture's size: the 1.91:1 Open Graph and Twitter's large card show
/// uncropped.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
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

/// Draws `headline` in bold with `line` under it: a campaign's picture in
/// one language (call again with another language's words for its own).
pub fn draw(headline: &str, line: &str) -> anyhow::Result<Vec<u8>> {
    let bold = FontRef::try_from_slice(dejavu::sans::bold()).context("loading the bold font")?;
    let regular =
        FontRef::try_from_slice(dejavu::sans::regular()).context("loading the regular font")?;
    let mut canvas = Canvas::filled(BACKGROUND);
    canvas.rectangle(0, 16, BAND);
    let below = canvas.paragraph(&bold, 60.0, headline, MARGIN);
    canvas.paragraph(&regular, 36.0, line, below + 30.0);
    canvas.rectangle(HEIGHT - 16, 16, BAND);
    canvas.png()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_is_a_1200_by_630_png_and_differs_with_its_words() {
        let png = draw(
            "Stop the bill",
            "Write to your Representative: it takes a minute.",
        )
        .unwrap();
        let info = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap()
            .info()
            .clone();
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        assert_ne!(
            png,
            draw(
                "Pass the bill",
                "Write to your Representative: it takes a minute."
            )
            .unwrap()
        );
    }
}
