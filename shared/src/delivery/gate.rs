//! The one decision whether a stored letter may be delivered now. Every
//! rule about it belongs here, so the deliverer asks once and obeys.

use crate::campaign::Campaign;
use crate::letter::Letter;

/// Whether a letter may go to its offices now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// Deliver it.
    Deliver,
    /// Never deliver it; the reason, for the log.
    Never(&'static str),
    /// Not yet: it waits for something that may still happen (a record of
    /// that change brings it back); the reason, for the log.
    NotYet(&'static str),
}

/// Whether `letter`, written to `campaign`, may be delivered now.
pub fn readiness(campaign: &Campaign, _letter: &Letter) -> Readiness {
    if !campaign.delivers() {
        return Readiness::Never("the campaign records letters only");
    }
    Readiness::Deliver
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{delivering_campaign, delivering_letter, launch_campaign};

    #[test]
    fn only_a_delivering_campaigns_letters_are_delivered() {
        let letter = delivering_letter("ada@example.org");
        assert_eq!(
            readiness(&delivering_campaign(), &letter),
            Readiness::Deliver
        );
        assert!(matches!(
            readiness(&launch_campaign(), &letter),
            Readiness::Never(_)
        ));
    }
}
