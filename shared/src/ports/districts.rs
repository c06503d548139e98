//! Finding which House district a supporter's address lies in.

use crate::domain::{City, District, StateCode, Street, ZipCode};
use async_trait::async_trait;

/// A supporter's postal address, as far as it parsed.
#[derive(Debug, Clone)]
pub struct PostalAddress {
    pub street: Street,
    pub city: City,
    pub state: StateCode,
    pub zip: ZipCode,
}

#[async_trait]
pub trait DistrictLookup: Send + Sync {
    /// The districts of `state` that the ZIP code lies in, as a table of
    /// ZIP codes knows them: one, several (a ZIP code often spans
    /// districts), or none (a ZIP code the table does not know there).
    fn candidates(&self, state: StateCode, zip: &ZipCode) -> Vec<District>;

    /// The states the ZIP code lies in, as the table knows them; none when
    /// the table does not know it (a ZIP code of post-office boxes or of one
    /// building has no tabulation area), which is no reason to refuse it.
    fn states_of(&self, zip: &ZipCode) -> Vec<StateCode>;

    /// The upstream snapshot date of the ZIP-code table, for staff to see.
    fn table_date(&self) -> &str;

    /// The one district the address lies in, when this lookup can tell from
    /// the whole address (an address geocoder); `None` when it cannot, for
    /// whatever reason, so the caller asks the supporter instead.
    async fn locate(&self, address: &PostalAddress) -> Option<District>;
}
