//! "Undo Changes" and "Save" for a form edited in place, with "Saved." after a
//! save until the next edit. The form's submit handler saves.

use leptos::prelude::*;

#[component]
pub fn UndoSaveButtons(
    /// The form differs from what is saved.
    #[prop(into)]
    dirty: Signal<bool>,
    /// A save is on its way.
    #[prop(into)]
    pending: Signal<bool>,
    /// The last save went through and nothing went wrong since.
    #[prop(into)]
    saved: Signal<bool>,
    /// Puts the saved values back into the form.
    on_undo: Callback<()>,
) -> impl IntoView {
    view! {
        <button type="button" class="button" disabled=move || !dirty.get() on:click=move |_| on_undo.run(())>
            "Undo Changes"
        </button>
        <button type="submit" class="button button--primary" disabled=move || !dirty.get() || pending.get()>
            "Save"
        </button>
        <Show when=move || saved.get() && !dirty.get()>
            <span class="form__status" role="status">"Saved."</span>
        </Show>
    }
}
