//! Delivery pointed at the stand-in, as tests and benchmarks build it.

use crate::cwc_stand_in::{self, StandIn};
use shared::adapters::{ApiKey, CwcApiKeys, HttpDelivery};
use shared::confirm::Pacer;
use shared::delivery::{ActiveOffices, Deliverer, DeliveryContext};
use shared::domain::Chamber;
use shared::fixtures::{delivering_catalog, delivery_agent};
use shared::members::Members;
use shared::members::OfficeCode;
use shared::ports::DeliveryStore;
use shared::settings::{ChamberService, CwcVariant, DeliverySettings, TextPlacement};
use std::sync::Arc;
use std::time::Duration;

/// Delivery settings for the stand-in, the Senate in `senate` variant,
/// sending `rate` messages a second.
pub fn settings(stand_in: &StandIn, senate: CwcVariant, rate: f64) -> DeliverySettings {
    let service = |chamber, variant| {
        Some(ChamberService {
            url: stand_in.url(chamber),
            variant,
        })
    };
    DeliverySettings {
        senate: service(cwc_stand_in::Chamber::Senate, senate),
        house: service(
            cwc_stand_in::Chamber::House,
            CwcVariant::default_for(Chamber::House),
        ),
        agent: delivery_agent(),
        text_placement: TextPlacement::default(),
        api_keys_secret: None,
        per_instance_rate: rate,
    }
}

/// The stand-in's key for both chambers.
pub fn keys() -> CwcApiKeys {
    let key = Some(ApiKey::new(cwc_stand_in::API_KEY));
    CwcApiKeys {
        senate: key.clone(),
        house: key,
    }
}

/// Our list of active offices: exactly `active`.
pub fn active_offices(active: &[&str]) -> ActiveOffices {
    ActiveOffices::of(
        active.iter().map(|code| OfficeCode::parse(code).unwrap()),
        "2026-06-15",
    )
}

/// A deliverer of the delivering launch campaign over `store`, sending as
/// `settings` say within `timeout`, with `active` as our active offices.
pub fn deliverer(
    store: Arc<dyn DeliveryStore>,
    settings: DeliverySettings,
    active: &[&str],
    timeout: Duration,
) -> Deliverer {
    let service = HttpDelivery::new(&settings, keys(), timeout).unwrap();
    let pacer = Pacer::new(settings.per_instance_rate);
    let context = DeliveryContext {
        catalog: delivering_catalog(),
        members: Members::bundled().unwrap(),
        offices: active_offices(active),
        settings,
        organization: "Example Advocacy Coalition".into(),
        clock: shared::clock::Clock::system(),
    };
    Deliverer::new(store, Arc::new(service), context, pacer)
}
