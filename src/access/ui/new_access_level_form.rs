//! Adds an access level under Client Users.

use leptos::prelude::*;

use crate::access::api::admin_create_access_level;
use crate::access::{AccessLevelInput, Permission};
use crate::components::field::FieldError;
use crate::error::AppError;

#[component]
pub fn NewAccessLevelForm(created: Callback<()>) -> impl IntoView {
    let draft = RwSignal::new(AccessLevelInput::default());
    let error = RwSignal::new(None::<AppError>);
    let create = Action::new(move |input: &AccessLevelInput| {
        let input = input.clone();
        async move { admin_create_access_level(input).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            draft.set(AccessLevelInput::default());
            error.set(None);
            created.run(());
        }
        Some(Err(err)) => error.set(Some(err)),
        None => {}
    });
    let name_error = Signal::derive(move || error.get().and_then(|e| e.message_for("name")));
    view! {
        <section class="panel panel--spaced" aria-labelledby="new-level-heading">
            <h2 id="new-level-heading" class="panel__title">"Add an access level"</h2>
            <form
                class="form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    create.dispatch(draft.get_untracked());
                }
            >
                {move || error.get().and_then(|e| e.form_message()).map(|m| view! { <p class="alert alert--error" role="alert">{m}</p> })}
                <div class="field">
                    <label for="new-level-name">"Name"</label>
                    <input
                        id="new-level-name"
                        prop:value=move || draft.with(|d| d.name.clone())
                        on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))
                        aria-describedby="new-level-name-error"
                        aria-invalid=move || name_error.get().is_some().then_some("true")
                    />
                    <FieldError id="new-level-name-error" message=name_error />
                </div>
                <fieldset class="checkbox-group">
                    <legend>"Permissions"</legend>
                    {Permission::all()
                        .map(|permission| view! {
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    prop:checked=move || draft.with(|d| d.permissions.contains(permission))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft.update(|d| d.permissions.set(permission, on));
                                    }
                                />
                                {permission.label()}
                            </label>
                        })
                        .collect_view()}
                </fieldset>
                <div class="form__actions">
                    <button type="submit" class="button button--primary" disabled=move || create.pending().get()>
                        "Add access level"
                    </button>
                </div>
            </form>
        </section>
    }
}
