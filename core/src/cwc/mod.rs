//! The CWC 2.0 message, our model of the format the chambers'
//! Communicating with Congress services take: one message per letter and
//! office. Values and rules only, no I/O: [`CwcMessage::compose`] builds a
//! message from a letter, [`CwcMessage::to_xml`] writes it in a chamber's
//! variant, and [`CwcMessage::problems`] holds it to that chamber's
//! rules before anything is sent.
//!
//! Neither chamber publishes its documentation; the format below is what
//! public implementations and the House's published sample agree on, each
//! element and rule marked in the code with its source by the ids of
//! `docs/cwc-evidence.md` (HSAMPLE the House's sample, MYD the Senate's
//! RNG as transcribed, CCM a vendor delivering to both chambers, EFF-gem a
//! House vendor...). Where sources disagree we follow the one that has
//! delivered most recently to that chamber, and say so.
//!
//! ```text
//! CWC
//!   CWCVersion                      2.0
//!   Delivery                        DeliveryId (32 letters and digits), DeliveryDate (YYYYMMDD),
//!                                   DeliveryAgent, DeliveryAgentAckEmailAddress,
//!                                   DeliveryAgentContact (Name, Email, Phone xxx-xxx-xxxx),
//!                                   [Organization], [OrganizationContact], [OrganizationAbout], CampaignId
//!   Recipient                       MemberOffice, [IsResponseRequested Y|N], [NewsletterOptIn Y|N]
//!   Constituent                     Prefix, FirstName, [MiddleName], LastName, [Suffix], [Title],
//!                                   [ConstituentOrganization], Address1, [Address2],
//!                                   City, StateAbbreviation, Zip, [Phone], Email,
//!                                   [EmailValidation Y|N]
//!   Message                         Subject (6 to 500), LibraryOfCongressTopics (one or more),
//!                                   [Bills (Bill: BillCongress, BillTypeAbbreviation, BillNumber)],
//!                                   [ProOrCon],
//!                                   OrganizationStatement and/or ConstituentMessage (6 to 10,000)
//! ```
//!
//! Both chambers alike (HSAMPLE for the House, MYD's RNG for the Senate),
//! but for the bill type's spelling: `hr` to the House, `H.R.` to the
//! Senate. EFF-gem writes bare `<Bill>`s and `<Organization>` in
//! `<Constituent>` for the House, but its caller never fills either, so
//! that layout has never been delivered; it stays a setting
//! ([`CwcVariant::parse`]) in case a chamber asks for it.

mod id;
mod message;
mod placement;
mod rules;
mod variant;
mod xml;

pub use id::DeliveryId;
pub use message::{
    AgentContact, Constituent, CwcMessage, DeliveryHeader, Message, Organization, Recipient,
};
pub use placement::TextPlacement;
pub use rules::check_value;
pub use variant::{BillTypeSpelling, BillsLayout, CwcVariant, DeliveryAgent};
