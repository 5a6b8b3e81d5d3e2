//! Dates as Chinese sites print them, as one sortable number: days since 1970-01-01.
//!
//! Read: `2024年1月4日`, `2024年 1月 4日 星期四` (the default pages' date line), `2024-01-04`,
//! `2024/1/4`, `2024.1.4`, `20240104`, ISO times (`2024-01-04T08:00:00+08:00`, the day as
//! written), full-width digits (`２０２４年１月４日`) and Chinese numerals as official documents
//! write them (`二〇二四年一月四日`, `十二月三十一日`). A day of the month may end in 日 or 号.
//! Years 1900 to 2199.

/// The day `text` names, as days since 1970-01-01, or `None` when it names no whole day.
///
/// ```
/// use zhsearch_engine::filter::date::{day, day_string};
///
/// let d = day("2024年 1月 4日 星期四").unwrap();
/// assert_eq!(day("2024-01-04"), Some(d));
/// assert_eq!(day("二〇二四年一月四日"), Some(d));
/// assert_eq!(day_string(d), "2024-01-04");
/// assert_eq!(day("2024年2月30日"), None);
/// ```
pub fn day(text: &str) -> Option<i32> {
    match span(text)? {
        (first, last) if first == last => Some(first),
        _ => None,
    }
}

/// The days `text` names, first and last (inclusive): a day, a month (`2024年1月`, `2024-01`)
/// or a year (`2024`, `2024年`). What `--after` and `--before` take.
///
/// ```
/// use zhsearch_engine::filter::date::{day, span};
///
/// assert_eq!(span("2023"), Some((day("2023-01-01").unwrap(), day("2023-12-31").unwrap())));
/// assert_eq!(span("2024年2月"), Some((day("2024-02-01").unwrap(), day("2024-02-29").unwrap())));
/// ```
pub fn span(text: &str) -> Option<(i32, i32)> {
    let t: String = text.chars().map(fold).collect();
    let t = t.trim();
    let (y, m, d) = fields(t)?;
    if !(1900..=2199).contains(&y) {
        return None;
    }
    match (m, d) {
        (None, _) => Some((civil(y, 1, 1), civil(y, 12, 31))),
        (Some(m), None) if (1..=12).contains(&m) => {
            Some((civil(y, m, 1), civil(y, m, month_len(y, m))))
        }
        (Some(m), Some(d)) if (1..=12).contains(&m) && (1..=month_len(y, m)).contains(&d) => {
            let day = civil(y, m, d);
            Some((day, day))
        }
        _ => None,
    }
}

/// A day number as `YYYY-MM-DD`.
pub fn day_string(day: i32) -> String {
    let (y, m, d) = from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Full-width digits and separators as ASCII; Chinese numerals as digits, `十` kept.
fn fold(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '－' => '-',
        '／' => '/',
        '．' => '.',
        '〇' | '零' | '○' | 'Ｏ' => '0',
        '一' => '1',
        '二' => '2',
        '三' => '3',
        '四' => '4',
        '五' => '5',
        '六' => '6',
        '七' => '7',
        '八' => '8',
        '九' => '9',
        c => c,
    }
}

/// A number of one or two digits, or written with 十 (十, 十二, 二十, 三十一), at the start of `s`;
/// with the rest of `s`.
fn small(s: &str) -> Option<(u32, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let (tens, rest) = match s[digits..].strip_prefix('十') {
        Some(rest) => {
            let tens = match digits {
                0 => 1,
                1 => s[..1].parse().ok()?,
                _ => return None,
            };
            (Some(tens), rest)
        }
        None => (None, &s[digits..]),
    };
    match tens {
        Some(t) => {
            let ones = rest.bytes().take_while(u8::is_ascii_digit).count();
            match ones {
                0 => Some((t * 10, rest)),
                1 => Some((t * 10 + rest[..1].parse::<u32>().ok()?, &rest[1..])),
                _ => None,
            }
        }
        None if (1..=2).contains(&digits) => Some((s[..digits].parse().ok()?, rest)),
        None => None,
    }
}

/// Year, month and day of `t` (folded): the year's four digits first, then what follows.
fn fields(t: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    let lead = t.bytes().take_while(u8::is_ascii_digit).count();
    if lead == 8 {
        // 20240104
        let (y, m, d) = (&t[..4], &t[4..6], &t[6..8]);
        let rest = t[8..].trim_start();
        if !(rest.is_empty() || rest.starts_with(['T', ' '])) {
            return None;
        }
        return Some((
            y.parse().ok()?,
            Some(m.parse().ok()?),
            Some(d.parse().ok()?),
        ));
    }
    if lead != 4 {
        return None;
    }
    let y: u32 = t[..4].parse().ok()?;
    let rest = t[4..].trim_start();
    let (sep, rest) = match rest.chars().next() {
        None => return Some((y, None, None)),
        Some(c @ ('年' | '-' | '/' | '.')) => (c, rest[c.len_utf8()..].trim_start()),
        Some(_) => return None,
    };
    if rest.is_empty() {
        return (sep == '年').then_some((y, None, None));
    }
    let (m, rest) = small(rest)?;
    let rest = rest.trim_start();
    let rest = match sep {
        '年' => rest.strip_prefix('月')?,
        _ => match rest.strip_prefix(sep) {
            Some(r) => r,
            None if rest.is_empty() => return Some((y, Some(m), None)),
            None => return None,
        },
    }
    .trim_start();
    if rest.is_empty() {
        // `2024年1月` is a month; `2024-01-` is unfinished.
        return (sep == '年').then_some((y, Some(m), None));
    }
    let (d, after) = small(rest)?;
    // After the day: 日 or 号 and anything (a weekday); or a time (`T…`, ` 08:30`).
    if sep != '年' && !(after.is_empty() || after.starts_with(['T', ' ', '\t'])) {
        return None;
    }
    Some((y, Some(m), Some(d)))
}

fn leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn month_len(y: u32, m: u32) -> u32 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid date (the proleptic Gregorian calendar).
fn civil(y: u32, m: u32, d: u32) -> i32 {
    let y = y as i64 - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

fn from_days(z: i32) -> (i64, u32, u32) {
    let z = i64::from(z) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_chinese_sites_print() {
        let d = civil(2024, 1, 4);
        for s in [
            "2024年1月4日",
            "2024年 1月 4日 星期四",
            "2024年01月04日",
            "2024-01-04",
            "2024/1/4",
            "2024.1.4",
            "20240104",
            "2024-01-04T08:30:00+08:00",
            "2024-01-04 08:30",
            "２０２４年１月４日",
            "２０２４－０１－０４",
            "二〇二四年一月四日",
            "2024年1月4号",
            " 2024年1月4日 ",
        ] {
            assert_eq!(day(s), Some(d), "{s}");
        }
        assert_eq!(day("二〇二三年十二月三十一日"), Some(civil(2023, 12, 31)));
        assert_eq!(day("2023年十月十日"), Some(civil(2023, 10, 10)));
        assert_eq!(day("1970-01-01"), Some(0));
        assert_eq!(day_string(civil(2000, 2, 29)), "2000-02-29");
        assert_eq!(day_string(civil(1900, 3, 1)), "1900-03-01");
    }

    #[test]
    fn what_is_not_a_day() {
        for s in [
            "",
            "昨天",
            "2024年",
            "2024-13-01",
            "2023-02-29",
            "2024-01-32",
            "1899-12-31",
            "24-01-04",
            "2024-1-4-5",
            "01/04/2024",
            "2024/01.04",
            "123456789",
            "2024年十一十月",
            "2024-01-",
        ] {
            assert_eq!(day(s), None, "{s}");
        }
        assert_eq!(
            span("2024年1月4"),
            Some((civil(2024, 1, 4), civil(2024, 1, 4)))
        );
    }

    #[test]
    fn spans_of_months_and_years() {
        assert_eq!(span("2024"), Some((civil(2024, 1, 1), civil(2024, 12, 31))));
        assert_eq!(
            span("2024年"),
            Some((civil(2024, 1, 1), civil(2024, 12, 31)))
        );
        assert_eq!(
            span("2023-02"),
            Some((civil(2023, 2, 1), civil(2023, 2, 28)))
        );
        assert_eq!(
            span("2023年11月"),
            Some((civil(2023, 11, 1), civil(2023, 11, 30)))
        );
    }

    #[test]
    fn day_numbers_round_trip() {
        for z in (-25_567..120_000).step_by(17) {
            let (y, m, d) = from_days(z);
            assert_eq!(civil(y as u32, m, d), z);
        }
    }
}
