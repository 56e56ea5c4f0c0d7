//! "Invite Staff User": name, email and role; the invite emails a one-time
//! link to set a password.

use leptos::prelude::*;

use crate::auth::StaffRole;
use crate::components::field::FieldError;
use crate::staff::api::AdminInviteStaff;

#[component]
pub fn InviteStaffForm(invited: Callback<()>) -> impl IntoView {
    let invite = ServerAction::<AdminInviteStaff>::new();
    let error = move || invite.value().get().and_then(Result::err);
    let field =
        move |name: &'static str| Signal::derive(move || error().and_then(|e| e.message_for(name)));
    let form_error = Signal::derive(move || error().and_then(|e| e.form_message()));
    let sent_to = Signal::derive(move || {
        invite
            .value()
            .get()
            .and_then(Result::ok)
            .map(|row| row.email)
    });
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if sent_to.get().is_some() {
            if let Some(form) = form.get() {
                form.reset();
            }
            invited.run(());
        }
    });
    let (name_error, email_error) = (field("name"), field("email"));
    view! {
        <section class="panel panel--spaced" aria-labelledby="invite-staff-heading">
            <h2 id="invite-staff-heading" class="panel__title">"Invite Staff User"</h2>
            <ActionForm action=invite node_ref=form attr:class="form" attr:novalidate=true>
                {move || form_error.get().map(|m| view! { <p class="alert alert--error" role="alert">{m}</p> })}
                {move || sent_to.get().map(|to| view! {
                    <p class="alert alert--success" role="status">
                        {format!("Invite sent to {to}. The link works once, for a limited time.")}
                    </p>
                })}
                <div class="field-grid">
                    <div class="field">
                        <label for="invite-staff-name">"Name"</label>
                        <input id="invite-staff-name" name="name" autocomplete="off" maxlength="100" required
                            aria-describedby="invite-staff-name-error"
                            aria-invalid=move || name_error.get().is_some().then_some("true") />
                        <FieldError id="invite-staff-name-error" message=name_error />
                    </div>
                    <div class="field">
                        <label for="invite-staff-email">"Email"</label>
                        <input id="invite-staff-email" name="email" type="email" autocomplete="off" maxlength="254" required
                            aria-describedby="invite-staff-email-error"
                            aria-invalid=move || email_error.get().is_some().then_some("true") />
                        <FieldError id="invite-staff-email-error" message=email_error />
                    </div>
                    <div class="field">
                        <label for="invite-staff-role">"Role"</label>
                        <select id="invite-staff-role" name="role" aria-describedby="invite-staff-role-hint">
                            <option value="Staff" selected>{StaffRole::Staff.label()}</option>
                            <option value="Administrator">{StaffRole::Administrator.label()}</option>
                        </select>
                    </div>
                </div>
                <ul id="invite-staff-role-hint" class="field__hint">
                    <li>{format!("Staff: {}", StaffRole::Staff.description())}</li>
                    <li>{format!("Administrator: {}", StaffRole::Administrator.description())}</li>
                </ul>
                <div class="form__actions">
                    <button type="submit" class="button button--primary" disabled=move || invite.pending().get()>
                        "Send invite"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
