//! The deliverer over the embedded store and a scripted service; the HTTP
//! adapter against the stand-in service and DynamoDB are tested in
//! `tests/tests/api/delivery*.rs`.

use super::*;
use crate::adapters::EmbeddedLetterStore;
use crate::clock::Clock;
use crate::domain::Chamber;
use crate::fixtures::{
    CONGRESS, VERIFYING, delivering_catalog, delivering_letter, delivering_letter_to,
    delivery_agent, letter_from,
};
use crate::ports::LetterStore;
use crate::settings::{ChamberService, CwcVariant, DeliverySetting, TextPlacement};
use std::collections::VecDeque;
use std::sync::Mutex;

/// A service that gives the answers it was handed, in turn (success once
/// they run out), and keeps what it was sent.
#[derive(Default)]
struct Scripted {
    answers: Mutex<VecDeque<Result<Accepted, DeliveryError>>>,
    sent: Mutex<Vec<(Chamber, String)>>,
}

#[async_trait]
impl Delivery for Scripted {
    async fn submit(&self, chamber: Chamber, xml: &str) -> Result<Accepted, DeliveryError> {
        self.sent.lock().unwrap().push((chamber, xml.to_owned()));
        self.answers
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Ok(Accepted {
                status: 201,
                answer: String::new(),
            }))
    }
}

struct Subject {
    store: Arc<EmbeddedLetterStore>,
    service: Arc<Scripted>,
    deliverer: Deliverer,
    _dir: tempfile::TempDir,
}

fn subject(answers: Vec<Result<Accepted, DeliveryError>>, active: &[&str]) -> Subject {
    subject_serving(delivering_catalog(), answers, active)
}

fn subject_serving(
    catalog: CampaignCatalog,
    answers: Vec<Result<Accepted, DeliveryError>>,
    active: &[&str],
) -> Subject {
    subject_configured(catalog, both_chambers(), answers, active)
}

/// A service for each chamber, sending as fast as asked.
fn both_chambers() -> DeliverySettings {
    DeliverySettings {
        senate: Some(ChamberService {
            url: "https://senate.example/api".into(),
            variant: CwcVariant::default_for(Chamber::Senate),
        }),
        house: Some(ChamberService {
            url: "https://house.example/api".into(),
            variant: CwcVariant::default_for(Chamber::House),
        }),
        agent: delivery_agent(),
        text_placement: TextPlacement::default(),
        api_keys_secret: None,
        per_instance_rate: 1000.0,
    }
}

fn subject_configured(
    catalog: CampaignCatalog,
    settings: DeliverySettings,
    answers: Vec<Result<Accepted, DeliveryError>>,
    active: &[&str],
) -> Subject {
    let dir = tempfile::TempDir::new().unwrap();
    let store = Arc::new(EmbeddedLetterStore::open(dir.path()).unwrap());
    let service = Arc::new(Scripted {
        answers: Mutex::new(answers.into()),
        ..Scripted::default()
    });
    let context = DeliveryContext {
        catalog,
        members: Members::bundled().unwrap(),
        offices: ActiveOffices::of(
            active.iter().map(|code| OfficeCode::parse(code).unwrap()),
            "2026-06-15",
        ),
        settings,
        organization: "Example Advocacy Coalition".into(),
        clock: Clock::stopped_at(US_EVENING),
    };
    let deliverer = Deliverer::new(store.clone(), service.clone(), context, Pacer::new(1000.0));
    Subject {
        store,
        service,
        deliverer,
        _dir: dir,
    }
}

impl Subject {
    async fn states(&self, letter: &Letter) -> Vec<(String, &'static str)> {
        let deliveries = self.store.deliveries(letter).await.unwrap().unwrap();
        deliveries
            .iter()
            .map(|(office, delivery)| (office.to_string(), delivery.state()))
            .collect()
    }

    fn sent(&self) -> usize {
        self.service.sent.lock().unwrap().len()
    }
}

const MAINE: [&str; 2] = ["SME01", "SME02"];

/// When the deliverer sends: 23:30 on June 15th in New York, the 16th in UTC.
const US_EVENING: time::OffsetDateTime = time::macros::datetime!(2026-06-16 03:30 UTC);

#[tokio::test]
async fn a_letter_to_two_senators_is_delivered_once_to_each() {
    let subject = subject(vec![], &MAINE);
    let letter = delivering_letter("ada@example.org");
    subject.store.record(&letter).await.unwrap();
    assert_eq!(
        subject.deliverer.deliver(&letter).await.unwrap(),
        Outcome::Settled
    );
    assert_eq!(
        subject.states(&letter).await,
        [("SME01".into(), "delivered"), ("SME02".into(), "delivered")]
    );
    subject.deliverer.deliver(&letter).await.unwrap();
    assert_eq!(subject.sent(), 2, "a settled office is never sent to again");
}

#[tokio::test]
async fn an_office_off_the_list_is_unreachable_and_sent_nothing() {
    let subject = subject(vec![], &["SME02"]);
    let letter = delivering_letter("ada@example.org");
    subject.store.record(&letter).await.unwrap();
    subject.deliverer.deliver(&letter).await.unwrap();
    assert_eq!(
        subject.states(&letter).await,
        [
            ("SME01".into(), "unreachable"),
            ("SME02".into(), "delivered")
        ]
    );
    assert_eq!(subject.sent(), 1);
}

#[tokio::test]
async fn a_refusal_is_recorded_with_the_services_words_and_a_duplicate_as_delivered() {
    let refused = Err(DeliveryError::Rejected {
        status: 400,
        errors: vec!["Zip does not match the state".into()],
    });
    let duplicate = Err(DeliveryError::Duplicate {
        answer: "seen".into(),
    });
    let subject = subject(vec![refused, duplicate], &MAINE);
    let letter = delivering_letter("ada@example.org");
    subject.store.record(&letter).await.unwrap();
    assert_eq!(
        subject.deliverer.deliver(&letter).await.unwrap(),
        Outcome::Settled
    );
    let deliveries = subject.store.deliveries(&letter).await.unwrap().unwrap();
    let [first, second] = [
        &deliveries[&OfficeCode::parse("SME02").unwrap()],
        &deliveries[&OfficeCode::parse("SME01").unwrap()],
    ];
    assert!(
        matches!(first, OfficeDelivery::Rejected { error, .. } if error == "Zip does not match the state")
    );
    assert!(
        matches!(second, OfficeDelivery::Delivered { answer, .. } if answer.starts_with("409"))
    );
}

#[tokio::test]
async fn a_passing_failure_is_retried_and_counts_its_attempts() {
    let down = || Err(DeliveryError::Transient("the service answered 503".into()));
    let subject = subject(vec![down(), down()], &["SME02"]);
    let letter = delivering_letter("ada@example.org");
    subject.store.record(&letter).await.unwrap();
    for attempts in 1..=2 {
        assert!(matches!(
            subject.deliverer.deliver(&letter).await,
            Err(RetryLater::Offices(1))
        ));
        let deliveries = subject.store.deliveries(&letter).await.unwrap().unwrap();
        let maine = &deliveries[&OfficeCode::parse("SME02").unwrap()];
        assert_eq!(maine.attempts(), attempts);
    }
    assert_eq!(
        subject.deliverer.deliver(&letter).await.unwrap(),
        Outcome::Settled
    );
    assert_eq!(
        subject.states(&letter).await,
        [
            ("SME01".into(), "unreachable"),
            ("SME02".into(), "delivered")
        ]
    );
}

/// The Senate's endpoint set without its final slash, as the service
/// would answer it.
fn redirected() -> Result<Accepted, DeliveryError> {
    Err(DeliveryError::Misconfigured {
        setting: DeliverySetting::Url,
        problem: "answered 301, redirecting to https://soapbox.example/api/messages/".into(),
    })
}

#[tokio::test]
async fn a_wrong_setting_holds_the_offices_and_sets_the_letter_aside_naming_what_to_fix() {
    let subject = subject(vec![redirected(), redirected()], &MAINE);
    let letter = delivering_letter("ada@example.org");
    subject.store.record(&letter).await.unwrap();

    let Err(NotDone::SetAside(why)) = subject.deliverer.consume(&letter).await else {
        panic!("set aside");
    };
    let held = "the Senate's service answered 301, redirecting to \
                https://soapbox.example/api/messages/; fix SenateDeliveryUrl (CWC_SENATE_URL), \
                then send the held letters again";
    assert_eq!(why, format!("SME02, SME01 held: {held}"));
    assert_eq!(subject.sent(), 2, "each office tried once");
    let deliveries = subject.store.deliveries(&letter).await.unwrap().unwrap();
    for delivery in deliveries.values() {
        let OfficeDelivery::Retrying {
            attempts: 1, error, ..
        } = delivery
        else {
            panic!("held as retrying: {delivery:?}");
        };
        assert_eq!(error, &format!("held: {held}"));
    }

    // The setting fixed and the letter sent again: delivered.
    assert_eq!(subject.deliverer.consume(&letter).await.unwrap(), ());
    assert_eq!(
        subject.states(&letter).await,
        [("SME01".into(), "delivered"), ("SME02".into(), "delivered")]
    );
}

#[tokio::test]
async fn a_passing_failure_beside_a_held_office_brings_the_letter_back_rather_than_aside() {
    let down = Err(DeliveryError::Transient("the service answered 503".into()));
    let subject = subject(vec![redirected(), down], &MAINE);
    let letter = delivering_letter("ada@example.org");
    subject.store.record(&letter).await.unwrap();
    assert!(matches!(
        subject.deliverer.consume(&letter).await,
        Err(NotDone::RetryLater(_))
    ));
    assert_eq!(
        subject.states(&letter).await,
        [("SME01".into(), "retrying"), ("SME02".into(), "retrying")]
    );
}

#[tokio::test]
async fn a_chamber_without_a_service_holds_its_offices_and_the_other_chamber_delivers() {
    let settings = DeliverySettings {
        house: None,
        ..both_chambers()
    };
    let subject = subject_configured(
        delivering_catalog(),
        settings,
        vec![],
        &["SME01", "SME02", "HME01"],
    );
    let letter = delivering_letter_to(CONGRESS, "ada@example.org").await;
    subject.store.record(&letter).await.unwrap();
    assert_eq!(
        subject.deliverer.deliver(&letter).await.unwrap(),
        Outcome::Held(
            "HME01 held: the House's service is not configured; fix HouseDeliveryUrl \
             (CWC_HOUSE_URL), then send the held letters again"
                .into()
        )
    );
    assert_eq!(
        subject.states(&letter).await,
        [
            ("HME01".into(), "retrying"),
            ("SME01".into(), "delivered"),
            ("SME02".into(), "delivered")
        ]
    );
    assert!(
        subject
            .service
            .sent
            .lock()
            .unwrap()
            .iter()
            .all(|(chamber, _)| *chamber == Chamber::Senate)
    );
}

#[tokio::test]
async fn a_message_breaking_the_rules_is_rejected_without_being_sent() {
    // A valid letter keeps the rules; the sponsor's name, from the settings, may not.
    let mut subject = subject(vec![], &MAINE);
    subject.deliverer.context.organization = String::new();
    let letter = delivering_letter("ada@example.org");
    subject.store.record(&letter).await.unwrap();
    subject.deliverer.deliver(&letter).await.unwrap();
    let deliveries = subject.store.deliveries(&letter).await.unwrap().unwrap();
    assert!(deliveries.values().all(|d| matches!(d, OfficeDelivery::Rejected { error, .. } if error.contains("Organization must hold"))));
    assert_eq!(subject.sent(), 0);
}

#[tokio::test]
async fn letters_not_to_deliver_are_left_alone() {
    let subject = subject_serving(crate::fixtures::test_catalog(false), vec![], &MAINE);
    let recorded_only = letter_from("ME", "ada@example.org");
    subject.store.record(&recorded_only).await.unwrap();
    assert!(matches!(
        subject.deliverer.deliver(&recorded_only).await.unwrap(),
        Outcome::Skipped(_)
    ));
    let never_stored = delivering_letter("grace@example.org");
    let delivering = self::subject(vec![], &MAINE);
    assert_eq!(
        delivering.deliverer.deliver(&never_stored).await.unwrap(),
        Outcome::Gone
    );
    assert_eq!(subject.sent() + delivering.sent(), 0);
}

#[tokio::test]
async fn the_embedded_store_remembers_deliveries_and_their_counts_across_a_restart() {
    let subject = subject(vec![], &["SME02"]);
    let letter = delivering_letter("ada@example.org");
    subject.store.record(&letter).await.unwrap();
    subject.deliverer.deliver(&letter).await.unwrap();
    let reopened = EmbeddedLetterStore::open(subject._dir.path()).unwrap();
    assert_eq!(
        reopened.deliveries(&letter).await.unwrap().unwrap().len(),
        2
    );
    let tally = crate::ports::AnalyticsStore::tally(&reopened, &letter.campaign)
        .await
        .unwrap();
    assert_eq!(tally.deliveries()["SME02"].delivered, 1);
    assert_eq!(tally.deliveries()["SME01"].unreachable, 1);
}

#[tokio::test]
async fn a_withdrawn_letter_is_never_delivered() {
    let subject = subject(vec![], &MAINE);
    let letter = delivering_letter("ada@example.org");
    subject.store.record(&letter).await.unwrap();
    subject.store.withdraw(&letter.reference()).await.unwrap();
    assert_eq!(
        subject.deliverer.deliver(&letter).await.unwrap(),
        Outcome::Gone
    );
    assert_eq!(subject.sent(), 0);
}

#[tokio::test]
async fn a_letter_waits_for_its_confirmation_where_the_campaign_wants_one() {
    let subject = subject(vec![], &MAINE);
    let letter = delivering_letter_to(VERIFYING, "ada@example.org").await;
    subject.store.record(&letter).await.unwrap();
    assert!(matches!(
        subject.deliverer.deliver(&letter).await.unwrap(),
        Outcome::Skipped(why) if why.contains("not yet confirmed")
    ));
    assert_eq!(subject.sent(), 0, "nothing goes before the confirmation");
    subject.store.verify(&letter.reference()).await.unwrap();
    // The queue's record of the letter predates the confirmation.
    assert_eq!(
        subject.deliverer.deliver(&letter).await.unwrap(),
        Outcome::Settled
    );
    let sent = subject.service.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 2);
    assert!(
        sent.iter()
            .all(|(_, xml)| xml.contains("<EmailValidation>Y</EmailValidation>"))
    );
}

#[tokio::test]
async fn elsewhere_a_letter_goes_at_once_and_says_its_address_is_unconfirmed() {
    let subject = subject(vec![], &MAINE);
    let letter = delivering_letter("ada@example.org");
    subject.store.record(&letter).await.unwrap();
    subject.deliverer.deliver(&letter).await.unwrap();
    let sent = subject.service.sent.lock().unwrap().clone();
    assert!(
        sent.iter()
            .all(|(_, xml)| xml.contains("<EmailValidation>N</EmailValidation>"))
    );
}

#[tokio::test]
async fn a_letter_to_both_chambers_goes_to_each_office_through_its_chambers_service() {
    let subject = subject(vec![], &["SME01", "SME02", "HME01"]);
    let letter = delivering_letter_to(CONGRESS, "ada@example.org").await;
    subject.store.record(&letter).await.unwrap();
    assert_eq!(
        subject.deliverer.deliver(&letter).await.unwrap(),
        Outcome::Settled
    );
    assert_eq!(
        subject.states(&letter).await,
        [
            ("HME01".into(), "delivered"),
            ("SME01".into(), "delivered"),
            ("SME02".into(), "delivered")
        ]
    );
    let sent = subject.service.sent.lock().unwrap().clone();
    let house: Vec<&String> = sent
        .iter()
        .filter(|(chamber, _)| *chamber == Chamber::House)
        .map(|(_, xml)| xml)
        .collect();
    assert_eq!(house.len(), 1);
    assert!(house[0].contains("<MemberOffice>HME01</MemberOffice>"));
    assert!(house[0].contains("<BillTypeAbbreviation>s</BillTypeAbbreviation>"));
    let senate = sent.iter().find(|(chamber, _)| *chamber == Chamber::Senate);
    assert!(
        senate
            .unwrap()
            .1
            .contains("<BillTypeAbbreviation>S.</BillTypeAbbreviation>")
    );
    for (_, xml) in &sent {
        assert!(xml.contains("<Bills>"), "both chambers wrap bills: {xml}");
        assert!(
            xml.contains("<DeliveryDate>20260615</DeliveryDate>"),
            "{xml}"
        );
    }
}
