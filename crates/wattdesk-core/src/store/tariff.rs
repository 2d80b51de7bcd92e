//! Tariff plans: which plan prices a moment (plans start on local dates; a new one never rewrites
//! the past), whether a moment is in high-tariff hours, and the checks a plan must pass.

use super::StoreError;
use crate::ipc::{EnergyPricing, TariffPlan, TariffSettings};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

pub fn valid_from(plan: &TariffPlan) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(plan.valid_from.trim(), "%Y-%m-%d").map_err(|_| {
        StoreError::BadRequest(format!(
            "plan \"{}\": \"{}\" is not a date (YYYY-MM-DD)",
            plan.name, plan.valid_from
        ))
    })
}

/// Plans sorted by start, each checked: prices finite and not negative (export credit may not be
/// negative either), hours within 0..=24, days 1..=7, a currency, no two plans on one day.
pub fn checked(settings: &TariffSettings) -> Result<Vec<(NaiveDate, TariffPlan)>, StoreError> {
    let bad = |plan: &TariffPlan, what: &str| {
        StoreError::BadRequest(format!("plan \"{}\": {what}", plan.name))
    };
    let mut out = Vec::new();
    for p in &settings.plans {
        let from = valid_from(p)?;
        let price_ok = |v: f64| v.is_finite() && (0.0..=100.0).contains(&v);
        let prices: Vec<f64> = match &p.energy {
            EnergyPricing::Flat { price_per_kwh } => vec![*price_per_kwh],
            EnergyPricing::Registers {
                t1_per_kwh,
                t2_per_kwh,
            } => vec![*t1_per_kwh, *t2_per_kwh],
            EnergyPricing::Schedule {
                high_per_kwh,
                low_per_kwh,
                high_hours,
            } => {
                for h in high_hours {
                    if h.days.is_empty() || h.days.iter().any(|d| !(1..=7).contains(d)) {
                        return Err(bad(p, "high-tariff days are 1 (Monday) to 7 (Sunday)"));
                    }
                    if h.from_hour >= h.to_hour || h.to_hour > 24 {
                        return Err(bad(
                            p,
                            "high-tariff hours run from an hour to a later one (0–24)",
                        ));
                    }
                }
                vec![*high_per_kwh, *low_per_kwh]
            }
        };
        if !prices.into_iter().all(price_ok) {
            return Err(bad(p, "energy prices are between 0 and 100 per kWh"));
        }
        if !price_ok(p.export_credit_per_kwh) {
            return Err(bad(p, "the export credit is between 0 and 100 per kWh"));
        }
        if !(p.fixed_fee_per_month.is_finite()
            && (0.0..=100_000.0).contains(&p.fixed_fee_per_month))
        {
            return Err(bad(p, "the monthly fee is between 0 and 100,000"));
        }
        if p.vat_pct
            .is_some_and(|v| !(v.is_finite() && (0.0..=100.0).contains(&v)))
        {
            return Err(bad(p, "VAT is a percentage between 0 and 100"));
        }
        let cur = p.currency.trim();
        if cur.len() != 3 || !cur.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(bad(
                p,
                "the currency is a three-letter code like CHF or EUR",
            ));
        }
        out.push((from, p.clone()));
    }
    out.sort_by_key(|(d, _)| *d);
    if let Some(w) = out.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(StoreError::BadRequest(format!(
            "two plans start on {}: one plan per start day",
            w[0].0
        )));
    }
    if let Some(l) = settings.quarter_limit_kw {
        if !(l.is_finite() && l > 0.0 && l <= 1000.0) {
            return Err(StoreError::BadRequest(
                "the quarter-hour limit is between 0 and 1,000 kW".into(),
            ));
        }
    }
    Ok(out)
}

/// The plan in force on a local date.
pub fn plan_on(plans: &[(NaiveDate, TariffPlan)], date: NaiveDate) -> Option<&TariffPlan> {
    plans
        .iter()
        .rev()
        .find(|(from, _)| *from <= date)
        .map(|(_, p)| p)
}

/// High tariff at a local moment?
pub fn is_high(high_hours: &[crate::ipc::HighHours], local: NaiveDateTime) -> bool {
    let day = local.weekday().number_from_monday() as u8;
    let hour = local.hour() as u8;
    high_hours
        .iter()
        .any(|h| h.days.contains(&day) && h.from_hour <= hour && hour < h.to_hour)
}

/// The example plan from this month on.
pub fn example_plan_now() -> TariffPlan {
    example_plan(chrono::Local::now().date_naive())
}

/// The Swiss-style example plan the settings panel starts from.
pub fn example_plan(today: NaiveDate) -> TariffPlan {
    TariffPlan {
        name: "My electricity plan".into(),
        valid_from: today
            .with_day(1)
            .unwrap_or(today)
            .format("%Y-%m-%d")
            .to_string(),
        currency: "CHF".into(),
        energy: EnergyPricing::Schedule {
            high_per_kwh: 0.32,
            low_per_kwh: 0.24,
            high_hours: vec![
                crate::ipc::HighHours {
                    days: vec![1, 2, 3, 4, 5],
                    from_hour: 7,
                    to_hour: 20,
                },
                crate::ipc::HighHours {
                    days: vec![6],
                    from_hour: 7,
                    to_hour: 13,
                },
            ],
        },
        export_credit_per_kwh: 0.10,
        fixed_fee_per_month: 8.0,
        vat_pct: None,
    }
}
