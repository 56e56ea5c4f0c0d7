//! `/portal`: the contact's own profile, the portal's home.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::ui::change_password_form::ChangePasswordForm;
use crate::auth::ui::open_sessions::OpenSessions;
use crate::components::format::date_time_or;
use crate::components::status_page::ErrorPanel;
use crate::contacts::api::get_my_profile;
use crate::contacts::MyProfile;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let profile = Resource::new(|| (), |_| get_my_profile());
    let refresh = RwSignal::new(0u32);
    view! {
        <Title text="My Profile" />
        <div class="page__header">
            <h1>"My Profile"</h1>
        </div>
        <div class="stack">
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading your profile…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(profile) => view! { <ProfileCard profile /> }.into_any(),
                    Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                }
            })}
        </Transition>
        <ChangePasswordForm changed=Callback::new(move |_| refresh.update(|r| *r += 1)) />
        <OpenSessions refresh />
        </div>
    }
}

#[component]
fn ProfileCard(profile: MyProfile) -> impl IntoView {
    let name = [
        profile.title.as_str(),
        profile.first_name.as_str(),
        profile.last_name.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    let permissions = if profile.permissions.is_empty() {
        "Viewing your own profile".to_string()
    } else {
        profile
            .permissions
            .iter()
            .map(|p| p.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let row = |term: &'static str, value: String| {
        let value = if value.is_empty() {
            "—".to_string()
        } else {
            value
        };
        view! {
            <div class="details__row">
                <dt>{term}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    view! {
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading" class="card__title">{name}</h2>
            <dl class="details">
                {row("Organization", profile.organization_name)}
                {row("Email", profile.email)}
                {row("Phone", profile.phone)}
                {row("Status", if profile.active { "Active" } else { "Inactive" }.to_string())}
                {row("Access level", profile.access_level.unwrap_or_else(|| "None assigned".to_string()))}
                {row("Portal permissions", permissions)}
                {row("Last login", date_time_or(profile.last_login_at.as_ref(), "Never"))}
            </dl>
        </section>
    }
}
