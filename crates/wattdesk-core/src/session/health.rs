//! Device health next to the readings: meter link, Wi-Fi, supply, uptime, licence.

use serde::Serialize;
use ts_rs::TS;
use whatwatt::models::system::{Plug, SystemInfo};

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Health {
    pub meter_status: Option<String>,
    pub interface: Option<String>,
    /// Seconds between meter reports.
    pub report_interval_s: Option<f64>,
    pub wifi_rssi_dbm: Option<i32>,
    pub wifi_signal_pct: Option<u32>,
    /// Super-capacitor voltage, V.
    pub v_scap: Option<f64>,
    /// `v_scap` below 4.5 V: the device may brown out on M-Bus power (docs: power-and-wifi).
    pub scap_low: bool,
    #[ts(type = "number | null")]
    pub uptime_s: Option<u64>,
    /// Reboots seen while WattDesk watched (uptime went backwards).
    pub reboots_seen: u32,
    pub firmware: Option<String>,
    pub license: Option<String>,
    pub mqtt_enabled: Option<bool>,
    pub mqtt_connected: Option<bool>,
}

impl Health {
    pub fn from_system(sys: &SystemInfo, previous: Option<&Health>) -> Health {
        let meter = sys.meter.clone().unwrap_or_default();
        let wifi = sys.wifi.clone().unwrap_or_default();
        let v_scap = sys.device.plug.as_ref().and_then(|p| p.v_scap);
        let uptime = sys.device.time_since_boot;
        let rebooted = match (previous.and_then(|p| p.uptime_s), uptime) {
            (Some(before), Some(now)) => now < before,
            _ => false,
        };
        let mqtc = sys
            .clouds
            .as_ref()
            .and_then(|c| c.mqtc.clone())
            .unwrap_or_default();
        Health {
            meter_status: meter.status,
            interface: meter.interface,
            report_interval_s: meter.report_interval,
            wifi_rssi_dbm: wifi.rssi,
            wifi_signal_pct: wifi.signal,
            v_scap,
            scap_low: v_scap.is_some_and(|v| v > 0.0 && v < Plug::MIN_SCAP_V),
            uptime_s: uptime,
            reboots_seen: previous.map_or(0, |p| p.reboots_seen) + u32::from(rebooted),
            firmware: sys.device.firmware.clone(),
            license: sys.device.license.as_ref().and_then(|l| l.kind.clone()),
            mqtt_enabled: mqtc.enabled,
            mqtt_connected: mqtc.connected,
        }
    }
}
