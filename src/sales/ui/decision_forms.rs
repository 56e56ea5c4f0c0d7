//! What a contact can decide about an estimate waiting for them: approve it
//! (the terms accepted, their full name typed, optional lines chosen, the
//! total following their choices), request changes (a note), or decline.

use leptos::prelude::*;
use std::collections::BTreeSet;

use crate::components::field::FieldError;
use crate::components::format::money;
use crate::error::AppError;
use crate::sales::api::{ApproveEstimate, DeclineEstimate, RequestEstimateChanges};
use crate::sales::totals::{line_totals, totals};
use crate::sales::EstimateDetails;

/// The three actions of one waiting revision, each a form of its own.
#[derive(Clone, Copy)]
pub struct DecisionActions {
    pub approve: ServerAction<ApproveEstimate>,
    pub request_changes: ServerAction<RequestEstimateChanges>,
    pub decline: ServerAction<DeclineEstimate>,
}

impl Default for DecisionActions {
    fn default() -> Self {
        Self::new()
    }
}

impl DecisionActions {
    pub fn new() -> Self {
        Self {
            approve: ServerAction::new(),
            request_changes: ServerAction::new(),
            decline: ServerAction::new(),
        }
    }

    /// Changes with every decision made, for the page to read the estimate again.
    pub fn version(&self) -> usize {
        self.approve.version().get()
            + self.request_changes.version().get()
            + self.decline.version().get()
    }
}

fn field_message(error: Signal<Option<AppError>>, name: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.get().and_then(|e| e.message_for(name)))
}

fn form_alert(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error
            .get()
            .and_then(|e| e.form_message())
            .map(|message| view! { <p class="alert alert--error" role="alert">{message}</p> })
    }
}

#[component]
pub fn DecisionForms(estimate: EstimateDetails, actions: DecisionActions) -> impl IntoView {
    view! {
        <section class="card decision" aria-labelledby="your-decision">
            <h2 id="your-decision" class="card__title">"Your decision"</h2>
            <p class="field__hint">
                {format!("You are deciding on revision {} of {}.", estimate.revision, estimate.number)}
            </p>
            <ApproveForm estimate=estimate.clone() action=actions.approve />
            <div class="details-columns">
                <ChangesForm id=estimate.id revision=estimate.revision action=actions.request_changes />
                <DeclineForm id=estimate.id revision=estimate.revision action=actions.decline />
            </div>
        </section>
    }
}

#[component]
fn ApproveForm(estimate: EstimateDetails, action: ServerAction<ApproveEstimate>) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let chosen = RwSignal::new(BTreeSet::<usize>::new());
    let lines = StoredValue::new(estimate.lines.clone());
    let tax_rate_bp = estimate.tax_rate_bp;
    // The same computation the server makes (and repeats) when it stores the approval.
    let total = move || {
        let chosen = chosen.get();
        let mut lines = lines.get_value();
        for (position, line) in lines.iter_mut().enumerate() {
            if line.optional {
                line.selected = chosen.contains(&position);
            }
        }
        money(totals(&lines, tax_rate_bp).total_cents)
    };
    let optional: Vec<_> = estimate
        .lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.optional)
        .map(|(position, line)| {
            (
                position,
                line.description.clone(),
                money(line_totals(line).net_cents),
            )
        })
        .collect();
    let has_optional = !optional.is_empty();
    view! {
        <ActionForm action attr:class="form decision__approve" attr:novalidate=true>
            <h3>"Approve"</h3>
            {form_alert(error)}
            <input type="hidden" name="id" value=estimate.id />
            <input type="hidden" name="revision" value=estimate.revision />
            {has_optional.then(|| view! {
                <fieldset class="checkbox-group">
                    <legend>"Optional lines: tick the ones you want"</legend>
                    {optional
                        .into_iter()
                        .map(|(position, description, amount)| view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    name=format!("input[chosen][{position}]")
                                    value="true"
                                    on:change=move |event| {
                                        let on = event_target_checked(&event);
                                        chosen.update(|chosen| {
                                            if on {
                                                chosen.insert(position);
                                            } else {
                                                chosen.remove(&position);
                                            }
                                        });
                                    }
                                />
                                {format!("{description} (+{amount})")}
                            </label>
                        })
                        .collect_view()}
                </fieldset>
            })}
            <p class="decision__total">"Total you approve: " <strong data-testid="approve-total">{total}</strong></p>
            <div class="field field--check">
                <label class="check">
                    <input
                        type="checkbox"
                        name="input[accept_terms]"
                        value="true"
                        aria-describedby="approve-terms-error"
                    />
                    "I have read and accept the terms"
                </label>
                <FieldError id="approve-terms-error" message=field_message(error, "accept_terms") />
            </div>
            <div class="field-grid">
                <div class="field">
                    <label for="approve-signer">"Your full name"</label>
                    <input
                        id="approve-signer"
                        name="input[signer_name]"
                        autocomplete="name"
                        aria-describedby="approve-signer-error"
                        aria-invalid=move || field_message(error, "signer_name").get().is_some().then_some("true")
                    />
                    <FieldError id="approve-signer-error" message=field_message(error, "signer_name") />
                </div>
                <div class="field">
                    <label for="approve-po">"PO number (optional)"</label>
                    <input id="approve-po" name="input[po_number]" />
                    <FieldError id="approve-po-error" message=field_message(error, "po_number") />
                </div>
            </div>
            <div class="field">
                <label for="approve-comment">"Comment (optional)"</label>
                <textarea id="approve-comment" name="input[comment]" rows="2"></textarea>
                <FieldError id="approve-comment-error" message=field_message(error, "comment") />
            </div>
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>
                    "Approve estimate"
                </button>
            </div>
        </ActionForm>
    }
}

#[component]
fn ChangesForm(
    id: i32,
    revision: i32,
    action: ServerAction<RequestEstimateChanges>,
) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let message = field_message(error, "note");
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <h3>"Request Changes"</h3>
            {form_alert(error)}
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="revision" value=revision />
            <div class="field">
                <label for="changes-note">"What should change?"</label>
                <textarea
                    id="changes-note"
                    name="note"
                    rows="3"
                    aria-describedby="changes-note-error"
                    aria-invalid=move || message.get().is_some().then_some("true")
                ></textarea>
                <FieldError id="changes-note-error" message />
            </div>
            <div class="form__actions">
                <button type="submit" class="button" disabled=move || action.pending().get()>"Request Changes"</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn DeclineForm(id: i32, revision: i32, action: ServerAction<DeclineEstimate>) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <h3>"Decline"</h3>
            {form_alert(error)}
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="revision" value=revision />
            <div class="field">
                <label for="decline-reason">"Reason (optional)"</label>
                <textarea id="decline-reason" name="reason" rows="3" aria-describedby="decline-reason-error"></textarea>
                <FieldError id="decline-reason-error" message=field_message(error, "reason") />
            </div>
            <div class="form__actions">
                <button type="submit" class="button button--danger" disabled=move || action.pending().get()>"Decline estimate"</button>
            </div>
        </ActionForm>
    }
}
