//! Which campaign a command is about: the one named, or the stack's only
//! one; never a guess among several.

use crate::client::AnalystClient;
use anyhow::bail;

/// The campaign `given` (by `--campaign` or `ANALYST_CAMPAIGN`); without
/// one, the stack's only campaign, or an error naming them all.
pub async fn choose(client: &AnalystClient, given: Option<String>) -> anyhow::Result<String> {
    if let Some(slug) = given {
        return Ok(slug);
    }
    let slugs: Vec<String> = (client.campaigns().await?)
        .into_iter()
        .map(|listing| listing.slug)
        .collect();
    only_one(slugs)
}

/// The one slug of `slugs`, or why there is none to take.
fn only_one(mut slugs: Vec<String>) -> anyhow::Result<String> {
    match slugs.len() {
        0 => bail!(
            "this stack has no campaign yet: publish one with \
             `analyst publish --campaign SLUG FILE.toml`"
        ),
        1 => Ok(slugs.remove(0)),
        n => bail!(
            "this stack has {n} campaigns ({}): say which with --campaign or ANALYST_CAMPAIGN",
            slugs.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_campaign_is_taken_and_several_are_named() {
        assert_eq!(only_one(vec!["sesta".into()]).unwrap(), "sesta");
        let error = only_one(vec!["sesta".into(), "other".into()])
            .unwrap_err()
            .to_string();
        assert!(error.contains("2 campaigns (sesta, other)"), "{error}");
        assert!(error.contains("--campaign or ANALYST_CAMPAIGN"), "{error}");
        let error = only_one(Vec::new()).unwrap_err().to_string();
        assert!(error.contains("no campaign yet"), "{error}");
    }
}
