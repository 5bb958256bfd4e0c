//! Timestamps as the clouds write them, parsed without a date library (the frontend's WASM
//! stays small). EVS writes `YYYY-MM-DDTHH:MM:SS.ffffff` in UTC with no zone; one seed writes a
//! lower-case `t`; Tencent writes `YYYY-MM-DD HH:MM:SS` or a Unix time.

const MICROS_PER_SECOND: i64 = 1_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYY-MM-DD[T|t| ]HH:MM:SS[.fraction][Z|+00:00]` as UTC into microseconds since the
/// Unix epoch. Returns `None` for anything else, including impossible dates.
pub fn parse_utc_micros(text: &str) -> Option<i64> {
    let text = text.trim();
    let text = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix("+00:00"))
        .unwrap_or(text);
    if text.len() < 19 || !text.is_char_boundary(10) || !text.is_char_boundary(11) {
        return None;
    }
    let (date, rest) = text.split_at(10);
    let sep = rest.as_bytes().first().copied()?;
    if !matches!(sep, b'T' | b't' | b' ') {
        return None;
    }
    let rest = &rest[1..];
    let mut date_parts = date.split('-');
    let year = i64::from(digits(date_parts.next()?)?);
    let month = digits(date_parts.next()?)?;
    let day = digits(date_parts.next()?)?;
    if date_parts.next().is_some() || date.len() != 10 {
        return None;
    }
    let (clock, fraction) = match rest.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (rest, None),
    };
    let mut clock_parts = clock.split(':');
    let hour = digits(clock_parts.next()?)?;
    let minute = digits(clock_parts.next()?)?;
    let second = digits(clock_parts.next()?)?;
    if clock_parts.next().is_some() || clock.len() != 8 {
        return None;
    }
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let micros = match fraction {
        None => 0,
        Some(f) if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) => {
            return None
        }
        Some(f) => {
            let padded = format!("{f:0<6}");
            i64::from(digits(&padded[..6])?)
        }
    };
    let seconds = days_from_civil(year, month, day) * SECONDS_PER_DAY
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second);
    Some(seconds * MICROS_PER_SECOND + micros)
}

/// Whether `text` is a valid time already written exactly as [`format_evs`] writes it
/// (`YYYY-MM-DDTHH:MM:SS.ffffff`, a real date; a leap second `:60` is not: it is written as the
/// next minute). Read by fixed positions: every timestamp of every proxied page passes here.
pub fn is_canonical_evs(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 26
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            10 => *byte == b'T',
            13 | 16 => *byte == b':',
            19 => *byte == b'.',
            _ => byte.is_ascii_digit(),
        });
    if !shaped {
        return false;
    }
    let number = |from: usize, to: usize| {
        bytes[from..to]
            .iter()
            .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'))
    };
    let (year, month, day) = (number(0, 4), number(5, 7), number(8, 10));
    (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(i64::from(year), month)
        && number(11, 13) <= 23
        && number(14, 16) <= 59
        && number(17, 19) <= 59
}

/// Formats microseconds since the epoch the way EVS does: `YYYY-MM-DDTHH:MM:SS.ffffff`.
pub fn format_evs(micros: i64) -> String {
    let seconds = micros.div_euclid(MICROS_PER_SECOND);
    let fraction = micros.rem_euclid(MICROS_PER_SECOND);
    let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
    let in_day = seconds.rem_euclid(SECONDS_PER_DAY);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{fraction:06}",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

/// How long ago something happened, in the largest whole unit; the UI words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    JustNow,
    Minutes(i64),
    Hours(i64),
    Days(i64),
    Months(i64),
    Years(i64),
    /// The timestamp is ahead of the clock (skew between the browser and the cloud).
    InFuture,
}

/// The age of `then` at `now`, both in milliseconds since the epoch.
pub fn age(now_ms: i64, then_ms: i64) -> Age {
    let seconds = (now_ms - then_ms) / 1000;
    match seconds {
        s if s < -60 => Age::InFuture,
        s if s < 60 => Age::JustNow,
        s if s < 3600 => Age::Minutes(s / 60),
        s if s < SECONDS_PER_DAY => Age::Hours(s / 3600),
        s if s < 30 * SECONDS_PER_DAY => Age::Days(s / SECONDS_PER_DAY),
        s if s < 365 * SECONDS_PER_DAY => Age::Months(s / (30 * SECONDS_PER_DAY)),
        s => Age::Years(s / (365 * SECONDS_PER_DAY)),
    }
}

impl Age {
    /// English wording, e.g. "3 days ago".
    pub fn english(self) -> String {
        fn unit(n: i64, one: &str) -> String {
            if n == 1 {
                format!("1 {one} ago")
            } else {
                format!("{n} {one}s ago")
            }
        }
        match self {
            Age::JustNow => "just now".to_owned(),
            Age::InFuture => "in the future".to_owned(),
            Age::Minutes(n) => unit(n, "minute"),
            Age::Hours(n) => unit(n, "hour"),
            Age::Days(n) => unit(n, "day"),
            Age::Months(n) => unit(n, "month"),
            Age::Years(n) => unit(n, "year"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_times_are_recognised_by_shape_and_range() {
        assert!(is_canonical_evs("2026-11-19T18:58:45.254689"));
        assert!(is_canonical_evs("2024-02-29T00:00:00.000000"));
        for text in [
            "2023-02-29T00:00:00.000000",
            "2026-13-01T00:00:00.000000",
            "2026-00-01T00:00:00.000000",
            "2026-11-19T24:00:00.000000",
            "2026-11-19T18:60:00.000000",
            "2016-12-31T23:59:60.000000",
            "2026-11-19t18:58:45.254689",
            "2026-11-19T18:58:45.25468",
            "2026-11-19T18:58:45Z",
            "2026-11-19 18:58:45.254689",
            "２026-11-19T18:58:45.25468",
        ] {
            assert!(!is_canonical_evs(text), "{text}");
        }
        for micros in [0, 1_700_000_000_123_456, 951_782_400_000_000] {
            assert!(is_canonical_evs(&format_evs(micros)));
        }
    }

    #[test]
    fn parses_evs_and_seed_variants() {
        let canonical = parse_utc_micros("2013-02-25T04:13:17.000000").unwrap();
        assert_eq!(
            parse_utc_micros("2013-02-25t04:13:17.000000"),
            Some(canonical)
        );
        assert_eq!(parse_utc_micros("2013-02-25 04:13:17"), Some(canonical));
        assert_eq!(parse_utc_micros("2013-02-25T04:13:17Z"), Some(canonical));
        assert_eq!(canonical, 1_361_765_597_000_000);
        assert_eq!(
            parse_utc_micros("2013-02-25T03:56:53.081642").map(format_evs),
            Some("2013-02-25T03:56:53.081642".to_owned())
        );
        assert_eq!(
            parse_utc_micros("2013-02-25T03:56:53.5"),
            Some(1_361_764_613_500_000)
        );
    }

    #[test]
    fn rejects_garbage_and_impossible_dates() {
        for bad in [
            "",
            "yesterday",
            "2013-02-30T00:00:00",
            "2013-13-01T00:00:00",
            "2013-02-25X04:13:17",
            "2013-02-25T24:00:00",
            "2013-02-25T04:13:17.",
            "2013-2-25T04:13:17",
            "２０１３-02-25T04:13:17",
        ] {
            assert_eq!(parse_utc_micros(bad), None, "{bad:?}");
        }
        assert!(parse_utc_micros("2024-02-29T00:00:00").is_some());
        assert!(parse_utc_micros("2023-02-29T00:00:00").is_none());
    }

    #[test]
    fn civil_round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }

    #[test]
    fn ages_pick_the_largest_unit() {
        let now = 1_700_000_000_000;
        assert_eq!(age(now, now - 5_000), Age::JustNow);
        assert_eq!(age(now, now - 3 * 86_400_000), Age::Days(3));
        assert_eq!(age(now, now - 90 * 60_000), Age::Hours(1));
        assert_eq!(age(now, now + 3_600_000), Age::InFuture);
        assert_eq!(Age::Days(3).english(), "3 days ago");
        assert_eq!(Age::Hours(1).english(), "1 hour ago");
    }
}
