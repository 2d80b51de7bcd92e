//! `/api/v1/meter/scalers/current` (GET) and `/api/v1/meter/scalers/custom` (GET, POST).

use crate::lenient::Lenient;
use serde::{Deserialize, Serialize};
use serde_with::As;

/// A power-of-ten scaler for one OBIS register in short `C.D.E` form (`255` as E matches every E).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scaler {
    pub obis: String,
    /// Exponent: the value is multiplied by 10^scaler (custom: -6..=6).
    #[serde(with = "As::<Lenient>")]
    pub scaler: Option<i32>,
}
