//! What Lambda loads on a cold start: each function's stripped binary and
//! its zip (one `bootstrap` entry, deflated at the highest level, as the
//! build script packs it), for both architectures.

use crate::stats::print_table;
use crate::variants::Variant;
use flate2::Compression;
use flate2::write::DeflateEncoder;
use std::io::Write;
use std::path::Path;

/// A zip's bytes around one entry named `bootstrap`: the local header (30
/// bytes and the name), the central directory entry (46 and the name) and
/// the end record (22).
const ZIP_OVERHEAD: u64 = 30 + 46 + 22 + 2 * "bootstrap".len() as u64;

/// `(binary, zip)` sizes in bytes of the file at `path`.
fn sizes(path: &Path) -> anyhow::Result<(u64, u64)> {
    let binary = std::fs::read(path)?;
    let mut deflated = DeflateEncoder::new(Vec::new(), Compression::best());
    deflated.write_all(&binary)?;
    let zip = deflated.finish()?.len() as u64 + ZIP_OVERHEAD;
    Ok((binary.len() as u64, zip))
}

/// The SAM build's folder of `function` (`campaign-page` is `CampaignPageFunction`).
fn sam_folder(function: &str) -> String {
    let camel: String = function
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect();
    format!("{camel}Function")
}

fn mb(bytes: u64) -> String {
    format!("{:.2}", bytes as f64 / 1e6)
}

/// `[stripped, zip]` of the file at `path`, or dashes when it is missing.
fn cells(path: Option<std::path::PathBuf>) -> anyhow::Result<[String; 2]> {
    Ok(match path.filter(|p| p.is_file()) {
        Some(path) => {
            let (binary, zip) = sizes(&path)?;
            [mb(binary), mb(zip)]
        }
        None => ["-".to_owned(), "-".to_owned()],
    })
}

/// Prints the sizes of `functions` from `x86_dir` (release binaries by
/// name) and `arm_dir` (SAM's build folder), where present, and of the
/// variants' x86_64 builds beside them.
pub fn print(
    functions: &[&str],
    x86_dir: &Path,
    arm_dir: Option<&Path>,
    variants: &[Variant],
) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    for function in functions {
        let arm = arm_dir.map(|dir| dir.join(sam_folder(function)).join("bootstrap"));
        let mut row = vec![(*function).to_owned()];
        row.extend(cells(Some(x86_dir.join(function)))?);
        row.extend(cells(arm)?);
        rows.push(row);
    }
    for variant in variants {
        for function in crate::variants::FUNCTIONS {
            let binary = variant.bin_dir.join(function);
            if binary.is_file() {
                let mut row = vec![crate::variants::label(function, &variant.name)];
                row.extend(cells(Some(binary))?);
                row.extend(cells(None)?);
                rows.push(row);
            }
        }
    }
    print_table(
        "Sizes (MB; target: every zip under 5 MB)",
        &[
            "function",
            "x86_64 stripped",
            "x86_64 zip",
            "arm64 stripped",
            "arm64 zip",
        ],
        &rows,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sam_names_a_function_s_folder_in_camel_case() {
        assert_eq!(super::sam_folder("campaign-page"), "CampaignPageFunction");
    }
}
