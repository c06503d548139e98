//! The message as XML, in a chamber's variant: elements in the format's
//! order, optional ones only when they hold something, text escaped by
//! quick-xml. Each element's comment names its public source, by the ids
//! of `docs/cwc-evidence.md`.

use super::CwcMessage;
use super::message::{AgentContact, Constituent, DeliveryHeader, Message, Recipient};
use super::{BillsLayout, CwcVariant};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::io;

type Xml = Writer<Vec<u8>>;

/// `<name>text</name>`.
fn text(xml: &mut Xml, name: &str, text: &str) -> io::Result<()> {
    xml.create_element(name)
        .write_text_content(BytesText::new(text))
        .map(drop)
}

/// `<name>text</name>` when there is text.
fn optional(xml: &mut Xml, name: &str, value: Option<&str>) -> io::Result<()> {
    value.map_or(Ok(()), |value| text(xml, name, value))
}

/// `<name>inner</name>`.
fn parent(
    xml: &mut Xml,
    name: &str,
    inner: impl FnOnce(&mut Xml) -> io::Result<()>,
) -> io::Result<()> {
    xml.create_element(name)
        .write_inner_content(inner)
        .map(drop)
}

fn yes_or_no(flag: Option<bool>) -> Option<&'static str> {
    flag.map(|yes| if yes { "Y" } else { "N" })
}

impl CwcMessage {
    /// The message as a UTF-8 XML document in `variant`.
    pub fn to_xml(&self, variant: &CwcVariant) -> String {
        // One element a line: offices read the raw XML in their mail
        // systems (MYD, from the Senate's advice).
        let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
        // Writing to memory cannot fail.
        let written = xml
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .and_then(|()| {
                // Root and version: every source.
                parent(&mut xml, "CWC", |xml| {
                    text(xml, "CWCVersion", "2.0")?;
                    delivery(xml, &self.delivery)?;
                    recipient(xml, &self.recipient)?;
                    constituent(xml, &self.constituent, variant)?;
                    message(xml, &self.message, variant)
                })
            });
        debug_assert!(written.is_ok(), "writing XML to memory failed");
        String::from_utf8(xml.into_inner()).unwrap_or_default()
    }
}

fn contact(xml: &mut Xml, prefix: &str, contact: &AgentContact) -> io::Result<()> {
    // Name, email, phone as xxx-xxx-xxxx: HSAMPLE, EFF-gem, MYD.
    parent(xml, &format!("{prefix}Contact"), |xml| {
        text(xml, &format!("{prefix}ContactName"), &contact.name)?;
        text(xml, &format!("{prefix}ContactEmail"), &contact.email)?;
        text(xml, &format!("{prefix}ContactPhone"), &contact.phone)
    })
}

fn delivery(xml: &mut Xml, delivery: &DeliveryHeader) -> io::Result<()> {
    // YYYYMMDD: HSAMPLE; MYD's RNG checks eight digits.
    let date = format!(
        "{:04}{:02}{:02}",
        delivery.date.year(),
        u8::from(delivery.date.month()),
        delivery.date.day()
    );
    // The order of HSAMPLE, EFF-gem and MYD (whose Senate messages pass the
    // RNG); CCM puts CampaignId first, but only logs refusals.
    parent(xml, "Delivery", |xml| {
        text(xml, "DeliveryId", delivery.id.as_ref())?;
        text(xml, "DeliveryDate", &date)?;
        text(xml, "DeliveryAgent", &delivery.agent)?;
        text(xml, "DeliveryAgentAckEmailAddress", &delivery.ack_email)?;
        contact(xml, "DeliveryAgent", &delivery.contact)?;
        // Optional in HSAMPLE and MYD; CCM and EFF-gem always send the
        // organisation, and VV says the chambers' guidelines ask for it.
        if let Some(organization) = &delivery.organization {
            text(xml, "Organization", &organization.name)?;
            if let Some(organization_contact) = &organization.contact {
                contact(xml, "Organization", organization_contact)?;
            }
            optional(xml, "OrganizationAbout", organization.about.as_deref())?;
        }
        text(xml, "CampaignId", &delivery.campaign_id)
    })
}

fn recipient(xml: &mut Xml, recipient: &Recipient) -> io::Result<()> {
    // HSAMPLE; the two flags Y or N (RNG-frag), sent only when known (MYD).
    parent(xml, "Recipient", |xml| {
        text(xml, "MemberOffice", recipient.office.as_ref())?;
        optional(
            xml,
            "IsResponseRequested",
            yes_or_no(recipient.response_requested),
        )?;
        optional(
            xml,
            "NewsletterOptIn",
            yes_or_no(recipient.newsletter_opt_in),
        )
    })
}

fn constituent(xml: &mut Xml, person: &Constituent, variant: &CwcVariant) -> io::Result<()> {
    // HSAMPLE's elements and order, which EFF-gem, ELEC, CCM and MYD keep.
    // AddressValidation (between Phone and Email in HSAMPLE) is not sent: we
    // do not check addresses with the USPS.
    parent(xml, "Constituent", |xml| {
        text(xml, "Prefix", &person.prefix)?;
        text(xml, "FirstName", &person.first_name)?;
        optional(xml, "MiddleName", person.middle_name.as_deref())?;
        text(xml, "LastName", &person.last_name)?;
        optional(xml, "Suffix", person.suffix.as_deref())?;
        optional(xml, "Title", person.title.as_deref())?;
        // ConstituentOrganization by default: HSAMPLE, ELEC, MYD.
        optional(
            xml,
            variant.constituent_organization,
            person.organization.as_deref(),
        )?;
        text(xml, "Address1", &person.address1)?;
        optional(xml, "Address2", person.address2.as_deref())?;
        text(xml, "City", &person.city)?;
        // The USPS code, AS for American Samoa although its House office
        // is HAQ00 (MYD offices.ts).
        text(xml, "StateAbbreviation", &person.state)?;
        text(xml, "Zip", &person.zip)?;
        optional(xml, "Phone", person.phone.as_deref())?;
        text(xml, "Email", &person.email)?;
        optional(xml, "EmailValidation", yes_or_no(person.email_validation))
    })
}

fn message(xml: &mut Xml, message: &Message, variant: &CwcVariant) -> io::Result<()> {
    let bills = |xml: &mut Xml| {
        for bill in &message.bills {
            // Congress, type, number: HSAMPLE, CCM, MYD; the type in the
            // chamber's spelling (docs/cwc-evidence.md §3(e)).
            parent(xml, "Bill", |xml| {
                text(xml, "BillCongress", &bill.congress.to_string())?;
                text(
                    xml,
                    "BillTypeAbbreviation",
                    variant.bill_types.spell(bill.kind),
                )?;
                text(xml, "BillNumber", &bill.number.to_string())
            })?;
        }
        Ok(())
    };
    // HSAMPLE's order; MoreInfo, which we never send, is where HSAMPLE and
    // MYD disagree.
    parent(xml, "Message", |xml| {
        text(xml, "Subject", &message.subject)?;
        // The Library of Congress's policy areas: EFF-gem, CCM, MYD.
        parent(xml, "LibraryOfCongressTopics", |xml| {
            for topic in &message.topics {
                text(xml, "LibraryOfCongressTopic", topic.as_ref())?;
            }
            Ok(())
        })?;
        match variant.bills {
            _ if message.bills.is_empty() => {}
            BillsLayout::Wrapped => parent(xml, "Bills", bills)?,
            BillsLayout::Bare => bills(xml)?,
        }
        // Pro or Con (RNG-frag); MYD (from the Senate) asks for it whenever
        // bills are named.
        optional(
            xml,
            "ProOrCon",
            message.stance.map(|stance| stance.as_str()),
        )?;
        // The organisation's text, then the constituent's own: HSAMPLE.
        optional(
            xml,
            "OrganizationStatement",
            message.organization_statement.as_deref(),
        )?;
        optional(
            xml,
            "ConstituentMessage",
            message.constituent_message.as_deref(),
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::cwc::CwcVariant;
    use crate::domain::Chamber;
    use crate::fixtures::{cwc_message, delivering_letter};

    #[test]
    fn elements_come_in_the_formats_order_with_text_escaped() {
        let mut message = cwc_message(&delivering_letter("ada@example.org"), "SME02");
        message.message.constituent_message = Some("Fish & <chips>\n\nTwo paragraphs.".into());
        let xml = message.to_xml(&CwcVariant::default_for(Chamber::Senate));
        let order = [
            "<CWCVersion>2.0<",
            "<DeliveryId>",
            "<MemberOffice>SME02<",
            "<Prefix>Ms.<",
            "<Email>",
            "<EmailValidation>N<",
            "<Subject>",
            "<Bills>",
            "<ProOrCon>Pro<",
            "<ConstituentMessage>",
        ];
        let positions: Vec<usize> = order
            .iter()
            .map(|tag| xml.find(tag).unwrap_or_else(|| panic!("{tag} in {xml}")))
            .collect();
        assert!(positions.is_sorted(), "{xml}");
        assert!(
            xml.contains("Fish &amp; &lt;chips&gt;\n\nTwo paragraphs."),
            "{xml}"
        );
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    }

    #[test]
    fn both_chambers_wrap_bills_and_name_the_constituents_organization_alike() {
        let mut message = cwc_message(&delivering_letter("ada@example.org"), "SME02");
        message.constituent.organization = Some("Maine Lighthouse Keepers".into());
        for chamber in [Chamber::Senate, Chamber::House] {
            let xml = message.to_xml(&CwcVariant::default_for(chamber));
            assert!(xml.contains("<Bills>\n      <Bill>\n"), "{xml}");
            assert!(
                xml.contains(
                    "<ConstituentOrganization>Maine Lighthouse Keepers</ConstituentOrganization>"
                ),
                "{xml}"
            );
        }
        let escape_hatch =
            CwcVariant::parse(Chamber::House, "bills=bare,organization=Organization");
        let bare = message.to_xml(&escape_hatch.unwrap());
        assert!(
            !bare.contains("<Bills>") && bare.contains("<Bill>"),
            "{bare}"
        );
        assert!(bare.contains("<Organization>Maine Lighthouse Keepers</Organization>"));
    }

    #[test]
    fn each_chamber_spells_the_bill_type_its_own_way() {
        let mut message = cwc_message(&delivering_letter("ada@example.org"), "SME02");
        message.message.bills.push(crate::domain::Bill {
            congress: 118,
            kind: "HCONRES",
            number: 12,
        });
        let house = message.to_xml(&CwcVariant::default_for(Chamber::House));
        let senate = message.to_xml(&CwcVariant::default_for(Chamber::Senate));
        for (xml, spelt) in [(&house, ["s", "hconres"]), (&senate, ["S.", "H.Con.Res"])] {
            for kind in spelt {
                let element = format!("<BillTypeAbbreviation>{kind}</BillTypeAbbreviation>");
                assert!(xml.contains(&element), "{element} in {xml}");
            }
        }
    }

    #[test]
    fn email_validation_says_whether_the_supporter_confirmed_their_address() {
        let mut letter = delivering_letter("ada@example.org");
        let variant = CwcVariant::default_for(Chamber::Senate);
        let unconfirmed = cwc_message(&letter, "SME02").to_xml(&variant);
        assert!(unconfirmed.contains("<EmailValidation>N</EmailValidation>"));
        letter.email_verified = true;
        let confirmed = cwc_message(&letter, "SME02").to_xml(&variant);
        assert!(confirmed.contains("<EmailValidation>Y</EmailValidation>"));
    }

    #[test]
    fn optional_elements_left_empty_are_left_out() {
        let message = cwc_message(&delivering_letter("ada@example.org"), "SME02");
        let xml = message.to_xml(&CwcVariant::default_for(Chamber::Senate));
        for absent in [
            "IsResponseRequested",
            "NewsletterOptIn",
            "MiddleName",
            "Address2",
            "OrganizationAbout",
            "ConstituentMessage",
        ] {
            assert!(!xml.contains(absent), "{absent} in {xml}");
        }
    }
}
