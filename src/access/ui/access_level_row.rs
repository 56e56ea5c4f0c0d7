//! One access level in the Client Users table: rename, tick permissions, Save,
//! or Delete (refused while contacts hold it).

use leptos::prelude::*;

use crate::access::api::{admin_delete_access_level, admin_update_access_level};
use crate::access::{AccessLevelDetails, AccessLevelInput, Permission};
use crate::error::AppError;

#[component]
pub fn AccessLevelRow(
    level: AccessLevelDetails,
    changed: Callback<()>,
    /// Whether the person may change levels (Administrators); else read-only.
    editable: bool,
) -> impl IntoView {
    let id = level.id;
    let saved = AccessLevelInput {
        name: level.name.clone(),
        permissions: level.permissions.clone(),
    };
    let draft = RwSignal::new(saved.clone());
    let saved = StoredValue::new(saved);
    let error = RwSignal::new(None::<AppError>);
    let confirming = RwSignal::new(false);
    let dirty = move || draft.with(|d| saved.with_value(|s| d != s));
    let title = level.name.clone();

    let save = Action::new(move |input: &AccessLevelInput| {
        let input = input.clone();
        async move { admin_update_access_level(id, level.version, input).await }
    });
    let delete = Action::new(move |_: &()| async move { admin_delete_access_level(id).await });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => changed.run(()),
        Some(Err(err)) => error.set(Some(err)),
        None => {}
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => changed.run(()),
        Some(Err(err)) => {
            confirming.set(false);
            error.set(Some(err));
        }
        None => {}
    });

    view! {
        <tr>
            <th scope="row">
                <label class="visually-hidden" for=format!("level-{id}-name")>{format!("Name of {title}")}</label>
                <input
                    id=format!("level-{id}-name")
                    class="input--inline"
                    readonly=!editable
                    prop:value=move || draft.with(|d| d.name.clone())
                    on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))
                />
                {move || error.get().map(|err| view! { <p class="field__error" role="alert">{err.to_string()}</p> })}
            </th>
            {Permission::all()
                .map(|permission| {
                    let label = format!("{} for {}", permission.label(), level.name);
                    view! {
                        <td class="center">
                            <input
                                type="checkbox"
                                disabled=!editable
                                aria-label=label
                                prop:checked=move || draft.with(|d| d.permissions.contains(permission))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    draft.update(|d| d.permissions.set(permission, on));
                                }
                            />
                        </td>
                    }
                })
                .collect_view()}
            <td class="num">{level.contact_count}</td>
            <td class="actions" hidden=!editable>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button
                            type="button"
                            class="button button--primary"
                            disabled=move || !dirty() || save.pending().get()
                            on:click=move |_| {
                                error.set(None);
                                save.dispatch(draft.get_untracked());
                            }
                        >
                            "Save"
                        </button>
                        <button type="button" class="button" on:click=move |_| confirming.set(true)>"Delete"</button>
                    }
                >
                    <span class="confirm">
                        <span>"Delete this level?"</span>
                        <button type="button" class="button button--danger" on:click=move |_| { delete.dispatch(()); }>"Yes"</button>
                        <button type="button" class="button" on:click=move |_| confirming.set(false)>"No"</button>
                    </span>
                </Show>
            </td>
        </tr>
    }
}
