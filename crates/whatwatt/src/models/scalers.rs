//! `/api/v1/meter/scalers/current` (GET) and `/api/v1/meter/scalers/custom` (GET, POST).

use crate::lenient::opt_i32;
use serde::{Deserialize, Serialize};

/// A power-of-ten scaler for one OBIS register in short `C.D.E` form (`255` as E matches every E).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scaler {
    pub obis: String,
    /// Exponent: the value is multiplied by 10^scaler (custom: -6..=6).
    #[serde(deserialize_with = "opt_i32")]
    pub scaler: Option<i32>,
}
