//! Setting up a new meter against the simulator, every path: access point → Wi-Fi → key → password →
//! live; a wrong Wi-Fi password then the right one; WPS paired and timed out; Ethernet; a device on the
//! network already whose meter needs a key; a wrong key; bad input refused before anything is sent.
//! mDNS runs on loopback only (the device is found again by its advertisement); each device has its
//! own seed, so its own id, as the tests run side by side on the same loopback.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use std::time::Duration;
use wattdesk_core::setup::{
    NetworkChoice, SetupDone, SetupPlan, SetupProgress, SetupStep, SetupTiming,
};
use wattdesk_core::{App, DemoMode, ErrorCode};
use whatwatt::{Client, MdnsPolicy, Secret};
use whatwatt_sim::{SimConfig, SimDevice};

const HOME_PASSWORD: &str = "our-home-wifi-2024";
const KEY: &str = "00112233445566778899AABBCCDDEEFF";

fn new_device(cfg: SimConfig) -> SimConfig {
    SimConfig {
        setup_mode: true,
        ap_linger: Duration::from_millis(400),
        wifi_password: HOME_PASSWORD.into(),
        mdns: true,
        ..cfg
    }
}

async fn spawn_on_loopback(cfg: SimConfig) -> SimDevice {
    let daemon = MdnsPolicy::Loopback.daemon().unwrap();
    SimDevice::spawn_with_mdns(cfg, daemon)
        .await
        .expect("the simulator starts")
}

/// Fast waits for tests (the real defaults poll every 2 s).
fn timing() -> SetupTiming {
    SetupTiming {
        poll: Duration::from_millis(100),
        join: Duration::from_secs(15),
        wps: Duration::from_secs(8),
        meter: Duration::from_secs(15),
    }
}

fn plan(dev: &SimDevice, network: NetworkChoice) -> SetupPlan {
    SetupPlan {
        address: dev.addr().to_string(),
        network,
        meter_key: None,
        auth_key: None,
        password: None,
        name: None,
        report_interval_s: None,
        meter_interface: None,
    }
}

fn wifi(ssid: &str, password: &str) -> NetworkChoice {
    NetworkChoice::Wifi {
        ssid: ssid.into(),
        password: Some(Secret::new(password)),
        static_ip: None,
        max_tx_power: None,
    }
}

async fn run(
    app: &App,
    plan: SetupPlan,
) -> (wattdesk_core::error::Result<SetupDone>, Vec<SetupProgress>) {
    let mut seen = Vec::new();
    let r = within(
        60,
        "the setup",
        app.set_up(plan, timing(), |p| seen.push(p)),
    )
    .await;
    (r, seen)
}

fn steps(seen: &[SetupProgress]) -> Vec<SetupStep> {
    seen.iter()
        .filter_map(|p| match p {
            SetupProgress::Step { step, .. } => Some(*step),
            _ => None,
        })
        .collect()
}

fn code(r: wattdesk_core::error::Result<SetupDone>) -> ErrorCode {
    r.expect_err("the setup should fail").code()
}

async fn app(dir: &std::path::Path) -> App {
    App::start(options(dir, DemoMode::Off, MdnsPolicy::Loopback))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_the_access_point_to_a_protected_streaming_meter() {
    let dev = spawn_on_loopback(new_device(SimConfig {
        seed: 102,
        key_required: true,
        meter_key: Some(KEY.into()),
        ..sim(whatwatt_sim::License::Plus, 0.1)
    }))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    let plan = SetupPlan {
        // Pasted from the grid operator's letter, with its spaces.
        meter_key: Some(Secret::new("0011 2233 4455 6677 8899 AABB CCDD EEFF")),
        password: Some(Secret::new("hall-meter-pw")),
        name: Some("Hall meter".into()),
        report_interval_s: Some(60),
        ..plan(&dev, wifi("HomeNet", HOME_PASSWORD))
    };
    let (done, seen) = run(&app, plan).await;
    let done = done.unwrap();
    use SetupStep::*;
    assert_eq!(
        steps(&seen),
        [Device, Meter, Protect, Name, Licence, Network, Join, Done]
    );
    assert!(seen.iter().any(|p| matches!(p, SetupProgress::MeterStatus { status, .. } if status == "KEY REQUIRED" || status == "RECOGNITION")));
    let station = dev.station_addr().await;
    assert_eq!(done.address, format!("http://{station}"));
    assert_eq!(
        (done.device_id.as_str(), done.name.as_str()),
        (dev.id(), "Hall meter")
    );
    // The device is protected now, with the password in the secret store.
    let open = Client::new(&station.to_string(), None).unwrap();
    assert_eq!(open.system().await.unwrap_err().code(), "password_required");
    assert_eq!(
        app.password(dev.id()).unwrap().unwrap().expose(),
        "hall-meter-pw"
    );
    let with_pw = Client::new(&station.to_string(), Some(Secret::new("hall-meter-pw"))).unwrap();
    let sys = with_pw.system().await.unwrap();
    assert_eq!(sys.device.name.as_deref(), Some("Hall meter"));
    // Saved, and streaming.
    let mut rx = app.subscribe_meter(dev.id()).expect("a session");
    readings(&mut rx, None, 1, 15).await;
    assert!(app
        .meters()
        .iter()
        .any(|m| m.device_id == dev.id() && m.name == "Hall meter"));
    app.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_wifi_password_says_so_and_the_right_one_then_works() {
    let dev = spawn_on_loopback(new_device(SimConfig {
        seed: 120,
        ..sim(whatwatt_sim::License::Plus, 0.1)
    }))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    let (r, _) = run(&app, plan(&dev, wifi("HomeNet", "not-our-password"))).await;
    assert_eq!(code(r), ErrorCode::WifiJoinFailed);
    // No way back needed: the device is still on its access point, the same plan with the right
    // password goes on from there.
    let (r, _) = run(&app, plan(&dev, wifi("HomeNet", HOME_PASSWORD))).await;
    assert_eq!(r.unwrap().device_id, dev.id());
    app.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wps_pairs_when_the_router_button_is_pressed_and_says_so_when_not() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    let paired = spawn_on_loopback(new_device(SimConfig {
        seed: 103,
        wps_router_pressed: true,
        ..sim(whatwatt_sim::License::Plus, 0.1)
    }))
    .await;
    let (r, _) = run(&app, plan(&paired, NetworkChoice::Wps)).await;
    assert_eq!(
        r.unwrap().address,
        format!("http://{}", paired.station_addr().await)
    );

    let unpaired = spawn_on_loopback(new_device(SimConfig {
        seed: 104,
        wps_window: Duration::from_millis(500),
        ..sim(whatwatt_sim::License::Plus, 0.1)
    }))
    .await;
    let (r, _) = run(&app, plan(&unpaired, NetworkChoice::Wps)).await;
    assert_eq!(code(r), ErrorCode::WpsFailed);
    app.shutdown().await;
    paired.shutdown().await;
    unpaired.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wired_device_is_found_on_the_network_after_the_cable_settings() {
    let dev = spawn_on_loopback(new_device(SimConfig {
        seed: 105,
        ethernet: true,
        ..sim(whatwatt_sim::License::Free, 0.1)
    }))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    let (r, seen) = run(
        &app,
        plan(&dev, NetworkChoice::Ethernet { static_ip: None }),
    )
    .await;
    assert_eq!(
        r.unwrap().address,
        format!("http://{}", dev.station_addr().await)
    );
    // A FREE device: the licence step says what needs PLUS.
    assert!(seen.iter().any(|p| matches!(p, SetupProgress::Step { step: SetupStep::Licence, message, .. } if message.contains("FREE"))));
    app.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_on_the_network_whose_meter_needs_a_key() {
    let dev = spawn(SimConfig {
        seed: 106,
        key_required: true,
        meter_key: Some(KEY.into()),
        ..sim(whatwatt_sim::License::Plus, 0.1)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    // Without a key it stops at the meter and says what to enter.
    let (r, seen) = run(&app, plan(&dev, NetworkChoice::Keep)).await;
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::MeterNotReady);
    assert!(e.to_string().contains("KEY REQUIRED"), "{e}");
    assert!(!steps(&seen).contains(&SetupStep::Network));
    // A wrong key says so.
    let wrong = SetupPlan {
        meter_key: Some(Secret::new("FFEEDDCCBBAA99887766554433221100")),
        ..plan(&dev, NetworkChoice::Keep)
    };
    assert_eq!(code(run(&app, wrong).await.0), ErrorCode::MeterKeyWrong);
    let right = SetupPlan {
        meter_key: Some(Secret::new(KEY)),
        ..plan(&dev, NetworkChoice::Keep)
    };
    let (r, seen) = run(&app, right).await;
    assert_eq!(r.unwrap().meter_status, "OK");
    // No password given: the run warns that the device stays open.
    assert!(seen.iter().any(
        |p| matches!(p, SetupProgress::Warning { message, .. } if message.contains("no password"))
    ));
    app.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_before_anything_is_sent() {
    let dev = spawn(SimConfig {
        seed: 107,
        setup_mode: true,
        ..sim(whatwatt_sim::License::Plus, 0.1)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    let bad = [
        plan(&dev, wifi(&"x".repeat(33), HOME_PASSWORD)),
        plan(&dev, wifi("HomeNet", "short")),
        SetupPlan {
            meter_key: Some(Secret::new("0011")),
            ..plan(&dev, NetworkChoice::Keep)
        },
        SetupPlan {
            password: Some(Secret::new("p".repeat(32))),
            ..plan(&dev, NetworkChoice::Keep)
        },
        SetupPlan {
            report_interval_s: Some(0),
            ..plan(&dev, NetworkChoice::Keep)
        },
    ];
    for p in bad {
        let (r, seen) = run(&app, p).await;
        assert_eq!(code(r), ErrorCode::InvalidInput);
        assert!(seen.is_empty(), "nothing happened: {seen:?}");
    }
    assert_eq!(dev.auth_stats().0, 0, "no request reached the device");
    app.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_setup_cancelled_at_the_meter_continues_after_an_app_restart() {
    // The meter cable is not in yet: the setup waits at the meter step, where it is cancelled.
    let dev = spawn_on_loopback(new_device(SimConfig {
        seed: 108,
        meter_fault: Some(whatwatt_sim::MeterFault::Unplugged),
        ..sim(whatwatt_sim::License::Plus, 0.1)
    }))
    .await;
    let ap = dev.addr().to_string();
    let dir = tempfile::tempdir().unwrap();
    let first = app(dir.path()).await;
    let (tx, mut at_meter) = tokio::sync::mpsc::unbounded_channel();
    let setup = first.set_up(
        plan(&dev, wifi("HomeNet", HOME_PASSWORD)),
        timing(),
        move |p| {
            if matches!(p, SetupProgress::MeterStatus { .. }) {
                let _ = tx.send(());
            }
        },
    );
    tokio::select! {
        r = setup => panic!("the setup should wait for the meter, it ended: {r:?}"),
        _ = within(30, "the meter step", at_meter.recv()) => {}
    }
    first.shutdown().await;

    let second = app(dir.path()).await;
    let saved = second.setup_progress().expect("the progress was kept");
    // The meter comes before the move: the device is still on its access point, as it was.
    assert_eq!(
        (saved.device_id.as_str(), saved.step),
        (dev.id(), SetupStep::Meter)
    );
    assert_eq!(saved.address, ap);
    assert_eq!(saved.addresses, std::slice::from_ref(&ap));
    let kept = std::fs::read_to_string(dir.path().join("setup.json")).unwrap();
    assert!(
        !kept.contains(HOME_PASSWORD),
        "no secret in the progress file"
    );
    dev.set_meter_fault(None);
    let resumed = SetupPlan {
        address: saved.address,
        ..plan(&dev, wifi("HomeNet", HOME_PASSWORD))
    };
    let (r, _) = run(&second, resumed).await;
    let station = dev.station_addr().await.to_string();
    assert_eq!(r.unwrap().address, format!("http://{station}"));
    assert_eq!(second.setup_progress(), None, "nothing left to continue");
    second.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_impostor_advertising_the_new_device_gets_no_password() {
    use whatwatt_sim::testkit::impostor::{Ask, Impostor};
    let dev = spawn_on_loopback(new_device(SimConfig {
        seed: 109,
        ..sim(whatwatt_sim::License::Plus, 0.1)
    }))
    .await;
    // Something on the network answers to the id before the device has even moved, asking for the
    // password in clear.
    let mut impostor = Impostor::start(vec![Ask::Basic]).await.unwrap();
    impostor
        .advertise(MdnsPolicy::Loopback.daemon().unwrap().unwrap(), dev.id())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    let p = SetupPlan {
        password: Some(Secret::new("hall-meter-pw")),
        meter_key: None,
        ..plan(&dev, wifi("HomeNet", HOME_PASSWORD))
    };
    let (r, _) = run(&app, p).await;
    // The device is found past it, and saved at its own address.
    assert_eq!(
        r.unwrap().address,
        format!("http://{}", dev.station_addr().await)
    );
    assert!(impostor.requests() >= 1, "the impostor was looked at");
    assert_eq!(
        impostor.authorizations(),
        Vec::<String>::new(),
        "no credentials reached it"
    );
    app.shutdown().await;
    impostor.stop().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meter_not_recognised_by_itself_works_once_interface_and_protocol_are_chosen() {
    let dev = spawn(SimConfig {
        seed: 110,
        meter_fault: Some(whatwatt_sim::MeterFault::Unrecognized),
        ..sim(whatwatt_sim::License::Plus, 0.1)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    let (r, _) = run(&app, plan(&dev, NetworkChoice::Keep)).await;
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::MeterNotReady);
    assert!(e.to_string().contains("NOT RECOGNIZED"), "{e}");
    // A name the device does not know is refused before anything is sent.
    let typo = SetupPlan {
        meter_interface: Some(("usb".into(), "dsmr".into())),
        ..plan(&dev, NetworkChoice::Keep)
    };
    assert_eq!(code(run(&app, typo).await.0), ErrorCode::InvalidInput);
    // The simulated meter is a P1 meter speaking DSMR.
    let chosen = SetupPlan {
        meter_interface: Some(("P1".into(), "DSMR".into())),
        ..plan(&dev, NetworkChoice::Keep)
    };
    let (r, _) = run(&app, chosen).await;
    assert_eq!(r.unwrap().meter_status, "OK");
    let m = Client::new(&dev.addr().to_string(), None)
        .unwrap()
        .meter_settings()
        .await
        .unwrap();
    assert_eq!(
        (m.if_type.as_deref(), m.protocol.as_deref()),
        (Some("p1"), Some("dsmr"))
    );
    app.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_transmit_power_goes_with_the_wifi_settings() {
    let dev = spawn_on_loopback(new_device(SimConfig {
        seed: 111,
        ..sim(whatwatt_sim::License::Plus, 0.1)
    }))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    let odd = NetworkChoice::Wifi {
        ssid: "HomeNet".into(),
        password: Some(Secret::new(HOME_PASSWORD)),
        static_ip: None,
        max_tx_power: Some(12.3),
    };
    assert_eq!(
        code(run(&app, plan(&dev, odd)).await.0),
        ErrorCode::InvalidInput
    );
    let low = NetworkChoice::Wifi {
        ssid: "HomeNet".into(),
        password: Some(Secret::new(HOME_PASSWORD)),
        static_ip: None,
        max_tx_power: Some(12.5),
    };
    let done = run(&app, plan(&dev, low)).await.0.unwrap();
    let station = done.address.trim_start_matches("http://").to_owned();
    let w = Client::new(&station, None)
        .unwrap()
        .wifi_sta_settings()
        .await
        .unwrap();
    assert_eq!(w.max_tx_power, Some(12.5));
    app.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_meter_set_up_again_follows_the_device_to_its_new_address() {
    let dev = spawn(SimConfig {
        seed: 112,
        ..sim(whatwatt_sim::License::Plus, 0.1)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    let first = run(&app, plan(&dev, NetworkChoice::Keep)).await.0.unwrap();
    assert_eq!(first.address, format!("http://{}", dev.addr()));
    // The same device, reached by another address (a new network, a new lease).
    let again = SetupPlan {
        address: format!("localhost:{}", dev.addr().port()),
        name: Some("Garage".into()),
        ..plan(&dev, NetworkChoice::Keep)
    };
    let done = run(&app, again).await.0.unwrap();
    assert_eq!(
        done.address,
        format!("http://localhost:{}", dev.addr().port())
    );
    let saved: Vec<_> = app
        .meters()
        .into_iter()
        .filter(|m| m.device_id == dev.id())
        .collect();
    assert_eq!(saved.len(), 1, "one meter, moved");
    assert_eq!(
        (saved[0].address.as_str(), saved[0].name.as_str()),
        (
            format!("localhost:{}", dev.addr().port()).as_str(),
            "Garage"
        )
    );
    app.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_on_its_own_wifi_is_found_as_the_computers_gateway() {
    let dev = spawn(SimConfig {
        seed: 113,
        setup_mode: true,
        mdns: false,
        ..sim(whatwatt_sim::License::Plus, 0.1)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = App::start(wattdesk_core::AppOptions {
        gateway: wattdesk_core::setup::GatewayPolicy::Fixed(dev.addr().to_string()),
        ..options(dir.path(), DemoMode::Off, MdnsPolicy::Off)
    })
    .await
    .unwrap();
    let found = within(20, "locating", app.setup_locate()).await;
    assert_eq!(found.len(), 1, "{found:?}");
    let c = &found[0];
    assert_eq!(
        (
            c.address.as_str(),
            c.device_id.as_str(),
            c.found_by,
            c.on_access_point,
            c.saved
        ),
        (
            dev.addr().to_string().as_str(),
            dev.id(),
            wattdesk_core::ipc::FoundBy::Gateway,
            true,
            false
        )
    );
    // The first screen's facts come with the scan.
    let scan = app.setup_scan(&c.address).await.unwrap();
    assert_eq!(scan.device.device_id, dev.id());
    assert!(scan.device.on_access_point && !scan.device.protected);
    assert!(scan.networks.iter().any(|n| n.ssid == "HomeNet"));
    // Nothing answers at the gateway: nothing is listed (and nothing hangs).
    let nobody = tempfile::tempdir().unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let app2 = App::start(wattdesk_core::AppOptions {
        gateway: wattdesk_core::setup::GatewayPolicy::Fixed(format!("127.0.0.1:{port}")),
        ..options(nobody.path(), DemoMode::Off, MdnsPolicy::Off)
    })
    .await
    .unwrap();
    assert!(within(20, "locating", app2.setup_locate()).await.is_empty());
    app.shutdown().await;
    app2.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_protected_meter_is_finished_without_typing_its_password_again() {
    let dev = spawn(SimConfig {
        seed: 114,
        key_required: true,
        meter_key: Some(KEY.into()),
        password: Some("garage-pw".into()),
        ..sim(whatwatt_sim::License::Plus, 0.1)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    app.add_meter(wattdesk_core::ipc::AddMeterRequest {
        address: dev.addr().to_string(),
        password: Some(Secret::new("garage-pw")),
        name: Some("Garage".into()),
    })
    .await
    .unwrap();
    // The wizard's first screen logs in as the saved meter does.
    let scan = app.setup_scan(&dev.addr().to_string()).await.unwrap();
    assert_eq!(scan.device.device_id, dev.id());
    assert!(scan.device.password_saved && scan.device.meter_status.is_some());
    let finish = SetupPlan {
        meter_key: Some(Secret::new(KEY)),
        ..plan(&dev, NetworkChoice::Keep)
    };
    let (r, seen) = run(&app, finish).await;
    assert_eq!(r.unwrap().meter_status, "OK");
    assert!(
        !seen
            .iter()
            .any(|p| matches!(p, SetupProgress::Warning { .. })),
        "no 'no password' warning: {seen:?}"
    );
    // Another device at an address nobody saved gets no saved password.
    let other = spawn(SimConfig {
        seed: 115,
        password: Some("other-pw".into()),
        ..sim(whatwatt_sim::License::Plus, 0.1)
    })
    .await;
    let (r, _) = run(&app, plan(&other, NetworkChoice::Keep)).await;
    assert_eq!(code(r), ErrorCode::PasswordRequired);
    app.shutdown().await;
    dev.shutdown().await;
    other.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_setup_run_again_at_the_home_address_finishes_without_redoing_harm() {
    // What the wizard's "Continue there" does after the device joined but was not found by itself.
    let dev = spawn_on_loopback(new_device(SimConfig {
        seed: 116,
        ..sim(whatwatt_sim::License::Plus, 0.1)
    }))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path()).await;
    let first = SetupPlan {
        password: Some(Secret::new("hall-meter-pw")),
        ..plan(&dev, wifi("HomeNet", HOME_PASSWORD))
    };
    run(&app, first).await.0.unwrap();
    let station = dev.station_addr().await.to_string();
    let again = SetupPlan {
        address: station.clone(),
        password: Some(Secret::new("hall-meter-pw")),
        ..plan(&dev, NetworkChoice::Keep)
    };
    let (r, seen) = run(&app, again).await;
    assert_eq!(r.unwrap().address, format!("http://{station}"));
    // The password it has is kept, not set again.
    assert!(seen.iter().any(|p| matches!(p, SetupProgress::Step { step: SetupStep::Protect, message, .. } if message.contains("already"))), "{seen:?}");
    assert_eq!(app.meters().len(), 1);
    app.shutdown().await;
    dev.shutdown().await;
}
