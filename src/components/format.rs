//! Display formats shared by server and browser (both render UTC, so hydration matches).

use chrono::{DateTime, Utc};

pub fn date_time(at: &DateTime<Utc>) -> String {
    at.format("%b %-d, %Y %-I:%M %p UTC").to_string()
}

/// To the second, for event trails where order within a minute matters.
pub fn date_time_seconds(at: &DateTime<Utc>) -> String {
    at.format("%b %-d, %Y %-I:%M:%S %p UTC").to_string()
}

pub fn date_time_or(at: Option<&DateTime<Utc>>, none: &str) -> String {
    at.map(date_time).unwrap_or_else(|| none.to_string())
}

pub fn date(on: &chrono::NaiveDate) -> String {
    on.format("%b %-d, %Y").to_string()
}

/// An amount in cents as the portal shows money: `$1,234.56`, `-$5.00`.
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let whole = (cents / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_keeps_the_sign() {
        assert_eq!(money(0), "$0.00");
        assert_eq!(money(5), "$0.05");
        assert_eq!(money(123_456), "$1,234.56");
        assert_eq!(money(100_000_000), "$1,000,000.00");
        assert_eq!(money(-500), "-$5.00");
    }
}
