//! Integration tests: the real app on port 0, over the embedded store and
//! over DynamoDB in the moto server started by `scripts/test`.

mod abuse;
mod admin;
mod analyst;
mod bad_input;
mod cached_page;
mod campaign_page;
mod campaign_uploads;
mod campaigns;
mod captcha;
mod caught;
mod census_stand_in;
mod confirmation;
mod cwc_stand_in;
mod delivery;
mod delivery_gate;
mod delivery_held;
mod delivery_local;
mod drafts;
mod duplicates;
mod dynamodb;
mod embedded_store;
mod embeds;
mod golden;
mod helpers;
mod house;
mod local_server;
mod outbox;
mod pacing;
mod packets;
mod pipeline;
mod receipt;
mod store_contract;
mod submit;
mod warehouse;
mod well_formed;
