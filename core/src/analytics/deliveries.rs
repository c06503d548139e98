//! Delivery counted per office in a campaign's tally. Every count only
//! grows, so shards add up: a settled state under
//! `delivery:{office}:{state}`, and the offices now retrying as those that
//! started retrying less those that stopped.

use super::Tally;
use crate::letter::OfficeDelivery;
use crate::members::OfficeCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const RETRYING_STARTED: &str = "retrying_started";
const RETRYING_ENDED: &str = "retrying_ended";

/// One office's letters by delivery state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeDeliveries {
    pub delivered: u64,
    pub rejected: u64,
    pub unreachable: u64,
    /// Tried, failed for now, and waiting to be tried again.
    pub retrying: u64,
}

impl Tally {
    /// Counts an office's delivery moving from `previous` to `new`.
    pub fn add_delivery(
        &mut self,
        office: &OfficeCode,
        previous: Option<&OfficeDelivery>,
        new: &OfficeDelivery,
    ) {
        let was_retrying = previous.is_some_and(|previous| !previous.is_settled());
        let key = |name: &str| format!("delivery:{office}:{name}");
        match (was_retrying, new.is_settled()) {
            (false, false) => self.add(key(RETRYING_STARTED), 1),
            (true, true) => self.add(key(RETRYING_ENDED), 1),
            _ => {}
        }
        if new.is_settled() {
            self.add(key(new.state()), 1);
        }
    }

    /// Every office's letters by delivery state.
    pub fn deliveries(&self) -> BTreeMap<String, OfficeDeliveries> {
        let mut by_office: BTreeMap<String, OfficeDeliveries> = BTreeMap::new();
        for (key, n) in self.with_prefix("delivery:") {
            let Some((office, state)) = key.split_once(':') else {
                continue;
            };
            let counts = by_office.entry(office.to_owned()).or_default();
            match state {
                "delivered" => counts.delivered += n,
                "rejected" => counts.rejected += n,
                "unreachable" => counts.unreachable += n,
                RETRYING_STARTED => counts.retrying += n,
                _ => {}
            }
        }
        for (office, counts) in &mut by_office {
            counts.retrying = counts
                .retrying
                .saturating_sub(self.get(&format!("delivery:{office}:{RETRYING_ENDED}")));
        }
        by_office
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::OffsetDateTime;

    fn retrying(attempts: u32) -> OfficeDelivery {
        OfficeDelivery::Retrying {
            at: OffsetDateTime::UNIX_EPOCH,
            attempts,
            error: "503".into(),
        }
    }

    #[test]
    fn an_office_counts_once_in_its_final_state_and_retrying_only_meanwhile() {
        let office = OfficeCode::parse("SME02").unwrap();
        let delivered = OfficeDelivery::Delivered {
            at: OffsetDateTime::UNIX_EPOCH,
            answer: "201".into(),
        };
        let mut tally = Tally::default();
        tally.add_delivery(&office, None, &retrying(1));
        tally.add_delivery(&office, Some(&retrying(1)), &retrying(2));
        tally.add_delivery(&office, None, &retrying(1));
        assert_eq!(tally.deliveries()["SME02"].retrying, 2);
        tally.add_delivery(&office, Some(&retrying(2)), &delivered);
        tally.add_delivery(&office, None, &delivered);
        assert_eq!(
            tally.deliveries()["SME02"],
            OfficeDeliveries {
                delivered: 2,
                retrying: 1,
                ..OfficeDeliveries::default()
            }
        );
    }
}
