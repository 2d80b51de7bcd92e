//! Device health next to the readings: meter link, Wi-Fi, supply, uptime, licence.

use crate::ipc::Health;
use whatwatt::models::system::{Plug, SystemInfo};

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
        let gentle = super::policy::gentle_reason(sys);
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
            gentle: gentle.as_ref().map(|(english, _)| english.clone()),
            gentle_said: gentle.map(|(_, said)| said),
        }
    }
}
