//! The CWC 2.0 message, our own model of the format the chambers'
//! Communicating with Congress services take: one message per letter and
//! office. Values and rules only, no I/O: [`CwcMessage::compose`] builds a
//! message from a letter, [`CwcMessage::to_xml`] writes it in a chamber's
//! variant, and [`CwcMessage::problems`] holds it to that chamber's
//! rules before anything is sent.
//!
//! The format, as the open implementations we read agree on it:
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
//!                                   [ConstituentOrganization | Organization], Address1, [Address2],
//!                                   City, StateAbbreviation, Zip, [Phone], Email,
//!                                   [EmailValidation Y|N]
//!   Message                         Subject (6 to 500), LibraryOfCongressTopics (one or more),
//!                                   [Bills | Bill...], [ProOrCon],
//!                                   OrganizationStatement and/or ConstituentMessage (6 to 10,000)
//! ```

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
pub use variant::{BillsLayout, CwcVariant, DeliveryAgent};
