//! The one computation of a document's totals. Every page, PDF and email shows
//! what this returns; the server stores its result with each save and
//! recomputes it for every decision, so nobody's arithmetic differs.
//!
//! Rounding happens once per line (its amount and its discount, to the cent)
//! and once for the tax on the taxable subtotal, half away from zero.

use serde::{Deserialize, Serialize};

use super::amounts::{mul_div_round, FULL_RATE, QUANTITY_SCALE};
use super::DocumentLine;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineTotals {
    /// Quantity × unit price, in cents.
    pub amount_cents: i64,
    pub discount_cents: i64,
    /// Amount less discount.
    pub net_cents: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// The lines' amounts before discounts.
    pub subtotal_cents: i64,
    pub discount_cents: i64,
    /// What tax is charged on: the taxable lines after their discounts.
    pub taxable_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
    /// Optional lines not chosen, which the totals leave out.
    pub left_out: usize,
}

/// One line's amounts.
pub fn line_totals(line: &DocumentLine) -> LineTotals {
    let amount_cents = mul_div_round(line.quantity, line.unit_price_cents, QUANTITY_SCALE);
    let discount_cents = mul_div_round(amount_cents, line.discount_bp, FULL_RATE);
    LineTotals {
        amount_cents,
        discount_cents,
        net_cents: amount_cents - discount_cents,
    }
}

/// Whether a line counts towards the totals: every required line, and the
/// optional lines that are chosen.
pub fn is_included(line: &DocumentLine) -> bool {
    !line.optional || line.selected
}

/// The document's totals at `tax_rate_bp` (basis points).
pub fn totals(lines: &[DocumentLine], tax_rate_bp: i64) -> Totals {
    let mut totals = Totals::default();
    for line in lines {
        if !is_included(line) {
            totals.left_out += 1;
            continue;
        }
        let amounts = line_totals(line);
        totals.subtotal_cents += amounts.amount_cents;
        totals.discount_cents += amounts.discount_cents;
        if line.taxable {
            totals.taxable_cents += amounts.net_cents;
        }
    }
    totals.tax_cents = mul_div_round(totals.taxable_cents, tax_rate_bp, FULL_RATE);
    totals.total_cents = totals.subtotal_cents - totals.discount_cents + totals.tax_cents;
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(quantity: i64, price: i64, discount_bp: i64, taxable: bool) -> DocumentLine {
        DocumentLine {
            description: "Line".into(),
            quantity,
            unit: String::new(),
            unit_price_cents: price,
            discount_bp,
            taxable,
            optional: false,
            selected: true,
        }
    }

    /// (lines as (quantity in thousandths, unit price, discount bp, taxable), tax bp,
    /// expected subtotal, discount, tax, total)
    #[test]
    fn totals_discounts_and_tax_round_as_the_table_says() {
        #[allow(clippy::type_complexity)]
        let cases: &[(&[(i64, i64, i64, bool)], i64, [i64; 4])] = &[
            // Nothing at all.
            (&[], 825, [0, 0, 0, 0]),
            // 2 × $120.00, 8.25% tax: $19.80.
            (&[(2_000, 12_000, 0, true)], 825, [24_000, 0, 1_980, 25_980]),
            // 1.5 h × $95.00 = $142.50; untaxed.
            (&[(1_500, 9_500, 0, false)], 825, [14_250, 0, 0, 14_250]),
            // A third of a unit at $1.00 is 33.3 cents: rounds to 33.
            (&[(333, 100, 0, false)], 0, [33, 0, 0, 33]),
            // 0.5 × $0.01 is half a cent: rounds up, away from zero.
            (&[(500, 1, 0, false)], 0, [1, 0, 0, 1]),
            // 10% off $19.95 is 199.5 cents: rounds to 200.
            (&[(1_000, 1_995, 1_000, false)], 0, [1_995, 200, 0, 1_795]),
            // Tax on the taxable lines after discount only: (10,000 - 1,500) × 7.5% = 637.5 → 638.
            (
                &[(1_000, 10_000, 1_500, true), (1_000, 5_000, 0, false)],
                750,
                [15_000, 1_500, 638, 14_138],
            ),
            // Tax rounds once on the sum, not per line: 3 × 33 cents at 5% = 4.95 → 5.
            (
                &[
                    (1_000, 33, 0, true),
                    (1_000, 33, 0, true),
                    (1_000, 33, 0, true),
                ],
                500,
                [99, 0, 5, 104],
            ),
            // 100% discount leaves nothing to tax.
            (&[(1_000, 5_000, 10_000, true)], 2_000, [5_000, 5_000, 0, 0]),
            // Large amounts stay exact: 1,000,000 × $99,999.99.
            (
                &[(1_000_000_000, 9_999_999, 0, true)],
                1_000,
                [9_999_999_000_000, 0, 999_999_900_000, 10_999_998_900_000],
            ),
        ];
        for (lines, tax, [subtotal, discount, tax_cents, total]) in cases {
            let lines: Vec<_> = lines.iter().map(|&(q, p, d, t)| line(q, p, d, t)).collect();
            let got = totals(&lines, *tax);
            assert_eq!(
                (
                    got.subtotal_cents,
                    got.discount_cents,
                    got.tax_cents,
                    got.total_cents
                ),
                (*subtotal, *discount, *tax_cents, *total),
                "{lines:?} at {tax} bp"
            );
        }
    }

    #[test]
    fn optional_lines_count_only_when_chosen() {
        let mut optional = line(1_000, 5_000, 0, true);
        optional.optional = true;
        optional.selected = false;
        let lines = vec![line(1_000, 10_000, 0, true), optional.clone()];
        let without = totals(&lines, 1_000);
        assert_eq!((without.total_cents, without.left_out), (11_000, 1));
        optional.selected = true;
        let with = totals(&[lines[0].clone(), optional], 1_000);
        assert_eq!((with.total_cents, with.left_out), (16_500, 0));
    }
}
