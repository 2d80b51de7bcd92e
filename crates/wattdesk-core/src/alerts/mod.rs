//! Desktop notifications decided without a desktop: which conditions of which meter deserve a word
//! (offline too long, low supply voltage, the live stream taken by another app, the quarter hour heading
//! over the user's limit), each at most once per condition and never twice within a quiet period.
//! [`Watch`] is pure (time comes in as an argument) so its rules are tested without waiting; the app
//! feeds it session events and a periodic tick (`app/alerts.rs`), and the window turns [`Alert`]s into
//! OS notifications in the user's language ([`Alert::text`]).

mod rules;

pub use rules::Watch;

use crate::ipc::Language;
use chrono::{DateTime, Utc};

/// What an alert is about (one notification switch per kind in Settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertKind {
    Offline,
    LowVoltage,
    StreamTaken,
    Peak,
}

/// A condition worth a notification, with what the words need.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub kind: AlertKind,
    pub device_id: String,
    pub at: DateTime<Utc>,
    pub detail: AlertDetail,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AlertDetail {
    Offline { minutes: u32 },
    LowVoltage { phase: u8, volts: f64, limit: u32 },
    StreamTaken,
    Peak { projected_kw: f64, limit_kw: f64 },
}

impl Alert {
    /// Title and body in `lang`, numbers written the `format_tag` way; `name` is the meter's name.
    pub fn text(&self, name: &str, lang: Language, format_tag: &str) -> (String, String) {
        use crate::i18n::{decimal, power, t};
        match &self.detail {
            AlertDetail::Offline { minutes } => (
                t(lang, "notify_offline_title", &[]),
                t(
                    lang,
                    "notify_offline_body",
                    &[("name", name), ("minutes", &minutes.to_string())],
                ),
            ),
            AlertDetail::LowVoltage {
                phase,
                volts,
                limit,
            } => (
                t(lang, "notify_voltage_title", &[]),
                t(
                    lang,
                    "notify_voltage_body",
                    &[
                        ("name", name),
                        ("phase", &format!("L{phase}")),
                        ("volts", &decimal(*volts, 0, format_tag)),
                        ("limit", &limit.to_string()),
                    ],
                ),
            ),
            AlertDetail::StreamTaken => (
                t(lang, "notify_stream_title", &[]),
                t(lang, "notify_stream_body", &[("name", name)]),
            ),
            AlertDetail::Peak {
                projected_kw,
                limit_kw,
            } => (
                t(lang, "notify_peak_title", &[]),
                t(
                    lang,
                    "notify_peak_body",
                    &[
                        ("power", &power(projected_kw * 1000.0, format_tag)),
                        ("limit", &power(limit_kw * 1000.0, format_tag)),
                    ],
                ),
            ),
        }
    }
}
