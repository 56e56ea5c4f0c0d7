//! `/admin/settings/staff-users`: Settings › Staff Users, for Administrators:
//! everyone who signs in to /admin, their role and status, inviting more.

use leptos::prelude::*;
use leptos_meta::Title;

use super::invite_staff_form::InviteStaffForm;
use super::staff_user_row::StaffUserRowView;
use crate::auth::ui::session::signed_in_user;
use crate::components::status_page::{ErrorPanel, StaffOnlyForAdministrators};
use crate::staff::api::admin_list_staff;

#[component]
pub fn StaffUsersPage() -> impl IntoView {
    let is_administrator = signed_in_user().is_some_and(|user| user.is_administrator());
    view! {
        <Title text="Staff Users" />
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <span>"Settings"</span>" › "<span aria-current="page">"Staff Users"</span>
        </nav>
        <div class="page__header">
            <h1>"Staff Users"</h1>
        </div>
        {if is_administrator {
            view! { <StaffUsers /> }.into_any()
        } else {
            view! { <StaffOnlyForAdministrators what="manage staff users" /> }.into_any()
        }}
    }
}

#[component]
fn StaffUsers() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let staff = Resource::new(move || reload.get(), |_| admin_list_staff());
    let changed = Callback::new(move |()| reload.update(|r| *r += 1));
    view! {
        <p class="page__lead">
            "Administrators can do everything, including these settings. Staff work with customers, contacts and email; settings are read-only for them."
        </p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading staff users…"</p> }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(rows) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <caption class="visually-hidden">"Staff users"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Email"</th>
                                        <th scope="col">"Role"</th>
                                        <th scope="col">"Last login"</th>
                                        <th scope="col">"Status"</th>
                                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|row| view! { <StaffUserRowView row changed /> })
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
        <InviteStaffForm invited=changed />
    }
}
