//! Who sends a chamber's messages, and the chamber's variant of the format:
//! values the delivery settings are read into. Source ids (HSAMPLE, MYD,
//! CCM...) are those of `docs/cwc-evidence.md`.

use crate::domain::{Chamber, EmailAddress, PhoneNumber};

/// Where a message's bills go: wrapped in `<Bills>`, or `<Bill>` elements
/// directly in `<Message>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillsLayout {
    /// HSAMPLE (the House's own sample), ELEC and DOME (House), CCM (both
    /// chambers in production since 2023), MYD (the Senate's RNG; House UAT).
    Wrapped,
    /// Only EFF-gem's writer, whose production caller never sends bills:
    /// kept as a setting in case a chamber's documentation asks for it.
    Bare,
}

/// How `BillTypeAbbreviation` spells a bill's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillTypeSpelling {
    /// `hr`, `s`, `hjres`...: HSAMPLE and DOME; MYD moved its House
    /// messages to it after probing the House's `/v2/validate` (2026).
    Lowercase,
    /// `H.R.`, `S.`, `H.J.Res.`...: the Senate's RNG as MYD transcribed it
    /// and checked it with xmllint (`constants.ts`).
    Dotted,
}

/// Each type of the campaign files' vocabulary
/// ([`crate::domain::BILL_TYPES`]) in both spellings.
const BILL_TYPE_SPELLINGS: [(&str, &str, &str); 8] = [
    ("S", "s", "S."),
    ("HR", "hr", "H.R."),
    ("SJRES", "sjres", "S.J.Res."),
    ("HJRES", "hjres", "H.J.Res."),
    ("SCONRES", "sconres", "S.Con.Res."),
    // MYD: the Senate's RNG has no final dot here, and xmllint refuses one.
    // CCM sends the dot; we follow MYD, the only source holding the schema.
    ("HCONRES", "hconres", "H.Con.Res"),
    ("SRES", "sres", "S.Res."),
    ("HRES", "hres", "H.Res."),
];

impl BillTypeSpelling {
    /// `kind`, one of the campaign files' bill types, in this spelling.
    /// Every such type is listed (a test holds the two lists together), so
    /// `kind` comes back unchanged only if it is not one of them.
    pub fn spell(self, kind: &str) -> &str {
        BILL_TYPE_SPELLINGS
            .iter()
            .find(|(ours, ..)| *ours == kind)
            .map_or(kind, |(_, lowercase, dotted)| match self {
                Self::Lowercase => lowercase,
                Self::Dotted => dotted,
            })
    }
}

/// The chamber's variant of the CWC 2.0 format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CwcVariant {
    pub bills: BillsLayout,
    /// The element a constituent's organisation goes in, inside
    /// `<Constituent>`: `ConstituentOrganization` or `Organization`.
    pub constituent_organization: &'static str,
    pub bill_types: BillTypeSpelling,
}

impl CwcVariant {
    /// What the evidence says each chamber takes (`docs/cwc-evidence.md`
    /// §3(a), (e)): both wrap bills in `<Bills>` and name a constituent's
    /// organisation `ConstituentOrganization` (HSAMPLE for the House, MYD's
    /// RNG for the Senate; EFF-gem's bare bills and `<Organization>` were
    /// never sent by its caller); the House spells bill types in lower case
    /// and the Senate dotted.
    pub fn default_for(chamber: Chamber) -> Self {
        Self {
            bills: BillsLayout::Wrapped,
            constituent_organization: "ConstituentOrganization",
            bill_types: match chamber {
                Chamber::House => BillTypeSpelling::Lowercase,
                Chamber::Senate => BillTypeSpelling::Dotted,
            },
        }
    }

    /// Reads `CWC_*_VARIANT`: any of `bills=wrapped|bare`,
    /// `organization=ConstituentOrganization|Organization` and
    /// `bill_types=lowercase|dotted`, comma separated, each at most once;
    /// what is not given is `chamber`'s default. The error says what the
    /// value must be.
    pub fn parse(chamber: Chamber, raw: &str) -> Result<Self, String> {
        let must = || {
            "\"bills=wrapped|bare\", \"organization=ConstituentOrganization|Organization\" \
             and/or \"bill_types=lowercase|dotted\", comma separated"
                .to_owned()
        };
        let mut variant = Self::default_for(chamber);
        let mut given = Vec::new();
        for part in raw.split(',') {
            let (key, value) = part.trim().split_once('=').ok_or_else(must)?;
            match (key, value) {
                ("bills", "wrapped") => variant.bills = BillsLayout::Wrapped,
                ("bills", "bare") => variant.bills = BillsLayout::Bare,
                ("organization", "ConstituentOrganization") => {
                    variant.constituent_organization = "ConstituentOrganization"
                }
                ("organization", "Organization") => {
                    variant.constituent_organization = "Organization"
                }
                ("bill_types", "lowercase") => variant.bill_types = BillTypeSpelling::Lowercase,
                ("bill_types", "dotted") => variant.bill_types = BillTypeSpelling::Dotted,
                _ => return Err(must()),
            }
            if given.contains(&key) {
                return Err(must());
            }
            given.push(key);
        }
        Ok(variant)
    }
}

/// Who sends the messages, as each chamber registered the sponsor as a
/// vendor: the name must match the API key's owner (EFF-PR98; MYD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAgent {
    /// `CWC_SENATE_DELIVERY_AGENT`, else `CWC_DELIVERY_AGENT`.
    pub senate_name: String,
    /// `CWC_HOUSE_DELIVERY_AGENT`, else `CWC_DELIVERY_AGENT`.
    pub house_name: String,
    /// `CWC_ACK_EMAIL`: where the services send their acknowledgements.
    pub ack_email: EmailAddress,
    /// `CWC_CONTACT_NAME`, `CWC_CONTACT_EMAIL`, `CWC_CONTACT_PHONE`: whom
    /// the chambers' staff call about our messages.
    pub contact_name: String,
    pub contact_email: EmailAddress,
    pub contact_phone: PhoneNumber,
}

impl DeliveryAgent {
    /// The name `chamber` registered the sponsor under. The two may differ:
    /// the House's UAT answered "DeliveryAgent Mismatch" to a vendor that
    /// sent its Senate-registered name (MYD `house-uat-agent-probe.ts`).
    pub fn name(&self, chamber: Chamber) -> &str {
        match chamber {
            Chamber::Senate => &self.senate_name,
            Chamber::House => &self.house_name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::BILL_TYPES;

    #[test]
    fn every_bill_type_of_the_campaign_files_has_both_spellings() {
        for kind in BILL_TYPES {
            let lowercase = BillTypeSpelling::Lowercase.spell(kind);
            assert_eq!(lowercase, kind.to_ascii_lowercase());
            assert!(BillTypeSpelling::Dotted.spell(kind).contains('.'), "{kind}");
        }
        assert_eq!(BillTypeSpelling::Dotted.spell("HR"), "H.R.");
        assert_eq!(BillTypeSpelling::Dotted.spell("HCONRES"), "H.Con.Res");
        assert_eq!(BillTypeSpelling::Dotted.spell("SJRES"), "S.J.Res.");
    }

    #[test]
    fn a_variant_setting_changes_what_it_names_and_keeps_the_chambers_default_for_the_rest() {
        let house = CwcVariant::parse(Chamber::House, "bills=bare").unwrap();
        assert_eq!(house.bills, BillsLayout::Bare);
        assert_eq!(house.bill_types, BillTypeSpelling::Lowercase);
        assert_eq!(house.constituent_organization, "ConstituentOrganization");
        let senate = CwcVariant::parse(
            Chamber::Senate,
            "organization=Organization, bill_types=lowercase",
        )
        .unwrap();
        assert_eq!(senate.constituent_organization, "Organization");
        assert_eq!(senate.bill_types, BillTypeSpelling::Lowercase);
        assert_eq!(senate.bills, BillsLayout::Wrapped);
    }

    #[test]
    fn a_malformed_variant_setting_is_refused() {
        for raw in [
            "bills=sideways",
            "bills",
            "bills=bare,bills=wrapped",
            "organization=organization",
            "bill_types=HR",
            "colour=blue",
            " ",
        ] {
            assert!(CwcVariant::parse(Chamber::House, raw).is_err(), "{raw:?}");
        }
    }
}
