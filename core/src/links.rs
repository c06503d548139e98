//! Links in a supporter's email that act on their letter: withdraw it, or
//! confirm it (and the updates asked for); and its receipt, which shows
//! where it stands with each office. Each is signed for its action, names
//! the letter without personal data, and expires with the letter.
//! Following one (a GET, as mail scanners do) changes nothing: it opens a
//! page, whose one button (if any) acts.

use crate::domain::PublicUrl;
use crate::letter::{Letter, LetterRef};
use crate::signing::SigningKey;
use time::OffsetDateTime;

/// What a link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkAction {
    Withdraw,
    Confirm,
    /// Shows the letter's receipt; it acts on nothing.
    Receipt,
}

impl LinkAction {
    /// Its path on the site, and the purpose its tokens are signed for.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Withdraw => "withdraw",
            Self::Confirm => "confirm",
            Self::Receipt => "receipt",
        }
    }
}

/// Makes and opens the links of a deployment.
#[derive(Debug, Clone)]
pub struct LetterLinks {
    key: SigningKey,
}

impl LetterLinks {
    pub fn new(key: SigningKey) -> Self {
        Self { key }
    }

    /// The link on `site` that does `action` to `letter`: `{site}/{action}/{token}`.
    pub fn url(&self, site: &PublicUrl, action: LinkAction, letter: &Letter) -> String {
        let payload = format!("{}~{}", letter.expires_at, letter.reference().encode());
        let token = self.key.sign(action.path(), &payload);
        site.join(&format!("/{}/{token}", action.path()))
    }

    /// The letter a token names, if this deployment made it for `action`
    /// and the letter has not yet expired.
    pub fn open(&self, action: LinkAction, token: &str, now: OffsetDateTime) -> Option<LetterRef> {
        let payload = self.key.open(action.path(), token)?;
        let (expires_at, reference) = payload.split_once('~')?;
        let expires_at: i64 = expires_at.parse().ok()?;
        (now.unix_timestamp() < expires_at).then_some(())?;
        LetterRef::decode(reference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::letter;

    fn links() -> LetterLinks {
        LetterLinks::new(SigningKey::from_secret(&"ab".repeat(32)).unwrap())
    }

    fn site() -> PublicUrl {
        "https://letters.example.org".parse().unwrap()
    }

    fn token_of(url: &str) -> &str {
        url.rsplit('/').next().unwrap()
    }

    #[test]
    fn a_link_opens_for_its_action_until_the_letter_expires() {
        let letter = letter("ada@example.org");
        let url = links().url(&site(), LinkAction::Withdraw, &letter);
        assert!(url.starts_with("https://letters.example.org/withdraw/"));
        // Nothing of the supporter's (a hex signature may spell "ada" by chance).
        for personal in [
            "ada@example.org",
            "ada%40example.org",
            "Lovelace",
            "Congress Ave",
        ] {
            assert!(!url.contains(personal), "{personal} in {url}");
        }
        let now = OffsetDateTime::now_utc();
        assert_eq!(
            links().open(LinkAction::Withdraw, token_of(&url), now),
            Some(letter.reference())
        );
        assert_eq!(links().open(LinkAction::Confirm, token_of(&url), now), None);
        assert_eq!(links().open(LinkAction::Receipt, token_of(&url), now), None);
        let expired = OffsetDateTime::from_unix_timestamp(letter.expires_at).unwrap();
        assert_eq!(
            links().open(LinkAction::Withdraw, token_of(&url), expired),
            None
        );
    }

    #[test]
    fn a_forged_link_opens_nothing() {
        let letter = letter("ada@example.org");
        let url = links().url(&site(), LinkAction::Confirm, &letter);
        let token = token_of(&url);
        // Change the signature's last digit, whatever it is.
        let last = if token.ends_with('0') { "1" } else { "0" };
        let forged = format!("{}{last}", &token[..token.len() - 1]);
        let now = OffsetDateTime::now_utc();
        assert_eq!(links().open(LinkAction::Confirm, &forged, now), None);
        assert_eq!(links().open(LinkAction::Confirm, "", now), None);
    }
}
