use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDateTime};
use proptest::prelude::*;

use super::*;
use crate::rules::{Holiday, WeekHours, Zone};

fn ranges(list: &[&str]) -> Option<Vec<TimeRange>> {
    Some(list.iter().map(|r| TimeRange::parse(r).unwrap()).collect())
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn spec(zone: Tz, hours: WeekHours, holidays: &[&str]) -> CalendarSpec {
    CalendarSpec {
        timezone: Some(Zone(zone)),
        hours,
        holidays: holidays.iter().map(|d| Holiday(date(d))).collect(),
    }
}

fn office_hours() -> WeekHours {
    WeekHours {
        weekdays: ranges(&["09:00-18:00"]),
        ..Default::default()
    }
}

fn compile(spec: &CalendarSpec) -> Calendar {
    Calendar::from_spec(spec, chrono_tz::UTC).unwrap()
}

/// A wall-clock time in `zone` (earliest if ambiguous).
fn local(zone: Tz, text: &str) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .unwrap();
    zone.from_local_datetime(&naive)
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

fn utc(text: &str) -> DateTime<Utc> {
    local(chrono_tz::UTC, text)
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

fn hours(h: i64) -> Duration {
    Duration::from_hours(h)
}

fn pause(start: DateTime<Utc>, end: DateTime<Utc>) -> Pause {
    Pause {
        start,
        end: Some(end),
    }
}

// ---------------------------------------------------------------- tables

#[test]
fn friday_evening_rolls_over_the_weekend() {
    let cal = compile(&spec(chrono_tz::Asia::Shanghai, office_hours(), &[]));
    let sh = chrono_tz::Asia::Shanghai;
    // 2026-01-09 is a Friday.
    let start = local(sh, "2026-01-09 17:30");
    assert_eq!(
        cal.due(start, hours(1), &[]),
        Some(local(sh, "2026-01-12 09:30"))
    );
    assert_eq!(
        cal.elapsed(start, local(sh, "2026-01-12 09:30"), &[]),
        hours(1)
    );
    // A target that ends exactly at closing time is due then, not the next morning.
    assert_eq!(
        cal.due(local(sh, "2026-01-09 17:00"), hours(1), &[]),
        Some(local(sh, "2026-01-09 18:00"))
    );
}

#[test]
fn a_monday_holiday_pushes_to_tuesday() {
    let sh = chrono_tz::Asia::Shanghai;
    let cal = compile(&spec(sh, office_hours(), &["2026-01-12"]));
    assert_eq!(
        cal.due(local(sh, "2026-01-09 17:30"), hours(1), &[]),
        Some(local(sh, "2026-01-13 09:30"))
    );
}

#[test]
fn overnight_shift() {
    let hours_ = WeekHours {
        weekdays: ranges(&["22:00-06:00"]),
        weekend: ranges(&["22:00-06:00"]),
        ..Default::default()
    };
    let cal = compile(&spec(chrono_tz::UTC, hours_, &[]));
    assert_eq!(
        cal.due(utc("2026-01-14 05:30"), hours(1), &[]),
        Some(utc("2026-01-14 22:30"))
    );
    assert_eq!(
        cal.due(utc("2026-01-14 23:00"), hours(2), &[]),
        Some(utc("2026-01-15 01:00"))
    );
    assert_eq!(
        cal.elapsed(utc("2026-01-14 00:00"), utc("2026-01-15 00:00"), &[]),
        hours(8)
    );
}

#[test]
fn a_holiday_keeps_the_shift_that_runs_into_it() {
    // Monday to Friday nights; Wednesday 2026-01-14 is a holiday.
    let hours_ = WeekHours {
        weekdays: ranges(&["22:00-06:00"]),
        ..Default::default()
    };
    let cal = compile(&spec(chrono_tz::UTC, hours_, &["2026-01-14"]));
    // Tuesday's shift runs into the holiday morning...
    assert!(cal.is_working(utc("2026-01-14 03:00")));
    // ...the holiday's own shift (and its morning part on Thursday) is gone.
    assert!(!cal.is_working(utc("2026-01-14 23:00")));
    assert!(!cal.is_working(utc("2026-01-15 03:00")));
    assert_eq!(
        cal.due(utc("2026-01-14 05:00"), hours(2), &[]),
        Some(utc("2026-01-15 23:00"))
    );
    // Friday's shift runs into Saturday, Saturday has none of its own.
    assert!(cal.is_working(utc("2026-01-17 05:59:59")));
    assert!(!cal.is_working(utc("2026-01-17 06:00")));
    assert!(!cal.is_working(utc("2026-01-18 03:00")));
    assert!(cal.is_working(utc("2026-01-20 03:00")));
}

#[test]
fn a_pending_pause_shifts_due_by_its_business_time() {
    let sh = chrono_tz::Asia::Shanghai;
    let cal = compile(&spec(sh, office_hours(), &[]));
    // Monday 2026-01-12 10:00, 16 business hours: Tuesday 17:00 unpaused.
    let start = local(sh, "2026-01-12 10:00");
    assert_eq!(
        cal.due(start, hours(16), &[]),
        Some(local(sh, "2026-01-13 17:00"))
    );
    // Pending from Tuesday 12:00 to Thursday 12:00: 6 + 9 + 3 business hours.
    let pending = pause(local(sh, "2026-01-13 12:00"), local(sh, "2026-01-15 12:00"));
    assert_eq!(
        cal.elapsed(pending.start, pending.end.unwrap(), &[]),
        hours(18)
    );
    let due = cal.due(start, hours(16), &[pending]).unwrap();
    assert_eq!(due, local(sh, "2026-01-15 17:00"));
    assert_eq!(cal.due(start, hours(16 + 18), &[]), Some(due));
    assert_eq!(cal.elapsed(start, due, &[pending]), hours(16));
    // Still pending: the clock is stopped, and elapsed stops at the pause.
    let open = Pause {
        start: pending.start,
        end: None,
    };
    assert_eq!(cal.due(start, hours(16), &[open]), None);
    assert_eq!(
        cal.elapsed(start, local(sh, "2026-01-20 12:00"), &[open]),
        hours(8 + 3)
    );
}

#[test]
fn berlin_spring_forward_night_is_five_hours() {
    let berlin = chrono_tz::Europe::Berlin;
    let night = WeekHours {
        weekdays: ranges(&["00:00-06:00"]),
        weekend: ranges(&["00:00-06:00"]),
        ..Default::default()
    };
    let cal = compile(&spec(berlin, night, &[]));
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    let start = local(berlin, "2026-03-29 00:00");
    assert_eq!(start, utc("2026-03-28 23:00"));
    assert_eq!(
        cal.elapsed(start, local(berlin, "2026-03-29 12:00"), &[]),
        hours(5)
    );
    assert_eq!(cal.due(start, hours(5), &[]), Some(utc("2026-03-29 04:00")));
    assert_eq!(
        cal.due(start, Duration::from_secs(5 * 3600 + 60), &[]),
        Some(utc("2026-03-29 22:01"))
    );
    assert_eq!(cal.due(start, hours(2), &[]), Some(utc("2026-03-29 01:00")));
    assert_eq!(
        cal.due(start, Duration::from_secs(2 * 3600 + 1), &[]),
        Some(utc("2026-03-29 01:00:01"))
    );
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET; the night is 7 hours.
    let start = local(berlin, "2026-10-25 00:00");
    assert_eq!(
        cal.elapsed(start, local(berlin, "2026-10-25 12:00"), &[]),
        hours(7)
    );
    assert_eq!(cal.due(start, hours(7), &[]), Some(utc("2026-10-25 05:00")));
}

#[test]
fn an_interval_ending_in_the_repeated_hour_ends_at_its_first_pass() {
    let berlin = chrono_tz::Europe::Berlin;
    let hours_ = WeekHours {
        weekdays: ranges(&["01:00-02:30"]),
        weekend: ranges(&["01:00-02:30", "03:30-04:00"]),
        ..Default::default()
    };
    let cal = compile(&spec(berlin, hours_, &[]));
    // Sunday 2026-10-25: 02:00-03:00 happens twice, first as CEST.
    let day = (utc("2026-10-24 12:00"), utc("2026-10-25 12:00"));
    assert_eq!(
        cal.elapsed(day.0, day.1, &[]),
        Duration::from_secs(5400 + 1800)
    );
    assert!(cal.is_working(utc("2026-10-25 00:10"))); // 02:10 CEST
    assert!(!cal.is_working(utc("2026-10-25 01:10"))); // 02:10 CET
                                                       // Spring forward: 01:00-02:30 loses the nonexistent half hour.
    let day = (utc("2026-03-28 12:00"), utc("2026-03-29 12:00"));
    assert_eq!(
        cal.elapsed(day.0, day.1, &[]),
        Duration::from_secs(3600 + 1800)
    );
}

#[test]
fn the_repeated_hour_counts_inside_an_interval_that_spans_it() {
    let ny = chrono_tz::America::New_York;
    let hours_ = WeekHours {
        weekend: ranges(&["00:30-01:30"]),
        ..Default::default()
    };
    let cal = compile(&spec(ny, hours_, &[]));
    // 2026-11-01 01:00-02:00 EDT, then 01:00-02:00 EST again. An interval
    // ending at 01:30 ends at the first 01:30.
    let day = (utc("2026-11-01 00:00"), utc("2026-11-02 00:00"));
    assert_eq!(cal.elapsed(day.0, day.1, &[]), hours(1));
    let hours_ = WeekHours {
        weekend: ranges(&["00:30-02:30"]),
        ..Default::default()
    };
    let cal = compile(&spec(ny, hours_, &[]));
    assert_eq!(cal.elapsed(day.0, day.1, &[]), hours(3));
}

#[test]
fn shanghai_nine_is_one_utc() {
    let sh = chrono_tz::Asia::Shanghai;
    let cal = compile(&spec(sh, office_hours(), &[]));
    assert_eq!(cal.zone(), sh);
    assert!(!cal.is_working(utc("2026-01-12 00:59:59")));
    assert!(cal.is_working(utc("2026-01-12 01:00")));
    assert!(cal.is_working(utc("2026-01-12 09:59:59")));
    assert!(!cal.is_working(utc("2026-01-12 10:00")));
    assert_eq!(
        cal.next_working(utc("2026-01-11 20:00")),
        Some(utc("2026-01-12 01:00"))
    );
    let t = utc("2026-01-12 03:00");
    assert_eq!(cal.next_working(t), Some(t));
    // The default zone applies when the calendar names none.
    let mut unzoned = spec(sh, office_hours(), &[]);
    unzoned.timezone = None;
    let cal = Calendar::from_spec(&unzoned, sh).unwrap();
    assert!(cal.is_working(utc("2026-01-12 01:00")));
}

#[test]
fn zero_target_is_due_at_once() {
    let cal = compile(&spec(chrono_tz::UTC, office_hours(), &[]));
    let sunday = utc("2026-01-11 03:00");
    assert_eq!(cal.due(sunday, Duration::ZERO, &[]), Some(sunday));
    assert_eq!(cal.elapsed(sunday, sunday, &[]), Duration::ZERO);
    assert_eq!(
        cal.elapsed(sunday, utc("2026-01-10 03:00"), &[]),
        Duration::ZERO
    );
}

#[test]
fn unreachable_targets_are_none() {
    let cal = compile(&spec(chrono_tz::UTC, office_hours(), &[]));
    let start = utc("2026-01-12 09:00");
    // 45 hours a week: 50 years hold about 117k hours.
    assert_eq!(cal.due(start, hours(200_000), &[]), None);
    assert!(cal.due(start, hours(100_000), &[]).is_some());
}

#[test]
fn always_is_plain_arithmetic() {
    let cal = Calendar::always();
    assert!(cal.is_always());
    assert_eq!(cal.zone(), chrono_tz::UTC);
    let start = utc("2026-01-09 17:30");
    assert_eq!(cal.due(start, hours(1), &[]), Some(utc("2026-01-09 18:30")));
    let p = pause(utc("2026-01-09 18:00"), utc("2026-01-09 20:00"));
    assert_eq!(
        cal.due(start, hours(1), &[p]),
        Some(utc("2026-01-09 20:30"))
    );
    assert_eq!(cal.elapsed(start, utc("2026-01-10 17:30"), &[p]), hours(22));
    assert!(cal.is_working(start));
}

#[test]
fn overlapping_and_unsorted_pauses_count_once() {
    let cal = compile(&spec(chrono_tz::UTC, office_hours(), &[]));
    let (s, e) = (utc("2026-01-12 09:00"), utc("2026-01-12 18:00"));
    let a = pause(utc("2026-01-12 10:00"), utc("2026-01-12 12:00"));
    let b = pause(utc("2026-01-12 11:00"), utc("2026-01-12 13:00"));
    let c = pause(utc("2026-01-12 11:30"), utc("2026-01-12 11:45"));
    assert_eq!(cal.elapsed(s, e, &[a, b, c]), hours(6));
    assert_eq!(cal.elapsed(s, e, &[c, b, a]), hours(6));
    assert_eq!(cal.due(s, hours(6), &[b, c, a]), Some(e));
    // A pause that ends before it starts is ignored.
    let bad = pause(utc("2026-01-12 13:00"), utc("2026-01-12 10:00"));
    assert_eq!(cal.elapsed(s, e, &[bad]), hours(9));
}

// ---------------------------------------------------------------- from_spec

fn error(hours_: WeekHours) -> String {
    Calendar::from_spec(&spec(chrono_tz::UTC, hours_, &[]), chrono_tz::UTC).unwrap_err()
}

#[test]
fn from_spec_errors() {
    assert!(error(WeekHours::default()).starts_with("no working hours"));
    assert_eq!(
        error(WeekHours {
            mon: ranges(&["09:00-12:00", "11:00-13:00"]),
            ..Default::default()
        }),
        "mon 09:00-12:00 overlaps 11:00-13:00"
    );
    assert_eq!(
        error(WeekHours {
            weekdays: ranges(&["11:00-13:00", "09:00-18:00"]),
            ..Default::default()
        }),
        "weekdays 09:00-18:00 overlaps 11:00-13:00"
    );
    assert_eq!(
        error(WeekHours {
            weekend: ranges(&["10:00-11:00", "10:00-11:00"]),
            ..Default::default()
        }),
        "weekend 10:00-11:00 overlaps 10:00-11:00"
    );
    assert_eq!(
        error(WeekHours {
            sun: ranges(&["22:00-06:00"]),
            mon: ranges(&["05:00-09:00"]),
            ..Default::default()
        }),
        "sun 22:00-06:00 runs past midnight and overlaps mon 05:00-09:00"
    );
    assert_eq!(
        error(WeekHours {
            weekdays: ranges(&["00:00-24:00"]),
            sun: ranges(&["23:00-01:00"]),
            ..Default::default()
        }),
        "sun 23:00-01:00 runs past midnight and overlaps mon 00:00-24:00"
    );
    assert_eq!(
        error(WeekHours {
            tue: ranges(&["22:00-06:00", "23:00-23:30"]),
            ..Default::default()
        }),
        "tue 22:00-06:00 overlaps 23:00-23:30"
    );
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
    assert!(error(WeekHours {
        wed: Some(vec![TimeRange {
            start: noon,
            end: Some(noon)
        }]),
        ..Default::default()
    })
    .starts_with("wed 12:00-12:00 is empty"));
}

#[test]
fn from_spec_accepts_touching_intervals() {
    let ok = |h: WeekHours| Calendar::from_spec(&spec(chrono_tz::UTC, h, &[]), chrono_tz::UTC);
    ok(WeekHours {
        weekdays: ranges(&["09:00-12:00", "12:00-13:00", "22:00-00:00"]),
        ..Default::default()
    })
    .unwrap();
    ok(WeekHours {
        weekdays: ranges(&["00:00-24:00"]),
        sun: ranges(&["18:00-00:00"]),
        ..Default::default()
    })
    .unwrap();
    let cal = ok(WeekHours {
        sun: ranges(&["22:00-06:00"]),
        mon: ranges(&["06:00-09:00"]),
        ..Default::default()
    })
    .unwrap();
    // Sunday 2026-01-11 22:00 to Monday 09:00 in one stretch.
    assert_eq!(
        cal.due(utc("2026-01-11 22:00"), hours(11), &[]),
        Some(utc("2026-01-12 09:00"))
    );
}

// ---------------------------------------------------------------- reference model

/// Straight from the definition, one local date at a time: each interval of
/// each non-holiday date becomes a real span through chrono-tz (earliest
/// instant if ambiguous, end of the gap if nonexistent).
struct Reference {
    zone: Tz,
    week: [Vec<TimeRange>; 7],
    holidays: HashSet<NaiveDate>,
}

impl Reference {
    fn new(spec: &CalendarSpec) -> Reference {
        Reference {
            zone: spec.timezone.unwrap().0,
            week: spec.hours.by_weekday(),
            holidays: spec.holidays.iter().map(|h| h.0).collect(),
        }
    }

    fn resolve(&self, naive: NaiveDateTime) -> i64 {
        match self.zone.from_local_datetime(&naive).earliest() {
            Some(t) => t.timestamp(),
            None => chrono_tz::GapInfo::new(&naive, &self.zone)
                .and_then(|g| g.end)
                .unwrap()
                .timestamp(),
        }
    }

    fn spans(&self, from: i64, to: i64) -> Vec<(i64, i64)> {
        let first = at(from).with_timezone(&self.zone).date_naive() - Days::new(2);
        let last = at(to).with_timezone(&self.zone).date_naive() + Days::new(2);
        let mut out = Vec::new();
        let mut day = first;
        while day <= last {
            if !self.holidays.contains(&day) {
                let next = day + Days::new(1);
                for r in &self.week[day.weekday().num_days_from_monday() as usize] {
                    let end = match r.end {
                        None => next.and_time(NaiveTime::MIN),
                        Some(e) if e < r.start => next.and_time(e),
                        Some(e) => day.and_time(e),
                    };
                    out.push((self.resolve(day.and_time(r.start)), self.resolve(end)));
                }
            }
            day = day + Days::new(1);
        }
        out
    }

    fn work(&self, from: i64, to: i64) -> i64 {
        self.spans(from, to)
            .iter()
            .map(|&(s, e)| (e.min(to) - s.max(from)).max(0))
            .sum()
    }

    fn is_working(&self, t: i64) -> bool {
        self.spans(t, t + 1).iter().any(|&(s, e)| s <= t && t < e)
    }
}

const ZONES: [Tz; 6] = [
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::Asia::Shanghai,
    // Half-hour DST.
    chrono_tz::Australia::Lord_Howe,
    // Transitions at local midnight.
    chrono_tz::America::Santiago,
    // Skipped 2011-12-30 entirely.
    chrono_tz::Pacific::Apia,
];

const HOLIDAYS: [&str; 16] = [
    "2024-12-25",
    "2025-03-30",
    "2025-10-26",
    "2025-03-09",
    "2025-11-02",
    "2025-12-25",
    "2026-10-01",
    "2026-10-02",
    "2026-10-03",
    "2026-10-04",
    "2026-10-05",
    "2026-10-06",
    "2026-10-07",
    "2027-01-01",
    "2011-12-31",
    "2029-04-01",
];

fn fixture_hours(kind: usize) -> WeekHours {
    match kind {
        0 => office_hours(),
        1 => WeekHours {
            weekdays: ranges(&["22:00-06:00"]),
            sat: ranges(&["10:00-14:00"]),
            ..Default::default()
        },
        // Boundaries inside the gaps and repeated hours of most zones.
        2 => WeekHours {
            weekdays: ranges(&[
                "00:45-01:15",
                "01:15-02:30",
                "02:30-03:30",
                "04:00-06:00",
                "23:30-00:45",
            ]),
            weekend: ranges(&["00:45-06:00", "12:00-13:00"]),
            ..Default::default()
        },
        3 => WeekHours {
            weekdays: ranges(&["00:00-24:00"]),
            weekend: ranges(&["00:00-24:00"]),
            ..Default::default()
        },
        _ => WeekHours {
            sun: ranges(&["12:00-13:00", "23:59-00:01"]),
            ..Default::default()
        },
    }
}

const FIXTURES: usize = 5;

struct Case {
    label: String,
    spec: CalendarSpec,
    cal: Calendar,
    reference: Reference,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// Compiled once so the lazily found zone transitions are reused.
static CASES: LazyLock<Vec<Case>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for zone in ZONES {
        for kind in 0..FIXTURES {
            let spec = spec(zone, fixture_hours(kind), &HOLIDAYS);
            out.push(Case {
                label: format!("{zone} fixture {kind}"),
                cal: compile(&spec),
                reference: Reference::new(&spec),
                spec,
            });
        }
    }
    out
});

fn case() -> impl Strategy<Value = &'static Case> {
    (0..ZONES.len() * FIXTURES).prop_map(|i| &CASES[i])
}

const YEAR_2011: i64 = 1_293_840_000;
const YEAR_2024: i64 = 1_704_067_200;
const YEAR_2031: i64 = 1_924_992_000;
const MONTH: i64 = 30 * DAY;

/// Instants over several years, half of them within two days of a
/// transition of one of the test zones.
fn instant() -> impl Strategy<Value = i64> {
    let near = [
        "2025-03-30 01:00",
        "2025-10-26 01:00",
        "2025-03-09 07:00",
        "2025-11-02 06:00",
        "2026-04-04 15:00",
        "2026-10-03 16:00",
        "2026-04-05 03:00",
        "2026-09-06 04:00",
        "2011-12-30 10:00",
        "2029-03-25 01:00",
    ]
    .map(|t| utc(t).timestamp());
    prop_oneof![
        YEAR_2024..YEAR_2031,
        YEAR_2011..YEAR_2011 + 400 * DAY,
        (0..near.len(), -2 * DAY..2 * DAY).prop_map(move |(i, d)| near[i] + d),
    ]
}

fn target() -> impl Strategy<Value = i64> {
    prop_oneof![0..3 * 3600i64, 0..MONTH]
}

fn pauses() -> impl Strategy<Value = Vec<(i64, i64)>> {
    prop::collection::vec((-DAY..MONTH, 0..5 * DAY), 0..4)
}

fn to_pauses(base: i64, raw: &[(i64, i64)]) -> Vec<Pause> {
    raw.iter()
        .map(|&(s, len)| pause(at(base + s), at(base + s + len)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn elapsed_until_due_is_the_target(c in case(), s in instant(), d in target()) {
        let due = c.cal.due(at(s), Duration::from_secs(d), &[]).unwrap();
        prop_assert_eq!(c.cal.elapsed(at(s), due, &[]).secs(), d);
        if d > 0 {
            // Earliest: the last second before it was working.
            prop_assert!(c.cal.is_working(due - chrono::Duration::seconds(1)));
            prop_assert_eq!(c.cal.elapsed(at(s), due - chrono::Duration::seconds(1), &[]).secs(), d - 1);
        }
    }

    #[test]
    fn elapsed_matches_the_reference(c in case(), s in instant(), len in prop_oneof![0..DAY, 0..40 * DAY]) {
        prop_assert_eq!(c.cal.elapsed(at(s), at(s + len), &[]).secs(), c.reference.work(s, s + len));
    }

    #[test]
    fn is_working_matches_the_reference(c in case(), s in instant()) {
        prop_assert_eq!(c.cal.is_working(at(s)), c.reference.is_working(s));
        let next = c.cal.next_working(at(s)).unwrap();
        prop_assert!(c.cal.is_working(next));
        prop_assert_eq!(c.cal.elapsed(at(s), next, &[]), Duration::ZERO);
    }

    #[test]
    fn due_is_monotonic_in_target(c in case(), s in instant(), d1 in target(), d2 in target()) {
        let (d1, d2) = (d1.min(d2), d1.max(d2));
        let a = c.cal.due(at(s), Duration::from_secs(d1), &[]).unwrap();
        let b = c.cal.due(at(s), Duration::from_secs(d2), &[]).unwrap();
        prop_assert!(a <= b);
    }

    #[test]
    fn due_is_monotonic_in_start(c in case(), s in instant(), gap in prop_oneof![0..3600i64, 0..MONTH], d in target()) {
        let a = c.cal.due(at(s), Duration::from_secs(d), &[]).unwrap();
        let b = c.cal.due(at(s + gap), Duration::from_secs(d), &[]).unwrap();
        prop_assert!(a <= b);
    }

    #[test]
    fn elapsed_is_additive(c in case(), a in instant(), x in 0..MONTH, y in 0..MONTH) {
        let (b, e) = (a + x.min(y), a + x.max(y));
        let whole = c.cal.elapsed(at(a), at(e), &[]).secs();
        let parts = c.cal.elapsed(at(a), at(b), &[]).secs() + c.cal.elapsed(at(b), at(e), &[]).secs();
        prop_assert_eq!(whole, parts);
    }

    #[test]
    fn a_pause_removes_its_business_time(c in case(), s in instant(), len in 0..2 * MONTH, p0 in -DAY..2 * MONTH, plen in 0..10 * DAY) {
        let e = s + len;
        let p = pause(at(s + p0), at(s + p0 + plen));
        let inside = c.cal.elapsed(at((s + p0).max(s)), at((s + p0 + plen).min(e)), &[]).secs();
        prop_assert_eq!(
            c.cal.elapsed(at(s), at(e), &[p]).secs(),
            c.cal.elapsed(at(s), at(e), &[]).secs() - inside
        );
    }

    #[test]
    fn pauses_keep_due_consistent(c in case(), s in instant(), d in target(), raw in pauses()) {
        let list = to_pauses(s, &raw);
        let due = c.cal.due(at(s), Duration::from_secs(d), &list).unwrap();
        prop_assert_eq!(c.cal.elapsed(at(s), due, &list).secs(), d);
        // Order does not matter.
        let mut reversed = list.clone();
        reversed.reverse();
        prop_assert_eq!(c.cal.due(at(s), Duration::from_secs(d), &reversed), Some(due));
        // Never earlier than without pauses.
        prop_assert!(c.cal.due(at(s), Duration::from_secs(d), &[]).unwrap() <= due);
    }

    #[test]
    fn a_holiday_never_makes_due_earlier(c in case(), s in instant(), d in target(), extra in -2i64..40) {
        let base = c.cal.due(at(s), Duration::from_secs(d), &[]).unwrap();
        let mut spec = c.spec.clone();
        let day = at(s).with_timezone(&c.reference.zone).date_naive() + chrono::Duration::days(extra);
        spec.holidays.push(Holiday(day));
        let more = compile(&spec);
        prop_assert!(more.due(at(s), Duration::from_secs(d), &[]).unwrap() >= base);
    }

    #[test]
    fn always_is_addition(s in instant(), d in target(), len in 0..MONTH) {
        let cal = Calendar::always();
        prop_assert_eq!(cal.due(at(s), Duration::from_secs(d), &[]), Some(at(s + d)));
        prop_assert_eq!(cal.elapsed(at(s), at(s + len), &[]).secs(), len);
    }

    #[test]
    fn always_with_pauses_is_consistent(s in instant(), d in target(), raw in pauses()) {
        let cal = Calendar::always();
        let list = to_pauses(s, &raw);
        let due = cal.due(at(s), Duration::from_secs(d), &list).unwrap();
        prop_assert_eq!(cal.elapsed(at(s), due, &list).secs(), d);
    }
}

// ------------------------------------------------------- sub-second time

fn at_nanos(secs: i64, nanos: u32) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, nanos).unwrap()
}

fn nanos(n: i128) -> Duration {
    Duration::from_nanos(n)
}

#[test]
fn a_due_time_keeps_the_fraction_of_its_start() {
    let start = utc("2026-03-02 09:00:00") + chrono::Duration::milliseconds(400);
    let due = Calendar::always()
        .due(start, Duration::from_mins(30), &[])
        .unwrap();
    assert_eq!(due.to_rfc3339(), "2026-03-02T09:30:00.400+00:00");
    let office = compile(&spec(chrono_tz::UTC, office_hours(), &[]));
    // 17:59:59.7 Monday: 0.3 s today, then 29m59.7s on Tuesday morning.
    let late = utc("2026-03-02 17:59:59") + chrono::Duration::milliseconds(700);
    let due = office.due(late, Duration::from_mins(30), &[]).unwrap();
    assert_eq!(due.to_rfc3339(), "2026-03-03T09:29:59.700+00:00");
    assert_eq!(office.elapsed(late, due, &[]), Duration::from_mins(30));
    // Outside working hours a fraction counts for nothing.
    let night = utc("2026-03-02 20:00:00") + chrono::Duration::milliseconds(250);
    assert_eq!(
        office.elapsed(
            night,
            utc("2026-03-03 09:00:00") + chrono::Duration::milliseconds(100),
            &[]
        ),
        nanos(100_000_000)
    );
}

#[test]
fn a_response_four_tenths_late_is_late() {
    let start = utc("2026-03-02 10:00:00");
    let office = compile(&spec(chrono_tz::UTC, office_hours(), &[]));
    for cal in [&Calendar::always(), &office] {
        let late = start + chrono::Duration::milliseconds(30 * 60_000 + 400);
        let early = start + chrono::Duration::milliseconds(30 * 60_000 - 400);
        assert!(cal.elapsed(start, late, &[]) > Duration::from_mins(30));
        assert!(cal.elapsed(start, early, &[]) <= Duration::from_mins(30));
    }
    // A pause ending at a fraction counts to the nanosecond.
    let p = pause(start, start + chrono::Duration::nanoseconds(1_500_000_001));
    assert_eq!(
        office.elapsed(start, start + chrono::Duration::seconds(10), &[p]),
        nanos(8_499_999_999)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sub_second_due_and_elapsed_agree(
        c in case(), s in instant(), sn in 0..1_000_000_000u32,
        d in target(), dn in 0..1_000_000_000i128, raw in pauses(), pn in 0..1_000_000_000i64,
    ) {
        let start = at_nanos(s, sn);
        let target = nanos(i128::from(d) * 1_000_000_000 + dn);
        let shift = chrono::Duration::nanoseconds(pn);
        let list: Vec<Pause> = to_pauses(s, &raw)
            .into_iter()
            .map(|p| Pause { start: p.start + shift, end: p.end.map(|e| e + shift) })
            .collect();
        for cal in [&c.cal, &Calendar::always()] {
            let due = cal.due(start, target, &list).unwrap();
            prop_assert_eq!(cal.elapsed(start, due, &list), target);
            if !target.is_zero() {
                // The earliest such instant: a nanosecond before, it is not reached.
                let before = due - chrono::Duration::nanoseconds(1);
                prop_assert!(cal.elapsed(start, before, &list) < target);
            }
        }
    }

    #[test]
    fn sub_second_elapsed_is_additive_and_whole_seconds_agree(
        c in case(), a in instant(), an in 0..1_000_000_000u32, x in 0..MONTH, xn in 0..1_000_000_000i64, y in 0..MONTH,
    ) {
        let start = at_nanos(a, an);
        let mid = start + chrono::Duration::seconds(x.min(y)) + chrono::Duration::nanoseconds(xn);
        let end = start + chrono::Duration::seconds(x.max(y) + 1);
        let whole = c.cal.elapsed(start, end, &[]).as_nanos();
        let parts = c.cal.elapsed(start, mid, &[]).as_nanos() + c.cal.elapsed(mid, end, &[]).as_nanos();
        prop_assert_eq!(whole, parts);
        // Between whole seconds, the same as the whole-second reference.
        prop_assert_eq!(c.cal.elapsed(at(a), at(a + x), &[]), Duration::from_secs(c.reference.work(a, a + x)));
    }
}

// ---------------------------------------------------------------- speed

/// Not an assertion: prints the cost of one elapsed over a 30-day span
/// (run with --nocapture; debug builds are several times slower).
#[test]
fn timing_of_elapsed_over_thirty_days() {
    let berlin = chrono_tz::Europe::Berlin;
    let cal = compile(&spec(berlin, office_hours(), &HOLIDAYS));
    let pending = [pause(utc("2026-03-10 10:00"), utc("2026-03-12 10:00"))];
    let n = 20_000i64;
    let mut sink = 0;
    let clock = std::time::Instant::now();
    for i in 0..n {
        let s = YEAR_2024 + i * 7_919;
        sink += cal.elapsed(at(s), at(s + MONTH), &[]).secs();
    }
    let plain = clock.elapsed();
    let clock = std::time::Instant::now();
    for i in 0..n {
        let s = YEAR_2024 + i * 7_919;
        sink += cal.elapsed(at(s), at(s + MONTH), &pending).secs();
    }
    let paused = clock.elapsed();
    let clock = std::time::Instant::now();
    for i in 0..n {
        let s = YEAR_2024 + i * 7_919;
        sink += cal.due(at(s), hours(40), &[]).map_or(0, |t| t.timestamp());
    }
    let due = clock.elapsed();
    println!(
        "elapsed over 30 days: {:?}/call, with a pause: {:?}/call; due 40h: {:?}/call ({sink})",
        plain / n as u32,
        paused / n as u32,
        due / n as u32
    );
}
