//! The one wiring: how the application's parts are built from the settings
//! a deployment reads and the adapters it picks. The Lambda functions
//! (`bootstrap`) and the local server (`local`) differ only in the adapters
//! they hand these builders (DynamoDB and SES, or the embedded store and
//! the outbox); nothing else builds the app, so what the tests prove of the
//! local server holds of what is deployed.

use crate::addressing::Addresser;
use crate::campaign::CampaignCatalog;
use crate::confirm::{ConfirmationSender, Pacer};
use crate::delivery::{ActiveOffices, Deliverer, DeliveryContext};
use crate::members::Members;
use crate::ports::{
    AbuseStore, Delivery, DistrictLookup, HumanCheck, LetterStore, Mailer, PictureStore, Store,
};
use crate::preview::PreviewLinks;
use crate::publishing::Publisher;
use crate::publishing::pictures::Pictures;
use crate::settings::{DeliverySettings, Settings};
use crate::signing::SigningKey;
use crate::web::admin::AdminApp;
use crate::web::{App, AppParts, AppState};
use std::sync::Arc;
use std::time::Duration;

/// What every part is built from: the settings, the campaigns served (kept
/// current by publishing) and the members of Congress.
#[derive(Clone)]
pub struct Wiring {
    pub settings: Settings,
    pub catalog: CampaignCatalog,
    pub members: Members,
}

/// The adapters the public routes run on.
pub struct WebAdapters {
    /// Where letters are recorded and read back (locally, the store with
    /// the in-process stream behind it).
    pub letters: Arc<dyn LetterStore>,
    /// Rate limits and spent form tokens.
    pub abuse: Arc<dyn AbuseStore>,
    pub districts: Arc<dyn DistrictLookup>,
    /// Checks a CAPTCHA's answers, where letters are taken on a site that
    /// shows one.
    pub human_check: Option<Arc<dyn HumanCheck>>,
    /// Signs form tokens and links, and salts client digests.
    pub key: SigningKey,
    /// Where the pictures of campaigns published live are kept.
    pub pictures: Option<Arc<dyn PictureStore>>,
}

impl Wiring {
    /// The public routes' app: pages, letters, links and receipts.
    pub fn web(&self, adapters: WebAdapters) -> anyhow::Result<AppState> {
        let settings = &self.settings;
        App::new(AppParts {
            store: adapters.letters,
            abuse: adapters.abuse,
            catalog: self.catalog.clone(),
            addresser: Addresser::new(self.members.clone(), adapters.districts),
            sponsor: settings.sponsor.clone(),
            retention: settings.retention,
            public_url: settings.public_url.clone(),
            key: adapters.key,
            defences: settings.defences.clone(),
            human_check: adapters.human_check,
            pictures: adapters.pictures,
        })
    }

    /// The analysts' and staff's routes' app; with `publisher`, publishing
    /// draws each campaign's share picture and signs drafts' preview links.
    pub fn admin(&self, store: Arc<dyn Store>, publisher: Option<Publisher>) -> Arc<AdminApp> {
        Arc::new(AdminApp {
            store,
            catalog: self.catalog.clone(),
            members: self.members.clone(),
            publisher,
        })
    }

    /// What a function that publishes needs: `pictures` to draw and keep
    /// share pictures, and `key` to sign preview links.
    pub fn publisher(&self, pictures: Pictures, key: SigningKey) -> Publisher {
        Publisher {
            pictures,
            previews: PreviewLinks::new(key),
            site: self.settings.public_url.clone(),
        }
    }

    /// The confirmation mailer; a send not settled within `lease` is taken
    /// over by another.
    pub fn confirmations(
        &self,
        store: Arc<dyn Store>,
        mailer: Arc<dyn Mailer>,
        key: SigningKey,
        lease: Duration,
    ) -> anyhow::Result<ConfirmationSender> {
        Ok(ConfirmationSender::configured(
            store,
            mailer,
            self.catalog.clone(),
            self.members.clone(),
            &self.settings,
            key,
            lease,
        )?)
    }

    /// The deliverer, sending through `service` (configured by `settings`)
    /// to the offices on the chambers' lists.
    pub fn deliverer(
        &self,
        store: Arc<dyn Store>,
        service: Arc<dyn Delivery>,
        settings: DeliverySettings,
        offices: ActiveOffices,
    ) -> Deliverer {
        let pacer = Pacer::new(settings.per_instance_rate);
        let context = DeliveryContext {
            catalog: self.catalog.clone(),
            members: self.members.clone(),
            offices,
            organization: self.settings.sponsor.name.clone(),
            settings,
            clock: self.settings.defences.clock.clone(),
        };
        Deliverer::new(store, service, context, pacer)
    }
}
