//! Signed tokens: what the server hands out (a form's token, a link in an
//! email) and must later know it made, unchanged. HMAC-SHA256 under one key
//! per deployment, with the token's purpose in the signed text so that a
//! token made for one use is worthless for another. Tokens hold no personal
//! data: only ids, times and random nonces.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::fmt;

/// Bytes of the signature kept in a token: 128 bits, far past guessing.
const SIGNATURE_BYTES: usize = 16;

/// The deployment's secret key. Its `Debug` never shows it.
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("a signing key must be at least 32 characters of random text")]
pub struct WeakKey;

impl SigningKey {
    /// A key from the secret text it is kept as (a generated secret, or a
    /// file of random hex): its bytes are the key.
    pub fn from_secret(text: &str) -> Result<Self, WeakKey> {
        let text = text.trim();
        if text.len() < 32 {
            return Err(WeakKey);
        }
        Ok(Self(text.as_bytes().to_vec()))
    }

    /// A fresh random key, as hex text.
    pub fn generate() -> anyhow::Result<String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("no randomness: {error}"))?;
        Ok(hex::encode(bytes))
    }

    fn mac(&self, purpose: &str, payload: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(payload.as_bytes());
        mac
    }

    /// `payload` signed for `purpose`: `{payload}.{signature}`. The payload
    /// must not contain a `.` of its own.
    pub fn sign(&self, purpose: &str, payload: &str) -> String {
        let signature = self.mac(purpose, payload).finalize().into_bytes();
        format!("{payload}.{}", hex::encode(&signature[..SIGNATURE_BYTES]))
    }

    /// The payload of a token this key signed for `purpose`; `None` for
    /// anything else. The comparison takes the same time wherever it fails.
    pub fn open<'a>(&self, purpose: &str, token: &'a str) -> Option<&'a str> {
        let (payload, signature) = token.rsplit_once('.')?;
        let signature = hex::decode(signature).ok()?;
        if signature.len() != SIGNATURE_BYTES {
            return None;
        }
        self.mac(purpose, payload)
            .verify_truncated_left(&signature)
            .ok()
            .map(|()| payload)
    }

    /// A keyed digest of `value`, hex: identifies it (an IP address, say)
    /// without holding it, and cannot be reversed by guessing without the key.
    pub fn digest(&self, purpose: &str, value: &str) -> String {
        hex::encode(self.mac(purpose, value).finalize().into_bytes())
    }
}

/// A random nonce, hex: 128 bits.
pub fn nonce() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::from_secret(&"ab".repeat(32)).unwrap()
    }

    #[test]
    fn a_token_opens_only_for_its_key_and_purpose_and_unchanged() {
        let token = key().sign("form", "1700000000~abc");
        assert_eq!(key().open("form", &token), Some("1700000000~abc"));
        assert_eq!(key().open("withdraw", &token), None, "another purpose");
        let other = SigningKey::from_secret(&"cd".repeat(32)).unwrap();
        assert_eq!(other.open("form", &token), None, "another key");
        let tampered = token.replacen("1700000000", "1700000001", 1);
        assert_eq!(key().open("form", &tampered), None, "a changed payload");
        for junk in ["", ".", "abc", "abc.zz", "abc.00"] {
            assert_eq!(key().open("form", junk), None, "{junk:?}");
        }
    }

    #[test]
    fn weak_or_malformed_keys_are_refused_and_keys_never_print() {
        assert!(SigningKey::from_secret("abcd").is_err());
        assert!(SigningKey::from_secret(&" ".repeat(40)).is_err());
        let generated = SigningKey::generate().unwrap();
        assert_eq!(generated.len(), 64);
        assert!(SigningKey::from_secret(&generated).is_ok());
        assert_eq!(format!("{:?}", key()), "SigningKey(..)");
    }
}
