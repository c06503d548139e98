//! The pages a supporter reaches from the links in their email: withdraw
//! the letter, or confirm it (and the updates they asked for). Following a
//! link changes nothing, since mail scanners follow links too: the page
//! asks, and its one button (a POST from the site's own page) acts. A link
//! that is forged or expired opens nothing.

use super::guard::is_cross_site;
use super::pages::{Button, LinkPage};
use super::site::Site;
use super::{AppState, WebError};
use crate::letter::LetterRef;
use crate::links::LinkAction;
use crate::ports::{Verification, Withdrawal};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

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

    pub(super) fn page(
        &self,
        title: &'static str,
        paragraphs: Vec<String>,
        button: Option<Button>,
    ) -> Result<Response, WebError> {
        let page = LinkPage {
            title,
            paragraphs,
            button,
            sponsor: &self.sponsor,
        };
        Ok(Html(page.render()?).into_response())
    }
}

fn button(action: LinkAction, token: &str, label: &'static str) -> Option<Button> {
    Some(Button {
        action: format!("/{}/{token}", action.path()),
        label,
    })
}

pub(super) const GONE: &str =
    "This letter is no longer stored: it was withdrawn, or its time to be kept has passed.";

/// `GET /withdraw/{token}`: asks whether to withdraw the letter.
pub async fn ask_withdraw(
    State(app): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let reference = app.opened(LinkAction::Withdraw, &token)?;
    if app.store.find(&reference).await?.is_none() {
        return app.page("Withdraw your letter", vec![GONE.into()], None);
    }
    app.page(
        "Withdraw your letter",
        vec![
            "If you did not write this letter, or you have changed your mind, you can withdraw it. \
             It will not be delivered, what you wrote and your details will be erased, and your \
             address may be used to write again."
                .into(),
        ],
        button(LinkAction::Withdraw, &token, "Withdraw my letter"),
    )
}

/// `POST /withdraw/{token}`: withdraws it.
pub async fn withdraw(
    State(app): State<AppState>,
    Path(token): Path<String>,
    site: Site,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let reference = app.pressed(LinkAction::Withdraw, &token, &site, &headers)?;
    let said = match app.store.withdraw(&reference).await? {
        Withdrawal::Withdrawn => {
            app.counts.forget(&reference.campaign);
            tracing::info!(letter_id = %reference.id, "letter withdrawn");
            "Your letter is withdrawn. It will not be delivered, and what you wrote and your \
             details have been erased. Thank you for letting us know."
        }
        Withdrawal::NotFound => GONE,
    };
    app.page("Withdraw your letter", vec![said.into()], None)
}

/// `GET /confirm/{token}`: asks the supporter to confirm.
pub async fn ask_confirm(
    State(app): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let reference = app.opened(LinkAction::Confirm, &token)?;
    let Some(letter) = app.store.find(&reference).await? else {
        return app.page("Confirm your letter", vec![GONE.into()], None);
    };
    if letter.email_verified {
        return app.page(
            "Confirm your letter",
            vec!["You have already confirmed this letter. Thank you.".into()],
            None,
        );
    }
    let mut paragraphs = vec![
        "Please confirm that you wrote this letter and that this email address is yours."
            .to_owned(),
    ];
    if letter.fields.opt_in {
        paragraphs.push(format!(
            "You also asked for occasional updates from {}: confirming says you want them.",
            app.sponsor.name
        ));
    }
    app.page(
        "Confirm your letter",
        paragraphs,
        button(LinkAction::Confirm, &token, "Confirm my letter"),
    )
}

/// `POST /confirm/{token}`: confirms it.
pub async fn confirm(
    State(app): State<AppState>,
    Path(token): Path<String>,
    site: Site,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let reference = app.pressed(LinkAction::Confirm, &token, &site, &headers)?;
    let said = match app.store.verify(&reference).await? {
        Verification::Verified => {
            tracing::info!(letter_id = %reference.id, "letter confirmed from its email");
            "Thank you: your letter is confirmed."
        }
        Verification::AlreadyVerified => "You have already confirmed this letter. Thank you.",
        Verification::NotFound => GONE,
    };
    app.page("Confirm your letter", vec![said.into()], None)
}
