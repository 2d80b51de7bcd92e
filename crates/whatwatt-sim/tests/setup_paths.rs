//! Every path a new device can take in the simulator, driven through the real REST client: joining
//! Wi-Fi (wrong password, hidden network, a network out of reach), WPS (paired, timed out from the access
//! point, timed out when already paired) and the meter link (right and wrong key, each fault mended).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failed unwrap is a failed test

use std::time::Duration;
use whatwatt::models::{meter_settings::MeterSettings, wifi::WifiStaSettings};
use whatwatt::{Client, Secret};
use whatwatt_sim::testkit::{config, first_report, spawn, until, within};
use whatwatt_sim::{MeterFault, SimConfig, SimDevice};

const HOME_PASSWORD: &str = "our-home-wifi-2024";
const KEY: &str = "00112233445566778899AABBCCDDEEFF";

fn setup_config() -> SimConfig {
    SimConfig {
        setup_mode: true,
        ap_linger: Duration::from_millis(300),
        wifi_password: HOME_PASSWORD.into(),
        ..config()
    }
}

fn ap_client(dev: &SimDevice) -> Client {
    Client::new(
        &dev.setup_addr().expect("an access point").to_string(),
        None,
    )
    .unwrap()
}

async fn join(c: &Client, ssid: &str, password: &str) {
    c.update_wifi_sta_settings(&WifiStaSettings {
        enable: Some(true),
        name: Some(ssid.into()),
        password: Some(Secret::new(password)),
        ..Default::default()
    })
    .await
    .unwrap();
}

async fn wifi_status(c: &Client) -> (String, String) {
    let w = c.system().await.unwrap().wifi.unwrap();
    (w.status.unwrap_or_default(), w.mode.unwrap_or_default())
}

#[tokio::test]
async fn a_wrong_wifi_password_keeps_the_access_point_and_the_right_one_joins() {
    let dev = spawn(setup_config()).await;
    let c = ap_client(&dev);
    assert_eq!(wifi_status(&c).await, ("Disconnected".into(), "AP".into()));
    join(&c, "HomeNet", "not-the-password").await;
    let (status, mode) = until(5, "the join to fail", || async {
        let s = wifi_status(&c).await;
        (s.0 == "Error").then_some(s)
    })
    .await;
    assert_eq!((status.as_str(), mode.as_str()), ("Error", "AP"));
    assert_eq!(dev.addr(), dev.setup_addr().unwrap(), "no station address");
    // A network out of reach (5 GHz only, a typo) fails the same way.
    join(&c, "HomeNet-5G", HOME_PASSWORD).await;
    until(5, "the second join to fail", || async {
        (wifi_status(&c).await.0 == "Error").then_some(())
    })
    .await;
    assert_eq!(
        dev.addr(),
        dev.setup_addr().unwrap(),
        "still no station address"
    );

    join(&c, "HomeNet", HOME_PASSWORD).await;
    let station = within(5, "the station address", dev.station_addr()).await;
    let home = Client::new(&station.to_string(), None).unwrap();
    assert_eq!(wifi_status(&home).await, ("OK".into(), "STA".into()));
    dev.shutdown().await;
}

#[tokio::test]
async fn a_hidden_network_scans_without_a_name_and_joins_by_name() {
    let dev = spawn(setup_config()).await;
    let c = ap_client(&dev);
    let nets = c.wifi_scan().await.unwrap();
    assert!(nets.iter().any(|n| n.ssid.as_deref() == Some("")));
    assert!(!nets.iter().any(|n| n.ssid.as_deref() == Some("Attic")));
    join(&c, "Attic", HOME_PASSWORD).await;
    let station = within(5, "the station address", dev.station_addr()).await;
    let home = Client::new(&station.to_string(), None).unwrap();
    let w = home.system().await.unwrap().wifi.unwrap();
    assert_eq!(w.ssid.as_deref(), Some("Attic"));
    dev.shutdown().await;
}

#[tokio::test]
async fn wps_pairs_when_the_router_button_is_pressed() {
    let dev = spawn(setup_config()).await;
    let c = ap_client(&dev);
    c.start_wps().await.unwrap();
    assert_eq!(c.system().await.unwrap().wifi.unwrap().wps, Some(true));
    dev.press_router_wps();
    let station = within(5, "the station address", dev.station_addr()).await;
    let home = Client::new(&station.to_string(), None).unwrap();
    let w = home.system().await.unwrap().wifi.unwrap();
    assert_eq!((w.ssid.as_deref(), w.wps), (Some("HomeNet"), Some(false)));
    assert_eq!(
        home.wifi_sta_settings().await.unwrap().name.as_deref(),
        Some("HomeNet")
    );
    dev.shutdown().await;
}

#[tokio::test]
async fn wps_timing_out_on_the_access_point_turns_wifi_off_until_a_power_cycle() {
    let dev = spawn(SimConfig {
        wps_window: Duration::from_millis(300),
        ..setup_config()
    })
    .await;
    let ap = dev.setup_addr().unwrap();
    let c = ap_client(&dev);
    c.start_wps().await.unwrap();
    let e = until(5, "Wi-Fi to turn off", || async { c.system().await.err() }).await;
    assert_eq!(e.code(), "unreachable");
    assert_eq!(dev.setup_addr(), None);
    // The router button pressed too late changes nothing.
    dev.press_router_wps();
    dev.reboot();
    let status = until(5, "the access point after a power cycle", || async {
        c.system().await.ok()
    })
    .await;
    assert_eq!(dev.setup_addr(), Some(ap));
    assert_eq!(status.wifi.unwrap().status.as_deref(), Some("Disconnected"));
    dev.shutdown().await;
}

#[tokio::test]
async fn wps_timing_out_on_a_paired_device_keeps_its_network() {
    let dev = spawn(SimConfig {
        wps_window: Duration::from_millis(200),
        ..config()
    })
    .await;
    let c = Client::new(&dev.addr().to_string(), None).unwrap();
    c.start_wps().await.unwrap();
    let w = until(5, "the pairing window to close", || async {
        let w = c.system().await.unwrap().wifi.unwrap();
        (w.wps == Some(false)).then_some(w)
    })
    .await;
    assert_eq!(
        (w.ssid.as_deref(), w.status.as_deref()),
        (Some("HomeNet"), Some("OK"))
    );
    dev.shutdown().await;
}

#[tokio::test]
async fn a_wired_device_is_on_the_home_network_beside_its_access_point() {
    let dev = spawn(SimConfig {
        ethernet: true,
        ..setup_config()
    })
    .await;
    let c = ap_client(&dev);
    let station = within(5, "the wired address", dev.station_addr()).await;
    let home = Client::new(&station.to_string(), None).unwrap();
    let sys = home.system().await.unwrap();
    let eth = sys.ethernet.unwrap();
    assert_eq!(eth.status.as_deref(), Some("Up"));
    assert_eq!(eth.ip.as_deref(), Some("127.0.0.1"));
    // Wi-Fi is still unconfigured: the access point stays until Wi-Fi joins too.
    assert_eq!(wifi_status(&c).await, ("Disconnected".into(), "AP".into()));
    join(&home, "HomeNet", HOME_PASSWORD).await;
    let e = until(5, "the access point to close", || async {
        c.system().await.err()
    })
    .await;
    assert_eq!(e.code(), "unreachable");
    assert_eq!(wifi_status(&home).await, ("OK".into(), "STA".into()));
    dev.shutdown().await;
}

#[tokio::test]
async fn a_factory_reset_takes_a_device_back_to_its_access_point() {
    let dev = spawn(setup_config()).await;
    let ap = dev.setup_addr().unwrap();
    join(&ap_client(&dev), "HomeNet", HOME_PASSWORD).await;
    let station = within(5, "the station address", dev.station_addr()).await;
    let home = Client::new(&station.to_string(), None).unwrap();
    home.factory_reset().await.unwrap();
    let c = Client::new(&ap.to_string(), None).unwrap();
    // The access point may still be lingering from the join: wait for the reset device behind it.
    let status = until(5, "the access point again", || async {
        let w = c.system().await.ok()?.wifi?;
        (w.mode.as_deref() == Some("AP")).then_some(w.status)
    })
    .await;
    assert_eq!(status.as_deref(), Some("Disconnected"));
    assert!(home.system().await.is_err(), "the station address is gone");
    dev.shutdown().await;
}

async fn meter_status(c: &Client) -> String {
    c.system()
        .await
        .unwrap()
        .meter
        .unwrap()
        .status
        .unwrap_or_default()
}

async fn status_becomes(c: &Client, want: &str) {
    until(10, want, || async {
        (meter_status(c).await == want).then_some(())
    })
    .await;
}

fn key_settings(key: &str) -> MeterSettings {
    MeterSettings {
        encryption: Some(true),
        encryption_key: Some(Secret::new(key)),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_meter_takes_its_own_key_and_says_so_for_another() {
    let dev = spawn(SimConfig {
        key_required: true,
        meter_key: Some(KEY.into()),
        ..config()
    })
    .await;
    let c = Client::new(&dev.addr().to_string(), None).unwrap();
    status_becomes(&c, "KEY REQUIRED").await;
    c.update_meter_settings(&key_settings("FFEEDDCCBBAA99887766554433221100"))
        .await
        .unwrap();
    status_becomes(&c, "ENCRYPTION KEY").await;
    // Keys are hex: the case a letter was typed in does not matter.
    c.update_meter_settings(&key_settings(&KEY.to_ascii_lowercase()))
        .await
        .unwrap();
    status_becomes(&c, "OK").await;
    first_report(&dev).await;
    dev.shutdown().await;
}

#[tokio::test]
async fn each_meter_fault_shows_its_status_until_mended() {
    for (fault, status) in [
        (MeterFault::Unplugged, "NOT CONNECTED"),
        (MeterFault::NoData, "NO DATA"),
    ] {
        let dev = spawn(SimConfig {
            meter_fault: Some(fault),
            ..config()
        })
        .await;
        let c = Client::new(&dev.addr().to_string(), None).unwrap();
        status_becomes(&c, status).await;
        // It holds: a second's worth of reports later (20 at this interval) it is still there.
        until(5, "a second of uptime", || async {
            let sys = c.system().await.unwrap();
            (sys.device.time_since_boot.unwrap_or_default() >= 1).then_some(())
        })
        .await;
        assert_eq!(meter_status(&c).await, status);
        dev.set_meter_fault(None);
        status_becomes(&c, "OK").await;
        dev.shutdown().await;
    }
}

#[tokio::test]
async fn an_unrecognised_meter_comes_up_once_interface_and_protocol_are_chosen() {
    let dev = spawn(SimConfig {
        meter_fault: Some(MeterFault::Unrecognized),
        ..config()
    })
    .await;
    let c = Client::new(&dev.addr().to_string(), None).unwrap();
    status_becomes(&c, "NOT RECOGNIZED").await;
    let choose = |if_type: &str, protocol: &str| MeterSettings {
        if_type: Some(if_type.into()),
        protocol: Some(protocol.into()),
        ..Default::default()
    };
    // The wrong pair leaves it where it is; the meter's own (a P1 meter speaks DSMR) brings it up.
    c.update_meter_settings(&choose("mbus", "hdlc"))
        .await
        .unwrap();
    assert_eq!(meter_status(&c).await, "NOT RECOGNIZED");
    c.update_meter_settings(&choose("p1", "dsmr"))
        .await
        .unwrap();
    status_becomes(&c, "OK").await;
    dev.shutdown().await;
}
