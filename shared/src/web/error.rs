//! The one place where failures become responses: each kind gets its status
//! and a plain message; internal causes are logged here and shown to no one.

use super::embed::PageQuery;
use super::language::PageLanguage;
use super::pages::ErrorPage;
use crate::domain::InvalidValue;
use crate::language::Language;
use crate::letter::form::FormError;
use crate::messages::{Message, Translator};
use crate::ports::StoreError;
use askama::Template;
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use letters_core::msg;

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
    fn public_message(&self) -> Message {
        match self {
            Self::CampaignNotFound => msg!("error-campaign-not-found").into(),
            Self::NotFound => msg!("error-not-found").into(),
            Self::LinkNotValid => msg!("error-link-not-valid").into(),
            Self::Unauthenticated => msg!("error-unauthenticated").into(),
            Self::CrossSite => msg!("error-cross-site").into(),
            Self::CampaignClosed => msg!("error-campaign-closed").into(),
            Self::CampaignDraft => msg!("error-campaign-draft").into(),
            Self::CampaignRetired => msg!("error-campaign-retired").into(),
            Self::UnsupportedMediaType => msg!("error-unsupported-media-type").into(),
            Self::PayloadTooLarge => msg!("error-payload-too-large").into(),
            Self::BodyTooSlow => msg!("error-body-too-slow").into(),
            Self::Malformed(what) => Message::from(msg!("error-malformed")).with("why", *what),
            Self::InvalidInPath(name, why) => Message::from(msg!("error-invalid-in-path"))
                .with("name", *name)
                .with("why", why.message()),
            Self::UnreadableLetter(why) => {
                Message::from(msg!("error-malformed")).with("why", why.to_string())
            }
            Self::Store(StoreError::InvalidCursor) => msg!("error-invalid-cursor").into(),
            Self::Store(StoreError::Throttled | StoreError::Unavailable(_)) => {
                msg!("error-busy").into()
            }
            Self::Store(StoreError::Unexpected(_)) | Self::Render(_) | Self::Unexpected(_) => {
                msg!("error-ours").into()
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
        let message = self.public_message().in_language(Language::En);
        let body = Json(serde_json::json!({ "error": message }));
        self.finish((self.status(), body).into_response())
    }
}

/// An error page's status and message, kept on its response so that
/// [`speak_the_requests_language`] can say it in the request's language.
#[derive(Clone)]
struct ErrorShown {
    status: StatusCode,
    message: Message,
}

impl ErrorShown {
    fn page(&self, language: Language) -> Response {
        let title =
            Message::from(msg!("error-title")).with("status", u64::from(self.status.as_u16()));
        let page = ErrorPage {
            title: title.in_language(language),
            message: self.message.in_language(language),
            tr: Translator(language),
        };
        let body = match page.render() {
            Ok(html) => Html(html).into_response(),
            Err(error) => {
                tracing::error!(%error, "rendering the error page");
                page.message.into_response()
            }
        };
        let mut response = (self.status, body).into_response();
        response.extensions_mut().insert(self.clone());
        response
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.log();
        let shown = ErrorShown {
            status: self.status(),
            message: self.public_message(),
        };
        self.finish(shown.page(Language::En))
    }
}

/// Says an error page in the language its request asks for (`?lang=`,
/// else `Accept-Language`), as the pages are: a handler that fails does
/// not know it, and the fallback's 404 has no handler.
pub async fn speak_the_requests_language(request: Request, next: Next) -> Response {
    let query = PageQuery::parse(request.uri().query());
    let language = PageLanguage::choose(&query, request.headers(), &Language::ALL);
    let response = next.run(request).await;
    let Some(shown) = response.extensions().get::<ErrorShown>().cloned() else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    let spoken = shown.page(language.language);
    let (spoken_parts, body) = spoken.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        spoken_parts.headers[header::CONTENT_TYPE].clone(),
    );
    let mut response = Response::from_parts(parts, body);
    language.label(&mut response);
    response
}
