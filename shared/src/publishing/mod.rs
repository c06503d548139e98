//! Published campaigns kept current in a running function. The local
//! server serves a publication at once (the route and the catalog share one
//! process); on AWS each function instance re-reads the published campaigns
//! when its copy is older than [`REFRESH_AFTER`], before the request or the
//! batch that finds it so, so a publication is served everywhere within
//! that time (two reads of the table, then nothing until the next expiry).
//!
//! Staff publish through `PUT /admin/campaigns/{slug}` or by uploading to
//! the campaigns bucket ([`uploads`]); both check a text here first.

pub mod pictures;
pub mod uploads;

use crate::campaign::{Campaign, CampaignCatalog, CampaignProblem, bundled_files, parse_campaign};
use crate::domain::{CampaignSlug, PublicUrl};
use crate::letter::Letter;
use crate::members::Members;
use crate::ports::{CampaignStore, StoreError};
use crate::preview::PreviewLinks;
use crate::queue::{LetterConsumer, NotDone};
use async_trait::async_trait;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use pictures::Pictures;
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use tokio::sync::Mutex;

/// How old a function's copy of the published campaigns may get.
pub const REFRESH_AFTER: Duration = Duration::from_secs(30);

/// How long after a failed read the next is tried: long enough that a
/// struggling table is not asked again by every request (each waits for
/// the read), short enough that a publication is soon served.
pub const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// The largest campaign text taken (the launch campaign's is about 6 KB).
pub const MAX_CAMPAIGN_BYTES: usize = 64 * 1024;

/// Why a campaign's text is not published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Over [`MAX_CAMPAIGN_BYTES`].
    TooLarge,
    /// Each problem with its line and field.
    Problems(Vec<CampaignProblem>),
}

impl Refusal {
    /// The refusal as problems, for a reader that sees no HTTP status.
    pub fn into_problems(self) -> Vec<CampaignProblem> {
        match self {
            Self::TooLarge => vec![CampaignProblem {
                line: None,
                field: None,
                message: format!(
                    "the campaign is over {} KiB; it is refused unread",
                    MAX_CAMPAIGN_BYTES / 1024
                ),
            }],
            Self::Problems(problems) => problems,
        }
    }
}

/// Checks `bytes` as the text of the campaign `slug`: its size, UTF-8,
/// every rule of a campaign, and that the file names the same slug. Both
/// ways of publishing go through here, so they refuse the same texts.
pub fn check_campaign<'a>(
    slug: &CampaignSlug,
    bytes: &'a [u8],
    members: &Members,
) -> Result<(Campaign, &'a str), Refusal> {
    if bytes.len() > MAX_CAMPAIGN_BYTES {
        return Err(Refusal::TooLarge);
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(Refusal::Problems(vec![CampaignProblem {
            line: None,
            field: None,
            message: "the campaign is not UTF-8 text".into(),
        }]));
    };
    let campaign = parse_campaign(text, members).map_err(Refusal::Problems)?;
    if campaign.slug != *slug {
        return Err(Refusal::Problems(vec![CampaignProblem {
            line: text
                .lines()
                .position(|l| l.trim_start().starts_with("slug"))
                .map(|i| i + 1),
            field: Some("slug".into()),
            message: format!(
                "the file's slug is {}, but it was published as {slug} (the route's address, or the uploaded file's name): they must agree",
                campaign.slug
            ),
        }]));
    }
    Ok((campaign, text))
}

/// What a function that publishes does beyond storing the text: draws the
/// share picture, and signs a draft's preview link.
#[derive(Clone)]
pub struct Publisher {
    pub pictures: Pictures,
    pub previews: PreviewLinks,
    /// The site's address (`PUBLIC_URL`), when set: a preview link is then
    /// whole, else a path to follow from the site's address.
    pub site: Option<PublicUrl>,
}

impl Publisher {
    /// The preview link of `campaign`, if it is a draft.
    pub fn preview(&self, campaign: &Campaign) -> Option<String> {
        campaign.is_draft().then(|| {
            self.previews.link(
                self.site.as_ref(),
                &campaign.slug,
                OffsetDateTime::now_utc(),
            )
        })
    }
}

/// The version `slug` is published at if its latest text is `text`:
/// publishing it again would change nothing, so it is not stored again.
pub async fn unchanged(
    store: &dyn CampaignStore,
    slug: &CampaignSlug,
    text: &str,
) -> Result<Option<u64>, StoreError> {
    Ok(store
        .published()
        .await?
        .into_iter()
        .find(|published| published.slug == *slug && published.text == text)
        .map(|published| published.version))
}

/// `text` with its status made `draft`: the first `status` key above any
/// table header (where a campaign's own status lives) is replaced.
pub fn as_draft(text: &str) -> String {
    let mut drafted = String::with_capacity(text.len());
    let mut replaced = false;
    let mut in_table = false;
    for line in text.split_inclusive('\n') {
        let key = line.trim_start();
        in_table |= key.starts_with('[');
        let is_status = key
            .strip_prefix("status")
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if !replaced && !in_table && is_status {
            drafted.push_str("status = \"draft\"\n");
            replaced = true;
        } else {
            drafted.push_str(line);
        }
    }
    if replaced {
        drafted
    } else {
        format!("status = \"draft\"\n{text}")
    }
}

/// Serves every campaign published to `store` beside the bundled ones. One
/// that no longer passes its checks (the member data moved on, say) is left
/// out with a warning: it never stops the others, nor the server.
pub async fn serve_published(
    catalog: &CampaignCatalog,
    store: &dyn CampaignStore,
    members: &Members,
) -> Result<(), StoreError> {
    for published in store.published().await? {
        match parse_campaign(&published.text, members) {
            Ok(campaign) if campaign.slug == published.slug => {
                catalog.publish(campaign, published.version);
            }
            Ok(_) | Err(_) => tracing::warn!(
                slug = %published.slug,
                version = published.version,
                "a published campaign fails its checks: not served"
            ),
        }
    }
    Ok(())
}

/// Publishes the bundled campaign files, as drafts, to a store that holds
/// no published campaign: a fresh deployment's table starts with them, none
/// live until staff launch it, and from then on the table, not the
/// binaries, says what is served. A store that holds any is left alone, so
/// running this again changes nothing. The slugs published.
pub async fn seed_bundled(
    store: &dyn CampaignStore,
    members: &Members,
) -> Result<Vec<CampaignSlug>, StoreError> {
    if !store.published().await?.is_empty() {
        return Ok(Vec::new());
    }
    let mut seeded = Vec::new();
    for file in bundled_files() {
        let (name, text) = file.map_err(anyhow::Error::from)?;
        let text = as_draft(text);
        match parse_campaign(&text, members) {
            Ok(campaign) => {
                let version = store
                    .publish(&campaign.slug, &text, OffsetDateTime::now_utc())
                    .await?;
                tracing::info!(target: "audit", slug = %campaign.slug, version, "bundled campaign published to a fresh table as a draft");
                seeded.push(campaign.slug);
            }
            Err(problems) => {
                tracing::error!(
                    file = name,
                    problems = problems.len(),
                    "a bundled campaign fails its checks: not published"
                );
            }
        }
    }
    Ok(seeded)
}

/// Keeps a catalog's published campaigns at most [`REFRESH_AFTER`] old.
pub struct CampaignRefresh {
    catalog: CampaignCatalog,
    store: Arc<dyn CampaignStore>,
    members: Members,
    /// How old the copy may get ([`REFRESH_AFTER`] in a function).
    every: Duration,
    /// When the published campaigns are next read; `None` before the first.
    next_read: Mutex<Option<Instant>>,
}

impl CampaignRefresh {
    pub fn new(
        catalog: CampaignCatalog,
        store: Arc<dyn CampaignStore>,
        members: Members,
        every: Duration,
    ) -> Self {
        Self {
            catalog,
            store,
            members,
            every,
            next_read: Mutex::new(None),
        }
    }

    /// Re-reads the published campaigns if the copy is too old. A failed
    /// read keeps the campaigns served as they were, and is tried again
    /// [`RETRY_AFTER_FAILURE`] later (or sooner, if the copy expires sooner).
    pub async fn ensure_fresh(&self) {
        // Concurrent callers wait for one read rather than each making one.
        let mut next_read = self.next_read.lock().await;
        if next_read.is_some_and(|at| Instant::now() < at) {
            return;
        }
        let wait = match serve_published(&self.catalog, self.store.as_ref(), &self.members).await {
            Ok(()) => self.every,
            Err(error) => {
                tracing::warn!(%error, "could not read the published campaigns");
                self.every.min(RETRY_AFTER_FAILURE)
            }
        };
        *next_read = Some(Instant::now() + wait);
    }
}

/// Middleware for a router: the campaigns are fresh before each request.
pub async fn refreshed(
    State(refresh): State<Arc<CampaignRefresh>>,
    request: Request,
    next: Next,
) -> Response {
    refresh.ensure_fresh().await;
    next.run(request).await
}

/// A queue consumer whose campaigns are fresh before each letter.
pub struct Refreshed<C> {
    pub refresh: Arc<CampaignRefresh>,
    pub consumer: C,
}

#[async_trait]
impl<C: LetterConsumer> LetterConsumer for Refreshed<C> {
    async fn consume(&self, letter: &Letter) -> Result<(), NotDone> {
        self.refresh.ensure_fresh().await;
        self.consumer.consume(letter).await
    }

    fn follows_changes(&self) -> bool {
        self.consumer.follows_changes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::PublishedCampaign;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A table that cannot be read, counting the attempts.
    #[derive(Default)]
    struct Unreachable {
        reads: AtomicUsize,
    }

    #[async_trait]
    impl CampaignStore for Unreachable {
        async fn publish(
            &self,
            _: &CampaignSlug,
            _: &str,
            _: time::OffsetDateTime,
        ) -> Result<u64, StoreError> {
            unreachable!("the refresh never publishes")
        }

        async fn published(&self) -> Result<Vec<PublishedCampaign>, StoreError> {
            self.reads.fetch_add(1, Ordering::SeqCst);
            Err(StoreError::Throttled)
        }
    }

    #[test]
    fn a_draft_is_the_text_with_its_own_status_made_draft_and_nothing_else() {
        let text = "slug = \"x\"\n  status   = \"open\" # live\n\n[letter]\nstatus = \"kept\"\n";
        assert_eq!(
            as_draft(text),
            "slug = \"x\"\nstatus = \"draft\"\n\n[letter]\nstatus = \"kept\"\n"
        );
        assert_eq!(
            as_draft("[letter]\nstatus = \"kept\"\n"),
            "status = \"draft\"\n[letter]\nstatus = \"kept\"\n"
        );
        assert_eq!(
            as_draft("statuses = 1\n"),
            "status = \"draft\"\nstatuses = 1\n"
        );
        let members = Members::bundled().unwrap();
        for file in bundled_files() {
            let (name, text) = file.unwrap();
            let campaign = parse_campaign(&as_draft(text), &members).unwrap();
            assert!(campaign.is_draft(), "{name}");
        }
    }

    #[tokio::test]
    async fn a_failed_read_keeps_the_campaigns_and_is_not_retried_by_every_request() {
        let store = Arc::new(Unreachable::default());
        let catalog = CampaignCatalog::bundled().unwrap();
        let before: Vec<_> = catalog.slugs().collect();
        let refresh = CampaignRefresh::new(
            catalog.clone(),
            store.clone(),
            Members::bundled().unwrap(),
            REFRESH_AFTER,
        );
        for _ in 0..100 {
            refresh.ensure_fresh().await;
        }
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);
        assert_eq!(catalog.slugs().collect::<Vec<_>>(), before);

        let impatient = CampaignRefresh::new(
            catalog,
            store.clone(),
            Members::bundled().unwrap(),
            Duration::ZERO,
        );
        impatient.ensure_fresh().await;
        impatient.ensure_fresh().await;
        assert_eq!(
            store.reads.load(Ordering::SeqCst),
            3,
            "a copy that expires at once is read each time"
        );
    }
}
