//! `/portal/contacts/:id`: View Contact — account information and Customer
//! Portal permissions, with Edit for those who may.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::status_page::ErrorPanel;
use crate::contacts::api::portal_get_contact;
use crate::contacts::PortalContactView;
use crate::error::AppError;

#[component]
pub fn ContactViewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i32>().ok())
    };
    let contact = Resource::new(id, |id| async move {
        match id {
            Some(id) => portal_get_contact(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text="View Contact" />
        <p class="breadcrumbs"><A href="/portal/contacts">"Contacts"</A></p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading contact…"</p> }>
            {move || Suspend::new(async move {
                match contact.await {
                    Ok(contact) => view! { <ContactDetails contact /> }.into_any(),
                    Err(err) => view! {
                        <h1>"View Contact"</h1>
                        <ErrorPanel error=err />
                    }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ContactDetails(contact: PortalContactView) -> impl IntoView {
    let name = contact.name();
    let fields = contact.fields.clone();
    let permissions = if contact.permissions.is_empty() {
        vec!["None — their own profile only".to_string()]
    } else {
        contact
            .permissions
            .iter()
            .map(|p| p.label().to_string())
            .collect()
    };
    let edit_href = format!(
        "/portal/contacts/{}/edit?from={}",
        contact.id,
        super::encode(&format!("/portal/contacts/{}", contact.id))
    );
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
    // After a plain form post (no WebAssembly yet) the server says what was done.
    let done = use_query_map().with_untracked(|q| match q.get("done").as_deref() {
        Some("added") => Some(format!("Added {name}.")),
        Some("saved") => Some(format!("Saved {name}.")),
        _ => None,
    });
    view! {
        {done.map(|text| view! { <p class="alert alert--success flash" role="status">{text}</p> })}
        <div class="page__header">
            <h1>{name}</h1>
            <div class="page__actions">
                {contact.rights.edit.then(|| view! {
                    <A href=edit_href attr:class="button button--primary">"Edit"</A>
                })}
            </div>
        </div>
        <div class="card-grid">
            <section class="card" aria-labelledby="account-heading">
                <h2 id="account-heading" class="card__title">"Account information"</h2>
                <dl class="details">
                    {row("Title", fields.title)}
                    {row("Name", format!("{} {}", fields.first_name, fields.last_name))}
                    {row("Phone", fields.phone)}
                    {row("Email", fields.email)}
                    {row("Status", fields.status.label().to_string())}
                </dl>
            </section>
            <section class="card" aria-labelledby="permissions-heading">
                <h2 id="permissions-heading" class="card__title">"Customer Portal permissions"</h2>
                {contact.access_revoked.then(|| view! {
                    <p class="alert alert--error">"Portal access was revoked by your service provider."</p>
                })}
                <dl class="details">
                    {row("Permission level", contact.level_name.unwrap_or_else(|| "None assigned".to_string()))}
                </dl>
                <ul class="permission-list" aria-label="Permissions">
                    {permissions.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            </section>
        </div>
    }
}
