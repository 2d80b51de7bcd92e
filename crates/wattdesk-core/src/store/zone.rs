//! Where days, weeks, months and years begin: in a named IANA zone, so a DST day has 23 or 25 hours
//! and its buckets still add up. Instants are UTC milliseconds everywhere else in the store.

use super::StoreError;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// Overrides the computer's zone (tests, a headless box set to UTC that should cut days elsewhere).
pub const ENV_TZ: &str = "WATTDESK_TZ";

/// The zone the user's days are cut in: `WATTDESK_TZ`, else the computer's, else UTC.
pub fn user_zone() -> Tz {
    std::env::var(ENV_TZ)
        .ok()
        .and_then(|z| z.parse().ok())
        .or_else(|| iana_time_zone::get_timezone().ok()?.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// An IANA zone name ("Europe/Zurich", "UTC").
pub fn parse_zone(name: &str) -> Result<Tz, StoreError> {
    name.trim().parse().map_err(|_| {
        StoreError::BadRequest(format!(
            "\"{name}\" is not a time zone name (like Europe/Zurich or UTC)"
        ))
    })
}

/// A calendar period the user thinks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Day,
    /// Monday to Sunday.
    Week,
    Month,
    Year,
}

impl Period {
    /// The first day of the period `date` is in.
    pub fn first_day(self, date: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => date,
            Period::Week => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
            Period::Month => date.with_day(1).unwrap_or(date),
            Period::Year => date.with_ordinal(1).unwrap_or(date),
        }
    }

    /// The first day of the next period after the one starting on `first`.
    pub fn next(self, first: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => first + Duration::days(1),
            Period::Week => first + Duration::days(7),
            Period::Month => first
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(first + Duration::days(31)),
            Period::Year => first
                .checked_add_months(chrono::Months::new(12))
                .unwrap_or(first + Duration::days(366)),
        }
    }

    /// The first day of the previous period.
    pub fn previous(self, first: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => first - Duration::days(1),
            Period::Week => first - Duration::days(7),
            Period::Month => first
                .checked_sub_months(chrono::Months::new(1))
                .unwrap_or(first - Duration::days(30)),
            Period::Year => first
                .checked_sub_months(chrono::Months::new(12))
                .unwrap_or(first - Duration::days(365)),
        }
    }
}

/// The instant local midnight begins `date` in `tz`. Where a DST change skips midnight (a few zones
/// change at 00:00), the day begins at the first local time that exists.
pub fn day_start(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let mut local = date.and_time(chrono::NaiveTime::MIN);
    for _ in 0..8 {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => local += Duration::minutes(15),
        }
    }
    local.and_utc()
}

/// Milliseconds version of [`day_start`].
pub fn day_start_ms(tz: Tz, date: NaiveDate) -> i64 {
    day_start(tz, date).timestamp_millis()
}

/// The local date of an instant.
pub fn local_date(tz: Tz, ms: i64) -> NaiveDate {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
}

/// The instant the period containing `ms` starts.
pub fn period_start_ms(tz: Tz, period: Period, ms: i64) -> i64 {
    day_start_ms(tz, period.first_day(local_date(tz, ms)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        let z: Tz = "Europe/Zurich".parse().unwrap();
        let len = |day: &str| {
            let a = day_start_ms(z, d(day));
            let b = day_start_ms(z, Period::Day.next(d(day)));
            (b - a) / 3_600_000
        };
        assert_eq!(len("2026-03-29"), 23);
        assert_eq!(len("2026-10-25"), 25);
        assert_eq!(len("2026-06-01"), 24);
    }

    #[test]
    fn a_zone_that_skips_midnight_starts_the_day_at_one() {
        // Chile moved its clocks at 00:00 → 01:00 on 2026-09-06.
        let z: Tz = "America/Santiago".parse().unwrap();
        let start = day_start(z, d("2026-09-06")).with_timezone(&z);
        assert_eq!(start.date_naive(), d("2026-09-06"));
        assert!(start.time() > chrono::NaiveTime::MIN);
    }

    #[test]
    fn periods_start_on_monday_the_first_and_new_year() {
        assert_eq!(Period::Week.first_day(d("2026-12-03")), d("2026-11-30"));
        assert_eq!(Period::Month.next(d("2026-01-01")), d("2026-02-01"));
        assert_eq!(Period::Month.previous(d("2026-03-01")), d("2026-02-01"));
        assert_eq!(Period::Year.first_day(d("2026-12-03")), d("2026-01-01"));
    }

    #[test]
    fn unknown_zone_names_are_a_clear_error() {
        let e = parse_zone("Mars/Olympus").unwrap_err().to_string();
        assert!(e.contains("Mars/Olympus"), "{e}");
    }
}
