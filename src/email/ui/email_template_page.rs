//! `/admin/settings/email-templates/:key`: edit one template's subject, HTML and
//! plain-text bodies, preview them with sample data, and save. Every mistake
//! comes back at its field; a save never overwrites someone else's.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::template_preview::TemplatePreview;
use crate::auth::ui::session::signed_in_user;
use crate::components::field::FieldError;
use crate::components::status_page::ErrorPanel;
use crate::components::undo_save::UndoSaveButtons;
use crate::email::api::{
    admin_get_email_template, admin_preview_email_template, admin_save_email_template,
};
use crate::email::{EmailTemplate, Placeholder, TemplateInput};
use crate::error::AppError;

#[component]
pub fn EmailTemplatePage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").unwrap_or_default());
    let template = Resource::new(move || key.get(), admin_get_email_template);
    view! {
        <Title text="Edit Email Template" />
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <span>"Settings"</span>" › "<A href="/admin/settings/email-templates">"Email Templates"</A>
        </nav>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading template…"</p> }>
            {move || Suspend::new(async move {
                match template.await {
                    Ok((template, placeholders)) => view! { <TemplateForm template placeholders /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TemplateForm(template: EmailTemplate, placeholders: Vec<Placeholder>) -> impl IntoView {
    let key = template.kind.key().to_string();
    let saved = RwSignal::new(template.clone());
    let draft = RwSignal::new(template.input.clone());
    let error = RwSignal::new(None::<AppError>);
    let just_saved = RwSignal::new(false);
    let dirty = move || draft.with(|d| saved.with(|s| *d != s.input));
    // Staff read templates; only Administrators change them (the server refuses the rest).
    let editable = signed_in_user().is_some_and(|user| user.is_administrator());

    let save = Action::new({
        let key = key.clone();
        move |_: &()| {
            let (key, version, input) = (
                key.clone(),
                saved.with_untracked(|s| s.version),
                draft.get_untracked(),
            );
            async move { admin_save_email_template(key, version, input).await }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(stored)) => {
            draft.set(stored.input.clone());
            saved.set(stored);
            error.set(None);
            just_saved.set(true);
        }
        Some(Err(err)) => error.set(Some(err)),
        None => {}
    });
    let preview = Action::new({
        let key = key.clone();
        move |input: &TemplateInput| {
            let (key, input) = (key.clone(), input.clone());
            async move { admin_preview_email_template(key, input).await }
        }
    });
    Effect::new(move |_| {
        if let Some(Err(err)) = preview.value().get() {
            error.set(Some(err));
        }
    });
    let message = move |field: &'static str| {
        Signal::derive(move || error.get().and_then(|e| e.message_for(field)))
    };
    let edit = move |update: fn(&mut TemplateInput, String)| {
        Callback::new(move |value: String| {
            draft.update(|d| update(d, value));
            just_saved.set(false);
        })
    };

    view! {
        <div class="page__header">
            <h1>{template.kind.label()}</h1>
        </div>
        <p class="page__lead">{template.kind.purpose()}</p>
        {(!editable).then(|| view! {
            <p class="alert alert--info" role="status">"Only Administrators can change email templates. You can read this one here."</p>
        })}
        <div class="template-editor">
            <form
                class="form template-editor__form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    just_saved.set(false);
                    save.dispatch(());
                }
            >
                {move || error.get().and_then(|e| e.form_message()).map(|message| view! {
                    <p class="alert alert--error" role="alert">{message}</p>
                })}
                <div class="field">
                    <label for="template-subject">"Subject"</label>
                    <input
                        id="template-subject"
                        class="mono"
                        readonly=!editable
                        prop:value=move || draft.with(|d| d.subject.clone())
                        on:input=move |ev| edit(|d, v| d.subject = v).run(event_target_value(&ev))
                        aria-describedby="template-subject-error"
                        aria-invalid=move || message("subject").get().is_some().then_some("true")
                    />
                    <FieldError id="template-subject-error" message=message("subject") />
                </div>
                <BodyField
                    id="template-html"
                    label="HTML body"
                    rows=12
                    value=Signal::derive(move || draft.with(|d| d.html_body.clone()))
                    on_input=edit(|d, v| d.html_body = v)
                    message=message("html_body")
                    readonly=!editable
                />
                <BodyField
                    id="template-text"
                    label="Plain-text body"
                    rows=10
                    value=Signal::derive(move || draft.with(|d| d.text_body.clone()))
                    on_input=edit(|d, v| d.text_body = v)
                    message=message("text_body")
                    readonly=!editable
                />
                <label class="checkbox">
                    <input
                        type="checkbox"
                        disabled=!editable
                        prop:checked=move || draft.with(|d| d.links_to_portal)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|d| d.links_to_portal = on);
                            just_saved.set(false);
                        }
                    />
                    "Add a link to the customer portal below the message"
                </label>
                <div class="form__actions" hidden=!editable>
                    <button
                        type="button"
                        class="button"
                        disabled=move || preview.pending().get()
                        on:click=move |_| {
                            error.set(None);
                            preview.dispatch(draft.get_untracked());
                        }
                    >
                        "Preview"
                    </button>
                    <UndoSaveButtons
                        dirty=Signal::derive(dirty)
                        pending=save.pending()
                        saved=Signal::derive(move || just_saved.get() && error.get().is_none())
                        on_undo=Callback::new(move |()| {
                            draft.set(saved.get_untracked().input);
                            error.set(None);
                        })
                    />
                </div>
            </form>
            <aside class="template-editor__help" aria-labelledby="placeholders-heading">
                <h2 id="placeholders-heading" class="panel__title">"Placeholders"</h2>
                <dl class="placeholders">
                    {placeholders
                        .into_iter()
                        .map(|p| view! {
                            <dt class="mono">{format!("{{{{ {} }}}}", p.name)}</dt>
                            <dd>{p.description}</dd>
                        })
                        .collect_view()}
                </dl>
                <p class="panel__hint">
                    "Lists and conditions use minijinja (Jinja2) syntax, e.g. {% for invoice in statement.invoices %}…{% endfor %}."
                </p>
            </aside>
        </div>
        {move || preview.value().get().and_then(Result::ok).map(|rendered| view! { <TemplatePreview rendered /> })}
    }
}

/// A template body: a monospaced text area with its error underneath.
#[component]
fn BodyField(
    id: &'static str,
    label: &'static str,
    rows: u32,
    value: Signal<String>,
    on_input: Callback<String>,
    message: Signal<Option<String>>,
    readonly: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea
                id=id
                class="mono"
                rows=rows
                readonly=readonly
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-describedby=error_id.clone()
                aria-invalid=move || message.get().is_some().then_some("true")
            >
                {value.get_untracked()}
            </textarea>
            <FieldError id=error_id message />
        </div>
    }
}
