//! The simulated Wi-Fi neighbourhood: what a scan shows and which networks the device can join.
//!
//! The docs do not say what a device does when a join fails. Assumed (and what the setup wizard is built
//! to cope with): a device on its setup access point stays there, reporting `.wifi.status` `Error`.
//! The device's radio is 2.4 GHz only (the scan's `phy` is `bgn`), so a 5 GHz-only network is not
//! found.

/// One network in range.
pub struct Network {
    pub ssid: &'static str,
    pub bssid: &'static str,
    pub channel: u32,
    pub ht: &'static str,
    pub rssi: i32,
    pub auth: &'static str,
    pub cipher: &'static str,
    pub wps: bool,
    /// Not in the beacon: a scan shows it without a name; joining needs the name typed.
    pub hidden: bool,
    /// The user's own network: joins with `SimConfig::wifi_password`. Others never join.
    pub home: bool,
}

/// A plausible neighbourhood (the home network first: WPS pairs with it).
pub const NETWORKS: [Network; 6] = [
    net(
        "HomeNet",
        "DC15C84FBAB6",
        6,
        "40+",
        -52,
        "WPA2-WPA3",
        true,
        false,
        true,
    ),
    net(
        "Attic",
        "DC15C84FBAB8",
        6,
        "20",
        -66,
        "WPA2",
        false,
        true,
        true,
    ),
    net(
        "FRITZ!Box 7590 KL",
        "3810D5A1B2C3",
        1,
        "20",
        -71,
        "WPA2",
        true,
        false,
        false,
    ),
    net(
        "Sunrise_2.4GHz_8F2A",
        "C8D3FF12AB90",
        11,
        "20",
        -78,
        "WPA-WPA2",
        false,
        false,
        false,
    ),
    net(
        "Guest",
        "DC15C84FBAB7",
        6,
        "20",
        -53,
        "open",
        false,
        false,
        true,
    ),
    net(
        "DIRECT-4B-HP OfficeJet",
        "9A2B3C4D5E6F",
        6,
        "20",
        -84,
        "WPA2",
        true,
        false,
        false,
    ),
];

#[allow(clippy::too_many_arguments)] // a table row
const fn net(
    ssid: &'static str,
    bssid: &'static str,
    channel: u32,
    ht: &'static str,
    rssi: i32,
    auth: &'static str,
    wps: bool,
    hidden: bool,
    home: bool,
) -> Network {
    let open = matches!(auth.as_bytes(), b"open");
    Network {
        ssid,
        bssid,
        channel,
        ht,
        rssi,
        auth,
        cipher: if open {
            "none"
        } else if matches!(auth.as_bytes(), b"WPA-WPA2") {
            "TKIP-CCMP"
        } else {
            "CCMP"
        },
        wps,
        hidden,
        home,
    }
}

impl Network {
    pub fn is_open(&self) -> bool {
        self.auth == "open"
    }
}

/// Why a join failed (kept by the device until the next attempt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinFailure {
    /// No network of that name in range (a typo, a 5 GHz-only network, out of range).
    NotFound,
    /// The network refused the password.
    WrongPassword,
}

/// Joins `ssid` with `password`: the network joined, or why not.
pub fn join(
    home_password: &str,
    ssid: &str,
    password: Option<&str>,
) -> Result<&'static Network, JoinFailure> {
    let net = NETWORKS
        .iter()
        .find(|n| n.ssid == ssid)
        .ok_or(JoinFailure::NotFound)?;
    let password = password.unwrap_or_default();
    let ok = if net.is_open() {
        true
    } else {
        net.home && password == home_password
    };
    if ok {
        Ok(net)
    } else {
        Err(JoinFailure::WrongPassword)
    }
}

/// The network WPS pairs with (the home router's).
pub fn wps_network() -> &'static Network {
    &NETWORKS[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_networks_take_the_home_password_and_nothing_else() {
        assert_eq!(
            join("pw123456", "HomeNet", Some("pw123456")).map(|n| n.ssid),
            Ok("HomeNet")
        );
        assert_eq!(
            join("pw123456", "Attic", Some("pw123456")).map(|n| n.ssid),
            Ok("Attic")
        );
        assert_eq!(
            join("pw123456", "HomeNet", Some("wrong-one")).err(),
            Some(JoinFailure::WrongPassword)
        );
        assert_eq!(
            join("pw123456", "FRITZ!Box 7590 KL", Some("pw123456")).err(),
            Some(JoinFailure::WrongPassword)
        );
        assert_eq!(join("pw123456", "Guest", None).map(|n| n.ssid), Ok("Guest"));
        assert_eq!(
            join("pw123456", "HomeNet-5G", Some("pw123456")).err(),
            Some(JoinFailure::NotFound)
        );
    }
}
