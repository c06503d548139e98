//! Delivery on one machine: on when a service's address is set
//! (`CWC_SENATE_URL`, `CWC_HOUSE_URL`: the stand-in in the test tree, say),
//! run in-process after each stored letter as the delivery queue runs it on
//! AWS.

use crate::LocalSettings;
use shared::adapters::{ApiKey, CwcApiKeys, HttpDelivery};
use shared::campaign::CampaignCatalog;
use shared::confirm::Pacer;
use shared::delivery::{ActiveOffices, Deliverer, DeliveryContext};
use shared::members::Members;
use shared::ports::Store;
use shared::settings::{DeliverySettings, Env, Settings, SettingsError};
use std::sync::Arc;
use std::time::Duration;

/// How long a delivery service may take to answer, locally.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// Delivery's settings, the key every service takes (`CWC_API_KEY`: locally
/// an environment value, unlike on AWS) and the active offices.
#[derive(Debug, Clone)]
pub struct LocalDelivery {
    pub settings: DeliverySettings,
    pub keys: CwcApiKeys,
    pub offices: ActiveOffices,
    /// How long a service may take to answer one message.
    pub timeout: Duration,
}

impl LocalDelivery {
    /// Delivery as `env` asks for it, with `key` for every service; `None`
    /// when no service's address is set.
    pub fn configured(
        env: &Env,
        settings: &Settings,
        key: Option<String>,
    ) -> Result<Option<Self>, SettingsError> {
        let delivers = ["CWC_SENATE_URL", "CWC_HOUSE_URL"]
            .iter()
            .any(|name| env.get(name).is_some());
        if !delivers {
            return Ok(None);
        }
        let key = key.map(ApiKey::new);
        Ok(Some(Self {
            settings: settings.delivery()?,
            keys: CwcApiKeys {
                senate: key.clone(),
                house: key,
            },
            offices: ActiveOffices::bundled()
                .expect("the bundled list of active offices is valid (shared's tests check it)"),
            timeout: DELIVERY_TIMEOUT,
        }))
    }

    /// The deliverer over the local store, sending to the configured services.
    pub(crate) fn deliverer(
        &self,
        local: &LocalSettings,
        catalog: &CampaignCatalog,
        members: &Members,
        store: Arc<dyn Store>,
    ) -> anyhow::Result<Deliverer> {
        let service = HttpDelivery::new(&self.settings, self.keys.clone(), self.timeout)?;
        let context = DeliveryContext {
            catalog: catalog.clone(),
            members: members.clone(),
            offices: self.offices.clone(),
            settings: self.settings.clone(),
            organization: local.settings.sponsor.name.clone(),
        };
        Ok(Deliverer::new(
            store,
            Arc::new(service),
            context,
            Pacer::new(self.settings.per_instance_rate),
        ))
    }
}
