//! `/admin/account`: a staff user's own account: who they are, their
//! password, and where they are signed in. (Contacts have the same on My Profile.)

use leptos::prelude::*;
use leptos_meta::Title;

use super::change_password_form::ChangePasswordForm;
use super::open_sessions::OpenSessions;
use super::session::signed_in_user;

#[component]
pub fn MyAccountPage() -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let user = signed_in_user();
    view! {
        <Title text="My Account" />
        <div class="page__header">
            <h1>"My Account"</h1>
        </div>
        <div class="stack">
        {user.map(|user| view! {
            <section class="card" aria-labelledby="account-heading">
                <h2 id="account-heading" class="card__title">{user.name.clone()}</h2>
                <dl class="details">
                    <div class="details__row"><dt>"Email"</dt><dd>{user.email.clone()}</dd></div>
                    <div class="details__row">
                        <dt>"Role"</dt>
                        <dd>{user.staff_role.map(|role| role.label()).unwrap_or_default()}</dd>
                    </div>
                </dl>
            </section>
        })}
        <ChangePasswordForm changed=Callback::new(move |_| refresh.update(|r| *r += 1)) />
        <OpenSessions refresh />
        </div>
    }
}
