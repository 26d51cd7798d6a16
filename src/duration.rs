//! Durations as people write them in rule files and flags: `90s`, `15m`,
//! `4h`, `1h30m`, `3d`, `2w`; percentages such as `75%`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A non-negative span of time. Durations written by people (rule files,
/// flags) are whole seconds; durations measured between two instants
/// (business time elapsed) carry the instants' nanoseconds, so a response
/// 0.4 s late compares as late. Shown in whole seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    secs: i64,
    /// Below one second (`0..NANOS_PER_SEC`): field order makes the derived
    /// ordering the ordering of the spans.
    nanos: u32,
}

/// Nanoseconds in a second.
pub const NANOS_PER_SEC: i128 = 1_000_000_000;

pub const DURATION_EXPECTED: &str = "a duration like 90s, 15m, 4h, 1h30m or 3d";

impl Duration {
    pub const ZERO: Duration = Duration { secs: 0, nanos: 0 };

    pub fn from_secs(secs: i64) -> Duration {
        Duration {
            secs: secs.max(0),
            nanos: 0,
        }
    }

    /// A span of `nanos` nanoseconds (negative counts as zero; beyond
    /// `i64::MAX` seconds saturates).
    pub fn from_nanos(nanos: i128) -> Duration {
        let nanos = nanos.max(0);
        match i64::try_from(nanos / NANOS_PER_SEC) {
            Ok(secs) => Duration {
                secs,
                nanos: (nanos % NANOS_PER_SEC) as u32,
            },
            Err(_) => Duration {
                secs: i64::MAX,
                nanos: 0,
            },
        }
    }

    pub fn from_mins(mins: i64) -> Duration {
        Duration::from_secs(mins.saturating_mul(60))
    }

    pub fn from_hours(hours: i64) -> Duration {
        Duration::from_secs(hours.saturating_mul(3600))
    }

    /// Whole seconds (a fraction is dropped): for display and for the
    /// whole-second columns of reports. Compare durations themselves, not
    /// their seconds.
    pub fn secs(self) -> i64 {
        self.secs
    }

    /// The exact span in nanoseconds.
    pub fn as_nanos(self) -> i128 {
        i128::from(self.secs) * NANOS_PER_SEC + i128::from(self.nanos)
    }

    /// Seconds with their fraction, for shares of a target.
    pub fn as_secs_f64(self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / 1e9
    }

    pub fn is_zero(self) -> bool {
        self == Duration::ZERO
    }

    pub fn to_chrono(self) -> chrono::Duration {
        chrono::Duration::seconds(self.secs) + chrono::Duration::nanoseconds(i64::from(self.nanos))
    }

    /// Parses `1h30m`-style text. Units: `s`, `m`, `h`, `d` (24 hours), `w`.
    /// A bare number is refused: `30` could mean seconds or minutes.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let input = text.trim();
        if input.is_empty() {
            return Err(format!("empty duration: expected {DURATION_EXPECTED}"));
        }
        let mut total: i64 = 0;
        let mut number = String::new();
        let mut saw_unit = false;
        let mut chars = input.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch.is_ascii_digit() {
                number.push(ch);
                continue;
            }
            if ch.is_whitespace() {
                continue;
            }
            if !ch.is_alphabetic() {
                return Err(format!(
                    "bad duration {text:?}: unexpected {ch:?}; expected {DURATION_EXPECTED}"
                ));
            }
            // The whole word is the unit, so `500ms` is an unknown unit `ms`,
            // not 500 minutes followed by a stray `s`.
            let mut word = ch.to_string();
            while let Some(&next) = chars.peek().filter(|c| c.is_alphabetic()) {
                word.push(next);
                chars.next();
            }
            let unit: i64 = match word.to_ascii_lowercase().as_str() {
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86_400,
                "w" => 7 * 86_400,
                _ => {
                    return Err(format!(
                        "bad duration {text:?}: unknown unit {word:?} (the units are s, m, h, d \
                         and w; durations count whole seconds); expected {DURATION_EXPECTED}"
                    ))
                }
            };
            if number.is_empty() {
                return Err(format!(
                    "bad duration {text:?}: the unit {word:?} has no number before it; expected {DURATION_EXPECTED}"
                ));
            }
            let value: i64 = number
                .parse()
                .map_err(|_| format!("bad duration {text:?}: number too large"))?;
            total = value
                .checked_mul(unit)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(|| format!("bad duration {text:?}: too large"))?;
            number.clear();
            saw_unit = true;
        }
        if !number.is_empty() {
            return Err(format!(
                "bad duration {text:?}: the number {number} has no unit; expected {DURATION_EXPECTED}"
            ));
        }
        if !saw_unit {
            return Err(format!(
                "bad duration {text:?}: expected {DURATION_EXPECTED}"
            ));
        }
        Ok(Duration::from_secs(total))
    }

    /// Compact human form: `1d 2h`, `3h 20m`, `45m`, `30s`. Two largest units.
    pub fn human(self) -> String {
        human_secs(self.secs)
    }
}

/// Renders seconds as the two largest non-zero units (`3h 20m`), with a
/// leading `-` for negative values (time past a due date).
pub fn human_secs(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let mut rest = secs.unsigned_abs();
    if rest == 0 {
        return "0s".to_string();
    }
    let units = [(86_400u64, "d"), (3600, "h"), (60, "m"), (1, "s")];
    let mut parts = Vec::new();
    for (size, name) in units {
        if rest >= size {
            parts.push(format!("{}{}", rest / size, name));
            rest %= size;
        }
        if parts.len() == 2 || (!parts.is_empty() && rest == 0) {
            break;
        }
    }
    // Keep two units of precision: once a unit is written, only the next may follow.
    format!("{sign}{}", parts.join(" "))
}

impl fmt::Display for Duration {
    /// Canonical form that [`Duration::parse`] reads back: `1h30m`, `3d`,
    /// `0s`. A measured fraction of a second is not shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secs == 0 {
            return f.write_str("0s");
        }
        let mut rest = self.secs;
        for (size, name) in [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")] {
            if rest >= size {
                write!(f, "{}{}", rest / size, name)?;
                rest %= size;
            }
        }
        Ok(())
    }
}

impl FromStr for Duration {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Duration::parse(s)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::rules::schema::parse_scalar(deserializer, Duration::parse)
    }
}

/// A percentage such as `75%`, kept as a fraction of one hundred.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Percent(pub f64);

impl Percent {
    pub fn parse(text: &str) -> Result<Percent, String> {
        let trimmed = text.trim();
        let number = trimmed.strip_suffix('%').ok_or_else(|| {
            format!("bad percentage {text:?}: expected a number followed by %, like 75%")
        })?;
        let value: f64 = number.trim().parse().map_err(|_| {
            format!("bad percentage {text:?}: expected a number followed by %, like 75%")
        })?;
        if !value.is_finite() || value < 0.0 {
            return Err(format!("bad percentage {text:?}: must be zero or more"));
        }
        Ok(Percent(value))
    }

    pub fn fraction(self) -> f64 {
        self.0 / 100.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_spec_examples() {
        assert_eq!(Duration::parse("90s").unwrap().secs(), 90);
        assert_eq!(Duration::parse("15m").unwrap().secs(), 900);
        assert_eq!(Duration::parse("4h").unwrap().secs(), 14_400);
        assert_eq!(Duration::parse("1h30m").unwrap().secs(), 5_400);
        assert_eq!(Duration::parse("3d").unwrap().secs(), 259_200);
        assert_eq!(Duration::parse("1h 30m").unwrap().secs(), 5_400);
    }

    #[test]
    fn refuses_ambiguous_and_malformed_text() {
        for bad in ["", "30", "h", "1x", "1.5h", "-1h", "99999999999999999999d"] {
            let err = Duration::parse(bad).unwrap_err();
            assert!(err.contains("duration"), "{bad}: {err}");
        }
        assert!(Duration::parse("30").unwrap_err().contains("no unit"));
    }

    #[test]
    fn a_unit_is_the_whole_word() {
        let err = Duration::parse("500ms").unwrap_err();
        assert!(err.contains("unknown unit \"ms\""), "{err}");
        assert!(Duration::parse("5 min")
            .unwrap_err()
            .contains("unknown unit \"min\""));
        assert!(Duration::parse("h").unwrap_err().contains("no number"));
        assert_eq!(Duration::parse("2H30M").unwrap().secs(), 9_000);
    }

    #[test]
    fn human_form_keeps_two_units() {
        assert_eq!(human_secs(12_000), "3h 20m");
        assert_eq!(human_secs(90_061), "1d 1h");
        assert_eq!(human_secs(45), "45s");
        assert_eq!(human_secs(0), "0s");
        assert_eq!(human_secs(-3600), "-1h");
        assert_eq!(human_secs(3660), "1h 1m");
    }

    #[test]
    fn percentages() {
        assert_eq!(Percent::parse("75%").unwrap().fraction(), 0.75);
        assert_eq!(Percent::parse("150 %").unwrap().0, 150.0);
        assert!(Percent::parse("75").is_err());
        assert!(Percent::parse("-5%").is_err());
    }

    #[test]
    fn measured_fractions_order_and_convert() {
        let late = Duration::from_nanos(1800 * NANOS_PER_SEC + 400_000_000);
        let target = Duration::from_mins(30);
        assert!(late > target && Duration::from_nanos(1_799_600_000_000) < target);
        assert_eq!(late.secs(), 1800);
        assert_eq!(late.as_nanos(), 1_800_400_000_000);
        assert!((late.as_secs_f64() - 1800.4).abs() < 1e-9);
        assert_eq!(late.to_string(), "30m");
        assert_eq!(Duration::from_nanos(-5), Duration::ZERO);
        assert_eq!(late.to_chrono(), chrono::Duration::milliseconds(1_800_400));
    }

    proptest! {
        #[test]
        fn display_round_trips(secs in 0i64..10_000_000_000) {
            let d = Duration::from_secs(secs);
            prop_assert_eq!(Duration::parse(&d.to_string()).unwrap(), d);
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,20}") {
            let _ = Duration::parse(&text);
        }
    }
}
