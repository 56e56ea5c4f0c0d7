//! One email in the Email History: when, subject, recipient and status; it
//! expands to its event trail, and offers View and Resend.

use leptos::prelude::*;

use super::email_events::EmailEvents;
use super::status_badge::EmailStatusBadge;
use crate::components::format::date_time;
use crate::email::EmailSummary;

#[component]
pub fn EmailRow(
    email: ArcRwSignal<EmailSummary>,
    on_view: Callback<i32>,
    on_resend: Callback<i32>,
    /// A resend of this row is under way.
    #[prop(into)]
    resending: Signal<bool>,
) -> impl IntoView {
    let email = RwSignal::from(email);
    let id = email.with_untracked(|e| e.id);
    let expanded = RwSignal::new(false);
    let events_id = format!("email-{id}-events");
    let status = Signal::derive(move || email.with(|e| e.status));
    let progress = Signal::derive(move || email.with(|e| (e.status, e.attempts)));
    view! {
        <li class="email-row" data-email-id=id>
            <div class="email-row__line">
                <button
                    type="button"
                    class="email-row__toggle"
                    aria-expanded=move || expanded.get().to_string()
                    aria-controls=events_id.clone()
                    on:click=move |_| expanded.update(|e| *e = !*e)
                >
                    <span class="email-row__subject">{move || email.with(|e| e.subject.clone())}</span>
                    <span class="email-row__meta">
                        {format!("#{id} · ")}
                        <time>{move || email.with(|e| date_time(&e.created_at))}</time>
                        " · "
                        <span class="email-row__to">
                            {move || email.with(|e| format!("{} <{}>", e.to_name, e.to_address))}
                        </span>
                        {move || email.with(|e| e.resent_from_id).map(|from| view! {
                            <span class="email-row__resent">{format!(" · Resend of #{from}")}</span>
                        })}
                    </span>
                </button>
                <EmailStatusBadge status />
                <div class="email-row__actions">
                    <button type="button" class="button button--small" on:click=move |_| on_view.run(id)>
                        "View"
                    </button>
                    <button
                        type="button"
                        class="button button--small"
                        disabled=move || resending.get()
                        on:click=move |_| on_resend.run(id)
                    >
                        "Resend"
                    </button>
                </div>
            </div>
            {move || email.with(|e| e.last_error.clone()).filter(|_| !expanded.get()).map(|error| view! {
                <p class="email-row__error">{error}</p>
            })}
            <div id=events_id class="email-row__events" hidden=move || !expanded.get()>
                <Show when=move || expanded.get()>
                    <EmailEvents email_id=id status=progress />
                </Show>
            </div>
        </li>
    }
}
