//! The pages a supporter reaches from the links in their email: withdraw
//! the letter, or confirm it (and the updates they asked for). Following a
//! link changes nothing, since mail scanners follow links too: the page
//! asks, and its one button (a POST from the site's own page) acts. A link
//! that is forged or expired opens nothing.

use super::embed::PageQuery;
use super::guard::is_cross_site;
use super::language::PageLanguage;
use super::pages::{Button, LinkPage};
use super::site::Site;
use super::{AppState, WebError};
use crate::language::Language;
use crate::letter::LetterRef;
use crate::links::LinkAction;
use crate::messages::{Message, MessageId};
use crate::ports::{Verification, Withdrawal};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use letters_core::msg;

impl super::App {
    /// The letter a link names, if the link is ours and still good.
    pub(super) fn opened(&self, action: LinkAction, token: &str) -> Result<LetterRef, WebError> {
        self.links
            .open(action, token, self.defences.clock.now())
            .ok_or(WebError::LinkNotValid)
    }

    /// The letter a link's button acts on: pressed on our own page (another
    /// site's page may not act on a supporter's letter), with a good link.
    fn pressed(
        &self,
        action: LinkAction,
        token: &str,
        site: &Site,
        headers: &HeaderMap,
    ) -> Result<LetterRef, WebError> {
        if is_cross_site(headers, &[site.0.origin()]) {
            return Err(WebError::CrossSite);
        }
        self.opened(action, token)
    }

    /// A page reached from a link in an email, in `language`: its title,
    /// paragraphs and button, each a message of the catalogs.
    pub(super) fn page(
        &self,
        language: PageLanguage,
        title: MessageId,
        paragraphs: Vec<Message>,
        button: Option<Button>,
    ) -> Result<Response, WebError> {
        let tr = language.translator();
        let page = LinkPage {
            title: tr.say(&title.into()),
            paragraphs: paragraphs
                .iter()
                .map(|paragraph| tr.say(paragraph))
                .collect(),
            button,
            sponsor: &self.sponsor,
            tr,
        };
        let mut response = Html(page.render()?).into_response();
        language.label(&mut response);
        Ok(response)
    }
}

/// The language of a page reached from an email's link: the link's
/// `?lang=` (a letter written in Spanish has its links carry it), else the
/// browser's.
fn language_of(query: Option<&str>, headers: &HeaderMap) -> PageLanguage {
    PageLanguage::choose(&PageQuery::parse(query), headers, &Language::ALL)
}

fn button(
    action: LinkAction,
    token: &str,
    label: MessageId,
    language: PageLanguage,
) -> Option<Button> {
    let carried = language
        .parameter()
        .map_or_else(String::new, |p| format!("?{p}"));
    Some(Button {
        action: format!("/{}/{token}{carried}", action.path()),
        label: language.translator().say(&label.into()),
    })
}

pub(super) const GONE: MessageId = msg!("letter-gone");
const WITHDRAW_TITLE: MessageId = msg!("withdraw-title");
const CONFIRM_TITLE: MessageId = msg!("confirm-title");

/// `GET /withdraw/{token}[?lang=es]`: asks whether to withdraw the letter.
pub async fn ask_withdraw(
    State(app): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let language = language_of(query.as_deref(), &headers);
    let reference = app.opened(LinkAction::Withdraw, &token)?;
    if app.store.find(&reference).await?.is_none() {
        return app.page(language, WITHDRAW_TITLE, vec![GONE.into()], None);
    }
    app.page(
        language,
        WITHDRAW_TITLE,
        vec![msg!("withdraw-ask").into()],
        button(
            LinkAction::Withdraw,
            &token,
            msg!("withdraw-button"),
            language,
        ),
    )
}

/// `POST /withdraw/{token}[?lang=es]`: withdraws it.
pub async fn withdraw(
    State(app): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    site: Site,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let language = language_of(query.as_deref(), &headers);
    let reference = app.pressed(LinkAction::Withdraw, &token, &site, &headers)?;
    let said = match app.store.withdraw(&reference).await? {
        Withdrawal::Withdrawn => {
            app.counts.forget(&reference.campaign);
            tracing::info!(letter_id = %reference.id, "letter withdrawn");
            msg!("withdrawn")
        }
        Withdrawal::NotFound => GONE,
    };
    app.page(language, WITHDRAW_TITLE, vec![said.into()], None)
}

/// `GET /confirm/{token}[?lang=es]`: asks the supporter to confirm.
pub async fn ask_confirm(
    State(app): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let language = language_of(query.as_deref(), &headers);
    let reference = app.opened(LinkAction::Confirm, &token)?;
    let Some(letter) = app.store.find(&reference).await? else {
        return app.page(language, CONFIRM_TITLE, vec![GONE.into()], None);
    };
    if letter.email_verified {
        let said = msg!("already-confirmed").into();
        return app.page(language, CONFIRM_TITLE, vec![said], None);
    }
    let mut paragraphs = vec![msg!("confirm-ask").into()];
    if letter.fields.opt_in {
        let updates =
            Message::from(msg!("confirm-ask-updates")).with("sponsor", app.sponsor.name.as_str());
        paragraphs.push(updates);
    }
    app.page(
        language,
        CONFIRM_TITLE,
        paragraphs,
        button(
            LinkAction::Confirm,
            &token,
            msg!("confirm-my-letter"),
            language,
        ),
    )
}

/// `POST /confirm/{token}[?lang=es]`: confirms it.
pub async fn confirm(
    State(app): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    site: Site,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let language = language_of(query.as_deref(), &headers);
    let reference = app.pressed(LinkAction::Confirm, &token, &site, &headers)?;
    let said = match app.store.verify(&reference).await? {
        Verification::Verified => {
            tracing::info!(letter_id = %reference.id, "letter confirmed from its email");
            msg!("confirmed")
        }
        Verification::AlreadyVerified => msg!("already-confirmed"),
        Verification::NotFound => GONE,
    };
    app.page(language, CONFIRM_TITLE, vec![said.into()], None)
}
