//! Properties over any input a stranger could send: every field of a letter
//! is refused with a message, or accepted and shown back escaped, in the
//! confirmation email too.

use crate::fixtures::{addressing, emails, launch_campaign, letter_form};
use crate::language::Language;
use crate::letter::{Field, Letter, LetterForm};
use proptest::prelude::*;
use time::OffsetDateTime;

/// Markup that must never reach a page or an email as markup.
const MARKUP: &str = "<zz-injected title=\"x\">&amp;";

/// Text as strangers send it: anything printable or not, with markup
/// somewhere in it half the time.
fn hostile_text() -> impl Strategy<Value = String> {
    (any::<String>(), any::<String>(), any::<bool>()).prop_map(|(head, tail, markup)| {
        let middle = if markup { MARKUP } else { "" };
        format!("{head}{middle}{tail}")
    })
}

/// The test letter with `field` set to `value`, through the wire names.
fn with_value(field: Field, value: &str) -> LetterForm {
    let mut wire = serde_json::to_value(letter_form("TX", "ada@example.org")).unwrap();
    wire[field.name()] = value.into();
    serde_json::from_value(wire).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_field_is_refused_with_a_message_or_shown_back_escaped(
        at in 0..Field::ALL.len(),
        value in hostile_text(),
    ) {
        let field = Field::ALL[at];
        let form = with_value(field, &value);
        let campaign = launch_campaign();
        let now = OffsetDateTime::now_utc();
        let addressed = addressing(&campaign, &form);
        match Letter::compose(&form, &campaign, Language::En, &addressed, now, time::Duration::days(1)) {
            Ok(letter) => {
                let email = emails().compose(&letter).unwrap();
                prop_assert!(!email.html.contains("<zz-injected"), "{field:?}: {value:?}");
                prop_assert!(!email.subject.contains('\n'));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for (_, message) in errors.iter() {
                    prop_assert!(!message.message().trim().is_empty(), "{field:?}: {value:?}");
                }
            }
        }
    }
}

#[test]
fn markup_in_the_letter_is_taken_and_shown_as_text() {
    let form = with_value(Field::Message, &format!("Dear Senator, {MARKUP}"));
    let campaign = launch_campaign();
    let addressed = addressing(&campaign, &form);
    let now = OffsetDateTime::now_utc();
    let letter = Letter::compose(
        &form,
        &campaign,
        Language::En,
        &addressed,
        now,
        time::Duration::days(1),
    )
    .unwrap();
    let html = emails().compose(&letter).unwrap().html;
    assert!(
        html.contains("&#60;zz-injected"),
        "the property above is not vacuous"
    );
}
