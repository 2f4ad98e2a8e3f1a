//! A front matter `date` as the moment Zola sorts by: RFC 3339 (`2024-01-02T10:00:00+02:00`,
//! `...Z`, with or without fractions of a second), the same without an offset (read as UTC, as Zola
//! appends `Z`), or a day alone (`2024-01-02`, midnight UTC). Anything else is no moment, and Zola
//! leaves such a page out of the sorted list.

/// Nanoseconds since 1970-01-01T00:00:00Z; later moments compare greater.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment(i128);

/// The moment `text` names, or `None` when it is not one of the forms above.
pub fn parse(text: &str) -> Option<Moment> {
    let text = text.trim();
    let (day, rest) = (text.get(..10)?, &text[10..]);
    let days = days_since_epoch(day)?;
    let mut nanos = i128::from(days) * 86_400 * NANOS;
    if rest.is_empty() {
        return Some(Moment(nanos));
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, offset) = split_offset(rest)?;
    nanos += clock_nanos(clock)?;
    nanos -= i128::from(offset) * 60 * NANOS;
    Some(Moment(nanos))
}

const NANOS: i128 = 1_000_000_000;

/// `HH:MM:SS[.fraction]` and the offset in minutes east of UTC (`Z` or none is 0).
fn split_offset(rest: &str) -> Option<(&str, i32)> {
    if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let sign_at = rest.rfind(['+', '-']);
    let Some(at) = sign_at else {
        return Some((rest, 0));
    };
    let (clock, offset) = rest.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let (hours, minutes) = offset[1..].split_once(':')?;
    let hours = two_digits(hours, 23)?;
    let minutes = two_digits(minutes, 59)?;
    Some((clock, sign * (hours * 60 + minutes)))
}

fn clock_nanos(clock: &str) -> Option<i128> {
    let (whole, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut parts = whole.split(':');
    let hours = two_digits(parts.next()?, 23)?;
    let minutes = two_digits(parts.next()?, 59)?;
    // 60 is a leap second, which RFC 3339 allows.
    let seconds = two_digits(parts.next()?, 60)?;
    if parts.next().is_some() || (clock.contains('.') && fraction.is_empty()) {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 9 {
        return None;
    }
    let fraction_nanos: i128 = format!("{fraction:0<9}").parse().ok()?;
    let seconds = i128::from(hours * 3600 + minutes * 60 + seconds);
    Some(seconds * NANOS + fraction_nanos)
}

fn two_digits(text: &str, max: i32) -> Option<i32> {
    if text.len() != 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i32 = text.parse().ok()?;
    (value <= max).then_some(value)
}

/// Days from 1970-01-01 to a `YYYY-MM-DD` day of the proleptic Gregorian calendar.
fn days_since_epoch(day: &str) -> Option<i64> {
    let bytes = day.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = &day[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, date) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&month) || date < 1 || date > days_in_month(year, month) {
        return None;
    }
    // Counted from March, so the leap day ends a year (the usual civil-date arithmetic).
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + date - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str) -> i128 {
        parse(text).expect(text).0 / NANOS
    }

    #[test]
    fn a_day_is_midnight_utc() {
        assert_eq!(seconds("1970-01-01"), 0);
        assert_eq!(seconds("1970-01-02"), 86_400);
        assert_eq!(seconds("2000-03-01"), 951_868_800);
        assert_eq!(seconds("1969-12-31"), -86_400);
    }

    #[test]
    fn times_and_offsets_give_the_same_moment_in_utc() {
        assert_eq!(
            seconds("2024-01-02T10:00:00Z"),
            seconds("2024-01-02") + 36_000
        );
        assert_eq!(
            seconds("2024-01-02T12:00:00+02:00"),
            seconds("2024-01-02T10:00:00Z")
        );
        assert_eq!(
            seconds("2024-01-01T23:30:00-10:30"),
            seconds("2024-01-02T10:00:00")
        );
        assert_eq!(
            seconds("2024-01-02 10:00:00z"),
            seconds("2024-01-02T10:00:00")
        );
    }

    #[test]
    fn fractions_of_a_second_order_moments() {
        let whole = parse("2024-01-02T10:00:00Z").unwrap();
        let later = parse("2024-01-02T10:00:00.25Z").unwrap();
        assert!(later > whole);
        assert_eq!(later.0 - whole.0, 250_000_000);
    }

    #[test]
    fn what_is_no_moment_is_none() {
        for text in [
            "",
            "yesterday",
            "2024-13-01",
            "2023-02-29",
            "2024-01-02T10:00",
            "2024-01-02T25:00:00Z",
            "2024-01-02T10:00:00+2",
            "2024-01-02T10:00:00.Z",
            "2024-01-02X10:00:00",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
        assert!(parse("2024-02-29").is_some());
    }
}
