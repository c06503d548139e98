//! The HTTP layer: what every route does, written once for Lambda and the
//! local server alike. Function crates only pick which routes they serve:
//! `read` (pages, count, health, static files), `submit` (letters) and
//! `admin` (the analysts' summary and exports).

pub mod admin;
pub mod admin_campaigns;
mod body;
pub mod choices;
mod count_cache;
mod embed;
mod erase;
mod error;
mod guard;
mod inline;
mod language;
pub mod numbers;
mod office_letters;
pub mod openapi;
mod pages;
pub mod read;
pub mod receipt;
mod recipients;
pub mod routes;
mod security;
mod share_image;
mod site;
pub mod submit;

pub use error::WebError;
pub use guard::{FORM_LIFETIME, FormTokens};
pub use routes::Routes;
pub use security::complete;
pub use site::{CdnOrigin, ClientIp, GatewayDomain};

use crate::addressing::Addresser;
use crate::campaign::{Campaign, CampaignCatalog, CampaignStatus};
use crate::domain::{CampaignSlug, Origin};
use crate::language::Language;
use crate::links::LetterLinks;
use crate::ports::{
    AbuseStore, HumanCheck, LetterStore, PictureName, PictureStore, RateLimit, StoreError,
};
use crate::preview::PreviewLinks;
use crate::settings::{CaptchaSettings, DefenceSettings, PublicUrl, Sponsor};
use crate::signing::SigningKey;
use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the app is built from, by the one wiring ([`crate::wiring`]).
pub(crate) struct AppParts {
    pub store: Arc<dyn LetterStore>,
    pub abuse: Arc<dyn AbuseStore>,
    pub catalog: CampaignCatalog,
    /// The members of Congress, and how letters find theirs.
    pub addresser: Addresser,
    pub sponsor: Sponsor,
    /// How long letters are kept before deletion.
    pub retention: time::Duration,
    /// The site's address, the base of every absolute link; without it (a
    /// stack with no `PublicUrl`), the address API Gateway was reached at.
    pub public_url: Option<PublicUrl>,
    /// Signs form tokens and salts client digests.
    pub key: SigningKey,
    pub defences: DefenceSettings,
    /// Checks a CAPTCHA's answers, where letters are taken and
    /// `defences.captcha` is set; a function that only shows pages needs
    /// none.
    pub human_check: Option<Arc<dyn HumanCheck>>,
    /// Where the pictures of campaigns published live are kept; without
    /// one, only the bundled campaigns' are served.
    pub pictures: Option<Arc<dyn PictureStore>>,
}

/// The form's defences, as the handlers use them.
pub struct Defences {
    tokens: guard::FormTokens,
    key: SigningKey,
    allowed_origins: Vec<Origin>,
    per_ip: RateLimit,
    per_email: RateLimit,
    body_read_deadline: Duration,
    captcha: Option<CaptchaSettings>,
    human_check: Option<Arc<dyn HumanCheck>>,
    clock: crate::clock::Clock,
}

/// Everything a handler needs, built once per process.
pub struct App {
    pub catalog: CampaignCatalog,
    /// The members of Congress, and how letters find theirs.
    pub addresser: Addresser,
    pub store: Arc<dyn LetterStore>,
    abuse: Arc<dyn AbuseStore>,
    pub sponsor: Sponsor,
    pub retention: time::Duration,
    public_url: Option<PublicUrl>,
    defences: Defences,
    links: LetterLinks,
    /// For each campaign, whom a letter from each state goes to as JSON,
    /// for the page's script: made for the version served, when it is first
    /// shown.
    recipient_hints: Mutex<HashMap<HintsKey, (u64, Arc<str>)>>,
    counts: count_cache::CountCache,
    pictures: Option<Arc<dyn PictureStore>>,
    /// Opens drafts' preview links.
    previews: PreviewLinks,
}

/// A campaign's recipient hints are made for each language its pages speak.
type HintsKey = (CampaignSlug, Language);

/// The state every router shares.
pub type AppState = Arc<App>;

impl App {
    pub(crate) fn new(parts: AppParts) -> anyhow::Result<AppState> {
        let AppParts {
            store,
            abuse,
            catalog,
            addresser,
            sponsor,
            retention,
            public_url,
            key,
            defences,
            human_check,
            pictures,
        } = parts;

        let links = LetterLinks::new(key.clone());
        let previews = PreviewLinks::new(key.clone());
        let counts = count_cache::CountCache::new(defences.count_ttl, defences.clock.clone());
        let defences = Defences {
            tokens: guard::FormTokens::new(key.clone(), defences.min_fill),
            key,
            per_ip: defences.per_ip(),
            per_email: defences.per_email(),
            allowed_origins: defences.allowed_origins,
            body_read_deadline: defences.body_read_deadline,
            captcha: defences.captcha.clone(),
            human_check,
            clock: defences.clock,
        };
        Ok(Arc::new(Self {
            catalog,
            recipient_hints: Mutex::default(),
            addresser,
            store,
            abuse,
            sponsor,
            retention,
            public_url,
            defences,
            links,
            counts,
            pictures,
            previews,
        }))
    }

    /// The campaign's public count, at most a few seconds old.
    async fn count(&self, campaign: &CampaignSlug) -> Result<u64, StoreError> {
        self.counts.get(self.store.as_ref(), campaign).await
    }

    /// The campaign a public path names; an unparsable slug is as unknown as
    /// a missing one, and a retired campaign is gone.
    fn campaign(&self, slug: &str) -> Result<Arc<Campaign>, WebError> {
        let campaign = CampaignSlug::parse(slug)
            .ok()
            .and_then(|slug| self.catalog.get(&slug))
            .ok_or(WebError::CampaignNotFound)?;
        if campaign.is_retired() {
            return Err(WebError::CampaignRetired);
        }
        if campaign.is_draft() {
            return Err(WebError::CampaignDraft);
        }
        Ok(campaign)
    }

    /// The campaign a preview link names: a draft shown as it will be when
    /// launched (open), to whoever holds a link this deployment signed for
    /// it that has not expired; a launched campaign as the public sees it.
    fn previewed(&self, slug: &str, token: &str) -> Result<Arc<Campaign>, WebError> {
        let draft = CampaignSlug::parse(slug)
            .ok()
            .and_then(|slug| self.catalog.get(&slug))
            .filter(|campaign| campaign.is_draft());
        let Some(draft) = draft else {
            return self.campaign(slug);
        };
        if !self
            .previews
            .opens(&draft.slug, token, self.defences.clock.now())
        {
            return Err(WebError::LinkNotValid);
        }
        Ok(Arc::new(Campaign {
            status: CampaignStatus::Open,
            ..Campaign::clone(&draft)
        }))
    }

    /// The share picture `name`: bundled, or kept when its campaign was
    /// published.
    async fn picture(&self, name: &PictureName) -> Result<Option<Bytes>, WebError> {
        if let Some(png) = share_image::bundled(name) {
            return Ok(Some(Bytes::from_static(png)));
        }
        let Some(store) = &self.pictures else {
            return Ok(None);
        };
        let png = store.picture(name).await.map_err(WebError::Unexpected)?;
        Ok(png.map(Bytes::from))
    }

    /// Whom `campaign`'s letters go to from each state, as JSON for the
    /// page's script: made once for each version of the campaign served.
    fn recipient_hints(
        &self,
        campaign: &Campaign,
        language: Language,
    ) -> Result<Arc<str>, WebError> {
        let mut hints = self
            .recipient_hints
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = (campaign.slug.clone(), language);
        if let Some((version, json)) = hints.get(&key)
            && *version == campaign.version
        {
            return Ok(json.clone());
        }
        let members = &self.addresser.members;
        let json: Arc<str> = recipients::hints_json(&campaign.targets, members, language)
            .map_err(|error| WebError::Unexpected(error.into()))?
            .into();
        hints.insert(key, (campaign.version, json.clone()));
        Ok(json)
    }
}
