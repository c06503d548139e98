//! Builds or settings measured beside the tuned build in the same run, so
//! that each tuning's figure is a ratio taken side by side: the functions a
//! supporter waits on (the page and the letter), from another folder of
//! binaries, with more environment, or both.

use std::path::PathBuf;
use std::str::FromStr;

/// The functions every variant is measured for.
pub const FUNCTIONS: [&str; 2] = ["campaign-page", "submit-letter"];

/// `NAME=DIR[,KEY=VALUE...]`: the binaries in `DIR`, started with the
/// extra environment.
#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub bin_dir: PathBuf,
    pub env: Vec<(String, String)>,
}

impl FromStr for Variant {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let mut parts = text.split(',');
        let (name, dir) = parts
            .next()
            .and_then(|first| first.split_once('='))
            .filter(|(name, dir)| !name.is_empty() && !dir.is_empty())
            .ok_or_else(|| format!("{text:?}: expected NAME=DIR[,KEY=VALUE...]"))?;
        let env = parts
            .map(|pair| {
                pair.split_once('=')
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .ok_or_else(|| format!("{pair:?}: expected KEY=VALUE"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            name: name.to_owned(),
            bin_dir: dir.into(),
            env,
        })
    }
}

/// The name a variant's subject is shown under.
pub fn label(function: &str, variant: &str) -> String {
    format!("{function} [{variant}]")
}

/// The function and variant of a label, for a variant's subject.
pub fn parse_label(label: &str) -> Option<(&str, &str)> {
    let (function, rest) = label.split_once(" [")?;
    Some((function, rest.strip_suffix(']')?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_names_its_folder_and_its_environment() {
        let variant: Variant = "no-roots=/tmp/tuned,SSL_CERT_FILE=/dev/null"
            .parse()
            .unwrap();
        assert_eq!(variant.name, "no-roots");
        assert_eq!(variant.bin_dir, PathBuf::from("/tmp/tuned"));
        assert_eq!(
            variant.env,
            [("SSL_CERT_FILE".to_owned(), "/dev/null".to_owned())]
        );
        assert!("no-folder".parse::<Variant>().is_err());
        assert!("a=/b,NOVALUE".parse::<Variant>().is_err());
    }

    #[test]
    fn a_label_reads_back_as_its_function_and_variant() {
        let shown = label("campaign-page", "multi-thread");
        assert_eq!(parse_label(&shown), Some(("campaign-page", "multi-thread")));
        assert_eq!(parse_label("campaign-page"), None);
    }
}
