//! What an emailed link that no longer works shows: what happened, and what
//! to do next. No wording says whether an account exists.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::{LinkStatus, TokenPurpose};

/// The heading and the advice for a link that cannot be used.
fn explain(purpose: TokenPurpose, status: &LinkStatus) -> (&'static str, &'static str) {
    match (status, purpose) {
        (LinkStatus::Expired, TokenPurpose::Invite) => (
            "This invite link has expired",
            "Invite links work for a limited time. Ask the person who invited you to send a new invite. If you already set your password, sign in.",
        ),
        (LinkStatus::Expired, TokenPurpose::Reset) => (
            "This reset link has expired",
            "Password reset links work for 1 hour. Ask for a new one and use it soon after it arrives.",
        ),
        (LinkStatus::Replaced, _) => (
            "A newer link was sent",
            "This link was replaced by a newer one, so it no longer works. Use the link in the most recent email we sent you.",
        ),
        (LinkStatus::Used, TokenPurpose::Invite) => (
            "This invite link was already used",
            "Each link works once. If you set your password with it, sign in with your email and that password.",
        ),
        (LinkStatus::Used, TokenPurpose::Reset) => (
            "This reset link was already used",
            "Each link works once. If you changed your password with it, sign in with the new password; otherwise ask for a new link.",
        ),
        (LinkStatus::Invalid | LinkStatus::Ready { .. }, _) => (
            "This link isn't valid",
            "Check that you opened the whole link from the email: some email programs break long links in two. If it still doesn't work, ask for a new one.",
        ),
    }
}

#[component]
pub fn LinkProblem(purpose: TokenPurpose, status: LinkStatus) -> impl IntoView {
    let (title, advice) = explain(purpose, &status);
    view! {
        <div class="link-problem" data-testid="link-problem">
            <h1>{title}</h1>
            <p>{advice}</p>
            <div class="form__actions">
                <A href="/login" attr:class="button button--primary">"Go to sign in"</A>
                <A href="/forgot-password" attr:class="button">"Request a new link"</A>
            </div>
        </div>
    }
}
