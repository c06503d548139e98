//! The site in Spanish: a campaign with Spanish copy speaks Spanish when a
//! link or the browser asks, on every page a supporter meets, and keeps
//! each letter's language; a campaign without stays English.

use crate::abuse::{link, only_email};
use crate::helpers::{
    ADMIN_TOKEN, LAUNCH, TestApp, letter_form, letter_json, set, share_picture_of, spawn_app,
    spawn_embedded,
};
use reqwest::Response;
use shared::fixtures::{english_only_catalog, launch_campaign};
use shared::language::Language;

/// What an English page says that its Spanish one must not.
const ENGLISH: [&str; 12] = [
    "Take action",
    "Write your letter",
    "Send my letter",
    "About you",
    "First name",
    "Your address",
    "letters written toward",
    "Paid for by",
    "Privacy policy",
    "Dear Senator",
    "Ask your Senators",
    "Sincerely",
];

async fn get_with(app: &TestApp, path: &str, accept_language: &str) -> Response {
    app.client
        .get(format!("{}{path}", app.address))
        .header("accept-language", accept_language)
        .send()
        .await
        .unwrap()
}

fn assert_spanish(html: &str) {
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"es\">"),
        "{html}"
    );
    for english in ENGLISH {
        assert!(!html.contains(english), "{english:?} on a Spanish page");
    }
}

/// Posts a letter from Texas written on the Spanish page, as a browser
/// without script would.
async fn post_spanish(app: &TestApp, fields: &[(String, String)]) -> Response {
    let mut fields = fields.to_vec();
    set(&mut fields, "form_token", &app.form_token(LAUNCH).await);
    app.client
        .post(format!("{}/c/{LAUNCH}/letters?lang=es", app.address))
        .form(&fields)
        .send()
        .await
        .unwrap()
}

/// A letter from Texas as the Spanish page offers it.
fn spanish_letter(email: &str) -> Vec<(String, String)> {
    let campaign = launch_campaign();
    let offered = campaign.copy(Language::Es);
    let mut form = letter_form(email, "TX");
    set(&mut form, "subject", offered.subject.as_ref());
    set(&mut form, "message", offered.body.as_ref());
    set(&mut form, "closing", "Atentamente");
    form
}

#[tokio::test]
async fn a_link_asking_for_spanish_gets_the_page_in_spanish_with_a_switch_back() {
    let app = spawn_app().await;
    let response = app.get(&format!("/c/{LAUNCH}?lang=es")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-language"], "es");
    assert!(response.headers().get("vary").is_none(), "the link decided");
    let html = response.text().await.unwrap();
    assert_spanish(&html);
    for spanish in [
        "Pida a sus senadores que copatrocinen la S. 1693",
        "Escriba su carta",
        "Actúe ahora",
        "Enviar mi carta",
        "Estimado(a) senador(a):",
        "<option value=\"Atentamente\" selected>",
        "action=\"/c/sesta/letters?lang=es\"",
        "href=\"/c/sesta?lang=en\" lang=\"en\"",
    ] {
        assert!(html.contains(spanish), "{spanish:?} in {html}");
    }
    assert!(!html.contains("Set-Cookie"));
}

#[tokio::test]
async fn accept_language_alone_chooses_spanish_and_the_answer_says_it_varies() {
    let app = spawn_app().await;
    let response = get_with(&app, "/c/sesta", "es-MX,es;q=0.9,en;q=0.5").await;
    assert_eq!(response.headers()["content-language"], "es");
    assert_eq!(response.headers()["vary"], "Accept-Language");
    assert!(response.headers().get("set-cookie").is_none(), "no cookie");
    assert_spanish(&response.text().await.unwrap());

    let english = get_with(&app, "/c/sesta", "en-US,en;q=0.9,es;q=0.8").await;
    assert_eq!(english.headers()["content-language"], "en");
    let html = english.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Take action"));

    let asked = get_with(&app, "/c/sesta?lang=en", "es").await;
    assert_eq!(asked.headers()["content-language"], "en", "the link first");
}

#[tokio::test]
async fn a_campaign_without_spanish_copy_stays_english_with_no_switch() {
    let app = spawn_embedded(english_only_catalog()).await;
    for response in [
        app.get(&format!("/c/{LAUNCH}?lang=es")).await,
        get_with(&app, "/c/sesta", "es").await,
    ] {
        assert!(response.headers().get("vary").is_none());
        let html = response.text().await.unwrap();
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("Take action") && html.contains("Ask your Senators"));
        assert!(!html.contains("Español") && !html.contains("lang=es"));
        assert!(!html.contains("Escriba"), "no Spanish chrome either");
    }
}

#[tokio::test]
async fn a_letter_refused_on_the_spanish_page_says_why_in_spanish() {
    let app = spawn_app().await;
    let mut form = spanish_letter("ada@example.org");
    set(&mut form, "email", "");
    let response = post_spanish(&app, &form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert_spanish(&html);
    assert!(html.contains("Por favor, corrija 1 campo"), "{html}");
    assert!(html.contains("Correo electrónico: Escriba su dirección de correo electrónico."));

    let mut letter = letter_json("ada@example.org", "DC");
    letter["form_token"] = app.form_token(LAUNCH).await.into();
    let refused = app
        .client
        .post(format!("{}/c/{LAUNCH}/letters?lang=es", app.address))
        .json(&letter)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value = refused.json().await.unwrap();
    let state = body["errors"]["state"].as_str().unwrap();
    assert!(
        state.starts_with("District of Columbia no tiene senadores"),
        "{state}"
    );
}

#[tokio::test]
async fn a_spanish_letter_is_thanked_confirmed_and_receipted_in_spanish_and_counted_by_language() {
    let app = spawn_app().await;
    let response = post_spanish(&app, &spanish_letter("ada@example.org")).await;
    assert_eq!(response.status(), 303);
    let thanks = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(thanks, "/c/sesta/thanks?state=TX&lang=es");
    let html = app.get(&thanks).await.text().await.unwrap();
    assert_spanish(&html);
    assert!(html.contains("Gracias por escribir"));
    assert!(
        html.contains(
            "Su carta a Senador(a) John Cornyn y Senador(a) Ted Cruz ha quedado registrada"
        )
    );
    assert!(html.contains("Compartir en X") && html.contains("Acabo%20de%20pedir"));

    let email = only_email(&app).await;
    assert!(email.contains("<html lang=\"es\">"));
    assert!(email.contains("Gracias por escribir a sus senadores."));
    assert!(email.contains("Estimado(a) senador(a):") && email.contains("Atentamente,"));
    let text = text_part(&app);
    assert!(
        text.starts_with("Gracias por escribir a sus senadores."),
        "{text}"
    );
    assert!(text.contains("Vea en qué punto está su carta en cada oficina:"));
    assert!(text.contains("Asunto: Le pido que copatrocine la S. 1693"));
    assert!(!text.contains("Thank you") && !text.contains("Subject:"));

    let receipt = link(&email, "receipt");
    let page = app
        .get(&format!("{receipt}?lang=es"))
        .await
        .text()
        .await
        .unwrap();
    assert_spanish(&page);
    assert!(page.contains("Comprobante de su carta"));
    assert!(page.contains("Registrada. Esta campaña no entrega las cartas a las oficinas."));
    let withdraw = app
        .get(&format!("{}?lang=es", link(&email, "withdraw")))
        .await;
    let page = withdraw.text().await.unwrap();
    assert_spanish(&page);
    assert!(page.contains("action=\"/withdraw/") && page.contains("?lang=es\""));
    assert!(page.contains("Retirar mi carta"));

    let summary: serde_json::Value = app
        .admin_get("/admin/c/sesta/summary", Some(ADMIN_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        summary["by_language"],
        serde_json::json!({ "en": 0, "es": 1 })
    );
    let csv = app
        .admin_get("/admin/c/sesta/letters?format=csv", Some(ADMIN_TOKEN))
        .await
        .text()
        .await
        .unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(",es,"), "{row}");
}

#[tokio::test]
async fn error_pages_speak_the_language_asked_for() {
    let app = spawn_app().await;
    let response = app.get("/c/nothing-here?lang=es").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"es\">") && html.contains("No encontrado"));
    assert!(html.contains("No hay ninguna campaña en esta dirección."));
    let gone = get_with(&app, "/no/such/page", "es").await;
    assert_eq!(gone.headers()["vary"], "Accept-Language");
    assert!(
        gone.text()
            .await
            .unwrap()
            .contains("No hay nada en esta dirección.")
    );
    let english = app.get("/c/nothing-here").await.text().await.unwrap();
    assert!(english.contains("<html lang=\"en\">") && english.contains("Not Found"));
}

/// The text part of the one email in the app's outbox.
fn text_part(app: &TestApp) -> String {
    let outbox = app.data_dir.path().join("outbox");
    let eml = std::fs::read_dir(&outbox)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .expect("an email in the outbox");
    let raw = std::fs::read(eml).unwrap();
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert!(message.subject().unwrap().starts_with("Su carta: "));
    message.body_text(0).unwrap().into_owned()
}

#[tokio::test]
async fn the_spanish_page_shares_a_picture_of_its_own_words() {
    let app = spawn_app().await;
    let (english, _) = share_picture_of(&app, LAUNCH).await;
    let (spanish, _) = share_picture_of(&app, &format!("{LAUNCH}?lang=es")).await;
    assert_ne!(
        english, spanish,
        "a picture drawn from the Spanish headline"
    );
    let page = app
        .get(&format!("/c/{LAUNCH}?lang=es"))
        .await
        .text()
        .await
        .unwrap();
    let alt = launch_campaign().copy(Language::Es).headline.to_owned();
    assert!(
        page.contains(&format!("og:image:alt\" content=\"{alt}\"")),
        "the picture described in Spanish"
    );
}
