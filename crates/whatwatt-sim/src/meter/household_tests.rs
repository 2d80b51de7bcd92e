//! The household model against what a real home looks like: shares, ranges, determinism.
use super::*;
use chrono::TimeDelta;

type Run = Vec<(DateTime<FixedOffset>, Sample)>;

/// Steps `n` times by `dt_ms`, starting `offset_h` after Monday 2024-06-03 00:00 UTC+1.
fn run(seed: u64, phases: Phases, offset_h: i64, dt_ms: i64, n: i64) -> Run {
    let monday = DateTime::parse_from_rfc3339("2024-06-03T00:00:00+01:00").expect("time");
    let from = monday + TimeDelta::hours(offset_h);
    let mut h = Household::new(HouseholdConfig {
        seed,
        phases,
        ..Default::default()
    });
    (1..=n)
        .map(|k| from + TimeDelta::milliseconds(k * dt_ms))
        .map(|now| (now, h.step(now, dt_ms as f64 / 1000.0)))
        .collect()
}

fn check(s: &Sample, n: usize) {
    let all = [
        s.import_kw,
        s.export_kw,
        s.reactive_import_kvar,
        s.reactive_export_kvar,
    ];
    for a in all.into_iter().chain([s.voltage_v, s.current_a]) {
        assert!(a.iter().all(|x| x.is_finite() && *x >= 0.0), "{s:?}");
        assert!(
            a[n..].iter().all(|x| *x == 0.0),
            "inactive phase not zero: {s:?}"
        );
    }
    let rounding = [(s.import_kw, 1e3), (s.export_kw, 1e3), (s.voltage_v, 10.0)];
    for (a, scale) in rounding.into_iter().chain([(s.current_a, 100.0)]) {
        assert!(a.iter().all(|x| *x == (x * scale).round() / scale), "{s:?}");
    }
    let mut sum = 0.0;
    for i in 0..n {
        let net = s.import_kw[i] - s.export_kw[i];
        let amps = net.abs() * 1000.0 / s.voltage_v[i];
        assert_eq!(s.import_kw[i] * s.export_kw[i], 0.0, "{s:?}");
        assert_eq!(s.reactive_import_kvar[i] * s.reactive_export_kvar[i], 0.0);
        assert!((215.0..=250.0).contains(&s.voltage_v[i]), "{s:?}");
        assert!(
            (amps - 0.006..2.0 * amps + 0.006).contains(&s.current_a[i]),
            "{s:?}"
        );
        sum += net;
    }
    assert!((s.import_total_kw - pos(sum)).abs() < 1e-9, "{s:?}");
    assert!((s.export_total_kw - pos(-sum)).abs() < 1e-9, "{s:?}");
    assert!((0.5..=1.0).contains(&s.power_factor), "{s:?}");
}

#[test]
fn same_seed_is_bit_identical_and_seeds_differ() {
    let a = run(42, Phases::Three, 0, 5000, 20_000);
    let bits = |r: &Run| r.iter().map(|(_, s)| format!("{s:?}")).collect::<Vec<_>>();
    assert_eq!(bits(&a), bits(&run(42, Phases::Three, 0, 5000, 20_000)));
    assert_ne!(a, run(43, Phases::Three, 0, 5000, 20_000));
}

#[test]
fn invariants_hold_at_5s_and_100hz_and_single_phase_leaves_l2_l3_zero() {
    for (phases, n) in [(Phases::Three, 3), (Phases::One, 1)] {
        // 48 h at 5 s, then 100 Hz for a minute in the evening peak and at midday export.
        let slow = run(3, phases, 0, 5000, 48 * 720);
        let fast = [run(3, phases, 18, 10, 6000), run(3, phases, 12, 10, 6000)];
        fast.iter()
            .chain([&slow])
            .flatten()
            .for_each(|(_, s)| check(s, n));
        // Single-phase mode carries both directions on L1 alone.
        assert!(slow.iter().any(|(_, s)| s.import_kw[0] > 1.0));
        assert!(slow.iter().any(|(_, s)| s.export_kw[0] > 1.0));
    }
}

#[test]
fn daily_shape_midday_export_evening_import_quiet_night() {
    for phases in [Phases::Three, Phases::One] {
        // A full week (weekdays and weekend) at 5 s, averaged per local hour.
        let mut acc = [[0.0; 3]; 24];
        for (t, s) in run(7, phases, 0, 5000, 7 * 17_280) {
            let a = &mut acc[t.hour() as usize];
            *a = [
                a[0] + s.import_total_kw,
                a[1] + s.export_total_kw,
                a[2] + 1.0,
            ];
        }
        let avg = |lo: usize, hi: usize, col: usize| {
            acc[lo..hi].iter().map(|a| a[col] / a[2]).sum::<f64>() / (hi - lo) as f64
        };
        let (exp_mid, exp_eve) = (avg(11, 14, 1), avg(19, 21, 1));
        let (imp_eve, imp_night) = (avg(18, 21, 0), avg(2, 5, 0));
        let msg =
            format!("{phases:?}: export {exp_mid} / {exp_eve}, import {imp_eve} / {imp_night}");
        assert!(exp_mid > 1.0 && exp_mid > exp_eve, "{msg}");
        assert!(
            imp_eve > 0.5 && imp_eve > imp_night && avg(19, 20, 0) > 0.5,
            "{msg}"
        );
        assert!(imp_night < 0.4 && avg(2, 5, 1) == 0.0, "{msg}");
    }
}
