//! Typed payloads of every documented endpoint. Decoding is lenient about spelling (see [`crate::lenient`])
//! and about absence (every measurement is optional), and ignores unknown fields added by newer firmware.
//!
//! Every optional scalar is read with `#[serde(with = "As::<Lenient>")]`, and `#[skip_serializing_none]`
//! leaves absent values out of what we send.

/// Declares a struct that starts with the fields of one Wi-Fi network: the scan list
/// (`/api/v1/wifi/scan`) and the `wifi` section of `/api/v1/system` describe a network with the same
/// fields. The struct's own fields follow. A macro rather than a `#[serde(flatten)]`ed sub-struct so the
/// fields stay where callers reach them (`system.wifi.rssi`).
macro_rules! wifi_network_struct {
    ($(#[$meta:meta])* pub struct $name:ident { $($own:tt)* }) => {
        $(#[$meta])*
        pub struct $name {
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub ssid: Option<String>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub bssid: Option<String>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub channel: Option<u32>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub ht: Option<String>,
            /// dBm, -127..=0.
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub rssi: Option<i32>,
            /// Percent 0..=100.
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub signal: Option<u32>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub auth_mode: Option<String>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub pairwise_cipher: Option<String>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub group_cipher: Option<String>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub phy: Option<String>,
            /// The scan sends `"true"`/`"false"` as text; `/api/v1/system` sends a real boolean. Both parse.
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub wps: Option<bool>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub country: Option<String>,
            $($own)*
        }
    };
}

/// Declares a struct that ends with an IPv4 configuration: the Wi-Fi station settings and the Ethernet
/// settings configure addressing with the same fields, after the struct's own fields. A macro for the
/// same reason as [`wifi_network_struct`]: the fields stay at `settings.ip`.
macro_rules! ipv4_settings_struct {
    ($(#[$meta:meta])* pub struct $name:ident { $($own:tt)* }) => {
        $(#[$meta])*
        pub struct $name {
            $($own)*
            /// With `true`, the four addresses below are used instead of DHCP.
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub static_ip: Option<bool>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub ip: Option<String>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub netmask: Option<String>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub gateway: Option<String>,
            #[serde(with = "serde_with::As::<crate::lenient::Lenient>")]
            pub dns: Option<String>,
        }
    };
}

mod alias;
pub mod eth;
pub mod live;
pub mod meter_settings;
pub mod mqtt_settings;
pub mod report;
pub mod scalers;
pub mod sdcard;
pub mod settings;
pub mod system;
pub mod variables;
pub mod wifi;

/// A list field that may also arrive as `null`: read as empty, like every other absent value (an absent
/// list is already empty through the containers' `#[serde(default)]`).
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<Vec<T>> as serde::Deserialize>::deserialize(d).map(Option::unwrap_or_default)
}
