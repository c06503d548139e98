//! The one decision whether a stored letter may be delivered now. Every
//! rule about it belongs here, so the deliverer asks once and obeys.

use crate::campaign::Campaign;
use crate::ports::DeliveryState;

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

/// Whether a letter written to `campaign`, standing now as `stored` says
/// (`None`: no longer stored), may be delivered now. A withdrawn letter is
/// erased, so it is never delivered; a campaign that wants verified
/// addresses holds each letter until its supporter confirms it from the
/// email, and the record of that confirmation brings the letter back.
pub fn readiness(campaign: &Campaign, stored: Option<&DeliveryState>) -> Readiness {
    if !campaign.delivers() {
        return Readiness::Never("the campaign records letters only");
    }
    let Some(stored) = stored else {
        return Readiness::Never("the letter was withdrawn or is past its time");
    };
    if campaign.verify_email && !stored.email_verified {
        return Readiness::NotYet("the supporter has not yet confirmed their address");
    }
    Readiness::Deliver
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{delivering_campaign, launch_campaign};

    fn stored(email_verified: bool) -> DeliveryState {
        DeliveryState {
            email_verified,
            ..DeliveryState::default()
        }
    }

    #[test]
    fn only_a_delivering_campaigns_stored_letters_are_delivered() {
        let delivering = delivering_campaign();
        assert_eq!(
            readiness(&delivering, Some(&stored(false))),
            Readiness::Deliver
        );
        assert!(matches!(
            readiness(&launch_campaign(), Some(&stored(true))),
            Readiness::Never(_)
        ));
    }

    #[test]
    fn a_withdrawn_letter_is_never_delivered() {
        let mut verifying = delivering_campaign();
        verifying.verify_email = true;
        for campaign in [delivering_campaign(), verifying] {
            assert!(matches!(readiness(&campaign, None), Readiness::Never(_)));
        }
    }

    #[test]
    fn a_campaign_wanting_verified_addresses_holds_a_letter_until_confirmed() {
        let mut campaign = delivering_campaign();
        campaign.verify_email = true;
        assert!(matches!(
            readiness(&campaign, Some(&stored(false))),
            Readiness::NotYet(_)
        ));
        assert_eq!(
            readiness(&campaign, Some(&stored(true))),
            Readiness::Deliver
        );
    }
}
