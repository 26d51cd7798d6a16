//! Reading and showing instants: stored in UTC, shown in the rule file's
//! zone, read from RFC 3339 or local `YYYY-MM-DD HH:MM[:SS[.fff]]` text.
//! Fractions of a second are kept to the nanosecond.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

pub const TIME_EXPECTED: &str =
    "a time like 2026-03-05T14:22:00Z, 2026-03-05 14:22 (in the rules' zone) or 2026-03-05";

/// Parses an instant. Text without an offset is local time in `zone`; a
/// local time skipped by a DST change is refused, an ambiguous one takes
/// the earlier instant.
pub fn parse_time(text: &str, zone: Tz) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let naive = [
        // `%.f` reads an optional `.` and fraction.
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    });
    let naive = naive.ok_or_else(|| format!("bad time {text:?}: expected {TIME_EXPECTED}"))?;
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, _) => Ok(a.with_timezone(&Utc)),
        LocalResult::None => Err(format!(
            "time {text:?} does not exist in {zone} (skipped by a daylight-saving change)"
        )),
    }
}

/// What [`parse_when`] reads besides [`parse_time`]'s forms.
pub const RELATIVE_EXPECTED: &str =
    "now, today, yesterday (midnight in the rules' zone) or how long ago: 7d, 2h, 1h30m";

/// Parses a time typed on the command line: any form [`parse_time`]
/// reads, or one relative to `now`: `now`; `today` and `yesterday`, the
/// midnight that starts them in `zone`; or a duration, meaning that long
/// before `now` (`--since 7d`: the last seven days; `--until 2h`: up to
/// two hours ago).
pub fn parse_when(text: &str, zone: Tz, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let word = text.trim().to_ascii_lowercase();
    let midnight = |days_back: u64| {
        let day = now.with_timezone(&zone).date_naive() - chrono::Days::new(days_back);
        let start = day.and_hms_opt(0, 0, 0).expect("midnight exists");
        // A zone whose day starts at 00:30 after a DST jump: the first moment there is.
        match zone.from_local_datetime(&start) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            LocalResult::None => zone
                .from_local_datetime(&(start + chrono::Duration::hours(1)))
                .earliest()
                .map_or(now, |t| t.with_timezone(&Utc)),
        }
    };
    match word.as_str() {
        "now" => return Ok(now),
        "today" => return Ok(midnight(0)),
        "yesterday" => return Ok(midnight(1)),
        _ => {}
    }
    if word.starts_with(|c: char| c.is_ascii_digit())
        && word.ends_with(|c: char| c.is_ascii_alphabetic())
    {
        if let Ok(ago) = crate::duration::Duration::parse(&word) {
            return Ok(now - ago.to_chrono());
        }
    }
    parse_time(text, zone).map_err(|e| format!("{e}, or {RELATIVE_EXPECTED}"))
}

/// `2026-03-05 14:22` in `zone`.
pub fn show(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

/// RFC 3339 with the zone's offset, for JSON and CSV; it always denotes
/// `t` exactly. RFC 3339 offsets have no seconds, so an instant whose
/// offset has some (local mean time before standard time, such as Berlin's
/// +00:53:28 before 1893) is written in UTC instead.
pub fn machine(t: DateTime<Utc>, zone: Tz) -> String {
    let local = t.with_timezone(&zone);
    if local.offset().fix().local_minus_utc() % 60 != 0 {
        return t.to_rfc3339();
    }
    local.to_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_text_is_read_in_the_zone() {
        let t = parse_time("2026-03-05 09:00", chrono_tz::Asia::Shanghai).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-05T01:00:00+00:00");
        let t = parse_time("2026-03-05T09:00:00+02:00", chrono_tz::Asia::Shanghai).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-05T07:00:00+00:00");
        assert_eq!(show(t, chrono_tz::Asia::Shanghai), "2026-03-05 15:00");
    }

    #[test]
    fn relative_times_count_back_from_now() {
        let zone = chrono_tz::Asia::Shanghai;
        // Tuesday 2026-03-03 10:30 in Shanghai.
        let now = parse_time("2026-03-03 10:30", zone).unwrap();
        let at = |text: &str| show(parse_when(text, zone, now).unwrap(), zone);
        assert_eq!(at("7d"), "2026-02-24 10:30");
        assert_eq!(at("2h"), "2026-03-03 08:30");
        assert_eq!(at("1h30m"), "2026-03-03 09:00");
        assert_eq!(at("today"), "2026-03-03 00:00");
        assert_eq!(at("Yesterday"), "2026-03-02 00:00");
        assert_eq!(at("now"), "2026-03-03 10:30");
        assert_eq!(at("2026-03-01"), "2026-03-01 00:00");
        let err = parse_when("soon", zone, now).unwrap_err();
        assert!(err.contains("yesterday") && err.contains("7d"), "{err}");
        assert!(parse_when("2026-13-01", zone, now).is_err());
    }

    #[test]
    fn fractions_of_a_second_are_kept() {
        let zone = chrono_tz::Asia::Shanghai;
        let t = parse_time("2025-03-03 09:00:00.400", zone).unwrap();
        assert_eq!(t.to_rfc3339(), "2025-03-03T01:00:00.400+00:00");
        let t = parse_time("2025-03-03T09:30:00.123456789", zone).unwrap();
        assert_eq!(t.timestamp_subsec_nanos(), 123_456_789);
        let t = parse_time("2025-03-03T01:30:00.5Z", zone).unwrap();
        assert_eq!(t.timestamp_subsec_millis(), 500);
        assert_eq!(machine(t, zone), "2025-03-03T09:30:00.500+08:00");
    }

    #[test]
    fn machine_form_of_a_local_mean_time_is_the_same_instant() {
        // Found by the `date` fuzz target: Berlin's offset in year 25 is
        // +00:53:28, which RFC 3339 would have cut to +00:53.
        let zone = chrono_tz::Europe::Berlin;
        let t = parse_time("0025-03-05T14:02", zone).unwrap();
        let text = machine(t, zone);
        assert_eq!(parse_time(&text, chrono_tz::UTC), Ok(t), "{text}");
        assert_eq!(text, "0025-03-05T13:08:32+00:00");
        let t = parse_time("2026-03-05 14:02", zone).unwrap();
        assert_eq!(machine(t, zone), "2026-03-05T14:02:00+01:00");
    }

    #[test]
    fn bad_and_skipped_times_are_refused() {
        assert!(parse_time("yesterday", chrono_tz::UTC)
            .unwrap_err()
            .contains("expected"));
        let err = parse_time("2026-03-29 02:30", chrono_tz::Europe::Berlin).unwrap_err();
        assert!(err.contains("does not exist"), "{err}");
    }
}
