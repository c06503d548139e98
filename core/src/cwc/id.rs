//! A message's `DeliveryId`: derived from the letter and the office, so a
//! message tried again (a retry, a replayed queue record, a crash between
//! sending and recording) is the same message. The Senate answers a
//! repeated id with 409 (MYD, from the Senate's technical page); what the
//! House answers is not public (`docs/cwc-evidence.md` §3(h)). MYD too
//! mints one id per message and office and reuses it on retries.

use crate::members::OfficeCode;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// 32 lowercase hexadecimal digits: letters and digits, as the schema asks
/// (RNG-frag and HSRV: exactly 32 of `[a-zA-Z0-9]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeliveryId(String);

impl DeliveryId {
    pub const LEN: usize = 32;

    /// The first 128 bits of SHA-256 over a fixed label, the letter's id
    /// and the office code: the same for the same letter and office, and
    /// different for any other pair but with negligible chance.
    pub fn derive(letter: Uuid, office: &OfficeCode) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"cwc-delivery-id\0");
        hasher.update(letter.as_bytes());
        hasher.update(office.as_ref().as_bytes());
        Self(hex::encode(&hasher.finalize()[..Self::LEN / 2]))
    }
}

impl AsRef<str> for DeliveryId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DeliveryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_letter_and_office_give_the_same_id_and_others_differ() {
        let letter = Uuid::new_v4();
        let maine = OfficeCode::parse("SME02").unwrap();
        let other = OfficeCode::parse("SME01").unwrap();
        let id = DeliveryId::derive(letter, &maine);
        assert_eq!(id, DeliveryId::derive(letter, &maine));
        assert_ne!(id, DeliveryId::derive(letter, &other));
        assert_ne!(id, DeliveryId::derive(Uuid::new_v4(), &maine));
        assert_eq!(id.as_ref().len(), 32);
        assert!(id.as_ref().bytes().all(|b| b.is_ascii_alphanumeric()));
    }
}
