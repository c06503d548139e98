//! Letters to the House and to the whole delegation: the district from the
//! ZIP code, from the address (a stand-in geocoder), or from the supporter
//! when neither settles it; never a guess.

use crate::census_stand_in::{Answer, CensusStandIn};
use crate::helpers::{
    ADMIN_TOKEN, LAUNCH, TEST_ENV, TestApp, letter_form, letter_json, set, spawn_embedded,
    spawn_with,
};
use crate::local_server::eml_files;
use local::{Backend, Consumers, ServeLimits};
use serde_json::Value;
use shared::campaign::CampaignCatalog;
use shared::fixtures::catalog_with_targets;
use std::time::{Duration, Instant};

/// Writes to both Senators and the Representative.
const CONGRESS: &str = "congress-demo";
/// Writes to the Representative only.
const HOUSE: &str = "house-demo";

fn catalog() -> CampaignCatalog {
    catalog_with_targets(&[(CONGRESS, "\"congress\""), (HOUSE, "\"representative\"")])
}

async fn spawn() -> TestApp {
    spawn_embedded(catalog()).await
}

/// The local server asking the geocoder at `geocoder` (a stand-in) when a
/// ZIP code spans districts, waiting for it half a second.
async fn spawn_with_geocoder(geocoder: &str) -> TestApp {
    let env = [
        TEST_ENV[0],
        ("CENSUS_GEOCODER_URL", geocoder),
        ("GEOCODER_TIMEOUT_MS", "500"),
    ];
    let limits = ServeLimits::default();
    spawn_with(
        Backend::Embedded,
        catalog(),
        Consumers::InProcess,
        &env,
        limits,
    )
    .await
}

/// A valid letter as JSON from `email` at `zip` in `state`.
fn letter(email: &str, state: &str, zip: &str) -> Value {
    let mut letter = letter_json(email, state);
    letter["zip"] = zip.into();
    letter
}

/// "Title Name" of each recipient of a 201 answer.
fn named(body: &Value) -> Vec<String> {
    body["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["title"].as_str().unwrap(),
                r["name"].as_str().unwrap()
            )
        })
        .collect()
}

/// Posts `letter` as JSON: the status and the body.
async fn send(app: &TestApp, slug: &str, letter: &Value) -> (u16, Value) {
    let response = app.post_json(slug, letter).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

fn choices(body: &Value) -> Vec<(String, String)> {
    body["choices"]["district"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let name = c["name"].as_str().unwrap_or("vacant");
            (c["district"].as_str().unwrap().to_owned(), name.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn a_single_district_zip_names_its_one_representative() {
    let app = spawn().await;
    let (status, body) = send(&app, CONGRESS, &letter("ada@example.org", "TX", "78701")).await;
    assert_eq!(status, 201);
    assert_eq!(
        named(&body),
        [
            "Senator John Cornyn",
            "Senator Ted Cruz",
            "Representative Lloyd Doggett"
        ]
    );
    assert_eq!(body["district"], "TX-37");
    assert_eq!(body["recipients"][2]["chamber"], "house");
    assert_eq!(body["recipients"][2]["district"], "TX-37");
}

#[tokio::test]
async fn a_congress_letter_is_one_letter_to_three_with_one_confirmation_naming_all_three() {
    let app = spawn().await;
    let form = letter_form("ada@example.org", "TX");
    let response = app.post_form(CONGRESS, &form).await;
    assert_eq!(response.status(), 303);
    let thanks = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(thanks, "/c/congress-demo/thanks?state=TX&district=TX-37");
    assert_eq!(app.count(CONGRESS).await, 1);

    let page = app.get(&thanks).await.text().await.unwrap();
    assert!(page.contains(
        "Your letter to Senator John Cornyn, Senator Ted Cruz and Representative Lloyd Doggett is recorded"
    ));
    let emails = outbox(&app).await;
    assert_eq!(emails.len(), 1, "one confirmation for the letter");
    for name in [
        "Senator John Cornyn",
        "Senator Ted Cruz",
        "Representative Lloyd Doggett",
    ] {
        assert!(emails[0].contains(name), "the confirmation names {name}");
    }
    assert!(emails[0].contains("Dear Member of Congress,"));

    let summary: Value = app
        .admin_get(&format!("/admin/c/{CONGRESS}/summary"), Some(ADMIN_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["by_senator"].as_array().unwrap().len(), 2);
    assert_eq!(summary["by_representative"][0]["name"], "Lloyd Doggett");
    assert_eq!(summary["by_district"], serde_json::json!({ "TX-37": 1 }));
    let export = app
        .admin_get(
            &format!("/admin/c/{CONGRESS}/letters?format=jsonl"),
            Some(ADMIN_TOKEN),
        )
        .await
        .text()
        .await
        .unwrap();
    let row: Value = serde_json::from_str(export.lines().next().unwrap()).unwrap();
    assert_eq!(row["district"], "TX-37");
    let recipients: Vec<(&str, &str)> = row["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["bioguide"].as_str().unwrap(),
                r["chamber"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        recipients,
        [
            ("C001056", "senate"),
            ("C001098", "senate"),
            ("D000399", "house")
        ]
    );
    assert_eq!(row["recipients"][2]["name"], "Lloyd Doggett");
}

/// The outbox's emails (as text), once all is sent.
async fn outbox(app: &TestApp) -> Vec<String> {
    app.settled().await;
    eml_files(&app.data_dir.path().join("outbox"))
        .iter()
        .map(|eml| std::fs::read_to_string(eml).unwrap())
        .collect()
}

#[tokio::test]
async fn a_split_zip_without_a_geocoder_asks_json_clients_to_choose_among_named_members() {
    let app = spawn().await;
    let (status, body) = send(&app, HOUSE, &letter("ada@example.org", "TX", "75002")).await;
    assert_eq!(status, 422);
    assert!(
        body["errors"]["district"]
            .as_str()
            .unwrap()
            .contains("ZIP code 75002 lies in more than one congressional district")
    );
    assert_eq!(
        choices(&body),
        [
            ("TX-03".to_owned(), "Keith Self".to_owned()),
            ("TX-04".to_owned(), "Pat Fallon".to_owned())
        ]
    );
    assert_eq!(body["choices"]["district"][1]["bioguide"], "F000246");
    assert_eq!(app.count(HOUSE).await, 0, "nothing stored while asking");

    let mut answered = letter("ada@example.org", "TX", "75002");
    answered["district"] = body["choices"]["district"][1]["value"].clone();
    let (status, body) = send(&app, HOUSE, &answered).await;
    assert_eq!(status, 201);
    assert_eq!(named(&body), ["Representative Pat Fallon"]);
    assert_eq!(body["district"], "TX-04");
}

#[tokio::test]
async fn a_split_zip_asks_the_form_and_keeps_the_answer_through_other_errors() {
    let app = spawn().await;
    let mut form = letter_form("ada@example.org", "TX");
    set(&mut form, "zip", "75002");
    let response = app.post_form(HOUSE, &form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains(r#"<input type="radio" name="district" id="district" value="TX-03@75002">"#)
    );
    assert!(html.contains("Texas&#39;s 4th district: Representative Pat Fallon (Republican)"));
    assert!(
        html.contains(r##"href="#district""##),
        "the summary links to the choice"
    );
    assert!(html.contains("house.gov/representatives/find-your-representative"));

    set(&mut form, "district", "TX-04@75002");
    set(&mut form, "email", "not-an-email");
    let html = app.post_form(HOUSE, &form).await.text().await.unwrap();
    assert!(
        html.contains(r#"value="TX-04@75002" checked"#),
        "the answer is kept"
    );
    assert!(
        !html.contains(r#"id="district-error""#),
        "and not questioned"
    );

    set(&mut form, "email", "ada@example.org");
    let response = app.post_form(HOUSE, &form).await;
    assert_eq!(response.status(), 303);
    let thanks = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(thanks, "/c/house-demo/thanks?state=TX&district=TX-04");
    let page = app.get(&thanks).await.text().await.unwrap();
    assert!(page.contains("Representative Pat Fallon"));
}

#[tokio::test]
async fn a_stale_choice_is_asked_again_and_one_outside_the_candidates_is_a_field_error() {
    let app = spawn().await;
    let mut moved = letter("ada@example.org", "TX", "75022");
    moved["district"] = "TX-03@75002".into();
    let (status, body) = send(&app, HOUSE, &moved).await;
    assert_eq!(status, 422);
    assert!(
        body["errors"]["district"]
            .as_str()
            .unwrap()
            .contains("You changed your address")
    );
    let offered: Vec<String> = choices(&body).into_iter().map(|(d, _)| d).collect();
    assert_eq!(offered, ["TX-24", "TX-26"]);

    moved["zip"] = "78701".into();
    let (status, body) = send(&app, HOUSE, &moved).await;
    assert_eq!(
        status, 201,
        "a stale choice is never kept: the new ZIP code decides"
    );
    assert_eq!(named(&body), ["Representative Lloyd Doggett"]);

    for choice in ["TX-07@75002", "TX-07"] {
        let mut wrong = letter("bob@example.org", "TX", "75002");
        wrong["district"] = choice.into();
        let (status, body) = send(&app, HOUSE, &wrong).await;
        assert_eq!(status, 422, "{choice}");
        assert!(
            body["errors"]["district"]
                .as_str()
                .unwrap()
                .contains("TX-07 is not a district ZIP code 75002 lies in"),
            "{choice}"
        );
    }
    let mut malformed = letter("bob@example.org", "TX", "75002");
    malformed["district"] = "Texas 3".into();
    let (status, body) = send(&app, HOUSE, &malformed).await;
    assert_eq!(status, 422);
    let message = body["errors"]["district"].as_str().unwrap();
    assert!(message.contains("Choose yours"), "{message}");
    assert_eq!(
        choices(&body).len(),
        2,
        "asked again, with the list to choose from"
    );
}

#[tokio::test]
async fn with_a_geocoder_the_address_settles_a_split_zip_and_any_failure_asks_instead() {
    let stand_in = CensusStandIn::start(&[
        ("1 Fallon Way", Answer::District("4804")),
        ("2 Elsewhere St", Answer::District("4837")),
        ("3 Boundary Rd", Answer::Ambiguous("4803", "4804")),
        ("4 Slow Ln", Answer::Slowly(Duration::from_secs(5))),
        ("5 Broken Ave", Answer::ServerError),
        ("6 Notice Pl", Answer::NotJson),
    ])
    .await;
    let app = spawn_with_geocoder(&stand_in.url).await;

    let mut located = letter("ada@example.org", "TX", "75002");
    located["street"] = "1 Fallon Way".into();
    let (status, body) = send(&app, HOUSE, &located).await;
    assert_eq!(status, 201);
    assert_eq!(named(&body), ["Representative Pat Fallon"]);
    assert_eq!(stand_in.asked(), ["1 Fallon Way, Austin, TX 75002"]);

    for (n, street) in [
        "2 Elsewhere St",
        "3 Boundary Rd",
        "4 Slow Ln",
        "5 Broken Ave",
        "6 Notice Pl",
        "9 Unknown St",
    ]
    .iter()
    .enumerate()
    {
        let mut unsettled = letter(&format!("s{n}@example.org"), "TX", "75002");
        unsettled["street"] = (*street).into();
        let started = Instant::now();
        let (status, body) = send(&app, HOUSE, &unsettled).await;
        assert_eq!(status, 422, "{street}: asked instead");
        assert_eq!(choices(&body).len(), 2, "{street}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{street}: no long wait"
        );
    }

    let asked_before = stand_in.asked().len();
    let (status, _) = send(&app, HOUSE, &letter("one@example.org", "TX", "78701")).await;
    assert_eq!(status, 201);
    let mut bot = located.clone();
    bot["email"] = "bot@example.org".into();
    bot["form_token"] = "forged".into();
    let (status, _) = send(&app, HOUSE, &bot).await;
    assert_eq!(
        status, 422,
        "a bot is asked, as anyone the table cannot place"
    );
    assert_eq!(
        stand_in.asked().len(),
        asked_before,
        "neither a ZIP code in one district nor a bot reaches the geocoder"
    );
}

#[tokio::test]
async fn a_zip_in_two_states_goes_to_the_district_in_the_supporters_state() {
    let app = spawn().await;
    for (n, (state, member)) in [
        ("AL", "Representative Mike Rogers"),
        ("GA", "Representative Clay Fuller"),
    ]
    .iter()
    .enumerate()
    {
        let (status, body) = send(
            &app,
            HOUSE,
            &letter(&format!("s{n}@example.org"), state, "30165"),
        )
        .await;
        assert_eq!(status, 201, "{state}");
        assert_eq!(named(&body), [*member]);
    }
}

#[tokio::test]
async fn an_at_large_state_needs_no_table_and_no_question() {
    let app = spawn().await;
    for (n, zip) in ["82001", "82999"].iter().enumerate() {
        let (status, body) = send(
            &app,
            HOUSE,
            &letter(&format!("s{n}@example.org"), "WY", zip),
        )
        .await;
        assert_eq!(status, 201, "{zip}");
        assert_eq!(named(&body), ["Representative Harriet M. Hageman"]);
        assert_eq!(body["district"], "WY-00");
    }
}

#[tokio::test]
async fn a_vacant_seat_is_shown_as_vacant_and_the_letter_goes_to_the_others() {
    let app = spawn().await;
    let (status, body) = send(&app, CONGRESS, &letter("ada@example.org", "TX", "76932")).await;
    assert_eq!(status, 201);
    assert_eq!(named(&body), ["Senator John Cornyn", "Senator Ted Cruz"]);
    assert_eq!(body["district"], "TX-23");
    let thanks = app
        .get(&format!("/c/{CONGRESS}/thanks?state=TX&district=TX-23"))
        .await
        .text()
        .await
        .unwrap();
    assert!(thanks.contains("The House seat for Texas&#39;s 23rd district is vacant"));

    let (status, body) = send(&app, HOUSE, &letter("bob@example.org", "TX", "76932")).await;
    assert_eq!(status, 422, "a vacant seat alone is no one to write to");
    assert!(
        body["errors"]["zip"]
            .as_str()
            .unwrap()
            .contains("is vacant")
    );

    let (status, body) = send(&app, HOUSE, &letter("cy@example.org", "TX", "76841")).await;
    assert_eq!(status, 422);
    let vacant = &body["choices"]["district"][1];
    assert_eq!(
        (vacant["district"].as_str(), vacant["vacant"].as_bool()),
        (Some("TX-23"), Some(true))
    );
    assert_eq!(vacant["label"], "Texas's 23rd district: the seat is vacant");
}

#[tokio::test]
async fn delegates_are_house_recipients_and_dc_still_has_no_senators() {
    let app = spawn().await;
    let (status, body) = send(&app, CONGRESS, &letter("dc@example.org", "DC", "20001")).await;
    assert_eq!(status, 201);
    assert_eq!(named(&body), ["Delegate Eleanor Holmes Norton"]);
    for (n, (state, zip, member)) in [
        ("GU", "96910", "Delegate James C. Moylan"),
        ("PR", "00601", "Resident Commissioner Pablo José Hernández"),
    ]
    .iter()
    .enumerate()
    {
        let (status, body) = send(
            &app,
            HOUSE,
            &letter(&format!("t{n}@example.org"), state, zip),
        )
        .await;
        assert_eq!(status, 201, "{state}");
        assert_eq!(named(&body), [*member]);
    }
    let (status, body) = send(&app, LAUNCH, &letter("dc2@example.org", "DC", "20001")).await;
    assert_eq!(status, 422);
    assert!(
        body["errors"]["state"]
            .as_str()
            .unwrap()
            .contains("has no U.S. Senators")
    );
}

#[tokio::test]
async fn a_zip_the_table_does_not_know_asks_for_the_house_and_is_fine_for_the_senate() {
    let app = spawn().await;
    let (status, body) = send(&app, HOUSE, &letter("ada@example.org", "TX", "79999")).await;
    assert_eq!(status, 422);
    assert!(
        body["errors"]["district"]
            .as_str()
            .unwrap()
            .contains("could not match ZIP code 79999")
    );
    assert_eq!(choices(&body).len(), 38, "every seat of the state");
    let (status, _) = send(&app, LAUNCH, &letter("ada@example.org", "TX", "79999")).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn the_senators_campaign_ignores_a_district_and_answers_as_before() {
    let app = spawn().await;
    let mut form = letter_form("ada@example.org", "TX");
    set(&mut form, "district", "TX-03@75002");
    let response = app.post_form(LAUNCH, &form).await;
    assert_eq!(response.headers()["location"], "/c/sesta/thanks?state=TX");
    let (status, body) = send(&app, LAUNCH, &letter("bob@example.org", "TX", "75002")).await;
    assert_eq!(status, 201);
    assert_eq!(named(&body), ["Senator John Cornyn", "Senator Ted Cruz"]);
    assert_eq!(body["district"], Value::Null);
}

#[tokio::test]
async fn each_campaign_page_says_what_decides_the_recipients_and_the_data_dates() {
    let app = spawn().await;
    let launch = app.get("/c/sesta").await.text().await.unwrap();
    assert!(launch.contains("Senator details as of 2026-06-15."));
    assert!(launch.contains("Dear Senator,"));
    let congress = app
        .get(&format!("/c/{CONGRESS}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(congress.contains(
        "House details as of 2026-06-15; ZIP codes matched to districts as of 2024-11-12."
    ));
    assert!(congress.contains("Dear Member of Congress,"));
    assert!(congress.contains(r#"id="recipients-data""#));
}
