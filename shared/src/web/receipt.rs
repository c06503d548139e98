//! `GET /receipt/{token}`: the receipt a supporter's email links to. For
//! each office their letter is addressed to, where it stands: delivered
//! (and when), being delivered, or not, with the office's own phone and
//! contact form to reach it another way; with delivery off, recorded, with
//! the same. The link is signed and names the letter without personal
//! data; the page shows none either, and works without JavaScript.

use super::embed::PageQuery;
use super::language::PageLanguage;
use super::{AppState, WebError};
use crate::campaign::CampaignCopy;
use crate::language::Language;
use crate::letter::Standing;
use crate::links::LinkAction;
use crate::members::Member;
use crate::messages::{Message, MessageId, Translator};
use crate::settings::Sponsor;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use letters_core::msg;
use time::Date;

const TITLE: MessageId = msg!("receipt-heading");

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
    pub copy: CampaignCopy<'a>,
    pub tr: Translator,
    pub sponsor: &'a Sponsor,
    /// When the letter was written, as a supporter reads a date.
    pub written: String,
    pub rows: Vec<ReceiptRow<'a>>,
}

/// A date as a supporter reads it: "June 15, 2026" in English, "15 de
/// junio de 2026" in Spanish.
pub fn spoken_date(date: Date, language: Language) -> String {
    Message::from(msg!("date"))
        .with("month", u64::from(u8::from(date.month())))
        .with("day", u64::from(date.day()))
        .with("year", date.year().to_string())
        .in_language(language)
}

/// Where the letter stands with an office, in a sentence: never
/// "delivered" before the office's service accepted it.
fn sentence(standing: Standing, language: Language) -> String {
    let message = match standing {
        Standing::Recorded => msg!("standing-recorded").into(),
        Standing::AwaitingConfirmation => msg!("standing-awaiting-confirmation").into(),
        Standing::BeingDelivered => msg!("standing-being-delivered").into(),
        Standing::Delivered(on) => {
            Message::from(msg!("standing-delivered")).with("date", spoken_date(on, language))
        }
        Standing::Refused => msg!("standing-refused").into(),
        Standing::Unreachable => msg!("standing-unreachable").into(),
    };
    message.in_language(language)
}

/// `GET /receipt/{token}[?lang=es]`.
pub async fn receipt(
    State(app): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let page_query = PageQuery::parse(query.as_deref());
    let language = PageLanguage::choose(&page_query, &headers, &Language::ALL);
    let reference = app.opened(LinkAction::Receipt, &token)?;
    let Some(letter) = app.store.find(&reference).await? else {
        return app.page(language, TITLE, vec![super::choices::GONE.into()], None);
    };
    let said_in = language.language;
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
                status: sentence(standing, said_in),
                reach_yourself: standing.reach_yourself(),
            }
        })
        .collect();
    let page = ReceiptPage {
        copy: campaign.copy(said_in),
        tr: language.translator(),
        sponsor: &app.sponsor,
        written: spoken_date(letter.created_at.date(), said_in),
        rows,
    };
    let mut response = Html(page.render()?).into_response();
    language.label(&mut response);
    Ok(response)
}
