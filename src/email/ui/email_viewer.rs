//! View: one email exactly as it was sent, its HTML in a sandboxed frame (no
//! scripts, no access to the portal) and its plain text beside it.

use leptos::prelude::*;

use super::status_badge::EmailStatusBadge;
use crate::components::format::date_time;
use crate::components::status_page::ErrorPanel;
use crate::email::api::admin_view_email;

#[component]
pub fn EmailViewer(email_id: i32, on_back: Callback<()>) -> impl IntoView {
    let content = Resource::new(move || email_id, admin_view_email);
    view! {
        <section class="email-viewer" aria-labelledby="email-viewer-title">
            <button type="button" class="button button--small" on:click=move |_| on_back.run(())>
                "← Back to Emails"
            </button>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading email…"</p> }>
                {move || Suspend::new(async move {
                    match content.await {
                        Ok(content) => {
                            let status = content.summary.status;
                            view! {
                                <h3 id="email-viewer-title" class="email-viewer__subject">{content.rendered.subject.clone()}</h3>
                                <dl class="email-viewer__facts">
                                    <dt>"To"</dt>
                                    <dd>{format!("{} <{}>", content.summary.to_name, content.summary.to_address)}</dd>
                                    <dt>"Requested"</dt>
                                    <dd>{date_time(&content.summary.created_at)}</dd>
                                    <dt>"Status"</dt>
                                    <dd><EmailStatusBadge status=Signal::derive(move || status) /></dd>
                                </dl>
                                {content.rendered.text_body.contains(crate::auth::LINK_SECRET_REDACTED).then(|| view! {
                                    <p class="field__hint" data-testid="link-redacted">
                                        "The link's secret ("{crate::auth::LINK_SECRET_REDACTED}") is not kept: it is only in the email as delivered. Resend sends a new link."
                                    </p>
                                })}
                                <h4 class="email-viewer__part">"HTML"</h4>
                                <iframe
                                    class="email-viewer__html"
                                    title="HTML version of the email"
                                    sandbox=""
                                    srcdoc=content.rendered.html_body.clone()
                                ></iframe>
                                <h4 class="email-viewer__part">"Plain text"</h4>
                                <pre class="email-viewer__text" data-testid="email-text">{content.rendered.text_body.clone()}</pre>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
