//! A supporter's letter, defined once: the list below is the only place a
//! field is named. From it come the wire form ([`LetterForm`], what forms
//! and JSON decode into), the parsed fields ([`LetterFields`], each a
//! domain type), the field enum with each field's label and control, and
//! the export's columns. A letter addressed to its recipients and ready to
//! store is a [`Letter`].
//!
//! To add a field: give it a domain type (`crate::domain`, implementing
//! `FormValue`), add a line here, show it where it belongs (the campaign
//! page's form, the confirmation email), and decide what letters stored
//! before it read as (`StoredLetter`).

mod addressed;
mod delivery;
mod fields;
pub mod form;
mod status;
mod stored;

pub use addressed::{Letter, LetterRef, supporter_key};
pub use delivery::{Deliveries, OfficeDelivery, Standing};
pub use fields::FieldErrors;
pub use status::ConfirmationStatus;
pub use stored::StoredLetter;

use crate::campaign::Campaign;
use crate::domain::{
    City, Closing, Control, DistrictChoice, EmailAddress, LetterBody, LetterSubject, LinkTag,
    OwnWords, PersonName, PhoneNumber, Prefix, StateCode, Street, ZipCode,
};
use crate::messages::MessageId;
use crate::msg;

fields::letter_fields! {
    fields {
        /// How the office addresses the supporter; asked only when the
        /// campaign delivers letters, and then required.
        Prefix => prefix as "prefix": Option<Prefix> {
            label: msg!("field-prefix"), autocomplete: "honorific-prefix", personal: true,
        },
        FirstName => first_name as "first_name": PersonName {
            label: msg!("field-first-name"), autocomplete: "given-name", personal: true,
        },
        LastName => last_name as "last_name": PersonName {
            label: msg!("field-last-name"), autocomplete: "family-name", personal: true,
        },
        Email => email as "email": EmailAddress {
            label: msg!("field-email"), autocomplete: "email", personal: true,
        },
        /// A phone number the office may call back; asked only when the
        /// campaign delivers letters.
        Phone => phone as "phone": Option<PhoneNumber> {
            label: msg!("field-phone"), autocomplete: "tel", personal: true,
        },
        Street => street as "street": Street {
            label: msg!("field-street"), autocomplete: "street-address", personal: true,
        },
        City => city as "city": City {
            label: msg!("field-city"), autocomplete: "address-level2", personal: false,
        },
        State => state as "state": StateCode {
            label: msg!("field-state"), autocomplete: "address-level1", personal: false,
        },
        Zip => zip as "zip": ZipCode {
            label: msg!("field-zip"), autocomplete: "postal-code", personal: true,
        },
        /// The House district: asked only where the ZIP code does not settle
        /// it; once addressed, the district the letter went to (or `None`
        /// when the campaign writes to no one by district).
        District => district as "district": Option<DistrictChoice> {
            label: msg!("field-district"), autocomplete: "off", personal: false,
        },
        Subject => subject as "subject": LetterSubject {
            label: msg!("field-subject"), autocomplete: "off", personal: true,
        },
        /// The letter's text; `message` on the wire.
        Message => body as "message": LetterBody {
            label: msg!("field-message"), autocomplete: "off", personal: true,
        },
        /// Why the letter matters to the supporter, in a paragraph of their
        /// own after the letter.
        OwnWords => own_words as "own_words": Option<OwnWords> {
            label: msg!("field-own-words"), autocomplete: "off", personal: true,
        },
        Closing => closing as "closing": Closing {
            label: msg!("field-closing"), autocomplete: "off", personal: true,
        },
        /// The partner or channel that brought the letter: its code, from
        /// the page's link (an embed's carries its partner's), kept only
        /// when the campaign lists it (`Campaign::sources`).
        Source => source as "source": Option<LinkTag> {
            label: msg!("field-source"), autocomplete: "off", personal: false,
        },
        /// The link's `utm_source`, `utm_medium` and `utm_campaign`, as
        /// web analytics tags them.
        UtmSource => utm_source as "utm_source": Option<LinkTag> {
            label: msg!("field-utm-source"), autocomplete: "off", personal: false,
        },
        UtmMedium => utm_medium as "utm_medium": Option<LinkTag> {
            label: msg!("field-utm-medium"), autocomplete: "off", personal: false,
        },
        UtmCampaign => utm_campaign as "utm_campaign": Option<LinkTag> {
            label: msg!("field-utm-campaign"), autocomplete: "off", personal: false,
        },
    }
    checkboxes {
        /// Consent to hear from the sponsor again; never assumed, and
        /// wanted only once confirmed from the email.
        opt_in,
    }
    hidden {
        /// The form's signed token: when it was served, and a nonce.
        form_token,
        /// A honeypot: hidden from people, filled only by bots.
        website,
        /// A CAPTCHA widget's answer, where the campaign's site has one.
        captcha,
    }
}

impl Field {
    /// The fields only a campaign that delivers its letters asks for.
    pub const FOR_DELIVERY: [Field; 2] = [Field::Prefix, Field::Phone];

    /// The fields the campaign page's link fills, carried in its form as
    /// hidden inputs: where the letter came from.
    pub const FROM_LINK: [Field; 4] = [
        Field::Source,
        Field::UtmSource,
        Field::UtmMedium,
        Field::UtmCampaign,
    ];

    /// What the form says under the field's label, if anything.
    pub fn hint(self) -> Option<MessageId> {
        match self {
            Field::OwnWords => Some(msg!("hint-own-words")),
            _ => None,
        }
    }

    /// How `campaign`'s form asks for the field: what delivery needs is
    /// required where the campaign delivers.
    pub fn control_in(self, campaign: &Campaign) -> Control {
        let control = self.control();
        if self == Field::Prefix && campaign.delivers() {
            Control {
                required: Some(Prefix::MISSING),
                ..control
            }
        } else {
            control
        }
    }
}
