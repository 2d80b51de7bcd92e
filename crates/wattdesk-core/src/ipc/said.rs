//! A sentence the backend composes for the user, by its catalogue key: the window says it in the
//! user's language (`ui/src/lib/said.ts`); the English text travels beside it for the CLI and logs.

use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Said {
    /// A key of `ui/messages/<locale>.json` (listed in `i18n::catalog::RUST_KEYS`).
    pub key: String,
    /// Its `{placeholders}`' values.
    pub args: BTreeMap<String, String>,
}
