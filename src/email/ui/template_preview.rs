//! A template filled with sample data, as a recipient would see it.

use leptos::prelude::*;

use crate::email::RenderedEmail;

#[component]
pub fn TemplatePreview(rendered: RenderedEmail) -> impl IntoView {
    view! {
        <section class="panel template-preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading" class="panel__title">"Preview with sample data"</h2>
            <p class="template-preview__subject">
                <span class="summary__label">"SUBJECT"</span>
                " "
                <span data-testid="preview-subject">{rendered.subject}</span>
            </p>
            <iframe class="email-viewer__html" title="HTML preview" sandbox="" srcdoc=rendered.html_body></iframe>
            <pre class="email-viewer__text" data-testid="preview-text">{rendered.text_body}</pre>
        </section>
    }
}
