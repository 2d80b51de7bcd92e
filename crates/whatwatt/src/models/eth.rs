//! `/api/v1/eth/settings` (GET, PUT, POST).

use crate::lenient::Lenient;
use serde::{Deserialize, Serialize};
use serde_with::{skip_serializing_none, As};

ipv4_settings_struct! {
    #[skip_serializing_none]
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct EthSettings {
        #[serde(with = "As::<Lenient>")]
        pub enable: Option<bool>,
    }
}
