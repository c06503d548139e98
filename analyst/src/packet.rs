//! Packets of letters for staff to take to an office by hand or by email:
//! one office's letters, or every office's into a folder, a CSV and a
//! printable HTML file each, whether or not the campaign delivers.

use crate::client::AnalystClient;
use crate::export::office_letters;
use anyhow::Context;
use shared::analytics::{OfficeLetters, Summary};
use shared::members::OfficeCode;
use std::path::{Path, PathBuf};

/// The formats of every office's packet: a file of each.
pub const FORMATS: [&str; 2] = ["csv", "html"];

/// The offices the campaign's letters are addressed to, with how many each
/// (as the summary counts them), in code order: those of the members
/// written to who still hold their seats.
pub fn offices(summary: &Summary) -> Vec<(OfficeCode, u64)> {
    let mut offices: Vec<(OfficeCode, u64)> = summary
        .by_senator
        .iter()
        .chain(&summary.by_representative)
        .filter(|member| member.letters > 0)
        .filter_map(|member| {
            let office = OfficeCode::parse(member.office.as_deref()?).ok()?;
            Some((office, member.letters))
        })
        .collect();
    offices.sort();
    offices
}

/// An office code as given on the command line.
pub fn office_code(text: &str) -> anyhow::Result<OfficeCode> {
    OfficeCode::parse(text).map_err(|why| anyhow::anyhow!("--office: {why}"))
}

/// Where `office`'s packet in `format` goes in `dir`: `SME01.csv`.
pub fn packet_path(dir: &Path, office: &OfficeCode, format: &str) -> PathBuf {
    dir.join(format!("{office}.{format}"))
}

/// Makes `dir` if it is missing and checks that files can be written in it,
/// before any letter is asked for.
pub fn writable_folder(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating the folder {}", dir.display()))?;
    tempfile::tempfile_in(dir).with_context(|| {
        format!(
            "{} is not a folder this command can write in",
            dir.display()
        )
    })?;
    Ok(())
}

/// Writes the packet of each of `offices` (see [`offices`]) into `dir`
/// (made if missing), a CSV and a printable HTML file each, calling
/// `progress` with each office as it starts and how many came before; each
/// office's letters, as written.
pub async fn all_offices(
    client: &AnalystClient,
    campaign: &str,
    offices: &[(OfficeCode, u64)],
    dir: &Path,
    mut progress: impl FnMut(&OfficeCode, usize),
) -> anyhow::Result<Vec<(OfficeCode, u64)>> {
    writable_folder(dir)?;
    let mut written = Vec::new();
    for (done, (office, _)) in offices.iter().enumerate() {
        progress(office, done);
        let mut rows = 0;
        for format in FORMATS {
            let path = packet_path(dir, office, format);
            let letters = OfficeLetters::Addressed;
            rows = office_letters(client, campaign, office, letters, format, &path, |_| {})
                .await
                .with_context(|| format!("writing {}", path.display()))?;
        }
        written.push((office.clone(), rows));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offices_are_those_of_members_still_seated_with_letters() {
        let json = serde_json::json!({
            "total": 3, "by_state": {}, "by_day": {},
            "by_senator": [
                {"bioguide": "K000383", "name": "Angus S. King, Jr.", "office": "SME01", "letters": 2},
                {"bioguide": "Z999999", "name": "Z999999", "letters": 1},
                {"bioguide": "C001035", "name": "Susan M. Collins", "office": "SME02", "letters": 0},
            ],
            "by_representative": [
                {"bioguide": "P000597", "name": "Chellie Pingree", "office": "HME01", "letters": 1},
            ],
            "edited": 0, "verified": 0, "opted_in": 0,
            "confirmations": {"pending": 0, "sent": 0, "failed": 0, "suppressed": 0}
        });
        let summary: Summary = serde_json::from_value(json).unwrap();
        let codes: Vec<(String, u64)> = offices(&summary)
            .into_iter()
            .map(|(office, n)| (office.to_string(), n))
            .collect();
        assert_eq!(codes, [("HME01".into(), 1), ("SME01".into(), 2)]);
    }

    #[test]
    fn a_mistyped_office_is_named_before_any_request() {
        let error = office_code("SDC01").unwrap_err().to_string();
        assert!(
            error.starts_with("--office: \"SDC01\" is not an office code"),
            "{error}"
        );
        assert_eq!(
            packet_path(Path::new("out"), &office_code("HME01").unwrap(), "csv"),
            Path::new("out/HME01.csv")
        );
    }
}
