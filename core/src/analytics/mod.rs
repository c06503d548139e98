//! What analysts ask, as values: a campaign's counts and summary, and its
//! letters as export rows. Where they are kept is the ports' business.

mod deliveries;
mod export;
mod office;
mod tally;

pub use deliveries::OfficeDeliveries;
pub use export::{
    ExportFilter, ExportFormat, ExportPage, ExportRows, ExportShape, UTF8_BOM, range_bound,
    write_rows,
};
pub use office::{LetterText, OfficeFilter, OfficeLetters};
pub use tally::{Confirmations, MemberCount, Summary, Tally};

/// The largest page of letters one request returns.
pub const MAX_PAGE: usize = 1000;
