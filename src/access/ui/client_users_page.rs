//! `/admin/settings/client-users`: Settings › Configurations › Client Users —
//! the access levels that decide what each contact may see and do.

use leptos::prelude::*;
use leptos_meta::Title;

use super::access_level_row::AccessLevelRow;
use super::new_access_level_form::NewAccessLevelForm;
use crate::access::api::admin_list_access_levels;
use crate::access::Permission;
use crate::auth::ui::session::signed_in_user;
use crate::components::status_page::ErrorPanel;

#[component]
pub fn ClientUsersPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let levels = Resource::new(move || reload.get(), |_| admin_list_access_levels());
    let changed = Callback::new(move |()| reload.update(|r| *r += 1));
    // Staff see the levels; only Administrators change them (the server refuses the rest).
    let editable = signed_in_user().is_some_and(|user| user.is_administrator());
    view! {
        <Title text="Client Users" />
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <span>"Settings"</span>" › "<span>"Configurations"</span>" › "<span aria-current="page">"Client Users"</span>
        </nav>
        <div class="page__header">
            <h1>"Client Users"</h1>
        </div>
        <p class="page__lead">
            "Each contact holds one access level. A change here applies to every contact holding the level on their next page load."
        </p>
        {(!editable).then(|| view! {
            <p class="alert alert--info" role="status">"Only Administrators can change access levels. You can see them here."</p>
        })}
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading access levels…"</p> }>
            {move || Suspend::new(async move {
                match levels.await {
                    Ok(levels) => view! {
                        <div class="table-wrap">
                            <table class="table table--levels">
                                <caption class="visually-hidden">"Access levels"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Access level"</th>
                                        {Permission::all()
                                            .map(|p| view! { <th scope="col" class="center">{p.label()}</th> })
                                            .collect_view()}
                                        <th scope="col" class="num">"Contacts"</th>
                                        {editable.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                                    </tr>
                                </thead>
                                <tbody>
                                    {levels
                                        .into_iter()
                                        .map(|level| view! { <AccessLevelRow level changed editable /> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any(),
                    Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                }
            })}
        </Transition>
        {editable.then(|| view! { <NewAccessLevelForm created=changed /> })}
    }
}
