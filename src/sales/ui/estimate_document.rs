//! An estimate as its reader sees it: the facts, the lines with their
//! amounts, the totals, the notes and the terms. Every amount comes from
//! `sales::totals`, as the server computed it.

use leptos::prelude::*;

use crate::components::format::{date, money};
use crate::sales::amounts::{percent_text, quantity_text};
use crate::sales::totals::line_totals;
use crate::sales::EstimateDetails;

#[component]
pub fn EstimateDocument(estimate: EstimateDetails) -> impl IntoView {
    let totals = estimate.totals;
    let tax_label = format!("Tax ({}%)", percent_text(estimate.tax_rate_bp));
    view! {
        <section class="card" aria-label="Estimate">
            <dl class="details">
                <div class="details__row"><dt>"Number"</dt><dd>{estimate.number.clone()}</dd></div>
                <div class="details__row"><dt>"Organization"</dt><dd>{estimate.organization_name.clone()}</dd></div>
                <div class="details__row">
                    <dt>"Order contact"</dt>
                    <dd>{estimate.contact.as_ref().map(|c| c.name.clone()).unwrap_or_else(|| "None yet".to_string())}</dd>
                </div>
                <div class="details__row"><dt>"Issued"</dt><dd>{date(&estimate.issued_on)}</dd></div>
                <div class="details__row">
                    <dt>"Valid until"</dt>
                    <dd>{estimate.valid_until.as_ref().map(date).unwrap_or_else(|| "No end date".to_string())}</dd>
                </div>
                <div class="details__row"><dt>"Revision"</dt><dd>{estimate.revision}</dd></div>
            </dl>
            <div class="table-wrap">
                <table class="table document-lines">
                    <caption class="visually-hidden">"Lines"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Description"</th>
                            <th scope="col" class="num">"Quantity"</th>
                            <th scope="col" class="num">"Unit price"</th>
                            <th scope="col" class="num">"Discount"</th>
                            <th scope="col" class="num">"Amount"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {estimate
                            .lines
                            .iter()
                            .map(|line| {
                                let amounts = line_totals(line);
                                let quantity = match line.unit.as_str() {
                                    "" => quantity_text(line.quantity),
                                    unit => format!("{} {unit}", quantity_text(line.quantity)),
                                };
                                // What a phone shows in place of the columns it has no room for.
                                let compact = match line.discount_bp {
                                    0 => format!("{quantity} × {}", money(line.unit_price_cents)),
                                    bp => format!("{quantity} × {}, {}% off", money(line.unit_price_cents), percent_text(bp)),
                                };
                                let mut notes = Vec::new();
                                if line.optional && line.selected {
                                    notes.push("Optional, chosen");
                                } else if line.optional {
                                    notes.push("Optional, not included");
                                }
                                if !line.taxable {
                                    notes.push("Not taxed");
                                }
                                view! {
                                    <tr>
                                        <td>
                                            {line.description.clone()}
                                            <span class="document-lines__compact">{compact}</span>
                                            {(!notes.is_empty()).then(|| view! {
                                                <span class="document-lines__note">{notes.join(" · ")}</span>
                                            })}
                                        </td>
                                        <td class="num">{quantity}</td>
                                        <td class="num">{money(line.unit_price_cents)}</td>
                                        <td class="num">
                                            {(line.discount_bp > 0).then(|| format!("{}%", percent_text(line.discount_bp)))}
                                        </td>
                                        <td class="num">{money(amounts.net_cents)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <dl class="document-totals" aria-label="Totals">
                <div><dt>"Subtotal"</dt><dd>{money(totals.subtotal_cents)}</dd></div>
                {(totals.discount_cents > 0).then(|| view! {
                    <div><dt>"Discounts"</dt><dd>{money(-totals.discount_cents)}</dd></div>
                })}
                <div><dt>{tax_label}</dt><dd>{money(totals.tax_cents)}</dd></div>
                <div class="document-totals__total"><dt>"Total"</dt><dd data-testid="estimate-total">{money(totals.total_cents)}</dd></div>
            </dl>
            {(!estimate.notes.is_empty()).then(|| view! {
                <h2 class="card__title">"Notes"</h2>
                <p class="document-prose">{estimate.notes.clone()}</p>
            })}
            {(!estimate.terms.is_empty()).then(|| view! {
                <h2 class="card__title">"Terms"</h2>
                <p class="document-prose">{estimate.terms.clone()}</p>
            })}
        </section>
    }
}
