//! What a range cost: every quarter hour priced by the plan in force on its local day (energy by
//! register or by schedule, export credit), the monthly fee pro rata per day covered, VAT on
//! energy and fee. Quarter hours are the finest rollup that is kept for good and every tariff
//! boundary is on one.

use super::bucket::{energies, Agg, Width, EXPORT, IMPORT};
use super::db;
use super::tariff::{is_high, plan_on};
use super::zone::{self, Period};
use super::StoreError;
use crate::ipc::{CostBreakdown, CostLine, CostLineKind as K, EnergyPricing, TariffPlan};
use chrono::{DateTime, Datelike, NaiveDate};
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// One quarter hour's energy (kWh per register) of several meters added up, by start.
pub fn quarters(
    conn: &Connection,
    meters: &[i64],
    from: i64,
    to: i64,
) -> Result<BTreeMap<i64, [Option<f64>; 6]>, StoreError> {
    let mut out: BTreeMap<i64, [Option<f64>; 6]> = BTreeMap::new();
    for &m in meters {
        let rows = db::buckets(conn, m, Width::Quarter, from, to)?;
        let before = db::bucket_before(conn, m, Width::Quarter, from)?;
        let pairs: Vec<(i64, &Agg)> = rows.iter().map(|r| (r.series, &r.agg)).collect();
        let e = energies(before.as_ref().map(|b| (b.series, &b.agg)), &pairs);
        for (row, e) in rows.iter().zip(e) {
            let sum = out.entry(row.start).or_insert([None; 6]);
            for (s, v) in sum.iter_mut().zip(e) {
                if let Some(v) = v {
                    *s = Some(s.unwrap_or(0.0) + v);
                }
            }
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Line {
    kwh: f64,
    amount: f64,
}

/// The bill for `[from, to)`, and each quarter hour's net cost (energy with VAT minus export
/// credit; no fee) for charts in money.
pub fn costs(
    quarters: &BTreeMap<i64, [Option<f64>; 6]>,
    plans: &[(NaiveDate, TariffPlan)],
    from: i64,
    to: i64,
    tz: Tz,
) -> Option<(CostBreakdown, BTreeMap<i64, f64>)> {
    let last_plan =
        plan_on(plans, zone::local_date(tz, to - 1)).or_else(|| plans.first().map(|(_, p)| p))?;
    let mut lines: BTreeMap<K, Line> = BTreeMap::new();
    let mut per_quarter = BTreeMap::new();
    let (mut export_kwh, mut credit, mut unpriced, mut vat) = (0.0, 0.0, 0.0, 0.0);
    let mut used: Vec<String> = Vec::new();
    for (&start, e) in quarters {
        let local = DateTime::from_timestamp_millis(start)
            .unwrap_or_default()
            .with_timezone(&tz)
            .naive_local();
        let imp = e[IMPORT].unwrap_or(0.0);
        let Some(plan) = plan_on(plans, local.date()) else {
            unpriced += imp;
            continue;
        };
        if !used.contains(&plan.name) {
            used.push(plan.name.clone());
        }
        let mut add = |kind: K, kwh: f64, price: f64| -> f64 {
            let l = lines.entry(kind).or_default();
            l.kwh += kwh;
            l.amount += kwh * price;
            kwh * price
        };
        let energy = match &plan.energy {
            EnergyPricing::Flat { price_per_kwh } => add(K::Energy, imp, *price_per_kwh),
            EnergyPricing::Registers {
                t1_per_kwh,
                t2_per_kwh,
            } => match (e[1], e[2]) {
                (None, None) => add(K::EnergyUnsplit, imp, *t1_per_kwh),
                (t1, t2) => {
                    add(K::EnergyT1, t1.unwrap_or(0.0), *t1_per_kwh)
                        + add(K::EnergyT2, t2.unwrap_or(0.0), *t2_per_kwh)
                }
            },
            EnergyPricing::Schedule {
                high_per_kwh,
                low_per_kwh,
                high_hours,
            } => {
                if is_high(high_hours, local) {
                    add(K::EnergyHigh, imp, *high_per_kwh)
                } else {
                    add(K::EnergyLow, imp, *low_per_kwh)
                }
            }
        };
        let v = energy * plan.vat_pct.unwrap_or(0.0) / 100.0;
        vat += v;
        let exp = e[EXPORT].unwrap_or(0.0);
        export_kwh += exp;
        credit += exp * plan.export_credit_per_kwh;
        per_quarter.insert(start, energy + v - exp * plan.export_credit_per_kwh);
    }
    let mut fee = 0.0;
    let mut day = zone::local_date(tz, from);
    while zone::day_start_ms(tz, day) < to {
        let (a, b) = (
            zone::day_start_ms(tz, day),
            zone::day_start_ms(tz, Period::Day.next(day)),
        );
        let covered = (b.min(to) - a.max(from)).max(0) as f64 / (b - a).max(1) as f64;
        if let Some(plan) = plan_on(plans, day) {
            let f = plan.fixed_fee_per_month / f64::from(days_in_month(day)) * covered;
            fee += f;
            vat += f * plan.vat_pct.unwrap_or(0.0) / 100.0;
        }
        day = Period::Day.next(day);
    }
    let energy: Vec<CostLine> = lines
        .into_iter()
        .map(|(kind, l)| CostLine {
            kind,
            label: kind.label(),
            kwh: l.kwh,
            price_per_kwh: if l.kwh > 0.0 { l.amount / l.kwh } else { 0.0 },
            amount: l.amount,
        })
        .collect();
    let total = energy.iter().map(|l| l.amount).sum::<f64>() + fee + vat - credit;
    Some((
        CostBreakdown {
            currency: last_plan.currency.trim().to_ascii_uppercase(),
            energy,
            fixed_fee: fee,
            export_kwh,
            export_credit: credit,
            vat,
            total,
            unpriced_kwh: unpriced,
            plans: used,
        },
        per_quarter,
    ))
}

pub fn days_in_month(d: NaiveDate) -> u32 {
    let first = d.with_day(1).unwrap_or(d);
    let next = Period::Month.next(first);
    (next - first).num_days() as u32
}
