//! Delivering letters to the offices they are addressed to: for each letter
//! and office, build the CWC message, check it against the chamber's rules,
//! send it at a paced rate, and record on the letter how it ended.
//!
//! Never two deliveries to one office: the message's `DeliveryId` is
//! derived from the letter and the office, so whatever sends it again (a
//! retry, a replayed queue record, a crash between sending and recording)
//! sends the same message. The Senate answers a repeat with 409, recorded as
//! delivered; what the House answers is not public (docs/delivery.md). An
//! office's settled status is never changed.
//!
//! A service refusing one of our settings (a redirect from a wrong
//! endpoint, a wrong key) holds the office: it is recorded as retrying,
//! "held: …" and what to fix, and the letter is set aside for staff at once
//! rather than sent again for a day (docs/faults.md).

mod gate;
mod hold;

pub use gate::{Readiness, readiness};
pub use letters_core::offices::{ActiveOffices, OfficeListError, member_at, offices_of};

use crate::campaign::{Campaign, CampaignCatalog};
use crate::clock::Clock;
use crate::confirm::Pacer;
use crate::cwc::CwcMessage;
use crate::letter::{Letter, OfficeDelivery};
use crate::members::Members;
use crate::members::OfficeCode;
use crate::ports::{Accepted, Delivery, DeliveryError, DeliveryState, DeliveryStore, StoreError};
use crate::queue::{LetterConsumer, NotDone};
use crate::settings::{DeliverySetting, DeliverySettings};
use async_trait::async_trait;
use hold::{Attempt, Hold};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// How long a delivery service may take to answer one message, on AWS and
/// locally alike. A batch of five letters to three offices each stays inside
/// the delivery function's timeout even if every answer is this late
/// (infra/template.yaml).
pub const SERVICE_ANSWER_TIMEOUT: Duration = Duration::from_secs(15);

/// What delivery knows, loaded once per process.
pub struct DeliveryContext {
    pub catalog: CampaignCatalog,
    pub members: Members,
    pub offices: ActiveOffices,
    pub settings: DeliverySettings,
    /// The organisation the letters are sent for: the sponsor.
    pub organization: String,
    /// When each attempt is made: the message's date and the outcome's time.
    pub clock: Clock,
}

/// How one pass over a letter ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every office's delivery is settled.
    Settled,
    /// Every office not settled is held until staff fix one of our
    /// settings (each recorded as such on the letter): the letter is to be
    /// set aside until then. Why, naming the offices and what to fix.
    Held(String),
    /// The letter is not to be delivered, or not yet; why.
    Skipped(&'static str),
    /// The letter is no longer stored: nothing to deliver.
    Gone,
}

/// Why a letter must come back later; the queue redelivers it.
#[derive(Debug, thiserror::Error)]
pub enum RetryLater {
    #[error("{0} of the letter's offices failed for now")]
    Offices(usize),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Delivers each letter to each of its offices once: built once per process.
pub struct Deliverer {
    store: Arc<dyn DeliveryStore>,
    service: Arc<dyn Delivery>,
    context: DeliveryContext,
    pacer: Pacer,
}

impl Deliverer {
    /// Sends through `service` at most as fast as `pacer` allows.
    pub fn new(
        store: Arc<dyn DeliveryStore>,
        service: Arc<dyn Delivery>,
        context: DeliveryContext,
        pacer: Pacer,
    ) -> Self {
        Self {
            store,
            service,
            context,
            pacer,
        }
    }

    #[tracing::instrument(skip_all, fields(letter_id = %letter.id, campaign = %letter.campaign))]
    pub async fn deliver(&self, letter: &Letter) -> Result<Outcome, RetryLater> {
        let Some(campaign) = self.context.catalog.get(&letter.campaign) else {
            tracing::warn!("the letter's campaign is no longer served");
            return Ok(Outcome::Skipped("the campaign is no longer served"));
        };
        let stored = self.store.delivery_state(letter).await?;
        let why = match (readiness(&campaign, stored.as_ref()), stored) {
            (Readiness::Deliver, Some(stored)) => {
                return self.deliver_now(letter, &campaign, stored).await;
            }
            (Readiness::Never(why) | Readiness::NotYet(why), Some(_)) => why,
            (_, None) => return Ok(Outcome::Gone),
        };
        tracing::info!(why, "letter not delivered now");
        Ok(Outcome::Skipped(why))
    }

    /// Sends `letter`, standing now as `stored`, to each of its offices not yet settled.
    async fn deliver_now(
        &self,
        letter: &Letter,
        campaign: &Campaign,
        stored: DeliveryState,
    ) -> Result<Outcome, RetryLater> {
        // The letter as it stands now: the queue's record may predate its confirmation.
        let letter = &Letter {
            email_verified: stored.email_verified,
            ..letter.clone()
        };
        let current = stored.deliveries;
        let mut failed = 0;
        let mut held: BTreeMap<String, Vec<OfficeCode>> = BTreeMap::new();
        for (office, _) in offices_of(letter, &self.context.members) {
            let previous = current.get(&office);
            if previous.is_some_and(OfficeDelivery::is_settled) {
                continue;
            }
            let Attempt { delivery, hold } =
                self.attempt(letter, campaign, &office, previous).await;
            let recorded = self
                .store
                .record_delivery(letter, &office, previous, &delivery)
                .await?;
            // No supporter's words here: the error texts stay on the letter.
            tracing::info!(%office, outcome = delivery.state(), recorded, "office delivery");
            match hold {
                Some(hold) => held.entry(hold.to_string()).or_default().push(office),
                None => failed += usize::from(!delivery.is_settled()),
            }
        }
        // A passing failure comes back soon anyway, held offices and all:
        // setting the letter aside would keep it from the office that can
        // take it.
        if failed > 0 {
            return Err(RetryLater::Offices(failed));
        }
        if !held.is_empty() {
            let why = held.iter().map(|(hold, offices)| {
                let offices: Vec<String> = offices.iter().map(ToString::to_string).collect();
                format!("{} held: {hold}", offices.join(", "))
            });
            return Ok(Outcome::Held(why.collect::<Vec<_>>().join(". ")));
        }
        Ok(Outcome::Settled)
    }

    /// Tries `office` once: how it ended.
    async fn attempt(
        &self,
        letter: &Letter,
        campaign: &Campaign,
        office: &OfficeCode,
        previous: Option<&OfficeDelivery>,
    ) -> Attempt {
        let now = || self.context.clock.now();
        let retrying = |error: String| OfficeDelivery::Retrying {
            at: now(),
            attempts: previous.map_or(0, OfficeDelivery::attempts) + 1,
            error,
        };
        let held = |hold: Hold| Attempt {
            delivery: retrying(format!("held: {hold}")),
            hold: Some(hold),
        };
        if let Some(reason) = self.context.offices.why_unreachable(office) {
            return OfficeDelivery::Unreachable { at: now(), reason }.into();
        }
        let chamber = office.chamber();
        let Some(service) = self.context.settings.service(chamber) else {
            return held(Hold {
                chamber,
                setting: DeliverySetting::Url,
                problem: "is not configured".to_owned(),
            });
        };
        let message = CwcMessage::compose(
            letter,
            office,
            campaign,
            &self.context.settings.agent,
            &self.context.organization,
            now(),
            self.context.settings.text_placement,
        );
        let problems = message.problems(chamber);
        if !problems.is_empty() {
            let error = format!(
                "not sent, as the {} would refuse it: {}",
                chamber.name(),
                problems.join("; ")
            );
            return OfficeDelivery::Rejected { at: now(), error }.into();
        }
        let xml = message.to_xml(&service.variant);
        self.pacer.wait().await;
        let delivery = match self.service.submit(chamber, &xml).await {
            Ok(Accepted { status, answer }) => OfficeDelivery::Delivered {
                at: now(),
                answer: format!("{status} {answer}").trim_end().to_owned(),
            },
            Err(DeliveryError::Duplicate { answer }) => OfficeDelivery::Delivered {
                at: now(),
                answer: format!("409 received before: {answer}")
                    .trim_end()
                    .to_owned(),
            },
            Err(DeliveryError::Rejected { status, errors }) if errors.is_empty() => {
                OfficeDelivery::Rejected {
                    at: now(),
                    error: format!("refused with status {status}"),
                }
            }
            Err(DeliveryError::Rejected { errors, .. }) => OfficeDelivery::Rejected {
                at: now(),
                error: errors.join("; "),
            },
            Err(DeliveryError::Misconfigured { setting, problem }) => {
                return held(Hold {
                    chamber,
                    setting,
                    problem,
                });
            }
            Err(DeliveryError::Transient(error)) => retrying(error),
        };
        delivery.into()
    }
}

#[async_trait]
impl LetterConsumer for Deliverer {
    /// Held offices set the letter aside; any other failure brings it back.
    async fn consume(&self, letter: &Letter) -> Result<(), NotDone> {
        match self.deliver(letter).await {
            Ok(Outcome::Held(why)) => Err(NotDone::SetAside(why)),
            Ok(Outcome::Settled | Outcome::Skipped(_) | Outcome::Gone) => Ok(()),
            Err(error) => Err(NotDone::RetryLater(error.into())),
        }
    }

    /// A letter waiting for its supporter's confirmation comes back with it.
    fn follows_changes(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests;
