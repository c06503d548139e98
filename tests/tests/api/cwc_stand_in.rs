//! The stand-in for Congress's delivery services is only worth its checks:
//! it takes a well-made message and refuses, with the real services'
//! answers, every way one can be wrong.

use integration_tests::cwc_stand_in::{API_KEY, Chamber, StandIn};
use shared::fixtures::{cwc_message, delivering_letter};
use shared::settings::CwcVariant;

/// A well-made message to Senator Collins's office, in the Senate's variant.
fn senate_xml() -> String {
    let message = cwc_message(&delivering_letter("ada@example.org"), "SME02");
    message.to_xml(&CwcVariant::default_for(shared::domain::Chamber::Senate))
}

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

async fn senate(stand_in: &StandIn, xml: String) -> (u16, String) {
    post(stand_in, Chamber::Senate, API_KEY, "application/xml", xml).await
}

#[tokio::test]
async fn a_well_made_message_is_taken_once_and_a_repeat_is_a_duplicate() {
    let stand_in = StandIn::start(&["SME02"]).await;
    let xml = senate_xml();
    assert_eq!(senate(&stand_in, xml.clone()).await.0, 201);
    let (status, body) = senate(&stand_in, xml).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(stand_in.taken().len(), 1);
}

#[tokio::test]
async fn the_key_and_the_content_type_are_checked_first() {
    let stand_in = StandIn::start(&["SME02"]).await;
    let wrong_key = post(
        &stand_in,
        Chamber::Senate,
        "guess",
        "application/xml",
        senate_xml(),
    )
    .await;
    assert_eq!(wrong_key.0, 401);
    let wrong_type = post(
        &stand_in,
        Chamber::Senate,
        API_KEY,
        "application/json",
        senate_xml(),
    )
    .await;
    assert_eq!(wrong_type.0, 415);
    assert!(stand_in.taken().is_empty());
}

#[tokio::test]
async fn every_way_a_message_breaks_the_schema_is_refused_with_its_reason() {
    let stand_in = StandIn::start(&["SME02"]).await;
    let good = senate_xml();
    let swap = |a: &str, b: &str| good.replace(a, "\u{0}").replace(b, a).replace('\u{0}', b);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a prefix the Senate does not take",
            good.replace("<Prefix>Ms.</Prefix>", "<Prefix>Rev.</Prefix>"),
            "Prefix must be one of",
        ),
        (
            "no prefix",
            good.replace("<Prefix>Ms.</Prefix>", ""),
            "required element Prefix",
        ),
        (
            "elements out of order",
            swap(
                "<FirstName>Ada</FirstName>",
                "<LastName>Lovelace</LastName>",
            ),
            "FirstName is missing or out of order",
        ),
        (
            "an unknown topic",
            good.replace("Crime and Law Enforcement", "Crime"),
            "LibraryOfCongressTopic must be one of",
        ),
        (
            "a short subject",
            good.replace(
                &format!(
                    "<Subject>{}</Subject>",
                    "Please cosponsor S. 1693, the Stop Enabling Sex Traffickers Act"
                ),
                "<Subject>Hi</Subject>",
            ),
            "Subject must be 6 to 500",
        ),
        (
            "bills not wrapped",
            good.replace("<Bills>", "").replace("</Bills>", ""),
            "Bill is not allowed here",
        ),
        (
            "a phone without hyphens",
            good.replace("<Phone>207-555-0143</Phone>", "<Phone>2075550143</Phone>"),
            "Phone must be a phone number",
        ),
        (
            "a House office",
            good.replace(
                "<MemberOffice>SME02</MemberOffice>",
                "<MemberOffice>HME01</MemberOffice>",
            ),
            "MemberOffice must be S",
        ),
        (
            "another agent",
            good.replace(
                "<DeliveryAgent>Example Advocacy Coalition</DeliveryAgent>",
                "<DeliveryAgent>Someone Else</DeliveryAgent>",
            ),
            "DeliveryAgent must be the name the API key",
        ),
        ("not XML", "<CWC><Delivery></CWC>".into(), "not well-formed"),
        (
            "no message text",
            good.replace(
                &good[good.find("<OrganizationStatement>").unwrap()
                    ..good.find("</OrganizationStatement>").unwrap() + 24],
                "",
            ),
            "OrganizationStatement, a ConstituentMessage or both",
        ),
    ];
    for (case, xml, expected) in cases {
        let (status, body) = senate(&stand_in, xml).await;
        assert_eq!(status, 400, "{case}: {body}");
        assert!(body.contains(expected), "{case}: {body}");
    }
    assert!(stand_in.taken().is_empty());
}

#[tokio::test]
async fn an_office_off_the_active_list_is_refused() {
    let stand_in = StandIn::start(&["SME01"]).await;
    let (status, body) = senate(&stand_in, senate_xml()).await;
    assert_eq!(status, 400);
    assert!(body.contains("SME02 is not an active office"), "{body}");
}

#[tokio::test]
async fn the_house_takes_its_own_variant_with_200_and_a_longer_prefix_list() {
    let stand_in = StandIn::start(&["HME01"]).await;
    let mut message = cwc_message(&delivering_letter("ada@example.org"), "HME01");
    message.constituent.prefix = "Rev.".into();
    let house = CwcVariant::default_for(shared::domain::Chamber::House);
    let xml = message.to_xml(&house);
    let (status, body) = post(&stand_in, Chamber::House, API_KEY, "text/xml", xml).await;
    assert_eq!(status, 200, "{body}");
    let senate_variant = message.to_xml(&CwcVariant::default_for(shared::domain::Chamber::Senate));
    let (status, body) = post(
        &stand_in,
        Chamber::House,
        API_KEY,
        "application/xml",
        senate_variant,
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("Bills is not allowed here"), "{body}");
}
