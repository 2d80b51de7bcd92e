//! The rules' behaviour over time: each alert, its quiet hour and hysteresis.

use super::*;
use crate::ipc::Transport;
use crate::live::session::TimedReading;
use std::sync::Arc;

fn all_on() -> NotificationPrefs {
    NotificationPrefs {
        offline: true,
        low_voltage: true,
        stream_taken: true,
        peak: true,
        ..NotificationPrefs::default()
    }
}

fn t0() -> DateTime<Utc> {
    // A quarter-hour boundary (1_764_000_000 is one).
    DateTime::from_timestamp(1_764_000_000, 0).unwrap()
}

fn reading(at: DateTime<Utc>, f: impl FnOnce(&mut whatwatt::Reading)) -> SessionEvent {
    let mut reading = whatwatt::Reading {
        timestamp: Some(at),
        ..Default::default()
    };
    f(&mut reading);
    SessionEvent::Reading(Arc::new(TimedReading {
        reading,
        transport: Transport::Sse,
        received: at,
        bytes: 0,
    }))
}

fn offline() -> SessionEvent {
    SessionEvent::State(SessionState::Offline {
        retry_in_s: 5,
        reason: "no answer".into(),
    })
}

#[test]
fn offline_said_once_after_the_limit_and_again_only_after_quiet() {
    let mut w = Watch::new(all_on(), Duration::hours(1));
    let t = t0();
    assert!(w.event("a", &offline(), t).is_empty());
    assert!(w.tick(t + Duration::minutes(9)).is_empty());
    let said = w.tick(t + Duration::minutes(10));
    assert_eq!(said.len(), 1);
    assert_eq!(said[0].detail, AlertDetail::Offline { minutes: 10 });
    assert!(w.tick(t + Duration::minutes(30)).is_empty(), "same outage");
    // Back, then away again within the quiet hour: not said again.
    w.event(
        "a",
        &reading(t + Duration::minutes(31), |_| {}),
        t + Duration::minutes(31),
    );
    w.event("a", &offline(), t + Duration::minutes(32));
    assert!(w.tick(t + Duration::minutes(50)).is_empty());
    // A new outage after the quiet period is said.
    w.event(
        "a",
        &reading(t + Duration::minutes(80), |_| {}),
        t + Duration::minutes(80),
    );
    w.event("a", &offline(), t + Duration::minutes(81));
    assert_eq!(w.tick(t + Duration::minutes(95)).len(), 1);
}

#[test]
fn reconnect_attempts_do_not_end_an_outage_and_off_means_silent() {
    let mut w = Watch::new(all_on(), Duration::hours(1));
    let t = t0();
    w.event("a", &offline(), t);
    w.event(
        "a",
        &SessionEvent::State(SessionState::Connecting { attempt: 2 }),
        t + Duration::minutes(5),
    );
    assert_eq!(w.tick(t + Duration::minutes(11)).len(), 1);
    let mut off = Watch::new(NotificationPrefs::default(), Duration::hours(1));
    off.event("a", &offline(), t);
    assert!(off.tick(t + Duration::hours(5)).is_empty());
}

#[test]
fn low_voltage_needs_three_readings_and_recovery_with_hysteresis() {
    let mut w = Watch::new(all_on(), Duration::zero());
    let t = t0();
    let low = |w: &mut Watch, s: i64, v: f64| {
        let at = t + Duration::seconds(s);
        w.event(
            "a",
            &reading(at, |r| {
                r.voltage_l1_v = Some(231.0);
                r.voltage_l2_v = Some(v);
                r.voltage_l3_v = Some(0.0);
            }),
            at,
        )
    };
    assert!(low(&mut w, 1, 200.0).is_empty());
    assert!(low(&mut w, 2, 200.0).is_empty());
    let said = low(&mut w, 3, 199.4);
    assert_eq!(said.len(), 1);
    assert_eq!(
        said[0].detail,
        AlertDetail::LowVoltage {
            phase: 2,
            volts: 199.4,
            limit: 207
        }
    );
    assert!(low(&mut w, 4, 200.0).is_empty(), "same episode");
    // Just above the limit is not a recovery; 3 V above is.
    for s in 5..8 {
        low(&mut w, s, 208.0);
    }
    for s in 8..11 {
        assert!(low(&mut w, s, 200.0).is_empty());
    }
    low(&mut w, 11, 215.0);
    low(&mut w, 12, 200.0);
    low(&mut w, 13, 200.0);
    assert_eq!(low(&mut w, 14, 200.0).len(), 1);
}

#[test]
fn stream_taken_once_per_episode() {
    let mut w = Watch::new(all_on(), Duration::zero());
    let t = t0();
    let taken = SessionEvent::State(SessionState::Preempted {
        fallback: None,
        retry_in_s: 30,
    });
    assert_eq!(w.event("a", &taken, t).len(), 1);
    assert!(w.event("a", &taken, t + Duration::seconds(30)).is_empty());
    w.event(
        "a",
        &SessionEvent::State(SessionState::Live {
            transport: Transport::Sse,
        }),
        t + Duration::seconds(60),
    );
    assert_eq!(w.event("a", &taken, t + Duration::seconds(90)).len(), 1);
}

#[test]
fn peak_warns_when_the_quarter_heads_over_the_limit() {
    let mut w = Watch::new(all_on(), Duration::hours(1));
    w.set_limit(Some(5.0));
    let t = t0();
    let at = |s: i64, kwh: f64, kw: f64| {
        let when = t + Duration::seconds(s);
        (
            reading(when, |r| {
                r.energy_import_kwh = Some(kwh);
                r.power_import_kw = Some(kw);
            }),
            when,
        )
    };
    let (ev, when) = at(0, 100.0, 8.0);
    assert!(
        w.event("a", &ev, when).is_empty(),
        "first reading only sets the base"
    );
    // 60 s in: too early to say.
    let (ev, when) = at(60, 100.13, 8.0);
    assert!(w.event("a", &ev, when).is_empty());
    // 180 s in: 0.4 kWh so far + 8 kW for 720 s = 2 kWh → 8 kW average, over 5.
    let (ev, when) = at(180, 100.4, 8.0);
    let said = w.event("a", &ev, when);
    assert_eq!(said.len(), 1);
    let AlertDetail::Peak {
        projected_kw,
        limit_kw,
    } = said[0].detail
    else {
        panic!()
    };
    assert!(
        (projected_kw - 8.0).abs() < 1e-9 && limit_kw == 5.0,
        "{projected_kw}"
    );
    // Once per quarter (and the quiet hour holds it for the next ones too).
    let (ev, when) = at(300, 100.7, 8.0);
    assert!(w.event("a", &ev, when).is_empty());
    // A household under the limit says nothing.
    let mut calm = Watch::new(all_on(), Duration::hours(1));
    calm.set_limit(Some(5.0));
    for (s, kwh) in [(0, 10.0), (200, 10.05), (400, 10.1)] {
        let (ev, when) = at(s, kwh, 1.0);
        assert!(calm.event("b", &ev, when).is_empty());
    }
}

#[test]
fn texts_in_every_language_fill_their_placeholders() {
    let a = Alert {
        kind: AlertKind::LowVoltage,
        device_id: "a".into(),
        at: t0(),
        detail: AlertDetail::LowVoltage {
            phase: 2,
            volts: 199.6,
            limit: 207,
        },
    };
    for lang in crate::ipc::Language::ALL {
        let (title, body) = a.text("Küche", lang, "de-DE");
        assert!(
            !title.is_empty()
                && body.contains("Küche")
                && body.contains("200")
                && !body.contains('{'),
            "{body}"
        );
    }
}
