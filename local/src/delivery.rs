//! Delivery on one machine: on when a service's address is set
//! (`CWC_SENATE_URL`, `CWC_HOUSE_URL`: the stand-in in the test tree, say),
//! run in-process after each stored letter as the delivery queue runs it on
//! AWS.

use shared::adapters::{ApiKey, CwcApiKeys, HttpDelivery};
use shared::delivery::{ActiveOffices, Deliverer, SERVICE_ANSWER_TIMEOUT};
use shared::ports::Store;
use shared::settings::{DeliverySettings, Env, Settings, SettingsError};
use shared::wiring::Wiring;
use std::sync::Arc;
use std::time::Duration;

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
            timeout: SERVICE_ANSWER_TIMEOUT,
        }))
    }

    /// The deliverer over the local store, sending to the configured services.
    pub(crate) fn deliverer(
        &self,
        wiring: &Wiring,
        store: Arc<dyn Store>,
    ) -> anyhow::Result<Deliverer> {
        let service = HttpDelivery::new(&self.settings, self.keys.clone(), self.timeout)?;
        Ok(wiring.deliverer(
            store,
            Arc::new(service),
            self.settings.clone(),
            self.offices.clone(),
        ))
    }
}
