//! Organization Notes: internal, staff-only notes, edited in place and saved.

use leptos::prelude::*;

use crate::components::status_page::ErrorPanel;
use crate::error::AppError;
use crate::organizations::api::{get_organization_notes, save_organization_notes};
use crate::organizations::OrganizationNotes;

#[component]
pub fn OrganizationNotesEditor(organization_id: Signal<i32>) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let notes = Resource::new(
        move || (organization_id.get(), reload.get()),
        |(organization_id, _)| get_organization_notes(organization_id),
    );
    view! {
        <section class="panel" aria-labelledby="notes-heading">
            <h2 id="notes-heading" class="panel__title">"Organization Notes"</h2>
            <p class="panel__hint">"Internal to your team; customers never see these."</p>
            <Transition fallback=|| view! { <p class="loading">"Loading notes…"</p> }>
                {move || Suspend::new(async move {
                    match notes.await {
                        Ok(loaded) => {
                            let organization_id = organization_id.get_untracked();
                            view! { <NotesForm organization_id loaded reload /> }.into_any()
                        }
                        Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NotesForm(
    organization_id: i32,
    loaded: OrganizationNotes,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let saved = RwSignal::new(loaded.clone());
    let text = RwSignal::new(loaded.notes);
    let status = RwSignal::new(None::<Result<(), AppError>>);
    let save = Action::new(move |(notes, version): &(String, i32)| {
        let (notes, version) = (notes.clone(), *version);
        async move { save_organization_notes(organization_id, version, notes).await }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(stored) => {
                    text.set(stored.notes.clone());
                    saved.set(stored);
                    status.set(Some(Ok(())));
                }
                Err(err) => status.set(Some(Err(err))),
            }
        }
    });
    let dirty = move || text.with(|t| saved.with(|s| t.trim_end() != s.notes));
    let conflict = move || matches!(status.get(), Some(Err(AppError::Conflict(_))));
    view! {
        <form
            class="form"
            on:submit=move |ev| {
                ev.prevent_default();
                status.set(None);
                save.dispatch((text.get_untracked(), saved.with_untracked(|s| s.version)));
            }
        >
            <div class="field">
                <label for="organization-notes" class="visually-hidden">"Organization Notes"</label>
                <textarea
                    id="organization-notes"
                    rows="5"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        status.set(None);
                    }
                >
                    {saved.get_untracked().notes}
                </textarea>
            </div>
            {move || match status.get() {
                Some(Ok(())) if !dirty() => Some(view! { <p class="alert alert--success" role="status">"Notes saved."</p> }.into_any()),
                Some(Err(err)) => Some(view! {
                    <div class="alert alert--error" role="alert">
                        <p>{err.to_string()}</p>
                        <Show when=conflict>
                            <button type="button" class="button" on:click=move |_| reload.update(|r| *r += 1)>
                                "Reload notes"
                            </button>
                        </Show>
                    </div>
                }
                    .into_any()),
                _ => None,
            }}
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || !dirty() || save.pending().get()>
                    "Save notes"
                </button>
            </div>
        </form>
    }
}
