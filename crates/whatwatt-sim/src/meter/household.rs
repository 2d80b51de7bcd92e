//! Seeded household model at the grid connection: consumption minus rooftop PV.
//!
//! Every random draw comes from one seeded `StdRng`, and the only inputs are the
//! `(now, dt_s)` pairs passed to [`Household::step`], so the same seed and call
//! sequence reproduce the same samples bit for bit.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::f64::consts::PI;

/// Number of phases at the grid connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phases {
    One,
    Three,
}

/// Parameters of the simulated household.
#[derive(Debug, Clone)]
pub struct HouseholdConfig {
    /// Seed of the random generator; the same seed gives the same household.
    pub seed: u64,
    /// Single-phase or three-phase connection.
    pub phases: Phases,
    /// PV peak power in kW (0 = no PV).
    pub pv_peak_kw: f64,
    /// Always-on base load in kW.
    pub base_load_kw: f64,
    /// Nominal phase voltage in V (230.0).
    pub nominal_voltage_v: f64,
}

impl Default for HouseholdConfig {
    fn default() -> Self {
        Self {
            seed: 1,
            phases: Phases::Three,
            pv_peak_kw: 6.0,
            base_load_kw: 0.18,
            nominal_voltage_v: 230.0,
        }
    }
}

/// Instantaneous values at the grid connection for one meter report.
/// Arrays are per phase [L1, L2, L3]; for Phases::One only index 0 is meaningful and L2/L3 are 0.0.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Active power drawn from the grid per phase, kW, >= 0.
    pub import_kw: [f64; 3],
    /// Active power fed into the grid per phase, kW, >= 0. For each phase at most one of import/export is > 0.
    pub export_kw: [f64; 3],
    /// Sum over phases of the signed net power, split: total import = max(sum,0), total export = max(-sum,0). kW.
    pub import_total_kw: f64,
    /// See `import_total_kw`; kW, >= 0.
    pub export_total_kw: f64,
    /// Reactive power per phase (Q+ inductive import, Q- export), kvar, >= 0.
    pub reactive_import_kvar: [f64; 3],
    /// Reactive power fed into the grid per phase (capacitive), kvar, >= 0.
    pub reactive_export_kvar: [f64; 3],
    /// RMS voltage per phase, V (≈ nominal ± a few volts; drops slightly with load, rises slightly with export).
    pub voltage_v: [f64; 3],
    /// RMS current per phase, A (= |net phase power| * 1000 / voltage / power factor, rounded to 0.01 A).
    pub current_a: [f64; 3],
    /// Total power factor 0..=1 (in practice 0.5..=1.0).
    pub power_factor: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Kettle,
    Oven,
    Hob,
    Washer,
    Dishwasher,
}

use Kind::{Dishwasher, Hob, Kettle, Oven, Washer};
const KINDS: [Kind; 5] = [Kettle, Oven, Hob, Washer, Dishwasher];

impl Kind {
    /// (phase index in three-phase installations, displacement power factor, min and max run
    /// time in s). Big loads are spread over L1..L3; heaters are resistive, motors inductive.
    fn spec(self) -> (usize, f64, f64, f64) {
        match self {
            Kettle => (0, 1.0, 150.0, 240.0),
            Oven => (1, 1.0, 1800.0, 3300.0),
            Hob => (2, 0.99, 600.0, 1500.0),
            Washer => (2, 0.85, 4800.0, 6600.0),
            Dishwasher => (1, 0.9, 6000.0, 8400.0),
        }
    }

    /// Mean arrivals per hour at local `hour`.
    fn rate_per_h(self, hour: u32, weekend: bool) -> f64 {
        match (self, hour) {
            (Kettle, 6..=8) if !weekend => 0.9,
            (Kettle, 7..=10) if weekend => 0.8,
            (Kettle, 11..=13 | 15..=16) => 0.3,
            (Kettle, 17..=21) => 0.4,
            (Kettle, 9..=23) => 0.08,
            (Oven, 17..=19) => 0.35,
            (Oven | Hob, 11..=12) if weekend => 0.4,
            (Hob, 11..=12) => 0.15,
            (Hob, 17..=19) => 0.5,
            (Washer, 8..=19) if weekend => 0.15,
            (Washer, 8..=19) => 0.04,
            (Dishwasher, 20..=22) => 0.3,
            (Dishwasher, 13..=14) if weekend => 0.2,
            _ => 0.0,
        }
    }

    /// Power in kW `t` s into a run lasting `dur` s (thermostat cycling, programme phases).
    fn power_kw(self, t: f64, dur: f64) -> f64 {
        match self {
            Kettle => 2.0,
            Oven if t < 720.0 || t % 180.0 < 90.0 => 2.5,
            Hob if t % 120.0 < 80.0 => 1.4,
            Hob => 0.3,
            Washer if t < 180.0 => 0.1,
            Washer if t < 1200.0 => 2.0,
            Washer if t < dur - 720.0 => 0.3,
            Washer if t < dur - 120.0 => 0.5,
            Dishwasher if t < 300.0 => 0.1,
            Dishwasher if t < 1500.0 || (dur - 1800.0..dur - 900.0).contains(&t) => 1.8,
            Dishwasher if t < dur - 900.0 => 0.15,
            Oven | Washer | Dishwasher => 0.05,
        }
    }
}

/// Ornstein–Uhlenbeck step, discretised exactly so that any `dt` gives the same statistics.
fn ou(x: &mut f64, rng: &mut StdRng, dt: f64, tau_s: f64, sigma: f64) {
    let a = (-dt / tau_s).exp();
    let (u1, u2) = (1.0 - rng.random::<f64>(), rng.random::<f64>()); // u1 in (0, 1]: ln finite
    *x = *x * a + sigma * (1.0 - a * a).sqrt() * (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos();
}

fn gauss(x: f64, centre: f64, width: f64) -> f64 {
    (-0.5 * ((x - centre) / width).powi(2)).exp()
}

/// Reactive power (kvar) of a load of `p` kW with displacement power factor `pf`.
fn q_of(p: f64, pf: f64) -> f64 {
    p * (1.0 / (pf * pf) - 1.0).sqrt()
}

fn round_to(x: f64, scale: f64) -> f64 {
    (x * scale).round() / scale + 0.0 // `+ 0.0` turns -0.0 into 0.0
}

fn pos(x: f64) -> f64 {
    x.max(0.0) + 0.0 // NaN -> 0, -0.0 -> 0.0
}

/// A simulated household; see the module docs.
pub struct Household {
    cfg: HouseholdConfig,
    rng: StdRng,
    /// Running appliances as (kind, elapsed s, run time s).
    runs: Vec<(Kind, f64, f64)>,
    fridge_on: bool,
    fridge_left_s: f64,
    day: Option<NaiveDate>,
    /// Today's clearness, 0.5..=1.0 of clear-sky PV.
    clear_day: f64,
    /// Tonight's EV session as (start, second of day; duration, s), until it starts.
    ev_plan: Option<(f64, f64)>,
    ev_left_s: f64,
    cloud: f64,
    /// Standby electronics never draw a perfectly flat line: a few watts of flicker.
    flicker: f64,
    activity: f64,
    grid_v: f64,
    phase_v_offset: [f64; 3],
}

impl Household {
    /// Creates the household; all randomness is derived from `config.seed`.
    pub fn new(config: HouseholdConfig) -> Self {
        let mut rng = StdRng::seed_from_u64(config.seed);
        let fridge_left_s = rng.random_range(0.0..900.0);
        let phase_v_offset = [(); 3].map(|()| rng.random_range(-1.0..1.0));
        Self {
            cfg: config,
            rng,
            runs: Vec::new(),
            fridge_on: false,
            fridge_left_s,
            day: None,
            clear_day: 1.0,
            ev_plan: None,
            ev_left_s: 0.0,
            cloud: 0.0,
            flicker: 0.0,
            activity: 0.0,
            grid_v: 0.0,
            phase_v_offset,
        }
    }

    /// Advance the model by `dt_s` seconds (> 0; may be as small as 0.01 for a 100 Hz fast mode or as large as 7 s) and
    /// return the values at local time `now` (the local wall-clock hour/day-of-week drive the daily profile; weekends may differ).
    pub fn step(&mut self, now: DateTime<FixedOffset>, dt_s: f64) -> Sample {
        let dt = if dt_s > 0.0 { dt_s.min(3600.0) } else { 0.0 }; // NaN -> 0
        let three = self.cfg.phases == Phases::Three;
        let weekend = matches!(now.weekday(), Weekday::Sat | Weekday::Sun);
        let sod = f64::from(now.num_seconds_from_midnight())
            + f64::from(now.nanosecond() % 1_000_000_000) * 1e-9;
        let hour = sod / 3600.0;
        let ev_kw = if three { 11.0 } else { 3.7 };
        if self.day != Some(now.date_naive()) {
            self.day = Some(now.date_naive());
            // The squared draw skews towards sunny days, so midday export stays typical.
            self.clear_day = 1.0 - 0.5 * self.rng.random::<f64>().powi(2);
            let p_ev = if weekend { 0.2 } else { 0.35 };
            // Sessions end by ~1:30 so that the small hours stay at base load.
            let hours = if three { 0.7..2.5 } else { 1.5..4.0 };
            self.ev_plan = self.rng.random_bool(p_ev).then(|| {
                let start_s = self.rng.random_range(18.0..21.5) * 3600.0;
                (start_s, self.rng.random_range(hours) * 3600.0)
            });
        }
        if dt > 0.0 {
            ou(&mut self.cloud, &mut self.rng, dt, 600.0, 0.15);
            ou(&mut self.activity, &mut self.rng, dt, 120.0, 0.25);
            ou(&mut self.grid_v, &mut self.rng, dt, 600.0, 1.0);
            ou(&mut self.flicker, &mut self.rng, dt, 5.0, 0.008);
            self.fridge_left_s -= dt;
            while self.fridge_left_s <= 0.0 {
                self.fridge_on = !self.fridge_on;
                let mean_s = if self.fridge_on { 900.0 } else { 1800.0 };
                self.fridge_left_s += self.rng.random_range(0.8 * mean_s..1.2 * mean_s);
            }
            self.ev_left_s = (self.ev_left_s - dt).max(0.0);
            self.runs.iter_mut().for_each(|r| r.1 += dt);
            self.runs.retain(|r| r.1 < r.2);
            for kind in KINDS {
                // Arrival probability over dt of a Poisson process: the mean rate does not
                // depend on the step size.
                let p = -(-kind.rate_per_h(now.hour(), weekend) * dt / 3600.0).exp_m1();
                if p > 0.0 && self.rng.random::<f64>() < p && self.runs.iter().all(|r| r.0 != kind)
                {
                    let (_, _, lo, hi) = kind.spec();
                    self.runs.push((kind, 0.0, self.rng.random_range(lo..hi)));
                }
            }
        }
        if let Some((_, dur_s)) = self.ev_plan.filter(|&(start_s, _)| sod >= start_s) {
            self.ev_left_s = dur_s;
            self.ev_plan = None;
        }

        let (mut p, mut q) = ([0.0f64; 3], [0.0f64; 3]);
        let mut put = |weights: [f64; 3], kw: f64, kvar: f64| {
            let w = if three { weights } else { [1.0, 0.0, 0.0] };
            for i in 0..3 {
                p[i] += w[i] * kw;
                q[i] += w[i] * kvar;
            }
        };
        let even = [1.0 / 3.0; 3];
        let one_hot = |i: usize| [0, 1, 2].map(|j| f64::from(u8::from(i == j)));
        // Standby electronics are slightly capacitive, which is why meters show Q- at night.
        let standby = (self.cfg.base_load_kw + self.flicker).max(0.0);
        put(even, standby, -0.25 * standby);
        let morning = if weekend { 8.5 } else { 7.0 };
        let daytime = if weekend { 0.2 } else { 0.05 };
        let act = 0.35 * gauss(hour, morning, 0.8)
            + daytime * gauss(hour, 13.0, 2.5)
            + 0.55 * gauss(hour, 19.5, 1.5);
        let act = act * (1.0 + self.activity).max(0.0);
        put([0.4, 0.35, 0.25], act, 0.2 * act);
        if self.fridge_on {
            put(one_hot(0), 0.12, q_of(0.12, 0.75));
        }
        for &(kind, t, dur) in &self.runs {
            let (phase, pf, _, _) = kind.spec();
            let kw = kind.power_kw(t, dur);
            put(one_hot(phase), kw, q_of(kw, pf));
        }
        if self.ev_left_s > 0.0 {
            put(even, ev_kw, q_of(ev_kw, 0.99));
        }
        // Clear-sky bell between sunrise 6 h and sunset 20 h, peaking at 13 h; 0.9 = system losses.
        let clear_sky = (PI * ((hour - 6.0) / 14.0).clamp(0.0, 1.0)).sin().powi(2);
        let sun = clear_sky * (self.clear_day + self.cloud).clamp(0.05, 1.0);
        put(even, -0.9 * self.cfg.pv_peak_kw.max(0.0) * sun, 0.0);

        let n = if three { 3 } else { 1 };
        let nom = self.cfg.nominal_voltage_v;
        // Neighbourhood demand and PV move the local grid voltage: high at night, low in the
        // evening peak, up at a sunny noon; the household's own net power adds a small drop.
        let v_grid = 2.0 * gauss(hour, 3.0, 3.0) - 2.5 * gauss(hour, 19.5, 1.5) + 2.5 * sun;
        let net = p.map(|x| round_to(x, 1e3));
        let qr = q.map(|x| round_to(x, 1e3));
        let volts: [f64; 3] = std::array::from_fn(|i| {
            let v = nom + self.phase_v_offset[i] + v_grid + self.grid_v - 0.6 * net[i];
            round_to(v.clamp(0.935 * nom, 1.087 * nom), 10.0)
        });
        let pf: [f64; 3] =
            std::array::from_fn(|i| (net[i].abs() / net[i].hypot(qr[i]).max(1e-9)).clamp(0.5, 1.0));
        let amps = std::array::from_fn(|i| round_to(net[i].abs() * 1e3 / volts[i] / pf[i], 100.0));
        let p_abs: f64 = net.iter().map(|x| x.abs()).sum();
        let s_abs: f64 = (0..3).map(|i| net[i].abs() / pf[i]).sum();
        let pf_total = if s_abs > 0.0 { p_abs / s_abs } else { 1.0 };
        let sum = round_to(net.iter().sum(), 1e3);
        Sample {
            import_kw: net.map(pos),
            export_kw: net.map(|x| pos(-x)),
            import_total_kw: pos(sum),
            export_total_kw: pos(-sum),
            reactive_import_kvar: qr.map(pos),
            reactive_export_kvar: qr.map(|x| pos(-x)),
            voltage_v: std::array::from_fn(|i| if i < n { volts[i] } else { 0.0 }),
            current_a: amps,
            power_factor: round_to(pf_total, 1e3).clamp(0.5, 1.0),
        }
    }
}

#[cfg(test)]
#[path = "household_tests.rs"]
mod tests;
