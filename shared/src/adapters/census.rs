//! House districts by address from the U.S. Census Bureau's geocoder (free,
//! no key): `GET {base}/geocoder/geographies/onelineaddress?address=...`
//! answers with each matched address's geographies, the congressional
//! district among them (`GEOID`: state FIPS code and two-digit district;
//! `00` at large, `98` for the delegates of DC and Puerto Rico).
//!
//! It is asked only when the ZIP-code table gives several districts, with a
//! short timeout; any failure, no match, or matches that disagree is no
//! answer, and the supporter is asked instead. The address travels to the
//! Census Bureau over HTTPS and is never logged here: errors are stripped of
//! the request URL, which carries it.

use crate::domain::{District, StateCode, ZipCode};
use crate::ports::{DistrictLookup, PostalAddress};
use anyhow::{Context, anyhow};
use async_trait::async_trait;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

const PATH: &str = "/geocoder/geographies/onelineaddress";
/// Today's address ranges and today's geographies (the sitting Congress).
const BENCHMARK: &str = "Public_AR_Current";
const VINTAGE: &str = "Current_Current";
/// The district code of a delegate's district in Census data.
const DELEGATE_DISTRICT: u8 = 98;

/// Census state FIPS codes of the states, DC and the territories.
#[rustfmt::skip]
const FIPS: [(&str, &str); 56] = [
    ("01", "AL"), ("02", "AK"), ("04", "AZ"), ("05", "AR"), ("06", "CA"), ("08", "CO"),
    ("09", "CT"), ("10", "DE"), ("11", "DC"), ("12", "FL"), ("13", "GA"), ("15", "HI"),
    ("16", "ID"), ("17", "IL"), ("18", "IN"), ("19", "IA"), ("20", "KS"), ("21", "KY"),
    ("22", "LA"), ("23", "ME"), ("24", "MD"), ("25", "MA"), ("26", "MI"), ("27", "MN"),
    ("28", "MS"), ("29", "MO"), ("30", "MT"), ("31", "NE"), ("32", "NV"), ("33", "NH"),
    ("34", "NJ"), ("35", "NM"), ("36", "NY"), ("37", "NC"), ("38", "ND"), ("39", "OH"),
    ("40", "OK"), ("41", "OR"), ("42", "PA"), ("44", "RI"), ("45", "SC"), ("46", "SD"),
    ("47", "TN"), ("48", "TX"), ("49", "UT"), ("50", "VT"), ("51", "VA"), ("53", "WA"),
    ("54", "WV"), ("55", "WI"), ("56", "WY"), ("60", "AS"), ("66", "GU"), ("69", "MP"),
    ("72", "PR"), ("78", "VI"),
];

/// The geocoder, in front of a table that answers for ZIP codes.
pub struct CensusGeocoder {
    client: reqwest::Client,
    endpoint: String,
    table: Arc<dyn DistrictLookup>,
}

impl CensusGeocoder {
    /// The geocoder at `base_url` (`https://geocoding.geo.census.gov`, or a
    /// stand-in), giving up after `timeout`; `table` answers for ZIP codes.
    pub fn new(
        base_url: &str,
        timeout: Duration,
        table: Arc<dyn DistrictLookup>,
    ) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!("letters/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("building the geocoder's HTTP client")?;
        Ok(Self {
            client,
            endpoint: format!("{}{PATH}", base_url.trim_end_matches('/')),
            table,
        })
    }

    async fn ask(&self, address: &PostalAddress) -> anyhow::Result<Option<District>> {
        let oneline = format!(
            "{}, {}, {} {}",
            address.street,
            address.city,
            address.state.code(),
            address.zip
        );
        let query = [
            ("address", oneline.as_str()),
            ("benchmark", BENCHMARK),
            ("vintage", VINTAGE),
            ("format", "json"),
        ];
        let response = self
            .client
            .get(&self.endpoint)
            .query(&query)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| anyhow!(e.without_url()))?;
        let answer: Answer = response
            .json()
            .await
            .map_err(|e| anyhow!(e.without_url()).context("reading the geocoder's answer"))?;
        Ok(answer.district(address.state))
    }
}

#[async_trait]
impl DistrictLookup for CensusGeocoder {
    fn candidates(&self, state: StateCode, zip: &ZipCode) -> Vec<District> {
        self.table.candidates(state, zip)
    }

    fn states_of(&self, zip: &ZipCode) -> Vec<StateCode> {
        self.table.states_of(zip)
    }

    fn table_date(&self) -> &str {
        self.table.table_date()
    }

    #[tracing::instrument(skip_all)]
    async fn locate(&self, address: &PostalAddress) -> Option<District> {
        match self.ask(address).await {
            Ok(district) => {
                tracing::info!(matched = district.is_some(), "geocoder answered");
                district
            }
            Err(error) => {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "geocoder failed; asking the supporter"
                );
                None
            }
        }
    }
}

#[derive(Deserialize)]
struct Answer {
    result: AnswerResult,
}

#[derive(Deserialize)]
struct AnswerResult {
    #[serde(rename = "addressMatches")]
    address_matches: Vec<AddressMatch>,
}

#[derive(Deserialize)]
struct AddressMatch {
    #[serde(default)]
    geographies: HashMap<String, Vec<HashMap<String, serde_json::Value>>>,
}

impl Answer {
    /// The one district every match lies in, if it is in `state`.
    fn district(&self, state: StateCode) -> Option<District> {
        let mut districts = self
            .result
            .address_matches
            .iter()
            .map(|m| m.district(state));
        let first = districts.next()??;
        districts.all(|d| d == Some(first)).then_some(first)
    }
}

impl AddressMatch {
    fn district(&self, state: StateCode) -> Option<District> {
        let (_, layer) = self
            .geographies
            .iter()
            .find(|(name, _)| name.ends_with("Congressional Districts"))?;
        let geoid = layer.first()?.get("GEOID")?.as_str()?;
        let (fips, number) = (geoid.get(..2)?, geoid.get(2..)?);
        let in_state = FIPS
            .iter()
            .any(|(code, usps)| *code == fips && *usps == state.code());
        if !in_state || number.len() != 2 {
            return None;
        }
        let number = match number.parse::<u8>().ok()? {
            DELEGATE_DISTRICT => 0,
            number => number,
        };
        District::new(state, number).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(geoids: &[&str]) -> Answer {
        let matches: Vec<_> = geoids
            .iter()
            .map(|geoid| {
                json!({
                    "matchedAddress": "1 MAIN ST, AUSTIN, TX, 78701",
                    "geographies": {
                        "States": [{ "STUSAB": "TX" }],
                        "119th Congressional Districts": [{ "GEOID": geoid, "CD119": &geoid[2..] }],
                    },
                })
            })
            .collect();
        serde_json::from_value(json!({ "result": { "addressMatches": matches } })).unwrap()
    }

    fn state(code: &str) -> StateCode {
        StateCode::parse(code).unwrap()
    }

    #[test]
    fn a_match_gives_its_district_and_delegates_sit_at_large() {
        assert_eq!(
            answer(&["4837"]).district(state("TX")),
            District::parse("TX-37").ok()
        );
        assert_eq!(
            answer(&["1198"]).district(state("DC")),
            District::parse("DC-00").ok()
        );
        assert_eq!(
            answer(&["0200"]).district(state("AK")),
            District::parse("AK-00").ok()
        );
    }

    #[test]
    fn no_match_disagreeing_matches_or_another_state_are_no_answer() {
        for (case, geoids, in_state) in [
            ("no match", &[][..], "TX"),
            ("matches disagree", &["4803", "4804"][..], "TX"),
            ("another state", &["4003"][..], "TX"),
            ("not a district", &["48ZZ"][..], "TX"),
        ] {
            assert_eq!(answer(geoids).district(state(in_state)), None, "{case}");
        }
        assert_eq!(
            answer(&["4803", "4803"]).district(state("TX")),
            District::parse("TX-03").ok()
        );
    }

    #[tokio::test]
    async fn a_failure_says_why_without_the_address() {
        let table = Arc::new(crate::adapters::ZctaDistrictTable::bundled().unwrap());
        let geocoder =
            CensusGeocoder::new("http://127.0.0.1:9", Duration::from_millis(500), table).unwrap();
        let address = PostalAddress {
            street: crate::domain::Street::parse("1 Private Lane").unwrap(),
            city: crate::domain::City::parse("Austin").unwrap(),
            state: state("TX"),
            zip: ZipCode::parse("75002").unwrap(),
        };
        let error = format!("{:#}", geocoder.ask(&address).await.unwrap_err());
        assert!(
            !error.contains("Private") && !error.contains("75002"),
            "{error}"
        );
        assert_eq!(geocoder.locate(&address).await, None);
    }
}
