//! `GET /receipt/{token}`: the receipt a supporter's email links to. For
//! each office their letter is addressed to, where it stands: delivered
//! (and when), being delivered, or not, with the office's own phone and
//! contact form to reach it another way; with delivery off, recorded, with
//! the same. The link is signed and names the letter without personal
//! data; the page shows none either, and works without JavaScript.

use super::{AppState, WebError};
use crate::campaign::Campaign;
use crate::letter::Standing;
use crate::links::LinkAction;
use crate::members::Member;
use crate::settings::Sponsor;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use time::Date;

const TITLE: &str = "Your letter's receipt";

/// One office the letter is addressed to, and where the letter stands with it.
pub struct ReceiptRow<'a> {
    pub member: &'a Member,
    /// Where the letter stands, in a sentence.
    pub status: String,
    /// Whether to show how to reach the office another way.
    pub reach_yourself: bool,
}

#[derive(Template)]
#[template(path = "receipt.html")]
pub struct ReceiptPage<'a> {
    pub campaign: &'a Campaign,
    pub sponsor: &'a Sponsor,
    /// When the letter was written, as a supporter reads a date.
    pub written: String,
    pub rows: Vec<ReceiptRow<'a>>,
}

/// A date as a supporter reads it: "June 15, 2026".
pub fn spoken_date(date: Date) -> String {
    format!("{} {}, {}", date.month(), date.day(), date.year())
}

/// Where the letter stands with an office, in a sentence: never
/// "delivered" before the office's service accepted it.
fn sentence(standing: Standing) -> String {
    match standing {
        Standing::Recorded => {
            "Recorded. This campaign does not deliver letters to the offices.".into()
        }
        Standing::AwaitingConfirmation => "Recorded, and waiting for you to confirm it from the \
            email we sent you: it goes to the office once you do."
            .into(),
        Standing::BeingDelivered => "Being delivered: the office's delivery service has not \
            accepted it yet. We keep trying until it does."
            .into(),
        Standing::Delivered(on) => format!("Delivered on {}.", spoken_date(on)),
        Standing::Refused => "Not delivered: the office's delivery service refused it.".into(),
        Standing::Unreachable => "Not delivered: this office does not take letters through \
            Congress's delivery service."
            .into(),
    }
}

/// `GET /receipt/{token}`.
pub async fn receipt(
    State(app): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let reference = app.opened(LinkAction::Receipt, &token)?;
    let Some(letter) = app.store.find(&reference).await? else {
        return app.page(TITLE, vec![super::choices::GONE.into()], None);
    };
    let campaign = app
        .catalog
        .get(&letter.campaign)
        .ok_or(WebError::NotFound)?;
    let rows = app
        .addresser
        .members
        .of_recipients(&letter.recipients)
        .into_iter()
        .map(|member| {
            let standing = letter.standing(&member.office(), &campaign);
            ReceiptRow {
                member,
                status: sentence(standing),
                reach_yourself: standing.reach_yourself(),
            }
        })
        .collect();
    let page = ReceiptPage {
        campaign: &campaign,
        sponsor: &app.sponsor,
        written: spoken_date(letter.created_at.date()),
        rows,
    };
    Ok(Html(page.render()?).into_response())
}
