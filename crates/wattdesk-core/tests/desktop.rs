//! The desktop room against real parts: a simulated meter on 127.0.0.1:0 and the app's own sessions.
//! Alerts follow the saved choices (a low-voltage limit above the mains makes every reading "low"),
//! and pausing from the tray stops the sessions and resuming brings them back.
#![allow(clippy::unwrap_used)]

mod common;

use common::{add, sim, spawn, start_app, until};
use wattdesk_core::alerts::{AlertDetail, AlertKind};
use wattdesk_core::ipc::{Language, NotificationPrefs, Preferences, SessionState};
use wattdesk_core::{DemoMode, TrayValue};
use whatwatt_sim::License;

#[tokio::test]
async fn low_voltage_alert_follows_the_saved_choice_and_pause_stops_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let dev = spawn(sim(License::Plus, 0.2)).await;
    let app = start_app(dir.path(), DemoMode::Off).await;
    let mut alerts = app.subscribe_alerts();
    add(&app, &dev).await;

    // Off by default: readings flow, nothing is said.
    until(20, "a net power value for the tray", || {
        let app = app.clone();
        async move {
            matches!(app.tray_summary().meters.first()?.now, TrayValue::NetW(_)).then_some(())
        }
    })
    .await;
    assert!(
        alerts.try_recv().is_err(),
        "no alert while notifications are off"
    );

    // On, with a limit above any mains voltage: said once (three readings in a row), in German.
    app.set_preferences(Preferences {
        language: Some(Language::De),
        notifications: NotificationPrefs {
            low_voltage: true,
            low_voltage_volts: 260,
            ..NotificationPrefs::default()
        },
        ..Preferences::default()
    })
    .unwrap();
    let alert = tokio::time::timeout(std::time::Duration::from_secs(20), alerts.recv())
        .await
        .expect("a low-voltage alert within 20 s")
        .unwrap();
    assert_eq!(alert.kind, AlertKind::LowVoltage);
    assert!(alert.device_id.eq_ignore_ascii_case(dev.id()));
    let AlertDetail::LowVoltage { volts, limit, .. } = alert.detail else {
        panic!("{alert:?}")
    };
    assert!(volts > 200.0 && volts < 260.0 && limit == 260, "{volts} V");
    let locale = app.locale(Some("fr_CH.UTF-8"));
    assert_eq!(
        locale.language,
        Language::De,
        "the choice wins over the computer"
    );
    let (title, body) = alert.text("Haus", locale.language, &locale.format_tag);
    assert_eq!(title, "Niedrige Netzspannung");
    assert!(body.starts_with("Haus: Phase L"), "{body}");

    // The quiet period holds: five more low readings, no second alert for the same meter and kind.
    let mut events = app.subscribe_meter(&alert.device_id).unwrap();
    let mut readings = 0;
    while readings < 5 {
        let ev = tokio::time::timeout(std::time::Duration::from_secs(10), events.recv())
            .await
            .expect("readings keep coming")
            .unwrap();
        if matches!(ev, wattdesk_core::live::session::SessionEvent::Reading(_)) {
            readings += 1;
        }
    }
    assert!(matches!(
        alerts.try_recv(),
        Err(tokio::sync::broadcast::error::TryRecvError::Empty)
    ));

    // Pause from the tray: the session stops; resume: it is live again.
    app.set_live_paused(true).await;
    assert!(app.tray_summary().paused);
    until(10, "the session stopped", || {
        let app = app.clone();
        async move {
            app.meters()
                .iter()
                .all(|m| !matches!(m.connection, Some(SessionState::Live { .. })))
                .then_some(())
        }
    })
    .await;
    app.set_live_paused(false).await;
    until(20, "live again after resume", || {
        let app = app.clone();
        async move {
            app.meters()
                .iter()
                .any(|m| matches!(m.connection, Some(SessionState::Live { .. })))
                .then_some(())
        }
    })
    .await;
    app.shutdown().await;
}
