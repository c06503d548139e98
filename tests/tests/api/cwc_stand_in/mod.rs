//! The stand-in for Congress's delivery services is only worth its checks,
//! and they come from the public record (docs/cwc-evidence.md), not from
//! our builder: it takes messages written to the published samples' shape
//! and refuses, with the services' answers, every way one can be wrong
//! (`corpus`), and every message our builder makes must pass it (`builder`).

mod builder;
mod corpus;

use integration_tests::cwc_stand_in::{API_KEY, Chamber, HouseDuplicate, Options, StandIn};

/// A file of the corpus in `tests/data/cwc-corpus/`.
fn corpus_file(name: &str) -> String {
    let path = format!("{}/data/cwc-corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// Posts `xml` to `chamber` with `key` as `content_type`: the status and the body.
async fn post(
    stand_in: &StandIn,
    chamber: Chamber,
    key: &str,
    content_type: &str,
    xml: String,
) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(stand_in.url(chamber))
        .query(&[("apikey", key)])
        .header("content-type", content_type)
        .body(xml)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Posts `xml` to `chamber` as our adapter sends it.
async fn send(stand_in: &StandIn, chamber: Chamber, xml: String) -> (u16, String) {
    post(
        stand_in,
        chamber,
        API_KEY,
        "application/xml; charset=utf-8",
        xml,
    )
    .await
}

#[tokio::test]
async fn the_senate_takes_a_message_with_201_once_and_answers_a_repeat_409() {
    let stand_in = StandIn::start(&["SNM02"]).await;
    let xml = corpus_file("senate-mandatory.xml");
    assert_eq!(send(&stand_in, Chamber::Senate, xml.clone()).await.0, 201);
    let (status, body) = send(&stand_in, Chamber::Senate, xml).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("<Error>DeliveryId"), "{body}");
    assert_eq!(stand_in.taken().len(), 1);
}

#[tokio::test]
async fn the_house_takes_a_message_with_200_and_plain_text() {
    let stand_in = StandIn::start(&["HVA02"]).await;
    let (status, body) = send(&stand_in, Chamber::House, corpus_file("house-full.xml")).await;
    assert_eq!((status, body.as_str()), (200, "Message Accepted"));
    assert_eq!(stand_in.taken()[0].office, "HVA02");
}

#[tokio::test]
async fn the_key_then_the_content_type_are_checked_and_only_the_house_takes_text_xml() {
    let stand_in = StandIn::start(&["SNM02", "HOR03"]).await;
    let senate = corpus_file("senate-mandatory.xml");
    let house = corpus_file("house-mandatory.xml");
    let answers = [
        (Chamber::Senate, "guess", "application/xml", &senate, 401),
        (Chamber::Senate, API_KEY, "text/xml", &senate, 415),
        (Chamber::Senate, API_KEY, "application/json", &senate, 415),
        (Chamber::House, API_KEY, "application/json", &house, 415),
        (Chamber::House, API_KEY, "text/xml", &house, 200),
    ];
    for (chamber, key, content_type, xml, expected) in answers {
        let (status, body) = post(&stand_in, chamber, key, content_type, xml.clone()).await;
        assert_eq!(status, expected, "{chamber:?} {key} {content_type}: {body}");
    }
    assert_eq!(stand_in.taken().len(), 1);
}

#[tokio::test]
async fn an_office_off_the_active_list_is_refused_but_the_senates_test_mode_takes_every_seat() {
    let production = StandIn::start(&["SNM01", "HOR01"]).await;
    let senate = corpus_file("senate-mandatory.xml");
    let house = corpus_file("house-mandatory.xml");
    let (status, body) = send(&production, Chamber::Senate, senate.clone()).await;
    assert_eq!(status, 400);
    assert!(body.contains("SNM02 is not an active office"), "{body}");
    let (status, body) = send(&production, Chamber::House, house.clone()).await;
    assert_eq!(status, 400);
    assert!(body.contains("HOR03 is not an active office"), "{body}");

    let test_mode = Options {
        senate_test_mode: true,
        ..Options::default()
    };
    let testing = StandIn::start_with(&[], test_mode).await;
    assert_eq!(send(&testing, Chamber::Senate, senate).await.0, 201);
    assert_eq!(send(&testing, Chamber::House, house).await.0, 400);
}

#[tokio::test]
async fn the_houses_answer_to_a_repeated_delivery_id_is_the_tests_choice() {
    let xml = corpus_file("house-mandatory.xml");
    let answers = [
        (HouseDuplicate::Conflict, 409, 1),
        (HouseDuplicate::Refused, 400, 1),
        (HouseDuplicate::TakenAgain, 200, 2),
    ];
    for (house_duplicate, status, taken) in answers {
        let options = Options {
            house_duplicate,
            ..Options::default()
        };
        let stand_in = StandIn::start_with(&["HOR03"], options).await;
        assert_eq!(send(&stand_in, Chamber::House, xml.clone()).await.0, 200);
        let (repeat, body) = send(&stand_in, Chamber::House, xml.clone()).await;
        assert_eq!(repeat, status, "{house_duplicate:?}: {body}");
        assert_eq!(stand_in.taken().len(), taken, "{house_duplicate:?}");
    }
}
