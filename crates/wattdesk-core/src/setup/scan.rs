//! The device's Wi-Fi scan as the wizard lists it: strongest first, one entry per name (a mesh shows
//! the same name on several access points), hidden networks kept so the user can type one's name.

use crate::ipc::WifiChoice;
use whatwatt::models::wifi::WifiNetwork;

/// Bars from the docs' RSSI guide (wifi-scan): > −50 very good, −60 good, −70 fair, −80 poor.
pub fn bars(rssi_dbm: Option<i32>) -> u8 {
    match rssi_dbm {
        Some(r) if r > -50 => 4,
        Some(r) if r > -60 => 3,
        Some(r) if r > -70 => 2,
        Some(r) if r > -85 => 1,
        _ => 0,
    }
}

pub fn choices(scan: &[WifiNetwork]) -> Vec<WifiChoice> {
    let mut list: Vec<WifiChoice> = scan
        .iter()
        .map(|n| {
            let ssid = n.ssid.clone().unwrap_or_default();
            let auth = n.auth_mode.clone();
            WifiChoice {
                hidden: ssid.is_empty(),
                ssid,
                bars: bars(n.rssi),
                rssi_dbm: n.rssi,
                secured: !auth
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case("open")),
                wps: n.wps.unwrap_or(false),
                auth_mode: auth,
            }
        })
        .collect();
    list.sort_by_key(|c| std::cmp::Reverse(c.rssi_dbm.unwrap_or(i32::MIN)));
    let mut seen = std::collections::BTreeSet::new();
    list.retain(|c| c.hidden || seen.insert(c.ssid.clone()));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(ssid: &str, rssi: i32, auth: &str) -> WifiNetwork {
        WifiNetwork {
            ssid: Some(ssid.into()),
            rssi: Some(rssi),
            auth_mode: Some(auth.into()),
            ..Default::default()
        }
    }

    #[test]
    fn strongest_first_one_per_name_hidden_kept() {
        let scan = [
            net("Far", -82, "WPA2"),
            net("Home", -70, "WPA2-WPA3"),
            net("Home", -45, "WPA2-WPA3"),
            net("", -60, "WPA2"),
            net("Cafe", -55, "open"),
        ];
        let list = choices(&scan);
        let names: Vec<(&str, u8, bool)> = list
            .iter()
            .map(|c| (c.ssid.as_str(), c.bars, c.secured))
            .collect();
        assert_eq!(
            names,
            [
                ("Home", 4, true),
                ("Cafe", 3, false),
                ("", 2, true),
                ("Far", 1, true)
            ]
        );
        assert!(list[2].hidden);
    }
}
