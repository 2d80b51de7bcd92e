//! "Today so far": the energy counters at the first reading of the day, so today's import and export
//! are counter differences. The day is cut in one time zone for the whole app: the computer's, or
//! the meter's when the user chose it (Settings); the UI states which.

use crate::ipc::{DayStart, TimeZoneChoice};
use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use whatwatt::Reading;

/// The meter's offset from UTC, from a reading carrying both its local time and the UTC instant,
/// rounded to 15 minutes (real zone offsets are multiples of it).
pub fn meter_offset(r: &Reading) -> Option<FixedOffset> {
    let (local, utc) = (r.local_time?, r.timestamp?);
    let diff = (local - utc.naive_utc()).num_seconds();
    FixedOffset::east_opt(((diff as f64) / 900.0).round() as i32 * 900)
}

/// The reading's wall-clock time in the chosen zone.
fn wall_time(r: &Reading, received: DateTime<Utc>, zone: TimeZoneChoice) -> NaiveDateTime {
    let instant = r.timestamp.unwrap_or(received);
    match (zone, r.local_time) {
        (TimeZoneChoice::Meter, Some(local)) => local,
        _ => instant.with_timezone(&chrono::Local).naive_local(),
    }
}

/// Updates the day baseline from a reading; true when a new day started (or the zone changed).
pub fn roll_day(
    today: &mut Option<DayStart>,
    r: &Reading,
    received: DateTime<Utc>,
    zone: TimeZoneChoice,
) -> bool {
    let local = wall_time(r, received, zone);
    let date = local.date().format("%Y-%m-%d").to_string();
    if today
        .as_ref()
        .is_some_and(|t| t.date == date && t.zone == zone)
    {
        return false;
    }
    let (Some(import_kwh), Some(export_kwh)) = (r.energy_import_kwh, r.energy_export_kwh) else {
        return false;
    };
    let since_midnight = local.time().signed_duration_since(chrono::NaiveTime::MIN);
    *today = Some(DayStart {
        date,
        import_kwh,
        export_kwh,
        since: local.time().format("%H:%M:%S").to_string(),
        since_ms: r.timestamp.unwrap_or(received).timestamp_millis(),
        zone,
        partial: since_midnight > chrono::Duration::minutes(5),
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(local: &str, offset_h: i64, import: f64) -> Reading {
        let local = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S").unwrap();
        Reading {
            local_time: Some(local),
            timestamp: Some((local - chrono::Duration::hours(offset_h)).and_utc()),
            energy_import_kwh: Some(import),
            energy_export_kwh: Some(1.0),
            ..Default::default()
        }
    }

    #[test]
    fn the_meter_zone_rolls_at_the_meters_midnight() {
        let mut today = None;
        let now = Utc::now();
        let m = TimeZoneChoice::Meter;
        assert!(roll_day(
            &mut today,
            &reading("2025-10-07 14:00:00", 1, 100.0),
            now,
            m
        ));
        let t = today.clone().unwrap();
        assert_eq!(
            (t.date.as_str(), t.import_kwh, t.partial, t.since.as_str()),
            ("2025-10-07", 100.0, true, "14:00:00")
        );
        assert!(!roll_day(
            &mut today,
            &reading("2025-10-07 23:59:59", 1, 110.0),
            now,
            m
        ));
        assert!(roll_day(
            &mut today,
            &reading("2025-10-08 00:00:02", 1, 110.5),
            now,
            m
        ));
        let t = today.unwrap();
        assert_eq!((t.import_kwh, t.partial), (110.5, false));
    }

    #[test]
    fn the_computer_zone_uses_the_instant_and_a_zone_change_starts_over() {
        let mut today = None;
        let r = reading("2025-10-07 14:00:00", 1, 100.0);
        let c = TimeZoneChoice::Computer;
        assert!(roll_day(&mut today, &r, Utc::now(), c));
        let t = today.clone().unwrap();
        let local = r.timestamp.unwrap().with_timezone(&chrono::Local);
        assert_eq!(t.date, local.format("%Y-%m-%d").to_string());
        assert_eq!(t.since, local.format("%H:%M:%S").to_string());
        assert_eq!(t.since_ms, r.timestamp.unwrap().timestamp_millis());
        // The user picks the meter's zone: the baseline starts again in that zone.
        assert!(roll_day(&mut today, &r, Utc::now(), TimeZoneChoice::Meter));
        assert_eq!(today.unwrap().zone, TimeZoneChoice::Meter);
    }

    #[test]
    fn the_offset_is_read_from_a_reading() {
        let r = reading("2025-10-07 14:00:00", 2, 1.0);
        assert_eq!(meter_offset(&r), FixedOffset::east_opt(7200));
        assert_eq!(meter_offset(&Reading::default()), None);
    }
}
