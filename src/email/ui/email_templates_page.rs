//! `/admin/settings/email-templates`: every email the portal writes, with its
//! subject and when it is sent; each opens in the template editor.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::format::date_time;
use crate::components::status_page::ErrorPanel;
use crate::email::api::admin_list_email_templates;

#[component]
pub fn EmailTemplatesPage() -> impl IntoView {
    let templates = Resource::new(|| (), |_| admin_list_email_templates());
    view! {
        <Title text="Email Templates" />
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <span>"Settings"</span>" › "<span aria-current="page">"Email Templates"</span>
        </nav>
        <div class="page__header">
            <h1>"Email Templates"</h1>
        </div>
        <p class="page__lead">
            "What the portal says in each email. Placeholders such as {{ contact.first_name }} are filled in when the email is sent; a mistake is reported when you save, never in a customer's inbox."
        </p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading templates…"</p> }>
            {move || Suspend::new(async move {
                match templates.await {
                    Ok(templates) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <caption class="visually-hidden">"Email templates"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Template"</th>
                                        <th scope="col">"Subject"</th>
                                        <th scope="col">"When it is sent"</th>
                                        <th scope="col">"Last changed"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {templates
                                        .into_iter()
                                        .map(|t| view! {
                                            <tr>
                                                <th scope="row">
                                                    <A href=format!("/admin/settings/email-templates/{}", t.kind.key())>
                                                        {t.kind.label()}
                                                    </A>
                                                </th>
                                                <td class="mono">{t.subject}</td>
                                                <td>{t.kind.purpose()}</td>
                                                <td>{date_time(&t.updated_at)}</td>
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
