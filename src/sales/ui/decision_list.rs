//! The decisions made on a document, newest first, with their evidence: the
//! revision and its content hash, the typed name, the time, and for staff the
//! client address and browser.

use leptos::prelude::*;

use crate::components::format::{date_time, money};
use crate::sales::{DecisionKind, DecisionRecord};

#[component]
pub fn DecisionList(
    decisions: Vec<DecisionRecord>,
    #[prop(optional)] evidence: bool,
) -> impl IntoView {
    (!decisions.is_empty()).then(|| {
        view! {
            <section class="panel" aria-labelledby="estimate-decisions">
                <h2 id="estimate-decisions" class="panel__title">"Decisions"</h2>
                <ul class="decision-list">
                    {decisions.into_iter().map(|decision| view! { <DecisionItem decision evidence /> }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn DecisionItem(decision: DecisionRecord, evidence: bool) -> impl IntoView {
    let who = decision.contact_label.clone();
    let headline = match decision.kind {
        DecisionKind::Approved => format!(
            "Approved revision {} for {}, signed “{}”",
            decision.revision,
            money(decision.accepted_total_cents),
            decision.signer_name
        ),
        kind => format!("{} on revision {}", kind.label(), decision.revision),
    };
    view! {
        <li class="decision-list__item">
            <p class="decision-list__headline">
                <strong>{headline}</strong>
                {decision.out_of_date.then(|| view! { " " <span class="badge badge--warning">"Out of date"</span> })}
            </p>
            <p class="decision-list__meta">{format!("{who} · {}", date_time(&decision.decided_at))}</p>
            {(!decision.po_number.is_empty()).then(|| view! {
                <p class="decision-list__meta">{format!("PO number {}", decision.po_number)}</p>
            })}
            {(!decision.comment.is_empty()).then(|| view! { <p class="document-prose">{decision.comment.clone()}</p> })}
            {evidence.then(|| view! {
                <dl class="decision-list__evidence">
                    <div><dt>"Content SHA-256"</dt><dd class="mono">{decision.content_sha256.clone()}</dd></div>
                    <div><dt>"Client address"</dt><dd>{decision.client_ip.clone().unwrap_or_else(|| "unknown".into())}</dd></div>
                    <div><dt>"Browser"</dt><dd>{decision.user_agent.clone().unwrap_or_else(|| "unknown".into())}</dd></div>
                </dl>
            })}
        </li>
    }
}
