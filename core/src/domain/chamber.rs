//! The two houses of Congress: a plain value that settings, members and
//! delivery all name, so it lives below them all.

/// The two houses of Congress.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Chamber {
    Senate,
    House,
}

impl Chamber {
    pub const ALL: [Chamber; 2] = [Chamber::Senate, Chamber::House];

    /// The chamber's name in lower case, as settings and logs write it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Senate => "senate",
            Self::House => "house",
        }
    }

    /// The chamber's name as prose writes it: "Senate", "House".
    pub fn title(self) -> &'static str {
        match self {
            Self::Senate => "Senate",
            Self::House => "House",
        }
    }
}
