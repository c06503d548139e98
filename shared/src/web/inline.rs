//! The stylesheet and the script, written into the pages rather than
//! fetched, so that a view of a campaign page costs one request at the edge
//! (and at most one more for the count); and the Content-Security-Policy
//! sources that let exactly these bytes apply, never `'unsafe-inline'`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// The stylesheet, as every page's `<style>` holds it.
pub const STYLE: &str = include_str!("../../static/site.css");

/// The script, as the campaign and thank-you pages' `<script>` holds it.
pub const SCRIPT: &str = include_str!("../../static/app.js");

/// `style-src`'s source for [`STYLE`].
pub static STYLE_SOURCE: LazyLock<String> = LazyLock::new(|| hash_source(STYLE));

/// `script-src`'s source for [`SCRIPT`].
pub static SCRIPT_SOURCE: LazyLock<String> = LazyLock::new(|| hash_source(SCRIPT));

/// CSP Level 3 §8.4: an inline element applies when the base64 of its
/// text's SHA-256 is listed as `'sha256-…'`.
fn hash_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_source_is_the_base64_of_the_texts_sha256() {
        // The SHA-256 of the empty string, as base64 writes it.
        assert_eq!(
            hash_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
