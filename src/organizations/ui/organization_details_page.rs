//! `/admin/customers/:id`: Organization Details, in the help pages' shape:
//! ADDRESS, CONTACTS, LAST LOGIN, EMAILING; the default notification emails;
//! the internal notes; and the contacts panel.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::default_notifications::{provide_default_notifications, DefaultNotifications};
use super::organization_notes::OrganizationNotesEditor;
use crate::components::format::date_time;
use crate::components::status_page::ErrorPanel;
use crate::contacts::ui::contacts_panel::ContactsPanel;
use crate::email::ui::emailing_summary::EmailingSummary;
use crate::organizations::api::get_organization;
use crate::organizations::OrganizationDetails;
use crate::sales::ui::organization_estimates::OrganizationEstimates;

/// Bumped when something on the page changes the header's numbers (a contact added).
#[derive(Clone, Copy)]
pub struct DetailsRefresh(pub RwSignal<u32>);

#[component]
pub fn OrganizationDetailsPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    });
    let refresh = RwSignal::new(0u32);
    provide_context(DetailsRefresh(refresh));
    // Every section's resources are created here, at page level, so the server
    // render and hydration see them in the same order.
    let details = Resource::new(
        move || (id.get(), refresh.get()),
        |(id, _)| get_organization(id),
    );
    provide_default_notifications(id.into());
    let organization_name = Signal::derive(move || {
        details
            .get()
            .and_then(Result::ok)
            .map(|d| d.fields.name)
            .unwrap_or_default()
    });
    view! {
        <Title text="Organization Details" />
        <div class="page__header">
            <div>
                <p class="eyebrow">"CUSTOMER DETAILS"</p>
                <h1>"Organization Details"</h1>
            </div>
            <A href=move || format!("/admin/customers/{}/edit", id.get()) attr:class="button">"Edit organization"</A>
        </div>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading organization…"</p> }>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(details) => view! { <DetailsHeader details /> }.into_any(),
                    Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                }
            })}
        </Transition>
        <div class="details-columns">
            <DefaultNotifications />
            <OrganizationNotesEditor organization_id=id.into() />
        </div>
        <ContactsPanel organization_id=id.into() organization_name />
        <OrganizationEstimates organization_id=id />
    }
}

#[component]
fn DetailsHeader(details: OrganizationDetails) -> impl IntoView {
    let lines = details.fields.address_lines();
    let last_login = details.last_login.clone();
    view! {
        <section class="summary-grid" aria-label="Organization summary">
            <div class="summary">
                <h2 class="summary__label">"ADDRESS"</h2>
                <p class="summary__name">{details.fields.name.clone()}</p>
                <address class="summary__text">
                    {lines.into_iter().map(|line| view! { <span>{line}</span><br /> }).collect_view()}
                </address>
            </div>
            <div class="summary">
                <h2 class="summary__label">"CONTACTS"</h2>
                <p class="summary__value" data-testid="contact-count">{details.contact_count}</p>
            </div>
            <div class="summary">
                <h2 class="summary__label">"LAST LOGIN"</h2>
                {match last_login {
                    Some(login) => view! {
                        <p class="summary__text" data-testid="last-login-at">{date_time(&login.at)}</p>
                        <p class="summary__muted" data-testid="last-login-by">
                            {match login.client_ip {
                                Some(ip) => format!("by {} from {ip}", login.contact_name),
                                None => format!("by {}", login.contact_name),
                            }}
                        </p>
                    }
                        .into_any(),
                    None => view! { <p class="summary__muted">"No contact has signed in yet."</p> }.into_any(),
                }}
            </div>
            <EmailingSummary organization_id=details.id organization_name=details.fields.name.clone() />
        </section>
    }
}
