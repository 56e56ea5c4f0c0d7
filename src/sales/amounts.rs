//! Exact amounts as people type them and as the portal stores them: money in
//! cents, quantities in thousandths of a unit, rates in basis points (1/100 of
//! a percent). Never floating point. Shared by server and browser, so a form
//! reads input exactly as the server will.

/// Thousandths in one unit of quantity.
pub const QUANTITY_SCALE: i64 = 1_000;
/// Basis points in 100%.
pub const FULL_RATE: i64 = 10_000;

/// The largest quantity a line accepts (one million units).
const MAX_QUANTITY: i64 = 1_000_000 * QUANTITY_SCALE;
/// The largest unit price a line accepts ($100,000,000.00).
const MAX_UNIT_PRICE_CENTS: i64 = 10_000_000_000;

/// Reads a non-negative decimal with at most `places` digits after the point
/// ("1,234.5" with 2 places is 123450). Thousands separators and a leading
/// currency sign are allowed; anything else is refused.
fn parse_scaled(text: &str, places: u32) -> Option<i64> {
    let text = text.trim().trim_start_matches('$').replace(',', "");
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (text.as_str(), ""),
    };
    if (whole.is_empty() && fraction.is_empty())
        || fraction.len() > places as usize
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
        || whole.len() > 15
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut fraction_value: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    for _ in fraction.len()..places as usize {
        fraction_value *= 10;
    }
    whole
        .checked_mul(10_i64.pow(places))?
        .checked_add(fraction_value)
}

/// A quantity such as "2", "1.5" or "0.125", in thousandths.
pub fn parse_quantity(text: &str) -> Result<i64, &'static str> {
    match parse_scaled(text, 3) {
        Some(0) => Err("Enter a quantity above zero."),
        Some(q) if q <= MAX_QUANTITY => Ok(q),
        Some(_) => Err("Enter a quantity of at most 1,000,000."),
        None => Err("Enter a quantity as a number, with at most 3 decimals (e.g. 1.5)."),
    }
}

/// A unit price such as "120", "$1,250.00" or "0.99", in cents.
pub fn parse_money(text: &str) -> Result<i64, &'static str> {
    match parse_scaled(text, 2) {
        Some(cents) if cents <= MAX_UNIT_PRICE_CENTS => Ok(cents),
        Some(_) => Err("Enter a price of at most $100,000,000.00."),
        None => Err("Enter a price as an amount with at most 2 decimals (e.g. 120.00)."),
    }
}

/// A percentage such as "10", "8.25" or "" (none), in basis points.
pub fn parse_percent(text: &str) -> Result<i64, &'static str> {
    let text = text.trim().trim_end_matches('%');
    if text.trim().is_empty() {
        return Ok(0);
    }
    match parse_scaled(text, 2) {
        Some(rate) if rate <= FULL_RATE => Ok(rate),
        _ => Err("Enter a percentage from 0 to 100, with at most 2 decimals (e.g. 8.25)."),
    }
}

/// A quantity as a form shows it back: "2", "1.5", "0.125".
pub fn quantity_text(thousandths: i64) -> String {
    scaled_text(thousandths, 3)
}

/// A rate as a form shows it back: "8.25", "10".
pub fn percent_text(basis_points: i64) -> String {
    scaled_text(basis_points, 2)
}

/// Cents as a form shows them back: "1250.00".
pub fn money_input_text(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

fn scaled_text(value: i64, places: u32) -> String {
    let scale = 10_i64.pow(places);
    let whole = value / scale;
    let fraction = (value % scale).abs();
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:0width$}", width = places as usize);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// `value × numerator / denominator`, rounded half away from zero, in 128 bits
/// so no product overflows.
pub fn mul_div_round(value: i64, numerator: i64, denominator: i64) -> i64 {
    let product = value as i128 * numerator as i128;
    let denominator = denominator as i128;
    let half = denominator / 2;
    let rounded = if product >= 0 {
        (product + half) / denominator
    } else {
        (product - half) / denominator
    };
    rounded as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_read_exactly_and_refuse_what_is_not_one() {
        assert_eq!(parse_quantity("2"), Ok(2_000));
        assert_eq!(parse_quantity("1.5"), Ok(1_500));
        assert_eq!(parse_quantity(" 0.125 "), Ok(125));
        assert_eq!(parse_quantity("1,000"), Ok(1_000_000));
        assert_eq!(parse_quantity(".5"), Ok(500));
        assert!(parse_quantity("0").is_err());
        assert!(parse_quantity("1.2345").is_err());
        assert!(parse_quantity("-1").is_err());
        assert!(parse_quantity("two").is_err());
        assert!(parse_quantity("").is_err());
        assert!(parse_quantity("1000001").is_err());
        assert!(parse_quantity("99999999999999999999").is_err());
    }

    #[test]
    fn money_reads_to_the_cent() {
        assert_eq!(parse_money("120"), Ok(12_000));
        assert_eq!(parse_money("$1,250.5"), Ok(125_050));
        assert_eq!(parse_money("0.99"), Ok(99));
        assert_eq!(parse_money("0"), Ok(0));
        assert!(parse_money("1.999").is_err());
        assert!(parse_money("12,50.0.0").is_err());
        assert!(parse_money("1e3").is_err());
        assert!(parse_money("100000000.01").is_err());
    }

    #[test]
    fn percentages_read_in_basis_points() {
        assert_eq!(parse_percent(""), Ok(0));
        assert_eq!(parse_percent("8.25"), Ok(825));
        assert_eq!(parse_percent("10%"), Ok(1_000));
        assert_eq!(parse_percent("100"), Ok(10_000));
        assert!(parse_percent("100.01").is_err());
        assert!(parse_percent("8.255").is_err());
    }

    #[test]
    fn amounts_show_back_as_they_were_typed() {
        assert_eq!(quantity_text(1_500), "1.5");
        assert_eq!(quantity_text(2_000), "2");
        assert_eq!(quantity_text(125), "0.125");
        assert_eq!(percent_text(825), "8.25");
        assert_eq!(percent_text(1_000), "10");
        assert_eq!(money_input_text(125_050), "1250.50");
        assert_eq!(money_input_text(5), "0.05");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(mul_div_round(5, 1, 10), 1);
        assert_eq!(mul_div_round(4, 1, 10), 0);
        assert_eq!(mul_div_round(-5, 1, 10), -1);
        assert_eq!(mul_div_round(i64::MAX, 10_000, 10_000), i64::MAX);
    }
}
