//! The policy's rules, one test each, with time passed in: no sockets, no sleeps.
use super::*;

fn timing() -> Timing {
    Timing::default()
}

fn unreachable() -> Error {
    Error::Unreachable {
        target: "10.0.0.9:80".into(),
        reason: "connection refused".into(),
    }
}

fn run_of(next: &Next) -> &Run {
    match next {
        Next::Run(r) => r,
        other => panic!("expected a run, got {other:?}"),
    }
}

#[test]
fn auto_starts_on_the_live_stream_whatever_the_licence() {
    for plus in [false, true] {
        let mut p = Policy::new(TransportChoice::Auto, true, &timing());
        let next = p.plan(plus, Instant::now());
        assert_eq!(run_of(&next).transport, Transport::Sse);
        assert_eq!(run_of(&next).window, None);
    }
}

#[test]
fn polling_on_free_is_refused_with_a_reason_and_a_wait() {
    let mut p = Policy::new(TransportChoice::Poll, false, &timing());
    match p.plan(false, Instant::now()) {
        Next::Wait {
            state: SessionState::LicenseRequired { detail },
            wait,
            ..
        } => {
            assert!(detail.contains("PLUS"), "{detail}");
            assert_eq!(wait, timing().auth_retry);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        run_of(&p.plan(true, Instant::now())).transport,
        Transport::Poll
    );
}

#[test]
fn a_take_over_on_plus_falls_back_to_mqtt_then_polling_and_back_to_the_stream() {
    let t = timing();
    let now = Instant::now();
    let mut p = Policy::new(TransportChoice::Auto, true, &t);
    let first = p.plan(true, now);
    assert_eq!(run_of(&first).transport, Transport::Sse);
    match p.after(&Outcome::TakenOver, now) {
        Next::Again(Some(SessionState::Preempted {
            fallback: Some(Transport::Mqtt),
            retry_in_s,
        })) => assert_eq!(retry_in_s, t.preempt_hold.as_secs()),
        other => panic!("{other:?}"),
    }
    let next = p.plan(true, now + Duration::from_secs(1));
    let run = run_of(&next).clone();
    assert_eq!(run.transport, Transport::Mqtt);
    assert_eq!(run.window, Some(now + t.preempt_hold));
    // MQTT silent: polling stands in, within the same window.
    let silent = Outcome::Stale {
        transport: Transport::Mqtt,
        silent: Duration::from_secs(90),
    };
    let poll = p.instead(&run, &silent).expect("polling instead");
    assert_eq!((poll.transport, poll.window), (Transport::Poll, run.window));
    // The window ends: the stream is tried again.
    assert_eq!(p.after(&Outcome::WindowOver, now), Next::Again(None));
    assert_eq!(
        run_of(&p.plan(true, now + t.preempt_hold)).transport,
        Transport::Sse
    );
}

#[test]
fn a_take_over_without_mqtt_polls_and_a_plain_stale_mqtt_run_is_not_replaced() {
    let now = Instant::now();
    let mut p = Policy::new(TransportChoice::Auto, false, &timing());
    p.plan(true, now);
    p.after(&Outcome::TakenOver, now);
    assert_eq!(run_of(&p.plan(true, now)).transport, Transport::Poll);
    let alone = Run {
        transport: Transport::Mqtt,
        window: None,
        device_back: false,
    };
    let stale = Outcome::Stale {
        transport: Transport::Mqtt,
        silent: Duration::from_secs(1),
    };
    assert_eq!(p.instead(&alone, &stale), None);
}

#[test]
fn a_take_over_on_free_waits_longer_each_time_and_keeps_the_stream() {
    let t = timing();
    let now = Instant::now();
    let mut p = Policy::new(TransportChoice::Auto, true, &t);
    p.plan(false, now);
    let mut waits = Vec::new();
    for _ in 0..4 {
        match p.after(&Outcome::TakenOver, now) {
            Next::Wait {
                state: SessionState::Preempted { fallback: None, .. },
                wait,
                until_reachable: false,
            } => waits.push(wait),
            other => panic!("{other:?}"),
        }
    }
    assert!(waits[0] >= t.preempt_retry.mul_f64(0.8), "{waits:?}");
    assert!(waits[3] > waits[0], "grows: {waits:?}");
    assert!(waits.iter().all(|w| *w <= t.preempt_retry * 5), "{waits:?}");
    // After the wait it is the stream again (FREE has nothing else).
    assert_eq!(
        run_of(&p.plan(false, now + waits[3])).transport,
        Transport::Sse
    );
}

#[test]
fn a_chosen_transport_is_kept_after_a_take_over() {
    let now = Instant::now();
    let mut p = Policy::new(TransportChoice::Sse, true, &timing());
    p.plan(true, now);
    assert!(matches!(
        p.after(&Outcome::TakenOver, now),
        Next::Wait {
            state: SessionState::Preempted { fallback: None, .. },
            ..
        }
    ));
    let next = p.plan(true, now);
    assert_eq!(
        (run_of(&next).transport, run_of(&next).window),
        (Transport::Sse, None)
    );
}

#[test]
fn offline_backs_off_probes_reachability_and_resets_once_live() {
    let mut p = Policy::new(TransportChoice::Auto, false, &timing());
    let mut waits = Vec::new();
    for _ in 0..3 {
        match p.after(&Outcome::Failed(unreachable()), Instant::now()) {
            Next::Wait {
                state: SessionState::Offline { reason, .. },
                wait,
                until_reachable: true,
            } => {
                assert!(reason.contains("unreachable"), "{reason}");
                waits.push(wait);
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(waits[2] > waits[0], "{waits:?}");
    p.live();
    match p.after(&Outcome::Failed(unreachable()), Instant::now()) {
        Next::Wait { wait, .. } => assert!(wait <= Duration::from_millis(1200), "{wait:?}"),
        other => panic!("{other:?}"),
    }
    // A device-side error other than the connection: no reachability probe.
    match p.after(
        &Outcome::Failed(Error::StreamBroken("reset".into())),
        Instant::now(),
    ) {
        Next::Wait {
            until_reachable, ..
        } => assert!(!until_reachable),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_silent_device_hands_over_to_mqtt_only_when_that_can_work() {
    let t = timing();
    let mut p = Policy::new(TransportChoice::Auto, true, &t);
    let next = p.device_silent(&unreachable());
    assert!(run_of(&next).device_back);
    assert_eq!(run_of(&next).transport, Transport::Mqtt);
    // A FREE device publishes nothing: offline instead.
    p.plan(false, Instant::now());
    assert!(matches!(
        p.device_silent(&unreachable()),
        Next::Wait {
            state: SessionState::Offline { .. },
            ..
        }
    ));
    // Nor when MQTT is not set up, or a transport was chosen.
    let mut p = Policy::new(TransportChoice::Auto, false, &t);
    assert!(matches!(p.device_silent(&unreachable()), Next::Wait { .. }));
    let mut p = Policy::new(TransportChoice::Sse, true, &t);
    assert!(matches!(p.device_silent(&unreachable()), Next::Wait { .. }));
}

#[test]
fn refused_passwords_wait_and_say_which() {
    let t = timing();
    let mut p = Policy::new(TransportChoice::Auto, true, &t);
    for (f, want) in [
        (AuthFailure::PasswordRequired, SessionState::NeedsPassword),
        (AuthFailure::WrongPassword, SessionState::WrongPassword),
        // A Basic challenge after Digest: the password was withheld; the user decides.
        (AuthFailure::BasicRefused, SessionState::BasicRefused),
    ] {
        assert_eq!(
            p.device_silent(&Error::Unauthorized(f)),
            Next::Wait {
                state: want,
                wait: t.auth_retry,
                until_reachable: false
            }
        );
    }
    assert_eq!(
        p.after(
            &Outcome::Failed(Error::Unauthorized(AuthFailure::WrongPassword)),
            Instant::now()
        ),
        Next::Again(None)
    );
}

#[test]
fn stale_broker_and_cancel() {
    let mut p = Policy::new(TransportChoice::Mqtt, true, &timing());
    assert!(matches!(
        p.after(
            &Outcome::Stale {
                transport: Transport::Mqtt,
                silent: Duration::from_secs(91)
            },
            Instant::now()
        ),
        Next::Again(Some(SessionState::Stale { silent_s, .. })) if silent_s == 91.0
    ));
    match p.after(&Outcome::Broker(BrokerError::NotAuthorized), Instant::now()) {
        Next::Wait {
            state: SessionState::Offline { reason, .. },
            ..
        } => assert!(reason.starts_with("MQTT broker:"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(p.after(&Outcome::Cancelled, Instant::now()), Next::Stop);
}

#[test]
fn mqtt_alone_runs_mqtt_or_parks_when_not_set_up() {
    let t = timing();
    assert_eq!(
        Policy::new(TransportChoice::Auto, true, &t).mqtt_alone(),
        None
    );
    assert!(matches!(
        Policy::new(TransportChoice::Mqtt, true, &t).mqtt_alone(),
        Some(Next::Run(Run {
            transport: Transport::Mqtt,
            ..
        }))
    ));
    assert!(matches!(
        Policy::new(TransportChoice::Mqtt, false, &t).mqtt_alone(),
        Some(Next::Park(SessionState::Offline { .. }))
    ));
}

#[test]
fn stale_and_poll_periods_respect_their_floors() {
    let floor = Duration::from_secs(10);
    assert_eq!(stale_after(1.0, floor), floor);
    assert_eq!(stale_after(30.0, floor), Duration::from_secs(90));
    assert_eq!(
        poll_period(0.01, Duration::from_secs(1)),
        Duration::from_secs(1)
    );
    assert_eq!(
        poll_period(6.8, Duration::from_secs(1)),
        Duration::from_secs_f64(6.8)
    );
}
