//! The one place where failures become responses: each kind gets its status
//! and a plain message; internal causes are logged here and shown to no one.

use super::pages::ErrorPage;
use crate::domain::InvalidValue;
use crate::letter::form::FormError;
use crate::ports::StoreError;
use askama::Template;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// Seconds a client should wait before retrying a throttled request.
const RETRY_AFTER_SECONDS: &str = "2";

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("campaign not found")]
    CampaignNotFound,
    #[error("not found")]
    NotFound,
    #[error("no credentials")]
    Unauthenticated,
    #[error("posted from another site")]
    CrossSite,
    #[error("a link that is not ours or has expired")]
    LinkNotValid,
    #[error("campaign closed")]
    CampaignClosed,
    /// Not launched: as absent to the public as a campaign that is not.
    #[error("campaign is a draft")]
    CampaignDraft,
    #[error("campaign retired")]
    CampaignRetired,
    #[error("unsupported content type")]
    UnsupportedMediaType,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("request body too slow")]
    BodyTooSlow,
    #[error("malformed request: {0}")]
    Malformed(&'static str),
    /// A value in the request's path that is not one of its kind.
    #[error("invalid {0}: {1}")]
    InvalidInPath(&'static str, InvalidValue),
    #[error("malformed letter: {0}")]
    UnreadableLetter(#[from] FormError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("rendering a page: {0}")]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Unexpected(anyhow::Error),
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            Self::CampaignNotFound | Self::CampaignDraft | Self::NotFound | Self::LinkNotValid => {
                StatusCode::NOT_FOUND
            }
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::CrossSite => StatusCode::FORBIDDEN,
            Self::CampaignClosed | Self::CampaignRetired => StatusCode::GONE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BodyTooSlow => StatusCode::REQUEST_TIMEOUT,
            Self::InvalidInPath(..) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Malformed(_)
            | Self::UnreadableLetter(_)
            | Self::Store(StoreError::InvalidCursor) => StatusCode::BAD_REQUEST,
            Self::Store(StoreError::Throttled | StoreError::Unavailable(_)) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Store(StoreError::Unexpected(_)) | Self::Render(_) | Self::Unexpected(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// What the client is told: never an internal detail.
    fn public_message(&self) -> String {
        match self {
            Self::CampaignNotFound => "There is no campaign at this address.".into(),
            Self::NotFound => "There is nothing at this address.".into(),
            Self::LinkNotValid => "This link is not valid, or it has expired. \
                Links in our emails last as long as the letter they name is kept."
                .into(),
            Self::Unauthenticated => "This route needs an analyst's credentials.".into(),
            Self::CrossSite => "This form takes letters only from its own page. \
                If you meant to write, open the campaign's page and send your letter there."
                .into(),
            Self::CampaignClosed => "This campaign has closed and no longer takes letters.".into(),
            Self::CampaignDraft => "This campaign has not been launched: it has no public page \
                yet and takes no letters."
                .into(),
            Self::CampaignRetired => "This campaign has ended, and its page has been taken down. \
                Links in our emails about your own letter still work."
                .into(),
            Self::UnsupportedMediaType => {
                "Send the letter as application/x-www-form-urlencoded or application/json.".into()
            }
            Self::PayloadTooLarge => "The letter is too large to accept.".into(),
            Self::BodyTooSlow => {
                "The letter took too long to arrive. Please check your connection and send it again.".into()
            }
            Self::Malformed(what) => format!("The request could not be read: {what}."),
            Self::InvalidInPath(name, why) => format!("The {name} in the address is not valid: {why}."),
            Self::UnreadableLetter(why) => format!("The request could not be read: {why}."),
            Self::Store(StoreError::InvalidCursor) => {
                "The request could not be read: the cursor is not one this server gave.".into()
            }
            Self::Store(StoreError::Throttled | StoreError::Unavailable(_)) => {
                "We are receiving a great many letters right now. Nothing was lost: please send yours again in a moment.".into()
            }
            Self::Store(StoreError::Unexpected(_)) | Self::Render(_) | Self::Unexpected(_) => {
                "Something went wrong on our side, and nothing was stored. Please try again.".into()
            }
        }
    }

    fn log(&self) {
        if self.status().is_server_error() {
            tracing::error!(error = ?self, "request failed");
        }
    }

    fn finish(&self, mut response: Response) -> Response {
        if self.status() == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_static(RETRY_AFTER_SECONDS),
            );
        }
        response
    }

    /// The error for a client that sent JSON: `{"error": message}`.
    pub fn into_json_response(self) -> Response {
        self.log();
        let body = Json(serde_json::json!({ "error": self.public_message() }));
        self.finish((self.status(), body).into_response())
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let page = ErrorPage {
            title: status.canonical_reason().unwrap_or("Error"),
            message: self.public_message(),
        };
        let body = match page.render() {
            Ok(html) => Html(html).into_response(),
            Err(error) => {
                tracing::error!(%error, "rendering the error page");
                self.public_message().into_response()
            }
        };
        self.finish((status, body).into_response())
    }
}
