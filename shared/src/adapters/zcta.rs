//! The bundled ZIP-code table (`letters_core::districts`) as the
//! application's district lookup: it knows ZIP codes, not addresses.

use crate::domain::{District, StateCode, ZipCode};
use crate::ports::{DistrictLookup, PostalAddress};
use async_trait::async_trait;
pub use letters_core::districts::ZctaDistrictTable;

#[async_trait]
impl DistrictLookup for ZctaDistrictTable {
    fn candidates(&self, state: StateCode, zip: &ZipCode) -> Vec<District> {
        ZctaDistrictTable::candidates(self, state, zip)
    }

    fn states_of(&self, zip: &ZipCode) -> Vec<StateCode> {
        ZctaDistrictTable::states_of(self, zip)
    }

    fn table_date(&self) -> &str {
        ZctaDistrictTable::table_date(self)
    }

    async fn locate(&self, _address: &PostalAddress) -> Option<District> {
        None
    }
}
