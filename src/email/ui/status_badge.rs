//! An email's status as a coloured badge.

use leptos::prelude::*;

use crate::email::EmailStatus;

#[component]
pub fn EmailStatusBadge(#[prop(into)] status: Signal<EmailStatus>) -> impl IntoView {
    let class = move || {
        let tone = match status.get() {
            EmailStatus::Delivered => "ok",
            EmailStatus::Failed => "danger",
            EmailStatus::Deferred => "warning",
            EmailStatus::Queued | EmailStatus::Sending => "info",
        };
        format!("badge badge--{tone}")
    };
    view! { <span class=class data-testid="email-status">{move || status.get().label()}</span> }
}
